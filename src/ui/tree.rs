//! Drawing the library tree.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::format::{safe, thousands, truncate};
use super::theme;
use crate::app::panes::tree::{Children, TreePane};

impl TreePane {
    pub fn draw(&self, frame: &mut Frame, area: Rect, focused: bool) {
        let block = theme::pane_block(" Library ", focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let visible = self.visible();
        let height = inner.height as usize;
        let scroll = scroll_for(self.cursor, self.scroll, height, visible.len());
        let width = inner.width as usize;
        let mut lines = Vec::with_capacity(height);
        for (row, &idx) in visible.iter().enumerate().skip(scroll).take(height) {
            let item = &self.items[idx];
            let marker = match (&item.children, item.expanded) {
                (Children::Leaf, _) => "  ",
                (Children::Loading, _) => "⟳ ",
                (Children::Failed(_), _) => "✗ ",
                (_, true) => "▾ ",
                (_, false) => "▸ ",
            };
            let indent = "  ".repeat(item.depth as usize);
            let count = item
                .node
                .as_ref()
                .and_then(|n| n.visible_assets_count)
                .map(|c| format!(" {}", thousands(c.max(0) as u64)))
                .unwrap_or_default();
            let prefix = format!("{indent}{marker}");
            let room = width.saturating_sub(prefix.chars().count() + count.chars().count());
            let mut spans = vec![
                Span::raw(prefix),
                Span::raw(truncate(&item.label, room)),
                Span::styled(count, theme::dim()),
            ];
            if let Children::Failed(e) = &item.children {
                spans.push(Span::styled(
                    format!(" {}", truncate(&safe(e), width)),
                    theme::error(),
                ));
            }
            let mut style = Style::default();
            if Some(idx) == self.selected {
                style = style.add_modifier(Modifier::BOLD);
            }
            if row == self.cursor {
                style = style.patch(theme::cursor(focused));
            }
            lines.push(Line::from(spans).style(style));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// Keep `cursor` on screen with the least scrolling.
pub fn scroll_for(cursor: usize, prev: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return 0;
    }
    let mut s = prev.min(len.saturating_sub(1));
    if cursor < s {
        s = cursor;
    } else if cursor >= s + height {
        s = cursor + 1 - height;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scroll_keeps_cursor_visible() {
        assert_eq!(scroll_for(0, 0, 5, 10), 0);
        assert_eq!(scroll_for(7, 0, 5, 10), 3);
        assert_eq!(scroll_for(2, 3, 5, 10), 2);
        assert_eq!(scroll_for(3, 0, 0, 10), 0);
    }
}
