//! Search helpers: the `/` query language.

pub mod query;
