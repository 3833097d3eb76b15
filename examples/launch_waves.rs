//! Launch → every visible tile of a 48-tile grid (or `LAUNCH_SIZE`) painted, against the embedded demo server
//! with 100 ms added to every /api call and to every rendition. Drives the real app state
//! machine and the real API task (`worker::spawn`), half-blocks images, debounce 0, an
//! empty disk cache per run, a fresh HTTP client (cold connections) per run.
//!
//! Besides wall time it counts the sequential request WAVES on the critical path, from the
//! server's request log: a request belongs to wave 1 + the highest wave of any request that
//! started at least one latency (100 ms) before it — i.e. whose answer could have arrived
//! before it was sent. The critical path is the highest wave among the renditions of the
//! visible tiles. Target: ≤ 3 (search, then all thumbnails in parallel). A second count
//! clusters request start times with a gap of latency/2, as a cross-check.
//!
//! Run: `cargo run --release --example launch_waves`

mod bench_common;

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bench_common::{Driver, client, median_f64, visible_thumbs};
use mgtui::app::App;
use mgtui::demo::{DemoOptions, DemoServer, FaultSettings, LoggedRequest};
use mgtui::thumbs::disk::DiskCache;
use mgtui::thumbs::probe::ImageSupport;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LATENCY_MS: u64 = 100;
/// 300×82: tree 36 + grid 216 + details 48 columns → 8 tile columns × 6 image-tile rows.
/// `LAUNCH_SIZE=200x55` measures the 12-tile screen of the SSH benchmarks instead.
fn size() -> (u16, u16) {
    std::env::var("LAUNCH_SIZE")
        .ok()
        .and_then(|v| {
            let (w, h) = v.split_once('x')?;
            Some((w.parse().ok()?, h.parse().ok()?))
        })
        .unwrap_or((300, 82))
}
const RUNS: usize = 5;

struct Run {
    wall: Duration,
    first_page: Duration,
    critical_waves: usize,
    gap_waves: usize,
    total_waves: usize,
    requests: usize,
    renditions: usize,
    visible: usize,
    failed: usize,
    waves: Vec<(Duration, Vec<String>)>,
}

