//! Fitting a decoded image into a number of cells and encoding it for the terminal's
//! image protocol (CPU work the API task runs off the UI thread).

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;

use super::Picture;
use super::kitty::KittyPicture;

/// Fit `img` into `cells` and encode it for the picker's protocol. Returns the picture
/// and an estimate of the memory it holds.
pub fn encode(
    picker: &Picker,
    img: DynamicImage,
    cells: (u16, u16),
) -> Result<(Picture, usize), String> {
    encode_with(picker, img, cells, false, false)
}

/// Like [`encode`]; with `upscale` a smaller image is scaled up to fill `cells`.
pub(crate) fn encode_with(
    picker: &Picker,
    img: DynamicImage,
    cells: (u16, u16),
    upscale: bool,
    kitty_png: bool,
) -> Result<(Picture, usize), String> {
    let size = Size::new(cells.0.max(1), cells.1.max(1));
    let font = picker.font_size();
    if picker.protocol_type() == ProtocolType::Kitty {
        let font = (font.width, font.height);
        let tmux = picker.tmux_detected();
        let cells = (size.width, size.height);
        let k = KittyPicture::encode(&img, cells, font, upscale, tmux, kitty_png)?;
        let bytes = k.memory_bytes();
        return Ok((Picture::Kitty(k), bytes));
    }
    let filter = Some(image::imageops::FilterType::Triangle);
    let resize = if upscale {
        Resize::Scale(filter)
    } else {
        Resize::Fit(filter)
    };
    let protocol = picker
        .new_protocol(img, size, resize)
        .map_err(|e| format!("cannot encode: {e}"))?;
    Ok((
        Picture::Cells(protocol),
        estimated_bytes(picker, (size.width, size.height)),
    ))
}

const LARGEST_RENDITION_PIXELS: usize = 1200 * 1200;

/// What a picture of `cells` holds in memory once encoded, estimated. Measured per tile
/// (examples/scroll_rss.rs): half-blocks ~10 B a cell; sixel ~1.2 B a pixel; iTerm2
/// base64 PNG; kitty a base64 PNG (about 1.5 B a pixel for photos) until it is sent, of
/// no more pixels than the largest rendition (the terminal scales it up).
pub(crate) fn estimated_bytes(picker: &Picker, cells: (u16, u16)) -> usize {
    let font = picker.font_size();
    let area = cells.0 as usize * cells.1 as usize;
    let px = area * font.width as usize * font.height as usize;
    match picker.protocol_type() {
        ProtocolType::Halfblocks => area * 12,
        ProtocolType::Sixel => px + px / 4,
        ProtocolType::Kitty => px.min(LARGEST_RENDITION_PIXELS) * 3 / 2,
        ProtocolType::Iterm2 => px * 2,
    }
}

/// Renditions larger than this (in pixels) are not passed through as they are.
const MAX_PASSTHROUGH_PIXELS: u64 = 40_000_000;

