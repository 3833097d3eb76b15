//! The facet panel's model: which facet values can become filters, and the rows the
//! panel shows (active filters first, then each facet's values with their counts).

use crate::api::models::{Facet, FacetBucket, SearchQuery};
use crate::timeutil::{DAY_MS, rfc3339};

use super::query::{Filter, ParsedQuery};

/// The filter that picking `bucket` of `facet` adds; `None` for facets the search
/// cannot filter by (they are not shown).
pub fn filter_for(facet: &str, bucket: &FacetBucket) -> Option<Filter> {
    let key = bucket.key.trim();
    if key.is_empty() {
        return None;
    }
    Some(match facet {
        "ext" => Filter::Ext(key.to_lowercase()),
        "visible_tag_names" => Filter::Tag(key.to_string()),
        "rating" => Filter::Rating(vec![key.parse().ok().filter(|r| (0..=5).contains(r))?]),
        "aspect" => Filter::Aspect(key.to_lowercase()),
        "has_people" => Filter::People(key.to_lowercase()),
        "rights_code" => Filter::RightsCode(key.to_string()),
        "rights_package_id" => Filter::Rights(key.parse::<i64>().ok()?.to_string()),
        "user_id" => Filter::Uploader(key.parse().ok()?),
        "created_at" | "captured_at" => {
            let (from, to) = date_bounds(bucket)?;
            if facet == "created_at" {
                Filter::Created(from, to)
            } else {
                Filter::Captured(from, to)
            }
        }
        _ => {
            let field = facet.strip_prefix("custom_meta:")?;
            Filter::Meta(field.to_string(), key.to_string())
        }
    })
}

/// A date bucket's `[from, to)` in epoch ms → inclusive whole days, the way the `/` line
/// writes them (a bucket to "now" ends today).
fn date_bounds(bucket: &FacetBucket) -> Option<(String, String)> {
    let from = bucket.from? as i64;
    let to = bucket.to.map_or(from + DAY_MS, |t| t as i64);
    let day_start = |ms: i64| ms.div_euclid(DAY_MS) * DAY_MS;
    let last_day = day_start(to - 1);
    if last_day < day_start(from) {
        return None;
    }
    let date = |ms: i64| rfc3339(ms).get(..10).map(str::to_string);
    Some((
        format!("{}T00:00:00Z", date(day_start(from))?),
        format!("{}T23:59:59Z", date(last_day)?),
    ))
}

/// Facets whose ticked values combine with OR (the API takes a list and matches any of
/// it). Their counts come from the search without their own values, so every value
/// stays visible with the count it would add.
pub const ANY_OF: &[&str] = &["ext", "rights_code", "rights_package_id", "user_id"];

/// `query` without the values of the any-of `facet`, or `None` when none is set (then
/// the search's own counts are already the right ones).
pub fn without_facet(query: &SearchQuery, facet: &str) -> Option<SearchQuery> {
    let mut q = query.clone();
    let had_values = match facet {
        "ext" => !std::mem::take(&mut q.exts).is_empty(),
        "rights_code" => !std::mem::take(&mut q.rights_codes).is_empty(),
        "rights_package_id" => !std::mem::take(&mut q.rights).is_empty(),
        "user_id" => !std::mem::take(&mut q.user_ids).is_empty(),
        _ => false,
    };
    had_values.then_some(q)
}

/// Facets the panel shows, in this order; the rest follow as the server sent them.
const ORDER: &[&str] = &[
    "ext",
    "visible_tag_names",
    "rating",
    "captured_at",
    "created_at",
    "aspect",
    "has_people",
    "rights_code",
    "rights_package_id",
    "user_id",
];

/// One row of the panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A heading: "Active filters" or a facet's name.
    Heading(String),
    /// An active filter; picking it removes it.
    Active(Filter),
    /// A facet value with its count; `on` when its filter is active.
    Value {
        label: String,
        count: i64,
        filter: Filter,
        on: bool,
    },
    /// "… N more": picking it shows every value of the facet (or folds them again).
    More { facet: String, hidden: usize },
}

