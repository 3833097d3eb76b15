//! The real mgtui binary in a pty whose reader drains at a fixed bit rate, as an SSH
//! link would: the app's writes back up when it sends faster than the link carries.
//! Every chunk read is time-stamped when its last byte would have arrived; the fake
//! terminal answers the start-up probe like kitty, or like a sixel terminal.

use std::fs::File;
use std::io::{Read, Write};
use std::process::{Child, Command};

use crate::pty_process::{openpty, spawn_on};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Bytes per read: small enough that a chunk's time on the link stays a few ms.
const CHUNK: usize = 4096;

/// What the fake terminal says when probed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Terminal {
    /// Kitty graphics, PNG payloads accepted.
    Kitty,
    /// Sixel in Device Attributes.
    Sixel,
    /// Nothing but its cell size.
    Plain,
}

impl Terminal {
    /// The answers to the start-up probe.
    fn answer(self) -> Vec<u8> {
        let mut a = Vec::new();
        if self == Terminal::Kitty {
            a.extend_from_slice(b"\x1b_Gi=31;OK\x1b\\\x1b_Gi=32;OK\x1b\\");
        }
        a.extend_from_slice(b"\x1b[6;20;10t");
        a.extend_from_slice(self.device_attributes());
        a
    }

    fn device_attributes(self) -> &'static [u8] {
        match self {
            Terminal::Sixel => b"\x1b[?62;4;22c",
            _ => b"\x1b[?62;22c",
        }
    }
}

pub struct Link {
    master: Arc<Mutex<File>>,
    child: Child,
    /// (when the chunk had crossed the link, its bytes, pictures that began in it).
    arrivals: Arc<Mutex<Vec<(Instant, usize, usize)>>>,
    pub started: Instant,
}

impl Link {
    /// Start `cmd` on a `cols`×`rows` pty (10×20 px cells) read at `bits_per_sec`.
    pub fn spawn(cmd: Command, cols: u16, rows: u16, bits_per_sec: f64, term: Terminal) -> Link {
        let (master, slave) = openpty(cols, rows);
        let child = spawn_on(cmd, slave);
        let started = Instant::now();
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().expect("pty");
        let master = Arc::new(Mutex::new(master));
        {
            let (arrivals, master) = (arrivals.clone(), master.clone());
            std::thread::spawn(move || {
                let mut buf = vec![0u8; CHUNK];
                let mut free_at = Instant::now();
                let mut tail: Vec<u8> = Vec::new();
                let mut answered = false;
                let mut carry: Vec<u8> = Vec::new();
                loop {
                    let n = match reader.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    // The link carries one chunk after another: this one arrives once
                    // its bits have gone through after the previous one's.
                    free_at = free_at.max(Instant::now())
                        + Duration::from_secs_f64(n as f64 * 8.0 / bits_per_sec);
                    let now = Instant::now();
                    if free_at > now {
                        std::thread::sleep(free_at - now);
                    }
                    // A picture begins with a sixel DCS, a kitty APC or an iTerm2 OSC 1337
                    // (one that straddles two chunks is seen through the carried bytes).
                    let old = carry.len();
                    carry.extend_from_slice(&buf[..n]);
                    let pictures = picture_starts(&carry, old);
                    carry.drain(..carry.len().saturating_sub(16));
                    arrivals.lock().expect("log").push((free_at, n, pictures));
                    // Device Attributes is answered once its question has crossed the
                    // link: the first with the probe's answers, later ones (mgtui timing
                    // a large frame) alone.
                    tail.extend_from_slice(&buf[..n]);
                    let asked = tail.windows(3).filter(|w| *w == b"\x1b[c").count();
                    tail.drain(..tail.len().saturating_sub(2));
                    for _ in 0..asked {
                        let reply = match answered {
                            false => term.answer(),
                            true => term.device_attributes().to_vec(),
                        };
                        answered = true;
                        let mut m = master.lock().expect("pty");
                        let _ = m.write_all(&reply);
                        let _ = m.flush();
                    }
                }
            });
        }
        Link {
            master,
            child,
            arrivals,
            started,
        }
    }

    pub fn send(&self, bytes: &[u8]) -> Instant {
        let mut m = self.master.lock().expect("pty");
        let at = Instant::now();
        let _ = m.write_all(bytes);
        let _ = m.flush();
        at
    }

    /// After `since`: wait until nothing has arrived for `quiet` (at most `limit`), then
    /// (when the last byte arrived, bytes that arrived, pictures that began, when the
    /// write carrying the last picture had arrived — small redraws after it, such as the
    /// title once a save is answered, not counted).
    pub fn settle(
        &self,
        since: Instant,
        quiet: Duration,
        limit: Duration,
    ) -> (Instant, usize, usize, Option<Instant>) {
        let deadline = since + limit;
        loop {
            std::thread::sleep(Duration::from_millis(10));
            let now = Instant::now();
            let log = self.arrivals.lock().expect("log");
            let after: Vec<&(Instant, usize, usize)> =
                log.iter().filter(|(t, _, _)| *t >= since).collect();
            let last = after.last().map_or(since, |(t, _, _)| *t);
            if now.duration_since(last) >= quiet || now > deadline {
                if std::env::var_os("LINK_TRACE").is_some() {
                    let t: Vec<String> = after
                        .iter()
                        .map(|(t, n, p)| {
                            format!(
                                "{:.0}:{n}{}",
                                t.duration_since(since).as_secs_f64() * 1e3,
                                if *p > 0 { "*" } else { "" }
                            )
                        })
                        .collect();
                    eprintln!("{}", t.join(" "));
                }
                return (
                    last,
                    after.iter().map(|(_, n, _)| n).sum(),
                    after.iter().map(|(_, _, p)| p).sum(),
                    picture_end(&after),
                );
            }
        }
    }
}

impl Link {
    /// When the write carrying the last picture that began in `[since, until)` had
    /// arrived (that write may go on past `until`).
    pub fn picture_between(&self, since: Instant, until: Instant) -> Option<Instant> {
        let log = self.arrivals.lock().expect("log");
        let after: Vec<&(Instant, usize, usize)> =
            log.iter().filter(|(t, _, _)| *t >= since).collect();
        let started = after.iter().rposition(|(t, _, p)| *p > 0 && *t < until)?;
        Some(burst_end(&after, started))
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The end of the run of chunks, back to back on the link, that holds the last picture
/// start: the write that carried it.
fn picture_end(arrivals: &[&(Instant, usize, usize)]) -> Option<Instant> {
    let first = arrivals.iter().rposition(|(_, _, p)| *p > 0)?;
    Some(burst_end(arrivals, first))
}

/// When the chunks back to back on the link from `arrivals[first]` end.
fn burst_end(arrivals: &[&(Instant, usize, usize)], first: usize) -> Instant {
    let mut end = arrivals[first].0;
    for (t, _, _) in &arrivals[first + 1..] {
        if t.duration_since(end) > BACK_TO_BACK {
            break;
        }
        end = *t;
    }
    end
}

/// Chunks closer than this are one write (a 4 KB chunk takes 3.3 ms at 10 Mbit/s).
const BACK_TO_BACK: Duration = Duration::from_millis(5);

/// Pictures that begin in `bytes` and end after its first `old` bytes (seen before).
fn picture_starts(bytes: &[u8], old: usize) -> usize {
    const STARTS: [&[u8]; 3] = [b"\x1bP", b",a=T,", b"]1337;File"];
    STARTS
        .iter()
        .map(|s| {
            bytes
                .windows(s.len())
                .enumerate()
                .filter(|(i, w)| w == s && i + s.len() > old)
                .count()
        })
        .sum()
}
