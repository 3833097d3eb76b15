//! The comments on one lightbox or collection: the list, the cursor, and the line a
//! comment is written on (drawn by `ui::comments`; the app sends the requests). Text
//! not sent yet is a draft the app keeps on disk.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};
use tui_input::Input;

use crate::api::models::{Comment, Commentable};
use crate::keymap::Action;
use crate::panes::Outcome;

/// A comment being written (or edited: `editing` is its id), kept until it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentDraft {
    pub on: Commentable,
    pub editing: Option<i64>,
    pub text: String,
}

/// What the view needs the router for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CommentAsk {
    Close,
    Reload,
    /// The line opened or its text changed: keep it as a draft.
    Draft,
    Send {
        editing: Option<i64>,
        text: String,
    },
    Delete(Comment),
    /// Refused, with why.
    Say(&'static str),
}

#[derive(Debug, Clone)]
pub struct Comments {
    pub on: Commentable,
    pub name: String,
    pub comments: Vec<Comment>,
    pub loading: bool,
    pub error: Option<String>,
    pub cursor: usize,
    /// The line being written, and the comment it edits.
    pub input: Option<(Input, Option<i64>)>,
    /// Writes sent and not answered yet.
    pub pending: usize,
    /// The signed-in user (only their comments can be edited or deleted).
    pub me: Option<i64>,
    /// Text written earlier and not sent: `n` puts it back on the line.
    pub kept: Option<CommentDraft>,
}

impl Comments {
    pub(crate) fn new(on: Commentable, name: String, me: Option<i64>) -> Comments {
        Comments {
            on,
            name,
            comments: Vec::new(),
            loading: true,
            error: None,
            cursor: 0,
            input: None,
            pending: 0,
            me,
            kept: None,
        }
    }

    pub fn current(&self) -> Option<&Comment> {
        self.comments.get(self.cursor)
    }

    fn mine(&self, c: &Comment) -> bool {
        self.me.is_some() && c.user.as_ref().map(|u| u.id) == self.me
    }

    /// The draft the open line holds.
    pub fn draft(&self) -> Option<CommentDraft> {
        self.input.as_ref().map(|(i, editing)| CommentDraft {
            on: self.on,
            editing: *editing,
            text: i.value().to_string(),
        })
    }

    pub(crate) fn open_line(&mut self, text: &str, editing: Option<i64>) {
        self.input = Some((Input::new(text.to_string()), editing));
    }

