//! The facet panel and the filters of the current search: toggling a facet value,
//! removing a chip, clearing them all. Each change rewrites the `/` line from the
//! filters and starts the search over (older answers are dropped by generation).

use super::{App, Focus, RightPane};
use crate::panes::Outcome;
use crate::panes::facets::FacetAsk;
use crate::search::facets::Row;
use crate::search::query::Filter;
use crate::text::safe;

impl App {
    /// What the right pane shows, as a focus: the editor (Details), the job monitor,
    /// the facet panel, or the details.
    pub(crate) fn right_pane_focus(&self) -> Focus {
        match self.right {
            _ if self.edit.editor.is_some() => Focus::Details,
            RightPane::Details => Focus::Details,
            RightPane::Jobs => Focus::Jobs,
            RightPane::Facets => Focus::Facets,
            RightPane::Transfers => Focus::Transfers,
        }
    }

    /// Put the any-of facets' own counts in place of the search's, then re-sync the
    /// panel's cursor.
    pub(super) fn merge_facet_counts(&mut self) {
        self.browse.merge_facet_counts();
        let rows = self.facet_rows();
        self.browse.facet_panel.sync(&rows);
    }

    pub fn facet_rows(&self) -> std::rc::Rc<Vec<Row>> {
        self.browse.facet_rows()
    }

    pub(crate) fn toggle_facets(&mut self) {
        let shown = self.right == RightPane::Facets;
        if shown && self.focus != Focus::Facets && self.edit.editor.is_none() {
            // Shown but not focused: focus it rather than hide it.
            self.focus = self.right_pane_focus();
            return;
        }
        if !shown {
            self.right = RightPane::Facets;
            let rows = self.facet_rows();
            self.browse.facet_panel.sync(&rows);
            if self.edit.editor.is_some() {
                self.flash("Facets show once the editor is closed", false);
            }
            self.focus = self.right_pane_focus();
            if self.focus != Focus::Facets {
                self.right = RightPane::Details;
            }
        } else {
            self.right = RightPane::Details;
            if self.focus == Focus::Facets {
                self.focus = Focus::Grid;
            }
        }
    }

    pub(super) fn on_facets_outcome(&mut self, out: Outcome<FacetAsk>) -> bool {
        match out {
            Outcome::NotConsumed => return false,
            Outcome::Consumed => {}
            Outcome::Ask(FacetAsk::Toggle(f)) => self.toggle_filter(f),
            Outcome::Ask(FacetAsk::Refold { unfolding }) => {
                let rows = self.facet_rows();
                self.browse.facet_panel.refolded(&rows, unfolding);
            }
            Outcome::Ask(FacetAsk::Leave) => self.focus = Focus::Grid,
        }
        true
    }

    /// Add the filter, or remove it when it is on, and search again.
    pub(crate) fn toggle_filter(&mut self, f: Filter) {
        let token = f.token();
        let on = self.browse.filters.toggle(f);
        self.apply_filters();
        self.flash(
            format!(
                "{} {}",
                if on {
                    "Filter added:"
                } else {
                    "Filter removed:"
                },
                safe(&token)
            ),
            false,
        );
    }

    /// Remove one filter (after the editor's leave guard).
    pub(crate) fn remove_filter(&mut self, f: &Filter) {
        if self.guard(super::editing::Deferred::RemoveFilter(f.clone())) {
            return;
        }
        self.browse.filters.remove(f);
        self.apply_filters();
        self.flash(format!("Filter removed: {}", safe(&f.token())), false);
    }

    pub(crate) fn clear_filters(&mut self) {
        if !self.browse.filters.has_filters() {
            self.flash("No filters to clear", false);
            return;
        }
        self.browse.filters.clear_filters();
        self.apply_filters();
        self.flash("All filters cleared", false);
    }

    /// The filters changed: rewrite the `/` line from them and search again, in the
    /// same scope.
    fn apply_filters(&mut self) {
        let line = self.browse.filters.to_line();
        self.browse.query_text = (!line.is_empty()).then_some(line);
        self.browse.filters.apply_to(&mut self.browse.query);
        self.start_search();
        let rows = self.facet_rows();
        self.browse.facet_panel.sync(&rows);
    }
}
