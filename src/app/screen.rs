//! What the event loop needs to know about the screen: whether to draw, whether to
//! repaint everything, its size, the status message, and whether to quit.

use std::time::Instant;

#[derive(Debug, Clone)]
pub struct Flash {
    pub text: String,
    pub error: bool,
    pub at: Instant,
}

#[derive(Debug)]
pub struct Screen {
    /// Something changed since the last draw.
    pub dirty: bool,
    /// Ask the terminal to clear and repaint everything.
    pub full_redraw: bool,
    pub size: (u16, u16),
    pub should_quit: bool,
    /// The status message, until it expires.
    pub flash: Option<Flash>,
    /// Largest useful scroll of an overlay, as last drawn.
    pub overlay_max_scroll: std::cell::Cell<u16>,
    /// The colours in force (a preset plus `theme.toml`).
    pub theme: crate::theme::Theme,
    /// An OSC 52 sequence still to write (the last copy wins).
    pub clipboard: Option<Vec<u8>>,
    /// How fast the terminal takes large frames.
    pub link: super::link::LinkMeter,
}

impl Default for Screen {
    fn default() -> Screen {
        Screen {
            dirty: true,
            full_redraw: false,
            size: (80, 24),
            should_quit: false,
            flash: None,
            overlay_max_scroll: std::cell::Cell::new(u16::MAX),
            theme: Default::default(),
            clipboard: None,
            link: Default::default(),
        }
    }
}

/// How keys and the mouse arrive: mouse settings, and whether the key being handled
/// came faster than a person types (terminal_input), so an action that writes asks first.
#[derive(Debug, Clone, Default)]
pub struct InputState {
    pub mouse: super::mouse::MouseState,
    pub suspect: bool,
    /// The keymap in force (defaults plus `keymap.toml`).
    pub keymap: std::sync::Arc<crate::keymap::Keymap>,
}
