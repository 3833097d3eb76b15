//! The transfer queue: every download and upload of this session with its state, bytes,
//! rate and time left; what a key does there (cancel, retry); a summary for the status
//! bar.

use std::path::PathBuf;
use std::time::Instant;

use super::Outcome;
use crate::keymap::{self, Action};
use crate::protocol::transfers::{
    DownloadJob, TransferEvent, UploadBatch, UploadFile, UploadTarget,
};

#[derive(Debug, Clone, PartialEq)]
pub enum TransferState {
    Queued,
    Running {
        done: u64,
        total: Option<u64>,
    },
    Done {
        path: PathBuf,
        bytes: u64,
    },
    /// Stopped with `bytes` kept in a `.part` file for a retry.
    Failed {
        error: String,
        bytes: u64,
    },
    Cancelled,
    /// Waiting for the user to resume it (an upload a previous mgtui left).
    Paused,
    /// Not sent (an upload whose file the folder already has).
    Skipped {
        reason: String,
    },
}

/// What moves: a file down from Mediagraph, or one up into a folder.
#[derive(Debug, Clone, PartialEq)]
pub enum TransferJob {
    Download(DownloadJob),
    Upload {
        target: UploadTarget,
        file: UploadFile,
    },
}

impl TransferJob {
    pub fn transfer(&self) -> u64 {
        match self {
            TransferJob::Download(j) => j.transfer,
            TransferJob::Upload { file, .. } => file.transfer,
        }
    }

    pub fn is_upload(&self) -> bool {
        matches!(self, TransferJob::Upload { .. })
    }

    /// The file's name (as saved, or as it will be in Mediagraph).
    pub fn name(&self) -> String {
        match self {
            TransferJob::Download(j) => j.name.clone(),
            TransferJob::Upload { file, .. } => file.name(),
        }
    }

    /// What else tells it apart: the size downloaded, or the folder uploaded into.
    pub fn detail(&self) -> String {
        match self {
            TransferJob::Download(j) => j.size.clone(),
            TransferJob::Upload { target, file } if file.path.is_empty() => {
                format!("→ {}", target.folder_name)
            }
            TransferJob::Upload { target, file } => {
                format!("→ {}/{}", target.folder_name, file.path)
            }
        }
    }
}

/// How the server is getting on with an uploaded file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Processing {
    Waiting,
    Done,
    Failed,
}

#[derive(Debug, Clone)]
pub struct TransferRow {
    pub job: TransferJob,
    pub state: TransferState,
    /// For an upload that arrived: whether the server processed it yet.
    pub processing: Option<Processing>,
    /// When bytes first arrived in this attempt, and how many were already there.
    pub(crate) since: Option<(Instant, u64)>,
}

impl TransferRow {
    pub fn active(&self) -> bool {
        matches!(
            self.state,
            TransferState::Queued | TransferState::Running { .. }
        )
    }

    /// Bytes per second in this attempt, once a few came in.
    pub fn rate(&self) -> Option<f64> {
        let (at, from) = self.since?;
        let TransferState::Running { done, .. } = self.state else {
            return None;
        };
        let secs = at.elapsed().as_secs_f64();
        (secs > 0.2).then(|| done.saturating_sub(from) as f64 / secs)
    }

    /// Seconds left at the current rate.
    pub fn eta(&self) -> Option<f64> {
        let TransferState::Running {
            done,
            total: Some(total),
        } = self.state
        else {
            return None;
        };
        let rate = self.rate().filter(|r| *r > 0.0)?;
        Some(total.saturating_sub(done) as f64 / rate)
    }
}

/// What the queue needs the router for.
#[derive(Debug, PartialEq)]
pub(crate) enum TransfersAsk {
    Cancel(u64),
    /// Send this transfer again (a download resumes from its `.part`; an upload goes
    /// to the asset it already created).
    Retry(Box<TransferJob>),
    /// Stop this transfer for now; it stays paused until resumed.
    Pause(u64),
}

/// The transfers not finished, failed or cancelled (for the journals that resume them
/// after a restart).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Unfinished {
    pub downloads: Vec<DownloadJob>,
    pub uploads: Vec<UploadBatch>,
}

#[derive(Debug, Default)]
pub struct TransferQueue {
    pub rows: Vec<TransferRow>,
    pub cursor: usize,
    next: u64,
    /// The set of unfinished transfers changed (the journal on disk follows).
    unfinished_changed: bool,
}

impl TransferQueue {
    fn push(&mut self, job: TransferJob) {
        self.rows.push(TransferRow {
            job,
            state: TransferState::Queued,
            processing: None,
            since: None,
        });
        self.unfinished_changed = true;
    }

