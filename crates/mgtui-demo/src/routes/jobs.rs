//! Bulk jobs over HTTP.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::{body_json, json_total, not_found, ok_json, unprocessable, wrapped};
use crate::edit::{FieldErrors, add_error};
use crate::faults::FaultState;
use crate::jobs::{self, BulkJob, JobState};
use crate::params::{Params, page_of};
use crate::payload::{self, AssetView};
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

fn new_guid() -> String {
    let h = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// True the first time a one-shot fault is armed (`pick` gives its knob and its
/// used-up flag); it is used up from then on.
pub(super) fn fire_once(s: &AppState, pick: impl Fn(&mut FaultState) -> (bool, &mut bool)) -> bool {
    let mut f = s.faults.lock().unwrap_or_else(|e| e.into_inner());
    let (armed, used) = pick(&mut f);
    let fire = armed && !*used;
    *used |= fire;
    fire
}

/// Hold the request until the server stops: the client never gets an answer.
pub(super) async fn never_answer(s: &AppState) -> Response {
    s.wait_shutdown().await;
    super::error(axum::http::StatusCode::SERVICE_UNAVAILABLE, "shutting down")
}

pub async fn create(State(s): State<AppState>, body: Bytes) -> Response {
    if fire_once(&s, |f| {
        (f.settings.lose_first_job_request, &mut f.job_request_lost)
    }) {
        // As if the request never arrived: no job, no answer.
        return never_answer(&s).await;
    }
    let fields = match wrapped(&body, "bulk_job") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let out = {
        let mut w = s.world();
        match jobs::parse_create(&w.db, &fields) {
            Err(e) => return unprocessable(&e),
            Ok((asset_ids, ops)) => {
                let id = w.db.fresh_id();
                let job = BulkJob::new(id, new_guid(), asset_ids, ops, now_ms());
                let v = job.to_json();
                w.jobs.push(job);
                v
            }
        }
    };
    s.jobs_wake.notify_one();
    if fire_once(&s, |f| {
        (
            f.settings.drop_first_job_response,
            &mut f.job_response_dropped,
        )
    }) {
        // The job exists, but this answer never leaves: the client times out.
        return never_answer(&s).await;
    }
    ok_json(out)
}

/// `POST /api/bulk_jobs/{id}/undo` (newer API reference only, L6312): a new job that
/// reverts the old one's changes; refused after 30 days.
pub async fn undo(State(s): State<AppState>, Path(guid): Path<String>) -> Response {
    let out = {
        let mut w = s.world();
        let Some(i) = find(&w.jobs, &guid) else {
            return not_found();
        };
        match jobs::make_undo(&mut w, i, new_guid(), now_ms()) {
            Ok(v) => v,
            Err(msg) => {
                let mut e = FieldErrors::new();
                add_error(&mut e, "base", msg);
                return unprocessable(&e);
            }
        }
    };
    s.jobs_wake.notify_one();
    ok_json(out)
}

pub async fn list(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let w = s.world();
    let mut all: Vec<&BulkJob> = w.jobs.iter().rev().collect(); // newest first
    let by_updated = p.get("sortField") == Some("updated_at");
    if by_updated {
        all.sort_by_key(|j| {
            std::cmp::Reverse(j.finished_at.or(j.started_at).unwrap_or(j.created_at))
        });
    }
    if matches!(
        p.get("sortOrder").or(p.get("order")),
        Some("ascend" | "asc")
    ) {
        all.reverse();
    }
    let (page, per_page) = p.paging(10, 100);
    let items: Vec<Value> = page_of(&all, page, per_page)
        .into_iter()
        .map(BulkJob::to_list_json)
        .collect();
    json_total(Value::Array(items), all.len())
}

pub async fn processing(State(s): State<AppState>) -> Response {
    let w = s.world();
    let items: Vec<Value> = w
        .jobs
        .iter()
        .filter(|j| j.state == JobState::Processing)
        .map(BulkJob::to_json)
        .collect();
    ok_json(Value::Array(items))
}

fn find(jobs: &[BulkJob], guid: &str) -> Option<usize> {
    jobs.iter().position(|j| j.guid == guid)
}

pub async fn show(State(s): State<AppState>, Path(guid): Path<String>) -> Response {
    let w = s.world();
    match find(&w.jobs, &guid) {
        Some(i) => ok_json(w.jobs[i].to_json()),
        None => not_found(),
    }
}

pub async fn queue_position(State(s): State<AppState>, Path(guid): Path<String>) -> Response {
    let w = s.world();
    match find(&w.jobs, &guid) {
        Some(i) => ok_json(jobs::queue_position(&w.jobs, i)),
        None => not_found(),
    }
}

pub async fn assets(
    State(s): State<AppState>,
    Path(guid): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let p = Params::parse(q.as_deref().unwrap_or(""));
    let w = s.world();
    let Some(ji) = find(&w.jobs, &guid) else {
        return not_found();
    };
    let idxs: Vec<usize> = w.jobs[ji]
        .asset_ids
        .iter()
        .filter_map(|id| w.db.asset_idx(*id))
        .collect();
    let (page, per_page) = p.paging(25, 100);
    let items: Vec<Value> = page_of(&idxs, page, per_page)
        .into_iter()
        .map(|i| payload::asset(&s.ctx, &w.db, &w.db.assets[i], AssetView::default()))
        .collect();
    json_total(Value::Array(items), idxs.len())
}

pub async fn cancel(State(s): State<AppState>, Path(guid): Path<String>) -> Response {
    let mut w = s.world();
    let Some(i) = find(&w.jobs, &guid) else {
        return not_found();
    };
    let job = &mut w.jobs[i];
    match job.state {
        JobState::Pending | JobState::Processing => {
            job.state = JobState::Canceled;
            job.finished_at = Some(now_ms());
            ok_json(json!({}))
        }
        other => {
            let mut e = FieldErrors::new();
            add_error(
                &mut e,
                "aasm_state",
                format!(
                    "is {}; only pending or processing jobs can be canceled",
                    other.name()
                ),
            );
            unprocessable(&e)
        }
    }
}

/// `POST /api/bulk_jobs/cai_preview` with flat `{asset_ids: [], cmf_ids: []}`.
pub async fn cai_preview(State(s): State<AppState>, body: Bytes) -> Response {
    let v = match body_json(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let p = Params::from_json(&v);
    let asset_ids: Vec<i64> = p
        .all("asset_ids")
        .iter()
        .filter_map(|x| x.parse().ok())
        .collect();
    let cmf_ids: Vec<i64> = p
        .all("cmf_ids")
        .iter()
        .filter_map(|x| x.parse().ok())
        .collect();
    let mut e = FieldErrors::new();
    if asset_ids.is_empty() {
        add_error(&mut e, "asset_ids", "can't be blank");
    }
    if cmf_ids.is_empty() {
        add_error(&mut e, "cmf_ids", "can't be blank");
    }
    let w = s.world();
    for id in &cmf_ids {
        if w.db.custom_meta_field(*id).is_none() {
            add_error(&mut e, "cmf_ids", format!("unknown field {id}"));
        }
    }
    if !e.is_empty() {
        return unprocessable(&e);
    }
    let assets: Vec<_> = asset_ids
        .iter()
        .filter_map(|id| w.db.asset_idx(*id))
        .map(|i| &w.db.assets[i])
        .collect();
    let mut counts = serde_json::Map::new();
    for id in &cmf_ids {
        let Some(f) = w.db.custom_meta_field(*id) else {
            continue;
        };
        let with = assets
            .iter()
            .filter(|a| a.custom_meta.iter().any(|c| c.field_id == *id))
            .count();
        counts.insert(
            id.to_string(),
            json!({"name": f.name, "destination": null, "with_values": with, "without_values": assets.len() - with}),
        );
    }
    let any = assets
        .iter()
        .filter(|a| a.custom_meta.iter().any(|c| cmf_ids.contains(&c.field_id)))
        .count();
    ok_json(json!({
        "total_assets": assets.len(),
        "total_cmfs": cmf_ids.len(),
        "counts_by_field": counts,
        "summary": {"assets_with_values": any, "assets_without_values": assets.len() - any},
    }))
}
