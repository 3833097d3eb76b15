//! `:folder NAME` and friends: find a group anywhere in the tree, however deep and
//! whether or not its branch was ever expanded, then load and expand the path to it.

use super::{App, Focus, Slot};
use crate::api::ApiResult;
use crate::api::models::{GroupKind, GroupNode};
use crate::keymap::Action;
use crate::panes::tree::{Children, Section};
use crate::protocol::RequestKind;
use crate::text::safe;

/// A path being opened in the tree: group ids from the root down to the target.
#[derive(Debug, Clone)]
pub(crate) struct Reveal {
    kind: GroupKind,
    path: Vec<i64>,
    label: String,
}

impl App {
    /// `:folder NAME`: an exact name already in the tree opens at once; anything else
    /// asks the server, which knows the groups of branches never expanded.
    pub(super) fn jump_to_group(&mut self, kind: GroupKind, name: &str) {
        let wanted = name.trim().to_lowercase();
        let exact = self.tree.attached().into_iter().find(|(_, it)| {
            it.section == Section::Groups(kind)
                && it.node.is_some()
                && it.label.to_lowercase() == wanted
        });
        if let Some((idx, _)) = exact {
            self.browse.reveal = None;
            self.open_tree_item(idx);
            return;
        }
        self.issue(
            Slot::FindGroups,
            RequestKind::FindGroups {
                kind,
                name: name.to_string(),
            },
        );
        self.flash(
            format!(
                "Looking for the {} “{}”…",
                kind.singular_label(),
                safe(name)
            ),
            false,
        );
    }

    pub(super) fn on_groups_found(
        &mut self,
        kind: GroupKind,
        name: &str,
        result: ApiResult<Vec<GroupNode>>,
    ) {
        let groups = match result {
            Ok(g) => g,
            Err(e) => {
                self.note_error(
                    &format!("Could not look for the {}", kind.singular_label()),
                    &e,
                );
                return;
            }
        };
        let best = crate::command::best_match(
            name,
            groups.iter().filter_map(|g| Some((g, g.name.as_deref()?))),
        );
        let Some(target) = best else {
            self.flash(
                format!(
                    "No {} is called anything like “{}”",
                    kind.singular_label(),
                    safe(name)
                ),
                true,
            );
            return;
        };
        let Some(id) = target.id.as_i64() else {
            return;
        };
        let mut path = target.ancestor_ids.clone();
        path.push(id);
        self.browse.reveal = Some(Reveal {
            kind,
            path,
            label: target.name.clone().unwrap_or_default(),
        });
        self.advance_reveal();
    }

    /// One step further down the path: expand what is loaded, ask for what is not,
    /// and open the target once it is in the tree. Called again as children arrive.
    pub(super) fn advance_reveal(&mut self) {
        let Some(reveal) = self.browse.reveal.clone() else {
            return;
        };
        let Some(mut at) = self
            .tree
            .items
            .iter()
            .position(|it| it.parent.is_none() && it.section == Section::Groups(reveal.kind))
        else {
            self.browse.reveal = None;
            return;
        };
        for want in &reveal.path {
            match &self.tree.items[at].children {
                Children::Loaded(kids) => {
                    let next = kids.iter().copied().find(|&k| {
                        self.tree.items[k].node.as_ref().is_some_and(|n| {
                            n.id.as_i64() == Some(*want) || n.asset_group_id == Some(*want)
                        })
                    });
                    match next {
                        Some(k) => at = k,
                        None => return self.reveal_failed(&reveal, "is not where the server says"),
                    }
                }
                Children::Loading => return,
                Children::Unknown => {
                    self.expand(at);
                    return;
                }
                Children::Failed(_) => {
                    return self.reveal_failed(&reveal, "could not be loaded");
                }
                Children::Leaf => return self.reveal_failed(&reveal, "is not in the tree"),
            }
        }
        self.browse.reveal = None;
        self.open_tree_item(at);
        self.flash(
            format!(
                "Opened the {} “{}”",
                reveal.kind.singular_label(),
                safe(&reveal.label)
            ),
            false,
        );
    }

    fn reveal_failed(&mut self, reveal: &Reveal, why: &str) {
        self.browse.reveal = None;
        self.flash(
            format!(
                "The {} “{}” {why} — r on its parent reloads the tree",
                reveal.kind.singular_label(),
                safe(&reveal.label)
            ),
            true,
        );
    }

    /// Expand the branch down to `idx`, put the tree cursor on it and open it.
    pub(super) fn open_tree_item(&mut self, idx: usize) {
        let mut up = self.tree.items[idx].parent;
        while let Some(p) = up {
            self.tree.items[p].expanded = true;
            up = self.tree.items[p].parent;
        }
        if let Some(pos) = self.tree.visible().iter().position(|&i| i == idx) {
            self.tree.cursor = pos;
        }
        self.focus = Focus::Tree;
        self.act(Action::Open);
    }
}
