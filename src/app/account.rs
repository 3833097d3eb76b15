//! The active profile and the organisation switcher (one entry per profile).

use crossterm::event::KeyEvent;

use super::modals::OverlayAsk;
use super::state::{App, Overlay};
use crate::keymap::{Action, Layer};
use crate::panes::Outcome;

/// One profile as the switcher lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileItem {
    pub name: String,
    /// Organisation name or id, API host, auth kind.
    pub detail: String,
}

#[derive(Debug, Clone, Default)]
pub struct AccountView {
    /// The profile in use (`env` when the credential came from MEDIAGRAPH_PAT).
    pub active: Option<String>,
    pub profiles: Vec<ProfileItem>,
    /// Set when the user picked another profile; the run loop then reconnects.
    pub switch_to: Option<String>,
}

impl App {
    pub(crate) fn open_profiles(&mut self) {
        if self.session.account.profiles.is_empty() {
            self.flash(
                "No profiles yet: add one with `mgtui login --profile NAME`",
                true,
            );
            return;
        }
        let cursor = self
            .session
            .account
            .profiles
            .iter()
            .position(|p| Some(&p.name) == self.session.account.active.as_ref())
            .unwrap_or(0);
        self.modals.overlay = Overlay::Profiles { cursor };
    }

    pub(super) fn on_profiles_key(&mut self, key: &KeyEvent) {
        let Some(action) = self.input.keymap.lookup(Layer::Global, key) else {
            return;
        };
        let n = self.session.account.profiles.len();
        match self.modals.overlay.handle_action(action, n, 0) {
            Outcome::Ask(OverlayAsk::Pick(i)) => {
                let picked = self.session.account.profiles.get(i).map(|p| p.name.clone());
                self.modals.overlay = Overlay::None;
                match picked {
                    Some(p) if Some(&p) != self.session.account.active.as_ref() => {
                        self.flash(format!("Switching to profile {p}…"), false);
                        self.session.account.switch_to = Some(p);
                        self.screen.should_quit = true;
                    }
                    _ => {}
                }
            }
            Outcome::Ask(OverlayAsk::Close) => self.modals.overlay = Overlay::None,
            Outcome::NotConsumed if action == Action::SwitchProfile => {
                self.modals.overlay = Overlay::None
            }
            Outcome::Consumed | Outcome::NotConsumed => {}
        }
    }
}
