//! The app's side of the metadata editor: opening and loading the form, saving through
//! the API task, the leave guard (Save / Discard / Cancel), conflicts, and drafts. A
//! child module of `state` so it can use the app's request slots; no I/O happens here —
//! drafts go out as [`Effect::WriteDrafts`].

use std::collections::{BTreeMap, BTreeSet};

use crossterm::event::KeyEvent;

use super::confirming::Purpose;
use super::{App, Focus, Slot};
use crate::api::ApiError;
use crate::app::effect::{Effect, FileReport};
use crate::editor::{Draft, Editor, Form, Outcome, SaveState};
use crate::keymap::{Action, Layer};
use crate::panes::confirm::{Choice, Confirm};
use crate::protocol::{MsgKind, RequestKind, SaveOutcome};
use crate::text::safe;

/// What to do once the user has answered the leave dialog (or the save it asked for
/// has succeeded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Deferred {
    Act(Action),
    Search {
        text: String,
        in_group: bool,
    },
    /// Just leave the editor.
    Close,
    /// Remove one filter (a chip clicked).
    RemoveFilter(crate::search::query::Filter),
    /// Move the grid by this many assets and edit that one.
    Step(isize),
}

/// A dialog's confirming key that came in a burst of input is not taken as an answer.
pub(crate) const SUSPECT_CONFIRM: &str =
    "That key came faster than a person types: press it again to confirm";

/// The metadata editor and what editing needs around it.
#[derive(Debug, Default)]
pub struct Editing {
    /// The editor, when open (drawn in the right pane).
    pub editor: Option<Editor>,
    after_save: Option<Deferred>,
    /// Every unsaved form known: this session's and earlier sessions' not yet restored.
    drafts: BTreeMap<i64, Draft>,
    drafts_changed: bool,
    /// Who this app writes drafts as (`None` in tests that run the app alone).
    owner: Option<crate::editor::drafts::DraftOwner>,
    /// Unsaved edits that other running mgtui instances hold, by asset.
    others: BTreeMap<i64, Draft>,
    /// Why the drafts file could not be written (the edits are only in memory).
    pub drafts_not_written: Option<String>,
}

impl App {
    /// How a file the event loop wrote for the app went.
    pub fn on_file_report(&mut self, report: FileReport) {
        match report {
            FileReport::DraftsWritten => {
                if self.edit.drafts_not_written.take().is_some() && !self.edit.drafts.is_empty() {
                    self.flash("Unsaved edits are on disk again", false);
                }
            }
            FileReport::DraftsNotWritten { path, error } => {
                if self.edit.drafts_not_written.is_none() {
                    self.flash(
                        format!(
                            "Drafts not written to {path}: {error} — your edits are kept in memory; save them (Ctrl-S) or free space"
                        ),
                        true,
                    );
                }
                self.edit.drafts_not_written = Some(error);
            }
            FileReport::SettingNotSaved { what, error } => {
                self.flash(format!("{what} is not remembered: {error}"), true)
            }
            FileReport::TransferJournalNotWritten { uploads, error } => self.flash(
                format!(
                    "Unfinished {} will not resume after a restart: {error}",
                    if uploads { "uploads" } else { "downloads" }
                ),
                true,
            ),
            FileReport::JudgementJournalNotWritten(error) => self.flash(
                format!("Unsaved judgements would not survive a crash: {error}"),
                true,
            ),
            FileReport::CommentDraftsNotWritten(error) => self.flash(
                format!("An unsent comment would not survive a crash: {error}"),
                true,
            ),
            FileReport::JournalNotWritten(error) => self.flash(
                format!("The job's description is not remembered for next time: {error}"),
                true,
            ),
        }
        self.screen.dirty = true;
    }

