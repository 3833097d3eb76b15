//! The demo user's notifications: a couple of seeded ones (a colleague's comment, a
//! finished upload). Listing them marks them seen, so the unseen count drops.

use serde_json::{Value, json};

use mediagraph_api::timeutil::{rfc3339, year_start_ms};

#[derive(Clone, Debug)]
pub struct NotificationRec {
    pub id: i64,
    pub created_at: i64,
    pub seen_at: Option<i64>,
    pub what: Value,
}

impl NotificationRec {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "seen_at": self.seen_at.map(rfc3339),
            "created_at": rfc3339(self.created_at),
            "what": self.what,
        })
    }
}

pub fn seeded() -> Vec<NotificationRec> {
    let t = year_start_ms(2025) + 300 * 24 * 3_600_000;
    vec![
        NotificationRec {
            id: 8001,
            created_at: t,
            seen_at: None,
            what: json!({"type": "Comment", "text": "Sam Rivera commented on Client picks"}),
        },
        NotificationRec {
            id: 8002,
            created_at: t + 7_200_000,
            seen_at: None,
            what: json!({"type": "Upload", "name": "12 files processed in Marketing/Campaigns"}),
        },
    ]
}
