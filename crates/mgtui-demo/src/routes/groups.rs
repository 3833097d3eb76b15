//! Storage folders, collections and lightboxes: lazy trees and details.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::Value;

use super::{json_total, not_found, num_id, ok_json};
use crate::model::{Group, Kind};
use crate::params::{Params, page_of};
use crate::payload;
use crate::state::AppState;

/// Tree endpoints page at 10 by default, like the real API.
const TREE_PER_PAGE: usize = 10;

fn tree(s: &AppState, kind: Kind, q: Option<String>) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let parent = match p.get("parent_id") {
        None => None,
        Some(v) => match v.trim().parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return not_found(),
        },
    };
    let w = s.world();
    let db = &w.db;
    if let Some(pid) = parent
        && db.group(kind, pid).is_none()
    {
        return not_found();
    }
    let mut nodes: Vec<&Group> = db.children(kind, parent).collect();
    nodes.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    let (page, per_page) = p.paging(TREE_PER_PAGE, 1000);
    let items: Vec<Value> = page_of(&nodes, page, per_page)
        .into_iter()
        .map(|g| payload::group_node(db, g))
        .collect();
    json_total(Value::Array(items), nodes.len())
}

/// The index: every group of `kind` (collections filter by `q`, a name substring),
/// each with its `ancestor_ids` and `path_names`.
fn index(s: &AppState, kind: Kind, q: Option<String>) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let needle = match kind {
        Kind::Collection => p.get("q").map(|v| v.trim().to_lowercase()),
        _ => None,
    };
    let w = s.world();
    let db = &w.db;
    let mut groups: Vec<&Group> = db
        .groups
        .iter()
        .filter(|g| g.kind == kind)
        .filter(|g| {
            needle
                .as_ref()
                .is_none_or(|n| g.name.to_lowercase().contains(n.as_str()))
        })
        .collect();
    groups.sort_by_key(|g| g.id);
    let (page, per_page) = p.paging(TREE_PER_PAGE, 1000);
    let items: Vec<Value> = page_of(&groups, page, per_page)
        .into_iter()
        .map(|g| payload::group_node(db, g))
        .collect();
    json_total(Value::Array(items), groups.len())
}

pub async fn folder_index(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    index(&s, Kind::StorageFolder, q)
}
pub async fn collection_index(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    index(&s, Kind::Collection, q)
}
pub async fn lightbox_index(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    index(&s, Kind::Lightbox, q)
}

fn detail(s: &AppState, kind: Kind, id: &str) -> Response {
    let id = match num_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    match w.db.group(kind, id) {
        Some(g) => {
            let mut v = payload::group_detail(&w.db, g);
            if kind == Kind::Lightbox {
                w.lightbox_people.fill(&w.db, id, &mut v);
            }
            ok_json(v)
        }
        None => not_found(),
    }
}

/// `POST /api/lightboxes/{id}/transfer_ownership` with `user_id` (JSON or form).
pub async fn transfer_lightbox(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let to = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| mediagraph_api::api::de::value_to_i64(&v["user_id"]))
        .or_else(|| {
            std::str::from_utf8(&body).ok().and_then(|t| {
                t.split('&')
                    .find_map(|kv| kv.strip_prefix("user_id="))
                    .and_then(|v| v.parse().ok())
            })
        });
    let mut w = s.world();
    if w.db.group(Kind::Lightbox, id).is_none() {
        return not_found();
    }
    let Some(to) = to else {
        let mut e = crate::edit::FieldErrors::new();
        crate::edit::add_error(&mut e, "user_id", "is required");
        return super::unprocessable(&e);
    };
    let w = &mut *w;
    match w.lightbox_people.transfer(&w.db, id, to) {
        Ok(()) => ok_json(serde_json::json!({})),
        Err(why) => {
            let mut e = crate::edit::FieldErrors::new();
            crate::edit::add_error(&mut e, "user_id", why);
            super::unprocessable(&e)
        }
    }
}

pub async fn folder_tree(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    tree(&s, Kind::StorageFolder, q)
}
pub async fn collection_tree(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    tree(&s, Kind::Collection, q)
}
pub async fn lightbox_tree(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    tree(&s, Kind::Lightbox, q)
}
pub async fn folder(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    detail(&s, Kind::StorageFolder, &id)
}
pub async fn collection(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    detail(&s, Kind::Collection, &id)
}
pub async fn lightbox(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    detail(&s, Kind::Lightbox, &id)
}

/// Bare array of the ids of the listed assets directly in a folder.
pub async fn folder_asset_ids(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    if w.db.group(Kind::StorageFolder, id).is_none() {
        return not_found();
    }
    let ids: Vec<i64> =
        w.db.assets
            .iter()
            .filter(|a| a.storage_folder_id == id && a.listed())
            .map(|a| a.id)
            .collect();
    ok_json(Value::from(ids))
}
