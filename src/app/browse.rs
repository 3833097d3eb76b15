//! What the grid shows and how it came to show it: the search, the text it was typed
//! as, its filters and facets, the generation that tells current answers from stale
//! ones, and the navigation or writes under way that concern the results.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use crate::api::models::{Facet, SearchQuery, SortField, SortOrder};
use crate::panes::facets::FacetPanel;
use crate::search::facets::Row;
use crate::search::history::History;
use crate::search::query::ParsedQuery;

pub struct Browse {
    /// The query the grid shows.
    pub query: SearchQuery,
    /// What the user typed for it (shown in the status bar, offered again by `/`).
    pub query_text: Option<String>,
    /// The text query and filters of `query_text`, parsed (chips, facet ticks).
    pub filters: ParsedQuery,
    /// Facets of the current result (from page 1) and the panel that shows them.
    facets: Vec<Facet>,
    /// Bumped whenever `facets` changes.
    facets_version: u64,
    /// The panel's rows, as last built, and what they were built from: a facet can have
    /// tens of thousands of values, too many to rebuild on every key and frame.
    rows_memo: RefCell<Option<RowsMemo>>,
    /// The facets are from an earlier search; the current one has not answered yet.
    pub facets_stale: bool,
    pub facet_panel: FacetPanel,
    /// Counts of the any-of facets with ticked values, each from the search without
    /// its own values; they replace the search's own counts of those facets.
    pub(crate) facet_counts: Vec<Facet>,
    /// Earlier `/` queries for Up/Down (loaded and saved by the event loop).
    pub search_history: History,
    /// Answers of older searches carry an older generation and are dropped.
    pub(crate) search_generation: u64,
    /// Assets per search page (`page_size` in config.toml).
    pub page_size: u32,
    /// The user picked a sort this session; the organisation's default no longer applies.
    pub(crate) sort_chosen: bool,
    /// Every page is being loaded to mark all results.
    pub(crate) marking_all: bool,
    /// Ratings sent and not yet answered.
    pub(crate) ratings_pending: usize,
    /// A `:folder NAME` path being loaded and expanded.
    pub(crate) reveal: Option<super::state::Reveal>,
    /// Where the grid's cursor goes when the trash is listed again.
    pub(crate) trash_cursor: usize,
}

struct RowsMemo {
    facets_version: u64,
    filters: ParsedQuery,
    unfolded: HashSet<String>,
    rows: Rc<Vec<Row>>,
}

impl Browse {
    pub fn facets(&self) -> &[Facet] {
        &self.facets
    }

    /// The facets, to change them (the panel's rows are rebuilt on next use).
    pub(crate) fn facets_mut(&mut self) -> &mut Vec<Facet> {
        self.facets_version += 1;
        &mut self.facets
    }

    /// Put the any-of facets' own counts in place of the search's.
    pub(crate) fn merge_facet_counts(&mut self) {
        self.facets_version += 1;
        for f in &self.facet_counts {
            match self.facets.iter_mut().find(|x| x.name == f.name) {
                Some(slot) => *slot = f.clone(),
                None => self.facets.push(f.clone()),
            }
        }
    }

    /// The facet panel's rows for the current facets, filters and unfolded facets.
    pub(crate) fn facet_rows(&self) -> Rc<Vec<Row>> {
        let mut memo = self.rows_memo.borrow_mut();
        if let Some(m) = memo.as_ref()
            && m.facets_version == self.facets_version
            && m.filters == self.filters
            && m.unfolded == self.facet_panel.unfolded
        {
            return m.rows.clone();
        }
        let rows = Rc::new(crate::search::facets::rows(
            &self.facets,
            &self.filters,
            &self.facet_panel.unfolded,
        ));
        *memo = Some(RowsMemo {
            facets_version: self.facets_version,
            filters: self.filters.clone(),
            unfolded: self.facet_panel.unfolded.clone(),
            rows: rows.clone(),
        });
        rows
    }

    pub(crate) fn new(page_size: u32) -> Browse {
        Browse {
            query: SearchQuery {
                sort: Some((SortField::CreatedAt, SortOrder::Desc)),
                ..Default::default()
            },
            query_text: None,
            filters: Default::default(),
            facets: Vec::new(),
            facets_version: 0,
            rows_memo: RefCell::new(None),
            facets_stale: true,
            facet_panel: Default::default(),
            facet_counts: Vec::new(),
            search_history: Default::default(),
            search_generation: 0,
            page_size,
            sort_chosen: false,
            marking_all: false,
            ratings_pending: 0,
            reveal: None,
            trash_cursor: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::FacetBucket;

    #[test]
    fn facet_rows_are_built_again_only_when_what_they_show_changed() {
        let mut b = Browse::new(50);
        *b.facets_mut() = vec![Facet {
            name: "ext".into(),
            display: None,
            buckets: vec![FacetBucket {
                key: "jpg".into(),
                doc_count: 3,
                ..Default::default()
            }],
        }];
        let first = b.facet_rows();
        assert!(Rc::ptr_eq(&first, &b.facet_rows()), "nothing changed");
        b.filters = crate::search::query::parse("ext:jpg").unwrap();
        let filtered = b.facet_rows();
        assert!(!Rc::ptr_eq(&first, &filtered), "a filter ticks a value");
        assert!(
            filtered
                .iter()
                .any(|r| matches!(r, Row::Value { on: true, .. }))
        );
        b.facets_mut()[0].buckets[0].doc_count = 7;
        assert!(
            b.facet_rows()
                .iter()
                .any(|r| matches!(r, Row::Value { count: 7, .. })),
            "new counts show"
        );
    }
}
