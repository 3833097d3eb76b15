//! Groups in the tree: `n` a new storage folder, collection or lightbox under the cursor,
//! `R` rename, `D` delete (confirmed, Cancel the default; the name typed when the group
//! holds anything). The tree changes in place when the server answers. `R` and `D` on a
//! saved search go to `saved.rs`.

use super::confirming::Purpose;
use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::{GroupKind, GroupNode, SearchQuery, SearchScope};
use crate::panes::confirm::Confirm;
use crate::panes::tree::Section;
use crate::protocol::{GroupChange, NodeRef, RequestKind};
use crate::text::{safe, thousands};

/// Longer names are refused here rather than cut by the server.
const MAX_NAME: usize = 255;

/// Where `n` creates: the tree item, the kind, and the parent group (none at a root).
struct Target {
    idx: usize,
    kind: GroupKind,
    node: Option<GroupNode>,
}

impl App {
    /// The group (or root) under the tree cursor, or why nothing can be done there.
    fn group_target(&self) -> Result<Target, &'static str> {
        let idx = self.tree.current().ok_or("Nothing under the tree cursor")?;
        let item = &self.tree.items[idx];
        let Section::Groups(kind) = item.section else {
            return Err("Saved searches are made with :save");
        };
        Ok(Target {
            idx,
            kind,
            node: item.node.clone(),
        })
    }

    pub(super) fn refuse_group_write(&mut self, what: &str) -> bool {
        if self.session.read_only {
            self.flash(format!("Read-only mode: groups cannot be {what}"), true);
        }
        self.session.read_only
    }

    /// A name the user typed, cleaned: no control characters, trimmed, not empty.
    fn group_name(&mut self, typed: &str) -> Option<String> {
        let name = safe(typed).trim().to_string();
        if name.is_empty() {
            self.flash("A name cannot be blank", true);
            return None;
        }
        if name.chars().count() > MAX_NAME {
            self.flash(format!("A name has at most {MAX_NAME} characters"), true);
            return None;
        }
        Some(name)
    }

    /// Whether the tree cursor is on a saved search (`R` and `D` go to `saved.rs`).
    fn on_saved_search(&self) -> bool {
        self.tree
            .current()
            .is_some_and(|i| self.tree.items[i].saved.is_some())
    }

    /// `n`: the command line, ready for the new group's name.
    pub(super) fn start_new_group(&mut self) {
        if self.refuse_group_write("created") {
            return;
        }
        match self.group_target() {
            Ok(t) if t.node.as_ref().is_some_and(|n| n.editable == Some(false)) => {
                self.flash("You cannot add to this group", true)
            }
            Ok(_) => self.modals.command = Some(tui_input::Input::new("new ".to_string())),
            Err(why) => self.flash(why, true),
        }
    }

    /// `:new NAME` under the tree cursor.
    pub(super) fn create_group(&mut self, typed: String) {
        if self.refuse_group_write("created") {
            return;
        }
        let target = match self.group_target() {
            Ok(t) => t,
            Err(why) => return self.flash(why, true),
        };
        let Some(name) = self.group_name(&typed) else {
            return;
        };
        let parent = match &target.node {
            Some(n) => match n.id.as_i64() {
                Some(id) => Some(id),
                None => return self.flash("This node cannot hold groups", true),
            },
            None => None,
        };
        let place = match parent {
            Some(_) => format!("in {}", self.tree.breadcrumb(target.idx)),
            None => format!("at the top of {}", target.kind.plural_label()),
        };
        self.flash(
            format!(
                "Creating the {} “{name}” {place}…",
                target.kind.singular_label()
            ),
            false,
        );
        self.send_group_change(GroupChange::Create {
            node: NodeRef(target.idx),
            kind: target.kind,
            parent,
            name,
        });
    }

    /// `R`: rename what is under the cursor (a saved search or a group).
    pub(super) fn start_rename(&mut self) {
        if self.on_saved_search() {
            return self.start_rename_saved();
        }
        if self.refuse_group_write("renamed") {
            return;
        }
        match self.group_target() {
            Ok(Target { node: None, .. }) => self.flash("The roots cannot be renamed", true),
            Ok(Target { node: Some(n), .. }) if n.editable == Some(false) => {
                self.flash("You cannot rename this group", true)
            }
            Ok(Target { node: Some(n), .. }) => {
                let name = safe(&n.display_name());
                self.modals.command = Some(tui_input::Input::new(format!("rename {name}")));
            }
            Err(_) => self.flash("Put the tree cursor on a group or saved search", true),
        }
    }

    /// `:rename NAME` on what is under the tree cursor.
    pub(super) fn rename_here(&mut self, typed: String) {
        if self.on_saved_search() {
            return self.rename_saved(typed);
        }
        if self.refuse_group_write("renamed") {
            return;
        }
        let (idx, kind, node) = match self.group_target() {
            Ok(Target {
                idx,
                kind,
                node: Some(n),
            }) => (idx, kind, n),
            _ => return self.flash("Put the tree cursor on a group or saved search", true),
        };
        let (Some(id), Some(name)) = (node.id.as_i64(), self.group_name(&typed)) else {
            return;
        };
        self.send_group_change(GroupChange::Rename {
            node: NodeRef(idx),
            kind,
            id,
            name,
        });
    }

    /// `D`: delete what is under the cursor, after asking.
    pub(super) fn ask_delete(&mut self) {
        if self.on_saved_search() {
            return self.ask_delete_saved();
        }
        if self.refuse_group_write("deleted") {
            return;
        }
        let (idx, kind, node) = match self.group_target() {
            Ok(Target {
                idx,
                kind,
                node: Some(n),
            }) => (idx, kind, n),
            Ok(_) => return self.flash("The roots cannot be deleted", true),
            Err(_) => return self.flash("Put the tree cursor on a group or saved search", true),
        };
        if node.editable == Some(false) {
            return self.flash("You cannot delete this group", true);
        }
        let Some(id) = node.id.as_i64() else {
            return;
        };
        let name = safe(&node.display_name());
        self.flash(format!("Counting what “{name}” holds…"), false);
        let query = SearchQuery {
            scope: self.tree.scope_of(idx),
            ..Default::default()
        };
        self.issue(
            Slot::GroupEdit,
            RequestKind::CountBeforeDelete {
                change: GroupChange::Delete {
                    node: NodeRef(idx),
                    kind,
                    id,
                    name,
                },
                query: Box::new(query),
            },
        );
    }

    /// The count for `D` arrived: ask, unless the user moved on meanwhile.
    pub(super) fn ask_delete_counted(
        &mut self,
        change: GroupChange,
        count: ApiResult<Option<u64>>,
    ) {
        let GroupChange::Delete { node, kind, .. } = &change else {
            return;
        };
        let (node, kind) = (node.0, *kind);
        if self.tree.current() != Some(node) || self.modals.confirm.is_some() {
            return;
        }
        let Some(group) = self.tree.items[node].node.clone() else {
            return;
        };
        let count = count.ok().flatten();
        let name = safe(&group.display_name());
        // "Counting what … holds…" is answered by the dialog.
        self.screen.flash = None;
        self.ask(
            delete_question(kind, &group, &name, count),
            Purpose::DeleteGroup(change),
        );
    }

    pub(super) fn send_group_change(&mut self, change: GroupChange) {
        self.issue(Slot::GroupEdit, RequestKind::GroupChange(change));
    }

    pub(super) fn on_group_changed(
        &mut self,
        change: GroupChange,
        result: ApiResult<Option<GroupNode>>,
    ) {
        let failed = match &change {
            GroupChange::Create { kind, name, .. } => {
                format!("The {} “{}” was not created", kind.singular_label(), name)
            }
            GroupChange::Rename { name, .. } => format!("Not renamed to “{name}”"),
            GroupChange::Delete { kind, name, .. } => {
                format!("The {} “{}” was not deleted", kind.singular_label(), name)
            }
            GroupChange::Move { name, .. } => format!("“{name}” was not moved"),
        };
        let fresh = match result {
            Ok(fresh) => fresh,
            Err(e) => return self.note_error(&failed, &e),
        };
        self.screen.dirty = true;
        match change {
            GroupChange::Create {
                node, kind, name, ..
            } => {
                self.flash(
                    format!("Created the {} “{name}”", kind.singular_label()),
                    false,
                );
                let parent = node.0;
                if !self.tree.is_attached(parent) {
                    return;
                }
                match fresh.and_then(|n| self.tree.insert_child(parent, n)) {
                    Some(idx) => {
                        self.tree.cursor_to(idx);
                        // Its count, so that deleting it at once knows it is empty.
                        self.refresh_count(idx);
                    }
                    // Never loaded: load the parent's children, the new one among them.
                    None => {
                        if let Some(req) = self.tree.reload(parent) {
                            self.tree.items[parent].expanded = true;
                            self.issue(Slot::Tree(parent), req);
                        }
                    }
                }
                self.refresh_count(parent);
            }
            GroupChange::Rename { node, name, .. } => {
                self.flash(format!("Renamed to “{name}”"), false);
                if let Some(n) = fresh
                    && self.tree.is_attached(node.0)
                {
                    self.tree.renamed(node.0, n);
                }
            }
            GroupChange::Move {
                node,
                name,
                to,
                parent_name,
                ..
            } => {
                self.flash(format!("Moved “{name}” into {parent_name}"), false);
                if let Some(fresh) = fresh {
                    self.moved_in_tree(node.0, to.map(|t| t.0), fresh);
                }
            }
            GroupChange::Delete {
                node, kind, name, ..
            } => {
                self.flash(
                    format!("Deleted the {} “{name}”", kind.singular_label()),
                    false,
                );
                if !self.tree.is_attached(node.0) {
                    return;
                }
                let parent = self.tree.items[node.0].parent;
                if self.tree.remove(node.0) {
                    // The grid showed what is gone: show the whole library instead.
                    self.browse.query.scope = SearchScope::Library;
                    self.clear_query();
                    self.start_search();
                }
                if let Some(p) = parent {
                    self.refresh_count(p);
                }
            }
        }
    }

    /// Ask for `idx`'s count again (it gained or lost a member).
    pub(super) fn refresh_count(&mut self, idx: usize) {
        if let Some(req) = self.tree.count_request(idx) {
            self.issue(Slot::Tree(idx), req);
        }
    }
}

