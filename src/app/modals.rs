//! What takes keys before the panes, in order: the `/` search line, the `:` command
//! line, the confirm dialog, then a full-screen overlay. (The bulk-edit dialog, when open
//! and no overlay covers it, comes next; then the focused pane.)

use std::time::Instant;

use tui_input::Input;

use super::state::Asking;
use crate::api::models::SearchQuery;

/// Full-screen layers drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help {
        scroll: u16,
    },
    AssetDetails {
        scroll: u16,
    },
    /// A large preview of the selected asset.
    Preview,
    /// The organisation (profile) switcher.
    Profiles {
        cursor: usize,
    },
    /// The sort menu (`s`): an index into `sort_choices(scope)`.
    SortMenu {
        cursor: usize,
    },
}

/// The `/` query line. It searches as you type (debounced); Esc puts back the search
/// the grid showed before the line opened.
#[derive(Debug, Clone)]
pub struct SearchLine {
    pub input: Input,
    /// Search inside the current group (true) or the whole library.
    pub in_group: bool,
    /// When the typed text is searched, if typing stays paused until then.
    pub due: Option<Instant>,
    /// The text and scope last searched from this line.
    pub ran: Option<(String, bool)>,
    /// Why the typed text cannot be searched yet.
    pub error: Option<String>,
    /// The grid's search before the line searched anything (restored by Esc).
    pub(crate) before: Option<Box<PriorSearch>>,
}

#[derive(Debug, Clone)]
pub(crate) struct PriorSearch {
    pub(crate) text: Option<String>,
    pub(crate) filters: crate::search::query::ParsedQuery,
    pub(crate) query: SearchQuery,
    pub(crate) selected: Option<usize>,
}

/// The layer that gets the next key, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modal {
    Search,
    Command,
    Confirm,
    Overlay,
}

#[derive(Default)]
pub struct Modals {
    /// The `/` query line while it is open.
    pub search: Option<SearchLine>,
    /// The `:` command line while it is open.
    pub command: Option<Input>,
    /// The confirm dialog, drawn over everything.
    pub confirm: Option<Asking>,
    pub overlay: Overlay,
}

impl Modals {
    /// Which layer gets the next key, if any takes keys before the panes.
    pub fn top(&self) -> Option<Modal> {
        if self.search.is_some() {
            Some(Modal::Search)
        } else if self.command.is_some() {
            Some(Modal::Command)
        } else if self.confirm.is_some() {
            Some(Modal::Confirm)
        } else if self.overlay != Overlay::None {
            Some(Modal::Overlay)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_lines_come_before_the_confirm_dialog_and_it_before_overlays() {
        let mut m = Modals::default();
        assert_eq!(m.top(), None);
        m.overlay = Overlay::Preview;
        assert_eq!(m.top(), Some(Modal::Overlay));
        m.confirm = Some(Asking {
            dialog: crate::panes::confirm::Confirm::cancel_or("t", vec![], "Ok"),
            purpose: crate::app::state::Purpose::Save,
        });
        assert_eq!(m.top(), Some(Modal::Confirm));
        m.command = Some(Input::default());
        assert_eq!(m.top(), Some(Modal::Command));
        m.search = Some(SearchLine {
            input: Input::default(),
            in_group: false,
            due: None,
            ran: None,
            error: None,
            before: None,
        });
        assert_eq!(m.top(), Some(Modal::Search));
    }
}
