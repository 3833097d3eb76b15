//! The metadata editor: a form for one asset in the right pane. Plain state, no I/O:
//! the app turns its outcomes into requests (load, save, tag suggestions) and draft
//! writes.

pub mod drafts;
pub mod field;
pub(crate) mod form;
pub(crate) mod multiline;
pub(crate) mod tags;

use crossterm::event::KeyEvent;

use crate::api::models::Asset;
use crate::keymap::Action;
pub use drafts::{Draft, DraftStore};
pub use field::{Field, FieldId, Value};
pub use form::Form;

/// Where a save stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    Saving,
    Failed(String),
}

/// The editor pane.
#[derive(Debug, Clone)]
pub struct Editor {
    pub asset_id: i64,
    /// `None` while the asset is loading.
    pub form: Option<Form>,
    /// A draft to put into the form once it is loaded.
    pub pending_draft: Option<Draft>,
    pub save: SaveState,
    /// The server's asset after a conflict was detected (for compare / overwrite).
    pub conflict: Option<Box<Asset>>,
    /// Show the field-by-field comparison with the server's version.
    pub comparing: bool,
    /// First row of the form shown (kept so the focused field stays visible).
    pub scroll: std::cell::Cell<u16>,
}

/// What a key or paste asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing for the app to do.
    None,
    /// Values changed: rewrite the drafts file.
    Changed,
    /// Leave the editor (Esc on an unchanged field).
    Leave,
    Save,
    /// Suggestions for this tag text.
    TagQuery(String),
    /// An action for the app (quit, help, next asset…).
    App(Action),
}

impl Editor {
    pub fn loading(asset_id: i64) -> Editor {
        Editor {
            asset_id,
            form: None,
            pending_draft: None,
            save: SaveState::Idle,
            conflict: None,
            comparing: false,
            scroll: std::cell::Cell::new(0),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.form.as_ref().is_some_and(Form::is_dirty)
            || (self.form.is_none() && self.pending_draft.is_some())
    }

    pub fn saving(&self) -> bool {
        self.save == SaveState::Saving
    }

    /// Show the loaded asset (applying a pending draft). Returns the number of fields
    /// restored from a draft.
    pub fn loaded(&mut self, form: Form) -> usize {
        let mut form = form;
        let restored = match self.pending_draft.take() {
            Some(d) => form.apply_draft(&d),
            None => 0,
        };
        self.form = Some(form);
        restored
    }

    /// A key for the editor. `action` is the Editor layer's binding for it, if any.
    pub(crate) fn handle_key(&mut self, action: Option<Action>, key: &KeyEvent) -> Outcome {
        if self.comparing {
            return match action {
                Some(Action::Back) => {
                    self.comparing = false;
                    Outcome::None
                }
                Some(a @ (Action::Quit | Action::Help)) => Outcome::App(a),
                _ => Outcome::None,
            };
        }
        let Some(form) = self.form.as_mut() else {
            return match action {
                Some(Action::Back) => Outcome::Leave,
                Some(a @ (Action::Quit | Action::Help)) => Outcome::App(a),
                _ => Outcome::None,
            };
        };
        match action {
            Some(Action::EditorNextField) => {
                form.move_focus(true);
                return Outcome::None;
            }
            Some(Action::EditorPrevField) => {
                form.move_focus(false);
                return Outcome::None;
            }
            Some(Action::Save) => return Outcome::Save,
            Some(Action::Back) => {
                let Some(f) = form.focused_mut() else {
                    return Outcome::Leave;
                };
                if f.has_transient_input() {
                    f.clear_transient_input();
                    return Outcome::None;
                }
                if f.is_dirty() && !f.read_only {
                    f.revert();
                    return Outcome::Changed;
                }
                return Outcome::Leave;
            }
            Some(a @ (Action::Quit | Action::Help | Action::NextAsset | Action::PrevAsset)) => {
                return Outcome::App(a);
            }
            _ => {}
        }
        let Some(f) = form.focused_mut() else {
            return Outcome::None;
        };
        let out = f.handle_key(key);
        if !out.consumed {
            // ↑/↓ past a field's edge move between fields, like Tab.
            match key.code {
                crossterm::event::KeyCode::Down => form.move_focus(true),
                crossterm::event::KeyCode::Up => form.move_focus(false),
                _ => {}
            }
        }
        match (out.tag_query, out.changed) {
            (Some(q), _) => {
                if out.changed {
                    // Both at once cannot happen from one key; prefer the draft write.
                    return Outcome::Changed;
                }
                Outcome::TagQuery(q)
            }
            (None, true) => Outcome::Changed,
            (None, false) => Outcome::None,
        }
    }

    pub fn paste(&mut self, text: &str) -> Outcome {
        let Some(f) = self.form.as_mut().and_then(Form::focused_mut) else {
            return Outcome::None;
        };
        let out = f.paste(text);
        match (out.changed, out.tag_query) {
            (true, _) => Outcome::Changed,
            (false, Some(q)) => Outcome::TagQuery(q),
            _ => Outcome::None,
        }
    }

    pub(crate) fn set_tag_suggestions(&mut self, q: &str, names: Vec<String>) {
        if let Some(f) = self.form.as_mut().and_then(|f| f.field_mut(FieldId::Tags))
            && let field::Widget::Tags(t) = &mut f.widget
        {
            t.set_suggestions(q, names);
        }
    }
}
