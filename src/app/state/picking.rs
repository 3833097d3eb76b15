//! The loupe's picks: `P` puts the asset shown in the picks lightbox (or takes it out),
//! as a judgement like any other (queued, coalesced, undone by `u`). The lightbox is
//! chosen by name the first time `P` is pressed, and made when none is called that.

use std::collections::HashSet;

use super::{App, Purpose, Slot};
use crate::api::ApiResult;
use crate::panes::confirm::{Choice, Confirm};
use crate::panes::judgements::{PickBox, Setting};
use crate::panes::loupe::Picks;
use crate::protocol::{PicksAnswer, RequestKind};
use crate::text::safe;

impl App {
    /// `P` in the loupe.
    pub(super) fn pick(&mut self) {
        if self.session.read_only {
            self.flash("Read-only mode: picks are not saved", true);
            return;
        }
        let Some(id) = self.loupe_asset_or_say("pick") else {
            return;
        };
        let Some(picks) = &self.modals.loupe.picks else {
            self.modals.loupe.pick_waiting = Some(id);
            self.modals.command = Some(tui_input::Input::new("picks ".to_string()));
            self.flash(
                "Which lightbox do picks go to? Type its name (Tab completes; a new name makes one)",
                false,
            );
            return;
        };
        let lightbox = picks.lightbox;
        let picked = !self.picked(id);
        self.judge(Setting::Pick { lightbox, picked });
    }

    /// `:picks NAME`: look the lightbox up (and make it when `create`).
    pub(super) fn choose_picks(&mut self, name: String, create: bool) {
        if create && self.session.read_only {
            self.flash("Read-only mode: no lightbox is made", true);
            return;
        }
        let name = name.trim().to_string();
        self.flash(
            format!(
                "{} the lightbox “{}”…",
                if create { "Making" } else { "Looking for" },
                safe(&name)
            ),
            false,
        );
        self.issue(Slot::Picks, RequestKind::PicksLightbox { name, create });
    }

    pub(super) fn on_picks_lightbox(&mut self, name: String, result: ApiResult<PicksAnswer>) {
        let answer = match result {
            Ok(a) => a,
            Err(e) => {
                self.modals.loupe.pick_waiting = None;
                return self.note_error("Picks have no lightbox yet", &e);
            }
        };
        let (node, created, members) = match answer {
            PicksAnswer::Ready {
                node,
                created,
                members,
            } => (node, created, members),
            PicksAnswer::Missing { nearest } => return self.ask_to_make_picks(name, nearest),
        };
        let (Some(id), Some(agid)) = (node.id.as_i64(), node.asset_group_id) else {
            self.modals.loupe.pick_waiting = None;
            self.flash("That lightbox cannot hold assets", true);
            return;
        };
        let shown = safe(node.name.as_deref().unwrap_or(&name));
        if created {
            self.tree_gains_lightbox(*node);
        }
        let count = members.len();
        self.modals.loupe.picks = Some(Picks {
            lightbox: PickBox { id, agid },
            name: shown.clone(),
            members: members.into_iter().collect::<HashSet<_>>(),
        });
        let what = match (created, count) {
            (true, _) => format!("Made the lightbox “{shown}”: P puts the asset shown in it"),
            (false, n) => {
                format!("Picks go to “{shown}” ({n} in it): P puts the asset shown in it")
            }
        };
        self.flash(what, false);
        // The P that asked for the lightbox picks its asset, if the loupe is still on it.
        let waiting = self.modals.loupe.pick_waiting.take();
        if self.loupe_still_on(waiting) {
            self.pick();
        }
    }

    fn ask_to_make_picks(&mut self, name: String, nearest: Option<String>) {
        let mut lines = vec![format!("No lightbox is called “{}”.", safe(&name))];
        let mut choices = vec![Choice::new("Cancel", 'n'), Choice::new("Make it", 'm')];
        if let Some(n) = &nearest {
            lines.push(format!("The nearest name is “{}”.", safe(n)));
            choices.push(Choice::new("Use that", 'u'));
        }
        let dialog = Confirm::new("Picks lightbox", lines, choices, 0, 0);
        self.ask(dialog, Purpose::PicksLightbox { name, nearest });
    }

    pub(super) fn picks_confirmed(&mut self, choice: usize, name: String, nearest: Option<String>) {
        match (choice, nearest) {
            (1, _) => self.choose_picks(name, true),
            (2, Some(n)) => self.choose_picks(n, false),
            _ => self.modals.loupe.pick_waiting = None,
        }
    }

    /// A lightbox made for picks shows at the top of a loaded Lightboxes root.
    fn tree_gains_lightbox(&mut self, node: crate::api::models::GroupNode) {
        use crate::api::models::GroupKind;
        use crate::panes::tree::Section;
        let root = self.tree.attached().into_iter().find_map(|(i, it)| {
            (it.section == Section::Groups(GroupKind::Lightbox) && it.node.is_none()).then_some(i)
        });
        if let Some(root) = root
            && self.tree.insert_child(root, node).is_some()
        {
            self.refresh_count(root);
        }
    }
}
