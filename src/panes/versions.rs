//! The versions of one asset: the list (newest first), the cursor, and what the keys ask
//! for (drawn by `ui::versions`; the app sends the requests).

use crate::api::models::AssetVersion;
use crate::keymap::Action;
use crate::panes::Outcome;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VersionAsk {
    Close,
    Reload,
    MakeCurrent(i64),
    /// Download version `number`, saved as `name`.
    Download {
        number: i64,
        name: String,
    },
    /// Pick a local file to upload as a new version.
    NewVersion,
    Say(&'static str),
}

#[derive(Debug, Clone)]
pub struct Versions {
    pub asset: i64,
    pub name: String,
    pub versions: Vec<AssetVersion>,
    pub loading: bool,
    pub error: Option<String>,
    pub cursor: usize,
    /// A revert sent and not answered yet.
    pub pending: bool,
    /// `p`: the version under the cursor is shown large instead of the list.
    pub previewing: bool,
}

impl Versions {
    pub(crate) fn new(asset: i64, name: String) -> Versions {
        Versions {
            asset,
            name,
            versions: Vec::new(),
            loading: true,
            error: None,
            cursor: 0,
            pending: false,
            previewing: false,
        }
    }

    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<VersionAsk> {
        match action {
            Action::Back | Action::Quit if self.previewing => self.previewing = false,
            Action::Back | Action::Quit => return Outcome::Ask(VersionAsk::Close),
            Action::Preview => {
                if self.versions.is_empty() {
                    return Outcome::Ask(VersionAsk::Say("No version to preview"));
                }
                self.previewing = !self.previewing;
            }
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.versions.len().saturating_sub(1))
            }
            Action::Refresh => return Outcome::Ask(VersionAsk::Reload),
            Action::Upload => return Outcome::Ask(VersionAsk::NewVersion),
            Action::Download => {
                return Outcome::Ask(match self.versions.get(self.cursor) {
                    None => VersionAsk::Say("No version to download"),
                    Some(v) => VersionAsk::Download {
                        number: v.number,
                        name: v
                            .filename
                            .clone()
                            .unwrap_or_else(|| format!("{}-v{}", self.name, v.number)),
                    },
                });
            }
            Action::MakeCurrent => {
                return Outcome::Ask(match self.versions.get(self.cursor) {
                    None => VersionAsk::Say("No version to make current"),
                    Some(v) if v.is_head => VersionAsk::Say("This version is the current one"),
                    Some(_) if self.pending => {
                        VersionAsk::Say("A version is being made current already")
                    }
                    Some(v) => VersionAsk::MakeCurrent(v.number),
                });
            }
            _ => return Outcome::NotConsumed,
        }
        Outcome::Consumed
    }

    /// The list from the server, newest first; the cursor starts on the current one.
    pub(crate) fn set_list(&mut self, mut versions: Vec<AssetVersion>) {
        versions.sort_by_key(|v| std::cmp::Reverse(v.number));
        let first = self.loading;
        self.cursor = match versions.iter().position(|v| v.is_head) {
            Some(head) if first => head,
            _ => self.cursor.min(versions.len().saturating_sub(1)),
        };
        self.versions = versions;
        self.loading = false;
        self.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(number: i64, head: bool) -> AssetVersion {
        AssetVersion {
            number,
            is_head: head,
            ..Default::default()
        }
    }

    #[test]
    fn the_current_version_is_not_made_current_again() {
        let mut view = Versions::new(1, "a.jpg".into());
        view.set_list(vec![v(1, false), v(3, false), v(2, true)]);
        assert_eq!(
            view.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
            [3, 2, 1]
        );
        assert_eq!(view.cursor, 1, "on the current one");
        assert!(matches!(
            view.handle_action(Action::MakeCurrent),
            Outcome::Ask(VersionAsk::Say(_))
        ));
        view.handle_action(Action::Down);
        assert_eq!(
            view.handle_action(Action::MakeCurrent),
            Outcome::Ask(VersionAsk::MakeCurrent(1))
        );
    }
}
