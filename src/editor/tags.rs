//! Keywords as chips: an input line with suggestions from the organisation's tags
//! (fetched as the user types, latest wins), and removal of chips.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;

#[derive(Debug, Clone, Default)]
pub struct TagEditor {
    pub chips: Vec<String>,
    pub input: Input,
    /// The chip picked for removal with ←/→ (input empty).
    pub selected_chip: Option<usize>,
    /// Suggestions for the text in `input`.
    pub suggestions: Vec<String>,
    pub suggestion: Option<usize>,
    /// The query the suggestions are for.
    pub suggestions_for: String,
}

/// What a key did to the tag editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagOutcome {
    /// The chips changed.
    pub changed: bool,
    /// The input text changed: suggestions for it are wanted (empty: none).
    pub query: Option<String>,
    /// The key was used.
    pub consumed: bool,
}

impl TagEditor {
    pub fn new(chips: Vec<String>) -> TagEditor {
        TagEditor {
            chips,
            ..Default::default()
        }
    }

    fn has(&self, name: &str) -> bool {
        self.chips.iter().any(|c| c.eq_ignore_ascii_case(name))
    }

    /// Add a chip unless it is empty or already there (case-insensitive).
    pub fn add(&mut self, name: &str) -> bool {
        let name = crate::sanitize::clean(name).trim().to_string();
        if name.is_empty() || self.has(&name) {
            return false;
        }
        self.chips.push(name);
        true
    }

    pub fn remove(&mut self, idx: usize) -> bool {
        if idx < self.chips.len() {
            self.chips.remove(idx);
            self.selected_chip = match self.chips.len() {
                0 => None,
                n => Some(idx.min(n - 1)),
            };
            true
        } else {
            false
        }
    }

    /// New suggestions for `q`; ignored unless `q` is still what the user typed.
    pub(crate) fn set_suggestions(&mut self, q: &str, names: Vec<String>) {
        if q != self.input.value().trim() {
            return;
        }
        self.suggestions = names.into_iter().filter(|n| !self.has(n)).take(8).collect();
        self.suggestions_for = q.to_string();
        self.suggestion = None;
    }

    fn input_changed(&mut self) -> Option<String> {
        self.selected_chip = None;
        self.suggestion = None;
        let q = self.input.value().trim().to_string();
        if q.is_empty() {
            self.suggestions.clear();
            self.suggestions_for.clear();
        }
        Some(q)
    }

    /// Add what was typed (or the highlighted suggestion) as a chip.
    fn commit(&mut self) -> bool {
        let name = match self.suggestion.and_then(|i| self.suggestions.get(i)) {
            Some(s) => s.clone(),
            None => self.input.value().to_string(),
        };
        self.input.reset();
        self.suggestions.clear();
        self.suggestion = None;
        self.suggestions_for.clear();
        self.add(&name)
    }

    /// Pasted text: every comma- or line-separated name becomes a chip.
    pub fn paste(&mut self, text: &str) -> TagOutcome {
        let mut changed = false;
        let parts: Vec<&str> = text.split([',', '\n', '\r']).collect();
        if parts.len() == 1 {
            for c in text.chars().filter(|c| !c.is_control()) {
                self.input.handle(tui_input::InputRequest::InsertChar(c));
            }
            return TagOutcome {
                changed: false,
                query: self.input_changed(),
                consumed: true,
            };
        }
        for p in parts {
            changed |= self.add(p);
        }
        TagOutcome {
            changed,
            query: None,
            consumed: true,
        }
    }

    pub(crate) fn clear_input(&mut self) -> bool {
        let had = !self.input.value().is_empty() || self.selected_chip.is_some();
        self.input.reset();
        self.suggestions.clear();
        self.suggestion = None;
        self.selected_chip = None;
        had
    }

    pub(crate) fn handle_key(&mut self, key: &KeyEvent) -> TagOutcome {
        let mut out = TagOutcome {
            consumed: true,
            ..Default::default()
        };
        let empty = self.input.value().is_empty();
        match key.code {
            KeyCode::Enter => out.changed = self.commit(),
            KeyCode::Char(',') if key.modifiers - KeyModifiers::SHIFT == KeyModifiers::NONE => {
                out.changed = self.commit()
            }
            KeyCode::Down if !self.suggestions.is_empty() => {
                let n = self.suggestions.len();
                self.suggestion = Some(self.suggestion.map_or(0, |i| (i + 1).min(n - 1)));
            }
            KeyCode::Up if self.suggestion.is_some() => {
                self.suggestion = self.suggestion.and_then(|i| i.checked_sub(1));
            }
            KeyCode::Left if empty && !self.chips.is_empty() => {
                let last = self.chips.len() - 1;
                self.selected_chip = Some(self.selected_chip.map_or(last, |i| i.saturating_sub(1)));
            }
            KeyCode::Right if empty && self.selected_chip.is_some() => {
                self.selected_chip = match self.selected_chip {
                    Some(i) if i + 1 < self.chips.len() => Some(i + 1),
                    _ => None,
                };
            }
            KeyCode::Backspace | KeyCode::Delete if empty => match self.selected_chip {
                Some(i) => out.changed = self.remove(i),
                None if key.code == KeyCode::Backspace && !self.chips.is_empty() => {
                    // First Backspace picks the last chip; the second removes it.
                    self.selected_chip = Some(self.chips.len() - 1);
                }
                None => out.consumed = false,
            },
            _ => match tui_input::backend::crossterm::to_input_request(&Event::Key(*key)) {
                Some(req) => {
                    if self.input.handle(req).is_some_and(|c| c.value) {
                        out.query = self.input_changed();
                    }
                }
                None => out.consumed = false,
            },
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(t: &mut TagEditor, code: KeyCode) -> TagOutcome {
        t.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn add_with_suggestions_latest_wins_and_remove() {
        let mut t = TagEditor::new(vec!["sea".into()]);
        press(&mut t, KeyCode::Char('h'));
        let o = press(&mut t, KeyCode::Char('a'));
        assert_eq!(o.query.as_deref(), Some("ha"));
        // An answer for an older query is ignored.
        t.set_suggestions("h", vec!["hills".into()]);
        assert!(t.suggestions.is_empty());
        t.set_suggestions("ha", vec!["harbour".into(), "Sea".into(), "hat".into()]);
        assert_eq!(t.suggestions, vec!["harbour", "hat"]);
        press(&mut t, KeyCode::Down);
        let o = press(&mut t, KeyCode::Enter);
        assert!(o.changed);
        assert_eq!(t.chips, vec!["sea", "harbour"]);
        assert_eq!(t.input.value(), "");
        // typed text without a suggestion; duplicates are refused
        for c in "SEA".chars() {
            press(&mut t, KeyCode::Char(c));
        }
        assert!(!press(&mut t, KeyCode::Enter).changed);
        // Backspace on an empty input picks the last chip, then removes it
        assert!(!press(&mut t, KeyCode::Backspace).changed);
        assert_eq!(t.selected_chip, Some(1));
        press(&mut t, KeyCode::Left);
        assert!(press(&mut t, KeyCode::Delete).changed);
        assert_eq!(t.chips, vec!["harbour"]);
    }

    #[test]
    fn paste_splits_on_commas() {
        let mut t = TagEditor::default();
        assert!(t.paste("a, b,\nc").changed);
        assert_eq!(t.chips, vec!["a", "b", "c"]);
        let o = t.paste("dawn");
        assert_eq!(o.query.as_deref(), Some("dawn"));
    }
}
