//! The HTTP side of the client: authentication, retries, status → error mapping,
//! decoding, and the three pagination dialects.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::error::{ApiError, ApiResult};
use super::routes::{Answer, Method, Route};
use super::secret::Secret;

pub const DEFAULT_BASE_URL: &str = "https://api.mediagraph.io";

/// How requests are authorised.
#[derive(Debug, Clone)]
pub enum Auth {
    /// Personal Access Token: HTTP Basic with an empty user name.
    Pat(Secret),
    /// OAuth access token.
    Bearer(Secret),
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub auth: Auth,
    /// Sent as the `OrganizationId` header when known.
    pub organization_id: Option<i64>,
}

/// Automatic retries for reads. Writes are never repeated once they may have reached
/// the server (only a refused connection or an explicit 429 is retried).
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// No retry starts after this much time has passed since the first attempt.
    pub max_total: Duration,
    /// A `Retry-After` longer than this is not waited for; the error is returned.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(4),
            max_total: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// A renewed OAuth access token.
#[derive(Debug, Clone)]
pub struct RefreshedToken {
    pub access: Secret,
    /// Unix seconds.
    pub expires_at: Option<u64>,
}

pub type RefreshFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<RefreshedToken, String>> + Send>>;

/// Renews the bearer token (OAuth refresh grant) and stores the result.
pub trait TokenRefresher: Send + Sync {
    fn refresh(&self) -> RefreshFuture;
}

#[derive(Clone)]
pub struct Refresher(pub Arc<dyn TokenRefresher>);

impl std::fmt::Debug for Refresher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Refresher")
    }
}

/// The most an answer may weigh, by kind. An answer over its cap is dropped as it
/// streams in (nothing bigger is ever held) and reported; it is not retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerLimits {
    /// A page of search results or of a list (about 7 KB an asset).
    pub list: u64,
    /// One level of a folder tree (all its children at once).
    pub tree: u64,
    /// One record or a confirmation.
    pub record: u64,
}

impl AnswerLimits {
    /// Lists and tree levels get `mb` megabytes, single records a quarter (at least 1).
    pub fn from_mb(mb: u64) -> AnswerLimits {
        let bytes = mb.max(1).saturating_mul(1 << 20);
        AnswerLimits {
            list: bytes,
            tree: bytes,
            record: (bytes / 4).max(1 << 20),
        }
    }

    pub fn of(&self, answer: Answer) -> u64 {
        match answer {
            Answer::List => self.list,
            Answer::Tree => self.tree,
            Answer::Record => self.record,
        }
    }
}

impl Default for AnswerLimits {
    fn default() -> AnswerLimits {
        AnswerLimits::from_mb(DEFAULT_ANSWER_MB)
    }
}

/// Lists and tree levels up to this many megabytes (a full page of 100 assets is well
/// under 1 MB).
pub const DEFAULT_ANSWER_MB: u64 = 32;

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: String,
    pub credentials: Credentials,
    /// Per attempt.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// When the bearer token expires (unix seconds), if known.
    pub expires_at: Option<u64>,
    /// Renews a bearer token before it expires and once after a 401.
    pub refresher: Option<Refresher>,
    /// Renew this long before `expires_at`.
    pub refresh_margin: Duration,
    pub limits: AnswerLimits,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, credentials: Credentials) -> ClientConfig {
        ClientConfig {
            base_url: base_url.into(),
            credentials,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            expires_at: None,
            refresher: None,
            refresh_margin: Duration::from_secs(60),
            limits: AnswerLimits::default(),
        }
    }
}

/// Which pagination parameters an endpoint understands (NOTES §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageDialect {
    /// `page` + `per_page`.
    PagePerPage,
    /// `current` + `pageSize` in the spec, `page` + `per_page` in the newer reference:
    /// both pairs are sent.
    CurrentPageSize,
}

/// One page of a list, with the `Total-Entries` header when the server sent it.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total_entries: Option<u64>,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Paged<T> {
    /// Whether a further page may hold items.
    pub fn has_more(&self) -> bool {
        match self.total_entries {
            Some(total) => (self.page as u64) * (self.per_page as u64) < total,
            None => self.items.len() as u32 >= self.per_page && self.per_page > 0,
        }
    }
}

/// A decoded answer plus the headers mgtui reads.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    pub body: T,
    pub total_entries: Option<u64>,
}

