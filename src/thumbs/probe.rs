//! Which image protocol to use.
//!
//! Forced modes decide at once. `auto` asks the terminal (kitty graphics query, cell
//! size, Device Attributes) and reads the answers through the app's own input reader
//! ([`crate::terminal_input`]), which knows an answer from a key whenever it arrives.
//! The first frame waits at most [`FIRST_WAIT`] for the answers; one that comes later
//! (a slow SSH link, or kitty's answer through tmux, which answers Device Attributes
//! itself at once) upgrades the protocol while the app runs.

use std::io::Write;
use std::time::Duration;

use crate::terminal_input::Reply;

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
    /// The terminal decodes PNG kitty images (`f=100`): pictures are sent as PNGs, else
    /// as raw pixels. Only ever set by the terminal's own answer.
    pub kitty_png: bool,
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
            kitty_png: false,
        }
    }

    /// Deterministic half-blocks with a 10×20 font, as tests use.
    pub fn halfblocks(reason: impl Into<String>) -> ImageSupport {
        ImageSupport {
            picker: Some(Picker::halfblocks()),
            reason: reason.into(),
            kitty_png: false,
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
                let png = if self.kitty_png { " (png)" } else { "" };
                format!(
                    "{}{png}, font {}×{} px ({})",
                    self.protocol_name(),
                    f.width,
                    f.height,
                    self.reason
                )
            }
        }
    }

    /// Protocols that re-send image data whenever their cells are redrawn.
    pub(crate) fn resends_on_redraw(&self) -> bool {
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
/// WezTerm answers the kitty query but draws no Unicode placeholders; its iTerm2
/// pictures work (and it scales them itself).
fn iterm2_by_env() -> bool {
    env_is("TERM_PROGRAM", "iTerm.app")
        || env_is("LC_TERMINAL", "iTerm2")
        || env_is("TERM_PROGRAM", "WezTerm")
}

/// How long the first frame waits for the terminal's answers. A terminal on this
/// machine answers in a millisecond; over a slow link the answer upgrades the protocol
/// when it comes.
pub const FIRST_WAIT: Duration = Duration::from_millis(150);
/// `mgtui info` waits this long, since it has nothing to draw meanwhile.
pub const INFO_WAIT: Duration = Duration::from_millis(1500);

fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The protocol when it can be decided without asking the terminal: every mode but
/// `auto`, and `auto` in iTerm2. `None` means: ask ([`Probe`]).
pub(crate) fn decide_without_query(mode: ImagesMode) -> Option<ImageSupport> {
    // A forced protocol skips the query; the font size comes from the window's pixel
    // size (TIOCGWINSZ), which needs no answer from the terminal.
    let forced = |p: ProtocolType, why: &str| {
        let mut picker = picker_from_window_size();
        picker.set_protocol_type(p);
        Some(ImageSupport {
            picker: Some(picker),
            reason: why.to_string(),
            kitty_png: false,
        })
    };
    match mode {
        ImagesMode::Off => Some(ImageSupport::off("--images off")),
        ImagesMode::Halfblocks if no_color() => Some(ImageSupport::off(
            "NO_COLOR is set: half-blocks would be noise",
        )),
        ImagesMode::Halfblocks => Some(ImageSupport::halfblocks("--images halfblocks")),
        ImagesMode::Kitty => forced(ProtocolType::Kitty, "--images kitty"),
        ImagesMode::Sixel => forced(ProtocolType::Sixel, "--images sixel"),
        ImagesMode::Iterm2 => forced(ProtocolType::Iterm2, "--images iterm2"),
        ImagesMode::Auto if iterm2_by_env() => forced(
            ProtocolType::Iterm2,
            "iTerm2 or WezTerm, from the environment",
        ),
        ImagesMode::Auto => None,
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
    /// The PNG kitty query was understood (`f=100`).
    pub kitty_png: bool,
    pub sixel: bool,
    /// Cell size in pixels (from `CSI 16 t`).
    pub cell: Option<(u16, u16)>,
    /// The terminal answered Device Attributes at all.
    pub answered: bool,
}

fn inside_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t.starts_with("tmux") || t.starts_with("screen"))
}

/// The questions asked of the terminal and what it has answered so far.
#[derive(Debug, Clone)]
pub struct Probe {
    answers: Answers,
    tmux: bool,
    kitty_answered: bool,
    png_answered: bool,
}

