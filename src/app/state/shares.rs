//! Shares of chosen assets: `W` in the grid lists the user's shares and offers a new one
//! of the marked assets (or the selected one); `y` copies an address (OSC 52), `p`, `d`,
//! `w`, `E` change a share, `D` revokes it after asking. Writes are refused in read-only
//! mode (`App::issue`).

use crossterm::event::KeyEvent;

use super::confirming::Purpose;
use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::ShareCreate;
use crate::keymap::Layer;
use crate::panes::Outcome;
use crate::panes::confirm::Confirm;
use crate::panes::shares::{SharesAsk, SharesView};
use crate::protocol::{RequestKind, SharesAnswer, SharesRequest};
use crate::text::safe;

/// Longest name given to a new share (its first asset's title is cut to fit).
const NAME_MAX: usize = 80;

impl App {
    /// `W` in the grid.
    pub(super) fn open_shares(&mut self) {
        let ids = self.grid.marked_or_selected();
        let first = self
            .grid
            .selected()
            .filter(|a| ids.contains(&a.id))
            .or_else(|| {
                self.grid
                    .results
                    .loaded()
                    .map(|(_, a)| a)
                    .find(|a| ids.contains(&a.id))
            })
            .map(|a| safe(&a.label()));
        let name = share_name(first.as_deref(), ids.len());
        self.modals.shares = Some(SharesView::new(ids, name));
        self.list_shares();
    }

    /// The list has a slot of its own where the newest request wins: a list asked for
    /// before a write and answered after it never hides what the write did.
    fn list_shares(&mut self) {
        self.issue(Slot::SharesList, RequestKind::Shares(SharesRequest::List));
    }

    pub(super) fn on_shares_key(&mut self, key: KeyEvent) {
        let Some(action) = self.input.keymap.lookup(Layer::Shares, &key) else {
            return;
        };
        if action == crate::keymap::Action::NewLink
            && self.modals.shares.as_ref().is_some_and(|v| v.creating)
        {
            return self.share_on_its_way();
        }
        let Some(view) = &mut self.modals.shares else {
            return;
        };
        let Outcome::Ask(ask) = view.handle_action(action) else {
            return;
        };
        match ask {
            SharesAsk::Close => self.modals.shares = None,
            SharesAsk::Reload => self.list_shares(),
            SharesAsk::Copy(url) => self.copy_to_clipboard(&url, "the share's address"),
            SharesAsk::Create => {
                let create = ShareCreate {
                    name: view.new_name.clone(),
                    asset_ids: view.to_share.clone(),
                    size: "full".into(),
                    enable_download: false,
                    watermarked: false,
                };
                if self.send_shares(SharesRequest::Create(create))
                    && let Some(view) = &mut self.modals.shares
                {
                    view.creating = true;
                }
            }
            SharesAsk::Change { id, update } => {
                self.send_shares(SharesRequest::Update { id, update });
            }
            SharesAsk::Revoke(share) => {
                if self.session.read_only {
                    return self.flash("Read-only mode: shares cannot be revoked", true);
                }
                let name = safe(share.name.as_deref().unwrap_or("(no name)"));
                self.ask(
                    Confirm::cancel_or(
                        "Revoke share",
                        vec![
                            format!("Revoke the share “{name}”?"),
                            "Its address stops working for everyone; this cannot be undone."
                                .to_string(),
                        ],
                        "Revoke",
                    ),
                    Purpose::RevokeShare(share.id),
                );
            }
        }
    }

    /// Whether the write left.
    fn send_shares(&mut self, request: SharesRequest) -> bool {
        if self.session.read_only {
            self.flash("Read-only mode: shares cannot be made or changed", true);
            return false;
        }
        if self.input.suspect {
            self.flash(super::SUSPECT_CONFIRM, true);
            return false;
        }
        if let Some(view) = &mut self.modals.shares {
            view.pending += 1;
        }
        self.issue(Slot::Shares, RequestKind::Shares(request));
        true
    }

    pub(super) fn revoke_share(&mut self, id: i64) {
        self.send_shares(SharesRequest::Delete { id });
    }

    /// `n` while a new share is on its way.
    pub(super) fn share_on_its_way(&mut self) {
        self.flash("A share of these assets is being made", false);
    }

    pub(super) fn on_shares_answer(
        &mut self,
        request: SharesRequest,
        result: ApiResult<SharesAnswer>,
    ) {
        let is_write = request != SharesRequest::List;
        let Some(view) = self.modals.shares.as_mut() else {
            if is_write {
                self.say_write_outcome(&result, "Share saved", "Share not changed");
            }
            return;
        };
        if is_write {
            view.pending = view.pending.saturating_sub(1);
        }
        if matches!(request, SharesRequest::Create(_)) {
            view.creating = false;
        }
        let answer = match result {
            Ok(a) => a,
            Err(e) => {
                let what = match request {
                    SharesRequest::List => {
                        view.loading = false;
                        view.error = Some(safe(&e.to_string()));
                        "Shares not loaded"
                    }
                    SharesRequest::Create(_) => "No share made",
                    SharesRequest::Update { .. } => "Share not changed",
                    SharesRequest::Delete { .. } => "Share not revoked",
                };
                return self.note_error(what, &e);
            }
        };
        self.screen.dirty = true;
        if is_write && self.requests.waiting_for(Slot::SharesList) {
            // A list asked for before this write: ask again, the older answer is dropped.
            self.list_shares();
        }
        let Some(view) = self.modals.shares.as_mut() else {
            return;
        };
        match (request, answer) {
            (SharesRequest::List, SharesAnswer::List(list)) => view.set_list(list),
            (SharesRequest::Create(_), SharesAnswer::One(share)) => {
                let url = share.url.clone();
                view.put(*share);
                match url {
                    Some(url) => self.copy_to_clipboard(&url, "the new share's address"),
                    None => self.flash("Share made; r asks for its address", false),
                }
            }
            (SharesRequest::Update { .. }, SharesAnswer::One(share)) => {
                view.put(*share);
                self.flash("Share changed", false);
            }
            (SharesRequest::Delete { id }, SharesAnswer::Deleted) => {
                view.remove(id);
                self.flash("Share revoked", false);
            }
            _ => {}
        }
    }
}

/// `Skyscrapers at night + 11 more`: what a new share is called.
fn share_name(first: Option<&str>, n: usize) -> String {
    let first = first.map(str::trim).filter(|s| !s.is_empty());
    let base = match first {
        Some(title) => crate::text::truncate(title, NAME_MAX),
        None => format!("{n} assets"),
    };
    match (first, n) {
        (Some(_), n) if n > 1 => format!("{base} + {} more", n - 1),
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::share_name;

    #[test]
    fn a_share_is_named_after_its_first_asset() {
        assert_eq!(share_name(Some("Lake"), 1), "Lake");
        assert_eq!(share_name(Some("Lake"), 12), "Lake + 11 more");
        assert_eq!(share_name(Some("  "), 3), "3 assets");
        assert_eq!(share_name(None, 2), "2 assets");
    }
}
