//! Uploads from this machine into a storage folder, run beside the API calls.
//!
//! Each file becomes one asset, exactly once: the asset is announced with a key of
//! mgtui's own (`created_via_id`), so when the answer that created it is lost (a
//! timeout, a crash, an SSH drop before the journal heard of it) the session's assets
//! are searched for that key before anything is announced again. The bytes go to the
//! asset's signed storage URL, streamed from disk; a dropped PUT is sent again to the
//! same asset, and an expired URL is renewed. A file already in its folder with the
//! same name and size is skipped. Once every file is in, the session is submitted and
//! the server followed until it has processed them.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OnceCell, Semaphore};
use tokio::task::{AbortHandle, JoinSet};

use crate::api::models::{GroupKind, NewUploadAsset};
use crate::api::{ApiClient, ApiError, Secret};
use crate::backoff::Backoff;
use crate::protocol::transfers::{
    AssetRef, SessionRef, TransferEvent, UploadBatch, UploadFile, UploadTarget,
};

/// Attempts per file (a dropped PUT, a lost answer, an expired URL each take one).
const ATTEMPTS: u32 = 5;
/// At most this often a file reports its bytes.
const REPORT_EVERY: Duration = Duration::from_millis(100);
/// How long the server is followed while it processes the files.
const FOLLOW_FOR: Duration = Duration::from_secs(15 * 60);

pub(crate) type Report = Arc<dyn Fn(TransferEvent) + Send + Sync>;
/// The file tasks running, by transfer number (to cancel one).
pub(crate) type Running = Arc<Mutex<HashMap<u64, AbortHandle>>>;

/// Send `batch`'s files (a few at a time: each holds one of `slots` while it moves
/// bytes), then submit the session and follow the server until it processed them.
/// Every file ends with one final event (`Finished`, `Skipped`, `Failed`); the batch
/// ends with `Processed` when any file arrived.
pub(crate) async fn run_batch(
    client: ApiClient,
    slots: Arc<Semaphore>,
    batch: UploadBatch,
    report: Report,
    running: Running,
) {
    let UploadBatch { target, files } = batch;
    let fail_all = |error: String| {
        for f in &files {
            report(failed(f, error.clone()));
        }
    };
    if let Ok(c) = client.can_upload().await
        && !c.can_upload
    {
        // Older servers lack the call; then the session call says whether we may.
        fail_all("this account may not upload (the server says can_upload is false)".into());
        return;
    }
    if let Some(asset) = target.version_of.clone() {
        return run_versions(client, slots, files, asset, report, running).await;
    }
    let resumed = target.session.is_some();
    let session = match &target.session {
        Some(s) => s.clone(),
        None => match open_session(&client, &target, files.len()).await {
            Ok(s) => {
                report(TransferEvent::SessionOpened {
                    batch: target.batch,
                    session: s.clone(),
                });
                s
            }
            Err(e) => {
                fail_all(format!("no upload session for {}: {e}", target.folder_name));
                return;
            }
        },
    };
    // Assets this session already has for these files, created by an answer that never
    // reached the journal.
    let mut known: HashMap<String, AssetRef> = HashMap::new();
    if resumed && files.iter().any(|f| f.asset.is_none()) {
        match client.upload_assets(&session.guid).await {
            Ok(assets) => known = by_key(assets),
            Err(e) => {
                fail_all(format!("cannot look up what this upload already sent: {e}"));
                return;
            }
        }
    }
    let existing = Arc::new(Existing::new(client.clone(), target.clone()));
    let session = Arc::new(session);
    let mut tasks = JoinSet::new();
    for mut file in files {
        if file.asset.is_none()
            && let Some(asset) = known.remove(&file.key)
        {
            report(TransferEvent::AssetCreated {
                transfer: file.transfer,
                asset: asset.clone(),
            });
            file.asset = Some(asset);
        }
        let (client, slots, report) = (client.clone(), slots.clone(), report.clone());
        let (existing, session, running_map) = (existing.clone(), session.clone(), running.clone());
        let transfer = file.transfer;
        let handle = tasks.spawn(async move {
            let Ok(_slot) = slots.acquire_owned().await else {
                return None;
            };
            // A file with an asset of this upload is not "already there".
            let there = match file.asset {
                None => existing.has(&file).await,
                Some(_) => Ok(false),
            };
            let last = match there {
                Ok(true) => TransferEvent::Skipped {
                    transfer,
                    reason: "already in the folder (same name and size)".into(),
                },
                Ok(false) => send_file(&client, Some(&session), &mut file, &report).await,
                Err(e) => failed(
                    &file,
                    format!("cannot check whether it is already in the folder: {e}"),
                ),
            };
            lock(&running_map).remove(&transfer);
            let arrived = matches!(last, TransferEvent::Finished { .. })
                .then(|| file.asset.clone())
                .flatten();
            report(last);
            arrived
        });
        lock(&running).insert(transfer, handle);
    }
    let mut arrived = Vec::new();
    while let Some(done) = tasks.join_next().await {
        if let Ok(Some(asset)) = done {
            arrived.push(asset);
        }
    }
    if arrived.is_empty() {
        return;
    }
    submit(&client, session.id).await;
    report(follow(&client, &target, &session.guid, &arrived).await);
}

