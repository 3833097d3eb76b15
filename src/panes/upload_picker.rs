//! The upload picker (`U` on a folder): type a file, a directory or a glob pattern (Tab
//! completes paths), Enter adds what it names (scanned in the API task, never here),
//! and Enter on an empty line goes on to the confirmation with the count and size.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;

use super::Outcome;
use crate::protocol::transfers::{UploadFile, UploadTarget};
use crate::transfers::local::LocalPick;

/// What was added by one line typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    pub typed: String,
    pub pick: LocalPick,
}

#[derive(Debug, Clone)]
pub struct UploadPicker {
    pub target: UploadTarget,
    pub input: Input,
    pub added: Vec<Added>,
    /// The line being scanned (Enter waits for it).
    pub scanning: Option<String>,
    /// Told under the line: completions, what a scan found or why it found nothing.
    pub message: Option<(String, bool)>,
    /// (files, bytes) of what is added, each file once (kept: the picker is drawn often).
    totals: (usize, u64),
}

/// What the picker needs the router for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PickerAsk {
    /// Find the files this line names.
    Scan(String),
    Close,
    /// Go on to the confirmation with what was added.
    Done,
}

impl UploadPicker {
    pub fn new(target: UploadTarget) -> UploadPicker {
        UploadPicker {
            target,
            input: Input::default(),
            added: Vec::new(),
            scanning: None,
            message: None,
            totals: (0, 0),
        }
    }

    pub(crate) fn handle_key(&mut self, key: &KeyEvent) -> Outcome<PickerAsk> {
        match key.code {
            KeyCode::Esc => return Outcome::Ask(PickerAsk::Close),
            KeyCode::Tab => self.complete(),
            KeyCode::Enter if self.scanning.is_some() => {
                self.message = Some(("Still looking at the last line…".into(), false));
            }
            KeyCode::Enter if self.input.value().trim().is_empty() => {
                if self.totals.0 == 0 {
                    self.message = Some((
                        "Type a file, a directory or a pattern such as ~/shoot/*.jpg, then Enter"
                            .into(),
                        true,
                    ));
                } else {
                    return Outcome::Ask(PickerAsk::Done);
                }
            }
            KeyCode::Enter => {
                let typed = self.input.value().trim().to_string();
                self.scanning = Some(typed.clone());
                self.message = None;
                return Outcome::Ask(PickerAsk::Scan(typed));
            }
            KeyCode::Backspace if self.input.value().is_empty() => {
                if let Some(gone) = self.added.pop() {
                    self.totals =
                        crate::transfers::local::totals(self.added.iter().map(|a| &a.pick));
                    self.message = Some((format!("Took out {}", gone.typed), false));
                }
            }
            _ => {
                if let Some(req) =
                    tui_input::backend::crossterm::to_input_request(&Event::Key(*key))
                {
                    self.input.handle(req);
                }
            }
        }
        Outcome::Consumed
    }

    fn complete(&mut self) {
        let typed = self.input.value().to_string();
        let found = crate::transfers::paths::complete_path(&typed, 50);
        match found.as_slice() {
            [] => self.message = Some(("Nothing to complete here".into(), false)),
            [one] => self.input = Input::new(one.clone()),
            many => {
                if let Some(common) = crate::transfers::paths::common_prefix(many)
                    && common.len() > typed.len()
                {
                    self.input = Input::new(common);
                }
                let names: Vec<&str> = many
                    .iter()
                    .take(12)
                    .map(|p| {
                        let p = p.trim_end_matches('/');
                        p.rsplit('/').next().unwrap_or(p)
                    })
                    .collect();
                self.message = Some((format!("Tab: {}", names.join(" · ")), false));
            }
        }
    }

    /// The scan of `typed` came back.
    pub(crate) fn on_scanned(&mut self, typed: &str, result: Result<LocalPick, String>) {
        if self.scanning.as_deref() != Some(typed) {
            return;
        }
        self.scanning = None;
        match result {
            Ok(pick) => {
                let mut note = format!(
                    "Added {} file{} ({})",
                    pick.files.len(),
                    if pick.files.len() == 1 { "" } else { "s" },
                    crate::text::file_size(Some(pick.bytes() as i64))
                );
                if pick.hidden > 0 {
                    note.push_str(&format!(" · {} hidden left out", pick.hidden));
                }
                let error = !pick.unreadable.is_empty();
                if let Some(first) = pick.unreadable.first() {
                    note.push_str(&format!(
                        " · {} unreadable, e.g. {first}",
                        pick.unreadable.len()
                    ));
                }
                self.message = Some((note, error));
                self.added.push(Added {
                    typed: typed.to_string(),
                    pick,
                });
                self.totals = crate::transfers::local::totals(self.added.iter().map(|a| &a.pick));
                self.input = Input::default();
            }
            Err(e) => self.message = Some((e, true)),
        }
    }

    /// (files, bytes) of what is added, each file once.
    pub fn totals(&self) -> (usize, u64) {
        self.totals
    }

    /// The files as uploads, each once, each with a key of its own.
    pub(crate) fn upload_files(&self) -> Vec<UploadFile> {
        crate::transfers::local::to_uploads(self.added.iter().map(|a| &a.pick))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn target() -> UploadTarget {
        UploadTarget {
            batch: 0,
            folder_id: 2001,
            folder_name: "Archive".into(),
            contribution_id: Some(42001),
            session: None,
            version_of: None,
        }
    }

    fn type_text(p: &mut UploadPicker, text: &str) {
        for c in text.chars() {
            p.handle_key(&key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn lines_add_files_backspace_takes_them_out_and_an_empty_enter_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jpg"), b"123").unwrap();
        std::fs::write(dir.path().join("b.jpg"), b"45").unwrap();
        let mut p = UploadPicker::new(target());
        assert_eq!(p.handle_key(&key(KeyCode::Enter)), Outcome::Consumed);
        assert!(p.message.as_ref().unwrap().1, "nothing added: said so");

        let pattern = format!("{}/*.jpg", dir.path().display());
        type_text(&mut p, &pattern);
        assert_eq!(
            p.handle_key(&key(KeyCode::Enter)),
            Outcome::Ask(PickerAsk::Scan(pattern.clone()))
        );
        let pick = crate::transfers::local::pick(&pattern, dir.path());
        p.on_scanned("another line", Ok(LocalPick::default()));
        assert!(p.added.is_empty(), "an answer for another line is ignored");
        p.on_scanned(&pattern, pick.clone());
        p.on_scanned(&pattern, pick);
        assert_eq!(p.totals(), (2, 5));
        assert!(p.input.value().is_empty());

        // The same files named again count once.
        type_text(&mut p, "x");
        p.handle_key(&key(KeyCode::Backspace));
        p.handle_key(&key(KeyCode::Backspace));
        assert_eq!(
            p.totals(),
            (0, 0),
            "backspace on an empty line takes the last out"
        );
        let again = crate::transfers::local::pick(&pattern, dir.path());
        p.scanning = Some(pattern.clone());
        p.on_scanned(&pattern, again);
        assert_eq!(
            p.handle_key(&key(KeyCode::Enter)),
            Outcome::Ask(PickerAsk::Done)
        );
        let files = p.upload_files();
        assert_eq!(files.len(), 2);
        assert_ne!(files[0].key, files[1].key);
        assert_eq!(
            p.handle_key(&key(KeyCode::Esc)),
            Outcome::Ask(PickerAsk::Close)
        );
    }
}
