//! The event loop: terminal events, API answers, timers and signals in one `select!`;
//! draws only when something changed, at most once per frame interval.

use std::time::{Duration, Instant};

use crossterm::event::Event;
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;

use super::msg::{Effect, Msg, Request};
use super::state::App;
use super::terminal;
use crate::api::ApiClient;
use crate::thumbs::disk::DiskCache;
use crate::thumbs::probe::ImageSupport;

/// At most one draw per this interval (yazi uses 10 ms).
const FRAME: Duration = Duration::from_millis(12);
const TICK: Duration = Duration::from_millis(250);

/// Disk budget for downloaded renditions.
const THUMB_DISK_BYTES: u64 = 256 * 1024 * 1024;

/// Settings from config.toml and the command line that shape a session.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub read_only: bool,
    pub mouse: bool,
    pub page_size: u32,
    pub thumb_disk_bytes: u64,
    pub account: super::account::AccountView,
    /// Shown in the status bar at start (e.g. config problems).
    pub notice: Option<String>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            read_only: false,
            mouse: true,
            page_size: super::state::PAGE_SIZE,
            thumb_disk_bytes: THUMB_DISK_BYTES,
            account: Default::default(),
            notice: None,
        }
    }
}

/// Run the full-screen browser until the user quits or a signal arrives. `images` must
/// have been probed before (the probe reads the terminal's answers from stdin).
pub async fn run(client: ApiClient, read_only: bool, images: ImageSupport) -> Result<(), String> {
    let opts = RunOptions {
        read_only,
        ..Default::default()
    };
    run_with(client, images, opts).await.map(|_| ())
}

/// Like [`run`]; answers the profile the user switched to, if any.
pub async fn run_with(
    client: ApiClient,
    images: ImageSupport,
    opts: RunOptions,
) -> Result<Option<String>, String> {
    terminal::install_panic_hook();
    let org = client.organization_id();
    let mut term =
        terminal::enter_with(opts.mouse).map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let (req_tx, msg_rx) = crate::worker::spawn(client);
    let mut app = App::new(org);
    app.read_only = opts.read_only;
    app.mouse.enabled = opts.mouse;
    app.account = opts.account.clone();
    if app.page_size != opts.page_size {
        app.page_size = opts.page_size;
        app.start_search();
    }
    tracing::info!("images: {}", images.describe());
    let disk_bytes = opts.thumb_disk_bytes;
    let disk = images.picker.as_ref().and_then(|_| {
        DiskCache::open(crate::paths::cache_dir().join("thumbs"), disk_bytes)
            .map_err(|e| tracing::warn!("thumbnail disk cache unavailable: {e}"))
            .ok()
            .map(std::sync::Arc::new)
    });
    match &opts.notice {
        Some(n) => app.flash(n.clone(), true),
        None => app.flash(format!("Images: {}", images.describe()), false),
    }
    app.set_images(images, disk);
    if let Ok(size) = term.size() {
        app.size = (size.width, size.height);
    }
    match crate::editor::DraftStore::default_location().load() {
        Ok(drafts) => app.offer_drafts(drafts),
        Err(e) => app.flash(format!("Drafts: {e}"), true),
    }
    let history_path = crate::paths::state_dir().join("search_history");
    app.search_history = crate::search::history::History::load(&history_path);
    let events = crossterm::event::EventStream::new();
    let result = event_loop(&mut term, &mut app, events, req_tx, msg_rx).await;
    terminal::restore();
    if let Err(e) = app.search_history.save(&history_path) {
        tracing::warn!("search history not saved: {e}");
    }
    result.map(|()| app.account.switch_to.take())
}

/// The loop itself, generic over the terminal backend and the event source so tests
/// can run it with a `TestBackend` and synthetic events.
pub async fn event_loop<B, S>(
    term: &mut Terminal<B>,
    app: &mut App,
    mut events: S,
    req_tx: mpsc::UnboundedSender<Request>,
    mut msg_rx: mpsc::UnboundedReceiver<Msg>,
) -> Result<(), String>
where
    B: Backend,
    B::Error: std::fmt::Display,
    S: Stream<Item = std::io::Result<Event>> + Unpin,
{
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut signals = Signals::new();
    let mut last_draw = Instant::now() - FRAME;
    let mut drafts = DraftWriter::default();
    loop {
        for req in app.take_outbox() {
            if req_tx.send(req).is_err() {
                return Err("the API task stopped".into());
            }
        }
        for effect in app.take_effects() {
            match effect {
                Effect::WriteDrafts(d) => drafts.send(d),
            }
        }
        if app.should_quit {
            drafts.finish().await;
            return Ok(());
        }
        if app.dirty && last_draw.elapsed() >= FRAME {
            if app.full_redraw {
                term.clear().map_err(|e| e.to_string())?;
                app.full_redraw = false;
            }
            term.draw(|f| crate::ui::draw(f, app))
                .map_err(|e| format!("drawing failed: {e}"))?;
            app.after_draw();
            app.dirty = false;
            last_draw = Instant::now();
        }
        let frame_due = tokio::time::Instant::from_std(last_draw + FRAME);
        let timer = app.next_deadline();
        let timer_due = tokio::time::Instant::from_std(timer.unwrap_or_else(Instant::now));
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => app.on_event(ev),
                Some(Err(e)) => return Err(format!("terminal input failed: {e}")),
                None => return Ok(()),
            },
            msg = msg_rx.recv() => {
                match msg {
                    Some(m) => app.on_msg(m),
                    None => return Err("the API task stopped".into()),
                }
                // Drain everything that is ready before the next draw.
                while let Ok(m) = msg_rx.try_recv() {
                    app.on_msg(m);
                }
            }
            _ = tick.tick() => app.on_tick(Instant::now()),
            _ = tokio::time::sleep_until(timer_due), if timer.is_some() => {
                app.on_tick(Instant::now())
            }
            _ = tokio::time::sleep_until(frame_due), if app.dirty => {}
            _ = signals.recv() => {
                tracing::info!("signal received, restoring the terminal");
                drafts.finish().await;
                return Ok(());
            }
        }
    }
}

/// Writes the drafts file off the loop, started on first use.
#[derive(Default)]
struct DraftWriter {
    writer: Option<(
        mpsc::UnboundedSender<Vec<crate::editor::Draft>>,
        tokio::task::JoinHandle<()>,
    )>,
}

impl DraftWriter {
    fn send(&mut self, drafts: Vec<crate::editor::Draft>) {
        let (tx, _) = self.writer.get_or_insert_with(|| {
            crate::editor::drafts::spawn_writer(crate::editor::DraftStore::default_location())
        });
        let _ = tx.send(drafts);
    }

    /// Wait (briefly) until the last drafts sent are on disk.
    async fn finish(&mut self) {
        if let Some((tx, handle)) = self.writer.take() {
            drop(tx);
            let _ = tokio::time::timeout(Duration::from_secs(2), handle).await;
        }
    }
}

/// SIGTERM and SIGHUP (a dropped SSH session) end the loop like `q`.
struct Signals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    hup: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn new() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Signals {
                term: signal(SignalKind::terminate()).ok(),
                hup: signal(SignalKind::hangup()).ok(),
            }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            let term = async {
                match self.term.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let hup = async {
                match self.hup.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = term => {}
                _ = hup => {}
            }
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}