/// Upload `batch` as the app does and tell `on_event` how it goes; the final event of
/// each file, in the order of the batch. For `mgtui upload`.
pub async fn upload_all(
    client: &ApiClient,
    batch: UploadBatch,
    parallel: usize,
    on_event: impl Fn(&TransferEvent) + Send + Sync + 'static,
) -> Vec<TransferEvent> {
    let order: Vec<u64> = batch.files.iter().map(|f| f.transfer).collect();
    let finals: Arc<Mutex<HashMap<u64, TransferEvent>>> = Arc::default();
    let keep = finals.clone();
    let report: Report = Arc::new(move |ev: TransferEvent| {
        on_event(&ev);
        if matches!(
            ev,
            TransferEvent::Finished { .. }
                | TransferEvent::Failed { .. }
                | TransferEvent::Skipped { .. }
                | TransferEvent::Cancelled { .. }
        ) && let Some(t) = ev.transfer()
        {
            lock(&keep).insert(t, ev);
        }
    });
    let slots = Arc::new(Semaphore::new(
        parallel.clamp(1, super::transfers::MOST_PARALLEL),
    ));
    run_batch(client.clone(), slots, batch, report, Arc::default()).await;
    let mut finals = lock(&finals);
    order
        .into_iter()
        .map(|t| {
            finals.remove(&t).unwrap_or(TransferEvent::Failed {
                transfer: t,
                error: "the upload stopped".into(),
                part: None,
                bytes: 0,
            })
        })
        .collect()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn failed(file: &UploadFile, error: String) -> TransferEvent {
    TransferEvent::Failed {
        transfer: file.transfer,
        error,
        part: None,
        bytes: 0,
    }
}

async fn open_session(
    client: &ApiClient,
    target: &UploadTarget,
    files: usize,
) -> Result<SessionRef, ApiError> {
    let name = format!(
        "mgtui: {files} file{} into {}",
        if files == 1 { "" } else { "s" },
        target.folder_name
    );
    // A session whose answer was lost stays empty on the server and harms nothing, so
    // an uncertain failure is simply asked again.
    let mut attempt = 0;
    let s = loop {
        attempt += 1;
        match client.create_upload(target.contribution_id, &name).await {
            Ok(s) => break s,
            Err(e) if uncertain(&e) && attempt < ATTEMPTS => {
                tokio::time::sleep(Duration::from_millis(250 * attempt as u64)).await;
            }
            Err(e) => return Err(e),
        }
    };
    Ok(SessionRef {
        id: s.id,
        guid: s.guid.unwrap_or_default(),
    })
}

fn by_key(assets: Vec<crate::api::models::Asset>) -> HashMap<String, AssetRef> {
    assets
        .into_iter()
        .filter_map(|a| {
            Some((
                a.created_via_id?,
                AssetRef {
                    id: a.id,
                    guid: a.guid?,
                    version: None,
                },
            ))
        })
        .collect()
}

/// The asset of `key` in the session, if the server created one.
async fn find_by_key(
    client: &ApiClient,
    session: &str,
    key: &str,
) -> Result<Option<AssetRef>, ApiError> {
    Ok(by_key(client.upload_assets(session).await?).remove(key))
}

/// Announce (unless announced), PUT the bytes, mark them uploaded; the final event.
/// New versions of a known asset (`target.version_of`): the bytes go to the asset through
/// `add_version`, with no session to open, submit or follow.
async fn run_versions(
    client: ApiClient,
    slots: Arc<Semaphore>,
    files: Vec<UploadFile>,
    asset: AssetRef,
    report: Report,
    running: Running,
) {
    for mut file in files {
        file.asset = Some(asset.clone());
        let (client, slots, report, running_map) = (
            client.clone(),
            slots.clone(),
            report.clone(),
            running.clone(),
        );
        let transfer = file.transfer;
        let handle = tokio::spawn(async move {
            let Ok(_slot) = slots.acquire_owned().await else {
                return;
            };
            let last = send_file(&client, None, &mut file, &report).await;
            lock(&running_map).remove(&transfer);
            report(last);
        });
        lock(&running).insert(transfer, handle.abort_handle());
    }
}

/// Send one file: to its asset when it has one (a new version, or a retry), else to a
/// new asset announced in `session`.
async fn send_file(
    client: &ApiClient,
    session: Option<&SessionRef>,
    file: &mut UploadFile,
    report: &Report,
) -> TransferEvent {
    let name = file.name();
    let transfer = file.transfer;
    match tokio::fs::metadata(&file.local).await {
        Ok(m) if m.len() == file.size => {}
        Ok(m) => {
            return failed(
                file,
                format!(
                    "{name} changed since it was picked ({} bytes, now {}); pick it again",
                    file.size,
                    m.len()
                ),
            );
        }
        Err(e) => return failed(file, format!("cannot read {}: {e}", file.local.display())),
    }
    let announce = NewUploadAsset {
        filename: name.clone(),
        file_size: file.size,
        path: file.path.clone(),
        created_via: "mgtui".into(),
        created_via_id: file.key.clone(),
    };
    let mut url: Option<Secret> = None;
    let mut attempt = 0;
    let mut last_error = String::new();
    while attempt < ATTEMPTS {
        attempt += 1;
        if attempt > 1 {
            tokio::time::sleep(Duration::from_millis(250 * attempt as u64)).await;
        }
        let asset = match &file.asset {
            Some(a) => a.clone(),
            None => match session {
                None => return failed(file, format!("{name} has no upload session")),
                Some(session) => match client.prepare_upload(&session.guid, &announce).await {
                    Ok(p) => {
                        let asset = AssetRef {
                            id: p.asset.id,
                            guid: p.asset.guid.unwrap_or_else(|| p.asset.id.to_string()),
                            version: None,
                        };
                        url = Some(p.signed_upload_url);
                        created(file, asset, report)
                    }
                    Err(e) if uncertain(&e) => {
                        // It may have been created all the same: look before announcing again.
                        last_error = e.to_string();
                        match find_by_key(client, &session.guid, &file.key).await {
                            Ok(Some(asset)) => created(file, asset, report),
                            _ => continue,
                        }
                    }
                    Err(e) => return failed(file, format!("{name} was refused: {e}")),
                },
            },
        };
        let put_url = match url.take() {
            Some(u) => u,
            None => match client.renew_upload_url(asset.id, &announce).await {
                Ok(u) => u,
                Err(e) if e.is_transient() => {
                    last_error = e.to_string();
                    continue;
                }
                Err(e) => return failed(file, format!("no upload URL for {name}: {e}")),
            },
        };
        match client
            .put_file(
                &put_url,
                &file.local,
                file.size,
                progress(transfer, file.size, report),
            )
            .await
        {
            Ok(()) => {}
            // An expired or refused URL: the next round asks for a fresh one.
            Err(e @ ApiError::LinkRefused { .. }) => {
                last_error = e.to_string();
                continue;
            }
            Err(e @ ApiError::Config(_)) => return failed(file, e.to_string()),
            Err(e) => {
                // Dropped on the way: the same URL takes the whole file again.
                last_error = e.to_string();
                url = Some(put_url);
                continue;
            }
        }
        match client.set_uploaded(&asset.guid).await {
            Ok(_) => {
                return TransferEvent::Finished {
                    transfer,
                    path: file.local.clone(),
                    bytes: file.size,
                };
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    failed(
        file,
        format!("{name} did not get through after {ATTEMPTS} tries: {last_error}"),
    )
}

/// Record the asset the file's bytes go to (the journal hears of it at once).
fn created(file: &mut UploadFile, asset: AssetRef, report: &Report) -> AssetRef {
    report(TransferEvent::AssetCreated {
        transfer: file.transfer,
        asset: asset.clone(),
    });
    file.asset = Some(asset.clone());
    asset
}

/// A failure after which the server may or may not have done what was asked.
fn uncertain(e: &ApiError) -> bool {
    e.is_transient() || matches!(e, ApiError::Server { .. } | ApiError::BadPayload { .. })
}

fn progress(transfer: u64, size: u64, report: &Report) -> Arc<dyn Fn(u64) + Send + Sync> {
    let report = report.clone();
    let last = Mutex::new(Instant::now() - REPORT_EVERY);
    Arc::new(move |done| {
        let mut last = lock(&last);
        if last.elapsed() >= REPORT_EVERY || done == size {
            *last = Instant::now();
            report(TransferEvent::Progress {
                transfer,
                done,
                total: Some(size),
            });
        }
    })
}

/// Submit the session (its files are in); a failure is only logged: the assets are
/// uploaded either way and the server submits them when the session is next touched.
async fn submit(client: &ApiClient, session: i64) {
    for attempt in 1..=3u64 {
        match client.set_upload_done(session).await {
            Ok(()) => return,
            Err(e) => {
                tracing::info!("set_done of upload {session} failed ({e}); attempt {attempt}");
                tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
            }
        }
    }
}

/// Poll the session until every arrived asset is processed (or could not be).
async fn follow(
    client: &ApiClient,
    target: &UploadTarget,
    session: &str,
    arrived: &[AssetRef],
) -> TransferEvent {
    let ids: HashSet<i64> = arrived.iter().map(|a| a.id).collect();
    let started = Instant::now();
    let mut pause = Backoff::new(Duration::from_millis(300), Duration::from_secs(5));
    let (mut processed, mut failed) = (0, Vec::new());
    loop {
        if let Ok(assets) = client.upload_assets(session).await {
            let mine: Vec<_> = assets.iter().filter(|a| ids.contains(&a.id)).collect();
            let state = |a: &&crate::api::models::Asset| a.aasm_state.clone().unwrap_or_default();
            processed = mine.iter().filter(|a| state(a) == "processed").count();
            failed = mine
                .iter()
                .filter(|a| state(a) == "processing_error")
                .map(|a| a.filename.clone().unwrap_or_else(|| a.id.to_string()))
                .collect();
            if processed + failed.len() >= ids.len() {
                break;
            }
        }
        if started.elapsed() >= FOLLOW_FOR {
            break;
        }
        tokio::time::sleep(pause.step()).await;
    }
    TransferEvent::Processed {
        batch: target.batch,
        processed,
        unfinished: ids.len().saturating_sub(processed + failed.len()),
        failed,
    }
}

/// What the target folder and its sub-folders already hold, looked at once per folder
/// and only when a file is about to go there.
struct Existing {
    client: ApiClient,
    target: UploadTarget,
    /// Sub-folder path → what is known of it.
    folders: Mutex<HashMap<String, Arc<OnceCell<Folder>>>>,
    list_at_most: u64,
}

/// A folder files may already be in.
enum Folder {
    /// It does not exist yet: nothing is there.
    Missing,
    /// (name, size) of each file in it.
    Listed(HashSet<(String, u64)>),
    /// Too big to list (see `LIST_AT_MOST`): each file is looked up by name.
    Large(i64),
}

/// Folders with more assets than this are asked about each file instead of listed
/// (listing 100 000 assets is 1000 requests; a name lookup is one per file).
const LIST_AT_MOST: u64 = 5_000;

impl Existing {
    fn new(client: ApiClient, target: UploadTarget) -> Existing {
        Existing {
            client,
            target,
            folders: Mutex::default(),
            list_at_most: LIST_AT_MOST,
        }
    }

    /// Whether the file's folder has it; a passing failure of the listing is tried
    /// again a few times (each GET is already retried by the client).
    async fn has(&self, file: &UploadFile) -> Result<bool, ApiError> {
        let cell = lock(&self.folders)
            .entry(file.path.clone())
            .or_default()
            .clone();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let found = match cell.get_or_try_init(|| self.look(&file.path)).await {
                Ok(Folder::Missing) => Ok(false),
                Ok(Folder::Listed(files)) => Ok(files.contains(&(file.name(), file.size))),
                Ok(Folder::Large(folder)) => self
                    .client
                    .folder_assets_named(*folder, &file.name())
                    .await
                    .map(|same| same.iter().any(|a| a.file_size == Some(file.size as i64))),
                Err(e) => Err(e),
            };
            match found {
                Ok(there) => return Ok(there),
                Err(e) if e.is_transient() && attempt < ATTEMPTS => {
                    tokio::time::sleep(Duration::from_millis(250 * attempt as u64)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn look(&self, path: &str) -> Result<Folder, ApiError> {
        let mut folder = self.target.folder_id;
        for name in path.split('/').filter(|n| !n.is_empty()) {
            let children = self
                .client
                .tree_children(GroupKind::StorageFolder, Some(folder), false)
                .await?;
            match children
                .iter()
                .find(|c| c.name.as_deref() == Some(name))
                .and_then(|c| c.id.as_i64())
            {
                Some(child) => folder = child,
                None => return Ok(Folder::Missing),
            }
        }
        Ok(
            match self.client.folder_assets(folder, self.list_at_most).await? {
                Some(assets) => Folder::Listed(
                    assets
                        .into_iter()
                        .filter_map(|a| Some((a.filename?, a.file_size? as u64)))
                        .collect(),
                ),
                None => Folder::Large(folder),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, DemoServer};

    /// A file of `size` bytes called `name`, going to the target folder itself.
    fn file(name: &str, size: u64) -> UploadFile {
        UploadFile {
            transfer: 1,
            local: std::path::PathBuf::from("/shoot").join(name),
            size,
            path: String::new(),
            key: "k".into(),
            asset: None,
        }
    }

    #[tokio::test]
    async fn a_folder_too_big_to_list_is_asked_about_each_file_by_name() {
        use crate::api::{Auth, ClientConfig, Credentials, Secret};
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        let client = ApiClient::new(ClientConfig::new(
            server.base_url(),
            Credentials {
                auth: Auth::Pat(Secret::new(server.token())),
                organization_id: Some(server.organization_id()),
            },
        ))
        .unwrap();
        let mut there = None;
        for folder in client
            .tree_children(GroupKind::StorageFolder, None, false)
            .await
            .unwrap()
        {
            let id = folder.id.as_i64().unwrap();
            let assets = client.folder_assets(id, u64::MAX).await.unwrap().unwrap();
            if let Some(a) = assets.into_iter().next() {
                there = Some((id, a));
                break;
            }
        }
        let (folder_id, there) = there.expect("a demo folder holds assets");
        let (name, size) = (
            there.filename.clone().unwrap(),
            there.file_size.unwrap() as u64,
        );
        let target = UploadTarget {
            batch: 1,
            folder_id,
            folder_name: "f".into(),
            contribution_id: None,
            session: None,
            version_of: None,
        };
        for list_at_most in [LIST_AT_MOST, 0] {
            let mut existing = Existing::new(client.clone(), target.clone());
            existing.list_at_most = list_at_most;
            let before = server.request_count("GET", "/api/assets/search");
            assert!(existing.has(&file(&name, size)).await.unwrap());
            assert!(!existing.has(&file(&name, size + 1)).await.unwrap());
            assert!(
                !existing
                    .has(&file(&format!("x{name}"), size))
                    .await
                    .unwrap()
            );
            let searches = server.request_count("GET", "/api/assets/search") - before;
            match list_at_most {
                0 => assert_eq!(searches, 1 + 3, "a first page, then one lookup per file"),
                _ => assert_eq!(searches, 1, "one listing serves every file"),
            }
        }
    }
}
