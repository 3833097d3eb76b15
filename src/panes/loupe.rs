//! The culling loupe: one asset at a time over the whole screen, one key per judgement.
//! Its position is the grid's cursor (closing it leaves the grid where culling stopped);
//! what it keeps is how to move on, and the judgements on their way to the server.
//!
//! Judgements never wait for the network: each is applied to the asset shown at once
//! and queued. Per asset one write is in flight at a time; keys pressed meanwhile only
//! change what the next write sends (3 then 4 sends 4 once the 3 is answered, or only
//! 4 if it had not left). A failed write stays listed until `R` sends it again.

use std::collections::HashMap;

use crate::keymap::Action;
use crate::panes::Outcome;

/// Which assets the loupe stops at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoupeFilter {
    #[default]
    All,
    Unrated,
    Rejected,
}

impl LoupeFilter {
    pub fn matches(self, rating: Option<i64>) -> bool {
        match self {
            LoupeFilter::All => true,
            LoupeFilter::Unrated => rating.unwrap_or(0) == 0,
            LoupeFilter::Rejected => rating == Some(REJECT),
        }
    }

    fn next(self) -> LoupeFilter {
        match self {
            LoupeFilter::All => LoupeFilter::Unrated,
            LoupeFilter::Unrated => LoupeFilter::Rejected,
            LoupeFilter::Rejected => LoupeFilter::All,
        }
    }

    /// `unrated`, `rejected` (none for all).
    pub fn label(self) -> Option<&'static str> {
        match self {
            LoupeFilter::All => None,
            LoupeFilter::Unrated => Some("unrated"),
            LoupeFilter::Rejected => Some("rejected"),
        }
    }
}

/// The rating a reject sets.
pub const REJECT: i64 = 1;

/// Why a write failed, and whether trying again soon may help (a 5xx, a timeout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub passing: bool,
}

/// Writes that failed in passing are sent again this many times before they wait for R.
const AUTO_RESENDS: u32 = 2;

/// What the loupe asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoupeAsk {
    /// Move the cursor by this many assets.
    Move(isize),
    First,
    Last,
    /// Set the shown asset's rating.
    Judge(i64),
    Undo,
    RetryUnsaved,
    /// The filter changed: find a matching asset.
    Filtered,
    /// Turn 2-up compare on or off.
    Compare,
    Close,
}

/// A rating the loupe set, and what it replaced (for `u`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub asset: i64,
    /// Its index in the results when judged (undo goes back there).
    pub index: usize,
    pub before: i64,
    pub after: i64,
}

/// One rating write to send: (asset, rating).
pub type Write = (i64, i64);

/// A judgement not yet on the server, as the journal keeps it across a crash or an SSH
/// drop.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unsaved {
    pub asset: i64,
    pub rating: i64,
}

/// The loupe lives as long as the app: closing it hides it, and the judgements still
/// on their way (and the undo history) stay.
#[derive(Debug)]
pub struct Loupe {
    /// Shown (full screen, taking the keys).
    pub open: bool,
    /// Move to the next asset after each judgement.
    pub auto_advance: bool,
    /// The info strip under the picture.
    pub info: bool,
    pub filter: LoupeFilter,
    /// 2-up compare: the index of the challenger shown beside the grid's cursor.
    pub compare: Option<usize>,
    /// In compare, keys judge and move the challenger (right) instead of the left one.
    pub right_side: bool,
    pub done: Vec<Judgement>,
    /// The rating each asset should end with, until the server has it.
    wanted: HashMap<i64, i64>,
    /// The rating in flight per asset.
    sent: HashMap<i64, i64>,
    /// Writes that failed, with the reason, until sent again.
    pub failed: HashMap<i64, String>,
    /// What is unsaved changed since the journal was last written.
    journal_changed: bool,
    /// Automatic resends so far per asset (see `AUTO_RESENDS`).
    resent: HashMap<i64, u32>,
}

impl Default for Loupe {
    fn default() -> Loupe {
        Loupe {
            open: false,
            auto_advance: true,
            info: true,
            filter: LoupeFilter::All,
            compare: None,
            right_side: false,
            done: Vec::new(),
            wanted: HashMap::new(),
            sent: HashMap::new(),
            failed: HashMap::new(),
            journal_changed: false,
            resent: HashMap::new(),
        }
    }
}

