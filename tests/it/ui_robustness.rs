//! The UI under hostile data, a slow server and a storm of random keys.

use crate::common;

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use mgtui::app::App;
use mgtui::app::state::Overlay;
use mgtui::demo::{DemoOptions, FaultSettings};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use crate::common::ui::Harness;

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

#[tokio::test]
async fn hostile_server_strings_are_inert_on_screen() {
    let opts = DemoOptions {
        hostile_strings: true,
        ..Default::default()
    };
    let mut h = Harness::with(opts, 160, 45).await;
    // Show as much server text as possible: expanded roots, list and tile views,
    // the details pane and the full details overlay.
    h.keys(&[KeyCode::BackTab, KeyCode::Right]).await;
    for _ in 0..3 {
        h.keys(&[KeyCode::Down, KeyCode::Right]).await;
    }
    let mut screens = vec![h.screen()];
    h.keys(&[KeyCode::Tab, KeyCode::Char('t')]).await;
    screens.push(h.screen());
    h.keys(&[KeyCode::Enter]).await;
    screens.push(h.screen());
    let all = screens.join("\n");
    assert!(
        all.contains("red") || all.contains("RTL") || all.contains("写真"),
        "hostile names are on screen:\n{all}"
    );
    let clean_buffer = |h: &Harness| {
        for y in 0..45u16 {
            for x in 0..160u16 {
                let sym = h.term.backend().buffer()[(x, y)].symbol().to_string();
                assert!(!has_control(&sym), "control character at {x},{y}: {sym:?}");
            }
        }
    };
    clean_buffer(&h);
    // Facet values (hostile tag names) and a hostile saved search name and filter.
    h.keys(&[KeyCode::Esc]).await;
    h.client
        .create_saved_search(
            "\u{1b}[31mred\u{7} picks\u{9b}2J",
            None,
            "visible_tag_names = '\u{1b}]0;pwned\u{7}'",
        )
        .await
        .expect("saved");
    h.keys(&[KeyCode::Char('f')]).await;
    screens.push(h.screen());
    clean_buffer(&h);
    // The saved searches root: reload it, open it, run the last one.
    h.app.focus = mgtui::app::state::Focus::Tree;
    let root = h
        .app
        .tree
        .items
        .iter()
        .position(|i| i.parent.is_none() && i.section == mgtui::panes::tree::Section::SavedSearches)
        .unwrap();
    h.tree_cursor_on(root);
    h.keys(&[
        KeyCode::Char('r'),
        KeyCode::Right,
        // The end, then up past the Trash root.
        KeyCode::Char('G'),
        KeyCode::Up,
        KeyCode::Enter,
    ])
    .await;
    let screen = h.screen();
    assert!(screen.contains("pwned"), "the saved search ran: {screen}");
    screens.push(screen);
    clean_buffer(&h);
    for s in &screens {
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}') && !s.contains('\u{9b}'));
    }
}

/// The real event loop with synthetic events: while every request takes 2 s, keys
/// still move the cursor and open help.
#[tokio::test]
async fn the_loop_answers_keys_while_requests_are_pending() {
    let (server, client) = common::start().await;
    let mut app = App::new(Some(server.organization_id()));
    // Let the first page arrive quickly, then make everything slow.
    let (req_tx, msg_rx) = mgtui::worker::spawn(client);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let (ev_tx, ev_rx) = mpsc::unbounded_channel::<std::io::Result<Event>>();
    let events = tokio_stream_from(ev_rx);
    let key = |c: KeyCode| Ok(Event::Key(KeyEvent::new(c, KeyModifiers::NONE)));
    server.set_faults(FaultSettings {
        latency_ms: 2000,
        ..Default::default()
    });
    let feeder = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        ev_tx.send(key(KeyCode::BackTab)).unwrap();
        ev_tx.send(key(KeyCode::Down)).unwrap();
        ev_tx.send(key(KeyCode::Char('?'))).unwrap();
        // Give the loop time to draw, then end the input stream (the loop returns).
        tokio::time::sleep(Duration::from_millis(200)).await;
    });
    let started = std::time::Instant::now();
    mgtui::run::event_loop(&mut term, &mut app, events, req_tx, msg_rx)
        .await
        .unwrap();
    feeder.await.unwrap();
    // The cursor moved and help opened and closed while every initial request was
    // still waiting on the slow server.
    assert_eq!(app.tree.cursor, 1, "cursor moved");
    assert_eq!(app.modals.overlay, Overlay::Help { scroll: 0 });
    let buf = term.backend().buffer();
    let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("Help"), "help was drawn");
    assert!(
        app.in_flight() >= 4,
        "requests were still pending: {}",
        app.in_flight()
    );
    assert!(
        app.grid.loaded_assets().is_empty(),
        "no answer had arrived yet"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1900),
        "the loop did not wait for the network"
    );
}

