//! `POST /api/downloads` → token; `GET /api/downloads/{token}` → the bytes (5 minutes).

use std::time::{Duration, Instant};

use axum::body::Bytes;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::{bytes, error, ok_json, unprocessable, wrapped};
use crate::edit::{FieldErrors, add_error};
use crate::model::AssetState;
use crate::renditions::Size;
use crate::state::{AppState, Download};
use crate::zip;

pub const TOKEN_TTL: Duration = Duration::from_secs(5 * 60);

const SIZES: &[&str] = &[
    "small",
    "small-watermark",
    "permalink",
    "permalink-watermark",
    "medium",
    "full",
    "full-watermark",
    "original",
];

pub async fn create(State(s): State<AppState>, body: Bytes) -> Response {
    let fields = match wrapped(&body, "download") {
        Ok(f) => f,
        Err(r) => return r,
    };
    let mut e = FieldErrors::new();
    let ids: Vec<i64> = match fields.get("asset_ids") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            })
            .collect(),
        _ => Vec::new(),
    };
    if ids.is_empty() {
        add_error(&mut e, "asset_ids", "can't be blank");
    }
    let size = fields
        .get("size")
        .and_then(Value::as_str)
        .unwrap_or("original")
        .to_string();
    if !SIZES.contains(&size.as_str()) {
        add_error(&mut e, "size", "is not included in the list");
    }
    let mut w = s.world();
    let unknown: Vec<String> = ids
        .iter()
        .filter(|id| w.db.asset_idx(**id).is_none())
        .map(|id| id.to_string())
        .collect();
    if !unknown.is_empty() {
        add_error(
            &mut e,
            "asset_ids",
            format!("unknown: {}", unknown.join(", ")),
        );
    }
    if !e.is_empty() {
        return unprocessable(&e);
    }
    w.downloads_made += 1;
    let filename = if ids.len() == 1 {
        let a = &w.db.assets[w.db.asset_idx(ids[0]).unwrap_or(0)];
        let stem = a
            .filename
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(&a.filename);
        format!("{stem}.jpg")
    } else {
        format!(
            "{}-mediagraph-download-#{}.zip",
            w.db.org.slug, w.downloads_made
        )
    };
    let token = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    let now = Instant::now();
    w.downloads.retain(|_, d| d.expires_at > now);
    w.downloads.insert(
        token.clone(),
        Download {
            asset_ids: ids,
            size,
            filename: filename.clone(),
            expires_at: now + TOKEN_TTL,
        },
    );
    ok_json(json!({"token": token, "filename": filename, "integration": null}))
}

/// What the demo calls an asset's file: its name with `.jpg` (it serves JPEG renditions).
fn jpeg_name(filename: &str) -> String {
    let stem = filename.rsplit_once('.').map_or(filename, |(s, _)| s);
    format!("{stem}.jpg")
}

/// The file name and bytes of asset `id` at `size` (a JPEG rendition of its photo).
pub(crate) async fn render_file(s: &AppState, id: i64, size: &str) -> Option<(String, Vec<u8>)> {
    let size = Size::parse(size.trim_end_matches("-watermark"))?;
    let (idx, photo, variant, name) = {
        let w = s.world();
        let a = &w.db.assets[w.db.asset_idx(id)?];
        // nothing to serve before processing made a picture
        if a.state != AssetState::Processed {
            return None;
        }
        (
            a.photo,
            w.db.catalogue.photos[a.photo].clone(),
            a.variant,
            jpeg_name(&a.filename),
        )
    };
    let state = s.clone();
    let bytes =
        tokio::task::spawn_blocking(move || state.cache.get(idx, &photo, variant, size).to_vec())
            .await
            .ok()?;
    Some((name, bytes))
}

/// `GET /api/assets/{id}/download?size=…`: the file, or the part a `Range: bytes=N-`
/// asks for (206). HEAD answers the same headers.
pub async fn asset_file(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return error(StatusCode::NOT_FOUND, "Asset not found");
    };
    let size = q.get("size").map_or("original", String::as_str);
    if !SIZES.contains(&size) {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "size is not included in the list",
        );
    }
    // An older version is served under its own file name (the picture is the same).
    let mut version_name = None;
    if let Some(v) = q.get("version_number") {
        let found = {
            let w = s.world();
            w.db.asset_idx(id).and_then(|i| {
                let a = &w.db.assets[i];
                let history = w
                    .versions
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| crate::versions::synthetic(a));
                let n = v.trim().parse::<i64>().ok()?;
                let h = history.into_iter().find(|h| h.number == n)?;
                Some((n == a.data_version, h.filename))
            })
        };
        match found {
            None => return error(StatusCode::NOT_FOUND, "No such version of this asset"),
            Some((false, name)) => version_name = Some(name),
            Some((true, _)) => {}
        }
    }
    let (redirect, stale) = {
        let mut f = s.faults.lock().unwrap_or_else(|e| e.into_inner());
        let stale = f.settings.redirect_downloads && f.stale_links_left > 0;
        if stale {
            f.stale_links_left -= 1;
        }
        (f.settings.redirect_downloads, stale)
    };
    if redirect {
        let path = format!("/files/{id}/{size}");
        let now = mediagraph_api::timeutil::now_ms() / 1000;
        let expires = if stale { now - 60 } else { now + 3600 };
        let sig = crate::renditions::signature(s.ctx.secret, &path, expires);
        let location = format!(
            "{}{path}?Expires={expires}&Signature={sig}&Key-Pair-Id=DEMO",
            s.ctx.base_url
        );
        let mut r = Response::new(axum::body::Body::empty());
        *r.status_mut() = StatusCode::FOUND;
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    serve_file(&s, id, size, &headers, version_name).await
}

