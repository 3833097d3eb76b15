//! Share links: `S` on a lightbox or collection opens its links; `n` makes one, `p`, `e`,
//! `E`, `w` change what visitors may do and until when, `y` copies the address (OSC 52),
//! `D` revokes after asking. Writes are refused in read-only mode (`App::issue`).

use crossterm::event::KeyEvent;

use super::confirming::Purpose;
use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::GroupKind;
use crate::keymap::Layer;
use crate::panes::Outcome;
use crate::panes::confirm::Confirm;
use crate::panes::share_links::{ShareAsk, ShareLinks};
use crate::panes::tree::Section;
use crate::protocol::{RequestKind, ShareAnswer, ShareRequest};
use crate::text::safe;

impl App {
    /// `S` in the tree.
    pub(super) fn open_share_links(&mut self) {
        let Some(idx) = self.tree.current() else {
            return;
        };
        let item = &self.tree.items[idx];
        let kind = match item.section {
            Section::Groups(k @ (GroupKind::Collection | GroupKind::Lightbox)) => k,
            _ => return self.flash("Share links are for lightboxes and collections", true),
        };
        let Some(node) = &item.node else {
            return self.flash("Put the cursor on a lightbox or collection", true);
        };
        let agid = node.asset_group_id.or_else(|| {
            (kind == GroupKind::Collection)
                .then(|| node.id.as_i64())
                .flatten()
        });
        let Some(agid) = agid else {
            return self.flash("This group has no asset group id to share", true);
        };
        let name = safe(&node.display_name());
        self.modals.share = Some(ShareLinks::new(kind, agid, name));
        self.issue(Slot::Share, RequestKind::Share(ShareRequest::List { agid }));
    }

    pub(super) fn on_share_key(&mut self, key: KeyEvent) {
        let Some(action) = self.input.keymap.lookup(Layer::Share, &key) else {
            return;
        };
        let now = crate::timeutil::now_ms();
        let Some(view) = &mut self.modals.share else {
            return;
        };
        let agid = view.agid;
        let Outcome::Ask(ask) = view.handle_action(action, now) else {
            return;
        };
        match ask {
            ShareAsk::Close => self.modals.share = None,
            ShareAsk::Reload => {
                self.issue(Slot::Share, RequestKind::Share(ShareRequest::List { agid }));
            }
            ShareAsk::Copy(url) => self.copy_to_clipboard(&url, "the share link"),
            ShareAsk::Create => self.send_share(ShareRequest::Create { agid }),
            ShareAsk::Change { id, update } => {
                self.send_share(ShareRequest::Update { agid, id, update })
            }
            ShareAsk::Revoke(link) => {
                if self.session.read_only {
                    return self.flash("Read-only mode: share links cannot be revoked", true);
                }
                let url = safe(link.url.as_deref().unwrap_or("(no address)"));
                self.ask(
                    Confirm::cancel_or(
                        "Revoke share link",
                        vec![
                            format!("Revoke {url}?"),
                            "Anyone who has it can no longer open it; this cannot be undone."
                                .to_string(),
                        ],
                        "Revoke",
                    ),
                    Purpose::RevokeShareLink { agid, id: link.id },
                );
            }
        }
    }

    fn send_share(&mut self, request: ShareRequest) {
        if self.session.read_only {
            return self.flash("Read-only mode: share links cannot be changed", true);
        }
        if self.input.suspect {
            return self.flash(super::SUSPECT_CONFIRM, true);
        }
        if let Some(view) = &mut self.modals.share {
            view.pending += 1;
        }
        self.issue(Slot::Share, RequestKind::Share(request));
    }

    pub(super) fn revoke_share_link(&mut self, agid: i64, id: i64) {
        self.send_share(ShareRequest::Delete { agid, id });
    }

    pub(super) fn on_share_answer(
        &mut self,
        request: ShareRequest,
        result: ApiResult<ShareAnswer>,
    ) {
        let agid = match &request {
            ShareRequest::List { agid }
            | ShareRequest::Create { agid }
            | ShareRequest::Update { agid, .. }
            | ShareRequest::Delete { agid, .. } => *agid,
        };
        let is_write = !matches!(request, ShareRequest::List { .. });
        let view = self.modals.share.as_mut().filter(|v| v.agid == agid);
        let Some(view) = view else {
            // The view was closed (or shows another group): say what became of a write.
            if is_write {
                self.say_write_outcome(&result, "Share link saved", "Share link not changed");
            }
            return;
        };
        if is_write {
            view.pending = view.pending.saturating_sub(1);
        }
        let answer = match result {
            Ok(a) => a,
            Err(e) => {
                let what = match request {
                    ShareRequest::List { .. } => {
                        view.loading = false;
                        view.error = Some(safe(&e.to_string()));
                        "Share links not loaded"
                    }
                    ShareRequest::Create { .. } => "No share link made",
                    ShareRequest::Update { .. } => "Share link not changed",
                    ShareRequest::Delete { .. } => "Share link not revoked",
                };
                return self.note_error(what, &e);
            }
        };
        self.screen.dirty = true;
        match (request, answer) {
            (ShareRequest::List { .. }, ShareAnswer::List(links)) => view.set_list(links),
            (ShareRequest::Create { .. }, ShareAnswer::One(link)) => {
                let url = link.url.clone();
                view.put(*link);
                match url {
                    // The address is what the user wants next: in the clipboard at once.
                    Some(url) => self.copy_to_clipboard(&url, "the new share link"),
                    None => self.flash("Share link made", false),
                }
            }
            (ShareRequest::Update { .. }, ShareAnswer::One(link)) => {
                view.put(*link);
                self.flash("Share link changed", false);
            }
            (ShareRequest::Delete { id, .. }, ShareAnswer::Deleted) => {
                view.remove(id);
                self.flash("Share link revoked", false);
            }
            _ => {}
        }
    }
}