/// The kitty query: a one-pixel image, checked (`a=q`) and never stored.
const KITTY_QUERY: &str = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
/// The same pixel as a PNG (`f=100`): answered OK only by a terminal that decodes it.
const KITTY_PNG_QUERY: &str = "\x1b_Gi=32,a=q,t=d,f=100;iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC\x1b\\";
const KITTY_ID: u32 = 31;
const KITTY_PNG_ID: u32 = 32;

impl Probe {
    /// Ask: the kitty graphics queries, raw pixels and PNG (inside a tmux passthrough
    /// under tmux), the cell size and Device Attributes, in one write. The answers come
    /// as [`Reply`] values from the input reader.
    pub fn send(out: &mut impl Write) -> std::io::Result<Probe> {
        let tmux = inside_tmux();
        let kitty_query = format!("{KITTY_QUERY}{KITTY_PNG_QUERY}");
        let kitty_query = if tmux {
            // tmux forwards it to the outer terminal only inside a passthrough.
            format!(
                "\x1bPtmux;{}\x1b\\",
                kitty_query.replace('\x1b', "\x1b\x1b")
            )
        } else {
            kitty_query.to_string()
        };
        write!(out, "{kitty_query}\x1b[16t\x1b[c")?;
        out.flush()?;
        Ok(Probe {
            answers: Answers::default(),
            tmux,
            kitty_answered: false,
            png_answered: false,
        })
    }

    /// Take one answer. Returns whether everything asked has been answered.
    pub(crate) fn on_reply(&mut self, reply: &Reply) -> bool {
        match reply {
            Reply::KittyGraphics {
                id: Some(KITTY_PNG_ID),
                ok,
            } => {
                self.png_answered = true;
                self.answers.kitty_png |= ok;
            }
            Reply::KittyGraphics { id, ok } if id.is_none_or(|i| i == KITTY_ID) => {
                self.kitty_answered = true;
                self.answers.kitty |= ok;
            }
            Reply::KittyGraphics { .. } => {}
            Reply::CellSize { width, height } => self.answers.cell = Some((*width, *height)),
            Reply::DeviceAttributes { sixel } => {
                self.answers.answered = true;
                self.answers.sixel = *sixel;
            }
            Reply::Other => {}
        }
        self.complete()
    }

    /// A terminal answers in order, so Device Attributes (asked last) closes the
    /// round. Under tmux it says nothing about the outer terminal (tmux answers it
    /// itself): there only the kitty answer does, and a terminal without kitty graphics
    /// never sends one.
    pub(crate) fn complete(&self) -> bool {
        if self.tmux {
            // A terminal with kitty graphics answers the PNG query too.
            self.kitty_answered && (!self.answers.kitty || self.png_answered)
        } else {
            self.answers.answered
        }
    }

