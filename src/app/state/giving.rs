//! Giving a lightbox away: `O` on a lightbox in the tree asks the server who is in it,
//! then offers its members (Cancel the default); the chosen one becomes the owner
//! (`transfer_ownership`), sent once, refused in read-only mode. Only the owner may.

use super::confirming::Purpose;
use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::{GroupKind, LightboxPeople, Person};
use crate::panes::confirm::{Choice, Confirm};
use crate::panes::tree::Section;
use crate::protocol::RequestKind;
use crate::text::safe;

/// Members offered at most (keys 1–9).
const OFFERED: usize = 9;

impl App {
    /// `O` in the tree.
    pub(super) fn start_giving_lightbox(&mut self) {
        let Some(idx) = self.tree.current() else {
            return;
        };
        let item = &self.tree.items[idx];
        let node = match (&item.section, &item.node) {
            (Section::Groups(GroupKind::Lightbox), Some(n)) if !n.is_bin() => n,
            _ => return self.flash("Put the cursor on a lightbox to give it away", true),
        };
        if self.session.read_only {
            return self.flash("Read-only mode: lightboxes cannot be given away", true);
        }
        let Some(id) = node.id.as_i64() else {
            return;
        };
        let name = safe(&node.display_name());
        self.issue(Slot::GroupEdit, RequestKind::LightboxPeople { id, name });
    }

    pub(super) fn on_lightbox_people(
        &mut self,
        id: i64,
        name: String,
        result: ApiResult<LightboxPeople>,
    ) {
        let people = match result {
            Ok(p) => p,
            Err(e) => return self.note_error("Could not ask who is in the lightbox", &e),
        };
        // The answer came late: ask only if nothing else is open and the cursor is
        // still on that lightbox.
        let still_here = self.focus == super::Focus::Tree
            && self.tree.current().is_some_and(|i| {
                let it = &self.tree.items[i];
                it.section == Section::Groups(GroupKind::Lightbox)
                    && it.node.as_ref().and_then(|n| n.id.as_i64()) == Some(id)
            });
        if self.modals.top().is_some() || self.bulk_modal_layer().is_some() || !still_here {
            return;
        }
        let Some(me) = self.session.user.as_ref().map(|u| u.id) else {
            return self.flash("Not signed in yet: try O again in a moment", true);
        };
        if let Some(owner) = &people.owner
            && owner.id != me
        {
            return self.flash(
                format!(
                    "Only its owner, {}, can give “{name}” away",
                    safe(&owner.name)
                ),
                true,
            );
        }
        if people.members.is_empty() {
            return self.flash(format!("“{name}” has no other member to give it to"), true);
        }
        let offered: Vec<Person> = people.members.into_iter().take(OFFERED).collect();
        let mut choices = vec![Choice::new("Cancel", 'n')];
        let mut lines = vec![
            format!("Give the lightbox “{name}” to one of its members?"),
            "They become its owner; you stay in it as an editor.".to_string(),
        ];
        for (i, p) in offered.iter().enumerate() {
            let key = char::from(b'1' + i as u8);
            let role = p
                .role
                .as_deref()
                .map(|r| format!(" ({})", safe(r)))
                .unwrap_or_default();
            lines.push(format!("{key}: {}{role}", safe(&p.name)));
            choices.push(Choice::new(&safe(&p.name), key));
        }
        let dialog = Confirm::new("Give lightbox away", lines, choices, 0, 0);
        self.ask(
            dialog,
            Purpose::GiveLightbox {
                id,
                name,
                to: offered,
            },
        );
    }

    pub(super) fn give_lightbox_confirmed(
        &mut self,
        choice: usize,
        id: i64,
        name: String,
        to: Vec<Person>,
    ) {
        let Some(person) = choice.checked_sub(1).and_then(|i| to.into_iter().nth(i)) else {
            return;
        };
        self.issue(
            Slot::GroupEdit,
            RequestKind::GiveLightbox {
                id,
                name,
                to: person,
            },
        );
    }

    pub(super) fn on_lightbox_given(&mut self, name: String, to: Person, result: ApiResult<()>) {
        match result {
            Ok(()) => self.flash(
                format!(
                    "“{name}” now belongs to {}; you stay in it as an editor",
                    safe(&to.name)
                ),
                false,
            ),
            Err(e) => self.note_error(&format!("“{name}” was not given away"), &e),
        }
    }
}
