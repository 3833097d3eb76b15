use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::api::de;

use super::Asset;

/// Body of `GET /api/assets/search`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchResponse {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub total_entries: Option<i64>,
    #[serde(default, deserialize_with = "de::lenient_list")]
    pub assets: Vec<Asset>,
    /// Facets (with `include_totals`): facet name → `{display?, buckets: [...]}`, and
    /// `custom_meta` → `[{display, multi, buckets}]`.
    #[serde(default)]
    pub filters: Value,
    #[serde(default)]
    pub all_asset_counts: Value,
}

/// One facet bucket. `key` is an int for rating/vote/user/rights package facets and a
/// string elsewhere; it is kept as display text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FacetBucket {
    pub key: String,
    pub label: Option<String>,
    pub doc_count: i64,
    pub from: Option<f64>,
    pub to: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facet {
    pub name: String,
    pub display: Option<String>,
    pub buckets: Vec<FacetBucket>,
}

impl SearchResponse {
    /// The facets in `filters`, custom meta facets named `custom_meta:<display>`.
    pub fn facets(&self) -> Vec<Facet> {
        let Some(map) = self.filters.as_object() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v) in map {
            if name == "custom_meta" {
                for cm in v.as_array().into_iter().flatten() {
                    let display = cm.get("display").cloned().and_then(de::value_to_string);
                    out.push(Facet {
                        name: format!("custom_meta:{}", display.clone().unwrap_or_default()),
                        display,
                        buckets: parse_buckets(cm.get("buckets")),
                    });
                }
            } else if v.is_object() {
                out.push(Facet {
                    name: name.clone(),
                    display: v.get("display").cloned().and_then(de::value_to_string),
                    buckets: parse_buckets(v.get("buckets")),
                });
            }
        }
        out
    }
}

fn parse_buckets(v: Option<&Value>) -> Vec<FacetBucket> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|b| FacetBucket {
            key: b
                .get("key")
                .cloned()
                .and_then(de::value_to_string)
                .unwrap_or_default(),
            label: b
                .get("key_as_string")
                .cloned()
                .and_then(de::value_to_string),
            doc_count: b.get("doc_count").and_then(de::value_to_i64).unwrap_or(0),
            from: b.get("from").and_then(Value::as_f64),
            to: b.get("to").and_then(Value::as_f64),
        })
        .collect()
}

/// Sort fields the search endpoint accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortField {
    Filename,
    #[default]
    CreatedAt,
    CapturedAt,
    FileSize,
    Rating,
    Custom,
}

impl SortField {
    pub const ALL: [SortField; 6] = [
        SortField::CreatedAt,
        SortField::CapturedAt,
        SortField::Filename,
        SortField::FileSize,
        SortField::Rating,
        SortField::Custom,
    ];

    pub fn api_name(self) -> &'static str {
        match self {
            SortField::Filename => "filename",
            SortField::CreatedAt => "created_at",
            SortField::CapturedAt => "captured_at",
            SortField::FileSize => "file_size",
            SortField::Rating => "rating",
            SortField::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortField::Filename => "filename",
            SortField::CreatedAt => "uploaded",
            SortField::CapturedAt => "captured",
            SortField::FileSize => "size",
            SortField::Rating => "rating",
            SortField::Custom => "custom order",
        }
    }

    pub fn parse(s: &str) -> Option<SortField> {
        SortField::ALL.into_iter().find(|f| f.api_name() == s)
    }

    /// The organisation's `default_sort_order`: `created_at-desc`, `filename-asc`, or a
    /// bare field (then its natural direction).
    pub fn parse_with_order(s: &str) -> Option<(SortField, SortOrder)> {
        let s = s.trim();
        let (field, order) = match s.rsplit_once('-') {
            Some((f, "asc")) => (f, Some(SortOrder::Asc)),
            Some((f, "desc")) => (f, Some(SortOrder::Desc)),
            _ => (s, None),
        };
        let field = SortField::parse(field)?;
        Some((field, order.unwrap_or(field.natural_order())))
    }

    /// The direction a user means when picking just the field.
    pub fn natural_order(self) -> SortOrder {
        match self {
            SortField::Filename | SortField::Custom => SortOrder::Asc,
            _ => SortOrder::Desc,
        }
    }

    /// "newest first", "A → Z"…: what the direction means for this field.
    pub fn direction_label(self, order: SortOrder) -> &'static str {
        use SortOrder::*;
        match (self, order) {
            (SortField::CreatedAt | SortField::CapturedAt, Desc) => "newest first",
            (SortField::CreatedAt | SortField::CapturedAt, Asc) => "oldest first",
            (SortField::Filename, Asc) => "A → Z",
            (SortField::Filename, Desc) => "Z → A",
            (SortField::FileSize, Desc) => "largest first",
            (SortField::FileSize, Asc) => "smallest first",
            (SortField::Rating, Desc) => "highest first",
            (SortField::Rating, Asc) => "lowest first",
            (SortField::Custom, Asc) => "as arranged",
            (SortField::Custom, Desc) => "reversed",
        }
    }
}

