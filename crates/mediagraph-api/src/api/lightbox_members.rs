//! One lightbox's members, one asset at a time (the loupe's picks): add, ask, take out.
//! Adding is idempotent on the server. Taking out is a bulk job, created only while the
//! asset is still in, and once: when the answer creating it is lost, the new job is looked
//! for (by its one asset) before anything is sent again.

use std::time::{Duration, Instant};

use serde_json::json;

use super::client::ApiClient;
use super::error::{ApiError, ApiResult};
use super::models::{BulkJob, BulkJobRequest, JobState, SearchQuery, SearchScope};
use super::routes;

/// How often a removal's bulk job is asked about while it runs.
const JOB_POLL: Duration = Duration::from_millis(200);

/// The newest bulk jobs looked through for one whose creating answer was lost.
const RECENT_JOBS: u32 = 20;

impl ApiClient {
    /// Put `ids` in the collection or lightbox whose asset group is `agid`.
    pub async fn add_to_group(&self, agid: i64, ids: &[i64]) -> ApiResult<()> {
        let body = json!({ "ids": ids, "asset_group_id": agid });
        self.send(routes::ASSETS_ADD_GROUP, &[], &[], Some(&body))
            .await
            .map(|_| ())
    }

    /// The ids of the assets in the lightbox `lightbox` (its tree id), at most `at_most`.
    pub async fn lightbox_asset_ids(&self, lightbox: i64, at_most: usize) -> ApiResult<Vec<i64>> {
        let query = in_lightbox(lightbox, Vec::new());
        let mut ids = Vec::new();
        for page in 1.. {
            let p = self.search(&query, page, 100).await?;
            let got = p.assets.len();
            ids.extend(p.assets.iter().map(|a| a.id));
            let all_in = p.total.is_some_and(|t| ids.len() as u64 >= t);
            if got < 100 || all_in || ids.len() >= at_most {
                break;
            }
        }
        ids.truncate(at_most);
        Ok(ids)
    }

    /// Whether `asset` is in the lightbox `lightbox` (its tree id).
    pub async fn lightbox_holds(&self, lightbox: i64, asset: i64) -> ApiResult<bool> {
        let p = self
            .search(&in_lightbox(lightbox, vec![asset]), 1, 1)
            .await?;
        Ok(p.assets.iter().any(|a| a.id == asset))
    }

    /// Take `asset` out of the lightbox `lightbox` (tree id; `agid` its asset group) and
    /// wait up to `wait` for the bulk job that does it. Once the job is accepted, only its
    /// ending in failure is an error: one still running, or one that could not be asked
    /// about, is left to finish rather than sent again.
    pub async fn remove_from_lightbox(
        &self,
        lightbox: i64,
        agid: i64,
        asset: i64,
        wait: Duration,
    ) -> ApiResult<()> {
        if !self.lightbox_holds(lightbox, asset).await? {
            return Ok(());
        }
        let before = self.recent_job_guids().await?;
        let request = BulkJobRequest {
            asset_ids: vec![asset],
            remove_asset_group_id: Some(agid),
            remove_asset_group_type: Some("Lightbox".into()),
            ..Default::default()
        };
        let job = match self.create_bulk_job(&request).await {
            Ok(job) => job,
            Err(e) if e.is_transient() => match self.new_job_for(asset, &before).await {
                Ok(Some(job)) => job,
                _ => return Err(e),
            },
            Err(e) => return Err(e),
        };
        let Some(guid) = job.guid else {
            return Err(ApiError::BadPayload {
                path: routes::BULK_JOB_CREATE.template.to_string(),
                detail: "the new bulk job has no guid".into(),
            });
        };
        let until = Instant::now() + wait;
        let mut state = job.aasm_state;
        while !state.is_finished() && Instant::now() < until {
            tokio::time::sleep(JOB_POLL).await;
            match self.bulk_job(&guid).await {
                Ok(j) => state = j.aasm_state,
                Err(e) => {
                    tracing::info!("bulk job {guid} not asked about ({e}); left to finish");
                    return Ok(());
                }
            }
        }
        match state {
            JobState::Errored | JobState::Canceled => Err(ApiError::BadPayload {
                path: routes::BULK_JOB.template.to_string(),
                detail: format!("the bulk job taking the asset out ended {}", state.as_str()),
            }),
            _ => Ok(()),
        }
    }

    /// The guids of the newest bulk jobs.
    async fn recent_job_guids(&self) -> ApiResult<Vec<String>> {
        let page = self.bulk_jobs(1, RECENT_JOBS).await?;
        Ok(page.items.into_iter().filter_map(|j| j.guid).collect())
    }

    /// A job not among `before` whose only asset is `asset`: the one a lost answer made.
    async fn new_job_for(&self, asset: i64, before: &[String]) -> ApiResult<Option<BulkJob>> {
        let page = self.bulk_jobs(1, RECENT_JOBS).await?;
        for job in page.items {
            let Some(guid) = job.guid.clone().filter(|g| !before.contains(g)) else {
                continue;
            };
            if job.total_assets.is_some_and(|n| n != 1) {
                continue;
            }
            let assets = self.bulk_job_assets(&guid, 1).await?;
            if assets.items.iter().any(|a| a.id == asset) {
                return Ok(Some(job));
            }
        }
        Ok(None)
    }
}

fn in_lightbox(lightbox: i64, ids: Vec<i64>) -> SearchQuery {
    SearchQuery {
        scope: SearchScope::Lightbox {
            id: lightbox,
            include_children: false,
        },
        ids,
        ..Default::default()
    }
}
