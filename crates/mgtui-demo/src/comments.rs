//! Comments the demo keeps on lightboxes and collections, seeded with a short exchange on
//! "Client picks" (one comment by a colleague, which the demo user may not edit).

use serde_json::{Value, json};

use crate::model::Db;
use mediagraph_api::timeutil::{rfc3339, year_start_ms};

/// Another member of the demo organisation, the author of seeded comments.
pub const COLLEAGUE: (i64, &str, &str, &str) = (9002, "Sam", "Rivera", "sam.rivera");

#[derive(Clone, Debug)]
pub struct CommentRec {
    pub id: i64,
    /// The commentable: the group's asset group id.
    pub agid: i64,
    pub user_id: i64,
    pub text: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub edited_at: Option<i64>,
}

impl CommentRec {
    pub fn to_json(&self, db: &Db) -> Value {
        let user = if self.user_id == db.user.id {
            json!({
                "id": db.user.id,
                "first_name": db.user.first_name,
                "last_name": db.user.last_name,
                "name": db.user.name(),
                "username": db.user.username,
            })
        } else {
            let (id, first, last, username) = COLLEAGUE;
            json!({
                "id": id,
                "first_name": first,
                "last_name": last,
                "name": format!("{first} {last}"),
                "username": username,
            })
        };
        let group = db.group_by_agid(self.agid);
        json!({
            "id": self.id,
            "text": self.text,
            "html": format!("<p>{}</p>\n", crate::share_links::html_text(&self.text)),
            "edited_at": self.edited_at.map(rfc3339),
            "what_id": self.agid,
            "what_type": "AssetGroup",
            "mentioned_user_ids": "[]",
            "created_at": rfc3339(self.created_at),
            "updated_at": rfc3339(self.updated_at),
            "user": user,
            "lightbox": group.map(|g| json!({"name": g.name, "id": g.asset_group_id, "slug": g.slug})),
        })
    }
}

/// The seeded exchange on the lightbox with asset group id `agid`.
pub fn seeded(agid: i64, demo_user: i64) -> Vec<CommentRec> {
    let t = year_start_ms(2025) + 300 * 24 * 3_600_000;
    let rec = |id: i64, user_id: i64, text: &str, at: i64| CommentRec {
        id,
        agid,
        user_id,
        text: text.to_string(),
        created_at: at,
        updated_at: at,
        edited_at: None,
    };
    vec![
        rec(
            7001,
            COLLEAGUE.0,
            "The client wants **three** options for the homepage hero. See [the brief](https://example.com/brief) and @danademo.",
            t,
        ),
        rec(
            7002,
            demo_user,
            "- the cat panorama\n- the night skyline\n- the dandelion at sunset",
            t + 3_600_000,
        ),
    ]
}
