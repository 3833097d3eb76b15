//! A small confirm dialog: a question, a few choices with a key letter each, and a
//! default that is the safe one (Cancel for anything that loses or overwrites work).
//! Plain state plus a draw function; the app decides what each choice does.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::theme;
use crate::app::keymap::{self, Action, Layer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    /// Pressing this letter picks the choice directly.
    pub key: char,
}

impl Choice {
    pub fn new(label: &str, key: char) -> Choice {
        Choice {
            label: label.to_string(),
            key,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub message: Vec<String>,
    pub choices: Vec<Choice>,
    /// The highlighted choice (Enter picks it). Starts at the default.
    pub selected: usize,
    /// What Esc picks.
    pub cancel: usize,
}

/// What a key did to the dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Still open.
    Pending,
    /// This choice was picked; the dialog is done.
    Chosen(usize),
}

impl Confirm {
    /// `default` is highlighted first; `cancel` is what Esc means.
    pub fn new(
        title: &str,
        message: Vec<String>,
        choices: Vec<Choice>,
        default: usize,
        cancel: usize,
    ) -> Confirm {
        let last = choices.len().saturating_sub(1);
        Confirm {
            title: title.to_string(),
            message,
            choices,
            selected: default.min(last),
            cancel: cancel.min(last),
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> Answer {
        let n = self.choices.len().max(1);
        match keymap::lookup_only(Layer::Dialog, key) {
            Some(Action::Right) => self.selected = (self.selected + 1) % n,
            Some(Action::Left) => self.selected = (self.selected + n - 1) % n,
            Some(Action::Open) => return Answer::Chosen(self.selected),
            Some(Action::Back) => return Answer::Chosen(self.cancel),
            _ => {
                if let KeyCode::Char(c) = key.code
                    && let Some(i) = self
                        .choices
                        .iter()
                        .position(|ch| ch.key.eq_ignore_ascii_case(&c))
                {
                    return Answer::Chosen(i);
                }
            }
        }
        Answer::Pending
    }

    /// Draw centred in `area` (over whatever is there).
    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let mut lines: Vec<Line> = self
            .message
            .iter()
            .map(|m| Line::raw(crate::sanitize::clean(m)))
            .collect();
        lines.push(Line::raw(""));
        let mut buttons = Vec::new();
        for (i, c) in self.choices.iter().enumerate() {
            let style = if i == self.selected {
                theme::cursor(true).add_modifier(Modifier::BOLD)
            } else {
                ratatui::style::Style::default()
            };
            buttons.push(Span::styled(format!("[ {} ]", c.label), style));
            buttons.push(Span::raw(" "));
        }
        lines.push(Line::from(buttons));
        let keys = self
            .choices
            .iter()
            .map(|c| format!("{} {}", c.key, c.label))
            .collect::<Vec<_>>()
            .join(" · ");
        lines.push(Line::styled(format!("{keys} · Esc cancel"), theme::dim()));
        super::draw_dialog_box(frame, area, &self.title, lines, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn default_is_cancel_and_keys_pick() {
        let mut c = Confirm::new(
            "Unsaved changes",
            vec!["Save them?".into()],
            vec![
                Choice::new("Save", 's'),
                Choice::new("Discard", 'd'),
                Choice::new("Cancel", 'c'),
            ],
            2,
            2,
        );
        assert_eq!(c.handle_key(&key(KeyCode::Enter)), Answer::Chosen(2));
        assert_eq!(c.handle_key(&key(KeyCode::Esc)), Answer::Chosen(2));
        assert_eq!(c.handle_key(&key(KeyCode::Right)), Answer::Pending);
        assert_eq!(c.selected, 0);
        assert_eq!(c.handle_key(&key(KeyCode::Enter)), Answer::Chosen(0));
        assert_eq!(c.handle_key(&key(KeyCode::Char('D'))), Answer::Chosen(1));
        assert_eq!(c.handle_key(&key(KeyCode::Char('x'))), Answer::Pending);
    }
}
