//! The asset grid: tiles (or a list) laid out to the pane, 2-D cursor, marks, paging.

use std::cell::Cell;
use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::format::{dimensions, safe, stars, thousands, truncate, truncate_middle};
use super::theme;
use crate::api::models::Asset;
use crate::app::results::Results;

/// A text tile: border, title, type, rating, tags, border.
pub const TILE_HEIGHT: u16 = 6;
/// Rows of a thumbnail tile that are not image: border, title, type, rating, border.
const TILE_TEXT_ROWS: u16 = 5;

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

    pub fn bigger(self) -> TileSize {
        let i = TileSize::ALL.iter().position(|t| *t == self).unwrap_or(2);
        TileSize::ALL[(i + 1).min(TileSize::ALL.len() - 1)]
    }

    pub fn smaller(self) -> TileSize {
        let i = TileSize::ALL.iter().position(|t| *t == self).unwrap_or(2);
        TileSize::ALL[i.saturating_sub(1)]
    }
}

/// What to draw in a tile's image area.
pub enum TileImage<'a> {
    /// Images are off: a text tile.
    Off,
    Ready(&'a ratatui_image::protocol::Protocol),
    Loading,
    Failed,
    /// The server has no preview for this asset (yet).
    NoPreview,
    /// A popup covers the grid and the protocol would re-send the image: placeholder.
    Hidden,
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
    pub error: Option<String>,
    /// Tiles have an image area.
    pub images: bool,
    pub tile_size: TileSize,
    /// The user changed the tile size: to be saved in config.toml.
    pub tile_size_changed: bool,
    /// Columns and rows of tiles at the last draw (navigation uses them).
    layout: Cell<(usize, usize)>,
    top_row: Cell<usize>,
    /// Assets drawn at the last draw: `first..end`.
    visible: Cell<(usize, usize)>,
    /// Size in cells of a tile's image area at the last draw.
    image_cells: Cell<(u16, u16)>,
    tile_h: Cell<u16>,
}

