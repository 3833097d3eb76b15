//! Drawing for bulk jobs: the job monitor pane, the bulk-edit dialog, its pickers and
//! summary screen, and the confirmation on top. Reads state only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::centred;
use crate::api::models::{BulkJob, JobState};
use crate::app::state::{App, Focus};
use crate::bulk::dialog::{Dialog, PickerKind, Row, Stage};
use crate::bulk::monitor::{self, Monitor, short_time};
use crate::text::{safe, stars, thousands, truncate};
use crate::theme;

fn state_style(s: &JobState) -> Style {
    match s {
        JobState::Pending => theme::dim(),
        JobState::Processing => theme::warn(),
        JobState::Processed => theme::ok(),
        JobState::Errored => theme::error(),
        JobState::Canceled | JobState::Other(_) => theme::dim(),
    }
}

fn state_icon(s: &JobState) -> &'static str {
    match s {
        JobState::Pending => "…",
        JobState::Processing => "⟳",
        JobState::Processed => "✓",
        JobState::Errored => "✗",
        JobState::Canceled => "⊘",
        JobState::Other(_) => "?",
    }
}

/// `██████░░░░ 60%` in `width` cells.
pub(crate) fn gauge(progress: Option<f64>, width: usize) -> String {
    let p = progress.unwrap_or(0.0).clamp(0.0, 100.0);
    let label = format!(" {:>3.0}%", p);
    let bar_w = width.saturating_sub(label.len()).max(1);
    let full = ((p / 100.0) * bar_w as f64).round() as usize;
    format!(
        "{}{}{label}",
        "█".repeat(full.min(bar_w)),
        "░".repeat(bar_w - full.min(bar_w))
    )
}

/// The lines one job takes in the list.
fn job_lines(
    m: &Monitor,
    job: &BulkJob,
    width: usize,
    selected: bool,
    focused: bool,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let state = &job.aasm_state;
    let marker = if selected { "▸ " } else { "  " };
    let head = format!(
        "{marker}{} {} · {}",
        state_icon(state),
        safe(&monitor::job_name(m, job)),
        state.as_str()
    );
    let head_style = if selected {
        theme::cursor(focused)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    };
    out.push(Line::from(vec![Span::styled(
        truncate(&head, width),
        head_style,
    )]));
    let n = job.total_assets.unwrap_or(0).max(0) as u64;
    let count = format!(" {} asset{}", thousands(n), if n == 1 { "" } else { "s" });
    let gw = width.saturating_sub(2 + count.chars().count()).clamp(6, 30);
    out.push(Line::from(vec![
        Span::raw("  "),
        Span::styled(gauge(job.progress, gw), state_style(state)),
        Span::raw(count),
    ]));
    let guid = job.guid.clone().unwrap_or_default();
    let when = match state {
        JobState::Pending => match m.queue.get(&guid) {
            Some((Some(p), Some(d))) => format!("queued · #{p} of {d}"),
            Some((Some(p), None)) => format!("queued · #{p}"),
            _ => format!("queued · created {}", short_time(job.created_at.as_deref())),
        },
        JobState::Processing => {
            format!(
                "started {}",
                short_time(job.started_processing_at.as_deref())
            )
        }
        _ => format!(
            "{} → {}",
            short_time(job.started_processing_at.as_deref()),
            short_time(job.finished_processing_at.as_deref())
        ),
    };
    out.push(Line::styled(
        truncate(&format!("  {when}"), width),
        theme::dim(),
    ));
    let warnings = monitor::warnings(job);
    if let Some(w) = warnings.first() {
        let more = if warnings.len() > 1 {
            format!(" (+{})", warnings.len() - 1)
        } else {
            String::new()
        };
        out.push(Line::styled(
            truncate(&format!("  ⚠ {}{more}", safe(w)), width),
            theme::warn(),
        ));
    }
    if let Some(e) = monitor::error_text(job) {
        out.push(Line::styled(
            truncate(&format!("  ✗ {}", safe(&e)), width),
            theme::error(),
        ));
    }
    out
}