impl SearchScope {
    /// Collections and lightboxes have a manual order (`sort=custom`).
    pub fn has_custom_order(&self) -> bool {
        matches!(
            self,
            SearchScope::Collection { .. }
                | SearchScope::Lightbox { .. }
                | SearchScope::LightboxFolder { .. }
        )
    }
}

/// The sort menu's entries for a scope: every field in both directions, natural first.
pub fn sort_choices(scope: &SearchScope) -> Vec<(SortField, SortOrder)> {
    SortField::ALL
        .into_iter()
        .filter(|f| *f != SortField::Custom || scope.has_custom_order())
        .flat_map(|f| {
            let n = f.natural_order();
            [(f, n), (f, n.flipped())]
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

impl SortOrder {
    pub fn api_name(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }

    pub fn flipped(self) -> SortOrder {
        match self {
            SortOrder::Asc => SortOrder::Desc,
            SortOrder::Desc => SortOrder::Asc,
        }
    }
}

/// Where a search looks: the whole library or one group (with or without its children).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum SearchScope {
    #[default]
    Library,
    StorageFolder {
        id: i64,
        include_children: bool,
    },
    Collection {
        id: i64,
        include_children: bool,
    },
    /// `id` is the lightbox membership id (the tree node id).
    Lightbox {
        id: i64,
        include_children: bool,
    },
    /// A lightbox bin (sub_type "folder").
    LightboxFolder {
        id: i64,
        include_children: bool,
    },
}

/// Parameters of an asset search. Empty fields are not sent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub scope: SearchScope,
    pub tags: Vec<String>,
    pub exts: Vec<String>,
    /// One value = exact rating; two = inclusive range.
    pub rating: Vec<i64>,
    pub ids: Vec<i64>,
    pub guids: Vec<String>,
    /// Two ISO-8601 bounds.
    pub created_at: Option<(String, String)>,
    pub captured_at: Option<(String, String)>,
    pub has_people: Option<String>,
    pub rights: Vec<String>,
    /// Rights statuses (`rights_code[]`).
    pub rights_codes: Vec<String>,
    pub aspect: Option<String>,
    /// Uploaders (`user_ids[]`).
    pub user_ids: Vec<i64>,
    /// Custom meta filters: field name → values.
    pub custom_meta: BTreeMap<String, Vec<String>>,
    pub sort: Option<(SortField, SortOrder)>,
    pub include_totals: bool,
    pub snapshot_timestamp: Option<i64>,
    /// Any other documented filter, passed through as-is (`key`, `value`).
    pub extra: Vec<(String, String)>,
}

impl SearchQuery {
    /// The query-string pairs for this search (without paging).
    pub fn to_params(&self) -> Vec<(String, String)> {
        let mut p: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: String| p.push((k.to_string(), v));
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            push("q", q.to_string());
        }
        let (key, id, include, omit_key) = match &self.scope {
            SearchScope::Library => ("", 0, true, ""),
            SearchScope::StorageFolder {
                id,
                include_children,
            } => (
                "storage_folder_id",
                *id,
                *include_children,
                "omit_child_storage_folders",
            ),
            SearchScope::Collection {
                id,
                include_children,
            } => (
                "collection_id",
                *id,
                *include_children,
                "omit_child_collections",
            ),
            SearchScope::Lightbox {
                id,
                include_children,
            } => (
                "lightbox_id",
                *id,
                *include_children,
                "omit_child_lightboxes",
            ),
            SearchScope::LightboxFolder {
                id,
                include_children,
            } => (
                "lightbox_folder_id",
                *id,
                *include_children,
                "omit_child_lightbox_folders",
            ),
        };
        if !key.is_empty() {
            push(key, id.to_string());
            if !include {
                push(omit_key, "true".into());
            }
        }
        for t in &self.tags {
            push("tags[]", t.clone());
        }
        for e in &self.exts {
            push("exts[]", e.clone());
        }
        for r in &self.rating {
            push("rating[]", r.to_string());
        }
        for i in &self.ids {
            push("ids[]", i.to_string());
        }
        for g in &self.guids {
            push("guids[]", g.clone());
        }
        if let Some((a, b)) = &self.created_at {
            push("created_at[]", a.clone());
            push("created_at[]", b.clone());
        }
        if let Some((a, b)) = &self.captured_at {
            push("captured_at[]", a.clone());
            push("captured_at[]", b.clone());
        }
        if let Some(h) = &self.has_people {
            push("has_people", h.clone());
        }
        for r in &self.rights {
            push("rights[]", r.clone());
        }
        for r in &self.rights_codes {
            push("rights_code[]", r.clone());
        }
        if let Some(a) = &self.aspect {
            push("aspect", a.clone());
        }
        for u in &self.user_ids {
            push("user_ids[]", u.to_string());
        }
        for (field, values) in &self.custom_meta {
            for v in values {
                push(&format!("custom_meta[{field}][]"), v.clone());
            }
        }
        if let Some((field, order)) = self.sort {
            push("sort", field.api_name().into());
            push("order", order.api_name().into());
        }
        if self.include_totals {
            push("include_totals", "true".into());
        }
        if let Some(ts) = self.snapshot_timestamp {
            push("snapshot_timestamp", ts.to_string());
        }
        for (k, v) in &self.extra {
            push(k, v.clone());
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_and_filters_become_rails_params() {
        let q = SearchQuery {
            q: Some("sunset".into()),
            scope: SearchScope::StorageFolder {
                id: 7,
                include_children: false,
            },
            tags: vec!["beach".into(), "sea".into()],
            rating: vec![3, 5],
            sort: Some((SortField::Filename, SortOrder::Asc)),
            ..Default::default()
        };
        let p = q.to_params();
        let has = |k: &str, v: &str| p.iter().any(|(a, b)| a == k && b == v);
        assert!(has("q", "sunset"));
        assert!(has("storage_folder_id", "7"));
        assert!(has("omit_child_storage_folders", "true"));
        assert!(has("tags[]", "beach") && has("tags[]", "sea"));
        assert!(has("rating[]", "3") && has("rating[]", "5"));
        assert!(has("sort", "filename") && has("order", "asc"));
    }

    #[test]
    fn sort_orders_and_choices() {
        assert_eq!(
            SortField::parse_with_order("created_at-desc"),
            Some((SortField::CreatedAt, SortOrder::Desc))
        );
        assert_eq!(
            SortField::parse_with_order("filename"),
            Some((SortField::Filename, SortOrder::Asc))
        );
        assert_eq!(SortField::parse_with_order("colour-asc"), None);
        assert_eq!(sort_choices(&SearchScope::Library).len(), 10);
        let c = sort_choices(&SearchScope::Collection {
            id: 1,
            include_children: true,
        });
        assert_eq!(c.len(), 12);
        assert!(c.contains(&(SortField::Custom, SortOrder::Asc)));
    }

    #[test]
    fn library_scope_sends_no_group() {
        let p = SearchQuery::default().to_params();
        assert!(p.is_empty(), "{p:?}");
    }
}
