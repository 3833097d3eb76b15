//! Where things are on screen: the panes for a terminal size and focus, the filter
//! chips, the facet rows, scrolling. Drawing (`ui/`) and mouse hit-testing both use it.

use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

use super::state::{App, Focus};
use crate::search::query::Filter;
use crate::text::{safe, truncate};

/// Where each pane goes this frame; `None` when it is collapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tree: Option<Rect>,
    pub grid: Option<Rect>,
    pub details: Option<Rect>,
    pub status: Rect,
    pub hints: Rect,
}

/// Wide terminals show three panes; ≤ 100 columns two (the focused one and its
/// neighbour); ≤ 60 only the focused one.
pub fn areas(area: Rect, focus: Focus) -> Areas {
    let [body, status, hints] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (tree, grid, details) = if area.width > 100 {
        let tree_w = (area.width / 5).clamp(24, 36);
        let details_w = (area.width / 4).clamp(30, 48);
        let [t, g, d] = Layout::horizontal([
            Constraint::Length(tree_w),
            Constraint::Min(10),
            Constraint::Length(details_w),
        ])
        .areas(body);
        (Some(t), Some(g), Some(d))
    } else if area.width > 60 {
        let side = (area.width * 2 / 5).max(20);
        match focus {
            Focus::Tree => {
                let [t, g] =
                    Layout::horizontal([Constraint::Length(side), Constraint::Min(10)]).areas(body);
                (Some(t), Some(g), None)
            }
            Focus::Grid | Focus::Details | Focus::Jobs | Focus::Facets | Focus::Transfers => {
                let [g, d] =
                    Layout::horizontal([Constraint::Min(10), Constraint::Length(side)]).areas(body);
                (None, Some(g), Some(d))
            }
        }
    } else {
        match focus {
            Focus::Tree => (Some(body), None, None),
            Focus::Grid => (None, Some(body), None),
            Focus::Details | Focus::Jobs | Focus::Facets | Focus::Transfers => {
                (None, None, Some(body))
            }
        }
    };
    Areas {
        tree,
        grid,
        details,
        status,
        hints,
    }
}

/// The grid's area split into the chip row (when filters are on and there is room)
/// and the grid itself. Drawing and mouse hit-testing both use this.
pub(crate) fn split_chips(app: &App, r: Rect) -> (Option<Rect>, Rect) {
    if !app.browse.filters.has_filters() || r.height < 8 {
        return (None, r);
    }
    (
        Some(Rect::new(r.x, r.y, r.width, 1)),
        Rect::new(r.x, r.y + 1, r.width, r.height - 1),
    )
}

/// One chip as placed on the row: its columns and the filter it removes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedChip {
    pub x: u16,
    pub width: u16,
    pub text: String,
    pub filter: Filter,
}

/// Chips left to right; those that do not fit are counted in the second value.
pub(crate) fn place_chips(filters: &[Filter], area: Rect) -> (Vec<PlacedChip>, usize) {
    let mut x = area.x;
    let end = area.x + area.width;
    let mut placed = Vec::new();
    for (i, f) in filters.iter().enumerate() {
        let text = format!(" {} ✕ ", truncate(&safe(&f.token()), 40));
        let width = text.width() as u16;
        // Leave room for "+N" when more chips follow.
        let reserve = if i + 1 < filters.len() { 5 } else { 0 };
        if x + width + reserve > end {
            return (placed, filters.len() - i);
        }
        placed.push(PlacedChip {
            x,
            width,
            text,
            filter: f.clone(),
        });
        x += width + 1;
    }
    (placed, 0)
}

/// The row index under screen row `y` of the panel drawn in `r`.
pub(crate) fn row_at(app: &App, r: Rect, y: u16) -> Option<usize> {
    let top = r.y + 1;
    if y < top || y >= r.y + r.height.saturating_sub(1) {
        return None;
    }
    let i = app.browse.facet_panel.offset.get() + (y - top) as usize;
    (i < app.facet_rows().len()).then_some(i)
}

/// Keep `cursor` on screen with the least scrolling.
pub(crate) fn scroll_for(cursor: usize, prev: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return 0;
    }
    let mut s = prev.min(len.saturating_sub(1));
    if cursor < s {
        s = cursor;
    } else if cursor >= s + height {
        s = cursor + 1 - height;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chips_that_do_not_fit_are_counted() {
        let filters: Vec<Filter> = (0..10).map(|i| Filter::Tag(format!("tag{i}"))).collect();
        let (placed, hidden) = place_chips(&filters, Rect::new(2, 0, 50, 1));
        assert_eq!(placed[0].x, 2);
        assert_eq!(placed[0].text, " tag:tag0 ✕ ");
        assert_eq!(placed.len() + hidden, 10);
        assert!(hidden > 0);
        let last = placed.last().unwrap();
        assert!(last.x + last.width + 5 <= 52);
        let (all, none) = place_chips(&filters[..2], Rect::new(0, 0, 80, 1));
        assert_eq!((all.len(), none), (2, 0));
        assert_eq!(all[1].x, all[0].width + 1);
    }

    #[test]
    fn scroll_keeps_cursor_visible() {
        assert_eq!(scroll_for(0, 0, 5, 10), 0);
        assert_eq!(scroll_for(7, 0, 5, 10), 3);
        assert_eq!(scroll_for(2, 3, 5, 10), 2);
        assert_eq!(scroll_for(3, 0, 0, 10), 0);
    }
}