    /// A key while the line is open: text, Enter sends, Esc closes it (the draft stays).
    pub(crate) fn line_key(&mut self, key: &KeyEvent) -> Outcome<CommentAsk> {
        let Some((input, editing)) = &mut self.input else {
            return Outcome::NotConsumed;
        };
        match key.code {
            KeyCode::Esc => {
                // What was typed stays: `n` brings it back.
                self.kept = self.draft().filter(|d| !d.text.trim().is_empty());
                self.input = None;
                Outcome::Consumed
            }
            KeyCode::Enter if !key.modifiers.contains(KeyModifiers::ALT) => {
                let text = input.value().trim().to_string();
                if text.is_empty() {
                    return Outcome::Ask(CommentAsk::Say("Nothing to send: the line is empty"));
                }
                Outcome::Ask(CommentAsk::Send {
                    editing: *editing,
                    text,
                })
            }
            _ => {
                let event = crossterm::event::Event::Key(*key);
                let changed = tui_input::backend::crossterm::to_input_request(&event)
                    .and_then(|req| input.handle(req))
                    .is_some_and(|c| c.value);
                if changed {
                    Outcome::Ask(CommentAsk::Draft)
                } else {
                    Outcome::Consumed
                }
            }
        }
    }

    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<CommentAsk> {
        match action {
            Action::Back | Action::Quit => return Outcome::Ask(CommentAsk::Close),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.comments.len().saturating_sub(1))
            }
            Action::Refresh => return Outcome::Ask(CommentAsk::Reload),
            Action::NewComment => {
                if self.input.is_none() {
                    match self.kept.take() {
                        Some(d) => self.open_line(&d.text, d.editing),
                        None => self.open_line("", None),
                    }
                }
                return Outcome::Ask(CommentAsk::Draft);
            }
            Action::EditComment | Action::Delete => {
                let Some(c) = self.current().cloned() else {
                    return Outcome::Consumed;
                };
                if !self.mine(&c) {
                    return Outcome::Ask(CommentAsk::Say(
                        "Only your own comments can be edited or deleted",
                    ));
                }
                if action == Action::Delete {
                    return Outcome::Ask(CommentAsk::Delete(c));
                }
                self.open_line(c.text.as_deref().unwrap_or(""), Some(c.id));
                return Outcome::Ask(CommentAsk::Draft);
            }
            _ => return Outcome::NotConsumed,
        }
        Outcome::Consumed
    }

    pub(crate) fn set_list(&mut self, comments: Vec<Comment>) {
        self.comments = comments;
        self.loading = false;
        self.error = None;
        self.cursor = self.cursor.min(self.comments.len().saturating_sub(1));
    }

    /// A comment as the server has it now (a new one goes last, with the cursor on it).
    pub(crate) fn put(&mut self, c: Comment) {
        match self.comments.iter().position(|x| x.id == c.id) {
            Some(i) => self.comments[i] = c,
            None => {
                self.comments.push(c);
                self.cursor = self.comments.len() - 1;
            }
        }
    }

    pub(crate) fn remove(&mut self, id: i64) {
        self.comments.retain(|c| c.id != id);
        self.cursor = self.cursor.min(self.comments.len().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::CommentAuthor;

    fn comment(id: i64, user: i64, text: &str) -> Comment {
        Comment {
            id,
            text: Some(text.into()),
            user: Some(CommentAuthor {
                id: user,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn only_your_own_comments_can_be_edited_or_deleted() {
        let on = Commentable {
            lightbox: true,
            id: 4,
        };
        let mut v = Comments::new(on, "Picks".into(), Some(1));
        v.set_list(vec![comment(10, 2, "theirs"), comment(11, 1, "mine")]);
        assert!(matches!(
            v.handle_action(Action::EditComment),
            Outcome::Ask(CommentAsk::Say(_))
        ));
        v.handle_action(Action::Down);
        assert_eq!(
            v.handle_action(Action::EditComment),
            Outcome::Ask(CommentAsk::Draft)
        );
        assert_eq!(
            v.draft(),
            Some(CommentDraft {
                on,
                editing: Some(11),
                text: "mine".into()
            })
        );
        v.line_key(&key(KeyCode::Char('!')));
        assert_eq!(
            v.line_key(&key(KeyCode::Enter)),
            Outcome::Ask(CommentAsk::Send {
                editing: Some(11),
                text: "mine!".into()
            })
        );
    }

    #[test]
    fn an_empty_line_is_not_sent_and_esc_keeps_nothing_open() {
        let on = Commentable {
            lightbox: false,
            id: 4,
        };
        let mut v = Comments::new(on, "Web".into(), Some(1));
        v.handle_action(Action::NewComment);
        assert!(matches!(
            v.line_key(&key(KeyCode::Enter)),
            Outcome::Ask(CommentAsk::Say(_))
        ));
        v.line_key(&key(KeyCode::Esc));
        assert!(v.input.is_none());
        // Typed text stays after Esc; n brings it back.
        v.handle_action(Action::NewComment);
        v.line_key(&key(KeyCode::Char('h')));
        v.line_key(&key(KeyCode::Esc));
        assert_eq!(v.kept.as_ref().map(|d| d.text.as_str()), Some("h"));
        v.handle_action(Action::NewComment);
        assert_eq!(v.draft().map(|d| d.text), Some("h".to_string()));
    }
}