impl Loupe {
    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<LoupeAsk> {
        let ask = match action {
            Action::Rate(r) => LoupeAsk::Judge(i64::from(r)),
            Action::Reject => LoupeAsk::Judge(REJECT),
            Action::Left | Action::Up => LoupeAsk::Move(-1),
            Action::Right | Action::Down => LoupeAsk::Move(1),
            Action::Home => LoupeAsk::First,
            Action::End => LoupeAsk::Last,
            Action::Undo => LoupeAsk::Undo,
            Action::Retry => LoupeAsk::RetryUnsaved,
            Action::Back => LoupeAsk::Close,
            Action::ToggleInfo => {
                self.info = !self.info;
                return Outcome::Consumed;
            }
            Action::ToggleAdvance => {
                self.auto_advance = !self.auto_advance;
                return Outcome::Consumed;
            }
            Action::Compare => return Outcome::Ask(LoupeAsk::Compare),
            Action::FocusNext | Action::FocusPrev if self.compare.is_some() => {
                self.right_side = !self.right_side;
                return Outcome::Consumed;
            }
            Action::CycleFilter => {
                self.filter = self.filter.next();
                return Outcome::Ask(LoupeAsk::Filtered);
            }
            _ => return Outcome::NotConsumed,
        };
        Outcome::Ask(ask)
    }

    /// Record a judgement; the write to send now, unless one for that asset is already
    /// on its way (its answer sends the latest then).
    pub fn judge(&mut self, j: Judgement) -> Option<Write> {
        let (asset, rating) = (j.asset, j.after);
        self.done.push(j);
        self.want(asset, rating)
    }

    /// Take the last judgement back: it, and the write that restores the rating.
    pub fn undo(&mut self) -> Option<(Judgement, Option<Write>)> {
        let j = self.done.pop()?;
        let write = self.want(j.asset, j.before);
        Some((j, write))
    }

    fn want(&mut self, asset: i64, rating: i64) -> Option<Write> {
        self.wanted.insert(asset, rating);
        self.journal_changed = true;
        self.failed.remove(&asset);
        match self.sent.contains_key(&asset) {
            true => None,
            false => {
                self.sent.insert(asset, rating);
                Some((asset, rating))
            }
        }
    }

    /// The server answered the write for `asset`: the next write for it if the wanted
    /// rating changed meanwhile.
    pub fn answered(&mut self, asset: i64, result: Result<(), Failure>) -> Option<Write> {
        let sent = self.sent.remove(&asset)?;
        let wanted = self.wanted.get(&asset).copied();
        if result.is_ok() {
            self.resent.remove(&asset);
        }
        match result {
            Err(f) if f.passing && self.resent.get(&asset).copied().unwrap_or(0) < AUTO_RESENDS => {
                *self.resent.entry(asset).or_default() += 1;
                let r = wanted.unwrap_or(sent);
                self.sent.insert(asset, r);
                Some((asset, r))
            }
            Err(f) => {
                self.resent.remove(&asset);
                self.failed.insert(asset, f.message);
                None
            }
            Ok(()) if wanted == Some(sent) => {
                self.wanted.remove(&asset);
                self.journal_changed = true;
                None
            }
            Ok(()) => wanted.map(|r| {
                self.sent.insert(asset, r);
                (asset, r)
            }),
        }
    }

    /// Send every failed write again.
    pub fn retry(&mut self) -> Vec<Write> {
        let failed: Vec<i64> = self.failed.drain().map(|(a, _)| a).collect();
        failed
            .into_iter()
            .filter_map(|a| {
                let r = *self.wanted.get(&a)?;
                self.want(a, r)
            })
            .collect()
    }

    /// Judgements an earlier session did not save: kept as failed (`why`) until sent
    /// again (`retry`), and in this instance's journal meanwhile.
    pub fn hold(&mut self, unsaved: Vec<Unsaved>, why: &str) {
        for u in unsaved {
            self.wanted.insert(u.asset, u.rating);
            self.failed.insert(u.asset, why.to_string());
        }
        self.journal_changed = true;
    }

    /// The unsaved judgements, when they changed since the last call (for the journal).
    pub fn take_journal(&mut self) -> Option<Vec<Unsaved>> {
        if !std::mem::take(&mut self.journal_changed) {
            return None;
        }
        let mut out: Vec<Unsaved> = self
            .wanted
            .iter()
            .map(|(&asset, &rating)| Unsaved { asset, rating })
            .collect();
        out.sort_by_key(|u| u.asset);
        Some(out)
    }

    /// Whether the loupe handles writes for `asset` (its answers are the loupe's).
    pub fn sending(&self, asset: i64) -> bool {
        self.sent.contains_key(&asset)
    }

