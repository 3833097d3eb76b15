//! A full disk loses nothing: the real binary runs with its state, cache and config
//! directories on a small tmpfs filled to the last byte. Edits stay in memory and the
//! user is told; the save still reaches the server; config.toml and the search history
//! keep their previous contents; no temporary file is left behind.
//!
//! Mounting a tmpfs needs root (as in this project's CI container); elsewhere the test
//! says so and checks nothing.

#![cfg(target_os = "linux")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::script::{Session, wait_for};

/// A tmpfs of `size` mounted at `at`, unmounted when dropped.
struct SmallDisk {
    at: PathBuf,
}

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk {
            at: at.to_path_buf(),
        })
    }

    /// Write zeros until the disk refuses one more byte.
    fn fill(&self) {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.at.join("filler"))
            .unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        for _ in 0..4096 {
            if f.write_all(&[0]).is_err() {
                break;
            }
        }
        let _ = f.sync_all();
        let mut probe = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.at.join("probe"))
            .unwrap();
        assert!(
            probe
                .write_all(b"x")
                .and_then(|_| probe.sync_all())
                .is_err(),
            "the disk is full"
        );
    }
}

impl SmallDisk {
    /// Give back `bytes` of the filler.
    fn free(&self, bytes: u64) {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(self.at.join("filler"))
            .unwrap();
        let len = f.metadata().unwrap().len();
        f.set_len(len.saturating_sub(bytes)).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.at).status();
    }
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(temp_files(&p));
        } else if p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().contains(".tmp"))
        {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_full_disk_keeps_edits_in_memory_and_files_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("small"), "1m") else {
        eprintln!("full_disk: cannot mount a tmpfs here (needs root); nothing checked");
        return;
    };
    let xdg = disk.at.clone();
    let config = xdg.join("config/mgtui/config.toml");
    let history = xdg.join("state/mgtui/search_history");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::create_dir_all(history.parent().unwrap()).unwrap();
    std::fs::create_dir_all(xdg.join("cache/mgtui")).unwrap();
    let downloads = xdg.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let config_text = format!(
        "# mine\npage_size = 50\ntile_size = \"medium\"\ndownload_dir = \"{}\"\n",
        downloads.display()
    );
    std::fs::write(&config, &config_text).unwrap();
    std::fs::write(&history, "tag:harbour\n").unwrap();
    disk.fill();

    let mut s = Session::start_in(dir.path(), &xdg, "session");
    wait_for("the first page", || s.screen().contains("of 320"));
    std::thread::sleep(Duration::from_millis(400));

    // A setting that cannot be written: said, and config.toml is untouched.
    s.keys(b"+");
    wait_for("the tile size notice", || {
        s.screen().contains("The tile size is not remembered")
    });

    // An edit whose draft cannot be written: said, and kept in memory.
    s.keys(b"e");
    wait_for("the editor", || s.screen().contains("Description"));
    std::thread::sleep(Duration::from_millis(300));
    s.keys(b"\x15"); // C-u clears the title
    s.keys("Full disk title".as_bytes());
    wait_for("the drafts warning", || {
        s.screen().contains("drafts only in memory")
    });
    assert!(
        s.screen().contains("Full disk title"),
        "the edit is on screen"
    );

    // The save still reaches the server.
    s.keys(b"\x13"); // C-s
    wait_for("the save", || s.screen().contains("Saved"));
    wait_for("the warning to go (nothing unsaved is left)", || {
        !s.screen().contains("drafts only in memory")
    });
    s.keys(b"\x1b"); // leave the editor
    std::thread::sleep(Duration::from_millis(300));

    // A download with room for a page of it (and one for the journal of unfinished
    // downloads): it stops, says why, keeps the .part.
    disk.free(8192);
    s.keys(b"d");
    wait_for("the download dialog", || {
        s.screen().contains("in which size")
    });
    s.keys(b"1");
    wait_for("the download to stop", || s.screen().contains("stopped"));
    s.keys(b"T");
    wait_for("the reason in the queue", || {
        s.screen().contains("the disk is full")
    });
    s.keys(b"T");
    disk.fill();

    // A search, so the history has something new to (fail to) write at exit.
    s.keys(b"/coast\r");
    std::thread::sleep(Duration::from_millis(500));
    s.keys(b"q");
    if s.child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_secs(3));
    }
    assert!(
        s.child.try_wait().unwrap().is_some(),
        "q quits:\n{}",
        s.screen()
    );
    s.wait_exit();

    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        config_text,
        "config.toml is as it was"
    );
    let parts: Vec<u64> = std::fs::read_dir(&downloads)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .map(|e| e.metadata().unwrap().len())
        .collect();
    assert!(
        parts.len() == 1 && parts[0] > 0,
        "what arrived is kept: {parts:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&history).unwrap(),
        "tag:harbour\n",
        "the search history is as it was"
    );
    assert_eq!(
        temp_files(&xdg),
        Vec::<PathBuf>::new(),
        "no temporary file left"
    );
}
