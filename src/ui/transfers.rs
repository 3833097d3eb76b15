//! Drawing the transfer queue: one or two lines a transfer (name, state, bytes, rate,
//! time left; the error under a failed one). Reads state only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::jobs::gauge;
use crate::app::state::{App, Focus};
use crate::panes::transfers::{Processing, TransferRow, TransferState};
use crate::text::{file_size, safe, truncate};
use crate::theme;

fn size(n: u64) -> String {
    file_size(Some(n.min(i64::MAX as u64) as i64))
}

fn row_lines(row: &TransferRow, width: usize, selected: bool, focused: bool) -> Vec<Line<'static>> {
    let (icon, style) = match &row.state {
        TransferState::Queued => ("…", theme::dim()),
        TransferState::Running { .. } if row.job.is_upload() => ("⇡", theme::warn()),
        TransferState::Running { .. } => ("⇣", theme::warn()),
        TransferState::Done { .. } => ("✓", theme::ok()),
        TransferState::Failed { .. } => ("✗", theme::error()),
        TransferState::Cancelled => ("⊘", theme::dim()),
        TransferState::Skipped { .. } => ("=", theme::dim()),
        TransferState::Paused => ("‖", theme::warn()),
    };
    let detail = match &row.state {
        TransferState::Queued => "queued".to_string(),
        TransferState::Running { done, total } => {
            let mut s = match total {
                Some(t) if *t > 0 => format!(
                    "{} {} of {}",
                    gauge(Some(*done as f64 * 100.0 / *t as f64), 12),
                    size(*done),
                    size(*t)
                ),
                _ => size(*done),
            };
            if let Some(rate) = row.rate() {
                s.push_str(&format!(" · {}/s", size(rate as u64)));
            }
            if let Some(eta) = row.eta() {
                s.push_str(&format!(" · {:.0} s left", eta.ceil()));
            }
            s
        }
        TransferState::Done { bytes, .. } => size(*bytes),
        TransferState::Failed { bytes, .. } if *bytes > 0 => {
            format!("stopped, {} kept", size(*bytes))
        }
        TransferState::Failed { .. } => "failed".to_string(),
        TransferState::Cancelled => "cancelled".to_string(),
        TransferState::Skipped { .. } => "skipped".to_string(),
        TransferState::Paused => "paused · R resumes".to_string(),
    };
    let name = match &row.job {
        crate::panes::transfers::TransferJob::Download(_) => {
            format!(
                " {icon} {} ({})",
                safe(&row.job.name()),
                safe(&row.job.detail())
            )
        }
        crate::panes::transfers::TransferJob::Upload { .. } => {
            format!(
                " {icon} {} {}",
                safe(&row.job.name()),
                safe(&row.job.detail())
            )
        }
    };
    let mut first = Line::from(vec![
        Span::styled(
            truncate(&name, width.saturating_sub(detail.chars().count() + 2)),
            style,
        ),
        Span::raw("  "),
        Span::styled(detail, theme::dim()),
    ]);
    if selected {
        first = first.style(theme::cursor(focused));
    }
    let mut out = vec![first];
    match &row.state {
        TransferState::Failed { error, .. } => out.push(Line::styled(
            truncate(&format!("   {}", safe(error)), width),
            theme::error(),
        )),
        TransferState::Skipped { reason } => out.push(Line::styled(
            truncate(&format!("   {}", safe(reason)), width),
            theme::dim(),
        )),
        TransferState::Done { .. } if row.job.is_upload() => {
            let (text, style) = match row.processing {
                Some(Processing::Done) => ("   processed", theme::ok()),
                Some(Processing::Failed) => ("   the server could not process it", theme::error()),
                _ => ("   sent · the server is processing it", theme::dim()),
            };
            out.push(Line::styled(truncate(text, width), style));
        }
        TransferState::Done { path, .. } => out.push(Line::styled(
            truncate(
                // The directory is the same for every row (the status message and the
                // empty queue say which); the name may differ from the asset's.
                &format!(
                    "   → {}",
                    safe(&path.file_name().unwrap_or_default().to_string_lossy())
                ),
                width,
            ),
            theme::dim(),
        )),
        _ => {}
    }
    out
}

pub(crate) fn draw_queue(frame: &mut Frame, area: Rect, app: &App) {
    let q = &app.transfers.queue;
    let focused = app.focus == Focus::Transfers;
    let title = match q.rows.len() {
        0 => " Transfers ".to_string(),
        n => format!(" Transfers · {n} "),
    };
    let block = theme::pane_block(&title, focused);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    if q.rows.is_empty() {
        let text = format!(
            "No transfers yet. Mark assets in the grid and press d to download them to {}; press U on a folder in the tree to upload files into it.",
            app.transfers.dir.display()
        );
        frame.render_widget(
            Paragraph::new(safe(&text))
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let width = inner.width as usize;
    let height = inner.height as usize;
    // Two lines a row at most: start so the cursor's row is in view.
    let per_screen = (height / 2).max(1);
    let start = q.cursor.saturating_sub(per_screen.saturating_sub(1));
    let lines: Vec<Line> = q
        .rows
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .flat_map(|(i, r)| row_lines(r, width, i == q.cursor, focused))
        .take(height)
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
