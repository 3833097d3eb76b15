//! Notifications: the unseen count is asked for a little after sign-in and shown in the
//! status bar; a failing server is asked less and less often; `N` lists them, and then
//! none is unseen.

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use mgtui::app::state::Overlay;
use mgtui::demo::{DemoOptions, FaultSettings};

use crate::common::ui::Harness;

fn count_asks(h: &Harness) -> usize {
    h.server.request_count("GET", "/api/notifications/count")
}

#[tokio::test]
async fn the_unseen_count_shows_and_the_list_clears_it() {
    let mut h = Harness::new(140, 40).await;
    assert_eq!(count_asks(&h), 0, "not in the start-up burst");
    assert!(!h.screen().contains("✉"));
    h.app.on_tick(Instant::now() + Duration::from_secs(11));
    h.settle().await;
    assert_eq!(count_asks(&h), 1);
    assert!(h.screen().contains("✉ 2 new (N)"), "{}", h.screen());

    h.keys(&[KeyCode::Char('N')]).await;
    assert!(matches!(
        h.app.modals.overlay,
        Overlay::Notifications { .. }
    ));
    let screen = h.screen();
    assert!(screen.contains("Notifications"), "{screen}");
    assert!(
        screen.contains("Comment: Sam Rivera commented on Client picks"),
        "{screen}"
    );
    assert!(screen.contains("Upload: 12 files processed"), "{screen}");
    assert!(!screen.contains("✉"), "listed: none unseen");
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(h.app.modals.overlay, Overlay::None);
    assert_eq!(h.client.unseen_notifications().await.unwrap(), 0);
}

#[tokio::test]
async fn a_failing_count_is_asked_less_and_less_often() {
    let opts = DemoOptions {
        faults: FaultSettings {
            missing_routes: vec!["/notifications/count".into()],
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = Harness::with(opts, 140, 40).await;
    let start = Instant::now();
    h.app.on_tick(start + Duration::from_secs(11));
    h.settle().await;
    assert_eq!(count_asks(&h), 1);
    assert!(
        !h.screen().contains("not found"),
        "no message for the count"
    );
    // A minute later is too soon after a failure (two minutes)…
    h.app.on_tick(Instant::now() + Duration::from_secs(65));
    h.settle().await;
    assert_eq!(count_asks(&h), 1);
    // …then again, and after that four minutes.
    h.app.on_tick(Instant::now() + Duration::from_secs(125));
    h.settle().await;
    assert_eq!(count_asks(&h), 2);
    h.app.on_tick(Instant::now() + Duration::from_secs(200));
    h.settle().await;
    assert_eq!(count_asks(&h), 2);
    h.app.on_tick(Instant::now() + Duration::from_secs(245));
    h.settle().await;
    assert_eq!(count_asks(&h), 3);
}
