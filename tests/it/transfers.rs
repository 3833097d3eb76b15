//! Downloads end to end: keys in the app, the real client against the demo server over
//! loopback, files on disk compared byte for byte with what the server serves.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use mgtui::demo::{DemoOptions, FaultSettings};
use mgtui::panes::transfers::{TransferJob, TransferState};

use crate::common::ui::Harness;

/// A harness whose downloads go to `dir`.
async fn harness(opts: DemoOptions, dir: &Path) -> Harness {
    let mut h = Harness::with(opts, 140, 40).await;
    h.app.transfers.dir = dir.to_path_buf();
    h
}

/// Mark the first `n` assets and download them in the size of dialog choice `choice`.
async fn download_first(h: &mut Harness, n: usize, choice: char) {
    for _ in 0..n {
        h.press(KeyCode::Char(' '));
    }
    h.keys(&[KeyCode::Char('d')]).await;
    assert!(h.screen().contains("Download"), "{}", h.screen());
    h.keys(&[KeyCode::Char(choice)]).await;
}

/// Download the first asset's original under `faults` and check it arrived whole; the
/// harness and the asset's id.
async fn first_arrives_whole(faults: FaultSettings, dir: &Path) -> (Harness, i64) {
    let opts = DemoOptions {
        faults,
        ..Default::default()
    };
    let mut h = harness(opts, dir).await;
    let id = h.app.grid.results.get(0).unwrap().id;
    download_first(&mut h, 1, '1').await;
    let done = finished(&h);
    assert_eq!(done.len(), 1, "{:?}", h.app.transfers.queue.rows);
    let want = h.server.file_of(id, "original").await.unwrap();
    assert_eq!(std::fs::read(&done[0].1).unwrap(), want);
    (h, id)
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn finished(h: &Harness) -> Vec<(i64, PathBuf)> {
    h.app
        .transfers
        .queue
        .rows
        .iter()
        .filter_map(|r| match (&r.state, &r.job) {
            (TransferState::Done { path, .. }, TransferJob::Download(j)) => {
                Some((j.asset_id, path.clone()))
            }
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn marked_assets_arrive_whole_under_their_own_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(DemoOptions::default(), dir.path()).await;
    let ids: Vec<i64> = (0..3)
        .map(|i| h.app.grid.results.get(i).unwrap().id)
        .collect();
    download_first(&mut h, 3, '1').await;
    let done = finished(&h);
    assert_eq!(done.len(), 3, "{:?}", h.app.transfers.queue.rows);
    for (id, path) in &done {
        assert!(ids.contains(id));
        assert_eq!(path.parent(), Some(dir.path()), "inside the directory");
        let want = h.server.file_of(*id, "original").await.unwrap();
        assert_eq!(std::fs::read(path).unwrap(), want, "{}", path.display());
    }
    assert_eq!(files_in(dir.path()).len(), 3, "no .part left behind");
    assert!(h.screen().contains("Downloaded 3 files"), "{}", h.screen());

    // The queue, as the user sees it.
    h.keys(&[KeyCode::Char('T')]).await;
    let screen = h.screen();
    assert!(screen.contains("Transfers · 3"), "{screen}");
    assert!(screen.contains('✓'), "{screen}");
}

#[tokio::test]
async fn a_part_file_is_resumed_and_only_the_rest_is_fetched() {
    resume_half_a_part(FaultSettings::default()).await;
}

#[tokio::test]
async fn an_expired_storage_link_is_renewed_and_the_part_resumed() {
    let h = resume_half_a_part(FaultSettings {
        redirect_downloads: true,
        stale_download_links: 2,
        ..Default::default()
    })
    .await;
    let id = h.app.grid.results.get(0).unwrap().id;
    assert_eq!(
        h.server
            .request_count("GET", &format!("/api/assets/{id}/download")),
        3,
        "two expired links, then a fresh one"
    );
    assert_eq!(h.server.request_count("GET", "/files/"), 3);
}

/// Leave half of the first asset's original in its `.part`, download it under `faults`
/// and check only the other half was sent.
async fn resume_half_a_part(faults: FaultSettings) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let opts = DemoOptions {
        faults,
        ..Default::default()
    };
    let mut h = harness(opts, dir.path()).await;
    let asset = h.app.grid.results.get(0).unwrap().clone();
    let want = h.server.file_of(asset.id, "original").await.unwrap();
    let half = want.len() / 2;
    // The .part names the asset, its data version and the size.
    let part = dir.path().join(format!(
        "{}.{}-v{}-original.part",
        asset.filename.clone().unwrap(),
        asset.id,
        asset
            .data_version_number
            .expect("the demo versions its assets")
    ));
    std::fs::write(&part, &want[..half]).unwrap();
    let sent_before = h.server.file_bytes_sent();

    download_first(&mut h, 1, '1').await;
    let done = finished(&h);
    assert_eq!(done.len(), 1, "{:?}", h.app.transfers.queue.rows);
    assert_eq!(std::fs::read(&done[0].1).unwrap(), want);
    assert_eq!(
        h.server.file_bytes_sent() - sent_before,
        (want.len() - half) as u64,
        "only the missing bytes were sent"
    );
    assert!(!part.exists());
    h
}

#[tokio::test]
async fn a_connection_dropped_mid_file_is_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let (h, id) = first_arrives_whole(
        FaultSettings {
            cut_downloads: 2,
            ..Default::default()
        },
        dir.path(),
    )
    .await;
    assert_eq!(
        h.server
            .request_count("GET", &format!("/api/assets/{id}/download")),
        3,
        "two cut attempts, then the rest"
    );
}

#[tokio::test]
async fn a_file_already_there_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(DemoOptions::default(), dir.path()).await;
    // The demo serves JPEG renditions: the server names the file `<stem>.jpg`.
    let name = h.app.grid.results.get(0).unwrap().filename.clone().unwrap();
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    let mine = dir.path().join(format!("{stem}.jpg"));
    std::fs::write(&mine, b"the user's own file").unwrap();
    download_first(&mut h, 1, '1').await;
    assert_eq!(std::fs::read(&mine).unwrap(), b"the user's own file");
    let done = finished(&h);
    assert_eq!(
        done[0].1.file_name().unwrap().to_string_lossy(),
        format!("{stem} (2).jpg")
    );
}

