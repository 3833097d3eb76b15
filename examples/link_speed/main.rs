//! What a user sees over an SSH link: the real mgtui binary in a pty whose reader is
//! throttled to 10 and 50 Mbit/s, against the embedded demo server on loopback. For each
//! image protocol: launch → the first screen of photos fully arrived, each PageDown of a
//! 200×55 grid (12 tiles) → its last byte arrived, each Down that moves the grid by one
//! row of tiles → its last byte arrived, and each loupe judgement → the next
//! full-screen picture arrived; with the bytes each took. "Arrived" is the last byte
//! before the output falls quiet; the quiet wait itself is not counted. For the loupe,
//! "→ picture" is the key → the write that carries the next picture arrived (the title's
//! small redraw once the save is answered comes later and is not the picture).
//!
//! Run: `cargo build --release && cargo run --release --example link_speed`; env
//! `LINK_ONLY=sixel`, `LINK_MBITS=50,10`, `LINK_SUSTAINED=200` (then 200 judgements at one
//! per 300 ms), `LINK_PAUSE_MS`, `LINK_TRACE`; `MGTUI_SCROLL_REGIONS=off` is handed to mgtui.

#[path = "../bench_common/mod.rs"]
mod bench_common;
#[path = "../../tests/support/pty_process.rs"]
mod pty_process;
mod throttled_pty;

use std::process::Command;
use std::time::Duration;

use bench_common::median_f64;
use mgtui::demo::{DemoOptions, DemoServer};
use throttled_pty::{Link, Terminal};

const SIZE: (u16, u16) = (200, 55);
const PAGE_DOWNS: usize = 6;
/// Downs after the PageDowns; those past the last row move the grid by one row.
const DOWNS: usize = 12;
const JUDGEMENTS: usize = 12;
const RATES: [f64; 2] = [10e6, 50e6];

struct Profile {
    name: &'static str,
    images: &'static str,
    term: Terminal,
}

const PROFILES: [Profile; 4] = [
    Profile {
        name: "half-blocks",
        images: "halfblocks",
        term: Terminal::Plain,
    },
    Profile {
        name: "sixel",
        images: "sixel",
        term: Terminal::Sixel,
    },
    // Probed, as a real kitty is: it says it decodes PNG payloads.
    Profile {
        name: "kitty",
        images: "auto",
        term: Terminal::Kitty,
    },
    Profile {
        name: "iTerm2",
        images: "iterm2",
        term: Terminal::Plain,
    },
];

struct Run {
    launch_ms: f64,
    launch_bytes: usize,
    /// (ms, bytes, pictures sent) per key.
    page: Vec<(f64, usize, usize)>,
    /// Downs that moved the grid by a row (the ones that sent any picture or scrolled).
    row: Vec<(f64, usize, usize)>,
    judge: Vec<(f64, usize, usize)>,
    /// Key → the write carrying the next picture arrived, per judgement.
    judge_picture: Vec<f64>,
    /// The same at one key per 300 ms; none: no picture began before the next key.
    paced: Vec<Option<f64>>,
}