#[derive(Clone)]
pub struct ApiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// For files: API credentials, no overall timeout (a large file takes long; a
    /// stalled one is caught by the read timeout).
    download: reqwest::Client,
    /// The same without credentials, for URLs that carry their own authorisation.
    plain_download: reqwest::Client,
    /// For signed rendition URLs: no auth header, no cookies.
    plain: reqwest::Client,
    base: Url,
    credentials: Credentials,
    retry: RetryPolicy,
    /// The token in force and its expiry; replaced when a refresh succeeds.
    live: std::sync::RwLock<(Auth, Option<u64>)>,
    refresher: Option<Refresher>,
    refresh_margin: Duration,
    refresh_lock: tokio::sync::Mutex<()>,
    limits: AnswerLimits,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.inner.base.as_str())
            .field("credentials", &self.inner.credentials)
            .finish()
    }
}

/// `raw` with any user name and password taken out, for messages and `mgtui info`.
pub fn redact_url(raw: &str) -> String {
    match Url::parse(raw.trim()) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            format!("{url} (credentials in the URL removed)")
        }
        Ok(_) => raw.trim().to_string(),
        Err(_) => match raw.rfind('@') {
            Some(at) => format!("…{}", &raw[at..]),
            None => raw.to_string(),
        },
    }
}

/// Plain `http://` is accepted only for loopback hosts; everything else must be https.
/// Credentials in the URL are refused: they would be sent as HTTP Basic instead of the
/// access token, and shown wherever the URL is.
pub fn validate_base_url(raw_in: &str) -> ApiResult<Url> {
    let shown = redact_url(raw_in);
    let raw = shown.as_str();
    let url = Url::parse(raw_in.trim())
        .map_err(|e| ApiError::Config(format!("API URL `{raw}` is not a URL: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::Config(format!(
            "API URL `{raw}` contains a user name or password; remove it and sign in with `mgtui login` or MEDIAGRAPH_PAT"
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(ApiError::Config(format!(
                "API URL `{raw}` uses plain http; only https is allowed except for loopback hosts"
            )));
        }
        other => {
            return Err(ApiError::Config(format!(
                "API URL scheme `{other}` is not supported; use https"
            )));
        }
    }
    if url.host().is_none() {
        return Err(ApiError::Config(format!("API URL `{raw}` has no host")));
    }
    Ok(url)
}

/// Redirects: the API client follows only to the same origin (its credentials and
/// `OrganizationId` go with every request), the rendition client anywhere a signed URL
/// may live; neither ever from https down to plain http off loopback. At most five.
/// A client for files: no overall timeout (a large file takes long), a read timeout
/// for one that stalls.
fn file_client(
    redirect: reqwest::redirect::Policy,
    config: &ClientConfig,
) -> ApiResult<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("mgtui/", env!("CARGO_PKG_VERSION")))
        .redirect(redirect)
        .referer(false)
        .read_timeout(config.timeout)
        .connect_timeout(config.connect_timeout)
        // Files are fetched as they are: JPEGs do not shrink, and a gzipped stream has
        // no byte ranges to resume from.
        .no_gzip()
        .build()
        .map_err(|e| ApiError::Config(format!("HTTP client: {e}")))
}

fn redirect_policy(api: bool) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        let Some(prev) = attempt.previous().last().cloned() else {
            return attempt.stop();
        };
        let next = attempt.url().clone();
        if attempt.previous().len() > 5 {
            return attempt.error("too many redirects");
        }
        if next.scheme() == "http" && !is_loopback(&next) {
            let host = next.host_str().unwrap_or("?").to_string();
            return attempt.error(format!("refused a redirect to plain http ({host})"));
        }
        if api && next.origin() != prev.origin() {
            let host = next.host_str().unwrap_or("?").to_string();
            return attempt.error(format!("refused a redirect to another server ({host})"));
        }
        attempt.follow()
    })
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

