//! `GET /api/assets/search`: filters, text query, sorting, paging and facets.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

use super::model::{Asset, AssetState, Db, Kind, rights_class_info};
use super::params::Params;
use super::timeutil::{self, DAY_MS, rfc3339};

/// Result of a search: the matching asset indexes of the page, totals and facets.
#[derive(Debug)]
pub struct Outcome {
    pub total: usize,
    pub page: Vec<usize>,
    pub filters: Value,
    pub all_asset_counts: Value,
}

pub const DEFAULT_PER_PAGE: usize = 25;
pub const MAX_PER_PAGE: usize = 100;

pub fn run(db: &Db, p: &Params) -> Outcome {
    let mut hits = matching(db, p);
    sort(db, p, &mut hits);
    let (page, per_page) = p.paging(DEFAULT_PER_PAGE, MAX_PER_PAGE);
    let filters = if p.flag("include_totals") || p.flag("as_filters") {
        facets(db, &hits)
    } else {
        json!({})
    };
    let in_collections = hits
        .iter()
        .filter(|&&i| groups_of_kind(db, &db.assets[i], Kind::Collection))
        .count();
    let in_lightboxes = hits
        .iter()
        .filter(|&&i| groups_of_kind(db, &db.assets[i], Kind::Lightbox))
        .count();
    Outcome {
        total: hits.len(),
        page: super::params::page_of(&hits, page, per_page),
        filters,
        all_asset_counts: json!({
            "Collection": in_collections,
            "NoCollection": hits.len() - in_collections,
            "Lightbox": in_lightboxes,
        }),
    }
}

fn groups_of_kind(db: &Db, a: &Asset, kind: Kind) -> bool {
    a.groups
        .iter()
        .any(|g| db.group_by_agid(*g).is_some_and(|g| g.kind == kind))
}

/// Asset-group ids of a node (and its descendants unless `omit`).
fn group_ids(db: &Db, kind: Kind, id: i64, omit: bool) -> Option<BTreeSet<i64>> {
    let g = db
        .group(kind, id)
        .or_else(|| db.group_by_agid(id).filter(|g| g.kind == kind))?;
    let nodes = if omit {
        vec![g.id]
    } else {
        db.subtree(kind, g.id)
    };
    Some(
        nodes
            .into_iter()
            .filter_map(|n| db.group(kind, n).map(|g| g.asset_group_id))
            .collect(),
    )
}

fn date_bounds(p: &Params, key: &str) -> Option<(Option<i64>, Option<i64>)> {
    let raw = p.all_raw(key);
    if raw.is_empty() {
        return None;
    }
    let lo = raw
        .first()
        .and_then(|s| timeutil::parse(s))
        .map(|(ms, _)| ms);
    let hi = raw
        .get(1)
        .and_then(|s| timeutil::parse(s))
        .map(|(ms, date_only)| if date_only { ms + DAY_MS - 1 } else { ms });
    Some((lo, hi))
}

/// Which processing states a search returns: `aasm_state` when given, every state when
/// it asks for an upload session, else only processed assets (as the real service does).
fn wanted_states(p: &Params) -> Option<Vec<AssetState>> {
    let asked: Vec<String> = p
        .all("aasm_state")
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !asked.is_empty() {
        return Some(asked.iter().filter_map(|s| AssetState::parse(s)).collect());
    }
    if p.get("upload_guid").is_some() || p.get("upload_id").is_some() {
        return None;
    }
    Some(vec![AssetState::Processed])
}

