//! How fast the terminal takes what mgtui writes, measured on the frames that carry
//! pictures: over a slow SSH link a write of a large frame blocks until the link has
//! taken most of it, so its bytes over its time tell the link's speed.

use std::collections::VecDeque;
use std::time::Duration;

/// Frames smaller than this say more about buffers than about the link.
const MIN_SAMPLE_BYTES: u64 = 256 * 1024;
/// The frames remembered (the median of them decides).
const SAMPLES: usize = 5;
/// Below this (100 Mbit/s) the link is slow: pictures that carry every pixel (sixel)
/// are drawn at their rendition's own size instead of a screen of pixels.
pub const SLOW_BYTES_PER_SECOND: f64 = 12.5e6;

#[derive(Debug, Default, Clone)]
pub struct LinkMeter {
    /// Bytes per second of recent large frames, oldest first.
    samples: VecDeque<f64>,
}

impl LinkMeter {
    /// A frame of `bytes` took `took` to write.
    pub fn record(&mut self, bytes: u64, took: Duration) {
        if bytes < MIN_SAMPLE_BYTES {
            return;
        }
        let secs = took.as_secs_f64().max(1e-6);
        if self.samples.len() == SAMPLES {
            self.samples.pop_front();
        }
        self.samples.push_back(bytes as f64 / secs);
    }

    /// The link's speed, once a large frame has been written.
    pub fn bytes_per_second(&self) -> Option<f64> {
        let mut s: Vec<f64> = self.samples.iter().copied().collect();
        s.sort_by(f64::total_cmp);
        s.get(s.len() / 2).copied()
    }

    pub fn slow(&self) -> bool {
        self.bytes_per_second()
            .is_some_and(|b| b < SLOW_BYTES_PER_SECOND)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_large_frames_decides() {
        let mut m = LinkMeter::default();
        assert!(!m.slow(), "unknown: not slow");
        m.record(10_000, Duration::from_secs(1));
        assert_eq!(m.bytes_per_second(), None, "small frames say nothing");
        // 1 MB in 160 ms: 50 Mbit/s.
        m.record(1_000_000, Duration::from_millis(160));
        assert!(m.slow());
        // One fast frame (the socket buffer took it) does not outvote two slow ones.
        m.record(1_000_000, Duration::from_millis(2));
        m.record(1_000_000, Duration::from_millis(150));
        assert!(m.slow());
        for _ in 0..3 {
            m.record(1_000_000, Duration::from_millis(5));
        }
        assert!(!m.slow(), "the link got faster");
    }
}