impl ApiClient {
    pub fn new(config: ClientConfig) -> ApiResult<ApiClient> {
        let base = validate_base_url(&config.base_url)?;
        let token = match &config.credentials.auth {
            Auth::Pat(t) | Auth::Bearer(t) => t,
        };
        if token.is_empty() && config.refresher.is_none() {
            return Err(ApiError::Config(
                "the access token is empty; sign in again with `mgtui login`".into(),
            ));
        }
        let build = |auth: bool| {
            let mut headers = HeaderMap::new();
            if auth {
                headers.insert(ACCEPT, "application/json".parse().expect("static header"));
            }
            reqwest::Client::builder()
                .user_agent(concat!("mgtui/", env!("CARGO_PKG_VERSION")))
                .redirect(redirect_policy(auth))
                .referer(false)
                .default_headers(headers)
                .timeout(config.timeout)
                .connect_timeout(config.connect_timeout)
                // API answers are JSON, a tenth of the size gzipped; renditions are
                // JPEGs, which do not shrink.
                .gzip(auth)
                .https_only(false)
                .build()
                .map_err(|e| ApiError::Config(format!("HTTP client: {e}")))
        };
        Ok(ApiClient {
            inner: Arc::new(Inner {
                http: build(true)?,
                download: file_client(reqwest::redirect::Policy::none(), &config)?,
                plain_download: file_client(redirect_policy(false), &config)?,
                plain: build(false)?,
                base,
                live: std::sync::RwLock::new((config.credentials.auth.clone(), config.expires_at)),
                credentials: config.credentials,
                retry: config.retry,
                refresher: config.refresher,
                refresh_margin: config.refresh_margin,
                refresh_lock: tokio::sync::Mutex::new(()),
                limits: config.limits,
            }),
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    pub fn organization_id(&self) -> Option<i64> {
        self.inner.credentials.organization_id
    }

    fn url_for(&self, path: &str, query: &[(String, String)]) -> ApiResult<Url> {
        let mut url = self
            .inner
            .base
            .join(path)
            .map_err(|e| ApiError::Config(format!("bad path {path}: {e}")))?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        Ok(url)
    }

    fn live_auth(&self) -> (Auth, Option<u64>) {
        self.inner
            .live
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Renew the bearer token unless another call already did since `used` was sent.
    async fn refresh_after(&self, used: &Auth) -> Result<(), String> {
        let Some(refresher) = &self.inner.refresher else {
            return Err("no refresh token".into());
        };
        let _guard = self.inner.refresh_lock.lock().await;
        if !same_token(&self.live_auth().0, used) {
            return Ok(());
        }
        let fresh = refresher.0.refresh().await?;
        tracing::info!("access token renewed");
        *self.inner.live.write().unwrap_or_else(|e| e.into_inner()) =
            (Auth::Bearer(fresh.access), fresh.expires_at);
        Ok(())
    }

    /// Renew ahead of expiry; a failure here is left for the 401 path to report.
    async fn refresh_if_due(&self) {
        if self.inner.refresher.is_none() {
            return;
        }
        let (auth, expires_at) = self.live_auth();
        let Some(at) = expires_at else { return };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        if now + self.inner.refresh_margin.as_secs() >= at
            && let Err(e) = self.refresh_after(&auth).await
        {
            tracing::info!("renewing the access token before expiry failed: {e}");
        }
    }

    fn authorise(&self, rb: reqwest::RequestBuilder, auth: &Auth) -> reqwest::RequestBuilder {
        let creds = &self.inner.credentials;
        let rb = match auth {
            Auth::Pat(token) => rb.basic_auth("", Some(token.expose())),
            Auth::Bearer(token) => rb.header(AUTHORIZATION, format!("Bearer {}", token.expose())),
        };
        match creds.organization_id {
            Some(org) => rb.header("OrganizationId", org.to_string()),
            None => rb,
        }
    }

    /// Send one call, retrying as the policy allows, and return status-checked bytes.
    pub async fn send(
        &self,
        route: Route,
        params: &[&str],
        query: &[(String, String)],
        body: Option<&Value>,
    ) -> ApiResult<Reply<bytes::Bytes>> {
        let path = route.path(params);
        let url = self.url_for(&path, query)?;
        let policy = &self.inner.retry;
        let started = Instant::now();
        let mut attempt: u32 = 0;
        let mut refreshed = false;
        self.refresh_if_due().await;
        loop {
            attempt += 1;
            let mut rb = self
                .inner
                .http
                .request(to_reqwest(route.method), url.clone());
            let (used, _) = self.live_auth();
            rb = self.authorise(rb, &used);
            if let Some(b) = body {
                rb = rb.header(CONTENT_TYPE, "application/json").json(b);
            }
            let outcome = rb.send().await;
            let (err, wait_hint) = match outcome {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    let total_entries = header_u64(&headers, "total-entries");
                    let cap = self.inner.limits.of(route.answer);
                    let what = format!("{} {path}", route.method.as_str());
                    let bytes = match read_capped(resp, cap, &what).await {
                        Ok(b) => b,
                        Err(err @ ApiError::TooLarge { .. }) => {
                            tracing::warn!("{err}");
                            return Err(err);
                        }
                        Err(err) => {
                            let retry = route.method.is_idempotent_read();
                            match self.pause_before_retry(retry, attempt, started, None).await {
                                true => continue,
                                false => return Err(err),
                            }
                        }
                    };
                    if (200..300).contains(&status) {
                        tracing::debug!(method = route.method.as_str(), %path, status, "ok");
                        return Ok(Reply {
                            body: bytes,
                            total_entries,
                        });
                    }
                    let err = error_from_status(status, &headers, &bytes, &path);
                    tracing::info!(method = route.method.as_str(), %path, status, "failed: {err}");
                    if status == 401
                        && matches!(used, Auth::Bearer(_))
                        && self.inner.refresher.is_some()
                    {
                        if refreshed {
                            return Err(relogin(None));
                        }
                        refreshed = true;
                        match self.refresh_after(&used).await {
                            Ok(()) => {
                                attempt -= 1;
                                continue;
                            }
                            Err(e) => return Err(relogin(Some(&e))),
                        }
                    }
                    let wait = match &err {
                        ApiError::RateLimited { retry_after } => *retry_after,
                        _ => None,
                    };
                    (err, wait)
                }
                Err(e) => {
                    let err = map_transport(&e);
                    tracing::info!(method = route.method.as_str(), %path, "transport: {err}");
                    // A refused connection provably never reached the server.
                    if e.is_connect() && !route.method.is_idempotent_read() {
                        match self.pause_before_retry(true, attempt, started, None).await {
                            true => continue,
                            false => return Err(err),
                        }
                    }
                    (err, None)
                }
            };
            let retryable = match &err {
                ApiError::RateLimited { .. } => true,
                e if route.method.is_idempotent_read() => e.is_transient(),
                _ => false,
            };
            if let Some(wait) = wait_hint
                && wait > policy.max_retry_after
            {
                return Err(err);
            }
            if !self
                .pause_before_retry(retryable, attempt, started, wait_hint)
                .await
            {
                return Err(err);
            }
        }
    }

    /// Sleep before the next attempt if one is allowed; false means give up.
    async fn pause_before_retry(
        &self,
        retryable: bool,
        attempt: u32,
        started: Instant,
        hint: Option<Duration>,
    ) -> bool {
        let policy = &self.inner.retry;
        if !retryable || attempt >= policy.max_attempts {
            return false;
        }
        let delay = hint.unwrap_or_else(|| backoff(policy, attempt));
        if started.elapsed() + delay > policy.max_total {
            return false;
        }
        tokio::time::sleep(delay).await;
        true
    }

    /// Send and decode the JSON answer into `T`.
    pub async fn call<T: DeserializeOwned>(
        &self,
        route: Route,
        params: &[&str],
        query: &[(String, String)],
        body: Option<&Value>,
    ) -> ApiResult<Reply<T>> {
        let reply = self.send(route, params, query, body).await?;
        Ok(Reply {
            body: decode(&reply.body)?,
            total_entries: reply.total_entries,
        })
    }

    /// One page of a list endpoint.
    pub async fn page<T: DeserializeOwned>(
        &self,
        route: Route,
        params: &[&str],
        query: &[(String, String)],
        dialect: PageDialect,
        page: u32,
        per_page: u32,
    ) -> ApiResult<Paged<T>> {
        let mut q = query.to_vec();
        q.push(("page".into(), page.to_string()));
        q.push(("per_page".into(), per_page.to_string()));
        if dialect == PageDialect::CurrentPageSize {
            q.push(("current".into(), page.to_string()));
            q.push(("pageSize".into(), per_page.to_string()));
        }
        let reply: Reply<Value> = self.call(route, params, &q, None).await?;
        let items = list_items(reply.body)?;
        Ok(Paged {
            items,
            total_entries: reply.total_entries,
            page,
            per_page,
        })
    }

    /// Walk a list endpoint page by page until it is exhausted or `max_items` is reached.
    pub async fn all_pages<T: DeserializeOwned>(
        &self,
        route: Route,
        params: &[&str],
        query: &[(String, String)],
        dialect: PageDialect,
        per_page: u32,
        max_items: usize,
    ) -> ApiResult<Vec<T>> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let p: Paged<T> = self
                .page(route, params, query, dialect, page, per_page)
                .await?;
            let got = p.items.len();
            let more = p.has_more();
            out.extend(p.items);
            if got == 0 || !more || out.len() >= max_items {
                break;
            }
            page += 1;
        }
        out.truncate(max_items);
        Ok(out)
    }

    /// Fetch a signed rendition URL (thumbnail, preview) without the API credentials.
    pub async fn fetch_rendition(&self, raw_url: &str, max_bytes: usize) -> ApiResult<Vec<u8>> {
        let resp = get_self_authorised(&self.inner.plain, raw_url, 0, "rendition").await?;
        let bytes = read_capped(resp, max_bytes as u64, "a thumbnail").await?;
        Ok(bytes.to_vec())
    }

    /// Start reading asset `id`'s file at `size` (of data version `version`, else the
    /// current one) from byte `from` (a `Range` request when `from` > 0). The body is
    /// read chunk by chunk by the caller; nothing is held whole. Not retried here: the
    /// caller resumes from what it has.
    pub async fn download_asset(
        &self,
        id: i64,
        size: &str,
        version: Option<i64>,
        from: u64,
    ) -> ApiResult<FileStream> {
        let id = id.to_string();
        let path = super::routes::ASSET_DOWNLOAD.path(&[&id]);
        let mut query = vec![
            ("size".to_string(), size.to_string()),
            ("via".to_string(), "mgtui".to_string()),
        ];
        if let Some(v) = version {
            query.push(("version_number".to_string(), v.to_string()));
        }
        let url = self.url_for(&path, &query)?;
        self.refresh_if_due().await;
        let (auth, _) = self.live_auth();
        let mut rb = self.authorise(self.inner.download.get(url), &auth);
        if from > 0 {
            rb = rb.header(reqwest::header::RANGE, format!("bytes={from}-"));
        }
        let mut resp = rb.send().await.map_err(|e| map_transport(&e))?;
        // Servers that keep files in object storage answer with a redirect to a signed
        // URL: follow it without the API credentials (storage refuses them, and they
        // must not leave for another host).
        if resp.status().is_redirection()
            && let Some(to) = header_text(resp.headers(), "location")
        {
            let to = resp
                .url()
                .join(&to)
                .map_err(|e| ApiError::Config(format!("download redirect: {e}")))?;
            resp = get_self_authorised(&self.inner.plain_download, to.as_str(), from, "download")
                .await?;
        }
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            let headers = resp.headers().clone();
            let body = read_capped(resp, 1 << 20, &format!("GET {path}"))
                .await
                .unwrap_or_default();
            return Err(error_from_status(status, &headers, &body, &path));
        }
        let headers = resp.headers();
        let resumed = status == 206;
        let length = resp.content_length();
        let total = match resumed {
            true => header_text(headers, "content-range")
                .and_then(|r| r.rsplit_once('/').and_then(|(_, t)| t.parse().ok())),
            false => length,
        };
        let starts_at = match resumed {
            true => header_text(headers, "content-range").and_then(|r| {
                let r = r.strip_prefix("bytes ")?;
                r.split_once('-')?.0.trim().parse().ok()
            }),
            false => Some(0),
        };
        let filename =
            header_text(headers, "content-disposition").and_then(|d| attachment_name(&d));
        Ok(FileStream {
            resp,
            starts_at,
            total,
            filename,
        })
    }

