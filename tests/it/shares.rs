//! Shares of chosen assets end to end: `W` in the grid lists the user's shares, `n` shares
//! the marked assets (its address copied with OSC 52), `p`/`d`/`E` change it, `D` revokes
//! it after asking; the public page follows every change; each write is sent once, none
//! in read-only mode.

use std::time::Duration;

use base64::Engine;
use crossterm::event::KeyCode;
use mgtui::app::effect::Effect;
use mgtui::app::state::Focus;
use mgtui::demo::{DemoOptions, FaultSettings};

use crate::common::ui::Harness;

/// Mark the first `n` assets of the grid and open the shares view.
async fn mark_and_open(h: &mut Harness, n: usize) -> Vec<i64> {
    h.app.focus = Focus::Grid;
    for _ in 0..n {
        h.keys(&[KeyCode::Char(' ')]).await;
    }
    let ids: Vec<i64> = h.app.grid.marks.iter().copied().collect();
    assert_eq!(ids.len(), n);
    h.keys(&[KeyCode::Char('W')]).await;
    h.settle().await;
    assert!(h.app.modals.shares.is_some());
    ids
}

/// The text the app put in the clipboard since the last call.
fn copied(h: &mut Harness) -> Vec<String> {
    h.app
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Clipboard(seq) => {
                assert!(seq.starts_with(b"\x1b]52;c;") && seq.ends_with(b"\x07"));
                let body = &seq[b"\x1b]52;c;".len()..seq.len() - 1];
                let text = base64::engine::general_purpose::STANDARD
                    .decode(body)
                    .unwrap();
                Some(String::from_utf8(text).unwrap())
            }
            _ => None,
        })
        .collect()
}

async fn page(url: &str) -> (u16, String) {
    let r = reqwest::get(url).await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn marked_assets_are_shared_changed_and_revoked() {
    let mut h = Harness::new(140, 40).await;
    let ids = mark_and_open(&mut h, 3).await;
    let screen = h.screen();
    assert!(screen.contains("n shares the 3 marked assets"), "{screen}");
    assert!(screen.contains("No shares yet"), "{screen}");
    copied(&mut h);
    h.server.clear_request_log();

    // n (twice, before any answer): one share of exactly the marked assets, its address
    // copied and on screen.
    h.press(KeyCode::Char('n'));
    h.press(KeyCode::Char('n'));
    h.settle().await;
    assert_eq!(h.writes(), ["POST /api/shares"]);
    let on_server = h.client.shares().await.unwrap();
    assert_eq!(on_server.len(), 1);
    let share = &on_server[0];
    assert_eq!(share.assets_count, Some(3));
    assert!(share.name.as_deref().unwrap().ends_with("+ 2 more"));
    let url = share.url.clone().unwrap();
    assert_eq!(copied(&mut h), vec![url.clone()]);
    assert!(h.screen().contains(&url), "{}", h.screen());
    let (status, text) = page(&url).await;
    assert_eq!(status, 200);
    for id in &ids {
        let a = h.client.asset(&id.to_string()).await.unwrap();
        assert!(text.contains(a.filename.as_deref().unwrap()), "{text}");
    }

    // p: size, d: downloads, E: off — each one PUT, the page follows.
    let id = share.id;
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('p'), KeyCode::Char('d'), KeyCode::Char('E')])
        .await;
    h.settle().await;
    let put = format!("PUT /api/shares/{id}");
    assert_eq!(h.writes(), [put.clone(), put.clone(), put.clone()]);
    let now = &h.client.shares().await.unwrap()[0];
    assert_eq!(now.size.as_deref(), Some("original"));
    assert_eq!(now.enable_download, Some(true));
    assert_eq!(now.enabled, Some(false));
    assert!(h.screen().contains("disabled"), "{}", h.screen());
    assert_eq!(page(&url).await.0, 404, "a disabled share opens nothing");
    h.keys(&[KeyCode::Char('E')]).await;
    h.settle().await;
    assert_eq!(page(&url).await.0, 200);

    // y copies it again.
    h.keys(&[KeyCode::Char('y')]).await;
    assert_eq!(copied(&mut h), vec![url.clone()]);

    // D asks, Cancel the default; then r revokes.
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('D')]).await;
    assert!(h.screen().contains("Revoke share"), "{}", h.screen());
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.writes().is_empty());
    h.keys(&[KeyCode::Char('D'), KeyCode::Char('r')]).await;
    h.settle().await;
    assert_eq!(h.writes(), [format!("DELETE /api/shares/{id}")]);
    assert!(h.client.shares().await.unwrap().is_empty());
    assert_eq!(page(&url).await.0, 404);
    h.keys(&[KeyCode::Esc]).await;
    assert!(h.app.modals.shares.is_none());
}

#[tokio::test]
async fn read_only_mode_lists_shares_but_makes_none() {
    let mut h = Harness::new(140, 40).await;
    mark_and_open(&mut h, 2).await;
    h.keys(&[KeyCode::Char('n')]).await;
    h.settle().await;
    h.keys(&[KeyCode::Esc]).await;
    h.app.session.read_only = true;
    h.keys(&[KeyCode::Char('W')]).await;
    h.settle().await;
    assert_eq!(h.app.modals.shares.as_ref().unwrap().shares.len(), 1);
    h.server.clear_request_log();
    for key in ['n', 'p', 'd', 'E', 'w', 'D'] {
        h.keys(&[KeyCode::Char(key)]).await;
        assert!(h.app.modals.confirm.is_none(), "{key}");
    }
    assert!(h.writes().is_empty(), "{:?}", h.writes());
    assert!(h.screen().contains("Read-only mode"), "{}", h.screen());
    assert_eq!(h.client.shares().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_share_whose_answer_is_lost_is_made_once() {
    let opts = DemoOptions {
        faults: FaultSettings {
            drop_first_share_response: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = Harness::with(opts, 140, 40).await;
    h.client = crate::common::client_for(&h.server, Duration::from_secs(1));
    h.go_live();
    mark_and_open(&mut h, 2).await;
    h.server.clear_request_log();
    h.press(KeyCode::Char('n'));
    h.wait_for("the share", 20, |h| {
        h.app
            .modals
            .shares
            .as_ref()
            .is_some_and(|v| v.shares.len() == 1 && v.pending == 0)
    })
    .await;
    assert_eq!(h.writes(), ["POST /api/shares"]);
    let on_server = h.client.shares().await.unwrap();
    assert_eq!(on_server.len(), 1);
    let view = h.app.modals.shares.as_ref().unwrap();
    assert_eq!(
        view.shares[0].url, on_server[0].url,
        "the address, from the list"
    );
}
