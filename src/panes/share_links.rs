//! The share links of one lightbox or collection: the list, the cursor, and what each
//! key asks for (drawn by `ui::share_links`; the app sends the requests).

use crate::api::models::{GroupKind, IMAGE_PERMISSIONS, ShareLink, ShareLinkUpdate};
use crate::keymap::Action;
use crate::panes::Outcome;
use crate::timeutil;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// The expiry choices `e` steps through, in days (then none again).
const EXPIRY_DAYS: [i64; 3] = [1, 7, 30];

/// What the view needs the router for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ShareAsk {
    Close,
    Reload,
    Create,
    Copy(String),
    Change { id: i64, update: ShareLinkUpdate },
    Revoke(ShareLink),
}

#[derive(Debug, Clone)]
pub struct ShareLinks {
    pub kind: GroupKind,
    /// The group's `asset_group_id`: share links belong to it.
    pub agid: i64,
    pub name: String,
    pub links: Vec<ShareLink>,
    pub loading: bool,
    pub error: Option<String>,
    pub cursor: usize,
    /// Writes sent and not answered yet.
    pub pending: usize,
}

impl ShareLinks {
    pub(crate) fn new(kind: GroupKind, agid: i64, name: String) -> ShareLinks {
        ShareLinks {
            kind,
            agid,
            name,
            links: Vec::new(),
            loading: true,
            error: None,
            cursor: 0,
            pending: 0,
        }
    }

    pub fn current(&self) -> Option<&ShareLink> {
        self.links.get(self.cursor)
    }

    pub(crate) fn handle_action(&mut self, action: Action, now_ms: i64) -> Outcome<ShareAsk> {
        let ask = |a| Outcome::Ask(a);
        match action {
            Action::Back | Action::Quit => return ask(ShareAsk::Close),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.links.len().saturating_sub(1)),
            Action::Refresh => return ask(ShareAsk::Reload),
            Action::NewLink => return ask(ShareAsk::Create),
            _ => {
                let Some(link) = self.current() else {
                    return Outcome::Consumed;
                };
                let id = link.id;
                let update = match action {
                    Action::CopyLink => {
                        return match &link.url {
                            Some(url) => ask(ShareAsk::Copy(url.clone())),
                            None => Outcome::Consumed,
                        };
                    }
                    Action::Delete => return ask(ShareAsk::Revoke(link.clone())),
                    Action::CyclePermission => ShareLinkUpdate {
                        image_and_video_permission: Some(next_permission(
                            link.image_and_video_permission.as_deref(),
                        )),
                        ..Default::default()
                    },
                    Action::CycleExpiry => next_expiry(link, now_ms),
                    Action::ToggleEnabled => ShareLinkUpdate {
                        enabled: Some(link.enabled == Some(false)),
                        ..Default::default()
                    },
                    Action::ToggleWatermark => ShareLinkUpdate {
                        watermark_all: Some(link.watermark_all != Some(true)),
                        ..Default::default()
                    },
                    _ => return Outcome::NotConsumed,
                };
                return ask(ShareAsk::Change { id, update });
            }
        }
        Outcome::Consumed
    }

    pub(crate) fn set_list(&mut self, links: Vec<ShareLink>) {
        self.links = links;
        self.loading = false;
        self.error = None;
        self.cursor = self.cursor.min(self.links.len().saturating_sub(1));
    }

    /// A link as the server has it now (new ones go last, with the cursor on them).
    pub(crate) fn put(&mut self, link: ShareLink) {
        match self.links.iter().position(|l| l.id == link.id) {
            Some(i) => self.links[i] = link,
            None => {
                self.links.push(link);
                self.cursor = self.links.len() - 1;
            }
        }
    }

    pub(crate) fn remove(&mut self, id: i64) {
        self.links.retain(|l| l.id != id);
        self.cursor = self.cursor.min(self.links.len().saturating_sub(1));
    }
}

