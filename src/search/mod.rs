//! Search helpers: the `/` query language, facets and history.

pub mod facets;
pub mod history;
pub mod query;
