//! Bytes from the terminal → key, mouse, paste and focus events, with every answer the
//! terminal gives to a query recognised and kept apart.
//!
//! crossterm's own parser turns anything it does not know into keys: a kitty graphics
//! answer (`ESC _ G i=31;OK ESC \`) that arrives after the probe gave up became `Alt-_`,
//! `G` (end), `3` and `1` (ratings). Here a sequence is classified by its introducer
//! before any of it can become a key: APC, DCS, OSC, SOS and PM strings, and CSI
//! sequences whose final byte marks an answer (`c`, `t`, `R`, `n`, `y`, `u`), are
//! [`Token::Reply`] and never keys. A sequence split across reads waits for its rest.

use std::time::{Duration, Instant};

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// A lone ESC with nothing after it for this long is the Esc key.
pub(crate) const ESC_TIMEOUT: Duration = Duration::from_millis(50);
/// An unfinished sequence (`ESC [ 6 ; 2`, an APC without its terminator) is dropped
/// when nothing more arrives for this long: a fragment is never turned into keys.
pub(crate) const FRAGMENT_TIMEOUT: Duration = Duration::from_millis(1000);
/// After a lone ESC was taken as the Esc key, a multi-byte read that completes a
/// terminal answer when the ESC is put back in front of it is that answer's tail.
const ORPHAN_WINDOW: Duration = Duration::from_millis(1500);
/// Strings (APC, DCS, OSC) and pastes longer than this are dropped, not buffered.
const MAX_STRING: usize = 1 << 20;
const MAX_PASTE: usize = 64 << 20;

/// What the terminal said about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The answer to a kitty graphics query (`ESC _ G i=ID ; OK ESC \`), or its error;
    /// `id` tells the queries apart.
    KittyGraphics { id: Option<u32>, ok: bool },
    /// `CSI 6 ; height ; width t`: the cell size in pixels.
    CellSize { width: u16, height: u16 },
    /// Primary Device Attributes (`CSI ? … c`); parameter 4 means sixel.
    DeviceAttributes { sixel: bool },
    /// Any other answer (cursor position, window size, colours, modes, capabilities).
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Event(Event),
    Reply(Reply),
}

#[derive(Debug, Default)]
pub struct Parser {
    buf: Vec<u8>,
    /// When the last byte arrived, while `buf` holds an unfinished sequence.
    last_byte: Option<Instant>,
    /// When a lone ESC was last given out as the Esc key after its timeout.
    orphan_esc: Option<Instant>,
}

/// What one attempt at the front of the buffer found.
enum Step {
    /// `n` bytes make one token (or nothing worth reporting).
    Done(usize, Option<Token>),
    /// The sequence is not complete yet.
    Incomplete,
}

impl Parser {
    pub fn new() -> Parser {
        Parser::default()
    }

    /// Feed one read's bytes; complete tokens are appended to `out`.
    pub(crate) fn feed(&mut self, bytes: &[u8], now: Instant, out: &mut Vec<Token>) {
        if bytes.is_empty() {
            return;
        }
        if self.buf.is_empty()
            && bytes.len() > 1
            && self
                .orphan_esc
                .is_some_and(|t| now.saturating_duration_since(t) < ORPHAN_WINDOW)
            && bytes[0] != 0x1b
            && self.is_orphaned_answer(bytes)
        {
            self.buf.push(0x1b);
        }
        self.orphan_esc = None;
        self.buf.extend_from_slice(bytes);
        self.last_byte = Some(now);
        self.drain(out, false);
    }

    /// How long to wait for more bytes before [`Parser::timeout`] should run, if a
    /// sequence is unfinished.
    pub(crate) fn pending_timeout(&self) -> Option<Duration> {
        if self.buf.is_empty() {
            None
        } else if self.buf == [0x1b] {
            Some(ESC_TIMEOUT)
        } else {
            Some(FRAGMENT_TIMEOUT)
        }
    }

    /// Whether the unfinished sequence has waited long enough.
    pub(crate) fn timed_out(&self, now: Instant) -> bool {
        match (self.pending_timeout(), self.last_byte) {
            (Some(limit), Some(t)) => now.saturating_duration_since(t) >= limit,
            _ => false,
        }
    }

