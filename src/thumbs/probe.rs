//! Which image protocol to use, decided once before the event stream starts.
//!
//! ratatui-image 11's stdio query parks a reader thread when the terminal never answers
//! (tmux answers Device Attributes itself but not the rest), and that thread then
//! swallows the user's next key. So mgtui asks the terminal itself — kitty graphics
//! query, cell size, Device Attributes — and reads the answers with `poll(2)` and a
//! deadline, leaving nothing blocked on stdin.

use std::io::Write;
use std::time::{Duration, Instant};

use ratatui_image::picker::{Picker, ProtocolType};

/// `--images` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ImagesMode {
    #[default]
    Auto,
    Kitty,
    Sixel,
    Iterm2,
    Halfblocks,
    Off,
}

/// The outcome of the probe, with the reason for the status bar and `mgtui info`.
#[derive(Clone)]
pub struct ImageSupport {
    /// `None` when images are off.
    pub picker: Option<Picker>,
    pub reason: String,
}

impl std::fmt::Debug for ImageSupport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageSupport")
            .field("protocol", &self.protocol_name())
            .field("reason", &self.reason)
            .finish()
    }
}

impl ImageSupport {
    pub fn off(reason: impl Into<String>) -> ImageSupport {
        ImageSupport {
            picker: None,
            reason: reason.into(),
        }
    }

    /// Deterministic half-blocks with a 10×20 font, as tests use.
    pub fn halfblocks(reason: impl Into<String>) -> ImageSupport {
        ImageSupport {
            picker: Some(Picker::halfblocks()),
            reason: reason.into(),
        }
    }

    pub fn protocol(&self) -> Option<ProtocolType> {
        self.picker.as_ref().map(Picker::protocol_type)
    }

    pub fn protocol_name(&self) -> &'static str {
        match self.protocol() {
            None => "off",
            Some(ProtocolType::Halfblocks) => "half-blocks",
            Some(ProtocolType::Sixel) => "sixel",
            Some(ProtocolType::Kitty) => "kitty",
            Some(ProtocolType::Iterm2) => "iTerm2",
        }
    }

    /// `sixel, font 10×20 (terminal answered the graphics query)`.
    pub fn describe(&self) -> String {
        match &self.picker {
            None => format!("images off ({})", self.reason),
            Some(p) => {
                let f = p.font_size();
                format!(
                    "{}, font {}×{} px ({})",
                    self.protocol_name(),
                    f.width,
                    f.height,
                    self.reason
                )
            }
        }
    }

    /// Protocols that re-send image data whenever their cells are redrawn.
    pub fn resends_on_redraw(&self) -> bool {
        matches!(
            self.protocol(),
            Some(ProtocolType::Sixel) | Some(ProtocolType::Iterm2)
        )
    }
}

fn env_is(var: &str, needle: &str) -> bool {
    std::env::var(var).is_ok_and(|v| v.contains(needle))
}

/// iTerm2 answers the kitty query but draws garbage: force its own protocol.
fn iterm2_by_env() -> bool {
    env_is("TERM_PROGRAM", "iTerm.app") || env_is("LC_TERMINAL", "iTerm2")
}

/// Decide the protocol. Must run before raw mode and the event stream start.
pub fn detect(mode: ImagesMode) -> ImageSupport {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // A forced protocol skips the query; the font size comes from the window's pixel
    // size (TIOCGWINSZ), which needs no answer from the terminal.
    let forced = |p: ProtocolType, why: &str| {
        let mut picker = picker_from_window_size();
        picker.set_protocol_type(p);
        ImageSupport {
            picker: Some(picker),
            reason: why.to_string(),
        }
    };
    match mode {
        ImagesMode::Off => ImageSupport::off("--images off"),
        ImagesMode::Halfblocks if no_color => {
            ImageSupport::off("NO_COLOR is set: half-blocks would be noise")
        }
        ImagesMode::Halfblocks => ImageSupport::halfblocks("--images halfblocks"),
        ImagesMode::Kitty => forced(ProtocolType::Kitty, "--images kitty"),
        ImagesMode::Sixel => forced(ProtocolType::Sixel, "--images sixel"),
        ImagesMode::Iterm2 => forced(ProtocolType::Iterm2, "--images iterm2"),
        ImagesMode::Auto => {
            if iterm2_by_env() {
                return forced(ProtocolType::Iterm2, "iTerm2 detected from the environment");
            }
            match query_picker() {
                Some(p) if p.protocol_type() != ProtocolType::Halfblocks => ImageSupport {
                    picker: Some(p),
                    reason: "the terminal answered the graphics query".into(),
                },
                Some(_) if no_color => {
                    ImageSupport::off("no graphics protocol and NO_COLOR is set")
                }
                Some(p) => ImageSupport {
                    picker: Some(p),
                    reason: "the terminal has no graphics protocol".into(),
                },
                None if no_color => {
                    ImageSupport::off("the terminal did not answer and NO_COLOR is set")
                }
                None => ImageSupport::halfblocks("the terminal did not answer the query"),
            }
        }
    }
}

/// A picker whose font size is the window's pixel size over its cell size, or 10×20.
fn picker_from_window_size() -> Picker {
    match crossterm::terminal::window_size() {
        Ok(ws) if ws.width > 0 && ws.height > 0 && ws.columns > 0 && ws.rows > 0 => {
            let font = ratatui_image::FontSize::new(
                (ws.width / ws.columns).max(1),
                (ws.height / ws.rows).max(1),
            );
            #[allow(deprecated)] // the only constructor that takes a known font size
            Picker::from_fontsize(font)
        }
        _ => Picker::halfblocks(),
    }
}

