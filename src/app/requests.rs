//! The request book: every request the app sends gets an id here, waits in the outbox
//! for the event loop, and is remembered until its answer comes. For views that show one
//! thing at a time (an exclusive slot), only the latest request's answer is accepted.

use std::collections::HashMap;

use crate::protocol::{Request, RequestId, RequestKind};

/// Which view a request feeds; the latest request per exclusive slot wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Slot {
    Whoami,
    Organization,
    Fields,
    Tree(usize),
    /// Search page of one search generation.
    SearchPage {
        generation: u64,
    },
    /// An any-of facet's counts for one search generation.
    FacetCounts {
        generation: u64,
    },
    Details,
    Rating,
    /// The loupe's rating writes (answers go back to it).
    Judgement,
    Thumb,
    EditorLoad,
    EditorSave,
    TagSuggest,
    RightsPackages,
    /// Bulk jobs (the bulk module drops stale answers by request id).
    Jobs,
    /// Creating, renaming, deleting saved searches.
    SavedSearchEdit,
    /// Creating, renaming, deleting groups in the tree.
    GroupEdit,
    /// Share links: the list and the changes to them.
    Share,
    /// Shares of chosen assets: the changes to them.
    Shares,
    /// Shares of chosen assets: the list (the newest request wins).
    SharesList,
    /// Comments: the list and the changes to them.
    Comments,
    /// An asset's versions and reverting to one.
    Versions,
    /// The unseen-notification count and the list.
    Notices,
    /// `:folder NAME` looking the name up on the server.
    FindGroups,
    /// The upload picker looking at local files.
    LocalScan,
    /// Finding or making the loupe's picks lightbox.
    Picks,
    /// Workflow steps, and approving one from the loupe.
    Workflow,
    /// The camera and lens of the asset the loupe shows.
    Shot,
    /// An asset whose new version the server is processing.
    VersionWatch,
    /// The trash count on the tree's Trash root.
    TrashCount,
    /// The trash listed in the grid, for one search generation.
    Trash {
        generation: u64,
    },
}

impl Slot {
    fn exclusive(self) -> bool {
        matches!(
            self,
            Slot::Details
                | Slot::FindGroups
                | Slot::Whoami
                | Slot::Organization
                | Slot::Fields
                | Slot::EditorLoad
                | Slot::EditorSave
                | Slot::TagSuggest
                | Slot::RightsPackages
                | Slot::LocalScan
                | Slot::Shot
                | Slot::TrashCount
                | Slot::SharesList
        )
    }

    /// A read whose answer only matters while it is the newest of its slot: an older
    /// one that has not left yet can be dropped instead of sent. Writes always leave.
    fn replaceable(self) -> bool {
        self.exclusive() && self != Slot::EditorSave
    }

    pub(crate) fn is_editor(self) -> bool {
        matches!(self, Slot::EditorLoad | Slot::EditorSave | Slot::TagSuggest)
    }
}

#[derive(Debug)]
pub(crate) struct RequestBook {
    outbox: Vec<Request>,
    next_id: RequestId,
    pending: HashMap<RequestId, Slot>,
    latest: HashMap<Slot, RequestId>,
}

impl Default for RequestBook {
    fn default() -> RequestBook {
        RequestBook {
            outbox: Vec::new(),
            next_id: 1,
            pending: HashMap::new(),
            latest: HashMap::new(),
        }
    }
}

impl RequestBook {
    /// An id no other request has (also for requests refused before they leave).
    pub(crate) fn new_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Queue a request under `id` and wait for its answer.
    pub(crate) fn send(&mut self, id: RequestId, slot: Slot, kind: RequestKind) {
        self.pending.insert(id, slot);
        if slot.exclusive()
            && let Some(older) = self.latest.insert(slot, id)
            && slot.replaceable()
        {
            self.drop_unsent(|r| r == older);
        }
        self.outbox.push(Request { id, kind });
    }

    /// Forget the requests of `stale` slots that have not left yet: nobody wants their
    /// answers any more (a search the user already replaced, say).
    pub(crate) fn drop_stale(&mut self, stale: impl Fn(Slot) -> bool) {
        let pending = &self.pending;
        let unsent: Vec<RequestId> = self
            .outbox
            .iter()
            .filter(|r| pending.get(&r.id).is_some_and(|s| stale(*s)))
            .map(|r| r.id)
            .collect();
        self.drop_unsent(|id| unsent.contains(&id));
    }

