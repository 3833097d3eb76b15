//! Everything the terminal sends the app, read by mgtui itself instead of crossterm's
//! event stream so that no answer to a query can ever act as a key (see `parse`).

pub(crate) mod parse;
#[cfg(unix)]
pub(crate) mod reader;

use crossterm::event::Event;

pub use parse::Reply;

/// One thing from the terminal.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A key, mouse, paste, focus or resize event. `suspect` marks keys that came faster
    /// than a person types (many in one read, or before the first frame): actions that write to
    /// the library ask before acting on them.
    Event { event: Event, suspect: bool },
    /// The terminal's answer to a query; never a key.
    Reply(Reply),
}

impl From<Event> for Input {
    fn from(event: Event) -> Input {
        Input::Event {
            event,
            suspect: false,
        }
    }
}
