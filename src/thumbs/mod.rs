//! Thumbnails and previews: pick the rendition closest to the tile's pixel size, fetch it
//! (disk cache first), decode and fit it off the UI thread, encode it once per tile for
//! the terminal's protocol, and keep the result in a byte-bounded memory LRU.

pub mod cache;
pub mod disk;
pub(crate) mod encode;
pub mod kitty;
pub mod probe;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;

use crate::api::models::Asset;

/// The server's preview sizes (NOTES §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rendition {
    /// ~100 px.
    Thumb,
    /// ~300 px.
    Grid,
    /// ~640 px.
    Small,
    /// ~1200 px ("permalink", the medium download size): large previews.
    Large,
}

impl Rendition {
    pub fn px(self) -> u32 {
        match self {
            Rendition::Thumb => 100,
            Rendition::Grid => 300,
            Rendition::Small => 640,
            Rendition::Large => 1200,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rendition::Thumb => "thumb",
            Rendition::Grid => "grid",
            Rendition::Small => "small",
            Rendition::Large => "permalink",
        }
    }

    fn url(self, a: &Asset) -> Option<&str> {
        let u = match self {
            Rendition::Thumb => a.thumb_url.as_deref(),
            Rendition::Grid => a.grid_url.as_deref(),
            Rendition::Small => a.small_url.as_deref(),
            Rendition::Large => a.permalink_url.as_deref(),
        };
        u.filter(|s| !s.trim().is_empty())
    }
}

/// The smallest rendition at least `want_px` wide, else the largest there is, with its
/// URL. `None` while the asset has no preview (processing, or none for its type).
pub(crate) fn choose_rendition(asset: &Asset, want_px: u32) -> Option<(Rendition, String)> {
    let all = [
        Rendition::Thumb,
        Rendition::Grid,
        Rendition::Small,
        Rendition::Large,
    ];
    all.iter()
        .filter(|r| r.px() >= want_px)
        .chain(all.iter().rev())
        .find_map(|r| r.url(asset).map(|u| (*r, u.to_string())))
        .or_else(|| {
            asset
                .preview_image_url
                .clone()
                .filter(|u| u.starts_with("http"))
                .map(|u| (Rendition::Small, u))
        })
}

/// What a cached, encoded image is for: one asset version at one size in one protocol.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThumbKey {
    pub guid: String,
    pub version: i64,
    /// Width and height in cells.
    pub cells: (u16, u16),
    pub protocol: &'static str,
    /// Made from the thumb rendition for a slow link (see `Images::want`).
    pub small_rendition: bool,
}

/// One thumbnail to make, with everything the API task needs.
#[derive(Clone)]
pub struct ThumbJob {
    pub key: ThumbKey,
    pub rendition: Rendition,
    pub url: String,
    pub picker: Picker,
    /// Kitty pictures go as PNGs (the terminal said it decodes them).
    pub kitty_png: bool,
    pub disk: Option<Arc<disk::DiskCache>>,
    /// Set when the tile scrolled away; checked before fetching and before encoding.
    pub cancel: Arc<AtomicBool>,
    /// Wait this long first, so tiles the cursor races past are never fetched.
    pub debounce: Duration,
    /// Scale small renditions up to fill the area (large previews).
    pub upscale: bool,
}

impl std::fmt::Debug for ThumbJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThumbJob")
            .field("key", &self.key)
            .field("rendition", &self.rendition)
            .finish()
    }
}

/// An encoded picture, ready to draw.
pub enum Picture {
    /// Drawn by ratatui-image: half-blocks, sixel, iTerm2.
    Cells(Protocol),
    /// Sent to the terminal once, then drawn by placeholders.
    Kitty(kitty::KittyPicture),
}

impl Picture {
    /// Its size in cells.
    pub fn size(&self) -> Size {
        match self {
            Picture::Cells(p) => p.size(),
            Picture::Kitty(k) => k.size(),
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        match self {
            Picture::Cells(p) => ratatui_image::Image::new(p).render(area, buf),
            Picture::Kitty(k) => k.render(area, buf),
        }
    }
}

/// The answer for a [`ThumbJob`].
#[derive(Clone)]
pub enum ThumbOutcome {
    Ready { picture: Arc<Picture>, bytes: usize },
    Failed(String),
    Cancelled,
}

impl std::fmt::Debug for ThumbOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThumbOutcome::Ready { bytes, .. } => write!(f, "Ready({bytes} bytes)"),
            ThumbOutcome::Failed(e) => write!(f, "Failed({e})"),
            ThumbOutcome::Cancelled => f.write_str("Cancelled"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_closest_rendition_that_exists() {
        let mut a = Asset {
            thumb_url: Some("https://x/t.jpg".into()),
            grid_url: Some("https://x/g.jpg".into()),
            small_url: Some("https://x/s.jpg".into()),
            ..Default::default()
        };
        assert_eq!(choose_rendition(&a, 80).unwrap().0, Rendition::Thumb);
        assert_eq!(choose_rendition(&a, 240).unwrap().0, Rendition::Grid);
        assert_eq!(choose_rendition(&a, 500).unwrap().0, Rendition::Small);
        assert_eq!(choose_rendition(&a, 2000).unwrap().0, Rendition::Small);
        a.permalink_url = Some("https://x/p.jpg".into());
        assert_eq!(choose_rendition(&a, 900).unwrap().0, Rendition::Large);
        a.permalink_url = None;
        a.grid_url = None;
        assert_eq!(choose_rendition(&a, 240).unwrap().0, Rendition::Small);
        a.small_url = None;
        assert_eq!(choose_rendition(&a, 240).unwrap().0, Rendition::Thumb);
        a.thumb_url = None;
        assert!(
            choose_rendition(&a, 240).is_none(),
            "processing: no preview yet"
        );
    }
}