/// The job monitor in the right pane.
pub(crate) fn draw_monitor(frame: &mut Frame, area: Rect, app: &App) {
    let m = &app.bulk.monitor;
    let focused = app.focus == Focus::Jobs;
    if let Some(d) = &m.detail {
        draw_detail(frame, area, app, d, focused);
        return;
    }
    let pages = m
        .pages(crate::protocol::jobs::JOBS_PER_PAGE)
        .map_or(String::new(), |p| format!(" · page {}/{p}", m.page.max(1)));
    // The running/failed summary is in the status bar, visible from every pane.
    let title = format!(" Jobs{pages} ");
    let block = theme::pane_block(&title, focused);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    let mut lines: Vec<Line> = Vec::new();
    if m.jobs.is_empty() {
        let text = if m.loading {
            "Loading jobs…".to_string()
        } else if let Some(e) = &m.error {
            format!("Could not load the jobs: {}", safe(e))
        } else {
            "No bulk jobs yet. Mark assets in the grid and press b.".to_string()
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let blocks: Vec<Vec<Line>> = m
        .jobs
        .iter()
        .enumerate()
        .map(|(i, j)| job_lines(m, j, width, i == m.cursor, focused))
        .collect();
    // Start so the selected job is fully visible.
    let mut start = m.cursor.min(blocks.len() - 1);
    let mut used = blocks[start].len();
    while start > 0 && used + blocks[start - 1].len() < height {
        start -= 1;
        used += blocks[start].len();
    }
    if start > 0 {
        // Prefer showing from the top when the selection fits anyway.
        let upto: usize = blocks[..=m.cursor].iter().map(Vec::len).sum();
        if upto <= height {
            start = 0;
        }
    }
    for b in &blocks[start..] {
        lines.extend(b.iter().cloned());
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, d: &monitor::JobDetail, focused: bool) {
    let m = &app.bulk.monitor;
    let job = m.known.get(&d.guid);
    let name = job.map_or("job".to_string(), |j| monitor::job_name(m, j));
    let title = format!(" Job · {} — Esc back ", safe(&name));
    let block = theme::pane_block(&title, focused);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(j) = job {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {}", state_icon(&j.aasm_state), j.aasm_state.as_str()),
                state_style(&j.aasm_state),
            ),
            Span::raw(format!(
                " · {} assets",
                thousands(j.total_assets.unwrap_or(0).max(0) as u64)
            )),
        ]));
        lines.push(Line::styled(
            gauge(j.progress, width.clamp(8, 40)),
            state_style(&j.aasm_state),
        ));
        lines.push(Line::raw(truncate(&format!("id {}", safe(&d.guid)), width)));
        lines.push(Line::styled(
            truncate(
                &format!(
                    "created {} · started {} · finished {}",
                    short_time(j.created_at.as_deref()),
                    short_time(j.started_processing_at.as_deref()),
                    short_time(j.finished_processing_at.as_deref())
                ),
                width,
            ),
            theme::dim(),
        ));
        // What it does, as the summary said before it was submitted.
        if let Some(what) = m.described.get(&d.guid) {
            for line in &what.lines {
                lines.push(Line::raw(truncate(&format!("• {}", safe(line)), width)));
            }
        }
        for w in monitor::warnings(j) {
            lines.push(Line::styled(
                truncate(&format!("⚠ {}", safe(&w)), width),
                theme::warn(),
            ));
        }
        if let Some(e) = monitor::error_text(j) {
            lines.push(Line::styled(
                truncate(&format!("✗ {}", safe(&e)), width),
                theme::error(),
            ));
        }
    }
    let total = d
        .total
        .map_or(String::new(), |t| format!(" of {}", thousands(t)));
    lines.push(Line::styled(
        truncate(
            &format!(
                "── {} asset{}{total} · Enter/o: show in grid",
                d.assets.len(),
                if d.assets.len() == 1 { "" } else { "s" }
            ),
            width,
        ),
        theme::accent(),
    ));
    if d.loading && d.assets.is_empty() {
        lines.push(Line::styled("Loading…", theme::dim()));
    }
    if let Some(e) = &d.error {
        lines.push(Line::styled(truncate(&safe(e), width), theme::error()));
    }
    let room = (inner.height as usize).saturating_sub(lines.len()).max(1);
    let start = d.cursor.saturating_sub(room.saturating_sub(1));
    for (i, a) in d.assets.iter().enumerate().skip(start).take(room) {
        let name = a.filename.clone().unwrap_or_else(|| a.id.to_string());
        let text = format!(
            "{}{} {}",
            if i == d.cursor { "▸ " } else { "  " },
            stars(a.rating),
            safe(&name)
        );
        let style = if i == d.cursor {
            theme::cursor(focused)
        } else {
            Style::default()
        };
        lines.push(Line::styled(truncate(&text, width), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The dialog, picker and summary, over `body`.
pub(crate) fn draw_bulk(frame: &mut Frame, body: Rect, app: &App) {
    if let Some(d) = &app.bulk.dialog {
        match d.stage {
            Stage::Form => draw_form(frame, body, app, d),
            Stage::Summary => draw_summary(frame, body, app, d),
        }
        if d.picker.is_some() {
            draw_picker(frame, body, app, d);
        }
    }
}

fn dialog_title(d: &Dialog) -> String {
    match d.count() {
        Some(n) => format!(
            " Bulk edit — {} asset{} ",
            thousands(n),
            if n == 1 { "" } else { "s" }
        ),
        None => " Bulk edit ".to_string(),
    }
}

fn draw_form(frame: &mut Frame, body: Rect, app: &App, d: &Dialog) {
    let fields = &app.session.fields;
    let rows = Dialog::rows(fields);
    let r = centred(body, 84, rows.len() as u16 + 6);
    frame.render_widget(Clear, r);
    let block = theme::pane_block(&dialog_title(d), true);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let label_w = 19usize;
    let value_w = (inner.width as usize).saturating_sub(label_w + 2);
    let list_h = (inner.height as usize).saturating_sub(3).max(1);
    let start = d.row.saturating_sub(list_h.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_pos = None;
    for (i, row) in rows.iter().enumerate().skip(start).take(list_h) {
        let sel = i == d.row;
        let label = format!(
            "{}{:<w$}",
            if sel { "▸ " } else { "  " },
            truncate(&safe(&row.label(fields)), label_w - 1),
            w = label_w
        );
        let (value, style) = match &d.editing {
            Some((er, input)) if *er == *row && sel => {
                let scroll = input.visual_scroll(value_w.saturating_sub(1));
                let visible: String = input.value().chars().skip(scroll).collect();
                cursor_pos = Some((
                    inner.x + (label_w + 2 + input.visual_cursor().saturating_sub(scroll)) as u16,
                    inner.y + (lines.len()) as u16,
                ));
                (truncate(&safe(&visible), value_w), theme::accent())
            }
            _ => {
                let v = d.value_of(*row, fields);
                let style = if matches!(row, Row::Trash) && d.trash
                    || matches!(row, Row::Tags) && v.starts_with("[REPLACE]")
                    || matches!(row, Row::AiFields) && d.ai_overwrite
                {
                    theme::warn()
                } else if v.ends_with('—') || v == "—" {
                    theme::dim()
                } else {
                    Style::default()
                };
                (truncate(&safe(&v), value_w), style)
            }
        };
        let label_style = if sel {
            theme::cursor(true)
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(label, label_style),
            Span::raw("  "),
            Span::styled(value, style),
        ]));
    }
    let row = rows[d.row.min(rows.len() - 1)];
    lines.push(Line::raw(""));
    let help = if d.editing.is_some() && !d.tag_suggestions.is_empty() {
        let shown: Vec<String> = d
            .tag_suggestions
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if Some(i) == d.suggestion {
                    format!("[{t}]")
                } else {
                    t.clone()
                }
            })
            .collect();
        format!("Tab: take · ↓↑ choose · {}", shown.join(" · "))
    } else if d.editing.is_some() {
        "Enter: keep · Esc: discard".to_string()
    } else {
        row.help().to_string()
    };
    lines.push(Line::styled(
        truncate(&help, inner.width as usize),
        theme::dim(),
    ));
    let note = match (&d.note, app.bulk.submit.busy()) {
        (Some(n), _) => Line::styled(truncate(&safe(n), inner.width as usize), theme::error()),
        (None, true) => Line::styled("A job is being submitted…", theme::warn()),
        (None, false) => Line::styled(
            "s: review the changes before anything is sent",
            theme::dim(),
        ),
    };
    lines.push(note);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = cursor_pos
        && p.0 < inner.x + inner.width
    {
        frame.set_cursor_position(p);
    }
}

