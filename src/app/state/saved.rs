//! Saved searches: the tree's fourth root, `:save`, `:saved`, `:rename-saved`, and
//! deleting one (confirmed, default Cancel). A saved search is stored as the API's SQL
//! WHERE clause (`crate::search::saved`); running one turns it back into the `/` line's
//! filters and scope, so it can be refined like any search.

use super::confirming::Purpose;
use super::{App, Focus, Slot};
use crate::api::ApiResult;
use crate::api::models::{SavedSearch, SearchScope};
use crate::panes::confirm::Confirm;
use crate::panes::tree::Section;
use crate::protocol::{NodeRef, RequestKind, SavedChange};
use crate::search::saved::{from_sql, to_sql};
use crate::text::safe;

impl App {
    /// The tree index of the "Saved Searches" root.
    fn saved_root(&self) -> Option<usize> {
        self.tree
            .items
            .iter()
            .position(|it| it.section == Section::SavedSearches && it.parent.is_none())
    }

    /// In read-only mode, say so ("saved searches cannot be {what}") and refuse.
    fn refuse_read_only(&mut self, what: &str) -> bool {
        if self.session.read_only {
            self.flash(
                format!("Read-only mode: saved searches cannot be {what}"),
                true,
            );
        }
        self.session.read_only
    }

    /// The saved search under the tree cursor.
    fn saved_under_cursor(&self) -> Option<SavedSearch> {
        let i = self.tree.current()?;
        self.tree.items[i].saved.clone()
    }

    /// Fetch the list again (after a change), keeping the root open.
    fn reload_saved(&mut self) {
        if let Some(root) = self.saved_root() {
            // An empty list is a leaf; forget it either way so expanding fetches.
            self.tree.items[root].children = crate::panes::tree::Children::Unknown;
            self.expand(root);
        }
    }

    pub(super) fn on_saved_list(&mut self, node: NodeRef, result: ApiResult<Vec<SavedSearch>>) {
        if let Err(e) = &result {
            self.note_error("Could not load saved searches", e);
        }
        self.tree.apply_saved(node, result);
    }

    /// Run the saved search at tree index `idx`: its filters and scope replace the
    /// current search.
    pub(super) fn run_saved(&mut self, idx: usize) {
        let Some(saved) = self.tree.items[idx].saved.clone() else {
            return;
        };
        let name = saved.display_name();
        let (parsed, scope) = match from_sql(saved.sql.as_deref().unwrap_or("")) {
            Ok(q) => q,
            Err(e) => {
                self.flash(format!("Cannot run “{}”: {}", safe(&name), safe(&e)), true);
                return;
            }
        };
        self.clear_query();
        parsed.apply_to(&mut self.browse.query);
        let line = parsed.to_line();
        self.browse.query_text = (!line.is_empty()).then_some(line);
        self.browse.filters = parsed;
        self.browse.query.scope = scope;
        self.tree.selected = Some(idx);
        self.focus = Focus::Grid;
        self.start_search();
        self.flash(format!("Saved search “{}”", safe(&name)), false);
    }

    /// `:saved NAME`: the best fuzzy match among the loaded saved searches.
    pub(super) fn run_saved_named(&mut self, name: &str) {
        let found = crate::command::best_match(
            name,
            self.tree
                .attached()
                .into_iter()
                .filter(|(_, it)| it.saved.is_some())
                .map(|(i, it)| (i, it.label.as_str())),
        );
        match found {
            Some(idx) => {
                if self.refuse_while_editing() {
                    return;
                }
                if let Some(root) = self.saved_root() {
                    self.tree.items[root].expanded = true;
                }
                if let Some(pos) = self.tree.visible().iter().position(|&i| i == idx) {
                    self.tree.cursor = pos;
                }
                self.run_saved(idx);
            }
            None => self.flash(format!("No saved search matches “{}”", safe(name)), true),
        }
    }

    /// `:save NAME`: the current text, filters and scope.
    pub(super) fn save_current_search(&mut self, name: String) {
        if self.refuse_read_only("created") {
            return;
        }
        if self.browse.filters == Default::default()
            && self.browse.query.scope == SearchScope::Library
        {
            self.flash(
                "Nothing to save: search, filter or open a folder first",
                true,
            );
            return;
        }
        let sql = to_sql(&self.browse.filters, &self.browse.query.scope);
        let line = self.browse.filters.to_line();
        let description = format!(
            "Saved from mgtui: {}{}",
            if line.is_empty() { "all assets" } else { &line },
            match self.tree.selected {
                Some(i) if self.browse.query.scope != SearchScope::Library => {
                    format!(" in {}", self.tree.breadcrumb(i))
                }
                _ => String::new(),
            }
        );
        self.issue(
            Slot::SavedSearchEdit,
            RequestKind::SavedSearchChange(SavedChange::Create {
                name,
                description,
                sql,
            }),
        );
    }

    /// `:rename-saved NAME` on the saved search under the tree cursor.
    pub(super) fn rename_saved(&mut self, name: String) {
        if self.refuse_read_only("renamed") {
            return;
        }
        let Some(saved) = self.saved_under_cursor() else {
            self.flash(
                "Put the tree cursor on a saved search first (R does both)",
                true,
            );
            return;
        };
        self.issue(
            Slot::SavedSearchEdit,
            RequestKind::SavedSearchChange(SavedChange::Rename { id: saved.id, name }),
        );
    }

    /// `R` in the tree: the command line, ready to rename the saved search.
    pub(super) fn start_rename_saved(&mut self) {
        if self.refuse_read_only("renamed") {
            return;
        }
        match self.saved_under_cursor() {
            Some(s) => {
                self.modals.command = Some(tui_input::Input::new(format!(
                    "rename-saved {}",
                    s.display_name()
                )))
            }
            None => self.flash("Only saved searches can be renamed here", true),
        }
    }

    /// `D` in the tree: ask, default Cancel.
    pub(super) fn ask_delete_saved(&mut self) {
        if self.refuse_read_only("deleted") {
            return;
        }
        let Some(saved) = self.saved_under_cursor() else {
            self.flash("Only saved searches can be deleted here", true);
            return;
        };
        self.ask(
            Confirm::cancel_or(
                "Delete saved search",
                vec![
                    format!("Delete the saved search “{}”?", safe(&saved.display_name())),
                    "Its assets stay; only the saved search goes, for every app.".to_string(),
                ],
                "Delete",
            ),
            Purpose::DeleteSaved {
                id: saved.id,
                name: saved.display_name(),
            },
        );
    }

    pub(super) fn delete_saved(&mut self, id: i64, name: String) {
        self.issue(
            Slot::SavedSearchEdit,
            RequestKind::SavedSearchChange(SavedChange::Delete { id, name }),
        );
    }

    pub(super) fn on_saved_change(&mut self, change: SavedChange, result: ApiResult<()>) {
        match result {
            Ok(()) => {
                let text = match &change {
                    SavedChange::Create { name, .. } => format!("Saved “{}”", safe(name)),
                    SavedChange::Rename { name, .. } => format!("Renamed to “{}”", safe(name)),
                    SavedChange::Delete { name, .. } => format!("Deleted “{}”", safe(name)),
                };
                self.flash(text, false);
                self.reload_saved();
            }
            Err(e) => {
                let what = match change {
                    SavedChange::Create { .. } => "Search not saved",
                    SavedChange::Rename { .. } => "Saved search not renamed",
                    SavedChange::Delete { .. } => "Saved search not deleted",
                };
                self.note_error(what, &e);
            }
        }
    }
}
