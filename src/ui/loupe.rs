//! The culling loupe over the whole screen: a title line with the position, the
//! picture, an info strip (Space) and the loupe's keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::api::models::Asset;
use crate::app::state::App;
use crate::keymap::Layer;
use crate::text::{date, dimensions, file_size, safe, stars, thousands, truncate};
use crate::theme;

pub(crate) fn draw(frame: &mut Frame, area: Rect, app: &App) {
    frame.render_widget(Clear, area);
    let loupe = &app.modals.loupe;
    let cells = app.loupe_cells();
    let picture = Rect::new(area.x, area.y + 1, cells.0.min(area.width), cells.1);
    let asset = app.grid.selected();
    frame.render_widget(Paragraph::new(title_line(app, asset)), line_at(area, 0));
    match asset {
        Some(a) => match super::tile_image(app, a, cells, false) {
            super::grid::TileImage::Off => frame.render_widget(
                Paragraph::new(
                    Line::styled(
                        format!(
                            "no picture: images are off ({})",
                            safe(&app.images.support.reason)
                        ),
                        theme::dim(),
                    )
                    .centered(),
                ),
                line_at(picture, picture.height / 2),
            ),
            image => super::grid::draw_tile_image(frame, picture, a, image),
        },
        None => frame.render_widget(
            Paragraph::new(Line::styled("⟳ loading", theme::dim()).centered()),
            line_at(picture, picture.height / 2),
        ),
    }
    if loupe.info
        && let Some(a) = asset
    {
        let top = picture.y + picture.height;
        for (i, line) in info_lines(app, a).into_iter().enumerate() {
            let r = Rect::new(area.x, top + i as u16, area.width, 1);
            if r.y < area.y + area.height.saturating_sub(1) {
                frame.render_widget(Paragraph::new(line), r);
            }
        }
    }
    let bottom = line_at(area, area.height.saturating_sub(1));
    match &app.screen.flash {
        // The loupe has no status bar: what happened shows where the keys are.
        Some(f) => {
            let style = if f.error { theme::error() } else { theme::ok() };
            let text = truncate(&safe(&f.text), area.width as usize);
            frame.render_widget(Paragraph::new(Line::styled(text, style)), bottom);
        }
        None => {
            let hints = app.input.keymap.hints(Layer::Loupe, app.session.read_only);
            super::draw_hints(frame, bottom, hints);
        }
    }
}

fn line_at(area: Rect, row: u16) -> Rect {
    Rect::new(
        area.x,
        area.y + row.min(area.height.saturating_sub(1)),
        area.width,
        1,
    )
}

/// ` Loupe · 37 / 412 · IMG_0412.jpg · ★★★☆☆ · auto-advance · 2 saving`.
fn title_line(app: &App, asset: Option<&Asset>) -> Line<'static> {
    let loupe = &app.modals.loupe;
    let total = app
        .grid
        .total()
        .map_or_else(|| format!("{}+", app.grid.len()), thousands);
    let mut spans = vec![
        Span::styled(" Loupe ", theme::accent()),
        Span::raw(format!(
            "· {} / {total} ",
            thousands(app.grid.cursor as u64 + 1)
        )),
    ];
    if let Some(what) = loupe.filter.label() {
        let (at, of, all) = app.loupe_filtered_position();
        let loaded = if all { "" } else { " loaded so far" };
        spans.push(Span::styled(
            format!("· only {what}: {at} of {of}{loaded} "),
            theme::warn(),
        ));
    }
    if let Some(a) = asset {
        let name = a.filename.clone().unwrap_or_else(|| a.label());
        spans.push(Span::raw(format!("· {} ", truncate(&safe(&name), 48))));
        spans.push(Span::styled(stars(a.rating), theme::warn()));
    }
    let advance = if loupe.auto_advance {
        "  · auto-advance"
    } else {
        "  · stays after a judgement"
    };
    spans.push(Span::styled(advance, theme::dim()));
    let (failed, unsaved) = (loupe.failed.len(), loupe.unsaved());
    if failed > 0 {
        spans.push(Span::styled(
            format!("  · {failed} not saved (R)"),
            theme::error(),
        ));
    } else if unsaved > 0 {
        spans.push(Span::styled(format!("  · {unsaved} saving"), theme::dim()));
    }
    if app.session.read_only {
        spans.push(Span::styled("  · read-only", theme::warn()));
    }
    Line::from(spans)
}

/// Title, file, capture date, size, rating and what became of its judgement.
fn info_lines(app: &App, a: &Asset) -> Vec<Line<'static>> {
    let loupe = &app.modals.loupe;
    let captured = date(a.captured_at.as_deref());
    let mut facts = vec![
        match captured.is_empty() {
            true => "capture date unknown".to_string(),
            false => format!("captured {captured}"),
        },
        dimensions(a.width, a.height),
        file_size(a.file_size),
    ];
    if let Some(ext) = &a.ext {
        facts.push(safe(&ext.to_uppercase()));
    }
    let tags: Vec<String> = a
        .tags
        .iter()
        .filter_map(|t| t.name.as_deref())
        .take(6)
        .map(safe)
        .collect();
    let state = match (loupe.failed.get(&a.id), loupe.rating_of(a.id)) {
        (Some(e), _) => Span::styled(
            format!("not saved: {} — R sends it again", safe(e)),
            theme::error(),
        ),
        (None, Some(_)) => Span::styled("saving…", theme::dim()),
        (None, None) => Span::raw(""),
    };
    vec![
        Line::from(vec![
            Span::styled(format!(" {}", safe(&a.label())), theme::accent()),
            Span::raw(format!(
                "  {}",
                safe(a.filename.as_deref().unwrap_or_default())
            )),
        ]),
        Line::styled(format!(" {}", facts.join(" · ")), theme::dim()),
        Line::from(vec![
            Span::styled(format!(" {} ", stars(a.rating)), theme::warn()),
            Span::raw(format!(" {}  ", tags.join(", "))),
            state,
        ]),
    ]
}
