//! Drawing the library tree.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::layout::scroll_for;
use crate::panes::tree::{Children, Section, TreePane};
use crate::text::{safe, thousands, truncate};
use crate::theme;

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
            let count = match item.section {
                Section::Trash => self.trash_count,
                _ => item.node.as_ref().and_then(|n| n.visible_assets_count),
            }
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