/// Indexes of visible assets matching every filter.
pub fn matching(db: &Db, p: &Params) -> Vec<usize> {
    let query = p.get("q").map(parse_query);
    let states = wanted_states(p);
    let upload_guid = p.get("upload_guid").map(str::trim);
    let upload_id = p
        .get("upload_id")
        .map(|v| v.trim().parse::<i64>().unwrap_or(-1));
    let folder_set: Option<BTreeSet<i64>> = p.int("storage_folder_id").map(|id| {
        if p.flag("omit_child_storage_folders") {
            BTreeSet::from([id])
        } else {
            db.subtree(Kind::StorageFolder, id).into_iter().collect()
        }
    });
    let mut group_sets: Vec<BTreeSet<i64>> = Vec::new();
    if let Some(id) = p.int("collection_id") {
        group_sets.push(
            group_ids(db, Kind::Collection, id, p.flag("omit_child_collections"))
                .unwrap_or_default(),
        );
    }
    if let Some(id) = p.int("lightbox_id") {
        group_sets.push(
            group_ids(db, Kind::Lightbox, id, p.flag("omit_child_lightboxes")).unwrap_or_default(),
        );
    }
    if let Some(id) = p.int("lightbox_folder_id") {
        group_sets.push(
            group_ids(
                db,
                Kind::Lightbox,
                id,
                p.flag("omit_child_lightbox_folders"),
            )
            .unwrap_or_default(),
        );
    }
    let tag_filter: Vec<Option<i64>> = p.all("tags").iter().map(|t| db.tag_id_by_name(t)).collect();
    let hide_tags: Vec<i64> = p
        .all("hide_tags")
        .iter()
        .filter_map(|t| db.tag_id_by_name(t))
        .collect();
    let exts: Vec<String> = p
        .all("exts")
        .iter()
        .map(|e| e.trim_start_matches('.').to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    let ids: Vec<i64> = p.all("ids").iter().filter_map(|s| s.parse().ok()).collect();
    let has_ids = !p.all("ids").is_empty();
    let guids: Vec<String> = p.all("guids");
    let rating = {
        let r: Vec<i64> = p
            .all("rating")
            .iter()
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        match r.as_slice() {
            [] => None,
            [one] => Some((*one, *one)),
            [a, b, ..] => Some(((*a).min(*b), (*a).max(*b))),
        }
    };
    let created = date_bounds(p, "created_at");
    let captured = date_bounds(p, "captured_at");
    let updated = date_bounds(p, "updated_at");
    let aspect = p.get("aspect").map(str::to_lowercase);
    let has_people = p.get("has_people").map(str::to_lowercase);
    let has_alt = p.get("has_alt_text").map(str::to_lowercase);
    let rights: Vec<String> = p.all("rights");
    let rights_codes: Vec<String> = p.all("rights_code");
    let user_ids: Vec<i64> = p
        .all("user_ids")
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect();
    let creator_tags: Vec<i64> = p
        .all("creator_tag_id")
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect();
    let size_range = p.get("file_size_range").map(str::to_string);
    let custom_meta = p.nested("custom_meta");
    let missing_captured = p.flag("missing_captured_at");
    let no_collections = p.flag("no_collections");
    let gps = p.get("gps").is_some().then(|| p.flag("gps"));

    let mut out = Vec::new();
    for (i, a) in db.assets.iter().enumerate() {
        if a.trashed_at.is_some() {
            continue;
        }
        if let Some(states) = &states
            && !states.contains(&a.state)
        {
            continue;
        }
        if upload_guid.is_some() || upload_id.is_some() {
            let (id, guid) = a.upload_ref();
            if upload_guid.is_some_and(|g| g != guid) || upload_id.is_some_and(|i| i != id) {
                continue;
            }
        }
        if let Some(set) = &folder_set
            && !set.contains(&a.storage_folder_id)
        {
            continue;
        }
        if group_sets
            .iter()
            .any(|s| !a.groups.iter().any(|g| s.contains(g)))
        {
            continue;
        }
        if has_ids && !ids.contains(&a.id) {
            continue;
        }
        if !guids.is_empty() && !guids.iter().any(|g| *g == a.guid || *g == a.short_guid()) {
            continue;
        }
        if tag_filter
            .iter()
            .any(|t| !t.is_some_and(|t| a.tags.iter().any(|x| x.tag_id == t)))
        {
            continue;
        }
        if a.tags.iter().any(|t| hide_tags.contains(&t.tag_id)) {
            continue;
        }
        if !exts.is_empty() && !exts.contains(&a.ext.to_lowercase()) {
            continue;
        }
        if let Some((lo, hi)) = rating {
            let r = a.rating.unwrap_or(0);
            if r < lo || r > hi {
                continue;
            }
        }
        if !in_range(Some(a.created_at), created)
            || !in_range(a.captured_at, captured)
            || !in_range(Some(a.updated_at), updated)
        {
            continue;
        }
        if missing_captured && a.captured_at.is_some() {
            continue;
        }
        if let Some(asp) = &aspect
            && a.aspect_name() != asp
        {
            continue;
        }
        if let Some(hp) = &has_people {
            let ok = match hp.as_str() {
                "yes" | "true" => a.has_people == Some(true),
                "no" | "false" => a.has_people == Some(false),
                "untagged" => a.has_people.is_none(),
                _ => true,
            };
            if !ok {
                continue;
            }
        }
        if let Some(h) = &has_alt {
            let present = a.text("alt_text").is_some_and(|t| !t.trim().is_empty());
            if (h == "yes") != present {
                continue;
            }
        }
        if !rights.is_empty() {
            let ok = rights.iter().any(|r| match r.as_str() {
                "missing" => a.rights_package_id.is_none(),
                id => id.parse::<i64>().ok() == a.rights_package_id,
            });
            if !ok {
                continue;
            }
        }
        if !rights_codes.is_empty()
            && !a
                .rights_status
                .as_ref()
                .is_some_and(|s| rights_codes.contains(s))
        {
            continue;
        }
        if !user_ids.is_empty() && !user_ids.contains(&db.user.id) {
            continue;
        }
        if !creator_tags.is_empty() && !a.creator_tag_id.is_some_and(|c| creator_tags.contains(&c))
        {
            continue;
        }
        if let Some(r) = &size_range {
            let mb = a.file_size as f64 / 1_000_000.0;
            let ok = match r.as_str() {
                "<1" => mb < 1.0,
                "1-10" => (1.0..10.0).contains(&mb),
                "10-50" => (10.0..50.0).contains(&mb),
                "50-100" => (50.0..100.0).contains(&mb),
                ">100" => mb >= 100.0,
                _ => true,
            };
            if !ok {
                continue;
            }
        }
        if no_collections && groups_of_kind(db, a, Kind::Collection) {
            continue;
        }
        if let Some(want) = gps
            && a.latitude.is_some() != want
        {
            continue;
        }
        if !custom_meta.iter().all(|(field, value)| {
            db.custom_meta_field_by_name(field).is_some_and(|f| {
                a.custom_meta.iter().any(|c| {
                    c.field_id == f.id
                        && c.text
                            .as_deref()
                            .or(c.date.as_deref())
                            .is_some_and(|t| t.eq_ignore_ascii_case(value))
                })
            })
        }) {
            continue;
        }
        if let Some(q) = &query
            && !q.matches(db, a)
        {
            continue;
        }
        out.push(i);
    }
    out
}

fn in_range(v: Option<i64>, bounds: Option<(Option<i64>, Option<i64>)>) -> bool {
    match bounds {
        None => true,
        Some((lo, hi)) => match v {
            None => lo.is_none() && hi.is_none(),
            Some(v) => lo.is_none_or(|lo| v >= lo) && hi.is_none_or(|hi| v <= hi),
        },
    }
}

// ---------------------------------------------------------------- text query

#[derive(Debug, Clone, PartialEq)]
enum Term {
    Any(String),
    Field(String, String),
    Exists(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Clause {
    neg: bool,
    term: Term,
}

/// OR of AND-groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Query(Vec<Vec<Clause>>);

const FIELDS: &[&str] = &[
    "tag_text",
    "tags",
    "tag",
    "keywords",
    "ext",
    "title",
    "filename",
    "filename.keyword",
    "description",
    "alt_text",
    "creator",
    "creator_text",
    "city",
    "state",
    "country",
    "copyright",
    "headline",
    "credit_line",
    "event",
    "guid",
];

/// Splits into tokens; a token is (negated, text, quoted).
fn tokens(q: &str) -> Vec<(bool, String, bool)> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    loop {
        while chars
            .peek()
            .is_some_and(|c| c.is_whitespace() || *c == '(' || *c == ')')
        {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let mut neg = false;
        if c == '-' {
            neg = true;
            chars.next();
        }
        let mut text = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                quoted = true;
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        // Lucene's escape: the next character stands for itself.
                        '\\' => text.extend(chars.next()),
                        c => text.push(c),
                    }
                }
            } else if c.is_whitespace() || c == ')' {
                break;
            } else {
                text.push(c);
                chars.next();
            }
        }
        if !text.is_empty() {
            out.push((neg, text, quoted));
        }
    }
    out
}

