//! Sorting: the sort menu (`s`), `S` and `:sort`, and the organisation's default.

use crossterm::event::KeyEvent;

use super::{App, Overlay};
use crate::api::models::{SortField, SortOrder, sort_choices};
use crate::app::modals::OverlayAsk;
use crate::keymap::{Action, Layer};
use crate::panes::Outcome;

impl App {
    pub(super) fn open_sort_menu(&mut self) {
        let current = self.browse.query.sort.unwrap_or_default();
        let cursor = sort_choices(&self.browse.query.scope)
            .iter()
            .position(|c| *c == current)
            .unwrap_or(0);
        self.modals.overlay = Overlay::SortMenu { cursor };
    }

    pub(super) fn on_sort_menu_key(&mut self, key: &KeyEvent) {
        let choices = sort_choices(&self.browse.query.scope);
        let out = match self.input.keymap.lookup(Layer::Global, key) {
            Some(action) => self.modals.overlay.handle_action(action, choices.len(), 0),
            None => Outcome::NotConsumed,
        };
        match out {
            Outcome::Consumed => {}
            Outcome::Ask(OverlayAsk::Pick(i)) => {
                self.modals.overlay = Overlay::None;
                if let Some((field, order)) = choices.get(i).copied() {
                    self.sort_by(field, order);
                }
            }
            Outcome::Ask(OverlayAsk::Close) => self.modals.overlay = Overlay::None,
            // The key that opened the menu closes it.
            Outcome::NotConsumed
                if self.input.keymap.lookup(Layer::Grid, key) == Some(Action::SortMenu) =>
            {
                self.modals.overlay = Overlay::None
            }
            Outcome::NotConsumed => {}
        }
    }

    /// Sort the grid (a new search; the selection goes back to the top).
    pub(super) fn sort_by(&mut self, field: SortField, order: SortOrder) {
        if self.refuse_while_editing() {
            return;
        }
        if field == SortField::Custom && !self.browse.query.scope.has_custom_order() {
            self.flash(
                "Custom order exists only in collections and lightboxes",
                true,
            );
            return;
        }
        self.browse.sort_chosen = true;
        self.browse.query.sort = Some((field, order));
        self.start_search();
        self.flash(
            format!(
                "Sorted by {} ({})",
                field.label(),
                field.direction_label(order)
            ),
            false,
        );
    }

    /// The organisation's `default_sort_order`, unless the user already chose a sort.
    pub(super) fn apply_default_sort(&mut self, spec: &str) {
        let Some(sort) = SortField::parse_with_order(spec) else {
            tracing::info!("organisation default sort not understood: {spec:?}");
            return;
        };
        if self.browse.sort_chosen || self.browse.query.sort == Some(sort) {
            return;
        }
        self.browse.query.sort = Some(sort);
        self.start_search();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::RequestKind;

    fn sorts_sent(app: &mut App) -> Vec<Option<(SortField, SortOrder)>> {
        app.take_outbox()
            .into_iter()
            .filter_map(|r| match r.kind {
                RequestKind::Search { query, .. } => Some(query.sort),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_organisation_default_applies_until_the_user_picks_a_sort() {
        let mut app = App::new(None);
        sorts_sent(&mut app);
        app.apply_default_sort("created_at-desc");
        assert!(sorts_sent(&mut app).is_empty(), "already so: no new search");
        app.apply_default_sort("filename-asc");
        assert_eq!(
            sorts_sent(&mut app),
            vec![Some((SortField::Filename, SortOrder::Asc))]
        );
        app.apply_default_sort("nonsense");
        assert!(sorts_sent(&mut app).is_empty());
        app.sort_by(SortField::Rating, SortOrder::Desc);
        sorts_sent(&mut app);
        app.apply_default_sort("captured_at-asc");
        assert!(sorts_sent(&mut app).is_empty(), "the user's choice stands");
        assert_eq!(
            app.browse.query.sort,
            Some((SortField::Rating, SortOrder::Desc))
        );
    }
}
