//! Fault injection for `/api/*`: latency, stalls, queued and random failures, broken JSON,
//! padded answers and connections that drop in the middle of a body.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::AppState;

/// Fault knobs; see the module docs of `demo`.
#[derive(Clone, Debug, Default)]
pub struct FaultSettings {
    /// Added to every /api request.
    pub latency_ms: u64,
    /// 0.0..=1.0 probability an /api request fails with `error_status`.
    pub error_rate: f64,
    /// Status for `error_rate` failures (500 when 0).
    pub error_status: u16,
    /// Sent as `Retry-After` with 429s / 503s.
    pub retry_after_secs: Option<u64>,
    /// /api requests never answer (until the client gives up or the server shuts down).
    pub stall: bool,
    /// /api 2xx answers carry a truncated JSON body.
    pub malformed_json: bool,
    /// Search answers are padded with spaces to this many bytes and streamed without a
    /// length, as a broken proxy might send them (0 = off). The padding is generated as
    /// it is sent: the server never holds it.
    pub pad_search_bytes: u64,
    /// The next N search answers announce their whole length, send half of it and drop
    /// the connection.
    pub cut_search_bodies: u32,
    /// The same for the next N asset files (`GET /api/assets/{id}/download`).
    pub cut_downloads: u32,
    /// Asset files are not served by the API: it answers 302 to a signed storage URL
    /// (as a server that keeps files in S3 does), which refuses API credentials.
    pub redirect_downloads: bool,
    /// With `redirect_downloads`: the next N redirects point at links that have already
    /// expired (as when a transfer resumes long after its link was handed out).
    pub stale_download_links: u32,
    /// The next N /api requests fail with these statuses in order, then normal.
    pub fail_next: Vec<u16>,
    /// Probability a rendition request fails (503).
    pub rendition_error_rate: f64,
    /// Added to every rendition request.
    pub rendition_latency_ms: u64,
    /// Pause between two progress steps of a bulk job in ms; 0 = the realistic demo pace
    /// (a few seconds per job). Tests set it low.
    pub job_step_ms: u64,
    /// The next bulk job that runs errors half-way through with this message.
    pub job_error: Option<String>,
    /// Create the job of the first `POST /api/bulk_jobs` but never answer that request
    /// (the client sees a timeout although the job exists).
    pub drop_first_job_response: bool,
    /// Create the group of the first `POST` to storage folders, collections or
    /// lightboxes but never answer that request (the client times out; the group exists).
    pub drop_first_group_create_response: bool,
    /// Make the share link of the first create but never answer that request.
    pub drop_first_share_link_response: bool,
    /// Make the share of the first `POST /api/shares` but never answer that request.
    pub drop_first_share_response: bool,
    /// Never answer the first `POST /api/bulk_jobs` and create nothing (the request was
    /// lost on the way: the client times out and no job exists).
    pub lose_first_job_request: bool,
    /// API paths ending with one of these answer 404, as on an older server that lacks
    /// them (e.g. `/undo`).
    pub missing_routes: Vec<String>,
    /// The user may not upload: `can_upload` is false and creating upload sessions,
    /// upload assets or versions answers 403.
    pub upload_forbidden: bool,
    /// Lifetime of the signed upload URLs issued from now on (default 3600 s).
    pub upload_url_ttl_secs: Option<u64>,
    /// The next N PUTs to signed upload URLs stop reading after about half the bytes
    /// and answer 500.
    pub cut_uploads: u32,
    /// How long an uploaded asset stays `processing`, in ms; 0 = the default (300 ms).
    pub upload_processing_ms: u64,
}

/// The knobs in force plus the remaining `fail_next` queue.
#[derive(Debug, Default)]
pub struct FaultState {
    pub settings: FaultSettings,
    pub queue: VecDeque<u16>,
    /// `job_error` was used up.
    pub job_error_used: bool,
    /// `drop_first_job_response` was used up.
    pub job_response_dropped: bool,
    /// `drop_first_group_create_response` was used up.
    pub group_response_dropped: bool,
    /// `drop_first_share_link_response` was used up.
    pub share_response_dropped: bool,
    /// `drop_first_share_response` was used up.
    pub asset_share_response_dropped: bool,
    /// `lose_first_job_request` was used up.
    pub job_request_lost: bool,
    /// Search answers still to cut (`cut_search_bodies`).
    pub cuts_left: u32,
    /// Asset files still to cut (`cut_downloads`).
    pub download_cuts_left: u32,
    /// Upload PUTs still to cut (`cut_uploads`).
    pub upload_cuts_left: u32,
    /// Download redirects still to send to an expired link (`stale_download_links`).
    pub stale_links_left: u32,
}

