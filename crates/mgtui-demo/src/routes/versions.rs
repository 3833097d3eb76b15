//! An asset's versions: the history, and making an older one current (`revert`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::{body_json, not_found, ok_json, unprocessable};
use crate::edit::{FieldErrors, add_error};
use crate::payload::{self, AssetView};
use crate::state::AppState;
use crate::versions::{synthetic, to_json};
use mediagraph_api::timeutil::now_ms;

pub async fn list(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let w = s.world();
    let Some(i) = w.db.find_asset(id.trim()) else {
        return not_found();
    };
    let a = &w.db.assets[i];
    let history = w
        .versions
        .get(&a.id)
        .cloned()
        .unwrap_or_else(|| synthetic(a));
    let mut out: Vec<Value> = history
        .iter()
        .map(|v| to_json(v, a, &w.db, &s.ctx))
        .collect();
    out.reverse(); // newest first, as the recorded answer lists them
    ok_json(Value::Array(out))
}

/// `{"version": N}` (JSON or a form field): version N becomes the asset's current one.
pub async fn revert(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let wanted = match body_json(&body) {
        Ok(v) => v
            .get("version")
            .and_then(mediagraph_api::api::de::value_to_i64),
        Err(_) => std::str::from_utf8(&body).ok().and_then(|form| {
            form.split('&')
                .find_map(|kv| kv.strip_prefix("version="))
                .and_then(|v| v.trim().parse().ok())
        }),
    };
    let mut w = s.world();
    let w = &mut *w;
    let Some(i) = w.db.find_asset(id.trim()) else {
        return not_found();
    };
    let asset_id = w.db.assets[i].id;
    let history = w
        .versions
        .entry(asset_id)
        .or_insert_with(|| synthetic(&w.db.assets[i]))
        .clone();
    let Some(v) = wanted.and_then(|n| history.iter().find(|v| v.number == n)) else {
        let mut e = FieldErrors::new();
        add_error(&mut e, "version", "is not a version of this asset");
        return unprocessable(&e);
    };
    let a = &mut w.db.assets[i];
    a.data_version = v.number;
    a.filename = v.filename.clone();
    a.file_size = v.file_size;
    a.updated_at = now_ms();
    let view = AssetView {
        detail: true,
        renditions: true,
        meta: false,
    };
    ok_json(payload::asset(&s.ctx, &w.db, &w.db.assets[i], view))
}
