//! Shares of chosen assets (`/api/shares`) and the public page each one opens.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value};

use super::jobs::{fire_once, never_answer};
use super::share_links::{take_bool, take_choice};
use super::{json_total, not_found, num_id, ok_json, unprocessable, wrapped};
use crate::edit::{FieldErrors, add_error};
use crate::params::{Params, page_of};
use crate::share_links::html_text;
use crate::shares::{SIZES, ShareRec};
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

/// Newest first, `current`/`pageSize` (or `page`/`per_page`).
pub async fn list(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let w = s.world();
    let all: Vec<&ShareRec> = w.shares.iter().rev().collect();
    let (page, per_page) = p.paging(10, 100);
    let items: Vec<Value> = page_of(&all, page, per_page)
        .into_iter()
        .map(|sh| sh.to_json(&w.db, &s.ctx.base_url))
        .collect();
    json_total(Value::Array(items), all.len())
}

pub async fn create(State(s): State<AppState>, body: Bytes) -> Response {
    let f = match wrapped(&body, "share") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut e = FieldErrors::new();
    let name = match f.get("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => n.clone(),
        _ => {
            add_error(&mut e, "name", "can't be blank");
            String::new()
        }
    };
    let ids: Vec<i64> = match f.get("asset_ids") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
            .collect(),
        _ => Vec::new(),
    };
    let size = take_choice(&f, "size", &SIZES, &mut e);
    let watermarked = take_bool(&f, "watermarked", &mut e);
    let downloads = take_bool(&f, "enable_download", &mut e);
    let out = {
        let mut w = s.world();
        if ids.is_empty() || ids.iter().any(|id| w.db.asset_idx(*id).is_none()) {
            add_error(&mut e, "asset_ids", "must name existing assets");
        }
        if !e.is_empty() {
            return unprocessable(&e);
        }
        let id = w.db.fresh_id();
        let mut share = ShareRec::new(id, name, ids, s.ctx.secret, now_ms());
        if let Some(v) = size {
            share.size = v;
        }
        if let Some(v) = watermarked {
            share.watermarked = v;
        }
        if let Some(v) = downloads {
            share.enable_download = v;
        }
        // The create's answer, like the recorded one, carries no `url`.
        let mut out = share.to_json(&w.db, &s.ctx.base_url);
        if let Value::Object(m) = &mut out {
            m.remove("url");
        }
        w.shares.push(share);
        out
    };
    if fire_once(&s, |f| {
        (
            f.settings.drop_first_share_response,
            &mut f.asset_share_response_dropped,
        )
    }) {
        return never_answer(&s).await;
    }
    ok_json(out)
}

pub async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let f = match wrapped(&body, "share") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut e = FieldErrors::new();
    let enabled = take_bool(&f, "enabled", &mut e);
    let watermarked = take_bool(&f, "watermarked", &mut e);
    let downloads = take_bool(&f, "enable_download", &mut e);
    let size = take_choice(&f, "size", &SIZES, &mut e);
    if !e.is_empty() {
        return unprocessable(&e);
    }
    let mut w = s.world();
    let Some(share) = w.shares.iter_mut().find(|sh| sh.id == id) else {
        return not_found();
    };
    if let Some(v) = enabled {
        share.enabled = v;
    }
    if let Some(v) = watermarked {
        share.watermarked = v;
    }
    if let Some(v) = downloads {
        share.enable_download = v;
    }
    if let Some(v) = size {
        share.size = v;
    }
    share.updated_at = now_ms();
    let share = share.clone();
    ok_json(share.to_json(&w.db, &s.ctx.base_url))
}

pub async fn delete(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let mut w = s.world();
    let before = w.shares.len();
    w.shares.retain(|sh| sh.id != id);
    if w.shares.len() == before {
        return not_found();
    }
    ok_json(Value::Object(Map::new()))
}

/// `/shares/{code}`: the share's name and its assets' file names while it is enabled;
/// 404 otherwise.
pub async fn public_page(State(s): State<AppState>, Path(code): Path<String>) -> Response {
    let mut w = s.world();
    let Some(i) = w.shares.iter().position(|sh| sh.code == code) else {
        return (StatusCode::NOT_FOUND, "No such share").into_response();
    };
    if !w.shares[i].enabled {
        return (StatusCode::NOT_FOUND, "This share is no longer available").into_response();
    }
    w.shares[i].views += 1;
    let share = &w.shares[i];
    let items: String = share
        .visible(&w.db)
        .into_iter()
        .map(|a| format!("<li>{}</li>", html_text(&w.db.assets[a].filename)))
        .collect();
    Html(format!(
        "<!doctype html><title>{0}</title><h1>{0}</h1><p>size: {1}</p><ul>{items}</ul>",
        html_text(&share.name),
        html_text(&share.size)
    ))
    .into_response()
}
