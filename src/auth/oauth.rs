//! OAuth 2.0 authorization code + PKCE (S256): the authorize URL, the loopback listener
//! for the redirect (or a pasted redirect URL / code), token exchange, refresh, revoke.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use url::Url;

use crate::api::Secret;

pub const DEFAULT_OAUTH_URL: &str = "https://mediagraph.io";
/// The public client id mgtui uses unless `MEDIAGRAPH_CLIENT_ID` or config says otherwise.
pub const DEFAULT_CLIENT_ID: &str = "mgtui";
pub const DEFAULT_REDIRECT_PORT: u16 = 52584;
pub const SCOPE: &str = "read write";

/// The three endpoints under one base URL, and the client id.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub base: Url,
    pub client_id: String,
}

impl Endpoints {
    pub fn new(base: &str, client_id: &str) -> Result<Endpoints, String> {
        let base = crate::api::client::validate_base_url(base).map_err(|e| e.to_string())?;
        Ok(Endpoints {
            base,
            client_id: client_id.to_string(),
        })
    }

    fn url(&self, path: &str) -> Result<Url, String> {
        self.base.join(path).map_err(|e| format!("OAuth URL: {e}"))
    }
}

/// `n` random bytes from the OS, base64url without padding.
pub fn random_string(n: usize) -> Result<String, String> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| format!("no randomness from the OS: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

pub(crate) fn challenge_for(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub struct Pkce {
    pub verifier: Secret,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Result<Pkce, String> {
        let verifier = random_string(32)?;
        Ok(Pkce {
            challenge: challenge_for(&verifier),
            verifier: Secret::new(verifier),
        })
    }
}

pub fn authorize_url(
    ep: &Endpoints,
    redirect_uri: &str,
    state: &str,
    challenge: &str,
) -> Result<Url, String> {
    let mut url = ep.url("/oauth/authorize")?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &ep.client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", state)
        .append_pair("scope", SCOPE)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256");
    Ok(url)
}

/// Tokens from the token endpoint.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access: Secret,
    pub refresh: Option<Secret>,
    /// Unix seconds.
    pub expires_at: Option<u64>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<f64>,
}

#[derive(Deserialize)]
struct ErrorAnswer {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(concat!("mgtui/", env!("CARGO_PKG_VERSION")))
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

async fn post_form(
    http: &reqwest::Client,
    url: Url,
    form: &[(&str, &str)],
) -> Result<(u16, bytes::Bytes), String> {
    let resp = http
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .form(form)
        .send()
        .await
        .map_err(|e| format!("cannot reach the sign-in server: {}", e.without_url()))?;
    let status = resp.status().as_u16();
    let body = resp
        .bytes()
        .await
        .map_err(|e| format!("sign-in server answer cut short: {}", e.without_url()))?;
    Ok((status, body))
}

fn oauth_failure(status: u16, body: &[u8]) -> String {
    let parsed: Option<ErrorAnswer> = serde_json::from_slice(body).ok();
    let (code, desc) = parsed
        .map(|e| (e.error, e.error_description))
        .unwrap_or((None, None));
    let text = match (code, desc) {
        (Some(c), Some(d)) => format!("{c}: {d}"),
        (Some(c), None) => c,
        (None, Some(d)) => d,
        (None, None) => format!("HTTP {status}"),
    };
    crate::sanitize::clean(&text)
}

async fn token_request(
    http: &reqwest::Client,
    ep: &Endpoints,
    form: &[(&str, &str)],
) -> Result<TokenSet, String> {
    let (status, body) = post_form(http, ep.url("/oauth/token")?, form).await?;
    if !(200..300).contains(&status) {
        return Err(format!(
            "the sign-in server refused: {}",
            oauth_failure(status, &body)
        ));
    }
    let t: TokenAnswer = serde_json::from_slice(&body)
        .map_err(|_| "the sign-in server's token answer is not understood".to_string())?;
    if t.access_token.trim().is_empty() {
        return Err("the sign-in server sent an empty access token".into());
    }
    Ok(TokenSet {
        access: Secret::new(t.access_token),
        refresh: t.refresh_token.filter(|r| !r.is_empty()).map(Secret::new),
        expires_at: t
            .expires_in
            .filter(|s| s.is_finite() && *s > 0.0)
            .map(|s| now_secs() + s as u64),
    })
}

pub async fn exchange_code(
    http: &reqwest::Client,
    ep: &Endpoints,
    code: &str,
    verifier: &Secret,
    redirect_uri: &str,
) -> Result<TokenSet, String> {
    token_request(
        http,
        ep,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", &ep.client_id),
            ("code_verifier", verifier.expose()),
        ],
    )
    .await
}

pub async fn refresh(
    http: &reqwest::Client,
    ep: &Endpoints,
    refresh_token: &Secret,
) -> Result<TokenSet, String> {
    let mut t = token_request(
        http,
        ep,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
            ("client_id", &ep.client_id),
        ],
    )
    .await?;
    // Servers that do not rotate refresh tokens leave it out.
    if t.refresh.is_none() {
        t.refresh = Some(refresh_token.clone());
    }
    Ok(t)
}