#[tokio::test]
async fn hostile_server_names_become_plain_local_names() {
    let dir = tempfile::tempdir().unwrap();
    let opts = DemoOptions {
        hostile_strings: true,
        ..Default::default()
    };
    let mut h = harness(opts, dir.path()).await;
    // The seed gives one asset a right-to-left override in its file name.
    let mut hostile = None;
    for page in 1..=4 {
        let p = h
            .client
            .search(&mgtui::api::models::SearchQuery::default(), page, 100)
            .await
            .unwrap();
        hostile = hostile.or(p
            .assets
            .iter()
            .find(|a| {
                a.filename
                    .as_deref()
                    .is_some_and(|f| f.contains('\u{202e}'))
            })
            .map(|a| a.id));
    }
    let hostile = hostile.expect("the seed has it");
    h.keys(&[KeyCode::Char(':')]).await;
    h.type_str(&format!("asset {hostile}"));
    h.keys(&[KeyCode::Enter]).await;
    let idx = (0..h.app.grid.len())
        .find(|i| {
            h.app
                .grid
                .results
                .get(*i)
                .and_then(|a| a.filename.as_deref())
                .is_some_and(|f| f.contains('\u{202e}'))
        })
        .expect("the asset with the hostile file name is shown");
    h.app.grid.cursor = idx;
    h.keys(&[KeyCode::Char('d')]).await;
    h.keys(&[KeyCode::Char('1')]).await;
    let done = finished(&h);
    assert_eq!(done.len(), 1, "{:?}", h.app.transfers.queue.rows);
    let path = &done[0].1;
    assert_eq!(path.parent(), Some(dir.path()), "{}", path.display());
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        !name.contains('\u{202e}') && !name.chars().any(char::is_control),
        "{name:?}"
    );
}

