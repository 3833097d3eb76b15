//! The application: state, keymap, requests/messages, event loop, terminal handling.

pub mod keymap;
pub mod msg;
pub mod run;
pub mod state;
pub mod terminal;

pub use state::App;
