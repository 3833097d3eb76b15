//! The asset grid's state: tiles (or a list) laid out to the pane, 2-D cursor, marks,
//! paging (drawn by `ui::grid`).

use std::cell::Cell;
use std::collections::BTreeSet;

use ratatui::layout::Rect;

use crate::api::models::Asset;
use crate::keymap::Action;
use crate::panes::Outcome;
use crate::panes::results::Results;
use crate::text::thousands;

/// A text tile: border, title, type, rating, tags, border.
pub const TILE_HEIGHT: u16 = 6;
/// Rows of a thumbnail tile that are not image: border, title, type, rating, border.
pub(crate) const TILE_TEXT_ROWS: u16 = 5;

/// How big tiles are (`+`/`-`, `tile_size` in config.toml). Each size is a smallest
/// tile; tiles then grow to fill the pane, so no rows or columns are left blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub enum TileSize {
    Dense,
    Small,
    #[default]
    Medium,
    Large,
    Huge,
}

impl TileSize {
    pub const ALL: [TileSize; 5] = [
        TileSize::Dense,
        TileSize::Small,
        TileSize::Medium,
        TileSize::Large,
        TileSize::Huge,
    ];

    /// Smallest tile width and image rows.
    fn min_cells(self) -> (u16, u16) {
        match self {
            TileSize::Dense => (12, 3),
            TileSize::Small => (18, 5),
            TileSize::Medium => (24, 8),
            TileSize::Large => (34, 13),
            TileSize::Huge => (48, 20),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TileSize::Dense => "dense",
            TileSize::Small => "small",
            TileSize::Medium => "medium",
            TileSize::Large => "large",
            TileSize::Huge => "huge",
        }
    }

    pub fn parse(s: &str) -> Option<TileSize> {
        TileSize::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s.trim()))
    }

    pub(crate) fn bigger(self) -> TileSize {
        let i = TileSize::ALL.iter().position(|t| *t == self).unwrap_or(2);
        TileSize::ALL[(i + 1).min(TileSize::ALL.len() - 1)]
    }

    pub(crate) fn smaller(self) -> TileSize {
        let i = TileSize::ALL.iter().position(|t| *t == self).unwrap_or(2);
        TileSize::ALL[i.saturating_sub(1)]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GridView {
    #[default]
    Tiles,
    List,
}

#[derive(Debug, Default)]
pub struct GridPane {
    /// The search's results, page by page (positions without an asset are not loaded).
    pub results: Results,
    pub cursor: usize,
    pub marks: BTreeSet<i64>,
    /// Where the last mark was toggled: the start of a range mark.
    pub anchor: Option<usize>,
    pub view: GridView,
    /// The first page is on its way.
    pub loading: bool,
    /// The grid shows the trash (not a search).
    pub trash: bool,
    pub error: Option<String>,
    /// Tiles have an image area.
    pub images: bool,
    pub tile_size: TileSize,
    /// The user changed the tile size: to be saved in config.toml.
    pub tile_size_changed: bool,
    /// Columns and rows of tiles at the last draw (navigation uses them).
    pub(crate) layout: Cell<(usize, usize)>,
    pub(crate) top_row: Cell<usize>,
    /// Assets drawn at the last draw: `first..end`.
    pub(crate) visible: Cell<(usize, usize)>,
    /// Size in cells of a tile's image area at the last draw.
    pub(crate) image_cells: Cell<(u16, u16)>,
    pub(crate) tile_h: Cell<u16>,
    /// Where the last frame put its tiles (`None` for the list view or no tiles).
    pub(crate) drawn: Cell<Option<TilesDrawn>>,
}

/// The tiles of one frame: the pane, its inside, the first row shown and the shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TilesDrawn {
    pub area: Rect,
    pub inner: Rect,
    pub top: usize,
    pub cols: usize,
    pub rows: usize,
    pub tile_h: u16,
}