/// What the terminal said about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Answers {
    pub kitty: bool,
    pub sixel: bool,
    /// Cell size in pixels (from `CSI 16 t`).
    pub cell: Option<(u16, u16)>,
    /// The terminal answered Device Attributes at all.
    pub answered: bool,
}

/// Parse the replies to the kitty graphics query, `CSI 16 t` and Device Attributes.
pub fn parse_answers(bytes: &[u8]) -> Answers {
    let text = String::from_utf8_lossy(bytes);
    let mut a = Answers {
        kitty: text.contains("\x1b_Gi=31;OK"),
        ..Default::default()
    };
    if let Some(start) = text.find("\x1b[6;") {
        let rest = &text[start + 4..];
        if let Some(end) = rest.find('t') {
            let mut parts = rest[..end].split(';').filter_map(|p| p.parse::<u16>().ok());
            if let (Some(h), Some(w)) = (parts.next(), parts.next())
                && h > 0
                && w > 0
            {
                a.cell = Some((w, h));
            }
        }
    }
    if let Some(start) = text.find("\x1b[?") {
        let rest = &text[start + 3..];
        if let Some(end) = rest.find('c') {
            a.answered = true;
            a.sixel = rest[..end].split(';').any(|p| p == "4");
        }
    }
    a
}

fn inside_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t.starts_with("tmux") || t.starts_with("screen"))
}

/// Ask the terminal what it can draw. Our own query, read with `poll(2)` and a hard
/// deadline: unlike ratatui-image 11's stdio query it leaves no thread reading stdin
/// (that thread swallows the user's next key when a terminal never answers).
fn query_picker() -> Option<Picker> {
    let answers = query_terminal(Duration::from_millis(400))?;
    if !answers.answered {
        return None;
    }
    let font = answers.cell.or_else(|| {
        crossterm::terminal::window_size().ok().and_then(|ws| {
            (ws.width > 0 && ws.height > 0 && ws.columns > 0 && ws.rows > 0)
                .then(|| (ws.width / ws.columns, ws.height / ws.rows))
        })
    });
    #[allow(deprecated)] // the only constructor that takes a known font size
    let mut picker = match font {
        Some((w, h)) => Picker::from_fontsize(ratatui_image::FontSize::new(w.max(1), h.max(1))),
        None => Picker::halfblocks(),
    };
    let protocol = if answers.kitty {
        ProtocolType::Kitty
    } else if answers.sixel {
        ProtocolType::Sixel
    } else {
        ProtocolType::Halfblocks
    };
    picker.set_protocol_type(protocol);
    Some(picker)
}

#[cfg(unix)]
fn query_terminal(timeout: Duration) -> Option<Answers> {
    use std::io::IsTerminal;
    use std::os::fd::AsRawFd;
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::enable_raw_mode().ok()?;
    let kitty_query = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
    let kitty_query = if inside_tmux() {
        // tmux forwards it to the outer terminal only inside a passthrough.
        format!(
            "\x1bPtmux;{}\x1b\\",
            kitty_query.replace('\x1b', "\x1b\x1b")
        )
    } else {
        kitty_query.to_string()
    };
    let mut out = std::io::stdout();
    let sent = write!(out, "{kitty_query}\x1b[16t\x1b[c")
        .and_then(|_| out.flush())
        .is_ok();
    let fd = stdin.as_raw_fd();
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    while sent && Instant::now() < deadline {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut pfd, 1, left.as_millis().clamp(1, 1000) as i32) };
        if ready <= 0 {
            continue;
        }
        let mut buf = [0u8; 256];
        // SAFETY: reading into a local buffer of the given length; poll said it is ready.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n as usize]);
        // Device Attributes comes last: every earlier answer is in by then.
        if parse_answers(&seen).answered {
            break;
        }
    }
    let _ = crossterm::terminal::disable_raw_mode();
    Some(parse_answers(&seen))
}

#[cfg(not(unix))]
fn query_terminal(_timeout: Duration) -> Option<Answers> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_modes_and_off() {
        assert!(detect(ImagesMode::Off).picker.is_none());
        let s = ImageSupport::halfblocks("test");
        assert_eq!(s.protocol_name(), "half-blocks");
        assert!(s.describe().contains("half-blocks, font 10×20"));
        assert!(!s.resends_on_redraw());
    }

    #[test]
    fn no_terminal_means_no_query() {
        // Under `cargo test` stdin/stdout are not terminals: nothing is sent or awaited.
        assert!(query_terminal(Duration::from_millis(50)).is_none());
    }

    #[test]
    fn parses_terminal_answers() {
        let xterm = parse_answers(b"\x1b[6;20;10t\x1b[?63;1;2;4;6;9;15;22c");
        assert_eq!(
            xterm,
            Answers {
                kitty: false,
                sixel: true,
                cell: Some((10, 20)),
                answered: true
            }
        );
        let kitty = parse_answers(b"\x1b_Gi=31;OK\x1b\\\x1b[6;34;16t\x1b[?62;c");
        assert!(kitty.kitty && !kitty.sixel && kitty.answered);
        assert_eq!(kitty.cell, Some((16, 34)));
        let silent = parse_answers(b"");
        assert!(!silent.answered);
        let partial = parse_answers(b"\x1b[6;20;1");
        assert_eq!(partial.cell, None);
    }
}
