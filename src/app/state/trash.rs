//! The trash in the grid: `Enter` on the tree's Trash root (or `:trash`) lists what the
//! user's bulk jobs moved to the trash, with the server's count of all trashed assets;
//! `u` restores the marked assets (or the selected one) in one bulk job, after asking.

use super::bulk::plural;
use super::confirming::Purpose;
use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::BulkJobRequest;
use crate::panes::confirm::Confirm;
use crate::panes::results::Results;
use crate::protocol::{RequestKind, TrashList};
use crate::text::thousands;

impl App {
    /// Show the trash in the grid.
    pub(crate) fn open_trash(&mut self) {
        self.browse.trash_cursor = 0;
        self.list_trash();
    }

    /// Ask for the trash again, the cursor kept where it is (after a reload or a restore).
    pub(crate) fn list_trash(&mut self) {
        if self.grid.trash && !self.grid.loading {
            self.browse.trash_cursor = self.grid.cursor;
        }
        self.supersede_search();
        self.grid.reset(self.browse.page_size.clamp(1, 100));
        self.grid.trash = true;
        self.grid.clear_marks();
        self.details.asset = None;
        let generation = self.browse.search_generation;
        self.issue(Slot::Trash { generation }, RequestKind::TrashList);
        self.screen.dirty = true;
    }

    pub(crate) fn ask_trash_count(&mut self) {
        self.issue(Slot::TrashCount, RequestKind::TrashCount);
    }

    pub(super) fn on_trash_count(&mut self, result: ApiResult<i64>) {
        match result {
            Ok(n) => self.tree.trash_count = Some(n),
            Err(e) => tracing::info!("trash count: {e}"),
        }
    }

    pub(super) fn on_trash_list(&mut self, generation: u64, result: ApiResult<TrashList>) {
        if generation != self.browse.search_generation || !self.grid.trash {
            return;
        }
        self.grid.loading = false;
        let list = match result {
            Ok(list) => list,
            Err(e) => {
                self.grid.error = Some(crate::text::safe(&e.to_string()));
                return self.note_error("Could not list the trash", &e);
            }
        };
        if list.count.is_some() {
            self.tree.trash_count = list.count;
        }
        let listed = list.assets.len();
        self.grid.results = Results::from_assets(list.assets, None);
        self.grid.go_to(self.browse.trash_cursor);
        self.editor_follow_selection();
        self.request_details();
        self.want_shot();
        self.flash(
            trash_summary(listed, list.count, list.jobs, list.capped),
            false,
        );
    }

    /// `u` in the grid.
    pub(super) fn restore_from_trash(&mut self) {
        if !self.grid.trash {
            return self.flash(
                "u restores from the trash: open Trash at the foot of the tree (or :trash)",
                true,
            );
        }
        if self.session.read_only {
            return self.flash("Read-only mode: nothing is restored", true);
        }
        let wanted = self.grid.marked_or_selected();
        let ids: Vec<i64> = self
            .grid
            .results
            .loaded()
            .map(|(_, a)| a)
            .filter(|a| a.trashed_at.is_some() && wanted.contains(&a.id))
            .map(|a| a.id)
            .collect();
        if ids.is_empty() {
            return self.flash("Nothing to restore here", true);
        }
        if self.bulk.submit.busy() {
            return self.flash(
                "Another bulk job is being submitted: try again in a moment",
                true,
            );
        }
        let n = ids.len();
        self.ask(
            Confirm::cancel_or(
                "Restore from the trash",
                vec![
                    format!("Restore {} from the trash?", plural(n)),
                    "They go back to their folders, collections and lightboxes.".into(),
                ],
                "Restore",
            ),
            Purpose::RestoreFromTrash(ids),
        );
    }

    /// After the confirmation: one bulk job (sent once; its finish lists the trash again).
    pub(super) fn send_restore(&mut self, ids: Vec<i64>) {
        if self.bulk.submit.busy() {
            return self.flash(
                "Another bulk job is being submitted: try again in a moment",
                true,
            );
        }
        self.send_job(Box::new(BulkJobRequest {
            asset_ids: ids,
            restore_all: true,
            ..Default::default()
        }));
    }
}

/// What the status bar says once the trash is listed.
fn trash_summary(listed: usize, count: Option<i64>, jobs: usize, capped: bool) -> String {
    let jobs = match jobs {
        1 => "1 job".to_string(),
        n => format!("{} jobs", thousands(n as u64)),
    };
    let mut text = match count {
        Some(c) if c as usize > listed => format!(
            "{} in the trash; {} listed, from your {jobs} that trashed assets (the API lists no others)",
            thousands(c.max(0) as u64),
            thousands(listed as u64)
        ),
        _ if listed == 0 => "The trash holds nothing your bulk jobs put there".to_string(),
        _ => format!("{} in the trash · u restores", plural(listed)),
    };
    if capped {
        text.push_str(" · only the newest are listed");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::trash_summary;

    #[test]
    fn the_summary_says_what_is_listed_and_why_not_all() {
        assert_eq!(
            trash_summary(3, Some(3), 2, false),
            "3 assets in the trash · u restores"
        );
        assert_eq!(
            trash_summary(2, Some(40), 1, false),
            "40 in the trash; 2 listed, from your 1 job that trashed assets (the API lists no others)"
        );
        assert_eq!(
            trash_summary(0, Some(0), 0, false),
            "The trash holds nothing your bulk jobs put there"
        );
        assert!(trash_summary(2000, None, 9, true).ends_with("only the newest are listed"));
    }
}
