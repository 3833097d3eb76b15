//! The real binary in a pty that the test owns.
//!
//! Terminal answers that arrive late — after the probe stopped waiting, in pieces,
//! twice, with the user's keys in between, or through tmux — are never keys: the
//! server sees no write, the grid cursor stays where it was, and the keys the user
//! typed arrive, all of them, in order. Redraws and resizes never end the app.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use crate::common::pty::{Answers, Delivery, PtyApp};
use mgtui::demo::DemoServer;

const COLS: u16 = 120;
const ROWS: u16 = 40;

fn app_command(server: &DemoServer, dir: &std::path::Path) -> Command {
    crate::common::pty::demo_command(env!("CARGO_BIN_EXE_mgtui").as_ref(), server, dir)
}

fn writes(server: &DemoServer) -> Vec<String> {
    server
        .request_log()
        .into_iter()
        .filter(|r| r.method != "GET" && r.method != "HEAD")
        .map(|r| format!("{} {}?{}", r.method, r.path, r.query))
        .collect()
}

/// The `q=` of every search the server received, oldest first.
fn searched_texts(server: &DemoServer) -> Vec<String> {
    server
        .request_log()
        .into_iter()
        .filter(|r| r.path == "/api/assets/search")
        .filter_map(|r| {
            url::form_urlencoded::parse(r.query.as_bytes())
                .find(|(k, _)| k == "q")
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

fn status_shows_first_asset(screen: &str) -> bool {
    screen.lines().any(|l| l.contains(" 1 of "))
}

/// Start the app with answers delivered as `answers` says, wait until they are all in,
/// then type a search. Returns the app for further checks.
fn run_case(server: &DemoServer, answers: Answers, typed_in_between: &str) -> PtyApp {
    let dir = tempfile::tempdir().unwrap();
    let cmd = app_command(server, dir.path());
    let delay = answers.delay;
    let app = PtyApp::spawn(cmd, COLS, ROWS, Some(answers)).keeping(dir);
    app.wait_screen("the first page", Duration::from_secs(20), |s| {
        s.contains(" of ") && status_shows_first_asset(s)
    });
    // Every answer is in (and the app had time to misread it) well after its delay.
    let queried = loop {
        if let Some(t) = app.out.lock().unwrap().queries_at {
            break t;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let settle = queried + delay + Duration::from_millis(800);
    std::thread::sleep(settle.saturating_duration_since(std::time::Instant::now()));
    let screen = app.screen_text();
    assert!(
        status_shows_first_asset(&screen),
        "the cursor moved by itself (delay {delay:?}):\n{screen}"
    );
    if typed_in_between.is_empty() {
        app.type_text("/har", Duration::from_millis(60));
    }
    app.type_text("bor", Duration::from_millis(60));
    app.write(b"\r");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !searched_texts(server).iter().any(|q| q == "harbor") {
        assert!(
            std::time::Instant::now() < deadline,
            "the typed search never arrived: {:?}\n{}",
            searched_texts(server),
            app.screen_text()
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    app
}

fn assert_clean(server: &DemoServer) {
    assert_eq!(writes(server), Vec::<String>::new(), "nothing was written");
    for q in searched_texts(server) {
        assert!(
            "harbor".starts_with(q.as_str()),
            "a search for {q:?}: answer bytes became keys, or keys arrived out of order"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_split_duplicated_and_interleaved_answers_are_never_keys() {
    let server = DemoServer::start(Default::default()).await.unwrap();
    let cases = [
        (Duration::from_millis(100), Delivery::Whole),
        (Duration::from_millis(600), Delivery::SingleBytes),
        (Duration::from_millis(1500), Delivery::Duplicated),
        (Duration::from_millis(5000), Delivery::Interleaved),
        (Duration::from_millis(600), Delivery::Interleaved),
    ];
    let server = std::sync::Arc::new(server);
    for (delay, delivery) in cases {
        let interleaved = delivery == Delivery::Interleaved;
        let answers = Answers {
            delay,
            delivery,
            between: ["/", "h", "a", "r"]
                .iter()
                .map(|s| s.as_bytes().to_vec())
                .collect(),
            kitty: true,
        };
        let s = server.clone();
        let app = tokio::task::spawn_blocking(move || {
            run_case(&s, answers, if interleaved { "/har" } else { "" })
        })
        .await
        .unwrap();
        assert_clean(&server);
        let status = tokio::task::spawn_blocking(move || app.quit())
            .await
            .unwrap();
        assert!(status.success(), "{delay:?} {delivery:?}: exit {status:?}");
    }
}

/// The rating keys of a leaked answer (`G`, `3`, `1`) arriving in one burst are not
/// acted on without a confirmation, even if a terminal sends bytes no parser knows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_rating_keys_asks_before_writing() {
    let server = std::sync::Arc::new(DemoServer::start(Default::default()).await.unwrap());
    let s = server.clone();
    let screen = tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = app_command(&s, dir.path());
        cmd.arg("--images").arg("off");
        let app = PtyApp::spawn(cmd, COLS, ROWS, None).keeping(dir);
        app.wait_screen("the first page", Duration::from_secs(20), |s| {
            status_shows_first_asset(s)
        });
        std::thread::sleep(Duration::from_millis(600));
        app.write(b"x31");
        app.wait_screen("the confirmation", Duration::from_secs(5), |s| {
            s.contains("Set rating")
        });
        // A human's key, one at a time, picks Cancel; nothing is written.
        std::thread::sleep(Duration::from_millis(100));
        app.write(b"\x1b");
        std::thread::sleep(Duration::from_millis(300));
        let screen = app.screen_text();
        // A single rating key at a person's pace is one key, no question.
        app.write(b"4");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !s.request_log().iter().any(|r| r.method == "PUT") {
            assert!(std::time::Instant::now() < deadline, "the rating was sent");
            std::thread::sleep(Duration::from_millis(30));
        }
        assert!(app.quit().success());
        screen
    })
    .await
    .unwrap();
    let puts: Vec<_> = server
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 1, "only the paced key wrote: {puts:?}");
    assert!(
        puts[0].body.contains("\"rating\":4") || puts[0].body.contains("\"rating\": 4"),
        "{}",
        puts[0].body
    );
    assert!(!screen.contains("Set rating"), "Esc cancelled:\n{screen}");
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// tmux answers Device Attributes itself at once; the outer terminal's kitty answer
/// comes later (or, with passthrough off, never asked for but sent anyway).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_tmux_late_answers_are_never_keys() {
    if !have_tmux() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is missing on CI (.ci/run installs it)"
        );
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let server = std::sync::Arc::new(DemoServer::start(Default::default()).await.unwrap());
    for passthrough in ["on", "off"] {
        let s = server.clone();
        tokio::task::spawn_blocking(move || {
            let dir = tempfile::tempdir().unwrap();
            let conf = dir.path().join("tmux.conf");
            std::fs::write(
                &conf,
                format!(
                    "set -g allow-passthrough {passthrough}\nset -g status off\nset -sg escape-time 10\n"
                ),
            )
            .unwrap();
            let inner = app_command(&s, dir.path());
            let mut env = String::new();
            for (k, v) in inner.get_envs() {
                if let Some(v) = v {
                    env.push_str(&format!(
                        "{}='{}' ",
                        k.to_string_lossy(),
                        v.to_string_lossy()
                    ));
                }
            }
            let mut cmd = Command::new("tmux");
            cmd.env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("TERM", "xterm-256color")
                .env("HOME", dir.path())
                .arg("-L")
                .arg(format!("mgtui-test-{}-{passthrough}", std::process::id()))
                .arg("-f")
                .arg(&conf)
                .arg("new-session")
                .arg(format!(
                    "env {env} TERM=tmux-256color TMUX=1 {}",
                    env!("CARGO_BIN_EXE_mgtui")
                ));
            let answers = Answers {
                delay: Duration::from_millis(600),
                delivery: Delivery::Whole,
                between: Vec::new(),
                kitty: true,
            };
            let app = PtyApp::spawn(cmd, COLS, ROWS, Some(answers)).keeping(dir);
            app.wait_screen("the first page", Duration::from_secs(20), |s| {
                status_shows_first_asset(s)
            });
            std::thread::sleep(Duration::from_millis(1500));
            let screen = app.screen_text();
            assert!(
                status_shows_first_asset(&screen),
                "passthrough {passthrough}: the cursor moved:\n{screen}"
            );
            app.type_text("/harbor", Duration::from_millis(60));
            app.write(b"\r");
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while !searched_texts(&s).iter().any(|q| q == "harbor") {
                assert!(
                    std::time::Instant::now() < deadline,
                    "passthrough {passthrough}: the typed search never arrived: {:?}\n{}",
                    searched_texts(&s),
                    app.screen_text()
                );
                std::thread::sleep(Duration::from_millis(30));
            }
            let _ = Command::new("tmux")
                .arg("-L")
                .arg(format!("mgtui-test-{}-{passthrough}", std::process::id()))
                .arg("kill-server")
                .status();
            drop(app);
        })
        .await
        .unwrap();
        assert_clean(&server);
    }
}

/// Resizes, Ctrl-L, focus events and keys, interleaved for thousands of rounds in a
/// terminal that never answers a query: the app stays up and the screen is whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redraw_storm_never_ends_the_app() {
    tokio::task::spawn_blocking(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mgtui"));
        cmd.args(["--demo", "--images", "off"])
            .env("TERM", "xterm-256color")
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("MGTUI_CONFIG_DIR", dir.path().join("config"));
        let mut app = PtyApp::spawn(cmd, 80, 24, None).keeping(dir);
        app.wait_screen("the first page", Duration::from_secs(20), |s| {
            s.contains(" of 320")
        });
        let sizes = [(80, 24), (100, 30), (60, 20), (120, 40), (81, 25)];
        let inputs: [&[u8]; 6] = [
            b"\x0c",
            b"j",
            b"\x0c\x0c",
            b"\x1b[I\x0c",
            b"k",
            b"\x1b[I\x1b[I",
        ];
        for round in 0..3000usize {
            if round % 3 == 0 {
                let (c, r) = sizes[round / 3 % sizes.len()];
                app.resize(c, r);
            }
            app.write(inputs[round % inputs.len()]);
            if round % 50 == 0 {
                std::thread::sleep(Duration::from_millis(5));
                assert!(app.alive(), "the app ended at round {round}");
            }
        }
        app.resize(80, 24);
        app.write(b"\x0c");
        std::thread::sleep(Duration::from_millis(500));
        assert!(app.alive(), "the app ended after the storm");
        app.wait_screen("a whole screen", Duration::from_secs(10), |s| {
            let lines: Vec<&str> = s.lines().collect();
            // Panes from the top row to their bottom border, then status and hints.
            lines.len() >= 23
                && lines[0].starts_with(['┌', '┏'])
                && lines[21].starts_with(['└', '┗'])
                && lines[22].contains(" of 320")
        });
        assert!(app.quit().success());
    })
    .await
    .unwrap();
}

fn demo_in(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mgtui"));
    cmd.args(["--demo", "--images", "off"])
        .env("TERM", "xterm-256color")
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("MGTUI_CONFIG_DIR", dir.join("config"));
    cmd
}

/// Two instances share one state directory (two SSH sessions): A and B edit different
/// assets, A types again, both die with SIGKILL — both drafts are on disk and offered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_keep_each_others_drafts() {
    tokio::task::spawn_blocking(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = mgtui::editor::DraftStore::new(dir.path().join("state/mgtui/drafts.json"));
        let mut a = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        let mut b = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        for app in [&a, &b] {
            app.wait_screen("the first page", Duration::from_secs(20), |s| {
                s.contains(" of 320")
            });
        }
        std::thread::sleep(Duration::from_millis(300));
        open_editor_and_type(&a, "Alpha");
        b.write(b"l");
        std::thread::sleep(Duration::from_millis(200));
        open_editor_and_type(&b, "Bravo");
        a.type_text(" again", Duration::from_millis(20));
        let titles = || -> Vec<String> {
            let mut t: Vec<String> = store
                .load()
                .unwrap_or_default()
                .iter()
                .filter_map(|d| match &d.fields.get("title")?.value {
                    mgtui::editor::Value::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect();
            t.sort();
            t
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while titles() != ["Alpha again", "Bravo"] {
            assert!(
                std::time::Instant::now() < deadline,
                "both drafts on disk: {:?}",
                titles()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // SIGKILL, as when an SSH connection drops.
        a.child.kill().unwrap();
        b.child.kill().unwrap();
        let _ = a.child.wait();
        let _ = b.child.wait();
        assert_eq!(
            titles(),
            ["Alpha again", "Bravo"],
            "nothing lost to the kill"
        );
        let c = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        c.wait_screen("the offer of both drafts", Duration::from_secs(20), |s| {
            s.contains("Restore drafts?") && s.matches("— 1 field").count() == 2
        });
        drop(c);
        drop(dir);
    })
    .await
    .unwrap();
}

fn open_editor_and_type(app: &PtyApp, text: &str) {
    app.write(b"e");
    app.wait_screen("the editor", Duration::from_secs(10), |s| {
        s.contains("Description")
    });
    std::thread::sleep(Duration::from_millis(300));
    app.write(b"\x15");
    std::thread::sleep(Duration::from_millis(50));
    app.type_text(text, Duration::from_millis(20));
}

fn wait_drafts(store: &mgtui::editor::DraftStore, what: &str, pred: impl Fn(usize) -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !pred(store.load().unwrap_or_default().len()) {
        assert!(std::time::Instant::now() < deadline, "timed out: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Both instances open the editor on the same asset: the second is told that another
/// mgtui has unsaved edits of it, and which fields.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_asset_edited_in_two_instances_is_reported() {
    tokio::task::spawn_blocking(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = mgtui::editor::DraftStore::new(dir.path().join("state/mgtui/drafts.json"));
        let a = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        let b = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        for app in [&a, &b] {
            app.wait_screen("the first page", Duration::from_secs(20), |s| {
                s.contains(" of 320")
            });
        }
        open_editor_and_type(&a, "Alpha");
        wait_drafts(&store, "A's draft", |n| n == 1);
        // B's watcher reads the file once a second.
        std::thread::sleep(Duration::from_millis(1500));
        b.write(b"e");
        b.wait_screen("the warning", Duration::from_secs(10), |s| {
            s.contains("Another mgtui") && s.contains("title")
        });
        drop((a, b));
        drop(dir);
    })
    .await
    .unwrap();
}

/// A draft left by a dead instance is offered by two new ones; one restores and saves
/// it, and it leaves the other's offer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_restored_and_saved_in_one_instance_leaves_the_others_offer() {
    tokio::task::spawn_blocking(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = mgtui::editor::DraftStore::new(dir.path().join("state/mgtui/drafts.json"));
        let mut dead = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        dead.wait_screen("the first page", Duration::from_secs(20), |s| {
            s.contains(" of 320")
        });
        open_editor_and_type(&dead, "Left behind");
        wait_drafts(&store, "the draft", |n| n == 1);
        // Killed only once the last key is on disk (a loaded machine writes later).
        let file = dir.path().join("state/mgtui/drafts.json");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !std::fs::read_to_string(&file).is_ok_and(|t| t.contains("Left behind")) {
            assert!(
                std::time::Instant::now() < deadline,
                "the whole draft on disk"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        dead.child.kill().unwrap();
        let _ = dead.child.wait();
        let b = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        let c = PtyApp::spawn(demo_in(dir.path()), 160, 50, None);
        for app in [&b, &c] {
            app.wait_screen("the offer", Duration::from_secs(20), |s| {
                s.contains("Restore drafts?") && s.contains(" of 320")
            });
        }
        b.write(b"\r");
        b.wait_screen("the restored form", Duration::from_secs(10), |s| {
            s.contains("Left behind")
        });
        std::thread::sleep(Duration::from_millis(300));
        b.write(b"\x13");
        wait_drafts(&store, "the saved draft gone from disk", |n| n == 0);
        c.wait_screen("the offer withdrawn", Duration::from_secs(10), |s| {
            !s.contains("Restore drafts?") && s.contains("another mgtui")
        });
        drop((b, c));
        drop(dir);
    })
    .await
    .unwrap();
}

/// The length of the output once the app has written nothing for `quiet`.
fn settled(app: &PtyApp, quiet: Duration) -> usize {
    let mut last = app.raw().len();
    loop {
        std::thread::sleep(quiet);
        let now = app.raw().len();
        if now == last {
            return now;
        }
        last = now;
    }
}

/// Bytes the app writes within `quiet` of the last one, after `keys`.
fn bytes_after(app: &PtyApp, keys: &[u8], quiet: Duration) -> usize {
    let before = settled(app, quiet);
    app.write(keys);
    settled(app, quiet) - before
}

/// A sixel mgtui with the grid on screen and its first picture written.
fn sixel_app(server: &DemoServer) -> PtyApp {
    picture_app(server, Pictures::Sixel)
}

/// The picture protocols whose tiles are scrolled by the terminal.
#[derive(Clone, Copy, Debug)]
enum Pictures {
    Sixel,
    Iterm2,
}

impl Pictures {
    fn flag(self) -> &'static str {
        match self {
            Pictures::Sixel => "sixel",
            Pictures::Iterm2 => "iterm2",
        }
    }

    /// How many pictures `raw` carries.
    fn count_in(self, raw: &[u8]) -> usize {
        match self {
            Pictures::Sixel => sixels_in(raw),
            Pictures::Iterm2 => raw
                .windows(b"\x1b]1337;File=".len())
                .filter(|w| *w == b"\x1b]1337;File=")
                .count(),
        }
    }
}

/// mgtui drawing `pictures`, with the grid on screen and its first picture written.
fn picture_app(server: &DemoServer, pictures: Pictures) -> PtyApp {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = app_command(server, dir.path());
    cmd.arg("--images").arg(pictures.flag());
    let app = PtyApp::spawn(cmd, COLS, ROWS, None).keeping(dir);
    app.wait_screen(
        "the grid",
        Duration::from_secs(60),
        status_shows_first_asset,
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while pictures.count_in(&app.raw()) == 0 {
        assert!(std::time::Instant::now() < deadline, "no picture drawn");
        std::thread::sleep(Duration::from_millis(100));
    }
    app
}

/// Focus coming back repaints nothing the terminal still shows: no sixel is sent
/// again (over SSH each screen of them is hundreds of KB). Ctrl-L still repaints all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_regained_resends_no_image() {
    let server = std::sync::Arc::new(DemoServer::start(Default::default()).await.unwrap());
    let s = server.clone();
    tokio::task::spawn_blocking(move || {
        let mut app = sixel_app(&s);
        let quiet = Duration::from_millis(700);
        let refocus = bytes_after(&app, b"\x1b[I", quiet);
        assert!(refocus < 2_000, "{refocus} bytes after focus came back");
        let repaint = bytes_after(&app, b"\x0c", quiet);
        assert!(
            repaint > 20_000,
            "Ctrl-L repaints the pictures: {repaint} bytes"
        );
        assert!(app.alive());
        app.quit();
    })
    .await
    .unwrap();
}

/// The OSC 52 sequences in `raw`, each decoded (`None` when one is malformed).
fn clipboard_writes(raw: &[u8]) -> Vec<Option<String>> {
    use base64::Engine;
    let start = b"\x1b]52;c;";
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = raw[i..].windows(start.len()).position(|w| w == start) {
        let body_start = i + pos + start.len();
        let end = raw[body_start..].iter().position(|&b| b == 0x07);
        out.push(end.and_then(|e| {
            let body = &raw[body_start..body_start + e];
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
        }));
        i = body_start;
    }
    out
}

/// `y` puts the selected asset's web link in the clipboard with exactly one well-formed
/// OSC 52 sequence, `Y` its GUID; the status line shows what was copied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn y_and_shift_y_copy_with_one_osc52_sequence_each() {
    let server = std::sync::Arc::new(DemoServer::start(Default::default()).await.unwrap());
    let client = crate::common::client_for(&server, Duration::from_secs(10));
    let slug = client
        .organization(server.organization_id())
        .await
        .unwrap()
        .slug
        .unwrap();
    let s = server.clone();
    let (link, guid) = tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        let cmd = app_command(&s, dir.path());
        let app = PtyApp::spawn(cmd, COLS, ROWS, None).keeping(dir);
        app.wait_screen(
            "the grid",
            Duration::from_secs(60),
            status_shows_first_asset,
        );
        assert!(
            clipboard_writes(&app.raw()).is_empty(),
            "nothing copied at start"
        );
        app.write(b"y");
        app.wait_screen("the copy", Duration::from_secs(10), |s| {
            s.contains("Copied the asset's link")
        });
        let after_y = clipboard_writes(&app.raw());
        assert_eq!(after_y.len(), 1, "{after_y:?}");
        app.write(b"Y");
        app.wait_screen("the GUID copy", Duration::from_secs(10), |s| {
            s.contains("Copied the GUID")
        });
        let all = clipboard_writes(&app.raw());
        assert_eq!(all.len(), 2, "{all:?}");
        app.quit();
        (all[0].clone().unwrap(), all[1].clone().unwrap())
    })
    .await
    .unwrap();
    assert_eq!(
        link,
        format!(
            "{}/{slug}/assets/{guid}",
            server.base_url().trim_end_matches('/')
        )
    );
    assert_eq!(
        client.asset(&guid).await.unwrap().guid.as_deref(),
        Some(&*guid)
    );
}

/// A comment being written when mgtui is killed is back in the next mgtui, on the same
/// lightbox, ready to send.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsent_comment_survives_a_kill() {
    tokio::task::spawn_blocking(|| {
        let dir = tempfile::tempdir().unwrap();
        let open_comments = |app: &PtyApp| {
            app.wait_screen("the first page", Duration::from_secs(30), |s| {
                s.contains(" of 320")
            });
            // Tree, Lightboxes root, open it, down to "Client picks", its comments.
            app.write(b"\x1b[Z");
            std::thread::sleep(Duration::from_millis(150));
            app.write(b"jjl");
            app.wait_screen("the lightboxes", Duration::from_secs(10), |s| {
                s.contains("Client picks")
            });
            app.write(b"jjC");
            app.wait_screen("the comments", Duration::from_secs(10), |s| {
                s.contains("Sam Rivera")
            });
        };
        let mut dead = PtyApp::spawn(demo_in(dir.path()), 140, 44, None);
        open_comments(&dead);
        dead.write(b"n");
        std::thread::sleep(Duration::from_millis(150));
        dead.type_text("Hero shortlist: cat, skyline", Duration::from_millis(15));
        let state = dir.path().join("state/mgtui");
        let on_disk = || {
            std::fs::read_dir(&state).ok().is_some_and(|entries| {
                entries.flatten().any(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with("comment-drafts-")
                        && std::fs::read_to_string(e.path())
                            .is_ok_and(|t| t.contains("Hero shortlist: cat, skyline"))
                })
            })
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !on_disk() {
            assert!(std::time::Instant::now() < deadline, "the draft on disk");
            std::thread::sleep(Duration::from_millis(50));
        }
        dead.child.kill().unwrap();
        let _ = dead.child.wait();
        let next = PtyApp::spawn(demo_in(dir.path()), 140, 44, None);
        open_comments(&next);
        next.wait_screen("the draft kept", Duration::from_secs(10), |s| {
            s.contains("n brings it back")
        });
        next.write(b"n");
        next.wait_screen("the draft back", Duration::from_secs(10), |s| {
            s.contains("> Hero shortlist: cat, skyline")
        });
    })
    .await
    .unwrap();
}

/// Sixel pictures (DCS … q) in `raw`.
fn sixels_in(raw: &[u8]) -> usize {
    raw.windows(2)
        .enumerate()
        .filter(|(_, w)| w == b"\x1bP")
        .filter(|(i, _)| raw[i + 2..].iter().take(16).any(|&b| b == b'q'))
        .count()
}

/// Moving down past the last row of tiles scrolls the terminal's rows (pictures and
/// all) and sends only the row that comes into view; moving back up redraws.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_row_scroll_sends_only_the_new_row_of_sixels() {
    one_row_scroll_sends_only_the_new_row(Pictures::Sixel).await;
}

/// The same for iTerm2's inline pictures (the terminal keeps them in its cells, and
/// mlterm was seen moving them with the rows).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_row_scroll_sends_only_the_new_row_of_iterm2_pictures() {
    one_row_scroll_sends_only_the_new_row(Pictures::Iterm2).await;
}

