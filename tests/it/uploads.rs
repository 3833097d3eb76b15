//! Uploads end to end: local files, the real client and worker against the demo server
//! over loopback; every file must land once, in the right sub-folder, byte for byte.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use mgtui::demo::{DemoOptions, FaultSettings};
use mgtui::panes::transfers::{Processing, TransferState};
use mgtui::protocol::transfers::{AssetRef, SessionRef, TransferEvent, UploadBatch};
use mgtui::transfers::headless;

use crate::common::ui::Harness;

/// A tree under `root/shoot`: `n` files spread over nested sub-directories, each with
/// bytes of its own; (path → bytes).
fn shoot(root: &Path, n: usize) -> HashMap<PathBuf, Vec<u8>> {
    let mut out = HashMap::new();
    for i in 0..n {
        let sub = match i % 4 {
            0 => "shoot".to_string(),
            1 => "shoot/day1".to_string(),
            2 => "shoot/day2".to_string(),
            _ => "shoot/day2/raw".to_string(),
        };
        let dir = root.join(&sub);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("frame-{i:03}.bin"));
        let bytes: Vec<u8> = (0..(100 + i * 37)).map(|b| (b * 31 + i) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        out.insert(path, bytes);
    }
    out
}

async fn run(
    client: &mgtui::api::ApiClient,
    folder: &str,
    paths: &[String],
    base: &Path,
    journal: PathBuf,
) -> headless::UploadReport {
    let target = headless::resolve_folder(client, folder).await.unwrap();
    let (files, notes) = headless::pick_files(paths, base).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    headless::run_uploads(
        client,
        vec![UploadBatch { target, files }],
        journal,
        mgtui::worker::transfers::PARALLEL,
        |_| {},
    )
    .await
}

#[tokio::test]
async fn a_tree_of_200_files_lands_once_in_its_sub_folders_and_a_second_run_skips_them() {
    let dir = tempfile::tempdir().unwrap();
    let files = shoot(dir.path(), 200);
    let opts = DemoOptions {
        faults: FaultSettings {
            upload_processing_ms: 20,
            ..Default::default()
        },
        ..Default::default()
    };
    let (server, client) = crate::common::start_with(opts).await;
    let journal = dir.path().join("state/uploads.json");
    std::fs::create_dir_all(journal.parent().unwrap()).unwrap();
    let report = run(
        &client,
        "Press",
        &["shoot".into()],
        dir.path(),
        journal.clone(),
    )
    .await;
    assert_eq!(report.failed, Vec::<serde_json::Value>::new());
    assert_eq!(report.uploaded.len(), 200);
    assert_eq!(report.processed, 200, "followed until processed");
    assert!(!journal.exists(), "nothing left unfinished");

    let assets = server.uploaded_assets();
    assert_eq!(assets.len(), 200, "one asset per file, none twice");
    for a in &assets {
        let (path, bytes) = files
            .iter()
            .find(|(p, _)| p.file_name().unwrap().to_string_lossy() == a.filename)
            .unwrap();
        let sub = path
            .parent()
            .unwrap()
            .strip_prefix(dir.path())
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert_eq!(a.folder_path, format!("Press/{sub}"), "{}", a.filename);
        assert_eq!(a.aasm_state, "processed");
        assert_eq!(server.uploaded_file(a.id).as_deref(), Some(&bytes[..]));
    }
    let sessions = server.upload_sessions();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].done, "the session was submitted");

    // The same directory again: every file is already there.
    let again = run(&client, "Press", &["shoot".into()], dir.path(), journal).await;
    assert_eq!((again.uploaded.len(), again.skipped.len()), (0, 200));
    assert_eq!(server.uploaded_assets().len(), 200);
    server.shutdown().await;
}

#[tokio::test]
async fn a_dropped_put_is_sent_again_to_the_same_asset() {
    let dir = tempfile::tempdir().unwrap();
    let files = shoot(dir.path(), 3);
    let opts = DemoOptions {
        faults: FaultSettings {
            cut_uploads: 2,
            upload_processing_ms: 10,
            ..Default::default()
        },
        ..Default::default()
    };
    let (server, client) = crate::common::start_with(opts).await;
    let report = run(
        &client,
        "Press/Releases",
        &["shoot".into()],
        dir.path(),
        dir.path().join("j.json"),
    )
    .await;
    assert_eq!((report.uploaded.len(), report.failed.len()), (3, 0));
    let assets = server.uploaded_assets();
    assert_eq!(assets.len(), 3, "no asset created twice: {assets:?}");
    let total: u64 = files.values().map(|b| b.len() as u64).sum();
    assert!(
        server.upload_bytes_received() > total,
        "the cut PUTs were sent again"
    );
    for a in assets {
        let want = files
            .iter()
            .find(|(p, _)| p.file_name().unwrap().to_string_lossy() == a.filename)
            .unwrap()
            .1;
        assert_eq!(server.uploaded_file(a.id).as_deref(), Some(&want[..]));
    }
    server.shutdown().await;
}