    /// Nothing more arrived: a lone ESC is the Esc key, `ESC x` is Alt-x, anything
    /// else unfinished is a fragment of an answer and is dropped.
    pub fn timeout(&mut self, now: Instant, out: &mut Vec<Token>) {
        if self.buf.is_empty() {
            return;
        }
        if self.buf == [0x1b] {
            out.push(key(KeyCode::Esc, KeyModifiers::NONE));
            self.orphan_esc = Some(now);
            self.buf.clear();
            return;
        }
        if self.buf.len() == 2 && self.buf[0] == 0x1b && self.buf[1] == b'O' {
            out.push(key(
                KeyCode::Char('O'),
                KeyModifiers::ALT | KeyModifiers::SHIFT,
            ));
            self.buf.clear();
            return;
        }
        self.drain(out, true);
        self.buf.clear();
        self.last_byte = None;
    }

    /// Put ESC back in front of `bytes`: do they then start with a terminal answer?
    fn is_orphaned_answer(&self, bytes: &[u8]) -> bool {
        let mut probe = Vec::with_capacity(bytes.len() + 1);
        probe.push(0x1b);
        probe.extend_from_slice(bytes);
        match step(&probe, false) {
            Step::Done(_, Some(Token::Reply(_))) => true,
            // An unfinished string (APC, DCS, OSC …) or an answer's CSI on its way.
            Step::Incomplete => match bytes[0] {
                b'_' | b'P' | b']' | b'X' | b'^' => true,
                b'[' => matches!(bytes[1], b'?' | b'>' | b'=' | b'0'..=b'9'),
                _ => false,
            },
            _ => false,
        }
    }

    fn drain(&mut self, out: &mut Vec<Token>, at_timeout: bool) {
        let mut start = 0;
        while start < self.buf.len() {
            match step(&self.buf[start..], at_timeout) {
                Step::Done(n, token) => {
                    out.extend(token);
                    start += n.max(1);
                }
                Step::Incomplete if at_timeout => {
                    // Unfinished at the deadline: an answer's fragment, never keys.
                    start = self.buf.len();
                }
                Step::Incomplete => break,
            }
        }
        self.buf.drain(..start);
        if self.buf.len() > MAX_PASTE {
            self.buf.clear();
        }
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Token {
    Token::Event(Event::Key(KeyEvent::new(code, modifiers)))
}

fn reply(n: usize, r: Reply) -> Step {
    Step::Done(n, Some(Token::Reply(r)))
}

/// One token from the front of `b` (never empty).
fn step(b: &[u8], at_timeout: bool) -> Step {
    match b[0] {
        0x1b => escape(b, at_timeout),
        b'\r' => Step::Done(1, Some(key(KeyCode::Enter, KeyModifiers::NONE))),
        b'\t' => Step::Done(1, Some(key(KeyCode::Tab, KeyModifiers::NONE))),
        0x7f => Step::Done(1, Some(key(KeyCode::Backspace, KeyModifiers::NONE))),
        0 => Step::Done(1, Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL))),
        c @ 0x01..=0x1a => Step::Done(
            1,
            Some(key(
                KeyCode::Char((c - 1 + b'a') as char),
                KeyModifiers::CONTROL,
            )),
        ),
        c @ 0x1c..=0x1f => Step::Done(
            1,
            Some(key(
                KeyCode::Char((c - 0x1c + b'4') as char),
                KeyModifiers::CONTROL,
            )),
        ),
        _ => utf8_char(b),
    }
}

fn char_key(c: char) -> Token {
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(c), modifiers)
}

fn utf8_char(b: &[u8]) -> Step {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        // A stray continuation or an 8-bit C1 byte: not a key.
        _ => return Step::Done(1, None),
    };
    if b.len() < len {
        // The rest may still come; a continuation byte that cannot belong is dropped.
        return if b[1..].iter().all(|&c| (0x80..0xc0).contains(&c)) {
            Step::Incomplete
        } else {
            Step::Done(1, None)
        };
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => Step::Done(len, s.chars().next().map(char_key)),
        Err(_) => Step::Done(1, None),
    }
}

