//! Drawing. Everything here reads the app state and writes to a frame; nothing mutates
//! state except the grid's remembered layout.

pub(crate) mod address_list;
pub(crate) mod comments;
pub(crate) mod confirm;
pub(crate) mod details;
pub(crate) mod editor;
pub(crate) mod facets;
pub(crate) mod grid;
pub(crate) mod jobs;
pub(crate) mod loupe;
pub(crate) mod profiles;
pub(crate) mod share_links;
pub(crate) mod shares;
pub(crate) mod sort_menu;
pub(crate) mod transfers;
pub(crate) mod tree;
pub(crate) mod upload_picker;
pub(crate) mod versions;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::state::{App, Connection, Focus, Overlay, RightPane};
use crate::keymap::{self, Layer};
use crate::text as format;
use crate::theme;
use format::{safe, truncate};

use crate::app::layout::{Areas, areas};

pub fn draw(frame: &mut Frame, app: &App) {
    draw_screen(frame, app);
    app.images.note_frame(frame.buffer_mut());
}

fn draw_screen(frame: &mut Frame, app: &App) {
    theme::set_current(app.screen.theme);
    // Only a frame that draws the tiles says where they are (the loupe draws none).
    app.grid.drawn.set(None);
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if app.modals.loupe.open {
        // The whole screen, and nothing drawn beneath it (no image sent for nothing).
        loupe::draw(frame, area, app);
        if let Some(c) = &app.modals.confirm {
            c.dialog.draw(frame, area);
        }
        return;
    }
    let a = pane_areas(app, area);
    if let Some(r) = a.tree {
        app.tree.draw(frame, r, app.focus == Focus::Tree);
    }
    if let Some(r) = a.grid {
        let (chips, r) = crate::app::layout::split_chips(app, r);
        debug_assert_eq!(Some(r), grid_area(app, area));
        if let Some(c) = chips {
            facets::draw_chips(frame, c, app);
        }
        let mut title = grid_title(app);
        if a.tree.is_none() {
            title = format!(" ◂ Library (S-Tab) │{title}");
        }
        // Under a popup, protocols that re-send images on every redraw show placeholders.
        let covered = app.popup_open() && app.images.support.resends_on_redraw();
        let image_for = |asset: &crate::api::models::Asset, cells: (u16, u16)| {
            tile_image(app, asset, cells, covered)
        };
        app.grid
            .draw(frame, r, app.focus == Focus::Grid, &title, &image_for);
    }
    if let (Some(r), Some(ed)) = (a.details, &app.edit.editor) {
        editor::draw(frame, r, app, ed, app.focus == Focus::Details);
    } else if let Some(r) = a.details.filter(|_| app.right == RightPane::Jobs) {
        jobs::draw_monitor(frame, r, app);
    } else if let Some(r) = a.details.filter(|_| app.right == RightPane::Transfers) {
        transfers::draw_queue(frame, r, app);
    } else if let Some(r) = a.details.filter(|_| app.right == RightPane::Facets) {
        facets::draw_panel(frame, r, app);
    } else if let Some(r) = a.details {
        let lines = match app.grid.selected() {
            Some(sel) => {
                let shown = app
                    .details
                    .asset
                    .as_ref()
                    .filter(|d| d.id == sel.id)
                    .unwrap_or(sel);
                details::summary_lines(shown, &app.session.field_names)
            }
            None => vec![Line::styled("Nothing selected", theme::dim())],
        };
        app.details.max_scroll.set(draw_scrolling(
            frame,
            r,
            lines,
            app.details.scroll,
            " Details ",
            app.focus == Focus::Details,
        ));
    }
    draw_status(frame, a.status, app);
    if let Some(line) = &app.modals.search {
        draw_search_line(frame, a.hints, app, line);
    } else if let Some(input) = &app.modals.command {
        draw_input_line(
            frame,
            a.hints,
            ": ",
            input,
            "  Tab completes · Enter run · Esc cancel",
            theme::dim(),
        );
    } else if app.modals.confirm.is_some() {
        draw_hints(frame, a.hints, app.input.keymap.layer_hints(Layer::Dialog));
    } else if app.modals.upload.is_some() {
        draw_hints(
            frame,
            a.hints,
            vec![
                ("Tab".into(), "complete"),
                ("Enter".into(), "add / go on"),
                ("Esc".into(), "cancel"),
            ],
        );
    } else if app
        .modals
        .comments
        .as_ref()
        .is_some_and(|v| v.input.is_some())
    {
        draw_hints(
            frame,
            a.hints,
            vec![("Enter".into(), "send"), ("Esc".into(), "keep as draft")],
        );
    } else if let Some(layer) = app.modals.list_layer() {
        draw_hints(
            frame,
            a.hints,
            app.input.keymap.hints(layer, app.session.read_only),
        );
    } else if let Some(layer) = app
        .bulk_modal_layer()
        .filter(|_| app.modals.overlay == Overlay::None)
    {
        draw_hints(frame, a.hints, app.input.keymap.layer_hints(layer));
    } else if app.modals.overlay != Overlay::None {
        draw_hints(frame, a.hints, overlay_hints(&app.modals.overlay));
    } else {
        let mut hints = app
            .input
            .keymap
            .hints(app.hint_layer(), app.session.read_only);
        // In the trash, restoring is what the grid is for: its key comes first.
        if app.grid.trash && app.hint_layer() == Layer::Grid && !app.session.read_only {
            let restore = app
                .input
                .keymap
                .bindings
                .iter()
                .find(|b| b.layer == Layer::Grid && b.action == keymap::Action::RestoreFromTrash)
                .filter(|b| !b.keys.is_empty())
                .map(|b| (keymap::keys_label(&b.keys), b.desc));
            hints.splice(0..0, restore);
        }
        draw_hints(frame, a.hints, hints);
    }
    // Overlays cover the panes, never the status and hint bars.
    let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(2));
    jobs::draw_bulk(frame, body, app);
    match &app.modals.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => draw_help(frame, body, app, *scroll),
        Overlay::AssetDetails { scroll } => draw_full_details(frame, body, app, *scroll),
        Overlay::Preview => draw_preview(frame, body, app),
        Overlay::Profiles { cursor } => profiles::draw(frame, body, app, *cursor),
        Overlay::SortMenu { cursor } => sort_menu::draw(frame, body, app, *cursor),
        Overlay::Notifications { scroll } => draw_notifications(frame, body, app, *scroll),
    }
    if let Some(view) = &app.modals.versions {
        versions::draw(frame, body, app, view);
    }
    if let Some(view) = &app.modals.comments {
        comments::draw(frame, body, app, view);
    }
    if let Some(view) = &app.modals.share {
        share_links::draw(frame, body, view, app.session.read_only);
    }
    if let Some(view) = &app.modals.shares {
        shares::draw(frame, body, view, app.session.read_only);
    }
    // Above the list views: `u` in the versions view opens it over them.
    if let Some(picker) = &app.modals.upload {
        upload_picker::draw(frame, body, picker);
    }
    if let Some(c) = &app.modals.confirm {
        c.dialog.draw(frame, body);
    }
}