impl GridPane {
    /// Forget the results: a new search is starting.
    pub fn reset(&mut self, per_page: u32) {
        self.results = Results::new(per_page);
        self.cursor = 0;
        self.anchor = None;
        self.loading = true;
        self.error = None;
        self.top_row.set(0);
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
    pub fn wanted_range(&self) -> std::ops::Range<usize> {
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
    fn tile_height(&self) -> u16 {
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

    pub fn set_layout_for(&self, area: Rect) {
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
    pub fn index_at(&self, area: Rect, x: u16, y: u16) -> Option<usize> {
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

    pub fn move_by(&mut self, dx: isize, dy: isize) {
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
    pub fn go_to(&mut self, idx: usize) {
        self.cursor = idx.min(self.len().saturating_sub(1));
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
    pub fn mark_range(&mut self) {
        let from = self.anchor.unwrap_or(self.cursor);
        let (a, b) = (from.min(self.cursor), from.max(self.cursor));
        let ids: Vec<i64> = (a..=b)
            .filter_map(|i| self.results.get(i).map(|asset| asset.id))
            .collect();
        self.marks.extend(ids);
        self.anchor = Some(self.cursor);
    }

    pub fn mark_loaded(&mut self) {
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
    pub fn count_label(&self) -> String {
        let pos = if self.is_empty() { 0 } else { self.cursor + 1 };
        match self.total() {
            Some(t) => format!("{} of {}", thousands(pos as u64), thousands(t)),
            None if self.loading => "loading…".into(),
            None => format!("{} of {}+", thousands(pos as u64), self.len()),
        }
    }

    pub fn draw<'a>(
        &self,
        frame: &mut Frame,
        area: Rect,
        focused: bool,
        title: &str,
        image_for: &dyn Fn(&Asset, (u16, u16)) -> TileImage<'a>,
    ) {
        self.set_layout_for(area);
        self.visible.set((0, 0));
        let block = theme::pane_block(title, focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        if self.is_empty() {
            let text = if let Some(e) = &self.error {
                Line::styled(format!("✗ {}", safe(e)), theme::error())
            } else if self.loading {
                Line::styled("Loading assets…", theme::dim())
            } else {
                Line::styled("No assets here.", theme::dim())
            };
            frame.render_widget(Paragraph::new(text), inner);
            return;
        }
        match self.view {
            GridView::Tiles => self.draw_tiles(frame, inner, focused, image_for),
            GridView::List => self.draw_list(frame, inner, focused),
        }
    }

    fn visible_rows(&self, rows: usize, cols: usize) -> usize {
        let cursor_row = self.cursor / cols;
        let top = super::tree::scroll_for(
            cursor_row,
            self.top_row.get(),
            rows,
            self.len().div_ceil(cols),
        );
        self.top_row.set(top);
        top
    }

    fn draw_tiles<'a>(
        &self,
        frame: &mut Frame,
        inner: Rect,
        focused: bool,
        image_for: &dyn Fn(&Asset, (u16, u16)) -> TileImage<'a>,
    ) {
        let (cols, rows) = self.metrics();
        let tile_w = (inner.width / cols as u16).max(1);
        let tile_h = self.tile_height();
        let top = self.visible_rows(rows, cols);
        let first = top * cols;
        self.visible
            .set((first, (first + rows * cols).min(self.len())));
        self.image_cells.set((
            tile_w.saturating_sub(2),
            tile_h.saturating_sub(TILE_TEXT_ROWS).max(1),
        ));
        for r in 0..rows {
            for c in 0..cols {
                let idx = (top + r) * cols + c;
                if idx >= self.len() {
                    return;
                }
                let y = inner.y + (r as u16) * tile_h;
                let x = inner.x + (c as u16) * tile_w;
                let h = tile_h.min(inner.bottom().saturating_sub(y));
                let w = tile_w.min(inner.right().saturating_sub(x));
                if h == 0 || w == 0 {
                    continue;
                }
                let Some(asset) = self.results.get(idx) else {
                    self.draw_unloaded_tile(frame, Rect::new(x, y, w, h), idx, focused);
                    continue;
                };
                let image = if self.images {
                    image_for(asset, self.image_cells.get())
                } else {
                    TileImage::Off
                };
                self.draw_tile(frame, Rect::new(x, y, w, h), asset, idx, focused, image);
            }
        }
    }

    /// A position whose page is on its way.
    fn draw_unloaded_tile(&self, frame: &mut Frame, area: Rect, idx: usize, focused: bool) {
        let is_cursor = idx == self.cursor;
        let block = if is_cursor {
            Block::bordered()
                .border_type(BorderType::Thick)
                .border_style(if focused {
                    theme::accent()
                } else {
                    Style::default()
                })
        } else {
            Block::bordered().border_style(theme::dim())
        };
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let text = format!("#{} loading…", thousands(idx as u64 + 1));
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate(&text, inner.width as usize),
                theme::dim(),
            )),
            inner,
        );
    }

    fn draw_tile(
        &self,
        frame: &mut Frame,
        area: Rect,
        asset: &Asset,
        idx: usize,
        focused: bool,
        image: TileImage<'_>,
    ) {
        let is_cursor = idx == self.cursor;
        let is_marked = self.marks.contains(&asset.id);
        let mut block = Block::bordered();
        if is_cursor {
            block = block
                .border_type(BorderType::Thick)
                .border_style(if focused {
                    theme::accent()
                } else {
                    Style::default()
                });
        } else {
            block = block.border_style(theme::dim());
        }
        if is_marked {
            block = block.title(Span::styled("✓", theme::marked()));
        }
        let mut inner = block.inner(area);
        frame.render_widget(block, area);
        if !matches!(image, TileImage::Off) {
            let img_h = self.image_cells.get().1.min(inner.height);
            let img_area = Rect::new(inner.x, inner.y, inner.width, img_h);
            draw_tile_image(frame, img_area, asset, image);
            inner.y += img_h;
            inner.height -= img_h;
        }
        let w = inner.width as usize;
        let kind = asset_kind(asset);
        let dims = dimensions(asset.width, asset.height);
        let meta = [kind.as_str(), dims.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let title_style = if is_cursor && focused {
            theme::cursor(true)
        } else {
            Style::default()
        };
        let mut lines = vec![
            Line::styled(truncate_middle(&safe(&asset.label()), w), title_style),
            Line::styled(truncate(&meta, w), theme::dim()),
            star_line(asset.rating),
        ];
        if !self.images {
            lines.push(Line::styled(
                truncate(&safe(&asset.tag_names().join(", ")), w),
                theme::dim(),
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn draw_list(&self, frame: &mut Frame, inner: Rect, focused: bool) {
        let (_, rows) = self.metrics();
        let top = self.visible_rows(rows, 1);
        self.visible.set((top, (top + rows).min(self.len())));
        self.image_cells.set((0, 0));
        let w = inner.width as usize;
        let columns = list_columns(w);
        let name_w = list_name_width(w, &columns);
        let mut header = format!("  {}", fit("Title / filename", name_w));
        for c in &columns {
            header.push(' ');
            header.push_str(&fit(c.title(), c.width()));
        }
        let mut lines = vec![Line::styled(truncate(&header, w), theme::dim())];
        for i in top..(top + rows).min(self.len()) {
            let Some(asset) = self.results.get(i) else {
                let text = format!("  #{} loading…", thousands(i as u64 + 1));
                let style = if i == self.cursor {
                    theme::cursor(focused)
                } else {
                    theme::dim()
                };
                lines.push(Line::styled(truncate(&text, w), style));
                continue;
            };
            let mark = if self.marks.contains(&asset.id) {
                "✓ "
            } else {
                "  "
            };
            let mut text = format!("{mark}{}", fit(&safe(&asset.label()), name_w));
            for c in &columns {
                text.push(' ');
                text.push_str(&fit(&c.value(asset), c.width()));
            }
            let mut line = Line::from(truncate(&text, w));
            if i == self.cursor {
                line = line.style(theme::cursor(focused));
            } else if self.marks.contains(&asset.id) {
                line = line.style(theme::marked());
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// The columns of the list view after the title, in the order they are dropped last
/// to first when the pane is narrow (the title keeps at least [`LIST_MIN_NAME`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListColumn {
    Rating,
    Type,
    Captured,
    Size,
}

const LIST_MIN_NAME: usize = 20;

impl ListColumn {
    const ALL: [ListColumn; 4] = [
        ListColumn::Rating,
        ListColumn::Type,
        ListColumn::Captured,
        ListColumn::Size,
    ];

    fn title(self) -> &'static str {
        match self {
            ListColumn::Rating => "Rating",
            ListColumn::Type => "Type",
            ListColumn::Captured => "Captured",
            ListColumn::Size => "Size",
        }
    }

    fn width(self) -> usize {
        match self {
            ListColumn::Rating => 6,
            ListColumn::Type => 6,
            ListColumn::Captured => 10,
            ListColumn::Size => 11,
        }
    }

    fn value(self, a: &Asset) -> String {
        match self {
            ListColumn::Rating => stars(a.rating),
            ListColumn::Type => asset_kind(a),
            ListColumn::Captured => super::format::date(a.captured_at.as_deref()),
            ListColumn::Size => dimensions(a.width, a.height),
        }
    }
}

/// The columns that fit beside a title of at least [`LIST_MIN_NAME`] cells.
fn list_columns(width: usize) -> Vec<ListColumn> {
    let mut cols = ListColumn::ALL.to_vec();
    while !cols.is_empty() && list_name_width(width, &cols) < LIST_MIN_NAME {
        cols.pop();
    }
    cols
}

fn list_name_width(width: usize, cols: &[ListColumn]) -> usize {
    let used: usize = 2 + cols.iter().map(|c| c.width() + 1).sum::<usize>();
    width.saturating_sub(used).max(1)
}

/// `s` cut or padded to exactly `width` cells.
fn fit(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(t.as_str()));
    format!("{t}{}", " ".repeat(pad))
}

/// The image area of a tile: the picture centred, or a readable state.
pub fn draw_tile_image(frame: &mut Frame, area: Rect, asset: &Asset, image: TileImage<'_>) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let placeholder = |text: String, style: Style| {
        let line = Line::styled(truncate(&text, area.width as usize), style).centered();
        Paragraph::new(line)
    };
    let mid = Rect::new(area.x, area.y + area.height / 2, area.width, 1);
    match image {
        TileImage::Ready(protocol) => {
            let size = protocol.size();
            let w = size.width.min(area.width);
            let h = size.height.min(area.height);
            let r = Rect::new(
                area.x + (area.width - w) / 2,
                area.y + (area.height - h) / 2,
                w,
                h,
            );
            frame.render_widget(ratatui_image::Image::new(protocol), r);
        }
        TileImage::Loading => {
            frame.render_widget(placeholder("⟳ loading".into(), theme::dim()), mid)
        }
        TileImage::Failed => {
            frame.render_widget(placeholder("✗ image failed".into(), theme::error()), mid)
        }
        TileImage::NoPreview => {
            let icon = match asset.asset_type.as_deref() {
                Some("Video") => "▶",
                Some("Audio") => "♪",
                Some("Document") | Some("Text") => "≡",
                _ => "▢",
            };
            frame.render_widget(
                placeholder(
                    format!("{icon} {} · no preview", asset_kind(asset)),
                    theme::dim(),
                ),
                mid,
            )
        }
        TileImage::Hidden => frame.render_widget(placeholder("▢".into(), theme::dim()), mid),
        TileImage::Off => {}
    }
}

/// Filled stars in the rating colour, empty ones plain so they stay visible.
pub fn star_line(rating: Option<i64>) -> Line<'static> {
    let s = stars(rating);
    let filled = rating.unwrap_or(0).clamp(0, 5) as usize;
    let split = s.char_indices().nth(filled).map_or(s.len(), |(i, _)| i);
    Line::from(vec![
        Span::styled(s[..split].to_string(), theme::stars()),
        Span::raw(s[split..].to_string()),
    ])
}

/// `JPG`, `Video MP4` and so on.
pub fn asset_kind(asset: &Asset) -> String {
    let ext = asset
        .ext
        .as_deref()
        .map(|e| safe(e).to_uppercase())
        .unwrap_or_default();
    match asset.asset_type.as_deref() {
        Some("Image") | None => ext,
        Some(t) if ext.is_empty() => safe(t),
        Some(t) => format!("{} {}", safe(t), ext),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn list_columns_give_way_to_the_title_and_line_up() {
        assert_eq!(list_columns(120).len(), 4);
        let narrow = list_columns(46);
        assert!(list_name_width(46, &narrow) >= LIST_MIN_NAME, "{narrow:?}");
        assert_eq!(
            narrow.first(),
            Some(&ListColumn::Rating),
            "rating stays longest"
        );
        assert!(list_columns(10).is_empty());
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(fit("★★★☆☆", 6).as_str()),
            6
        );
        assert_eq!(fit("Document PDF", 6).chars().count(), 6);
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
}
