use serde::Deserialize;
use serde_json::Value;

use crate::api::de;

/// `GET /api/whoami`: a flat user with the organisation and membership inside.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct User {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub default_username: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub timezone: Option<String>,
    #[serde(default, deserialize_with = "de::lenient")]
    pub organization: Option<OrganizationRef>,
    #[serde(default, deserialize_with = "de::lenient")]
    pub membership: Option<Membership>,
}

impl User {
    /// The best human label for the user.
    pub fn display_name(&self) -> String {
        if let Some(n) = self.name.as_deref().filter(|n| !n.trim().is_empty()) {
            return n.to_string();
        }
        let joined = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !joined.trim().is_empty() {
            return joined;
        }
        self.username
            .clone()
            .or_else(|| self.default_username.clone())
            .or_else(|| self.email.clone())
            .unwrap_or_else(|| format!("user {}", self.id))
    }
}

/// The organisation as embedded in whoami.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrganizationRef {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Membership {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub role_level: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub role_level_name: Option<String>,
}

/// `GET /api/organizations/{id}`. Only the fields mgtui uses are typed; credentials the
/// payload may carry (e.g. `bedrock_aws_secret`) are deliberately not kept.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Organization {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub default_sort_order: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub medium_download_size: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub role_level: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub role_level_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub has_custom_meta_fields: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub watermark_opacity: Option<f64>,
    #[serde(default)]
    pub view_settings: Value,
}
