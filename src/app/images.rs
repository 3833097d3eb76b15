//! What the app knows about drawing images: the terminal's support, the encoded
//! thumbnails in memory, the disk cache, and a probe still waiting for late answers.

use std::sync::Arc;
use std::time::Duration;

use crate::thumbs::cache::ThumbCache;
use crate::thumbs::disk::DiskCache;
use crate::thumbs::probe::{ImageSupport, Probe};

/// Memory for encoded thumbnails and previews.
pub const THUMB_MEMORY_BYTES: usize = 64 * 1024 * 1024;

pub struct Images {
    /// Terminal image support; `picker: None` draws text tiles.
    pub support: ImageSupport,
    pub cache: ThumbCache,
    pub(crate) disk: Option<Arc<DiskCache>>,
    /// Thumbnail jobs wait this long before fetching (tiles raced past are skipped).
    pub debounce: Duration,
    /// The terminal's answers so far, while a late one may still upgrade the images.
    pub(crate) probe: Option<Probe>,
}

impl Default for Images {
    fn default() -> Images {
        Images {
            support: ImageSupport::off("not configured"),
            cache: ThumbCache::new(THUMB_MEMORY_BYTES),
            disk: None,
            debounce: Duration::from_millis(30),
            probe: None,
        }
    }
}
