//! Carrying out what the bulk-edit dialog and the job monitor ask
//! ([`crate::protocol::jobs`]).

use super::poller::Poller;
use crate::api::models::{Asset, SearchQuery};
use crate::api::{ApiClient, ApiResult};
use crate::protocol::jobs::{ALL_RESULTS_LIMIT, JOBS_PER_PAGE, JobsMsg, JobsRequest};

/// At most this many assets are refreshed in the grid after a job.
const REFRESH_LIMIT: usize = 2_000;

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
        JobsRequest::AllIds { query } => JobsMsg::AllIds(all_ids(client, &query).await),
        JobsRequest::Poll { track } => {
            let mut p = Poller::default();
            p.wake(track);
            JobsMsg::Polled(p.poll(client).await)
        }
    }
}

pub(super) async fn job_assets(client: &ApiClient, guid: &str) -> ApiResult<Vec<Asset>> {
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
