//! The sort menu overlay (`s`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::api::models::sort_choices;
use crate::app::state::App;
use crate::theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cursor: usize) {
    let current = app.browse.query.sort.unwrap_or_default();
    let mut lines = vec![Line::styled("Enter sort · Esc close", theme::dim())];
    for (i, (field, order)) in sort_choices(&app.browse.query.scope)
        .into_iter()
        .enumerate()
    {
        let on = (field, order) == current;
        let mut line = Line::from(vec![
            Span::raw(if on { "✓ " } else { "  " }),
            Span::styled(format!("{:<14}", field.label()), theme::key()),
            Span::raw(field.direction_label(order)),
        ]);
        if i == cursor {
            line = line.style(theme::cursor(true));
        }
        lines.push(line);
    }
    let h = (lines.len() as u16).saturating_add(2).min(area.height);
    let w = area.width.min(36);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w,
        h,
    );
    super::draw_scrolling(frame, r, lines, 0, " Sort by ", true);
}