#[test]
fn the_download_subcommand_reports_in_json_and_fails_loudly() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let run = |ids: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mgtui"))
            .args(["--demo", "download"])
            .args(ids)
            .arg("--to")
            .arg(dir.path())
            .arg("--json")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env_remove("MEDIAGRAPH_PAT")
            .output()
            .expect("mgtui runs")
    };
    let out = run(&["100001", "no-such-asset"]);
    assert!(!out.status.success(), "a failure is an exit code");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 download failed"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let done = v["downloaded"].as_array().unwrap();
    assert_eq!(done.len(), 1, "{v}");
    let path = PathBuf::from(done[0]["path"].as_str().unwrap());
    assert_eq!(path.parent(), Some(dir.path()));
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        done[0]["bytes"].as_u64().unwrap()
    );
    assert_eq!(v["failed"][0]["asset"], "no-such-asset");

    // Again: the first file stays; the second copy gets a name of its own.
    let out = run(&["100001"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files_in(dir.path()).len(), 2);
}

#[tokio::test]
async fn download_dir_changes_where_files_go_and_is_remembered() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let mut h = harness(DemoOptions::default(), first.path()).await;
    let target = second.path().join("incoming");
    h.keys(&[KeyCode::Char(':')]).await;
    h.type_str(&format!("download-dir {}", target.display()));
    h.keys(&[KeyCode::Enter]).await;
    assert!(
        h.screen().contains("made on the first download"),
        "{}",
        h.screen()
    );
    let remembered = h.app.take_effects().into_iter().any(|e| {
        matches!(e, mgtui::app::effect::Effect::SaveSetting("download_dir", ref v, _)
            if *v == target.display().to_string())
    });
    assert!(remembered, "the directory is written to config.toml");
    download_first(&mut h, 1, '1').await;
    assert_eq!(files_in(&target).len(), 1);
    assert!(files_in(first.path()).is_empty());
}

#[tokio::test]
async fn shift_d_fetches_the_marked_assets_as_one_zip() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(DemoOptions::default(), dir.path()).await;
    for _ in 0..3 {
        h.press(KeyCode::Char(' '));
    }
    h.keys(&[KeyCode::Char('D')]).await;
    assert!(h.screen().contains("as one zip"), "{}", h.screen());
    h.keys(&[KeyCode::Char('1')]).await;
    let done = finished(&h);
    assert_eq!(done.len(), 1, "{:?}", h.app.transfers.queue.rows);
    let path = &done[0].1;
    assert!(
        path.extension().is_some_and(|e| e == "zip"),
        "{}",
        path.display()
    );
    let bytes = std::fs::read(path).unwrap();
    let entries = bytes.windows(4).filter(|w| *w == b"PK\x03\x04").count();
    assert_eq!(entries, 3, "one entry per asset");
    assert_eq!(h.server.request_count("POST", "/api/downloads"), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn downloads_a_killed_mgtui_left_are_resumed_at_the_next_start() {
    use crate::common::script::{Session, wait_for};
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(dir.path().join("config/mgtui")).unwrap();
    std::fs::write(
        dir.path().join("config/mgtui/config.toml"),
        format!("download_dir = \"{}\"\n", downloads.display()),
    )
    .unwrap();
    // What a killed instance (a pid that cannot run) left: its journal and half a file.
    let want = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let server = mgtui::demo::DemoServer::start(DemoOptions::default())
            .await
            .unwrap();
        let bytes = server.file_of(100_002, "original").await.unwrap();
        server.shutdown().await;
        bytes
    });
    std::fs::create_dir_all(&downloads).unwrap();
    std::fs::write(
        downloads.join("cat.jpg.100002-original.part"),
        &want[..want.len() / 2],
    )
    .unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .replace(['/', '.'], "_");
    let state = dir.path().join("state/mgtui");
    std::fs::create_dir_all(&state).unwrap();
    let scope = mgtui::transfers::journal::scope("http://127.0.0.1", Some(1001));
    let journal = state.join(format!("downloads-{scope}-{host}-4194999.json"));
    let job = serde_json::json!([{
        "transfer": 7, "asset_id": 100_002, "size": "original",
        "dir": downloads, "name": "cat.jpg"
    }]);
    std::fs::write(&journal, job.to_string()).unwrap();

    let mut s = Session::start(dir.path(), "session");
    wait_for("the resumed download", || {
        files_in(&downloads)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "jpg"))
    });
    let done: Vec<PathBuf> = files_in(&downloads);
    assert_eq!(done.len(), 1, "the .part became the file: {done:?}");
    assert_eq!(std::fs::read(&done[0]).unwrap(), want);
    assert!(
        !journal.exists(),
        "the dead instance's journal was taken over"
    );
    // "Resuming 1 unfinished download" shows first; the file is quicker than a look.
    wait_for("the notice", || s.screen().contains("Downloaded 1 file"));
    s.keys(b"q");
    s.wait_exit();
}

