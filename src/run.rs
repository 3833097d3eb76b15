//! The event loop: terminal events, API answers, timers and signals in one `select!`;
//! draws only when something changed, at most once per frame interval.

use std::time::{Duration, Instant};

use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc;

use crate::api::ApiClient;
use crate::app::effect::{Effect, FileReport};
use crate::app::state::App;
use crate::app::terminal;
use crate::protocol::{Msg, Request};
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
    pub tile_size: crate::panes::grid::TileSize,
    pub account: crate::app::account::AccountView,
    /// Shown in the status bar at start (e.g. config problems).
    pub notice: Option<String>,
    /// The keymap and colours from the config directory.
    pub keymap: std::sync::Arc<crate::keymap::Keymap>,
    pub theme: crate::theme::Theme,
    /// Where downloads go.
    pub download_dir: std::path::PathBuf,
    /// Transfers at most at once (`parallel_transfers`).
    pub parallel_transfers: usize,
    /// The web app's address when set (`MEDIAGRAPH_OAUTH_URL`); else the API's.
    pub web_url: Option<String>,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            read_only: false,
            mouse: true,
            page_size: crate::app::state::PAGE_SIZE,
            thumb_disk_bytes: THUMB_DISK_BYTES,
            tile_size: Default::default(),
            account: Default::default(),
            notice: None,
            keymap: Default::default(),
            theme: Default::default(),
            download_dir: crate::paths::download_dir(),
            parallel_transfers: crate::worker::transfers::PARALLEL,
            web_url: None,
        }
    }
}

/// What the terminal gives the app: its input, read by mgtui's own reader since before
/// the image probe, and the image support decided so far.
pub struct TerminalSession {
    pub input: crate::terminal_input::reader::InputReader,
    pub images: ImageSupport,
    /// The probe, while a late answer may still upgrade `images`.
    pub probe: Option<crate::thumbs::probe::Probe>,
}

impl TerminalSession {
    /// Put the terminal in raw mode (so answers are not echoed), start reading stdin
    /// and decide the image protocol: at once for a forced mode, else by asking the
    /// terminal and waiting at most `wait` before the first frame.
    pub async fn start(
        mode: crate::thumbs::probe::ImagesMode,
        wait: Duration,
    ) -> Result<TerminalSession, String> {
        use crate::thumbs::probe::{self, Probe};
        use std::io::IsTerminal;
        use std::os::fd::AsRawFd;
        let stdin = std::io::stdin();
        let is_tty = stdin.is_terminal() && std::io::stdout().is_terminal();
        if is_tty {
            crossterm::terminal::enable_raw_mode()
                .map_err(|e| format!("cannot set up the terminal: {e}"))?;
        }
        let mut input = crate::terminal_input::reader::InputReader::start(stdin.as_raw_fd())
            .map_err(|e| format!("cannot read the terminal: {e}"))?;
        if let Some(images) = probe::decide_without_query(mode) {
            return Ok(TerminalSession {
                input,
                images,
                probe: None,
            });
        }
        if !is_tty {
            return Ok(TerminalSession {
                input,
                images: ImageSupport::halfblocks("not a terminal"),
                probe: None,
            });
        }
        match Probe::ask(&mut input, wait).await {
            Ok(p) => Ok(TerminalSession {
                input,
                images: p.support(),
                probe: Some(p),
            }),
            Err(e) => Ok(TerminalSession {
                input,
                images: ImageSupport::halfblocks(format!("the query could not be sent: {e}")),
                probe: None,
            }),
        }
    }

