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

#[derive(Debug, Clone, PartialEq)]
pub enum TransferRequest {
    Download(DownloadJob),
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
}

impl TransferEvent {
    pub fn transfer(&self) -> u64 {
        match self {
            TransferEvent::Progress { transfer, .. }
            | TransferEvent::Finished { transfer, .. }
            | TransferEvent::Failed { transfer, .. }
            | TransferEvent::Cancelled { transfer } => *transfer,
        }
    }
}
