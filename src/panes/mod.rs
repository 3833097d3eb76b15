//! The state and navigation of panes, drawn by `ui/`.

pub(crate) mod confirm;
pub(crate) mod details;
pub mod grid;
pub(crate) mod results;
pub mod tree;