impl GridPane {
    /// When the next frame, drawn in `area`, shows the same tiles moved by whole rows
    /// (fewer than a screenful): the terminal rows they occupy and the lines to scroll.
    pub(crate) fn row_scroll(&self, area: Rect) -> Option<crate::app::row_scroll::RowScroll> {
        let d = self.drawn.get()?;
        if d.area != area || self.view != GridView::Tiles || self.is_empty() {
            return None;
        }
        self.set_layout_for(area);
        if self.metrics() != (d.cols, d.rows) || self.tile_height() != d.tile_h {
            return None;
        }
        let next = crate::app::layout::scroll_for(
            self.cursor / d.cols,
            d.top,
            d.rows,
            self.len().div_ceil(d.cols),
        );
        let rows = next as i64 - d.top as i64;
        // Forward only: xterm moves sixel pictures with the text when a region scrolls
        // up, but leaves them where they were when it scrolls down (iTerm2 pictures
        // likewise go forward only: only that direction was seen working).
        if rows <= 0 || rows as usize >= d.rows {
            return None;
        }
        let bottom = (d.inner.y + d.rows as u16 * d.tile_h).min(d.inner.bottom());
        Some(crate::app::row_scroll::RowScroll {
            top: d.inner.y,
            bottom,
            lines: rows as i32 * d.tile_h as i32,
        })
    }

    /// Forget the results: a new search is starting.
    pub fn reset(&mut self, per_page: u32) {
        self.results = Results::new(per_page);
        self.trash = false;
        self.cursor = 0;
        self.anchor = None;
        self.loading = true;
        self.error = None;
        self.top_row.set(0);
        self.drawn.set(None);
    }

    pub fn total(&self) -> Option<u64> {
        self.results.total()
    }

    /// The loaded assets in order (pages not loaded leave gaps).
    pub fn loaded_assets(&self) -> Vec<&Asset> {
        self.results.loaded().map(|(_, a)| a).collect()
    }

    /// Positions the grid has, loaded or not.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// Positions the view around the cursor may show: a screen behind, two ahead.
    pub(crate) fn wanted_range(&self) -> std::ops::Range<usize> {
        let (cols, rows) = self.metrics();
        let screen = cols * rows;
        self.cursor.saturating_sub(screen)..self.cursor + 2 * screen
    }

    pub fn visible_range(&self) -> (usize, usize) {
        self.visible.get()
    }

    pub fn image_cells(&self) -> (u16, u16) {
        self.image_cells.get()
    }

    /// The smallest tile height for the current size.
    fn min_tile_height(&self, size: TileSize) -> u16 {
        if self.images {
            size.min_cells().1 + TILE_TEXT_ROWS
        } else {
            TILE_HEIGHT
        }
    }

    /// The tile height as last laid out: rows grow to fill the pane's height.
    pub(crate) fn tile_height(&self) -> u16 {
        self.tile_h.get().max(1)
    }

    pub fn selected(&self) -> Option<&Asset> {
        self.results.get(self.cursor)
    }

    /// Columns per row and visible rows (list view: 1 column).
    pub fn metrics(&self) -> (usize, usize) {
        let (c, r) = self.layout.get();
        (c.max(1), r.max(1))
    }

    /// The size thumbnail tiles are laid out at in a pane of `w`×`h` cells: dense to
    /// medium step down to the first size at which 2×2 tiles fit (one tile in a small
    /// terminal is not a grid); if none does, or large or huge was asked, as asked.
    fn size_for(&self, w: u16, h: u16) -> TileSize {
        if !self.images || self.tile_size > TileSize::Medium {
            return self.tile_size;
        }
        let fits =
            |size: TileSize| w / size.min_cells().0 >= 2 && h / self.min_tile_height(size) >= 2;
        let mut size = self.tile_size;
        loop {
            if fits(size) {
                return size;
            }
            if size == TileSize::Dense {
                return self.tile_size;
            }
            size = size.smaller();
        }
    }

    pub(crate) fn set_layout_for(&self, area: Rect) {
        let inner_w = area.width.saturating_sub(2);
        let inner_h = area.height.saturating_sub(2);
        let (cols, rows) = match self.view {
            GridView::Tiles => {
                let size = self.size_for(inner_w, inner_h);
                let cols = (inner_w / size.min_cells().0).max(1);
                let min_h = self.min_tile_height(size);
                let rows = (inner_h / min_h).max(1);
                // Text tiles keep their height (their lines are fixed); thumbnail tiles
                // share out the leftover rows, so the pane has no blank band.
                let h = if self.images {
                    // …but never taller than the pane (a huge tile in a short pane).
                    (inner_h / rows)
                        .max(min_h)
                        .min(inner_h.max(TILE_TEXT_ROWS + 1))
                } else {
                    min_h
                };
                self.tile_h.set(h);
                (cols as usize, rows as usize)
            }
            GridView::List => (1, inner_h.saturating_sub(1).max(1) as usize),
        };
        self.layout.set((cols, rows));
    }

