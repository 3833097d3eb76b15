//! Drawing the comments on a lightbox or collection: author, time, an edited mark and
//! the text from markdown to plain lines; the line being written at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::panes::comments::Comments;
use crate::text::{safe, truncate, wrap};
use crate::theme;

pub(crate) fn draw(frame: &mut Frame, area: Rect, app: &App, view: &Comments) {
    let kind = if view.on.lightbox {
        "lightbox"
    } else {
        "collection"
    };
    let title = format!(" Comments · {kind} “{}” ", view.name);
    let inner = super::open_box(frame, area, 100, 26, &title);
    let width = inner.width as usize;
    let names = app.comment_names();
    let mut body: Vec<Line> = Vec::new();
    let mut cursor_at = 0;
    if let Some(line) = super::load_state_line(view.loading, view.error.as_deref(), width) {
        body.push(line);
    } else if view.comments.is_empty() {
        body.push(Line::raw("No comments yet: n writes the first."));
    }
    for (i, c) in view.comments.iter().enumerate() {
        let here = i == view.cursor;
        if here {
            cursor_at = body.len();
        }
        let who = c
            .user
            .as_ref()
            .and_then(|u| u.name.clone())
            .unwrap_or_else(|| "someone".into());
        let when = c
            .created_at
            .as_deref()
            .map(|t| t.get(..16).unwrap_or(t).replace('T', " "))
            .unwrap_or_default();
        let mut head = vec![
            Span::styled(if here { "▸ " } else { "  " }, theme::key()),
            Span::styled(safe(&who), theme::accent()),
            Span::styled(format!("  {}", safe(&when)), theme::dim()),
        ];
        if c.edited_at.is_some() {
            head.push(Span::styled("  (edited)", theme::dim()));
        }
        body.push(Line::from(head));
        for line in crate::markdown::to_plain(c.text.as_deref().unwrap_or(""), &names) {
            for part in wrap(&line, width.saturating_sub(4)) {
                body.push(Line::raw(format!("    {part}")));
            }
        }
        body.push(Line::raw(""));
    }
    // The line being written, or what to do, at the bottom.
    let footer: Vec<Line> = match &view.input {
        Some((input, editing)) => {
            let field = width.saturating_sub(2);
            let scroll = input.visual_scroll(field);
            let visible: String = input.value().chars().skip(scroll).collect();
            vec![
                Line::styled(
                    if editing.is_some() {
                        "Editing your comment — Enter saves, Esc keeps it as a draft:"
                    } else {
                        "Your comment (markdown, @username) — Enter sends, Esc keeps it as a draft:"
                    },
                    theme::dim(),
                ),
                Line::from(vec![
                    Span::styled("> ", theme::key()),
                    Span::raw(truncate(&safe(&visible), field)),
                ]),
            ]
        }
        None if view.pending > 0 => vec![Line::styled(
            format!("Sending {} change(s)…", view.pending),
            theme::dim(),
        )],
        None if view.kept.is_some() => vec![Line::styled(
            "An unsent comment is kept: n brings it back.",
            theme::dim(),
        )],
        None => vec![],
    };
    let room = (inner.height as usize).saturating_sub(footer.len());
    let skip = (cursor_at + 4).saturating_sub(room);
    let mut lines: Vec<Line> = body.into_iter().skip(skip).take(room).collect();
    while lines.len() < room {
        lines.push(Line::raw(""));
    }
    lines.extend(footer);
    frame.render_widget(Paragraph::new(lines), inner);
}
