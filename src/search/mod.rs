//! Search helpers: the `/` query language.

pub mod history;
pub mod query;