    /// The asset drawn at terminal cell (`x`, `y`) of the pane `area`, as last drawn.
    pub(crate) fn index_at(&self, area: Rect, x: u16, y: u16) -> Option<usize> {
        let inner = Rect::new(
            area.x + 1,
            area.y + 1,
            area.width.saturating_sub(2),
            area.height.saturating_sub(2),
        );
        if !inner.contains(ratatui::layout::Position::new(x, y)) {
            return None;
        }
        let (cols, _) = self.metrics();
        let (dx, dy) = ((x - inner.x) as usize, (y - inner.y) as usize);
        let idx = match self.view {
            GridView::Tiles => {
                let tile_w = (inner.width as usize / cols).max(1);
                let col = dx / tile_w;
                if col >= cols {
                    return None;
                }
                (self.top_row.get() + dy / self.tile_height() as usize) * cols + col
            }
            GridView::List => self.top_row.get() + dy.checked_sub(1)?,
        };
        (idx < self.len()).then_some(idx)
    }

    /// One action on the grid. What needs the search or other panes (open, back, mark
    /// all, rate, sort, bulk edit, preview) is not the grid's: it returns `NotConsumed`.
    /// `Ask` carries a message for the status line.
    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<String> {
        match action {
            Action::Up => self.move_by(0, -1),
            Action::Down => self.move_by(0, 1),
            Action::Left => self.move_by(-1, 0),
            Action::Right => self.move_by(1, 0),
            Action::PageUp => self.page(-1),
            Action::PageDown => self.page(1),
            Action::Home => self.home(),
            Action::End => self.end(),
            Action::ToggleMark => {
                self.toggle_mark();
                self.move_by(1, 0);
            }
            Action::MarkRange => self.mark_range(),
            Action::ClearMarks => self.clear_marks(),
            Action::ToggleView => {
                self.view = match self.view {
                    GridView::Tiles => GridView::List,
                    GridView::List => GridView::Tiles,
                }
            }
            Action::TileBigger | Action::TileSmaller => {
                let was = self.tile_size;
                let now = if action == Action::TileBigger {
                    was.bigger()
                } else {
                    was.smaller()
                };
                if now == was {
                    return Outcome::Ask(format!("Tiles are already {}", now.name()));
                }
                self.tile_size = now;
                self.tile_size_changed = true;
                self.view = GridView::Tiles;
                return Outcome::Ask(format!("Tiles: {}", now.name()));
            }
            _ => return Outcome::NotConsumed,
        }
        Outcome::Consumed
    }

    pub(crate) fn move_by(&mut self, dx: isize, dy: isize) {
        if self.is_empty() {
            return;
        }
        let (cols, _) = self.metrics();
        let last = self.len() as isize - 1;
        let mut c = self.cursor as isize;
        if dx != 0 {
            c += dx;
        }
        if dy != 0 {
            let moved = c + dy * cols as isize;
            c = if moved > last && dy > 0 {
                // Moving down from a short last row lands on the last asset.
                if c / cols as isize == last / cols as isize {
                    c
                } else {
                    last
                }
            } else {
                moved
            };
        }
        self.cursor = c.clamp(0, last) as usize;
    }

    pub fn page(&mut self, pages: isize) {
        let (cols, rows) = self.metrics();
        self.move_by(0, pages * rows as isize);
        let _ = cols;
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len().saturating_sub(1);
    }

    /// Put the cursor on position `idx` (clamped to the results).
    pub(crate) fn go_to(&mut self, idx: usize) {
        self.cursor = idx.min(self.len().saturating_sub(1));
    }

    /// The marked assets, or the selected one when none is marked.
    pub(crate) fn marked_or_selected(&self) -> Vec<i64> {
        match self.marks.is_empty() {
            true => self.selected().map(|a| vec![a.id]).unwrap_or_default(),
            false => self.marks.iter().copied().collect(),
        }
    }

