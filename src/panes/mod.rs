//! The state and navigation of panes, drawn by `ui/`.

pub mod confirm;
pub mod details;
pub mod grid;
pub mod results;
pub mod tree;
