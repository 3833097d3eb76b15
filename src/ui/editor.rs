//! Drawing the metadata editor in the right pane: sections, one row per field (more for
//! long text and keywords), dirty marks, read-only fields in grey, the server's messages
//! under the fields they name, and the conflict comparison.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Areas, areas};
use crate::app::state::{App, Focus};
use crate::editor::field::{Field, Widget};
use crate::editor::{Editor, SaveState};
use crate::text::{safe, stars, truncate};
use crate::theme;

/// Label column width (dirty mark included).
const LABEL_W: usize = 16;

/// Pane layout while the editor is open: the right pane is wider so the form has room.
pub(crate) fn editor_areas(area: Rect, focus: Focus) -> Areas {
    let mut a = areas(area, focus);
    if area.width > 100 {
        let [body, _, _] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let tree_w = (area.width / 6).clamp(20, 30);
        let ed_w = (area.width * 2 / 5).clamp(44, 80);
        let [t, g, d] = Layout::horizontal([
            Constraint::Length(tree_w),
            Constraint::Min(10),
            Constraint::Length(ed_w),
        ])
        .areas(body);
        a.tree = Some(t);
        a.grid = Some(g);
        a.details = Some(d);
    } else if area.width > 60
        && let (Some(g), Some(d)) = (a.grid, a.details)
    {
        let total = g.width + d.width;
        let ed_w = (total * 3 / 5).max(30);
        let [g2, d2] = Layout::horizontal([Constraint::Min(10), Constraint::Length(ed_w)])
            .areas(Rect::new(g.x, g.y, total, g.height));
        a.grid = Some(g2);
        a.details = Some(d2);
    }
    a
}

/// One drawn row and whether it belongs to the focused field.
struct Rows {
    lines: Vec<Line<'static>>,
    focus_top: usize,
    focus_bottom: usize,
    /// (x, row) of the text cursor in the focused field.
    cursor: Option<(u16, usize)>,
}

impl Rows {
    fn push(&mut self, l: Line<'static>) {
        self.lines.push(l);
    }
}

fn value_style(f: &Field) -> Style {
    if f.read_only {
        theme::dim()
    } else {
        Style::default()
    }
}

fn label_span(f: &Field, focused: bool) -> Vec<Span<'static>> {
    let mark = if f.is_dirty() {
        Span::styled("*", theme::warn().add_modifier(Modifier::BOLD))
    } else {
        Span::raw(" ")
    };
    let text = format!("{:<w$}", truncate(&f.label, LABEL_W - 2), w = LABEL_W - 2);
    let style = if focused {
        theme::cursor(true)
    } else if f.read_only {
        theme::dim()
    } else {
        theme::accent()
    };
    vec![mark, Span::styled(text, style), Span::raw(" ")]
}