    /// Queue `job` under a new transfer number; the job to send.
    pub(crate) fn add_job(&mut self, mut job: DownloadJob) -> DownloadJob {
        self.next += 1;
        job.transfer = self.next;
        self.push(TransferJob::Download(job.clone()));
        job
    }

    /// Queue `batch`'s files under new transfer numbers (and the batch under a new
    /// number unless it has one); the batch to send.
    pub(crate) fn add_upload(&mut self, mut batch: UploadBatch) -> UploadBatch {
        if batch.target.batch == 0 {
            self.next += 1;
            batch.target.batch = self.next;
        }
        for file in &mut batch.files {
            self.next += 1;
            file.transfer = self.next;
            self.push(TransferJob::Upload {
                target: batch.target.clone(),
                file: file.clone(),
            });
        }
        batch
    }

    /// The transfers still to do, when that set changed since the last call.
    pub(crate) fn take_unfinished(&mut self) -> Option<Unfinished> {
        if !std::mem::take(&mut self.unfinished_changed) {
            return None;
        }
        let mut out = Unfinished::default();
        let kept = |r: &&TransferRow| r.active() || r.state == TransferState::Paused;
        for row in self.rows.iter().filter(kept) {
            match &row.job {
                TransferJob::Download(j) => out.downloads.push(j.clone()),
                TransferJob::Upload { target, file } => {
                    match out
                        .uploads
                        .iter_mut()
                        .find(|b| b.target.batch == target.batch)
                    {
                        Some(b) => b.files.push(file.clone()),
                        None => out.uploads.push(UploadBatch {
                            target: target.clone(),
                            files: vec![file.clone()],
                        }),
                    }
                }
            }
        }
        Some(out)
    }

    /// Hold every waiting file of `batch` until [`TransferQueue::resume_batch`].
    pub(crate) fn pause_batch(&mut self, batch: u64) {
        for row in self.rows.iter_mut() {
            if matches!(&row.job, TransferJob::Upload { target, .. } if target.batch == batch)
                && row.state == TransferState::Queued
            {
                row.state = TransferState::Paused;
            }
        }
    }

    /// Queue the paused files of `batch` again; the batch to send, if any was paused.
    pub(crate) fn resume_batch(&mut self, batch: u64) -> Option<UploadBatch> {
        let mut out: Option<UploadBatch> = None;
        for row in self.rows.iter_mut() {
            let TransferJob::Upload { target, file } = &row.job else {
                continue;
            };
            if target.batch != batch || row.state != TransferState::Paused {
                continue;
            }
            row.state = TransferState::Queued;
            row.since = None;
            out.get_or_insert_with(|| UploadBatch {
                target: target.clone(),
                files: Vec::new(),
            })
            .files
            .push(file.clone());
        }
        out
    }

    /// Where upload batch `batch` goes.
    pub(crate) fn batch_target(&self, batch: u64) -> Option<&UploadTarget> {
        self.batch_rows(batch).find_map(|r| match &r.job {
            TransferJob::Upload { target, .. } => Some(target),
            TransferJob::Download(_) => None,
        })
    }

    /// The rows of upload batch `batch`.
    pub(crate) fn batch_rows(&self, batch: u64) -> impl Iterator<Item = &TransferRow> {
        self.rows.iter().filter(
            move |r| matches!(&r.job, TransferJob::Upload { target, .. } if target.batch == batch),
        )
    }

    /// Queue `ids` as one zip into `dir`; the job to send.
    pub(crate) fn add_zip(&mut self, ids: Vec<i64>, size: &str, dir: PathBuf) -> DownloadJob {
        self.add_job(DownloadJob {
            transfer: 0,
            asset_id: ids.first().copied().unwrap_or_default(),
            size: size.to_string(),
            dir,
            name: format!("mediagraph-{}-assets.zip", ids.len()),
            zip_of: ids,
            version: None,
        })
    }