pub fn parse_query(q: &str) -> Query {
    let mut groups = vec![Vec::new()];
    let mut negate_next = false;
    for (neg, text, quoted) in tokens(q) {
        if !quoted {
            match text.as_str() {
                "AND" | "&&" => continue,
                "OR" | "||" => {
                    groups.push(Vec::new());
                    continue;
                }
                "NOT" => {
                    negate_next = true;
                    continue;
                }
                _ => {}
            }
        }
        let neg = neg ^ std::mem::take(&mut negate_next);
        let term = match text.split_once(':') {
            Some((f, v)) if FIELDS.contains(&f.to_lowercase().as_str()) => {
                let f = f.to_lowercase();
                if v == "**" || v == "*" {
                    Term::Exists(f)
                } else {
                    Term::Field(f, v.to_lowercase())
                }
            }
            _ => Term::Any(text.to_lowercase()),
        };
        if let Some(g) = groups.last_mut() {
            g.push(Clause { neg, term });
        }
    }
    groups.retain(|g| !g.is_empty());
    Query(groups)
}

/// `*` and `?` wildcard match (whole string).
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Substring match, or a wildcard match against the whole value or any of its words.
fn text_match(term: &str, value: &str) -> bool {
    let value = value.to_lowercase();
    if term.contains('*') || term.contains('?') {
        glob(term, &value)
            || value
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| !w.is_empty() && glob(term, w))
    } else {
        value.contains(term)
    }
}

