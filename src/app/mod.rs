//! The application state machine: App and its panes' glue, layout, mouse, effects and
//! terminal restore. No I/O: requests go out through `protocol`, drawing is `ui/`, the
//! loop is `run`.

pub mod account;
pub mod browse;
pub mod effect;
pub mod images;
pub mod layout;
pub mod modals;
pub mod mouse;
mod requests;
pub mod screen;
pub mod session;
pub mod state;
pub mod terminal;

pub use state::{App, RightPane};
