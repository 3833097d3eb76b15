//! Memory against a huge answer: the demo server (in this process; it makes the padding
//! as it sends it) pads every search answer to 300 MB, and mgtui's client asks for a
//! search page 5 times with the default answer limits. Prints the peak RSS (`VmHWM`)
//! against the RSS before, and what the client said.
//!
//! Run: `cargo run --release --example padded_answer_rss`

mod bench_common;

use bench_common::{client, mib, proc_status_kib};
use mgtui::api::models::SearchQuery;
use mgtui::demo::{DemoOptions, DemoServer, FaultSettings};

const PAD_BYTES: u64 = 300 << 20;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let server = DemoServer::start(DemoOptions {
        faults: FaultSettings {
            pad_search_bytes: PAD_BYTES,
            ..Default::default()
        },
        ..Default::default()
    })
    .await
    .expect("demo server");
    let api = client(&server.base_url(), server.token(), server.organization_id());
    let before = proc_status_kib(None, "VmRSS");
    let mut said = String::new();
    for _ in 0..5 {
        match api.search(&SearchQuery::default(), 1, 50).await {
            Ok(_) => said = "the answer was accepted (the limit did not hold)".into(),
            Err(e) => said = e.to_string(),
        }
    }
    let peak = proc_status_kib(None, "VmHWM");
    println!(
        "padded_answer_rss: 5 search answers padded to {} MB, default limits",
        PAD_BYTES >> 20
    );
    println!(
        "RSS before {:.1} MiB, peak {:.1} MiB (+{:.1} MiB)",
        mib(before),
        mib(peak),
        mib(peak.saturating_sub(before))
    );
    println!("the client said: {said}");
    server.shutdown().await;
}