impl FaultState {
    pub fn new(settings: FaultSettings) -> FaultState {
        FaultState {
            queue: settings.fail_next.iter().copied().collect(),
            cuts_left: settings.cut_search_bodies,
            download_cuts_left: settings.cut_downloads,
            upload_cuts_left: settings.cut_uploads,
            stale_links_left: settings.stale_download_links,
            settings,
            job_error_used: false,
            job_response_dropped: false,
            group_response_dropped: false,
            share_response_dropped: false,
            asset_share_response_dropped: false,
            job_request_lost: false,
        }
    }
}

/// The body a malformed-JSON fault sends: cut off mid-object.
pub const MALFORMED_BODY: &str = "{\"assets\": [{\"id\": 1,";

/// JSON error response for an injected failure.
pub fn injected_error(status: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Error");
    let mut resp = (
        status,
        axum::Json(serde_json::json!({"error": format!("{reason} (injected by the demo server)")})),
    )
        .into_response();
    if matches!(status.as_u16(), 429 | 503)
        && let Some(secs) = retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// What to do with one request, decided under the lock.
enum Plan {
    Fail(u16, Option<u64>),
    Stall,
    Pass { malformed: bool, body: BodyFault },
}

/// What happens to a successful answer's body on the way out.
#[derive(Clone, Copy, PartialEq)]
enum BodyFault {
    None,
    Pad(u64),
    Cut,
}

/// The answer's body with `fault` applied.
async fn apply_body_fault(resp: Response, fault: BodyFault) -> Response {
    use futures_util::stream;
    if fault == BodyFault::None || !resp.status().is_success() {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return injected_error(500, None);
    };
    let body = match fault {
        BodyFault::None => Body::from(bytes),
        BodyFault::Pad(total) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            const CHUNK: usize = 64 * 1024;
            let spaces = bytes::Bytes::from(vec![b' '; CHUNK]);
            let mut left = total.saturating_sub(bytes.len() as u64);
            let padding = std::iter::from_fn(move || {
                if left == 0 {
                    return None;
                }
                let n = left.min(CHUNK as u64) as usize;
                left -= n as u64;
                Some(Ok::<_, std::io::Error>(spaces.slice(..n)))
            });
            Body::from_stream(stream::iter(std::iter::once(Ok(bytes)).chain(padding)))
        }
        BodyFault::Cut => {
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
            let half = bytes.slice(..bytes.len() / 2);
            let dropped = std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "cut");
            Body::from_stream(stream::iter([Ok(half), Err(dropped)]))
        }
    };
    Response::from_parts(parts, body)
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (latency, plan) = {
        let mut f = state.faults.lock().unwrap_or_else(|e| e.into_inner());
        let s = f.settings.clone();
        let path = req.uri().path();
        let plan = if s.missing_routes.iter().any(|r| path.ends_with(r.as_str())) {
            Plan::Fail(404, None)
        } else if let Some(status) = f.queue.pop_front() {
            Plan::Fail(status, s.retry_after_secs)
        } else if s.stall {
            Plan::Stall
        } else if s.error_rate > 0.0 && fastrand::f64() < s.error_rate {
            let st = if s.error_status == 0 {
                500
            } else {
                s.error_status
            };
            Plan::Fail(st, s.retry_after_secs)
        } else {
            let search = path == "/api/assets/search";
            let file = path.starts_with("/api/assets/") && path.ends_with("/download");
            let body = if search && f.cuts_left > 0 {
                f.cuts_left -= 1;
                BodyFault::Cut
            } else if file && f.download_cuts_left > 0 {
                f.download_cuts_left -= 1;
                BodyFault::Cut
            } else if search && s.pad_search_bytes > 0 {
                BodyFault::Pad(s.pad_search_bytes)
            } else {
                BodyFault::None
            };
            Plan::Pass {
                malformed: s.malformed_json,
                body,
            }
        };
        (s.latency_ms, plan)
    };
    if latency > 0 {
        state.sleep(Duration::from_millis(latency)).await;
    }
    match plan {
        Plan::Fail(status, retry) => injected_error(status, retry),
        Plan::Stall => {
            state.wait_shutdown().await;
            injected_error(503, None)
        }
        Plan::Pass { malformed, body } => {
            let resp = apply_body_fault(next.run(req).await, body).await;
            if malformed && resp.status().is_success() {
                let (mut parts, _) = resp.into_parts();
                parts.headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                );
                parts.headers.remove(header::CONTENT_LENGTH);
                Response::from_parts(parts, Body::from(MALFORMED_BODY))
            } else {
                resp
            }
        }
    }
}
