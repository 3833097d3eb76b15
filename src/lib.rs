//! mgtui: a terminal browser for the Mediagraph digital-asset-management platform.

pub mod app;
pub mod auth;
pub(crate) mod backoff;
pub mod bulk;
pub mod clipboard;
pub(crate) mod command;
pub mod config;
pub mod editor;
pub(crate) mod keymap;
pub mod markdown;
pub mod memory;
pub mod panes;
pub mod paths;
pub mod protocol;
pub mod run;
pub mod search;
pub(crate) mod state_file;
pub(crate) mod terminal_input;
pub mod text;
pub(crate) mod theme;
pub mod thumbs;
pub mod transfers;
pub mod ui;
pub mod worker;

// The API crate and the demo server under the names the rest of mgtui uses.
pub use mediagraph_api::{api, sanitize, timeutil};
pub use mgtui_demo as demo;
