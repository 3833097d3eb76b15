//! Drawing the share links of a lightbox or collection: one entry per link (what
//! visitors may do, until when, how often it was opened) and its address.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::address_list::{AddressList, Entry};
use crate::api::models::ShareLink;
use crate::panes::share_links::{ShareLinks, permission_words};
use crate::text::safe;
use crate::theme;

pub(crate) fn draw(frame: &mut Frame, area: Rect, view: &ShareLinks, read_only: bool) {
    let title = format!(
        " Share links · {} “{}” ",
        view.kind.singular_label(),
        view.name
    );
    let inner = super::open_box(frame, area, 96, 20, &title);
    let width = inner.width as usize;
    let list = AddressList {
        entries: &view.links,
        cursor: view.cursor,
        loading: view.loading,
        error: view.error.as_deref(),
        pending: view.pending,
        empty: if read_only {
            "No share links (read-only mode: none can be made)."
        } else {
            "No share links yet: n makes one, and copies its address."
        },
        note: "Visitors need no account. The API offers no password for share links.",
    };
    let mut lines = Vec::new();
    list.push_lines(&mut lines, inner.height as usize, width, |link| Entry {
        state: state_of(link),
        text: summary(link),
        url: link
            .url
            .as_deref()
            .unwrap_or("(the server gave no address)"),
    });
    frame.render_widget(Paragraph::new(lines), inner);
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