pub(crate) fn tile_image<'a>(
    app: &'a App,
    asset: &crate::api::models::Asset,
    cells: (u16, u16),
    covered: bool,
) -> grid::TileImage<'a> {
    use crate::thumbs::cache::ThumbState;
    if covered {
        return grid::TileImage::Hidden;
    }
    let Some(key) = app.thumb_key(asset, cells) else {
        return grid::TileImage::Off;
    };
    match app.images.cache.peek(&key) {
        Some(ThumbState::Ready { picture, .. }) => grid::TileImage::Ready(picture),
        Some(ThumbState::Failed(_)) => grid::TileImage::Failed,
        Some(ThumbState::Loading { .. }) => grid::TileImage::Loading,
        None if crate::thumbs::choose_rendition(asset, 1).is_none() => grid::TileImage::NoPreview,
        None => grid::TileImage::Loading,
    }
}

fn draw_preview(frame: &mut Frame, area: Rect, app: &App) {
    let r = centred(area, area.width, area.height);
    frame.render_widget(Clear, r);
    let Some(asset) = app.grid.selected() else {
        return;
    };
    let title = format!(
        " {} — ←/→ previous/next · Esc close ",
        truncate(&safe(&asset.label()), r.width.saturating_sub(40) as usize)
    );
    let block = theme::pane_block(&title, true);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let image = tile_image(app, asset, app.preview_cells(), false);
    grid::draw_tile_image(frame, inner, asset, image);
}

