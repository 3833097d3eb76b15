//! Semantic styles. With `NO_COLOR` set only bold/reverse/dim are used.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType};

fn no_color() -> bool {
    static NO_COLOR: OnceLock<bool> = OnceLock::new();
    *NO_COLOR.get_or_init(|| std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
}

fn fg(c: Color) -> Style {
    if no_color() {
        Style::default()
    } else {
        Style::default().fg(c)
    }
}

pub fn accent() -> Style {
    fg(Color::Cyan)
}

pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

pub fn error() -> Style {
    fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn ok() -> Style {
    fg(Color::Green)
}

pub fn warn() -> Style {
    fg(Color::Yellow)
}

pub fn marked() -> Style {
    fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn stars() -> Style {
    fg(Color::Yellow)
}

/// The row or tile under the cursor; dimmer when its pane is not focused.
pub fn cursor(focused: bool) -> Style {
    if focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default().add_modifier(Modifier::UNDERLINED)
    }
}

pub fn key() -> Style {
    accent().add_modifier(Modifier::BOLD)
}

pub fn pane_block(title: &str, focused: bool) -> Block<'static> {
    let block = Block::bordered().title(title.to_string());
    if focused {
        block.border_type(BorderType::Thick).border_style(accent())
    } else {
        block.border_style(dim())
    }
}
