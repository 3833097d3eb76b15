//! Uploads on loopback against the demo server (run in this process).
//!
//! 1. Throughput: 24 files of 8 MB into a folder, by mgtui's own upload code (announce,
//!    PUT to the signed URL, set_uploaded; 4 at a time) and by `curl` PUTting the same
//!    files to signed URLs prepared beforehand, with the same parallelism; 3 runs each,
//!    alternating. mgtui's time stops when its last file is marked uploaded (the server's
//!    processing is not timed); curl's covers only its PUTs. Prints medians and the
//!    ratio of throughputs (goal ≥ 0.9 of curl). `curl` must be on PATH.
//! 2. Memory: one 2 GB file (sparse on disk) uploaded by mgtui; prints the peak RSS of
//!    the whole process, demo server included (goal: under 100 MB — the file is
//!    streamed, never read whole).
//!
//! Run: `cargo run --release --example upload_speed`

mod bench_common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bench_common::{client, median_f64, mib, proc_status_kib};
use mgtui::api::models::NewUploadAsset;
use mgtui::demo::{DemoOptions, DemoServer};
use mgtui::protocol::transfers::{TransferEvent, UploadBatch, UploadFile};

const FILES: usize = 24;
const FILE_BYTES: usize = 8 << 20;
const RUNS: usize = 3;
const BIG: u64 = 2 << 30;

/// The test files under names of run `run` (hard links to one set written once: a
/// folder that has a file of the same name and size would skip it).
fn files_in(dir: &Path, run: usize) -> Vec<PathBuf> {
    (0..FILES)
        .map(|i| {
            let first = dir.join(format!("file{i:02}.bin"));
            if !first.exists() {
                let bytes: Vec<u8> = (0..FILE_BYTES).map(|b| (b * 7 + i) as u8).collect();
                std::fs::write(&first, bytes).expect("write a test file");
            }
            let path = dir.join(format!("run{run}-file{i:02}.bin"));
            std::fs::hard_link(&first, &path).expect("link a test file");
            path
        })
        .collect()
}

fn upload_files(paths: &[PathBuf], tag: &str) -> Vec<UploadFile> {
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| UploadFile {
            transfer: i as u64 + 1,
            local: p.clone(),
            size: std::fs::metadata(p).expect("file").len(),
            path: String::new(),
            key: format!("bench-{tag}-{i}"),
            asset: None,
        })
        .collect()
}

/// Upload `files` with mgtui's code; seconds until the last one was marked uploaded.
async fn mgtui_upload(
    api: &mgtui::api::ApiClient,
    target: &mgtui::protocol::transfers::UploadTarget,
    files: Vec<UploadFile>,
) -> f64 {
    let started = Instant::now();
    let last = Arc::new(Mutex::new(0.0f64));
    let seen = last.clone();
    let finals = mgtui::worker::uploads::upload_all(
        api,
        UploadBatch {
            target: target.clone(),
            files,
        },
        mgtui::worker::transfers::PARALLEL,
        move |ev| {
            if matches!(ev, TransferEvent::Finished { .. }) {
                *seen.lock().expect("lock") = started.elapsed().as_secs_f64();
            }
        },
    )
    .await;
    assert!(
        finals
            .iter()
            .all(|e| matches!(e, TransferEvent::Finished { .. })),
        "every file arrived: {finals:?}"
    );
    *last.lock().expect("lock")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo server");
    let api = client(&server.base_url(), server.token(), server.organization_id());
    let target = mgtui::transfers::headless::resolve_folder(&api, "Press")
        .await
        .expect("the Press folder");
    let dir = tempfile::tempdir().expect("temp dir");
    let total = (FILES * FILE_BYTES) as f64;
    println!(
        "upload_speed: {FILES} files of {} MB, 4 at a time, {RUNS} runs each (load: {})",
        FILE_BYTES >> 20,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        let paths = files_in(dir.path(), run * 2);
        ours.push(mgtui_upload(&api, &target, upload_files(&paths, &format!("m{run}"))).await);

        // curl: the same kind of files, announced first (not timed), then PUT.
        let paths = files_in(dir.path(), run * 2 + 1);
        let session = api
            .create_upload(target.contribution_id, "curl baseline")
            .await
            .expect("session");
        let guid = session.guid.expect("guid");
        let mut curl = Command::new("curl");
        curl.args([
            "-s",
            "--fail",
            "--parallel",
            "--parallel-max",
            "4",
            "-o",
            "/dev/null",
        ]);
        for (i, p) in paths.iter().enumerate() {
            let prepared = api
                .prepare_upload(
                    &guid,
                    &NewUploadAsset {
                        filename: p.file_name().unwrap().to_string_lossy().to_string(),
                        file_size: FILE_BYTES as u64,
                        path: String::new(),
                        created_via: "curl".into(),
                        created_via_id: format!("curl-{run}-{i}"),
                    },
                )
                .await
                .expect("announce");
            if i > 0 {
                curl.arg("--next").args(["-s", "--fail", "-o", "/dev/null"]);
            }
            curl.arg("-T")
                .arg(p)
                .arg(prepared.signed_upload_url.expose());
        }
        let started = Instant::now();
        let status = tokio::task::spawn_blocking(move || curl.status())
            .await
            .expect("curl task")
            .expect("curl runs");
        theirs.push(started.elapsed().as_secs_f64());
        assert!(status.success(), "curl succeeded");
    }
    let (a, b) = (median_f64(&ours), median_f64(&theirs));
    println!(
        "mgtui: median {:.0} ms ({:.0} MB/s) · curl: median {:.0} ms ({:.0} MB/s)",
        a * 1e3,
        total / a / 1e6,
        b * 1e3,
        total / b / 1e6
    );
    println!("throughput ratio mgtui / curl: {:.2} (goal ≥ 0.9)", b / a);

    // Memory while one 2 GB file goes up.
    let big = dir.path().join("big.bin");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(BIG))
        .expect("a sparse 2 GB file");
    let before = proc_status_kib(None, "VmHWM");
    let secs = mgtui_upload(&api, &target, upload_files(&[big], "big")).await;
    let peak = proc_status_kib(None, "VmHWM");
    println!(
        "2 GB upload: {:.1} s ({:.0} MB/s) · peak RSS {:.1} MiB (before it {:.1} MiB; goal < 100 MB)",
        secs,
        BIG as f64 / secs / 1e6,
        mib(peak),
        mib(before)
    );
    server.shutdown().await;
}
