use std::collections::BTreeMap;
use std::time::Duration;

use thiserror::Error;

/// Everything a call can fail with. Messages are short, say what to do next, and never
/// contain credentials.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum ApiError {
    #[error("not signed in: {}", .note.as_deref().unwrap_or("the token was refused — check MEDIAGRAPH_PAT or log in again"))]
    Unauthorized { note: Option<String> },
    #[error("not allowed: {message}")]
    Forbidden { message: String },
    #[error("not found: {what}")]
    NotFound { what: String },
    #[error("rejected by the server: {}", validation_summary(.message, .fields))]
    Validation {
        message: String,
        /// Field name → the server's messages for it.
        fields: BTreeMap<String, Vec<String>>,
    },
    #[error("rate limited by the server{}", retry_hint(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    #[error("server error {status}: {message} — try again shortly")]
    Server { status: u16, message: String },
    #[error("HTTP {status}: {message}")]
    Http { status: u16, message: String },
    /// File storage refused a signed link the server handed out (it expired, or was
    /// cut short): asking the server again gives a fresh one.
    #[error(
        "the storage refused its signed link to the {what} (HTTP {status}; it may have expired)"
    )]
    LinkRefused { what: String, status: u16 },
    #[error("the server did not answer in time — check the connection and retry")]
    Timeout,
    #[error("network error: {0}")]
    Network(String),
    #[error("unexpected answer from the server at `{path}`: {detail}")]
    BadPayload { path: String, detail: String },
    #[error("configuration: {0}")]
    Config(String),
    #[error("the answer to {what} is over {} — more than a real answer ever is (a proxy or the server is misbehaving; `max_answer_mb` in config.toml raises the limit)", megabytes(*.limit))]
    TooLarge { what: String, limit: u64 },
}

fn megabytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

fn validation_summary(message: &str, fields: &BTreeMap<String, Vec<String>>) -> String {
    if fields.is_empty() {
        return message.to_string();
    }
    fields
        .iter()
        .map(|(f, msgs)| format!("{f} {}", msgs.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn retry_hint(after: &Option<Duration>) -> String {
    match after {
        Some(d) => format!(" — retry in {} s", d.as_secs().max(1)),
        None => " — retry in a moment".to_string(),
    }
}

impl ApiError {
    /// Whether a GET that failed this way is worth repeating (a bounded number of
    /// times): a 500 is often a passing fault of one server behind a balancer.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Timeout
            | ApiError::Network(_)
            | ApiError::RateLimited { .. }
            | ApiError::LinkRefused { .. } => true,
            ApiError::Server { status, .. } => matches!(status, 500 | 502..=504),
            _ => false,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Validation { .. } => Some(422),
            ApiError::RateLimited { .. } => Some(429),
            ApiError::Server { status, .. }
            | ApiError::Http { status, .. }
            | ApiError::LinkRefused { status, .. } => Some(*status),
            _ => None,
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_actionable() {
        let e = ApiError::Unauthorized {
            note: Some("Token disabled by admin".into()),
        };
        assert_eq!(e.to_string(), "not signed in: Token disabled by admin");
        let mut fields = BTreeMap::new();
        fields.insert("rating".to_string(), vec!["must be 0..5".to_string()]);
        let v = ApiError::Validation {
            message: "invalid".into(),
            fields,
        };
        assert_eq!(v.to_string(), "rejected by the server: rating must be 0..5");
        let r = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(3)),
        };
        assert!(r.to_string().contains("retry in 3 s"));
        assert!(r.is_transient());
        assert!(!v.is_transient());
        let internal = ApiError::Server {
            status: 500,
            message: "Internal Server Error".into(),
        };
        assert!(
            internal.is_transient(),
            "a read that met a 500 is tried again"
        );
    }
}