    /// Judgements not yet on the server (in flight or failed).
    pub fn unsaved(&self) -> usize {
        self.wanted.len()
    }

    /// The rating `asset` should show: the latest judgement, saved or not.
    pub fn rating_of(&self, asset: i64) -> Option<i64> {
        self.wanted.get(&asset).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(asset: i64, before: i64, after: i64) -> Judgement {
        Judgement {
            asset,
            index: 0,
            before,
            after,
        }
    }

    #[test]
    fn keys_become_judgements_moves_and_toggles() {
        let mut l = Loupe::default();
        assert_eq!(
            l.handle_action(Action::Rate(4)),
            Outcome::Ask(LoupeAsk::Judge(4))
        );
        assert_eq!(
            l.handle_action(Action::Reject),
            Outcome::Ask(LoupeAsk::Judge(1))
        );
        assert_eq!(
            l.handle_action(Action::Right),
            Outcome::Ask(LoupeAsk::Move(1))
        );
        assert!(l.auto_advance && l.info);
        assert_eq!(l.handle_action(Action::ToggleAdvance), Outcome::Consumed);
        assert_eq!(l.handle_action(Action::ToggleInfo), Outcome::Consumed);
        assert!(!l.auto_advance && !l.info);
        assert_eq!(l.handle_action(Action::Search), Outcome::NotConsumed);
    }

    #[test]
    fn one_write_per_asset_at_a_time_and_the_latest_wins() {
        let mut l = Loupe::default();
        assert_eq!(l.judge(j(7, 0, 3)), Some((7, 3)));
        assert_eq!(l.judge(j(7, 3, 4)), None, "the 3 is still on its way");
        assert_eq!(
            l.judge(j(8, 0, 5)),
            Some((8, 5)),
            "another asset goes at once"
        );
        assert_eq!(l.answered(7, Ok(())), Some((7, 4)), "then the 4 follows");
        assert_eq!(l.answered(7, Ok(())), None);
        assert_eq!(l.answered(8, Ok(())), None);
        assert_eq!(l.unsaved(), 0);
    }

    #[test]
    fn a_failed_write_waits_for_retry_and_undo_restores() {
        let mut l = Loupe::default();
        l.judge(j(7, 2, 5));
        let lasting = Failure {
            message: "HTTP 422".into(),
            passing: false,
        };
        assert_eq!(l.answered(7, Err(lasting)), None);
        assert_eq!(l.unsaved(), 1);
        assert_eq!(
            l.rating_of(7),
            Some(5),
            "the asset still shows the judgement"
        );
        assert_eq!(l.retry(), vec![(7, 5)]);
        assert!(l.failed.is_empty());
        assert_eq!(l.answered(7, Ok(())), None);
        let (undone, write) = l.undo().unwrap();
        assert_eq!((undone.asset, undone.before), (7, 2));
        assert_eq!(write, Some((7, 2)));
        assert!(l.undo().is_none());
    }

    #[test]
    fn a_passing_failure_is_sent_again_twice_before_it_waits_for_retry() {
        let mut l = Loupe::default();
        let passing = || {
            Err(Failure {
                message: "HTTP 503".into(),
                passing: true,
            })
        };
        l.judge(j(7, 0, 4));
        assert_eq!(l.answered(7, passing()), Some((7, 4)));
        assert_eq!(l.answered(7, passing()), Some((7, 4)));
        assert_eq!(l.answered(7, passing()), None, "then it waits for R");
        assert_eq!(l.failed.len(), 1);
        assert_eq!(l.retry(), vec![(7, 4)]);
        assert_eq!(l.answered(7, passing()), Some((7, 4)), "R starts afresh");
    }

    #[test]
    fn the_journal_follows_what_is_unsaved_and_held_ones_wait_for_retry() {
        let mut l = Loupe::default();
        assert_eq!(l.take_journal(), None);
        l.judge(j(7, 0, 3));
        assert_eq!(
            l.take_journal(),
            Some(vec![Unsaved {
                asset: 7,
                rating: 3
            }])
        );
        assert_eq!(l.take_journal(), None, "only when it changed");
        l.answered(7, Ok(()));
        assert_eq!(l.take_journal(), Some(vec![]), "saved: the journal empties");
        l.hold(
            vec![Unsaved {
                asset: 9,
                rating: 2,
            }],
            "from the last session",
        );
        assert_eq!(l.unsaved(), 1);
        assert_eq!(l.retry(), vec![(9, 2)]);
    }
}
