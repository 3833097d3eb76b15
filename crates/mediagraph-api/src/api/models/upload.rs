//! Upload sessions and the assets prepared in them (NOTES §2.10).
//!
//! Session answers also carry storage credentials (`aws_*`, `ftp_*`): the models name
//! only what mgtui uses, so those are never parsed into memory, let alone shown.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Asset;
use crate::api::Secret;
use crate::api::de;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CanUpload {
    #[serde(default, deserialize_with = "de::bool_lenient")]
    pub can_upload: bool,
}

/// An upload session: `id` for `set_done`, `guid` for adding files.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UploadSession {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub guid: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub contribution_id: Option<i64>,
}

/// One file announced to a session (`{"asset": {...}}` of `POST /api/uploads/{guid}/assets`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewUploadAsset {
    pub filename: String,
    pub file_size: u64,
    /// Sub-folders under the session's folder, `/`-separated ("" for the folder itself).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    pub created_via: String,
    /// mgtui's key for this file, so the asset can be found again when the answer that
    /// created it was lost.
    pub created_via_id: String,
}

/// An asset waiting for its bytes, and the signed URL to PUT them to.
#[derive(Debug, Clone)]
pub struct PreparedUpload {
    pub asset: Asset,
    pub signed_upload_url: Secret,
}

impl PreparedUpload {
    /// The asset payload with `signed_upload_url` beside its fields.
    pub fn from_value(mut v: Value) -> Option<PreparedUpload> {
        let url = v
            .as_object_mut()?
            .remove("signed_upload_url")
            .and_then(|u| u.as_str().map(str::to_string))
            .filter(|u| !u.is_empty())?;
        let asset: Asset = serde_json::from_value(v).ok()?;
        Some(PreparedUpload {
            asset,
            signed_upload_url: Secret::new(url),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_keeps_no_storage_credentials_and_a_prepared_asset_hides_its_url() {
        let s: UploadSession = serde_json::from_str(
            r#"{"id": "1547", "guid": "ca39f11b", "aws_key": "AKIA-SECRET",
                "ftp_password": "pw-SECRET", "contribution_id": 41495}"#,
        )
        .unwrap();
        assert_eq!((s.id, s.guid.as_deref()), (1547, Some("ca39f11b")));
        assert!(!format!("{s:?}").contains("SECRET"));

        let p = PreparedUpload::from_value(serde_json::json!({
            "id": 1538, "filename": "test.jpg", "aasm_state": "pending",
            "signed_upload_url": "https://bucket.example/x?X-Amz-Signature=SECRET"
        }))
        .unwrap();
        assert_eq!(p.asset.id, 1538);
        assert!(p.signed_upload_url.expose().contains("X-Amz"));
        assert!(!format!("{p:?}").contains("SECRET"));
        assert!(PreparedUpload::from_value(serde_json::json!({"id": 1})).is_none());
    }

    #[test]
    fn the_announcement_leaves_out_an_empty_path() {
        let a = NewUploadAsset {
            filename: "a.jpg".into(),
            file_size: 3,
            path: String::new(),
            created_via: "mgtui".into(),
            created_via_id: "k".into(),
        };
        let v = serde_json::to_value(&a).unwrap();
        assert!(v.get("path").is_none());
        assert_eq!(v["file_size"], 3);
    }
}
