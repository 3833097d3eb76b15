//! Share links of lightboxes and collections, and the public page each one opens.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value};

use super::jobs::{fire_once, never_answer};
use super::{not_found, num_id, ok_json, unprocessable, wrapped};
use crate::edit::{FieldErrors, add_error};
use crate::model::Kind;
use crate::share_links::{ShareLinkRec, html_text};
use crate::state::AppState;
use mediagraph_api::timeutil::{now_ms, parse};

const IMAGE_PERMISSIONS: [&str; 5] = [
    "view",
    "download_small",
    "download_large",
    "download_original",
    "small",
];
const OTHER_PERMISSIONS: [&str; 3] = ["view", "download", "none"];

/// The lightbox or collection with this asset group id, else an error answer.
fn shareable(s: &AppState, agid: &str) -> Result<i64, Response> {
    let agid = num_id(agid)?;
    let w = s.world();
    match w.db.group_by_agid(agid) {
        Some(g) if g.kind != Kind::StorageFolder => Ok(agid),
        Some(_) => {
            let mut e = FieldErrors::new();
            add_error(&mut e, "base", "only lightboxes and collections are shared");
            Err(unprocessable(&e))
        }
        None => Err(not_found()),
    }
}

pub async fn list(State(s): State<AppState>, Path(agid): Path<String>) -> Response {
    let agid = match shareable(&s, &agid) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let w = s.world();
    let now = now_ms();
    let links: Vec<Value> = w
        .share_links
        .iter()
        .filter(|l| l.asset_group_id == agid)
        .map(|l| l.to_json(&w.db, &s.ctx.base_url, now))
        .collect();
    ok_json(Value::Array(links))
}

pub async fn create(State(s): State<AppState>, Path(agid): Path<String>) -> Response {
    let agid = match shareable(&s, &agid) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let out = {
        let mut w = s.world();
        let id = w.db.fresh_id();
        let now = now_ms();
        let link = ShareLinkRec::new(id, agid, s.ctx.secret, now);
        let out = link.to_json(&w.db, &s.ctx.base_url, now);
        w.share_links.push(link);
        out
    };
    if fire_once(&s, |f| {
        (
            f.settings.drop_first_share_link_response,
            &mut f.share_response_dropped,
        )
    }) {
        return never_answer(&s).await;
    }
    ok_json(out)
}

pub(super) fn take_bool(f: &Map<String, Value>, key: &str, e: &mut FieldErrors) -> Option<bool> {
    match f.get(key)? {
        Value::Bool(b) => Some(*b),
        _ => {
            add_error(e, key, "must be true or false");
            None
        }
    }
}

pub(super) fn take_choice(
    f: &Map<String, Value>,
    key: &str,
    allowed: &[&str],
    e: &mut FieldErrors,
) -> Option<String> {
    match f.get(key)? {
        Value::String(v) if allowed.contains(&v.as_str()) => Some(v.clone()),
        _ => {
            add_error(e, key, format!("must be one of {}", allowed.join(", ")));
            None
        }
    }
}

pub async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let f = match wrapped(&body, "share_link") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut e = FieldErrors::new();
    let enabled = take_bool(&f, "enabled", &mut e);
    let watermark = take_bool(&f, "watermark_all", &mut e);
    let expires = take_bool(&f, "expires", &mut e);
    let image = take_choice(&f, "image_and_video_permission", &IMAGE_PERMISSIONS, &mut e);
    let other = take_choice(&f, "other_permission", &OTHER_PERMISSIONS, &mut e);
    let expires_at = match f.get("expires_at") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(t)) => match parse(t) {
            Some((ms, _)) => Some(Some(ms)),
            None => {
                add_error(&mut e, "expires_at", "is not a date");
                None
            }
        },
        Some(_) => {
            add_error(&mut e, "expires_at", "is not a date");
            None
        }
    };
    let note = match f.get("note") {
        Some(Value::String(n)) => Some(Some(n.clone())),
        Some(Value::Null) => Some(None),
        _ => None,
    };
    if !e.is_empty() {
        return unprocessable(&e);
    }
    let mut w = s.world();
    let now = now_ms();
    let Some(link) = w.share_links.iter_mut().find(|l| l.id == id) else {
        return not_found();
    };
    if let Some(v) = enabled {
        link.enabled = v;
    }
    if let Some(v) = watermark {
        link.watermark_all = v;
    }
    if let Some(v) = image {
        link.image_and_video_permission = v;
    }
    if let Some(v) = other {
        link.other_permission = v;
    }
    if let Some(v) = note {
        link.note = v;
    }
    if let Some(v) = expires_at {
        link.expires_at = v;
    }
    if expires == Some(false) {
        link.expires_at = None;
    }
    let link = link.clone();
    ok_json(link.to_json(&w.db, &s.ctx.base_url, now))
}

pub async fn delete(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let mut w = s.world();
    let before = w.share_links.len();
    w.share_links.retain(|l| l.id != id);
    if w.share_links.len() == before {
        return not_found();
    }
    ok_json(Value::Object(Map::new()))
}

/// `/{org}/share-links/{code}`: what a visitor sees — the group's name and its assets'
/// titles — while the link is enabled and not expired; 404 otherwise.
pub async fn public_page(
    State(s): State<AppState>,
    Path((org, code)): Path<(String, String)>,
) -> Response {
    let mut w = s.world();
    let now = now_ms();
    if org != w.db.org.slug {
        return (StatusCode::NOT_FOUND, "No such share link").into_response();
    }
    let Some(link) = w.share_links.iter_mut().find(|l| l.code == code) else {
        return (StatusCode::NOT_FOUND, "No such share link").into_response();
    };
    if !link.enabled || link.expired(now) {
        return (
            StatusCode::NOT_FOUND,
            "This share link is no longer available",
        )
            .into_response();
    }
    link.views += 1;
    let agid = link.asset_group_id;
    let db = &w.db;
    let name = db
        .group_by_agid(agid)
        .map(|g| g.name.clone())
        .unwrap_or_default();
    let items: String = db
        .assets
        .iter()
        .filter(|a| a.listed() && a.groups.contains(&agid))
        .map(|a| format!("<li>{}</li>", html_text(&a.filename)))
        .collect();
    Html(format!(
        "<!doctype html><title>{0}</title><h1>{0}</h1><ul>{items}</ul>",
        html_text(&name)
    ))
    .into_response()
}