async fn one_row_scroll_sends_only_the_new_row(pictures: Pictures) {
    let server = std::sync::Arc::new(DemoServer::start(Default::default()).await.unwrap());
    let s = server.clone();
    tokio::task::spawn_blocking(move || {
        let mut app = picture_app(&s, pictures);
        let quiet = Duration::from_millis(900);
        let settle = |app: &PtyApp| settled(app, quiet);
        let start = settle(&app);
        let screenful = pictures.count_in(&app.raw()[..start]);
        // Down until a key scrolls the rows (the first ones only move the cursor).
        let mut scrolled = None;
        for _ in 0..12 {
            let before = settle(&app);
            app.write(b"\x1b[B");
            let after = settle(&app);
            let out = app.raw()[before..after].to_vec();
            if crate::common::pty::contains(&out, b"S\x1b[r") {
                scrolled = Some(out);
                break;
            }
        }
        let out = scrolled.expect("a Down that scrolls the grid by a row");
        let sent = pictures.count_in(&out);
        assert!(sent >= 1, "the new row's pictures are sent");
        assert!(
            sent * 2 <= screenful,
            "{sent} pictures sent for one row, {screenful} for the first screen"
        );
        // Up past the top row: no scrolling region (xterm leaves pictures behind when
        // one scrolls down), the pictures are drawn again.
        let mut redrawn = None;
        for _ in 0..12 {
            let before = settle(&app);
            app.write(b"\x1b[A");
            let after = settle(&app);
            let out = app.raw()[before..after].to_vec();
            if pictures.count_in(&out) > 0 {
                redrawn = Some(out);
                break;
            }
        }
        let out = redrawn.expect("an Up that shows an earlier row");
        assert!(
            !crate::common::pty::contains(&out, b"T\x1b[r"),
            "never scrolled down"
        );
        assert!(app.alive());
        app.quit();
    })
    .await
    .unwrap();
}
