//! What the grid shows and how it came to show it: the search, the text it was typed
//! as, its filters and facets, the generation that tells current answers from stale
//! ones, and the navigation or writes under way that concern the results.

use crate::api::models::{Facet, SearchQuery, SortField, SortOrder};
use crate::panes::facets::FacetPanel;
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
    pub facets: Vec<Facet>,
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
}

impl Browse {
    pub(crate) fn new(page_size: u32) -> Browse {
        Browse {
            query: SearchQuery {
                sort: Some((SortField::CreatedAt, SortOrder::Desc)),
                ..Default::default()
            },
            query_text: None,
            filters: Default::default(),
            facets: Vec::new(),
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
        }
    }
}
