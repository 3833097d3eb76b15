//! Cost of one grid thumbnail: decode a ~300 px JPEG, fit it into a 22×8-cell tile, encode
//! it for the terminal. Inputs are the demo server's own `grid` renditions (the bytes the
//! app downloads), 64 different pictures, each measured ROUNDS times per protocol.
//! Pickers: `Picker::halfblocks()` (font 10×20) with the protocol forced to half-blocks,
//! sixel or kitty (kitty: no compression, as without the terminal's capability answer).
//!
//! Stages, timed separately on one thread:
//! - decode: `worker::thumbs::decode` (the app's decode, with limits);
//! - fit: `Resize::Fit(Triangle).resize` to the tile's pixel size (what `new_protocol` does);
//! - encode: `Picker::new_protocol` on the already fitted image (no resize left to do);
//! - pipeline: `decode` + `worker::thumbs::encode`, the path the app runs, end to end;
//! - wire bytes: what a crossterm terminal is sent to draw the tile once.
//!
//! Run: `cargo run --release --example thumb_encode`

mod bench_common;

use std::time::{Duration, Instant};

use bench_common::{client, counting_terminal, stats_ms};
use image::imageops::FilterType;
use mgtui::api::models::SearchQuery;
use mgtui::demo::{DemoOptions, DemoServer};
use mgtui::worker::thumbs as pipeline;
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;

const CELLS: (u16, u16) = (22, 8);
const IMAGES: u32 = 64;
const ROUNDS: usize = 10;

struct Timings {
    name: &'static str,
    picker: Picker,
    decode: Vec<Duration>,
    fit: Vec<Duration>,
    encode: Vec<Duration>,
    pipeline: Vec<Duration>,
    wire_bytes: Vec<usize>,
}

/// Bytes a crossterm terminal is sent to draw the tile once on a blank screen.
fn wire_bytes(p: &Protocol) -> usize {
    let (mut term, counter) = counting_terminal(CELLS.0, CELLS.1);
    term.draw(|f| f.render_widget(ratatui_image::Image::new(p), f.area()))
        .expect("draw");
    counter.take()
}

async fn fetch_renditions() -> Vec<Vec<u8>> {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo server");
    let c = client(&server.base_url(), server.token(), server.organization_id());
    let page = c
        .search(&SearchQuery::default(), 1, IMAGES)
        .await
        .expect("search");
    let mut out = Vec::new();
    for a in &page.assets {
        if let Some(url) = a.grid_url.as_deref() {
            out.push(c.fetch_rendition(url, 20 << 20).await.expect("rendition"));
        }
    }
    server.shutdown().await;
    out
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let jpegs = rt.block_on(fetch_renditions());
    drop(rt);
    let dims: Vec<(u32, u32)> = jpegs
        .iter()
        .map(|b| {
            let i = pipeline::decode(b).expect("decodes");
            (i.width(), i.height())
        })
        .collect();
    let avg_kb = jpegs.iter().map(Vec::len).sum::<usize>() as f64 / jpegs.len() as f64 / 1024.0;
    println!(
        "thumb_encode: {} demo `grid` renditions (longest side {} px, {avg_kb:.1} KB average), \
         {}×{}-cell tile, font 10×20, {ROUNDS} rounds, one thread (machine: {} cores)",
        jpegs.len(),
        dims.iter().map(|(w, h)| (*w).max(*h)).max().unwrap_or(0),
        CELLS.0,
        CELLS.1,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let mut all: Vec<Timings> = [
        ("half-blocks", ProtocolType::Halfblocks),
        ("sixel", ProtocolType::Sixel),
        ("kitty", ProtocolType::Kitty),
    ]
    .into_iter()
    .map(|(name, t)| {
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(t);
        Timings {
            name,
            picker,
            decode: Vec::new(),
            fit: Vec::new(),
            encode: Vec::new(),
            pipeline: Vec::new(),
            wire_bytes: Vec::new(),
        }
    })
    .collect();

    let fit = Resize::Fit(Some(FilterType::Triangle));
    let size = Size::new(CELLS.0, CELLS.1);
    for round in 0..=ROUNDS {
        for bytes in &jpegs {
            // Protocols interleaved, so drift (thermal, other processes) hits all alike.
            for t in all.iter_mut() {
                let font = t.picker.font_size();

                let s = Instant::now();
                let img = pipeline::decode(bytes).expect("decode");
                let d_decode = s.elapsed();

                let s = Instant::now();
                let area = fit.size_for(&img, font, size);
                let fitted = fit.resize(&img, font, area, None);
                let d_fit = s.elapsed();

                let s = Instant::now();
                let p = t
                    .picker
                    .new_protocol(fitted, area, fit.clone())
                    .expect("encode");
                let d_encode = s.elapsed();

                let s = Instant::now();
                let img = pipeline::decode(bytes).expect("decode");
                let (p2, _) = pipeline::encode(&t.picker, img, CELLS).expect("encode");
                let d_pipe = s.elapsed();
                std::hint::black_box(&p2);

                if round == 0 {
                    // Warm-up round: only the wire size.
                    t.wire_bytes.push(wire_bytes(&p));
                    continue;
                }
                t.decode.push(d_decode);
                t.fit.push(d_fit);
                t.encode.push(d_encode);
                t.pipeline.push(d_pipe);
            }
        }
    }

    println!();
    println!(
        "{:<12} {:>20} {:>20} {:>20} {:>20} {:>12}",
        "protocol", "decode ms", "fit ms", "encode ms", "pipeline ms", "wire bytes"
    );
    println!(
        "{:<12} {:>20} {:>20} {:>20} {:>20} {:>12}",
        "", "median / p99", "median / p99", "median / p99", "median / p99", "median"
    );
    let mut medians = Vec::new();
    for t in &all {
        let f = |v: &[Duration]| {
            let (m, p99, _) = stats_ms(v);
            format!("{m:.3} / {p99:.3}")
        };
        let mut wb = t.wire_bytes.clone();
        wb.sort();
        println!(
            "{:<12} {:>20} {:>20} {:>20} {:>20} {:>12}",
            t.name,
            f(&t.decode),
            f(&t.fit),
            f(&t.encode),
            f(&t.pipeline),
            bench_common::quantile(&wb, 0.5)
        );
        medians.push((
            t.name,
            stats_ms(&t.encode).0,
            stats_ms(&t.fit).0 + stats_ms(&t.encode).0,
            stats_ms(&t.pipeline).0,
        ));
    }
    let base = medians[0];
    println!();
    for m in &medians[1..] {
        println!(
            "{} / half-blocks: encode {:.1}×, fit+encode {:.1}×, whole pipeline {:.1}×",
            m.0,
            m.1 / base.1,
            m.2 / base.2,
            m.3 / base.3
        );
    }
    let pipe_max = medians.iter().map(|m| m.3).fold(0.0, f64::max);
    println!(
        "a 48-tile screen on 2 encoder slots: half-blocks {:.0} ms, slowest protocol {:.0} ms of CPU \
         (median pipeline × 48 / 2)",
        base.3 * 24.0,
        pipe_max * 24.0
    );
}
