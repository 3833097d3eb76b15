//! The one confirm dialog: every question the app asks (unsaved edits, conflicts,
//! drafts, ratings on many assets, deleting a saved search, bulk jobs) opens the same
//! dialog with a [`Purpose`], gets keys before anything else, and its answer is sent to
//! the part of the app the purpose belongs to.

use crossterm::event::KeyEvent;

use super::App;
use super::editing::Deferred;
use crate::panes::confirm::{Answer, Confirm};

/// What the open confirm dialog is about, and so what its answer does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Save / Discard / Cancel unsaved edits, then do this.
    Leave(Deferred),
    /// The asset changed on the server while being edited.
    Conflict,
    RestoreDrafts,
    /// Delete this saved search (choice 1; 0 is Cancel).
    DeleteSaved {
        id: i64,
        name: String,
    },
    /// Delete this group (choice 1; 0 is Cancel).
    DeleteGroup(crate::protocol::GroupChange),
    /// Move this group (choice 1; 0 is Cancel).
    MoveGroup(crate::protocol::GroupChange),
    /// Delete this comment of the user's (choice 1; 0 is Cancel).
    DeleteComment {
        on: crate::api::models::Commentable,
        id: i64,
    },
    /// Make version `number` of this asset current (choice 1; 0 is Cancel).
    Revert {
        asset: i64,
        number: i64,
    },
    /// Revoke this share link (choice 1; 0 is Cancel).
    RevokeShareLink {
        agid: i64,
        id: i64,
    },
    RevokeShare(i64),
    GiveLightbox {
        id: i64,
        name: String,
        to: Vec<crate::api::models::Person>,
    },
    /// Set this rating on these assets (choice 1; 0 is Cancel).
    Rate {
        ids: Vec<i64>,
        rating: i64,
    },
    /// Save the editor although Ctrl-S came in a burst of input (choice 1).
    Save,
    /// Approve workflow step `step` for one of these sets of assets (choice 1 on; 0 is
    /// Cancel).
    Approve {
        step: i64,
        name: String,
        sets: Vec<Vec<i64>>,
    },
    /// What the loupe's `x` does: one of these (choice 1 on; 0 is Cancel).
    RejectAs(Vec<crate::panes::loupe::RejectAs>),
    /// Move these assets marked in the loupe to the trash (choice 1; 0 keeps them).
    TrashRejects(Vec<i64>),
    RestoreFromTrash(Vec<i64>),
    /// No lightbox is called `name`: make it (choice 1) or use `nearest` (choice 2).
    PicksLightbox {
        name: String,
        nearest: Option<String>,
    },
    Job(JobQuestion),
    /// Download these assets in the size of choice `n` (`sizes[n - 1]`; 0 is Cancel).
    Download {
        ids: Vec<i64>,
        sizes: Vec<String>,
        /// As one zip.
        zip: bool,
    },
    /// Upload these files (choice 1; 0 is Cancel).
    Upload(crate::protocol::transfers::UploadBatch),
    /// Resume the uploads of these batches a previous mgtui left (choice 1; 0 is Later).
    ResumeUploads(Vec<u64>),
    /// Judgements an earlier session did not save: send them now.
    SendUnsavedJudgements,
}

/// The questions about bulk jobs (answered in `bulk.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JobQuestion {
    /// Submit the bulk dialog's job (it has destructive lines).
    Submit,
    Cancel(String),
    Undo(String),
    /// Send the unconfirmed job again (the user was told it may not exist).
    Resubmit,
}

/// The open dialog and why it was opened.
#[derive(Debug, Clone)]
pub struct Asking {
    pub dialog: Confirm,
    pub(crate) purpose: Purpose,
}

impl App {
    /// Open the confirm dialog (replacing any open one).
    pub(crate) fn ask(&mut self, dialog: Confirm, purpose: Purpose) {
        self.modals.confirm = Some(Asking { dialog, purpose });
        self.screen.dirty = true;
    }

    pub(crate) fn asking(&self, purpose: &Purpose) -> bool {
        self.modals
            .confirm
            .as_ref()
            .is_some_and(|a| &a.purpose == purpose)
    }

    /// Keys for the open confirm dialog (it takes every key).
    pub(super) fn confirm_key(&mut self, key: KeyEvent) {
        let Some(asking) = &mut self.modals.confirm else {
            return;
        };
        if let Answer::Chosen(choice) = asking.dialog.handle_key(&key, &self.input.keymap) {
            if self.input.suspect && choice != asking.dialog.cancel {
                self.flash(super::SUSPECT_CONFIRM, true);
                return;
            }
            if let Some(asking) = self.modals.confirm.take() {
                self.confirmed(choice, asking.purpose);
            }
        }
    }

    /// The user chose `choice` (0 is the first button) in the dialog asked for `purpose`.
    fn confirmed(&mut self, choice: usize, purpose: Purpose) {
        match purpose {
            Purpose::Job(question) => self.job_confirmed(choice, question),
            Purpose::Download { ids, sizes, zip } => {
                self.download_confirmed(choice, ids, sizes, zip)
            }
            Purpose::Upload(batch) if choice == 1 => self.upload_confirmed(batch),
            Purpose::ResumeUploads(batches) if choice == 1 => self.resume_uploads(&batches),
            Purpose::SendUnsavedJudgements if choice == 1 => self.send_held_judgements(),
            Purpose::Leave(then) => self.leave_confirmed(choice, then),
            Purpose::Conflict => self.conflict_confirmed(choice),
            Purpose::RestoreDrafts => self.restore_confirmed(choice),
            Purpose::DeleteSaved { id, name } if choice == 1 => self.delete_saved(id, name),
            Purpose::DeleteGroup(change) if choice == 1 => self.send_group_change(change),
            Purpose::MoveGroup(change) if choice == 1 => self.send_group_change(change),
            Purpose::RevokeShareLink { agid, id } if choice == 1 => {
                self.revoke_share_link(agid, id)
            }
            Purpose::DeleteComment { on, id } if choice == 1 => self.delete_comment(on, id),
            Purpose::RevokeShare(id) if choice == 1 => self.revoke_share(id),
            Purpose::Revert { asset, number } if choice == 1 => self.revert_to(asset, number),
            Purpose::Rate { ids, rating } if choice == 1 => self.send_ratings(ids, rating),
            Purpose::Save if choice == 1 => self.save_editor(),
            Purpose::PicksLightbox { name, nearest } => self.picks_confirmed(choice, name, nearest),
            Purpose::RejectAs(options) => self.reject_as_confirmed(choice, options),
            Purpose::Approve { step, name, sets } => {
                self.approve_confirmed(choice, step, name, sets)
            }
            Purpose::TrashRejects(ids) => self.trash_rejects_confirmed(choice, ids),
            Purpose::GiveLightbox { id, name, to } => {
                self.give_lightbox_confirmed(choice, id, name, to)
            }
            Purpose::RestoreFromTrash(ids) if choice == 1 => self.send_restore(ids),
            Purpose::DeleteSaved { .. }
            | Purpose::DeleteGroup(_)
            | Purpose::MoveGroup(_)
            | Purpose::RevokeShareLink { .. }
            | Purpose::RevokeShare(_)
            | Purpose::DeleteComment { .. }
            | Purpose::Revert { .. }
            | Purpose::Rate { .. }
            | Purpose::Save
            | Purpose::Upload(_)
            | Purpose::ResumeUploads(_)
            | Purpose::SendUnsavedJudgements
            | Purpose::RestoreFromTrash(_) => {}
        }
    }
}
