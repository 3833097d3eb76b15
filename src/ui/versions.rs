//! Drawing an asset's versions: number, date, who, file name, size, dimensions, and
//! which one is current.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::App;
use crate::panes::versions::Versions;
use crate::text::{dimensions, file_size, safe, truncate};
use crate::theme;

pub(crate) fn draw(frame: &mut Frame, area: Rect, app: &App, view: &Versions) {
    if view.previewing {
        return draw_picture(frame, area, app, view);
    }
    let inner = super::open_box(frame, area, 96, 18, &format!(" Versions · {} ", view.name));
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    lines.extend(super::load_state_line(
        view.loading,
        view.error.as_deref(),
        width,
    ));
    let room = (inner.height as usize).saturating_sub(2).max(1);
    let first = view.cursor.saturating_sub(room - 1);
    for (i, v) in view.versions.iter().enumerate().skip(first).take(room) {
        let here = i == view.cursor;
        let when = v
            .created_at
            .as_deref()
            .map(|t| t.get(..16).unwrap_or(t).replace('T', " "))
            .unwrap_or_default();
        let who = v
            .user
            .as_ref()
            .and_then(|u| u.name.clone())
            .unwrap_or_default();
        let text = format!(
            "v{:<3} {:<16}  {:<24}  {:>9}  {:<11}  {}",
            v.number,
            safe(&when),
            truncate(&safe(v.filename.as_deref().unwrap_or("")), 24),
            file_size(v.file_size),
            dimensions(v.width, v.height),
            truncate(&safe(&who), 18),
        );
        lines.push(Line::from(vec![
            Span::styled(if here { "▸ " } else { "  " }, theme::key()),
            Span::styled(
                truncate(&text, width.saturating_sub(12)),
                if here {
                    theme::cursor(true)
                } else {
                    ratatui::style::Style::default()
                },
            ),
            Span::styled(if v.is_head { "  current" } else { "" }, theme::ok()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        if view.pending {
            "Making the version current…"
        } else {
            "p shows the version under the cursor; R makes it the current one (asked first)."
        },
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `p`: the version under the cursor, as large as the preview, with its number and file.
fn draw_picture(frame: &mut Frame, area: Rect, app: &App, view: &Versions) {
    let r = super::centred(area, area.width, area.height);
    frame.render_widget(ratatui::widgets::Clear, r);
    let Some(asset) = app.version_picture() else {
        return;
    };
    let Some(v) = view.versions.get(view.cursor) else {
        return;
    };
    let current = if v.is_head { " (current)" } else { "" };
    let title = format!(
        " v{}{current} · {} — ↑/↓ other versions · p/Esc the list ",
        v.number,
        truncate(
            &safe(v.filename.as_deref().unwrap_or_default()),
            r.width.saturating_sub(50) as usize
        )
    );
    let block = theme::pane_block(&title, true);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let image = super::tile_image(app, &asset, app.preview_cells(), false);
    super::grid::draw_tile_image(frame, inner, &asset, image);
}
