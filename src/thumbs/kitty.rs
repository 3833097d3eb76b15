//! Kitty pictures sent once. A picture goes into the terminal's memory (as a PNG where
//! the terminal decodes them, else as raw pixels) the first time a frame shows it, with a virtual placement sized in cells so that the terminal
//! scales it (the loupe sends its rendition, not a screen of pixels). Every later draw is
//! Unicode placeholder cells naming it: a few bytes a cell, however often the tile moves,
//! the screen is redrawn or the user comes back to it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use image::DynamicImage;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;
use ratatui_image::picker::cap_parser::Parser;
use ratatui_image::protocol::Protocol;
use ratatui_image::protocol::kitty::Kitty;

use super::ThumbKey;

/// Base64 characters in one transmission chunk (the protocol's limit).
const CHUNK_CHARS: usize = 4096;

/// Image ids of this session: counted from a random start, so two programs sharing a
/// terminal are unlikely to meet.
static NEXT_ID: AtomicU32 = AtomicU32::new(0);

fn next_id() -> u32 {
    let _ = NEXT_ID.compare_exchange(
        0,
        fastrand::u32(1..u32::MAX / 2),
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
    NEXT_ID.fetch_add(1, Ordering::SeqCst).max(1)
}

pub struct KittyPicture {
    id: u32,
    /// The library's placeholder cells for `id`; its own transmission is spent at once.
    placeholders: Protocol,
    /// The transmission, until a frame has carried it to the terminal.
    transmission: Mutex<Option<String>>,
    /// Bytes of pixels the terminal keeps for it.
    held_bytes: usize,
}

impl KittyPicture {
    /// `img` fitted into `cells` (scaled up by the terminal when `upscale`), sent as a
    /// PNG when the terminal said it decodes them (else as raw pixels), wrapped for tmux
    /// when `tmux`.
    pub(crate) fn encode(
        img: &DynamicImage,
        cells: (u16, u16),
        font: (u16, u16),
        upscale: bool,
        tmux: bool,
        png: bool,
    ) -> Result<KittyPicture, String> {
        let fit = Fit::new((img.width(), img.height()), cells, font, upscale);
        let sent = if fit.shown.0 < img.width() {
            img.resize_exact(
                fit.shown.0,
                fit.shown.1,
                image::imageops::FilterType::Triangle,
            )
        } else {
            img.clone()
        };
        let held_bytes = sent.width() as usize * sent.height() as usize * 4;
        let (format, payload) = match png {
            true => ("f=100".to_string(), png_bytes(&sent)?),
            false => {
                let (w, h) = (sent.width(), sent.height());
                (format!("f=32,s={w},v={h}"), sent.into_rgba8().into_raw())
            }
        };
        let id = next_id();
        let placement = format!("{format},{}", fit.sizing());
        let transmission = transmission(id, &payload, &placement, tmux);
        KittyPicture::new(id, fit.cells, Some(transmission), held_bytes)
    }

    /// A picture the terminal already holds under `id`.
    pub(crate) fn held(id: u32, cells: Size, held_bytes: usize) -> Result<KittyPicture, String> {
        KittyPicture::new(id, cells, None, held_bytes)
    }

    fn new(
        id: u32,
        cells: Size,
        transmission: Option<String>,
        held_bytes: usize,
    ) -> Result<Self, String> {
        let one_pixel = DynamicImage::new_rgba8(1, 1);
        let placeholders = Kitty::new(one_pixel, cells, id, false, false)
            .map(Protocol::Kitty)
            .map_err(|e| format!("cannot place: {e}"))?;
        // The library sends its image with the first cells it draws; drawing them once
        // here, into nothing, spends that (ours is sent instead). It draws only into an
        // area the picture fits.
        let mut scratch = Buffer::empty(Rect::new(0, 0, cells.width, cells.height));
        ratatui_image::Image::new(&placeholders).render(scratch.area, &mut scratch);
        Ok(KittyPicture {
            id,
            placeholders,
            transmission: Mutex::new(transmission),
            held_bytes,
        })
    }

    pub(crate) fn id(&self) -> u32 {
        self.id
    }

    pub(crate) fn size(&self) -> Size {
        self.placeholders.size()
    }

    pub(crate) fn held_bytes(&self) -> usize {
        self.held_bytes
    }

    /// Bytes kept in memory for it: the transmission until it is sent.
    pub(crate) fn memory_bytes(&self) -> usize {
        let pending = self
            .transmission
            .lock()
            .map(|t| t.as_ref().map_or(0, String::len));
        256 + pending.unwrap_or(0)
    }

    #[cfg(test)]
    pub(crate) fn is_sent(&self) -> bool {
        self.transmission
            .lock()
            .map(|t| t.is_none())
            .unwrap_or(true)
    }

    /// The terminal has it: later draws are placeholders only.
    pub(crate) fn mark_sent(&self) {
        if let Ok(mut t) = self.transmission.lock() {
            *t = None;
        }
    }

    /// Placeholder cells, the first one carrying the transmission while it is unsent.
    /// Nothing in an area the picture does not fit (the library draws nothing there).
    pub(crate) fn render(&self, area: Rect, buf: &mut Buffer) {
        let size = self.size();
        if area.width < size.width || area.height < size.height {
            return;
        }
        ratatui_image::Image::new(&self.placeholders).render(area, buf);
        let Ok(pending) = self.transmission.lock() else {
            return;
        };
        if let (Some(t), Some(cell)) = (pending.as_deref(), buf.cell_mut((area.x, area.y))) {
            let symbol = format!("{t}{}", cell.symbol());
            cell.set_symbol(&symbol);
        }
    }
}

/// How a picture of `px` fits into `cells`: the pixels sent and the cells they cover.
struct Fit {
    shown: (u32, u32),
    cells: Size,
    /// The width is what limits the fit (else the height).
    width_bound: bool,
}

impl Fit {
    fn new(px: (u32, u32), cells: (u16, u16), font: (u16, u16), upscale: bool) -> Fit {
        let (w, h) = (px.0.max(1) as f64, px.1.max(1) as f64);
        let (fw, fh) = (font.0.max(1) as f64, font.1.max(1) as f64);
        let (box_w, box_h) = (cells.0.max(1) as f64 * fw, cells.1.max(1) as f64 * fh);
        let (sx, sy) = (box_w / w, box_h / h);
        let width_bound = sx <= sy;
        let scale = if upscale {
            sx.min(sy)
        } else {
            sx.min(sy).min(1.0)
        };
        let shown_w = (w * scale).round().clamp(1.0, box_w);
        let shown_h = (h * scale).round().clamp(1.0, box_h);
        // Only ever shrunk before sending: the terminal does the scaling up.
        let sent_scale = scale.min(1.0);
        Fit {
            shown: (
                ((w * sent_scale).round() as u32).max(1),
                ((h * sent_scale).round() as u32).max(1),
            ),
            cells: Size::new(
                ((shown_w / fw).ceil() as u16).clamp(1, cells.0.max(1)),
                ((shown_h / fh).ceil() as u16).clamp(1, cells.1.max(1)),
            ),
            width_bound,
        }
    }

    /// The one dimension given to the terminal; it keeps the aspect for the other.
    fn sizing(&self) -> String {
        match self.width_bound {
            true => format!("c={}", self.cells.width),
            false => format!("r={}", self.cells.height),
        }
    }
}

fn png_bytes(img: &DynamicImage) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive);
    let result = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        encoder.write_image(
            rgba.as_raw(),
            rgba.width(),
            rgba.height(),
            image::ExtendedColorType::Rgba8,
        )
    } else {
        let rgb = img.to_rgb8();
        encoder.write_image(
            rgb.as_raw(),
            rgb.width(),
            rgb.height(),
            image::ExtendedColorType::Rgb8,
        )
    };
    result.map_err(|e| format!("cannot encode: {e}"))?;
    Ok(out)
}

