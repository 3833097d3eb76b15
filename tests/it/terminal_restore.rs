//! The binary in a real pseudo-terminal (util-linux `script`): killed with SIGHUP or
//! SIGTERM it still writes the sequences that give the user their terminal back.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::script::{mgtui_pid, wait_for};

const ENTER_ALT: &str = "\u{1b}[?1049h";
const LEAVE_ALT: &str = "\u{1b}[?1049l";
const PASTE_OFF: &str = "\u{1b}[?2004l";
const MOUSE_OFF: &str = "\u{1b}[?1000l";
const CURSOR_SHOW: &str = "\u{1b}[?25h";

fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

fn spawn_in_pty(dir: &Path, log: &Path) -> std::process::Child {
    let bin = env!("CARGO_BIN_EXE_mgtui");
    Command::new("script")
        .args(["-q", "-f", "-e", "-c"])
        // The pty starts at 0×0 when stdin is not a terminal: give it a size.
        .arg(format!("stty cols 120 rows 40; exec {bin} --demo"))
        .arg(log)
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("script runs")
}

fn run_and_kill(signal: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("typescript");
    let mut child = spawn_in_pty(dir.path(), &log);
    wait_for("the alternate screen", || read(&log).contains(ENTER_ALT));
    // Let it draw a frame or two.
    std::thread::sleep(Duration::from_millis(500));
    let pid = mgtui_pid(child.id()).expect("mgtui process");
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("mgtui did not exit after SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    read(&log)
}

fn assert_restored(out: &str, signal: &str) {
    let entered = out.find(ENTER_ALT).expect("entered the alternate screen");
    let tail = &out[entered..];
    for (name, seq) in [
        ("leave alternate screen", LEAVE_ALT),
        ("bracketed paste off", PASTE_OFF),
        ("mouse capture off", MOUSE_OFF),
        ("cursor shown", CURSOR_SHOW),
    ] {
        assert!(tail.contains(seq), "after SIG{signal}: no {name} sequence");
    }
}

#[test]
fn sighup_restores_the_terminal() {
    if !have_script() {
        panic!("util-linux `script` is required for this test (apt-get install bsdutils)");
    }
    let out = run_and_kill("HUP");
    assert_restored(&out, "HUP");
}

#[test]
fn sigterm_restores_the_terminal() {
    if !have_script() {
        panic!("util-linux `script` is required for this test (apt-get install bsdutils)");
    }
    let out = run_and_kill("TERM");
    assert_restored(&out, "TERM");
}

/// Nothing answers the terminal queries in this pty, so the image probe times out; the
/// first key typed afterwards must still reach mgtui (ratatui-image 11's own probe
/// leaves a reader thread that would swallow it).
#[test]
fn the_first_key_after_a_silent_probe_is_not_lost() {
    use std::io::Write;
    if !have_script() {
        panic!("util-linux `script` is required for this test (apt-get install bsdutils)");
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("typescript");
    let mut child = spawn_in_pty(dir.path(), &log);
    wait_for("the alternate screen", || read(&log).contains(ENTER_ALT));
    std::thread::sleep(Duration::from_millis(300));
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"?").unwrap();
    stdin.flush().unwrap();
    // Cells equal to the previous frame are skipped, so match a short unbroken part.
    wait_for("the help screen", || read(&log).contains("Help —"));
    stdin.write_all(b"\x1bq").unwrap();
    let _ = stdin.flush();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        stdin.write_all(b"q").ok();
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_restored(&read(&log), "q");
}

/// `kill -INT` / `kill -QUIT` from outside (in raw mode Ctrl-C is a key, so these only
/// come from another process) restore the terminal too.
#[test]
fn sigint_and_sigquit_restore_the_terminal() {
    if !have_script() {
        panic!("util-linux `script` is required for this test (apt-get install bsdutils)");
    }
    for signal in ["INT", "QUIT"] {
        let out = run_and_kill(signal);
        assert_restored(&out, signal);
    }
}
