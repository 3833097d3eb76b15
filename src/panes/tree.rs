//! The tree of storage folders, collections, lightboxes and saved searches, lazily
//! loaded: its state, navigation and the requests that load it (drawn by `ui::tree`).

use crate::api::ApiResult;
use crate::api::models::{GroupKind, GroupNode, SearchScope};
use crate::keymap::Action;
use crate::panes::Outcome;
use crate::protocol::{NodeRef, RequestKind};

/// What the tree needs the router for.
#[derive(Debug)]
pub(crate) enum TreeAsk {
    /// Send this request for node `idx` (its children, when expanding).
    Load(usize, RequestKind),
    /// Show group `idx`'s assets in the grid (after loading its children, if asked).
    Open {
        idx: usize,
        load: Option<RequestKind>,
    },
    /// Run the saved search at `idx`.
    RunSaved(usize),
    /// Show the trash in the grid.
    OpenTrash,
    /// Give the lightbox under the cursor to one of its members.
    GiveAway,
    Rename,
    Delete,
    NewGroup,
    Move,
    ShareLinks,
    Comments,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Children {
    /// Not asked for yet.
    Unknown,
    Loading,
    Loaded(Vec<usize>),
    Failed(String),
    /// The node says it has none.
    Leaf,
}

/// The four parts of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Groups(GroupKind),
    SavedSearches,
    /// The assets in the trash: a root without children.
    Trash,
}

impl Section {
    pub fn group_kind(self) -> Option<GroupKind> {
        match self {
            Section::Groups(k) => Some(k),
            Section::SavedSearches | Section::Trash => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Groups(k) => k.plural_label(),
            Section::SavedSearches => "Saved Searches",
            Section::Trash => "Trash",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TreeItem {
    pub section: Section,
    /// The group, for folder/collection/lightbox nodes (`None` for roots and saved
    /// searches).
    pub node: Option<GroupNode>,
    /// The saved search, for the children of the Saved Searches root.
    pub saved: Option<crate::api::models::SavedSearch>,
    pub label: String,
    pub depth: u16,
    pub parent: Option<usize>,
    pub children: Children,
    pub expanded: bool,
}

#[derive(Debug, Clone)]
pub struct TreePane {
    pub items: Vec<TreeItem>,
    roots: Vec<usize>,
    /// Index into [`TreePane::visible`].
    pub cursor: usize,
    pub scroll: usize,
    /// The item whose assets the grid shows.
    pub selected: Option<usize>,
    /// Assets in the trash, as the server last said (shown on the Trash root).
    pub trash_count: Option<i64>,
}

impl Default for TreePane {
    fn default() -> Self {
        let mut items = Vec::new();
        let sections = GroupKind::ALL
            .into_iter()
            .map(Section::Groups)
            .chain([Section::SavedSearches, Section::Trash]);
        for section in sections {
            items.push(TreeItem {
                section,
                node: None,
                saved: None,
                label: section.label().to_string(),
                depth: 0,
                parent: None,
                children: if section == Section::Trash {
                    Children::Leaf
                } else {
                    Children::Unknown
                },
                expanded: false,
            });
        }
        TreePane {
            roots: (0..items.len()).collect(),
            items,
            cursor: 0,
            scroll: 0,
            selected: None,
            trash_count: None,
        }
    }
}

impl TreePane {
    /// Item indices in display order (expanded nodes show their children).
    pub fn visible(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            out.push(i);
            let item = &self.items[i];
            if item.expanded
                && let Children::Loaded(kids) = &item.children
            {
                stack.extend(kids.iter().rev().copied());
            }
        }
        out
    }

    /// Every node still in the tree (loaded, expanded or not), as `(index, item)`. A
    /// reload replaces a node's children; the old ones stay in the arena but are no
    /// longer reachable, and nothing that looks nodes up by name may find them.
    pub(crate) fn attached(&self) -> Vec<(usize, &TreeItem)> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            out.push((i, &self.items[i]));
            if let Children::Loaded(kids) = &self.items[i].children {
                stack.extend(kids.iter().rev().copied());
            }
        }
        out
    }

