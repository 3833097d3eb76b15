//! Downloads: `d` asks which size and says where the files go; the answer queues one
//! transfer per asset; events from the API task move the queue along; `T` shows it.

use super::{App, Focus, Purpose, RightPane};
use crate::panes::Outcome;
use crate::panes::confirm::{Choice, Confirm};
use crate::panes::transfers::{TransferJob, TransfersAsk};
use crate::protocol::transfers::{DownloadJob, TRANSFER_MSG_ID, TransferEvent, TransferRequest};
use crate::protocol::{Request, RequestKind};
use crate::text::safe;

/// Sizes offered when the asset does not list its own.
const DEFAULT_SIZES: [&str; 4] = ["original", "full", "medium", "small"];

impl App {
    /// Downloads a previous mgtui did not finish (it was killed, hung up or quit): queue
    /// them again; each resumes from its `.part`.
    pub fn resume_downloads(&mut self, jobs: Vec<DownloadJob>) {
        if jobs.is_empty() {
            return;
        }
        let n = jobs.len();
        for old in jobs {
            let job = self.transfers.queue.add_job(old);
            self.send_transfer(TransferRequest::Download(job));
        }
        self.flash(
            format!(
                "Resuming {n} unfinished download{} · T shows the queue",
                if n == 1 { "" } else { "s" }
            ),
            false,
        );
    }

    /// `:download-dir PATH`: downloads go there from now on (and next time).
    pub(crate) fn set_download_dir(&mut self, typed: &str) {
        let mut dir = crate::transfers::paths::expand_home(typed);
        // Remembered in config.toml: relative to where mgtui was started, it would mean
        // another place next time.
        if dir.is_relative()
            && let Ok(here) = std::env::current_dir()
        {
            dir = here.join(dir);
        }
        if dir.exists() && !dir.is_dir() {
            self.flash(format!("{} is a file, not a directory", safe(typed)), true);
            return;
        }
        self.flash(
            format!(
                "Downloads go to {}{}",
                safe(&dir.display().to_string()),
                if dir.exists() {
                    ""
                } else {
                    " (made on the first download)"
                }
            ),
            false,
        );
        self.transfers.dir = dir;
        self.transfers.dir_changed = true;
    }

    pub(crate) fn toggle_transfers(&mut self) {
        if self.right != RightPane::Transfers {
            self.right = RightPane::Transfers;
            self.focus = self.right_pane_focus();
            if self.edit.editor.is_some() {
                self.flash("The transfer queue shows once the editor is closed", false);
            }
        } else {
            self.right = RightPane::Details;
            if self.focus == Focus::Transfers {
                self.focus = Focus::Grid;
            }
        }
    }

    /// `d` (`D`: as one zip): ask which size to download the marked assets (or the
    /// selected one) in.
    pub(crate) fn ask_download(&mut self, zip: bool) {
        if zip && self.session.read_only {
            self.flash(
                "Read-only mode: a zip is prepared on the server — d downloads the files one by one",
                true,
            );
            return;
        }
        let ids = self.grid.marked_or_selected();
        if ids.is_empty() {
            return;
        }
        let offered = self
            .grid
            .selected()
            .map(|a| a.download_sizes.clone())
            .unwrap_or_default();
        let mut sizes: Vec<String> = offered
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            // Keys 1–9 pick them (crop presets included where the asset offers them).
            .take(9)
            .collect();
        if sizes.is_empty() {
            sizes = DEFAULT_SIZES.iter().map(|s| s.to_string()).collect();
        }
        let n = ids.len();
        let what = match (n, zip) {
            (1, false) => "1 asset".to_string(),
            (n, false) => format!("{n} assets"),
            (1, true) => "1 asset as a zip".to_string(),
            (n, true) => format!("{n} assets as one zip"),
        };
        let mut choices = vec![Choice::new("Cancel", 'c')];
        for (i, s) in sizes.iter().enumerate() {
            let key = char::from_digit(i as u32 + 1, 10).unwrap_or('?');
            choices.push(Choice::new(&safe(s), key));
        }
        let dialog = Confirm::new(
            "Download",
            vec![
                format!("Download {what} to {}", self.transfers.dir.display()),
                "in which size? (a file already there is never overwritten;".into(),
                ":download-dir PATH saves elsewhere)".into(),
            ],
            choices,
            1,
            0,
        );
        self.ask(dialog, Purpose::Download { ids, sizes, zip });
    }

    /// The size was chosen (choice 0 is Cancel): queue one download per asset.
    /// One version of an asset, in its original size, through the transfer queue.
    pub(super) fn download_version(&mut self, asset: i64, number: i64, name: String) {
        let dir = self.transfers.dir.clone();
        let job = self.transfers.queue.add_job(DownloadJob {
            transfer: 0,
            asset_id: asset,
            size: "original".to_string(),
            dir: dir.clone(),
            name,
            zip_of: Vec::new(),
            version: Some(number),
        });
        self.send_transfer(TransferRequest::Download(job));
        self.flash(
            format!(
                "Downloading version {number} to {} · T shows the queue",
                dir.display()
            ),
            false,
        );
    }

