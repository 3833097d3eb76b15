//! The Mediagraph API as mgtui speaks it, with no terminal code: the HTTP client (auth,
//! retries, redirects, typed errors), the models and routes, the search query language
//! and saved-search SQL, the facet rows, time parsing, and the sanitising of server
//! text before anything draws it.

pub mod api;
pub mod sanitize;
pub mod search;
pub mod timeutil;