/// Transmit `payload` under `id` with a virtual placement (`U=1`); `placement` names the
/// format and the sizing. In chunks, answers suppressed; each chunk wrapped for tmux's
/// passthrough when `tmux`.
fn transmission(id: u32, payload: &[u8], placement: &str, tmux: bool) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(payload);
    let (start, esc, end) = Parser::tmux_start_escape_end(tmux);
    let chunks: Vec<&str> = encoded
        .as_bytes()
        .chunks(CHUNK_CHARS)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    let mut out = String::with_capacity(encoded.len() + chunks.len() * 32 + 64);
    for (i, chunk) in chunks.iter().enumerate() {
        let more = u8::from(i + 1 < chunks.len());
        out.push_str(start);
        if i == 0 {
            let _ = write!(out, "{esc}_Gi={id},a=T,U=1,{placement},q=2,m={more};");
        } else {
            // Some terminals take `q` from the last chunk: every chunk says it.
            let _ = write!(out, "{esc}_Gm={more},q=2;");
        }
        out.push_str(chunk);
        let _ = write!(out, "{esc}\\{end}");
    }
    out
}

/// The sequence that frees these images' pixels in the terminal.
pub(crate) fn forget(ids: &[u32], tmux: bool) -> Vec<u8> {
    let (start, esc, end) = Parser::tmux_start_escape_end(tmux);
    let mut out = String::new();
    for id in ids {
        let _ = write!(out, "{start}{esc}_Ga=d,d=I,i={id},q=2{esc}\\{end}");
    }
    out.into_bytes()
}

