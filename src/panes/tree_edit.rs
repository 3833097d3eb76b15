//! Changing the tree in place after a group was created, renamed or deleted on the
//! server, without fetching the rest of it again.

use super::tree::{Children, TreeItem, TreePane};
use crate::api::models::GroupNode;

fn label_of(node: &GroupNode) -> String {
    crate::sanitize::clean(&node.display_name())
}

impl TreePane {
    /// Whether `idx` is still part of the tree (not a copy a reload replaced).
    pub fn is_attached(&self, idx: usize) -> bool {
        self.attached().iter().any(|(i, _)| *i == idx)
    }

    /// Put the cursor on `idx` when it is visible.
    pub(crate) fn cursor_to(&mut self, idx: usize) {
        if let Some(pos) = self.visible().iter().position(|&i| i == idx) {
            self.cursor = pos;
        }
    }

    /// Add the group just created under `parent`, in name order, and open the parent.
    /// `None` when the parent's children were never loaded: the caller loads them (the
    /// new group is among them).
    pub(crate) fn insert_child(&mut self, parent: usize, node: GroupNode) -> Option<usize> {
        let kids = match &self.items.get(parent)?.children {
            Children::Loaded(kids) => kids.clone(),
            Children::Leaf => Vec::new(),
            Children::Unknown | Children::Loading | Children::Failed(_) => return None,
        };
        let idx = self.items.len();
        let label = label_of(&node);
        let children = if node.has_children {
            Children::Unknown
        } else {
            Children::Leaf
        };
        self.items.push(TreeItem {
            section: self.items[parent].section,
            label,
            children,
            node: Some(node),
            saved: None,
            depth: self.items[parent].depth + 1,
            parent: Some(parent),
            expanded: false,
        });
        let key = self.items[idx].label.to_lowercase();
        let at = kids
            .iter()
            .position(|&k| self.items[k].label.to_lowercase() > key)
            .unwrap_or(kids.len());
        let mut kids = kids;
        kids.insert(at, idx);
        let p = &mut self.items[parent];
        p.children = Children::Loaded(kids);
        p.expanded = true;
        if let Some(n) = p.node.as_mut() {
            n.has_children = true;
        }
        Some(idx)
    }

    /// The server's record of `idx` after a rename (its count kept when the answer has
    /// none).
    pub(crate) fn renamed(&mut self, idx: usize, mut fresh: GroupNode) {
        let Some(item) = self.items.get_mut(idx) else {
            return;
        };
        if let Some(old) = &item.node {
            fresh.visible_assets_count = fresh.visible_assets_count.or(old.visible_assets_count);
            fresh.has_children = fresh.has_children || old.has_children;
        }
        item.label = label_of(&fresh);
        item.node = Some(fresh);
    }

    /// Take the deleted `idx` (and so everything under it) out of the tree. Returns
    /// whether the grid showed it or something under it.
    pub(crate) fn remove(&mut self, idx: usize) -> bool {
        let showed = self
            .selected
            .is_some_and(|s| s == idx || self.is_under(s, idx));
        if showed {
            self.selected = None;
        }
        let cursor_was = self.current();
        let parent = self.items.get(idx).and_then(|it| it.parent);
        // Where the cursor goes when it was on what is deleted: the next sibling, else
        // the previous one, else the parent.
        let mut heir = parent;
        if let Some(parent) = parent
            && let Children::Loaded(kids) = &mut self.items[parent].children
        {
            if let Some(pos) = kids.iter().position(|&k| k == idx) {
                heir = kids
                    .get(pos + 1)
                    .or_else(|| pos.checked_sub(1).and_then(|p| kids.get(p)))
                    .copied()
                    .or(Some(parent));
            }
            kids.retain(|&k| k != idx);
            if kids.is_empty() {
                self.items[parent].children = Children::Leaf;
                self.items[parent].expanded = false;
                if let Some(n) = self.items[parent].node.as_mut() {
                    n.has_children = false;
                }
            }
        }
        match cursor_was {
            Some(c) if c != idx && !self.is_under(c, idx) => self.cursor_to(c),
            _ => match heir {
                Some(h) => self.cursor_to(h),
                None => {
                    let n = self.visible().len();
                    self.cursor = self.cursor.min(n.saturating_sub(1));
                }
            },
        }
        showed
    }

