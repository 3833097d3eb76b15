//! Picker data: tags, creator tags, rights packages, custom meta fields.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::Value;

use super::{json_total, not_found, num_id, ok_json};
use crate::model::Db;
use crate::params::{Params, page_of};
use crate::payload;
use crate::state::AppState;

fn params(q: &Option<String>) -> Params {
    Params::parse(q.as_deref().unwrap_or(""))
}

fn tag_counts(db: &Db) -> HashMap<i64, usize> {
    let mut counts = HashMap::new();
    for a in db.assets.iter().filter(|a| a.listed()) {
        for t in &a.tags {
            *counts.entry(t.tag_id).or_insert(0) += 1;
        }
    }
    counts
}

pub async fn tags(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = params(&q);
    let needle = p.get("q").map(str::to_lowercase);
    let w = s.world();
    let db = &w.db;
    let counts = tag_counts(db);
    let mut list: Vec<_> = db
        .tags
        .iter()
        .filter(|t| {
            needle
                .as_ref()
                .is_none_or(|n| t.name.to_lowercase().contains(n))
        })
        .collect();
    list.sort_by_key(|t| t.name.to_lowercase());
    let (page, per_page) = p.paging(10, 1000);
    let items: Vec<Value> = page_of(&list, page, per_page)
        .into_iter()
        .map(|t| payload::tag(db, t, counts.get(&t.id).copied().unwrap_or(0)))
        .collect();
    json_total(Value::Array(items), list.len())
}

pub async fn tag(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    match w.db.tag(id) {
        Some(t) => {
            let n = tag_counts(&w.db).get(&id).copied().unwrap_or(0);
            ok_json(payload::tag(&w.db, t, n))
        }
        None => not_found(),
    }
}

pub async fn creator_tags(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = params(&q);
    let needle = p.get("q").map(str::to_lowercase);
    let w = s.world();
    let list: Vec<_> =
        w.db.creator_tags
            .iter()
            .filter(|c| {
                needle
                    .as_ref()
                    .is_none_or(|n| c.name.to_lowercase().contains(n))
            })
            .collect();
    let (page, per_page) = p.paging(100, 1000);
    let items: Vec<Value> = page_of(&list, page, per_page)
        .into_iter()
        .map(|c| payload::creator_tag(&w.db, c))
        .collect();
    json_total(Value::Array(items), list.len())
}

pub async fn rights_packages(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = params(&q);
    let w = s.world();
    let list: Vec<_> = w.db.rights_packages.iter().collect();
    let (page, per_page) = p.paging(100, 1000);
    let items: Vec<Value> = page_of(&list, page, per_page)
        .into_iter()
        .map(|r| payload::rights_package(&w.db, r))
        .collect();
    json_total(Value::Array(items), list.len())
}

pub async fn rights_package(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    match w.db.rights_package(id) {
        Some(r) => ok_json(payload::rights_package(&w.db, r)),
        None => not_found(),
    }
}

pub async fn custom_meta_fields(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = params(&q);
    let bools = |k: &str| -> Vec<bool> {
        p.all(k)
            .iter()
            .filter_map(|v| match v.as_str() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            })
            .collect()
    };
    let (enabled, multi, free, ai) = (
        bools("enabled"),
        bools("multi"),
        bools("free"),
        bools("enable_ai"),
    );
    let value_type = p.get("value_type").map(str::to_string);
    let needle = p.get("q").map(str::to_lowercase);
    let w = s.world();
    let items: Vec<Value> =
        w.db.custom_meta_fields
            .iter()
            .filter(|_| enabled.is_empty() || enabled.contains(&true))
            .filter(|f| multi.is_empty() || multi.contains(&f.multi))
            .filter(|f| free.is_empty() || free.contains(&f.free))
            .filter(|f| ai.is_empty() || ai.contains(&f.enable_ai))
            .filter(|f| value_type.as_ref().is_none_or(|v| v == f.value_type))
            .filter(|f| {
                needle
                    .as_ref()
                    .is_none_or(|n| f.name.to_lowercase().contains(n))
            })
            .map(|f| payload::custom_meta_field(&w.db, f))
            .collect();
    let n = items.len();
    json_total(Value::Array(items), n)
}

pub async fn custom_meta_field(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    match w.db.custom_meta_field(id) {
        Some(f) => ok_json(payload::custom_meta_field(&w.db, f)),
        None => not_found(),
    }
}
