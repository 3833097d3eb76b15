//! `PUT /s3-uploads/{asset_guid}/{filename}?X-Amz-…`: the "bucket" signed upload URLs
//! point at. Like S3 it refuses API credentials and checks the URL's signature and
//! expiry; the body is streamed chunk by chunk, never held whole.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use super::media::refuse;
use crate::presign;
use crate::renditions::SignError;
use crate::state::AppState;
use crate::upload_store::MAX_STORED_BYTES;
use crate::uploads::Received;
use mediagraph_api::timeutil::now_ms;

/// Received bytes are added to the world's counter at least this often.
const COUNT_EVERY: u64 = 1 << 20;

/// How reading the body ended.
enum End {
    Complete,
    /// More bytes than announced.
    TooLong,
    /// The `cut_uploads` knob stopped it.
    Cut,
    /// The client went away or the server is stopping.
    Broken,
    WriteFailed,
}

pub async fn put_object(
    State(s): State<AppState>,
    Path((guid, filename)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if headers.contains_key(header::AUTHORIZATION) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, \
             Signature query string parameter or the Authorization header should be specified",
        );
    }
    let query = uri.query().unwrap_or("");
    if let Err(e) = presign::verify(s.ctx.secret, &guid, &filename, query, now_ms()) {
        let (code, msg) = match e {
            SignError::Missing => (
                "AccessDenied",
                "Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters",
            ),
            SignError::Expired => ("AccessDenied", "Request has expired"),
            SignError::BadSignature => (
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided",
            ),
        };
        return refuse(StatusCode::FORBIDDEN, code, msg);
    }
    let expected = {
        let w = s.world();
        w.db.find_asset(&guid).and_then(|i| {
            let id = w.db.assets[i].id;
            w.uploads.files.get(&id).map(|r| (id, r.file_size))
        })
    };
    let Some((asset_id, declared)) = expected else {
        return refuse(
            StatusCode::NOT_FOUND,
            "NoSuchUpload",
            "The specified upload does not exist.",
        );
    };
    let cut = {
        let mut f = s.faults.lock().unwrap_or_else(|e| e.into_inner());
        let cut = f.upload_cuts_left > 0;
        f.upload_cuts_left = f.upload_cuts_left.saturating_sub(1);
        cut
    };
    let path = (declared <= MAX_STORED_BYTES)
        .then(|| s.store.new_path(asset_id, "bin"))
        .flatten();
    let mut file = match &path {
        Some(p) => tokio::fs::File::create(p).await.ok(),
        None => None,
    };
    let path = path.filter(|_| file.is_some());

    let mut stream = body.into_data_stream();
    let mut received: u64 = 0;
    let mut uncounted: u64 = 0;
    let mut crc = crc32fast::Hasher::new();
    let end = loop {
        if cut && received >= declared / 2 {
            break End::Cut;
        }
        let next = tokio::select! {
            next = stream.next() => next,
            _ = s.wait_shutdown() => break End::Broken,
        };
        let chunk = match next {
            None => break End::Complete,
            Some(Err(_)) => break End::Broken,
            Some(Ok(chunk)) => chunk,
        };
        let n = chunk.len() as u64;
        received += n;
        uncounted += n;
        if uncounted >= COUNT_EVERY {
            s.world().upload_bytes_received += std::mem::take(&mut uncounted);
        }
        if received > declared {
            break End::TooLong;
        }
        crc.update(&chunk);
        if let Some(f) = file.as_mut()
            && f.write_all(&chunk).await.is_err()
        {
            break End::WriteFailed;
        }
    };
    s.world().upload_bytes_received += uncounted;
    let complete = matches!(end, End::Complete) && received == declared;
    let flushed = match file.as_mut() {
        Some(f) if complete => f.flush().await.is_ok(),
        _ => true,
    };
    drop(file);
    if !complete || !flushed {
        if let Some(p) = &path {
            let _ = tokio::fs::remove_file(p).await;
        }
        const NOT_STORED: &str = "The upload could not be stored.";
        let (status, code, msg) = match end {
            End::Cut => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                "We encountered an internal error. Please try again. (cut by the demo server)",
            ),
            End::WriteFailed => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                NOT_STORED,
            ),
            End::Complete if !flushed => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                NOT_STORED,
            ),
            End::TooLong => (
                StatusCode::BAD_REQUEST,
                "IncompleteBody",
                "The request body is longer than the announced file_size.",
            ),
            End::Complete | End::Broken => (
                StatusCode::BAD_REQUEST,
                "IncompleteBody",
                "You did not provide the number of bytes announced as file_size.",
            ),
        };
        return refuse(status, code, msg);
    }
    let replaced = {
        let mut w = s.world();
        match w.uploads.files.get_mut(&asset_id) {
            Some(r) => Ok(r.received.replace(Received { path: path.clone() })),
            None => Err(()),
        }
    };
    match replaced {
        Ok(Some(Received {
            path: Some(old), ..
        })) => {
            let _ = tokio::fs::remove_file(old).await;
        }
        Ok(_) => {}
        Err(()) => {
            if let Some(p) = &path {
                let _ = tokio::fs::remove_file(p).await;
            }
            return refuse(
                StatusCode::NOT_FOUND,
                "NoSuchUpload",
                "The specified upload does not exist.",
            );
        }
    }
    let etag = format!("\"{:08x}{received:024x}\"", crc.finalize());
    let mut r = StatusCode::OK.into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}