fn pane_areas(app: &App, screen: Rect) -> Areas {
    match app.edit.editor {
        Some(_) => editor::editor_areas(screen, app.focus),
        None => areas(screen, app.focus),
    }
}

/// Where the grid pane goes on a screen of this size (below the filter chips), as
/// `draw` puts it.
pub(crate) fn grid_area(app: &App, screen: Rect) -> Option<Rect> {
    let r = pane_areas(app, screen).grid?;
    Some(crate::app::layout::split_chips(app, r).1)
}

fn grid_title(app: &App) -> String {
    if app.grid.trash {
        return " Trash · newest first ".to_string();
    }
    let (field, order) = app.browse.query.sort.unwrap_or_default();
    let arrow = match order {
        crate::api::models::SortOrder::Asc => "↑",
        crate::api::models::SortOrder::Desc => "↓",
    };
    format!(" Assets · {} {arrow} ", field.label())
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App) {
    let mut who = match (&app.session.user, &app.session.org_name) {
        (Some(u), Some(o)) => format!("{} @ {}", safe(&u.display_name()), safe(o)),
        (Some(u), None) => safe(&u.display_name()),
        (None, _) => "connecting…".to_string(),
    };
    if let Some(p) = &app.session.account.active {
        who = format!("[{}] {who}", safe(p));
    }
    if app.session.read_only {
        who = format!("{who} (read-only)");
    }
    let mut left = vec![
        Span::styled(who, theme::accent()),
        Span::raw(" │ "),
        Span::raw(safe(&app.breadcrumb())),
    ];
    if let Some(q) = &app.browse.query_text {
        left.push(Span::raw(" │ "));
        left.push(Span::styled(format!("/{}", safe(q)), theme::warn()));
    }
    left.push(Span::raw(" │ "));
    left.push(Span::raw(app.grid.count_label()));
    if !app.grid.marks.is_empty() {
        left.push(Span::raw(" │ "));
        left.push(Span::styled(
            format!("{} marked", format::thousands(app.grid.marks.len() as u64)),
            theme::marked(),
        ));
    }
    if let Some(n) = app.session.notices.unseen.filter(|n| *n > 0) {
        left.push(Span::raw(" │ "));
        left.push(Span::styled(
            format!("✉ {} new (N)", format::thousands(n as u64)),
            theme::accent(),
        ));
    }
    if app.edit.drafts_not_written.is_some() {
        left.push(Span::raw(" │ "));
        left.push(Span::styled("⚠ drafts only in memory", theme::error()));
    }
    let right: Span = if let Some(f) = &app.screen.flash {
        Span::styled(
            safe(&f.text),
            if f.error { theme::error() } else { theme::ok() },
        )
    } else {
        match (&app.session.connection, app.in_flight()) {
            (Connection::Failing(_), _) => Span::styled("✗ offline — r to retry", theme::error()),
            (_, n) if n > 0 => Span::styled(
                format!("⟳ {n} request{}", if n == 1 { "" } else { "s" }),
                theme::warn(),
            ),
            (Connection::Ok, _) => Span::styled("● connected", theme::ok()),
            (Connection::Unknown, _) => Span::styled("connecting…", theme::dim()),
        }
    };
    let right_w = unicode_width::UnicodeWidthStr::width(right.content.as_ref()) as u16;
    let right_w = right_w.min(area.width / 2);
    // Bulk jobs and transfers, visible from every pane: "2 running · 1 failed · 43%".
    // Jobs carry the gear, transfers their own ⇣.
    let job_summary = app.bulk.monitor.status_summary();
    let jobs = [
        (!job_summary.is_empty()).then(|| format!("⚙ {job_summary}")),
        Some(app.transfers.queue.summary()).filter(|s| !s.is_empty()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" │ ");
    let jobs_w = if jobs.is_empty() {
        0
    } else {
        (unicode_width::UnicodeWidthStr::width(jobs.as_str()) as u16 + 5).min(area.width / 3)
    };
    let [l, j, r] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(jobs_w),
        Constraint::Length(right_w + 1),
    ])
    .areas(area);
    if jobs_w > 0 {
        let style = if app.bulk.monitor.failed.is_empty() {
            theme::warn()
        } else {
            theme::error()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(
                truncate(&format!(" {jobs} │"), j.width as usize),
                style,
            )),
            j,
        );
    }
    let left_text: String = left.iter().map(|s| s.content.as_ref()).collect();
    if unicode_width::UnicodeWidthStr::width(left_text.as_str()) > l.width as usize {
        frame.render_widget(Paragraph::new(truncate(&left_text, l.width as usize)), l);
    } else {
        frame.render_widget(Paragraph::new(Line::from(left)), l);
    }
    let content = truncate(&right.content, right_w as usize);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(content, right.style)))
            .alignment(ratatui::layout::Alignment::Right),
        r,
    );
}

