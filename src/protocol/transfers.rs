//! Transfers between Mediagraph and this machine: what the app asks the API task to move,
//! and how each transfer goes. Events carry the transfer's own number, not a request id:
//! one transfer reports many times.

use std::path::PathBuf;

use super::RequestId;

/// The request id events are sent under (no request waits for them).
pub const TRANSFER_MSG_ID: RequestId = u64::MAX;

/// One asset's file to fetch into `dir`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DownloadJob {
    /// The app's number for this transfer.
    pub transfer: u64,
    pub asset_id: i64,
    /// A `download_sizes` entry (`original`, `full`, `medium`, `small`…).
    pub size: String,
    pub dir: PathBuf,
    /// The name to save it as (made safe again by the worker).
    pub name: String,
    /// When not empty: these assets in one zip (`asset_id` is the first of them).
    #[serde(default)]
    pub zip_of: Vec<i64>,
    /// The asset's data version when asked for: a `.part` of another version is never
    /// resumed (its bytes are of another file).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Where a set of files goes: a storage folder, and the upload session once the server
/// opened one (every file of a batch goes through the same session).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UploadTarget {
    /// The app's number for the batch.
    pub batch: u64,
    pub folder_id: i64,
    /// The folder as the user knows it ("Archive/2024"), for messages.
    pub folder_name: String,
    /// The folder's contribution, through which its uploads land there; without one
    /// the server puts them in the organisation's default folder.
    pub contribution_id: Option<i64>,
    #[serde(default)]
    pub session: Option<SessionRef>,
    /// The file becomes a new version of this asset (`add_version`): no session, no
    /// folder; `folder_name` names the asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_of: Option<AssetRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionRef {
    pub id: i64,
    pub guid: String,
}

/// One local file to upload, and how far it got: once `asset` is known, a retry or a
/// restart sends the bytes to that asset instead of creating another.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UploadFile {
    /// The app's number for this transfer.
    pub transfer: u64,
    pub local: PathBuf,
    pub size: u64,
    /// Sub-folders under the target folder, `/`-separated ("" for the folder itself).
    pub path: String,
    /// Sent as `created_via_id`: finds the asset again when the answer creating it was
    /// lost (a timeout, a crash).
    pub key: String,
    #[serde(default)]
    pub asset: Option<AssetRef>,
}

impl UploadFile {
    /// The file's name as it will be in Mediagraph.
    pub fn name(&self) -> String {
        self.local
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssetRef {
    pub id: i64,
    pub guid: String,
    /// Its data version when the new one was chosen (journals from before lack it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Files going into one folder, as sent to the API task and kept in the journal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UploadBatch {
    pub target: UploadTarget,
    pub files: Vec<UploadFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TransferRequest {
    Download(DownloadJob),
    Upload(UploadBatch),
    /// Stop a transfer; its `.part` file stays for a later retry.
    Cancel(u64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TransferEvent {
    /// Bytes arrived (`done` counts what a resumed `.part` already held).
    Progress {
        transfer: u64,
        done: u64,
        total: Option<u64>,
    },
    Finished {
        transfer: u64,
        path: PathBuf,
        bytes: u64,
    },
    /// Stopped: `part` holds what arrived (kept for a retry), `bytes` of it.
    Failed {
        transfer: u64,
        error: String,
        part: Option<PathBuf>,
        bytes: u64,
    },
    Cancelled {
        transfer: u64,
    },
    /// The server opened the batch's upload session.
    SessionOpened {
        batch: u64,
        session: SessionRef,
    },
    /// The server created the asset this file's bytes go to.
    AssetCreated {
        transfer: u64,
        asset: AssetRef,
    },
    /// Not sent: the folder already has a file of this name and size.
    Skipped {
        transfer: u64,
        reason: String,
    },
    /// The server finished with the batch's files: how many it processed, and the
    /// names of those it could not.
    Processed {
        batch: u64,
        processed: usize,
        failed: Vec<String>,
        /// Still not processed when mgtui stopped following (it takes very long).
        unfinished: usize,
    },
}

impl TransferEvent {
    /// The transfer it is about (batch events are about several).
    pub fn transfer(&self) -> Option<u64> {
        Some(match self {
            TransferEvent::Progress { transfer, .. }
            | TransferEvent::Finished { transfer, .. }
            | TransferEvent::Failed { transfer, .. }
            | TransferEvent::Cancelled { transfer }
            | TransferEvent::AssetCreated { transfer, .. }
            | TransferEvent::Skipped { transfer, .. } => *transfer,
            TransferEvent::SessionOpened { .. } | TransferEvent::Processed { .. } => return None,
        })
    }
}
