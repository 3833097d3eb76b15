//! What the bulk-edit dialog and the job monitor ask of the API task, and the answers.
//! Carried inside [`crate::app::msg::RequestKind::Jobs`] / [`crate::app::msg::MsgKind::Jobs`].

use crate::api::models::{Asset, BulkJob, BulkJobRequest, CaiPreview, RightsPackage, SearchQuery};
use crate::api::{ApiClient, ApiResult, Paged};
use crate::jobs_poller::{PollReport, Poller};

/// Jobs per monitor page.
pub const JOBS_PER_PAGE: u32 = 20;
/// At most this many assets are refreshed in the grid after a job.
const REFRESH_LIMIT: usize = 2_000;
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
    RightsPackages,
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
    RightsPackages(ApiResult<Vec<RightsPackage>>),
    AllIds(ApiResult<Vec<i64>>),
    Polled(PollReport),
}

/// Run one jobs request.
pub async fn perform(client: &ApiClient, req: JobsRequest) -> JobsMsg {
    match req {
        JobsRequest::Create(r) => JobsMsg::Created(client.create_bulk_job(&r).await),
        JobsRequest::List { page } => JobsMsg::List {
            page,
            result: client.bulk_jobs(page, JOBS_PER_PAGE).await,
        },
        JobsRequest::Lookup => JobsMsg::Lookup(client.bulk_jobs(1, 50).await.map(|p| p.items)),
        JobsRequest::Assets { guid, page } => {
            let result = client.bulk_job_assets(&guid, page).await;
            JobsMsg::Assets { guid, page, result }
        }
        JobsRequest::RefreshAssets { guid } => {
            let result = job_assets(client, &guid).await;
            JobsMsg::Refreshed { guid, result }
        }
        JobsRequest::Cancel { guid } => {
            let result = client.cancel_bulk_job(&guid).await;
            JobsMsg::Canceled { guid, result }
        }
        JobsRequest::Undo { guid } => {
            let result = client.undo_bulk_job(&guid).await;
            JobsMsg::Undone { guid, result }
        }
        JobsRequest::CaiPreview { asset_ids, cmf_ids } => {
            let result = client.cai_preview(&asset_ids, &cmf_ids).await;
            JobsMsg::CaiPreview { cmf_ids, result }
        }
        JobsRequest::RightsPackages => JobsMsg::RightsPackages(client.rights_packages().await),
        JobsRequest::AllIds { query } => JobsMsg::AllIds(all_ids(client, &query).await),
        JobsRequest::Poll { track } => {
            let mut p = Poller::default();
            p.wake(track);
            JobsMsg::Polled(p.poll(client).await)
        }
    }
}

async fn job_assets(client: &ApiClient, guid: &str) -> ApiResult<Vec<Asset>> {
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let p = client.bulk_job_assets(guid, page).await?;
        let got = p.items.len();
        let more = p.has_more();
        out.extend(p.items);
        if got == 0 || !more || out.len() >= REFRESH_LIMIT {
            return Ok(out);
        }
        page += 1;
    }
}

async fn all_ids(client: &ApiClient, query: &SearchQuery) -> ApiResult<Vec<i64>> {
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let p = client.search(query, page, 100).await?;
        let got = p.assets.len();
        let more = p.has_more();
        out.extend(p.assets.iter().map(|a| a.id));
        if got == 0 || !more || out.len() >= ALL_RESULTS_LIMIT {
            out.truncate(ALL_RESULTS_LIMIT);
            return Ok(out);
        }
        page += 1;
    }
}
