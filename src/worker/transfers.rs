//! Downloads to this machine, run beside the API calls: a few at a time, each streamed
//! into `NAME.part` and renamed only when complete and of the size the server gave. A
//! connection that drops is resumed with `Range` from the bytes already on disk; a kill
//! or a restart leaves the `.part`, and the next download of that file resumes into it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;
use tokio::sync::{Semaphore, mpsc};

use crate::api::{ApiClient, ApiError};
use crate::protocol::transfers::{DownloadJob, TRANSFER_MSG_ID, TransferEvent, TransferRequest};
use crate::protocol::{Msg, MsgKind};
use crate::transfers::names::{part_path, safe_file_name};

/// Transfers running at once unless `parallel_transfers` in config.toml or `--parallel`
/// says otherwise (more wait their turn). Every transfer of a session goes to one server
/// and its storage, so this is the limit per host.
pub const PARALLEL: usize = 4;
/// The most `parallel_transfers` may ask for.
pub const MOST_PARALLEL: usize = 16;
/// Attempts per file when the connection drops (each resumes where the last stopped).
const ATTEMPTS: u32 = 5;
/// At most this often a transfer reports its bytes.
const REPORT_EVERY: Duration = Duration::from_millis(100);

/// Runs the transfers the app asks for and reports on them.
#[derive(Clone)]
pub(crate) struct Transfers {
    client: ApiClient,
    tx: mpsc::UnboundedSender<Msg>,
    slots: Arc<Semaphore>,
    running: Arc<Mutex<HashMap<u64, tokio::task::AbortHandle>>>,
    /// Upload batches (each runs its files' tasks, then follows the server).
    batches: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Transfers {
    pub(crate) fn new(
        client: ApiClient,
        tx: mpsc::UnboundedSender<Msg>,
        parallel: usize,
    ) -> Transfers {
        Transfers {
            client,
            tx,
            slots: Arc::new(Semaphore::new(parallel.clamp(1, MOST_PARALLEL))),
            running: Arc::default(),
            batches: Arc::default(),
        }
    }

    pub(crate) fn handle(&self, req: TransferRequest) {
        match req {
            TransferRequest::Download(job) => {
                let this = self.clone();
                let transfer = job.transfer;
                let task = tokio::spawn(async move {
                    let Ok(_slot) = this.slots.clone().acquire_owned().await else {
                        return;
                    };
                    let report = |ev: TransferEvent| this.send(ev);
                    let outcome = download(&this.client, &job, &report).await;
                    this.running_mut().remove(&transfer);
                    report(outcome);
                });
                self.running_mut().insert(transfer, task.abort_handle());
            }
            TransferRequest::Upload(batch) => {
                let this = self.clone();
                let report: super::uploads::Report = Arc::new(move |ev| this.send(ev));
                let task = tokio::spawn(super::uploads::run_batch(
                    self.client.clone(),
                    self.slots.clone(),
                    batch,
                    report,
                    self.running.clone(),
                ));
                self.batches_mut().push(task.abort_handle());
            }
            TransferRequest::Cancel(transfer) => {
                if let Some(task) = self.running_mut().remove(&transfer) {
                    task.abort();
                }
                self.send(TransferEvent::Cancelled { transfer });
            }
        }
    }

    /// Stop every transfer (the session ends); their `.part` files stay.
    pub(crate) fn abort_all(&self) {
        for (_, task) in self.running_mut().drain() {
            task.abort();
        }
        for batch in self.batches_mut().drain(..) {
            batch.abort();
        }
    }

    fn batches_mut(&self) -> std::sync::MutexGuard<'_, Vec<tokio::task::AbortHandle>> {
        let mut b = self.batches.lock().unwrap_or_else(|e| e.into_inner());
        b.retain(|t| !t.is_finished());
        b
    }

    fn running_mut(&self) -> std::sync::MutexGuard<'_, HashMap<u64, tokio::task::AbortHandle>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn send(&self, ev: TransferEvent) {
        let _ = self.tx.send(Msg {
            id: TRANSFER_MSG_ID,
            kind: MsgKind::Transfer(ev),
        });
    }
}

