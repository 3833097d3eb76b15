//! Fitting a decoded image into a number of cells and encoding it for the terminal's
//! image protocol (CPU work the API task runs off the UI thread).

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;

/// Fit `img` into `cells` and encode it for the picker's protocol. Returns the protocol
/// and an estimate of the memory it holds.
pub fn encode(
    picker: &Picker,
    img: DynamicImage,
    cells: (u16, u16),
) -> Result<(Protocol, usize), String> {
    encode_with(picker, img, cells, false)
}

/// Like [`encode`]; with `upscale` a smaller image is scaled up to fill `cells`.
pub(crate) fn encode_with(
    picker: &Picker,
    img: DynamicImage,
    cells: (u16, u16),
    upscale: bool,
) -> Result<(Protocol, usize), String> {
    let size = Size::new(cells.0.max(1), cells.1.max(1));
    let filter = Some(image::imageops::FilterType::Triangle);
    let resize = if upscale {
        Resize::Scale(filter)
    } else {
        Resize::Fit(filter)
    };
    let protocol = picker
        .new_protocol(img, size, resize)
        .map_err(|e| format!("cannot encode: {e}"))?;
    let font = picker.font_size();
    let area = size.width as usize * size.height as usize;
    let px = area * font.width as usize * font.height as usize;
    // Measured per tile (examples/scroll_rss.rs): half-blocks ~10 B a cell; sixel
    // ~1.2 B a pixel; kitty sends base64 RGBA (~5.3 B a pixel); iTerm2 base64 PNG.
    let bytes = match picker.protocol_type() {
        ProtocolType::Halfblocks => area * 12,
        ProtocolType::Sixel => px + px / 4,
        ProtocolType::Kitty => px * 16 / 3,
        ProtocolType::Iterm2 => px * 2,
    };
    Ok((protocol, bytes))
}
