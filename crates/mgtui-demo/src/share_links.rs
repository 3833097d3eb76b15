//! Share links the demo hands out: kept in memory, resolvable at
//! `/{org slug}/share-links/{code}` while enabled and not expired.

use serde_json::{Value, json};

use crate::model::Db;
use mediagraph_api::timeutil::rfc3339;

#[derive(Clone, Debug)]
pub struct ShareLinkRec {
    pub id: i64,
    pub asset_group_id: i64,
    pub code: String,
    pub enabled: bool,
    pub image_and_video_permission: String,
    pub other_permission: String,
    pub watermark_all: bool,
    pub note: Option<String>,
    /// Epoch ms; `None` never expires.
    pub expires_at: Option<i64>,
    pub created_at: i64,
    pub views: i64,
}

impl ShareLinkRec {
    pub fn new(id: i64, asset_group_id: i64, secret: u64, now: i64) -> ShareLinkRec {
        ShareLinkRec {
            id,
            asset_group_id,
            code: code_for(id, secret),
            enabled: true,
            // What the recorded answers show for a fresh link.
            image_and_video_permission: "small".into(),
            other_permission: "none".into(),
            watermark_all: true,
            note: None,
            expires_at: None,
            created_at: now,
            views: 0,
        }
    }

    pub fn expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }

    pub fn to_json(&self, db: &Db, base_url: &str, now: i64) -> Value {
        let count = db
            .assets
            .iter()
            .filter(|a| a.listed() && a.groups.contains(&self.asset_group_id))
            .count();
        json!({
            "id": self.id,
            "user_id": db.user.id,
            "asset_group_id": self.asset_group_id,
            "enabled": self.enabled,
            "code": self.code,
            "image_and_video_permission": self.image_and_video_permission,
            "watermark_all": self.watermark_all,
            "other_permission": self.other_permission,
            "note": self.note,
            "created_at": rfc3339(self.created_at),
            "user": crate::payload::small_user(db),
            "expires": self.expires_at.is_some(),
            "expires_at": self.expires_at.map(rfc3339),
            "expired": self.expired(now),
            "downloads_count": 0,
            "asset_views_count": self.views,
            "assets_count": count,
            "url": format!(
                "{}/{}/share-links/{}",
                base_url.trim_end_matches('/'),
                db.org.slug,
                self.code
            ),
        })
    }
}

/// 16 hex digits, unguessable without the demo's secret.
pub fn code_for(id: i64, secret: u64) -> String {
    let mut x = (id as u64) ^ secret.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    format!("{x:016x}")
}

/// Text for an HTML page: `<`, `>`, `&` and quotes escaped.
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_differ_and_look_like_the_real_ones() {
        let a = code_for(1, 7);
        assert_eq!(a.len(), 16);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, code_for(2, 7));
        assert_ne!(a, code_for(1, 8));
    }

    #[test]
    fn page_text_is_escaped() {
        assert_eq!(html_text("<b>&\"x\u{1b}"), "&lt;b&gt;&amp;&quot;x\u{fffd}");
    }
}
