//! Memory while scrolling a large library: the demo server seeded with 10 000 extra assets
//! (10 318 in all) runs in a child process, so this process's RSS is the app's alone.
//! The app (real state machine, real API task, half-blocks images, debounce 0, disk cache
//! in a temp dir) starts on a 300×82 TestBackend (8×6 = 48 tiles a screen) and pages down
//! from the first asset to the last, waiting after each PageDown until the visible
//! thumbnails are painted and no search page is in flight. RSS (`VmRSS`) is read before the
//! app exists, after the first screen, after every PageDown (peak) and at the end;
//! `VmHWM` is the kernel's own peak.
//!
//! Bound: ≤ 150 MB RSS at peak.
//!
//! Run: `cargo run --release --example scroll_rss` (add `-- kitty` or `-- sixel` to encode
//! for that protocol instead; same font size, nothing is written to a terminal; and
//! `--extra 100000` for a library of 100 318 assets).

mod bench_common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bench_common::{CountingAlloc, Driver, client, mib, proc_status_kib, stats_ms};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use mgtui::app::App;
use mgtui::demo::{DemoOptions, DemoServer};
use mgtui::thumbs::disk::DiskCache;
use mgtui::thumbs::probe::ImageSupport;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui_image::picker::{Picker, ProtocolType};

const EXTRA_ASSETS: usize = 10_000;
const SIZE: (u16, u16) = (300, 82);
const BOUND_MB: f64 = 150.0;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// Hand freed heap back to the OS (glibc only), to tell retained from live memory.
fn malloc_trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: plain glibc call; 0 = keep no padding.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn heap_mb() -> f64 {
    CountingAlloc::live() as f64 / (1 << 20) as f64
}

/// Child mode: serve `extra` assets beyond the base set until stdin closes.
async fn serve(extra: usize) {
    let server = DemoServer::start(DemoOptions {
        extra_assets: extra,
        ..Default::default()
    })
    .await
    .expect("demo server");
    println!(
        "LISTENING {} {} {}",
        server.base_url(),
        server.token(),
        server.organization_id()
    );
    std::io::stdout().flush().expect("stdout");
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = String::new();
        while std::io::stdin().read_line(&mut sink).is_ok_and(|n| n > 0) {}
    })
    .await;
    server.shutdown().await;
}

fn main() {
    // As the app's own main does, before any thread starts.
    mgtui::memory::limit_arenas();
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(measure());
}