/// Whole `key desc` items, as many as fit; never one cut in half.
pub(crate) fn draw_hints(frame: &mut Frame, area: Rect, items: Vec<(String, &str)>) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (keys, desc) in items {
        let w = unicode_width::UnicodeWidthStr::width(keys.as_str())
            + unicode_width::UnicodeWidthStr::width(desc)
            + 3;
        if used + w > area.width as usize + 2 {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, theme::key()));
        spans.push(Span::raw(format!(" {desc}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn overlay_hints(overlay: &Overlay) -> Vec<(String, &'static str)> {
    match overlay {
        // In the preview the arrows step through the assets.
        Overlay::Preview => vec![
            ("Esc".to_string(), "close"),
            ("←→/↑↓".to_string(), "previous / next asset"),
        ],
        _ => vec![
            ("Esc".to_string(), "close"),
            ("↑↓".to_string(), "scroll"),
            ("PgUp/PgDn".to_string(), "page"),
        ],
    }
}

fn draw_search_line(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    line: &crate::app::state::SearchLine,
) {
    let scope = if line.in_group {
        match app.tree.selected {
            Some(i) => format!("in {}", app.tree.items[i].label),
            None => "in all assets".into(),
        }
    } else {
        "in all assets".into()
    };
    match &line.error {
        Some(e) => draw_input_line(
            frame,
            area,
            "/ ",
            &line.input,
            &format!("  ✗ {}", safe(e)),
            theme::error(),
        ),
        None => draw_input_line(
            frame,
            area,
            "/ ",
            &line.input,
            &format!(
                "  [{}] Tab scope · ↑↓ history · Enter keep · Esc undo",
                safe(&scope)
            ),
            theme::dim(),
        ),
    }
}

/// A one-line input (search or command) with its prompt and a dim hint on the right.
fn draw_input_line(
    frame: &mut Frame,
    area: Rect,
    prompt: &str,
    input: &tui_input::Input,
    suffix: &str,
    suffix_style: ratatui::style::Style,
) {
    let suffix_w = unicode_width::UnicodeWidthStr::width(suffix) as u16;
    let [input_area, hint_area] = Layout::horizontal([
        Constraint::Min(4),
        Constraint::Length(suffix_w.min(area.width / 2)),
    ])
    .areas(area);
    let width = input_area.width.saturating_sub(2) as usize;
    let scroll = input.visual_scroll(width);
    let visible: String = input.value().chars().skip(scroll).collect();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt.to_string(), theme::key()),
            Span::raw(truncate(&safe(&visible), width)),
        ])),
        input_area,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(suffix, hint_area.width as usize),
            suffix_style,
        )),
        hint_area,
    );
    let cursor_x = (input.visual_cursor().saturating_sub(scroll)) as u16 + 2;
    if cursor_x < input_area.width {
        frame.set_cursor_position((input_area.x + cursor_x, input_area.y));
    }
}

