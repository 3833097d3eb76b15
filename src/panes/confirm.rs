//! The confirm dialog: a question, a few choices with a key letter each, and a default
//! that is the safe one (Cancel for anything that loses or overwrites work). Optionally a
//! text the user must type first ("type 30 to confirm"); until it is typed only the cancel
//! choice works, and letters go to that text. Keys come from the keymap's `Dialog` layer.
//! Plain state and keys (drawn by `ui::confirm`); the app decides what each choice does.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;

use crate::keymap::{Action, Keymap, Layer};

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

/// A text the user must type before a confirming choice works.
#[derive(Debug, Clone)]
pub struct TypedConfirm {
    pub expected: String,
    pub prompt: String,
    pub input: Input,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub message: Vec<String>,
    pub choices: Vec<Choice>,
    /// The highlighted choice (Enter picks it). Starts at the default.
    pub selected: usize,
    /// What Esc picks.
    pub cancel: usize,
    pub typed: Option<TypedConfirm>,
    /// A confirming choice was picked before the text was typed.
    pub nag: bool,
    /// Destructive: drawn with a warning border.
    pub warning: bool,
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
            typed: None,
            nag: false,
            warning: false,
        }
    }

    /// Cancel (choice 0, the default) and `confirm` (choice 1), with a warning border.
    /// The confirming key is the label's first letter (`y` when that is Cancel's `c`).
    pub(crate) fn cancel_or(title: &str, message: Vec<String>, confirm: &str) -> Confirm {
        let key = confirm
            .chars()
            .next()
            .map(|c| c.to_ascii_lowercase())
            .filter(|c| c.is_alphanumeric() && *c != 'c')
            .unwrap_or('y');
        let mut c = Confirm::new(
            title,
            message,
            vec![Choice::new("Cancel", 'c'), Choice::new(confirm, key)],
            0,
            0,
        );
        c.warning = true;
        c
    }

    /// Require `expected` to be typed before any choice but cancel works.
    pub(crate) fn with_typed(
        mut self,
        expected: impl Into<String>,
        prompt: impl Into<String>,
    ) -> Self {
        self.typed = Some(TypedConfirm {
            expected: expected.into(),
            prompt: prompt.into(),
            input: Input::default(),
        });
        self
    }

    pub(crate) fn typed_ok(&self) -> bool {
        self.typed
            .as_ref()
            .is_none_or(|t| t.input.value().trim() == t.expected)
    }

    fn choose(&mut self, i: usize) -> Answer {
        if i != self.cancel && !self.typed_ok() {
            self.nag = true;
            return Answer::Pending;
        }
        Answer::Chosen(i)
    }

    pub(crate) fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> Answer {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        // Text for the typed confirmation goes to its input first.
        if let Some(t) = &mut self.typed {
            match key.code {
                KeyCode::Char(c) if plain && !c.is_control() => {
                    t.input.handle(tui_input::InputRequest::InsertChar(c));
                    self.nag = false;
                    return Answer::Pending;
                }
                KeyCode::Backspace => {
                    t.input.handle(tui_input::InputRequest::DeletePrevChar);
                    return Answer::Pending;
                }
                _ => {}
            }
        }
        let n = self.choices.len().max(1);
        match keymap.lookup_only(Layer::Dialog, key) {
            Some(Action::Right) => self.selected = (self.selected + 1) % n,
            Some(Action::Left) => self.selected = (self.selected + n - 1) % n,
            Some(Action::Open) => return self.choose(self.selected),
            Some(Action::Back) => return Answer::Chosen(self.cancel),
            _ => {
                if let KeyCode::Char(c) = key.code
                    && plain
                    && let Some(i) = self
                        .choices
                        .iter()
                        .position(|ch| ch.key.eq_ignore_ascii_case(&c))
                {
                    return self.choose(i);
                }
            }
        }
        Answer::Pending
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
        assert_eq!(
            c.handle_key(&key(KeyCode::Enter), &Keymap::default()),
            Answer::Chosen(2)
        );
        assert_eq!(
            c.handle_key(&key(KeyCode::Esc), &Keymap::default()),
            Answer::Chosen(2)
        );
        assert_eq!(
            c.handle_key(&key(KeyCode::Right), &Keymap::default()),
            Answer::Pending
        );
        assert_eq!(c.selected, 0);
        assert_eq!(
            c.handle_key(&key(KeyCode::Enter), &Keymap::default()),
            Answer::Chosen(0)
        );
        assert_eq!(
            c.handle_key(&key(KeyCode::Char('D')), &Keymap::default()),
            Answer::Chosen(1)
        );
        assert_eq!(
            c.handle_key(&key(KeyCode::Char('x')), &Keymap::default()),
            Answer::Pending
        );
    }

    #[test]
    fn cancel_or_defaults_to_cancel() {
        let mut d = Confirm::cancel_or("Trash", vec!["Move 3 assets to the trash".into()], "Trash");
        assert_eq!(
            d.handle_key(&key(KeyCode::Enter), &Keymap::default()),
            Answer::Chosen(0)
        );
        assert_eq!(
            d.handle_key(&key(KeyCode::Right), &Keymap::default()),
            Answer::Pending
        );
        assert_eq!(
            d.handle_key(&key(KeyCode::Enter), &Keymap::default()),
            Answer::Chosen(1)
        );
        assert_eq!(
            d.handle_key(&key(KeyCode::Char('t')), &Keymap::default()),
            Answer::Chosen(1)
        );
        assert_eq!(
            d.handle_key(&key(KeyCode::Esc), &Keymap::default()),
            Answer::Chosen(0)
        );
    }

    #[test]
    fn typed_confirmation_is_required() {
        let mut d = Confirm::cancel_or("Trash", vec![], "Trash").with_typed("30", "Type 30");
        d.handle_key(&key(KeyCode::Right), &Keymap::default());
        assert_eq!(
            d.handle_key(&key(KeyCode::Enter), &Keymap::default()),
            Answer::Pending,
            "nothing typed"
        );
        assert!(d.nag);
        for c in "31".chars() {
            d.handle_key(&key(KeyCode::Char(c)), &Keymap::default());
        }
        assert_eq!(
            d.handle_key(&key(KeyCode::Enter), &Keymap::default()),
            Answer::Pending,
            "wrong count"
        );
        d.handle_key(&key(KeyCode::Backspace), &Keymap::default());
        d.handle_key(&key(KeyCode::Char('0')), &Keymap::default());
        assert!(d.typed_ok());
        assert_eq!(
            d.handle_key(&key(KeyCode::Enter), &Keymap::default()),
            Answer::Chosen(1)
        );
        let mut d = Confirm::cancel_or("Trash", vec![], "Trash").with_typed("30", "Type 30");
        assert_eq!(
            d.handle_key(&key(KeyCode::Char('t')), &Keymap::default()),
            Answer::Pending,
            "letters go to the text"
        );
        assert_eq!(
            d.handle_key(&key(KeyCode::Esc), &Keymap::default()),
            Answer::Chosen(0)
        );
    }
}