/// `b` starts with ESC.
fn escape(b: &[u8], at_timeout: bool) -> Step {
    let Some(&next) = b.get(1) else {
        return if at_timeout {
            Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE)))
        } else {
            Step::Incomplete
        };
    };
    match next {
        b'[' => csi(b),
        b'O' => ss3(b),
        // APC, DCS, OSC, SOS, PM: strings that only terminals send.
        b'_' | b'P' | b']' | b'X' | b'^' => string(b, next),
        0x1b => Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE))),
        _ => match step(&b[1..], at_timeout) {
            Step::Done(n, Some(Token::Event(Event::Key(mut k)))) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Done(n + 1, Some(Token::Event(Event::Key(k))))
            }
            Step::Done(n, other) => Step::Done(n + 1, other),
            Step::Incomplete => Step::Incomplete,
        },
    }
}

/// `ESC <intro> … (ESC \ | BEL)`; BEL ends OSC only, as terminals send it.
fn string(b: &[u8], intro: u8) -> Step {
    let body = &b[2..];
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            0x07 if intro == b']' => return finish_string(intro, &body[..i], i + 3),
            0x1b => match body.get(i + 1) {
                Some(b'\\') => return finish_string(intro, &body[..i], i + 4),
                Some(_) => {
                    // ESC inside a string that is not ST: the string was cut short. Drop
                    // it and let the new ESC start over.
                    return Step::Done(i + 2, Some(Token::Reply(Reply::Other)));
                }
                None => return Step::Incomplete,
            },
            _ => i += 1,
        }
    }
    if body.len() > MAX_STRING {
        return Step::Done(b.len(), Some(Token::Reply(Reply::Other)));
    }
    Step::Incomplete
}

fn finish_string(intro: u8, body: &[u8], len: usize) -> Step {
    let r = if intro == b'_' && body.first() == Some(&b'G') {
        let text = String::from_utf8_lossy(&body[1..]);
        let (keys, message) = text.split_once(';').unwrap_or((&text, ""));
        let id = keys
            .split(',')
            .find_map(|kv| kv.strip_prefix("i="))
            .and_then(|v| v.parse().ok());
        Reply::KittyGraphics {
            id,
            ok: message.starts_with("OK"),
        }
    } else {
        Reply::Other
    };
    reply(len, r)
}

/// The arrows, Home and End: the same final byte after SS3 and after CSI.
fn cursor_key(final_byte: u8) -> Option<KeyCode> {
    Some(match final_byte {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        _ => return None,
    })
}

fn ss3(b: &[u8]) -> Step {
    let Some(&c) = b.get(2) else {
        return Step::Incomplete;
    };
    let code = match c {
        b'P'..=b'S' => KeyCode::F(1 + c - b'P'),
        _ => match cursor_key(c) {
            Some(code) => code,
            None => return Step::Done(3, None),
        },
    };
    Step::Done(3, Some(key(code, KeyModifiers::NONE)))
}

/// A parsed CSI sequence: `ESC [ <private> <params> <intermediates> <final>`.
struct Csi<'a> {
    private: Option<u8>,
    params: &'a [u8],
    intermediates: &'a [u8],
    final_byte: u8,
}

impl Csi<'_> {
    fn numbers(&self) -> Vec<u16> {
        self.params
            .split(|&c| c == b';' || c == b':')
            .map(|p| {
                std::str::from_utf8(p)
                    .ok()
                    .and_then(|s| s.parse::<u16>().ok())
                    .unwrap_or(0)
            })
            .collect()
    }
}

fn csi(b: &[u8]) -> Step {
    // Legacy mouse: `ESC [ M` and three raw bytes.
    if b.get(2) == Some(&b'M') {
        return if b.len() < 6 {
            Step::Incomplete
        } else {
            Step::Done(
                6,
                mouse(
                    u16::from(b[3]).saturating_sub(32),
                    u16::from(b[4]).saturating_sub(32),
                    u16::from(b[5]).saturating_sub(32),
                    false,
                )
                .map(Token::Event),
            )
        };
    }
    let mut i = 2;
    let private = match b.get(i) {
        Some(&c @ (b'<' | b'=' | b'>' | b'?')) => {
            i += 1;
            Some(c)
        }
        Some(_) => None,
        None => return Step::Incomplete,
    };
    let params_start = i;
    while i < b.len() && (0x30..=0x3f).contains(&b[i]) {
        i += 1;
    }
    let params_end = i;
    while i < b.len() && (0x20..=0x2f).contains(&b[i]) {
        i += 1;
    }
    let Some(&final_byte) = b.get(i) else {
        return if b.len() > 64 {
            Step::Done(b.len(), Some(Token::Reply(Reply::Other)))
        } else {
            Step::Incomplete
        };
    };
    if !(0x40..=0x7e).contains(&final_byte) {
        // Not a CSI sequence after all (a control byte inside it): drop what was read.
        return Step::Done(i, None);
    }
    let seq = Csi {
        private,
        params: &b[params_start..params_end],
        intermediates: &b[params_end..i],
        final_byte,
    };
    let len = i + 1;
    if seq.private.is_none() && seq.params == b"200" && seq.final_byte == b'~' {
        return paste(b, len);
    }
    csi_token(&seq, len)
}

