//! The results of one search, held page by page: any page can be loaded on its own, so
//! the grid can jump to the last of 100 000 assets without loading what lies between,
//! and pages far from the cursor are let go so memory stays bounded.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::api::models::Asset;

/// Assets per search page unless `page_size` in config.toml says otherwise.
pub const PER_PAGE: u32 = 50;
/// Pages kept in memory at most; the ones farthest from the cursor go first.
pub const PAGES_KEPT: usize = 40;
/// Pages asked for at once at most (a held PageDown must not flood the server).
pub const PAGES_IN_FLIGHT: usize = 3;

#[derive(Debug, Clone)]
pub struct Results {
    per_page: usize,
    pages: BTreeMap<u32, Vec<Asset>>,
    total: Option<u64>,
    asked: BTreeSet<u32>,
    /// Without a total: the last loaded page was full, so another may follow.
    open_end: bool,
}

impl Default for Results {
    fn default() -> Self {
        Results::new(PER_PAGE)
    }
}

impl Results {
    pub fn new(per_page: u32) -> Results {
        Results {
            per_page: per_page.max(1) as usize,
            pages: BTreeMap::new(),
            total: None,
            asked: BTreeSet::new(),
            open_end: true,
        }
    }

    /// A complete, fixed list (a job's assets): nothing more to load.
    pub(crate) fn from_assets(assets: Vec<Asset>, total: Option<u64>) -> Results {
        let n = assets.len();
        let mut r = Results::new(n.max(1) as u32);
        r.total = Some(total.unwrap_or(n as u64).min(n as u64));
        r.open_end = false;
        if n > 0 {
            r.pages.insert(1, assets);
        }
        r
    }

    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// How many positions the grid has: the total when known, else what is loaded.
    pub fn len(&self) -> usize {
        match self.total {
            Some(t) => t as usize,
            None => self.contiguous_len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Assets loaded from position 0 without a gap.
    fn contiguous_len(&self) -> usize {
        let mut n = 0;
        for (want, (page, assets)) in (1u32..).zip(&self.pages) {
            if *page != want {
                break;
            }
            n += assets.len();
        }
        n
    }

    fn page_of(&self, idx: usize) -> u32 {
        (idx / self.per_page) as u32 + 1
    }

    pub fn get(&self, idx: usize) -> Option<&Asset> {
        let page = self.pages.get(&self.page_of(idx))?;
        page.get(idx % self.per_page)
    }

    /// Every loaded asset with its position.
    pub fn loaded(&self) -> impl Iterator<Item = (usize, &Asset)> {
        let per_page = self.per_page;
        self.pages.iter().flat_map(move |(page, assets)| {
            let base = (*page as usize - 1) * per_page;
            assets.iter().enumerate().map(move |(i, a)| (base + i, a))
        })
    }

    pub fn position(&self, id: i64) -> Option<usize> {
        self.loaded().find(|(_, a)| a.id == id).map(|(i, _)| i)
    }

    pub fn find_mut(&mut self, id: i64) -> Option<&mut Asset> {
        self.pages.values_mut().flatten().find(|a| a.id == id)
    }

    pub fn in_flight(&self) -> bool {
        !self.asked.is_empty()
    }

    pub fn ask(&mut self, page: u32) {
        self.asked.insert(page);
    }

    /// The page's request failed: it may be asked again.
    pub fn failed(&mut self, page: u32) {
        self.asked.remove(&page);
    }

    /// Every position has its asset.
    pub(crate) fn complete(&self) -> bool {
        match self.total {
            Some(t) => self.pages.values().map(Vec::len).sum::<usize>() as u64 >= t,
            None => !self.open_end,
        }
    }

    /// Take a page the server answered. Returns false when it was not asked for (an
    /// answer for a page this search no longer waits on).
    pub fn accept(&mut self, page: u32, assets: Vec<Asset>, total: Option<u64>) -> bool {
        if !self.asked.remove(&page) {
            return false;
        }
        if total.is_some() {
            self.total = total;
        }
        let start = (page as u64 - 1) * self.per_page as u64;
        let got = assets.len() as u64;
        if got < self.per_page as u64 {
            // A short page is the end, whatever the total said.
            self.total = Some(start + got);
            self.open_end = false;
        } else if self.total.is_none() {
            self.open_end = true;
        }
        if !assets.is_empty() {
            self.pages.insert(page, assets);
        }
        true
    }

    /// Pages to ask for so that `range` is loaded, nearest first, minus those already
    /// loaded or asked, within the in-flight budget. Without a total only the page after
    /// the loaded run can be known to exist.
    pub(crate) fn pages_for(&self, range: Range<usize>) -> Vec<u32> {
        let budget = PAGES_IN_FLIGHT.saturating_sub(self.asked.len());
        if budget == 0 || range.is_empty() {
            return Vec::new();
        }
        let wanted: Vec<u32> = match self.total {
            Some(_) => {
                let end = range.end.min(self.len());
                if range.start >= end {
                    return Vec::new();
                }
                (self.page_of(range.start)..=self.page_of(end - 1)).collect()
            }
            None => {
                let loaded = self.contiguous_len();
                if !self.open_end || range.end <= loaded {
                    return Vec::new();
                }
                vec![self.page_of(loaded)]
            }
        };
        wanted
            .into_iter()
            .filter(|p| !self.pages.contains_key(p) && !self.asked.contains(p))
            .take(budget)
            .collect()
    }

    /// The first page not loaded nor asked (to load everything, one page at a time).
    pub(crate) fn next_missing(&self) -> Option<u32> {
        if self.complete() {
            return None;
        }
        let last = match self.total {
            Some(t) => self.page_of((t as usize).max(1) - 1),
            None => self.page_of(self.contiguous_len()),
        };
        (1..=last).find(|p| !self.pages.contains_key(p) && !self.asked.contains(p))
    }

    /// Let go of the pages farthest from `idx` beyond [`PAGES_KEPT`]. Only with a known
    /// total: without one the loaded run is what the grid's length is made of.
    pub(crate) fn evict_far_from(&mut self, idx: usize) {
        if self.total.is_none() || self.pages.len() <= PAGES_KEPT {
            return;
        }
        let here = self.page_of(idx) as i64;
        let mut by_distance: Vec<u32> = self.pages.keys().copied().collect();
        by_distance.sort_by_key(|p| std::cmp::Reverse((*p as i64 - here).abs()));
        let excess = self.pages.len() - PAGES_KEPT;
        for p in by_distance.into_iter().take(excess) {
            self.pages.remove(&p);
        }
    }

    pub fn loaded_pages(&self) -> usize {
        self.pages.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets(from: i64, n: usize) -> Vec<Asset> {
        (0..n as i64)
            .map(|i| Asset {
                id: from + i,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn any_page_loads_alone_and_gaps_stay_empty() {
        let mut r = Results::new(10);
        r.ask(1);
        assert!(r.accept(1, assets(0, 10), Some(100_000)));
        assert_eq!(r.len(), 100_000);
        assert_eq!(r.pages_for(99_990..100_000), vec![10_000]);
        r.ask(10_000);
        assert!(r.accept(10_000, assets(99_990, 10), None));
        assert_eq!(r.get(99_999).map(|a| a.id), Some(99_999));
        assert!(r.get(50).is_none());
        assert_eq!(r.loaded_pages(), 2);
        assert!(!r.complete());
        assert_eq!(r.next_missing(), Some(2));
    }

    #[test]
    fn unasked_answers_are_dropped() {
        let mut r = Results::new(10);
        assert!(!r.accept(3, assets(20, 10), Some(50)));
        assert!(r.is_empty());
    }

    #[test]
    fn a_short_page_ends_the_results() {
        let mut r = Results::new(10);
        r.ask(1);
        r.accept(1, assets(0, 10), Some(40));
        r.ask(4);
        // The total said 40, but the last page holds only 5: 35 it is.
        r.accept(4, assets(30, 5), None);
        assert_eq!(r.len(), 35);
    }

    #[test]
    fn without_a_total_pages_come_in_order() {
        let mut r = Results::new(10);
        r.ask(1);
        r.accept(1, assets(0, 10), None);
        assert_eq!(r.len(), 10);
        assert_eq!(r.pages_for(0..1000), vec![2]);
        r.ask(2);
        r.accept(2, assets(10, 4), None);
        assert_eq!(r.len(), 14);
        assert!(r.complete());
        assert!(r.pages_for(0..1000).is_empty());
    }

    #[test]
    fn requests_stay_within_the_budget() {
        let mut r = Results::new(10);
        r.ask(1);
        r.accept(1, assets(0, 10), Some(1000));
        let pages = r.pages_for(0..1000);
        assert_eq!(pages, vec![2, 3, 4]);
        for p in &pages {
            r.ask(*p);
        }
        assert!(r.pages_for(500..600).is_empty());
        r.failed(2);
        assert_eq!(r.pages_for(500..600), vec![51]);
    }

    #[test]
    fn far_pages_are_let_go() {
        let mut r = Results::new(1);
        for p in 1..=(PAGES_KEPT as u32 + 10) {
            r.ask(p);
            r.accept(p, assets(p as i64, 1), Some(10_000));
        }
        r.evict_far_from(0);
        assert_eq!(r.loaded_pages(), PAGES_KEPT);
        assert!(r.get(0).is_some());
        assert!(r.get(PAGES_KEPT + 5).is_none());
    }

    #[test]
    fn a_fixed_list_is_complete() {
        let r = Results::from_assets(assets(7, 3), Some(3));
        assert!(r.complete());
        assert_eq!(r.position(8), Some(1));
        assert_eq!(r.len(), 3);
    }
}