/// Download `jobs`, `parallel` at a time (as the app does), and tell `on_event` how each
/// goes; the final event of each, in the order of `jobs`. For `mgtui download`.
pub async fn download_all(
    client: &ApiClient,
    jobs: Vec<DownloadJob>,
    parallel: usize,
    on_event: impl Fn(&TransferEvent) + Send + Sync + 'static,
) -> Vec<TransferEvent> {
    let slots = Arc::new(Semaphore::new(parallel.clamp(1, MOST_PARALLEL)));
    let on_event = Arc::new(on_event);
    let numbers: Vec<u64> = jobs.iter().map(|j| j.transfer).collect();
    let tasks: Vec<_> = jobs
        .into_iter()
        .map(|job| {
            let (client, slots, on_event) = (client.clone(), slots.clone(), on_event.clone());
            tokio::spawn(async move {
                let _slot = slots.acquire_owned().await;
                let report = |ev: TransferEvent| on_event(&ev);
                let last = download(&client, &job, &report).await;
                on_event(&last);
                last
            })
        })
        .collect();
    let mut out = Vec::with_capacity(tasks.len());
    for (t, transfer) in tasks.into_iter().zip(numbers) {
        out.push(t.await.unwrap_or_else(|e| TransferEvent::Failed {
            transfer,
            error: format!("the download stopped: {e}"),
            part: None,
            bytes: 0,
        }));
    }
    out
}

/// Fetch one file into `job.dir`, resuming a `.part` left there; the final event.
pub(crate) async fn download(
    client: &ApiClient,
    job: &DownloadJob,
    report: &impl Fn(TransferEvent),
) -> TransferEvent {
    let transfer = job.transfer;
    let fail = |error: String, part: Option<PathBuf>, bytes: u64| TransferEvent::Failed {
        transfer,
        error,
        part,
        bytes,
    };
    if let Err(e) = tokio::fs::create_dir_all(&job.dir).await {
        return fail(format!("cannot create {}: {e}", job.dir.display()), None, 0);
    }
    let fallback = format!("asset-{}", job.asset_id);
    let name = safe_file_name(&job.name, &fallback);
    // The .part carries the asset and size, so a later attempt (after a drop, a kill or
    // a restart) resumes into its own bytes only; a zip's is this run's alone (another
    // zip of the same assets need not be the same bytes). No two transfers share one.
    let tag = match (job.zip_of.is_empty(), job.version) {
        (true, None) => format!("{}-{}", job.asset_id, safe_file_name(&job.size, "size")),
        (true, Some(v)) => format!(
            "{}-v{v}-{}",
            job.asset_id,
            safe_file_name(&job.size, "size")
        ),
        (false, _) => format!("zip-{}-{transfer}", std::process::id()),
    };
    let Some((part, _held)) = PartsInUse::reserve(&job.dir, &name, &tag) else {
        return fail("no free file name".into(), None, 0);
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let fetched = match job.zip_of.is_empty() {
            true => fetch_into(client, job, &part, report).await,
            false => fetch_zip_into(client, job, &part, report).await,
        };
        match fetched {
            Ok((bytes, served_as)) => {
                let name = served_as
                    .map(|n| safe_file_name(&n, &name))
                    .unwrap_or_else(|| name.clone());
                return match place(&part, &job.dir, &name).await {
                    Ok(path) => TransferEvent::Finished {
                        transfer,
                        path,
                        bytes,
                    },
                    Err(e) => fail(
                        format!("cannot name {}: {e}", part.display()),
                        Some(part.clone()),
                        bytes,
                    ),
                };
            }
            Err(Stop::Retry(e)) if attempt < ATTEMPTS => {
                tracing::info!("download of asset {} dropped ({e}); resuming", job.asset_id);
                tokio::time::sleep(Duration::from_millis(200 * attempt as u64)).await;
            }
            Err(Stop::Retry(e) | Stop::Give(e)) => {
                let bytes = part_len(&part).await;
                let kept = (bytes > 0).then(|| part.clone());
                return fail(e, kept, bytes);
            }
        }
    }
}