    /// The protocol the answers so far allow.
    pub(crate) fn support(&self) -> ImageSupport {
        let a = &self.answers;
        let protocol = if a.kitty {
            ProtocolType::Kitty
        } else if a.sixel {
            ProtocolType::Sixel
        } else {
            ProtocolType::Halfblocks
        };
        if protocol == ProtocolType::Halfblocks && no_color() {
            return ImageSupport::off(if a.answered {
                "no graphics protocol and NO_COLOR is set"
            } else {
                "the terminal did not answer and NO_COLOR is set"
            });
        }
        if !a.answered && !a.kitty {
            return ImageSupport::halfblocks("the terminal did not answer the query");
        }
        let font = a.cell.or_else(|| {
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
        picker.set_protocol_type(protocol);
        let reason = if protocol == ProtocolType::Halfblocks {
            "the terminal has no graphics protocol"
        } else {
            "the terminal answered the graphics query"
        };
        ImageSupport {
            picker: Some(picker),
            reason: reason.into(),
            kitty_png: protocol == ProtocolType::Kitty && a.kitty_png,
        }
    }

    /// Ask and wait up to `wait` for the answers; keys that arrive meanwhile are kept
    /// in `reader` for the app, in order.
    #[cfg(unix)]
    pub async fn ask(
        reader: &mut crate::terminal_input::reader::InputReader,
        wait: Duration,
    ) -> std::io::Result<Probe> {
        let mut probe = Probe::send(&mut std::io::stdout())?;
        let deadline = tokio::time::Instant::now() + wait;
        let mut kept = Vec::new();
        while !probe.complete() {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                break;
            }
            match reader.next_within(left).await {
                Some(crate::terminal_input::Input::Reply(r)) => {
                    probe.on_reply(&r);
                }
                Some(other) => kept.push(other),
                None => break,
            }
        }
        for input in kept {
            reader.hold(input);
        }
        Ok(probe)
    }
}

/// How much a protocol shows: an answer that arrives late only ever upgrades.
pub fn rank(protocol: Option<ProtocolType>) -> u8 {
    match protocol {
        None => 0,
        Some(ProtocolType::Halfblocks) => 1,
        Some(ProtocolType::Sixel) | Some(ProtocolType::Iterm2) => 2,
        Some(ProtocolType::Kitty) => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_modes_and_off() {
        assert!(
            decide_without_query(ImagesMode::Off)
                .unwrap()
                .picker
                .is_none()
        );
        assert!(decide_without_query(ImagesMode::Auto).is_none() || iterm2_by_env());
        let s = ImageSupport::halfblocks("test");
        assert_eq!(s.protocol_name(), "half-blocks");
        assert!(s.describe().contains("half-blocks, font 10×20"));
        assert!(!s.resends_on_redraw());
    }

    #[test]
    fn answers_decide_the_protocol() {
        let mut p = Probe {
            answers: Answers::default(),
            tmux: false,
            kitty_answered: false,
            png_answered: false,
        };
        assert_eq!(p.support().protocol_name(), "half-blocks");
        assert!(!p.on_reply(&Reply::CellSize {
            width: 10,
            height: 20
        }));
        assert!(p.on_reply(&Reply::DeviceAttributes { sixel: true }));
        let s = p.support();
        assert_eq!(s.protocol_name(), "sixel");
        assert!(s.describe().contains("font 10×20"), "{}", s.describe());
        p.on_reply(&Reply::KittyGraphics {
            id: Some(31),
            ok: true,
        });
        assert_eq!(p.support().protocol_name(), "kitty");
        assert!(!p.support().kitty_png, "not asked about PNG yet");
        assert!(rank(p.support().protocol()) > rank(Some(ProtocolType::Sixel)));
    }

    #[test]
    fn under_tmux_only_the_kitty_answer_completes() {
        let mut p = Probe {
            answers: Answers::default(),
            tmux: true,
            kitty_answered: false,
            png_answered: false,
        };
        assert!(!p.on_reply(&Reply::DeviceAttributes { sixel: false }));
        assert!(p.on_reply(&Reply::KittyGraphics {
            id: Some(31),
            ok: false
        }));
        assert_eq!(p.support().protocol_name(), "half-blocks");
    }

    #[test]
    fn the_png_query_decides_png_and_under_tmux_completes_the_round() {
        let mut p = Probe {
            answers: Answers::default(),
            tmux: true,
            kitty_answered: false,
            png_answered: false,
        };
        let kitty = |id, ok| Reply::KittyGraphics { id: Some(id), ok };
        assert!(!p.on_reply(&kitty(KITTY_ID, true)), "the PNG answer is due");
        assert!(!p.support().kitty_png);
        assert!(p.on_reply(&kitty(KITTY_PNG_ID, true)));
        let s = p.support();
        assert!(
            s.kitty_png && s.describe().starts_with("kitty (png)"),
            "{}",
            s.describe()
        );
        // A terminal that draws kitty images but cannot decode PNG ones says so.
        let mut q = p.clone();
        q.answers.kitty_png = false;
        q.on_reply(&kitty(KITTY_PNG_ID, false));
        assert!(!q.support().kitty_png);
        // PNG without kitty graphics means nothing.
        let mut r = Probe {
            answers: Answers::default(),
            tmux: false,
            kitty_answered: false,
            png_answered: false,
        };
        r.on_reply(&kitty(KITTY_PNG_ID, true));
        r.on_reply(&Reply::DeviceAttributes { sixel: true });
        assert!(!r.support().kitty_png);
        assert_eq!(r.support().protocol_name(), "sixel");
    }

    #[test]
    fn the_probe_asks_both_kitty_queries_in_one_write() {
        let mut out = Vec::new();
        Probe::send(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("i=31,") && text.contains("i=32,"), "{text:?}");
        assert!(text.contains("i=32,a=q,t=d,f=100;iVBOR"), "{text:?}");
    }
}
