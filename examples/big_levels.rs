//! One tree level with N children, and one facet with N values: how long a key takes
//! (the app's update plus a full frame, as the event loop does per key) and how much
//! memory they hold, for N = 1 000, 10 000 and 50 000. The answers come in through
//! `App::on_msg` exactly as the API task would deliver them.
//!
//! Run: `cargo run --release --example big_levels`

mod bench_common;

use std::time::{Duration, Instant};

use bench_common::{mib, proc_status_kib, stats_ms};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use mgtui::api::endpoints::SearchPage;
use mgtui::api::models::{Asset, GroupNode, NodeId, SearchResponse};
use mgtui::app::App;
use mgtui::protocol::{Msg, MsgKind, RequestKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [usize; 3] = [1_000, 10_000, 50_000];
const KEYS: usize = 400;

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn children(n: usize) -> Vec<GroupNode> {
    (0..n)
        .map(|i| GroupNode {
            id: NodeId::Num(10_000 + i as i64),
            name: Some(format!("Shoot {i:05} — harbour, dawn")),
            visible_assets_count: Some(i as i64 % 900),
            ..Default::default()
        })
        .collect()
}

fn facet_answer(n: usize) -> SearchPage {
    let buckets: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"key": format!("keyword-{i:05}"), "doc_count": n - i}))
        .collect();
    let assets: Vec<Asset> = (1..=50)
        .map(|id| Asset {
            id,
            filename: Some(format!("IMG_{id:04}.jpg")),
            ..Default::default()
        })
        .collect();
    SearchPage {
        assets: assets.clone(),
        total: Some(50),
        page: 1,
        per_page: 50,
        response: SearchResponse {
            total_entries: Some(50),
            assets,
            filters: serde_json::json!({"visible_tag_names": {"buckets": buckets}}),
            all_asset_counts: serde_json::Value::Null,
        },
    }
}

/// Median, p99 and max of (update + draw) per Down key, after `setup` focused a pane.
fn time_keys(app: &mut App, term: &mut Terminal<TestBackend>) -> (f64, f64, f64) {
    let mut samples = Vec::with_capacity(KEYS);
    for i in 0..KEYS {
        let code = if (i / 100) % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        let t = Instant::now();
        app.on_event(key(code));
        term.draw(|f| mgtui::ui::draw(f, app)).expect("draw");
        samples.push(t.elapsed());
    }
    stats_ms(&samples)
}

fn main() {
    println!(
        "big_levels: 160×50 terminal, {KEYS} Down/Up keys per case; update + full frame per key"
    );
    println!(
        "{:>7}  {:>26}  {:>26}  {:>10}",
        "N", "tree key ms (med/p99/max)", "facet key ms (med/p99/max)", "RSS +MiB"
    );
    let mut base: Option<(f64, f64)> = None;
    for n in SIZES {
        let rss_before = proc_status_kib(None, "VmRSS");
        let mut app = App::new(Some(1));
        app.screen.size = (160, 50);
        let mut term = Terminal::new(TestBackend::new(160, 50)).expect("terminal");
        term.draw(|f| mgtui::ui::draw(f, &app)).expect("draw");

        // The first search page, with a facet of n values; the storage folders' first
        // level (asked for at start, or on expanding it) with n children.
        let mut answered_tree = false;
        let mut answer = |app: &mut App, reqs: Vec<mgtui::protocol::Request>| {
            for req in reqs {
                match req.kind {
                    RequestKind::Search { page: 1, .. } => app.on_msg(Msg {
                        id: req.id,
                        kind: MsgKind::Search {
                            page: 1,
                            result: Ok(facet_answer(n)),
                        },
                    }),
                    RequestKind::TreeChildren { node, .. } if node.0 == 0 => {
                        answered_tree = true;
                        app.on_msg(Msg {
                            id: req.id,
                            kind: MsgKind::TreeChildren {
                                node,
                                result: Ok(children(n)),
                            },
                        })
                    }
                    _ => {}
                }
            }
        };
        let first = app.take_outbox();
        answer(&mut app, first);
        app.on_event(key(KeyCode::BackTab));
        app.on_event(key(KeyCode::Right));
        let more = app.take_outbox();
        answer(&mut app, more);
        assert!(answered_tree, "the tree asked for its first level");
        let tree = time_keys(&mut app, &mut term);

        // The facet panel, with the long facet unfolded.
        app.browse
            .facet_panel
            .unfolded
            .insert("visible_tag_names".into());
        app.on_event(key(KeyCode::Char('f')));
        let facets = time_keys(&mut app, &mut term);
        let rss = mib(proc_status_kib(None, "VmRSS").saturating_sub(rss_before));
        println!(
            "{n:>7}  {:>8.3} /{:>7.3} /{:>7.3}  {:>8.3} /{:>7.3} /{:>7.3}  {rss:>10.1}",
            tree.0, tree.1, tree.2, facets.0, facets.1, facets.2
        );
        match base {
            None => base = Some((tree.0, facets.0)),
            Some((t0, f0)) if n == *SIZES.last().expect("sizes") => println!(
                "ratio {n}/{}: tree {:.1}×, facets {:.1}× (the frame budget is 12 ms)",
                SIZES[0],
                tree.0 / t0,
                facets.0 / f0
            ),
            Some(_) => {}
        }
        drop(app);
        std::thread::sleep(Duration::from_millis(50));
    }
}
