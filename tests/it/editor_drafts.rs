//! Drafts survive a hard kill: the binary runs in a real pseudo-terminal (util-linux
//! `script`), the user types into the editor, the process is SIGKILLed, and the next
//! launch with the same `XDG_STATE_HOME` offers the draft and restores it exactly.

#![cfg(unix)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use mgtui::editor::{DraftStore, Value};

use crate::common::script::{Session, mgtui_pid, wait_for};

#[test]
fn a_draft_survives_sigkill_and_is_restored_exactly() {
    let have_script = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        have_script,
        "util-linux `script` is required for this test (apt-get install bsdutils)"
    );
    let dir = tempfile::tempdir().unwrap();
    let drafts_path = dir.path().join("state/mgtui/drafts.json");
    let store = DraftStore::new(&drafts_path);

    // 1. Type into the editor, then the process dies hard.
    let mut s = Session::start(dir.path(), "first");
    wait_for("the first page", || s.screen().contains("connected"));
    std::thread::sleep(Duration::from_millis(400));
    s.keys(b"e");
    wait_for("the editor", || s.screen().contains("Description"));
    std::thread::sleep(Duration::from_millis(300));
    s.keys(b"\x15"); // C-u clears the title
    s.keys("Ptydraft-42 ✓".as_bytes());
    s.keys(b"\t\t"); // to the description
    // A bracketed paste with two lines.
    s.keys(b"\x1b[200~pasted line one\r\nline two\x1b[201~");
    wait_for("the drafts file", || {
        store.load().ok().is_some_and(|d| {
            d.first().is_some_and(|d| {
                d.fields
                    .get("description")
                    .is_some_and(|f| matches!(&f.value, Value::Text(t) if t.ends_with("line two")))
            })
        })
    });
    let before = store.load().unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(
        before[0].fields["title"].value,
        Value::Text("Ptydraft-42 ✓".into())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&drafts_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "drafts are private");
    }
    let pid = mgtui_pid(s.child.id()).expect("mgtui runs");
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    s.wait_exit();
    assert_eq!(
        store.load().unwrap(),
        before,
        "the file is intact after the kill"
    );

    // 2. The next launch offers the draft; Enter restores it.
    let mut s = Session::start(dir.path(), "second");
    wait_for("the restore offer", || {
        s.screen().contains("Restore drafts?")
    });
    wait_for("the first page", || s.screen().contains("of 320"));
    s.keys(b"\r");
    wait_for("the restored form", || {
        s.screen().contains("Restored 2 unsaved fields")
    });
    wait_for("the restored title", || s.screen().contains("Ptydraft-42"));
    // The restored form writes the same edits back (nothing lost, nothing added).
    std::thread::sleep(Duration::from_millis(300));
    let again = store.load().unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].fields, before[0].fields);
    assert_eq!(again[0].base_updated_at, before[0].base_updated_at);

    // 3. Quitting asks; Discard removes the draft file.
    s.keys(b"\x03");
    wait_for("the leave dialog", || {
        s.screen().contains("Unsaved changes")
    });
    s.keys(b"d");
    s.wait_exit();
    assert!(!drafts_path.exists(), "discarded drafts are removed");
}

/// Run as a child by `a_write_killed_midway_leaves_a_readable_file`: write large draft
/// sets (and the history) as fast as possible until killed.
#[test]
fn writer_child_for_the_kill_test() {
    let Some(dir) = std::env::var_os("MGTUI_TEST_WRITER_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let store = DraftStore::new(dir.join("drafts.json"));
    let mut delta = mgtui::editor::drafts::DraftDelta::default();
    let mut history = mgtui::search::history::History::default();
    for round in 0u64.. {
        let drafts: Vec<_> = (0..200)
            .map(|id| mgtui::editor::Draft {
                asset_id: id,
                label: format!("asset {id} round {round} {}", "x".repeat(200)),
                base_updated_at: None,
                saved_at: round,
                fields: Default::default(),
                focus: None,
                owner: None,
            })
            .collect();
        let (up, rm) = delta.change(&drafts);
        store.merge(&up, &rm).unwrap();
        history.push(&format!("query {round}"));
        history.save(&dir.join("search_history")).unwrap();
    }
}

/// SIGKILL in the middle of writes (200 drafts of 300 bytes, over and over) leaves
/// files that read back whole: the previous or the next version, never a torn one.
#[test]
fn a_write_killed_midway_leaves_a_readable_file() {
    let dir = tempfile::tempdir().unwrap();
    for attempt in 0..5u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "editor_drafts::writer_child_for_the_kill_test",
                "--nocapture",
            ])
            .env("MGTUI_TEST_WRITER_DIR", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300 + attempt * 70));
        child.kill().unwrap();
        child.wait().unwrap();
        let drafts = DraftStore::new(dir.path().join("drafts.json"))
            .load()
            .expect("the drafts file reads back after the kill");
        assert_eq!(drafts.len(), 200, "a whole version, attempt {attempt}");
        let history = mgtui::search::history::History::load(&dir.path().join("search_history"));
        assert!(!history.entries().is_empty(), "the history reads back");
        assert!(!dir.path().join("drafts.json.damaged").exists());
    }
}