    /// Start reading a file at a URL that authorises itself (a prepared download's token
    /// URL), without the API credentials.
    pub async fn fetch_file(&self, raw_url: &str) -> ApiResult<FileStream> {
        let resp = get_self_authorised(&self.inner.plain_download, raw_url, 0, "download").await?;
        let total = resp.content_length();
        let filename =
            header_text(resp.headers(), "content-disposition").and_then(|d| attachment_name(&d));
        Ok(FileStream {
            resp,
            starts_at: Some(0),
            total,
            filename,
        })
    }

    /// PUT the `size` bytes of the file at `path` to a signed storage URL, without the
    /// API credentials (storage refuses them, and they must not leave for its host).
    /// Streamed from disk in chunks; `sent` is told the running count. Not retried here.
    pub async fn put_file(
        &self,
        url: &super::Secret,
        path: &std::path::Path,
        size: u64,
        sent: std::sync::Arc<dyn Fn(u64) + Send + Sync>,
    ) -> ApiResult<()> {
        let what = "the upload";
        let url = self_authorised_url(url.expose(), what)?;
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| ApiError::Config(format!("cannot read {}: {e}", path.display())))?;
        let body = reqwest::Body::wrap_stream(file_chunks(file, size, sent));
        let resp = self
            .inner
            .plain_download
            .put(url)
            .header(reqwest::header::CONTENT_LENGTH, size)
            .body(body)
            .send()
            .await
            .map_err(|e| map_transport(&e.without_url()))?;
        succeeded(resp, what).await.map(|_| ())
    }

    /// The absolute URL for an API path (e.g. a download token URL).
    pub fn absolute(&self, route: Route, params: &[&str]) -> ApiResult<String> {
        Ok(self.url_for(&route.path(params), &[])?.to_string())
    }
}

