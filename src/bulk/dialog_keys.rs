//! What a key does in the bulk-edit dialog: the form, the text field being typed in,
//! the group and AI-field pickers and the summary. The dialog changes itself; what needs
//! requests or other parts of the app comes back as a [`DialogAsk`].

use std::collections::BTreeSet;

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;

use super::dialog::{Dialog, PickEntry, Picker, PickerKind, Row, Stage};
use crate::api::models::{CustomMetaField, RightsPackage};
use crate::keymap::{self, Action, Keymap, Layer};
use crate::panes::Outcome;

/// What the dialog needs the router for.
#[derive(Debug, PartialEq)]
pub(crate) enum DialogAsk {
    /// Suggest tags that start with this.
    SuggestTags(String),
    /// The scope changed: fetch every id if needed, refresh the AI preview.
    ScopeChanged,
    /// The AI fields changed: refresh the preview.
    Preview,
    /// Load the children of this tree node (for the group picker).
    Expand(usize),
    Help,
    Close,
    /// Submit the job (after the router's checks and any confirmation).
    Submit,
}

/// What the dialog reads but does not own.
pub(crate) struct DialogContext<'a> {
    pub(crate) keymap: &'a Keymap,
    pub(crate) fields: &'a [CustomMetaField],
    pub(crate) rights_packages: &'a [RightsPackage],
    /// The group picker's entries (empty unless a group picker is open).
    pub(crate) groups: &'a [PickEntry],
    /// AI-enabled custom meta fields: (id, name).
    pub(crate) ai_fields: &'a [(i64, String)],
}

impl Dialog {
    /// The keymap layer that reads the dialog's keys.
    pub(crate) fn layer(&self) -> Layer {
        if self.picker.is_some() {
            Layer::Picker
        } else if self.stage == Stage::Summary {
            Layer::BulkSummary
        } else {
            Layer::BulkDialog
        }
    }

    /// Every key goes to the open dialog (it is modal).
    pub(crate) fn handle_key(&mut self, key: &KeyEvent, ctx: &DialogContext) -> Outcome<DialogAsk> {
        if self.editing.is_some() {
            return self.typing_key(key);
        }
        let layer = self.layer();
        let Some(action) = ctx.keymap.lookup(layer, key) else {
            return Outcome::Consumed;
        };
        match layer {
            Layer::Picker => self.picker_action(action, ctx),
            Layer::BulkSummary => self.summary_action(action),
            _ => self.form_action(action, ctx),
        }
    }

    /// Text pasted while a field is being edited; false when none is.
    pub(crate) fn paste(&mut self, text: &str) -> bool {
        let Some((_, input)) = &mut self.editing else {
            return false;
        };
        for c in text.chars().filter(|c| !c.is_control()) {
            input.handle(tui_input::InputRequest::InsertChar(c));
        }
        true
    }

    fn typing_key(&mut self, key: &KeyEvent) -> Outcome<DialogAsk> {
        let Some((row, input)) = &mut self.editing else {
            return Outcome::NotConsumed;
        };
        let tags = *row == Row::Tags;
        let n = self.tag_suggestions.len();
        match key.code {
            KeyCode::Esc => {
                self.editing = None;
                self.tag_suggestions.clear();
            }
            KeyCode::Enter => {
                let (row, text) = (*row, input.value().to_string());
                self.editing = None;
                self.tag_suggestions.clear();
                self.set_text(row, text);
                self.note = None;
            }
            KeyCode::Down if tags && n > 0 => {
                self.suggestion = Some(self.suggestion.map_or(0, |i| (i + 1).min(n - 1)));
            }
            KeyCode::Up if tags && n > 0 => {
                self.suggestion = self.suggestion.and_then(|i| i.checked_sub(1));
            }
            KeyCode::Tab if tags && n > 0 => {
                let pick = self.tag_suggestions[self.suggestion.unwrap_or(0)].clone();
                let text = Dialog::accept_tag(input.value(), &pick);
                *input = Input::new(text);
                self.tag_suggestions.clear();
                self.suggestion = None;
            }
            _ => {
                let before = input.value().to_string();
                if let Some(req) =
                    tui_input::backend::crossterm::to_input_request(&Event::Key(*key))
                {
                    input.handle(req);
                }
                let now = input.value().to_string();
                if tags && now != before {
                    let q = Dialog::tag_fragment(&now).to_string();
                    self.tag_suggestions.clear();
                    self.suggestion = None;
                    if !q.is_empty() {
                        return Outcome::Ask(DialogAsk::SuggestTags(q));
                    }
                }
            }
        }
        Outcome::Consumed
    }

