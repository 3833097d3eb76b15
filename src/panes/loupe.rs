//! The culling loupe: one asset at a time over the whole screen, one key per judgement.
//! Its position is the grid's cursor (closing it leaves the grid where culling stopped);
//! what it keeps is how to move on, and the judgements on their way to the server.
//!
//! Judgements never wait for the network: each is applied to the asset shown at once
//! and queued (`panes::judgements`).

use crate::keymap::Action;
use crate::panes::Outcome;
use std::collections::{HashMap, HashSet};

use crate::api::models::Shot;

use crate::panes::judgements::{Judgements, PickBox};

/// Which assets the loupe stops at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoupeFilter {
    #[default]
    All,
    Unrated,
    Picks,
    Rejected,
}

/// What an asset is, for the filters.
#[derive(Debug, Clone, Copy, Default)]
pub struct Judged {
    pub rating: Option<i64>,
    pub picked: bool,
    pub rejected: bool,
}

impl LoupeFilter {
    pub fn matches(self, a: Judged) -> bool {
        match self {
            LoupeFilter::All => true,
            LoupeFilter::Unrated => a.rating.unwrap_or(0) == 0,
            LoupeFilter::Picks => a.picked,
            LoupeFilter::Rejected => a.rejected,
        }
    }

    fn next(self) -> LoupeFilter {
        match self {
            LoupeFilter::All => LoupeFilter::Unrated,
            LoupeFilter::Unrated => LoupeFilter::Picks,
            LoupeFilter::Picks => LoupeFilter::Rejected,
            LoupeFilter::Rejected => LoupeFilter::All,
        }
    }

    /// `unrated`, `picks`, `rejected` (none for all).
    pub fn label(self) -> Option<&'static str> {
        match self {
            LoupeFilter::All => None,
            LoupeFilter::Unrated => Some("unrated"),
            LoupeFilter::Picks => Some("picks"),
            LoupeFilter::Rejected => Some("rejected"),
        }
    }
}

/// The lightbox `P` puts assets in, chosen the first time `P` is pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picks {
    pub lightbox: PickBox,
    pub name: String,
    /// The assets in it, as far as this mgtui knows (read when chosen, then kept).
    pub members: HashSet<i64>,
}

/// The rating a reject sets (when rejects are ratings).
pub const REJECT: i64 = 1;

/// What `x` does, chosen at the first `x` of a session (or with `:reject`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectAs {
    /// A rating of 1.
    Rating,
    /// The status field to this value.
    Field { name: String, value: String },
    /// Marked here; the marked assets go to the trash when the loupe closes, after asking.
    Trash,
}

impl RejectAs {
    /// `rating 1`, `Category: Internal`, `trash at the end`.
    pub fn label(&self) -> String {
        match self {
            RejectAs::Rating => format!("rating {REJECT}"),
            RejectAs::Field { name, value } => format!("{name}: {value}"),
            RejectAs::Trash => "trash at the end".into(),
        }
    }
}

/// What the loupe asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoupeAsk {
    /// Move the cursor by this many assets.
    Move(isize),
    First,
    Last,
    /// Set the shown asset's rating.
    Judge(i64),
    /// Reject the shown asset (as chosen: `RejectAs`).
    Reject,
    /// Set the status field to its Nth value (0 clears it).
    Mark(u8),
    /// Put the shown asset in the picks lightbox, or take it out.
    Pick,
    /// Approve the workflow step whose assets are shown (after a summary).
    ApproveStep,
    Undo,
    RetryUnsaved,
    /// The filter changed: find a matching asset.
    Filtered,
    /// Turn 2-up compare on or off.
    Compare,
    Close,
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
    /// The judgements on their way to the server, and the undo history.
    pub writes: Judgements,
    /// Where picks go, once chosen.
    pub picks: Option<Picks>,
    /// The asset whose `P` opened the choice of the picks lightbox: picked once chosen.
    pub pick_waiting: Option<i64>,
    /// What `x` does, once chosen.
    pub reject_as: Option<RejectAs>,
    /// The asset whose `x` opened that choice: rejected once chosen.
    pub reject_waiting: Option<i64>,
    /// Rejects marked for the trash, in the order marked.
    pub trash: Vec<i64>,
    /// `A` asked for the workflow steps of the group with this asset group id.
    pub approving: Option<i64>,
    /// Camera and lens of the assets shown so far (none: their EXIF has neither).
    pub shots: HashMap<i64, Option<Shot>>,
    /// The asset whose camera and lens were asked for last.
    pub shot_asked: Option<i64>,
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
            writes: Judgements::default(),
            picks: None,
            pick_waiting: None,
            reject_as: None,
            reject_waiting: None,
            trash: Vec::new(),
            approving: None,
            shots: HashMap::new(),
            shot_asked: None,
        }
    }
}

impl Loupe {
    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<LoupeAsk> {
        let ask = match action {
            Action::Rate(r) => LoupeAsk::Judge(i64::from(r)),
            Action::Reject => LoupeAsk::Reject,
            Action::Pick => LoupeAsk::Pick,
            Action::ApproveStep => LoupeAsk::ApproveStep,
            Action::SetField(n) => LoupeAsk::Mark(n),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_judgements_moves_and_toggles() {
        let mut l = Loupe::default();
        assert_eq!(
            l.handle_action(Action::Rate(4)),
            Outcome::Ask(LoupeAsk::Judge(4))
        );
        assert_eq!(
            l.handle_action(Action::Reject),
            Outcome::Ask(LoupeAsk::Reject)
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
}
