//! `GET /renditions/{guid}/{version}/{short_guid}-{size}.jpg` — signed, no API auth.

use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::renditions::{self, SignError, Size};
use crate::state::AppState;
use mediagraph_api::timeutil::now_ms;

/// An S3-like XML error.
pub(super) fn refuse(status: StatusCode, code: &str, msg: &str) -> Response {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{msg}</Message></Error>"
    );
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    r
}

pub async fn rendition(
    State(s): State<AppState>,
    Path((guid, version, file)): Path<(String, String, String)>,
    uri: Uri,
) -> Response {
    if let Err(e) = renditions::verify(
        s.ctx.secret,
        uri.path(),
        uri.query().unwrap_or(""),
        now_ms() / 1000,
    ) {
        let msg = match e {
            SignError::Missing => "Missing Key-Pair-Id query parameter or cookie value",
            SignError::Expired => "Request has expired",
            SignError::BadSignature => "Invalid signature",
        };
        return refuse(StatusCode::FORBIDDEN, "AccessDenied", msg);
    }
    let (latency, rate) = {
        let f = s.faults.lock().unwrap_or_else(|e| e.into_inner());
        (
            f.settings.rendition_latency_ms,
            f.settings.rendition_error_rate,
        )
    };
    if latency > 0 {
        s.sleep(Duration::from_millis(latency)).await;
    }
    if rate > 0.0 && fastrand::f64() < rate {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "Injected rendition failure",
        );
    }
    let Some(size) = file
        .strip_suffix(".jpg")
        .and_then(|f| f.rsplit_once('-'))
        .and_then(|(_, size)| Size::parse(size))
    else {
        return refuse(
            StatusCode::NOT_FOUND,
            "NoSuchKey",
            "The specified key does not exist.",
        );
    };
    let job = {
        let w = s.world();
        w.db.find_asset(&guid).map(|i| {
            let a = &w.db.assets[i];
            let version = version.parse().unwrap_or(a.data_version);
            let variant = renditions::version_variant(a.variant, a.data_version, version);
            (a.photo, w.db.catalogue.photos[a.photo].clone(), variant)
        })
    };
    let Some((idx, photo, variant)) = job else {
        return refuse(
            StatusCode::NOT_FOUND,
            "NoSuchKey",
            "The specified key does not exist.",
        );
    };
    let state = s.clone();
    let Ok(data) =
        tokio::task::spawn_blocking(move || state.cache.get(idx, &photo, variant, size)).await
    else {
        return refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "render failed",
        );
    };
    let mut r = (StatusCode::OK, data.to_vec()).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    r
}
