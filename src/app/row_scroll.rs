//! Moving the grid by whole rows of tiles without sending its sixel or iTerm2 pictures
//! again: the terminal scrolls the rows the tiles occupy (a scrolling region, full width —
//! VT340 mode, which sixel needs, has no left and right margins), pictures and text together,
//! and ratatui is told the screen it had moved the same way, so its next diff sends only
//! the row that came into view and the text of the panes beside it.

use ratatui::buffer::{Buffer, Cell};

/// Scroll the terminal's rows `top..bottom` (0-based) by `lines`: up when positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowScroll {
    pub top: u16,
    pub bottom: u16,
    pub lines: i32,
}

impl RowScroll {
    /// The bytes that make the terminal scroll: attributes reset first (the lines that
    /// come in are blank in the default colours, as ratatui's reset cells are), a
    /// scrolling region, the scroll, the whole screen as the region again.
    pub fn sequence(&self) -> Vec<u8> {
        let n = self.lines.unsigned_abs();
        let dir = if self.lines > 0 { 'S' } else { 'T' };
        format!(
            "\x1b[0m\x1b[{};{}r\x1b[{n}{dir}\x1b[r",
            self.top + 1,
            self.bottom
        )
        .into_bytes()
    }

    /// `buf` as the terminal shows it after [`RowScroll::sequence`].
    pub fn shift(&self, buf: &mut Buffer) {
        let area = buf.area;
        let width = area.width as usize;
        let top = self.top.max(area.y);
        let bottom = self.bottom.min(area.bottom());
        if top >= bottom || width == 0 {
            return;
        }
        let row = |y: u16| (y - area.y) as usize * width;
        let height = (bottom - top) as i32;
        let order: Vec<u16> = if self.lines > 0 {
            (top..bottom).collect()
        } else {
            (top..bottom).rev().collect()
        };
        for y in order {
            let from = y as i32 + self.lines;
            let dst = row(y);
            if from >= top as i32 && from < bottom as i32 && self.lines.abs() < height {
                let src = row(from as u16);
                for x in 0..width {
                    buf.content[dst + x] = buf.content[src + x].clone();
                }
            } else {
                for x in 0..width {
                    buf.content[dst + x] = Cell::default();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn rows(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    }

    fn numbered() -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 2, 6));
        for y in 0..6 {
            buf[(0, y)].set_symbol(&y.to_string());
            buf[(1, y)].set_symbol("x");
        }
        buf
    }

    #[test]
    fn rows_inside_the_region_move_and_blanks_come_in() {
        let mut buf = numbered();
        RowScroll {
            top: 1,
            bottom: 5,
            lines: 2,
        }
        .shift(&mut buf);
        assert_eq!(rows(&buf), ["0x", "3x", "4x", "  ", "  ", "5x"]);
        let mut buf = numbered();
        RowScroll {
            top: 1,
            bottom: 5,
            lines: -1,
        }
        .shift(&mut buf);
        assert_eq!(rows(&buf), ["0x", "  ", "1x", "2x", "3x", "5x"]);
    }

    #[test]
    fn the_sequence_scrolls_the_region_then_frees_the_screen() {
        let up = RowScroll {
            top: 2,
            bottom: 40,
            lines: 12,
        };
        assert_eq!(up.sequence(), b"\x1b[0m\x1b[3;40r\x1b[12S\x1b[r");
        let down = RowScroll { lines: -12, ..up };
        assert_eq!(down.sequence(), b"\x1b[0m\x1b[3;40r\x1b[12T\x1b[r");
    }
}