fn tokio_stream_from(
    rx: mpsc::UnboundedReceiver<std::io::Result<Event>>,
) -> impl futures::Stream<Item = std::io::Result<Event>> + Unpin {
    Box::pin(futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }))
}

#[tokio::test]
async fn a_hundred_thousand_random_keys_never_panic() {
    let mut h = Harness::new(120, 40).await;
    let mut rng = fastrand::Rng::with_seed(0x6d67_7475);
    let codes = [
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::F(1),
    ];
    let chars = " /?0123456789abcdefghijklmnopqrstuvwxyzGSV写🎉";
    let chars: Vec<char> = chars.chars().collect();
    for i in 0..100_000u32 {
        let ev = match rng.u8(0..100) {
            0 => {
                let (w, hgt) = (rng.u16(0..200), rng.u16(0..70));
                h.resize(w, hgt);
                continue;
            }
            1 => Event::Paste("pasted \u{1b}[31m text".into()),
            2..=40 => Event::Key(KeyEvent::new(
                codes[rng.usize(0..codes.len())],
                KeyModifiers::NONE,
            )),
            41..=44 => Event::Key(KeyEvent::new(
                KeyCode::Char(['a', 'b', 'f', 'l', 'u', 'k'][rng.usize(0..6)]),
                KeyModifiers::CONTROL,
            )),
            _ => Event::Key(KeyEvent::new(
                KeyCode::Char(chars[rng.usize(0..chars.len())]),
                KeyModifiers::NONE,
            )),
        };
        h.app.on_event(ev);
        h.app.screen.should_quit = false;
        if i % 256 == 0 {
            h.draw();
        }
        if i % 1000 == 0 {
            h.settle().await;
        }
    }
    h.settle().await;
    let _ = h.screen();
}

/// A 120×30 app against a demo server that answers 404 on these routes.
async fn without_routes(routes: &[&str]) -> Harness {
    Harness::with(
        DemoOptions {
            faults: FaultSettings {
                missing_routes: routes.iter().map(|r| r.to_string()).collect(),
                ..Default::default()
            },
            ..Default::default()
        },
        120,
        30,
    )
    .await
}

/// A start whose sign-in check fails (the route answers 404), then the server is
/// fixed.
async fn start_without_sign_in() -> Harness {
    let mut h = without_routes(&["/api/whoami"]).await;
    h.settle().await;
    assert!(h.app.session.user.is_none(), "the first check failed");
    assert!(h.screen().contains("connecting"));
    h.server.set_faults(FaultSettings::default());
    h
}

/// A sign-in check that failed at start is asked again by itself (with a growing
/// wait); the status then shows who is signed in.
#[tokio::test]
async fn a_failed_sign_in_check_is_retried() {
    let mut h = start_without_sign_in().await;
    let due = h.app.next_deadline().expect("a retry is planned");
    h.app.on_tick(due);
    assert_eq!(
        h.app.next_deadline(),
        None,
        "while the check is out the loop has nothing to wake for (no busy loop)"
    );
    h.settle().await;
    assert!(h.app.session.user.is_some(), "signed in after the retry");
    assert!(!h.screen().contains("connecting"));
}

#[tokio::test]
async fn r_retries_a_failed_sign_in_check() {
    let mut h = start_without_sign_in().await;
    h.keys(&[KeyCode::Char('r')]).await;
    assert!(h.app.session.user.is_some(), "r asked again");
}

/// A failed tree load names what failed: collections are not "the folder".
#[tokio::test]
async fn a_failed_tree_load_names_what_failed() {
    let h = without_routes(&["/collections/tree"]).await;
    let flash = h
        .app
        .screen
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(
        flash.starts_with("Could not load the collections"),
        "{flash}"
    );
}

#[tokio::test]
async fn an_oversized_answer_is_reported_by_name_and_the_next_search_works() {
    let mut h = Harness::new(120, 30).await;
    h.settle().await;
    h.client = common::client_with_limits(
        &h.server,
        Duration::from_secs(10),
        mgtui::api::client::AnswerLimits::from_mb(1),
    );
    h.server.set_faults(FaultSettings {
        pad_search_bytes: 16 << 20,
        ..Default::default()
    });
    h.press(KeyCode::Char('r'));
    h.settle().await;
    let flash = h.app.screen.flash.as_ref().map(|f| f.text.clone());
    assert!(
        flash
            .as_deref()
            .is_some_and(|t| t
                .starts_with("Search failed: the answer to GET /api/assets/search is over 1 MB")),
        "{flash:?}"
    );
    assert!(h.screen().contains("Search failed"));
    assert_eq!(
        h.app.session.connection,
        mgtui::app::state::Connection::Ok,
        "the server answered: the connection is not what failed"
    );

    h.server.set_faults(FaultSettings::default());
    h.press(KeyCode::Char('r'));
    h.settle().await;
    assert!(h.screen().contains("of 320"), "{}", h.screen());
}