    pub fn current(&self) -> Option<usize> {
        self.visible().get(self.cursor).copied()
    }

    /// One action on the tree.
    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<TreeAsk> {
        let Some(cur) = self.current() else {
            return Outcome::NotConsumed;
        };
        let load = |req: Option<RequestKind>| match req {
            Some(req) => Outcome::Ask(TreeAsk::Load(cur, req)),
            None => Outcome::Consumed,
        };
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-10),
            Action::PageDown => self.move_by(10),
            Action::Home => self.home(),
            Action::End => self.end(),
            Action::Right => return load(self.expand(cur)),
            Action::Left => self.collapse_or_parent(cur),
            Action::Open if self.items[cur].saved.is_some() => {
                return Outcome::Ask(TreeAsk::RunSaved(cur));
            }
            Action::Open if self.items[cur].section == Section::Trash => {
                return Outcome::Ask(TreeAsk::OpenTrash);
            }
            Action::Open if self.items[cur].section == Section::SavedSearches => {
                return load(self.expand(cur));
            }
            Action::Open => {
                let load = self.expand(cur);
                return Outcome::Ask(TreeAsk::Open { idx: cur, load });
            }
            Action::Rename => return Outcome::Ask(TreeAsk::Rename),
            Action::Delete => return Outcome::Ask(TreeAsk::Delete),
            Action::NewGroup => return Outcome::Ask(TreeAsk::NewGroup),
            Action::MoveGroup => return Outcome::Ask(TreeAsk::Move),
            Action::ShareLinks => return Outcome::Ask(TreeAsk::ShareLinks),
            Action::GiveLightbox => return Outcome::Ask(TreeAsk::GiveAway),
            Action::OpenComments => return Outcome::Ask(TreeAsk::Comments),
            _ => return Outcome::NotConsumed,
        }
        Outcome::Consumed
    }

    pub(crate) fn move_by(&mut self, delta: isize) {
        let n = self.visible().len();
        if n == 0 {
            return;
        }
        let c = self.cursor as isize + delta;
        self.cursor = c.clamp(0, n as isize - 1) as usize;
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.visible().len().saturating_sub(1);
    }

    /// The request that loads `idx`'s children.
    pub(crate) fn children_request(&self, idx: usize) -> RequestKind {
        let item = &self.items[idx];
        let Section::Groups(kind) = item.section else {
            // Only Saved Searches gets here: the Trash root is a leaf.
            return RequestKind::SavedSearches { node: NodeRef(idx) };
        };
        let parent = item.node.as_ref().and_then(|n| n.id.as_i64());
        let bin = item.node.as_ref().is_some_and(GroupNode::is_bin);
        RequestKind::TreeChildren {
            node: NodeRef(idx),
            kind,
            parent,
            bin,
        }
    }

    /// A request for `idx`'s own record (its asset count), for group nodes.
    pub(crate) fn count_request(&self, idx: usize) -> Option<RequestKind> {
        let item = self.items.get(idx)?;
        let Section::Groups(kind) = item.section else {
            return None;
        };
        let node = item.node.as_ref()?;
        Some(RequestKind::GroupDetails {
            node: NodeRef(idx),
            kind,
            id: node.id.as_i64()?,
            bin: node.is_bin(),
        })
    }

    /// Count requests for every attached node of `kind` that is the asset group `agid`.
    pub(crate) fn count_requests(&self, kind: GroupKind, agid: i64) -> Vec<(usize, RequestKind)> {
        self.attached()
            .into_iter()
            .filter(|(_, it)| it.section == Section::Groups(kind))
            .filter(|(_, it)| {
                it.node.as_ref().is_some_and(|n| {
                    n.asset_group_id == Some(agid)
                        || (kind != GroupKind::Lightbox && n.id.as_i64() == Some(agid))
                })
            })
            .filter_map(|(i, _)| self.count_request(i).map(|r| (i, r)))
            .collect()
    }

    /// The folder `id` of `kind` changed on the server (an upload added files and
    /// perhaps sub-folders): where the tree shows it, fetch its children again if they
    /// were loaded, else its count; a leaf may have children now.
    pub(crate) fn changed_on_server(
        &mut self,
        kind: GroupKind,
        id: i64,
    ) -> Vec<(usize, RequestKind)> {
        let shown: Vec<usize> = self
            .attached()
            .into_iter()
            .filter(|(_, it)| it.section == Section::Groups(kind))
            .filter(|(_, it)| it.node.as_ref().and_then(|n| n.id.as_i64()) == Some(id))
            .map(|(i, _)| i)
            .collect();
        let mut asks = Vec::new();
        for i in shown {
            match self.items[i].children {
                Children::Loaded(_) | Children::Failed(_) => {
                    asks.extend(self.reload(i).map(|r| (i, r)))
                }
                Children::Loading => {}
                Children::Leaf | Children::Unknown => {
                    self.items[i].children = Children::Unknown;
                    asks.extend(self.count_request(i).map(|r| (i, r)));
                }
            }
        }
        asks
    }

    /// A fresh record of `node`'s group: take its count (the rest of the node stays).
    pub(crate) fn update_count(&mut self, node: NodeRef, fresh: &GroupNode) {
        if let Some(n) = self.items.get_mut(node.0).and_then(|i| i.node.as_mut())
            && fresh.visible_assets_count.is_some()
        {
            n.visible_assets_count = fresh.visible_assets_count;
        }
    }

    /// Expand `idx`; returns a request when its children must be fetched first.
    pub(crate) fn expand(&mut self, idx: usize) -> Option<RequestKind> {
        let item = &mut self.items[idx];
        match item.children {
            Children::Leaf => None,
            Children::Loaded(_) | Children::Loading => {
                item.expanded = true;
                None
            }
            Children::Unknown | Children::Failed(_) => {
                item.expanded = true;
                item.children = Children::Loading;
                Some(self.children_request(idx))
            }
        }
    }

    pub(crate) fn collapse_or_parent(&mut self, idx: usize) {
        let item = &mut self.items[idx];
        if item.expanded {
            item.expanded = false;
        } else if let Some(p) = item.parent
            && let Some(pos) = self.visible().iter().position(|&i| i == p)
        {
            self.cursor = pos;
        }
        self.clamp_cursor();
    }

    fn clamp_cursor(&mut self) {
        let n = self.visible().len();
        self.cursor = self.cursor.min(n.saturating_sub(1));
    }

    /// Forget `idx`'s children so the next expand fetches them again.
    pub fn reload(&mut self, idx: usize) -> Option<RequestKind> {
        if self.items[idx].children == Children::Leaf {
            return None;
        }
        self.items[idx].children = Children::Loading;
        Some(self.children_request(idx))
    }

    /// Apply a children answer for `node`.
    pub(crate) fn apply_children(&mut self, node: NodeRef, result: ApiResult<Vec<GroupNode>>) {
        let idx = node.0;
        if idx >= self.items.len() {
            return;
        }
        let section = self.items[idx].section;
        let result = result.map(|nodes| {
            nodes
                .into_iter()
                .map(|n| TreeItem {
                    section,
                    label: crate::sanitize::clean(&n.display_name()),
                    children: if n.has_children {
                        Children::Unknown
                    } else {
                        Children::Leaf
                    },
                    node: Some(n),
                    saved: None,
                    depth: 0,
                    parent: None,
                    expanded: false,
                })
                .collect()
        });
        self.attach(idx, result);
    }

    /// Make `kids` the children of `idx` (or record why they could not be loaded).
    fn attach(&mut self, idx: usize, kids: ApiResult<Vec<TreeItem>>) {
        match kids {
            Err(e) => self.items[idx].children = Children::Failed(e.to_string()),
            Ok(kids) => {
                let depth = self.items[idx].depth + 1;
                let mut ids = Vec::with_capacity(kids.len());
                for kid in kids {
                    ids.push(self.items.len());
                    self.items.push(TreeItem {
                        depth,
                        parent: Some(idx),
                        ..kid
                    });
                }
                self.items[idx].children = if ids.is_empty() {
                    Children::Leaf
                } else {
                    Children::Loaded(ids)
                };
            }
        }
        self.follow_selected();
        self.clamp_cursor();
    }

    /// After a reload the selected node may be an old copy: select its new copy (same
    /// group or saved search), or nothing when it is gone (deleted, moved away).
    fn follow_selected(&mut self) {
        let Some(sel) = self.selected else {
            return;
        };
        let attached = self.attached();
        if attached.iter().any(|(i, _)| *i == sel) {
            return;
        }
        let old = &self.items[sel];
        let same = |it: &TreeItem| {
            it.section == old.section
                && match (&old.node, &it.node, &old.saved, &it.saved) {
                    (Some(a), Some(b), _, _) => a.id == b.id,
                    (_, _, Some(a), Some(b)) => a.id == b.id,
                    _ => false,
                }
        };
        let found = attached.iter().find(|(_, it)| same(it)).map(|(i, _)| *i);
        // The old node was loaded once; its new copy may not be (a parent reloading).
        let pending = attached
            .iter()
            .any(|(i, it)| matches!(it.children, Children::Loading) && self.is_ancestor(*i, sel));
        if found.is_some() || !pending {
            self.selected = found;
        }
    }

    fn is_ancestor(&self, anc: usize, mut node: usize) -> bool {
        while let Some(p) = self.items[node].parent {
            if p == anc {
                return true;
            }
            node = p;
        }
        false
    }

    /// Labels of the loaded nodes of one kind (for `:` completion).
    pub(crate) fn names_of(&self, kind: crate::command::NameKind) -> Vec<String> {
        use crate::command::NameKind;
        let section = match kind {
            NameKind::Group(k) => Section::Groups(k),
            NameKind::Saved => Section::SavedSearches,
        };
        self.attached()
            .into_iter()
            .filter(|(_, it)| it.section == section && it.parent.is_some())
            .map(|(_, it)| it.label.clone())
            .collect()
    }

    /// Apply the saved-search list for the Saved Searches root `node`.
    pub(crate) fn apply_saved(
        &mut self,
        node: NodeRef,
        result: ApiResult<Vec<crate::api::models::SavedSearch>>,
    ) {
        let idx = node.0;
        if idx >= self.items.len() {
            return;
        }
        let result = result.map(|list| {
            list.into_iter()
                .map(|s| TreeItem {
                    section: Section::SavedSearches,
                    node: None,
                    label: crate::sanitize::clean(&s.display_name()),
                    saved: Some(s),
                    depth: 0,
                    parent: None,
                    children: Children::Leaf,
                    expanded: false,
                })
                .collect()
        });
        self.attach(idx, result);
    }

    /// The search scope that shows `idx`'s assets.
    pub fn scope_of(&self, idx: usize) -> SearchScope {
        let item = &self.items[idx];
        let Some(node) = &item.node else {
            return SearchScope::Library;
        };
        let Some(id) = node.id.as_i64() else {
            return SearchScope::Library;
        };
        let Section::Groups(kind) = item.section else {
            return SearchScope::Library;
        };
        match kind {
            GroupKind::StorageFolder => SearchScope::StorageFolder {
                id,
                include_children: true,
            },
            GroupKind::Collection => SearchScope::Collection {
                id,
                include_children: true,
            },
            GroupKind::Lightbox if node.is_bin() => SearchScope::LightboxFolder {
                id,
                include_children: true,
            },
            GroupKind::Lightbox => SearchScope::Lightbox {
                id,
                include_children: true,
            },
        }
    }

    /// `Storage Folders › Archive › 2019`.
    pub fn breadcrumb(&self, idx: usize) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(idx);
        while let Some(i) = cur {
            parts.push(self.items[i].label.clone());
            cur = self.items[i].parent;
        }
        parts.reverse();
        parts.join(" › ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::NodeId;

    fn node(id: i64, name: &str, has_children: bool) -> GroupNode {
        GroupNode {
            id: NodeId::Num(id),
            name: Some(name.into()),
            has_children,
            ..Default::default()
        }
    }

    #[test]
    fn the_trash_root_opens_the_trash_and_has_no_children() {
        let mut t = TreePane::default();
        t.end();
        let trash = t.current().unwrap();
        assert_eq!(t.items[trash].section, Section::Trash);
        assert!(t.expand(trash).is_none());
        assert!(matches!(
            t.handle_action(Action::Open),
            Outcome::Ask(TreeAsk::OpenTrash)
        ));
    }

    #[test]
    fn expand_requests_children_once_and_shows_them() {
        let mut t = TreePane::default();
        // Three kinds of group, Saved Searches, Trash.
        assert_eq!(t.visible().len(), 5);
        let req = t.expand(0).expect("first expand fetches");
        assert!(matches!(
            req,
            RequestKind::TreeChildren { parent: None, .. }
        ));
        t.apply_children(
            NodeRef(0),
            Ok(vec![node(10, "Archive", true), node(11, "Press", false)]),
        );
        assert_eq!(t.visible().len(), 7);
        assert!(t.expand(0).is_none(), "already loaded");
        let archive = t.visible()[1];
        assert_eq!(t.breadcrumb(archive), "Storage Folders › Archive");
        assert_eq!(
            t.scope_of(archive),
            SearchScope::StorageFolder {
                id: 10,
                include_children: true
            }
        );
        let press = t.visible()[2];
        assert!(t.expand(press).is_none(), "a leaf has nothing to fetch");
        t.cursor = 1;
        t.collapse_or_parent(archive);
        t.collapse_or_parent(archive);
        assert_eq!(t.cursor, 0, "left on a collapsed node goes to the parent");
    }

    #[test]
    fn a_folder_changed_on_the_server_is_fetched_again_where_shown() {
        let mut t = TreePane::default();
        t.expand(0);
        t.apply_children(
            NodeRef(0),
            Ok(vec![node(10, "Archive", true), node(11, "Press", false)]),
        );
        let (archive, press) = (t.visible()[1], t.visible()[2]);
        t.expand(archive);
        t.apply_children(NodeRef(archive), Ok(vec![node(12, "2024", false)]));
        let asks = t.changed_on_server(GroupKind::StorageFolder, 10);
        assert!(matches!(
            asks.as_slice(),
            [(i, RequestKind::TreeChildren { .. })] if *i == archive
        ));
        // A leaf may have sub-folders now: it can be opened, and its count is asked for.
        let asks = t.changed_on_server(GroupKind::StorageFolder, 11);
        assert!(matches!(asks.as_slice(), [(i, _)] if *i == press));
        assert!(
            t.expand(press).is_some(),
            "opening it fetches its sub-folders"
        );
        assert!(t.changed_on_server(GroupKind::Collection, 10).is_empty());
    }

    #[test]
    fn keys_move_and_expand_here_and_ask_the_router_for_the_rest() {
        let mut t = TreePane::default();
        assert!(matches!(
            t.handle_action(Action::Right),
            Outcome::Ask(TreeAsk::Load(0, RequestKind::TreeChildren { .. }))
        ));
        t.apply_children(NodeRef(0), Ok(vec![node(10, "Archive", true)]));
        assert!(matches!(t.handle_action(Action::Down), Outcome::Consumed));
        assert!(matches!(
            t.handle_action(Action::Open),
            Outcome::Ask(TreeAsk::Open { idx, load: Some(_) }) if t.items[idx].label == "Archive"
        ));
        assert!(matches!(t.handle_action(Action::Left), Outcome::Consumed));
        assert!(matches!(
            t.handle_action(Action::Back),
            Outcome::NotConsumed
        ));
    }
}
