//! How fast the terminal takes what mgtui writes, measured on the frames that carry
//! pictures. A write returns as soon as buffers (the pty, SSH's channel window, TCP)
//! take it, so after a large frame mgtui asks for Device Attributes, which the terminal
//! answers only once everything before the question has arrived: the frame's bytes over
//! the time from its first byte to that answer tell the link's speed. (Under tmux, tmux
//! answers at once: the link beyond it is not measured.)

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Frames smaller than this say more about buffers than about the link.
const MIN_SAMPLE_BYTES: u64 = 256 * 1024;
/// The frames remembered (the median of them decides).
const SAMPLES: usize = 5;
/// A question unanswered this long is given up (a terminal that never answers).
const ANSWER_WAIT: Duration = Duration::from_secs(5);
/// Below this (100 Mbit/s) the link is slow: pictures that carry every pixel (sixel)
/// are drawn at their rendition's own size instead of a screen of pixels.
pub const SLOW_BYTES_PER_SECOND: f64 = 12.5e6;

#[derive(Debug, Default, Clone)]
pub struct LinkMeter {
    /// Bytes per second of recent large frames, oldest first.
    samples: VecDeque<f64>,
    /// The large frame whose arrival the terminal is asked to confirm: its bytes, and
    /// when its writing began.
    asked: Option<(u64, Instant)>,
}

impl LinkMeter {
    /// A frame of `bytes` began to be written at `started`. Whether to ask the terminal
    /// to answer once it has all of it (a large frame, and no question out).
    pub fn frame_written(&mut self, bytes: u64, started: Instant) -> bool {
        if self.asked.is_some_and(|(_, at)| at.elapsed() > ANSWER_WAIT) {
            self.asked = None;
        }
        if bytes < MIN_SAMPLE_BYTES || self.asked.is_some() {
            return false;
        }
        self.asked = Some((bytes, started));
        true
    }

    /// The terminal answered Device Attributes at `now`. Whether it was this meter's
    /// question (else it is someone else's answer).
    pub fn answered(&mut self, now: Instant) -> bool {
        let Some((bytes, started)) = self.asked.take() else {
            return false;
        };
        self.record(bytes, now.saturating_duration_since(started));
        true
    }

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
    fn a_large_frame_is_timed_to_the_terminals_answer() {
        let mut m = LinkMeter::default();
        let t0 = Instant::now();
        assert!(!m.frame_written(100_000, t0), "a small frame asks nothing");
        assert!(m.frame_written(1_000_000, t0));
        assert!(!m.frame_written(1_000_000, t0), "one question at a time");
        // The answer comes 200 ms after the frame began: 5 MB/s, a 40 Mbit/s link.
        assert!(m.answered(t0 + Duration::from_millis(200)));
        assert!(m.slow());
        assert!(!m.answered(t0), "no question out: someone else's answer");
    }

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