async fn measure() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |a: &str| args.iter().any(|x| x == a);
    // `--extra N`: N assets beyond the base set (10 000 unless said).
    let extra = args
        .iter()
        .position(|a| a == "--extra")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(EXTRA_ASSETS);
    if args.first().map(String::as_str) == Some("--serve") {
        serve(extra).await;
        return;
    }
    let (protocol_name, protocol) = if has("kitty") {
        ("kitty", ProtocolType::Kitty)
    } else if has("sixel") {
        ("sixel", ProtocolType::Sixel)
    } else {
        ("half-blocks", ProtocolType::Halfblocks)
    };
    let use_disk = !has("--no-disk");
    let rss_start = proc_status_kib(None, "VmRSS");

    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .arg("--serve")
        .arg("--extra")
        .arg(extra.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("server process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("child stdout"))
        .read_line(&mut line)
        .expect("server announces itself");
    let parts: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(parts.first(), Some(&"LISTENING"), "server said {line:?}");
    let (base, token, org) = (parts[1], parts[2], parts[3].parse::<i64>().expect("org"));

    let tmp = tempfile::tempdir().expect("temp dir");
    let disk = Arc::new(DiskCache::open(tmp.path().join("thumbs"), 256 << 20).expect("disk"));
    let mut picker = Picker::halfblocks();
    picker.set_protocol_type(protocol);
    let images = ImageSupport {
        picker: Some(picker),
        reason: "benchmark".into(),
        kitty_png: false,
    };
    let rss_before = proc_status_kib(None, "VmRSS");

    let started = Instant::now();
    let mut app = App::new(Some(org));
    app.screen.size = SIZE;
    app.images.debounce = Duration::ZERO;
    app.set_images(images, use_disk.then(|| disk.clone()));
    let term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    let mut d = Driver::new(app, term, client(base, token, org));
    let settled = |app: &App| {
        let (visible, ready, failed) = bench_common::visible_thumbs(app);
        visible > 0 && ready + failed == visible && !app.grid.results.in_flight()
    };
    assert!(
        d.pump_until(Duration::from_secs(60), settled).await,
        "first screen not painted"
    );
    let rss_first = proc_status_kib(None, "VmRSS");
    let total = d.app.grid.total().unwrap_or(0);
    println!(
        "scroll_rss: {} assets on the server (child process), {}x{} TestBackend, {} tiles a \
         screen, {protocol_name} thumbnails, debounce 0, {}, thumbnail \
         memory cap {} MB (machine: {} cores)",
        total,
        SIZE.0,
        SIZE.1,
        d.app.grid.visible_range().1 - d.app.grid.visible_range().0,
        if use_disk {
            "disk cache in a temp dir"
        } else {
            "no disk cache"
        },
        mgtui::app::state::THUMB_MEMORY_BYTES >> 20,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let mut step_times = Vec::new();
    let mut peak = rss_first;
    let mut failed = 0usize;
    let mut steps = 0usize;
    let mut timeouts = 0usize;
    loop {
        let at_end = d.app.grid.cursor + 1 >= d.app.grid.len() && !d.app.grid.is_empty();
        if at_end {
            break;
        }
        let before = d.app.grid.cursor;
        let t = Instant::now();
        d.app.on_event(Event::Key(KeyEvent::new(
            KeyCode::PageDown,
            KeyModifiers::NONE,
        )));
        if !d.pump_until(Duration::from_secs(30), settled).await {
            timeouts += 1;
        }
        step_times.push(t.elapsed());
        steps += 1;
        failed += bench_common::visible_thumbs(&d.app).2;
        peak = peak.max(proc_status_kib(None, "VmRSS"));
        if steps.is_multiple_of(50) {
            println!(
                "  … {steps} PageDowns, cursor {} of {}, RSS {:.1} MB, live heap {:.1} MB, \
                 thumbnails {} ({:.1} MB by the cache's estimate)",
                d.app.grid.cursor + 1,
                total,
                mib(proc_status_kib(None, "VmRSS")),
                heap_mb(),
                d.app.images.cache.len(),
                d.app.images.cache.bytes() as f64 / (1 << 20) as f64
            );
        }
        if d.app.grid.cursor == before && !d.app.grid.results.in_flight() {
            break;
        }
        assert!(steps < 10_000, "the cursor does not reach the end");
    }
    let wall = started.elapsed();
    let rss_end = proc_status_kib(None, "VmRSS");
    let hwm = proc_status_kib(None, "VmHWM");
    let (thumbs_len, thumbs_bytes) = (d.app.images.cache.len(), d.app.images.cache.bytes());
    let assets_len = d.app.grid.loaded_assets().len();
    let cursor = d.app.grid.cursor;
    // Let the last screen-ahead jobs finish, then take the heap apart.
    d.pump_until(Duration::from_secs(5), |app| app.in_flight() == 0)
        .await;
    let heap_end = heap_mb();
    // What the assets hold: the unnamed payload keys kept in `extra`, by serialized size.
    let mut by_key: std::collections::HashMap<String, usize> = Default::default();
    let mut extra_keys = 0usize;
    for a in d.app.grid.loaded_assets() {
        extra_keys += a.extra.len();
        for (k, v) in &a.extra {
            *by_key.entry(k.clone()).or_default() += v.to_string().len() + k.len();
        }
    }
    let mut by_key: Vec<(String, usize)> = by_key.into_iter().collect();
    by_key.sort_by_key(|b| std::cmp::Reverse(b.1));
    let ids: Vec<i64> = d.app.grid.loaded_assets().iter().map(|a| a.id).collect();
    for id in ids {
        if let Some(a) = d.app.grid.results.find_mut(id) {
            a.extra = Default::default();
        }
    }
    let heap_no_extra = heap_mb();
    d.app.grid.results = Default::default();
    let heap_no_assets = heap_mb();
    d.app.images.cache =
        mgtui::thumbs::cache::ThumbCache::new(mgtui::app::state::THUMB_MEMORY_BYTES);
    let heap_no_thumbs = heap_mb();
    drop(d);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let heap_dropped = heap_mb();
    let rss_dropped = proc_status_kib(None, "VmRSS");
    malloc_trim();
    let rss_trimmed = proc_status_kib(None, "VmRSS");
    let server_rss = proc_status_kib(Some(child.id()), "VmRSS");
    let disk_bytes = disk.size();
    drop(child.stdin.take());
    let _ = child.wait();

    let (med, p99, max) = stats_ms(&step_times);
    println!(
        "scrolled to asset {} of {} ({} loaded) in {steps} PageDowns, {:.1} s; \
         PageDown → screen painted: median {med:.1} ms, p99 {p99:.1} ms, max {max:.1} ms; \
         {failed} failed tiles, {timeouts} steps timed out",
        cursor + 1,
        total,
        assets_len,
        wall.as_secs_f64()
    );
    println!(
        "RSS: process start {:.1} MB, before the app {:.1} MB, first screen {:.1} MB, \
         peak {:.1} MB (VmHWM {:.1} MB), at the end {:.1} MB, after dropping the app {:.1} MB",
        mib(rss_start),
        mib(rss_before),
        mib(rss_first),
        mib(peak),
        mib(hwm),
        mib(rss_end),
        mib(rss_dropped)
    );
    println!(
        "live heap (counting allocator): peak {:.1} MB, at the end {heap_end:.1} MB, of which \
         the {assets_len} loaded assets {:.1} MB ({:.1} KB each) and the thumbnail cache \
         {:.1} MB ({:.1} KB a tile); after dropping the app {heap_dropped:.1} MB; RSS after \
         malloc_trim {:.1} MB",
        CountingAlloc::peak() as f64 / (1 << 20) as f64,
        heap_end - heap_no_assets,
        (heap_end - heap_no_assets) * 1024.0 / assets_len.max(1) as f64,
        heap_no_assets - heap_no_thumbs,
        (heap_no_assets - heap_no_thumbs) * 1024.0 / thumbs_len.max(1) as f64,
        mib(rss_trimmed)
    );
    let n = assets_len.max(1) as f64;
    println!(
        "of the assets' heap, `Asset::extra` (payload keys the model does not name) is {:.1} MB \
         ({:.1} KB an asset, {:.0} keys an asset); largest keys as JSON per asset: {}",
        heap_end - heap_no_extra,
        (heap_end - heap_no_extra) * 1024.0 / n,
        extra_keys as f64 / n,
        by_key
            .iter()
            .take(6)
            .map(|(k, b)| format!("{k} {:.0} B", *b as f64 / n))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "thumbnail cache at the end: {thumbs_len} entries, {:.1} MB by its own estimate \
         (cap {} MB); disk cache {:.1} MB; server process RSS {:.1} MB (not counted)",
        thumbs_bytes as f64 / (1 << 20) as f64,
        mgtui::app::state::THUMB_MEMORY_BYTES >> 20,
        disk_bytes as f64 / (1 << 20) as f64,
        mib(server_rss)
    );
    let peak_mb = mib(hwm.max(peak));
    println!(
        "bound ≤ {BOUND_MB:.0} MB: peak {peak_mb:.1} MB is {:.2}× the bound — {}",
        peak_mb / BOUND_MB,
        if peak_mb <= BOUND_MB {
            "within"
        } else {
            "OVER THE BOUND"
        }
    );
}
