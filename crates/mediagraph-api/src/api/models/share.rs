//! Shares (`/api/shares`): a public page for chosen assets (or a whole lightbox or
//! collection), at a size, with downloads and a watermark as chosen.

use serde::{Deserialize, Serialize};

use crate::api::de;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Share {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub code: Option<String>,
    /// The public page (the list has it; the create's answer may not).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub asset_group_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub assets_count: Option<i64>,
    /// `small`, `medium`, `full` or `original`.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub size: Option<String>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub watermarked: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub enable_download: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub aasm_state: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    /// Who made it, by name.
    #[serde(default, rename = "user", deserialize_with = "de::opt_person")]
    pub by: Option<String>,
}

/// `POST /api/shares`: a share of these assets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShareCreate {
    pub name: String,
    pub asset_ids: Vec<i64>,
    pub size: String,
    pub enable_download: bool,
    pub watermarked: bool,
}

/// A change to a share (`PUT /api/shares/{id}`): only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShareUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_download: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermarked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
}

/// The sizes a share offers, from smallest to largest.
pub const SHARE_SIZES: [&str; 4] = ["small", "medium", "full", "original"];