fn draw_summary(frame: &mut Frame, body: Rect, app: &App, d: &Dialog) {
    let summary = d.summary(&app.session.fields);
    let mut lines: Vec<Line> = vec![Line::styled(
        "The job will make exactly these changes:",
        theme::accent(),
    )];
    lines.push(Line::raw(""));
    for l in &summary {
        if l.destructive {
            lines.push(Line::styled(format!("! {}", safe(&l.text)), theme::warn()));
        } else {
            lines.push(Line::raw(format!("• {}", safe(&l.text))));
        }
    }
    lines.push(Line::raw(""));
    if summary.iter().any(|l| l.destructive) {
        lines.push(Line::styled(
            "Lines marked ! are destructive: you will be asked to confirm.",
            theme::warn(),
        ));
    }
    let busy = app.bulk.submit.busy();
    lines.push(match (&d.note, busy) {
        (Some(n), _) => Line::styled(safe(n), if busy { theme::warn() } else { theme::error() }),
        (None, true) => Line::styled("Submitting…", theme::warn()),
        (None, false) => Line::styled(
            "Enter: submit the job · Esc: back to the dialog",
            theme::dim(),
        ),
    });
    let w = 84u16.min(body.width);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let rows: u16 = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_w) as u16)
        .sum();
    let r = centred(body, w, rows + 2);
    frame.render_widget(Clear, r);
    let title = format!(
        " Review{}",
        dialog_title(d).trim_start_matches(" Bulk edit")
    );
    frame.render_widget(
        Paragraph::new(lines)
            .block(theme::pane_block(&title, true))
            .wrap(Wrap { trim: false })
            .scroll((d.summary_scroll, 0)),
        r,
    );
}

