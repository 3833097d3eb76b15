//! Search helpers: the `/` query language, facets, saved searches and history.

pub mod facets;
pub mod history;
pub mod query;
pub mod saved;