    pub fn toggle_mark(&mut self) {
        if let Some(a) = self.results.get(self.cursor) {
            if !self.marks.remove(&a.id) {
                self.marks.insert(a.id);
            }
            self.anchor = Some(self.cursor);
        }
    }

    /// Mark everything between the anchor (last toggled) and the cursor.
    pub(crate) fn mark_range(&mut self) {
        let from = self.anchor.unwrap_or(self.cursor);
        let (a, b) = (from.min(self.cursor), from.max(self.cursor));
        let ids: Vec<i64> = (a..=b)
            .filter_map(|i| self.results.get(i).map(|asset| asset.id))
            .collect();
        self.marks.extend(ids);
        self.anchor = Some(self.cursor);
    }

    pub(crate) fn mark_loaded(&mut self) {
        let ids: Vec<i64> = self.results.loaded().map(|(_, a)| a.id).collect();
        self.marks.extend(ids);
    }

    pub fn clear_marks(&mut self) {
        self.marks.clear();
        self.anchor = None;
    }

    /// Replace an asset with the server's newer copy.
    pub fn replace(&mut self, updated: Asset) {
        if let Some(slot) = self.results.find_mut(updated.id) {
            *slot = updated;
        }
    }

    /// `137 of 4,210`.
    pub(crate) fn count_label(&self) -> String {
        let pos = if self.is_empty() { 0 } else { self.cursor + 1 };
        match self.total() {
            Some(t) => format!("{} of {}", thousands(pos as u64), thousands(t)),
            None if self.loading => "loading…".into(),
            None => format!("{} of {}+", thousands(pos as u64), self.len()),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn only_a_forward_move_of_less_than_a_screen_scrolls_the_rows() {
        let mut g = grid(60, 3);
        let area = Rect::new(10, 2, 80, 30);
        g.set_layout_for(area);
        let (cols, rows) = g.metrics();
        g.drawn.set(Some(TilesDrawn {
            area,
            inner: Rect::new(11, 3, 78, 28),
            top: 0,
            cols,
            rows,
            tile_h: g.tile_height(),
        }));
        assert_eq!(g.row_scroll(area), None, "the cursor is on screen");
        g.cursor = rows * cols;
        let s = g.row_scroll(area).expect("one row down");
        assert_eq!(s.top, 3);
        assert_eq!(s.lines, g.tile_height() as i32);
        assert_eq!(g.row_scroll(Rect::new(10, 2, 81, 30)), None, "another area");
        g.cursor = (2 * rows + 1) * cols;
        assert_eq!(g.row_scroll(area), None, "more than a screen");
        g.drawn.set(Some(TilesDrawn {
            top: 3,
            ..g.drawn.get().unwrap()
        }));
        g.cursor = 0;
        assert_eq!(g.row_scroll(area), None, "backwards: drawn again");
    }

    #[test]
    fn a_small_pane_shows_at_least_four_tiles_unless_large_was_asked() {
        let mut g = GridPane {
            images: true,
            ..Default::default()
        };
        // The grid pane of an 80×24 terminal.
        let area = Rect::new(0, 0, 48, 22);
        g.set_layout_for(area);
        let (c, r) = g.metrics();
        assert!(c >= 2 && r >= 2, "medium at 80×24: {c}×{r}");
        g.tile_size = TileSize::Large;
        g.set_layout_for(area);
        assert_eq!(g.metrics(), (1, 1), "large is large");
        g.tile_size = TileSize::Medium;
        g.set_layout_for(Rect::new(0, 0, 160, 50));
        let (c, _) = g.metrics();
        assert_eq!(c, 158 / 24, "a big pane keeps medium tiles");
    }

    #[test]
    fn tile_sizes_step_and_parse() {
        assert_eq!(TileSize::Medium.bigger(), TileSize::Large);
        assert_eq!(TileSize::Huge.bigger(), TileSize::Huge);
        assert_eq!(TileSize::Dense.smaller(), TileSize::Dense);
        assert_eq!(TileSize::parse(" Dense "), Some(TileSize::Dense));
        assert_eq!(TileSize::parse("giant"), None);
    }

    #[test]
    fn thumbnail_tiles_fill_the_pane_height() {
        let mut g = GridPane {
            images: true,
            ..Default::default()
        };
        for size in TileSize::ALL {
            g.tile_size = size;
            for h in [20u16, 37, 51, 60] {
                let area = Rect::new(0, 0, 120, h);
                g.set_layout_for(area);
                let (_, rows) = g.metrics();
                let used = rows as u16 * g.tile_height();
                let inner = h - 2;
                assert!(used <= inner, "{size:?} {h}: {used} > {inner}");
                assert!(
                    inner - used < rows as u16,
                    "{size:?} {h}: {} rows blank",
                    inner - used
                );
            }
        }
        g.tile_size = TileSize::Dense;
        g.set_layout_for(Rect::new(0, 0, 112, 51));
        let (c, r) = g.metrics();
        assert!(c * r >= 48, "dense: {c}×{r}");
    }
    use super::*;

    fn grid(n: usize, cols: usize) -> GridPane {
        let assets = (0..n)
            .map(|i| Asset {
                id: i as i64 + 1,
                ..Default::default()
            })
            .collect();
        let g = GridPane {
            results: Results::from_assets(assets, None),
            ..Default::default()
        };
        g.layout.set((cols, 3));
        g
    }

    #[test]
    fn cursor_moves_in_two_dimensions() {
        let mut g = grid(10, 4);
        g.move_by(1, 0);
        assert_eq!(g.cursor, 1);
        g.move_by(0, 1);
        assert_eq!(g.cursor, 5);
        g.move_by(0, 1);
        assert_eq!(g.cursor, 9, "short last row: lands on the last asset");
        g.move_by(0, 1);
        assert_eq!(g.cursor, 9);
        g.move_by(0, -5);
        assert_eq!(g.cursor, 0);
        g.end();
        assert_eq!(g.cursor, 9);
    }

    #[test]
    fn range_marks_and_clear() {
        let mut g = grid(10, 4);
        g.cursor = 2;
        g.toggle_mark();
        g.cursor = 6;
        g.mark_range();
        assert_eq!(
            g.marks.iter().copied().collect::<Vec<_>>(),
            vec![3, 4, 5, 6, 7]
        );
        g.toggle_mark();
        assert!(!g.marks.contains(&7));
        g.clear_marks();
        assert!(g.marks.is_empty());
    }

    #[test]
    fn the_wanted_range_reaches_a_screen_behind_and_two_ahead() {
        let mut g = grid(48, 4);
        g.cursor = 0;
        assert_eq!(g.wanted_range(), 0..24);
        g.cursor = 30;
        assert_eq!(g.wanted_range(), 18..54);
    }

    #[test]
    fn the_cursor_reaches_positions_not_loaded_yet() {
        let mut g = GridPane::default();
        g.layout.set((4, 3));
        g.reset(10);
        g.results.ask(1);
        let first = (0..10)
            .map(|i| Asset {
                id: i + 1,
                ..Default::default()
            })
            .collect();
        g.results.accept(1, first, Some(4210));
        g.end();
        assert_eq!(g.cursor, 4209);
        assert!(g.selected().is_none(), "its page is not loaded");
        assert_eq!(g.count_label(), "4,210 of 4,210");
        g.cursor = 3;
        assert_eq!(g.count_label(), "4 of 4,210");
    }

    #[test]
    fn marking_moves_on_and_the_rest_goes_to_the_router() {
        let assets: Vec<Asset> = (1..=3)
            .map(|id| Asset {
                id,
                ..Default::default()
            })
            .collect();
        let mut g = GridPane {
            results: Results::from_assets(assets, Some(3)),
            ..Default::default()
        };
        g.set_layout_for(Rect::new(0, 0, 120, 40));
        assert_eq!(g.handle_action(Action::ToggleMark), Outcome::Consumed);
        assert_eq!((g.cursor, g.marks.len()), (1, 1));
        assert_eq!(g.handle_action(Action::End), Outcome::Consumed);
        assert_eq!(g.cursor, 2);
        g.tile_size = TileSize::Huge;
        assert_eq!(
            g.handle_action(Action::TileBigger),
            Outcome::Ask("Tiles are already huge".into())
        );
        assert_eq!(g.handle_action(Action::Open), Outcome::NotConsumed);
        assert_eq!(g.handle_action(Action::Back), Outcome::NotConsumed);
    }
}
