//! The real binary in a pseudo-terminal made by util-linux `script`, with its own XDG
//! directories; the screen is read back through a terminal emulator.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    // Generous: the whole suite shares two cores with this real binary.
    let deadline = Instant::now() + Duration::from_secs(90);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn child_pid(parent: u32) -> Option<u32> {
    let out = Command::new("pgrep")
        .args(["-P", &parent.to_string()])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()?
        .trim()
        .parse()
        .ok()
}

/// The mgtui process under `script` (which may run it through a shell).
pub fn mgtui_pid(script: u32) -> Option<u32> {
    let first = child_pid(script)?;
    Some(child_pid(first).unwrap_or(first))
}

pub struct Session {
    pub child: Child,
    log: PathBuf,
}

impl Session {
    /// `mgtui --demo` in a 160×50 pty with its XDG state, cache and config under `dir`.
    pub fn start(dir: &Path, name: &str) -> Session {
        Session::start_in(dir, dir, name)
    }

    /// The same with the XDG directories under `xdg` and the terminal log in `dir`.
    pub fn start_in(dir: &Path, xdg: &Path, name: &str) -> Session {
        let log = dir.join(name);
        let child = Command::new("script")
            .args(["-q", "-f", "-e", "-c"])
            // `script` gives the pty no size when its stdin is not a terminal.
            .arg(format!(
                "stty cols 160 rows 50; exec {} --demo",
                env!("CARGO_BIN_EXE_mgtui")
            ))
            .arg(&log)
            .env("XDG_STATE_HOME", xdg.join("state"))
            .env("XDG_CACHE_HOME", xdg.join("cache"))
            .env("XDG_CONFIG_HOME", xdg.join("config"))
            .env("TERM", "xterm-256color")
            .env("COLUMNS", "160")
            .env("LINES", "50")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("script runs");
        Session { child, log }
    }

    /// The screen as the terminal shows it now: the log replayed through a terminal
    /// emulator, so text redrawn cell by cell still reads as one string.
    pub fn screen(&self) -> String {
        let size = |n| std::num::NonZeroU16::new(n).expect("a size");
        let mut term = vt100::Parser::new(size(50), size(160), 0);
        term.process(&std::fs::read(&self.log).unwrap_or_default());
        term.screen().contents()
    }

    pub fn keys(&mut self, bytes: &[u8]) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn wait_exit(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the session did not end");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            if let Some(pid) = mgtui_pid(self.child.id()) {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
