//! Keystroke → refreshed grid + facet counts, against the embedded demo server with
//! 100 ms added to every /api call. Drives the real app state machine and the real API
//! task; images off (this measures the search, not thumbnails).
//!
//! Two scenarios, each run several times:
//! - **facet toggle**: Enter on a keyword in the facet panel; wall time until the grid
//!   and the facet counts show the new result, and the request WAVES on that path
//!   (a request is in wave 1 + the highest wave of any request that started at least
//!   one latency before it). Goal: 1 wave.
//! - **typing**: a 10-character query typed at 40 ms per key (a fast typist), the `/`
//!   line searching as you type; how many searches went out (goal: at most 2), and the
//!   time from the last key to the refreshed grid + facets. The same query typed at
//!   400 ms per key (pauses longer than the debounce) shows what each pause costs.
//!
//! Run: `cargo run --release --example search_waves`

mod bench_common;

use std::time::{Duration, Instant};

use bench_common::{Driver, client, median_f64};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use mgtui::app::App;
use mgtui::demo::{DemoOptions, DemoServer, FaultSettings, LoggedRequest};
use mgtui::search::facets::Row;
use mgtui::search::query::Filter;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LATENCY_MS: u64 = 100;
const RUNS: usize = 7;
const QUERY: &str = "harbour bo";

fn key(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn searches_since(server: &DemoServer, t0: Instant) -> Vec<LoggedRequest> {
    let mut log: Vec<LoggedRequest> = server
        .request_log()
        .into_iter()
        .filter(|r| r.at >= t0 && r.path == "/api/assets/search")
        .collect();
    log.sort_by_key(|r| r.at);
    log
}

/// Sequential waves among `log` (see the module docs).
fn waves(log: &[LoggedRequest]) -> usize {
    let latency = Duration::from_millis(LATENCY_MS);
    let mut wave = vec![0usize; log.len()];
    for i in 0..log.len() {
        wave[i] = 1
            + (0..i)
                .filter(|&j| log[j].at + latency <= log[i].at)
                .map(|j| wave[j])
                .max()
                .unwrap_or(0);
    }
    wave.into_iter().max().unwrap_or(0)
}

/// Page 1 of the current search and its facets are in.
fn settled(app: &App) -> bool {
    !app.browse.facets_stale && !app.grid.loading && !app.grid.results.in_flight()
}

async fn fresh(server: &DemoServer) -> Driver<TestBackend> {
    let mut app = App::new(Some(server.organization_id()));
    app.screen.size = (160, 48);
    let term = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let c = client(&server.base_url(), server.token(), server.organization_id());
    let mut d = Driver::new(app, term, c);
    assert!(
        d.pump_until(Duration::from_secs(30), |a| settled(a)
            && a.in_flight() == 0)
            .await,
        "the first screen never settled"
    );
    d
}

/// (wall ms, waves, searches)
async fn facet_toggle(server: &DemoServer) -> (f64, usize, usize) {
    let mut d = fresh(server).await;
    d.app.on_event(key(KeyCode::Char('f')));
    let rows = d.app.facet_rows();
    let target = rows
        .iter()
        .position(|r| {
            matches!(
                r,
                Row::Value {
                    filter: Filter::Tag(_),
                    ..
                }
            )
        })
        .expect("a keyword facet");
    while d.app.browse.facet_panel.cursor < target {
        d.app.on_event(key(KeyCode::Down));
    }
    let t0 = Instant::now();
    d.app.on_event(key(KeyCode::Enter));
    assert!(
        d.pump_until(Duration::from_secs(30), settled).await,
        "the toggle never settled"
    );
    let wall = t0.elapsed().as_secs_f64() * 1e3;
    let log = searches_since(server, t0);
    (wall, waves(&log), log.len())
}

/// (searches sent, ms from the last key to the refreshed grid + facets, waves after it)
async fn typing(server: &DemoServer, per_key: Duration) -> (usize, f64, usize) {
    let mut d = fresh(server).await;
    d.app.on_event(key(KeyCode::Char('/')));
    let t0 = Instant::now();
    for c in QUERY.chars() {
        d.app.on_event(key(KeyCode::Char(c)));
        d.pump_until(per_key, |_| false).await;
    }
    let last_key = Instant::now() - per_key;
    assert!(
        d.pump_until(Duration::from_secs(30), |a| {
            settled(a) && a.browse.query_text.as_deref() == Some(QUERY)
        })
        .await,
        "the typed query never showed"
    );
    let done = last_key.elapsed().as_secs_f64() * 1e3;
    let sent = searches_since(server, t0);
    let after: Vec<LoggedRequest> = sent.iter().filter(|r| r.at >= last_key).cloned().collect();
    (sent.len(), done, waves(&after))
}

#[tokio::main]
async fn main() {
    let server = DemoServer::start(DemoOptions {
        faults: FaultSettings {
            latency_ms: LATENCY_MS,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .expect("demo server");
    println!(
        "search_waves: {LATENCY_MS} ms on every /api call, images off, {RUNS} runs per \
         scenario, debounce {} ms (machine: {} cores)",
        mgtui::app::state::LIVE_SEARCH_DELAY.as_millis(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let mut walls = Vec::new();
    let mut wave_counts = Vec::new();
    for _ in 0..RUNS {
        let (wall, w, n) = facet_toggle(&server).await;
        assert_eq!(n, 1, "one search per toggle");
        walls.push(wall);
        wave_counts.push(w as f64);
    }
    println!(
        "facet toggle → grid + facets: median {:.0} ms (min {:.0}, max {:.0}); waves median {} (max {}); 1 search per toggle",
        median_f64(&walls),
        walls.iter().copied().fold(f64::MAX, f64::min),
        walls.iter().copied().fold(0.0, f64::max),
        median_f64(&wave_counts),
        wave_counts.iter().copied().fold(0.0, f64::max),
    );

    for per_key_ms in [40u64, 400] {
        let mut sent = Vec::new();
        let mut done = Vec::new();
        let mut w = Vec::new();
        for _ in 0..RUNS {
            let (n, ms, waves) = typing(&server, Duration::from_millis(per_key_ms)).await;
            sent.push(n as f64);
            done.push(ms);
            w.push(waves as f64);
        }
        println!(
            "typing \"{QUERY}\" at {per_key_ms} ms/key: searches sent median {} (max {}); \
             last key → grid + facets median {:.0} ms; waves after the last key median {}",
            median_f64(&sent),
            sent.iter().copied().fold(0.0, f64::max),
            median_f64(&done),
            median_f64(&w),
        );
    }
}
