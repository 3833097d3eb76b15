//! Identity and organisation.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::json;

use super::{not_found, num_id, ok_json};
use crate::params::Params;
use crate::payload;
use crate::state::AppState;

pub async fn whoami(State(s): State<AppState>) -> Response {
    ok_json(payload::whoami(&s.world().db))
}

pub async fn organization(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    if id != w.db.org.id {
        return not_found();
    }
    ok_json(payload::organization(&w.db))
}

pub async fn find_organization(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let w = s.world();
    if p.get("slug").is_some_and(|slug| slug != w.db.org.slug) {
        return not_found();
    }
    ok_json(json!({
        "organization": payload::organization(&w.db),
        "abilities": [{"action": ["manage"], "subject": ["all"]}],
    }))
}
