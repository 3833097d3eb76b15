//! Versions end to end: `v` lists an asset's versions, `R` makes an older one current
//! after asking — once — and the grid shows the asset as it is then; read-only mode
//! sends nothing.

use crossterm::event::KeyCode;
use mgtui::app::state::Focus;

use crate::common::ui::Harness;

/// Put the grid cursor on the first loaded asset with two versions; its id.
fn on_two_versions(h: &mut Harness) -> i64 {
    let (idx, id) = h
        .app
        .grid
        .results
        .loaded()
        .find(|(_, a)| a.data_version_number == Some(2))
        .map(|(i, a)| (i, a.id))
        .expect("a seeded asset with two versions");
    h.app.focus = Focus::Grid;
    h.app.grid.cursor = idx;
    id
}

#[tokio::test]
async fn an_older_version_is_made_current_after_asking() {
    let mut h = Harness::new(140, 40).await;
    let id = on_two_versions(&mut h);
    let name = h.app.grid.selected().unwrap().filename.clone().unwrap();
    h.keys(&[KeyCode::Char('v')]).await;
    let screen = h.screen();
    assert!(screen.contains("Versions ·"), "{screen}");
    assert!(screen.contains("v2") && screen.contains("v1"), "{screen}");
    assert!(screen.contains("current"), "{screen}");
    let view = h.app.modals.versions.as_ref().unwrap();
    assert_eq!(
        view.versions[view.cursor].number, 2,
        "the cursor on the current one"
    );

    // R on the current one: refused before anything is sent.
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('R')]).await;
    assert!(h.app.modals.confirm.is_none());
    assert!(h.screen().contains("This version is the current one"));

    // Down to v1, R: asked (Cancel the default), then made current once.
    h.keys(&[KeyCode::Down, KeyCode::Char('R'), KeyCode::Enter])
        .await;
    assert!(h.writes().is_empty(), "Enter is Cancel");
    h.keys(&[KeyCode::Char('R'), KeyCode::Char('m')]).await;
    assert_eq!(h.writes(), [format!("POST /api/assets/{id}/revert")]);
    let now = h.client.asset(&id.to_string()).await.unwrap();
    assert_eq!(now.data_version_number, Some(1));
    assert_ne!(now.filename.as_deref(), Some(name.as_str()));
    // The grid and the list follow.
    let in_grid = h.app.grid.results.get(h.app.grid.cursor).unwrap();
    assert_eq!(in_grid.data_version_number, Some(1));
    let view = h.app.modals.versions.as_ref().unwrap();
    assert!(view.versions.iter().any(|v| v.number == 1 && v.is_head));
    assert!(h.screen().contains("Version 1 is the current one"));
    h.keys(&[KeyCode::Esc]).await;
    assert!(h.app.modals.versions.is_none());
}

#[tokio::test]
async fn read_only_mode_lists_versions_and_changes_none() {
    let mut h = Harness::new(140, 40).await;
    h.app.session.read_only = true;
    on_two_versions(&mut h);
    h.keys(&[KeyCode::Char('v'), KeyCode::Down, KeyCode::Char('R')])
        .await;
    assert!(h.app.modals.confirm.is_none());
    assert!(h.screen().contains("Read-only mode"));
    assert!(h.writes().is_empty());
}

#[tokio::test]
async fn d_downloads_an_older_version_through_the_transfer_queue() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::new(140, 40).await;
    h.app.transfers.dir = dir.path().to_path_buf();
    let id = on_two_versions(&mut h);
    h.keys(&[KeyCode::Char('v'), KeyCode::Down]).await;
    let older = {
        let view = h.app.modals.versions.as_ref().unwrap();
        view.versions[view.cursor].clone()
    };
    assert_eq!(older.number, 1);
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('d')]).await;
    let asked: Vec<String> = h
        .server
        .request_log()
        .into_iter()
        .filter(|r| r.path == format!("/api/assets/{id}/download"))
        .map(|r| r.query)
        .collect();
    assert!(
        asked.iter().all(|q| q.contains("version_number=1")) && !asked.is_empty(),
        "{asked:?}"
    );
    let saved = dir.path().join(older.filename.unwrap());
    assert!(
        saved.is_file(),
        "{:?}",
        std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>()
    );
    assert!(std::fs::metadata(&saved).unwrap().len() > 0);
}