fn mgtui_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("own path");
    let bin = exe
        .parent()
        .and_then(|examples| examples.parent())
        .map(|dir| dir.join("mgtui"))
        .expect("target directory");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --release` first",
        bin.display()
    );
    bin
}

fn command(server: &DemoServer, dir: &std::path::Path, images: &str) -> Command {
    let mut cmd = pty_process::demo_command(&mgtui_binary(), server, dir);
    cmd.args(["--images", images]);
    // MGTUI_SCROLL_REGIONS=off measures the grid without terminal scrolling.
    if let Ok(v) = std::env::var("MGTUI_SCROLL_REGIONS") {
        cmd.env("MGTUI_SCROLL_REGIONS", v);
    }
    cmd
}

fn measure(server: &DemoServer, p: &Profile, bits_per_sec: f64) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let link = Link::spawn(
        command(server, dir.path(), p.images),
        SIZE.0,
        SIZE.1,
        bits_per_sec,
        p.term,
    );
    let ms = |a: std::time::Instant, b: std::time::Instant| a.duration_since(b).as_secs_f64() * 1e3;
    let (last, launch_bytes, _, _) = link.settle(
        link.started,
        Duration::from_millis(1500),
        Duration::from_secs(60),
    );
    let launch_ms = ms(last, link.started);
    let mut page = Vec::new();
    for _ in 0..PAGE_DOWNS {
        let t = link.send(b"\x1b[6~");
        let (last, bytes, pictures, _) =
            link.settle(t, Duration::from_millis(700), Duration::from_secs(30));
        page.push((ms(last, t), bytes, pictures));
    }
    let mut row = Vec::new();
    for _ in 0..DOWNS {
        let t = link.send(b"\x1b[B");
        let (last, bytes, pictures, _) =
            link.settle(t, Duration::from_millis(700), Duration::from_secs(30));
        // A move within the screen redraws two tile borders: a few hundred bytes.
        if bytes > 4_000 {
            row.push((ms(last, t), bytes, pictures));
        }
    }
    let t = link.send(b"L");
    link.settle(t, Duration::from_millis(1000), Duration::from_secs(30));
    let mut judge = Vec::new();
    let mut judge_picture = Vec::new();
    // LINK_PAUSE_MS: a longer look at each picture, so that the encoding ahead is done
    // before the next key (shows what encoding beside the writes costs).
    let pause = std::env::var("LINK_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis);
    for _ in 0..JUDGEMENTS {
        std::thread::sleep(pause);
        let t = link.send(b"3");
        let (last, bytes, pictures, picture) =
            link.settle(t, Duration::from_millis(500), Duration::from_secs(30));
        judge.push((ms(last, t), bytes, pictures));
        judge_picture.push(ms(picture.unwrap_or(last), t));
    }
    // LINK_SUSTAINED=N: then N more judgements, one every 300 ms whatever arrives,
    // each timed to its picture (a key whose picture has not arrived within its 300 ms
    // counts as 300 ms or more: it is reported apart).
    let sustained: usize = std::env::var("LINK_SUSTAINED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut sent = Vec::new();
    for _ in 0..sustained {
        sent.push(link.send(b"3"));
        std::thread::sleep(PACE);
    }
    if let Some(&last) = sent.last() {
        link.settle(last, Duration::from_millis(500), Duration::from_secs(30));
    }
    // Each key's picture: the last one that began before the next key, to the end of
    // the write carrying it (which may be after the next key).
    let paced: Vec<Option<f64>> = sent
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let next = sent.get(i + 1).copied().unwrap_or(t + PACE);
            link.picture_between(t, next).map(|p| ms(p, t))
        })
        .collect();
    Run {
        launch_ms,
        launch_bytes,
        page,
        row,
        judge,
        judge_picture,
        paced,
    }
}

/// One judgement every this long in the sustained run.
const PACE: Duration = Duration::from_millis(300);

/// (median ms, median bytes, median of ms over the bytes' own time on the link, median
/// pictures sent).
fn medians(v: &[(f64, usize, usize)], bits_per_sec: f64) -> (f64, f64, f64, f64) {
    let med = |xs: Vec<f64>| median_f64(&xs);
    let wire = |b: usize| b as f64 * 8.0 / bits_per_sec * 1e3;
    (
        med(v.iter().map(|x| x.0).collect()),
        med(v.iter().map(|x| x.1 as f64).collect()),
        med(v.iter().map(|x| x.0 / wire(x.1).max(0.001)).collect()),
        med(v.iter().map(|x| x.2 as f64).collect()),
    )
}

#[tokio::main]
async fn main() {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo server");
    println!(
        "link_speed: the release binary in a {}x{} pty (10×20 px cells) read at 10 and 50 Mbit/s, \
         demo server on loopback; load {}",
        SIZE.0,
        SIZE.1,
        bench_common::load_average()
    );
    println!(
        "{:<8} {:<12} {:>10} {:>8} {:>12} {:>8} {:>7} {:>5} {:>12} {:>8} {:>7} {:>5} {:>12}",
        "link",
        "protocol",
        "launch",
        "KB",
        "PageDown",
        "KB",
        "×wire",
        "pics",
        "loupe key",
        "KB",
        "×wire",
        "pics",
        "→ picture"
    );
    let server = std::sync::Arc::new(server);
    let only = std::env::var("LINK_ONLY").ok();
    // LINK_MBITS=1000,50 measures other rates (a fast one shows what the app itself costs).
    let rates: Vec<f64> = std::env::var("LINK_MBITS")
        .ok()
        .map(|v| {
            v.split(',')
                .filter_map(|r| r.trim().parse::<f64>().ok())
                .map(|r| r * 1e6)
                .collect()
        })
        .unwrap_or_else(|| RATES.to_vec());
    for rate in rates {
        for p in PROFILES
            .iter()
            .filter(|p| only.as_deref().is_none_or(|o| o == p.name))
        {
            let s = server.clone();
            let run = tokio::task::spawn_blocking(move || measure(&s, p, rate))
                .await
                .expect("measured");
            let (page_ms, page_b, page_x, page_p) = medians(&run.page, rate);
            let (judge_ms, judge_b, judge_x, judge_p) = medians(&run.judge, rate);
            let (row_ms, row_b, row_x, row_p) = medians(&run.row, rate);
            println!(
                "{:<8} {:<12} {:>7.0} ms {:>8.0} {:>9.0} ms {:>8.0} {:>7.2} {:>5.0} {:>9.0} ms {:>8.0} {:>7.2} {:>5.0} {:>9.0} ms",
                format!("{} Mb/s", rate / 1e6),
                p.name,
                run.launch_ms,
                run.launch_bytes as f64 / 1024.0,
                page_ms,
                page_b / 1024.0,
                page_x,
                page_p,
                judge_ms,
                judge_b / 1024.0,
                judge_x,
                judge_p,
                median_f64(&run.judge_picture),
            );
            println!(
                "         {:<12} Down past the last row (× {}): {:.0} ms, {:.0} KB, ×wire {:.2}, {:.0} pictures",
                p.name,
                run.row.len(),
                row_ms,
                row_b / 1024.0,
                row_x,
                row_p,
            );
            if !run.paced.is_empty() {
                let arrived: Vec<f64> = run.paced.iter().flatten().copied().collect();
                let mut sorted = arrived.clone();
                sorted.sort_by(f64::total_cmp);
                let p90 = sorted
                    .get(sorted.len() * 9 / 10)
                    .copied()
                    .unwrap_or(f64::NAN);
                println!(
                    "         {:<12} sustained, one key per 300 ms × {}: → picture median {:.0} ms, p90 {:.0} ms, {} within 150 ms, {} later than 300 ms or not begun before the next key",
                    p.name,
                    run.paced.len(),
                    median_f64(&arrived),
                    p90,
                    arrived.iter().filter(|&&m| m <= 150.0).count(),
                    run.paced.len() - arrived.iter().filter(|&&m| m <= 300.0).count(),
                );
            }
        }
    }
}
