//! Typed, tolerant models of Mediagraph payloads. Every non-id field is optional or
//! defaulted, unknown keys are ignored (or kept in `extra`), and odd value types are
//! mapped by the helpers in [`super::de`].

mod asset;
mod bulk_job;
mod catalog;
mod comment;
mod group;
mod identity;
mod notification;
mod saved_search;
mod search;
mod share;
mod share_link;
mod update;
mod upload;
mod version;
mod workflow;

pub use asset::*;
pub use bulk_job::*;
pub use catalog::*;
pub use comment::*;
pub use group::*;
pub use identity::*;
pub use notification::*;
pub use saved_search::*;
pub use search::*;
pub use share::*;
pub use share_link::*;
pub use update::*;
pub use upload::*;
pub use version::*;
pub use workflow::*;
