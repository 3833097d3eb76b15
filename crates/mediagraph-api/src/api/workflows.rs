//! Workflow steps, and approving a step's assets.

use serde_json::json;

use super::client::ApiClient;
use super::error::ApiResult;
use super::models::{StepApproval, WorkflowStep};
use super::routes;

impl ApiClient {
    pub async fn workflow_steps(&self) -> ApiResult<Vec<WorkflowStep>> {
        Ok(self
            .call(routes::WORKFLOW_STEPS, &[], &[], None)
            .await?
            .body)
    }

    /// Approve `asset_ids` in step `step` (they move on to the next step).
    pub async fn approve_workflow_step(
        &self,
        step: i64,
        asset_ids: &[i64],
    ) -> ApiResult<Vec<StepApproval>> {
        let step = step.to_string();
        let body = json!({ "asset_ids": asset_ids });
        Ok(self
            .call(routes::WORKFLOW_STEP_APPROVE, &[&step], &[], Some(&body))
            .await?
            .body)
    }
}