/// The line a list view shows while it loads, or when it could not load.
pub(crate) fn load_state_line(
    loading: bool,
    error: Option<&str>,
    width: usize,
) -> Option<Line<'static>> {
    if loading {
        Some(Line::styled("Loading…", theme::dim()))
    } else {
        error.map(|e| Line::styled(truncate(e, width), theme::error()))
    }
}

/// A box of at most `w`×`h` centred in `area`, cleared and titled; its inside.
pub(crate) fn open_box(frame: &mut Frame, area: Rect, w: u16, h: u16, title: &str) -> Rect {
    let box_area = centred(area, w, h);
    let block = theme::pane_block(title, true);
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    inner
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub(crate) fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Every layer's keys, the focused pane's first, then the notes (one column).
pub(crate) fn help_lines(
    km: &keymap::Keymap,
    read_only: bool,
    focused: Layer,
) -> Vec<Line<'static>> {
    let (tables, mut notes) = help_parts(km, read_only, focused);
    let mut lines: Vec<Line<'static>> = tables.into_iter().flatten().collect();
    lines.append(&mut notes);
    lines
}

/// The help's key tables, one per layer (its title, its keys, a blank line), the
/// focused pane's first; and the notes that follow them.
fn help_parts(
    km: &keymap::Keymap,
    read_only: bool,
    focused: Layer,
) -> (Vec<Vec<Line<'static>>>, Vec<Line<'static>>) {
    let mut tables = Vec::new();
    let order = [
        Layer::Global,
        Layer::Tree,
        Layer::Grid,
        Layer::Details,
        Layer::Editor,
        Layer::Dialog,
        Layer::Jobs,
        Layer::Facets,
        Layer::Transfers,
        Layer::BulkDialog,
        Layer::BulkSummary,
        Layer::Picker,
    ];
    let layers = std::iter::once(focused).chain(order.into_iter().filter(|l| *l != focused));
    for layer in layers {
        let mut lines = vec![Line::styled(layer.title(), theme::accent())];
        for b in km.bindings.iter().filter(|b| b.layer == layer) {
            if b.keys.is_empty() || (read_only && keymap::writes(b.action)) {
                continue;
            }
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<14}", keymap::keys_label(&b.keys)),
                    theme::key(),
                ),
                Span::raw(b.desc),
            ]));
        }
        lines.push(Line::raw(""));
        tables.push(lines);
    }
    let mut lines = vec![
        Line::styled(
            "Editor fields: type to edit (emacs keys C-a C-e C-k C-u C-w C-y; paste works) · ↑/↓ past a field's edge move between fields",
            theme::dim(),
        ),
        Line::styled(
            "  Keywords: type, ↓ pick a suggestion, Enter or , add · ← pick a chip, Backspace/Del remove",
            theme::dim(),
        ),
        Line::styled(
            "  Choices: ←/→ change (multi: ←/→ move, Space toggle) · Rating: 0–5, ←/→ · Description: Enter new line",
            theme::dim(),
        ),
        Line::styled("Commands (:)", theme::accent()),
    ];
    for (_, desc) in crate::command::COMMANDS {
        lines.push(Line::from(vec![
            Span::styled("  :", theme::key()),
            Span::raw(*desc),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Search line: Enter run · Esc cancel · Tab current group / whole library · ↑/↓ history · C-u clear",
        theme::dim(),
    ));
    (tables, lines)
}

/// A column of the help's key tables is this wide (the longest key and description fit).
const HELP_COLUMN: u16 = 64;
/// Between two columns.
const HELP_GUTTER: u16 = 3;

fn draw_help(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let (km, read_only, focused) = (&app.input.keymap, app.session.read_only, app.focus.layer());
    // Side by side where two columns fit (half the scrolling), else one below the other.
    let two_wide = 2 * HELP_COLUMN + HELP_GUTTER + 2;
    let (lines, width) = if area.width >= two_wide {
        let (tables, mut notes) = help_parts(km, read_only, focused);
        let mut lines = side_by_side(tables, HELP_COLUMN as usize, HELP_GUTTER as usize);
        lines.append(&mut notes);
        (lines, two_wide)
    } else {
        (help_lines(km, read_only, focused), 96)
    };
    let r = centred(area, width, (lines.len() as u16).saturating_add(2));
    app.screen.overlay_max_scroll.set(draw_scrolling(
        frame,
        r,
        lines,
        scroll,
        " Help — ? or Esc to close ",
        true,
    ));
}

/// `tables` in two columns `width` wide, `gutter` apart: the left one takes tables in
/// order while it stays no longer than the right one, the right one the rest.
fn side_by_side(
    tables: Vec<Vec<Line<'static>>>,
    width: usize,
    gutter: usize,
) -> Vec<Line<'static>> {
    let total: usize = tables.iter().map(Vec::len).sum();
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for table in tables {
        let fits_left = 2 * (left.len() + table.len()) <= total || left.is_empty();
        if right.is_empty() && fits_left {
            left.extend(table);
        } else {
            right.extend(table);
        }
    }
    let rows = left.len().max(right.len());
    let (mut left, mut right) = (left.into_iter(), right.into_iter());
    (0..rows)
        .map(|_| {
            let mut spans = fit(left.next(), width);
            spans.push(Span::raw(" ".repeat(gutter)));
            spans.extend(fit(right.next(), width));
            Line::from(spans)
        })
        .collect()
}