    /// Whether `node` is `anc` or somewhere below it.
    pub(crate) fn is_under_or_is(&self, node: usize, anc: usize) -> bool {
        node == anc || self.is_under(node, anc)
    }

    fn is_under(&self, mut node: usize, anc: usize) -> bool {
        while let Some(p) = self.items.get(node).and_then(|it| it.parent) {
            if p == anc {
                return true;
            }
            node = p;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiResult;
    use crate::api::models::NodeId;
    use crate::protocol::NodeRef;

    fn node(id: i64, name: &str) -> GroupNode {
        GroupNode {
            id: NodeId::Num(id),
            kind: Some("Collection".into()),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    /// The tree with the Collections root (item 1) loaded with `names`.
    fn tree_with(names: &[&str]) -> TreePane {
        let mut t = TreePane::default();
        t.expand(1);
        let kids: ApiResult<Vec<GroupNode>> = Ok(names
            .iter()
            .enumerate()
            .map(|(i, n)| node(100 + i as i64, n))
            .collect());
        t.apply_children(NodeRef(1), kids);
        t
    }

    fn labels_under(t: &TreePane, idx: usize) -> Vec<String> {
        match &t.items[idx].children {
            Children::Loaded(k) => k.iter().map(|&i| t.items[i].label.clone()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn a_created_group_goes_in_name_order_and_takes_the_cursor() {
        let mut t = tree_with(&["Alpha", "Gamma"]);
        let idx = t.insert_child(1, node(7, "beta")).unwrap();
        assert_eq!(labels_under(&t, 1), ["Alpha", "beta", "Gamma"]);
        t.cursor_to(idx);
        assert_eq!(t.current(), Some(idx));
        // Under a leaf: the leaf opens with its one child.
        let leaf = t.visible()[2];
        let child = t.insert_child(leaf, node(8, "Inner")).unwrap();
        assert!(t.items[leaf].expanded);
        assert_eq!(t.items[child].depth, t.items[leaf].depth + 1);
        // Under a node whose children were never loaded: the caller loads them.
        let fresh = TreePane::default();
        let mut fresh = fresh;
        assert_eq!(fresh.insert_child(2, node(9, "x")), None);
    }

    #[test]
    fn a_rename_keeps_the_count_and_sanitises_the_label() {
        let mut t = tree_with(&["Alpha"]);
        let idx = t.visible()[2];
        t.items[idx].node.as_mut().unwrap().visible_assets_count = Some(12);
        t.renamed(idx, node(100, "New\u{1b}[31m name"));
        assert_eq!(t.items[idx].label, "New\u{fffd}[31m name");
        assert_eq!(
            t.items[idx].node.as_ref().unwrap().visible_assets_count,
            Some(12)
        );
    }

    #[test]
    fn a_deleted_group_leaves_the_tree_and_the_selection() {
        let mut t = tree_with(&["Alpha", "Beta"]);
        let alpha = t.visible()[2];
        let beta = t.visible()[3];
        t.selected = Some(alpha);
        t.cursor_to(beta);
        assert!(t.remove(alpha));
        assert_eq!(t.selected, None);
        assert_eq!(labels_under(&t, 1), ["Beta"]);
        assert_eq!(t.current(), Some(beta), "the cursor stays on its node");
        t.insert_child(1, node(9, "Gamma"));
        t.cursor_to(beta);
        assert!(!t.remove(beta));
        assert_eq!(
            t.items[t.current().unwrap()].label,
            "Gamma",
            "the next sibling"
        );
        let gamma = t.current().unwrap();
        assert!(!t.remove(gamma));
        assert_eq!(t.current(), Some(1), "the parent when none is left");
        assert_eq!(t.items[1].children, Children::Leaf);
        assert!(!t.is_attached(beta));
    }
}
