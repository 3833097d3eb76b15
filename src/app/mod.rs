//! The application: state, keymap, requests/messages, event loop, terminal handling.

pub mod account;
pub mod command;
pub mod effect;
pub mod mouse;
pub mod panes;
pub mod results;
pub mod run;
pub mod state;
pub mod terminal;

pub use state::App;