fn draw_picker(frame: &mut Frame, body: Rect, app: &App, d: &Dialog) {
    let Some(p) = &d.picker else {
        return;
    };
    let (title, entries): (&str, Vec<(String, bool, bool)>) = match p.kind {
        PickerKind::AiFields => (
            " AI fields — Space toggles, Enter chooses ",
            app.ai_entries()
                .into_iter()
                .map(|(id, name)| {
                    let mark = if p.chosen.contains(&id) { "[x]" } else { "[ ]" };
                    (format!("{mark} {}", safe(&name)), true, false)
                })
                .collect(),
        ),
        kind => (
            if kind == PickerKind::AddGroup {
                " Add to… — Enter chooses, → loads children "
            } else {
                " Remove from… — Enter chooses, → loads children "
            },
            app.group_entries()
                .into_iter()
                .map(|e| {
                    let indent = "  ".repeat(e.depth as usize);
                    let more = if e.can_load { " ▸" } else { "" };
                    (
                        format!("{indent}{}{more}", safe(&e.label)),
                        e.pick.is_some(),
                        e.pick.is_none(),
                    )
                })
                .collect(),
        ),
    };
    let h = (entries.len() as u16 + 2).clamp(3, body.height.saturating_sub(4).max(3));
    let r = centred(body, 60, h);
    frame.render_widget(Clear, r);
    let block = theme::pane_block(title, true);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let height = inner.height as usize;
    let start = p.cursor.saturating_sub(height.saturating_sub(1));
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if entries.is_empty() {
        lines.push(Line::styled(
            "Nothing to pick (still loading?)",
            theme::dim(),
        ));
    }
    for (i, (text, selectable, header)) in entries.iter().enumerate().skip(start).take(height) {
        let style = if i == p.cursor {
            theme::cursor(true)
        } else if *header {
            theme::accent()
        } else if !selectable {
            theme::dim()
        } else {
            Style::default()
        };
        lines.push(Line::styled(truncate(text, width), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauge_fills_proportionally() {
        assert_eq!(gauge(Some(50.0), 15), "█████░░░░░  50%");
        assert_eq!(gauge(None, 10), "░░░░░   0%");
        assert_eq!(gauge(Some(250.0), 10), "█████ 100%");
    }
}