fn field_rows(rows: &mut Rows, f: &Field, focused: bool, width: usize) {
    let vw = width.saturating_sub(LABEL_W).max(4);
    let start = rows.lines.len();
    match &f.widget {
        Widget::Line { input, .. } => {
            let mut spans = label_span(f, focused);
            if focused {
                let scroll = input.visual_scroll(vw.saturating_sub(1));
                let visible: String = input.value().chars().skip(scroll).collect();
                spans.push(Span::raw(truncate(&safe(&visible), vw)));
                let x = input.visual_cursor().saturating_sub(scroll) + LABEL_W;
                rows.cursor = Some((x as u16, rows.lines.len()));
            } else {
                spans.push(Span::styled(
                    truncate(&safe(input.value()), vw),
                    value_style(f),
                ));
            }
            rows.push(Line::from(spans));
        }
        Widget::Multi(t) => {
            let mut spans = label_span(f, focused);
            let lines = t.lines();
            let summary = if lines.len() > 1 {
                format!("{} lines", lines.len())
            } else {
                String::new()
            };
            spans.push(Span::styled(summary, theme::dim()));
            rows.push(Line::from(spans));
            let inner = width.saturating_sub(3).max(4);
            let (wrapped, (cx, cy)) = t.wrapped(inner);
            let max_rows = if focused { 8 } else { 3 };
            let first = if focused && cy >= max_rows {
                cy + 1 - max_rows
            } else {
                0
            };
            let shown: Vec<&String> = wrapped.iter().skip(first).take(max_rows).collect();
            let empty = wrapped.len() == 1 && wrapped[0].is_empty();
            if empty && !focused {
                rows.push(Line::from(vec![
                    Span::raw("   "),
                    Span::styled("(empty)", theme::dim()),
                ]));
            } else {
                for (i, r) in shown.iter().enumerate() {
                    if focused && first + i == cy {
                        rows.cursor = Some(((cx + 3) as u16, rows.lines.len()));
                    }
                    rows.push(Line::from(vec![
                        Span::raw("   "),
                        Span::styled(safe(r), value_style(f)),
                    ]));
                }
                let hidden = wrapped.len().saturating_sub(first + shown.len());
                if hidden > 0 {
                    rows.push(Line::styled(
                        format!("   … {hidden} more rows"),
                        theme::dim(),
                    ));
                }
            }
        }
        Widget::Tags(t) => {
            let mut spans = label_span(f, focused);
            spans.push(Span::styled(
                format!(
                    "{} keyword{}",
                    t.chips.len(),
                    if t.chips.len() == 1 { "" } else { "s" }
                ),
                theme::dim(),
            ));
            rows.push(Line::from(spans));
            // chips, wrapped
            let mut line: Vec<Span<'static>> = vec![Span::raw("   ")];
            let mut used = 3;
            for (i, c) in t.chips.iter().enumerate() {
                let text = format!("[{}]", truncate(&safe(c), width.saturating_sub(6)));
                let w = text.width() + 1;
                if used + w > width && used > 3 {
                    rows.push(Line::from(std::mem::replace(
                        &mut line,
                        vec![Span::raw("   ")],
                    )));
                    used = 3;
                }
                let style = if focused && t.selected_chip == Some(i) {
                    theme::cursor(true)
                } else if f.read_only {
                    theme::dim()
                } else {
                    theme::ok()
                };
                line.push(Span::styled(text, style));
                line.push(Span::raw(" "));
                used += w;
            }
            if used > 3 {
                rows.push(Line::from(line));
            }
            if focused {
                let iw = width.saturating_sub(6).max(4);
                let scroll = t.input.visual_scroll(iw);
                let visible: String = t.input.value().chars().skip(scroll).collect();
                rows.cursor = Some((
                    (t.input.visual_cursor().saturating_sub(scroll) + 5) as u16,
                    rows.lines.len(),
                ));
                rows.push(Line::from(vec![
                    Span::styled("   + ", theme::key()),
                    Span::raw(truncate(&safe(&visible), iw)),
                ]));
                for (i, s) in t.suggestions.iter().enumerate() {
                    let style = if t.suggestion == Some(i) {
                        theme::cursor(true)
                    } else {
                        theme::dim()
                    };
                    rows.push(Line::from(vec![
                        Span::raw("     "),
                        Span::styled(truncate(&safe(s), width.saturating_sub(6)), style),
                    ]));
                }
            }
        }
        Widget::Choice {
            options,
            multi,
            chosen,
            highlight,
        } => {
            let mut spans = label_span(f, focused);
            if *multi {
                let mut line_spans = spans;
                let mut used = LABEL_W;
                let mut first_line = true;
                for (i, (v, label)) in options.iter().enumerate() {
                    let on = chosen.contains(v);
                    let text = format!("[{}] {}", if on { "x" } else { " " }, safe(label));
                    let w = text.width() + 1;
                    if used + w > width && used > LABEL_W {
                        rows.push(Line::from(std::mem::replace(
                            &mut line_spans,
                            vec![Span::raw(" ".repeat(LABEL_W))],
                        )));
                        used = LABEL_W;
                        first_line = false;
                    }
                    let style = if focused && i == *highlight {
                        theme::cursor(true)
                    } else if on {
                        value_style(f).add_modifier(Modifier::BOLD)
                    } else {
                        value_style(f).add_modifier(Modifier::DIM)
                    };
                    line_spans.push(Span::styled(text, style));
                    line_spans.push(Span::raw(" "));
                    used += w;
                }
                let _ = first_line;
                rows.push(Line::from(line_spans));
            } else {
                let label = options
                    .iter()
                    .find(|(v, _)| chosen.first().is_some_and(|c| c == v))
                    .map(|(_, l)| safe(l))
                    .unwrap_or_else(|| "(not set)".into());
                if focused {
                    spans.push(Span::styled("◂ ", theme::key()));
                    spans.push(Span::raw(truncate(&label, vw.saturating_sub(4))));
                    spans.push(Span::styled(" ▸", theme::key()));
                } else {
                    spans.push(Span::styled(truncate(&label, vw), value_style(f)));
                }
                rows.push(Line::from(spans));
            }
        }
        Widget::Rating(r) => {
            let mut spans = label_span(f, focused);
            spans.push(Span::styled(stars(*r), theme::stars()));
            if focused {
                spans.push(Span::styled("  0–5 · ←/→", theme::dim()));
            }
            rows.push(Line::from(spans));
        }
    }
    let mut errs: Vec<String> = f.errors.clone();
    if f.is_dirty()
        && let Some(e) = f.local_error()
    {
        errs.push(e);
    }
    for e in errs {
        rows.push(Line::from(vec![
            Span::raw(" ".repeat(LABEL_W.min(width / 3))),
            Span::styled(format!("✗ {}", safe(&e)), theme::error()),
        ]));
    }
    if focused && let Some(h) = &f.help {
        rows.push(Line::styled(
            format!(
                "{}{}",
                " ".repeat(LABEL_W.min(width / 3)),
                truncate(&safe(h), vw)
            ),
            theme::dim(),
        ));
    }
    if focused {
        rows.focus_top = start;
        rows.focus_bottom = rows.lines.len();
    }
}

