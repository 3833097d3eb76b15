//! What the bulk-edit dialog and the job monitor ask of the API task, and the answers;
//! carried inside [`super::RequestKind::Jobs`] / [`super::MsgKind::Jobs`].

use crate::api::models::{Asset, BulkJob, BulkJobRequest, CaiPreview, SearchQuery};
use crate::api::{ApiResult, Paged};

/// The id unsolicited poll reports carry (the app never issues id 0).
pub const POLL_MSG_ID: u64 = 0;

/// Jobs per monitor page.
pub const JOBS_PER_PAGE: u32 = 20;
/// At most this many ids are collected for "all results".
pub const ALL_RESULTS_LIMIT: usize = 10_000;

#[derive(Debug, Clone)]
pub enum JobsRequest {
    /// `POST /api/bulk_jobs`: sent once, never retried.
    Create(Box<BulkJobRequest>),
    /// One page of the user's jobs, newest first.
    List {
        page: u32,
    },
    /// The newest jobs, to find out whether an unconfirmed create reached the server.
    Lookup,
    Assets {
        guid: String,
        page: u32,
    },
    /// The assets a finished job touched, for refreshing the grid.
    RefreshAssets {
        guid: String,
    },
    Cancel {
        guid: String,
    },
    Undo {
        guid: String,
    },
    CaiPreview {
        asset_ids: Vec<i64>,
        cmf_ids: Vec<i64>,
    },
    /// Every asset id of a search (the "all results" scope).
    AllIds {
        query: Box<SearchQuery>,
    },
    /// Wake the poller (and follow `track`). The live API task hands this to its poller
    /// and answers later with [`JobsMsg::Polled`]; `perform` polls once.
    Poll {
        track: Option<String>,
    },
}

#[derive(Debug, Clone)]
pub enum JobsMsg {
    Created(ApiResult<BulkJob>),
    List {
        page: u32,
        result: ApiResult<Paged<BulkJob>>,
    },
    Lookup(ApiResult<Vec<BulkJob>>),
    Assets {
        guid: String,
        page: u32,
        result: ApiResult<Paged<Asset>>,
    },
    Refreshed {
        guid: String,
        result: ApiResult<Vec<Asset>>,
    },
    Canceled {
        guid: String,
        result: ApiResult<()>,
    },
    Undone {
        guid: String,
        result: ApiResult<BulkJob>,
    },
    CaiPreview {
        cmf_ids: Vec<i64>,
        result: ApiResult<CaiPreview>,
    },
    AllIds(ApiResult<Vec<i64>>),
    Polled(PollReport),
}

/// What one poll saw.
#[derive(Debug, Clone, Default)]
pub struct PollReport {
    /// The latest state of every followed job (finished ones once, then dropped).
    pub jobs: Vec<BulkJob>,
    /// guid → (queue position, queue depth) of pending jobs.
    pub queue: Vec<(String, Option<i64>, Option<i64>)>,
    /// The server has no `/api/bulk_jobs/processing` (404/405): noticed in this poll.
    pub processing_unavailable: bool,
    /// A poll call failed (the others may have worked).
    pub error: Option<String>,
    /// Jobs are still active: polling goes on quickly.
    pub active: bool,
}

/// Wake the poller; follow `track` too.
#[derive(Debug, Clone, Default)]
pub struct PollCmd {
    pub track: Option<String>,
}
