//! Uploads (NOTES §2.10): sessions, announced files with their signed upload URLs,
//! `set_uploaded`, `set_done` and new versions. The bytes go to `storage::put_object`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{body_json, error, num_id, ok_json, unprocessable, wrapped};
use crate::edit::{FieldErrors, add_error};
use crate::model::AssetState;
use crate::payload::{self, AssetView};
use crate::presign;
use crate::processing;
use crate::state::AppState;
use crate::uploads::{self, NewSession, parse_announcement};
use mediagraph_api::timeutil::now_ms;

const DETAIL: AssetView = AssetView {
    detail: true,
    renditions: false,
    meta: false,
};

fn knobs(s: &AppState) -> (bool, u64) {
    let f = s.faults.lock().unwrap_or_else(|e| e.into_inner());
    (
        f.settings.upload_forbidden,
        f.settings
            .upload_url_ttl_secs
            .unwrap_or(presign::DEFAULT_TTL_SECS),
    )
}

/// The file announced in `body` (`{"asset": {...}}`, `with_path` for new assets) and
/// the URL lifetime in force; else the answer: 403 under `upload_forbidden`, 404
/// `missing` when the session or asset is not `known`, 422 for a bad announcement.
fn announcement(
    s: &AppState,
    known: bool,
    missing: &str,
    body: &Bytes,
    with_path: bool,
) -> Result<(crate::uploads::Announced, u64), Response> {
    let (refused, ttl) = knobs(s);
    if refused {
        return Err(forbidden());
    }
    if !known {
        return Err(error(StatusCode::NOT_FOUND, missing));
    }
    match wrapped(body, "asset").map(|f| parse_announcement(&f, with_path)) {
        Ok(Ok(a)) => Ok((a, ttl)),
        Ok(Err(e)) => Err(unprocessable(&e)),
        Err(r) => Err(r),
    }
}

/// The 403 of the `upload_forbidden` knob.
fn forbidden() -> Response {
    error(StatusCode::FORBIDDEN, "You are not allowed to upload")
}

pub async fn can_upload(State(s): State<AppState>) -> Response {
    let (forbidden, _) = knobs(&s);
    ok_json(json!({
        "can_upload": !forbidden,
        "can_create_storage_folders": true,
        "can_view_storage_folders": true,
    }))
}

/// `{"upload": {name?, note?, default_rights_package_id?}}` (the body may be empty).
fn new_session(s: &AppState, body: &Bytes) -> Result<NewSession, Response> {
    let mut e = FieldErrors::new();
    let inner = match body_json(body)? {
        Value::Object(mut m) => match m.remove("upload") {
            Some(Value::Object(inner)) => inner,
            None | Some(Value::Null) => Map::new(),
            Some(_) => {
                add_error(&mut e, "upload", "must be an object");
                Map::new()
            }
        },
        _ => {
            add_error(&mut e, "base", "body must be a JSON object");
            Map::new()
        }
    };
    let mut text = |key: &str| match inner.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(v)) => Some(v.clone()),
        Some(_) => {
            add_error(&mut e, key, "must be a string");
            None
        }
    };
    let name = text("name");
    let note = text("note");
    let rights = match inner.get("default_rights_package_id") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let id = v
                .as_i64()
                .or_else(|| v.as_str().and_then(|t| t.trim().parse().ok()));
            let known = id.filter(|id| s.world().db.rights_package(*id).is_some());
            if known.is_none() {
                add_error(&mut e, "default_rights_package_id", "does not exist");
            }
            known
        }
    };
    if !e.is_empty() {
        return Err(unprocessable(&e));
    }
    Ok(NewSession {
        name,
        note,
        default_rights_package_id: rights,
    })
}

fn open_session(s: &AppState, folder: Option<i64>, body: &Bytes) -> Response {
    if knobs(s).0 {
        return forbidden();
    }
    let new = match new_session(s, body) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let mut w = s.world();
    let w = &mut *w;
    let (folder, via_contribution) = match folder {
        Some(f) => (f, true),
        None => (uploads::DEFAULT_FOLDER, false),
    };
    let si = w
        .uploads
        .create_session(folder, via_contribution, new, now_ms());
    ok_json(uploads::session_json(
        &w.db,
        &w.uploads,
        &w.uploads.sessions[si],
    ))
}

/// `POST /api/uploads`: a session into the default upload folder.
pub async fn create(State(s): State<AppState>, body: Bytes) -> Response {
    open_session(&s, None, &body)
}

/// `POST /api/contributions/{contribution_id}/uploads`: a session into that folder.
pub async fn create_in_contribution(
    State(s): State<AppState>,
    Path(contribution_id): Path<String>,
    body: Bytes,
) -> Response {
    let folder = contribution_id
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|c| uploads::contribution_folder(&s.world().db, c));
    match folder {
        Some(f) => open_session(&s, Some(f), &body),
        None => error(StatusCode::NOT_FOUND, "Contribution not found"),
    }
}

