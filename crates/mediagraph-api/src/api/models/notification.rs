//! Notifications (`/api/notifications`): activity in the organisation for the user —
//! comments, uploads, workflow steps. `what` is the object they are about, in whatever
//! shape its kind has.

use serde::Deserialize;
use serde_json::Value;

use crate::api::de;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Notification {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub seen_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub what: Value,
}

impl Notification {
    /// One line about it: the object's kind and its text, name or title, as far as the
    /// payload has them.
    pub fn summary(&self) -> String {
        let field = |k: &str| self.what.get(k).and_then(Value::as_str).map(str::to_string);
        let kind = field("type")
            .or_else(|| field("what_type"))
            .unwrap_or_else(|| "Activity".to_string());
        let text = ["text", "name", "title", "filename", "description"]
            .iter()
            .find_map(|k| field(k))
            .or_else(|| self.what.as_str().map(str::to_string));
        match text {
            Some(t) => format!("{kind}: {t}"),
            None => kind,
        }
    }
}

/// `GET /api/notifications/count`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct UnseenCount {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub unseen: i64,
}

/// `GET /api/assets/trashed`: `{count}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TrashedCount {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub count: i64,
}
