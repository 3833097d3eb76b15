//! Saved searches (`/api/search_queries`): a name and an Elasticsearch SQL WHERE clause.

use serde::Deserialize;

use crate::api::de;

/// One saved search as the API answers it (flat, not wrapped).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SavedSearch {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    /// The WHERE clause; see `crate::search::saved` for the part mgtui can run.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub sql: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub user_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub updated_at: Option<String>,
}

impl SavedSearch {
    /// The name, or a placeholder with the id when the server sent none.
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("Saved search {}", self.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::client::decode;

    #[test]
    fn the_spec_example_parses() {
        let s: SavedSearch = decode(
            br#"{"id": 18, "user_id": 21896, "json_logic": null, "name": "My Saved Search",
                "description": "Find all processed images", "sql": "aasm_state = 'processed'",
                "created_at": "2026-01-29T15:37:26.737Z", "updated_at": "2026-01-29T15:37:26.737Z"}"#,
        )
        .unwrap();
        assert_eq!(s.id, 18);
        assert_eq!(s.user_id, Some(21896));
        assert_eq!(s.name.as_deref(), Some("My Saved Search"));
        assert_eq!(s.sql.as_deref(), Some("aasm_state = 'processed'"));
        assert_eq!(s.created_at.as_deref(), Some("2026-01-29T15:37:26.737Z"));
    }

    #[test]
    fn string_ids_nulls_and_missing_keys_are_tolerated() {
        let s: SavedSearch = decode(
            br#"{"id": "42", "user_id": "7", "name": null, "description": 3, "sql": null,
                "extra": {"x": 1}}"#,
        )
        .unwrap();
        assert_eq!((s.id, s.user_id), (42, Some(7)));
        assert_eq!(s.name, None);
        assert_eq!(s.description.as_deref(), Some("3"));
        assert_eq!(s.sql, None);
        assert_eq!(s.display_name(), "Saved search 42");
        let empty: SavedSearch = decode(b"{}").unwrap();
        assert_eq!(empty, SavedSearch::default());
    }
}
