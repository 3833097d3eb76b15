//! Moving a storage folder: `m` opens `:move-to `, the name is matched (fuzzy, Tab
//! completes) among the folders the tree has loaded — else among all the server has — or
//! `/` for the top level; after a confirmation the server is asked, and the tree moves the
//! node in place (or drops it, when it went somewhere not loaded). The API takes a new
//! parent for storage folders only.

use super::App;
use super::confirming::Purpose;
use crate::api::ApiResult;
use crate::api::models::{GroupKind, GroupNode};
use crate::panes::confirm::Confirm;
use crate::panes::tree::Section;
use crate::protocol::{GroupChange, NodeRef};
use crate::text::safe;

impl App {
    /// The storage folder under the tree cursor, or why it cannot move.
    fn folder_to_move(&self) -> Result<(usize, i64, String), &'static str> {
        let idx = self.tree.current().ok_or("Nothing under the tree cursor")?;
        let item = &self.tree.items[idx];
        match (item.section, &item.node) {
            (Section::Groups(GroupKind::StorageFolder), Some(n)) => {
                if n.editable == Some(false) {
                    return Err("You cannot move this folder");
                }
                let id = n.id.as_i64().ok_or("This folder cannot move")?;
                Ok((idx, id, n.display_name()))
            }
            (Section::Groups(GroupKind::StorageFolder), None) => {
                Err("Put the cursor on a storage folder")
            }
            _ => Err("Only storage folders move: the API takes no new parent for others"),
        }
    }

    /// `m` in the tree.
    pub(super) fn start_move(&mut self) {
        if self.refuse_group_write("moved") {
            return;
        }
        match self.folder_to_move() {
            Ok(_) => {
                self.modals.command = Some(tui_input::Input::new("move-to ".to_string()));
            }
            Err(why) => self.flash(why, true),
        }
    }

    /// `:move-to NAME`: find the folder, then ask.
    pub(super) fn move_here(&mut self, typed: &str) {
        if self.refuse_group_write("moved") {
            return;
        }
        let (idx, id, name) = match self.folder_to_move() {
            Ok(f) => f,
            Err(why) => return self.flash(why, true),
        };
        let typed = typed.trim();
        let (to, parent, parent_name) = if typed == "/" {
            (None, None, "the top level".to_string())
        } else {
            let found = crate::command::best_match(
                typed,
                self.tree
                    .attached()
                    .into_iter()
                    .filter(|(i, it)| {
                        it.section == Section::Groups(GroupKind::StorageFolder)
                            && it.node.is_some()
                            && *i != idx
                    })
                    .map(|(i, it)| (i, it.label.as_str())),
            );
            let Some(to) = found else {
                self.flash(format!("Looking for the folder “{}”…", safe(typed)), false);
                self.issue(
                    super::Slot::FindGroups,
                    crate::protocol::RequestKind::MoveTargets {
                        name: typed.to_string(),
                    },
                );
                return;
            };
            if self.tree.is_under_or_is(to, idx) {
                return self.flash(
                    "A folder cannot move into itself or a folder inside it",
                    true,
                );
            }
            let pid = self.tree.items[to]
                .node
                .as_ref()
                .and_then(|n| n.id.as_i64());
            (Some(to), pid, format!("“{}”", self.tree.breadcrumb(to)))
        };
        self.ask_to_move(idx, id, &name, to, parent, parent_name);
    }

    /// `:move-to` a folder the tree has not loaded: the best match among all of them, not
    /// the folder itself nor one inside it.
    pub(super) fn on_move_targets(&mut self, typed: &str, result: ApiResult<Vec<GroupNode>>) {
        let (idx, id, name) = match self.folder_to_move() {
            Ok(f) => f,
            Err(why) => return self.flash(why, true),
        };
        let folders = match result {
            Ok(f) => f,
            Err(e) => return self.note_error("Could not look for the folder", &e),
        };
        let found = crate::command::best_match(
            typed,
            folders
                .iter()
                .filter(|g| g.id.as_i64() != Some(id) && !g.ancestor_ids.contains(&id))
                .filter_map(|g| Some((g, g.name.as_deref()?))),
        );
        let Some(target) = found else {
            return self.flash(
                format!("No other folder is called anything like “{}”", safe(typed)),
                true,
            );
        };
        let path = match target.path_names.is_empty() {
            true => target.display_name(),
            false => target.path_names.join(" › "),
        };
        let parent_name = format!("“{}”", safe(&path));
        self.ask_to_move(idx, id, &name, None, target.id.as_i64(), parent_name);
    }

    /// Ask before moving folder `idx` (`id`) under `parent` (tree item `to` when loaded).
    fn ask_to_move(
        &mut self,
        idx: usize,
        id: i64,
        name: &str,
        to: Option<usize>,
        parent: Option<i64>,
        parent_name: String,
    ) {
        if self.tree.items[idx].node.as_ref().and_then(|n| n.parent_id) == parent {
            return self.flash(format!("“{}” is there already", safe(name)), true);
        }
        let name = safe(name);
        self.ask(
            Confirm::cancel_or(
                "Move folder",
                vec![
                    format!("Move the storage folder “{name}” into {parent_name}?"),
                    "Its assets and sub-folders go with it; their paths change.".to_string(),
                ],
                "Move",
            ),
            Purpose::MoveGroup(GroupChange::Move {
                node: NodeRef(idx),
                kind: GroupKind::StorageFolder,
                id,
                name,
                to: to.map(NodeRef),
                parent,
                parent_name,
            }),
        );
    }

    /// The server moved tree item `idx` under `to` (a root when `None`): the same in the
    /// tree, in place.
    pub(super) fn moved_in_tree(
        &mut self,
        idx: usize,
        to: Option<usize>,
        fresh: crate::api::models::GroupNode,
    ) {
        if !self.tree.is_attached(idx) {
            return;
        }
        let old_parent = self.tree.items[idx].parent;
        let was_selected = self.tree.selected == Some(idx);
        self.tree.remove(idx);
        // Moved under a folder the tree never loaded: it shows when that one opens.
        let unloaded = to.is_none() && fresh.parent_id.is_some();
        let target = match (to, unloaded) {
            (_, true) => None,
            (Some(t), false) => Some(t),
            (None, false) => self.tree.items.iter().position(|it| {
                it.section == Section::Groups(GroupKind::StorageFolder) && it.parent.is_none()
            }),
        };
        if let Some(t) = target.filter(|t| self.tree.is_attached(*t)) {
            match self.tree.insert_child(t, fresh) {
                Some(new) => {
                    self.tree.cursor_to(new);
                    if was_selected {
                        self.tree.selected = Some(new);
                    }
                }
                None => {
                    if let Some(req) = self.tree.reload(t) {
                        self.tree.items[t].expanded = true;
                        self.issue(super::Slot::Tree(t), req);
                    }
                }
            }
            self.refresh_count(t);
        }
        if let Some(p) = old_parent {
            self.refresh_count(p);
        }
    }
}
