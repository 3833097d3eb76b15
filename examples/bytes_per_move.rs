//! Bytes written to the terminal per cursor move in a fully loaded grid, per image protocol.
//! A `CrosstermBackend` writes into a counter (no tty) through a `Terminal` with a fixed
//! 300×82 viewport (8×6 = 48 image tiles). The real app and API task load the first
//! screen from the embedded demo server (no latency) until every visible thumbnail is
//! Ready; then the cursor moves right MOVES times, drawing after each move, and each
//! draw's bytes are counted. Then PAGES PageDowns, each counted from the key until its
//! screen is painted (the thumbnails one screen ahead are usually ready by then).
//! Pickers: `Picker::halfblocks()` (font 10×20) with the protocol forced; kitty once as
//! raw and once as PNGs (`f=100`, as when the terminal answers the PNG query).
//!
//! Run: `cargo run --release --example bytes_per_move`

mod bench_common;

use std::time::Duration;

use bench_common::{counted_app, quantile};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use mgtui::demo::{DemoOptions, DemoServer};
use ratatui_image::picker::ProtocolType;

const SIZE: (u16, u16) = (300, 82);
const MOVES: usize = 40;
const PAGES: usize = 4;

struct Figures {
    name: &'static str,
    loading: usize,
    moves: Vec<usize>,
    pages: Vec<usize>,
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

async fn measure(
    server: &DemoServer,
    name: &'static str,
    protocol: ProtocolType,
    kitty_png: bool,
) -> Figures {
    let (mut d, counter) = counted_app(server, SIZE, protocol, kitty_png);
    assert!(
        d.until_visible_painted(Duration::from_secs(60)).await,
        "{name}: first screen not painted"
    );
    // Let the screen-ahead thumbnails and page 2 arrive too, then settle the screen.
    d.pump_until(Duration::from_secs(2), |app| app.in_flight() == 0)
        .await;
    d.draw();
    let loading = counter.take();
    let (first, end) = d.app.grid.visible_range();
    assert_eq!(end - first, 48, "{name}: a 48-tile screen");

    let mut moves = Vec::new();
    for _ in 0..MOVES {
        d.app.on_event(key(KeyCode::Right));
        d.draw();
        moves.push(counter.take());
    }
    assert_eq!(
        d.app.grid.visible_range(),
        (first, end),
        "moves stayed on screen"
    );

    let mut pages = Vec::new();
    for _ in 0..PAGES {
        d.app.on_event(key(KeyCode::PageDown));
        assert!(
            d.until_visible_painted(Duration::from_secs(30)).await,
            "{name}: page not painted"
        );
        pages.push(counter.take());
        d.pump_until(Duration::from_secs(2), |app| app.in_flight() == 0)
            .await;
        let _ = counter.take();
    }
    Figures {
        name,
        loading,
        moves,
        pages,
    }
}

fn median(v: &[usize]) -> usize {
    let mut s = v.to_vec();
    s.sort();
    quantile(&s, 0.5)
}

fn p99(v: &[usize]) -> usize {
    let mut s = v.to_vec();
    s.sort();
    quantile(&s, 0.99)
}

#[tokio::main]
async fn main() {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo server");
    println!(
        "bytes_per_move: CrosstermBackend into a byte counter, fixed {}x{} viewport (48 image \
         tiles), first screen fully loaded from the demo server, then {MOVES} × Right and \
         {PAGES} × PageDown, font 10×20",
        SIZE.0, SIZE.1
    );
    let mut all = Vec::new();
    for (name, p, png) in [
        ("half-blocks", ProtocolType::Halfblocks, false),
        ("kitty", ProtocolType::Kitty, false),
        ("kitty+png", ProtocolType::Kitty, true),
        ("sixel", ProtocolType::Sixel, false),
        ("iTerm2", ProtocolType::Iterm2, false),
    ] {
        all.push(measure(&server, name, p, png).await);
    }
    println!();
    println!(
        "{:<12} {:>16} {:>14} {:>14} {:>18}",
        "protocol", "loading 1st scr", "per move med", "per move p99", "per PageDown med"
    );
    for f in &all {
        println!(
            "{:<12} {:>16} {:>14} {:>14} {:>18}",
            f.name,
            f.loading,
            median(&f.moves),
            p99(&f.moves),
            median(&f.pages)
        );
    }
    let base = &all[0];
    println!();
    for f in &all[1..] {
        println!(
            "{} / half-blocks: per move {:.2}×, per PageDown {:.2}×, loading the first screen {:.2}×",
            f.name,
            median(&f.moves) as f64 / median(&base.moves).max(1) as f64,
            median(&f.pages) as f64 / median(&base.pages).max(1) as f64,
            f.loading as f64 / base.loading.max(1) as f64
        );
    }
    println!(
        "at 1 Mbit/s over SSH a move costs: {}",
        all.iter()
            .map(|f| format!(
                "{} {:.1} ms",
                f.name,
                median(&f.moves) as f64 * 8.0 / 1e6 * 1e3
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    server.shutdown().await;
}