    /// Stop reading and leave raw mode.
    pub fn finish(mut self) {
        self.input.stop();
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Run the full-screen browser until the user quits or a signal arrives; answers the
/// profile the user switched to, if any.
pub async fn run_with(
    client: ApiClient,
    session: &mut TerminalSession,
    opts: RunOptions,
) -> Result<Option<String>, String> {
    let images = session.images.clone();
    terminal::install_panic_hook();
    let org = client.organization_id();
    let base_url = client.base_url().to_string();
    let mut term =
        terminal::enter_with(opts.mouse).map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let (req_tx, msg_rx) = crate::worker::spawn_with(client, opts.parallel_transfers);
    let mut app = App::new(org);
    app.session.read_only = opts.read_only;
    app.session.web_base = crate::clipboard::web_base(&base_url, opts.web_url.as_deref());
    app.input.mouse.enabled = opts.mouse;
    app.grid.tile_size = opts.tile_size;
    app.session.account = opts.account.clone();
    app.input.keymap = opts.keymap.clone();
    app.screen.theme = opts.theme;
    app.transfers.dir = opts.download_dir.clone();
    if app.browse.page_size != opts.page_size {
        app.browse.page_size = opts.page_size;
        app.start_search();
    }
    tracing::info!("images: {}", images.describe());
    let disk_bytes = opts.thumb_disk_bytes;
    // Opened even with images off: a late answer from the terminal may turn them on.
    let disk = DiskCache::open(crate::paths::cache_dir().join("thumbs"), disk_bytes)
        .map_err(|e| tracing::warn!("thumbnail disk cache unavailable: {e}"))
        .ok()
        .map(std::sync::Arc::new);
    match &opts.notice {
        Some(n) => app.flash(n.clone(), true),
        None => app.flash(format!("Images: {}", images.describe()), false),
    }
    app.set_images(images, disk);
    if let Some(p) = session.probe.clone() {
        app.set_image_probe(p);
    }
    if let Ok(size) = term.size() {
        app.screen.size = (size.width, size.height);
    }
    let me = crate::editor::drafts::DraftOwner::this_process();
    app.set_draft_owner(me.clone());
    let drafts_at_start = match crate::editor::DraftStore::default_location().load() {
        Ok(drafts) => drafts,
        Err(e) => {
            app.flash(format!("Drafts: {e}"), true);
            Vec::new()
        }
    };
    // Another running instance's drafts are its own: not offered, only warned about.
    let live = live_other_drafts(&drafts_at_start, &me);
    let offered: Vec<_> = drafts_at_start
        .iter()
        .filter(|d| !live.contains(&d.asset_id))
        .cloned()
        .collect();
    app.offer_drafts(offered.clone());
    app.on_disk_drafts(drafts_at_start, &live);
    let history_path = crate::paths::state_dir().join("search_history");
    app.browse.search_history = crate::search::history::History::load(&history_path);
    let state_dir = crate::paths::state_dir();
    let scope = crate::transfers::journal::scope(&base_url, org);
    let (downloads_journal, uploads_journal, judgements_journal, comments_journal) = {
        use crate::transfers::journal::{Kind, take_left};
        let (downloads, unfinished) = take_left(&state_dir, Kind::Downloads, &scope);
        app.resume_downloads(unfinished);
        let (uploads, unfinished) = take_left(&state_dir, Kind::Uploads, &scope);
        app.offer_unfinished_uploads(unfinished);
        let (judgements, unsaved) = take_left(&state_dir, Kind::Judgements, &scope);
        app.offer_unsaved_judgements(unsaved);
        let (comments, drafts) = take_left(&state_dir, Kind::CommentDrafts, &scope);
        app.keep_comment_drafts(drafts);
        (downloads, uploads, judgements, comments)
    };
    let journal = crate::bulk::journal::default_location();
    app.bulk
        .monitor
        .described
        .extend(crate::bulk::journal::load(&journal));
    let drafts = DraftWriter::seeded(offered, me.clone());
    let watcher = spawn_draft_watcher(crate::editor::DraftStore::default_location(), me);
    let result = event_loop_with(
        &mut term,
        &mut app,
        &mut session.input,
        req_tx,
        msg_rx,
        StateFiles {
            drafts,
            disk_drafts: Some(watcher),
            journal: Some(journal),
            downloads_journal: Some(downloads_journal),
            uploads_journal: Some(uploads_journal),
            judgements_journal: Some(judgements_journal),
            comments_journal: Some(comments_journal),
            terminal: Some(write_to_terminal),
            written: Some(terminal::bytes_written),
        },
    )
    .await;
    terminal::restore();
    // What the terminal answered during this run stays known for the next profile.
    session.images = app.images.support.clone();
    session.probe = app.take_image_probe();
    if let Err(e) = app.browse.search_history.save(&history_path) {
        tracing::warn!("search history not saved: {e}");
    }
    result.map(|()| app.session.account.switch_to.take())
}

/// The loop itself, generic over the terminal backend and the event source so tests
/// can run it with a `TestBackend` and synthetic events (plain crossterm events, or
/// [`crate::terminal_input::Input`] with terminal answers and paced keys).
pub async fn event_loop<B, S, T>(
    term: &mut Terminal<B>,
    app: &mut App,
    events: S,
    req_tx: mpsc::UnboundedSender<Request>,
    msg_rx: mpsc::UnboundedReceiver<Msg>,
) -> Result<(), String>
where
    B: Backend,
    B::Error: std::fmt::Display,
    S: Stream<Item = std::io::Result<T>> + Unpin,
    T: Into<crate::terminal_input::Input>,
{
    event_loop_with(term, app, events, req_tx, msg_rx, StateFiles::default()).await
}

/// What the loop keeps on disk for a real session (tests run without).
#[derive(Default)]
struct StateFiles {
    drafts: DraftWriter,
    /// Drafts other instances wrote.
    disk_drafts: Option<mpsc::UnboundedReceiver<DiskDrafts>>,
    /// The bulk job journal.
    journal: Option<std::path::PathBuf>,
    /// This instance's unfinished downloads.
    downloads_journal: Option<std::path::PathBuf>,
    /// This instance's unfinished uploads.
    uploads_journal: Option<std::path::PathBuf>,
    judgements_journal: Option<std::path::PathBuf>,
    /// Comments written and not sent.
    comments_journal: Option<std::path::PathBuf>,
    /// Where sequences outside frames go, OSC 52 and kitty deletions (the terminal;
    /// tests run without).
    terminal: Option<WriteRaw>,
    /// Bytes written to the terminal so far (frames are timed against it).
    written: Option<fn() -> u64>,
}

/// Writes bytes to the terminal as they are.
type WriteRaw = fn(&[u8]) -> std::io::Result<()>;

/// Straight to the terminal, after the frame ratatui flushed.
fn write_to_terminal(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

async fn event_loop_with<B, S, T>(
    term: &mut Terminal<B>,
    app: &mut App,
    mut events: S,
    req_tx: mpsc::UnboundedSender<Request>,
    mut msg_rx: mpsc::UnboundedReceiver<Msg>,
    files: StateFiles,
) -> Result<(), String>
where
    B: Backend,
    B::Error: std::fmt::Display,
    S: Stream<Item = std::io::Result<T>> + Unpin,
    T: Into<crate::terminal_input::Input>,
{
    let StateFiles {
        mut drafts,
        mut disk_drafts,
        journal,
        downloads_journal,
        uploads_journal,
        judgements_journal,
        comments_journal,
        terminal,
        written,
    } = files;
    let (report_tx, mut reports) = mpsc::unbounded_channel::<FileReport>();
    drafts.reports = Some(report_tx.clone());
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut signals = Signals::new();
    let mut last_draw = Instant::now() - FRAME;
    // The last frame drawn, kept while the terminal may be asked to scroll it.
    let mut last_frame: Option<ratatui::buffer::Buffer> = None;
    // MGTUI_SCROLL_REGIONS=off: for a sixel or iTerm2 terminal that does not move its
    // pictures when a region of rows scrolls (every picture is then sent again instead).
    let scroll_regions = std::env::var("MGTUI_SCROLL_REGIONS").map_or(true, |v| v != "off");
    loop {
        send_outbox(app, &req_tx)?;
        for effect in app.take_effects() {
            match effect {
                Effect::WriteDrafts(d) => drafts.send(d),
                Effect::SaveSetting(key, value, what) => {
                    save_setting(key, value, what, report_tx.clone())
                }
                Effect::WriteDownloadJournal(jobs) => {
                    if let Some(path) = downloads_journal.clone() {
                        write_transfer_journal(path, jobs, false, report_tx.clone());
                    }
                }
                Effect::WriteUploadJournal(batches) => {
                    if let Some(path) = uploads_journal.clone() {
                        write_transfer_journal(path, batches, true, report_tx.clone());
                    }
                }
                Effect::WriteJudgementJournal(unsaved) => {
                    if let Some(path) = judgements_journal.clone() {
                        write_journal(path, unsaved, report_tx.clone(), |error| {
                            FileReport::JudgementJournalNotWritten(error)
                        });
                    }
                }
                Effect::WriteCommentDrafts(drafts) => {
                    if let Some(path) = comments_journal.clone() {
                        write_journal(path, drafts, report_tx.clone(), |error| {
                            FileReport::CommentDraftsNotWritten(error)
                        });
                    }
                }
                Effect::Clipboard(seq) => {
                    if let Some(write) = terminal
                        && let Err(e) = write(&seq)
                    {
                        tracing::warn!("clipboard sequence not written: {e}");
                    }
                }
                Effect::ForgetImages(seq) => {
                    if let Some(write) = terminal
                        && let Err(e) = write(&seq)
                    {
                        tracing::warn!("kitty deletions not written: {e}");
                    }
                }
                Effect::RecordJob(guid, described) => {
                    if let Some(path) = journal.clone() {
                        let report = report_tx.clone();
                        // Off the loop: a file write under a lock.
                        tokio::task::spawn_blocking(move || {
                            if let Err(e) = crate::bulk::journal::record(&path, &guid, &described) {
                                tracing::warn!("bulk job journal not written: {e}");
                                let why = format!("{}: {e}", path.display());
                                let _ = report.send(FileReport::JournalNotWritten(why));
                            }
                        });
                    }
                }
            }
        }
        if app.screen.should_quit {
            drafts.finish().await;
            return Ok(());
        }
        if app.screen.dirty && last_draw.elapsed() >= FRAME {
            if app.screen.full_redraw {
                app.screen.full_redraw = false;
                last_frame = None;
                // Clear the screen and forget what ratatui thinks is on it (a resize to
                // the same area does both). Not `Terminal::clear()`: that asks the
                // terminal for the cursor position and fails when the answer is late.
                let area = term.size().map(ratatui::layout::Rect::from);
                if let Err(e) = area.and_then(|a| term.resize(a)) {
                    tracing::warn!("full redraw: {e}");
                }
            }
            // Tiles moving by whole rows: the terminal scrolls them, pictures and all,
            // and ratatui diffs against the screen as moved (only new rows are sent).
            if let Some(write) = terminal.filter(|_| scroll_regions)
                && let Some(prev) = last_frame.as_mut()
                && let Ok(size) = term.size()
                && let Some(scroll) = app.row_scroll(ratatui::layout::Rect::from(size))
                && prev.area == ratatui::layout::Rect::from(size)
                && write(&scroll.sequence()).is_ok()
            {
                scroll.shift(prev);
                *term.current_buffer_mut() = std::mem::take(prev);
                term.swap_buffers();
            }
            let before = written.map(|w| (w(), Instant::now()));
            let done = term
                .draw(|f| crate::ui::draw(f, app))
                .map_err(|e| format!("drawing failed: {e}"))?;
            last_frame = (scroll_regions && app.keeps_frames()).then(|| done.buffer.clone());
            if let (Some(w), Some((bytes, at))) = (written, before)
                && app.images.probe.is_none()
                && app.screen.link.frame_written(w() - bytes, at)
                && let Some(write) = terminal
            {
                // Device Attributes: answered once the terminal has the whole frame.
                let _ = write(b"\x1b[c");
            }
            app.after_draw();
            app.screen.dirty = false;
            last_draw = Instant::now();
            // The thumbnails the frame showed to be missing leave now, not when the
            // next key, answer or tick wakes the loop.
            send_outbox(app, &req_tx)?;
        }
        let frame_due = tokio::time::Instant::from_std(last_draw + FRAME);
        let timer = app.next_deadline();
        let timer_due = tokio::time::Instant::from_std(timer.unwrap_or_else(Instant::now));
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => app.on_input(ev.into()),
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
            Some(d) = recv_some(&mut disk_drafts) => app.on_disk_drafts(d.all, &d.live_others),
            Some(report) = reports.recv() => app.on_file_report(report),
            _ = tokio::time::sleep_until(timer_due), if timer.is_some() => {
                app.on_tick(Instant::now())
            }
            _ = tokio::time::sleep_until(frame_due), if app.screen.dirty => {}
            _ = signals.recv() => {
                tracing::info!("signal received, restoring the terminal");
                app.images.forget_all_kitty();
                if let Some(write) = terminal {
                    let _ = write(&std::mem::take(&mut app.images.kitty_forget));
                }
                drafts.finish().await;
                return Ok(());
            }
        }
    }
}

/// Hand the requests the app queued to the API task.
fn send_outbox(app: &mut App, req_tx: &mpsc::UnboundedSender<Request>) -> Result<(), String> {
    for req in app.take_outbox() {
        req_tx
            .send(req)
            .map_err(|_| "the API task stopped".to_string())?;
    }
    Ok(())
}

/// A file write off the loop where only the latest matters: quick changes start several
/// writes, and each runs the latest `write` given for its `key`, one write at a time, so
/// a file never ends on an older version.
fn write_latest(key: String, write: Box<dyn FnOnce() + Send>) {
    use std::collections::BTreeMap;
    use std::sync::Mutex;
    type Pending = BTreeMap<String, Box<dyn FnOnce() + Send>>;
    static PENDING: Mutex<Pending> = Mutex::new(BTreeMap::new());
    static WRITING: Mutex<()> = Mutex::new(());
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key.clone(), write);
    tokio::task::spawn_blocking(move || {
        let _one_at_a_time = WRITING.lock().unwrap_or_else(|e| e.into_inner());
        let latest = PENDING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
        // None: an earlier task already wrote the latest.
        if let Some(write) = latest {
            write();
        }
    });
}

/// The unfinished downloads or `uploads`, in this instance's journal.
fn write_transfer_journal<T: serde::Serialize + Send + 'static>(
    path: std::path::PathBuf,
    jobs: Vec<T>,
    uploads: bool,
    report: mpsc::UnboundedSender<FileReport>,
) {
    write_journal(path, jobs, report, move |error| {
        FileReport::TransferJournalNotWritten { uploads, error }
    });
}

