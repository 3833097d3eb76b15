//! Asset search, details, update, trash, tag and add-to-group.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{body_json, error, json_total, not_found, ok_json, unprocessable, wrapped};
use crate::edit::{self, FieldErrors, add_error};
use crate::model::Kind;
use crate::params::Params;
use crate::payload::{self, AssetView};
use crate::search;
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

pub async fn search(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let view = AssetView {
        detail: false,
        renditions: p.flag("include_renditions"),
        meta: p.flag("include_meta"),
    };
    let w = s.world();
    let out = search::run(&w.db, &p);
    let assets: Vec<Value> = out
        .page
        .iter()
        .map(|&i| payload::asset(&s.ctx, &w.db, &w.db.assets[i], view))
        .collect();
    // Built by moving the parts in: `json!` would deep-copy each one (`to_value`).
    let total = out.total;
    let mut body = serde_json::Map::new();
    body.insert("total_entries".into(), json!(total));
    body.insert("total_display".into(), Value::Null);
    body.insert("ids_in_selection".into(), Value::Null);
    body.insert("filters".into(), out.filters);
    body.insert("all_asset_counts".into(), out.all_asset_counts);
    body.insert("assets".into(), Value::Array(assets));
    json_total(Value::Object(body), total)
}

pub async fn show(
    State(s): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let w = s.world();
    match w.db.find_asset(&id) {
        Some(i) => {
            let view = AssetView {
                detail: true,
                renditions: true,
                meta: p.flag("include_meta"),
            };
            ok_json(payload::asset(&s.ctx, &w.db, &w.db.assets[i], view))
        }
        None => not_found(),
    }
}

pub async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut w = s.world();
    let Some(i) = w.db.find_asset(&id) else {
        return not_found();
    };
    let fields = match wrapped(&body, "asset") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let errors = edit::validate_update(&w.db, &fields);
    if !errors.is_empty() {
        return unprocessable(&errors);
    }
    edit::apply_update(&mut w.db, i, &fields, now_ms());
    let view = AssetView {
        detail: true,
        renditions: true,
        meta: false,
    };
    ok_json(payload::asset(&s.ctx, &w.db, &w.db.assets[i], view))
}

/// `GET /api/assets/trashed` → `{count}`.
pub async fn trashed_count(State(s): State<AppState>) -> Response {
    let w = s.world();
    let count =
        w.db.assets
            .iter()
            .filter(|a| a.trashed_at.is_some())
            .count();
    ok_json(json!({ "count": count }))
}

pub async fn trash(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let mut w = s.world();
    let Some(i) = w.db.find_asset(&id) else {
        return not_found();
    };
    let now = now_ms();
    let a = &mut w.db.assets[i];
    a.trashed_at = Some(now);
    a.updated_at = now;
    ok_json(json!({}))
}

/// `PUT /api/assets/{id}/tag` → `{tags: [...]}`.
pub async fn tag(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let mut w = s.world();
    let Some(i) = w.db.find_asset(&id) else {
        return not_found();
    };
    let fields: Map<String, Value> = match body_json(&body) {
        Ok(Value::Object(mut m)) => match m.remove("asset") {
            Some(Value::Object(inner)) => inner,
            _ => m,
        },
        Ok(_) => Map::new(),
        Err(r) => return r,
    };
    let tag_only: Map<String, Value> = fields
        .into_iter()
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "add_tag_names" | "remove_tag_names" | "replace_tag_names" | "add_tags_with_commas"
            )
        })
        .collect();
    let errors = edit::validate_update(&w.db, &tag_only);
    if !errors.is_empty() {
        return unprocessable(&errors);
    }
    edit::apply_update(&mut w.db, i, &tag_only, now_ms());
    let full = payload::asset(&s.ctx, &w.db, &w.db.assets[i], AssetView::default());
    ok_json(json!({"tags": full["tags"].clone()}))
}

/// `POST /api/assets/add_group` with flat `{ids: [], asset_group_id}` → `{count, added}`.
pub async fn add_group(State(s): State<AppState>, body: Bytes) -> Response {
    let v = match body_json(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let p = Params::from_json(&v);
    let mut e = FieldErrors::new();
    let ids: Vec<i64> = p.all("ids").iter().filter_map(|x| x.parse().ok()).collect();
    if ids.is_empty() {
        add_error(&mut e, "ids", "can't be blank");
    }
    let mut w = s.world();
    let target = p.int("asset_group_id").and_then(|agid| {
        w.db.group_by_agid(agid)
            .filter(|g| g.kind != Kind::StorageFolder && !g.organizer)
            .map(|g| g.asset_group_id)
    });
    if target.is_none() {
        add_error(&mut e, "asset_group_id", "must be a collection or lightbox");
    }
    if !e.is_empty() {
        return unprocessable(&e);
    }
    let Some(agid) = target else {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "asset_group_id missing");
    };
    let mut added = 0;
    let now = now_ms();
    for id in &ids {
        if let Some(i) = w.db.asset_idx(*id)
            && w.db.assets[i].groups.insert(agid)
        {
            w.db.assets[i].updated_at = now;
            added += 1;
        }
    }
    ok_json(json!({"count": ids.len(), "added": added}))
}
