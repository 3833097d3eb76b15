//! The culling loupe at one judgement per 300 ms for 200 assets: time from the key to
//! the next picture painted, bytes written to the terminal for it, and whether every
//! judgement reached the right asset. The real app and API task against the embedded
//! demo server on loopback (no latency), a 200×55 terminal with a 10×20 font, drawn
//! into a byte counter through crossterm. The link figure adds the time the bytes take
//! over a 50 Mbit/s link (a model of an SSH session, not a throttled pty).
//!
//! Run: `cargo run --release --example loupe_speed`

mod bench_common;

use std::time::{Duration, Instant};

use bench_common::{client, counted_app, quantile};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use mgtui::app::App;
use mgtui::demo::{DemoOptions, DemoServer};
use mgtui::thumbs::cache::ThumbState;
use ratatui_image::picker::ProtocolType;

const SIZE: (u16, u16) = (200, 55);
const JUDGEMENTS: usize = 200;
const PACE: Duration = Duration::from_millis(300);
const LINK_BITS_PER_SEC: f64 = 50e6;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The picture the loupe shows is encoded and ready.
fn picture_ready(app: &App) -> bool {
    let Some(asset) = app.grid.selected() else {
        return false;
    };
    let Some(k) = app.thumb_key(asset, app.loupe_cells()) else {
        return false;
    };
    matches!(
        app.images.cache.peek(&k),
        Some(ThumbState::Ready { .. }) | Some(ThumbState::Failed(_))
    )
}

struct Figures {
    name: &'static str,
    paint_ms: Vec<f64>,
    bytes: Vec<usize>,
    wrong: usize,
}

async fn measure(
    server: &DemoServer,
    name: &'static str,
    protocol: ProtocolType,
    kitty_png: bool,
) -> Figures {
    let (mut d, counter) = counted_app(server, SIZE, protocol, kitty_png);
    let api = client(&server.base_url(), server.token(), server.organization_id());
    assert!(d.until_visible_painted(Duration::from_secs(60)).await);
    d.app.on_event(key('L'));
    assert!(d.pump_until(Duration::from_secs(30), picture_ready).await);
    // Let the pictures ahead arrive, as they would while the editor looks at the first.
    d.pump_until(Duration::from_secs(3), |app| app.in_flight() == 0)
        .await;
    let _ = counter.take();
    let mut judged = Vec::new();
    let (mut paint_ms, mut bytes) = (Vec::new(), Vec::new());
    for i in 0..JUDGEMENTS {
        let rating = (i % 5 + 1) as i64;
        let id = d.app.grid.selected().expect("loaded").id;
        judged.push((id, rating));
        let t0 = Instant::now();
        d.app.on_event(key(char::from(b'0' + rating as u8)));
        let painted = d.pump_until(Duration::from_secs(10), picture_ready).await;
        assert!(painted, "{name}: picture {i} not painted");
        paint_ms.push(t0.elapsed().as_secs_f64() * 1e3);
        bytes.push(counter.take());
        // The editor looks for the rest of the beat; pictures ahead keep arriving.
        let rest = PACE.saturating_sub(t0.elapsed());
        d.pump_until(rest, |_| false).await;
        let _ = counter.take();
    }
    d.pump_until(Duration::from_secs(30), |app| {
        app.modals.loupe.writes.unsaved() == 0
    })
    .await;
    let mut wrong = 0;
    for (id, rating) in &judged {
        let a = api.asset(&id.to_string()).await.expect("asset");
        if a.rating != Some(*rating) {
            wrong += 1;
        }
    }
    Figures {
        name,
        paint_ms,
        bytes,
        wrong,
    }
}

fn med_f(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    quantile(&s, 0.5)
}

fn p90_f(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    quantile(&s, 0.9)
}

#[tokio::main]
async fn main() {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo server");
    println!(
        "loupe_speed: {JUDGEMENTS} judgements, one per {} ms, {}x{} terminal, font 10×20, \
         demo server on loopback; load {}",
        PACE.as_millis(),
        SIZE.0,
        SIZE.1,
        bench_common::load_average()
    );
    println!(
        "{:<12} {:>14} {:>12} {:>16} {:>22} {:>8}",
        "protocol", "key→painted", "p90", "bytes/picture", "at 50 Mbit/s (median)", "wrong"
    );
    for (name, p, png) in [
        ("half-blocks", ProtocolType::Halfblocks, false),
        ("sixel", ProtocolType::Sixel, false),
        ("kitty", ProtocolType::Kitty, false),
        ("kitty+png", ProtocolType::Kitty, true),
        ("iTerm2", ProtocolType::Iterm2, false),
    ] {
        let f = measure(&server, name, p, png).await;
        let mut b: Vec<f64> = f.bytes.iter().map(|&x| x as f64).collect();
        b.sort_by(f64::total_cmp);
        let bytes = quantile(&b, 0.5);
        let link: Vec<f64> = f
            .paint_ms
            .iter()
            .zip(&f.bytes)
            .map(|(ms, &by)| ms + by as f64 * 8.0 / LINK_BITS_PER_SEC * 1e3)
            .collect();
        println!(
            "{:<12} {:>11.1} ms {:>9.1} ms {:>16.0} {:>19.1} ms {:>8}",
            f.name,
            med_f(&f.paint_ms),
            p90_f(&f.paint_ms),
            bytes,
            med_f(&link),
            f.wrong
        );
    }
    server.shutdown().await;
}
