//! Notifications: the unseen count in the status bar, asked for politely — first a
//! little after sign-in, then once a minute, and less and less often while the server
//! fails (up to every ten minutes) — and `N`, the list.

use std::time::{Duration, Instant};

use super::{App, Overlay, Slot};
use crate::api::ApiResult;
use crate::api::models::Notification;
use crate::backoff::Backoff;
use crate::protocol::RequestKind;
use crate::text::safe;

/// After sign-in, the first look waits this long (the start-up burst goes first).
const FIRST_LOOK: Duration = Duration::from_secs(10);
const EVERY: Duration = Duration::from_secs(60);
const AT_MOST_EVERY: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct Notices {
    /// When to ask for the count next (`None`: not polling, or a question is out).
    pub next_at: Option<Instant>,
    /// The wait after the next failure.
    pub(crate) backoff: Backoff,
    pub unseen: Option<i64>,
    /// The list `N` shows, once it came (or why it did not).
    pub list: Option<Result<Vec<Notification>, String>>,
}

impl Default for Notices {
    fn default() -> Notices {
        Notices {
            next_at: None,
            backoff: Backoff::new(EVERY.saturating_mul(2), AT_MOST_EVERY),
            unseen: None,
            list: None,
        }
    }
}

impl App {
    pub(super) fn start_notice_polling(&mut self, now: Instant) {
        let n = &mut self.session.notices;
        if n.next_at.is_none() && !self.requests.waiting_for(Slot::Notices) {
            n.next_at = Some(now + FIRST_LOOK);
            n.backoff.reset();
        }
    }

    pub(super) fn poll_notices(&mut self, now: Instant) {
        if self
            .session
            .notices
            .next_at
            .is_some_and(|at| now >= at && !self.requests.waiting_for(Slot::Notices))
        {
            self.session.notices.next_at = None;
            self.issue(Slot::Notices, RequestKind::UnseenNotifications);
            if self.tree.trash_count.is_none() && !self.requests.waiting_for(Slot::TrashCount) {
                self.ask_trash_count();
            }
        }
    }

    pub(super) fn on_unseen(&mut self, result: ApiResult<i64>, now: Instant) {
        let n = &mut self.session.notices;
        match result {
            Ok(count) => {
                if n.unseen != Some(count) {
                    self.screen.dirty = true;
                }
                n.unseen = Some(count);
                n.backoff.reset();
                n.next_at = Some(now + EVERY);
            }
            Err(e) => {
                // Quietly: the count is not worth a message; ask less often.
                tracing::info!("notification count: {e}");
                n.next_at = Some(now + n.backoff.step());
            }
        }
    }

    /// `N`: the list, over the panes.
    pub(crate) fn open_notifications(&mut self) {
        self.session.notices.list = None;
        self.modals.overlay = Overlay::Notifications { scroll: 0 };
        self.issue(Slot::Notices, RequestKind::Notifications);
    }

    pub(super) fn on_notifications(&mut self, result: ApiResult<Vec<Notification>>) {
        self.screen.dirty = true;
        let n = &mut self.session.notices;
        match result {
            Ok(list) => {
                // Shown now: the server counts them as seen.
                n.unseen = Some(0);
                n.list = Some(Ok(list));
            }
            Err(e) => n.list = Some(Err(safe(&e.to_string()))),
        }
        if n.next_at.is_none() {
            n.next_at = Some(Instant::now() + EVERY);
        }
    }
}
