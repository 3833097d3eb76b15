//! Comments on lightboxes and collections: list, add, edit and delete (own only).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::{body_json, error, not_found, num_id, ok_json, unprocessable};
use crate::comments::CommentRec;
use crate::edit::{FieldErrors, add_error};
use crate::model::Kind;
use crate::params::Params;
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

/// The commentable from `type` and `id` (query or body): (asset group id, lightbox?).
fn target(s: &AppState, kind: Option<&str>, id: Option<i64>) -> Result<(i64, bool), Response> {
    let mut e = FieldErrors::new();
    let lightbox = match kind {
        Some("Lightbox") => true,
        Some("Collection") => false,
        _ => {
            add_error(&mut e, "type", "must be Lightbox or Collection");
            return Err(unprocessable(&e));
        }
    };
    let Some(id) = id else {
        add_error(&mut e, "id", "can't be blank");
        return Err(unprocessable(&e));
    };
    let w = s.world();
    let want = if lightbox {
        Kind::Lightbox
    } else {
        Kind::Collection
    };
    match w.db.group_by_agid(id) {
        Some(g) if g.kind == want => Ok((id, lightbox)),
        _ => Err(not_found()),
    }
}

fn text_of(f: &Map<String, Value>) -> Result<String, Response> {
    match f.get("comment").and_then(|c| c.get("text")) {
        Some(Value::String(t)) if !t.trim().is_empty() => Ok(t.clone()),
        _ => {
            let mut e = FieldErrors::new();
            add_error(&mut e, "text", "can't be blank");
            Err(unprocessable(&e))
        }
    }
}

pub async fn list(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let id = p.get("id").and_then(|v| v.trim().parse().ok());
    let (agid, _) = match target(&s, p.get("type"), id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let w = s.world();
    let list: Vec<Value> = w
        .comments
        .iter()
        .filter(|c| c.agid == agid)
        .map(|c| c.to_json(&w.db))
        .collect();
    ok_json(Value::Array(list))
}

pub async fn create(State(s): State<AppState>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    let f = match body_json(&body) {
        Ok(Value::Object(f)) => f,
        Ok(_) => return error(StatusCode::UNPROCESSABLE_ENTITY, "body must be an object"),
        Err(r) => return r,
    };
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let kind = f.get("type").and_then(Value::as_str).or(p.get("type"));
    let id = f
        .get("id")
        .and_then(mediagraph_api::api::de::value_to_i64)
        .or_else(|| p.get("id").and_then(|v| v.trim().parse().ok()));
    let (agid, _) = match target(&s, kind, id) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let text = match text_of(&f) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut w = s.world();
    let now = now_ms();
    let rec = CommentRec {
        id: w.db.fresh_id(),
        agid,
        user_id: w.db.user.id,
        text,
        created_at: now,
        updated_at: now,
        edited_at: None,
    };
    let out = rec.to_json(&w.db);
    w.comments.push(rec);
    ok_json(out)
}

pub async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let f = match body_json(&body) {
        Ok(Value::Object(f)) => f,
        Ok(_) => return error(StatusCode::UNPROCESSABLE_ENTITY, "body must be an object"),
        Err(r) => return r,
    };
    let text = match text_of(&f) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let mut w = s.world();
    let me = w.db.user.id;
    let Some(c) = w.comments.iter_mut().find(|c| c.id == id) else {
        return not_found();
    };
    if c.user_id != me {
        return error(StatusCode::FORBIDDEN, "Only the author can edit a comment");
    }
    let now = now_ms();
    c.text = text;
    c.updated_at = now;
    c.edited_at = Some(now);
    let c = c.clone();
    ok_json(c.to_json(&w.db))
}

pub async fn delete(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let mut w = s.world();
    let me = w.db.user.id;
    match w.comments.iter().position(|c| c.id == id) {
        None => not_found(),
        Some(i) if w.comments[i].user_id != me => error(
            StatusCode::FORBIDDEN,
            "Only the author can delete a comment",
        ),
        Some(i) => {
            w.comments.remove(i);
            ok_json(Value::Object(Map::new()))
        }
    }
}
