//! Embedded Mediagraph-compatible server for demos and tests.
//!
//! Serves the subset of the Mediagraph REST API mgtui uses (paths as in `openapi.json`,
//! payload shapes copied from its recorded examples) over an in-memory, deterministic demo
//! organisation built from `assets/demo/photos.json`, plus signed JPEG renditions. Auth works
//! like the real service (PAT as Basic with an empty user name, or Bearer; `OrganizationId`
//! header). Fault knobs (latency, stalls, error rates, queued failures, malformed JSON) can be
//! changed at run time with [`DemoServer::set_faults`].
//!
//! Uploads work end to end: sessions, announced files with S3-style signed PUT URLs that
//! point back at this server (`/s3-uploads/...`, no API credentials), `set_uploaded`, and
//! background processing that renders previews from the uploaded pictures. Bytes are kept
//! in a temporary directory removed at shutdown (files over 64 MiB are only counted).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use mgtui_demo::{DemoOptions, DemoServer};
//! let server = DemoServer::start(DemoOptions::default()).await?;
//! println!("{} token={} org={}", server.base_url(), server.token(), server.organization_id());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::middleware::from_fn_with_state;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

mod catalogue;
mod comments;
mod edit;
mod embedded;
mod faults;
mod hostile;
mod jobs;
mod lightbox_people;
mod middleware;
mod model;
mod notifications;
mod oauth;
mod params;
mod payload;
mod presign;
mod processing;
mod renditions;
mod routes;
mod saved_searches;
mod search;
mod seed;
mod share_links;
mod shares;
mod state;
#[cfg(test)]
mod test_http;
pub(crate) use mediagraph_api::timeutil;
mod upload_store;
mod uploads;
mod versions;
mod workflows;
mod zip;

pub use faults::FaultSettings;
pub use oauth::OAuthStats;
pub use seed::ids;
pub use state::LoggedRequest;

use state::{AppState, Shared, World};

/// The demo personal access token.
pub const DEMO_TOKEN: &str = "mgtui-demo-token";
/// The demo organisation id.
pub const DEMO_ORG_ID: i64 = seed::ORG_ID;
/// Number of assets in the base set (before `extra_assets`).
pub const BASE_ASSET_COUNT: usize = seed::BASE_ASSETS;

/// How to start the demo server.
#[derive(Clone, Debug, Default)]
pub struct DemoOptions {
    /// 0 = OS-chosen; binds 127.0.0.1 only.
    pub port: u16,
    /// Additional generated assets on top of the base set.
    pub extra_assets: usize,
    /// Seed names/titles with escape sequences, BEL, C1 controls, RTL text, wide CJK/emoji,
    /// CR/LF and 300-char names.
    pub hostile_strings: bool,
    /// Initial fault knobs.
    pub faults: FaultSettings,
}

