//! Shared by the benchmark examples: statistics, a client for the demo server, RSS, and
//! a driver that runs the real app state machine against the real API task.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use mgtui::api::{ApiClient, Auth, ClientConfig, Credentials, Secret};
use mgtui::app::App;
use mgtui::protocol::{Msg, Request};
use mgtui::thumbs::cache::ThumbState;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;

/// Value at quantile `p` (0..=1) of an already sorted slice (nearest rank).
pub fn quantile<T: Copy>(sorted: &[T], p: f64) -> T {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// (median, p99, max) in milliseconds.
pub fn stats_ms(samples: &[Duration]) -> (f64, f64, f64) {
    let mut s: Vec<Duration> = samples.to_vec();
    s.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (
        ms(quantile(&s, 0.5)),
        ms(quantile(&s, 0.99)),
        ms(*s.last().expect("samples")),
    )
}

pub fn median_f64(samples: &[f64]) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    quantile(&s, 0.5)
}

/// The machine's load averages over 1, 5 and 15 minutes, as figures are printed beside.
pub fn load_average() -> String {
    let all = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    all.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// A client for a demo server at `base` (production retry policy and timeouts).
pub fn client(base: &str, token: &str, org: i64) -> ApiClient {
    let cfg = ClientConfig::new(
        base.to_string(),
        Credentials {
            auth: Auth::Pat(Secret::new(token)),
            organization_id: Some(org),
        },
    );
    ApiClient::new(cfg).expect("client")
}

/// A `/proc/self/status` field in KiB (`VmRSS`, `VmHWM`), 0 if unavailable.
pub fn proc_status_kib(pid: Option<u32>, field: &str) -> u64 {
    let path = match pid {
        Some(p) => format!("/proc/{p}/status"),
        None => "/proc/self/status".to_string(),
    };
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// How the visible tiles stand: (visible, ready, failed).
pub fn visible_thumbs(app: &App) -> (usize, usize, usize) {
    let (first, end) = app.grid.visible_range();
    let cells = app.grid.image_cells();
    let (mut ready, mut failed) = (0, 0);
    for asset in (first..end).filter_map(|i| app.grid.results.get(i)) {
        let state = app
            .thumb_key(asset, cells)
            .and_then(|k| app.images.cache.peek(&k).cloned());
        match state {
            Some(ThumbState::Ready { .. }) => ready += 1,
            Some(ThumbState::Failed(_)) => failed += 1,
            _ => {}
        }
    }
    (end.saturating_sub(first), ready, failed)
}

/// The app, a terminal and the real API task (`worker::spawn`), pumped like the event
/// loop does: hand the outbox over, wait for answers, apply them all, draw, `after_draw`.
pub struct Driver<B: Backend> {
    pub app: App,
    pub term: Terminal<B>,
    req_tx: mpsc::UnboundedSender<Request>,
    msg_rx: mpsc::UnboundedReceiver<Msg>,
    pub draws: usize,
}

impl<B: Backend> Driver<B>
where
    B::Error: std::fmt::Debug,
{
    pub fn new(app: App, term: Terminal<B>, client: ApiClient) -> Driver<B> {
        let (req_tx, msg_rx) = mgtui::worker::spawn(client);
        Driver {
            app,
            term,
            req_tx,
            msg_rx,
            draws: 0,
        }
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.term.draw(|f| mgtui::ui::draw(f, app)).expect("draw");
        self.app.after_draw();
        self.app.screen.dirty = false;
        self.draws += 1;
    }

    pub fn flush(&mut self) {
        for req in self.app.take_outbox() {
            self.req_tx.send(req).expect("API task running");
        }
    }

    /// Draw and exchange messages until `done(app)` holds after a draw, or `limit` passes;
    /// run the app's timers (`on_tick`) when they fall due, as the event loop does.
    /// Returns whether `done` was reached.
    pub async fn pump_until(&mut self, limit: Duration, done: impl Fn(&App) -> bool) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            self.draw();
            self.flush();
            if done(&self.app) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            let wake = self
                .app
                .next_deadline()
                .map_or(deadline, |t| t.min(deadline));
            match tokio::time::timeout(wake.saturating_duration_since(now), self.msg_rx.recv())
                .await
            {
                Ok(Some(m)) => self.app.on_msg(m),
                Ok(None) => panic!("the API task stopped"),
                Err(_) => self.app.on_tick(Instant::now()),
            }
            while let Ok(m) = self.msg_rx.try_recv() {
                self.app.on_msg(m);
            }
        }
    }

    /// Every visible tile has its thumbnail (or failed), and the first page is in.
    pub async fn until_visible_painted(&mut self, limit: Duration) -> bool {
        self.pump_until(limit, |app| {
            let (visible, ready, failed) = visible_thumbs(app);
            visible > 0 && ready + failed == visible
        })
        .await
    }
}

/// The app against `server` in a `size` terminal with a 10×20 font and `protocol`
/// forced (kitty PNG payloads with `kitty_png`), no image debounce, drawn into a byte
/// counter, with the real API task: the driver and the counter.
pub fn counted_app(
    server: &mgtui::demo::DemoServer,
    size: (u16, u16),
    protocol: ratatui_image::picker::ProtocolType,
    kitty_png: bool,
) -> (
    Driver<ratatui::backend::CrosstermBackend<CountingWriter>>,
    CountingWriter,
) {
    let mut picker = ratatui_image::picker::Picker::halfblocks();
    picker.set_protocol_type(protocol);
    let mut app = App::new(Some(server.organization_id()));
    app.screen.size = size;
    app.images.debounce = Duration::ZERO;
    app.set_images(
        mgtui::thumbs::probe::ImageSupport {
            picker: Some(picker),
            reason: "benchmark".into(),
            kitty_png,
        },
        None,
    );
    let (term, counter) = counting_terminal(size.0, size.1);
    let c = client(&server.base_url(), server.token(), server.organization_id());
    (Driver::new(app, term, c), counter)
}

/// A `Write` that only counts what goes through it (a terminal that is not there).
#[derive(Clone, Default)]
pub struct CountingWriter(pub std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl CountingWriter {
    pub fn take(&self) -> usize {
        self.0.swap(0, std::sync::atomic::Ordering::Relaxed)
    }
}

impl std::io::Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A crossterm terminal of `w`×`h` cells writing into a [`CountingWriter`] (no tty needed).
pub fn counting_terminal(
    w: u16,
    h: u16,
) -> (
    Terminal<ratatui::backend::CrosstermBackend<CountingWriter>>,
    CountingWriter,
) {
    let counter = CountingWriter::default();
    let term = Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(counter.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
        },
    )
    .expect("terminal");
    (term, counter)
}

/// The system allocator, counting live and peak heap bytes (declare it with
/// `#[global_allocator]` in the benchmark that wants it).
pub struct CountingAlloc;

static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl CountingAlloc {
    pub fn live() -> usize {
        LIVE.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn peak() -> usize {
        PEAK.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn grew(by: usize) {
        let now = LIVE.fetch_add(by, std::sync::atomic::Ordering::Relaxed) + by;
        PEAK.fetch_max(now, std::sync::atomic::Ordering::Relaxed);
    }
}

// SAFETY: forwards every call to `System` unchanged; only counts sizes.
unsafe impl std::alloc::GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { std::alloc::System.alloc(layout) };
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { std::alloc::System.alloc_zeroed(layout) };
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { std::alloc::System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { std::alloc::System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
            Self::grew(new_size);
        }
        p
    }
}
