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
    let focus = app.loupe_focus();
    let asset = app.grid.results.get(focus);
    frame.render_widget(Paragraph::new(title_line(app, asset)), line_at(area, 0));
    let w = cells.0.min(area.width);
    let mut sides = vec![(app.grid.cursor, Rect::new(area.x, area.y + 1, w, cells.1))];
    if let Some(challenger) = loupe.compare {
        let right = Rect::new(area.x + w + 1, area.y + 1, w, cells.1);
        sides.push((challenger, right));
        let gap = Rect::new(area.x + w, area.y + 1, 1, cells.1);
        let bar: Vec<Line> = (0..cells.1)
            .map(|_| Line::styled("│", theme::dim()))
            .collect();
        frame.render_widget(Paragraph::new(bar), gap);
    }
    let picture = app.loupe_picture_cells();
    for &(index, r) in &sides {
        draw_picture(frame, r, app, index, picture);
    }
    if loupe.info
        && let Some(a) = asset
    {
        let top = area.y + 1 + cells.1;
        let mut lines = info_lines(app, a);
        if loupe.compare.is_some() {
            lines[0] = side_labels(app, &sides, focus, w);
        }
        for (i, line) in lines.into_iter().enumerate() {
            let r = Rect::new(area.x, top + i as u16, area.width, 1);
            if r.y < area.y + area.height.saturating_sub(1) {
                frame.render_widget(Paragraph::new(line), r);
            }
        }
    }
    let mut bottom = line_at(area, area.height.saturating_sub(1));
    if let Some(input) = &app.modals.command {
        super::draw_input_line(
            frame,
            bottom,
            ": ",
            input,
            "  Tab completes · Enter run · Esc cancel",
            theme::dim(),
        );
        // What is asked shows just above the line it is typed on.
        bottom = line_at(area, area.height.saturating_sub(2));
        frame.render_widget(Clear, bottom);
    }
    match &app.screen.flash {
        // The loupe has no status bar: what happened shows where the keys are.
        Some(f) => {
            let style = if f.error { theme::error() } else { theme::ok() };
            let text = truncate(&safe(&f.text), area.width as usize);
            frame.render_widget(Paragraph::new(Line::styled(text, style)), bottom);
        }
        None if app.modals.command.is_some() => {}
        None => {
            let hints = app.input.keymap.hints(Layer::Loupe, app.session.read_only);
            super::draw_hints(frame, bottom, hints);
        }
    }
}

/// The picture of the asset at `index` in `r` (or why there is none).
fn draw_picture(frame: &mut Frame, r: Rect, app: &App, index: usize, cells: (u16, u16)) {
    let mid = line_at(r, r.height / 2);
    let Some(a) = app.grid.results.get(index) else {
        let line = Line::styled("⟳ loading", theme::dim()).centered();
        frame.render_widget(Paragraph::new(line), mid);
        return;
    };
    match super::tile_image(app, a, cells, false) {
        super::grid::TileImage::Off => {
            let why = format!(
                "no picture: images are off ({})",
                safe(&app.images.support.reason)
            );
            let line = Line::styled(truncate(&why, r.width as usize), theme::dim()).centered();
            frame.render_widget(Paragraph::new(line), mid);
        }
        image => super::grid::draw_tile_image(frame, r, a, image),
    }
}

/// In compare: each side's position, rating and name under its picture, the side the
/// keys act on marked.
fn side_labels(app: &App, sides: &[(usize, Rect)], focus: usize, width: u16) -> Line<'static> {
    let mut spans = Vec::new();
    for &(index, _) in sides {
        let Some(a) = app.grid.results.get(index) else {
            continue;
        };
        let (mark, style) = match index == focus {
            true => ("▶ ", theme::accent()),
            false => ("  ", theme::dim()),
        };
        let name = a.filename.clone().unwrap_or_else(|| a.label());
        let text = format!(
            "{mark}{} {} {}",
            thousands(index as u64 + 1),
            stars(a.rating),
            safe(&name)
        );
        let cell = truncate(&text, width as usize);
        let pad = (width as usize + 1)
            .saturating_sub(unicode_width::UnicodeWidthStr::width(cell.as_str()));
        spans.push(Span::styled(format!("{cell}{}", " ".repeat(pad)), style));
    }
    Line::from(spans)
}

