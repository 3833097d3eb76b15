//! Organisation-wide lists used by pickers: tags, creator tags, rights packages,
//! custom meta fields, and download tokens.

use serde::{Deserialize, Serialize};

use crate::api::de;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Tag {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub list: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub sub_type: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub taggings_count: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub visible_assets_count: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreatorTag {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub assets_count: Option<i64>,
}

/// Rights statuses the API accepts (`rights_status`; packages also use `editorial`).
pub const RIGHTS_STATUSES: &[&str] = &[
    "owned",
    "unlimited",
    "some",
    "library",
    "none",
    "unknown_no_search",
    "unknown_searched",
    "unassigned",
    "editorial",
];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RightsPackage {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub rights_class: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub rights_class_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub expires: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub expires_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub block_level: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub assets_count: Option<i64>,
}

impl RightsPackage {
    /// `name` may be null: fall back to the rights class name (NOTES §2.6).
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| self.rights_class_name.clone())
            .or_else(|| self.rights_class.clone())
            .unwrap_or_else(|| format!("package {}", self.id))
    }
}

/// A custom meta field definition with its controlled vocabulary.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CustomMetaField {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    /// Free text (true) or controlled vocabulary (false).
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub free: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub multi: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub required: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub enabled: Option<bool>,
    /// `text`, `number` or `date`.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub value_type: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub position: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub enable_ai: Option<bool>,
    #[serde(default, deserialize_with = "de::lenient_list")]
    pub custom_meta_values_attributes: Vec<VocabularyValue>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct VocabularyValue {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub color_label: Option<String>,
}

/// Body of `POST /api/downloads` (sent wrapped as `{"download": ...}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DownloadRequest {
    pub asset_ids: Vec<i64>,
    pub size: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermarked: Option<bool>,
    pub via: String,
}

/// Answer of `POST /api/downloads`: the token is valid for about five minutes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DownloadToken {
    #[serde(default, deserialize_with = "de::opt_string")]
    pub token: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub filename: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub integration: Option<String>,
}