    pub(super) fn download_confirmed(
        &mut self,
        choice: usize,
        ids: Vec<i64>,
        sizes: Vec<String>,
        zip: bool,
    ) {
        let Some(size) = choice.checked_sub(1).and_then(|i| sizes.get(i)) else {
            return;
        };
        let dir = self.transfers.dir.clone();
        if zip {
            let n = ids.len();
            let job = self.transfers.queue.add_zip(ids, size, dir.clone());
            self.send_transfer(TransferRequest::Download(job));
            self.flash(
                format!(
                    "Preparing a zip of {n} assets for {} · T shows the queue",
                    dir.display()
                ),
                false,
            );
            return;
        }
        for id in &ids {
            let name = self.download_name(*id, size);
            let version = self
                .grid
                .results
                .position(*id)
                .and_then(|i| self.grid.results.get(i))
                .and_then(|a| a.data_version_number);
            let job = self.transfers.queue.add_job(DownloadJob {
                transfer: 0,
                asset_id: *id,
                size: size.clone(),
                dir: dir.clone(),
                name,
                zip_of: Vec::new(),
                version,
            });
            self.send_transfer(TransferRequest::Download(job));
        }
        self.flash(
            format!(
                "Downloading {} file{} to {} · T shows the queue",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" },
                dir.display()
            ),
            false,
        );
    }

    fn download_name(&self, id: i64, size: &str) -> String {
        let filename = self
            .grid
            .results
            .position(id)
            .and_then(|i| self.grid.results.get(i))
            .and_then(|a| a.filename.as_deref());
        crate::transfers::names::download_name(filename, id, size)
    }

    /// Send a transfer request to the API task; false when read-only mode refused it.
    pub(super) fn send_transfer(&mut self, req: TransferRequest) -> bool {
        let kind = RequestKind::Transfer(req);
        if self.refused_in_read_only(&kind) {
            // Not left waiting as queued: the row says why it did not start.
            if let RequestKind::Transfer(TransferRequest::Download(job)) = kind {
                self.transfers.queue.on_event(TransferEvent::Failed {
                    transfer: job.transfer,
                    error: "read-only mode: a zip is prepared on the server".into(),
                    part: None,
                    bytes: 0,
                });
            }
            return false;
        }
        self.requests.send_untracked(Request {
            id: TRANSFER_MSG_ID,
            kind,
        });
        true
    }

    pub(super) fn on_transfers_outcome(&mut self, out: Outcome<TransfersAsk>) -> bool {
        match out {
            Outcome::NotConsumed => return false,
            Outcome::Consumed => {}
            Outcome::Ask(TransfersAsk::Cancel(t) | TransfersAsk::Pause(t)) => {
                self.send_transfer(TransferRequest::Cancel(t));
            }
            Outcome::Ask(TransfersAsk::Retry(job)) => match *job {
                TransferJob::Download(job) => {
                    self.send_transfer(TransferRequest::Download(job));
                }
                TransferJob::Upload { target, file } => {
                    self.send_upload(crate::protocol::transfers::UploadBatch {
                        target,
                        files: vec![file],
                    });
                }
            },
        }
        true
    }

    /// How a transfer goes (from the API task).
    pub(super) fn on_transfer(&mut self, ev: TransferEvent) {
        let failed = match &ev {
            TransferEvent::Failed { error, .. } => Some(error.clone()),
            _ => None,
        };
        let Some(row) = self.transfers.queue.on_event(ev.clone()) else {
            return;
        };
        let batch = match &row.job {
            TransferJob::Upload { target, .. } => Some(target.batch),
            TransferJob::Download(_) => None,
        };
        let name = safe(&row.job.name());
        self.screen.dirty = true;
        if let Some(error) = failed {
            let what = if batch.is_some() {
                "Upload"
            } else {
                "Download"
            };
            self.flash(format!("{what} of {name} stopped: {}", safe(&error)), true);
            return;
        }
        if let Some(batch) = batch {
            self.on_upload_event(&ev, batch);
            return;
        }
        if let Some((done, failed)) = self.transfers.queue.downloads_over() {
            let dir = self.transfers.dir.display().to_string();
            match failed {
                0 => self.flash(
                    format!(
                        "Downloaded {done} file{} to {dir}",
                        if done == 1 { "" } else { "s" }
                    ),
                    false,
                ),
                n => self.flash(
                    format!(
                        "{n} download{} failed · T, then R retries",
                        if n == 1 { "" } else { "s" }
                    ),
                    true,
                ),
            }
        }
    }
}
