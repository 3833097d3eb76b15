use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// Body of `PUT /api/assets/{id}` (sent wrapped as `{"asset": ...}`). Only the fields
/// that are set are sent, so an update never clobbers fields the user did not touch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AssetUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_line: Option<String>,
    /// The copyright notice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iptc_rights: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_terms: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_statement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sublocation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_release_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_release_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<i64>,
    /// ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_people: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights_package_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights_status: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add_tag_names: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove_tag_names: Vec<String>,
    /// Keyed by field *name*; arrays for controlled vocabularies.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_meta: BTreeMap<String, Value>,
}

impl AssetUpdate {
    pub fn is_empty(&self) -> bool {
        *self == AssetUpdate::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_set_fields_are_sent() {
        let u = AssetUpdate {
            title: Some("Harbour".into()),
            rating: Some(0),
            add_tag_names: vec!["sea".into()],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&u).unwrap(),
            json!({"title": "Harbour", "rating": 0, "add_tag_names": ["sea"]})
        );
        assert!(AssetUpdate::default().is_empty());
    }
}
