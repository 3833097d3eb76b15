//! The facet panel: a cursor over the rows of the search's facets (headings are
//! skipped), which facets show all their values, and what a key does there.

use super::Outcome;
use crate::keymap::Action;
use crate::search::facets::Row;
use crate::search::query::Filter;

/// What the facet panel needs the router for.
#[derive(Debug, PartialEq)]
pub(crate) enum FacetAsk {
    /// Turn this filter on or off and search again.
    Toggle(Filter),
    /// A facet was folded or unfolded: its rows changed.
    Refold { unfolding: bool },
    /// Back to the grid.
    Leave,
}

/// Cursor over the selectable rows (headings are skipped).
#[derive(Debug, Clone, Default)]
pub struct FacetPanel {
    /// Index into `rows`.
    pub cursor: usize,
    /// The first row shown, as last drawn (for scrolling and mouse clicks).
    pub offset: std::cell::Cell<usize>,
    /// The row under the cursor, so the cursor stays on it when rows come and go.
    current: Option<Row>,
    /// Facets showing all their values.
    pub unfolded: std::collections::HashSet<String>,
}

impl FacetPanel {
    /// Keep the cursor on a selectable row after the rows changed: this one, else the
    /// next, else the last.
    pub fn clamp(&mut self, rows: &[Row]) {
        let selectable = |i: &usize| rows[*i].selectable();
        self.cursor = (self.cursor..rows.len())
            .find(selectable)
            .or_else(|| (0..rows.len()).rev().find(selectable))
            .unwrap_or(0);
        self.remember(rows);
    }

    /// The rows changed (new counts, a filter toggled): follow the filter that was under
    /// the cursor, as a facet value if it still is one.
    pub fn sync(&mut self, rows: &[Row]) {
        let Some(current) = &self.current else {
            self.clamp(rows);
            return;
        };
        let same = |r: &Row| match (r, current) {
            (Row::More { facet: a, .. }, Row::More { facet: b, .. }) => a == b,
            _ => r.filter().is_some() && r.filter() == current.filter(),
        };
        let value = rows
            .iter()
            .position(|r| matches!(r, Row::Value { .. } | Row::More { .. }) && same(r));
        let any = || rows.iter().position(same);
        match value.or_else(any) {
            Some(i) => self.cursor = i,
            None => self.clamp(rows),
        }
    }

    /// Set the cursor to row `i` (a click).
    pub fn select(&mut self, rows: &[Row], i: usize) {
        self.cursor = i;
        self.clamp(rows);
    }

    fn remember(&mut self, rows: &[Row]) {
        self.current = rows.get(self.cursor).filter(|r| r.selectable()).cloned();
    }

    /// Move `delta` selectable rows (stops at the ends).
    pub fn move_by(&mut self, rows: &[Row], delta: isize) {
        let selectable: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.selectable())
            .map(|(i, _)| i)
            .collect();
        if selectable.is_empty() {
            self.cursor = 0;
            return;
        }
        let here = selectable
            .iter()
            .position(|&i| i >= self.cursor)
            .unwrap_or(selectable.len() - 1);
        let here = if delta < 0 && selectable[here] > self.cursor {
            here.saturating_sub(1)
        } else {
            here
        };
        let target = (here as isize + delta).clamp(0, selectable.len() as isize - 1);
        self.cursor = selectable[target as usize];
        self.remember(rows);
    }

    pub fn home(&mut self, rows: &[Row]) {
        self.cursor = 0;
        self.clamp(rows);
    }

    pub fn end(&mut self, rows: &[Row]) {
        self.cursor = rows.len().saturating_sub(1);
        self.move_by(rows, 0);
    }

    /// One action on the panel whose rows are `rows`.
    pub(crate) fn handle_action(&mut self, action: Action, rows: &[Row]) -> Outcome<FacetAsk> {
        match action {
            Action::Up => self.move_by(rows, -1),
            Action::Down => self.move_by(rows, 1),
            Action::PageUp => self.move_by(rows, -10),
            Action::PageDown => self.move_by(rows, 10),
            Action::Home => self.home(rows),
            Action::End => self.end(rows),
            Action::Open | Action::ToggleMark => match rows.get(self.cursor) {
                Some(Row::More { facet, .. }) => {
                    let unfolding = !self.unfolded.remove(facet);
                    if unfolding {
                        self.unfolded.insert(facet.clone());
                    }
                    return Outcome::Ask(FacetAsk::Refold { unfolding });
                }
                Some(row) => {
                    if let Some(f) = row.filter() {
                        return Outcome::Ask(FacetAsk::Toggle(f.clone()));
                    }
                }
                None => {}
            },
            Action::Left | Action::Back => return Outcome::Ask(FacetAsk::Leave),
            _ => return Outcome::NotConsumed,
        }
        Outcome::Consumed
    }

    /// The rows changed after a fold: stay on the first value that appeared when
    /// unfolding, follow the row under the cursor when folding.
    pub(crate) fn refolded(&mut self, rows: &[Row], unfolding: bool) {
        if unfolding {
            self.clamp(rows);
        } else {
            self.sync(rows);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The panel's rows with `tag:sea` on: the active filter, then two facets.
    fn sample_rows() -> Vec<Row> {
        let value = |label: &str, filter: Filter, on: bool| Row::Value {
            label: label.into(),
            count: 4,
            filter,
            on,
        };
        vec![
            Row::Heading("Active filters (Enter removes)".into()),
            Row::Active(Filter::Tag("sea".into())),
            Row::Heading("File type".into()),
            value("jpg", Filter::Ext("jpg".into()), false),
            Row::Heading("Keywords".into()),
            value("sea", Filter::Tag("sea".into()), true),
        ]
    }

    #[test]
    fn the_cursor_skips_headings_and_stops_at_the_ends() {
        let rows = sample_rows();
        let mut p = FacetPanel::default();
        p.clamp(&rows);
        assert_eq!(p.cursor, 1);
        p.move_by(&rows, 1);
        assert_eq!(p.cursor, 3, "the heading is skipped");
        p.move_by(&rows, 5);
        assert_eq!(p.cursor, 5);
        p.move_by(&rows, -1);
        assert_eq!(p.cursor, 3);
        p.home(&rows);
        assert_eq!(p.cursor, 1);
        p.end(&rows);
        assert_eq!(p.cursor, 5);
    }

    #[test]
    fn enter_toggles_the_value_under_the_cursor() {
        let rows = sample_rows();
        let mut p = FacetPanel::default();
        p.clamp(&rows);
        assert_eq!(
            p.handle_action(Action::Open, &rows),
            Outcome::Ask(FacetAsk::Toggle(Filter::Tag("sea".into())))
        );
        assert_eq!(p.handle_action(Action::Down, &rows), Outcome::Consumed);
        assert_eq!(p.handle_action(Action::Edit, &rows), Outcome::NotConsumed);
    }
}
