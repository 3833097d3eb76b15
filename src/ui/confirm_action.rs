//! A reusable confirmation dialog: title, message lines, buttons, Cancel as the default,
//! and optionally a typed confirmation (e.g. "type 30 to confirm") without which the
//! confirming buttons do nothing. Keys come from the keymap's `Confirm` layer.
//! (The editor's multi-choice Save / Discard / Cancel dialog is `ui::confirm`.)

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use tui_input::Input;

use super::format::safe;
use super::theme;
use crate::app::keymap::{self, Action, Layer};

/// What the user decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmOutcome {
    Cancel,
    /// The button at this index (never 0, which is Cancel).
    Chosen(usize),
}

/// A text the user must type before confirming.
#[derive(Debug, Clone)]
pub struct TypedConfirm {
    pub expected: String,
    pub prompt: String,
    pub input: Input,
}

#[derive(Debug, Clone)]
pub struct ConfirmDialog {
    pub title: String,
    pub lines: Vec<String>,
    /// Button 0 is Cancel.
    pub buttons: Vec<String>,
    /// The focused button; starts on Cancel.
    pub selected: usize,
    pub typed: Option<TypedConfirm>,
    /// Set when the user pressed a confirming button before typing the text.
    pub nag: bool,
}

impl ConfirmDialog {
    /// A dialog with the buttons `Cancel` and `confirm`.
    pub fn new(title: impl Into<String>, lines: Vec<String>, confirm: impl Into<String>) -> Self {
        ConfirmDialog {
            title: title.into(),
            lines,
            buttons: vec!["Cancel".to_string(), confirm.into()],
            selected: 0,
            typed: None,
            nag: false,
        }
    }

    /// Require `expected` to be typed before any confirming button works.
    pub fn with_typed(mut self, expected: impl Into<String>, prompt: impl Into<String>) -> Self {
        self.typed = Some(TypedConfirm {
            expected: expected.into(),
            prompt: prompt.into(),
            input: Input::default(),
        });
        self
    }

    pub fn typed_ok(&self) -> bool {
        self.typed
            .as_ref()
            .is_none_or(|t| t.input.value().trim() == t.expected)
    }

    /// Handle one key; `Some` when the dialog is done.
    pub fn handle(&mut self, key: &KeyEvent) -> Option<ConfirmOutcome> {
        // Text for the typed confirmation goes to its input first.
        if let Some(t) = &mut self.typed {
            let plain = !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            match key.code {
                KeyCode::Char(c) if plain && !c.is_control() => {
                    t.input.handle(tui_input::InputRequest::InsertChar(c));
                    self.nag = false;
                    return None;
                }
                KeyCode::Backspace => {
                    t.input.handle(tui_input::InputRequest::DeletePrevChar);
                    return None;
                }
                _ => {}
            }
        }
        match keymap::lookup(Layer::Confirm, key)? {
            Action::Toggle => {
                let n = self.buttons.len().max(1);
                self.selected = if key.code == KeyCode::Left {
                    (self.selected + n - 1) % n
                } else {
                    (self.selected + 1) % n
                };
                None
            }
            Action::Back => Some(ConfirmOutcome::Cancel),
            Action::Open if self.selected == 0 => Some(ConfirmOutcome::Cancel),
            Action::Open if !self.typed_ok() => {
                self.nag = true;
                None
            }
            Action::Open => Some(ConfirmOutcome::Chosen(self.selected)),
            _ => None,
        }
    }

    /// Rows the dialog needs at `width` columns.
    fn content_lines(&self) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = self.lines.iter().map(|l| Line::raw(safe(l))).collect();
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
        for (i, b) in self.buttons.iter().enumerate() {
            let label = format!("[ {} ]", safe(b));
            let style = if i == self.selected {
                theme::cursor(true)
            } else if i > 0 && !self.typed_ok() {
                theme::dim()
            } else {
                ratatui::style::Style::default()
            };
            buttons.push(Span::styled(label, style));
            buttons.push(Span::raw("   "));
        }
        buttons.pop();
        lines.push(Line::from(buttons).alignment(Alignment::Center));
        lines
    }

    /// Draw centred in `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let lines = self.content_lines();
        super::draw_dialog_box(frame, area, &self.title, lines, Some(theme::warn()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn enter_right_away_cancels() {
        let mut d = ConfirmDialog::new("Trash", vec!["Move 3 assets to the trash".into()], "Trash");
        assert_eq!(d.selected, 0);
        assert_eq!(d.handle(&key(KeyCode::Enter)), Some(ConfirmOutcome::Cancel));
        let mut d = ConfirmDialog::new("Trash", vec![], "Trash");
        assert_eq!(d.handle(&key(KeyCode::Right)), None);
        assert_eq!(
            d.handle(&key(KeyCode::Enter)),
            Some(ConfirmOutcome::Chosen(1))
        );
        let mut d = ConfirmDialog::new("Trash", vec![], "Trash");
        d.handle(&key(KeyCode::Tab));
        assert_eq!(d.handle(&key(KeyCode::Esc)), Some(ConfirmOutcome::Cancel));
    }

    #[test]
    fn typed_confirmation_is_required() {
        let mut d = ConfirmDialog::new("Trash", vec![], "Trash").with_typed("30", "Type 30");
        d.handle(&key(KeyCode::Right));
        assert_eq!(d.handle(&key(KeyCode::Enter)), None, "nothing typed yet");
        assert!(d.nag);
        for c in "31".chars() {
            d.handle(&key(KeyCode::Char(c)));
        }
        assert_eq!(d.handle(&key(KeyCode::Enter)), None, "wrong count");
        d.handle(&key(KeyCode::Backspace));
        d.handle(&key(KeyCode::Char('0')));
        assert!(d.typed_ok());
        assert_eq!(
            d.handle(&key(KeyCode::Enter)),
            Some(ConfirmOutcome::Chosen(1))
        );
    }
}
