//! Fitting a decoded image into a number of cells and encoding it for the terminal's
//! image protocol (CPU work the API task runs off the UI thread).

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::protocol::kitty::Kitty;

/// Fit `img` into `cells` and encode it for the picker's protocol. Returns the protocol
/// and an estimate of the memory it holds.
pub fn encode(
    picker: &Picker,
    img: DynamicImage,
    cells: (u16, u16),
) -> Result<(Protocol, usize), String> {
    encode_with(picker, img, cells, false, false)
}

/// Like [`encode`]; with `upscale` a smaller image is scaled up to fill `cells`; with
/// `kitty_zlib` a kitty image is sent deflated (`o=z`).
pub(crate) fn encode_with(
    picker: &Picker,
    img: DynamicImage,
    cells: (u16, u16),
    upscale: bool,
    kitty_zlib: bool,
) -> Result<(Protocol, usize), String> {
    let size = Size::new(cells.0.max(1), cells.1.max(1));
    let filter = Some(image::imageops::FilterType::Triangle);
    let resize = if upscale {
        Resize::Scale(filter)
    } else {
        Resize::Fit(filter)
    };
    let font = picker.font_size();
    let protocol = if kitty_zlib && picker.protocol_type() == ProtocolType::Kitty {
        // The picker only deflates after its own probe; mgtui probes itself, so the
        // fitting is done here as the picker would and the image handed to kitty.
        let area = resize.size_for(&img, font, size);
        let fitted = resize.resize(&img, font, area, None);
        let id = fastrand::u32(1..);
        Kitty::new(fitted, area, id, picker.tmux_detected(), true).map(Protocol::Kitty)
    } else {
        picker.new_protocol(img, size, resize)
    }
    .map_err(|e| format!("cannot encode: {e}"))?;
    let area = size.width as usize * size.height as usize;
    let px = area * font.width as usize * font.height as usize;
    // Measured per tile (examples/scroll_rss.rs): half-blocks ~10 B a cell; sixel
    // ~1.2 B a pixel; kitty sends base64 RGBA (~5.3 B a pixel); iTerm2 base64 PNG.
    let bytes = match picker.protocol_type() {
        ProtocolType::Halfblocks => area * 12,
        ProtocolType::Sixel => px + px / 4,
        // Deflated photos keep about half (examples/bytes_per_move).
        ProtocolType::Kitty if kitty_zlib => px * 8 / 3,
        ProtocolType::Kitty => px * 16 / 3,
        ProtocolType::Iterm2 => px * 2,
    };
    Ok((protocol, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    /// Everything a drawn protocol puts into the buffer (the escape sequences ride in
    /// the cells' symbols).
    fn drawn(protocol: &Protocol, cells: (u16, u16)) -> String {
        let area = Rect::new(0, 0, cells.0, cells.1);
        let mut buf = Buffer::empty(area);
        ratatui_image::Image::new(protocol).render(area, &mut buf);
        buf.content.iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn kitty_tiles_go_deflated_when_the_terminal_inflates_them() {
        let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/demo/photos/03-espresso-cup.jpg");
        let img = image::open(photo).unwrap();
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(ProtocolType::Kitty);
        let cells = (24, 8);
        let (plain, plain_estimate) =
            encode_with(&picker, img.clone(), cells, false, false).unwrap();
        let (zlib, zlib_estimate) = encode_with(&picker, img, cells, false, true).unwrap();
        assert_eq!(plain.size(), zlib.size(), "the same fitting either way");
        let (plain, zlib) = (drawn(&plain, cells), drawn(&zlib, cells));
        assert!(!plain.contains("o=z") && zlib.contains("o=z"));
        assert!(
            zlib.len() * 10 < plain.len() * 8,
            "deflated {} of {} bytes",
            zlib.len(),
            plain.len()
        );
        assert!(zlib_estimate < plain_estimate);
    }
}