/// `GET /files/{id}/{size}?Expires=…&Signature=…`: where `redirect_downloads` sends
/// file downloads. Like S3, it refuses a request that carries credentials.
pub async fn stored_file(
    State(s): State<AppState>,
    Path((id, size)): Path<(i64, String)>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        return error(StatusCode::BAD_REQUEST, "Only one auth mechanism allowed");
    }
    let now = mediagraph_api::timeutil::now_ms() / 1000;
    if crate::renditions::verify(s.ctx.secret, uri.path(), uri.query().unwrap_or(""), now).is_err()
    {
        return error(
            StatusCode::FORBIDDEN,
            "Request has expired or is not signed",
        );
    }
    serve_file(&s, id, &size, &headers, None).await
}

/// The file, or the part a `Range: bytes=N-` asks for (206).
async fn serve_file(
    s: &AppState,
    id: i64,
    size: &str,
    headers: &HeaderMap,
    name_override: Option<String>,
) -> Response {
    let Some((name, data)) = render_file(s, id, size).await else {
        return error(StatusCode::NOT_FOUND, "Asset not found");
    };
    let name = name_override.unwrap_or(name);
    let len = data.len() as u64;
    let from = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.split_once('-'))
        .and_then(|(a, _)| a.trim().parse::<u64>().ok());
    let mut resp = match from {
        Some(from) if from >= len => {
            let mut r = error(StatusCode::RANGE_NOT_SATISFIABLE, "Range not satisfiable");
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return r;
        }
        Some(from) => {
            let part = data[from as usize..].to_vec();
            s.world().file_bytes_sent += part.len() as u64;
            let mut r = bytes("image/jpeg", part, Some(&name));
            *r.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(v) = HeaderValue::from_str(&format!("bytes {from}-{}/{len}", len - 1)) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            r
        }
        None => {
            s.world().file_bytes_sent += len;
            bytes("image/jpeg", data, Some(&name))
        }
    };
    resp.headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    resp
}

pub async fn fetch(State(s): State<AppState>, Path(token): Path<String>) -> Response {
    // (photo index, photo, variant, file name) of each asset, taken under the lock
    let (download, jobs) = {
        let w = s.world();
        let Some(d) = w
            .downloads
            .get(&token)
            .filter(|d| d.expires_at > Instant::now())
            .cloned()
        else {
            return error(StatusCode::NOT_FOUND, "Download not found or expired");
        };
        let jobs: Vec<_> = d
            .asset_ids
            .iter()
            .filter_map(|id| w.db.asset_idx(*id))
            .filter(|&i| w.db.assets[i].state == AssetState::Processed)
            .map(|i| {
                let a = &w.db.assets[i];
                (
                    a.photo,
                    w.db.catalogue.photos[a.photo].clone(),
                    a.variant,
                    jpeg_name(&a.filename),
                )
            })
            .collect();
        (d, jobs)
    };
    let size = Size::parse(download.size.trim_end_matches("-watermark")).unwrap_or(Size::Full);
    let state = s.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        jobs.into_iter()
            .map(|(idx, photo, variant, name)| {
                (name, state.cache.get(idx, &photo, variant, size).to_vec())
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    if download.asset_ids.len() == 1 {
        match rendered.into_iter().next() {
            Some((_, data)) => bytes("image/jpeg", data, Some(&download.filename)),
            None => error(StatusCode::NOT_FOUND, "Asset no longer exists"),
        }
    } else {
        let mut seen = std::collections::HashSet::new();
        let entries: Vec<(String, Vec<u8>)> = rendered
            .into_iter()
            .enumerate()
            .map(|(k, (name, data))| {
                let name = if seen.insert(name.clone()) {
                    name
                } else {
                    format!("{k}-{name}")
                };
                (name, data)
            })
            .collect();
        bytes(
            "application/zip",
            zip::build(&entries),
            Some(&download.filename),
        )
    }
}
