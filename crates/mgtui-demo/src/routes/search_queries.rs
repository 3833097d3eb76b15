//! Saved searches: list, create, details, rename, delete.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{not_found, num_id, ok_json, unprocessable, wrapped};
use crate::edit::{FieldErrors, add_error};
use crate::saved_searches::to_json;
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

pub async fn list(State(s): State<AppState>) -> Response {
    let w = s.world();
    let user = w.db.user.id;
    let all: Vec<Value> = w
        .saved_searches
        .list()
        .iter()
        .map(|q| to_json(q, user))
        .collect();
    ok_json(Value::Array(all))
}

pub async fn show(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    match w.saved_searches.get(id) {
        Some(q) => ok_json(to_json(q, w.db.user.id)),
        None => not_found(),
    }
}

pub async fn create(State(s): State<AppState>, body: Bytes) -> Response {
    let fields = match wrapped(&body, "search_query") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut errors = FieldErrors::new();
    let name = required_text(&fields, "name", &mut errors);
    let sql = required_text(&fields, "sql", &mut errors);
    let description = optional_text(&fields, "description", &mut errors).flatten();
    let (Some(name), Some(sql), true) = (name, sql, errors.is_empty()) else {
        return unprocessable(&errors);
    };
    let mut w = s.world();
    let user = w.db.user.id;
    let created = w.saved_searches.create(name, description, sql, now_ms());
    ok_json(to_json(created, user))
}

/// Only the name and description change: the API keeps `sql` fixed after creation.
pub async fn update(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let mut w = s.world();
    if w.saved_searches.get(id).is_none() {
        return not_found();
    }
    let fields = match wrapped(&body, "search_query") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut errors = FieldErrors::new();
    let name = if fields.contains_key("name") {
        required_text(&fields, "name", &mut errors)
    } else {
        None
    };
    let description = optional_text(&fields, "description", &mut errors);
    if !errors.is_empty() {
        return unprocessable(&errors);
    }
    let user = w.db.user.id;
    match w.saved_searches.rename(id, name, description, now_ms()) {
        Some(q) => ok_json(to_json(q, user)),
        None => not_found(),
    }
}

pub async fn delete(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    if s.world().saved_searches.delete(id) {
        ok_json(json!({}))
    } else {
        not_found()
    }
}

/// Non-blank text, else an error on `key`.
fn required_text(
    fields: &Map<String, Value>,
    key: &str,
    errors: &mut FieldErrors,
) -> Option<String> {
    match fields.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::String(_) | Value::Null) | None => {
            add_error(errors, key, "can't be blank");
            None
        }
        Some(_) => {
            add_error(errors, key, "must be text");
            None
        }
    }
}

/// The new value of an optional text field: `None` when absent, `Some(None)` for null;
/// any other type adds an error on `key`.
fn optional_text(
    fields: &Map<String, Value>,
    key: &str,
    errors: &mut FieldErrors,
) -> Option<Option<String>> {
    match fields.get(key) {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => {
            add_error(errors, key, "must be text");
            None
        }
    }
}
