//! Shares of chosen assets (`W` in the grid): the user's shares, newest first, and a new
//! one of the marked assets (or the selected one). Drawn by `ui::shares`; the app sends
//! the requests.

use crate::api::models::{SHARE_SIZES, Share, ShareUpdate};
use crate::keymap::Action;
use crate::panes::Outcome;

/// What the view needs the router for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SharesAsk {
    Close,
    Reload,
    /// Share the assets the view was opened with.
    Create,
    Copy(String),
    Change {
        id: i64,
        update: ShareUpdate,
    },
    Revoke(Share),
}

#[derive(Debug, Clone, Default)]
pub struct SharesView {
    pub shares: Vec<Share>,
    /// The assets `n` shares: the marked ones, or the selected one, when opened.
    pub to_share: Vec<i64>,
    /// What `n` calls the new share.
    pub new_name: String,
    pub loading: bool,
    pub error: Option<String>,
    pub cursor: usize,
    /// Writes sent and not answered yet.
    pub pending: usize,
    /// A new share is on its way (a second `n` makes no second one).
    pub creating: bool,
}

impl SharesView {
    pub(crate) fn new(to_share: Vec<i64>, new_name: String) -> SharesView {
        SharesView {
            to_share,
            new_name,
            loading: true,
            ..Default::default()
        }
    }

    pub fn current(&self) -> Option<&Share> {
        self.shares.get(self.cursor)
    }

    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<SharesAsk> {
        let ask = |a| Outcome::Ask(a);
        match action {
            Action::Back | Action::Quit => return ask(SharesAsk::Close),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.shares.len().saturating_sub(1))
            }
            Action::Refresh => return ask(SharesAsk::Reload),
            Action::NewLink if !self.to_share.is_empty() && !self.creating => {
                return ask(SharesAsk::Create);
            }
            Action::NewLink => return Outcome::Consumed,
            _ => {
                let Some(share) = self.current() else {
                    return Outcome::Consumed;
                };
                let id = share.id;
                let update = match action {
                    Action::CopyLink => {
                        return match &share.url {
                            Some(url) => ask(SharesAsk::Copy(url.clone())),
                            None => Outcome::Consumed,
                        };
                    }
                    Action::Delete => return ask(SharesAsk::Revoke(share.clone())),
                    Action::CyclePermission => ShareUpdate {
                        size: Some(next_size(share.size.as_deref()).to_string()),
                        ..Default::default()
                    },
                    Action::Download => ShareUpdate {
                        enable_download: Some(share.enable_download != Some(true)),
                        ..Default::default()
                    },
                    Action::ToggleEnabled => ShareUpdate {
                        enabled: Some(share.enabled == Some(false)),
                        ..Default::default()
                    },
                    Action::ToggleWatermark => ShareUpdate {
                        watermarked: Some(share.watermarked != Some(true)),
                        ..Default::default()
                    },
                    _ => return Outcome::NotConsumed,
                };
                return ask(SharesAsk::Change { id, update });
            }
        }
        Outcome::Consumed
    }

    pub(crate) fn set_list(&mut self, shares: Vec<Share>) {
        self.shares = shares;
        self.loading = false;
        self.error = None;
        self.cursor = self.cursor.min(self.shares.len().saturating_sub(1));
    }

    /// A share as the server has it now (a new one goes first, the newest, with the
    /// cursor on it). An answer without an address keeps the one already known.
    pub(crate) fn put(&mut self, mut share: Share) {
        match self.shares.iter().position(|s| s.id == share.id) {
            Some(i) => {
                if share.url.is_none() {
                    share.url = self.shares[i].url.take();
                }
                self.shares[i] = share;
            }
            None => {
                self.shares.insert(0, share);
                self.cursor = 0;
            }
        }
    }

    pub(crate) fn remove(&mut self, id: i64) {
        self.shares.retain(|s| s.id != id);
        self.cursor = self.cursor.min(self.shares.len().saturating_sub(1));
    }
}

/// small → medium → full → original → small.
fn next_size(current: Option<&str>) -> &'static str {
    let at = current.and_then(|c| SHARE_SIZES.iter().position(|s| *s == c));
    SHARE_SIZES[at.map_or(0, |i| (i + 1) % SHARE_SIZES.len())]
}

/// What a share lets visitors do, in words.
pub fn share_words(share: &Share) -> String {
    let mut parts = Vec::new();
    if let Some(n) = share.assets_count {
        parts.push(format!("{n} asset{}", if n == 1 { "" } else { "s" }));
    }
    parts.push(format!(
        "{} size",
        crate::text::safe(share.size.as_deref().unwrap_or("full"))
    ));
    parts.push(
        if share.enable_download == Some(true) {
            "downloads allowed"
        } else {
            "view only"
        }
        .to_string(),
    );
    if share.watermarked == Some(true) {
        parts.push("watermarked".into());
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(id: i64) -> Share {
        Share {
            id,
            url: Some(format!("http://x/shares/{id}")),
            size: Some("full".into()),
            ..Default::default()
        }
    }

    #[test]
    fn sizes_step_round() {
        assert_eq!(next_size(Some("full")), "original");
        assert_eq!(next_size(Some("original")), "small");
        assert_eq!(next_size(None), "small");
        assert_eq!(next_size(Some("odd")), "small");
    }

    #[test]
    fn keys_ask_for_the_changes_they_name() {
        let mut v = SharesView::new(vec![7], "x".into());
        v.set_list(vec![share(1), share(2)]);
        assert_eq!(
            v.handle_action(Action::NewLink),
            Outcome::Ask(SharesAsk::Create)
        );
        v.handle_action(Action::Down);
        assert_eq!(
            v.handle_action(Action::CyclePermission),
            Outcome::Ask(SharesAsk::Change {
                id: 2,
                update: ShareUpdate {
                    size: Some("original".into()),
                    ..Default::default()
                }
            })
        );
        assert_eq!(
            v.handle_action(Action::Download),
            Outcome::Ask(SharesAsk::Change {
                id: 2,
                update: ShareUpdate {
                    enable_download: Some(true),
                    ..Default::default()
                }
            })
        );
        assert!(matches!(
            v.handle_action(Action::Delete),
            Outcome::Ask(SharesAsk::Revoke(s)) if s.id == 2
        ));
        // Nothing to share: n does nothing.
        let mut empty = SharesView::new(Vec::new(), String::new());
        assert_eq!(empty.handle_action(Action::NewLink), Outcome::Consumed);
    }

    #[test]
    fn a_new_share_goes_first_and_an_answer_without_address_keeps_it() {
        let mut v = SharesView::new(vec![7], "x".into());
        v.set_list(vec![share(1)]);
        v.put(Share {
            id: 5,
            ..Default::default()
        });
        assert_eq!(v.shares[0].id, 5);
        assert_eq!(v.cursor, 0);
        v.put(Share {
            id: 1,
            enabled: Some(false),
            ..Default::default()
        });
        assert_eq!(v.shares[1].url.as_deref(), Some("http://x/shares/1"));
    }
}