/// The `.part` files this process is writing: a second download of the same file (the
/// same asset marked twice, two assets with one name) takes the next name instead.
struct PartsInUse(PathBuf);

static PARTS_IN_USE: Mutex<Option<std::collections::HashSet<PathBuf>>> = Mutex::new(None);

impl PartsInUse {
    /// The first of `name`, `name (2)`… in `dir` with no finished file and no `.part`
    /// in use here; its `.part` path, held until the guard drops.
    fn reserve(dir: &Path, name: &str, tag: &str) -> Option<(PathBuf, PartsInUse)> {
        let mut in_use = PARTS_IN_USE.lock().unwrap_or_else(|e| e.into_inner());
        let in_use = in_use.get_or_insert_with(Default::default);
        let part = crate::transfers::names::candidates(dir, name)
            .take(10_000)
            .filter(|finished| !finished.exists())
            .map(|finished| part_path(&finished, tag))
            .find(|part| !in_use.contains(part))?;
        in_use.insert(part.clone());
        Some((part.clone(), PartsInUse(part)))
    }
}

impl Drop for PartsInUse {
    fn drop(&mut self) {
        if let Some(set) = PARTS_IN_USE
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            set.remove(&self.0);
        }
    }
}

/// Give the finished `.part` its name in `dir`: `name`, else the next free `name (n)`,
/// never over a file already there (a hard link fails where a rename would replace).
async fn place(part: &Path, dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let (part, dir, name) = (part.to_path_buf(), dir.to_path_buf(), name.to_string());
    tokio::task::spawn_blocking(move || {
        for target in crate::transfers::names::candidates(&dir, &name).take(10_000) {
            match std::fs::hard_link(&part, &target) {
                Ok(()) => {
                    std::fs::remove_file(&part)?;
                    return Ok(target);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                // File systems without hard links: rename, having looked first.
                Err(_) if !target.exists() => {
                    std::fs::rename(&part, &target)?;
                    return Ok(target);
                }
                Err(_) => continue,
            }
        }
        Err(std::io::Error::other("no free name"))
    })
    .await
    .map_err(std::io::Error::other)?
}

enum Stop {
    /// The connection dropped or the server hiccuped: try again from where it stopped.
    Retry(String),
    /// Trying again would not help (refused, not found, disk full…).
    Give(String),
}

async fn part_len(part: &Path) -> u64 {
    tokio::fs::metadata(part).await.map_or(0, |m| m.len())
}

/// One attempt: append to `part` from its current length; the file's size when done.
async fn fetch_into(
    client: &ApiClient,
    job: &DownloadJob,
    part: &Path,
    report: &impl Fn(TransferEvent),
) -> Result<(u64, Option<String>), Stop> {
    let have = part_len(part).await;
    let mut stream = match client
        .download_asset(job.asset_id, &job.size, job.version, have)
        .await
    {
        Ok(s) => s,
        Err(e) if e.is_transient() => return Err(Stop::Retry(e.to_string())),
        Err(e @ ApiError::Http { status: 416, .. }) if have > 0 => {
            // The .part is already whole (or longer than the file): start over.
            let _ = tokio::fs::remove_file(part).await;
            return Err(Stop::Retry(e.to_string()));
        }
        Err(e) => return Err(Stop::Give(e.to_string())),
    };
    // A server that ignores the range sends the whole file: start the .part over. One
    // that sends another part than asked (or does not say which) is not trusted.
    let start = match stream.starts_at {
        Some(0) => 0,
        Some(at) if at == have && stream.total.is_some() => have,
        _ => {
            let _ = tokio::fs::remove_file(part).await;
            return Err(Stop::Retry(
                "the server resumed at another byte than asked".into(),
            ));
        }
    };
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(start == 0)
        .append(start > 0)
        .open(part)
        .await
        .map_err(|e| Stop::Give(local_error(part, &e)))?;
    let (done, total) =
        copy_stream(&mut stream, &mut file, start, job.transfer, part, report).await?;
    finish_file(file, part, done, total)
        .await
        .map(|done| (done, stream.filename.take()))
}

/// Append the stream's chunks to `file`, counting from `start`; (bytes, whole size).
async fn copy_stream(
    stream: &mut crate::api::client::FileStream,
    file: &mut tokio::fs::File,
    start: u64,
    transfer: u64,
    part: &Path,
    report: &impl Fn(TransferEvent),
) -> Result<(u64, Option<u64>), Stop> {
    let mut done = start;
    let mut reported = Instant::now() - REPORT_EVERY;
    let total = stream.total;
    loop {
        let chunk = match stream.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => return Ok((done, total)),
            Err(e) => {
                let _ = file.flush().await;
                return Err(Stop::Retry(e.to_string()));
            }
        };
        file.write_all(&chunk)
            .await
            .map_err(|e| Stop::Give(local_error(part, &e)))?;
        done += chunk.len() as u64;
        if reported.elapsed() >= REPORT_EVERY {
            reported = Instant::now();
            report(TransferEvent::Progress {
                transfer,
                done,
                total,
            });
        }
    }
}

