//! Drawing the user's shares of chosen assets: one entry per share (live or disabled,
//! how many assets at what size, downloads, watermark) and its address.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::api::models::Share;
use crate::panes::shares::{SharesView, share_words};
use crate::text::{safe, truncate};
use crate::theme;

pub(crate) fn draw(frame: &mut Frame, area: Rect, view: &SharesView, read_only: bool) {
    let inner = super::open_box(frame, area, 96, 20, " Shares of assets ");
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let n = view.to_share.len();
    let offer = if read_only {
        "Read-only mode: no share can be made or changed.".to_string()
    } else if n == 0 {
        "Select or mark assets in the grid to share them.".to_string()
    } else {
        format!(
            "n shares {} as “{}”.",
            if n == 1 {
                "the selected asset".to_string()
            } else {
                format!("the {n} marked assets")
            },
            view.new_name
        )
    };
    lines.push(Line::styled(truncate(&offer, width), theme::accent()));
    if let Some(line) = super::load_state_line(view.loading, view.error.as_deref(), width) {
        lines.push(line);
        if view.error.is_some() {
            lines.push(Line::styled("r tries again.", theme::dim()));
        }
    } else if view.shares.is_empty() {
        lines.push(Line::raw("No shares yet."));
    }
    // Two lines per share; keep the cursor's in view.
    let per_page = ((inner.height as usize).saturating_sub(4) / 2).max(1);
    let first = view.cursor.saturating_sub(per_page - 1);
    for (i, share) in view.shares.iter().enumerate().skip(first).take(per_page) {
        let name = safe(share.name.as_deref().unwrap_or("(no name)"));
        let text = format!("{name} · {}", share_words(share));
        let url = share
            .url
            .as_deref()
            .unwrap_or("(the server gave no address yet: r asks again)");
        lines.extend(super::share_links::address_entry(
            i == view.cursor,
            state_of(share),
            &text,
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
            "Visitors need no account; an address works until its share is turned off or revoked.",
            theme::dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn state_of(share: &Share) -> (&'static str, ratatui::style::Style) {
    if share.enabled == Some(false) {
        ("disabled", theme::warn())
    } else {
        ("live", theme::ok())
    }
}