/// GET a URL that carries its own authorisation (signed renditions, download tokens)
/// with `client`, which sends no credentials: https only (plain http on loopback), and a
/// non-2xx answer as its typed error naming `what`.
async fn get_self_authorised(
    client: &reqwest::Client,
    raw_url: &str,
    from: u64,
    what: &str,
) -> ApiResult<reqwest::Response> {
    let url = self_authorised_url(raw_url, what)?;
    let mut rb = client.get(url);
    if from > 0 {
        rb = rb.header(reqwest::header::RANGE, format!("bytes={from}-"));
    }
    // The URL authorises the request: errors do not carry it.
    let resp = rb
        .send()
        .await
        .map_err(|e| map_transport(&e.without_url()))?;
    succeeded(resp, what).await
}

/// A URL that carries its own authorisation, if it may be used: https only (plain http
/// on loopback). Errors never repeat it (it is a credential).
fn self_authorised_url(raw: &str, what: &str) -> ApiResult<Url> {
    let url =
        Url::parse(raw).map_err(|e| ApiError::Config(format!("{what} URL is not a URL: {e}")))?;
    match url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url)) {
        true => Ok(url),
        false => Err(ApiError::Config(format!(
            "{what} URL must be https (plain http only on loopback)"
        ))),
    }
}

