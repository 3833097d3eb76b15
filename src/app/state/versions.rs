//! Versions: `v` on an asset lists its versions (number, date, who, file, size); `R`
//! makes an older one current after asking (Cancel the default), and the grid shows the
//! asset as it is then.

use crossterm::event::KeyEvent;

use super::confirming::Purpose;
use super::{App, Slot};
use crate::api::ApiResult;
use crate::keymap::Layer;
use crate::panes::Outcome;
use crate::panes::confirm::Confirm;
use crate::panes::versions::{VersionAsk, Versions};
use crate::protocol::{RequestKind, VersionAnswer, VersionRequest};
use crate::text::safe;

impl App {
    /// `v` in the grid.
    pub(super) fn open_versions(&mut self) {
        let Some(a) = self.grid.selected() else {
            return self.flash("Select an asset first", true);
        };
        let name = a
            .filename
            .clone()
            .or_else(|| a.title.clone())
            .unwrap_or_else(|| format!("#{}", a.id));
        let (asset, name) = (a.id, safe(&name));
        self.modals.versions = Some(Versions::new(asset, name));
        self.issue(
            Slot::Versions,
            RequestKind::Versions(VersionRequest::List { asset }),
        );
    }

    /// The version `p` shows: the asset as that version (its own renditions and number,
    /// so its picture is cached apart from the current one's).
    pub fn version_picture(&self) -> Option<crate::api::models::Asset> {
        let view = self.modals.versions.as_ref().filter(|v| v.previewing)?;
        let v = view.versions.get(view.cursor)?;
        let (_, base) = self
            .grid
            .results
            .loaded()
            .find(|(_, a)| a.id == view.asset)?;
        let mut a = base.clone();
        a.data_version_number = Some(v.number);
        a.thumb_url = v.thumb_url.clone();
        a.grid_url = v.grid_url.clone();
        a.small_url = v.small_url.clone();
        a.permalink_url = None;
        a.full_url = v.full_url.clone();
        a.preview_image_url = None;
        a.filename = v.filename.clone().or(a.filename);
        a.width = v.width.or(a.width);
        a.height = v.height.or(a.height);
        Some(a)
    }

    pub(super) fn on_versions_key(&mut self, key: KeyEvent) {
        let Some(action) = self.input.keymap.lookup(Layer::Versions, &key) else {
            return;
        };
        let Some(view) = &mut self.modals.versions else {
            return;
        };
        let asset = view.asset;
        let Outcome::Ask(ask) = view.handle_action(action) else {
            return;
        };
        match ask {
            VersionAsk::Close => self.modals.versions = None,
            VersionAsk::Reload => {
                self.issue(
                    Slot::Versions,
                    RequestKind::Versions(VersionRequest::List { asset }),
                );
            }
            VersionAsk::Say(text) => self.flash(text, true),
            VersionAsk::NewVersion => self.pick_new_version(asset),
            VersionAsk::Download { number, name } => self.download_version(asset, number, name),
            VersionAsk::MakeCurrent(number) => {
                if self.session.read_only {
                    return self.flash("Read-only mode: versions cannot be changed", true);
                }
                let name = self
                    .modals
                    .versions
                    .as_ref()
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                self.ask(
                    Confirm::cancel_or(
                        "Make version current",
                        vec![
                            format!("Make version {number} of “{name}” the current one?"),
                            "Its file becomes what everyone sees and downloads; the newer \
                             versions stay in the history."
                                .to_string(),
                        ],
                        "Make current",
                    ),
                    Purpose::Revert { asset, number },
                );
            }
        }
    }

    pub(super) fn revert_to(&mut self, asset: i64, number: i64) {
        if let Some(v) = &mut self.modals.versions {
            v.pending = true;
        }
        self.issue(
            Slot::Versions,
            RequestKind::Versions(VersionRequest::Revert { asset, number }),
        );
    }

    pub(super) fn on_versions_answer(
        &mut self,
        request: VersionRequest,
        result: ApiResult<VersionAnswer>,
    ) {
        let asset = match request {
            VersionRequest::List { asset } | VersionRequest::Revert { asset, .. } => asset,
        };
        let view = self.modals.versions.as_mut().filter(|v| v.asset == asset);
        match (result, view) {
            (Err(e), view) => {
                let what = match request {
                    VersionRequest::List { .. } => "Versions not loaded",
                    VersionRequest::Revert { .. } => "The version was not made current",
                };
                if let Some(v) = view {
                    v.pending = false;
                    if matches!(request, VersionRequest::List { .. }) {
                        v.loading = false;
                        v.error = Some(safe(&e.to_string()));
                    }
                }
                self.note_error(what, &e);
            }
            (Ok(VersionAnswer::List(list)), Some(v)) => v.set_list(list),
            (Ok(VersionAnswer::List(_)), None) => {}
            (Ok(VersionAnswer::Reverted(fresh)), view) => {
                if let Some(v) = view {
                    v.pending = false;
                }
                let number = match request {
                    VersionRequest::Revert { number, .. } => number,
                    VersionRequest::List { .. } => 0,
                };
                if let Some(a) = self.grid.results.find_mut(asset) {
                    *a = *fresh;
                }
                self.flash(format!("Version {number} is the current one"), false);
                self.issue(
                    Slot::Versions,
                    RequestKind::Versions(VersionRequest::List { asset }),
                );
                // The details pane shows the current file: ask for it again.
                if self.details.asset.as_ref().is_some_and(|d| d.id == asset) {
                    self.details.asset = None;
                    self.issue(Slot::Details, RequestKind::AssetDetails { id: asset });
                }
            }
        }
        self.screen.dirty = true;
    }
}