fn field_values<'a>(db: &'a Db, a: &'a Asset, field: &str) -> Vec<&'a str> {
    match field {
        "tag_text" | "tags" | "tag" | "keywords" => {
            a.tags.iter().map(|t| db.tag_name(t.tag_id)).collect()
        }
        "ext" => vec![a.ext.as_str()],
        "filename" | "filename.keyword" => vec![a.filename.as_str()],
        "creator" | "creator_text" => a.creators(),
        "copyright" => a.text("iptc_rights").into_iter().collect(),
        "guid" => vec![a.guid.as_str()],
        other => a.text(other).into_iter().collect(),
    }
}

impl Query {
    pub fn matches(&self, db: &Db, a: &Asset) -> bool {
        if self.0.is_empty() {
            return true;
        }
        self.0
            .iter()
            .any(|g| g.iter().all(|c| c.term.matches(db, a) != c.neg))
    }
}

impl Term {
    fn matches(&self, db: &Db, a: &Asset) -> bool {
        match self {
            Term::Any(t) => {
                text_match(t, &a.filename)
                    || a.text("title").is_some_and(|v| text_match(t, v))
                    || a.text("description").is_some_and(|v| text_match(t, v))
                    || a.creators().iter().any(|v| text_match(t, v))
                    || a.tags.iter().any(|x| text_match(t, db.tag_name(x.tag_id)))
            }
            Term::Field(f, v) => {
                let exact = matches!(f.as_str(), "ext" | "filename.keyword");
                field_values(db, a, f).iter().any(|x| {
                    if exact && !v.contains('*') && !v.contains('?') {
                        x.eq_ignore_ascii_case(v)
                    } else {
                        text_match(v, x)
                    }
                })
            }
            Term::Exists(f) => field_values(db, a, f).iter().any(|x| !x.trim().is_empty()),
        }
    }
}