/// The ids of the transmissions a finished frame carries (they reach the terminal).
pub(crate) fn carried(buf: &Buffer) -> Vec<u32> {
    buf.content
        .iter()
        .filter_map(|cell| {
            let symbol = cell.symbol();
            if symbol.len() < 16 {
                return None;
            }
            let rest = &symbol[symbol.find("_Gi=")? + 4..];
            let digits = rest.split(',').next()?;
            digits.parse().ok()
        })
        .collect()
}

struct Held {
    id: u32,
    cells: Size,
    bytes: usize,
    used: u64,
}

/// The pictures the terminal holds for this session, by what they show, bounded by the
/// bytes of pixels they take there; the least recently shown go (and are deleted in the
/// terminal) first.
pub(crate) struct KittyHeld {
    entries: HashMap<ThumbKey, Held>,
    bytes: usize,
    cap_bytes: usize,
    clock: u64,
}

impl KittyHeld {
    pub(crate) fn new(cap_bytes: usize) -> KittyHeld {
        KittyHeld {
            entries: HashMap::new(),
            bytes: 0,
            cap_bytes,
            clock: 0,
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The terminal holds `picture` for `key`; returns the pictures it should now forget
    /// (what they showed, when it is no longer held, and their ids).
    pub(crate) fn remember(
        &mut self,
        key: ThumbKey,
        picture: &KittyPicture,
    ) -> Vec<(Option<ThumbKey>, u32)> {
        self.clock += 1;
        let held = Held {
            id: picture.id(),
            cells: picture.size(),
            bytes: picture.held_bytes(),
            used: self.clock,
        };
        self.bytes += held.bytes;
        let mut gone = Vec::new();
        if let Some(old) = self.entries.insert(key, held) {
            self.bytes -= old.bytes;
            if old.id != picture.id() {
                gone.push((None, old.id));
            }
        }
        while self.bytes > self.cap_bytes && self.entries.len() > 1 {
            let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, h)| h.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(h) = self.entries.remove(&oldest) {
                self.bytes -= h.bytes;
                gone.push((Some(oldest), h.id));
            }
        }
        gone
    }

    /// `key` is shown: the terminal keeps it longest. Whether it holds it.
    pub(crate) fn touch(&mut self, key: &ThumbKey) -> bool {
        self.clock += 1;
        let now = self.clock;
        self.entries.get_mut(key).map(|h| h.used = now).is_some()
    }

    /// The picture the terminal holds for `key`, to draw by placeholders alone.
    pub(crate) fn placed(&mut self, key: &ThumbKey) -> Option<KittyPicture> {
        if !self.touch(key) {
            return None;
        }
        let h = self.entries.get(key)?;
        KittyPicture::held(h.id, h.cells, h.bytes).ok()
    }

    /// Every id held, forgotten here (to free them all on leaving).
    pub(crate) fn take_ids(&mut self) -> Vec<u32> {
        self.bytes = 0;
        self.entries.drain().map(|(_, h)| h.id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo() -> DynamicImage {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/demo/photos/03-espresso-cup.jpg");
        image::open(path).unwrap()
    }

    fn drawn(p: &KittyPicture, area: Rect) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, area.right() + 2, area.bottom() + 2));
        p.render(area, &mut buf);
        buf
    }

