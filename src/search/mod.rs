//! Search helpers: the `/` query language and the SQL of saved searches.

pub mod history;
pub mod query;
pub mod saved;