/// A line's spans cut to `width` cells and padded to it.
fn fit(line: Option<Line<'static>>, width: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut used = 0;
    for span in line.map(|l| l.spans).unwrap_or_default() {
        let w = span.width();
        if used + w <= width {
            used += w;
            out.push(span);
        } else {
            let cut = Span::styled(truncate(&span.content, width - used), span.style);
            used += cut.width();
            out.push(cut);
            break;
        }
    }
    out.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    out
}

fn draw_notifications(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let mut lines: Vec<Line<'static>> = Vec::new();
    match &app.session.notices.list {
        None => lines.push(Line::styled("Loading…", theme::dim())),
        Some(Err(e)) => lines.push(Line::styled(e.clone(), theme::error())),
        Some(Ok(list)) if list.is_empty() => lines.push(Line::raw("No notifications.")),
        Some(Ok(list)) => {
            for n in list {
                let when = n
                    .created_at
                    .as_deref()
                    .map(|t| t.get(..16).unwrap_or(t).replace('T', " "))
                    .unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled(
                        if n.seen_at.is_none() { "● " } else { "  " },
                        theme::accent(),
                    ),
                    Span::styled(format!("{}  ", safe(&when)), theme::dim()),
                    Span::raw(safe(&n.summary())),
                ]));
            }
        }
    }
    let r = centred(area, 96, (lines.len() as u16).saturating_add(2).max(6));
    app.screen.overlay_max_scroll.set(draw_scrolling(
        frame,
        r,
        lines,
        scroll,
        " Notifications — N or Esc to close ",
        true,
    ));
}

/// Rows `lines` take when wrapped to `width` cells.
fn wrapped_rows(lines: &[Line], width: u16) -> u16 {
    let w = width.max(1) as usize;
    lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(w) as u16)
        .fold(0u16, u16::saturating_add)
}

/// A dialog: `lines` wrapped in a bordered box sized to its text (30–72 columns),
/// centred in `area` over whatever is there.
pub(crate) fn draw_dialog_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    border: Option<ratatui::style::Style>,
) {
    let widest = lines.iter().map(Line::width).max().unwrap_or(20) as u16;
    let w = (widest + 4).clamp(30, 72).min(area.width);
    let inner_w = w.saturating_sub(2).max(1);
    let h = wrapped_rows(&lines, inner_w).saturating_add(2);
    let r = centred(area, w, h);
    frame.render_widget(Clear, r);
    let title = format!(
        " {} ",
        truncate(&safe(title), inner_w.saturating_sub(2) as usize)
    );
    let mut block = theme::pane_block(&title, true);
    if let Some(style) = border {
        block = block.border_style(style);
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        r,
    );
}