/// `text` as a reversed chip when `on` (`♥ pick`, `✗ trash`).
fn chip(on: bool, text: &'static str, style: ratatui::style::Style) -> Span<'static> {
    match on {
        true => Span::styled(text, style.add_modifier(ratatui::style::Modifier::REVERSED)),
        false => Span::raw(""),
    }
}

/// The status field's value as a chip in its colour label (`■ Approved`), or the
/// field's name when it has none.
fn status_chip(app: &App, a: &Asset) -> Span<'static> {
    let Some(field) = app.status_field() else {
        return Span::raw("");
    };
    let Some(value) = app.status_of(a) else {
        let name = field.name.as_deref().unwrap_or_default();
        return Span::styled(format!(" {}: – ", safe(name)), theme::dim());
    };
    let colour = field
        .custom_meta_values_attributes
        .iter()
        .find(|v| v.text.as_deref() == Some(value.as_str()))
        .and_then(|v| v.color_label.as_deref())
        .and_then(label_colour);
    let style = match colour {
        Some(c) => ratatui::style::Style::default().fg(c),
        None => theme::accent(),
    };
    Span::styled(format!(" ■ {} ", safe(&value)), style)
}

/// A colour label as the server names it: a colour's name or `#rrggbb`.
fn label_colour(label: &str) -> Option<ratatui::style::Color> {
    use ratatui::style::Color;
    let l = label.trim().to_ascii_lowercase();
    if let Some(hex) = l.strip_prefix('#').filter(|h| h.len() == 6) {
        let v = u32::from_str_radix(hex, 16).ok()?;
        return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    Some(match l.as_str() {
        "red" => Color::Red,
        "orange" => Color::Rgb(255, 165, 0),
        "yellow" => Color::Yellow,
        "green" => Color::Green,
        "blue" => Color::Blue,
        "purple" | "violet" => Color::Magenta,
        "cyan" | "teal" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        _ => return None,
    })
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
            thousands(app.loupe_focus() as u64 + 1)
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
    if let Some(p) = &loupe.picks {
        spans.push(Span::styled(
            format!(
                "  · picks → {} ({})",
                p.name,
                thousands(p.members.len() as u64)
            ),
            theme::ok(),
        ));
    }
    if !loupe.trash.is_empty() {
        spans.push(Span::styled(
            format!(
                "  · {} to trash on close",
                thousands(loupe.trash.len() as u64)
            ),
            theme::error(),
        ));
    }
    let advance = if loupe.auto_advance {
        "  · auto-advance"
    } else {
        "  · stays after a judgement"
    };
    spans.push(Span::styled(advance, theme::dim()));
    let (failed, unsaved) = (loupe.writes.failed_count(), loupe.writes.unsaved());
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
    if let Some(Some(shot)) = loupe.shots.get(&a.id) {
        facts.extend(shot.camera.iter().chain(&shot.lens).map(|s| safe(s)));
    }
    let tags: Vec<String> = a
        .tags
        .iter()
        .filter_map(|t| t.name.as_deref())
        .take(6)
        .map(safe)
        .collect();
    let state = match (loupe.writes.failed_on(a.id), loupe.writes.pending_on(a.id)) {
        (Some(e), _) => Span::styled(
            format!("not saved: {} — R sends it again", safe(e)),
            theme::error(),
        ),
        (None, true) => Span::styled("saving…", theme::dim()),
        (None, false) => Span::raw(""),
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
            chip(app.picked(a.id), " ♥ pick ", theme::ok()),
            chip(loupe.trash.contains(&a.id), " ✗ trash ", theme::error()),
            status_chip(app, a),
            Span::raw(format!(" {}  ", tags.join(", "))),
            state,
        ]),
    ]
}
