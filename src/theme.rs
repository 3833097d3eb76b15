//! Semantic styles. The colours come from the app's theme (`theme.toml`: a dark or
//! light preset plus overrides), made current on the drawing thread by `ui::draw` for
//! the frame it draws. With `NO_COLOR` set only bold/reverse/dim are used.

use std::cell::Cell;
use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType};

fn no_color() -> bool {
    static NO_COLOR: OnceLock<bool> = OnceLock::new();
    *NO_COLOR.get_or_init(|| std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
}

/// Semantic colours. `selection: None` draws the cursor reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub accent: Color,
    pub error: Color,
    pub ok: Color,
    pub warn: Color,
    pub marked: Color,
    pub stars: Color,
    pub key: Color,
    pub selection: Option<Color>,
    pub selection_text: Option<Color>,
}

impl Theme {
    pub(crate) fn dark() -> Theme {
        Theme {
            accent: Color::Cyan,
            error: Color::Red,
            ok: Color::Green,
            warn: Color::Yellow,
            marked: Color::Yellow,
            stars: Color::Yellow,
            key: Color::Cyan,
            selection: None,
            selection_text: None,
        }
    }

    pub fn light() -> Theme {
        Theme {
            accent: Color::Blue,
            error: Color::Red,
            ok: Color::Green,
            warn: Color::Magenta,
            marked: Color::Magenta,
            stars: Color::Rgb(0xb0, 0x70, 0x00),
            key: Color::Blue,
            selection: None,
            selection_text: None,
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

thread_local! {
    // Per thread, not per process: each app (and each test) draws with its own theme.
    static CURRENT: Cell<Theme> = Cell::new(Theme::default());
}

/// Draw with `theme` on this thread from now on (`ui::draw` passes the app's).
pub(crate) fn set_current(theme: Theme) {
    CURRENT.with(|c| c.set(theme));
}

pub fn current() -> Theme {
    CURRENT.with(Cell::get)
}

fn fg(pick: fn(&Theme) -> Color) -> Style {
    if no_color() {
        Style::default()
    } else {
        Style::default().fg(pick(&current()))
    }
}

pub(crate) fn accent() -> Style {
    fg(|t| t.accent)
}

pub(crate) fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

pub fn error() -> Style {
    fg(|t| t.error).add_modifier(Modifier::BOLD)
}

pub fn ok() -> Style {
    fg(|t| t.ok)
}

pub fn warn() -> Style {
    fg(|t| t.warn)
}

pub fn marked() -> Style {
    fg(|t| t.marked).add_modifier(Modifier::BOLD)
}

pub fn stars() -> Style {
    fg(|t| t.stars)
}

/// The row or tile under the cursor; dimmer when its pane is not focused.
pub fn cursor(focused: bool) -> Style {
    if !focused {
        return Style::default().add_modifier(Modifier::UNDERLINED);
    }
    let t = current();
    match t.selection {
        Some(bg) if !no_color() => {
            let s = Style::default().bg(bg).add_modifier(Modifier::BOLD);
            match t.selection_text {
                Some(c) => s.fg(c),
                None => s,
            }
        }
        _ if no_color() => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        _ => Style::default().add_modifier(Modifier::REVERSED),
    }
}

/// A removable filter chip above the grid.
pub fn chip() -> Style {
    if no_color() {
        return Style::default().add_modifier(Modifier::REVERSED);
    }
    Style::default()
        .fg(Color::Black)
        .bg(current().warn)
        .add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    fg(|t| t.key).add_modifier(Modifier::BOLD)
}

pub(crate) fn pane_block(title: &str, focused: bool) -> Block<'static> {
    let block = Block::bordered().title(title.to_string());
    if focused {
        block.border_type(BorderType::Thick).border_style(accent())
    } else {
        block.border_style(dim())
    }
}
