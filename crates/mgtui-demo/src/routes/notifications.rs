//! The user's notifications and the unseen count.

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::ok_json;
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

pub async fn count(State(s): State<AppState>) -> Response {
    let w = s.world();
    let unseen = w
        .notifications
        .iter()
        .filter(|n| n.seen_at.is_none())
        .count();
    ok_json(json!({ "unseen": unseen }))
}

/// Newest first; what is listed counts as seen from now on.
pub async fn list(State(s): State<AppState>) -> Response {
    let mut w = s.world();
    let out: Vec<Value> = w.notifications.iter().rev().map(|n| n.to_json()).collect();
    let now = now_ms();
    for n in w.notifications.iter_mut() {
        n.seen_at.get_or_insert(now);
    }
    ok_json(Value::Array(out))
}