/// For iTerm2: the rendition's own bytes (JPEG, PNG or GIF, as fetched), sized in cells
/// and scaled by the terminal, instead of a PNG re-encoded from the decoded pixels (a
/// photo's PNG is about three times its JPEG). `None` for any other format, or for
/// another protocol; the caller then decodes and encodes.
pub(crate) fn iterm2_passthrough(
    picker: &Picker,
    source: &[u8],
    cells: (u16, u16),
    upscale: bool,
) -> Option<(Picture, usize)> {
    use base64::Engine;
    use std::fmt::Write;
    if picker.protocol_type() != ProtocolType::Iterm2 {
        return None;
    }
    if !matches!(
        image::guess_format(source).ok()?,
        image::ImageFormat::Jpeg | image::ImageFormat::Png | image::ImageFormat::Gif
    ) {
        return None;
    }
    let (w, h) = image::ImageReader::new(std::io::Cursor::new(source))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    if u64::from(w) * u64::from(h) > MAX_PASSTHROUGH_PIXELS {
        // Not handed to the terminal to decode: the decoder's limits judge it.
        return None;
    }
    let font = picker.font_size();
    let (fw, fh) = (u32::from(font.width.max(1)), u32::from(font.height.max(1)));
    let (box_w, box_h) = (
        u32::from(cells.0.max(1)) * fw,
        u32::from(cells.1.max(1)) * fh,
    );
    if u64::from(w) * u64::from(h) > 3 * u64::from(box_w) * u64::from(box_h) {
        // Far larger than the cells: a PNG of the fitted pixels costs less.
        return None;
    }
    // Fit inside the cells keeping the aspect; only a large preview scales up.
    let (limit_w, limit_h) = match upscale {
        true => (box_w, box_h),
        false => (box_w.min(w), box_h.min(h)),
    };
    let ratio = f64::min(
        limit_w as f64 / w.max(1) as f64,
        limit_h as f64 / h.max(1) as f64,
    );
    let px_w = ((w as f64 * ratio).round() as u32).clamp(1, box_w);
    let px_h = ((h as f64 * ratio).round() as u32).clamp(1, box_h);
    let size = Size::new(px_w.div_ceil(fw) as u16, px_h.div_ceil(fh) as u16);
    let tmux = picker.tmux_detected();
    let (start, esc, end) = match tmux {
        true => ("\x1bPtmux;", "\x1b\x1b", "\x1b\\"),
        false => ("", "\x1b", ""),
    };
    let mut seq = String::with_capacity(source.len() * 4 / 3 + 256);
    seq.push_str(start);
    // Clear the cells first, as the library does: the picture may not cover them all.
    // Its size is given in cells, which the terminal knows better than the font size.
    for _ in 0..size.height {
        let _ = write!(seq, "{esc}[{}X{esc}[1B", size.width);
    }
    let _ = write!(
        seq,
        "{esc}[{}A{esc}]1337;File=inline=1;size={};width={};height={};preserveAspectRatio=1;doNotMoveCursor=1:",
        size.height,
        source.len(),
        size.width,
        size.height,
    );
    base64::engine::general_purpose::STANDARD.encode_string(source, &mut seq);
    let _ = write!(seq, "\x07{end}");
    let bytes = seq.len();
    let protocol = Protocol::ITerm2(ratatui_image::protocol::iterm2::Iterm2 {
        data: seq,
        size,
        is_tmux: tmux,
    });
    Some((Picture::Cells(protocol), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    /// Everything a drawn protocol puts into the buffer (the escape sequences ride in
    /// the cells' symbols).
    fn drawn(picture: &Picture, cells: (u16, u16)) -> String {
        let area = Rect::new(0, 0, cells.0, cells.1);
        let mut buf = Buffer::empty(area);
        picture.render(area, &mut buf);
        buf.content.iter().map(|c| c.symbol()).collect()
    }

    fn photo() -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/demo/photos/03-espresso-cup.jpg");
        std::fs::read(path).unwrap()
    }

    #[test]
    fn iterm2_tiles_carry_the_jpeg_itself_fitted_to_the_cells() {
        // A rendition about the tile's size (300 px wide), as the grid fetches.
        let img = image::load_from_memory(&photo())
            .unwrap()
            .thumbnail(300, 300);
        let mut jpeg = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(ProtocolType::Iterm2);
        let cells = (24, 8);
        let (own, bytes) = iterm2_passthrough(&picker, &jpeg, cells, false).unwrap();
        let (png, _) = encode_with(&picker, img, cells, false, false).unwrap();
        assert_eq!(
            own.size(),
            png.size(),
            "the same cells as the library's fitting"
        );
        let drawn = drawn(&own, cells);
        assert!(
            drawn.contains(&format!("size={};", jpeg.len())),
            "the file as fetched"
        );
        assert!(
            bytes < jpeg.len() * 4 / 3 + 400,
            "{bytes} for a {} B JPEG",
            jpeg.len()
        );
        assert!(
            drawn.len() * 2 < drawn_len(&png, cells),
            "smaller than the PNG"
        );
        // Not JPEG, PNG or GIF, or another protocol: the caller encodes as before.
        assert!(iterm2_passthrough(&picker, b"RIFF\0\0\0\0WEBPVP8 ", cells, false).is_none());
        // Far larger than the cells: re-encoding the fitted pixels costs less.
        assert!(iterm2_passthrough(&picker, &photo(), (6, 2), false).is_none());
        picker.set_protocol_type(ProtocolType::Sixel);
        assert!(iterm2_passthrough(&picker, &jpeg, cells, false).is_none());
    }

    fn drawn_len(picture: &Picture, cells: (u16, u16)) -> usize {
        drawn(picture, cells).len()
    }

    #[test]
    fn kitty_tiles_go_as_png_smaller_than_the_deflated_pixels() {
        let img = image::load_from_memory(&photo()).unwrap();
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(ProtocolType::Kitty);
        let cells = (24, 8);
        let (ours, _) = encode_with(&picker, img.clone(), cells, false, true).unwrap();
        // What the library sends when told the terminal inflates: deflated RGBA.
        let resize = Resize::Fit(Some(image::imageops::FilterType::Triangle));
        let font = picker.font_size();
        let area = resize.size_for(&img, font, Size::new(cells.0, cells.1));
        let fitted = resize.resize(&img, font, area, None);
        let deflated = ratatui_image::protocol::kitty::Kitty::new(fitted, area, 7, false, true)
            .map(Protocol::Kitty)
            .unwrap();
        assert_eq!(ours.size(), deflated.size(), "the same cells");
        let (ours, deflated) = (drawn(&ours, cells), drawn(&Picture::Cells(deflated), cells));
        assert!(ours.contains("f=100") && deflated.contains("o=z"));
        assert!(
            ours.len() * 10 < deflated.len() * 8,
            "PNG {} of {} bytes",
            ours.len(),
            deflated.len()
        );
    }
}