/// The response when its status is 2xx, else the typed error it carries.
async fn succeeded(resp: reqwest::Response, what: &str) -> ApiResult<reqwest::Response> {
    let status = resp.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(resp);
    }
    if matches!(status, 400 | 401 | 403) {
        // Storage says why in XML of its own; what matters is that the link is spent.
        return Err(ApiError::LinkRefused {
            what: what.trim_start_matches("the ").to_string(),
            status,
        });
    }
    let headers = resp.headers().clone();
    let body = read_capped(resp, 1 << 20, what).await.unwrap_or_default();
    Err(error_from_status(status, &headers, &body, what))
}

/// The first `size` bytes of `file` in chunks, counting them into `sent`; a file that
/// turns out shorter is an error (the storage would get fewer bytes than announced).
fn file_chunks(
    file: tokio::fs::File,
    size: u64,
    sent: std::sync::Arc<dyn Fn(u64) + Send + Sync>,
) -> impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> {
    use tokio::io::AsyncReadExt;
    const CHUNK: usize = 256 * 1024;
    futures_util::stream::try_unfold((file, 0u64), move |(mut file, done)| {
        let sent = sent.clone();
        async move {
            if done >= size {
                return Ok(None);
            }
            let want = CHUNK.min((size - done) as usize);
            let mut buf = bytes::BytesMut::with_capacity(want);
            while buf.len() < want {
                if file.read_buf(&mut buf).await? == 0 {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        format!(
                            "the file ended after {} of {size} bytes",
                            done + buf.len() as u64
                        ),
                    ));
                }
            }
            buf.truncate(want);
            let done = done + want as u64;
            sent(done);
            Ok(Some((buf.freeze(), (file, done))))
        }
    })
}