    fn form_action(&mut self, action: Action, ctx: &DialogContext) -> Outcome<DialogAsk> {
        let rows = Dialog::rows(ctx.fields);
        self.row = self.row.min(rows.len() - 1);
        let row = rows[self.row];
        let scope_changed = |row: Row| match row {
            Row::Scope => Outcome::Ask(DialogAsk::ScopeChanged),
            _ => Outcome::Consumed,
        };
        match action {
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(rows.len() - 1),
            Action::Home => self.row = 0,
            Action::End => self.row = rows.len() - 1,
            Action::Left | Action::Right | Action::Toggle => {
                self.cycle(row, action != Action::Left, ctx.rights_packages, ctx.fields);
                self.note = None;
                return scope_changed(row);
            }
            Action::Open => match row {
                Row::Tags | Row::Description | Row::Meta(_) | Row::AltText => {
                    let text = self.text_of(row).unwrap_or_default();
                    self.editing = Some((row, Input::new(text)));
                }
                Row::AddGroup | Row::RemoveGroup => {
                    self.picker = Some(Picker {
                        kind: if row == Row::AddGroup {
                            PickerKind::AddGroup
                        } else {
                            PickerKind::RemoveGroup
                        },
                        cursor: 0,
                        chosen: BTreeSet::new(),
                    });
                }
                Row::AiFields => {
                    self.picker = Some(Picker {
                        kind: PickerKind::AiFields,
                        cursor: 0,
                        chosen: self.ai_fields.iter().copied().collect(),
                    });
                }
                _ => {
                    self.cycle(row, true, ctx.rights_packages, ctx.fields);
                    return scope_changed(row);
                }
            },
            Action::ClearField => self.clear(row),
            Action::Review => {
                if let Some(p) = self.problem() {
                    self.note = Some(p);
                } else if self.ids().is_none() {
                    self.note = Some("Loading the ids of all results…".into());
                    return Outcome::Ask(DialogAsk::ScopeChanged);
                } else {
                    self.note = None;
                    self.stage = Stage::Summary;
                    self.summary_scroll = 0;
                }
            }
            Action::Back | Action::Quit => return Outcome::Ask(DialogAsk::Close),
            Action::Help => return Outcome::Ask(DialogAsk::Help),
            _ => {}
        }
        Outcome::Consumed
    }

    fn picker_action(&mut self, action: Action, ctx: &DialogContext) -> Outcome<DialogAsk> {
        let Some(p) = &mut self.picker else {
            return Outcome::Consumed;
        };
        let ai = p.kind == PickerKind::AiFields;
        let n = if ai {
            ctx.ai_fields.len()
        } else {
            ctx.groups.len()
        };
        p.cursor = p.cursor.min(n.saturating_sub(1));
        if keymap::move_in_list(action, &mut p.cursor, n, None) {
            return Outcome::Consumed;
        }
        let group = ctx.groups.get(p.cursor).filter(|_| !ai);
        let load = |e: &PickEntry| match e.can_load {
            true => Outcome::Ask(DialogAsk::Expand(e.tree_idx)),
            false => Outcome::Consumed,
        };
        match action {
            Action::Back => self.picker = None,
            Action::Right => return group.map_or(Outcome::Consumed, load),
            Action::Toggle if ai => {
                if let Some((id, _)) = ctx.ai_fields.get(p.cursor)
                    && !p.chosen.remove(id)
                {
                    p.chosen.insert(*id);
                }
            }
            Action::Open | Action::Toggle if ai => {
                if p.chosen.is_empty()
                    && let Some((id, _)) = ctx.ai_fields.get(p.cursor)
                {
                    p.chosen.insert(*id);
                }
                self.ai_fields = p.chosen.iter().copied().collect();
                self.picker = None;
                return Outcome::Ask(DialogAsk::Preview);
            }
            Action::Open | Action::Toggle => {
                let Some(e) = group else {
                    return Outcome::Consumed;
                };
                let Some(pick) = &e.pick else {
                    return load(e);
                };
                if p.kind == PickerKind::AddGroup {
                    self.add_group = Some(pick.clone());
                } else {
                    self.remove_group = Some(pick.clone());
                }
                self.picker = None;
            }
            _ => {}
        }
        Outcome::Consumed
    }

    fn summary_action(&mut self, action: Action) -> Outcome<DialogAsk> {
        match action {
            Action::Up => self.summary_scroll = self.summary_scroll.saturating_sub(1),
            Action::Down => self.summary_scroll = self.summary_scroll.saturating_add(1),
            Action::Back | Action::Quit => self.stage = Stage::Form,
            Action::Submit => return Outcome::Ask(DialogAsk::Submit),
            _ => {}
        }
        Outcome::Consumed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn press(d: &mut Dialog, code: KeyCode) -> Outcome<DialogAsk> {
        let keymap = Keymap::default();
        let ctx = DialogContext {
            keymap: &keymap,
            fields: &[],
            rights_packages: &[],
            groups: &[],
            ai_fields: &[],
        };
        d.handle_key(&key(code), &ctx)
    }

    #[test]
    fn typing_tags_asks_for_suggestions_and_enter_keeps_the_text() {
        let mut d = Dialog::new(vec![1, 2], Some(2));
        let tags = Dialog::rows(&[])
            .iter()
            .position(|r| *r == Row::Tags)
            .unwrap();
        d.row = tags;
        assert_eq!(press(&mut d, KeyCode::Enter), Outcome::Consumed);
        assert!(d.editing.is_some());
        assert_eq!(
            press(&mut d, KeyCode::Char('s')),
            Outcome::Ask(DialogAsk::SuggestTags("s".into()))
        );
        assert_eq!(press(&mut d, KeyCode::Enter), Outcome::Consumed);
        assert_eq!(d.text_of(Row::Tags).as_deref(), Some("s"));
    }

    #[test]
    fn review_explains_what_is_missing_and_esc_asks_to_close() {
        let mut d = Dialog::new(vec![1], Some(1));
        press(&mut d, KeyCode::Char('s'));
        assert_eq!(d.note.as_deref(), Some("Choose at least one change"));
        assert_eq!(d.stage, Stage::Form);
        assert_eq!(press(&mut d, KeyCode::Esc), Outcome::Ask(DialogAsk::Close));
    }
}