fn csi_token(seq: &Csi<'_>, len: usize) -> Step {
    let nums = seq.numbers();
    let first = nums.first().copied().unwrap_or(0);
    match (seq.private, seq.final_byte) {
        (Some(b'?'), b'c') => {
            return reply(
                len,
                Reply::DeviceAttributes {
                    sixel: nums.iter().skip(1).any(|&n| n == 4),
                },
            );
        }
        (None, b't') if first == 6 && nums.len() >= 3 && nums[1] > 0 && nums[2] > 0 => {
            return reply(
                len,
                Reply::CellSize {
                    width: nums[2],
                    height: nums[1],
                },
            );
        }
        (Some(b'<'), b'M' | b'm') => {
            let ev = match nums.as_slice() {
                [cb, x, y, ..] => mouse(*cb, *x, *y, seq.final_byte == b'm'),
                _ => None,
            };
            return Step::Done(len, ev.map(Token::Event));
        }
        // Answers: device attributes (any kind), window reports, cursor position,
        // status reports, mode reports, keyboard flags.
        (_, b'c' | b't' | b'R' | b'n' | b'y' | b'u') => return reply(len, Reply::Other),
        (Some(_), _) => return reply(len, Reply::Other),
        _ => {}
    }
    if !seq.intermediates.is_empty() {
        return reply(len, Reply::Other);
    }
    let modifiers = nums
        .get(1)
        .map_or(KeyModifiers::NONE, |&m| modifier_bits(m));
    let code = match cursor_key(seq.final_byte) {
        Some(code) => code,
        None => match seq.final_byte {
            b'P' => KeyCode::F(1),
            b'Q' => KeyCode::F(2),
            b'S' => KeyCode::F(4),
            b'Z' => {
                return Step::Done(
                    len,
                    Some(Token::Event(Event::Key(KeyEvent::new_with_kind(
                        KeyCode::BackTab,
                        KeyModifiers::SHIFT,
                        KeyEventKind::Press,
                    )))),
                );
            }
            b'I' => return Step::Done(len, Some(Token::Event(Event::FocusGained))),
            b'O' => return Step::Done(len, Some(Token::Event(Event::FocusLost))),
            b'~' => match first {
                1 | 7 => KeyCode::Home,
                2 => KeyCode::Insert,
                3 => KeyCode::Delete,
                4 | 8 => KeyCode::End,
                5 => KeyCode::PageUp,
                6 => KeyCode::PageDown,
                n @ 11..=15 => KeyCode::F((n - 10) as u8),
                n @ 17..=21 => KeyCode::F((n - 11) as u8),
                n @ 23..=26 => KeyCode::F((n - 12) as u8),
                n @ 28..=29 => KeyCode::F((n - 13) as u8),
                n @ 31..=34 => KeyCode::F((n - 14) as u8),
                _ => return Step::Done(len, None),
            },
            _ => return Step::Done(len, None),
        },
    };
    Step::Done(len, Some(key(code, modifiers)))
}

/// xterm's modifier parameter: 1 + a bit mask.
fn modifier_bits(m: u16) -> KeyModifiers {
    let mask = m.saturating_sub(1);
    let mut mods = KeyModifiers::NONE;
    for (bit, flag) in [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
        (8, KeyModifiers::SUPER),
        (16, KeyModifiers::HYPER),
        (32, KeyModifiers::META),
    ] {
        if mask & bit != 0 {
            mods |= flag;
        }
    }
    mods
}