    /// Side effects for the event loop: the drafts file to write, when it changed.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        let mut out = Vec::new();
        if std::mem::take(&mut self.edit.drafts_changed) {
            out.push(Effect::WriteDrafts(
                self.edit.drafts.values().cloned().collect(),
            ));
        }
        if std::mem::take(&mut self.modals.comment_drafts_changed) {
            out.push(Effect::WriteCommentDrafts(
                self.modals.comment_drafts.clone(),
            ));
        }
        if self.screen.should_quit {
            // Leaving: the terminal need not keep this session's pictures.
            self.images.forget_all_kitty();
        }
        if !self.images.kitty_forget.is_empty() {
            out.push(Effect::ForgetImages(std::mem::take(
                &mut self.images.kitty_forget,
            )));
        }
        if let Some(seq) = self.screen.clipboard.take() {
            out.push(Effect::Clipboard(seq));
        }
        let loupe = &mut self.modals.loupe;
        if let Some(unsaved) = loupe.writes.take_journal(&loupe.trash) {
            out.push(Effect::WriteJudgementJournal(unsaved));
        }
        if let Some(unfinished) = self.transfers.queue.take_unfinished() {
            out.push(Effect::WriteDownloadJournal(unfinished.downloads));
            out.push(Effect::WriteUploadJournal(unfinished.uploads));
        }
        if std::mem::take(&mut self.transfers.dir_changed) {
            out.push(Effect::SaveSetting(
                "download_dir",
                self.transfers.dir.display().to_string(),
                "The download directory",
            ));
        }
        if std::mem::take(&mut self.grid.tile_size_changed) {
            out.push(Effect::SaveSetting(
                "tile_size",
                self.grid.tile_size.name().to_string(),
                "The tile size",
            ));
        }
        out.extend(
            std::mem::take(&mut self.bulk.to_journal)
                .into_iter()
                .map(|(guid, d)| Effect::RecordJob(guid, d)),
        );
        out
    }

    /// The drafts the app holds (what the drafts file should contain).
    pub fn drafts(&self) -> Vec<Draft> {
        self.edit.drafts.values().cloned().collect()
    }

    /// Who this app writes its drafts as.
    pub(crate) fn set_draft_owner(&mut self, owner: crate::editor::drafts::DraftOwner) {
        self.edit.owner = Some(owner);
    }

    /// Drafts found at start-up: offer to restore them.
    pub fn offer_drafts(&mut self, drafts: Vec<Draft>) {
        if drafts.is_empty() {
            return;
        }
        for d in drafts {
            self.edit.drafts.insert(d.asset_id, d);
        }
        self.show_restore_offer();
    }

    /// What the drafts file holds now (read by the event loop when it changes), with
    /// the assets whose drafts belong to other running instances. A draft offered here
    /// that another instance restored and saved (or took over) leaves the offer; the
    /// other instances' drafts are remembered to warn before editing the same asset.
    pub(crate) fn on_disk_drafts(&mut self, on_disk: Vec<Draft>, live_others: &BTreeSet<i64>) {
        let me = self.edit.owner.clone();
        let on_disk: BTreeMap<i64, Draft> = on_disk.into_iter().map(|d| (d.asset_id, d)).collect();
        self.edit.others = on_disk
            .values()
            .filter(|d| live_others.contains(&d.asset_id) && d.owner != me)
            .map(|d| (d.asset_id, d.clone()))
            .collect();
        let editing = self.edit.editor.as_ref().map(|e| e.asset_id);
        let gone: Vec<i64> = self
            .edit
            .drafts
            .values()
            .filter(|d| d.owner != me && Some(d.asset_id) != editing)
            .filter(|d| !on_disk.contains_key(&d.asset_id) || live_others.contains(&d.asset_id))
            .map(|d| d.asset_id)
            .collect();
        if gone.is_empty() {
            return;
        }
        for id in &gone {
            self.edit.drafts.remove(id);
        }
        if self.asking(&Purpose::RestoreDrafts) {
            if self.edit.drafts.values().any(|d| d.owner != me) {
                self.show_restore_offer();
            } else {
                self.modals.confirm = None;
                self.flash("The unsaved edits were taken up in another mgtui", false);
            }
        }
        self.screen.dirty = true;
    }

    /// The restore dialog, listing the drafts from earlier sessions still held.
    fn show_restore_offer(&mut self) {
        let me = self.edit.owner.clone();
        let mut message = vec!["Unsaved edits from an earlier session were found:".to_string()];
        for d in self.edit.drafts.values().filter(|d| d.owner != me) {
            let n = d.fields.len();
            message.push(format!(
                "• {} — {n} field{}",
                safe(&d.label),
                if n == 1 { "" } else { "s" }
            ));
        }
        message.push(
            "Restore opens the editor with them; Later keeps them for when you edit those assets."
                .into(),
        );
        self.ask(
            Confirm::new(
                "Restore drafts?",
                message,
                vec![
                    Choice::new("Restore", 'r'),
                    Choice::new("Later", 'l'),
                    Choice::new("Discard", 'd'),
                ],
                0,
                1,
            ),
            Purpose::RestoreDrafts,
        );
        self.screen.dirty = true;
    }

    /// Whether the editor holds edits that are not saved.
    pub(crate) fn editor_dirty(&self) -> bool {
        self.edit.editor.as_ref().is_some_and(Editor::is_dirty)
    }

    /// The keymap layer the hint bar shows.
    pub(crate) fn hint_layer(&self) -> Layer {
        if self.modals.confirm.is_some() {
            Layer::Dialog
        } else if self.edit.editor.is_some() && self.focus == Focus::Details {
            Layer::Editor
        } else {
            self.focus.layer()
        }
    }

    /// Keys for the focused editor. True when used.
    pub(super) fn editor_key(&mut self, key: KeyEvent) -> bool {
        if self.focus != Focus::Details {
            return false;
        }
        let Some(ed) = &mut self.edit.editor else {
            return false;
        };
        let action = self.input.keymap.lookup_only(Layer::Editor, &key);
        let out = ed.handle_key(action, &key);
        self.on_outcome(out);
        true
    }

    /// Bracketed paste into the focused field. True when used.
    pub(super) fn editor_paste(&mut self, text: &str) -> bool {
        if self.focus != Focus::Details {
            return false;
        }
        let Some(ed) = &mut self.edit.editor else {
            return false;
        };
        let out = ed.paste(text);
        self.on_outcome(out);
        true
    }

    fn on_outcome(&mut self, out: Outcome) {
        match out {
            Outcome::None => {}
            Outcome::Changed => self.sync_draft(),
            Outcome::Leave => self.leave_editor(),
            Outcome::Save if self.input.suspect => {
                self.ask(
                    Confirm::cancel_or(
                        "Save",
                        vec![
                        "Ctrl-S came faster than a person types (a paste, or a terminal's answer)."
                            .into(),
                        "Save the changed fields?".into(),
                    ],
                        "Save",
                    ),
                    Purpose::Save,
                );
            }
            Outcome::Save => self.save_editor(),
            Outcome::TagQuery(q) => {
                if !q.is_empty() {
                    self.issue(Slot::TagSuggest, RequestKind::TagSuggestions { q });
                }
            }
            Outcome::App(Action::Quit) => {
                if !self.guard(Deferred::Act(Action::Quit)) {
                    self.screen.should_quit = true;
                }
            }
            Outcome::App(Action::Help) => {
                self.modals.overlay = super::Overlay::Help { scroll: 0 };
            }
            Outcome::App(Action::NextAsset) => self.step(1),
            Outcome::App(Action::PrevAsset) => self.step(-1),
            Outcome::App(_) => {}
        }
    }

    fn step(&mut self, by: isize) {
        if !self.guard(Deferred::Step(by)) {
            self.run_deferred(Deferred::Step(by));
        }
    }

    /// Ask Save / Discard / Cancel before `then` when the form is dirty. True when the
    /// dialog was opened (the caller must stop).
    pub(super) fn guard(&mut self, then: Deferred) -> bool {
        if !self.editor_dirty() {
            return false;
        }
        let (label, n) = self
            .edit
            .editor
            .as_ref()
            .and_then(|e| e.form.as_ref())
            .map(|f| (f.label.clone(), f.dirty_count()))
            .unwrap_or_default();
        let what = match &then {
            Deferred::Act(Action::Quit) => "before quitting",
            Deferred::Close => "before leaving the editor",
            Deferred::Step(_) => "before moving to another asset",
            Deferred::Search { .. } => "before running the search",
            Deferred::RemoveFilter(_) => "before changing the filters",
            Deferred::Act(_) => "before leaving this asset",
        };
        self.ask(
            Confirm::new(
                "Unsaved changes",
                vec![
                    format!(
                        "“{}” has {n} unsaved change{}.",
                        safe(&label),
                        if n == 1 { "" } else { "s" }
                    ),
                    format!("Save them {what}?"),
                ],
                vec![
                    Choice::new("Save", 's'),
                    Choice::new("Discard", 'd'),
                    Choice::new("Cancel", 'c'),
                ],
                2,
                2,
            ),
            Purpose::Leave(then),
        );
        self.screen.dirty = true;
        true
    }

    /// A rating on many assets, or from a key that came too fast: ask first.
    pub(super) fn ask_before_rating(&mut self, ids: Vec<i64>, rating: i64, why: &str) {
        let n = ids.len();
        let what = if n == 1 {
            format!("Set rating {rating} on the selected asset?")
        } else {
            format!("Set rating {rating} on {n} assets?")
        };
        self.ask(
            Confirm::cancel_or("Set rating", vec![why.to_string(), what], "Rate"),
            Purpose::Rate { ids, rating },
        );
        self.screen.dirty = true;
    }

    /// Whether `action` (from the panes, not the editor) would take the user away from
    /// a dirty form; if so the leave dialog is opened and true returned.
    pub(super) fn guard_action(&mut self, action: Action) -> bool {
        if !self.editor_dirty() {
            return false;
        }
        use Action::*;
        let leaves = match action {
            Quit | Refresh | NextAsset | PrevAsset | ClearFilters => true,
            _ => match self.focus {
                Focus::Grid => matches!(
                    action,
                    Up | Down
                        | Left
                        | Right
                        | PageUp
                        | PageDown
                        | Home
                        | End
                        | Back
                        | CycleSort
                        | ReverseSort
                        | ClearFilters
                ),
                Focus::Tree => matches!(action, Open),
                Focus::Details => false,
                Focus::Jobs => matches!(action, OpenInGrid),
                Focus::Facets => matches!(action, Open | ToggleMark),
                Focus::Transfers => false,
            },
        };
        leaves && self.guard(Deferred::Act(action))
    }

    pub(super) fn leave_confirmed(&mut self, choice: usize, then: Deferred) {
        match choice {
            0 => {
                self.edit.after_save = Some(then);
                self.save_editor();
            }
            1 => {
                self.discard_editor();
                self.flash("Changes discarded", false);
                self.run_deferred(then);
            }
            _ => {}
        }
    }

    pub(super) fn conflict_confirmed(&mut self, choice: usize) {
        match choice {
            0 => self.overwrite(),
            1 => self.reload_from_conflict(),
            2 => {
                self.edit.after_save = None;
                if let Some(ed) = &mut self.edit.editor {
                    ed.comparing = true;
                }
                self.focus = Focus::Details;
            }
            _ => self.edit.after_save = None,
        }
    }

    pub(super) fn restore_confirmed(&mut self, choice: usize) {
        match choice {
            0 => {
                let first = self.edit.drafts.keys().next().copied();
                if let Some(id) = first {
                    // The grid shows the draft's asset, so Ctrl-N/Ctrl-P and the
                    // details start from it: in place if loaded, else on its own.
                    match self.grid.results.position(id) {
                        Some(i) => self.grid.cursor = i,
                        None => {
                            let label = self
                                .edit
                                .drafts
                                .get(&id)
                                .map_or_else(|| id.to_string(), |d| d.label.clone());
                            self.show_only(vec![id], Vec::new(), label);
                        }
                    }
                    self.open_editor_for(id);
                }
            }
            2 => {
                self.edit.drafts.clear();
                self.edit.drafts_changed = true;
                self.flash("Drafts discarded", false);
            }
            _ => self.flash(
                "Drafts kept: they come back when you edit those assets (e)",
                false,
            ),
        }
    }

    fn run_deferred(&mut self, then: Deferred) {
        match then {
            Deferred::Act(a) => self.act(a),
            Deferred::Search { text, in_group } => self.run_search(text, in_group),
            Deferred::RemoveFilter(f) => self.remove_filter(&f),
            Deferred::Close => {
                self.edit.editor = None;
                self.focus = Focus::Grid;
            }
            Deferred::Step(by) => {
                self.edit.editor = None;
                let before = self.grid.cursor;
                self.grid.move_by(by, 0);
                self.load_needed_pages();
                if self.grid.cursor != before {
                    self.details.scroll = 0;
                }
                self.open_editor();
            }
        }
    }

    /// `e` / Enter on the details pane: edit the selected asset.
    pub(super) fn open_editor(&mut self) {
        if self.session.read_only {
            self.flash("Read-only mode: metadata cannot be edited", true);
            return;
        }
        let Some(id) = self.grid.selected().map(|a| a.id) else {
            return;
        };
        if let Some(ed) = &self.edit.editor
            && ed.asset_id == id
        {
            self.focus = Focus::Details;
            return;
        }
        if self.guard(Deferred::Act(Action::Edit)) {
            return;
        }
        self.open_editor_for(id);
    }

    fn open_editor_for(&mut self, id: i64) {
        let mut ed = Editor::loading(id);
        ed.pending_draft = self.edit.drafts.get(&id).cloned();
        if let Some(other) = self.edit.others.get(&id) {
            let fields: Vec<&str> = other.fields.keys().map(String::as_str).collect();
            let who = other.owner.as_ref().map_or_else(
                || "another mgtui".to_string(),
                |o| format!("mgtui ({})", o.describe()),
            );
            self.flash(
                format!(
                    "Another {who} has unsaved edits of this asset: {}. Whoever saves second is told of the conflict.",
                    fields.join(", ")
                ),
                true,
            );
        }
        self.edit.editor = Some(ed);
        self.focus = Focus::Details;
        self.issue(Slot::EditorLoad, RequestKind::AssetDetails { id });
        self.fetch_rights_packages();
    }

    /// Esc on an unchanged field: leave (asking first when something is unsaved).
    fn leave_editor(&mut self) {
        if self.guard(Deferred::Close) {
            return;
        }
        self.edit.editor = None;
        self.focus = Focus::Grid;
    }

    /// Close the editor after a grid move when it has nothing unsaved.
    pub(super) fn editor_follow_selection(&mut self) {
        let sel = self.grid.selected().map(|a| a.id);
        if let Some(ed) = &self.edit.editor
            && Some(ed.asset_id) != sel
            && !ed.is_dirty()
            && !ed.saving()
        {
            self.edit.editor = None;
            if self.focus == Focus::Details {
                self.focus = Focus::Grid;
            }
        }
    }

    fn discard_editor(&mut self) {
        if let Some(ed) = self.edit.editor.take() {
            self.edit.drafts.remove(&ed.asset_id);
            self.edit.drafts_changed = true;
        }
        if self.focus == Focus::Details {
            self.focus = Focus::Grid;
        }
    }

    /// Keep the drafts map in step with the form (called on every change).
    fn sync_draft(&mut self) {
        let Some(ed) = &self.edit.editor else {
            return;
        };
        let Some(form) = &ed.form else {
            return;
        };
        match form.to_draft() {
            Some(mut d) => {
                d.owner = self.edit.owner.clone();
                self.edit.drafts.insert(ed.asset_id, d);
            }
            None => {
                self.edit.drafts.remove(&ed.asset_id);
            }
        }
        self.edit.drafts_changed = true;
    }

    /// Ctrl-S: send the changed fields (after a conflict check in the API task).
    pub(super) fn save_editor(&mut self) {
        let Some(ed) = &mut self.edit.editor else {
            self.edit.after_save = None;
            return;
        };
        let Some(form) = &mut ed.form else {
            self.edit.after_save = None;
            return;
        };
        if ed.save == SaveState::Saving {
            self.flash("Already saving…", false);
            return;
        }
        if !form.is_dirty() {
            self.flash("Nothing to save", false);
            if let Some(then) = self.edit.after_save.take() {
                self.edit.editor = None;
                self.run_deferred(then);
            }
            return;
        }
        let invalid: Vec<(usize, String)> = form
            .invalid_fields()
            .iter()
            .map(|f| {
                (
                    form.fields.iter().position(|x| x.id == f.id).unwrap_or(0),
                    format!("{} {}", f.label, f.local_error().unwrap_or_default()),
                )
            })
            .collect();
        if let Some((i, _)) = invalid.first() {
            form.focus = *i;
            let text = invalid
                .iter()
                .map(|(_, m)| m.clone())
                .collect::<Vec<_>>()
                .join("; ");
            self.edit.after_save = None;
            self.flash(format!("Not saved — fix first: {text}"), true);
            return;
        }
        form.clear_errors();
        let update = form.update();
        let n = form.dirty_count();
        let id = ed.asset_id;
        let expected_updated_at = form.base_updated_at.clone();
        ed.save = SaveState::Saving;
        ed.comparing = false;
        self.issue(
            Slot::EditorSave,
            RequestKind::SaveAsset {
                id,
                update: Box::new(update),
                expected_updated_at,
            },
        );
        self.flash(
            format!("Saving {n} change{}…", if n == 1 { "" } else { "s" }),
            false,
        );
    }

    fn overwrite(&mut self) {
        let (meta, packages) = (
            self.session.fields.clone(),
            self.session.rights_packages.clone(),
        );
        if let Some(ed) = &mut self.edit.editor
            && let Some(server) = ed.conflict.take()
            && let Some(form) = &mut ed.form
        {
            form.rebase(&server, &meta, &packages);
        }
        self.sync_draft();
        self.save_editor();
    }

    fn reload_from_conflict(&mut self) {
        self.edit.after_save = None;
        let (meta, packages) = (
            self.session.fields.clone(),
            self.session.rights_packages.clone(),
        );
        let read_only = self.session.read_only;
        if let Some(ed) = &mut self.edit.editor
            && let Some(server) = ed.conflict.take()
        {
            let focus = ed.form.as_ref().map(|f| f.focus).unwrap_or(0);
            let mut form = Form::new(&server, &meta, &packages, read_only);
            form.focus = focus.min(form.fields.len().saturating_sub(1));
            ed.form = Some(form);
            ed.comparing = false;
            self.grid.replace((*server).clone());
        }
        self.sync_draft();
        self.flash("Reloaded from the server; your edits were dropped", false);
    }

    /// Answers for the editor's request slots.
    pub(super) fn on_editor_msg(&mut self, slot: Slot, kind: MsgKind) {
        match (slot, kind) {
            (Slot::EditorLoad, MsgKind::AssetDetails(r)) => match r {
                Ok(a) => {
                    let form = Form::new(
                        &a,
                        &self.session.fields,
                        &self.session.rights_packages,
                        self.session.read_only,
                    );
                    let Some(ed) = &mut self.edit.editor else {
                        return;
                    };
                    if ed.asset_id != a.id || ed.form.is_some() {
                        return;
                    }
                    let restored = ed.loaded(form);
                    if self.grid.selected().map(|s| s.id) == Some(a.id) {
                        self.details.asset = Some(a.clone());
                    }
                    self.grid.replace(a);
                    if restored > 0 {
                        self.sync_draft();
                        self.flash(
                            format!(
                                "Restored {restored} unsaved field{} from a draft",
                                if restored == 1 { "" } else { "s" }
                            ),
                            false,
                        );
                    }
                }
                Err(e) => {
                    self.edit.editor = None;
                    if self.focus == Focus::Details {
                        self.focus = Focus::Grid;
                    }
                    self.note_error("Could not open the editor", &e);
                }
            },
            (_, MsgKind::TagSuggestions { q, result }) => match result {
                Ok(tags) => {
                    // The bulk dialog's tags row asks too; it gets them while it types.
                    if let Some(d) = &mut self.bulk.dialog
                        && let Some((crate::bulk::dialog::Row::Tags, input)) = &d.editing
                    {
                        let typed = input.value().to_lowercase();
                        if crate::bulk::dialog::Dialog::tag_fragment(&typed) == q.to_lowercase() {
                            let have: Vec<String> =
                                typed.split(',').map(|t| t.trim().to_string()).collect();
                            d.tag_suggestions = tags
                                .into_iter()
                                .filter_map(|t| t.name)
                                .map(|n| safe(&n))
                                .filter(|n| !have.contains(&n.to_lowercase()))
                                .take(8)
                                .collect();
                            d.suggestion = None;
                        }
                        return;
                    }
                    if let Some(ed) = &mut self.edit.editor {
                        let names = tags
                            .into_iter()
                            .filter_map(|t| t.name)
                            .map(|n| safe(&n))
                            .collect();
                        ed.set_tag_suggestions(&q, names);
                    }
                }
                Err(e) => tracing::info!("tag suggestions: {e}"),
            },
            (_, MsgKind::Saved { id, outcome }) => self.on_saved(id, outcome),
            _ => {}
        }
    }

    fn on_saved(&mut self, id: i64, outcome: SaveOutcome) {
        let ours = self.edit.editor.as_ref().is_some_and(|e| e.asset_id == id);
        if let Some(ed) = self.edit.editor.as_mut().filter(|_| ours) {
            ed.save = SaveState::Idle;
        }
        match outcome {
            SaveOutcome::Saved(a) => {
                let a = *a;
                if self.details.asset.as_ref().map(|d| d.id) == Some(id) {
                    self.details.asset = Some(a.clone());
                }
                self.grid.replace(a.clone());
                if !ours {
                    return;
                }
                let (meta, packages) = (
                    self.session.fields.clone(),
                    self.session.rights_packages.clone(),
                );
                if let Some(form) = self.edit.editor.as_mut().and_then(|e| e.form.as_mut()) {
                    // Edits typed while the save ran stay dirty; the rest become clean.
                    form.rebase(&a, &meta, &packages);
                    form.clear_errors();
                }
                self.sync_draft();
                self.flash(format!("Saved “{}”", safe(&a.label())), false);
                if let Some(then) = self.edit.after_save.take() {
                    self.edit.editor = None;
                    self.run_deferred(then);
                }
            }
            SaveOutcome::Conflict(server) => {
                if !ours {
                    return;
                }
                let label = server.label();
                if let Some(ed) = &mut self.edit.editor {
                    ed.conflict = Some(server);
                }
                self.ask(Confirm::new(
                    "Changed on the server",
                    vec![
                        format!(
                            "“{}” was changed on the server after you opened it.",
                            safe(&label)
                        ),
                        "Overwrite: save your changed fields over theirs (other fields keep the server's values).".into(),
                        "Reload: drop your edits and load the server's version.".into(),
                        "Compare: see both, field by field.".into(),
                    ],
                    vec![
                        Choice::new("Overwrite", 'o'),
                        Choice::new("Reload", 'r'),
                        Choice::new("Compare", 'c'),
                        Choice::new("Cancel", 'n'),
                    ],
                    3,
                    3,
                ), Purpose::Conflict);
                self.flash("Not saved: the asset changed on the server", true);
            }
            SaveOutcome::Failed(e) => {
                self.edit.after_save = None;
                if !ours {
                    self.note_error("Save failed", &e);
                    return;
                }
                let text = match &e {
                    ApiError::Validation { fields, message } => {
                        let rest = self
                            .edit
                            .editor
                            .as_mut()
                            .and_then(|ed| ed.form.as_mut())
                            .map(|f| f.apply_server_errors(fields))
                            .unwrap_or_default();
                        let n = fields.len() - rest.len();
                        let mut t = format!(
                            "Not saved: the server rejected {n} field{} (see the form)",
                            if n == 1 { "" } else { "s" }
                        );
                        if !rest.is_empty() {
                            t = format!("Not saved: {}", rest.join("; "));
                        } else if fields.is_empty() {
                            t = format!("Not saved: {message}");
                        }
                        t
                    }
                    ApiError::Forbidden { message } => format!(
                        "Not saved: you may not edit this asset ({message}); your edits are kept"
                    ),
                    other => format!("Not saved: {other} — your edits are kept; C-s to try again"),
                };
                if e.status().is_none() {
                    self.session.connection = super::Connection::Failing(e.to_string());
                }
                tracing::warn!("save of asset {id} failed: {e}");
                if let Some(ed) = &mut self.edit.editor {
                    ed.save = SaveState::Failed(text.clone());
                }
                self.flash(text, true);
            }
        }
    }
}