/// The next picture permission: view → download small → large → original → view.
fn next_permission(current: Option<&str>) -> String {
    let at = current.and_then(|c| match c {
        // The recorded answers call the small download "small".
        "small" => Some(1),
        c => IMAGE_PERMISSIONS.iter().position(|p| *p == c),
    });
    let next = at.map_or(0, |i| (i + 1) % IMAGE_PERMISSIONS.len());
    IMAGE_PERMISSIONS[next].to_string()
}

/// The next expiry: none → 1 day → 7 days → 30 days → none, from now.
fn next_expiry(link: &ShareLink, now_ms: i64) -> ShareLinkUpdate {
    let left = link
        .expires_at
        .as_deref()
        .and_then(timeutil::parse)
        .map(|(t, _)| t - now_ms)
        .filter(|_| link.expires != Some(false));
    let next_days = match left {
        None => Some(EXPIRY_DAYS[0]),
        Some(ms) => EXPIRY_DAYS
            .iter()
            .copied()
            .find(|d| d * DAY_MS > ms + DAY_MS / 2),
    };
    match next_days {
        Some(d) => ShareLinkUpdate {
            expires: Some(true),
            expires_at: Some(Some(timeutil::rfc3339(now_ms + d * DAY_MS))),
            ..Default::default()
        },
        None => ShareLinkUpdate {
            expires: Some(false),
            expires_at: Some(None),
            ..Default::default()
        },
    }
}

/// What visitors may do, in words.
pub fn permission_words(link: &ShareLink) -> String {
    let pictures = match link.image_and_video_permission.as_deref() {
        Some("view") => "view pictures",
        Some("download_small" | "small") => "download small pictures",
        Some("download_large") => "download large pictures",
        Some("download_original") => "download originals",
        Some(_) | None => "pictures: as the server decides",
    };
    let others = match link.other_permission.as_deref() {
        Some("download") => ", download other files",
        Some("view") => ", view other files",
        _ => "",
    };
    format!("{pictures}{others}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(id: i64) -> ShareLink {
        ShareLink {
            id,
            url: Some(format!("http://x/s/{id}")),
            ..Default::default()
        }
    }

    #[test]
    fn permissions_step_through_the_api_values() {
        assert_eq!(next_permission(None), "view");
        assert_eq!(next_permission(Some("small")), "download_large");
        assert_eq!(next_permission(Some("download_original")), "view");
        assert_eq!(next_permission(Some("odd")), "view");
    }

    #[test]
    fn expiry_steps_none_1_7_30_none() {
        let now = 1_700_000_000_000;
        let mut l = link(1);
        let mut seen = Vec::new();
        for _ in 0..4 {
            let u = next_expiry(&l, now);
            l.expires = u.expires;
            l.expires_at = u.expires_at.clone().flatten();
            seen.push(
                l.expires_at
                    .as_deref()
                    .and_then(timeutil::parse)
                    .map(|(t, _)| (t - now) / DAY_MS),
            );
        }
        assert_eq!(seen, [Some(1), Some(7), Some(30), None]);
    }

    #[test]
    fn keys_ask_for_the_link_under_the_cursor() {
        let mut v = ShareLinks::new(GroupKind::Lightbox, 9, "Picks".into());
        assert_eq!(
            v.handle_action(Action::CopyLink, 0),
            Outcome::Consumed,
            "nothing to copy yet"
        );
        v.set_list(vec![link(1), link(2)]);
        v.handle_action(Action::Down, 0);
        assert_eq!(
            v.handle_action(Action::CopyLink, 0),
            Outcome::Ask(ShareAsk::Copy("http://x/s/2".into()))
        );
        assert_eq!(
            v.handle_action(Action::ToggleEnabled, 0),
            Outcome::Ask(ShareAsk::Change {
                id: 2,
                update: ShareLinkUpdate {
                    enabled: Some(false),
                    ..Default::default()
                }
            })
        );
        v.remove(2);
        assert_eq!(v.cursor, 0);
        v.put(link(3));
        assert_eq!(v.cursor, 1, "the new link takes the cursor");
    }
}
