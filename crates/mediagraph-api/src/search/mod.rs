//! Searching: the `/` query language, facet rows and saved-search SQL.

pub mod facets;
pub mod query;
pub mod saved;
