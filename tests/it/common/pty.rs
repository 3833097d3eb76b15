//! The real binary in a pseudo-terminal that this test owns: it reads everything the
//! app writes (kept raw, and as a screen through a vt100 emulator), types keys, and
//! plays the terminal's part in answering the app's queries — late, in pieces, twice,
//! or with the user's keys in between, as a slow SSH link or tmux does.

#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the "terminal" sends its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// All answers in one write.
    Whole,
    /// One byte per write.
    SingleBytes,
    /// Every answer twice.
    Duplicated,
    /// Each answer in its own write with keys typed in between (see `between`).
    Interleaved,
}

/// What the fake terminal answers, and when.
#[derive(Debug, Clone)]
pub struct Answers {
    pub delay: Duration,
    pub delivery: Delivery,
    /// Keys typed before, between and after the answers when `Interleaved`.
    pub between: Vec<Vec<u8>>,
    /// Answer the kitty graphics queries (raw pixels and PNG) with OK, as kitty does
    /// (else only cell size and DA).
    pub kitty: bool,
}

impl Answers {
    fn replies(&self) -> Vec<Vec<u8>> {
        let mut r = Vec::new();
        if self.kitty {
            r.push(b"\x1b_Gi=31;OK\x1b\\".to_vec());
            r.push(b"\x1b_Gi=32;OK\x1b\\".to_vec());
        }
        r.push(b"\x1b[6;20;10t".to_vec());
        r.push(b"\x1b[?62;4;22c".to_vec());
        r
    }
}

pub struct Captured {
    pub raw: Vec<u8>,
    pub screen: vt100::Parser,
    /// When each query was first seen.
    pub queries_at: Option<Instant>,
}

pub struct PtyApp {
    master: Arc<Mutex<File>>,
    pub child: Child,
    pub out: Arc<Mutex<Captured>>,
    pub started: Instant,
    /// Directories the app uses, removed after it has exited.
    pub dirs: Vec<tempfile::TempDir>,
}

#[path = "../../support/pty_process.rs"]
mod pty_process;

pub use pty_process::demo_command;
use pty_process::{openpty, spawn_on};

impl PtyApp {
    /// Start `cmd` on a new pty of `cols`×`rows`; `answers` plays the terminal.
    pub fn spawn(cmd: Command, cols: u16, rows: u16, answers: Option<Answers>) -> PtyApp {
        let (master, slave) = openpty(cols, rows);
        let child = spawn_on(cmd, slave);
        let out = Arc::new(Mutex::new(Captured {
            raw: Vec::new(),
            screen: vt100::Parser::new(nz(rows), nz(cols), 0),
            queries_at: None,
        }));
        let mut reader = master.try_clone().unwrap();
        let master = Arc::new(Mutex::new(master));
        let started = Instant::now();
        {
            let out = out.clone();
            let master = master.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                let mut answered = false;
                loop {
                    let n = match reader.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    let mut o = out.lock().unwrap();
                    o.raw.extend_from_slice(&buf[..n]);
                    o.screen.process(&buf[..n]);
                    if !answered && contains(&o.raw, b"\x1b[c") {
                        answered = true;
                        o.queries_at = Some(Instant::now());
                        if let Some(a) = answers.clone() {
                            let master = master.clone();
                            std::thread::spawn(move || answer(&master, &a));
                        }
                    }
                }
            });
        }
        PtyApp {
            master,
            child,
            out,
            started,
            dirs: Vec::new(),
        }
    }

    /// Keep `dir` until the app has exited.
    pub fn keeping(mut self, dir: tempfile::TempDir) -> PtyApp {
        self.dirs.push(dir);
        self
    }

    pub fn write(&self, bytes: &[u8]) {
        let mut m = self.master.lock().unwrap();
        m.write_all(bytes).unwrap();
        m.flush().unwrap();
    }

    /// Type `text` one key at a time, `gap` apart.
    pub fn type_text(&self, text: &str, gap: Duration) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            self.write(c.encode_utf8(&mut b).as_bytes());
            std::thread::sleep(gap);
        }
    }

    pub fn screen_text(&self) -> String {
        self.out.lock().unwrap().screen.screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.out.lock().unwrap().raw.clone()
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        let ws = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: cols * 10,
            ws_ypixel: rows * 20,
        };
        let m = self.master.lock().unwrap();
        // SAFETY: a valid winsize for the pty master; the kernel signals the session.
        unsafe { libc::ioctl(m.as_raw_fd(), libc::TIOCSWINSZ as _, &ws) };
        drop(m);
        self.out
            .lock()
            .unwrap()
            .screen
            .screen_mut()
            .set_size(nz(rows), nz(cols));
    }

    /// Wait until the screen matches `pred`, or panic with the screen after `timeout`.
    pub fn wait_screen(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let s = self.screen_text();
            if pred(&s) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Quit with `q` and wait for the exit status.
    pub fn quit(mut self) -> std::process::ExitStatus {
        self.write(b"q");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(s)) = self.child.try_wait() {
                return s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the app did not quit; screen:\n{}", self.screen_text());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap_or(std::num::NonZeroU16::MIN)
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn answer(master: &Mutex<File>, a: &Answers) {
    std::thread::sleep(a.delay);
    let write = |bytes: &[u8]| {
        let mut m = master.lock().unwrap();
        let _ = m.write_all(bytes);
        let _ = m.flush();
    };
    let replies = a.replies();
    match a.delivery {
        Delivery::Whole => write(&replies.concat()),
        Delivery::SingleBytes => {
            for b in replies.concat() {
                write(&[b]);
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        Delivery::Duplicated => {
            write(&replies.concat());
            std::thread::sleep(Duration::from_millis(5));
            write(&replies.concat());
        }
        Delivery::Interleaved => {
            let mut keys = a.between.iter();
            for r in &replies {
                if let Some(k) = keys.next() {
                    write(k);
                    std::thread::sleep(Duration::from_millis(2));
                }
                write(r);
                std::thread::sleep(Duration::from_millis(2));
            }
            for k in keys {
                write(k);
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    }
}