#[tokio::test]
async fn a_redirect_to_storage_is_followed_without_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let (h, _) = first_arrives_whole(
        FaultSettings {
            redirect_downloads: true,
            ..Default::default()
        },
        dir.path(),
    )
    .await;
    // The storage answers 400 to a request that carries the API's credentials.
    assert_eq!(h.server.request_count("GET", "/files/"), 1);
}

#[tokio::test]
async fn the_same_file_downloaded_twice_at_once_makes_two_whole_files() {
    use mgtui::protocol::transfers::{DownloadJob, TransferEvent};
    let dir = tempfile::tempdir().unwrap();
    let (server, client) = crate::common::start().await;
    let want = server.file_of(100_001, "original").await.unwrap();
    let job = |transfer| DownloadJob {
        transfer,
        asset_id: 100_001,
        size: "original".into(),
        dir: dir.path().to_path_buf(),
        name: "same.jpg".into(),
        zip_of: Vec::new(),
        version: None,
    };
    let results =
        mgtui::worker::transfers::download_all(&client, vec![job(1), job(2), job(3)], 3, |_| {})
            .await;
    let mut paths: Vec<PathBuf> = results
        .into_iter()
        .filter_map(|e| match e {
            TransferEvent::Finished { path, .. } => Some(path),
            _ => None,
        })
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 3);
    paths.dedup();
    assert_eq!(paths.len(), 3, "three names, none overwritten");
    for p in &paths {
        assert_eq!(std::fs::read(p).unwrap(), want, "{}", p.display());
    }
    assert_eq!(files_in(dir.path()).len(), 3, "no .part left");
}

#[tokio::test]
async fn no_more_transfers_run_at_once_than_asked() {
    use mgtui::protocol::transfers::DownloadJob;
    let dir = tempfile::tempdir().unwrap();
    let (server, client) = crate::common::start().await;
    server.set_faults(FaultSettings {
        stall: true,
        ..Default::default()
    });
    let jobs = (1..=5)
        .map(|n| DownloadJob {
            transfer: n,
            asset_id: 100_000 + n as i64,
            size: "original".into(),
            dir: dir.path().to_path_buf(),
            name: format!("{n}.jpg"),
            zip_of: Vec::new(),
            version: None,
        })
        .collect();
    let all = tokio::spawn(async move {
        mgtui::worker::transfers::download_all(&client, jobs, 2, |_| {}).await
    });
    let asked = || server.request_count("GET", "/api/assets/");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while asked() < 2 {
        assert!(std::time::Instant::now() < deadline, "no downloads began");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The stalled server holds both: the other three must wait their turn.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(asked(), 2);
    all.abort();
}

#[tokio::test]
async fn fifty_assets_download_in_parallel_byte_for_byte() {
    use mgtui::api::models::SearchQuery;
    use mgtui::protocol::transfers::{DownloadJob, TransferEvent};
    let dir = tempfile::tempdir().unwrap();
    let (server, client) = crate::common::start().await;
    let page = client.search(&SearchQuery::default(), 1, 50).await.unwrap();
    assert_eq!(page.assets.len(), 50);
    let jobs: Vec<DownloadJob> = page
        .assets
        .iter()
        .zip(1..)
        .map(|(a, n)| DownloadJob {
            transfer: n,
            asset_id: a.id,
            size: "original".into(),
            dir: dir.path().to_path_buf(),
            name: mgtui::transfers::names::download_name(a.filename.as_deref(), a.id, "original"),
            zip_of: Vec::new(),
            version: a.data_version_number,
        })
        .collect();
    let results = mgtui::worker::transfers::download_all(
        &client,
        jobs.clone(),
        mgtui::worker::transfers::PARALLEL,
        |_| {},
    )
    .await;
    for (job, result) in jobs.iter().zip(results) {
        let TransferEvent::Finished { path, .. } = result else {
            panic!("asset {}: {result:?}", job.asset_id);
        };
        let want = server.file_of(job.asset_id, "original").await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), want, "{}", path.display());
    }
    assert_eq!(files_in(dir.path()).len(), 50, "no .part left, none lost");
}
