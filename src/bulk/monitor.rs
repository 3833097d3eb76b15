//! The job monitor's state: the user's jobs (paged, newest first), what the poller last
//! saw of each, queue positions, the job whose details are open, and the status-bar
//! summary, and what a key does in the monitor.

use std::collections::{BTreeSet, HashMap};

use crate::api::models::{Asset, BulkJob, JobState};
use crate::keymap::{self, Action};
use crate::panes::Outcome;
use crate::protocol::RequestId;
use crate::protocol::jobs::JOBS_PER_PAGE;

/// What the job monitor needs the router for.
#[derive(Debug, PartialEq)]
pub(crate) enum JobsAsk {
    /// Load this page of the job list.
    ListPage(u32),
    /// Load this page of the open job's assets.
    AssetsPage { guid: String, page: u32 },
    /// Show the open job's assets in the grid.
    ShowAssets,
    /// Cancel or undo this job (after the router's checks and confirmation).
    Command(Action, String),
}

#[derive(Debug, Clone, Default)]
pub struct JobDetail {
    pub guid: String,
    pub assets: Vec<Asset>,
    pub total: Option<u64>,
    pub pages_loaded: u32,
    pub cursor: usize,
    pub loading: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Monitor {
    /// The current page of jobs, newest first.
    pub jobs: Vec<BulkJob>,
    pub page: u32,
    pub total: Option<u64>,
    pub cursor: usize,
    pub loading: bool,
    pub error: Option<String>,
    /// The latest list request (older answers are dropped).
    pub list_req: Option<RequestId>,
    /// guid → the freshest state seen (list, poll, create).
    pub known: HashMap<String, BulkJob>,
    /// guid → (queue position, depth) while pending.
    pub queue: HashMap<String, (Option<i64>, Option<i64>)>,
    /// Jobs that errored during this session (status bar).
    pub failed: BTreeSet<String>,
    pub detail: Option<JobDetail>,
    pub detail_req: Option<RequestId>,
    pub undo_unavailable: bool,
    pub cancel_unavailable: bool,
    pub processing_unavailable: bool,
    /// guid → what this session asked the job to do (the server's record names only
    /// the first kind of change).
    pub described: HashMap<String, Described>,
}

/// A job as this session submitted it.
#[derive(Debug, Clone, Default)]
pub struct Described {
    /// Short names of the operations ("add tags", "rating").
    pub names: Vec<String>,
    /// The summary sentences shown before submitting.
    pub lines: Vec<String>,
    /// Groups whose asset counts the job changes (kind, asset group id).
    pub groups: Vec<(crate::api::models::GroupKind, i64)>,
}

/// What merging a job in changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    New,
    Finished(JobState),
    Updated,
    Same,
}

impl Monitor {
    /// Remember the freshest state of `job` and update the shown page in place.
    pub fn merge(&mut self, job: &BulkJob) -> Change {
        let Some(guid) = job.guid.clone() else {
            return Change::Same;
        };
        let change = match self.known.get(&guid) {
            None if job.aasm_state.is_finished() => Change::Finished(job.aasm_state.clone()),
            None => Change::New,
            Some(old) if !old.aasm_state.is_finished() && job.aasm_state.is_finished() => {
                Change::Finished(job.aasm_state.clone())
            }
            Some(old) if old.aasm_state != job.aasm_state || old.progress != job.progress => {
                Change::Updated
            }
            Some(_) => Change::Same,
        };
        if job.aasm_state == JobState::Errored {
            self.failed.insert(guid.clone());
        }
        if job.aasm_state != JobState::Pending {
            self.queue.remove(&guid);
        }
        let mut merged = job.clone();
        if let Some(old) = self.known.get(&guid) {
            // Poll answers lack the list's numeric id and created_at: keep them.
            merged.id = merged.id.or(old.id);
            if merged.created_at.is_none() {
                merged.created_at.clone_from(&old.created_at);
            }
        }
        if let Some(row) = self
            .jobs
            .iter_mut()
            .find(|j| j.guid.as_deref() == Some(&guid))
        {
            merged.id = merged.id.or(row.id);
            if merged.created_at.is_none() {
                merged.created_at.clone_from(&row.created_at);
            }
            *row = merged.clone();
        }
        self.known.insert(guid, merged);
        change
    }

