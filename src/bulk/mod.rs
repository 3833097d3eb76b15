//! Bulk jobs: the bulk-edit dialog over marked assets (or all results), the summary and
//! confirmation before submitting, exactly-once submission, and the job monitor.
//!
//! - [`dialog`]: the form (pure), the request it builds and the summary it shows.
//! - [`monitor`]: the jobs list, what the poller saw, the status-bar summary (pure).
//! - [`journal`]: what each submitted job was asked to do, kept on disk.
//!
//! The requests and answers are in [`crate::protocol::jobs`], carrying them out in
//! [`crate::worker::jobs`]; polling in [`crate::worker::poller`].
//!
//! How the app reacts to their keys and answers (no I/O) is in `app/state/bulk.rs`.

pub mod dialog;
pub(crate) mod dialog_keys;
pub mod journal;
pub mod monitor;

use std::collections::BTreeSet;

use crate::api::models::BulkJobRequest;
use crate::protocol::RequestId;

/// Where the one submission in progress is.
#[derive(Debug, Clone, Default)]
pub enum Submit {
    #[default]
    Idle,
    /// `POST /api/bulk_jobs` sent, no answer yet: the submit key is disabled.
    InFlight(Attempt),
    /// The answer was lost (timeout): looking for the job in the recent-jobs list.
    Checking(Attempt),
    /// Not found: the user decides whether to send it again.
    Unknown(Attempt),
}

#[derive(Debug, Clone)]
pub struct Attempt {
    pub req: RequestId,
    pub request: Box<BulkJobRequest>,
    /// Wall clock (ms since the epoch) when it was sent.
    pub sent_ms: i64,
    /// Jobs known before sending (not candidates when looking the job up).
    pub known_before: BTreeSet<String>,
    /// How the submission ended without a clear outcome (a timeout, a 5xx), once known.
    pub unclear: Option<crate::api::ApiError>,
}

impl Submit {
    pub fn busy(&self) -> bool {
        matches!(self, Submit::InFlight(_) | Submit::Checking(_))
    }
}

#[derive(Debug, Default)]
pub struct Bulk {
    pub dialog: Option<dialog::Dialog>,
    pub monitor: monitor::Monitor,
    pub submit: Submit,
    pub(crate) preview_req: Option<RequestId>,
    pub(crate) all_ids_req: Option<RequestId>,
    /// Jobs described since the last effects were taken, for the journal on disk.
    pub(crate) to_journal: Vec<(String, monitor::Described)>,
}
