//! What the app knows about drawing images: the terminal's support, the encoded
//! thumbnails in memory, the disk cache, and a probe still waiting for late answers.

use std::sync::Arc;
use std::time::Duration;

use std::cell::RefCell;
use std::collections::HashSet;

use crate::api::models::Asset;
use crate::thumbs::cache::ThumbCache;
use crate::thumbs::disk::DiskCache;
use crate::thumbs::kitty::{self, KittyHeld};
use crate::thumbs::probe::{ImageSupport, Probe};
use crate::thumbs::{Picture, Rendition, ThumbJob, ThumbKey, choose_rendition};
use ratatui_image::picker::ProtocolType;

/// Memory for encoded thumbnails and previews: about 1 000 sixel tiles of a 300×82 grid
/// (20 screens), and the loupe's pictures four each way on a 200×55 screen. 64 MB took
/// sixel past 150 MB of RSS paging 100 000 assets.
pub const THUMB_MEMORY_BYTES: usize = 48 * 1024 * 1024;
/// Pixels kitty keeps for this session's pictures (its own default quota is 320 MB).
pub const KITTY_HELD_BYTES: usize = 128 * 1024 * 1024;
/// Pictures let go before freed heap is given back to the system.
const GIVE_BACK_AFTER_BYTES: usize = 16 * 1024 * 1024;
/// Over a slow link, tiles at most this wide (in pixels) take the thumb rendition.
const SLOW_LINK_THUMB_TILE_PX: u32 = 180;

pub struct Images {
    /// Terminal image support; `picker: None` draws text tiles.
    pub support: ImageSupport,
    pub cache: ThumbCache,
    pub(crate) disk: Option<Arc<DiskCache>>,
    /// Thumbnail jobs wait this long before fetching (tiles raced past are skipped).
    pub debounce: Duration,
    /// The terminal's answers so far, while a late one may still upgrade the images.
    pub(crate) probe: Option<Probe>,
    /// The kitty pictures the terminal holds, drawn again by placeholders alone.
    pub(crate) kitty_held: KittyHeld,
    /// Kitty pictures whose transmission the last frame carried.
    pub(crate) kitty_carried: RefCell<Vec<u32>>,
    /// Kitty deletions to write (pictures the terminal need not keep any more).
    pub(crate) kitty_forget: Vec<u8>,
    /// The terminal takes frames slowly (the link meter says so).
    pub(crate) slow_link: bool,
    /// Bytes of pictures let go since freed heap was last given back.
    released: usize,
    /// When freed heap was last given back.
    gave_back: Option<std::time::Instant>,
}

impl Images {
    /// What a picture of `asset` at `cells` is cached under (none while images are off).
    pub fn key(&self, asset: &Asset, cells: (u16, u16)) -> Option<ThumbKey> {
        let picker = self.support.picker.as_ref()?;
        Some(ThumbKey {
            guid: asset.guid.clone().unwrap_or_else(|| asset.id.to_string()),
            version: asset.data_version_number.unwrap_or(0),
            cells,
            protocol: self.support.protocol_name(),
            small_rendition: self.slow_link && tile_px(picker, cells) <= SLOW_LINK_THUMB_TILE_PX,
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
            self.kitty_held.touch(&key);
            return;
        }
        if let Some(picture) = self.kitty_held.placed(&key) {
            let bytes = picture.memory_bytes();
            self.cache.put_ready(key, Picture::Kitty(picture), bytes);
            return;
        }
        let mut want_px = tile_px(&picker, cells);
        let mut upscale = upscale;
        if key.small_rendition && !upscale {
            // Small tiles over a slow link: the thumb rendition, which kitty and iTerm2
            // scale up themselves; sixel and half-blocks draw it at its own size.
            want_px = Rendition::Thumb.px();
            upscale = matches!(
                picker.protocol_type(),
                ProtocolType::Kitty | ProtocolType::Iterm2
            );
        }
        let Some((rendition, url)) = choose_rendition(asset, want_px) else {
            return;
        };
        let cancel = self.cache.start(key.clone());
        jobs.push(ThumbJob {
            key,
            rendition,
            url,
            picker,
            kitty_png: self.support.kitty_png,
            disk: self.disk.clone(),
            cancel,
            debounce: self.debounce,
            upscale,
        });
    }
}

impl Images {
    /// After a frame: the kitty pictures it carried are in the terminal now. Their
    /// transmissions are dropped, and they are remembered so that they are never sent
    /// again while the terminal keeps them.
    pub(crate) fn settle_kitty(&mut self) {
        let carried = std::mem::take(&mut *self.kitty_carried.borrow_mut());
        if carried.is_empty() {
            return;
        }
        let sent: Vec<(ThumbKey, Arc<Picture>)> = self
            .cache
            .ready()
            .filter(|(_, p)| matches!(&***p, Picture::Kitty(k) if carried.contains(&k.id())))
            .map(|(k, p)| (k.clone(), p.clone()))
            .collect();
        let mut gone = Vec::new();
        for (key, picture) in sent {
            if let Picture::Kitty(k) = &*picture {
                k.mark_sent();
                self.cache.set_bytes(&key, k.memory_bytes());
                gone.extend(self.kitty_held.remember(key, k));
            }
        }
        let mut ids = Vec::new();
        for (key, id) in gone {
            // Deleted in the terminal: drawn again only after it is sent again.
            if let Some(key) = key {
                self.cache.drop_key(&key);
            }
            ids.push(id);
        }
        self.forget_kitty(&ids);
    }

