//! Workflow steps (`/api/workflow_steps`): each step is an asset group (a folder,
//! collection or lightbox) whose assets wait for approval; approving moves them on.

use serde::Deserialize;

use crate::api::de;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct WorkflowStep {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub aasm_state: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub position: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub asset_group_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub workflow_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub editable: Option<bool>,
}

/// One asset's approval in a step, as `approve` answers.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct StepApproval {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub asset_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub workflow_step_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub aasm_state: Option<String>,
}
