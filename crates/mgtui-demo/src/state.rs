//! Shared server state: the data (one lock), fault knobs, request log, secrets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, watch};

use super::faults::FaultState;
use super::jobs::BulkJob;
use super::model::Db;
use super::payload::Ctx;
use super::renditions::Cache;
use super::saved_searches::SavedSearches;
use super::upload_store::UploadStore;
use super::uploads::Uploads;

/// One request as received (see `DemoServer::request_log`).
#[derive(Clone, Debug)]
pub struct LoggedRequest {
    pub method: String,
    /// Path without the query.
    pub path: String,
    pub query: String,
    pub body: String,
    pub at: Instant,
}

/// A prepared download (`POST /api/downloads`).
#[derive(Clone, Debug)]
pub struct Download {
    pub asset_ids: Vec<i64>,
    pub size: String,
    pub filename: String,
    pub expires_at: Instant,
}

/// Everything mutable about the organisation, under one lock.
pub struct World {
    pub db: Db,
    pub jobs: Vec<BulkJob>,
    pub downloads: HashMap<String, Download>,
    pub downloads_made: u64,
    /// Bytes of asset files sent (`GET /api/assets/{id}/download`), for resume checks.
    pub file_bytes_sent: u64,
    pub saved_searches: SavedSearches,
    pub uploads: Uploads,
    /// Body bytes received by the upload storage route (complete or not).
    pub upload_bytes_received: u64,
    pub share_links: Vec<crate::share_links::ShareLinkRec>,
    pub shares: Vec<crate::shares::ShareRec>,
    pub lightbox_people: crate::lightbox_people::People,
    pub comments: Vec<crate::comments::CommentRec>,
    /// Version histories of the assets whose versions changed (asset id → versions).
    pub versions: std::collections::HashMap<i64, Vec<crate::versions::VersionRec>>,
    pub notifications: Vec<crate::notifications::NotificationRec>,
    pub workflows: crate::workflows::Workflows,
}

pub struct Shared {
    pub world: Mutex<World>,
    pub faults: Mutex<FaultState>,
    pub log: Mutex<Vec<LoggedRequest>>,
    pub token: String,
    pub org_id: i64,
    pub ctx: Ctx,
    pub cache: Cache,
    /// Uploaded bytes on disk.
    pub store: UploadStore,
    /// Wakes the bulk-job runner when a job is queued.
    pub jobs_wake: Notify,
    pub oauth: Mutex<super::oauth::OAuthState>,
    pub shutdown: watch::Receiver<bool>,
}

pub type AppState = Arc<Shared>;

impl Shared {
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Resolves when the server is shutting down (or its handle was dropped).
    pub async fn wait_shutdown(&self) {
        let mut rx = self.shutdown.clone();
        while !*rx.borrow_and_update() {
            if rx.changed().await.is_err() {
                return;
            }
        }
    }

    /// Sleeps, returning early on shutdown.
    pub async fn sleep(&self, d: Duration) {
        tokio::select! {
            _ = tokio::time::sleep(d) => {}
            _ = self.wait_shutdown() => {}
        }
    }
}
