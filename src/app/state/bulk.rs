//! How the app reacts to bulk-job keys and answers. Everything here only changes state
//! and queues requests; the API task does the I/O.

use crossterm::event::KeyEvent;

use super::{App, Focus, JobQuestion, Overlay, Purpose, RightPane, Slot};
use crate::api::ApiError;
use crate::api::models::{BulkJob, GroupKind, JobState};
use crate::bulk::dialog::{Dialog, GroupPick, PickEntry, PickerKind, Preview, Scope};
use crate::bulk::dialog_keys::{DialogAsk, DialogContext};
use crate::bulk::monitor::{self, Change, JobsAsk};
use crate::bulk::{Attempt, Submit};
use crate::keymap::{Action, Layer};
use crate::panes::Outcome;
use crate::panes::confirm::{Choice, Confirm};
use crate::panes::results::Results;
use crate::panes::tree::Children;
use crate::protocol::jobs::PollReport;
use crate::protocol::jobs::{JobsMsg, JobsRequest};
use crate::protocol::{Request, RequestId, RequestKind};
use crate::text::{safe, thousands};

/// Trashing more than this many assets requires typing the count.
pub const TYPE_COUNT_ABOVE: usize = 10;
/// How far back (ms) a job may have been created to match a lost submission.
const LOOKUP_WINDOW_MS: i64 = 10 * 60 * 1000;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// `1 asset`, `1,204 assets`.
pub(super) fn plural(n: usize) -> String {
    format!(
        "{} asset{}",
        thousands(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// The server lacks this route (404/405).
fn unavailable(e: &ApiError) -> bool {
    matches!(e.status(), Some(404 | 405))
}

/// The request may have reached the server without us seeing the answer.
fn outcome_unknown(e: &ApiError) -> bool {
    matches!(e, ApiError::Timeout | ApiError::Network(_))
        || matches!(e.status(), Some(500 | 502..=504))
}

impl App {
    // ----- requests --------------------------------------------------------------

    pub(crate) fn issue_jobs(&mut self, r: JobsRequest) -> RequestId {
        self.issue(Slot::Jobs, RequestKind::Jobs(r))
    }

    /// Wake the API task's job poller (following `track` too). Not an in-flight request:
    /// the poller answers whenever it has news.
    pub(crate) fn wake_jobs(&mut self, track: Option<String>) {
        let req = RequestKind::Jobs(JobsRequest::Poll { track });
        self.push_untracked(req);
    }

    fn push_untracked(&mut self, kind: RequestKind) {
        // Any id the pending map does not hold: the answer is a poll report, handled
        // whatever its id.
        self.requests.send_untracked(Request {
            id: crate::protocol::jobs::POLL_MSG_ID,
            kind,
        });
    }

    pub(crate) fn reload_jobs(&mut self) {
        let page = self.bulk.monitor.page.max(1);
        self.request_jobs_page(page);
        self.wake_jobs(None);
    }

    fn request_jobs_page(&mut self, page: u32) {
        let m = &mut self.bulk.monitor;
        m.loading = true;
        m.page = page;
        let id = self.issue_jobs(JobsRequest::List { page });
        self.bulk.monitor.list_req = Some(id);
    }

    // ----- focus and the monitor ---------------------------------------------------

    pub(crate) fn set_focus(&mut self, f: Focus) {
        self.focus = match f {
            Focus::Details | Focus::Jobs | Focus::Facets | Focus::Transfers => {
                self.right_pane_focus()
            }
            other => other,
        };
    }

    pub(crate) fn toggle_jobs(&mut self) {
        if self.right != RightPane::Jobs {
            self.right = RightPane::Jobs;
            self.focus = Focus::Jobs;
            self.reload_jobs();
        } else {
            self.right = RightPane::Details;
            if self.focus == Focus::Jobs {
                self.focus = Focus::Grid;
            }
        }
    }

    pub(crate) fn on_jobs_outcome(&mut self, out: Outcome<JobsAsk>) -> bool {
        match out {
            Outcome::NotConsumed => return false,
            Outcome::Consumed => {}
            Outcome::Ask(JobsAsk::ListPage(page)) => self.request_jobs_page(page),
            Outcome::Ask(JobsAsk::AssetsPage { guid, page }) => {
                let id = self.issue_jobs(JobsRequest::Assets { guid, page });
                self.bulk.monitor.detail_req = Some(id);
            }
            Outcome::Ask(JobsAsk::ShowAssets) => self.open_job_assets_in_grid(),
            Outcome::Ask(JobsAsk::Command(action, guid)) => self.job_command(action, &guid),
        }
        true
    }

    /// `x` / `u` on a job: check, then ask for confirmation.
    fn job_command(&mut self, action: Action, guid: &str) {
        if self.session.read_only {
            self.flash("Read-only mode: jobs cannot be changed", true);
            return;
        }
        let m = &self.bulk.monitor;
        let Some(job) = m.known.get(guid).cloned() else {
            return;
        };
        let name = monitor::job_name(m, &job);
        let n = job.total_assets.unwrap_or(0).max(0) as usize;
        if action == Action::CancelJob {
            if m.cancel_unavailable {
                self.flash("cancel is not available on this server", true);
            } else if job.aasm_state.is_finished() {
                self.flash(
                    format!(
                        "Job “{}” is {}: only pending or processing jobs can be canceled",
                        safe(&name),
                        job.aasm_state.as_str()
                    ),
                    true,
                );
            } else {
                let mut d = Confirm::cancel_or(
                    "Cancel bulk job",
                    vec![
                        format!("Cancel the job “{}” on {}?", name, plural(n)),
                        "Assets it already changed stay changed.".into(),
                    ],
                    "Cancel the job",
                );
                d.choices[0] = Choice::new("Keep it running", 'k');
                d.choices[1].key = 'c';
                self.ask(d, Purpose::Job(JobQuestion::Cancel(guid.to_string())));
            }
            return;
        }
        if m.undo_unavailable {
            self.flash("undo is not available on this server", true);
            return;
        }
        if !job.aasm_state.is_finished() {
            self.flash("Only finished jobs can be undone", true);
            return;
        }
        if let Some(t) = job.created_at.as_deref().and_then(monitor::parse_rfc3339)
            && now_ms() - t > 30 * 86_400_000
        {
            self.flash("Jobs older than 30 days cannot be undone", true);
            return;
        }
        let d = Confirm::cancel_or(
            "Undo bulk job",
            vec![
                format!("Start a job that reverts “{}” on {}?", name, plural(n)),
                "Fields changed since the job ran are kept.".into(),
            ],
            "Undo the job",
        );
        self.ask(d, Purpose::Job(JobQuestion::Undo(guid.to_string())));
    }

    /// Show the open job's assets in the grid (a view of their own).
    fn open_job_assets_in_grid(&mut self) {
        let Some(d) = &self.bulk.monitor.detail else {
            return;
        };
        if d.assets.is_empty() {
            return;
        }
        let assets = d.assets.clone();
        let cursor = d.cursor;
        let total = d.total;
        // A view of its own: answers for the previous search are dropped.
        self.supersede_search();
        self.grid.reset(self.browse.page_size);
        self.grid.loading = false;
        self.grid.results = Results::from_assets(assets, total);
        self.grid.go_to(cursor);
        self.focus = Focus::Grid;
        self.flash("Showing the job's assets · r returns to the search", false);
    }

    // ----- the dialog ------------------------------------------------------------

    pub(crate) fn open_bulk_dialog(&mut self) {
        if self.session.read_only {
            self.flash("Read-only mode: bulk edits are disabled", true);
            return;
        }
        let marked: Vec<i64> = self.grid.marks.iter().copied().collect();
        let mut d = Dialog::new(marked, self.grid.total());
        if self.grid.results.complete() {
            d.all_ids = Some(self.grid.results.loaded().map(|(_, a)| a.id).collect());
        }
        self.bulk.dialog = Some(d);
        self.fetch_rights_packages();
    }

    /// The modal layer that gets keys first, if any.
    pub(crate) fn bulk_modal_layer(&self) -> Option<Layer> {
        self.bulk.dialog.as_ref().map(Dialog::layer)
    }

    /// The open bulk dialog takes every key; false when none is open.
    pub(crate) fn bulk_key(&mut self, key: KeyEvent) -> bool {
        let Some(d) = &self.bulk.dialog else {
            return false;
        };
        let groups = match &d.picker {
            Some(p) if p.kind != PickerKind::AiFields => self.group_entries(),
            _ => Vec::new(),
        };
        let ai_fields = self.ai_entries();
        let Some(d) = &mut self.bulk.dialog else {
            return false;
        };
        let ctx = DialogContext {
            keymap: &self.input.keymap,
            fields: &self.session.fields,
            rights_packages: &self.session.rights_packages,
            groups: &groups,
            ai_fields: &ai_fields,
        };
        let Outcome::Ask(ask) = d.handle_key(&key, &ctx) else {
            return true;
        };
        match ask {
            DialogAsk::SuggestTags(q) => {
                self.issue(Slot::TagSuggest, RequestKind::TagSuggestions { q });
            }
            DialogAsk::ScopeChanged => self.scope_changed(),
            DialogAsk::Preview => self.request_preview(),
            DialogAsk::Expand(idx) => self.expand(idx),
            DialogAsk::Help => self.modals.overlay = Overlay::Help { scroll: 0 },
            DialogAsk::Close => self.bulk.dialog = None,
            DialogAsk::Submit => self.ask_to_submit(),
        }
        true
    }

    /// Text pasted while a dialog field is being edited.
    pub(crate) fn bulk_paste(&mut self, text: &str) -> bool {
        self.bulk.dialog.as_mut().is_some_and(|d| d.paste(text))
    }

    /// The scope changed: fetch all ids if needed, refresh the AI preview.
    fn scope_changed(&mut self) {
        let Some(d) = &mut self.bulk.dialog else {
            return;
        };
        if d.scope == Some(Scope::AllResults) && d.all_ids.is_none() && !d.all_ids_loading {
            d.all_ids_loading = true;
            let query = Box::new(self.browse.query.clone());
            let id = self.issue_jobs(JobsRequest::AllIds { query });
            self.bulk.all_ids_req = Some(id);
        }
        self.request_preview();
    }

    fn request_preview(&mut self) {
        let Some(d) = &mut self.bulk.dialog else {
            return;
        };
        if d.ai_fields.is_empty() {
            d.preview = Preview::None;
            return;
        }
        let Some(asset_ids) = d.ids() else {
            d.preview = Preview::Loading;
            return;
        };
        d.preview = Preview::Loading;
        let cmf_ids = d.ai_fields.clone();
        let id = self.issue_jobs(JobsRequest::CaiPreview { asset_ids, cmf_ids });
        self.bulk.preview_req = Some(id);
    }

    /// Loaded tree nodes, in tree order, for the group picker.
    pub fn group_entries(&self) -> Vec<PickEntry> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = (0..self.tree.items.len())
            .filter(|i| self.tree.items[*i].parent.is_none())
            .rev()
            .collect();
        while let Some(i) = stack.pop() {
            let item = &self.tree.items[i];
            // Saved searches hold no assets: not a place to add them to.
            if item.section == crate::panes::tree::Section::SavedSearches {
                continue;
            }
            let pick = item.node.as_ref().and_then(|n| {
                let kind = n.group_kind().or(item.section.group_kind())?;
                let agid = n.asset_group_id.or_else(|| {
                    // Storage folders and collections: the node id is the group id.
                    (kind != GroupKind::Lightbox)
                        .then(|| n.id.as_i64())
                        .flatten()
                })?;
                (!n.organizer && !n.is_bin()).then(|| GroupPick {
                    kind,
                    asset_group_id: agid,
                    label: item.label.clone(),
                })
            });
            let can_load = matches!(item.children, Children::Unknown | Children::Failed(_))
                && item.node.as_ref().is_some_and(|n| n.has_children);
            out.push(PickEntry {
                tree_idx: i,
                depth: item.depth,
                label: item.label.clone(),
                pick,
                can_load,
            });
            if let Children::Loaded(kids) = &item.children {
                stack.extend(kids.iter().rev().copied());
            }
        }
        out
    }

    /// AI-enabled custom meta fields: (id, name).
    pub(crate) fn ai_entries(&self) -> Vec<(i64, String)> {
        self.session
            .fields
            .iter()
            .filter(|f| f.enable_ai == Some(true))
            .map(|f| (f.id, f.name.clone().unwrap_or_else(|| f.id.to_string())))
            .collect()
    }

    /// Submit the reviewed dialog, asking first when it cannot be taken back easily.
    fn ask_to_submit(&mut self) {
        let Some(d) = &self.bulk.dialog else {
            return;
        };
        if self.bulk.submit.busy() {
            self.flash("A bulk job is being submitted already — wait for it", true);
            return;
        }
        let lines = d.summary(&self.session.fields);
        let destructive: Vec<String> = lines
            .iter()
            .filter(|l| l.destructive)
            .map(|l| l.text.clone())
            .collect();
        if destructive.is_empty() {
            self.submit_dialog();
            return;
        }
        let n = d.count().unwrap_or(0) as usize;
        let mut text = vec!["This cannot be taken back easily:".to_string()];
        text.extend(destructive.iter().map(|l| format!("• {l}")));
        let mut c = Confirm::cancel_or("Confirm bulk changes", text, "Submit job");
        if d.trash && n > TYPE_COUNT_ABOVE {
            c = c.with_typed(
                n.to_string(),
                format!("Type {n} to move {} to the trash:", plural(n)),
            );
        }
        self.ask(c, Purpose::Job(JobQuestion::Submit));
    }

    /// Choice 0 is Cancel.
    pub(super) fn job_confirmed(&mut self, choice: usize, question: JobQuestion) {
        if choice == 0 {
            if question == JobQuestion::Resubmit {
                self.bulk.submit = Submit::Idle;
                self.flash("Not resubmitted", false);
            }
            return;
        }
        match question {
            JobQuestion::Submit => self.submit_dialog(),
            JobQuestion::Cancel(guid) => {
                self.issue_jobs(JobsRequest::Cancel { guid });
                self.flash("Canceling the job…", false);
            }
            JobQuestion::Undo(guid) => {
                self.issue_jobs(JobsRequest::Undo { guid });
                self.flash("Starting the undo job…", false);
            }
            JobQuestion::Resubmit => {
                if let Submit::Unknown(a) = std::mem::take(&mut self.bulk.submit) {
                    self.send_job(a.request);
                }
            }
        }
    }

    /// Send the dialog's job (exactly once; the submit key is disabled meanwhile).
    fn submit_dialog(&mut self) {
        if self.bulk.submit.busy() {
            return;
        }
        let Some(d) = &mut self.bulk.dialog else {
            return;
        };
        let Some(ids) = d.ids() else {
            d.note = Some("The asset ids are still loading".into());
            return;
        };
        let request = Box::new(d.build(ids, &self.session.fields));
        d.note = Some("Submitting…".into());
        self.send_job(request);
    }

    pub(super) fn send_job(&mut self, request: Box<crate::api::models::BulkJobRequest>) {
        let n = request.asset_ids.len();
        let known_before = self.bulk.monitor.known.keys().cloned().collect();
        let req = self.issue_jobs(JobsRequest::Create(request.clone()));
        self.bulk.submit = Submit::InFlight(Attempt {
            req,
            request,
            sent_ms: now_ms(),
            known_before,
            unclear: None,
        });
        self.flash(format!("Submitting a bulk job for {}…", plural(n)), false);
    }

    // ----- answers ---------------------------------------------------------------

    pub(super) fn on_poll(&mut self, report: PollReport) {
        if report.processing_unavailable && !self.bulk.monitor.processing_unavailable {
            self.bulk.monitor.processing_unavailable = true;
            tracing::info!("the server has no /api/bulk_jobs/processing; using the job list");
        }
        if let Some(e) = &report.error {
            tracing::info!("job poll: {e}");
        }
        for (guid, pos, depth) in report.queue {
            self.bulk.monitor.queue.insert(guid, (pos, depth));
        }
        let mut relist = false;
        for job in report.jobs {
            match self.bulk.monitor.merge(&job) {
                Change::Finished(state) => {
                    relist = true;
                    self.job_finished(&job, state);
                }
                Change::New => {
                    relist |= !job
                        .guid
                        .as_deref()
                        .is_some_and(|g| self.bulk.monitor.is_listed(g))
                }
                Change::Updated | Change::Same => {}
            }
        }
        if relist && self.right == RightPane::Jobs && self.bulk.monitor.page <= 1 {
            self.request_jobs_page(1);
        }
    }

    fn job_finished(&mut self, job: &BulkJob, state: JobState) {
        let name = monitor::job_name(&self.bulk.monitor, job);
        let n = job.total_assets.unwrap_or(0).max(0) as usize;
        match state {
            JobState::Errored => {
                let why = monitor::error_text(job).unwrap_or_else(|| "no reason given".into());
                self.flash(format!("Job “{name}” failed: {why}"), true);
            }
            JobState::Canceled => self.flash(format!("Job “{name}” canceled"), false),
            _ => {
                let w = monitor::warnings(job).len();
                let warn = match w {
                    0 => String::new(),
                    1 => " · 1 warning".into(),
                    w => format!(" · {w} warnings"),
                };
                self.flash(
                    format!("Job “{name}” finished on {}{warn}", plural(n)),
                    false,
                );
            }
        }
        let Some(guid) = job.guid.clone() else {
            return;
        };
        // Trash, restore and undo change what the search shows: search again.
        // Other jobs: fetch the assets they touched and replace them in place.
        let reshapes = job.destroy_all == Some(true)
            || matches!(
                monitor::action_label(job).as_str(),
                "Trash" | "Restore" | "Undo"
            );
        // Groups it added to or removed from: their counts in the tree are stale.
        if state != JobState::Errored
            && let Some(d) = job
                .guid
                .as_ref()
                .and_then(|g| self.bulk.monitor.described.get(g))
        {
            for (kind, agid) in d.groups.clone() {
                self.refresh_group_counts(kind, agid);
            }
        }
        if reshapes {
            self.ask_trash_count();
            if self.grid.trash {
                self.list_trash();
            } else {
                self.start_search();
            }
        } else if state != JobState::Canceled || job.progress.unwrap_or(0.0) > 0.0 {
            self.issue_jobs(JobsRequest::RefreshAssets { guid: guid.clone() });
        }
        if let Some(d) = &mut self.bulk.monitor.detail
            && d.guid == guid
        {
            d.assets.clear();
            d.pages_loaded = 0;
            d.loading = true;
            let id = self.issue_jobs(JobsRequest::Assets { guid, page: 1 });
            self.bulk.monitor.detail_req = Some(id);
        }
    }

    pub(crate) fn on_jobs_msg(&mut self, id: RequestId, msg: JobsMsg) {
        match msg {
            JobsMsg::Created(result) => self.on_created(id, result),
            JobsMsg::Lookup(result) => self.on_lookup(id, result),
            JobsMsg::List { page, result } => {
                let m = &mut self.bulk.monitor;
                if m.list_req != Some(id) {
                    return;
                }
                m.loading = false;
                match result {
                    Ok(p) => {
                        m.error = None;
                        m.page = page;
                        m.total = p.total_entries;
                        m.jobs = p.items.clone();
                        m.cursor = m.cursor.min(m.jobs.len().saturating_sub(1));
                        let mut follow = Vec::new();
                        for j in &p.items {
                            m.merge_listed(j);
                            if !j.aasm_state.is_finished()
                                && let Some(g) = &j.guid
                            {
                                follow.push(g.clone());
                            }
                        }
                        for g in follow {
                            self.wake_jobs(Some(g));
                        }
                    }
                    Err(e) => {
                        m.error = Some(e.to_string());
                        self.flash(
                            format!("Could not load the jobs: {}", safe(&e.to_string())),
                            true,
                        );
                    }
                }
            }
            JobsMsg::Assets { guid, page, result } => {
                let m = &mut self.bulk.monitor;
                let Some(d) = &mut m.detail else {
                    return;
                };
                if d.guid != guid || m.detail_req != Some(id) {
                    return;
                }
                d.loading = false;
                match result {
                    Ok(p) => {
                        d.total = p.total_entries.or(d.total);
                        d.pages_loaded = page;
                        d.assets.extend(p.items);
                    }
                    Err(e) => d.error = Some(e.to_string()),
                }
            }
            JobsMsg::Refreshed { result, .. } => match result {
                Ok(assets) => {
                    for a in assets {
                        if self.details.asset.as_ref().is_some_and(|d| d.id == a.id) {
                            self.details.asset = Some(a.clone());
                        }
                        self.grid.replace(a);
                    }
                }
                Err(e) => tracing::info!("refreshing a job's assets: {e}"),
            },
            JobsMsg::Canceled { guid, result } => match result {
                Ok(()) => {
                    self.flash("Cancel requested", false);
                    self.wake_jobs(Some(guid));
                }
                Err(e) if unavailable(&e) => {
                    self.bulk.monitor.cancel_unavailable = true;
                    self.flash("cancel is not available on this server", true);
                }
                Err(e) => self.flash(format!("Cancel failed: {}", safe(&e.to_string())), true),
            },
            JobsMsg::Undone { result, .. } => match result {
                Ok(job) => {
                    self.bulk.monitor.merge(&job);
                    self.wake_jobs(job.guid.clone());
                    self.flash("Undo job started", false);
                    if self.right == RightPane::Jobs {
                        self.request_jobs_page(1);
                    }
                }
                Err(e) if unavailable(&e) => {
                    self.bulk.monitor.undo_unavailable = true;
                    self.flash("undo is not available on this server", true);
                }
                Err(e) => self.flash(format!("Undo refused: {}", safe(&e.to_string())), true),
            },
            JobsMsg::CaiPreview { result, .. } => {
                if self.bulk.preview_req != Some(id) {
                    return;
                }
                if let Some(d) = &mut self.bulk.dialog {
                    d.preview = match result {
                        Ok(p) => Preview::from_api(&p),
                        Err(e) => Preview::Failed(e.to_string()),
                    };
                }
            }
            JobsMsg::AllIds(result) => {
                if self.bulk.all_ids_req != Some(id) {
                    return;
                }
                if let Some(d) = &mut self.bulk.dialog {
                    d.all_ids_loading = false;
                    match result {
                        Ok(ids) => {
                            d.all_ids = Some(ids);
                            if d.note.as_deref() == Some("Loading the ids of all results…") {
                                d.note = None;
                            }
                            self.request_preview();
                        }
                        Err(e) => d.note = Some(format!("Could not list all results: {e}")),
                    }
                }
            }
            JobsMsg::Polled(report) => self.on_poll(report),
        }
    }

    fn on_created(&mut self, id: RequestId, result: crate::api::ApiResult<BulkJob>) {
        let attempt = match std::mem::take(&mut self.bulk.submit) {
            Submit::InFlight(a) if a.req == id => a,
            other => {
                self.bulk.submit = other;
                return;
            }
        };
        let n = attempt.request.asset_ids.len();
        match result {
            Ok(job) => {
                self.describe_submitted(&job);
                self.follow_new_job(&job);
                self.flash(
                    format!(
                        "Bulk job submitted: {} on {} · following it in the job monitor",
                        monitor::job_name(&self.bulk.monitor, &job),
                        plural(n)
                    ),
                    false,
                );
            }
            Err(e) if outcome_unknown(&e) => {
                let req = self.issue_jobs(JobsRequest::Lookup);
                self.bulk.submit = Submit::Checking(Attempt {
                    req,
                    unclear: Some(e.clone()),
                    ..attempt
                });
                let (note, said) = if e.status().is_some() {
                    (
                        "Answered with an error — checking the recent jobs…",
                        "The server answered the job submission with an error",
                    )
                } else {
                    (
                        "No answer — checking the recent jobs…",
                        "No answer to the job submission",
                    )
                };
                if let Some(d) = &mut self.bulk.dialog {
                    d.note = Some(note.into());
                }
                self.flash(
                    format!(
                        "{said} ({}). Checking your recent jobs before anything is sent again…",
                        safe(&e.to_string())
                    ),
                    true,
                );
            }
            Err(e) => {
                if let Some(d) = &mut self.bulk.dialog {
                    d.note = Some(format!("Rejected: {e}"));
                }
                self.flash(format!("Bulk job rejected: {}", safe(&e.to_string())), true);
            }
        }
    }

    /// The dialog that made `job` closes; what it asked for is remembered under the
    /// job's guid, for the monitor now and (through the journal) in later sessions.
    fn describe_submitted(&mut self, job: &BulkJob) {
        let (Some(d), Some(guid)) = (self.bulk.dialog.take(), job.guid.clone()) else {
            return;
        };
        let described = monitor::Described {
            names: d.operation_names(),
            lines: d
                .summary(&self.session.fields)
                .into_iter()
                .map(|l| l.text)
                .collect(),
            groups: [&d.add_group, &d.remove_group]
                .into_iter()
                .flatten()
                .map(|g| (g.kind, g.asset_group_id))
                .collect(),
        };
        self.bulk.to_journal.push((guid.clone(), described.clone()));
        self.bulk.monitor.described.insert(guid, described);
    }

    fn follow_new_job(&mut self, job: &BulkJob) {
        self.bulk.monitor.merge(job);
        self.wake_jobs(job.guid.clone());
        if self.right != RightPane::Jobs {
            self.right = RightPane::Jobs;
            if matches!(self.focus, Focus::Details | Focus::Facets) {
                self.focus = Focus::Jobs;
            }
        }
        self.request_jobs_page(1);
    }

    fn on_lookup(&mut self, id: RequestId, result: crate::api::ApiResult<Vec<BulkJob>>) {
        let attempt = match std::mem::take(&mut self.bulk.submit) {
            Submit::Checking(a) if a.req == id => a,
            other => {
                self.bulk.submit = other;
                return;
            }
        };
        let n = attempt.request.asset_ids.len() as i64;
        let found = match &result {
            Ok(jobs) => jobs
                .iter()
                .find(|j| {
                    let new = j
                        .guid
                        .as_ref()
                        .is_some_and(|g| !attempt.known_before.contains(g));
                    let recent = j
                        .created_at
                        .as_deref()
                        .and_then(monitor::parse_rfc3339)
                        .is_none_or(|t| t >= attempt.sent_ms - LOOKUP_WINDOW_MS);
                    new && recent && j.total_assets.is_none_or(|t| t == n)
                })
                .cloned(),
            Err(_) => None,
        };
        if let Some(job) = found {
            self.describe_submitted(&job);
            self.follow_new_job(&job);
            self.flash(
                "The job was created although the server's answer was lost — following it, not resubmitting",
                false,
            );
            return;
        }
        let why = match &result {
            Ok(_) => "No new job is in your recent jobs.".to_string(),
            Err(e) => format!("The recent jobs could not be checked ({e}); a job may exist."),
        };
        let what_happened = match &attempt.unclear {
            Some(e) if e.status().is_some() => format!(
                "The server answered the job submission with an error ({}), which does not say whether the job was created.",
                safe(&e.to_string())
            ),
            _ => "The server did not answer the job submission.".to_string(),
        };
        let d = Confirm::cancel_or(
            "Job submission not confirmed",
            vec![
                what_happened,
                why,
                format!("Submit the job for {} again?", plural(n as usize)),
            ],
            "Submit again",
        );
        self.ask(d, Purpose::Job(JobQuestion::Resubmit));
        self.bulk.submit = Submit::Unknown(attempt);
        self.flash("The job submission was not confirmed", true);
    }
}

impl monitor::Monitor {
    /// Merge a job from the list (not a live change: no notifications, no failures
    /// counted for jobs seen only there).
    pub(crate) fn merge_listed(&mut self, job: &BulkJob) {
        let known = job
            .guid
            .as_ref()
            .is_some_and(|g| self.known.contains_key(g));
        let failed_before = self.failed.clone();
        self.merge(job);
        if !known {
            self.failed = failed_before;
        }
    }
}
