//! Frame render time of the main screen: 200×60 terminal, a grid of 60 assets.
//! Prints median and p99 over many frames (no network: the state is filled directly).
//!
//! Run: `cargo run --release --example render_bench`

use std::time::{Duration, Instant};

use mgtui::api::models::{Asset, AssetTag};
use mgtui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn asset(i: usize) -> Asset {
    Asset {
        id: i as i64 + 1,
        filename: Some(format!("IMG_{:04}.jpg", i)),
        title: Some(format!("Harbour at dawn, frame {i}")),
        ext: Some("jpg".into()),
        asset_type: Some("Image".into()),
        width: Some(6000),
        height: Some(4000),
        rating: Some((i % 6) as i64),
        tags: vec![
            AssetTag {
                name: Some("harbour".into()),
                ..Default::default()
            },
            AssetTag {
                name: Some("boats".into()),
                ..Default::default()
            },
        ],
        description: Some("Fishing boats leave the harbour at first light.".into()),
        ..Default::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn main() {
    let (w, h) = (200u16, 60u16);
    let mut app = App::new(Some(1));
    let _ = app.take_outbox();
    app.screen.size = (w, h);
    app.grid.reset(60);
    app.grid.results.ask(1);
    app.grid
        .results
        .accept(1, (0..60).map(asset).collect(), Some(4210));
    app.grid.loading = false;
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");

    // Warm up, then measure full draws while the cursor moves (every frame differs).
    for _ in 0..50 {
        term.draw(|f| mgtui::ui::draw(f, &app)).unwrap();
    }
    let frames = 2000;
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        app.grid.cursor = i % 60;
        let t = Instant::now();
        term.draw(|f| mgtui::ui::draw(f, &app)).unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    let (cols, rows) = app.grid.metrics();
    println!(
        "render_bench: {w}x{h} terminal, 60 assets, {cols}x{rows} tiles visible, {frames} frames"
    );
    println!(
        "frame render time: median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
    println!(
        "budget: one frame per 12 ms → median uses {:.1}% of it",
        percentile(&times, 0.5).as_secs_f64() * 1e3 / 12.0 * 100.0
    );
}
