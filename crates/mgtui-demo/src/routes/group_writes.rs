//! Creating, renaming and deleting storage folders, collections and lightboxes.
//! Deleting a storage folder sends the assets in it (and in its sub-folders) to the trash;
//! deleting a collection or lightbox only takes the assets out of it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::jobs::{fire_once, never_answer};
use super::{not_found, num_id, ok_json, unprocessable, wrapped};
use crate::edit::{FieldErrors, add_error};
use crate::model::{Group, Kind};
use crate::payload;
use crate::seed::slug;
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

fn wrapper(kind: Kind) -> &'static str {
    match kind {
        Kind::StorageFolder => "storage_folder",
        Kind::Collection => "collection",
        Kind::Lightbox => "lightbox",
    }
}

/// The non-blank `name`, else an error.
fn name_of(fields: &Map<String, Value>, errors: &mut FieldErrors) -> Option<String> {
    match fields.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::String(_) | Value::Null) | None => {
            add_error(errors, "name", "can't be blank");
            None
        }
        Some(_) => {
            add_error(errors, "name", "must be text");
            None
        }
    }
}

fn create(s: &AppState, kind: Kind, body: &Bytes) -> Response {
    let fields = match wrapped(body, wrapper(kind)) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut errors = FieldErrors::new();
    let name = name_of(&fields, &mut errors);
    let parent = match fields.get("parent_id") {
        None | Some(Value::Null) => None,
        Some(v) => match mediagraph_api::api::de::value_to_i64(v) {
            Some(id) => Some(id),
            None => {
                add_error(&mut errors, "parent_id", "must be a number");
                None
            }
        },
    };
    let mut w = s.world();
    if let Some(pid) = parent
        && w.db.group(kind, pid).is_none()
    {
        add_error(&mut errors, "parent_id", "does not exist");
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return unprocessable(&errors);
    };
    let db = &mut w.db;
    let id = db.fresh_id();
    let asset_group_id = match kind {
        Kind::Lightbox => db.fresh_id(),
        _ => id,
    };
    let position = db.children(kind, parent).count() as i64 + 1;
    let group = Group {
        kind,
        id,
        asset_group_id,
        slug: match kind {
            Kind::Lightbox => format!("{asset_group_id}-{}", slug(&name)),
            _ => slug(&name),
        },
        name,
        description: None,
        parent_id: parent,
        sub_type: None,
        organizer: false,
        created_at: now_ms(),
        position,
    };
    db.groups.push(group);
    let created = db.groups.last().expect("just pushed");
    ok_json(payload::group_detail(db, created))
}

fn update(s: &AppState, kind: Kind, id: &str, body: &Bytes) -> Response {
    let id = match num_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let fields = match wrapped(body, wrapper(kind)) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut errors = FieldErrors::new();
    let name = if fields.contains_key("name") {
        name_of(&fields, &mut errors)
    } else {
        None
    };
    if !errors.is_empty() {
        return unprocessable(&errors);
    }
    let mut w = s.world();
    let db = &mut w.db;
    if db.group(kind, id).is_none() {
        return not_found();
    }
    // Storage folders take a new parent (null: the top level); not itself or below it.
    let new_parent = match (kind, fields.get("parent_id")) {
        (Kind::StorageFolder, Some(Value::Null)) => Some(None),
        (Kind::StorageFolder, Some(v)) => {
            let Some(pid) = mediagraph_api::api::de::value_to_i64(v) else {
                add_error(&mut errors, "parent_id", "must be a number");
                return unprocessable(&errors);
            };
            let mut cur = Some(pid);
            while let Some(c) = cur {
                if c == id {
                    add_error(
                        &mut errors,
                        "parent_id",
                        "cannot be the folder or one inside it",
                    );
                    return unprocessable(&errors);
                }
                cur = db.group(kind, c).and_then(|g| g.parent_id);
            }
            if db.group(kind, pid).is_none() {
                add_error(&mut errors, "parent_id", "does not exist");
                return unprocessable(&errors);
            }
            Some(Some(pid))
        }
        _ => None,
    };
    let Some(g) = db.groups.iter_mut().find(|g| g.kind == kind && g.id == id) else {
        return not_found();
    };
    if let Some(p) = new_parent {
        g.parent_id = p;
    }
    if let Some(name) = name {
        g.slug = match kind {
            Kind::Lightbox => format!("{}-{}", g.asset_group_id, slug(&name)),
            _ => slug(&name),
        };
        g.name = name;
    }
    let g = db.group(kind, id).expect("found above");
    ok_json(payload::group_detail(db, g))
}

fn delete(s: &AppState, kind: Kind, id: &str) -> Response {
    let id = match num_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let mut w = s.world();
    let db = &mut w.db;
    if db.group(kind, id).is_none() {
        return not_found();
    }
    // The node and everything under it.
    let mut doomed = vec![id];
    let mut i = 0;
    while i < doomed.len() {
        let parent = doomed[i];
        doomed.extend(db.children(kind, Some(parent)).map(|g| g.id));
        i += 1;
    }
    let agids: Vec<i64> = db
        .groups
        .iter()
        .filter(|g| g.kind == kind && doomed.contains(&g.id))
        .map(|g| g.asset_group_id)
        .collect();
    let now = now_ms();
    for a in db.assets.iter_mut() {
        match kind {
            Kind::StorageFolder if doomed.contains(&a.storage_folder_id) => {
                if a.trashed_at.is_none() {
                    a.trashed_at = Some(now);
                    a.updated_at = now;
                }
            }
            Kind::StorageFolder => {}
            Kind::Collection | Kind::Lightbox => {
                a.groups.retain(|g| !agids.contains(g));
            }
        }
    }
    db.groups
        .retain(|g| !(g.kind == kind && doomed.contains(&g.id)));
    StatusCode::NO_CONTENT.into_response()
}

/// A create, unless the `drop_first_group_create_response` fault keeps its answer.
async fn create_answered(s: &AppState, kind: Kind, body: &Bytes) -> Response {
    let out = create(s, kind, body);
    if out.status().is_success()
        && fire_once(s, |f| {
            (
                f.settings.drop_first_group_create_response,
                &mut f.group_response_dropped,
            )
        })
    {
        return never_answer(s).await;
    }
    out
}

pub async fn create_folder(State(s): State<AppState>, body: Bytes) -> Response {
    create_answered(&s, Kind::StorageFolder, &body).await
}
pub async fn create_collection(State(s): State<AppState>, body: Bytes) -> Response {
    create_answered(&s, Kind::Collection, &body).await
}
pub async fn create_lightbox(State(s): State<AppState>, body: Bytes) -> Response {
    create_answered(&s, Kind::Lightbox, &body).await
}
pub async fn update_folder(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    update(&s, Kind::StorageFolder, &id, &body)
}
pub async fn update_collection(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    update(&s, Kind::Collection, &id, &body)
}
pub async fn update_lightbox(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    update(&s, Kind::Lightbox, &id, &body)
}
pub async fn delete_folder(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    delete(&s, Kind::StorageFolder, &id)
}
pub async fn delete_collection(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    delete(&s, Kind::Collection, &id)
}
pub async fn delete_lightbox(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    delete(&s, Kind::Lightbox, &id)
}
