//! Downloads on loopback: 50 asset originals from the demo server (run in this process),
//! fetched by mgtui's own transfer code (4 at a time, `.part` then rename) and by `curl`
//! with the same parallelism, 5 runs each, alternating. Prints medians and the ratio of
//! throughputs (goal ≥ 0.9 of curl). `curl` must be on PATH.
//!
//! Run: `cargo run --release --example download_speed`

mod bench_common;

use std::process::Command;
use std::time::{Duration, Instant};

use bench_common::{client, median_f64};
use mgtui::demo::{DemoOptions, DemoServer};
use mgtui::protocol::transfers::{DownloadJob, TransferEvent};

const ASSETS: i64 = 50;
const RUNS: usize = 5;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo server");
    let api = client(&server.base_url(), server.token(), server.organization_id());
    let ids: Vec<i64> = (100_001..100_001 + ASSETS).collect();
    // Warm the server's rendition cache so both sides only measure the transfer.
    let mut bytes = 0u64;
    for id in &ids {
        bytes += server.file_of(*id, "original").await.expect("asset").len() as u64;
    }
    let urls: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                "{}/api/assets/{id}/download?size=original",
                server.base_url()
            )
        })
        .collect();
    println!(
        "download_speed: {ASSETS} originals, {:.1} MB in all, 4 at a time, {RUNS} runs each (load: {})",
        bytes as f64 / 1e6,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().expect("temp dir");
        let jobs: Vec<DownloadJob> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| DownloadJob {
                transfer: i as u64 + 1,
                asset_id: *id,
                size: "original".into(),
                dir: dir.path().to_path_buf(),
                name: format!("{id}.jpg"),
                zip_of: Vec::new(),
                version: None,
            })
            .collect();
        let t = Instant::now();
        let results = mgtui::worker::transfers::download_all(
            &api,
            jobs,
            mgtui::worker::transfers::PARALLEL,
            |_| {},
        )
        .await;
        ours.push(t.elapsed());
        let ok = results
            .iter()
            .filter(|e| matches!(e, TransferEvent::Finished { .. }))
            .count();
        assert_eq!(ok, ASSETS as usize, "every download finished");

        let dir = tempfile::tempdir().expect("temp dir");
        let mut curl = Command::new("curl");
        curl.args([
            "-sS",
            "--no-progress-meter",
            "--fail",
            "--parallel",
            "--parallel-max",
            "4",
            "-u",
        ])
        .arg(format!(":{}", server.token()))
        .arg("-H")
        .arg(format!("OrganizationId: {}", server.organization_id()))
        .current_dir(dir.path());
        for (i, url) in urls.iter().enumerate() {
            curl.arg("-o").arg(format!("{i}.jpg")).arg(url);
        }
        let t = Instant::now();
        let status = tokio::task::spawn_blocking(move || curl.status())
            .await
            .expect("curl task")
            .expect("curl runs");
        theirs.push(t.elapsed());
        assert!(status.success(), "curl succeeded");
    }
    let secs =
        |v: &[Duration]| median_f64(&v.iter().map(Duration::as_secs_f64).collect::<Vec<_>>());
    let (a, b) = (secs(&ours), secs(&theirs));
    println!(
        "mgtui: median {:.1} ms ({:.1} MB/s) · curl: median {:.1} ms ({:.1} MB/s)",
        a * 1e3,
        bytes as f64 / 1e6 / a,
        b * 1e3,
        bytes as f64 / 1e6 / b
    );
    println!("throughput ratio mgtui / curl: {:.2} (goal ≥ 0.9)", b / a);
    server.shutdown().await;
}
