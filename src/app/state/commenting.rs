//! Comments: `C` on a lightbox or collection opens them; `n` writes one, `e` edits and
//! `D` deletes the user's own (after asking). Text not sent yet is a draft, kept on disk
//! and put back when the view opens again, also after a crash. Writes are refused in
//! read-only mode (`App::issue`).

use std::collections::HashMap;

use crossterm::event::KeyEvent;

use super::confirming::Purpose;
use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::{Commentable, GroupKind};
use crate::keymap::Layer;
use crate::panes::Outcome;
use crate::panes::comments::{CommentAsk, CommentDraft, Comments};
use crate::panes::confirm::Confirm;
use crate::panes::tree::Section;
use crate::protocol::{CommentAnswer, CommentRequest, RequestKind};
use crate::text::safe;

impl App {
    /// Drafts a previous mgtui left (this one's, or a dead instance's).
    pub fn keep_comment_drafts(&mut self, drafts: Vec<CommentDraft>) {
        if drafts.is_empty() {
            return;
        }
        for d in drafts {
            self.set_comment_draft(d);
        }
        // Written again under this instance's name: the files they came from are gone.
        self.modals.comment_drafts_changed = true;
    }

    fn set_comment_draft(&mut self, draft: CommentDraft) {
        let drafts = &mut self.modals.comment_drafts;
        drafts.retain(|d| d.on != draft.on);
        if !draft.text.trim().is_empty() {
            drafts.push(draft);
        }
        self.modals.comment_drafts_changed = true;
    }

    fn drop_comment_draft(&mut self, on: Commentable) {
        let before = self.modals.comment_drafts.len();
        self.modals.comment_drafts.retain(|d| d.on != on);
        if self.modals.comment_drafts.len() != before {
            self.modals.comment_drafts_changed = true;
        }
    }

    /// `C` in the tree.
    pub(super) fn open_comments(&mut self) {
        let Some(idx) = self.tree.current() else {
            return;
        };
        let item = &self.tree.items[idx];
        let lightbox = match item.section {
            Section::Groups(GroupKind::Lightbox) => true,
            Section::Groups(GroupKind::Collection) => false,
            _ => return self.flash("Comments are on lightboxes and collections", true),
        };
        let Some(node) = &item.node else {
            return self.flash("Put the cursor on a lightbox or collection", true);
        };
        let id = node
            .asset_group_id
            .or_else(|| (!lightbox).then(|| node.id.as_i64()).flatten());
        let Some(id) = id else {
            return self.flash("This group has no id to comment on", true);
        };
        let on = Commentable { lightbox, id };
        let me = self.session.user.as_ref().map(|u| u.id);
        let mut view = Comments::new(on, safe(&node.display_name()), me);
        if let Some(d) = self.modals.comment_drafts.iter().find(|d| d.on == on) {
            view.kept = Some(d.clone());
            self.flash("Your unsent comment is kept: n brings it back", false);
        }
        self.modals.comments = Some(view);
        self.issue(
            Slot::Comments,
            RequestKind::Comments(CommentRequest::List { on }),
        );
    }

