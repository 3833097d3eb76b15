//! Drawing the upload picker: the line being typed, what it found, what is added so far.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::panes::upload_picker::UploadPicker;
use crate::text::{file_size, safe, truncate};
use crate::theme;

pub(crate) fn draw(frame: &mut Frame, area: Rect, picker: &UploadPicker) {
    let box_area = super::centred(area, 76, 16);
    let name = safe(&picker.target.folder_name);
    let title = match picker.target.version_of {
        Some(_) => format!(" A new version of {name} — one file "),
        None => format!(" Upload into {name} "),
    };
    let block = theme::pane_block(&title, true);
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let width = inner.width as usize;
    let mut lines = vec![Line::styled(
        "A file, a directory (its sub-directories become sub-folders) or a pattern:",
        theme::dim(),
    )];
    let field = width.saturating_sub(2);
    let scroll = picker.input.visual_scroll(field);
    let visible: String = picker.input.value().chars().skip(scroll).collect();
    lines.push(Line::from(vec![
        Span::styled("> ", theme::key()),
        Span::raw(truncate(&safe(&visible), field)),
    ]));
    let (text, style) = match (&picker.scanning, &picker.message) {
        (Some(typed), _) => (format!("Looking at {}…", safe(typed)), theme::dim()),
        (None, Some((m, true))) => (safe(m), theme::error()),
        (None, Some((m, false))) => (safe(m), theme::dim()),
        (None, None) => (String::new(), theme::dim()),
    };
    lines.push(Line::styled(truncate(&text, width), style));
    lines.push(Line::raw(""));
    let (files, bytes) = picker.totals();
    lines.push(Line::styled(
        match files {
            0 => "Nothing added yet.".to_string(),
            n => format!(
                "{n} file{} · {} added:",
                if n == 1 { "" } else { "s" },
                file_size(Some(bytes.min(i64::MAX as u64) as i64))
            ),
        },
        theme::accent(),
    ));
    let room = (inner.height as usize).saturating_sub(lines.len() + 2);
    let skip = picker.added.len().saturating_sub(room);
    for a in picker.added.iter().skip(skip) {
        lines.push(Line::raw(truncate(
            &format!(
                "  + {} — {} file{} ({})",
                safe(&a.typed),
                a.pick.files.len(),
                if a.pick.files.len() == 1 { "" } else { "s" },
                file_size(Some(a.pick.bytes().min(i64::MAX as u64) as i64))
            ),
            width,
        )));
    }
    while lines.len() + 1 < inner.height as usize {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        truncate(
            "Tab completes · Enter adds · Enter on an empty line goes on · Backspace takes the last out · Esc",
            width,
        ),
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    let cursor_x = picker.input.visual_cursor().saturating_sub(scroll) as u16 + 2;
    if cursor_x < inner.width {
        frame.set_cursor_position((inner.x + cursor_x, inner.y + 1));
    }
}