    /// How a transfer goes; the row it changed, if any (the first of a batch's).
    pub(crate) fn on_event(&mut self, ev: TransferEvent) -> Option<&TransferRow> {
        match ev {
            TransferEvent::SessionOpened { batch, session } => {
                let mut first = None;
                for (i, row) in self.rows.iter_mut().enumerate() {
                    if let TransferJob::Upload { target, .. } = &mut row.job
                        && target.batch == batch
                    {
                        target.session = Some(session.clone());
                        first.get_or_insert(i);
                    }
                }
                self.unfinished_changed = true;
                return first.map(|i| &self.rows[i]);
            }
            TransferEvent::Processed { batch, failed, .. } => {
                let mut first = None;
                for (i, row) in self.rows.iter_mut().enumerate() {
                    let TransferJob::Upload { target, file } = &row.job else {
                        continue;
                    };
                    if target.batch != batch || row.processing != Some(Processing::Waiting) {
                        continue;
                    }
                    row.processing = Some(match failed.contains(&file.name()) {
                        true => Processing::Failed,
                        false => Processing::Done,
                    });
                    first.get_or_insert(i);
                }
                return first.map(|i| &self.rows[i]);
            }
            _ => {}
        }
        let transfer = ev.transfer()?;
        let row = self
            .rows
            .iter_mut()
            .find(|r| r.job.transfer() == transfer)?;
        match ev {
            TransferEvent::AssetCreated { asset, .. } => {
                if let TransferJob::Upload { file, .. } = &mut row.job {
                    file.asset = Some(asset);
                    self.unfinished_changed = true;
                }
                return Some(row);
            }
            // A paused one may have ended before the stop reached it.
            TransferEvent::Skipped { .. } | TransferEvent::Finished { .. }
                if !row.active() && row.state != TransferState::Paused =>
            {
                return None;
            }
            // Stopping a paused transfer can end it with an error: it stays paused.
            TransferEvent::Failed { .. } if row.state == TransferState::Paused => return None,
            TransferEvent::Skipped { reason, .. } => row.state = TransferState::Skipped { reason },
            TransferEvent::SessionOpened { .. } | TransferEvent::Processed { .. } => {}
            // A late report of a transfer already over changes nothing.
            TransferEvent::Progress { .. } | TransferEvent::Cancelled { .. } if !row.active() => {
                return None;
            }
            TransferEvent::Progress { done, total, .. } => {
                if row.since.is_none() {
                    row.since = Some((Instant::now(), done));
                }
                row.state = TransferState::Running { done, total };
            }
            TransferEvent::Finished { path, bytes, .. } => {
                row.state = TransferState::Done { path, bytes };
                if row.job.is_upload() {
                    row.processing = Some(Processing::Waiting);
                }
            }
            TransferEvent::Failed { error, bytes, .. } => {
                row.state = TransferState::Failed { error, bytes }
            }
            TransferEvent::Cancelled { .. } => row.state = TransferState::Cancelled,
        }
        if !row.active() {
            self.unfinished_changed = true;
        }
        Some(row)
    }

    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<TransfersAsk> {
        if keymap::move_in_list(action, &mut self.cursor, self.rows.len(), Some(10)) {
            return Outcome::Consumed;
        }
        let Some(row) = self.rows.get_mut(self.cursor) else {
            return Outcome::NotConsumed;
        };
        match action {
            Action::CancelTransfer if row.active() => {
                Outcome::Ask(TransfersAsk::Cancel(row.job.transfer()))
            }
            Action::PauseTransfer if row.active() => {
                row.state = TransferState::Paused;
                row.since = None;
                self.unfinished_changed = true;
                Outcome::Ask(TransfersAsk::Pause(row.job.transfer()))
            }
            Action::Retry | Action::PauseTransfer
                if row.state == TransferState::Paused
                    || (action == Action::Retry
                        && matches!(
                            row.state,
                            TransferState::Failed { .. } | TransferState::Cancelled
                        )) =>
            {
                row.state = TransferState::Queued;
                row.since = None;
                self.unfinished_changed = true;
                Outcome::Ask(TransfersAsk::Retry(Box::new(row.job.clone())))
            }
            Action::CancelTransfer | Action::Retry | Action::PauseTransfer => Outcome::Consumed,
            _ => Outcome::NotConsumed,
        }
    }

    /// "⇣ 2/5 · ⇡ 1/3 · 3.1 MB/s · 1 failed" ("⇣ 1 failed" when nothing runs), or empty
    /// when nothing runs or failed: always marked ⇣ (downloads) or ⇡ (uploads), apart
    /// from the bulk jobs beside it.
    pub fn summary(&self) -> String {
        let failed: Vec<&TransferRow> = self
            .rows
            .iter()
            .filter(|r| matches!(r.state, TransferState::Failed { .. }))
            .collect();
        let active = self.rows.iter().filter(|r| r.active()).count();
        if active == 0 && failed.is_empty() {
            return String::new();
        }
        let mut parts = Vec::new();
        for (upload, arrow) in [(false, "⇣"), (true, "⇡")] {
            let rows = || {
                self.rows
                    .iter()
                    .filter(move |r| r.job.is_upload() == upload)
            };
            let running = rows().filter(|r| r.active()).count();
            if running > 0 {
                let done = rows()
                    .filter(|r| {
                        matches!(
                            r.state,
                            TransferState::Done { .. } | TransferState::Skipped { .. }
                        )
                    })
                    .count();
                parts.push(format!("{arrow} {done}/{}", done + running));
            }
        }
        if active > 0 {
            let rate: f64 = self.rows.iter().filter_map(TransferRow::rate).sum();
            if rate > 0.0 {
                parts.push(format!("{}/s", crate::text::file_size(Some(rate as i64))));
            }
        }
        if !failed.is_empty() {
            parts.push(format!("{} failed", failed.len()));
        }
        let summary = parts.join(" · ");
        if active > 0 {
            return summary;
        }
        let arrow = match (
            failed.iter().any(|r| r.job.is_upload()),
            failed.iter().any(|r| !r.job.is_upload()),
        ) {
            (true, true) => "⇅",
            (true, false) => "⇡",
            _ => "⇣",
        };
        format!("{arrow} {summary}")
    }