    pub(super) fn on_comments_key(&mut self, key: KeyEvent) {
        let Some(view) = &mut self.modals.comments else {
            return;
        };
        let out = if view.input.is_some() {
            view.line_key(&key)
        } else {
            match self.input.keymap.lookup(Layer::Comments, &key) {
                Some(action) => view.handle_action(action),
                None => return,
            }
        };
        let on = view.on;
        let Outcome::Ask(ask) = out else {
            return;
        };
        match ask {
            CommentAsk::Close => self.modals.comments = None,
            CommentAsk::Reload => {
                self.issue(
                    Slot::Comments,
                    RequestKind::Comments(CommentRequest::List { on }),
                );
            }
            CommentAsk::Say(text) => self.flash(text, true),
            CommentAsk::Draft => {
                if self.session.read_only {
                    if let Some(v) = &mut self.modals.comments {
                        v.input = None;
                    }
                    return self.flash("Read-only mode: comments cannot be written", true);
                }
                if let Some(d) = self.modals.comments.as_ref().and_then(|v| v.draft()) {
                    self.set_comment_draft(d);
                }
            }
            CommentAsk::Send { editing, text } => {
                if self.input.suspect {
                    return self.flash(super::SUSPECT_CONFIRM, true);
                }
                let request = match editing {
                    Some(id) => CommentRequest::Edit { on, id, text },
                    None => CommentRequest::Add {
                        on,
                        text,
                        me: self.session.user.as_ref().map(|u| u.id),
                    },
                };
                self.send_comment(request);
            }
            CommentAsk::Delete(c) => {
                if self.session.read_only {
                    return self.flash("Read-only mode: comments cannot be deleted", true);
                }
                let text = safe(c.text.as_deref().unwrap_or(""));
                let first: String = text.chars().take(60).collect();
                self.ask(
                    Confirm::cancel_or(
                        "Delete comment",
                        vec![format!("Delete your comment “{first}…”?")],
                        "Delete",
                    ),
                    Purpose::DeleteComment { on, id: c.id },
                );
            }
        }
    }

    fn send_comment(&mut self, request: CommentRequest) {
        if self.session.read_only {
            return self.flash("Read-only mode: comments cannot be changed", true);
        }
        if let Some(view) = &mut self.modals.comments {
            view.pending += 1;
        }
        self.issue(Slot::Comments, RequestKind::Comments(request));
    }

    pub(super) fn delete_comment(&mut self, on: Commentable, id: i64) {
        self.send_comment(CommentRequest::Delete { on, id });
    }

    pub(super) fn on_comments_answer(
        &mut self,
        request: CommentRequest,
        result: ApiResult<CommentAnswer>,
    ) {
        let on = request.on();
        let is_write = !matches!(request, CommentRequest::List { .. });
        let sent = matches!(
            request,
            CommentRequest::Add { .. } | CommentRequest::Edit { .. }
        );
        if sent && result.is_ok() {
            // On the server now: the draft goes (the line too, if it still holds it).
            self.drop_comment_draft(on);
        }
        let Some(view) = self.modals.comments.as_mut().filter(|v| v.on == on) else {
            if is_write {
                self.say_write_outcome(
                    &result,
                    "Comment saved",
                    "Comment not saved (its draft is kept)",
                );
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
                    CommentRequest::List { .. } => {
                        view.loading = false;
                        view.error = Some(safe(&e.to_string()));
                        "Comments not loaded"
                    }
                    CommentRequest::Add { .. } | CommentRequest::Edit { .. } => {
                        "Comment not sent (the text is kept: Enter tries again)"
                    }
                    CommentRequest::Delete { .. } => "Comment not deleted",
                };
                return self.note_error(what, &e);
            }
        };
        self.screen.dirty = true;
        match answer {
            CommentAnswer::List(list) => view.set_list(list),
            CommentAnswer::One(c) => {
                view.input = None;
                let edited = matches!(request, CommentRequest::Edit { .. });
                view.put(*c);
                self.flash(
                    if edited {
                        "Comment edited"
                    } else {
                        "Comment sent"
                    },
                    false,
                );
            }
            CommentAnswer::Deleted => {
                if let CommentRequest::Delete { id, .. } = request {
                    view.remove(id);
                }
                self.flash("Comment deleted", false);
            }
        }
    }

    /// Usernames → names, for mentions: the authors shown and the user.
    pub fn comment_names(&self) -> HashMap<String, String> {
        let mut names = HashMap::new();
        if let Some(v) = &self.modals.comments {
            for c in &v.comments {
                if let Some(u) = &c.user
                    && let (Some(un), Some(n)) = (&u.username, &u.name)
                {
                    names.insert(un.clone(), n.clone());
                }
            }
        }
        if let Some(u) = &self.session.user
            && let Some(n) = &u.name
        {
            for un in [&u.username, &u.default_username].into_iter().flatten() {
                names.insert(un.clone(), n.clone());
            }
        }
        names
    }
}