    /// One action on the monitor: the open job's assets when a job is open, else the
    /// list.
    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<JobsAsk> {
        if let Some(d) = &mut self.detail {
            let n = d.assets.len();
            if keymap::move_in_list(action, &mut d.cursor, n, Some(10)) {
                return Outcome::Consumed;
            }
            return match action {
                Action::NextPage if d.total.is_some_and(|t| (n as u64) < t) && !d.loading => {
                    d.loading = true;
                    Outcome::Ask(JobsAsk::AssetsPage {
                        guid: d.guid.clone(),
                        page: d.pages_loaded + 1,
                    })
                }
                Action::Open | Action::OpenInGrid => Outcome::Ask(JobsAsk::ShowAssets),
                Action::Back => {
                    self.detail = None;
                    Outcome::Consumed
                }
                Action::CancelJob | Action::UndoJob => {
                    Outcome::Ask(JobsAsk::Command(action, d.guid.clone()))
                }
                _ => Outcome::Consumed,
            };
        }
        if keymap::move_in_list(action, &mut self.cursor, self.jobs.len(), Some(5)) {
            return Outcome::Consumed;
        }
        let guid = self.selected().and_then(|j| j.guid.clone());
        match action {
            Action::NextPage
                if self
                    .pages(JOBS_PER_PAGE)
                    .is_some_and(|p| (self.page as u64) < p) =>
            {
                self.cursor = 0;
                Outcome::Ask(JobsAsk::ListPage(self.page + 1))
            }
            Action::PrevPage if self.page > 1 => {
                self.cursor = 0;
                Outcome::Ask(JobsAsk::ListPage(self.page - 1))
            }
            Action::Open | Action::OpenInGrid => match guid {
                Some(guid) => {
                    self.detail = Some(JobDetail {
                        guid: guid.clone(),
                        loading: true,
                        ..Default::default()
                    });
                    Outcome::Ask(JobsAsk::AssetsPage { guid, page: 1 })
                }
                None => Outcome::Consumed,
            },
            Action::CancelJob | Action::UndoJob => match guid {
                Some(guid) => Outcome::Ask(JobsAsk::Command(action, guid)),
                None => Outcome::Consumed,
            },
            _ => Outcome::NotConsumed,
        }
    }

    pub fn selected(&self) -> Option<&BulkJob> {
        self.jobs.get(self.cursor)
    }

    pub(crate) fn is_listed(&self, guid: &str) -> bool {
        self.jobs.iter().any(|j| j.guid.as_deref() == Some(guid))
    }

    /// Pages of jobs, when the total is known.
    pub fn pages(&self, per_page: u32) -> Option<u64> {
        self.total.map(|t| t.div_ceil(per_page as u64).max(1))
    }

    /// "2 running · 1 failed · 43%", or empty when nothing runs or failed.
    pub(crate) fn status_summary(&self) -> String {
        let running: Vec<&BulkJob> = self
            .known
            .values()
            .filter(|j| matches!(j.aasm_state, JobState::Pending | JobState::Processing))
            .collect();
        let mut parts = Vec::new();
        if !running.is_empty() {
            parts.push(format!("{} running", running.len()));
        }
        if !self.failed.is_empty() {
            parts.push(format!("{} failed", self.failed.len()));
        }
        if !running.is_empty() {
            let weight = |j: &BulkJob| j.total_assets.unwrap_or(1).max(1) as f64;
            let total: f64 = running.iter().map(|j| weight(j)).sum();
            let done: f64 = running
                .iter()
                .map(|j| weight(j) * j.progress.unwrap_or(0.0).clamp(0.0, 100.0))
                .sum();
            parts.push(format!("{:.0}%", done / total));
        }
        parts.join(" · ")
    }
}

/// A short name for a job's action: `Bulk Asset Edit: Tags` → `Tags`.
/// The job's name in the monitor: every operation when this session submitted it,
/// else the server's action.
pub fn job_name(m: &Monitor, job: &BulkJob) -> String {
    match job.guid.as_ref().and_then(|g| m.described.get(g)) {
        Some(d) if !d.names.is_empty() => {
            let mut s = d.names.join(", ");
            if let Some(first) = s.get(0..1) {
                s = first.to_uppercase() + &s[1..];
            }
            s
        }
        _ => action_label(job),
    }
}