fn kind(r: &LoggedRequest) -> String {
    if r.path.starts_with("/renditions/") {
        "rendition".into()
    } else {
        let mut p = r.path.trim_start_matches("/api/").to_string();
        // Collapse ids: /api/folders/12/… → folders/…
        p = p
            .split('/')
            .filter(|s| !s.chars().all(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join("/");
        if p == "search" || p.ends_with("search") {
            let page = r
                .query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .unwrap_or("1");
            format!("search p{page}")
        } else {
            p
        }
    }
}

/// Chain depth per request (see the module docs).
fn waves(log: &[LoggedRequest], latency: Duration) -> Vec<usize> {
    let mut wave = vec![0usize; log.len()];
    for i in 0..log.len() {
        let mut w = 1;
        for j in 0..i {
            if log[j].at + latency <= log[i].at {
                w = w.max(wave[j] + 1);
            }
        }
        wave[i] = w;
    }
    wave
}

/// Clusters of start times separated by more than `gap`, up to and including `upto`.
fn gap_clusters(log: &[LoggedRequest], upto: usize, gap: Duration) -> usize {
    let mut n = 0;
    let mut last: Option<Instant> = None;
    for r in &log[..=upto] {
        if last.is_none_or(|l| r.at.duration_since(l) > gap) {
            n += 1;
        }
        last = Some(r.at);
    }
    n
}

/// Wait until the previous run's stragglers (thumbnails one screen ahead, page 2) have
/// reached the server, so they do not count in the next run.
async fn quiesce(server: &DemoServer) {
    let mut seen = usize::MAX;
    loop {
        tokio::time::sleep(Duration::from_millis(4 * LATENCY_MS)).await;
        let n = server.request_log().len();
        if n == seen {
            return;
        }
        seen = n;
    }
}

async fn launch(server: &DemoServer) -> Run {
    quiesce(server).await;
    server.clear_request_log();
    let tmp = tempfile::tempdir().expect("temp dir");
    let disk = Arc::new(DiskCache::open(tmp.path().join("thumbs"), 256 << 20).expect("disk"));
    let started = Instant::now();
    let mut app = App::new(Some(server.organization_id()));
    app.screen.size = size();
    app.images.debounce = Duration::ZERO;
    app.set_images(ImageSupport::halfblocks("benchmark"), Some(disk));
    let term = Terminal::new(TestBackend::new(size().0, size().1)).expect("terminal");
    let c = client(&server.base_url(), server.token(), server.organization_id());
    let mut d = Driver::new(app, term, c);
    let first_page = Cell::new(None);
    let done = d
        .pump_until(Duration::from_secs(60), |app| {
            if first_page.get().is_none() && app.grid.selected().is_some() {
                first_page.set(Some(started.elapsed()));
            }
            let (visible, ready, failed) = visible_thumbs(app);
            visible > 0 && ready + failed == visible
        })
        .await;
    let wall = started.elapsed();
    assert!(done, "the visible tiles were not painted within 60 s");
    let (first, end) = d.app.grid.visible_range();
    let (visible, _, failed) = visible_thumbs(&d.app);
    let visible_guids: HashSet<String> = (first..end)
        .filter_map(|i| d.app.grid.results.get(i))
        .filter_map(|a| a.guid.clone())
        .collect();

    let mut log: Vec<LoggedRequest> = server
        .request_log()
        .into_iter()
        .filter(|r| r.at >= started)
        .collect();
    log.sort_by_key(|r| r.at);
    let latency = Duration::from_millis(LATENCY_MS);
    let w = waves(&log, latency);
    let is_visible_rendition = |r: &LoggedRequest| {
        r.path.starts_with("/renditions/")
            && r.path
                .split('/')
                .nth(2)
                .is_some_and(|g| visible_guids.contains(g))
    };
    let last_visible = (0..log.len())
        .filter(|&i| is_visible_rendition(&log[i]))
        .max_by_key(|&i| (w[i], i))
        .expect("visible renditions were requested");
    let critical_waves = w[last_visible];
    let last_visible_start = (0..log.len())
        .rfind(|&i| is_visible_rendition(&log[i]))
        .unwrap_or(last_visible);
    let gap_waves = gap_clusters(&log, last_visible_start, latency / 2);
    let total_waves = w.iter().copied().max().unwrap_or(0);
    let t0 = log.first().map(|r| r.at).unwrap_or(started);
    let mut table: Vec<(Duration, Vec<String>)> = Vec::new();
    for wave in 1..=total_waves {
        let members: Vec<&LoggedRequest> = (0..log.len())
            .filter(|&i| w[i] == wave)
            .map(|i| &log[i])
            .collect();
        let start = members.first().map(|r| r.at.duration_since(t0));
        let mut kinds: Vec<String> = Vec::new();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for r in &members {
            let k = kind(r);
            match counts.iter_mut().find(|(n, _)| *n == k) {
                Some((_, c)) => *c += 1,
                None => counts.push((k, 1)),
            }
        }
        for (k, c) in counts {
            kinds.push(if c > 1 { format!("{c}× {k}") } else { k });
        }
        table.push((start.unwrap_or_default(), kinds));
    }
    drop(d);
    Run {
        wall,
        first_page: first_page.get().unwrap_or(wall),
        critical_waves,
        gap_waves,
        total_waves,
        requests: log.len(),
        renditions: log
            .iter()
            .filter(|r| r.path.starts_with("/renditions/"))
            .count(),
        visible,
        failed,
        waves: table,
    }
}

#[tokio::main]
async fn main() {
    let server = DemoServer::start(DemoOptions {
        faults: FaultSettings {
            latency_ms: LATENCY_MS,
            rendition_latency_ms: LATENCY_MS,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .expect("demo server");
    println!(
        "launch_waves: {}x{} TestBackend, half-blocks, debounce 0, empty disk cache per run, \
         {LATENCY_MS} ms on /api and on renditions, {RUNS} runs after 1 warm-up \
         (the warm-up renders the server's JPEGs; machine: {} cores)",
        size().0,
        size().1,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let warm = launch(&server).await;
    println!(
        "warm-up: {:.0} ms, {} visible tiles",
        warm.wall.as_secs_f64() * 1e3,
        warm.visible
    );
    let mut runs = Vec::new();
    for i in 0..RUNS {
        let r = launch(&server).await;
        println!(
            "run {}: painted {} visible tiles ({} failed) in {:.0} ms (first page at {:.0} ms); \
             critical-path waves {} (gap clustering {}), waves in all {}; \
             {} requests, {} renditions",
            i + 1,
            r.visible,
            r.failed,
            r.wall.as_secs_f64() * 1e3,
            r.first_page.as_secs_f64() * 1e3,
            r.critical_waves,
            r.gap_waves,
            r.total_waves,
            r.requests,
            r.renditions,
        );
        runs.push(r);
    }
    let walls: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64() * 1e3).collect();
    let firsts: Vec<f64> = runs
        .iter()
        .map(|r| r.first_page.as_secs_f64() * 1e3)
        .collect();
    let crit: Vec<f64> = runs.iter().map(|r| r.critical_waves as f64).collect();
    let gaps: Vec<f64> = runs.iter().map(|r| r.gap_waves as f64).collect();
    let median_wall = median_f64(&walls);
    let median_waves = median_f64(&crit);
    println!();
    println!(
        "median over {RUNS}: launch → all tiles painted {median_wall:.0} ms, first page {:.0} ms, \
         critical-path waves {median_waves:.0} (gap clustering {:.0}); target ≤ 3 waves",
        median_f64(&firsts),
        median_f64(&gaps),
    );
    println!(
        "ratio to the ideal 3 waves × {LATENCY_MS} ms = {} ms: {:.1}×",
        3 * LATENCY_MS,
        median_wall / (3 * LATENCY_MS) as f64
    );
    println!(
        "{}",
        if median_waves <= 3.0 {
            "within target"
        } else {
            "OVER TARGET: more than 3 sequential waves before the grid is painted"
        }
    );
    // The waves of the run closest to the median, for whoever fixes it.
    let mid = runs
        .iter()
        .min_by(|a, b| {
            let da = (a.wall.as_secs_f64() * 1e3 - median_wall).abs();
            let db = (b.wall.as_secs_f64() * 1e3 - median_wall).abs();
            da.total_cmp(&db)
        })
        .expect("runs");
    println!();
    println!("waves of the median run (start after the first request, what was in it):");
    for (i, (at, kinds)) in mid.waves.iter().enumerate() {
        println!(
            "  wave {:>2} at {:>5.0} ms: {}",
            i + 1,
            at.as_secs_f64() * 1e3,
            kinds.join(", ")
        );
    }
    server.shutdown().await;
}
