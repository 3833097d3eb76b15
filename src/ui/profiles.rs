//! The organisation switcher overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::state::App;
use crate::text::safe;
use crate::theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, cursor: usize) {
    let mut lines = vec![Line::styled(
        "Enter switch · Esc close · profiles come from config.toml (mgtui login --profile NAME)",
        theme::dim(),
    )];
    for (i, p) in app.session.account.profiles.iter().enumerate() {
        let active = app.session.account.active.as_deref() == Some(p.name.as_str());
        let mut line = Line::from(vec![
            Span::raw(if active { "● " } else { "  " }),
            Span::styled(format!("{:<16}", safe(&p.name)), theme::key()),
            Span::raw(format!(" {}", safe(&p.detail))),
        ]);
        if i == cursor {
            line = line.style(theme::cursor(true));
        }
        lines.push(line);
    }
    let h = (lines.len() as u16).saturating_add(2);
    let w = area.width.min(90);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w,
        h.min(area.height),
    );
    super::draw_scrolling(frame, r, lines, 0, " Switch organisation ", true);
}
