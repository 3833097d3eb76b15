//! Drawing the share links of a lightbox or collection: one entry per link (what
//! visitors may do, until when, how often it was opened) and its address.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::api::models::ShareLink;
use crate::panes::share_links::{ShareLinks, permission_words};
use crate::text::{safe, truncate};
use crate::theme;

pub(crate) fn draw(frame: &mut Frame, area: Rect, view: &ShareLinks, read_only: bool) {
    let title = format!(
        " Share links · {} “{}” ",
        view.kind.singular_label(),
        view.name
    );
    let inner = super::open_box(frame, area, 96, 20, &title);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(line) = super::load_state_line(view.loading, view.error.as_deref(), width) {
        lines.push(line);
        if view.error.is_some() {
            lines.push(Line::styled("r tries again.", theme::dim()));
        }
    } else if view.links.is_empty() {
        lines.push(Line::raw(if read_only {
            "No share links (read-only mode: none can be made)."
        } else {
            "No share links yet: n makes one, and copies its address."
        }));
    }
    // Two lines per link; keep the cursor's in view.
    let per_page = ((inner.height as usize).saturating_sub(3) / 2).max(1);
    let first = view.cursor.saturating_sub(per_page - 1);
    for (i, link) in view.links.iter().enumerate().skip(first).take(per_page) {
        let (state, style) = state_of(link);
        let url = link
            .url
            .as_deref()
            .unwrap_or("(the server gave no address)");
        lines.extend(address_entry(
            i == view.cursor,
            (state, style),
            &summary(link),
            url,
            width,
        ));
    }
    lines.push(Line::raw(""));
    if view.pending > 0 {
        lines.push(Line::styled(
            format!("Saving {} change(s)…", view.pending),
            theme::dim(),
        ));
    } else {
        lines.push(Line::styled(
            "Visitors need no account. The API offers no password for share links.",
            theme::dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Two lines for one public address: a marker, its state, what it lets visitors do; then
/// the address itself (sanitised).
pub(crate) fn address_entry(
    here: bool,
    (state, style): (&str, ratatui::style::Style),
    text: &str,
    url: &str,
    width: usize,
) -> [Line<'static>; 2] {
    let text_style = if here {
        theme::cursor(true)
    } else {
        ratatui::style::Style::default()
    };
    [
        Line::from(vec![
            Span::styled(if here { "▸ " } else { "  " }, theme::key()),
            Span::styled(format!("{state:<9}"), style),
            Span::styled(truncate(text, width.saturating_sub(11)), text_style),
        ]),
        Line::styled(
            format!("  {}", truncate(&safe(url), width.saturating_sub(2))),
            theme::dim(),
        ),
    ]
}

fn state_of(link: &ShareLink) -> (&'static str, ratatui::style::Style) {
    if link.enabled == Some(false) {
        ("disabled", theme::warn())
    } else if link.expired == Some(true) {
        ("expired", theme::error())
    } else {
        ("live", theme::ok())
    }
}

/// `download small pictures · until 2026-12-08 · watermarked · 3 views`.
fn summary(link: &ShareLink) -> String {
    let mut parts = vec![permission_words(link)];
    match (link.expires, link.expires_at.as_deref()) {
        (Some(false), _) | (_, None) => parts.push("no end".into()),
        (_, Some(at)) => parts.push(format!("until {}", safe(at.get(..10).unwrap_or(at)))),
    }
    if link.watermark_all == Some(true) {
        parts.push("watermarked".into());
    }
    if let Some(v) = link.asset_views_count.filter(|v| *v > 0) {
        parts.push(format!("{v} view{}", if v == 1 { "" } else { "s" }));
    }
    if let Some(d) = link.downloads_count.filter(|d| *d > 0) {
        parts.push(format!("{d} download{}", if d == 1 { "" } else { "s" }));
    }
    parts.join(" · ")
}
