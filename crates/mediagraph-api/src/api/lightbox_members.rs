//! One lightbox's members, one asset at a time (the loupe's picks): add, ask, take out.
//! Adding is idempotent on the server. Taking out is a bulk job; it is created only while
//! the asset is still in, so a removal sent again after a lost answer runs no second job
//! once the first has finished.

use std::time::{Duration, Instant};

use serde_json::json;

use super::client::ApiClient;
use super::error::{ApiError, ApiResult};
use super::models::{BulkJobRequest, JobState, SearchQuery, SearchScope};
use super::routes;

/// How often a removal's bulk job is asked about while it runs.
const JOB_POLL: Duration = Duration::from_millis(200);

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
        let job = self
            .create_bulk_job(&BulkJobRequest {
                asset_ids: vec![asset],
                remove_asset_group_id: Some(agid),
                remove_asset_group_type: Some("Lightbox".into()),
                ..Default::default()
            })
            .await?;
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