    /// Every download is over: (finished, failed), else None.
    pub(crate) fn downloads_over(&self) -> Option<(usize, usize)> {
        let downloads = || self.rows.iter().filter(|r| !r.job.is_upload());
        if downloads().any(TransferRow::active) {
            return None;
        }
        let done = |s: &TransferState| matches!(s, TransferState::Done { .. });
        let failed = |s: &TransferState| matches!(s, TransferState::Failed { .. });
        Some((
            downloads().filter(|r| done(&r.state)).count(),
            downloads().filter(|r| failed(&r.state)).count(),
        ))
    }

    /// Every file of upload `batch` is over: (sent, skipped, failed), else None.
    pub(crate) fn upload_batch_over(&self, batch: u64) -> Option<(usize, usize, usize)> {
        if self.batch_rows(batch).any(TransferRow::active) {
            return None;
        }
        let count =
            |f: fn(&TransferState) -> bool| self.batch_rows(batch).filter(|r| f(&r.state)).count();
        Some((
            count(|s| matches!(s, TransferState::Done { .. })),
            count(|s| matches!(s, TransferState::Skipped { .. })),
            count(|s| matches!(s, TransferState::Failed { .. })),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_job() -> DownloadJob {
        DownloadJob {
            transfer: 0,
            asset_id: 7,
            size: "original".into(),
            dir: PathBuf::from("/tmp/x"),
            name: "a.jpg".into(),
            zip_of: Vec::new(),
            version: Some(3),
        }
    }

    #[test]
    fn events_move_a_row_along_and_late_ones_change_nothing() {
        let mut q = TransferQueue::default();
        let job = q.add_job(sample_job());
        let t = job.transfer;
        let progress = |done| TransferEvent::Progress {
            transfer: t,
            done,
            total: Some(100),
        };
        q.on_event(progress(10));
        assert_eq!(
            q.rows[0].state,
            TransferState::Running {
                done: 10,
                total: Some(100)
            }
        );
        assert!(q.summary().starts_with("⇣ 0/1"));
        q.on_event(TransferEvent::Finished {
            transfer: t,
            path: PathBuf::from("/tmp/x/a.jpg"),
            bytes: 100,
        });
        assert!(
            q.on_event(progress(50)).is_none(),
            "late progress is ignored"
        );
        assert!(matches!(
            q.rows[0].state,
            TransferState::Done { bytes: 100, .. }
        ));
        assert_eq!(q.downloads_over(), Some((1, 0)));
        assert_eq!(q.summary(), "");
    }

    #[test]
    fn x_cancels_a_running_transfer_and_r_retries_a_failed_one() {
        let mut q = TransferQueue::default();
        let job = q.add_job(sample_job());
        assert_eq!(
            q.handle_action(Action::CancelTransfer),
            Outcome::Ask(TransfersAsk::Cancel(job.transfer))
        );
        q.on_event(TransferEvent::Failed {
            transfer: job.transfer,
            error: "dropped".into(),
            part: None,
            bytes: 5,
        });
        assert_eq!(q.summary(), "⇣ 1 failed");
        assert_eq!(
            q.handle_action(Action::Retry),
            Outcome::Ask(TransfersAsk::Retry(Box::new(TransferJob::Download(
                job.clone()
            ))))
        );
        assert_eq!(q.rows[0].state, TransferState::Queued);
        assert_eq!(q.handle_action(Action::Back), Outcome::NotConsumed);

        // p pauses a running one (the worker stops it), p again sends it on.
        assert_eq!(
            q.handle_action(Action::PauseTransfer),
            Outcome::Ask(TransfersAsk::Pause(job.transfer))
        );
        q.on_event(TransferEvent::Cancelled {
            transfer: job.transfer,
        });
        assert_eq!(
            q.rows[0].state,
            TransferState::Paused,
            "the stop keeps it paused"
        );
        assert_eq!(
            q.take_unfinished().unwrap().downloads.len(),
            1,
            "a paused transfer stays in the journal"
        );
        assert!(matches!(
            q.handle_action(Action::PauseTransfer),
            Outcome::Ask(TransfersAsk::Retry(_))
        ));
        assert_eq!(q.rows[0].state, TransferState::Queued);
    }
}