/// Write one of this instance's journals off the loop (the latest wins); a failure is
/// reported as `failed` says.
fn write_journal<T: serde::Serialize + Send + 'static>(
    path: std::path::PathBuf,
    entries: Vec<T>,
    report: mpsc::UnboundedSender<FileReport>,
    failed: impl FnOnce(String) -> FileReport + Send + 'static,
) {
    let key = path.display().to_string();
    write_latest(
        key,
        Box::new(move || {
            if let Err(e) = crate::transfers::journal::write(&path, &entries) {
                tracing::warn!("{}: {e}", path.display());
                let _ = report.send(failed(format!("{}: {e}", path.display())));
            }
        }),
    );
}

/// Settings changed in the app (`+`/`-` tile size, `:download-dir`) are remembered in
/// config.toml for the next start.
fn save_setting(
    key: &'static str,
    value: String,
    what: &'static str,
    report: mpsc::UnboundedSender<FileReport>,
) {
    write_latest(
        format!("config.toml {key}"),
        Box::new(move || {
            let path = crate::config::config_path(&crate::paths::config_dir());
            if let Err(e) = crate::config::file::set_top_value(&path, key, &value) {
                tracing::warn!("{key} not saved: {e}");
                let _ = report.send(FileReport::SettingNotSaved {
                    what: what.into(),
                    error: format!("{}: {e}", path.display()),
                });
            }
        }),
    );
}