/// A mouse report: button code, 1-based column and row.
fn mouse(cb: u16, x: u16, y: u16, release: bool) -> Option<Event> {
    let mut modifiers = KeyModifiers::NONE;
    if cb & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if cb & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if cb & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    let button = match cb & 3 {
        0 => Some(MouseButton::Left),
        1 => Some(MouseButton::Middle),
        2 => Some(MouseButton::Right),
        _ => None,
    };
    let kind = if cb & 64 != 0 {
        match cb & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if cb & 32 != 0 {
        match button {
            Some(b) => MouseEventKind::Drag(b),
            None => MouseEventKind::Moved,
        }
    } else if release {
        MouseEventKind::Up(button.unwrap_or(MouseButton::Left))
    } else {
        match button {
            Some(b) => MouseEventKind::Down(b),
            // The legacy encoding's release carries no button.
            None => MouseEventKind::Up(MouseButton::Left),
        }
    };
    Some(Event::Mouse(MouseEvent {
        kind,
        column: x.saturating_sub(1),
        row: y.saturating_sub(1),
        modifiers,
    }))
}

/// `ESC [ 200 ~ … ESC [ 201 ~`: everything between is text, escapes included.
fn paste(b: &[u8], start: usize) -> Step {
    const END: &[u8] = b"\x1b[201~";
    match b[start..].windows(END.len()).position(|w| w == END) {
        Some(at) => {
            let text = String::from_utf8_lossy(&b[start..start + at]).replace("\r\n", "\n");
            let text = text.replace('\r', "\n");
            Step::Done(
                start + at + END.len(),
                Some(Token::Event(Event::Paste(text))),
            )
        }
        None if b.len() > MAX_PASTE => Step::Done(b.len(), None),
        None => Step::Incomplete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(chunks: &[&[u8]]) -> Vec<Token> {
        let mut p = Parser::new();
        let mut out = Vec::new();
        let t = Instant::now();
        for c in chunks {
            p.feed(c, t, &mut out);
        }
        p.timeout(t + FRAGMENT_TIMEOUT, &mut out);
        out
    }

    fn keys(tokens: &[Token]) -> Vec<KeyEvent> {
        tokens
            .iter()
            .filter_map(|t| match t {
                Token::Event(Event::Key(k)) => Some(*k),
                _ => None,
            })
            .collect()
    }

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn plain_keys_and_controls() {
        let out = parse_all(&[b"aG3\r\t\x7f\x01\x13 \xc3\xa9"]);
        assert_eq!(
            keys(&out),
            vec![
                k(KeyCode::Char('a')),
                KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT),
                k(KeyCode::Char('3')),
                k(KeyCode::Enter),
                k(KeyCode::Tab),
                k(KeyCode::Backspace),
                KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL),
                KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
                k(KeyCode::Char(' ')),
                k(KeyCode::Char('é')),
            ]
        );
    }

    #[test]
    fn cursor_and_function_keys() {
        let out = parse_all(&[b"\x1b[A\x1bOB\x1b[1;5C\x1b[5~\x1b[6;2~\x1b[Z\x1b[15~\x1bOP\x1b[3~"]);
        assert_eq!(
            keys(&out),
            vec![
                k(KeyCode::Up),
                k(KeyCode::Down),
                KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL),
                k(KeyCode::PageUp),
                KeyEvent::new(KeyCode::PageDown, KeyModifiers::SHIFT),
                KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
                k(KeyCode::F(5)),
                k(KeyCode::F(1)),
                k(KeyCode::Delete),
            ]
        );
    }

    #[test]
    fn lone_escape_waits_then_is_esc_and_alt_keys_combine() {
        let mut p = Parser::new();
        let mut out = Vec::new();
        let t = Instant::now();
        p.feed(b"\x1b", t, &mut out);
        assert!(out.is_empty(), "ESC waits for what follows");
        assert_eq!(p.pending_timeout(), Some(ESC_TIMEOUT));
        assert!(!p.timed_out(t + Duration::from_millis(10)));
        assert!(p.timed_out(t + ESC_TIMEOUT));
        p.timeout(t + ESC_TIMEOUT, &mut out);
        assert_eq!(keys(&out), vec![k(KeyCode::Esc)]);
        let out = parse_all(&[b"\x1bx"]);
        assert_eq!(
            keys(&out),
            vec![KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn terminal_answers_are_replies_never_keys() {
        let out = parse_all(&[
            b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;4;22c\x1b[12;40R\x1b[4;600;800t\x1b[>1;10;0c\x1b]11;rgb:0000/0000/0000\x07\x1bP1+r544e\x1b\\\x1b[?1u\x1b[?2004;1$y\x1b[0n",
        ]);
        assert!(keys(&out).is_empty(), "{out:?}");
        assert_eq!(
            out[..3],
            [
                Token::Reply(Reply::KittyGraphics {
                    id: Some(31),
                    ok: true
                }),
                Token::Reply(Reply::CellSize {
                    width: 10,
                    height: 20
                }),
                Token::Reply(Reply::DeviceAttributes { sixel: true }),
            ]
        );
        assert_eq!(out.len(), 11);
        let err = parse_all(&[b"\x1b_Gi=32;ENOTSUPPORTED:no\x1b\\"]);
        assert_eq!(
            err,
            vec![Token::Reply(Reply::KittyGraphics {
                id: Some(32),
                ok: false
            })]
        );
    }

    #[test]
    fn answers_split_into_single_bytes_stay_answers() {
        let answer: &[u8] = b"\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;c";
        let chunks: Vec<&[u8]> = answer.chunks(1).collect();
        let out = parse_all(&chunks);
        assert!(keys(&out).is_empty(), "{out:?}");
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn real_keys_between_answers_arrive_in_order() {
        let out = parse_all(&[b"j", b"\x1b_Gi=31;", b"OK\x1b", b"\\k", b"\x1b[?6", b"2cl"]);
        assert_eq!(
            keys(&out),
            vec![
                k(KeyCode::Char('j')),
                k(KeyCode::Char('k')),
                k(KeyCode::Char('l'))
            ]
        );
    }

    #[test]
    fn an_answer_whose_escape_came_alone_is_still_an_answer() {
        let mut p = Parser::new();
        let mut out = Vec::new();
        let t = Instant::now();
        p.feed(b"\x1b", t, &mut out);
        p.timeout(t + ESC_TIMEOUT, &mut out);
        p.feed(
            b"_Gi=31;OK\x1b\\",
            t + ESC_TIMEOUT + Duration::from_millis(30),
            &mut out,
        );
        assert_eq!(
            out,
            vec![
                key(KeyCode::Esc, KeyModifiers::NONE),
                Token::Reply(Reply::KittyGraphics {
                    id: Some(31),
                    ok: true
                })
            ]
        );
        // A person's single key after Esc is just that key.
        let mut out = Vec::new();
        p.feed(b"\x1b", t, &mut out);
        p.timeout(t + ESC_TIMEOUT, &mut out);
        p.feed(b"_", t + ESC_TIMEOUT, &mut out);
        assert_eq!(keys(&out), vec![k(KeyCode::Esc), k(KeyCode::Char('_'))]);
    }

    #[test]
    fn unfinished_fragments_are_dropped_at_the_deadline() {
        let out = parse_all(&[b"\x1b[6;20;1"]);
        assert!(out.is_empty(), "{out:?}");
        let out = parse_all(&[b"\x1b_Gi=31;OK"]);
        assert!(out.is_empty(), "{out:?}");
        let out = parse_all(&[b"\x1bP>|tmux 3.3a"]);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn mouse_paste_and_focus() {
        let out = parse_all(&[b"\x1b[<0;10;5M\x1b[<64;3;4M\x1b[I\x1b[200~a\x1b[Ab\r\nc\x1b[201~"]);
        assert_eq!(
            out,
            vec![
                Token::Event(Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: 9,
                    row: 4,
                    modifiers: KeyModifiers::NONE
                })),
                Token::Event(Event::Mouse(MouseEvent {
                    kind: MouseEventKind::ScrollUp,
                    column: 2,
                    row: 3,
                    modifiers: KeyModifiers::NONE
                })),
                Token::Event(Event::FocusGained),
                Token::Event(Event::Paste("a\x1b[Ab\nc".into())),
            ]
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let len = rng.usize(0..40);
            let bytes: Vec<u8> = (0..len)
                .map(|_| match rng.u8(0..6) {
                    0 => 0x1b,
                    1 => b'[',
                    2 => rng.u8(0x30..0x40),
                    _ => rng.u8(..),
                })
                .collect();
            let cut = rng.usize(0..=len);
            parse_all(&[&bytes[..cut], &bytes[cut..]]);
        }
    }
}
