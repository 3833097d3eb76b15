//! Drawing the user's shares of chosen assets: one entry per share (live or disabled,
//! how many assets at what size, downloads, watermark) and its address.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::address_list::{AddressList, Entry};
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
    let list = AddressList {
        entries: &view.shares,
        cursor: view.cursor,
        loading: view.loading,
        error: view.error.as_deref(),
        pending: view.pending,
        empty: "No shares yet.",
        note: "Visitors need no account; an address works until its share is turned off or revoked.",
    };
    list.push_lines(&mut lines, inner.height as usize, width, |share| Entry {
        state: state_of(share),
        text: format!(
            "{} · {}",
            safe(share.name.as_deref().unwrap_or("(no name)")),
            share_words(share)
        ),
        url: share
            .url
            .as_deref()
            .unwrap_or("(the server gave no address yet: r asks again)"),
    });
    frame.render_widget(Paragraph::new(lines), inner);
}

fn state_of(share: &Share) -> (&'static str, ratatui::style::Style) {
    if share.enabled == Some(false) {
        ("disabled", theme::warn())
    } else {
        ("live", theme::ok())
    }
}