pub(crate) fn action_label(job: &BulkJob) -> String {
    let a = job.action.as_deref().unwrap_or("Bulk job");
    a.strip_prefix("Bulk Asset Edit: ").unwrap_or(a).to_string()
}

/// Warnings as text lines (the API sends an array, a string or null).
pub(crate) fn warnings(job: &BulkJob) -> Vec<String> {
    match &job.warnings {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        serde_json::Value::String(s) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The job's error text, if any.
pub(crate) fn error_text(job: &BulkJob) -> Option<String> {
    job.error_message.clone().or_else(|| match &job.error {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Null => None,
        serde_json::Value::Bool(false) => None,
        other => Some(other.to_string()),
    })
}

/// Milliseconds since the epoch of an RFC 3339 timestamp (`2024-05-01T06:30:00.123Z`,
/// `...+02:00`).
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = s.get(19..)?;
    let mut ms = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        rest = &frac[digits.len()..];
        let padded = format!("{digits:0<3}");
        ms = padded.get(..3)?.parse().ok()?;
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        o if o.len() == 6 => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o.get(1..3)?.parse::<i64>().ok()? * 60 + o.get(4..6)?.parse::<i64>().ok()?)
        }
        _ => return None,
    };
    // days from civil (Howard Hinnant)
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60) * 1000) + ms)
}

/// `2024-05-01T06:30:05Z` → `05-01 06:30:05`.
pub(crate) fn short_time(ts: Option<&str>) -> String {
    match ts {
        Some(t) if t.len() >= 19 => format!("{} {}", &t[5..10], &t[11..19]),
        Some(t) => t.to_string(),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(guid: &str, state: JobState, progress: Option<f64>, n: i64) -> BulkJob {
        BulkJob {
            guid: Some(guid.into()),
            aasm_state: state,
            progress,
            total_assets: Some(n),
            ..Default::default()
        }
    }

    #[test]
    fn summary_counts_running_and_failed_with_weighted_progress() {
        let mut m = Monitor::default();
        assert_eq!(m.status_summary(), "");
        assert_eq!(
            m.merge(&job("a", JobState::Processing, Some(50.0), 30)),
            Change::New
        );
        m.merge(&job("b", JobState::Pending, None, 10));
        m.merge(&job("c", JobState::Errored, None, 5));
        assert_eq!(m.status_summary(), "2 running · 1 failed · 38%");
        assert_eq!(
            m.merge(&job("a", JobState::Processed, Some(100.0), 30)),
            Change::Finished(JobState::Processed)
        );
        assert_eq!(m.status_summary(), "1 running · 1 failed · 0%");
        assert_eq!(
            m.merge(&job("a", JobState::Processed, Some(100.0), 30)),
            Change::Same
        );
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00.5+01:00"), Some(500));
        assert_eq!(
            parse_rfc3339("2024-03-01T00:00:00Z"),
            Some(1_709_251_200_000)
        );
        assert_eq!(parse_rfc3339("garbage"), None);
        assert_eq!(short_time(Some("2024-05-01T06:30:05Z")), "05-01 06:30:05");
    }

    #[test]
    fn enter_opens_a_job_and_back_closes_it_before_leaving_the_monitor() {
        let mut m = Monitor {
            jobs: vec![BulkJob {
                guid: Some("g-1".into()),
                ..Default::default()
            }],
            page: 1,
            ..Default::default()
        };
        assert_eq!(
            m.handle_action(Action::Open),
            Outcome::Ask(JobsAsk::AssetsPage {
                guid: "g-1".into(),
                page: 1
            })
        );
        assert!(m.detail.as_ref().is_some_and(|d| d.loading));
        assert_eq!(m.handle_action(Action::Back), Outcome::Consumed);
        assert!(m.detail.is_none());
        assert_eq!(m.handle_action(Action::Back), Outcome::NotConsumed);
        assert_eq!(
            m.handle_action(Action::CancelJob),
            Outcome::Ask(JobsAsk::Command(Action::CancelJob, "g-1".into()))
        );
    }
}