impl Row {
    pub fn filter(&self) -> Option<&Filter> {
        match self {
            Row::Heading(_) | Row::More { .. } => None,
            Row::Active(f) | Row::Value { filter: f, .. } => Some(f),
        }
    }

    /// The cursor can rest here.
    pub fn selectable(&self) -> bool {
        !matches!(self, Row::Heading(_))
    }
}

/// Values shown per facet until its "more" row is picked.
pub const FOLDED_VALUES: usize = 8;

fn heading(f: &Facet) -> String {
    let name = f.display.clone().unwrap_or_else(|| {
        match f.name.as_str() {
            "ext" => "file type",
            "visible_tag_names" => "keywords",
            "rating" => "rating",
            "captured_at" => "capture date",
            "created_at" => "upload date",
            "aspect" => "aspect",
            "has_people" => "people",
            "rights_code" => "rights status",
            "rights_package_id" => "rights package",
            "user_id" => "uploaded by",
            other => other,
        }
        .to_string()
    });
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

fn label(facet: &str, b: &FacetBucket) -> String {
    match facet {
        "rating" if b.key == "0" => "unrated".to_string(),
        "rating" => format!("{} ★", b.key),
        _ => b.label.clone().unwrap_or_else(|| b.key.clone()),
    }
}

/// The panel's rows for `facets` under the current query; facets not in `unfolded`
/// show their first [`FOLDED_VALUES`] values (and every active one).
pub fn rows(
    facets: &[Facet],
    query: &ParsedQuery,
    unfolded: &std::collections::HashSet<String>,
) -> Vec<Row> {
    let mut out = Vec::new();
    let active = query.filters();
    if !active.is_empty() {
        out.push(Row::Heading("Active filters (Enter removes)".to_string()));
        out.extend(active.into_iter().map(Row::Active));
    }
    let rank = |f: &Facet| {
        ORDER
            .iter()
            .position(|n| *n == f.name)
            .unwrap_or(ORDER.len())
    };
    let mut sorted: Vec<&Facet> = facets.iter().collect();
    sorted.sort_by_key(|f| rank(f));
    for f in sorted {
        let values: Vec<Row> = f
            .buckets
            .iter()
            .filter(|b| b.doc_count > 0)
            .filter_map(|b| {
                let filter = filter_for(&f.name, b)?;
                Some(Row::Value {
                    label: label(&f.name, b),
                    count: b.doc_count,
                    on: query.contains(&filter),
                    filter,
                })
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        let any_on = values
            .iter()
            .any(|v| matches!(v, Row::Value { on: true, .. }));
        if any_on && ANY_OF.contains(&f.name.as_str()) {
            out.push(Row::Heading(format!("{} · any of", heading(f))));
        } else {
            out.push(Row::Heading(heading(f)));
        }
        let total = values.len();
        if total <= FOLDED_VALUES + 1 {
            out.extend(values);
            continue;
        }
        let open = unfolded.contains(&f.name);
        let mut shown = 0;
        for (i, v) in values.into_iter().enumerate() {
            if open || i < FOLDED_VALUES || matches!(v, Row::Value { on: true, .. }) {
                out.push(v);
                shown += 1;
            }
        }
        out.push(Row::More {
            facet: f.name.clone(),
            hidden: total - shown,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_any_of_facet_counts_without_its_own_values() {
        let q = SearchQuery {
            exts: vec!["png".into()],
            tags: vec!["cat".into()],
            ..Default::default()
        };
        let without = without_facet(&q, "ext").unwrap();
        assert!(without.exts.is_empty());
        assert_eq!(without.tags, vec!["cat"], "other facets still narrow");
        assert!(without_facet(&q, "rights_code").is_none(), "nothing ticked");
        assert!(
            without_facet(&q, "visible_tag_names").is_none(),
            "tags are all-of"
        );
    }

    fn bucket(key: &str, n: i64) -> FacetBucket {
        FacetBucket {
            key: key.into(),
            doc_count: n,
            ..Default::default()
        }
    }

    #[test]
    fn buckets_become_filters() {
        assert_eq!(
            filter_for("ext", &bucket("JPG", 3)),
            Some(Filter::Ext("jpg".into()))
        );
        assert_eq!(
            filter_for("rating", &bucket("4", 3)),
            Some(Filter::Rating(vec![4]))
        );
        assert_eq!(filter_for("rating", &bucket("9", 3)), None);
        assert_eq!(
            filter_for("user_id", &bucket("77", 1)),
            Some(Filter::Uploader(77))
        );
        assert_eq!(
            filter_for("custom_meta:Audience", &bucket("Press", 2)),
            Some(Filter::Meta("Audience".into(), "Press".into()))
        );
        assert_eq!(filter_for("vote", &bucket("1", 2)), None);
        assert_eq!(filter_for("optimization_request", &bucket("x", 2)), None);
        // The year 2024 as the API sends it: [2024-01-01, 2025-01-01).
        let year = FacetBucket {
            key: "2024".into(),
            doc_count: 5,
            from: Some(1_704_067_200_000.0),
            to: Some(1_735_689_600_000.0),
            ..Default::default()
        };
        let f = filter_for("captured_at", &year).unwrap();
        assert_eq!(
            f,
            Filter::Captured("2024-01-01T00:00:00Z".into(), "2024-12-31T23:59:59Z".into())
        );
        assert_eq!(f.token(), "captured:2024");
    }

    #[test]
    fn long_facets_fold_but_keep_active_values() {
        let facet = Facet {
            name: "visible_tag_names".into(),
            display: None,
            buckets: (0..20)
                .map(|i| bucket(&format!("t{i:02}"), 30 - i))
                .collect(),
        };
        let q = super::super::query::parse("tag:t15").unwrap();
        let folded = rows(std::slice::from_ref(&facet), &q, &Default::default());
        let values = |rs: &[Row]| rs.iter().filter(|r| matches!(r, Row::Value { .. })).count();
        assert_eq!(
            values(&folded),
            FOLDED_VALUES + 1,
            "the first 8 and the active one"
        );
        assert_eq!(
            folded.last(),
            Some(&Row::More {
                facet: "visible_tag_names".into(),
                hidden: 20 - FOLDED_VALUES - 1
            })
        );
        let open = rows(
            &[facet],
            &q,
            &std::collections::HashSet::from(["visible_tag_names".to_string()]),
        );
        assert_eq!(values(&open), 20);
        assert!(matches!(open.last(), Some(Row::More { hidden: 0, .. })));
    }

    #[test]
    fn rows_put_active_filters_first_and_tick_values() {
        let facets = vec![
            Facet {
                name: "visible_tag_names".into(),
                display: Some("keywords".into()),
                buckets: vec![bucket("sea", 4), bucket("boat", 0)],
            },
            Facet {
                name: "ext".into(),
                display: None,
                buckets: vec![bucket("jpg", 4)],
            },
            Facet {
                name: "vote".into(),
                display: None,
                buckets: vec![bucket("1", 4)],
            },
        ];
        let q = super::super::query::parse("tag:sea").unwrap();
        let rows = rows(&facets, &q, &Default::default());
        assert_eq!(
            rows[0],
            Row::Heading("Active filters (Enter removes)".into())
        );
        assert_eq!(rows[1], Row::Active(Filter::Tag("sea".into())));
        assert_eq!(rows[2], Row::Heading("File type".into()));
        assert_eq!(rows[4], Row::Heading("Keywords".into()));
        assert!(matches!(
            &rows[5],
            Row::Value {
                on: true,
                count: 4,
                ..
            }
        ));
        assert_eq!(
            rows.len(),
            6,
            "zero counts and unfilterable facets are left out"
        );
    }
}