/// Draw the editor into `r`.
pub fn draw(frame: &mut Frame, r: Rect, app: &App, ed: &Editor, focused: bool) {
    frame.render_widget(Clear, r);
    let dirty = ed.is_dirty();
    let label = ed
        .form
        .as_ref()
        .map(|f| f.label.clone())
        .unwrap_or_else(|| format!("asset {}", ed.asset_id));
    let title = format!(
        " Edit{} · {} ",
        if dirty { " *" } else { "" },
        truncate(&safe(&label), r.width.saturating_sub(14) as usize)
    );
    let mut block = theme::pane_block(&title, focused);
    match &ed.save {
        SaveState::Saving => {
            block = block.title_bottom(Line::styled(" ⟳ saving… ", theme::warn()).right_aligned())
        }
        SaveState::Failed(_) => {
            block = block.title_bottom(
                Line::styled(" ✗ not saved — C-s retry ", theme::error()).right_aligned(),
            )
        }
        SaveState::Idle if dirty => {
            let n = ed.form.as_ref().map(|f| f.dirty_count()).unwrap_or(0);
            block = block.title_bottom(
                Line::styled(format!(" {n} unsaved · C-s save "), theme::warn()).right_aligned(),
            )
        }
        SaveState::Idle => {}
    }
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    let Some(form) = &ed.form else {
        frame.render_widget(
            Paragraph::new(Line::styled("Loading the asset…", theme::dim())),
            inner,
        );
        return;
    };
    if ed.comparing {
        draw_compare(frame, inner, app, ed);
        return;
    }
    let mut rows = Rows {
        lines: Vec::new(),
        focus_top: 0,
        focus_bottom: 0,
        cursor: None,
    };
    if form.fields.iter().any(|f| f.read_only) {
        let all = form.fields.iter().all(|f| f.read_only);
        rows.push(Line::styled(
            if all {
                "Read-only: you may not edit this asset".to_string()
            } else {
                "Grey fields are read-only (permissions)".to_string()
            },
            theme::dim(),
        ));
    }
    let mut section = None;
    for (i, f) in form.fields.iter().enumerate() {
        if section != Some(f.section) {
            section = Some(f.section);
            let t = format!("── {} ", f.section.title());
            let fill = width.saturating_sub(t.width());
            rows.push(Line::styled(
                format!("{t}{}", "─".repeat(fill)),
                theme::dim(),
            ));
        }
        field_rows(&mut rows, f, focused && i == form.focus, width);
    }
    // Keep the focused field in view.
    let h = inner.height as usize;
    let mut top = ed.scroll.get() as usize;
    if rows.focus_bottom > top + h {
        top = rows.focus_bottom.saturating_sub(h);
    }
    if rows.focus_top < top {
        top = rows.focus_top.saturating_sub(1);
    }
    top = top.min(rows.lines.len().saturating_sub(h));
    ed.scroll.set(top as u16);
    let shown: Vec<Line> = rows
        .lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|l| fit(l, width))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if focused
        && app.modals.confirm.is_none()
        && let Some((x, row)) = rows.cursor
        && row >= top
        && row < top + h
        && (x as usize) < width
    {
        frame.set_cursor_position((inner.x + x, inner.y + (row - top) as u16));
    }
}

/// Cut a line to `width` cells.
fn fit(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut used = 0;
    let mut out = Vec::new();
    for s in line.spans {
        let w = s.content.width();
        if used + w <= width {
            used += w;
            out.push(s);
        } else {
            out.push(Span::styled(truncate(&s.content, width - used), s.style));
            break;
        }
    }
    Line::from(out)
}

fn draw_compare(frame: &mut Frame, area: Rect, app: &App, ed: &Editor) {
    let (Some(form), Some(server)) = (&ed.form, &ed.conflict) else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "Nothing to compare — Esc back to the form",
                theme::dim(),
            )),
            area,
        );
        return;
    };
    let w = area.width as usize;
    let mut lines = vec![
        Line::styled("Changed on the server since you opened it", theme::warn()),
        Line::styled("Esc back to the form · C-s save (asks again)", theme::dim()),
        Line::raw(""),
    ];
    for (label, was, theirs, yours) in
        form.compare(server, &app.session.fields, &app.session.rights_packages)
    {
        lines.push(Line::styled(safe(&label), theme::accent()));
        for (tag, v, style) in [
            ("  loaded: ", was, theme::dim()),
            ("  server: ", theirs, theme::warn()),
            ("  yours:  ", yours, theme::ok()),
        ] {
            lines.push(Line::from(vec![
                Span::styled(tag, theme::dim()),
                Span::styled(truncate(&safe(&v), w.saturating_sub(10)), style),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