// ---------------------------------------------------------------- sorting

/// (field, descending) from `sort` (+ legacy `-asc`/`-desc` suffix), `order`, or
/// `sortField`/`sortOrder` (`ascend`/`descend`).
pub fn sort_spec(p: &Params) -> (String, bool) {
    let raw = p
        .get("sort")
        .or_else(|| p.get("sortField"))
        .unwrap_or("created_at")
        .to_lowercase();
    let (mut field, mut desc) = match raw.rsplit_once('-') {
        Some((f, "asc")) => (f.to_string(), false),
        Some((f, "desc")) => (f.to_string(), true),
        _ => (raw.clone(), true),
    };
    if let Some(o) = p.get("order").or_else(|| p.get("sortOrder")) {
        desc = !matches!(o.to_lowercase().as_str(), "asc" | "ascend" | "ascending");
    }
    if ![
        "filename",
        "created_at",
        "captured_at",
        "file_size",
        "rating",
        "custom",
        "updated_at",
        "title",
    ]
    .contains(&field.as_str())
    {
        field = "created_at".into();
    }
    (field, desc)
}

fn sort(db: &Db, p: &Params, hits: &mut [usize]) {
    let (field, desc) = sort_spec(p);
    let dir = |o: Ordering| if desc { o.reverse() } else { o };
    // missing values always last
    let opt = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(x), Some(y)) => dir(x.cmp(&y)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let lower: HashMap<usize, String> = if field == "filename" || field == "title" {
        hits.iter()
            .map(|&i| {
                let a = &db.assets[i];
                let s = if field == "title" {
                    a.text("title").unwrap_or(&a.filename)
                } else {
                    &a.filename
                };
                (i, s.to_lowercase())
            })
            .collect()
    } else {
        HashMap::new()
    };
    hits.sort_by(|&x, &y| {
        let (a, b) = (&db.assets[x], &db.assets[y]);
        let primary = match field.as_str() {
            "filename" | "title" => dir(lower[&x].cmp(&lower[&y])),
            "captured_at" => opt(a.captured_at, b.captured_at),
            "file_size" => dir(a.file_size.cmp(&b.file_size)),
            "rating" => dir(a.rating.unwrap_or(0).cmp(&b.rating.unwrap_or(0))),
            "updated_at" => dir(a.updated_at.cmp(&b.updated_at)),
            "custom" => dir(b.id.cmp(&a.id)),
            _ => dir(a.created_at.cmp(&b.created_at)),
        };
        primary.then_with(|| dir(a.id.cmp(&b.id)))
    });
}

// ---------------------------------------------------------------- facets

fn terms(buckets: Vec<Value>) -> Value {
    json!({"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": buckets})
}

fn year_buckets(values: impl Iterator<Item = i64>) -> Vec<Value> {
    let mut years: BTreeMap<i64, usize> = BTreeMap::new();
    for v in values {
        *years.entry(timeutil::year_of(v)).or_default() += 1;
    }
    years
        .into_iter()
        .rev()
        .map(|(y, n)| {
            let (from, to) = (timeutil::year_start_ms(y), timeutil::year_start_ms(y + 1));
            json!({"key": y.to_string(), "from": from as f64, "from_as_string": rfc3339(from),
                   "to": to as f64, "to_as_string": rfc3339(to), "doc_count": n})
        })
        .collect()
}

fn count_desc<K: Ord + Clone>(counts: BTreeMap<K, usize>) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

