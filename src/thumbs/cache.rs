//! The encoded images the grid and preview draw, keyed by [`ThumbKey`], bounded in bytes
//! (least recently used first out). Owned by the app; no I/O here.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Picture, ThumbKey};

#[derive(Clone)]
pub enum ThumbState {
    Loading { cancel: Arc<AtomicBool> },
    Ready { picture: Arc<Picture>, bytes: usize },
    Failed(String),
}

struct Entry {
    state: ThumbState,
    used: u64,
}

pub struct ThumbCache {
    entries: HashMap<ThumbKey, Entry>,
    bytes: usize,
    /// Bytes of pictures let go since [`ThumbCache::take_released`] was last called.
    released: usize,
    cap_bytes: usize,
    clock: u64,
}

impl ThumbCache {
    pub fn new(cap_bytes: usize) -> ThumbCache {
        ThumbCache {
            entries: HashMap::new(),
            bytes: 0,
            released: 0,
            cap_bytes,
            clock: 0,
        }
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn cap(&self) -> usize {
        self.cap_bytes
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The state of `key`, marking it as recently used.
    pub fn touch(&mut self, key: &ThumbKey) -> Option<&ThumbState> {
        self.clock += 1;
        let now = self.clock;
        self.entries.get_mut(key).map(|e| {
            e.used = now;
            &e.state
        })
    }

    pub fn peek(&self, key: &ThumbKey) -> Option<&ThumbState> {
        self.entries.get(key).map(|e| &e.state)
    }

    pub fn start(&mut self, key: ThumbKey) -> Arc<AtomicBool> {
        let cancel = Arc::new(AtomicBool::new(false));
        self.set(
            key,
            ThumbState::Loading {
                cancel: cancel.clone(),
            },
        );
        cancel
    }

    /// Record an answer; ignored if the key is no longer wanted (cancelled/evicted).
    pub fn finish(&mut self, key: &ThumbKey, state: ThumbState) {
        if matches!(self.peek(key), Some(ThumbState::Loading { .. })) {
            self.set(key.clone(), state);
        }
    }

    fn set(&mut self, key: ThumbKey, state: ThumbState) {
        self.clock += 1;
        let size = match &state {
            ThumbState::Ready { bytes, .. } => *bytes,
            _ => 0,
        };
        if let Some(old) = self.entries.insert(
            key,
            Entry {
                state,
                used: self.clock,
            },
        ) && let ThumbState::Ready { bytes, .. } = old.state
        {
            self.bytes -= bytes;
        }
        self.bytes += size;
        self.evict();
    }

    /// Bytes of pictures let go since the last call.
    pub(crate) fn take_released(&mut self) -> usize {
        std::mem::take(&mut self.released)
    }

    /// Put a picture that needs no job (one the terminal already holds).
    pub(crate) fn put_ready(&mut self, key: ThumbKey, picture: Picture, bytes: usize) {
        let picture = Arc::new(picture);
        self.set(key, ThumbState::Ready { picture, bytes });
    }

    /// The pictures ready to draw.
    pub(crate) fn ready(&self) -> impl Iterator<Item = (&ThumbKey, &Arc<Picture>)> {
        self.entries.iter().filter_map(|(k, e)| match &e.state {
            ThumbState::Ready { picture, .. } => Some((k, picture)),
            _ => None,
        })
    }

    /// What a ready picture holds in memory changed (a kitty picture sent).
    pub(crate) fn set_bytes(&mut self, key: &ThumbKey, now: usize) {
        if let Some(Entry {
            state: ThumbState::Ready { bytes, .. },
            ..
        }) = self.entries.get_mut(key)
        {
            self.bytes = self.bytes - *bytes + now;
            self.released += bytes.saturating_sub(now);
            *bytes = now;
        }
    }

    /// Forget `key`: a loading job is cancelled, a failure will be retried next time.
    pub(crate) fn drop_key(&mut self, key: &ThumbKey) {
        if let Some(e) = self.entries.remove(key) {
            match e.state {
                ThumbState::Loading { cancel } => cancel.store(true, Ordering::Relaxed),
                ThumbState::Ready { bytes, .. } => {
                    self.bytes -= bytes;
                    self.released += bytes;
                }
                ThumbState::Failed(_) => {}
            }
        }
    }

    /// Cancel loads and forget failures for keys `keep` rejects.
    pub(crate) fn retain_wanted(&mut self, keep: impl Fn(&ThumbKey) -> bool) {
        let gone: Vec<ThumbKey> = self
            .entries
            .iter()
            .filter(|(k, e)| !matches!(e.state, ThumbState::Ready { .. }) && !keep(k))
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            self.drop_key(&k);
        }
    }

    fn evict(&mut self) {
        while self.bytes > self.cap_bytes {
            let oldest = self
                .entries
                .iter()
                .filter(|(_, e)| matches!(e.state, ThumbState::Ready { .. }))
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => self.drop_key(&k),
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui_image::picker::Picker;

    fn key(n: u16) -> ThumbKey {
        ThumbKey {
            guid: format!("g{n}"),
            version: 1,
            cells: (4, 2),
            protocol: "half-blocks",
            small_rendition: false,
        }
    }

    fn ready(bytes: usize) -> ThumbState {
        let img = image::DynamicImage::new_rgb8(8, 8);
        let (p, _) = crate::thumbs::encode::encode(&Picker::halfblocks(), img, (4, 2)).unwrap();
        ThumbState::Ready {
            picture: Arc::new(p),
            bytes,
        }
    }

    #[test]
    fn byte_bound_evicts_least_recently_used() {
        let mut c = ThumbCache::new(250);
        for n in 0..3 {
            c.start(key(n));
            c.finish(&key(n), ready(100));
        }
        assert!(c.bytes() <= 250);
        assert!(c.peek(&key(0)).is_none(), "oldest evicted");
        c.touch(&key(1));
        c.start(key(3));
        c.finish(&key(3), ready(100));
        assert!(c.peek(&key(1)).is_some(), "recently used kept");
        assert!(c.peek(&key(2)).is_none());
    }

    #[test]
    fn cancelled_and_stale_answers() {
        let mut c = ThumbCache::new(1000);
        let cancel = c.start(key(1));
        c.retain_wanted(|_| false);
        assert!(cancel.load(Ordering::Relaxed), "scrolled away: cancelled");
        c.finish(&key(1), ready(10));
        assert!(c.peek(&key(1)).is_none(), "late answer dropped");
        c.start(key(2));
        c.finish(&key(2), ThumbState::Failed("x".into()));
        c.retain_wanted(|_| false);
        assert!(c.peek(&key(2)).is_none(), "failures retried when revisited");
    }
}
