//! Drawing the asset grid: tiles with thumbnails (or text), or a list with columns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::api::models::Asset;
use crate::panes::grid::{GridPane, GridView, TILE_TEXT_ROWS};
use crate::text::{dimensions, safe, stars, thousands, truncate, truncate_middle};
use crate::theme;

/// What to draw in a tile's image area.
pub enum TileImage<'a> {
    /// Images are off: a text tile.
    Off,
    Ready(&'a crate::thumbs::Picture),
    Loading,
    Failed,
    /// The server has no preview for this asset (yet).
    NoPreview,
    /// A popup covers the grid and the protocol would re-send the image: placeholder.
    Hidden,
}

impl GridPane {
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
        self.drawn.set(None);
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
            GridView::Tiles => {
                self.draw_tiles(frame, inner, focused, image_for);
                if let Some(d) = self.drawn.get() {
                    self.drawn
                        .set(Some(crate::panes::grid::TilesDrawn { area, ..d }));
                }
            }
            GridView::List => self.draw_list(frame, inner, focused),
        }
    }

    fn visible_rows(&self, rows: usize, cols: usize) -> usize {
        let cursor_row = self.cursor / cols;
        let top = crate::app::layout::scroll_for(
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
        self.drawn.set(Some(crate::panes::grid::TilesDrawn {
            // The pane's own area is filled in by `draw`.
            area: inner,
            inner,
            top,
            cols,
            rows,
            tile_h,
        }));
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
        let block = tile_block(idx == self.cursor, focused);
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
        let mut block = tile_block(is_cursor, focused);
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
        let third = match super::details::trashed_words(asset) {
            Some(words) => Line::styled(truncate(&format!("trashed {words}"), w), theme::warn()),
            None => star_line(asset.rating),
        };
        let mut lines = vec![
            Line::styled(truncate_middle(&safe(&asset.label()), w), title_style),
            Line::styled(truncate(&meta, w), theme::dim()),
            third,
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

/// A tile's border: thick (and coloured when the grid has focus) under the cursor.
fn tile_block(is_cursor: bool, focused: bool) -> Block<'static> {
    if !is_cursor {
        return Block::bordered().border_style(theme::dim());
    }
    Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(if focused {
            theme::accent()
        } else {
            Style::default()
        })
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
            ListColumn::Captured => crate::text::date(a.captured_at.as_deref()),
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
pub(crate) fn draw_tile_image(frame: &mut Frame, area: Rect, asset: &Asset, image: TileImage<'_>) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let placeholder = |text: String, style: Style| {
        let line = Line::styled(truncate(&text, area.width as usize), style).centered();
        Paragraph::new(line)
    };
    let mid = Rect::new(area.x, area.y + area.height / 2, area.width, 1);
    match image {
        TileImage::Ready(picture) => {
            let size = picture.size();
            let w = size.width.min(area.width);
            let h = size.height.min(area.height);
            let r = Rect::new(
                area.x + (area.width - w) / 2,
                area.y + (area.height - h) / 2,
                w,
                h,
            );
            picture.render(r, frame.buffer_mut());
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
pub(crate) fn star_line(rating: Option<i64>) -> Line<'static> {
    let s = stars(rating);
    let filled = rating.unwrap_or(0).clamp(0, 5) as usize;
    let split = s.char_indices().nth(filled).map_or(s.len(), |(i, _)| i);
    Line::from(vec![
        Span::styled(s[..split].to_string(), theme::stars()),
        Span::raw(s[split..].to_string()),
    ])
}

/// `JPG`, `Video MP4` and so on.
pub(crate) fn asset_kind(asset: &Asset) -> String {
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
    use super::*;

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
}
