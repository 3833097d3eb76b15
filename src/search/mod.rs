//! Search helpers: the query language, facets and saved-search SQL live in the API
//! crate; the query history (a file of this machine's) lives here.

pub use mediagraph_api::search::{facets, query, saved};
pub mod history;