pub async fn revoke(http: &reqwest::Client, ep: &Endpoints, token: &Secret) -> Result<(), String> {
    let (status, body) = post_form(
        http,
        ep.url("/oauth/revoke")?,
        &[("token", token.expose()), ("client_id", &ep.client_id)],
    )
    .await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(format!("revoking failed: {}", oauth_failure(status, &body)))
    }
}

/// What came back on the redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

impl Callback {
    fn from_query(url: &Url) -> Callback {
        let mut cb = Callback {
            code: None,
            state: None,
            error: None,
        };
        for (k, v) in url.query_pairs() {
            match k.as_ref() {
                "code" => cb.code = Some(v.into_owned()),
                "state" => cb.state = Some(v.into_owned()),
                "error" => cb.error = Some(v.into_owned()),
                "error_description" => {
                    cb.error = Some(format!("{} ({v})", cb.error.take().unwrap_or_default()))
                }
                _ => {}
            }
        }
        cb
    }

    /// The code, if `state` matches. The state is checked first: a request that does
    /// not carry this login's state is not the server's answer, whatever it says (an
    /// `error=` from a forged local request must not end the login).
    pub(crate) fn code_for(&self, expected_state: &str) -> Result<String, String> {
        match &self.state {
            Some(s) if s == expected_state => {}
            Some(_) => {
                return Err("the redirect's state does not match this login (ignored)".into());
            }
            None => return Err("the redirect has no state (ignored)".into()),
        }
        if let Some(e) = &self.error {
            return Err(format!(
                "sign-in was refused: {}",
                crate::sanitize::clean(e)
            ));
        }
        self.code
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| "the redirect carries no code".to_string())
    }
}

/// A pasted line: the whole redirect URL (checked like a real redirect) or the bare code
/// (the state cannot be checked then; the PKCE verifier still binds the code to us).
pub(crate) fn parse_pasted(input: &str, expected_state: &str) -> Result<String, String> {
    let t = input.trim();
    if t.is_empty() {
        return Err("nothing pasted".into());
    }
    if t.contains("://") || t.starts_with('/') || t.contains("code=") {
        let url = if t.contains("://") {
            Url::parse(t)
        } else {
            Url::parse("http://localhost/").and_then(|b| b.join(t.trim_start_matches('?')))
        };
        let url = url.map_err(|_| "that is not a redirect URL".to_string())?;
        let url = if url.query().is_none() && t.contains("code=") {
            Url::parse(&format!("http://localhost/?{t}"))
                .map_err(|_| "not a redirect URL".to_string())?
        } else {
            url
        };
        return Callback::from_query(&url).code_for(expected_state);
    }
    if t.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    {
        Ok(t.to_string())
    } else {
        Err("that is neither a redirect URL nor a code".into())
    }
}

/// The loopback listener the browser is redirected to.
pub struct Loopback {
    listener: TcpListener,
    pub redirect_uri: String,
}

impl Loopback {
    /// Port 0 picks a free one.
    pub async fn bind(port: u16) -> Result<Loopback, String> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
            format!("cannot listen on 127.0.0.1:{port} for the sign-in redirect: {e}")
        })?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        Ok(Loopback {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    /// Answer one connection; `Some` when it was a `/callback` for this login.
    async fn answer(
        mut sock: tokio::net::TcpStream,
        state: String,
    ) -> Option<Result<String, String>> {
        let state = state.as_str();
        let mut buf = Vec::with_capacity(2048);
        let mut chunk = [0u8; 1024];
        let read = tokio::time::timeout(Duration::from_secs(5), async {
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
                match sock.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
        })
        .await;
        let line = String::from_utf8_lossy(&buf);
        let target = line
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("");
        let outcome = match Url::parse("http://127.0.0.1/").and_then(|b| b.join(target)) {
            Ok(u) if read.is_ok() && u.path() == "/callback" => {
                Some(Callback::from_query(&u).code_for(state))
            }
            _ => None,
        };
        let (status, text) = match &outcome {
            Some(Ok(_)) => ("200 OK", "mgtui is signed in. You can close this tab."),
            Some(Err(_)) => (
                "400 Bad Request",
                "This sign-in redirect was not accepted; see the terminal.",
            ),
            None => ("404 Not Found", "Not found"),
        };
        let body = format!("<!doctype html><title>mgtui</title><p>{text}</p>");
        let resp = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
            body.len()
        );
        let _ = sock.write_all(resp.as_bytes()).await;
        let _ = sock.shutdown().await;
        outcome
    }
}

