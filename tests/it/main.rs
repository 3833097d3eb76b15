//! Every end-to-end test in one binary: one link instead of one per file. Each module
//! drives the real client, app state machine or binary against the embedded demo
//! server over loopback; `common` holds the harnesses they share.

mod common;

mod accounts;
mod api_bulk;
mod api_faults;
mod api_saved_searches;
mod api_search;
mod api_tree;
mod api_update;
mod bulk_jobs;
mod cli_version;
mod commands;
mod comments;
mod config_ui;
mod demo_server_http;
mod editor;
mod editor_drafts;
mod full_disk;
mod groups;
mod kitty_pty;
mod lightbox_owner;
mod loupe;
mod notifications;
mod saved_searches_ui;
mod search_facets;
mod search_query;
mod security;
mod share_links;
mod shares;
mod spec_conformance;
mod terminal_pty;
mod terminal_restore;
mod thumbnails;
mod transfers;
mod trash;
mod ui_browse;
mod ui_robustness;
mod uploads;
mod versions;
