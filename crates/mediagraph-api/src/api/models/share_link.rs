//! Share links (`/api/asset_groups/{id}/share_links`, `/api/share_links/{id}`): a public
//! address for a lightbox or collection, with what visitors may do.

use serde::{Deserialize, Serialize};

use crate::api::de;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ShareLink {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub asset_group_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub enabled: Option<bool>,
    /// `view`, `download_small`, `download_large`, `download_original` (the recorded
    /// answers also show `small`).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub image_and_video_permission: Option<String>,
    /// `view` or `download` (the recorded answers also show `none`).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub other_permission: Option<String>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub watermark_all: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub expires: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub expires_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub expired: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub downloads_count: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub asset_views_count: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
}

/// A change to a share link (`PUT /api/share_links/{id}`): only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShareLinkUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_and_video_permission: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_permission: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watermark_all: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<bool>,
    /// RFC 3339; `Some(None)` sends `null` (no end).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Option<String>>,
}

/// The picture permissions the API takes, from least to most.
pub const IMAGE_PERMISSIONS: [&str; 4] = [
    "view",
    "download_small",
    "download_large",
    "download_original",
];
