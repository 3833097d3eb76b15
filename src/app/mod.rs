//! The application state machine: `App` (the router, in `state`), the parts it is made
//! of (modals, request book, browse state, session, screen, images), layout, mouse,
//! effects and terminal restore. No I/O: requests go out through `protocol`, drawing is
//! `ui/`, the loop is `run`.

pub mod account;
pub(crate) mod browse;
pub mod downloads;
pub mod effect;
pub(crate) mod images;
pub mod layout;
pub mod link;
pub(crate) mod modals;
pub(crate) mod mouse;
mod requests;
pub mod row_scroll;
pub(crate) mod screen;
pub(crate) mod session;
pub mod state;
pub(crate) mod terminal;

pub use state::{App, RightPane};
