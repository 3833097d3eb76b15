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
    Thumb,
    EditorLoad,
    EditorSave,
    TagSuggest,
    RightsPackages,
    /// Bulk jobs (the bulk module drops stale answers by request id).
    Jobs,
    /// Creating, renaming, deleting saved searches.
    SavedSearchEdit,
    /// `:folder NAME` looking the name up on the server.
    FindGroups,
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
        )
    }

    pub(crate) fn is_editor(self) -> bool {
        matches!(
            self,
            Slot::EditorLoad | Slot::EditorSave | Slot::TagSuggest | Slot::RightsPackages
        )
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
        if slot.exclusive() {
            self.latest.insert(slot, id);
        }
        self.outbox.push(Request { id, kind });
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
}
