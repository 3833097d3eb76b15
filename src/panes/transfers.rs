//! The transfer queue: every download of this session with its state, bytes, rate and
//! time left; what a key does there (cancel, retry); a summary for the status bar.

use std::path::PathBuf;
use std::time::Instant;

use super::Outcome;
use crate::keymap::{self, Action};
use crate::protocol::transfers::{DownloadJob, TransferEvent};

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
}

#[derive(Debug, Clone)]
pub struct TransferRow {
    pub job: DownloadJob,
    pub state: TransferState,
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
    /// Send this download again (it resumes from its `.part`).
    Retry(DownloadJob),
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
    /// Queue `job` under a new transfer number; the job to send.
    pub(crate) fn add_job(&mut self, mut job: DownloadJob) -> DownloadJob {
        self.next += 1;
        job.transfer = self.next;
        self.rows.push(TransferRow {
            job: job.clone(),
            state: TransferState::Queued,
            since: None,
        });
        self.unfinished_changed = true;
        job
    }

    /// The downloads not finished, failed or cancelled, when that set changed since the
    /// last call (for the journal that resumes them after a restart).
    pub(crate) fn take_unfinished(&mut self) -> Option<Vec<DownloadJob>> {
        if !std::mem::take(&mut self.unfinished_changed) {
            return None;
        }
        Some(
            self.rows
                .iter()
                .filter(|r| r.active())
                .map(|r| r.job.clone())
                .collect(),
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

    /// How a transfer goes; the row it changed, if any.
    pub(crate) fn on_event(&mut self, ev: TransferEvent) -> Option<&TransferRow> {
        let row = self
            .rows
            .iter_mut()
            .find(|r| r.job.transfer == ev.transfer())?;
        match ev {
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
                row.state = TransferState::Done { path, bytes }
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
                Outcome::Ask(TransfersAsk::Cancel(row.job.transfer))
            }
            Action::Retry
                if matches!(
                    row.state,
                    TransferState::Failed { .. } | TransferState::Cancelled
                ) =>
            {
                row.state = TransferState::Queued;
                row.since = None;
                self.unfinished_changed = true;
                Outcome::Ask(TransfersAsk::Retry(row.job.clone()))
            }
            Action::CancelTransfer | Action::Retry => Outcome::Consumed,
            _ => Outcome::NotConsumed,
        }
    }

    /// "⇣ 2/5 · 3.1 MB/s · 1 failed" ("⇣ 1 failed" when nothing runs), or empty when
    /// nothing runs or failed: always marked ⇣, apart from the bulk jobs beside it.
    pub fn summary(&self) -> String {
        let active = self.rows.iter().filter(|r| r.active()).count();
        let failed = self
            .rows
            .iter()
            .filter(|r| matches!(r.state, TransferState::Failed { .. }))
            .count();
        if active == 0 && failed == 0 {
            return String::new();
        }
        let mut parts = Vec::new();
        if active > 0 {
            let done = self
                .rows
                .iter()
                .filter(|r| matches!(r.state, TransferState::Done { .. }))
                .count();
            parts.push(format!("⇣ {done}/{}", done + active));
            let rate: f64 = self.rows.iter().filter_map(TransferRow::rate).sum();
            if rate > 0.0 {
                parts.push(format!("{}/s", crate::text::file_size(Some(rate as i64))));
            }
        }
        if failed > 0 {
            parts.push(format!("{failed} failed"));
        }
        let summary = parts.join(" · ");
        match active {
            0 => format!("⇣ {summary}"),
            _ => summary,
        }
    }

    /// Every transfer of the last batch is over: (finished, failed), else None.
    pub(crate) fn batch_over(&self) -> Option<(usize, usize)> {
        if self.rows.iter().any(TransferRow::active) {
            return None;
        }
        let done = |s: &TransferState| matches!(s, TransferState::Done { .. });
        let failed = |s: &TransferState| matches!(s, TransferState::Failed { .. });
        Some((
            self.rows.iter().filter(|r| done(&r.state)).count(),
            self.rows.iter().filter(|r| failed(&r.state)).count(),
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
        assert_eq!(q.batch_over(), Some((1, 0)));
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
            Outcome::Ask(TransfersAsk::Retry(job))
        );
        assert_eq!(q.rows[0].state, TransferState::Queued);
        assert_eq!(q.handle_action(Action::Back), Outcome::NotConsumed);
    }
}