/// `p` shows the version under the cursor large, from that version's own renditions
/// (an older one looks different), ↑/↓ show the others, Esc goes back to the list.
#[tokio::test]
async fn p_previews_an_older_version_from_its_own_renditions() {
    use mgtui::thumbs::cache::ThumbState;
    let (mut h, _dir) = Harness::with_images(Default::default(), 140, 40).await;
    h.go_live();
    let _ = on_two_versions(&mut h);
    let guid = h.app.grid.selected().unwrap().guid.clone().unwrap();
    h.press(KeyCode::Char('v'));
    h.wait_for("the versions", 10, |h| {
        h.app.modals.versions.as_ref().is_some_and(|v| !v.loading)
    })
    .await;
    h.press(KeyCode::Down);
    h.press(KeyCode::Char('p'));
    let ready = |h: &mut Harness| {
        let Some(a) = h.app.version_picture() else {
            return false;
        };
        let key = h.app.thumb_key(&a, h.app.preview_cells()).unwrap();
        matches!(
            h.app.images.cache.peek(&key),
            Some(ThumbState::Ready { .. })
        )
    };
    h.wait_for("version 1's picture", 20, ready).await;
    assert_eq!(
        h.app.version_picture().unwrap().data_version_number,
        Some(1)
    );
    let screen = h.screen();
    assert!(screen.contains(" v1 · "), "{screen}");
    let older = format!("/renditions/{guid}/1/");
    assert!(
        h.server
            .request_log()
            .iter()
            .any(|r| r.path.starts_with(&older)),
        "fetched from version 1's own rendition"
    );
    h.press(KeyCode::Up);
    h.wait_for("version 2's picture", 20, ready).await;
    assert!(h.screen().contains(" v2 (current) · "), "{}", h.screen());
    h.press(KeyCode::Esc);
    assert!(h.screen().contains("Versions ·"), "back to the list");
    h.press(KeyCode::Esc);
    assert!(h.app.modals.versions.is_none());
}

/// `u` uploads one local file as a new version: asked first, sent through the transfer
/// queue with `add_version` (no upload session), and the list then shows it current.
/// Picking more than one file is refused; read-only mode offers nothing.
#[tokio::test]
async fn u_uploads_a_local_file_as_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("retouched-final.jpg");
    // A real photo, so the server can process it into the new current file.
    let photo = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo/photos"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "jpg"))
        .unwrap();
    std::fs::copy(&photo, &file).unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    std::fs::write(dir.path().join("other.jpg"), b"second").unwrap();
    let mut h = Harness::new(140, 40).await;
    h.go_live();
    let id = on_two_versions(&mut h);
    h.app.session.read_only = true;
    h.press(KeyCode::Char('v'));
    h.press(KeyCode::Char('u'));
    assert!(h.app.modals.upload.is_none(), "read-only: nothing offered");
    h.app.session.read_only = false;
    // Two files: refused.
    h.press(KeyCode::Char('u'));
    assert!(h.screen().contains("A new version of"), "{}", h.screen());
    h.type_str(&format!("{}/*.jpg", dir.path().display()));
    h.press(KeyCode::Enter);
    h.wait_for("the scan", 10, |h| h.screen().contains("2 files"))
        .await;
    h.press(KeyCode::Enter);
    assert!(
        h.screen().contains("A new version is one file"),
        "{}",
        h.screen()
    );
    // One file: asked, then sent once.
    h.press(KeyCode::Char('v'));
    h.press(KeyCode::Char('v'));
    h.server.clear_request_log();
    h.press(KeyCode::Char('u'));
    h.type_str(&file.display().to_string());
    h.press(KeyCode::Enter);
    h.wait_for("the scan", 10, |h| h.screen().contains("1 file"))
        .await;
    h.press(KeyCode::Enter);
    assert!(
        h.screen().contains("Upload retouched-final.jpg ("),
        "{}",
        h.screen()
    );
    assert!(h.writes().is_empty(), "asked first");
    h.press(KeyCode::Char('u'));
    h.wait_for("the new version listed as current", 20, |h| {
        h.app.modals.versions.as_ref().is_some_and(|v| {
            v.versions.iter().any(|v| {
                v.number == 3 && v.is_head && v.filename.as_deref() == Some("retouched-final.jpg")
            })
        })
    })
    .await;
    let writes = h.writes();
    assert_eq!(
        writes
            .iter()
            .filter(|w| w.ends_with("/add_version"))
            .count(),
        1,
        "{writes:?}"
    );
    assert!(
        !writes.iter().any(|w| w.starts_with("POST /api/uploads")),
        "no upload session: {writes:?}"
    );
    let now = h.client.asset(&id.to_string()).await.unwrap();
    assert_eq!(now.data_version_number, Some(3));
    assert_eq!(now.file_size, Some(size as i64));
    // Once the server has processed it, the grid shows the new file without a reload.
    h.wait_for("the grid's asset at version 3", 30, |h| {
        h.app
            .grid
            .loaded_assets()
            .iter()
            .any(|a| a.id == id && a.data_version_number == Some(3))
    })
    .await;
    assert!(h.screen().contains("The new version of"), "{}", h.screen());
}
