//! Shares of chosen assets the demo hands out: kept in memory, resolvable at
//! `/shares/{code}` while enabled.

use serde_json::{Value, json};

use crate::model::Db;
use crate::share_links::code_for;
use mediagraph_api::timeutil::rfc3339;

pub const SIZES: [&str; 4] = ["small", "medium", "full", "original"];

#[derive(Clone, Debug)]
pub struct ShareRec {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub asset_ids: Vec<i64>,
    pub size: String,
    pub watermarked: bool,
    pub enabled: bool,
    pub enable_download: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub views: i64,
}

impl ShareRec {
    /// The assets a visitor sees: those shared that are still listed.
    pub fn visible(&self, db: &Db) -> Vec<usize> {
        self.asset_ids
            .iter()
            .filter_map(|id| db.asset_idx(*id))
            .filter(|i| db.assets[*i].listed())
            .collect()
    }

    pub fn url(&self, base_url: &str) -> String {
        format!("{}/shares/{}", base_url.trim_end_matches('/'), self.code)
    }

    pub fn to_json(&self, db: &Db, base_url: &str) -> Value {
        json!({
            "id": self.id,
            "organization_id": db.org.id,
            "user_id": db.user.id,
            "asset_group_id": null,
            "size": self.size,
            "watermarked": self.watermarked,
            "enabled": self.enabled,
            "enable_download": self.enable_download,
            "aasm_state": "processed",
            "name": self.name,
            "note": null,
            "message": null,
            "code": self.code,
            "created_at": rfc3339(self.created_at),
            "updated_at": rfc3339(self.updated_at),
            "user": crate::payload::small_user(db),
            "assets_count": self.visible(db).len(),
            "show_email": true,
            "show_banner": true,
            "url": self.url(base_url),
        })
    }

    pub fn new(id: i64, name: String, asset_ids: Vec<i64>, secret: u64, now: i64) -> ShareRec {
        ShareRec {
            id,
            name,
            // Apart from share-link codes of the same id.
            code: code_for(id ^ 0x5348_4152, secret),
            asset_ids,
            size: "full".into(),
            watermarked: false,
            enabled: true,
            enable_download: false,
            created_at: now,
            updated_at: now,
            views: 0,
        }
    }
}