    fn symbols(buf: &Buffer) -> String {
        buf.content.iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn a_picture_is_sent_once_as_a_png_then_drawn_by_placeholders() {
        let img = photo().thumbnail(300, 300);
        let p = KittyPicture::encode(&img, (24, 8), (10, 20), false, false, true).unwrap();
        let area = Rect::new(1, 1, p.size().width, p.size().height);
        let first = drawn(&p, area);
        let text = symbols(&first);
        assert!(
            text.contains(&format!("_Gi={},a=T,U=1,f=100,", p.id())),
            "a PNG transmission"
        );
        assert!(text.contains(",q=2,"), "the terminal's answers suppressed");
        assert_eq!(
            text.matches("a=T").count(),
            1,
            "one picture, ours: {}",
            &text[..80]
        );
        assert_eq!(carried(&first), vec![p.id()], "found in the finished frame");
        assert!(!p.is_sent(), "sent only once a frame is known to carry it");
        p.mark_sent();
        let again = symbols(&drawn(&p, area));
        assert!(!again.contains("_G"), "placeholders only after that");
        assert!(again.contains('\u{10EEEE}'));
        assert!(
            again.len() * 20 < text.len(),
            "{} vs {}",
            again.len(),
            text.len()
        );
        assert!(p.memory_bytes() < 1024, "the payload is dropped once sent");
    }

    #[test]
    fn a_fitted_picture_names_the_dimension_that_bounds_it() {
        // 300×200 into 24×8 cells of 10×20 px (240×160): both bound at 0.8; width first.
        let f = Fit::new((300, 200), (24, 8), (10, 20), false);
        assert_eq!(
            (f.shown, f.cells, f.sizing().as_str()),
            ((240, 160), Size::new(24, 8), "c=24")
        );
        // A tall picture is bounded by the height.
        let f = Fit::new((200, 400), (24, 8), (10, 20), false);
        assert_eq!(f.sizing(), "r=8");
        assert_eq!(f.cells, Size::new(8, 8));
        // A small picture is not scaled up in a tile...
        let f = Fit::new((100, 50), (24, 8), (10, 20), false);
        assert_eq!((f.shown, f.cells), ((100, 50), Size::new(10, 3)));
        // ...but the loupe's is, by the terminal: the rendition goes as it is.
        let f = Fit::new((640, 427), (196, 49), (10, 20), true);
        assert_eq!(f.shown, (640, 427), "sent at its own size");
        assert_eq!(f.sizing(), "r=49");
        assert!(
            f.cells.width <= 196 && f.cells.width >= 145,
            "{:?}",
            f.cells
        );
    }

    #[test]
    fn the_loupe_sends_the_rendition_not_a_screen_of_pixels() {
        let rendition = photo().thumbnail(640, 640);
        let p = KittyPicture::encode(&rendition, (196, 49), (10, 20), true, false, true).unwrap();
        let text = symbols(&drawn(&p, Rect::new(0, 0, p.size().width, p.size().height)));
        // A full-screen RGBA picture would be 1960×980×4 bytes before base64.
        assert!(text.len() < 1960 * 980, "{} bytes", text.len());
        assert_eq!(
            p.held_bytes(),
            rendition.width() as usize * rendition.height() as usize * 4
        );
    }

    #[test]
    fn under_tmux_every_chunk_is_wrapped_and_escapes_doubled() {
        let img = photo().thumbnail(200, 200);
        let p = KittyPicture::encode(&img, (20, 6), (10, 20), false, true, true).unwrap();
        let text = symbols(&drawn(&p, Rect::new(0, 0, p.size().width, p.size().height)));
        let chunks = text.matches("\x1bPtmux;\x1b\x1b_G").count();
        assert!(chunks > 1, "{chunks} chunks");
        assert_eq!(
            chunks,
            text.matches("\x1b\x1b\\\x1b\\").count(),
            "each closed"
        );
        let area = Rect::new(0, 0, p.size().width, p.size().height);
        assert_eq!(carried(&drawn(&p, area)), vec![p.id()]);
        assert!(
            carried(&drawn(&p, Rect::new(0, 0, 4, 4))).is_empty(),
            "not sent where it does not fit"
        );
        assert_eq!(text.matches("q=2").count(), chunks, "every chunk quiet");
        let gone = String::from_utf8(forget(&[7, 9], true)).unwrap();
        assert_eq!(
            gone,
            "\x1bPtmux;\x1b\x1b_Ga=d,d=I,i=7,q=2\x1b\x1b\\\x1b\\\x1bPtmux;\x1b\x1b_Ga=d,d=I,i=9,q=2\x1b\x1b\\\x1b\\"
        );
    }

    #[test]
    fn held_pictures_are_bounded_and_the_oldest_forgotten() {
        let img = DynamicImage::new_rgb8(100, 100);
        let mut held = KittyHeld::new(100 * 100 * 4 * 2);
        let key = |g: &str| ThumbKey {
            guid: g.into(),
            version: 1,
            cells: (10, 5),
            protocol: "kitty",
            small_rendition: false,
        };
        let pics: Vec<KittyPicture> = (0..3)
            .map(|_| KittyPicture::encode(&img, (10, 5), (10, 20), false, false, true).unwrap())
            .collect();
        assert!(held.remember(key("a"), &pics[0]).is_empty());
        assert!(held.remember(key("b"), &pics[1]).is_empty());
        assert!(
            held.placed(&key("a")).is_some(),
            "a shown again: b is now the oldest"
        );
        assert_eq!(
            held.remember(key("c"), &pics[2]),
            vec![(Some(key("b")), pics[1].id())]
        );
        assert!(held.placed(&key("b")).is_none());
        let again = held.placed(&key("a")).unwrap();
        assert_eq!((again.id(), again.is_sent()), (pics[0].id(), true));
        assert_eq!(held.len(), 2);
        let mut all = held.take_ids();
        all.sort();
        let mut want = vec![pics[0].id(), pics[2].id()];
        want.sort();
        assert_eq!(all, want);
        assert!(held.take_ids().is_empty(), "freed once");
    }
}
