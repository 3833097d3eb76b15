//! An asset's versions (`/api/assets/{id}/asset_data_versions`): each upload of a new
//! file is a version; one of them is current (`is_head`).

use serde::Deserialize;

use crate::api::de;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct AssetVersion {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub number: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub filename: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub file_size: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub width: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub height: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "de::bool_lenient")]
    pub is_head: bool,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub aasm_state: Option<String>,
    #[serde(default)]
    pub user: Option<super::CommentAuthor>,
    /// This version's own renditions (null while it is processed).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub thumb_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub grid_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub small_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub full_url: Option<String>,
}
