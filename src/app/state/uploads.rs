//! Uploads: `U` on a folder opens the picker, its answer is confirmed with the count and
//! size, then queued as one batch; events move the rows along; uploads a previous mgtui
//! did not finish are offered for resuming at start.

use super::{App, Purpose, Slot};
use crate::api::models::GroupKind;
use crate::panes::Outcome;
use crate::panes::confirm::{Choice, Confirm};
use crate::panes::tree::Section;
use crate::panes::upload_picker::{PickerAsk, UploadPicker};
use crate::protocol::RequestKind;
use crate::protocol::transfers::{
    AssetRef, TransferEvent, TransferRequest, UploadBatch, UploadFile, UploadTarget,
};
use crate::text::{file_size, safe};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl App {
    /// `U` in the tree: pick files to upload into the storage folder under the cursor.
    pub(crate) fn ask_upload(&mut self) {
        if self.session.read_only {
            self.flash("Read-only mode: nothing is uploaded", true);
            return;
        }
        let Some(target) = self.upload_target() else {
            self.flash(
                "U uploads into a storage folder: open one, or move the tree's cursor onto it",
                true,
            );
            return;
        };
        if target.contribution_id.is_none() {
            self.flash(
                format!(
                    "{} takes no uploads (it has no contribution); choose one of its sub-folders or another folder",
                    safe(&target.folder_name)
                ),
                true,
            );
            return;
        }
        self.modals.upload = Some(UploadPicker::new(target));
    }

    /// `u` in the versions view: pick one local file to become a new version of `asset`.
    pub(super) fn pick_new_version(&mut self, asset: i64) {
        if self.session.read_only {
            self.flash("Read-only mode: nothing is uploaded", true);
            return;
        }
        let Some((_, a)) = self.grid.results.loaded().find(|(_, a)| a.id == asset) else {
            self.flash(
                "The asset is no longer in the grid: open its versions again",
                true,
            );
            return;
        };
        let guid = a.guid.clone().unwrap_or_else(|| asset.to_string());
        let name = self
            .modals
            .versions
            .as_ref()
            .map_or_else(|| a.label(), |v| v.name.clone());
        self.modals.upload = Some(UploadPicker::new(UploadTarget {
            batch: 0,
            folder_id: 0,
            folder_name: name,
            contribution_id: None,
            session: None,
            version_of: Some(AssetRef {
                id: asset,
                guid,
                version: a.data_version_number,
            }),
        }));
    }

    /// The storage folder under the tree's cursor (from the grid: the one it shows), as
    /// an upload target.
    fn upload_target(&self) -> Option<UploadTarget> {
        let idx = match self.focus {
            super::Focus::Tree => self.tree.current()?,
            _ => self.tree.selected?,
        };
        let item = self.tree.items.get(idx)?;
        if item.section != Section::Groups(GroupKind::StorageFolder) {
            return None;
        }
        let node = item.node.as_ref()?;
        let mut names = Vec::new();
        let mut cur = Some(idx);
        while let Some(i) = cur {
            let it = &self.tree.items[i];
            if it.node.is_some() {
                names.push(it.label.clone());
            }
            cur = it.parent;
        }
        names.reverse();
        Some(UploadTarget {
            batch: 0,
            folder_id: node.id.as_i64()?,
            folder_name: names.join("/"),
            contribution_id: node.contribution_id,
            session: None,
            version_of: None,
        })
    }

    pub(super) fn on_upload_picker_key(&mut self, key: crossterm::event::KeyEvent) {
        let Some(picker) = &mut self.modals.upload else {
            return;
        };
        match picker.handle_key(&key) {
            Outcome::Consumed | Outcome::NotConsumed => {}
            Outcome::Ask(PickerAsk::Close) => self.modals.upload = None,
            Outcome::Ask(PickerAsk::Scan(typed)) => {
                let base = std::env::current_dir().unwrap_or_else(|_| crate::paths::home());
                self.issue(
                    super::super::requests::Slot::LocalScan,
                    RequestKind::ScanLocal { typed, base },
                );
            }
            Outcome::Ask(PickerAsk::Done) => {
                if let Some(picker) = self.modals.upload.take() {
                    self.confirm_upload(&picker);
                }
            }
        }
    }

    fn confirm_upload(&mut self, picker: &UploadPicker) {
        let (n, bytes) = picker.totals();
        let files = picker.upload_files();
        if picker.target.version_of.is_some() {
            return self.confirm_new_version(picker, files, bytes);
        }
        let mut folders: Vec<&str> = files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        folders.sort_unstable();
        folders.dedup();
        let mut lines = vec![format!(
            "Upload {} ({}) into {}?",
            plural(n, "file", "files"),
            file_size(Some(bytes.min(i64::MAX as u64) as i64)),
            safe(&picker.target.folder_name)
        )];
        if !folders.is_empty() {
            lines.push(format!(
                "Directories become sub-folders ({}).",
                plural(folders.len(), "sub-folder", "sub-folders")
            ));
        }
        lines.push("A file the folder already has (same name and size) is skipped.".into());
        self.ask_to_upload("Upload", lines, picker, files);
    }

    /// Upload (`u`) or Cancel (the default) these files to the picker's target.
    fn ask_to_upload(
        &mut self,
        title: &str,
        lines: Vec<String>,
        picker: &UploadPicker,
        files: Vec<UploadFile>,
    ) {
        let batch = UploadBatch {
            target: picker.target.clone(),
            files,
        };
        let dialog = Confirm::new(
            title,
            lines,
            vec![Choice::new("Cancel", 'c'), Choice::new("Upload", 'u')],
            0,
            0,
        );
        self.ask(dialog, Purpose::Upload(batch));
    }

    fn confirm_new_version(&mut self, picker: &UploadPicker, files: Vec<UploadFile>, bytes: u64) {
        let [file] = files.as_slice() else {
            self.flash(
                format!(
                    "A new version is one file: pick just one ({} picked)",
                    files.len()
                ),
                true,
            );
            return;
        };
        let lines = vec![
            format!(
                "Upload {} ({}) as a new version of {}?",
                safe(&file.name()),
                file_size(Some(bytes.min(i64::MAX as u64) as i64)),
                safe(&picker.target.folder_name)
            ),
            "It becomes the current version; the older ones stay in its history.".into(),
        ];
        self.ask_to_upload("New version", lines, picker, files);
    }

    /// The upload was confirmed: queue its files as one batch and send it.
    pub(super) fn upload_confirmed(&mut self, batch: UploadBatch) {
        let batch = self.transfers.queue.add_upload(batch);
        let what = format!(
            "Uploading {} into {} · T shows the queue",
            plural(batch.files.len(), "file", "files"),
            safe(&batch.target.folder_name)
        );
        self.send_upload(batch);
        self.flash(what, false);
    }

    pub(super) fn send_upload(&mut self, batch: UploadBatch) {
        let transfers: Vec<u64> = batch.files.iter().map(|f| f.transfer).collect();
        if !self.send_transfer(TransferRequest::Upload(batch)) {
            for transfer in transfers {
                self.transfers.queue.on_event(TransferEvent::Failed {
                    transfer,
                    error: "read-only mode: nothing is uploaded".into(),
                    part: None,
                    bytes: 0,
                });
            }
        }
    }

    /// Uploads a previous mgtui left unfinished: shown paused in the queue, and offered
    /// for resuming (nothing is sent before the user says so).
    pub fn offer_unfinished_uploads(&mut self, batches: Vec<UploadBatch>) {
        if batches.is_empty() {
            return;
        }
        let mut numbers = Vec::new();
        let mut files = 0;
        let mut folders: Vec<String> = Vec::new();
        for mut batch in batches {
            // Numbers of the old session mean nothing here.
            batch.target.batch = 0;
            files += batch.files.len();
            folders.push(batch.target.folder_name.clone());
            let batch = self.transfers.queue.add_upload(batch);
            numbers.push(batch.target.batch);
            self.transfers.queue.pause_batch(batch.target.batch);
        }
        folders.dedup();
        if self.session.read_only {
            self.flash(
                format!(
                    "{} not finished last time (paused: read-only mode)",
                    plural(files, "upload was", "uploads were")
                ),
                true,
            );
            return;
        }
        let dialog = Confirm::new(
            "Unfinished uploads",
            vec![
                format!(
                    "{} into {} did not finish when mgtui last stopped.",
                    plural(files, "file", "files"),
                    safe(&folders.join(", "))
                ),
                "Resume now? None is created twice: files already announced".into(),
                "get their bytes. Later keeps them paused (T, then R).".into(),
            ],
            vec![Choice::new("Later", 'l'), Choice::new("Resume", 'r')],
            0,
            0,
        );
        self.ask(dialog, Purpose::ResumeUploads(numbers));
    }

    /// Send the paused files of `batches` again.
    pub(super) fn resume_uploads(&mut self, batches: &[u64]) {
        for &batch in batches {
            if let Some(b) = self.transfers.queue.resume_batch(batch) {
                self.send_upload(b);
            }
        }
    }

    /// An upload event that concerns the whole batch or says how a file ended.
    pub(super) fn on_upload_event(&mut self, ev: &TransferEvent, batch: u64) {
        match ev {
            TransferEvent::Processed {
                processed,
                failed,
                unfinished,
                ..
            } => {
                let folder = self.batch_folder(batch);
                let mut text = format!(
                    "{} processed in {folder}",
                    plural(*processed, "upload", "uploads")
                );
                if !failed.is_empty() {
                    let names: Vec<String> = failed.iter().take(3).map(|n| safe(n)).collect();
                    text.push_str(&format!(
                        " · {} could not be processed: {}",
                        failed.len(),
                        names.join(", ")
                    ));
                }
                if *unfinished > 0 {
                    text.push_str(&format!(" · {unfinished} still processing"));
                }
                self.flash(text, !failed.is_empty());
                self.reload_if_showing(batch);
            }
            TransferEvent::Finished { .. } if self.new_version_sent(batch) => {}
            TransferEvent::Finished { .. } | TransferEvent::Skipped { .. } => {
                if let Some((sent, skipped, failed)) = self.transfers.queue.upload_batch_over(batch)
                {
                    let folder = self.batch_folder(batch);
                    let mut text = format!("Sent {} to {folder}", plural(sent, "file", "files"));
                    if skipped > 0 {
                        text.push_str(&format!(" · {skipped} already there, skipped"));
                    }
                    if failed > 0 {
                        text.push_str(&format!(" · {failed} failed (T, then R retries)"));
                    } else if sent > 0 {
                        text.push_str(" · the server is processing them");
                    }
                    self.flash(text, failed > 0);
                }
            }
            _ => {}
        }
    }

    /// A new version of an asset arrived: say so, and show it in its versions view.
    /// Whether the batch was one.
    fn new_version_sent(&mut self, batch: u64) -> bool {
        let Some(target) = self.transfers.queue.batch_target(batch) else {
            return false;
        };
        let Some((asset, was)) = target.version_of.as_ref().map(|a| (a.id, a.version)) else {
            return false;
        };
        let name = safe(&target.folder_name);
        self.flash(
            format!("Sent a new version of {name} · the server is processing it"),
            false,
        );
        self.watch_new_version(asset, was, std::time::Instant::now());
        if self
            .modals
            .versions
            .as_ref()
            .is_some_and(|v| v.asset == asset)
        {
            self.issue(
                Slot::Versions,
                RequestKind::Versions(crate::protocol::VersionRequest::List { asset }),
            );
        }
        true
    }

    fn batch_folder(&self, batch: u64) -> String {
        self.transfers
            .queue
            .batch_target(batch)
            .map(|t| safe(&t.folder_name))
            .unwrap_or_default()
    }

    /// The grid shows the folder the batch went into (or one above it): show the new
    /// assets.
    fn reload_if_showing(&mut self, batch: u64) {
        let Some(folder) = self
            .transfers
            .queue
            .batch_target(batch)
            .map(|t| t.folder_id)
        else {
            return;
        };
        let grid_shows = matches!(
            self.browse.query.scope,
            crate::api::models::SearchScope::StorageFolder { id, .. } if id == folder
        );
        let cursor_on = self
            .tree
            .current()
            .and_then(|i| self.tree.items.get(i))
            .and_then(|it| it.node.as_ref())
            .and_then(|n| n.id.as_i64())
            == Some(folder);
        if grid_shows || cursor_on {
            self.start_search();
        }
        for (idx, req) in self
            .tree
            .changed_on_server(GroupKind::StorageFolder, folder)
        {
            self.issue(Slot::Tree(idx), req);
        }
    }
}