/// Read a body as it streams in, giving up as soon as it passes `cap` bytes (or says it
/// will): a padded or hostile answer never sits whole in memory.
async fn read_capped(mut resp: reqwest::Response, cap: u64, what: &str) -> ApiResult<bytes::Bytes> {
    let too_large = || ApiError::TooLarge {
        what: what.to_string(),
        limit: cap,
    };
    if resp.content_length().is_some_and(|len| len > cap) {
        return Err(too_large());
    }
    let mut body = bytes::BytesMut::with_capacity(resp.content_length().unwrap_or(0) as usize);
    while let Some(chunk) = resp.chunk().await.map_err(|e| map_transport(&e))? {
        if (body.len() + chunk.len()) as u64 > cap {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A file coming in: where it starts (0, or the resumed offset the server granted), its
/// whole size when known, and its bytes chunk by chunk.
pub struct FileStream {
    resp: reqwest::Response,
    /// The offset of the first byte sent; `None` for a partial answer that does not say
    /// (its bytes cannot be placed).
    pub starts_at: Option<u64>,
    pub total: Option<u64>,
    /// The name the server gives the file (`Content-Disposition`), as sent: not safe
    /// for a file system until cleaned.
    pub filename: Option<String>,
}

/// `attachment; filename="a b.jpg"` → `a b.jpg` (also unquoted and `filename*=UTF-8''…`).
fn attachment_name(disposition: &str) -> Option<String> {
    let mut plain = None;
    for part in parameters(disposition) {
        if let Some(v) = part.strip_prefix("filename*=") {
            let v = v.trim_matches('"');
            let encoded = v.split_once("''").map_or(v, |(_, rest)| rest);
            if let Some(name) = percent_decode(encoded) {
                return Some(name);
            }
        } else if let Some(v) = part.strip_prefix("filename=") {
            plain = Some(v.trim().trim_matches('"').replace("\\\"", "\""));
        }
    }
    plain.filter(|n| !n.is_empty())
}

/// The `;`-separated parts of a header value, a `;` inside quotes kept in its part.
fn parameters(value: &str) -> Vec<&str> {
    let (mut out, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(value[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(value[start..].trim());
    out
}

/// `%E5%86%99` → the UTF-8 it encodes; `None` for a broken escape or bytes that are not
/// UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl FileStream {
    /// The next chunk; `None` at the end. A connection that drops is a `Network` error.
    pub async fn chunk(&mut self) -> ApiResult<Option<bytes::Bytes>> {
        // The URL can be a credential (a download token): errors do not carry it.
        self.resp
            .chunk()
            .await
            .map_err(|e| map_transport(&e.without_url()))
    }
}

fn to_reqwest(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// Exponential backoff with full jitter in [delay/2, delay].
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(policy.max_delay);
    let half = capped / 2;
    half + Duration::from_millis(fastrand::u64(0..=half.as_millis() as u64))
}

fn same_token(a: &Auth, b: &Auth) -> bool {
    match (a, b) {
        (Auth::Bearer(x), Auth::Bearer(y)) | (Auth::Pat(x), Auth::Pat(y)) => x == y,
        _ => false,
    }
}

fn relogin(why: Option<&str>) -> ApiError {
    let why = why
        .map(|w| format!(" ({})", crate::sanitize::clean(w)))
        .unwrap_or_default();
    ApiError::Unauthorized {
        note: Some(format!(
            "the session expired and could not be renewed{why} — run `mgtui login` again"
        )),
    }
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.trim().parse().ok())
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn map_transport(e: &reqwest::Error) -> ApiError {
    if e.is_timeout() {
        return ApiError::Timeout;
    }
    // reqwest's Display names the URL (never credentials: those travel in headers).
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg = format!("{msg}: {s}");
        src = s.source();
    }
    ApiError::Network(msg)
}

/// Map a non-2xx answer to its typed error, reading the server's message if any.
pub(crate) fn error_from_status(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    path: &str,
) -> ApiError {
    let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let message = server_message(&json).unwrap_or_else(|| {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        if text.is_empty() || text.starts_with('<') || text.len() > 200 {
            http_reason(status).to_string()
        } else {
            text.to_string()
        }
    });
    match status {
        401 => ApiError::Unauthorized {
            note: header_text(headers, "x-pat-disabled-note")
                .map(|n| format!("the access token was disabled: {n}"))
                .or_else(|| server_message(&json)),
        },
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound {
            what: path.to_string(),
        },
        422 => ApiError::Validation {
            message,
            fields: field_errors(&json),
        },
        429 => ApiError::RateLimited {
            retry_after: header_text(headers, RETRY_AFTER.as_str())
                .and_then(|s| parse_retry_after(&s, std::time::SystemTime::now())),
        },
        500..=599 => ApiError::Server { status, message },
        _ => ApiError::Http { status, message },
    }
}

/// `Retry-After`: delay seconds, or an HTTP date (how long until then; a date in the
/// past means now).
fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn http_reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("error")
}

fn server_message(json: &Value) -> Option<String> {
    for key in ["error", "message", "error_message"] {
        match json.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => return Some(s.clone()),
            Some(Value::Object(o)) => {
                if let Some(Value::String(s)) = o.get("message") {
                    return Some(s.clone());
                }
            }
            _ => {}
        }
    }
    match json.get("errors") {
        Some(Value::Array(a)) => {
            let msgs: Vec<String> = a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            (!msgs.is_empty()).then(|| msgs.join("; "))
        }
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn field_errors(json: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    if let Some(Value::Object(map)) = json.get("errors") {
        for (field, v) in map {
            let msgs = match v {
                Value::Array(a) => a
                    .iter()
                    .filter_map(|m| super::de::value_to_string(m.clone()))
                    .collect(),
                other => super::de::value_to_string(other.clone())
                    .into_iter()
                    .collect(),
            };
            out.insert(field.clone(), msgs);
        }
    }
    out
}

/// Decode a JSON body; an empty body decodes as `null` (DELETE/cancel answers).
/// A failure names the JSON path where the payload stopped making sense.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    let trimmed = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&bytes[..0], |i| &bytes[i..]);
    let source: &[u8] = if trimmed.is_empty() { b"null" } else { bytes };
    // The plain parse is the fast path; only a failure is parsed again, tracking the
    // path, to say where the payload went wrong.
    if let Ok(v) = serde_json::from_slice(source) {
        return Ok(v);
    }
    let mut de = serde_json::Deserializer::from_slice(source);
    match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            Err(ApiError::BadPayload {
                path: if path.is_empty() { ".".into() } else { path },
                detail: e.into_inner().to_string(),
            })
        }
    }
}

/// List answers are a bare array; tolerate `{"<anything>": [...]}` wrappers too.
pub(crate) fn list_items<T: DeserializeOwned>(body: Value) -> ApiResult<Vec<T>> {
    let array = match body {
        Value::Array(a) => a,
        Value::Null => Vec::new(),
        Value::Object(mut o) => {
            let key = o.iter().find(|(_, v)| v.is_array()).map(|(k, _)| k.clone());
            match key.and_then(|k| o.remove(&k)) {
                Some(Value::Array(a)) => a,
                _ => {
                    return Err(ApiError::BadPayload {
                        path: ".".into(),
                        detail: "expected a list".into(),
                    });
                }
            }
        }
        _ => {
            return Err(ApiError::BadPayload {
                path: ".".into(),
                detail: "expected a list".into(),
            });
        }
    };
    let mut out = Vec::with_capacity(array.len());
    for (i, item) in array.into_iter().enumerate() {
        let v = serde_path_to_error::deserialize(item).map_err(|e| ApiError::BadPayload {
            path: format!("[{i}].{}", e.path()),
            detail: e.into_inner().to_string(),
        })?;
        out.push(v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        // 2015-10-21 07:28:00 GMT, 120 s after `now`.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn http_only_on_loopback() {
        assert!(validate_base_url("https://api.mediagraph.io").is_ok());
        assert!(validate_base_url("http://127.0.0.1:8080").is_ok());
        assert!(validate_base_url("http://localhost:1").is_ok());
        assert!(validate_base_url("http://[::1]:9").is_ok());
        assert!(matches!(
            validate_base_url("http://api.mediagraph.io"),
            Err(ApiError::Config(_))
        ));
        assert!(validate_base_url("ftp://x").is_err());
        assert!(validate_base_url("not a url").is_err());
    }

    #[test]
    fn status_mapping_reads_bodies_and_headers() {
        let mut h = HeaderMap::new();
        h.insert("x-pat-disabled-note", "expired by admin".parse().unwrap());
        assert_eq!(
            error_from_status(401, &h, b"", "/api/whoami"),
            ApiError::Unauthorized {
                note: Some("the access token was disabled: expired by admin".into())
            }
        );
        let body = br#"{"errors": {"rating": ["must be between 0 and 5"]}, "error": "invalid"}"#;
        match error_from_status(422, &HeaderMap::new(), body, "/api/assets/1") {
            ApiError::Validation { fields, message } => {
                assert_eq!(fields["rating"], vec!["must be between 0 and 5"]);
                assert_eq!(message, "invalid");
            }
            other => panic!("{other:?}"),
        }
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(
            error_from_status(429, &h, b"", "/x"),
            ApiError::RateLimited {
                retry_after: Some(Duration::from_secs(7))
            }
        );
        assert!(matches!(
            error_from_status(503, &HeaderMap::new(), b"<html>", "/x"),
            ApiError::Server { status: 503, ref message } if message == "Service Unavailable"
        ));
    }

    #[test]
    fn attachment_names_are_read_quoted_plain_and_encoded() {
        assert_eq!(
            attachment_name("attachment; filename=\"harbour at dawn.jpg\"").as_deref(),
            Some("harbour at dawn.jpg")
        );
        assert_eq!(
            attachment_name("attachment; filename=a.jpg").as_deref(),
            Some("a.jpg")
        );
        assert_eq!(
            attachment_name(
                "attachment; filename=\"x.jpg\"; filename*=UTF-8''%E5%86%99%E7%9C%9F.jpg"
            )
            .as_deref(),
            Some("写真.jpg")
        );
        assert_eq!(attachment_name("inline"), None);
        assert_eq!(
            attachment_name("attachment; filename=\"a;b.jpg\"; size=3").as_deref(),
            Some("a;b.jpg"),
            "a ; inside quotes is part of the name"
        );
        assert_eq!(
            attachment_name("attachment; filename*=UTF-8''fish%26chips.jpg").as_deref(),
            Some("fish&chips.jpg")
        );
    }

    #[test]
    fn decode_names_the_failing_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            items: Vec<Inner>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            n: u8,
        }
        let err = decode::<Outer>(br#"{"items": [{"n": 1}, {"n": "x"}]}"#).unwrap_err();
        match err {
            ApiError::BadPayload { path, .. } => assert_eq!(path, "items[1].n"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode::<Value>(b"{\"assets\": [{\"id\": 1,"),
            Err(ApiError::BadPayload { .. })
        ));
        assert_eq!(decode::<Value>(b"  ").unwrap(), Value::Null);
    }

    #[test]
    fn paging_knows_when_to_stop() {
        let p = Paged::<u8> {
            items: vec![0; 10],
            total_entries: Some(25),
            page: 2,
            per_page: 10,
        };
        assert!(p.has_more());
        let p = Paged::<u8> {
            items: vec![0; 5],
            total_entries: Some(25),
            page: 3,
            per_page: 10,
        };
        assert!(!p.has_more());
        let p = Paged::<u8> {
            items: vec![0; 10],
            total_entries: None,
            page: 1,
            per_page: 10,
        };
        assert!(p.has_more());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let pol = RetryPolicy::default();
        for attempt in 1..10 {
            let d = backoff(&pol, attempt);
            assert!(d <= pol.max_delay, "{d:?}");
        }
        assert!(backoff(&pol, 1) <= pol.base_delay);
    }
}
