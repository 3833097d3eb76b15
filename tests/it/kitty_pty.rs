//! Kitty pictures through the real binary in a pty that answers as kitty does: each
//! picture is transmitted once (as a PNG), and a full redraw, a page away and back, or
//! the same tiles drawn again cost placeholder cells, never pixels again. Leaving frees
//! the pictures in the terminal.

#![cfg(unix)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::common::pty::{Answers, Delivery, PtyApp};
use mgtui::demo::DemoServer;

/// Each transmitted picture's id, with how many times it was transmitted.
fn transmissions(raw: &[u8]) -> HashMap<u32, usize> {
    let text = String::from_utf8_lossy(raw);
    let mut seen = HashMap::new();
    for part in text.split("\x1b_Gi=").skip(1) {
        let Some((id, rest)) = part.split_once(',') else {
            continue;
        };
        if rest.starts_with("a=T,U=1,") {
            *seen.entry(id.parse().unwrap()).or_insert(0) += 1;
        }
    }
    seen
}

/// Wait until the app has written nothing new for `quiet`; the bytes written so far.
fn settled(app: &PtyApp, quiet: Duration) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = app.raw().len();
    let mut since = Instant::now();
    while since.elapsed() < quiet {
        assert!(Instant::now() < deadline, "the app never went quiet");
        std::thread::sleep(Duration::from_millis(50));
        let now = app.raw().len();
        if now != last {
            (last, since) = (now, Instant::now());
        }
    }
    app.raw()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kitty_pictures_are_transmitted_once_then_placed_by_id() {
    let server = DemoServer::start(Default::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cmd =
        crate::common::pty::demo_command(env!("CARGO_BIN_EXE_mgtui").as_ref(), &server, dir.path());
    let answers = Answers {
        delay: Duration::ZERO,
        delivery: Delivery::Whole,
        between: Vec::new(),
        kitty: true,
    };
    let (raw, after_redraw, after_pages, at_exit) = tokio::task::spawn_blocking(move || {
        let app = PtyApp::spawn(cmd, 140, 40, Some(answers)).keeping(dir);
        app.wait_screen("the first page", Duration::from_secs(20), |s| {
            s.contains(" 1 of ")
        });
        let raw = settled(&app, Duration::from_millis(800));
        app.write(b"\x0c");
        let after_redraw = settled(&app, Duration::from_millis(500));
        app.write(b"\x1b[6~");
        settled(&app, Duration::from_millis(800));
        app.write(b"\x1b[5~");
        let after_pages = settled(&app, Duration::from_millis(800));
        let out = app.out.clone();
        assert!(app.quit().success());
        std::thread::sleep(Duration::from_millis(200));
        let at_exit = out.lock().unwrap().raw.clone();
        (raw, after_redraw, after_pages, at_exit)
    })
    .await
    .unwrap();
    let first = transmissions(&raw);
    assert!(first.len() >= 6, "the first screen's pictures: {first:?}");
    assert!(
        first.values().all(|&n| n == 1),
        "each transmitted once: {first:?}"
    );
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains(",a=T,U=1,f=100,"), "as PNGs");
    assert_eq!(
        text.matches("a=T").count(),
        first.len(),
        "no other transmission (one would replace a picture)"
    );
    assert!(text.contains('\u{10EEEE}'), "drawn by placeholders");
    // Ctrl-L redraws every cell: placeholders again, no picture again.
    let redraw = &after_redraw[raw.len()..];
    assert!(
        String::from_utf8_lossy(redraw).contains('\u{10EEEE}'),
        "the redraw drew the tiles"
    );
    assert_eq!(
        transmissions(redraw).len(),
        0,
        "no picture re-sent on a redraw"
    );
    // A page down sends that page's pictures; back up sends nothing.
    let all = transmissions(&after_pages);
    assert!(all.len() > first.len(), "the second page's pictures");
    assert!(all.values().all(|&n| n == 1), "still once each: {all:?}");
    // Leaving frees every one of them in the terminal.
    let leaving = String::from_utf8_lossy(&at_exit[after_pages.len()..]).into_owned();
    for id in all.keys() {
        assert!(
            leaving.contains(&format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\")),
            "picture {id} freed on leaving"
        );
    }
}
