use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::de;

/// Lifecycle of a bulk job.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum JobState {
    #[default]
    Pending,
    Processing,
    Processed,
    Errored,
    Canceled,
    Other(String),
}

impl JobState {
    pub fn parse(s: &str) -> JobState {
        match s {
            "pending" => JobState::Pending,
            "processing" => JobState::Processing,
            "processed" => JobState::Processed,
            "errored" | "error" | "failed" => JobState::Errored,
            "canceled" | "cancelled" => JobState::Canceled,
            other => JobState::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            JobState::Pending => "pending",
            JobState::Processing => "processing",
            JobState::Processed => "processed",
            JobState::Errored => "errored",
            JobState::Canceled => "canceled",
            JobState::Other(s) => s,
        }
    }

    /// Whether the job will not change any more.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            JobState::Processed | JobState::Errored | JobState::Canceled
        )
    }
}

impl<'de> Deserialize<'de> for JobState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(de::value_to_string(Value::deserialize(d)?)
            .map(|s| JobState::parse(&s))
            .unwrap_or_default())
    }
}

/// A bulk job as returned by create, details and list. Jobs are addressed by `guid`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BulkJob {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub guid: Option<String>,
    #[serde(default)]
    pub aasm_state: JobState,
    /// 0–100; null before the job starts.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub progress: Option<f64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub action: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub total_assets: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub destroy_all: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub error_message: Option<String>,
    #[serde(default)]
    pub warnings: Value,
    #[serde(default)]
    pub error: Value,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub started_processing_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub finished_processing_at: Option<String>,
}

/// `GET /api/bulk_jobs/{id}/queue_position`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct QueuePosition {
    #[serde(default, deserialize_with = "de::opt_string")]
    pub guid: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub queue_position: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub queue_depth: Option<i64>,
    #[serde(default)]
    pub aasm_state: JobState,
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub progress: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TagMode {
    Add,
    Remove,
    Replace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DescriptionMode {
    Set,
    Append,
    Prepend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CmfOverwriteMode {
    Skip,
    Overwrite,
}

/// Body of `POST /api/bulk_jobs` (sent wrapped as `{"bulk_job": ...}`). Operations can be
/// combined; unset ones are not sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BulkJobRequest {
    pub asset_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_mode: Option<TagMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_mode: Option<DescriptionMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights_package_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_asset_group_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_asset_group_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remove_asset_group_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remove_asset_group_type: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_meta: BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub run_custom_meta_field_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cmf_overwrite_mode: Option<CmfOverwriteMode>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub destroy_all: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub restore_all: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub generate_alt_text: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_text_generation_prompt: Option<String>,
}

/// `POST /api/bulk_jobs/cai_preview`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaiPreview {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub total_assets: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub total_cmfs: Option<i64>,
    #[serde(default)]
    pub counts_by_field: Value,
    #[serde(default)]
    pub summary: Value,
}
