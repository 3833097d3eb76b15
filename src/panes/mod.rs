//! The panes: each owns its state and decides what a key does to it (`handle_action`);
//! `ui/` draws them and `app/` routes keys and answers to them.

pub mod comments;
pub(crate) mod confirm;
pub(crate) mod details;
pub(crate) mod facets;
pub mod grid;
pub mod judgements;
pub mod loupe;
pub(crate) mod results;
pub mod share_links;
pub mod shares;
pub mod transfers;
pub mod tree;
mod tree_edit;
pub(crate) mod upload_picker;
pub mod versions;

/// What a pane did with an action (gitui's `EventState`), and what it needs the router
/// for: requests, other panes, the status line.
#[derive(Debug, PartialEq)]
pub(crate) enum Outcome<A> {
    /// Handled by the pane; nothing more to do.
    Consumed,
    /// Not the pane's: the router's own bindings may take it.
    NotConsumed,
    /// The pane did its part; the router does the rest.
    Ask(A),
}
