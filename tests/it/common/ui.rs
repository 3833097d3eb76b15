//! Drive the real app state machine against the embedded server, drawing to a
//! `TestBackend`.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::future::join_all;
use mgtui::api::ApiClient;
use mgtui::app::App;
use mgtui::demo::{DemoOptions, DemoServer};
use mgtui::protocol::{Msg, Request};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

pub struct Harness {
    pub app: App,
    pub server: DemoServer,
    pub client: ApiClient,
    pub term: Terminal<TestBackend>,
    /// The real API task (with its job poller), once [`Harness::go_live`] was called.
    pub live: Option<(mpsc::UnboundedSender<Request>, mpsc::UnboundedReceiver<Msg>)>,
}

impl Harness {
    /// Query strings of the grid's searches the server received, oldest first, with
    /// `[]` unescaped (`tags[]=x`). The one-asset searches that fetch an any-of facet's
    /// own counts are not among them.
    pub fn search_queries(&self) -> Vec<String> {
        self.server
            .request_log()
            .into_iter()
            .filter(|r| r.path == "/api/assets/search")
            .map(|r| r.query.replace("%5B%5D", "[]"))
            .filter(|q| !is_facet_count(q))
            .collect()
    }

    pub async fn new(width: u16, height: u16) -> Harness {
        Harness::with(DemoOptions::default(), width, height).await
    }

    pub async fn with(opts: DemoOptions, width: u16, height: u16) -> Harness {
        let (server, client) = super::start_with(opts).await;
        let mut app = App::new(Some(server.organization_id()));
        app.screen.size = (width, height);
        let term = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        let mut h = Harness {
            app,
            server,
            client,
            term,
            live: None,
        };
        h.settle().await;
        h
    }

    /// A harness whose grid shows half-block thumbnails (deterministic), with a disk
    /// cache in a temporary directory and no debounce.
    pub async fn with_images(
        opts: DemoOptions,
        width: u16,
        height: u16,
    ) -> (Harness, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::with(opts, width, height).await;
        h.enable_images(dir.path());
        h.settle().await;
        (h, dir)
    }

    /// Turn on half-block thumbnails with a disk cache under `cache_dir`.
    pub fn enable_images(&mut self, cache_dir: &std::path::Path) {
        let disk = mgtui::thumbs::disk::DiskCache::open(cache_dir.join("thumbs"), 64 << 20)
            .expect("disk cache");
        self.app.set_images(
            mgtui::thumbs::probe::ImageSupport::halfblocks("tests"),
            Some(std::sync::Arc::new(disk)),
        );
        self.app.images.debounce = std::time::Duration::ZERO;
    }

    /// Draw images as sixel (a 10×20 font), with a disk cache under `cache_dir`.
    pub fn use_sixel(&mut self, cache_dir: &std::path::Path) {
        let mut picker = ratatui_image::picker::Picker::halfblocks();
        picker.set_protocol_type(ratatui_image::picker::ProtocolType::Sixel);
        let disk = mgtui::thumbs::disk::DiskCache::open(cache_dir.join("s"), 64 << 20)
            .expect("disk cache");
        self.app.set_images(
            mgtui::thumbs::probe::ImageSupport {
                picker: Some(picker),
                reason: "test".into(),
                kitty_png: false,
            },
            Some(std::sync::Arc::new(disk)),
        );
    }