/// The answer that created an asset never reached the journal (a crash, a lost answer):
/// resuming finds the asset by its key instead of creating another, and sends its bytes
/// through a fresh URL.
#[tokio::test]
async fn a_resumed_upload_finds_the_asset_its_lost_answer_created() {
    let dir = tempfile::tempdir().unwrap();
    shoot(dir.path(), 2);
    let (server, client) = crate::common::start().await;
    let target = headless::resolve_folder(&client, "Press").await.unwrap();
    let (mut files, _) = headless::pick_files(&["shoot".into()], dir.path()).unwrap();
    let session = client
        .create_upload(target.contribution_id, "crashed run")
        .await
        .unwrap();
    let guid = session.guid.clone().unwrap();
    // The crashed run had announced the first file; its journal never heard back.
    let announce = mgtui::api::models::NewUploadAsset {
        filename: files[0].name(),
        file_size: files[0].size,
        path: files[0].path.clone(),
        created_via: "mgtui".into(),
        created_via_id: files[0].key.clone(),
    };
    let lost = client.prepare_upload(&guid, &announce).await.unwrap();
    // The second file's asset is known to the journal.
    let announce2 = mgtui::api::models::NewUploadAsset {
        filename: files[1].name(),
        file_size: files[1].size,
        path: files[1].path.clone(),
        created_via: "mgtui".into(),
        created_via_id: files[1].key.clone(),
    };
    let known = client.prepare_upload(&guid, &announce2).await.unwrap();
    files[1].asset = Some(AssetRef {
        id: known.asset.id,
        guid: known.asset.guid.clone().unwrap(),
        version: None,
    });
    let batch = UploadBatch {
        target: mgtui::protocol::transfers::UploadTarget {
            session: Some(SessionRef {
                id: session.id,
                guid: guid.clone(),
            }),
            ..target
        },
        files,
    };
    let finals = mgtui::worker::uploads::upload_all(
        &client,
        batch,
        mgtui::worker::transfers::PARALLEL,
        |_| {},
    )
    .await;
    assert!(
        finals
            .iter()
            .all(|e| matches!(e, TransferEvent::Finished { .. })),
        "{finals:?}"
    );
    let assets = server.uploaded_assets();
    assert_eq!(assets.len(), 2, "nothing created twice: {assets:?}");
    assert!(assets.iter().any(|a| a.id == lost.asset.id));
    assert_eq!(
        server.request_count("POST", &format!("/api/uploads/{guid}/assets")),
        2,
        "only the two announcements of the crashed run"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn refusals_name_the_file_and_nothing_is_left_half_done() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("setup.exe"), b"MZ").unwrap();
    std::fs::write(dir.path().join("ok.txt"), b"fine").unwrap();
    let (server, client) = crate::common::start().await;
    let report = run(
        &client,
        "Press",
        &["*.exe".into(), "ok.txt".into()],
        dir.path(),
        dir.path().join("j.json"),
    )
    .await;
    assert_eq!(report.uploaded.len(), 1);
    assert_eq!(report.failed.len(), 1);
    let error = report.failed[0]["error"].as_str().unwrap();
    assert!(
        error.contains("setup.exe") && error.contains("not allowed"),
        "{error}"
    );

    server.set_faults(FaultSettings {
        upload_forbidden: true,
        ..Default::default()
    });
    let refused = run(
        &client,
        "Press",
        &["ok.txt".into()],
        dir.path(),
        dir.path().join("j2.json"),
    )
    .await;
    assert_eq!(refused.failed.len(), 1);
    assert!(
        refused.failed[0]["error"]
            .as_str()
            .unwrap()
            .contains("may not upload"),
        "{:?}",
        refused.failed
    );
    assert!(
        headless::resolve_folder(&client, "Lightbox Uploads Storage")
            .await
            .unwrap_err()
            .contains("takes no uploads")
    );
    assert!(
        headless::resolve_folder(&client, "Press/Nope")
            .await
            .unwrap_err()
            .contains("in Press")
    );
    server.shutdown().await;
}