pub fn facets(db: &Db, hits: &[usize]) -> Value {
    let assets = || hits.iter().map(|&i| &db.assets[i]);
    let aspect_n = |name: &str| assets().filter(|a| a.aspect_name() == name).count();

    let mut ratings: BTreeMap<i64, usize> = BTreeMap::new();
    let mut tags: BTreeMap<String, usize> = BTreeMap::new();
    let mut exts: BTreeMap<String, usize> = BTreeMap::new();
    let mut rights_codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut rights_ids: BTreeMap<i64, usize> = BTreeMap::new();
    let mut people = [0usize; 3];
    let mut cm: BTreeMap<i64, BTreeMap<String, usize>> = BTreeMap::new();
    for a in assets() {
        *ratings.entry(a.rating.unwrap_or(0)).or_default() += 1;
        *exts.entry(a.ext.to_lowercase()).or_default() += 1;
        for t in &a.tags {
            *tags.entry(db.tag_name(t.tag_id).to_string()).or_default() += 1;
        }
        if let Some(r) = &a.rights_status {
            *rights_codes.entry(r.clone()).or_default() += 1;
        }
        if let Some(r) = a.rights_package_id {
            *rights_ids.entry(r).or_default() += 1;
        }
        people[match a.has_people {
            Some(true) => 0,
            Some(false) => 1,
            None => 2,
        }] += 1;
        for v in &a.custom_meta {
            if let Some(t) = v.text.as_ref().or(v.date.as_ref()) {
                *cm.entry(v.field_id)
                    .or_default()
                    .entry(t.clone())
                    .or_default() += 1;
            }
        }
    }
    let rating: Vec<Value> = count_desc(ratings)
        .into_iter()
        .map(|(k, n)| json!({"key": k, "doc_count": n}))
        .collect();
    let tag_buckets: Vec<Value> = count_desc(tags)
        .into_iter()
        .take(50)
        .map(|(k, n)| json!({"key": k, "doc_count": n}))
        .collect();
    let mut ext_facet = terms(
        count_desc(exts)
            .into_iter()
            .map(|(k, n)| json!({"key": k, "doc_count": n}))
            .collect(),
    );
    // Mediagraph's web app filters by file type; its API reference lists no such
    // aggregation, so the demo's is an addition the client shows when present.
    ext_facet["display"] = json!("file type");
    let mut tag_facet = terms(tag_buckets);
    tag_facet["display"] = json!("keywords");
    let mut created = json!({"buckets": year_buckets(assets().map(|a| a.created_at))});
    created["display"] = json!("upload date");
    let mut captured = json!({"buckets": year_buckets(assets().filter_map(|a| a.captured_at))});
    captured["display"] = json!("capture date");
    let rights_code: Vec<Value> = count_desc(rights_codes)
        .into_iter()
        .map(|(k, n)| json!({"key": k, "key_as_string": rights_class_info(&k).0, "doc_count": n}))
        .collect();
    let rights_package: Vec<Value> = count_desc(rights_ids)
        .into_iter()
        .map(|(k, n)| {
            let name = db
                .rights_package(k)
                .map(|r| {
                    r.name
                        .clone()
                        .unwrap_or_else(|| rights_class_info(r.rights_class).0.to_string())
                })
                .unwrap_or_default();
            json!({"key": k, "key_as_string": name, "doc_count": n, "parent": name})
        })
        .collect();
    let custom_meta: Vec<Value> = db
        .custom_meta_fields
        .iter()
        .map(|f| {
            let buckets: Vec<Value> = count_desc(cm.remove(&f.id).unwrap_or_default())
                .into_iter()
                .take(50)
                .map(|(k, n)| json!({"key": k, "doc_count": n}))
                .collect();
            json!({"display": f.name, "multi": f.multi, "buckets": buckets})
        })
        .collect();
    json!({
        "aspect": {"buckets": [
            {"key": "portrait", "from": 0.0, "to": 0.99, "doc_count": aspect_n("portrait")},
            {"key": "square", "from": 0.999, "to": 1.001, "doc_count": aspect_n("square")},
            {"key": "landscape", "from": 1.01, "to": 1.99, "doc_count": aspect_n("landscape")},
            {"key": "panorama", "from": 2.0, "doc_count": aspect_n("panorama")},
        ]},
        "ext": ext_facet,
        "rating": terms(rating),
        "visible_tag_names": tag_facet,
        "created_at": created,
        "captured_at": captured,
        "rights_code": {"display": "rights status", "buckets": rights_code},
        "custom_meta": custom_meta,
        "has_people": {"buckets": [
            {"key": "yes", "doc_count": people[0]},
            {"key": "no", "doc_count": people[1]},
            {"key": "untagged", "doc_count": people[2]},
        ]},
        "optimization_request": {"buckets": [
            {"key": "requested", "doc_count": 0}, {"key": "completed", "doc_count": 0}]},
        "vote": {"display": "likes", "buckets": [
            {"key": 1, "doc_count": 0, "key_as_string": "likes"},
            {"key": -1, "doc_count": 0, "key_as_string": "dislikes"}]},
        "rights_package_id": {"buckets": rights_package, "display": "rights package"},
        "user_id": {"buckets": [{"key": db.user.id, "doc_count": hits.len(),
            "key_as_string": format!("{} ({})", db.user.name(), db.user.email)}],
            "display": "uploaded by"},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::ids;

    fn db() -> Db {
        crate::seed::test_db(false)
    }
    fn q(s: &str) -> Params {
        Params::parse(s)
    }
    fn all<'a>(db: &'a Db, s: &str) -> Vec<&'a Asset> {
        matching(db, &q(s))
            .into_iter()
            .map(|i| &db.assets[i])
            .collect()
    }

    #[test]
    fn query_parser() {
        let p = parse_query(r#"sunset -beach "old town" tag_text:boat OR ext:png title:** NOT x"#);
        assert_eq!(p.0.len(), 2);
        assert_eq!(p.0[0].len(), 4);
        assert!(p.0[0][1].neg);
        assert_eq!(p.0[0][2].term, Term::Any("old town".into()));
        assert_eq!(p.0[1][0].term, Term::Field("ext".into(), "png".into()));
        assert_eq!(p.0[1][1].term, Term::Exists("title".into()));
        assert!(p.0[1][2].neg);
        assert!(glob("sun*", "sunset") && glob("s?n", "sun") && !glob("sun", "sunset"));
    }

    #[test]
    fn text_and_field_queries() {
        let db = db();
        let harbour = all(&db, "q=HARBOUR");
        assert!(!harbour.is_empty());
        assert!(harbour.iter().all(|a| {
            a.filename.to_lowercase().contains("harbour")
                || a.text("title")
                    .is_some_and(|t| t.to_lowercase().contains("harbour"))
                || a.text("description")
                    .is_some_and(|t| t.to_lowercase().contains("harbour"))
                || a.tags
                    .iter()
                    .any(|t| db.tag_name(t.tag_id).contains("harbour"))
        }));
        let not_mirrored = all(&db, "q=harbour%20-mirrored");
        assert!(not_mirrored.len() < harbour.len());
        let png = all(&db, "q=ext:png");
        assert!(!png.is_empty() && png.iter().all(|a| a.ext == "png"));
        let phrase = all(&db, "q=%22at%20dawn%22");
        assert!(!phrase.is_empty());
        assert_eq!(all(&db, "q=zzzznothing").len(), 0);
    }

    #[test]
    fn folder_subtree_and_omit() {
        let db = db();
        let archive = all(&db, &format!("storage_folder_id={}", ids::FOLDER_ARCHIVE));
        let only = all(
            &db,
            &format!(
                "storage_folder_id={}&omit_child_storage_folders=true",
                ids::FOLDER_ARCHIVE
            ),
        );
        assert!(archive.len() > only.len());
        assert!(
            only.iter()
                .all(|a| a.storage_folder_id == ids::FOLDER_ARCHIVE)
        );
    }

    #[test]
    fn lightbox_by_membership_id_and_bin() {
        let db = db();
        let home = all(&db, &format!("lightbox_id={}", ids::LIGHTBOX_HOME));
        assert!(!home.is_empty());
        assert!(
            home.iter()
                .all(|a| a.groups.contains(&ids::LIGHTBOX_HOME_GROUP))
        );
        let bin = all(&db, &format!("lightbox_folder_id={}", ids::LIGHTBOX_BIN));
        assert!(!bin.is_empty());
        let coll = all(&db, &format!("collection_id={}", ids::COLLECTION_BEST_OF));
        let coll_only = all(
            &db,
            &format!(
                "collection_id={}&omit_child_collections=1",
                ids::COLLECTION_BEST_OF
            ),
        );
        assert!(coll.len() > coll_only.len());
    }

    #[test]
    fn tags_exts_ratings_ids_dates() {
        let db = db();
        let two = all(&db, "tags[]=harbour&tags[]=boats");
        assert!(!two.is_empty());
        assert!(all(&db, "tags[]=harbour").len() >= two.len());
        assert!(
            all(&db, "exts[]=png&exts[]=mp4")
                .iter()
                .all(|a| a.ext == "png" || a.ext == "mp4")
        );
        assert!(
            all(&db, "rating[]=2&rating[]=4")
                .iter()
                .all(|a| (2..=4).contains(&a.rating.unwrap_or(0)))
        );
        assert!(all(&db, "rating=5").iter().all(|a| a.rating == Some(5)));
        let picked = all(
            &db,
            &format!("ids[]={}&ids[]={}", db.assets[3].id, db.assets[9].id),
        );
        assert_eq!(picked.len(), 2);
        assert_eq!(all(&db, &format!("guids[]={}", db.assets[4].guid)).len(), 1);
        let y2020 = all(&db, "created_at[]=2020-01-01&created_at[]=2020-12-31");
        assert!(!y2020.is_empty());
        assert!(
            y2020
                .iter()
                .all(|a| timeutil::year_of(a.created_at) == 2020)
        );
    }

    #[test]
    fn sorting_and_paging() {
        let db = db();
        let out = run(&db, &q("per_page=500"));
        assert_eq!(out.page.len(), MAX_PER_PAGE);
        let default = run(&db, &q(""));
        assert_eq!(default.page.len(), DEFAULT_PER_PAGE);
        assert_eq!(default.total, db.assets.len());
        let newest: Vec<i64> = default
            .page
            .iter()
            .map(|&i| db.assets[i].created_at)
            .collect();
        assert!(newest.windows(2).all(|w| w[0] >= w[1]));
        for s in ["sort=filename&order=asc", "sort=filename-asc"] {
            let o = run(&db, &q(s));
            let names: Vec<String> = o
                .page
                .iter()
                .map(|&i| db.assets[i].filename.to_lowercase())
                .collect();
            assert!(names.windows(2).all(|w| w[0] <= w[1]), "{s}");
        }
        let p1 = run(&db, &q("sort=file_size&per_page=10&page=1"));
        let p2 = run(&db, &q("sort=file_size&per_page=10&page=2"));
        assert!(db.assets[p1.page[9]].file_size >= db.assets[p2.page[0]].file_size);
        let last_page = run(&db, &q("page=1000"));
        assert!(last_page.page.is_empty());
    }

    #[test]
    fn facets_shape() {
        let db = db();
        let out = run(&db, &q("include_totals=true"));
        let f = &out.filters;
        let rating_sum: u64 = f["rating"]["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["doc_count"].as_u64().unwrap())
            .sum();
        assert_eq!(rating_sum as usize, out.total);
        assert!(
            !f["visible_tag_names"]["buckets"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert!(f["created_at"]["buckets"].as_array().unwrap().len() >= 5);
        assert!(f["aspect"]["buckets"][3]["doc_count"].as_u64().unwrap() > 0);
        assert!(f["custom_meta"].is_array());
        assert_eq!(
            out.all_asset_counts["Collection"].as_u64().unwrap()
                + out.all_asset_counts["NoCollection"].as_u64().unwrap(),
            out.total as u64
        );
    }
}