/// The delete dialog for `node` (named `name`, already sanitised), which holds `count`
/// assets (sub-groups included) when known.
fn delete_question(kind: GroupKind, node: &GroupNode, name: &str, count: Option<u64>) -> Confirm {
    let what = kind.singular_label();
    let holds = match count {
        Some(0) => "It holds no assets".to_string(),
        Some(1) => "It holds 1 asset".to_string(),
        Some(n) => format!("It holds {} assets", thousands(n)),
        None => "How many assets it holds could not be counted".to_string(),
    };
    let (holds, sub) = if node.has_children {
        let subs = match kind {
            GroupKind::StorageFolder => "sub-folders",
            GroupKind::Collection => "sub-collections",
            GroupKind::Lightbox => "inner lightboxes",
        };
        (
            format!("{holds}, {subs} included."),
            Some(format!("Its {subs} are deleted with it.")),
        )
    } else {
        (format!("{holds}."), None)
    };
    let fate = match kind {
        GroupKind::StorageFolder => {
            "Its assets go to the trash with it (an administrator can restore them)."
        }
        GroupKind::Collection | GroupKind::Lightbox => {
            "The assets stay in their storage folders; only the grouping goes."
        }
    };
    let mut message = vec![format!("Delete the {what} “{name}”?"), holds];
    message.extend(sub);
    message.push(fate.to_string());
    let mut dialog = Confirm::cancel_or(&format!("Delete {what}"), message, "Delete");
    let empty = count == Some(0) && !node.has_children;
    if !empty {
        dialog = dialog.with_typed(name.trim(), "Type its name to delete it");
    }
    dialog
}