async fn recv_some<T>(rx: &mut Option<mpsc::UnboundedReceiver<T>>) -> Option<T> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// The drafts file as another instance left it.
struct DiskDrafts {
    all: Vec<crate::editor::Draft>,
    /// Assets whose drafts belong to other mgtui instances that are running.
    live_others: std::collections::BTreeSet<i64>,
}

fn live_other_drafts(
    drafts: &[crate::editor::Draft],
    me: &crate::editor::drafts::DraftOwner,
) -> std::collections::BTreeSet<i64> {
    drafts
        .iter()
        .filter(|d| d.owner.as_ref().is_some_and(|o| o != me && o.is_running()))
        .map(|d| d.asset_id)
        .collect()
}

/// Re-read the drafts file whenever it changes (checked once a second), so this
/// instance learns what the others wrote.
fn spawn_draft_watcher(
    store: crate::editor::DraftStore,
    me: crate::editor::drafts::DraftOwner,
) -> mpsc::UnboundedReceiver<DiskDrafts> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let stamp = |p: &std::path::Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (m.modified().ok(), m.len()))
        };
        let mut last = stamp(store.path());
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            let now = stamp(store.path());
            if now == last {
                continue;
            }
            last = now;
            let (store, me) = (store.clone(), me.clone());
            let read = tokio::task::spawn_blocking(move || {
                let all = store.load().unwrap_or_default();
                let live_others = live_other_drafts(&all, &me);
                DiskDrafts { all, live_others }
            })
            .await;
            match read {
                Ok(d) => {
                    if tx.send(d).is_err() {
                        return;
                    }
                }
                Err(e) => tracing::warn!("drafts watcher: {e}"),
            }
        }
    });
    rx
}

