//! Workflows and their steps, and approving a step's assets (which moves them on to the
//! next step's asset group).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::{body_json, not_found, num_id, ok_json, unprocessable};
use crate::edit::{FieldErrors, add_error};
use crate::params::Params;
use crate::state::AppState;
use crate::workflows::ApprovalRec;
use mediagraph_api::timeutil::now_ms;

pub async fn list(State(s): State<AppState>) -> Response {
    let w = s.world();
    ok_json(Value::Array(w.workflows.workflow_json(&w.db)))
}

pub async fn steps(State(s): State<AppState>) -> Response {
    let w = s.world();
    let out = w
        .workflows
        .steps
        .iter()
        .map(|st| w.workflows.step_json(&w.db, st))
        .collect();
    ok_json(Value::Array(out))
}

pub async fn step(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let w = s.world();
    match w.workflows.steps.iter().find(|st| st.id == id) {
        Some(st) => ok_json(w.workflows.step_json(&w.db, st)),
        None => not_found(),
    }
}

/// `asset_ids[]` of the step's assets (in its group or one below it): each approved
/// once (approving again is a no-op), and put in the next step's asset group. Ids not
/// in the step are refused.
pub async fn approve(State(s): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let id = match num_id(&id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let v = match body_json(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let ids: Vec<i64> = Params::from_json(&v)
        .all("asset_ids")
        .iter()
        .filter_map(|x| x.parse().ok())
        .collect();
    let mut w = s.world();
    let Some(step) = w.workflows.steps.iter().find(|st| st.id == id).cloned() else {
        return not_found();
    };
    let covered = crate::workflows::Workflows::covered(&w.db, &step);
    let mut e = FieldErrors::new();
    if ids.is_empty() {
        add_error(&mut e, "asset_ids", "can't be blank");
    }
    let outside: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|a| {
            w.db.asset_idx(*a)
                .is_none_or(|i| !covered.iter().any(|g| w.db.assets[i].groups.contains(g)))
        })
        .collect();
    if !outside.is_empty() {
        add_error(
            &mut e,
            "asset_ids",
            format!("not in this step: {outside:?}"),
        );
    }
    if !e.is_empty() {
        return unprocessable(&e);
    }
    let next = w.workflows.next_of(&step).map(|n| n.asset_group_id);
    let (now, user) = (now_ms(), w.db.user.id);
    let mut out = Vec::new();
    for asset in ids {
        let done = w
            .workflows
            .approvals
            .iter()
            .find(|a| a.step_id == step.id && a.asset_id == asset)
            .cloned();
        let rec = match done {
            Some(rec) => rec,
            None => {
                let rec = ApprovalRec {
                    id: 9500 + w.workflows.approvals.len() as i64,
                    step_id: step.id,
                    asset_id: asset,
                    user_id: user,
                    at: now,
                };
                w.workflows.approvals.push(rec.clone());
                if let (Some(next), Some(i)) = (next, w.db.asset_idx(asset)) {
                    w.db.assets[i].groups.insert(next);
                    w.db.assets[i].updated_at = now;
                }
                rec
            }
        };
        out.push(rec.to_json(step.asset_group_id));
    }
    ok_json(Value::Array(out))
}
