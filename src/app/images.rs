//! What the app knows about drawing images: the terminal's support, the encoded
//! thumbnails in memory, the disk cache, and a probe still waiting for late answers.

use std::sync::Arc;
use std::time::Duration;

use std::collections::HashSet;

use crate::api::models::Asset;
use crate::thumbs::cache::ThumbCache;
use crate::thumbs::disk::DiskCache;
use crate::thumbs::probe::{ImageSupport, Probe};
use crate::thumbs::{ThumbJob, ThumbKey, choose_rendition};

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

impl Images {
    /// What a picture of `asset` at `cells` is cached under (none while images are off).
    pub fn key(&self, asset: &Asset, cells: (u16, u16)) -> Option<ThumbKey> {
        self.support.picker.as_ref()?;
        Some(ThumbKey {
            guid: asset.guid.clone().unwrap_or_else(|| asset.id.to_string()),
            version: asset.data_version_number.unwrap_or(0),
            cells,
            protocol: self.support.protocol_name(),
        })
    }

    /// A picture of `asset` at `cells` is wanted: kept in `keep`, and a job for it in
    /// `jobs` unless it is cached or on its way.
    pub(crate) fn want(
        &mut self,
        asset: &Asset,
        cells: (u16, u16),
        upscale: bool,
        keep: &mut HashSet<ThumbKey>,
        jobs: &mut Vec<ThumbJob>,
    ) {
        let Some(picker) = self.support.picker.clone() else {
            return;
        };
        let Some(key) = self.key(asset, cells) else {
            return;
        };
        keep.insert(key.clone());
        if self.cache.touch(&key).is_some() {
            return;
        }
        let font_w = picker.font_size().width.max(1) as u32;
        let Some((rendition, url)) = choose_rendition(asset, cells.0 as u32 * font_w) else {
            return;
        };
        let cancel = self.cache.start(key.clone());
        jobs.push(ThumbJob {
            key,
            rendition,
            url,
            picker,
            kitty_zlib: self.support.kitty_zlib,
            disk: self.disk.clone(),
            cancel,
            debounce: self.debounce,
            upscale,
        });
    }
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
