//! Drawing the confirm dialog.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::panes::confirm::Confirm;
use crate::text::safe;
use crate::theme;

impl Confirm {
    fn content_lines(&self) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = self.message.iter().map(|m| Line::raw(safe(m))).collect();
        if let Some(t) = &self.typed {
            lines.push(Line::raw(""));
            lines.push(Line::styled(safe(&t.prompt), theme::warn()));
            lines.push(Line::from(vec![
                Span::styled("> ", theme::key()),
                Span::raw(safe(t.input.value())),
                Span::styled("▏", theme::accent()),
            ]));
            if self.nag {
                lines.push(Line::styled(
                    format!("Type {} first.", safe(&t.expected)),
                    theme::error(),
                ));
            }
        }
        lines.push(Line::raw(""));
        let mut buttons = Vec::new();
        for (i, c) in self.choices.iter().enumerate() {
            let style = if i == self.selected {
                theme::cursor(true).add_modifier(Modifier::BOLD)
            } else if i != self.cancel && !self.typed_ok() {
                theme::dim()
            } else {
                Style::default()
            };
            buttons.push(Span::styled(format!("[ {} ]", safe(&c.label)), style));
            buttons.push(Span::raw("   "));
        }
        buttons.pop();
        lines.push(Line::from(buttons).alignment(Alignment::Center));
        // Letters pick choices only while no text is to be typed.
        let keys = if self.typed.is_some() {
            "←/→ choose · Enter press · Esc cancel".to_string()
        } else {
            let letters = self
                .choices
                .iter()
                .map(|c| format!("{} {}", c.key, c.label))
                .collect::<Vec<_>>()
                .join(" · ");
            format!("{letters} · Esc cancel")
        };
        lines.push(Line::styled(keys, theme::dim()).alignment(Alignment::Center));
        lines
    }

    /// Draw centred in `area` (over whatever is there).
    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let border = self.warning.then(theme::warn);
        super::draw_dialog_box(frame, area, &self.title, self.content_lines(), border);
    }
}
