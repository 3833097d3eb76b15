//! Bulk-job polling, run by the API task. No push channel exists for jobs (NOTES §2.7),
//! so the poller asks `/api/bulk_jobs/processing` (jobs started anywhere, e.g. the web
//! app) and each followed job (+ its queue position while pending):
//! every 500 ms while a job is active, backing off (1, 2, 4, 8 s) when idle, stopped
//! when nothing runs, resumed by [`PollCmd`] (a new job, the monitor opening, focus).

use std::collections::BTreeSet;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::api::models::JobState;
use crate::api::{ApiClient, ApiError};
use crate::protocol::jobs::{JobsMsg, POLL_MSG_ID, PollCmd, PollReport};
use crate::protocol::{Msg, MsgKind};

/// Poll interval while a job is pending or processing.
pub const ACTIVE_EVERY: Duration = Duration::from_millis(500);
/// Idle polls before stopping; the n-th waits 2^(n-1) s.
const IDLE_ROUNDS: u32 = 4;

#[derive(Debug, Clone)]
pub struct Poller {
    tracked: BTreeSet<String>,
    processing_available: bool,
    idle_rounds: u32,
    error_streak: u32,
    /// Woken and not yet polled.
    due: bool,
}

impl Default for Poller {
    fn default() -> Self {
        Poller {
            tracked: BTreeSet::new(),
            processing_available: true,
            idle_rounds: IDLE_ROUNDS,
            error_streak: 0,
            due: false,
        }
    }
}

fn unavailable(e: &ApiError) -> bool {
    matches!(e.status(), Some(404 | 405))
}

impl Poller {
    pub fn wake(&mut self, track: Option<String>) {
        if let Some(g) = track {
            self.tracked.insert(g);
        }
        self.idle_rounds = 0;
        self.due = true;
    }

    /// How long to wait before the next poll; `None` = stopped until woken.
    pub(crate) fn next_delay(&self) -> Option<Duration> {
        if self.due {
            return Some(Duration::ZERO);
        }
        if !self.tracked.is_empty() {
            let slow = 1u32 << self.error_streak.min(4);
            return Some(ACTIVE_EVERY * slow);
        }
        match self.idle_rounds {
            n if n < IDLE_ROUNDS => Some(Duration::from_secs(1 << n)),
            _ => None,
        }
    }

    pub(crate) async fn poll(&mut self, client: &ApiClient) -> PollReport {
        self.due = false;
        let mut report = PollReport::default();
        if self.processing_available {
            match client.processing_bulk_jobs().await {
                Ok(jobs) => {
                    for j in jobs {
                        if let Some(g) = &j.guid {
                            self.tracked.insert(g.clone());
                        }
                    }
                }
                Err(e) if unavailable(&e) => {
                    self.processing_available = false;
                    report.processing_unavailable = true;
                }
                Err(e) => report.error = Some(e.to_string()),
            }
        }
        if !self.processing_available {
            // Fall back to the newest jobs for discovering ones started elsewhere.
            match client.bulk_jobs(1, 10).await {
                Ok(p) => {
                    for j in p.items {
                        if !j.aasm_state.is_finished()
                            && let Some(g) = &j.guid
                        {
                            self.tracked.insert(g.clone());
                        }
                    }
                }
                Err(e) => report.error = Some(e.to_string()),
            }
        }
        let guids: Vec<String> = self.tracked.iter().cloned().collect();
        for g in guids {
            match client.bulk_job(&g).await {
                Ok(mut j) => {
                    j.guid.get_or_insert_with(|| g.clone());
                    if j.aasm_state == JobState::Pending
                        && let Ok(q) = client.bulk_job_queue_position(&g).await
                    {
                        report
                            .queue
                            .push((g.clone(), q.queue_position, q.queue_depth));
                    }
                    if j.aasm_state.is_finished() {
                        self.tracked.remove(&g);
                    }
                    report.jobs.push(j);
                }
                Err(ApiError::NotFound { .. }) => {
                    self.tracked.remove(&g);
                }
                Err(e) => report.error = Some(e.to_string()),
            }
        }
        if report.error.is_some() {
            self.error_streak += 1;
        } else {
            self.error_streak = 0;
        }
        report.active = !self.tracked.is_empty();
        if report.active {
            self.idle_rounds = 0;
        } else {
            self.idle_rounds = self.idle_rounds.saturating_add(1);
        }
        report
    }
}

/// Start the poller task; reports go to `msg_tx` as [`POLL_MSG_ID`] messages.
pub fn spawn(
    client: ApiClient,
    msg_tx: mpsc::UnboundedSender<Msg>,
) -> mpsc::UnboundedSender<PollCmd> {
    let (tx, mut rx) = mpsc::unbounded_channel::<PollCmd>();
    tokio::spawn(async move {
        let mut poller = Poller::default();
        loop {
            let delay = poller.next_delay();
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(c) => poller.wake(c.track),
                    None => return,
                },
                _ = tokio::time::sleep(delay.unwrap_or(Duration::ZERO)), if delay.is_some() => {
                    let report = poller.poll(&client).await;
                    let msg = Msg { id: POLL_MSG_ID, kind: MsgKind::Jobs(JobsMsg::Polled(report)) };
                    if msg_tx.send(msg).is_err() {
                        return;
                    }
                }
            }
        }
    });
    tx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_when_idle_and_stops() {
        let mut p = Poller::default();
        assert_eq!(p.next_delay(), None, "stopped until woken");
        p.wake(None);
        assert_eq!(p.next_delay(), Some(Duration::ZERO));
        p.due = false;
        let mut delays = Vec::new();
        while let Some(d) = p.next_delay() {
            delays.push(d);
            p.idle_rounds += 1;
        }
        assert_eq!(
            delays,
            [1, 2, 4, 8].map(Duration::from_secs).to_vec(),
            "backs off, then stops"
        );
        p.wake(Some("g".into()));
        p.due = false;
        assert_eq!(
            p.next_delay(),
            Some(ACTIVE_EVERY),
            "fast while a job is followed"
        );
        p.error_streak = 2;
        assert_eq!(
            p.next_delay(),
            Some(ACTIVE_EVERY * 4),
            "slower while failing"
        );
    }
}