/// A running demo server; dropping it stops the server too.
pub struct DemoServer {
    state: AppState,
    addr: SocketAddr,
    shutdown_tx: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
    runner: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// Seeds the data, binds 127.0.0.1:`port` and starts serving in the background.
    pub async fn start(opts: DemoOptions) -> std::io::Result<DemoServer> {
        let seed_opts = seed::SeedOptions {
            extra_assets: opts.extra_assets,
            hostile_strings: opts.hostile_strings,
        };
        let db = tokio::task::spawn_blocking(move || {
            seed::build(catalogue::Catalogue::load(), &seed_opts)
        })
        .await
        .map_err(std::io::Error::other)?;
        let comments = db
            .groups
            .iter()
            .find(|g| g.kind == model::Kind::Lightbox && g.name == "Client picks")
            .map(|g| comments::seeded(g.asset_group_id, db.user.id))
            .unwrap_or_default();
        let workflows = workflows::Workflows::seeded(&db);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port)).await?;
        let addr = listener.local_addr()?;
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let state: AppState = Arc::new(Shared {
            world: Mutex::new(World {
                db,
                jobs: Vec::new(),
                downloads: Default::default(),
                downloads_made: 0,
                file_bytes_sent: 0,
                saved_searches: saved_searches::SavedSearches::seeded(),
                uploads: Default::default(),
                upload_bytes_received: 0,
                share_links: Vec::new(),
                shares: Vec::new(),
                lightbox_people: lightbox_people::People::seeded(),
                comments,
                versions: Default::default(),
                notifications: notifications::seeded(),
                workflows,
            }),
            faults: Mutex::new(faults::FaultState::new(opts.faults)),
            log: Mutex::new(Vec::new()),
            token: DEMO_TOKEN.to_string(),
            org_id: seed::ORG_ID,
            ctx: payload::Ctx {
                base_url: format!("http://{addr}"),
                secret: fastrand::u64(..),
            },
            cache: renditions::Cache::default(),
            store: Default::default(),
            jobs_wake: Notify::new(),
            oauth: Mutex::new(oauth::OAuthState::default()),
            shutdown: shutdown_rx,
        });
        let app = routes::router()
            .merge(oauth::router())
            .layer(from_fn_with_state(state.clone(), middleware::auth))
            .layer(from_fn_with_state(state.clone(), faults::middleware))
            // gzip for clients that ask (JSON; images are left alone), outside the
            // faults so a cut or padded answer is cut or padded before compression.
            .layer(tower_http::compression::CompressionLayer::new())
            .layer(from_fn_with_state(state.clone(), middleware::log))
            .with_state(state.clone());
        let stop = state.clone();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move { stop.wait_shutdown().await })
                .await;
        });
        let runner = tokio::spawn(jobs::runner(state.clone()));
        Ok(DemoServer {
            state,
            addr,
            shutdown_tx,
            server: Some(server),
            runner: Some(runner),
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The personal access token the server accepts.
    pub fn token(&self) -> &str {
        &self.state.token
    }

    pub fn organization_id(&self) -> i64 {
        self.state.org_id
    }

    /// Replaces the fault knobs (and the `fail_next` queue); applies from the next request.
    pub fn set_faults(&self, f: FaultSettings) {
        *self.state.faults.lock().unwrap_or_else(|e| e.into_inner()) = faults::FaultState::new(f);
    }

    /// Lifetime of the OAuth access tokens issued from now on.
    pub fn set_oauth_token_lifetime(&self, lifetime: Duration) {
        self.state
            .oauth
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .lifetime = lifetime;
    }

    /// Expire every OAuth access token now (refresh tokens stay valid).
    pub fn expire_oauth_tokens(&self) {
        self.state
            .oauth
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .expire_all();
    }

    /// What the OAuth endpoints have done so far.
    pub fn oauth_stats(&self) -> OAuthStats {
        self.state
            .oauth
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .stats
            .clone()
    }

    /// Every request received so far, in order.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.state
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn clear_request_log(&self) {
        self.state
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Bytes of asset files sent so far (`GET /api/assets/{id}/download`).
    pub fn file_bytes_sent(&self) -> u64 {
        self.state.world().file_bytes_sent
    }

    /// The bytes `GET /api/assets/{id}/download?size=…` serves for this asset.
    pub async fn file_of(&self, id: i64, size: &str) -> Option<Vec<u8>> {
        routes::downloads::render_file(&self.state, id, size)
            .await
            .map(|(_, bytes)| bytes)
    }

    /// Body bytes received by the signed upload URLs so far (complete PUTs or not).
    pub fn upload_bytes_received(&self) -> u64 {
        self.state.world().upload_bytes_received
    }

    /// The bytes of the last complete PUT for asset `asset_id` (before or after
    /// `set_uploaded`); `None` when nothing arrived or the file was too large to keep.
    pub fn uploaded_file(&self, asset_id: i64) -> Option<Vec<u8>> {
        let path = {
            let w = self.state.world();
            let r = w.uploads.files.get(&asset_id)?;
            r.received.as_ref().or(r.current.as_ref())?.path.clone()?
        };
        std::fs::read(path).ok()
    }

    /// Every asset created through an upload session, in creation order.
    pub fn uploaded_assets(&self) -> Vec<UploadedAsset> {
        let w = self.state.world();
        w.db.assets
            .iter()
            .filter_map(|a| {
                let u = a.upload.as_deref()?;
                Some(UploadedAsset {
                    id: a.id,
                    guid: a.guid.clone(),
                    filename: a.filename.clone(),
                    file_size: a.file_size,
                    folder_id: a.storage_folder_id,
                    folder_path: uploads::folder_path_names(&w.db, a.storage_folder_id),
                    aasm_state: a.state.name().to_string(),
                    upload_id: u.id,
                    created_via: u.created_via.clone(),
                    created_via_id: u.created_via_id.clone(),
                    data_version: a.data_version,
                    width: a.width,
                    height: a.height,
                    trashed: a.trashed_at.is_some(),
                })
            })
            .collect()
    }

    /// Every upload session opened so far.
    pub fn upload_sessions(&self) -> Vec<UploadSessionInfo> {
        let w = self.state.world();
        w.uploads
            .sessions
            .iter()
            .map(|s| UploadSessionInfo {
                id: s.id,
                guid: s.guid.clone(),
                name: s.name.clone(),
                folder_path: uploads::folder_path_names(&w.db, s.folder_id),
                assets_count: s.assets_count,
                done: s.done_at.is_some(),
            })
            .collect()
    }

    /// Requests with this method (case-insensitive) whose path starts with `path_prefix`.
    pub fn request_count(&self, method: &str, path_prefix: &str) -> usize {
        self.state
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|r| r.method.eq_ignore_ascii_case(method) && r.path.starts_with(path_prefix))
            .count()
    }

    /// Stops accepting, releases stalled requests and waits (up to 5 s) for the server.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown_tx.send(true);
        self.state.store.close();
        if let Some(h) = self.server.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), h).await;
        }
        if let Some(h) = self.runner.take() {
            let _ = tokio::time::timeout(Duration::from_secs(1), h).await;
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.shutdown_tx.send(true);
        self.state.store.close();
    }
}

/// An asset created through an upload (see [`DemoServer::uploaded_assets`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedAsset {
    pub id: i64,
    pub guid: String,
    pub filename: String,
    /// As announced (the size of the latest version).
    pub file_size: i64,
    pub folder_id: i64,
    /// Folder names from the root, e.g. `Staff uploads/shoot/day1`.
    pub folder_path: String,
    /// `pending`, `uploaded`, `processing`, `processed` or `processing_error`.
    pub aasm_state: String,
    /// The upload session.
    pub upload_id: i64,
    pub created_via: Option<String>,
    pub created_via_id: Option<String>,
    pub data_version: i64,
    /// 0 until processed.
    pub width: i64,
    pub height: i64,
    pub trashed: bool,
}

/// An upload session (see [`DemoServer::upload_sessions`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadSessionInfo {
    pub id: i64,
    pub guid: String,
    pub name: Option<String>,
    /// Folder names of the session's folder, e.g. `Staff uploads`.
    pub folder_path: String,
    pub assets_count: i64,
    pub done: bool,
}

/// (method, axum route pattern with `{param}`) of every /api route served.
pub fn served_routes() -> Vec<(&'static str, &'static str)> {
    routes::served_routes()
}
