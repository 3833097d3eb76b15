//! Request log (every request) and authentication (`/api/*`).

use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;

use super::routes::error;
use super::state::{AppState, LoggedRequest};

/// Bodies larger than this are logged truncated (the request still gets all of it).
const MAX_LOGGED_BODY: usize = 16 * 1024 * 1024;

pub async fn log(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    // Uploaded files (up to gigabytes) pass through untouched; the log notes their size.
    if parts.uri.path().starts_with(crate::presign::PREFIX) {
        let size = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let entry = LoggedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().unwrap_or("").to_string(),
            body: size.map_or_else(|| "<streamed body>".to_string(), |n| format!("<{n} bytes>")),
            at: Instant::now(),
        };
        s.log.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
        return next.run(Request::from_parts(parts, body)).await;
    }
    let bytes = match axum::body::to_bytes(body, MAX_LOGGED_BODY).await {
        Ok(b) => b,
        Err(_) => return error(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large"),
    };
    let entry = LoggedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
        at: Instant::now(),
    };
    s.log.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The token from `Basic base64(":" + token)` (any user name) or `Bearer <token>`.
pub fn token_of(authorization: &str) -> Option<String> {
    let (scheme, rest) = authorization.trim().split_once(' ')?;
    match scheme.to_ascii_lowercase().as_str() {
        "bearer" => Some(rest.trim().to_string()),
        "basic" => {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(rest.trim())
                .ok()?;
            let text = String::from_utf8(raw).ok()?;
            text.split_once(':').map(|(_, pw)| pw.to_string())
        }
        _ => None,
    }
}

pub async fn auth(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !path.starts_with("/api/") {
        return next.run(req).await;
    }
    // a download token authorises itself (the official app opens it in a browser)
    if req.method() == Method::GET && path.starts_with("/api/downloads/") {
        return next.run(req).await;
    }
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(token_of);
    let accepted = match token.as_deref() {
        Some(t) => t == s.token || s.oauth.lock().unwrap_or_else(|e| e.into_inner()).accepts(t),
        None => false,
    };
    if !accepted {
        let mut r = error(
            StatusCode::UNAUTHORIZED,
            if token.is_none() {
                "You need to sign in or sign up before continuing."
            } else {
                "Invalid access token"
            },
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"Mediagraph\""),
        );
        return r;
    }
    // Finding an organisation by slug is how a client learns the id it would send.
    if path != "/api/whoami" && path != "/api/organizations/find" {
        let org = req
            .headers()
            .get("OrganizationId")
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        match org {
            None | Some("") => {
                return error(StatusCode::FORBIDDEN, "OrganizationId header is required");
            }
            Some(v) if v.parse::<i64>().ok() != Some(s.org_id) => {
                return error(
                    StatusCode::FORBIDDEN,
                    "You are not a member of this organization",
                );
            }
            Some(_) => {}
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let b = base64::engine::general_purpose::STANDARD.encode(":secret");
        assert_eq!(token_of(&format!("Basic {b}")).as_deref(), Some("secret"));
        let b = base64::engine::general_purpose::STANDARD.encode("user:secret");
        assert_eq!(token_of(&format!("basic {b}")).as_deref(), Some("secret"));
        assert_eq!(token_of("Bearer abc").as_deref(), Some("abc"));
        assert_eq!(token_of("Digest x"), None);
        assert_eq!(token_of("Basic !!!"), None);
    }
}