    /// Once pictures worth [`GIVE_BACK_AFTER_BYTES`] have been let go, give the freed
    /// heap back to the system (at most once a second: it holds the allocator's locks
    /// for a moment): paging a large library otherwise leaves RSS at its peak.
    pub(crate) fn give_back_memory(&mut self) {
        self.released += self.cache.take_released();
        let recent = self
            .gave_back
            .is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(1));
        if self.released >= GIVE_BACK_AFTER_BYTES && !recent {
            self.released = 0;
            self.gave_back = Some(std::time::Instant::now());
            crate::memory::release_free();
        }
    }

    /// Leaving: every picture held is to be freed in the terminal.
    pub(crate) fn forget_all_kitty(&mut self) {
        let ids = self.kitty_held.take_ids();
        self.forget_kitty(&ids);
    }

    /// Ask the terminal to free these pictures.
    pub(crate) fn forget_kitty(&mut self, ids: &[u32]) {
        if ids.is_empty() {
            return;
        }
        let tmux = self
            .support
            .picker
            .as_ref()
            .is_some_and(|p| p.tmux_detected());
        self.kitty_forget.extend(kitty::forget(ids, tmux));
    }

    /// Note which kitty transmissions a finished frame carries.
    pub(crate) fn note_frame(&self, buf: &ratatui::buffer::Buffer) {
        if self.support.protocol() == Some(ratatui_image::picker::ProtocolType::Kitty) {
            *self.kitty_carried.borrow_mut() = kitty::carried(buf);
        }
    }
}

/// How wide a picture of `cells` is in pixels.
fn tile_px(picker: &ratatui_image::picker::Picker, cells: (u16, u16)) -> u32 {
    u32::from(cells.0) * u32::from(picker.font_size().width.max(1))
}

impl Default for Images {
    fn default() -> Images {
        Images {
            support: ImageSupport::off("not configured"),
            cache: ThumbCache::new(THUMB_MEMORY_BYTES),
            disk: None,
            debounce: Duration::from_millis(30),
            probe: None,
            kitty_held: KittyHeld::new(KITTY_HELD_BYTES),
            kitty_carried: RefCell::new(Vec::new()),
            kitty_forget: Vec::new(),
            slow_link: false,
            released: 0,
            gave_back: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thumbs::cache::ThumbState;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui_image::picker::{Picker, ProtocolType};

    fn kitty() -> Images {
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(ProtocolType::Kitty);
        Images {
            support: ImageSupport {
                picker: Some(picker),
                reason: "test".into(),
                kitty_png: true,
            },
            ..Images::default()
        }
    }

    fn wanted(images: &mut Images, asset: &Asset) -> Vec<ThumbJob> {
        let (mut keep, mut jobs) = (HashSet::new(), Vec::new());
        images.want(asset, (24, 8), false, &mut keep, &mut jobs);
        jobs
    }

    #[test]
    fn a_kitty_picture_the_terminal_holds_is_placed_again_without_a_job() {
        let mut images = kitty();
        let asset = Asset {
            id: 1,
            guid: Some("g1".into()),
            grid_url: Some("http://127.0.0.1:1/g.jpg".into()),
            ..Default::default()
        };
        let jobs = wanted(&mut images, &asset);
        assert_eq!(jobs.len(), 1, "fetched the first time");
        let key = jobs[0].key.clone();
        let img = image::DynamicImage::new_rgb8(300, 200);
        let (picture, bytes) =
            crate::thumbs::encode::encode_with(&jobs[0].picker, img, (24, 8), false, true).unwrap();
        images.cache.finish(
            &key,
            ThumbState::Ready {
                picture: std::sync::Arc::new(picture),
                bytes,
            },
        );
        let Some(ThumbState::Ready { picture, .. }) = images.cache.peek(&key).cloned() else {
            panic!("ready");
        };
        let Picture::Kitty(k) = &*picture else {
            panic!("a kitty picture");
        };
        // A frame that does not carry the transmission (the picture was covered, or not
        // drawn) leaves it unsent: it goes with the next frame that does.
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 12));
        images.note_frame(&buf);
        images.settle_kitty();
        assert!(!k.is_sent());
        picture.render(Rect::new(0, 0, 24, 8), &mut buf);
        images.note_frame(&buf);
        images.settle_kitty();
        assert!(k.is_sent(), "the frame carried it");
        assert!(images.cache.bytes() < 1024, "its transmission is let go");
        // Memory let it go (a long scroll); the terminal still holds it.
        images.cache = ThumbCache::new(THUMB_MEMORY_BYTES);
        assert!(
            wanted(&mut images, &asset).is_empty(),
            "no fetch, no encode"
        );
        let Some(ThumbState::Ready { picture: again, .. }) = images.cache.peek(&key) else {
            panic!("placed at once");
        };
        let Picture::Kitty(again) = &**again else {
            panic!("a kitty picture");
        };
        assert_eq!((again.id(), again.is_sent()), (k.id(), true));
        assert!(images.kitty_forget.is_empty(), "nothing to free yet");
    }

