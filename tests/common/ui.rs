//! Drive the real app state machine against the embedded server, drawing to a
//! `TestBackend`.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::future::join_all;
use mgtui::api::ApiClient;
use mgtui::app::App;
use mgtui::app::msg::Msg;
use mgtui::demo::{DemoOptions, DemoServer};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub struct Harness {
    pub app: App,
    pub server: DemoServer,
    pub client: ApiClient,
    pub term: Terminal<TestBackend>,
}

impl Harness {
    pub async fn new(width: u16, height: u16) -> Harness {
        Harness::with(DemoOptions::default(), width, height).await
    }

    pub async fn with(opts: DemoOptions, width: u16, height: u16) -> Harness {
        let (server, client) = super::start_with(opts).await;
        let mut app = App::new(Some(server.organization_id()));
        app.size = (width, height);
        let term = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        let mut h = Harness {
            app,
            server,
            client,
            term,
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
        self.app.thumb_debounce = std::time::Duration::ZERO;
    }

    /// Run every queued request against the server and apply the answers, until the app
    /// asks for nothing more. Draws in between, as the real loop does, so the grid knows
    /// its layout.
    pub async fn settle(&mut self) {
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
