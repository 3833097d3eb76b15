//! `mgtui upload` without the TUI: the same batch, the same worker, and the same journal
//! (`uploads-SCOPE-HOST-PID.json`), kept as the upload goes, so a run that is killed
//! is resumed by the next `mgtui upload --resume` or offered by the next TUI start.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::api::ApiClient;
use crate::api::models::GroupKind;
use crate::protocol::transfers::{TransferEvent, UploadBatch, UploadFile, UploadTarget};

/// What happened to each file, for the summary.
#[derive(Debug, Default)]
pub struct UploadReport {
    pub uploaded: Vec<serde_json::Value>,
    pub skipped: Vec<serde_json::Value>,
    pub failed: Vec<serde_json::Value>,
    /// Per batch: the `Processed` event's counts.
    pub processed: usize,
    pub processing_failed: Vec<String>,
}

/// The storage folder at `path` ("Archive/2024", names as in the tree) as a target.
pub async fn resolve_folder(client: &ApiClient, path: &str) -> Result<UploadTarget, String> {
    let names: Vec<&str> = path.split('/').filter(|n| !n.trim().is_empty()).collect();
    if names.is_empty() {
        return Err("--folder names a storage folder, e.g. \"Archive/2024\"".into());
    }
    let mut parent = None;
    let mut found = None;
    for (i, name) in names.iter().enumerate() {
        let children = client
            .tree_children(GroupKind::StorageFolder, parent, false)
            .await
            .map_err(|e| format!("cannot list the storage folders: {e}"))?;
        let exact = children.iter().find(|c| c.name.as_deref() == Some(*name));
        let node = exact
            .or_else(|| {
                children.iter().find(|c| {
                    c.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
            })
            .ok_or_else(|| {
                let seen = &names[..i];
                let place = if seen.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in {}", seen.join("/"))
                };
                format!("no storage folder {name:?} {place}")
            })?;
        parent = node.id.as_i64();
        found = Some(node.clone());
    }
    let node = found.ok_or("no folder")?;
    let Some(id) = node.id.as_i64() else {
        return Err(format!("{path}: the folder has no numeric id"));
    };
    if node.contribution_id.is_none() {
        return Err(format!(
            "{path} takes no uploads (it has no contribution); choose another folder"
        ));
    }
    Ok(UploadTarget {
        batch: 1,
        folder_id: id,
        folder_name: names.join("/"),
        contribution_id: node.contribution_id,
        session: None,
        version_of: None,
    })
}

/// The files `patterns` name (relative to `base`), each once and with its own key;
/// what could not be read is returned as messages.
pub fn pick_files(
    patterns: &[String],
    base: &Path,
) -> Result<(Vec<UploadFile>, Vec<String>), String> {
    let picks = patterns
        .iter()
        .map(|p| super::local::pick(p, base))
        .collect::<Result<Vec<_>, _>>()?;
    let notes = picks.iter().flat_map(|p| p.unreadable.clone()).collect();
    Ok((super::local::to_uploads(&picks), notes))
}

/// Run `batches` one after another, `parallel` files at a time, keeping the journal at
/// `journal` as they go, and telling `on_event` of every event.
pub async fn run_uploads(
    client: &ApiClient,
    batches: Vec<UploadBatch>,
    journal: PathBuf,
    parallel: usize,
    on_event: impl Fn(&TransferEvent) + Send + Sync + 'static,
) -> UploadReport {
    let pending: Arc<Mutex<Vec<UploadBatch>>> = Arc::new(Mutex::new(batches.clone()));
    write_journal(&journal, &pending);
    let on_event = Arc::new(on_event);
    let report = Arc::new(Mutex::new(UploadReport::default()));
    for batch in batches {
        let number = batch.target.batch;
        let (pending, journal, report, on_event) = (
            pending.clone(),
            journal.clone(),
            report.clone(),
            on_event.clone(),
        );
        let files = batch.files.clone();
        crate::worker::uploads::upload_all(client, batch, parallel, move |ev| {
            on_event(ev);
            if keep(&pending, number, ev) {
                write_journal(&journal, &pending);
            }
            tally(&report, &files, ev);
        })
        .await;
    }
    std::mem::take(&mut *report.lock().unwrap_or_else(|e| e.into_inner()))
}

fn write_journal(path: &Path, pending: &Mutex<Vec<UploadBatch>>) {
    let batches = pending.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let left: Vec<UploadBatch> = batches
        .into_iter()
        .filter(|b| !b.files.is_empty())
        .collect();
    if let Err(e) = super::journal::write(path, &left) {
        tracing::warn!("{}: {e}", path.display());
    }
}

/// Follow an event in the journal's copy of the batches: the session, the asset of a
/// file, a file that is over; whether the copy changed (progress does not).
fn keep(pending: &Mutex<Vec<UploadBatch>>, number: u64, ev: &TransferEvent) -> bool {
    let mut pending = pending.lock().unwrap_or_else(|e| e.into_inner());
    let Some(batch) = pending.iter_mut().find(|b| b.target.batch == number) else {
        return false;
    };
    match ev {
        TransferEvent::SessionOpened { session, .. } => {
            batch.target.session = Some(session.clone())
        }
        TransferEvent::AssetCreated { transfer, asset } => {
            if let Some(f) = batch.files.iter_mut().find(|f| f.transfer == *transfer) {
                f.asset = Some(asset.clone());
            }
        }
        TransferEvent::Finished { transfer, .. }
        | TransferEvent::Skipped { transfer, .. }
        | TransferEvent::Failed { transfer, .. } => batch.files.retain(|f| f.transfer != *transfer),
        _ => return false,
    }
    true
}

fn tally(report: &Mutex<UploadReport>, files: &[UploadFile], ev: &TransferEvent) {
    let mut r = report.lock().unwrap_or_else(|e| e.into_inner());
    let file = |t: &u64| files.iter().find(|f| f.transfer == *t);
    match ev {
        TransferEvent::Finished {
            transfer, bytes, ..
        } => {
            if let Some(f) = file(transfer) {
                r.uploaded.push(serde_json::json!({
                    "path": f.local, "bytes": bytes, "folder": f.path,
                }));
            }
        }
        TransferEvent::Skipped { transfer, reason } => {
            if let Some(f) = file(transfer) {
                r.skipped
                    .push(serde_json::json!({"path": f.local, "reason": reason}));
            }
        }
        TransferEvent::Failed {
            transfer, error, ..
        } => {
            if let Some(f) = file(transfer) {
                r.failed
                    .push(serde_json::json!({"path": f.local, "error": error}));
            }
        }
        TransferEvent::Processed {
            processed, failed, ..
        } => {
            r.processed += processed;
            r.processing_failed.extend(failed.iter().cloned());
        }
        _ => {}
    }
}