    /// Draw, then the length of every cell's text that carries a sixel picture.
    pub fn sixel_cells(&mut self) -> Vec<usize> {
        self.draw();
        self.term
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.symbol().contains("\u{1b}P"))
            .map(|c| c.symbol().len())
            .collect()
    }

    /// From now on requests go through the real API task (`worker::spawn`), so the job
    /// poller runs as in the app and answers arrive unasked.
    pub fn go_live(&mut self) {
        self.live = Some(mgtui::worker::spawn(self.client.clone()));
    }

    fn send_outbox(&mut self) {
        let reqs = self.app.take_outbox();
        if let Some((tx, _)) = &self.live {
            for r in reqs {
                tx.send(r).expect("the API task runs");
            }
        } else {
            assert!(reqs.is_empty(), "not live");
        }
    }

    /// Live mode: hand queued requests to the API task and apply whatever arrives within
    /// `wait`.
    pub async fn pump(&mut self, wait: std::time::Duration) {
        self.draw();
        self.send_outbox();
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let rx = &mut self.live.as_mut().expect("live").1;
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(m)) => {
                    self.app.on_msg(m);
                    self.draw();
                    self.send_outbox();
                }
                Ok(None) => panic!("the API task stopped"),
                Err(_) => break,
            }
        }
        self.app.on_tick(std::time::Instant::now());
    }

    /// Live mode: pump until `cond` holds; panics with the screen after `secs`.
    pub async fn wait_for(
        &mut self,
        what: &str,
        secs: u64,
        mut cond: impl FnMut(&mut Harness) -> bool,
    ) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            if cond(self) {
                return;
            }
            if std::time::Instant::now() > deadline {
                let screen = self.screen();
                panic!("timed out waiting for {what}\n{screen}");
            }
            self.pump(std::time::Duration::from_millis(40)).await;
        }
    }

    async fn settle_live(&mut self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            self.draw();
            self.send_outbox();
            if self.app.in_flight() == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "requests never answered"
            );
            self.pump(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Run every queued request against the server and apply the answers, until the app
    /// asks for nothing more. Draws in between, as the real loop does, so the grid knows
    /// its layout.
    pub async fn settle(&mut self) {
        if self.live.is_some() {
            self.settle_live().await;
            return;
        }
        for _ in 0..200 {
            self.draw();
            let reqs = self.app.take_outbox();
            if reqs.is_empty() {
                return;
            }
            let client = self.client.clone();
            let msgs: Vec<Msg> = join_all(reqs.into_iter().map(|r| {
                let client = client.clone();
                async move {
                    Msg {
                        id: r.id,
                        kind: mgtui::worker::perform(&client, r.kind).await,
                    }
                }
            }))
            .await;
            for m in msgs {
                self.app.on_msg(m);
            }
        }
        panic!("the app kept asking for more");
    }

    /// Put the tree cursor on item `idx` (which must be visible) and focus the tree.
    pub fn tree_cursor_on(&mut self, idx: usize) {
        self.app.focus = mgtui::app::state::Focus::Tree;
        self.app.tree.cursor = self
            .app
            .tree
            .visible()
            .iter()
            .position(|&i| i == idx)
            .expect("the item is visible in the tree");
    }

    pub fn press(&mut self, code: KeyCode) {
        self.app
            .on_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.app.on_event(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    /// Type plain characters, one key event each.
    pub fn type_str(&mut self, s: &str) {
        for c in s.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    pub async fn keys(&mut self, codes: &[KeyCode]) {
        for c in codes {
            self.press(*c);
            self.settle().await;
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.term.backend_mut().resize(width, height);
        self.app.on_event(Event::Resize(width, height));
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.term.draw(|f| mgtui::ui::draw(f, app)).expect("draw");
        self.app.after_draw();
    }

    /// The screen as text, one line per row.
    /// The status bar's message, if any.
    pub fn flash(&self) -> String {
        self.app
            .screen
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    pub fn screen(&mut self) -> String {
        self.draw();
        let buf = self.term.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            for x in 0..buf.area.width {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// A search for one asset with totals: what mgtui sends for an any-of facet's counts.
fn is_facet_count(query: &str) -> bool {
    query.split('&').any(|kv| kv == "per_page=1") && query.contains("include_totals=true")
}

impl Harness {
    /// "METHOD path" of every request the server got that was not a GET, oldest first.
    pub fn writes(&self) -> Vec<String> {
        self.server
            .request_log()
            .into_iter()
            .filter(|r| r.method != "GET")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// Focus the tree with its cursor on `kind`'s root, opened; the root's index.
    pub async fn open_root(&mut self, kind: mgtui::api::models::GroupKind) -> usize {
        let root = mgtui::api::models::GroupKind::ALL
            .iter()
            .position(|k| *k == kind)
            .expect("a root per kind");
        self.tree_cursor_on(root);
        if !self.app.tree.items[root].expanded {
            self.keys(&[KeyCode::Right]).await;
        }
        root
    }

    /// Focus the tree and put its cursor on the visible node labelled `name`; its index.
    pub fn tree_cursor_on_label(&mut self, name: &str) -> usize {
        let t = &self.app.tree;
        let (pos, idx) = t
            .visible()
            .into_iter()
            .enumerate()
            .find(|(_, i)| t.items[*i].label == name)
            .unwrap_or_else(|| panic!("{name} is not in the tree"));
        self.app.focus = mgtui::app::state::Focus::Tree;
        self.app.tree.cursor = pos;
        idx
    }

    /// The group `name` right under `kind`'s root (opening the root), the cursor on it.
    pub async fn tree_cursor_on_group(
        &mut self,
        kind: mgtui::api::models::GroupKind,
        name: &str,
    ) -> usize {
        self.open_root(kind).await;
        self.tree_cursor_on_label(name)
    }
}