/// `POST /api/uploads/{guid}/assets`: the pending asset plus `signed_upload_url`.
pub async fn add_asset(
    State(s): State<AppState>,
    Path(guid): Path<String>,
    body: Bytes,
) -> Response {
    let known = s.world().uploads.session_by_guid(guid.trim()).is_some();
    let (ann, ttl) = match announcement(&s, known, "Upload not found", &body, true) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let now = now_ms();
    let mut w = s.world();
    let w = &mut *w;
    // looked up again: the lock was let go while the body was checked
    let Some(si) = w.uploads.session_by_guid(guid.trim()) else {
        return error(StatusCode::NOT_FOUND, "Upload not found");
    };
    let i = w.uploads.add_asset(&mut w.db, si, &ann, now);
    let a = &w.db.assets[i];
    let mut v = payload::asset(&s.ctx, &w.db, a, DETAIL);
    if let Value::Object(m) = &mut v {
        let url = presign::upload_url(&s.ctx, &a.guid, &a.filename, ttl, now);
        m.insert("storage_folder_id".into(), json!(a.storage_folder_id));
        m.insert("signed_upload_url".into(), json!(url));
    }
    ok_json(v)
}

/// `POST /api/assets/{id}/add_version` → `{signed_upload_url}`: a new version of a
/// processed asset, or a fresh URL for one still waiting for its bytes.
pub async fn add_version(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let known = s.world().db.find_asset(id.trim()).is_some();
    let (ann, ttl) = match announcement(&s, known, "Asset not found", &body, false) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let now = now_ms();
    let mut w = s.world();
    let w = &mut *w;
    let Some(i) = w.db.find_asset(id.trim()) else {
        return error(StatusCode::NOT_FOUND, "Asset not found");
    };
    w.uploads.announce_version(&mut w.db, i, &ann, now);
    let url = presign::upload_url(&s.ctx, &w.db.assets[i].guid, &ann.filename, ttl, now);
    ok_json(json!({ "signed_upload_url": url }))
}

/// `GET /api/assets/{id}/set_uploaded` (guid or numeric id; `skip_meta` is accepted and
/// has nothing to skip): the bytes that arrived become the asset's, then processing runs
/// in the background. Repeating it changes nothing.
pub async fn set_uploaded(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let now = now_ms();
    let mut w = s.world();
    let w = &mut *w;
    let Some(i) = w.db.find_asset(id.trim()) else {
        return error(StatusCode::NOT_FOUND, "Asset not found");
    };
    let asset_id = w.db.assets[i].id;
    let taken = w.uploads.files.get_mut(&asset_id).and_then(|r| {
        let got = r.received.take()?;
        r.current = Some(got);
        r.generation += 1;
        Some((r.generation, r.filename.clone(), r.file_size))
    });
    let pending = w.db.assets[i].state == AssetState::Pending;
    if taken.is_some() && !pending {
        // A new version: the history so far, then this one on top of the newest.
        let history = w
            .versions
            .entry(asset_id)
            .or_insert_with(|| crate::versions::synthetic(&w.db.assets[i]));
        let next = history.iter().map(|v| v.number).max().unwrap_or(1) + 1;
        let (filename, file_size) = taken
            .as_ref()
            .map(|(_, f, s)| (f.clone(), *s))
            .unwrap_or_default();
        let a = &w.db.assets[i];
        history.push(crate::versions::VersionRec {
            number: next,
            filename,
            file_size: file_size.min(i64::MAX as u64) as i64,
            width: a.width,
            height: a.height,
            created_at: now,
        });
        w.db.assets[i].data_version = next;
    }
    let a = &mut w.db.assets[i];
    match taken {
        Some((generation, filename, file_size)) => {
            uploads::describe_file(a, &filename, file_size);
            a.state = AssetState::Uploaded;
            a.updated_at = now;
            if let Some(u) = a.upload.as_deref_mut() {
                u.uploaded_at = Some(now);
                u.processing_started_at = None;
                u.processed_at = None;
                u.processing_error = None;
            }
            processing::spawn(s.clone(), asset_id, generation);
        }
        None if a.state == AssetState::Pending => {
            let mut e = FieldErrors::new();
            add_error(&mut e, "base", "the file has not arrived");
            return unprocessable(&e);
        }
        None => {}
    }
    ok_json(payload::asset(&s.ctx, &w.db, &w.db.assets[i], DETAIL))
}

/// `PUT /api/uploads/{id}/set_done`.
pub async fn set_done(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = num_id(&id) else {
        return error(StatusCode::NOT_FOUND, "Upload not found");
    };
    let mut w = s.world();
    let Some(si) = w.uploads.session_by_id(id) else {
        return error(StatusCode::NOT_FOUND, "Upload not found");
    };
    let now = now_ms();
    let session = &mut w.uploads.sessions[si];
    if session.done_at.is_none() {
        session.done_at = Some(now);
        session.updated_at = now;
    }
    ok_json(uploads::done_json(session))
}

#[cfg(test)]
mod tests;