    #[test]
    fn a_picture_the_terminal_let_go_is_sent_again() {
        let mut images = kitty();
        let asset = |id: i64| Asset {
            id,
            guid: Some(format!("g{id}")),
            grid_url: Some("http://127.0.0.1:1/g.jpg".into()),
            ..Default::default()
        };
        let img = image::DynamicImage::new_rgb8(240, 160);
        let mut ids = Vec::new();
        for id in [1, 2] {
            let job = wanted(&mut images, &asset(id)).remove(0);
            let (picture, bytes) =
                crate::thumbs::encode::encode_with(&job.picker, img.clone(), (24, 8), false, true)
                    .unwrap();
            let Picture::Kitty(k) = &picture else {
                panic!("a kitty picture");
            };
            ids.push(k.id());
            if id == 1 {
                // Room for one picture only.
                images.kitty_held = KittyHeld::new(k.held_bytes());
            }
            let mut buf = Buffer::empty(Rect::new(0, 0, 30, 10));
            picture.render(Rect::new(0, 0, 24, 8), &mut buf);
            let picture = std::sync::Arc::new(picture);
            images
                .cache
                .finish(&job.key, ThumbState::Ready { picture, bytes });
            images.note_frame(&buf);
            images.settle_kitty();
        }
        let freed = String::from_utf8(std::mem::take(&mut images.kitty_forget)).unwrap();
        assert_eq!(freed, format!("\x1b_Ga=d,d=I,i={},q=2\x1b\\", ids[0]));
        assert_eq!(
            wanted(&mut images, &asset(1)).len(),
            1,
            "deleted in the terminal: fetched and sent again, never placeholders for nothing"
        );
        assert!(wanted(&mut images, &asset(2)).is_empty(), "still held");
    }

    #[test]
    fn over_a_slow_link_small_tiles_take_the_thumb_rendition() {
        let asset = Asset {
            id: 1,
            guid: Some("g1".into()),
            thumb_url: Some("http://127.0.0.1:1/t.jpg".into()),
            grid_url: Some("http://127.0.0.1:1/g.jpg".into()),
            ..Default::default()
        };
        let job = |protocol: ProtocolType, slow: bool, cells: (u16, u16)| {
            let mut images = kitty();
            if let Some(p) = images.support.picker.as_mut() {
                p.set_protocol_type(protocol);
            }
            images.slow_link = slow;
            let (mut keep, mut jobs) = (HashSet::new(), Vec::new());
            images.want(&asset, cells, false, &mut keep, &mut jobs);
            let j = jobs.remove(0);
            (j.rendition, j.upscale)
        };
        let small = (16, 5);
        assert_eq!(job(ProtocolType::Sixel, false, small).0, Rendition::Grid);
        assert_eq!(
            job(ProtocolType::Sixel, true, small),
            (Rendition::Thumb, false)
        );
        assert_eq!(
            job(ProtocolType::Kitty, true, small),
            (Rendition::Thumb, true),
            "kitty scales it up itself"
        );
        assert_eq!(
            job(ProtocolType::Iterm2, true, small),
            (Rendition::Thumb, true)
        );
        assert_eq!(
            job(ProtocolType::Sixel, true, (22, 8)),
            (Rendition::Grid, false),
            "a medium tile keeps the grid rendition"
        );
    }
}