/// A bordered, wrapped, scrollable text window that says when more is above or below.
/// Returns the largest useful scroll offset.
pub(crate) fn draw_scrolling(
    frame: &mut Frame,
    r: Rect,
    lines: Vec<Line<'static>>,
    scroll: u16,
    title: &str,
    focused: bool,
) -> u16 {
    frame.render_widget(Clear, r);
    let inner_h = r.height.saturating_sub(2);
    let total = wrapped_rows(&lines, r.width.saturating_sub(2));
    let max_scroll = total.saturating_sub(inner_h);
    let scroll = scroll.min(max_scroll);
    let mut block = theme::pane_block(title, focused);
    if scroll < max_scroll {
        block = block.title_bottom(Line::styled(" ↓ more ", theme::key()).right_aligned());
    }
    if scroll > 0 {
        block = block.title_bottom(Line::styled(" ↑ ", theme::key()).left_aligned());
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        r,
    );
    max_scroll
}

fn draw_full_details(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let r = centred(
        area,
        area.width.saturating_sub(4).max(10),
        area.height.saturating_sub(2).max(3),
    );
    let (lines, title) = match app.grid.selected() {
        Some(sel) => match app.details.asset.as_ref().filter(|d| d.id == sel.id) {
            Some(full) => (
                details::full_lines(full, &app.session.field_names),
                " Asset details — Esc to close ",
            ),
            None => {
                let mut l = details::full_lines(sel, &app.session.field_names);
                l.insert(0, Line::styled("Loading full details…", theme::dim()));
                (l, " Asset details — Esc to close ")
            }
        },
        None => (vec![Line::raw("Nothing selected")], " Asset details "),
    };
    app.screen
        .overlay_max_scroll
        .set(draw_scrolling(frame, r, lines, scroll, title, true));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_tables_go_side_by_side_in_order_cut_and_padded() {
        let table = |name: &str, n: usize| -> Vec<Line<'static>> {
            (0..n).map(|i| Line::raw(format!("{name}{i}"))).collect()
        };
        let tables = vec![table("a", 3), table("b", 4), table("c", 1), table("d", 2)];
        let rows: Vec<String> = side_by_side(tables, 4, 1)
            .iter()
            .map(|l| l.to_string())
            .collect();
        // a (3) goes left; b (4) would make the left 7 of 10: b and everything after it
        // go right, in order (c would have fitted left, but stays after b).
        assert_eq!(
            rows,
            [
                "a0   b0  ",
                "a1   b1  ",
                "a2   b2  ",
                "     b3  ",
                "     c0  ",
                "     d0  ",
                "     d1  "
            ]
        );
        let long = vec![vec![Line::raw("far too long")], vec![Line::raw("x")]];
        let rows = side_by_side(long, 5, 1);
        assert_eq!(rows[0].to_string(), "far … x    ");
        assert!(rows.iter().all(|l| l.width() == 11));
    }

    #[test]
    fn layout_collapses_on_narrow_terminals() {
        let wide = areas(Rect::new(0, 0, 160, 40), Focus::Grid);
        assert!(wide.tree.is_some() && wide.grid.is_some() && wide.details.is_some());
        let mid = areas(Rect::new(0, 0, 90, 30), Focus::Tree);
        assert!(mid.tree.is_some() && mid.grid.is_some() && mid.details.is_none());
        let narrow = areas(Rect::new(0, 0, 40, 12), Focus::Details);
        assert!(narrow.tree.is_none() && narrow.grid.is_none() && narrow.details.is_some());
        for (w, h) in [(1, 1), (0, 0), (3, 2), (101, 1)] {
            let _ = areas(Rect::new(0, 0, w, h), Focus::Grid);
        }
    }
}