/// Wait for the code from the loopback redirect or a pasted line, whichever comes first.
/// Redirects or pastes that fail the state check are reported and waited past.
pub(crate) async fn wait_for_code(
    loopback: &Loopback,
    pasted: &mut mpsc::Receiver<String>,
    state: &str,
    timeout: Duration,
    mut notice: impl FnMut(&str),
) -> Result<String, String> {
    use futures::StreamExt;
    let deadline = tokio::time::Instant::now() + timeout;
    let mut paste_open = true;
    // Each connection is answered on its own, so an idle local socket cannot hold up
    // the browser's redirect behind it.
    let mut connections = futures::stream::FuturesUnordered::new();
    loop {
        let got = tokio::select! {
            accepted = loopback.listener.accept() => {
                if let Ok((sock, _)) = accepted {
                    connections.push(Loopback::answer(sock, state.to_string()));
                }
                None
            }
            Some(r) = connections.next(), if !connections.is_empty() => r,
            line = pasted.recv(), if paste_open => match line {
                Some(l) => Some(parse_pasted(&l, state)),
                None => { paste_open = false; None }
            },
            _ = tokio::time::sleep_until(deadline) => {
                return Err(format!(
                    "no sign-in within {} s; nothing was saved. Run `mgtui login` again",
                    timeout.as_secs()
                ));
            }
        };
        match got {
            Some(Ok(code)) => return Ok(code),
            Some(Err(e)) => notice(&e),
            None => {}
        }
    }
}

/// Whether a browser can be opened on this machine (not over SSH, a display exists).
pub(crate) fn browser_available() -> bool {
    let env = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if env("SSH_CONNECTION") || env("SSH_TTY") || env("MGTUI_NO_BROWSER") {
        return false;
    }
    cfg!(target_os = "macos") || cfg!(windows) || env("DISPLAY") || env("WAYLAND_DISPLAY")
}

/// Try to open `url` in the local browser; false if no opener could start.
pub fn open_browser(url: &str) -> bool {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_is_rfc7636() {
        // RFC 7636 appendix B
        assert_eq!(
            challenge_for("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let p = Pkce::new().unwrap();
        assert_eq!(p.verifier.expose().len(), 43);
    }

    #[test]
    fn pasted_urls_and_codes() {
        assert_eq!(
            parse_pasted("http://127.0.0.1:5/callback?code=abc&state=s1", "s1").unwrap(),
            "abc"
        );
        assert!(parse_pasted("http://127.0.0.1:5/callback?code=abc&state=evil", "s1").is_err());
        assert!(parse_pasted("http://x/callback?error=access_denied&state=s1", "s1").is_err());
        assert_eq!(parse_pasted("  abc-123 \n", "s1").unwrap(), "abc-123");
        assert_eq!(parse_pasted("code=abc&state=s1", "s1").unwrap(), "abc");
        assert!(parse_pasted("not a code!", "s1").is_err());
    }

    #[test]
    fn the_state_is_checked_before_the_error() {
        let forged = parse_pasted("http://x/callback?error=access_denied&state=evil", "s1")
            .expect_err("ignored");
        assert!(forged.contains("state does not match"), "{forged}");
        let real = parse_pasted("http://x/callback?error=access_denied&state=s1", "s1")
            .expect_err("refused");
        assert!(real.contains("refused"), "{real}");
    }

    #[tokio::test]
    async fn an_idle_local_connection_does_not_hold_up_the_redirect() {
        use tokio::io::AsyncWriteExt;
        let lb = Loopback::bind(0).await.unwrap();
        let addr = lb
            .redirect_uri
            .trim_start_matches("http://")
            .trim_end_matches("/callback")
            .to_string();
        // Connects and says nothing (the old listener waited 5 s on it).
        let _idle = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let browser = {
            let addr = addr.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
                s.write_all(b"GET /callback?code=abc&state=s1 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .await
                    .unwrap();
                s
            })
        };
        let (_tx, mut rx) = mpsc::channel::<String>(1);
        // A login window shorter than the 5 s a connection may take to send its request:
        // served one at a time, the idle socket would use it all up.
        let code = wait_for_code(&lb, &mut rx, "s1", Duration::from_secs(4), |_| {})
            .await
            .unwrap();
        assert_eq!(code, "abc");
        drop(browser.await.unwrap());
    }
}
