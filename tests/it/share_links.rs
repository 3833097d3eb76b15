//! Share links end to end: `S` on a lightbox lists its links, `n` makes one (copied with
//! OSC 52), `p`/`e`/`E` change it, `D` revokes it after asking; the public page follows
//! every change; each write is sent once, none in read-only mode.

use std::time::Duration;

use crossterm::event::KeyCode;
use mgtui::api::models::GroupKind;
use mgtui::app::effect::Effect;
use mgtui::demo::{DemoOptions, FaultSettings};

use crate::common::ui::Harness;

/// Open the share links of the lightbox `name`; returns its asset group id.
async fn open_on(h: &mut Harness, name: &str) -> i64 {
    let idx = h.tree_cursor_on_group(GroupKind::Lightbox, name).await;
    let agid = h.app.tree.items[idx]
        .node
        .as_ref()
        .unwrap()
        .asset_group_id
        .unwrap();
    h.keys(&[KeyCode::Char('S')]).await;
    assert!(h.app.modals.share.is_some());
    agid
}

/// The text the app put in the clipboard since the last call.
fn copied(h: &mut Harness) -> Vec<String> {
    use base64::Engine;
    h.app
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Clipboard(seq) => {
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

async fn page_status(url: &str) -> u16 {
    reqwest::get(url).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_lightbox_is_shared_changed_and_revoked() {
    let mut h = Harness::new(140, 40).await;
    let agid = open_on(&mut h, "Client picks").await;
    assert!(h.screen().contains("No share links yet"), "{}", h.screen());
    copied(&mut h);
    h.server.clear_request_log();

    // n: one link, its address in the clipboard and on screen, and it opens.
    h.keys(&[KeyCode::Char('n')]).await;
    let path = format!("/api/asset_groups/{agid}/share_links");
    assert_eq!(h.writes(), [format!("POST {path}")]);
    let on_server = h.client.share_links(agid).await.unwrap();
    assert_eq!(on_server.len(), 1);
    let url = on_server[0].url.clone().unwrap();
    assert_eq!(copied(&mut h), vec![url.clone()]);
    let screen = h.screen();
    assert!(screen.contains(&url), "{screen}");
    assert!(screen.contains("live"), "{screen}");
    assert_eq!(page_status(&url).await, 200);
    let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(page.contains("Client picks"), "{page}");

    // p, e, E: what visitors may do, until when, whether at all.
    let id = on_server[0].id;
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('p'), KeyCode::Char('e'), KeyCode::Char('E')])
        .await;
    let put = format!("PUT /api/share_links/{id}");
    assert_eq!(h.writes(), [put.clone(), put.clone(), put.clone()]);
    let link = &h.client.share_links(agid).await.unwrap()[0];
    assert_eq!(
        link.image_and_video_permission.as_deref(),
        Some("download_large")
    );
    assert_eq!(link.expires, Some(true));
    assert_eq!(link.enabled, Some(false));
    assert!(h.screen().contains("disabled"), "{}", h.screen());
    assert_eq!(
        page_status(&url).await,
        404,
        "a disabled link opens nothing"
    );
    h.keys(&[KeyCode::Char('E')]).await;
    assert_eq!(page_status(&url).await, 200);

    // y copies it again.
    h.keys(&[KeyCode::Char('y')]).await;
    assert_eq!(copied(&mut h), vec![url.clone()]);

    // D asks, Cancel the default; then r revokes.
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('D')]).await;
    assert!(h.screen().contains("Revoke share link"), "{}", h.screen());
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.writes().is_empty());
    h.keys(&[KeyCode::Char('D'), KeyCode::Char('r')]).await;
    assert_eq!(h.writes(), [format!("DELETE /api/share_links/{id}")]);
    assert!(h.client.share_links(agid).await.unwrap().is_empty());
    assert_eq!(page_status(&url).await, 404);
    assert!(h.screen().contains("No share links yet"));

    // Esc closes the view; the tree has the keys again.
    h.keys(&[KeyCode::Esc]).await;
    assert!(h.app.modals.share.is_none());
}

#[tokio::test]
async fn read_only_mode_lists_links_but_changes_none() {
    let mut h = Harness::new(140, 40).await;
    let agid = open_on(&mut h, "Client picks").await;
    h.keys(&[KeyCode::Char('n')]).await;
    h.keys(&[KeyCode::Esc]).await;
    h.app.session.read_only = true;
    open_on(&mut h, "Client picks").await;
    assert_eq!(h.app.modals.share.as_ref().unwrap().links.len(), 1);
    h.server.clear_request_log();
    for key in ['n', 'p', 'e', 'E', 'w', 'D'] {
        h.keys(&[KeyCode::Char(key)]).await;
        assert!(h.app.modals.confirm.is_none(), "{key}");
    }
    assert!(h.writes().is_empty(), "{:?}", h.writes());
    assert!(h.screen().contains("Read-only mode"), "{}", h.screen());
    assert!(!h.screen().contains("n new link"), "no hint for it");
    assert_eq!(h.client.share_links(agid).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_share_link_whose_answer_is_lost_is_made_once() {
    let opts = DemoOptions {
        faults: FaultSettings {
            drop_first_share_link_response: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = Harness::with(opts, 140, 40).await;
    h.client = crate::common::client_for(&h.server, Duration::from_secs(1));
    h.go_live();
    let agid = open_on(&mut h, "Moodboard").await;
    h.server.clear_request_log();
    h.press(KeyCode::Char('n'));
    h.wait_for("the link", 20, |h| {
        h.app
            .modals
            .share
            .as_ref()
            .is_some_and(|v| v.links.len() == 1 && v.pending == 0)
    })
    .await;
    assert_eq!(
        h.writes(),
        [format!("POST /api/asset_groups/{agid}/share_links")]
    );
    assert_eq!(h.client.share_links(agid).await.unwrap().len(), 1);
}

#[tokio::test]
async fn storage_folders_have_no_share_links() {
    let mut h = Harness::new(140, 40).await;
    h.tree_cursor_on(0);
    h.keys(&[KeyCode::Right, KeyCode::Down, KeyCode::Char('S')])
        .await;
    assert!(h.app.modals.share.is_none());
    assert!(h.screen().contains("lightboxes and collections"));
}
