//! mgtui: a terminal browser for the Mediagraph digital-asset-management platform.

pub mod api;
pub mod app;
pub mod demo;
pub mod editor;
pub mod paths;
pub mod sanitize;
pub mod search;
pub mod thumbs;
pub mod ui;
pub mod worker;
