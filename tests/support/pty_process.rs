//! Shared by the pty tests and the link benchmark: a pseudo-terminal of a given size
//! (10×20 px cells), a command started on it as a session leader, and the environment
//! that points mgtui at a demo server with its own directories.

#![allow(dead_code)]

use std::fs::File;
use std::os::fd::FromRawFd;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command};

use mgtui::demo::DemoServer;

/// A new pty of `cols`×`rows`: (master, slave).
pub fn openpty(cols: u16, rows: u16) -> (File, File) {
    let (mut master, mut slave) = (0, 0);
    let ws = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: cols * 10,
        ws_ypixel: rows * 20,
    };
    // SAFETY: valid out-pointers and winsize; the name and termios are optional.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &ws,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: openpty returned two fresh descriptors that nothing else owns.
    unsafe { (File::from_raw_fd(master), File::from_raw_fd(slave)) }
}

/// Start `cmd` with `slave` as its controlling terminal and its stdin, stdout, stderr.
pub fn spawn_on(mut cmd: Command, slave: File) -> Child {
    cmd.stdin(slave.try_clone().expect("pty"))
        .stdout(slave.try_clone().expect("pty"))
        .stderr(slave);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.spawn().expect("the app starts in the pty")
}

/// `bin` signed in to `server`, with nothing of the user's environment and its config,
/// state and cache under `dir`.
pub fn demo_command(bin: &Path, server: &DemoServer, dir: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("TERM", "xterm-256color")
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("MGTUI_CONFIG_DIR", dir.join("config"))
        .env("MGTUI_KEYRING", "file")
        .env("MEDIAGRAPH_PAT", server.token())
        .env(
            "MEDIAGRAPH_ORGANIZATION_ID",
            server.organization_id().to_string(),
        )
        .env("MEDIAGRAPH_API_URL", server.base_url());
    cmd
}
