//! The demo user's saved searches (`/api/search_queries`), seeded with a few that the
//! demo data really answers. Their SQL is written out by hand, the way another
//! Mediagraph app would have stored it, so mgtui's reader is tested against text it did
//! not produce.

use serde_json::{Value, json};

use super::seed::ids;
use super::timeutil::{DAY_MS, rfc3339, year_start_ms};

/// One saved search as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedSearch {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub sql: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// (name, description, stored SQL) of the seeded searches.
fn seeds() -> [(&'static str, &'static str, String); 3] {
    [
        (
            "Five-star landscapes",
            "Our best wide shots, for hero images.",
            "rating = 5 AND aspect = 'landscape'".to_string(),
        ),
        (
            "Untagged people shots",
            "Marketing pictures nobody has marked as with or without people yet.",
            format!(
                "has_people = 'untagged' AND storage_folder_id = {}",
                ids::FOLDER_MARKETING
            ),
        ),
        (
            "2024 JPEGs missing rights",
            "JPEGs uploaded in 2024 that still need a rights package.",
            "ext IN ('jpg') AND created_at BETWEEN '2024-01-01T00:00:00Z' AND \
             '2024-12-31T23:59:59Z' AND rights_package_id IS NULL"
                .to_string(),
        ),
    ]
}

/// Every saved search, in id order, and the last id handed out.
#[derive(Clone, Debug)]
pub struct SavedSearches {
    items: Vec<SavedSearch>,
    last_id: i64,
}

/// Ids start here so that they are not mistaken for asset or group ids.
const FIRST_ID: i64 = 9001;

impl SavedSearches {
    pub fn seeded() -> SavedSearches {
        let mut store = SavedSearches {
            items: Vec::new(),
            last_id: FIRST_ID - 1,
        };
        let t0 = year_start_ms(2025);
        for (k, (name, description, sql)) in seeds().into_iter().enumerate() {
            let at = t0 + k as i64 * DAY_MS;
            store.create(name.to_string(), Some(description.to_string()), sql, at);
        }
        store
    }

    pub fn list(&self) -> &[SavedSearch] {
        &self.items
    }

    pub fn get(&self, id: i64) -> Option<&SavedSearch> {
        self.items.iter().find(|s| s.id == id)
    }

    pub fn create(
        &mut self,
        name: String,
        description: Option<String>,
        sql: String,
        now: i64,
    ) -> &SavedSearch {
        self.last_id += 1;
        let index = self.items.len();
        self.items.push(SavedSearch {
            id: self.last_id,
            name,
            description,
            sql,
            created_at: now,
            updated_at: now,
        });
        &self.items[index]
    }

    /// Change the name and/or description; `None` leaves a field as it is.
    pub fn rename(
        &mut self,
        id: i64,
        name: Option<String>,
        description: Option<Option<String>>,
        now: i64,
    ) -> Option<&SavedSearch> {
        let s = self.items.iter_mut().find(|s| s.id == id)?;
        if let Some(n) = name {
            s.name = n;
        }
        if let Some(d) = description {
            s.description = d;
        }
        s.updated_at = now;
        Some(s)
    }

    /// False when there was no such search.
    pub fn delete(&mut self, id: i64) -> bool {
        let before = self.items.len();
        self.items.retain(|s| s.id != id);
        self.items.len() != before
    }
}

/// The API's flat answer for one saved search of the user `user_id`.
pub fn to_json(s: &SavedSearch, user_id: i64) -> Value {
    json!({
        "id": s.id,
        "user_id": user_id,
        "json_logic": null,
        "name": s.name,
        "description": s.description,
        "sql": s.sql,
        "created_at": rfc3339(s.created_at),
        "updated_at": rfc3339(s.updated_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::params::Params;
    use crate::search::matching;
    use crate::seed::{SeedOptions, build};
    use mediagraph_api::api::models::{SearchQuery, SearchScope};
    use mediagraph_api::search::{query, saved};

    /// Each stored SQL text, read by mgtui, is the `/` line and scope written here by
    /// hand: neither side comes from mgtui's own SQL writer.
    #[test]
    fn each_seed_reads_as_the_line_it_was_written_for() {
        let expected = [
            ("rating:5 aspect:landscape", SearchScope::Library),
            (
                "people:untagged",
                SearchScope::StorageFolder {
                    id: ids::FOLDER_MARKETING,
                    include_children: true,
                },
            ),
            ("type:jpg created:2024 rights:missing", SearchScope::Library),
        ];
        let store = SavedSearches::seeded();
        assert_eq!(store.list().len(), expected.len());
        for (s, (line, scope)) in store.list().iter().zip(expected) {
            let read = saved::from_sql(&s.sql).unwrap_or_else(|e| panic!("{}: {e}", s.sql));
            assert_eq!(read, (query::parse(line).unwrap(), scope), "{}", s.sql);
        }
    }

    #[test]
    fn every_seed_reads_back_and_finds_demo_assets() {
        let store = SavedSearches::seeded();
        assert_eq!(store.list().len(), seeds().len());
        for catalogue in [Catalogue::load(), Catalogue::builtin()] {
            let db = build(
                catalogue,
                &SeedOptions {
                    extra_assets: 0,
                    hostile_strings: false,
                },
            );
            for s in store.list() {
                let (parsed, scope) = saved::from_sql(&s.sql).unwrap();
                let mut search = SearchQuery {
                    scope,
                    ..Default::default()
                };
                parsed.apply_to(&mut search);
                let hits = matching(&db, &Params(search.to_params()));
                assert!(
                    (2..db.assets.len() / 2).contains(&hits.len()),
                    "{} finds {} assets: {}",
                    s.name,
                    hits.len(),
                    s.sql
                );
            }
        }
    }

    #[test]
    fn ids_increase_and_renames_keep_the_sql() {
        let mut store = SavedSearches::seeded();
        let first = store.list()[0].clone();
        let a = store.create("A".into(), None, "rating = 1".into(), 10).id;
        store.delete(a);
        let b = store.create("B".into(), None, "rating = 2".into(), 20).id;
        assert!(b > a && a > first.id, "ids are never reused");
        let renamed = store
            .rename(first.id, Some("Best".into()), Some(None), 30)
            .unwrap()
            .clone();
        assert_eq!(renamed.name, "Best");
        assert_eq!(renamed.description, None);
        assert_eq!(renamed.sql, first.sql);
        assert_eq!(renamed.created_at, first.created_at);
        assert_eq!(renamed.updated_at, 30);
        assert!(store.rename(999, None, None, 40).is_none());
        assert!(!store.delete(a));
        let json = to_json(&renamed, 501);
        assert_eq!(json["user_id"], 501);
        assert!(
            json["created_at"]
                .as_str()
                .unwrap()
                .starts_with("2025-01-01T")
        );
    }
}
