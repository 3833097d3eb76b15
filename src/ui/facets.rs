//! The facet panel (right pane) and the row of filter chips above the grid.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::app::layout::place_chips;
use crate::app::state::{App, Focus};
use crate::search::facets::Row;
use crate::text::{safe, thousands, truncate};
use crate::theme;

const CLEAR_HINT: &str = " X clears all";

pub(crate) fn draw_chips(frame: &mut Frame, area: Rect, app: &App) {
    frame.render_widget(Clear, area);
    let filters = app.browse.filters.filters();
    let (placed, hidden) = place_chips(&filters, area);
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0u16;
    for c in &placed {
        spans.push(Span::styled(c.text.clone(), theme::chip()));
        spans.push(Span::raw(" "));
        used += c.width + 1;
    }
    if hidden > 0 {
        let more = format!("+{hidden}");
        used += more.width() as u16;
        spans.push(Span::styled(more, theme::dim()));
    }
    if used + CLEAR_HINT.width() as u16 <= area.width {
        spans.push(Span::styled(CLEAR_HINT, theme::dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn row_line(row: &Row, width: usize, selected: bool, focused: bool) -> Line<'static> {
    let style = if selected {
        theme::cursor(focused)
    } else {
        ratatui::style::Style::default()
    };
    match row {
        Row::Heading(h) => Line::styled(truncate(&safe(h), width), theme::accent()),
        Row::Active(f) => Line::from(vec![Span::styled(
            format!(
                " ✕ {}",
                truncate(&safe(&f.token()), width.saturating_sub(3))
            ),
            style.patch(theme::warn()),
        )]),
        Row::More { hidden, .. } => {
            let text = if *hidden == 0 {
                "   ▴ fewer".to_string()
            } else {
                format!("   ▾ {hidden} more")
            };
            Line::styled(text, style.patch(theme::dim()))
        }
        Row::Value {
            label, count, on, ..
        } => {
            let count = thousands((*count).max(0) as u64);
            let mark = if *on { " ✓ " } else { "   " };
            let room = width.saturating_sub(mark.width() + count.width() + 1);
            let label = truncate(&safe(label), room);
            let pad = room.saturating_sub(label.width());
            let text = format!("{mark}{label}{} {count}", " ".repeat(pad));
            Line::styled(text, if *on { style.patch(theme::ok()) } else { style })
        }
    }
}

/// The panel; returns nothing, remembers the first row shown for mouse clicks.
pub(crate) fn draw_panel(frame: &mut Frame, r: Rect, app: &App) {
    frame.render_widget(Clear, r);
    let focused = app.focus == Focus::Facets;
    let rows = app.facet_rows();
    let title = if app.browse.facets_stale {
        " Facets · updating… ".to_string()
    } else {
        match app.grid.total() {
            Some(n) => format!(
                " Facets · {} result{} ",
                thousands(n),
                if n == 1 { "" } else { "s" }
            ),
            None => " Facets ".to_string(),
        }
    };
    let mut block = theme::pane_block(&title, focused);
    let inner = block.inner(r);
    let h = inner.height as usize;
    let cursor = app
        .browse
        .facet_panel
        .cursor
        .min(rows.len().saturating_sub(1));
    // Keep the cursor in view, moving the window as little as possible.
    let mut offset = app
        .browse
        .facet_panel
        .offset
        .get()
        .min(rows.len().saturating_sub(h));
    if cursor < offset {
        offset = cursor.saturating_sub(1);
    } else if h > 0 && cursor >= offset + h {
        offset = cursor + 1 - h;
    }
    app.browse.facet_panel.offset.set(offset);
    if offset + h < rows.len() {
        block = block.title_bottom(Line::styled(" ↓ more ", theme::key()).right_aligned());
    }
    let lines: Vec<Line> = if rows.is_empty() {
        vec![Line::styled(
            if app.browse.facets_stale {
                "Loading facet counts…"
            } else {
                "No facets for this result"
            },
            theme::dim(),
        )]
    } else {
        rows.iter()
            .enumerate()
            .skip(offset)
            .take(h)
            .map(|(i, row)| row_line(row, inner.width as usize, i == cursor, focused))
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), r);
}