/// Mark a folder in the tree, U, type a path, Enter, Enter, confirm: the files go up, the
/// queue follows them to processed, and the grid shows them.
#[tokio::test]
async fn u_on_a_folder_uploads_a_directory_and_the_queue_follows_it_to_processed() {
    let dir = tempfile::tempdir().unwrap();
    shoot(dir.path(), 6);
    let opts = DemoOptions {
        faults: FaultSettings {
            upload_processing_ms: 10,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = Harness::with(opts, 140, 40).await;
    h.press(KeyCode::Char(':'));
    h.type_str("folder Press");
    h.keys(&[KeyCode::Enter]).await;
    let press = h.app.tree.selected.expect("the folder is shown");
    assert_eq!(h.app.tree.items[press].label, "Press");
    h.go_live();
    h.tree_cursor_on(press);
    // Press open in the tree: the sub-folder the upload makes must appear in it.
    h.press(KeyCode::Right);
    let shown = |h: &Harness, label: &str| {
        h.app
            .tree
            .visible()
            .iter()
            .any(|&i| h.app.tree.items[i].label == label)
    };
    h.wait_for("Press's sub-folders", 10, |h| shown(h, "Releases"))
        .await;
    assert!(!shown(&h, "shoot"));
    h.tree_cursor_on(press);
    h.press(KeyCode::Char('U'));
    assert!(h.screen().contains("Upload into Press"), "{}", h.screen());
    h.type_str(&format!("{}/shoot", dir.path().display()));
    h.press(KeyCode::Enter);
    h.wait_for("the scan", 10, |h| h.screen().contains("6 files"))
        .await;
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("Upload 6 files"), "{}", h.screen());
    assert!(h.screen().contains("sub-folders"), "{}", h.screen());
    h.press(KeyCode::Char('u'));
    h.wait_for("processing", 30, |h| {
        h.app.transfers.queue.rows.len() == 6
            && h.app
                .transfers
                .queue
                .rows
                .iter()
                .all(|r| r.processing == Some(Processing::Done))
    })
    .await;
    assert!(
        h.app
            .transfers
            .queue
            .rows
            .iter()
            .all(|r| matches!(r.state, TransferState::Done { .. }))
    );
    assert_eq!(h.server.uploaded_assets().len(), 6);
    h.wait_for("the new sub-folder in the tree", 10, |h| shown(h, "shoot"))
        .await;
    h.press(KeyCode::Char('T'));
    let screen = h.screen();
    assert!(screen.contains("processed"), "{screen}");
    assert!(screen.contains("→ Press/"), "{screen}");
}

/// A journal left by a killed mgtui: the next start shows its files paused and asks
/// first; Resume sends them, the one already announced into its own asset.
#[tokio::test]
async fn unfinished_uploads_are_offered_at_start_and_resume_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    shoot(dir.path(), 3);
    let opts = DemoOptions {
        faults: FaultSettings {
            upload_processing_ms: 10,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = Harness::with(opts, 140, 40).await;
    let target = headless::resolve_folder(&h.client, "Press").await.unwrap();
    let (mut files, _) = headless::pick_files(&["shoot".into()], dir.path()).unwrap();
    let session = h
        .client
        .create_upload(target.contribution_id, "killed run")
        .await
        .unwrap();
    let guid = session.guid.clone().unwrap();
    let announced = h
        .client
        .prepare_upload(
            &guid,
            &mgtui::api::models::NewUploadAsset {
                filename: files[0].name(),
                file_size: files[0].size,
                path: files[0].path.clone(),
                created_via: "mgtui".into(),
                created_via_id: files[0].key.clone(),
            },
        )
        .await
        .unwrap();
    files[0].asset = Some(AssetRef {
        id: announced.asset.id,
        guid: announced.asset.guid.clone().unwrap(),
        version: None,
    });
    let batch = UploadBatch {
        target: mgtui::protocol::transfers::UploadTarget {
            session: Some(SessionRef {
                id: session.id,
                guid: guid.clone(),
            }),
            ..target
        },
        files,
    };
    h.app.offer_unfinished_uploads(vec![batch]);
    let screen = h.screen();
    assert!(screen.contains("Unfinished uploads"), "{screen}");
    assert!(screen.contains("3 files into Press"), "{screen}");
    assert!(
        h.app
            .transfers
            .queue
            .rows
            .iter()
            .all(|r| r.state == TransferState::Paused),
        "nothing leaves before the answer"
    );
    assert!(h.app.take_outbox().is_empty());
    h.go_live();
    h.press(KeyCode::Char('r'));
    h.wait_for("processing", 30, |h| {
        h.app
            .transfers
            .queue
            .rows
            .iter()
            .all(|r| r.processing == Some(Processing::Done))
    })
    .await;
    let assets = h.server.uploaded_assets();
    assert_eq!(assets.len(), 3, "none created twice: {assets:?}");
    assert!(assets.iter().any(|a| a.id == announced.asset.id));
}

/// The server fails the calls of an upload one after another (the check, the session,
/// the announcements, the listings): every file still arrives, once.
#[tokio::test]
async fn a_failing_server_delays_an_upload_but_creates_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    shoot(dir.path(), 3);
    let (server, client) = crate::common::start().await;
    let target = headless::resolve_folder(&client, "Press").await.unwrap();
    let (files, _) = headless::pick_files(&["shoot".into()], dir.path()).unwrap();
    server.set_faults(FaultSettings {
        fail_next: vec![503, 500, 502, 500, 503, 500],
        upload_processing_ms: 10,
        ..Default::default()
    });
    let report = headless::run_uploads(
        &client,
        vec![UploadBatch { target, files }],
        dir.path().join("j.json"),
        mgtui::worker::transfers::PARALLEL,
        |_| {},
    )
    .await;
    assert_eq!(report.failed, Vec::<serde_json::Value>::new());
    assert_eq!(report.uploaded.len(), 3);
    assert_eq!(server.uploaded_assets().len(), 3);
    assert!(
        server
            .request_log()
            .iter()
            .filter(|r| r.path == "/api/uploads" || r.path.starts_with("/api/contributions/"))
            .count()
            >= 2,
        "the session call was failed and asked again"
    );
    server.shutdown().await;
}
