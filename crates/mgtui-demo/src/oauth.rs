//! OAuth 2.0 endpoints (`/oauth/authorize`, `/oauth/token`, `/oauth/revoke`) as
//! Mediagraph serves them: authorization code + PKCE S256, rotating refresh tokens,
//! access tokens with an expiry (short lifetimes can be set to test renewal). The demo
//! user approves every authorize request at once (no login page).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::state::AppState;

struct PendingCode {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    expires: Instant,
}

struct Access {
    expires: Instant,
}

/// Grants, tokens and counters.
pub struct OAuthState {
    codes: HashMap<String, PendingCode>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, String>,
    pub lifetime: Duration,
    pub stats: OAuthStats,
}

/// What the OAuth endpoints did, for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuthStats {
    pub authorizations: usize,
    pub code_grants: usize,
    pub refresh_grants: usize,
    pub revocations: usize,
    pub rejected: usize,
}

impl Default for OAuthState {
    fn default() -> OAuthState {
        OAuthState {
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            lifetime: Duration::from_secs(7200),
            stats: OAuthStats::default(),
        }
    }
}

impl OAuthState {
    /// Whether `token` is a live access token.
    pub fn accepts(&self, token: &str) -> bool {
        self.access
            .get(token)
            .is_some_and(|a| a.expires > Instant::now())
    }

    /// Expire every access token now (refresh tokens stay valid).
    pub fn expire_all(&mut self) {
        let past = Instant::now() - Duration::from_secs(1);
        for a in self.access.values_mut() {
            a.expires = past;
        }
    }

    fn issue(&mut self, client_id: &str) -> serde_json::Value {
        let access = format!("demo-at-{}", random());
        let refresh = format!("demo-rt-{}", random());
        self.access.insert(
            access.clone(),
            Access {
                expires: Instant::now() + self.lifetime,
            },
        );
        self.refresh.insert(refresh.clone(), client_id.to_string());
        json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.lifetime.as_secs_f64(),
            "refresh_token": refresh,
            "scope": "read write",
            "created_at": std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        })
    }
}

fn random() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

fn oauth_error(status: StatusCode, code: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(json!({"error": code, "error_description": description})),
    )
        .into_response()
}

fn form(bytes: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

fn lock(s: &AppState) -> std::sync::MutexGuard<'_, OAuthState> {
    s.oauth.lock().unwrap_or_else(|e| e.into_inner())
}

pub async fn authorize(State(s): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = form(q.unwrap_or_default().as_bytes());
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("response_type") != "code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_response_type",
            "response_type must be code",
        );
    }
    if get("client_id").is_empty() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "client_id is required",
        );
    }
    let redirect = match url::Url::parse(get("redirect_uri")) {
        Ok(u) if u.scheme() == "https" || u.scheme() == "http" => u,
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "redirect_uri is not a URL",
            );
        }
    };
    if get("code_challenge_method") != "S256" || get("code_challenge").len() < 43 {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "PKCE with S256 is required",
        );
    }
    let code = format!("demo-code-{}", random());
    let mut o = lock(&s);
    o.stats.authorizations += 1;
    o.codes.insert(
        code.clone(),
        PendingCode {
            client_id: get("client_id").to_string(),
            redirect_uri: get("redirect_uri").to_string(),
            challenge: get("code_challenge").to_string(),
            expires: Instant::now() + Duration::from_secs(600),
        },
    );
    let mut location = redirect;
    location
        .query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", get("state"));
    (
        StatusCode::FOUND,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

pub async fn token(State(s): State<AppState>, body: Bytes) -> Response {
    let p = form(&body);
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    let mut o = lock(&s);
    match get("grant_type") {
        "authorization_code" => {
            let Some(pending) = o.codes.remove(get("code")) else {
                o.stats.rejected += 1;
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The authorization code is invalid or was already used",
                );
            };
            let digest = Sha256::digest(get("code_verifier").as_bytes());
            let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
            let problem = if pending.expires < Instant::now() {
                Some("The authorization code expired")
            } else if pending.client_id != get("client_id") {
                Some("The code was issued to another client")
            } else if pending.redirect_uri != get("redirect_uri") {
                Some("redirect_uri does not match the authorization request")
            } else if challenge != pending.challenge {
                Some("code_verifier does not match the code_challenge")
            } else {
                None
            };
            if let Some(why) = problem {
                o.stats.rejected += 1;
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", why);
            }
            o.stats.code_grants += 1;
            let client = pending.client_id;
            let answer = o.issue(&client);
            (
                StatusCode::OK,
                [(header::CACHE_CONTROL, "no-store")],
                axum::Json(answer),
            )
                .into_response()
        }
        "refresh_token" => {
            let client = o.refresh.get(get("refresh_token")).cloned();
            match client {
                Some(c) if c == get("client_id") => {
                    o.refresh.remove(get("refresh_token"));
                    o.stats.refresh_grants += 1;
                    let answer = o.issue(&c);
                    (
                        StatusCode::OK,
                        [(header::CACHE_CONTROL, "no-store")],
                        axum::Json(answer),
                    )
                        .into_response()
                }
                _ => {
                    o.stats.rejected += 1;
                    oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The refresh token is invalid",
                    )
                }
            }
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token",
        ),
    }
}

pub async fn revoke(State(s): State<AppState>, body: Bytes) -> Response {
    let p = form(&body);
    let token = p.get("token").map(String::as_str).unwrap_or("");
    let mut o = lock(&s);
    // RFC 7009: unknown tokens are not an error.
    if o.access.remove(token).is_some() || o.refresh.remove(token).is_some() {
        o.stats.revocations += 1;
    }
    axum::Json(json!({})).into_response()
}

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/oauth/authorize", get(authorize).post(authorize))
        .route("/oauth/token", post(token))
        .route("/oauth/revoke", post(revoke))
}