/// Hand the bytes to the system and check them against the size the server gave. No
/// fsync: the rename after a complete, checked file already means a killed mgtui never
/// leaves a short file under the final name, and syncing each file halved throughput
/// on small files (`examples/download_speed`); like curl and browsers, a power cut in the
/// seconds after a download is left to the file system.
async fn finish_file(
    mut file: tokio::fs::File,
    part: &Path,
    done: u64,
    total: Option<u64>,
) -> Result<u64, Stop> {
    file.flush()
        .await
        .map_err(|e| Stop::Give(local_error(part, &e)))?;
    drop(file);
    // The file on disk, not the count, is what gets a name.
    let on_disk = part_len(part).await;
    match total {
        _ if on_disk != done => {
            let _ = tokio::fs::remove_file(part).await;
            Err(Stop::Retry(format!(
                "{} holds {on_disk} bytes, not the {done} received",
                part.display()
            )))
        }
        Some(t) if t != done => Err(Stop::Retry(format!("the server sent {done} of {t} bytes"))),
        _ => Ok(done),
    }
}

/// One attempt at a zip: a fresh token each time (it lasts minutes, and another zip of
/// the same assets need not be the same bytes), so the `.part` starts over.
async fn fetch_zip_into(
    client: &ApiClient,
    job: &DownloadJob,
    part: &Path,
    report: &impl Fn(TransferEvent),
) -> Result<(u64, Option<String>), Stop> {
    let request = crate::api::models::DownloadRequest {
        asset_ids: job.zip_of.clone(),
        size: job.size.clone(),
        watermarked: None,
        via: "mgtui".into(),
    };
    let sort = |e: ApiError| match e.is_transient() {
        true => Stop::Retry(e.to_string()),
        false => Stop::Give(e.to_string()),
    };
    let prepared = client.prepare_download(&request).await.map_err(sort)?;
    let Some(token) = prepared.token else {
        return Err(Stop::Give("the server prepared no download".into()));
    };
    let url = client.download_url(&token).map_err(sort)?;
    let mut stream = client.fetch_file(&url).await.map_err(sort)?;
    let mut file = tokio::fs::File::create(part)
        .await
        .map_err(|e| Stop::Give(local_error(part, &e)))?;
    let (done, total) = copy_stream(&mut stream, &mut file, 0, job.transfer, part, report).await?;
    finish_file(file, part, done, total)
        .await
        .map(|done| (done, prepared.filename.or(stream.filename.take())))
}

/// A local write that failed, said so the user knows what to do.
fn local_error(part: &Path, e: &std::io::Error) -> String {
    match crate::state_file::is_disk_full(e) {
        true => format!(
            "the disk is full — what arrived is kept in {}; free space and retry",
            part.display()
        ),
        false => format!("cannot write {}: {e}", part.display()),
    }
}
