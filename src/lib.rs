//! mgtui: a terminal browser for the Mediagraph digital-asset-management platform.

pub mod api;
pub mod app;
pub mod auth;
pub mod bulk;
pub mod config;
pub mod demo;
pub mod editor;
pub mod jobs_poller;
pub mod paths;
pub mod sanitize;
pub mod search;
pub mod state_file;
pub mod terminal_input;
pub mod thumbs;
pub mod timeutil;
pub mod ui;
pub mod worker;