    fn drop_unsent(&mut self, which: impl Fn(RequestId) -> bool) {
        let pending = &mut self.pending;
        self.outbox.retain(|r| {
            let drop = which(r.id);
            if drop {
                pending.remove(&r.id);
            }
            !drop
        });
    }

    /// Queue a request whose answers are not waited for by id.
    pub(crate) fn send_untracked(&mut self, req: Request) {
        self.outbox.push(req);
    }

    /// The slot of an answer that is still wanted, or None for a stale or unknown one.
    pub(crate) fn accept(&mut self, id: RequestId) -> Option<Slot> {
        let slot = self.pending.remove(&id)?;
        if slot.exclusive() && self.latest.get(&slot) != Some(&id) {
            return None;
        }
        Some(slot)
    }

    /// Stop waiting for `id` (its answer will be dropped).
    pub(crate) fn forget(&mut self, id: RequestId) {
        self.pending.remove(&id);
    }

    pub(crate) fn waiting_for(&self, slot: Slot) -> bool {
        self.pending.values().any(|s| *s == slot)
    }

    pub(crate) fn in_flight(&self) -> usize {
        self.pending.len()
    }

    pub(crate) fn take_outbox(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.outbox)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_answer_of_an_exclusive_slot_is_accepted() {
        let mut book = RequestBook::default();
        let first = book.new_id();
        book.send(first, Slot::Details, RequestKind::Whoami);
        let second = book.new_id();
        book.send(second, Slot::Details, RequestKind::Whoami);
        assert_eq!(book.accept(first), None);
        assert_eq!(book.accept(second), Some(Slot::Details));
        assert_eq!(book.accept(second), None, "an answer is taken once");
    }

    #[test]
    fn shared_slots_accept_every_answer_and_forgotten_ones_are_dropped() {
        let mut book = RequestBook::default();
        let a = book.new_id();
        book.send(a, Slot::Thumb, RequestKind::Whoami);
        let b = book.new_id();
        book.send(b, Slot::Thumb, RequestKind::Whoami);
        assert_eq!(book.in_flight(), 2);
        book.forget(a);
        assert_eq!(book.accept(a), None);
        assert_eq!(book.accept(b), Some(Slot::Thumb));
        assert!(!book.waiting_for(Slot::Thumb));
        assert_eq!(book.take_outbox().len(), 2);
        assert!(book.take_outbox().is_empty());
    }

    #[test]
    fn a_replaced_read_that_has_not_left_is_not_sent() {
        let mut book = RequestBook::default();
        let first = book.new_id();
        book.send(first, Slot::Details, RequestKind::Whoami);
        let second = book.new_id();
        book.send(second, Slot::Details, RequestKind::Whoami);
        let sent: Vec<RequestId> = book.take_outbox().iter().map(|r| r.id).collect();
        assert_eq!(sent, vec![second]);
        assert_eq!(book.in_flight(), 1);

        // Once sent, a request is waited for (and its stale answer dropped) as before.
        let third = book.new_id();
        book.send(third, Slot::Details, RequestKind::Whoami);
        assert_eq!(book.take_outbox().len(), 1);
        assert_eq!(book.accept(second), None);
        assert_eq!(book.accept(third), Some(Slot::Details));
    }

    #[test]
    fn saves_and_stale_search_pages_are_told_apart() {
        let mut book = RequestBook::default();
        for slot in [
            Slot::EditorSave,
            Slot::EditorSave,
            Slot::SearchPage { generation: 1 },
            Slot::FacetCounts { generation: 1 },
            Slot::SearchPage { generation: 2 },
        ] {
            let id = book.new_id();
            book.send(id, slot, RequestKind::Whoami);
        }
        book.drop_stale(|s| {
            matches!(s, Slot::SearchPage { generation } | Slot::FacetCounts { generation } if generation < 2)
        });
        let sent: Vec<RequestId> = book.take_outbox().iter().map(|r| r.id).collect();
        assert_eq!(
            sent,
            vec![1, 2, 5],
            "both saves leave; generation 1 does not"
        );
        assert!(!book.waiting_for(Slot::SearchPage { generation: 1 }));
    }
}