/// Writes the drafts file off the loop, started on first use.
#[derive(Default)]
struct DraftWriter {
    /// The drafts offered at start (so offering them is no change).
    at_start: Vec<crate::editor::Draft>,
    me: Option<crate::editor::drafts::DraftOwner>,
    writer: Option<(
        mpsc::UnboundedSender<Vec<crate::editor::Draft>>,
        tokio::task::JoinHandle<()>,
    )>,
    /// Where the writer says how each write went.
    reports: Option<mpsc::UnboundedSender<FileReport>>,
}

impl DraftWriter {
    fn seeded(
        at_start: Vec<crate::editor::Draft>,
        me: crate::editor::drafts::DraftOwner,
    ) -> DraftWriter {
        DraftWriter {
            at_start,
            me: Some(me),
            writer: None,
            reports: None,
        }
    }

    fn send(&mut self, drafts: Vec<crate::editor::Draft>) {
        let at_start = &mut self.at_start;
        let me = &self.me;
        let reports = self.reports.clone();
        let (tx, _) = self.writer.get_or_insert_with(|| {
            let store = crate::editor::DraftStore::default_location();
            let path = store.path().display().to_string();
            crate::editor::drafts::spawn_writer(
                store,
                std::mem::take(at_start),
                me.clone(),
                move |result| {
                    let report = match result {
                        Ok(()) => FileReport::DraftsWritten,
                        Err(e) => FileReport::DraftsNotWritten {
                            path: path.clone(),
                            error: e.to_string(),
                        },
                    };
                    if let Some(r) = &reports {
                        let _ = r.send(report);
                    }
                },
            )
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

/// SIGTERM, SIGHUP (a dropped SSH session), SIGINT and SIGQUIT (sent from outside: in
/// raw mode Ctrl-C and Ctrl-\ are keys) end the loop like `q`, and the terminal is
/// restored.
struct Signals {
    #[cfg(unix)]
    streams: Vec<tokio::signal::unix::Signal>,
}

impl Signals {
    fn new() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let kinds = [
                SignalKind::terminate(),
                SignalKind::hangup(),
                SignalKind::interrupt(),
                SignalKind::quit(),
            ];
            Signals {
                streams: kinds.into_iter().filter_map(|k| signal(k).ok()).collect(),
            }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        {
            if self.streams.is_empty() {
                return std::future::pending::<()>().await;
            }
            let waits = self.streams.iter_mut().map(|s| Box::pin(s.recv()));
            let _ = futures::future::select_all(waits).await;
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}
