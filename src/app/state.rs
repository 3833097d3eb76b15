//! The state root. It owns every pane, turns key events into actions and requests, and
//! applies answers from the API task. It does no I/O: requests wait in `outbox` for the
//! event loop (or a test) to hand them to the API task.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use tui_input::Input;

use crate::keymap::{self, Action, Layer};
use crate::protocol::{Msg, MsgKind, Request, RequestId, RequestKind};
use std::collections::HashSet;
use std::sync::Arc;

use crate::api::models::{
    Asset, CustomMetaField, RightsPackage, SearchQuery, SearchScope, SortField, SortOrder, User,
};
use crate::panes::grid::{GridPane, GridView};
use crate::panes::tree::TreePane;
use crate::text::safe;
use crate::thumbs::cache::{ThumbCache, ThumbState};
use crate::thumbs::disk::DiskCache;
use crate::thumbs::probe::ImageSupport;
use crate::thumbs::{ThumbJob, ThumbKey, ThumbOutcome, choose_rendition};

mod bulk;
mod editing;
pub(crate) use editing::SUSPECT_CONFIRM;
mod facets;
mod reveal;
mod saved;
mod sorting;

/// Assets per search page.
pub const PAGE_SIZE: u32 = crate::panes::results::PER_PAGE;
/// Memory for encoded thumbnails and previews.
pub const THUMB_MEMORY_BYTES: usize = 64 * 1024 * 1024;
/// How long a status message stays.
const FLASH_FOR: Duration = Duration::from_secs(6);
/// The `/` line searches as you type, once typing pauses this long.
pub const LIVE_SEARCH_DELAY: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Grid,
    Details,
    /// The job monitor (in the right pane instead of the details).
    Jobs,
    /// The facet panel (`f`, in the right pane instead of the details).
    Facets,
}

impl Focus {
    pub fn layer(self) -> Layer {
        match self {
            Focus::Tree => Layer::Tree,
            Focus::Grid => Layer::Grid,
            Focus::Details => Layer::Details,
            Focus::Jobs => Layer::Jobs,
            Focus::Facets => Layer::Facets,
        }
    }

    fn next(self) -> Focus {
        match self {
            Focus::Tree => Focus::Grid,
            Focus::Grid => Focus::Details,
            Focus::Details | Focus::Jobs | Focus::Facets => Focus::Tree,
        }
    }

    fn prev(self) -> Focus {
        match self {
            Focus::Tree => Focus::Details,
            Focus::Grid => Focus::Tree,
            Focus::Details | Focus::Jobs | Focus::Facets => Focus::Grid,
        }
    }
}

/// Full-screen layers drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    AssetDetails {
        scroll: u16,
    },
    /// A large preview of the selected asset.
    Preview,
    /// The organisation (profile) switcher.
    Profiles {
        cursor: usize,
    },
    /// The sort menu (`s`): an index into `sort_choices(scope)`.
    SortMenu {
        cursor: usize,
    },
}

/// The `/` query line. It searches as you type (debounced); Esc puts back the search
/// the grid showed before the line opened.
#[derive(Debug, Clone)]
pub struct SearchLine {
    pub input: Input,
    /// Search inside the current group (true) or the whole library.
    pub in_group: bool,
    /// When the typed text is searched, if typing stays paused until then.
    pub due: Option<Instant>,
    /// The text and scope last searched from this line.
    pub ran: Option<(String, bool)>,
    /// Why the typed text cannot be searched yet.
    pub error: Option<String>,
    /// The grid's search before the line searched anything (restored by Esc).
    before: Option<Box<PriorSearch>>,
}

#[derive(Debug, Clone)]
struct PriorSearch {
    text: Option<String>,
    filters: crate::search::query::ParsedQuery,
    query: SearchQuery,
    selected: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Flash {
    pub text: String,
    pub error: bool,
    pub at: Instant,
}

/// Which view a request feeds; the latest request per exclusive slot wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Slot {
    Whoami,
    Organization,
    Fields,
    Tree(usize),
    /// Search page of one search generation.
    SearchPage {
        generation: u64,
    },
    /// An any-of facet's counts for one search generation.
    FacetCounts {
        generation: u64,
    },
    Details,
    Rating,
    Thumb,
    EditorLoad,
    EditorSave,
    TagSuggest,
    RightsPackages,
    /// Bulk jobs (the bulk module drops stale answers by request id).
    Jobs,
    /// Creating, renaming, deleting saved searches.
    SavedSearchEdit,
    /// `:folder NAME` looking the name up on the server.
    FindGroups,
}

impl Slot {
    fn exclusive(self) -> bool {
        matches!(
            self,
            Slot::Details
                | Slot::FindGroups
                | Slot::Whoami
                | Slot::Organization
                | Slot::Fields
                | Slot::EditorLoad
                | Slot::EditorSave
                | Slot::TagSuggest
                | Slot::RightsPackages
        )
    }

    fn is_editor(self) -> bool {
        matches!(
            self,
            Slot::EditorLoad | Slot::EditorSave | Slot::TagSuggest | Slot::RightsPackages
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Unknown,
    Ok,
    Failing(String),
}

pub struct App {
    pub focus: Focus,
    pub overlay: Overlay,
    pub tree: TreePane,
    pub grid: GridPane,
    pub details_scroll: u16,
    /// Largest useful scroll of the details pane and of an overlay, as last drawn.
    pub details_max_scroll: std::cell::Cell<u16>,
    pub overlay_max_scroll: std::cell::Cell<u16>,
    /// Full details of the selected asset, when fetched.
    pub details: Option<crate::api::models::Asset>,
    pub search: Option<SearchLine>,
    /// The query the grid shows.
    pub query: SearchQuery,
    /// What the user typed for it (shown in the status bar, offered again by `/`).
    pub query_text: Option<String>,
    /// The text query and filters of `query_text`, parsed (chips, facet ticks).
    pub filters: crate::search::query::ParsedQuery,
    /// Facets of the current result (from page 1) and the panel that shows them.
    pub facets: Vec<crate::api::models::Facet>,
    /// The facets are from an earlier search; the current one has not answered yet.
    pub facets_stale: bool,
    pub facet_panel: crate::search::facets::FacetPanel,
    /// Counts of the any-of facets with ticked values, each from the search without
    /// its own values; they replace the search's own counts of those facets.
    facet_counts: Vec<crate::api::models::Facet>,
    /// The `:` command line while it is open.
    pub command: Option<Input>,
    /// Earlier `/` queries for Up/Down (loaded and saved by the event loop).
    pub search_history: crate::search::history::History,
    pub user: Option<User>,
    pub org_name: Option<String>,
    /// Custom meta field id → name, for the details view.
    pub field_names: HashMap<i64, String>,
    pub flash: Option<Flash>,
    pub connection: Connection,
    pub should_quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
    /// Ask the terminal to clear and repaint everything.
    pub full_redraw: bool,
    pub read_only: bool,
    pub size: (u16, u16),
    /// The metadata editor, when open (drawn in the right pane).
    pub editor: Option<crate::editor::Editor>,
    /// A confirm dialog over everything; it gets keys first.
    pub confirm: Option<crate::panes::confirm::Confirm>,
    /// The organisation's custom meta fields and rights packages (for the editor).
    pub meta_fields: Vec<CustomMetaField>,
    pub rights_packages: Vec<RightsPackage>,
    edit: editing::EditGlue,
    outbox: Vec<Request>,
    next_id: RequestId,
    pending: HashMap<RequestId, Slot>,
    latest: HashMap<Slot, RequestId>,
    search_generation: u64,
    /// Terminal image support; `picker: None` draws text tiles.
    pub images: ImageSupport,
    pub thumbs: ThumbCache,
    thumb_disk: Option<Arc<DiskCache>>,
    /// Thumbnail jobs wait this long before fetching (tiles raced past are skipped).
    pub thumb_debounce: Duration,
    /// Ratings sent and not yet answered.
    ratings_pending: usize,
    marking_all: bool,
    /// Bulk-edit dialog, job monitor, submission state (src/bulk).
    pub bulk: crate::bulk::Bulk,
    /// A `:folder NAME` path being loaded and expanded.
    reveal: Option<reveal::Reveal>,
    /// Profiles, the active one, and a switch the user asked for.
    pub account: super::account::AccountView,
    pub mouse: super::mouse::MouseState,
    /// Assets per search page (`page_size` in config.toml).
    pub page_size: u32,
    /// The user picked a sort this session; the organisation's default no longer applies.
    sort_chosen: bool,
    /// The key being handled came faster than a person types (terminal_input): an
    /// action that writes asks first.
    pub input_suspect: bool,
    /// The terminal's answers so far, while a late one may still upgrade the images.
    image_probe: Option<crate::thumbs::probe::Probe>,
    /// The sign-in check failed: when to ask again, and the wait after that.
    whoami_retry: Option<(Instant, Duration)>,
}

/// The first wait before the sign-in check is asked again; it doubles up to the cap.
const WHOAMI_RETRY_FIRST: Duration = Duration::from_secs(2);
const WHOAMI_RETRY_CAP: Duration = Duration::from_secs(60);

/// More assets than this get a confirmation before a rating is set on all of them.
pub const RATE_WITHOUT_ASKING: usize = 10;

impl App {
    /// A fresh app; the first requests (identity, tree roots, first page) are queued
    /// together so they go out at once.
    pub fn new(organization_id: Option<i64>) -> App {
        let mut app = App {
            focus: Focus::Grid,
            overlay: Overlay::None,
            tree: TreePane::default(),
            grid: GridPane::default(),
            details_scroll: 0,
            details_max_scroll: std::cell::Cell::new(u16::MAX),
            overlay_max_scroll: std::cell::Cell::new(u16::MAX),
            details: None,
            search: None,
            query: SearchQuery {
                sort: Some((SortField::CreatedAt, SortOrder::Desc)),
                ..Default::default()
            },
            query_text: None,
            filters: Default::default(),
            facets: Vec::new(),
            facets_stale: true,
            facet_counts: Vec::new(),
            facet_panel: Default::default(),
            search_history: Default::default(),
            command: None,
            user: None,
            org_name: None,
            field_names: HashMap::new(),
            flash: None,
            connection: Connection::Unknown,
            should_quit: false,
            dirty: true,
            full_redraw: false,
            read_only: false,
            size: (80, 24),
            editor: None,
            confirm: None,
            meta_fields: Vec::new(),
            rights_packages: Vec::new(),
            edit: Default::default(),
            outbox: Vec::new(),
            next_id: 1,
            pending: HashMap::new(),
            latest: HashMap::new(),
            search_generation: 0,
            images: ImageSupport::off("not configured"),
            thumbs: ThumbCache::new(THUMB_MEMORY_BYTES),
            thumb_disk: None,
            thumb_debounce: Duration::from_millis(30),
            ratings_pending: 0,
            marking_all: false,
            bulk: Default::default(),
            reveal: None,
            account: Default::default(),
            mouse: Default::default(),
            page_size: PAGE_SIZE,
            sort_chosen: false,
            input_suspect: false,
            image_probe: None,
            whoami_retry: None,
        };
        // The first page goes out first: it is what the first screen needs most.
        app.start_search();
        app.issue(Slot::Whoami, RequestKind::Whoami);
        if let Some(org) = organization_id {
            app.issue(Slot::Organization, RequestKind::Organization(org));
        }
        app.issue(Slot::Fields, RequestKind::CustomMetaFields);
        for root in 0..app.tree.items.len() {
            if let Some(req) = app.tree.expand(root) {
                app.issue(Slot::Tree(root), req);
            }
            app.tree.items[root].expanded = false;
        }
        app.wake_jobs(None);
        app
    }

    /// Turn on images: thumbnails in the grid and the `p` preview.
    pub fn set_images(&mut self, images: ImageSupport, disk: Option<Arc<DiskCache>>) {
        self.grid.images = images.picker.is_some();
        self.images = images;
        self.thumb_disk = disk;
        self.dirty = true;
    }

    /// The cache key of `asset` drawn in `cells`, if images are on.
    pub fn thumb_key(&self, asset: &Asset, cells: (u16, u16)) -> Option<ThumbKey> {
        self.images.picker.as_ref()?;
        Some(ThumbKey {
            guid: asset.guid.clone().unwrap_or_else(|| asset.id.to_string()),
            version: asset.data_version_number.unwrap_or(0),
            cells,
            protocol: self.images.protocol_name(),
        })
    }

    /// Something is drawn over the panes: an overlay, a dialog or the bulk-edit screens.
    /// Sixel and iTerm2 images under it would show through, so tiles draw placeholders.
    pub fn popup_open(&self) -> bool {
        self.overlay != Overlay::None || self.confirm.is_some() || self.bulk_modal_layer().is_some()
    }

    /// Cells of the large preview for the current terminal size.
    pub fn preview_cells(&self) -> (u16, u16) {
        let (w, h) = self.size;
        (w.saturating_sub(4).max(1), h.saturating_sub(6).max(1))
    }

    /// After a draw: ask for the thumbnails of the visible tiles, then one screen
    /// ahead, and the preview if it is open; cancel loads that scrolled out of reach.
    pub fn after_draw(&mut self) {
        let Some(picker) = self.images.picker.clone() else {
            return;
        };
        let font_w = picker.font_size().width.max(1) as u32;
        let (first, end) = self.grid.visible_range();
        let cells = self.grid.image_cells();
        let screen = end.saturating_sub(first).max(1);
        // (asset index, cells, upscale)
        let mut wanted: Vec<(usize, (u16, u16), bool)> = Vec::new();
        if self.overlay == Overlay::Preview {
            wanted.push((self.grid.cursor, self.preview_cells(), true));
        }
        if cells.0 > 0 && cells.1 > 0 {
            let ahead_end = (end + screen).min(self.grid.len());
            wanted.extend((first..ahead_end).map(|i| (i, cells, false)));
        }
        let mut keep = HashSet::new();
        let mut jobs = Vec::new();
        for (idx, cells, upscale) in wanted {
            let Some(asset) = self.grid.results.get(idx) else {
                continue;
            };
            let Some(key) = self.thumb_key(asset, cells) else {
                continue;
            };
            keep.insert(key.clone());
            if self.thumbs.touch(&key).is_some() {
                continue;
            }
            let Some((rendition, url)) = choose_rendition(asset, cells.0 as u32 * font_w) else {
                continue;
            };
            let cancel = self.thumbs.start(key.clone());
            jobs.push(ThumbJob {
                key,
                rendition,
                url,
                picker: picker.clone(),
                disk: self.thumb_disk.clone(),
                cancel,
                debounce: self.thumb_debounce,
                upscale,
            });
        }
        self.thumbs.retain_wanted(|k| keep.contains(k));
        for job in jobs {
            self.issue(Slot::Thumb, RequestKind::Thumbnail(Box::new(job)));
        }
    }

    /// Requests queued since the last call.
    pub fn take_outbox(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.outbox)
    }

    pub fn in_flight(&self) -> usize {
        self.pending.len()
    }

    pub(crate) fn issue(&mut self, slot: Slot, kind: RequestKind) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        // The one gate every write passes: in read-only mode nothing that writes leaves.
        if self.read_only
            && let Some(what) = kind.write_name()
        {
            tracing::warn!("read-only mode: refused {what}");
            self.flash(format!("Read-only mode: {what} is not changed"), true);
            return id;
        }
        self.pending.insert(id, slot);
        if slot.exclusive() {
            self.latest.insert(slot, id);
        }
        self.outbox.push(Request { id, kind });
        id
    }

    pub(crate) fn outbox_push(&mut self, req: Request) {
        self.outbox.push(req);
    }

    pub(crate) fn forget_request(&mut self, id: RequestId) {
        self.pending.remove(&id);
    }

    /// Answers for the current search are stale from now on (the grid shows other assets).
    pub(crate) fn supersede_search(&mut self) {
        self.search_generation += 1;
        self.marking_all = false;
    }

    pub fn flash(&mut self, text: impl Into<String>, error: bool) {
        self.flash = Some(Flash {
            text: text.into(),
            error,
            at: Instant::now(),
        });
        self.dirty = true;
    }

    /// The next moment `on_tick` has work to do (the loop wakes for it).
    pub fn next_deadline(&self) -> Option<Instant> {
        let search = self.search.as_ref().and_then(|l| l.due);
        // While the sign-in check is out, its retry time means nothing (the loop
        // would wake for a time already past, again and again).
        let whoami = self
            .whoami_retry
            .filter(|_| !self.whoami_pending())
            .map(|(at, _)| at);
        match (search, whoami) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn whoami_pending(&self) -> bool {
        self.pending.values().any(|s| *s == Slot::Whoami)
    }

    /// Ask who the user is again (after a failed check, or on `r`).
    fn retry_whoami(&mut self) {
        if self.user.is_none() && !self.whoami_pending() {
            self.issue(Slot::Whoami, RequestKind::Whoami);
        }
    }

    /// Timers: run a paused `/` line, expire the status message.
    pub fn on_tick(&mut self, now: Instant) {
        self.run_live_search(now);
        if let Some((at, _)) = self.whoami_retry
            && now >= at
        {
            self.retry_whoami();
        }
        if let Some(f) = &self.flash
            && now.duration_since(f.at) > FLASH_FOR
        {
            self.flash = None;
            self.dirty = true;
        }
    }

    // ----- searching -------------------------------------------------------------

    /// Start the grid's search over from page 1 (a new generation: older pages drop).
    pub fn start_search(&mut self) {
        self.search_generation += 1;
        self.grid.reset(self.page_size.clamp(1, 100));
        self.details = None;
        self.marking_all = false;
        self.editor_follow_selection();
        // Later pages of this search see the results as they were at page 1, while
        // others keep uploading (NOTES §2.3).
        self.query.snapshot_timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_millis() as i64);
        self.request_page(1);
        self.dirty = true;
    }

    fn request_page(&mut self, page: u32) {
        self.grid.results.ask(page);
        let generation = self.search_generation;
        // Facet counts come with page 1, in the same request: no second wave.
        let mut query = self.query.clone();
        query.include_totals = page == 1;
        if page == 1 {
            self.facets_stale = true;
            self.facet_counts.clear();
            for facet in crate::search::facets::ANY_OF {
                if let Some(without) = crate::search::facets::without_facet(&query, facet) {
                    self.issue(
                        Slot::FacetCounts { generation },
                        RequestKind::FacetCounts {
                            facet: facet.to_string(),
                            query: Box::new(without),
                        },
                    );
                }
            }
        }
        self.issue(
            Slot::SearchPage { generation },
            RequestKind::Search {
                query: Box::new(query),
                page,
                per_page: self.page_size,
            },
        );
    }

    /// Ask for the pages the view around the cursor needs (any page, not only the
    /// next one: `G` on 100 000 results loads the last page alone), and while all
    /// results are being marked, the first page still missing.
    pub(super) fn load_needed_pages(&mut self) {
        if self.grid.loading {
            return;
        }
        // Marking everything walks every page: none is let go until it is done.
        if !self.marking_all {
            self.grid.results.evict_far_from(self.grid.cursor);
        }
        for page in self.grid.results.pages_for(self.grid.wanted_range()) {
            self.request_page(page);
        }
        if self.marking_all
            && !self.grid.results.in_flight()
            && let Some(page) = self.grid.results.next_missing()
        {
            self.request_page(page);
        }
    }

    fn request_details(&mut self) {
        if let Some(a) = self.grid.selected() {
            let id = a.id;
            if self.details.as_ref().map(|d| d.id) != Some(id) {
                self.issue(Slot::Details, RequestKind::AssetDetails { id });
            }
        }
    }

    /// Drop the typed query and its filters (the scope stays).
    fn clear_query(&mut self) {
        self.filters = Default::default();
        self.filters.apply_to(&mut self.query);
        self.query.ids.clear();
        self.query.guids.clear();
        self.query_text = None;
    }

    /// The group the grid shows, for the status bar.
    pub fn breadcrumb(&self) -> String {
        match self.tree.selected {
            Some(i) => self.tree.breadcrumb(i),
            None => "All assets".to_string(),
        }
    }

    // ----- events ----------------------------------------------------------------

    /// One thing from the terminal: an event, or an answer to a query.
    pub fn on_input(&mut self, input: crate::terminal_input::Input) {
        use crate::terminal_input::Input as In;
        match input {
            In::Event { event, suspect } => {
                self.input_suspect = suspect;
                self.on_event(event);
                self.input_suspect = false;
            }
            In::Reply(reply) => self.on_terminal_reply(&reply),
        }
    }

    /// The probe, if answers are still awaited (handed to the next profile's run).
    pub fn take_image_probe(&mut self) -> Option<crate::thumbs::probe::Probe> {
        self.image_probe.take()
    }

    /// Keep listening for the image probe's answers after the first frame.
    pub fn set_image_probe(&mut self, probe: crate::thumbs::probe::Probe) {
        self.image_probe = Some(probe);
    }

    /// An answer that came after the first frame: upgrade the image protocol if it
    /// allows a better one (never downgrade what is on screen).
    fn on_terminal_reply(&mut self, reply: &crate::terminal_input::Reply) {
        let Some(probe) = &mut self.image_probe else {
            tracing::debug!("terminal answer after the probe: {reply:?}");
            return;
        };
        let complete = probe.on_reply(reply);
        let better = probe.support();
        if complete {
            // Everything asked is answered: later replies (cursor reports…) need no
            // new picker each.
            self.image_probe = None;
        }
        use crate::thumbs::probe::rank;
        if rank(better.protocol()) > rank(self.images.protocol()) {
            tracing::info!("late terminal answer: images now {}", better.describe());
            self.flash(format!("Images: {}", better.describe()), false);
            let disk = self.thumb_disk.clone();
            self.set_images(better, disk);
        }
    }

    pub fn on_event(&mut self, event: Event) {
        match event {
            Event::Key(key) => {
                if key.kind == KeyEventKind::Release {
                    return;
                }
                self.on_key(key);
            }
            Event::Paste(text) => {
                // The bulk dialog, then the editor, then the search line take a paste.
                let taken =
                    self.bulk_paste(&text) || (self.search.is_none() && self.editor_paste(&text));
                if !taken && let Some(line) = &mut self.search {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        line.input.handle(tui_input::InputRequest::InsertChar(c));
                    }
                }
            }
            Event::Resize(w, h) => {
                self.size = (w, h);
                self.full_redraw = true;
            }
            Event::Mouse(m) => {
                if !self.on_mouse(m) {
                    return;
                }
            }
            Event::FocusGained => {
                self.full_redraw = true;
                self.wake_jobs(None);
            }
            Event::FocusLost => return,
        }
        self.dirty = true;
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        self.dirty = true;
        if self.search.is_some() {
            self.on_search_key(key);
            return;
        }
        if self.command.is_some() {
            self.on_command_key(key);
            return;
        }
        if self.overlay == Overlay::None && self.bulk_key(key) {
            return;
        }
        match &mut self.overlay {
            Overlay::None => {}
            Overlay::Profiles { .. } => {
                self.on_profiles_key(&key);
                return;
            }
            Overlay::SortMenu { .. } => {
                self.on_sort_menu_key(&key);
                return;
            }
            Overlay::Preview => {
                match keymap::lookup(Layer::Grid, &key) {
                    Some(Action::Back | Action::Quit | Action::Open | Action::Preview) => {
                        self.overlay = Overlay::None
                    }
                    Some(Action::Redraw) => self.full_redraw = true,
                    Some(Action::Left | Action::Up) => self.grid.move_by(-1, 0),
                    Some(Action::Right | Action::Down) => self.grid.move_by(1, 0),
                    _ => {}
                }
                self.load_needed_pages();
                return;
            }
            Overlay::Help { scroll } | Overlay::AssetDetails { scroll } => {
                let action = keymap::lookup(Layer::Global, &key);
                let max = self.overlay_max_scroll.get();
                *scroll = (*scroll).min(max);
                match action {
                    Some(Action::Down) => *scroll = scroll.saturating_add(1).min(max),
                    Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                    Some(Action::End) => *scroll = max,
                    Some(Action::PageDown) => *scroll = scroll.saturating_add(10).min(max),
                    Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
                    Some(Action::Home) => *scroll = 0,
                    Some(Action::Back | Action::Help | Action::Open) => {
                        self.overlay = Overlay::None
                    }
                    Some(Action::Quit) => self.overlay = Overlay::None,
                    _ => {}
                }
                return;
            }
        }
        if self.editor_key(key) {
            return;
        }
        if let Some(action) = keymap::lookup(self.focus.layer(), &key) {
            self.act(action);
        }
    }

    fn on_search_key(&mut self, key: KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(line) = &mut self.search else {
            return;
        };
        let before = (line.input.value().to_string(), line.in_group);
        match key.code {
            KeyCode::Esc => {
                if let Some(saved) = self.search.take().and_then(|l| l.before) {
                    self.restore_search(*saved);
                }
                return;
            }
            KeyCode::Enter => {
                let text = line.input.value().trim().to_string();
                let in_group = line.in_group;
                if line.ran.as_ref() == Some(&(text.clone(), in_group)) {
                    // Already searched while typing: keep it, remember it.
                    self.search_history.push(&text);
                    self.search = None;
                    return;
                }
                // A bad token keeps the line open with the text, and says what is wrong.
                if self.submit_search(text, in_group) {
                    self.search = None;
                }
                return;
            }
            KeyCode::Tab => line.in_group = !line.in_group,
            KeyCode::Up => {
                if let Some(q) = self.search_history.older(line.input.value()) {
                    line.input = Input::new(q.to_string());
                }
            }
            KeyCode::Down => {
                if let Some(q) = self.search_history.newer() {
                    line.input = Input::new(q);
                }
            }
            _ => {
                if let Some(req) = tui_input::backend::crossterm::to_input_request(&Event::Key(key))
                {
                    line.input.handle(req);
                }
            }
        }
        if (line.input.value(), line.in_group) != (before.0.as_str(), before.1) {
            line.due = Some(Instant::now() + LIVE_SEARCH_DELAY);
        }
    }

    /// Search the `/` line's text once typing has paused (not while the editor holds
    /// unsaved changes: Enter asks about those first).
    fn run_live_search(&mut self, now: Instant) {
        let editing = self.editor_dirty();
        let Some(line) = &mut self.search else {
            return;
        };
        if line.due.is_none_or(|due| due > now) {
            return;
        }
        line.due = None;
        let text = line.input.value().trim().to_string();
        let parsed = match crate::search::query::parse(&text) {
            Ok(p) => p,
            Err(e) => {
                line.error = Some(e.to_string());
                self.dirty = true;
                return;
            }
        };
        line.error = None;
        let in_group = parsed.in_group(line.in_group);
        if line.ran.as_ref() == Some(&(text.clone(), in_group)) || editing {
            return;
        }
        if line.before.is_none() {
            line.before = Some(Box::new(PriorSearch {
                text: self.query_text.clone(),
                filters: self.filters.clone(),
                query: self.query.clone(),
                selected: self.tree.selected,
            }));
        }
        line.ran = Some((text.clone(), in_group));
        self.apply_search(parsed, text, in_group);
    }

    /// Esc on the `/` line: back to the search the grid showed before it.
    fn restore_search(&mut self, saved: PriorSearch) {
        self.query_text = saved.text;
        self.filters = saved.filters;
        self.query = saved.query;
        self.tree.selected = saved.selected;
        self.start_search();
    }

    /// Check a typed query and run it (after the editor's leave guard). False, with a
    /// message, when a token is wrong.
    fn submit_search(&mut self, text: String, default_in_group: bool) -> bool {
        let parsed = match crate::search::query::parse(&text) {
            Ok(p) => p,
            Err(e) => {
                self.flash(format!("Search not run: {e}"), true);
                return false;
            }
        };
        let in_group = parsed.in_group(default_in_group);
        if !self.guard(editing::Deferred::Search {
            text: text.clone(),
            in_group,
        }) {
            self.run_search(text, in_group);
        }
        true
    }

    fn on_command_key(&mut self, key: KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(input) = &mut self.command else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.command = None,
            KeyCode::Tab => {
                let tree = &self.tree;
                if let Some(done) =
                    crate::command::complete(input.value(), |kind| tree.names_of(kind))
                {
                    *input = Input::new(done);
                    return;
                }
                let offer =
                    crate::command::candidates(input.value(), |kind| tree.names_of(kind), 12);
                if offer.is_empty() {
                    self.flash("Nothing to complete here", false);
                } else {
                    let offer: Vec<String> = offer.iter().map(|c| safe(c)).collect();
                    self.flash(format!("Tab: {}", offer.join(" · ")), false);
                }
            }
            KeyCode::Enter => {
                let line = input.value().to_string();
                match crate::command::parse(&line) {
                    Ok(cmd) => {
                        self.command = None;
                        self.run_command(cmd);
                    }
                    Err(e) => self.flash(e, true),
                }
            }
            _ => {
                if let Some(req) = tui_input::backend::crossterm::to_input_request(&Event::Key(key))
                {
                    input.handle(req);
                }
            }
        }
    }

    fn run_command(&mut self, cmd: crate::command::Command) {
        use crate::command::Command;
        match cmd {
            Command::Quit => self.act(Action::Quit),
            Command::Search(text) => {
                self.submit_search(text, false);
            }
            Command::Jump { kind, name } => self.jump_to_group(kind, &name),
            Command::Sort(field, order) => self.sort_by(field, order),
            Command::Save(name) => self.save_current_search(name),
            Command::RunSaved(name) => self.run_saved_named(&name),
            Command::RenameSaved(name) => self.rename_saved(name),
            Command::AssetId(id) => self.show_only(vec![id], Vec::new(), id.to_string()),
            Command::AssetGuid(guid) => self.show_only(Vec::new(), vec![guid.clone()], guid),
        }
    }

    fn refuse_while_editing(&mut self) -> bool {
        if self.editor_dirty() {
            self.flash("Save (C-s) or discard your edits first", true);
            return true;
        }
        false
    }

    /// Show just these assets (`:asset`); Esc on the grid goes back to the library.
    fn show_only(&mut self, ids: Vec<i64>, guids: Vec<String>, label: String) {
        if self.refuse_while_editing() {
            return;
        }
        self.clear_query();
        self.query.ids = ids;
        self.query.guids = guids;
        self.query.scope = SearchScope::Library;
        self.tree.selected = None;
        self.focus = Focus::Grid;
        self.start_search();
        self.flash(
            format!("Showing asset {} — Esc shows the library", safe(&label)),
            false,
        );
    }

    /// Run the `/` line's query (already checked by the parser when typed).
    fn run_search(&mut self, text: String, in_group: bool) {
        match crate::search::query::parse(&text) {
            Ok(parsed) => {
                self.search_history.push(&text);
                self.apply_search(parsed, text, in_group);
            }
            Err(e) => self.flash(format!("Search not run: {e}"), true),
        }
    }

    /// Show the results of a parsed query, here or in the whole library.
    fn apply_search(
        &mut self,
        parsed: crate::search::query::ParsedQuery,
        text: String,
        in_group: bool,
    ) {
        parsed.apply_to(&mut self.query);
        self.filters = parsed;
        self.query_text = (!text.is_empty()).then_some(text);
        self.query.scope = match (in_group, self.tree.selected) {
            (true, Some(i)) => self.tree.scope_of(i),
            _ => SearchScope::Library,
        };
        if !in_group {
            self.tree.selected = None;
        }
        self.focus = Focus::Grid;
        self.start_search();
    }

    /// Perform one keymap action.
    pub fn act(&mut self, action: Action) {
        self.dirty = true;
        if self.guard_action(action) {
            return;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::Edit => self.open_editor(),
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::FocusNext => self.set_focus(self.focus.next()),
            Action::FocusPrev => self.set_focus(self.focus.prev()),
            Action::ToggleJobs => self.toggle_jobs(),
            Action::ToggleFacets => self.toggle_facets(),
            Action::ClearFilters => self.clear_filters(),
            Action::Command => self.command = Some(Input::default()),
            Action::Search => {
                self.search_history.stop_browsing();
                let mut current = self.query_text.clone().unwrap_or_default();
                // After a filter token, typing starts a new word instead of running on
                // into the token's value (free text can still be continued).
                let last_word = current.rsplit(char::is_whitespace).next().unwrap_or("");
                if last_word.contains(':') {
                    current.push(' ');
                }
                self.search = Some(SearchLine {
                    input: Input::new(current),
                    in_group: self.tree.selected.is_some(),
                    due: None,
                    ran: None,
                    error: None,
                    before: None,
                });
            }
            Action::Refresh => self.refresh(),
            Action::Redraw => self.full_redraw = true,
            Action::SwitchProfile => self.open_profiles(),
            _ => match self.focus {
                Focus::Tree => self.tree_action(action),
                Focus::Grid => self.grid_action(action),
                Focus::Details => self.details_action(action),
                Focus::Jobs => self.jobs_action(action),
                Focus::Facets => self.facets_action(action),
            },
        }
    }

    /// Ask again for the groups shown in the tree with this asset group id (their
    /// counts changed).
    pub(crate) fn refresh_group_counts(&mut self, kind: crate::api::models::GroupKind, agid: i64) {
        for (idx, req) in self.tree.count_requests(kind, agid) {
            self.issue(Slot::Tree(idx), req);
        }
    }

    fn refresh(&mut self) {
        self.retry_whoami();
        if self.focus == Focus::Tree
            && let Some(i) = self.tree.current()
            && let Some(req) = self.tree.count_request(i)
        {
            self.issue(Slot::Tree(i), req);
        }
        if self.focus == Focus::Jobs {
            self.reload_jobs();
            return;
        }
        if self.focus == Focus::Tree
            && let Some(i) = self.tree.current()
            && let Some(req) = self.tree.reload(i)
        {
            self.issue(Slot::Tree(i), req);
        }
        self.start_search();
        self.flash("Refreshing…", false);
    }

    fn tree_action(&mut self, action: Action) {
        let Some(cur) = self.tree.current() else {
            return;
        };
        match action {
            Action::Up => self.tree.move_by(-1),
            Action::Down => self.tree.move_by(1),
            Action::PageUp => self.tree.move_by(-10),
            Action::PageDown => self.tree.move_by(10),
            Action::Home => self.tree.home(),
            Action::End => self.tree.end(),
            Action::Right => self.expand(cur),
            Action::Left => self.tree.collapse_or_parent(cur),
            Action::Open if self.tree.items[cur].saved.is_some() => self.run_saved(cur),
            Action::Open
                if self.tree.items[cur].section == crate::panes::tree::Section::SavedSearches =>
            {
                self.expand(cur)
            }
            Action::Open => {
                self.expand(cur);
                self.select_group(cur);
            }
            Action::RenameSaved => self.start_rename_saved(),
            Action::DeleteSaved => self.ask_delete_saved(),
            Action::Back => self.focus = Focus::Grid,
            _ => {}
        }
    }

    pub(crate) fn expand(&mut self, idx: usize) {
        if let Some(req) = self.tree.expand(idx) {
            self.issue(Slot::Tree(idx), req);
        }
    }

    /// Show `idx`'s assets in the grid.
    pub fn select_group(&mut self, idx: usize) {
        self.reveal = None;
        self.tree.selected = Some(idx);
        self.query.scope = self.tree.scope_of(idx);
        self.clear_query();
        if self.query.scope == SearchScope::Library {
            self.tree.selected = None;
        }
        self.start_search();
    }

    fn grid_action(&mut self, action: Action) {
        let before = self.grid.cursor;
        match action {
            Action::Up => self.grid.move_by(0, -1),
            Action::Down => self.grid.move_by(0, 1),
            Action::Left => self.grid.move_by(-1, 0),
            Action::Right => self.grid.move_by(1, 0),
            Action::PageUp => self.grid.page(-1),
            Action::PageDown => self.grid.page(1),
            Action::Home => self.grid.home(),
            Action::End => self.grid.end(),
            Action::Open if self.grid.selected().is_some() => {
                self.overlay = Overlay::AssetDetails { scroll: 0 };
                self.request_details();
            }
            Action::Back => {
                if self.query_text.is_some()
                    || !self.query.ids.is_empty()
                    || !self.query.guids.is_empty()
                {
                    self.clear_query();
                    // A saved search's scope goes with it: back to the whole library.
                    if self
                        .tree
                        .selected
                        .is_some_and(|i| self.tree.items[i].saved.is_some())
                    {
                        self.tree.selected = None;
                        self.query.scope = SearchScope::Library;
                    }
                    self.start_search();
                    self.flash("Search cleared", false);
                } else if !self.grid.marks.is_empty() {
                    self.grid.clear_marks();
                }
            }
            Action::ToggleMark => {
                self.grid.toggle_mark();
                self.grid.move_by(1, 0);
            }
            Action::MarkRange => self.grid.mark_range(),
            Action::MarkAll => {
                self.grid.mark_loaded();
                if !self.grid.results.complete() {
                    self.marking_all = true;
                    self.flash("Marking all results: loading the remaining pages…", false);
                }
            }
            Action::ClearMarks => self.grid.clear_marks(),
            Action::BulkEdit => self.open_bulk_dialog(),
            Action::Rate(r) => self.rate(r as i64),
            Action::CycleSort => {
                let (field, _) = self.query.sort.unwrap_or_default();
                let pos = SortField::ALL.iter().position(|f| *f == field).unwrap_or(0);
                let next = SortField::ALL[(pos + 1) % SortField::ALL.len()];
                self.sort_by(next, next.natural_order());
            }
            Action::ReverseSort => {
                let (field, order) = self.query.sort.unwrap_or_default();
                self.sort_by(field, order.flipped());
            }
            Action::SortMenu => self.open_sort_menu(),
            Action::Preview if self.grid.selected().is_some() => {
                if self.images.picker.is_some() {
                    self.overlay = Overlay::Preview;
                } else {
                    self.flash(format!("Images are off: {}", self.images.reason), true);
                }
            }
            Action::ToggleView => {
                self.grid.view = match self.grid.view {
                    GridView::Tiles => GridView::List,
                    GridView::List => GridView::Tiles,
                }
            }
            Action::TileBigger | Action::TileSmaller => {
                let was = self.grid.tile_size;
                let now = if action == Action::TileBigger {
                    was.bigger()
                } else {
                    was.smaller()
                };
                if now == was {
                    self.flash(format!("Tiles are already {}", now.name()), false);
                } else {
                    self.grid.tile_size = now;
                    self.grid.tile_size_changed = true;
                    self.grid.view = GridView::Tiles;
                    self.flash(format!("Tiles: {}", now.name()), false);
                }
            }
            _ => {}
        }
        if self.grid.cursor != before {
            self.details_scroll = 0;
            self.editor_follow_selection();
        }
        self.load_needed_pages();
    }

    fn details_action(&mut self, action: Action) {
        match action {
            Action::Down => {
                self.details_scroll = self
                    .details_scroll
                    .saturating_add(1)
                    .min(self.details_max_scroll.get())
            }
            Action::Up => self.details_scroll = self.details_scroll.saturating_sub(1),
            Action::PageDown => {
                self.details_scroll = self
                    .details_scroll
                    .saturating_add(10)
                    .min(self.details_max_scroll.get())
            }
            Action::PageUp => self.details_scroll = self.details_scroll.saturating_sub(10),
            Action::Home => self.details_scroll = 0,
            Action::Open => {
                self.overlay = Overlay::AssetDetails { scroll: 0 };
                self.request_details();
            }
            Action::Back => self.focus = Focus::Grid,
            _ => {}
        }
    }

    /// Set the rating of the marked assets, or of the selected one.
    fn rate(&mut self, rating: i64) {
        if self.read_only {
            self.flash("Read-only mode: ratings cannot be changed", true);
            return;
        }
        let ids: Vec<i64> = if self.grid.marks.is_empty() {
            self.grid.selected().map(|a| vec![a.id]).unwrap_or_default()
        } else {
            self.grid.marks.iter().copied().collect()
        };
        if ids.is_empty() {
            return;
        }
        if self.input_suspect {
            let why = "The key came faster than a person types (a paste, or a terminal's answer).";
            self.ask_before_rating(ids, rating, why);
            return;
        }
        if ids.len() > RATE_WITHOUT_ASKING {
            self.ask_before_rating(ids, rating, "This changes every marked asset at once.");
            return;
        }
        self.send_ratings(ids, rating);
    }

    /// Send one rating per asset (after any confirmation).
    pub(super) fn send_ratings(&mut self, ids: Vec<i64>, rating: i64) {
        for id in &ids {
            self.issue(Slot::Rating, RequestKind::SetRating { id: *id, rating });
        }
        self.ratings_pending += ids.len();
        self.flash(
            format!(
                "Setting rating {rating} on {} asset{}…",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" }
            ),
            false,
        );
    }

    // ----- answers ---------------------------------------------------------------

    /// Apply one answer from the API task (stale ones are dropped).
    pub fn on_msg(&mut self, msg: Msg) {
        let Some(msg) = self.intercept_poll(msg) else {
            return;
        };
        let Some(slot) = self.pending.remove(&msg.id) else {
            return;
        };
        if slot.exclusive() && self.latest.get(&slot) != Some(&msg.id) {
            return;
        }
        self.dirty = true;
        if slot.is_editor() {
            self.on_editor_msg(slot, msg.kind);
            return;
        }
        match msg.kind {
            MsgKind::Whoami(r) => match r {
                Ok(u) => {
                    if self.org_name.is_none() {
                        self.org_name = u.organization.as_ref().and_then(|o| o.title.clone());
                    }
                    self.user = Some(u);
                    self.connection = Connection::Ok;
                    self.whoami_retry = None;
                }
                Err(e) => {
                    self.note_error("Could not identify you", &e);
                    let wait = self
                        .whoami_retry
                        .map_or(WHOAMI_RETRY_FIRST, |(_, w)| (w * 2).min(WHOAMI_RETRY_CAP));
                    self.whoami_retry = Some((Instant::now() + wait, wait));
                }
            },
            MsgKind::Organization(r) => match r {
                Ok(o) => {
                    self.org_name = o.title;
                    if let Some(s) = o.default_sort_order.as_deref() {
                        self.apply_default_sort(s);
                    }
                }
                Err(e) => tracing::info!("organization: {e}"),
            },
            MsgKind::CustomMetaFields(r) => match r {
                Ok(fields) => {
                    self.meta_fields = fields.clone();
                    self.bulk.fields.clone_from(&fields);
                    self.field_names = fields
                        .into_iter()
                        .filter_map(|f| f.name.map(|n| (f.id, n)))
                        .collect();
                }
                Err(e) => tracing::info!("custom meta fields: {e}"),
            },
            MsgKind::GroupDetails { node, result } => match result {
                Ok(fresh) => self.tree.update_count(node, &fresh),
                Err(e) => tracing::info!("group details: {e}"),
            },
            MsgKind::TreeChildren { node, result } => {
                if let Err(e) = &result {
                    use crate::api::models::GroupKind;
                    use crate::panes::tree::Section;
                    let what = match self.tree.items.get(node.0).map(|i| (i.section, i.parent)) {
                        Some((Section::Groups(GroupKind::StorageFolder), None)) => {
                            "the storage folders"
                        }
                        Some((Section::Groups(GroupKind::StorageFolder), Some(_))) => "the folder",
                        Some((Section::Groups(GroupKind::Collection), None)) => "the collections",
                        Some((Section::Groups(GroupKind::Collection), Some(_))) => "the collection",
                        Some((Section::Groups(GroupKind::Lightbox), None)) => "the lightboxes",
                        Some((Section::Groups(GroupKind::Lightbox), Some(_))) => "the lightbox",
                        Some((Section::SavedSearches, _)) => "the saved searches",
                        None => "the tree",
                    };
                    self.note_error(&format!("Could not load {what}"), e);
                }
                self.tree.apply_children(node, result);
                self.advance_reveal();
            }
            MsgKind::GroupsFound { kind, name, result } => {
                self.on_groups_found(kind, &name, result);
            }
            MsgKind::FacetCounts { facet, result } => {
                let Slot::FacetCounts { generation } = slot else {
                    return;
                };
                if generation != self.search_generation {
                    return;
                }
                match result {
                    Ok(Some(f)) => {
                        self.facet_counts.push(f);
                        if !self.facets_stale {
                            self.merge_facet_counts();
                        }
                    }
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!("counts of facet {facet}: {e}");
                    }
                }
            }
            MsgKind::Search { page, result } => {
                let Slot::SearchPage { generation } = slot else {
                    return;
                };
                if generation != self.search_generation {
                    return;
                }
                self.grid.loading = false;
                match result {
                    Ok(p) => {
                        self.connection = Connection::Ok;
                        let marked: Vec<i64> = if self.marking_all {
                            p.assets.iter().map(|a| a.id).collect()
                        } else {
                            Vec::new()
                        };
                        let cursor_was_loaded = self.grid.selected().is_some();
                        if !self.grid.results.accept(page, p.assets, p.total) {
                            return;
                        }
                        if page == 1 {
                            self.facets = p.response.facets();
                            self.merge_facet_counts();
                            self.facets_stale = false;
                            let rows = self.facet_rows();
                            self.facet_panel.sync(&rows);
                        }
                        self.grid.marks.extend(marked);
                        // The cursor may stand past the end the server now reports.
                        self.grid.go_to(self.grid.cursor);
                        if !cursor_was_loaded && self.grid.selected().is_some() {
                            self.editor_follow_selection();
                        }
                        if page == 1
                            && self.grid.is_empty()
                            && (!self.query.ids.is_empty() || !self.query.guids.is_empty())
                        {
                            let which: Vec<String> = self
                                .query
                                .ids
                                .iter()
                                .map(i64::to_string)
                                .chain(self.query.guids.iter().map(|g| safe(g)))
                                .collect();
                            self.flash(
                                format!(
                                    "No asset {} — it does not exist, or you cannot see it",
                                    which.join(", ")
                                ),
                                true,
                            );
                        }
                        if self.marking_all && self.grid.results.complete() {
                            self.marking_all = false;
                            let n = self.grid.marks.len();
                            self.flash(format!("Marked all {n} results"), false);
                        }
                        self.load_needed_pages();
                    }
                    Err(e) => {
                        self.grid.results.failed(page);
                        self.grid.error = Some(e.to_string());
                        self.marking_all = false;
                        self.note_error("Search failed", &e);
                    }
                }
            }
            MsgKind::AssetDetails(r) => match r {
                Ok(a) => {
                    self.connection = Connection::Ok;
                    self.details = Some(a);
                }
                Err(e) => self.note_error("Could not load the asset", &e),
            },
            MsgKind::Thumbnail { key, outcome } => match outcome {
                ThumbOutcome::Ready { protocol, bytes } => self
                    .thumbs
                    .finish(&key, ThumbState::Ready { protocol, bytes }),
                ThumbOutcome::Failed(e) => {
                    tracing::info!("thumbnail {}: {e}", key.guid);
                    self.thumbs.finish(&key, ThumbState::Failed(e));
                }
                // A newer request for the same key may be loading: leave it alone.
                ThumbOutcome::Cancelled => {}
            },
            MsgKind::Rated { id, result } => {
                self.ratings_pending = self.ratings_pending.saturating_sub(1);
                match result {
                    Ok(a) => {
                        if self.details.as_ref().map(|d| d.id) == Some(id) {
                            self.details = Some(a.clone());
                        }
                        let rating = a.rating.unwrap_or(0);
                        self.grid.replace(a);
                        if self.ratings_pending == 0 {
                            self.flash(format!("Rating {rating} saved"), false);
                        }
                    }
                    Err(e) => self.note_error(&format!("Rating not saved for asset {id}"), &e),
                }
            }
            other @ (MsgKind::Saved { .. }
            | MsgKind::TagSuggestions { .. }
            | MsgKind::RightsPackages(_)) => self.on_editor_msg(slot, other),
            MsgKind::Jobs(m) => self.on_jobs_msg(msg.id, m),
            MsgKind::SavedSearches { node, result } => self.on_saved_list(node, result),
            MsgKind::SavedSearchChanged { change, result } => self.on_saved_change(change, result),
        }
    }

    fn note_error(&mut self, what: &str, e: &crate::api::ApiError) {
        tracing::warn!("{what}: {e}");
        if e.status().is_none() {
            self.connection = Connection::Failing(e.to_string());
        }
        self.flash(format!("{what}: {}", safe(&e.to_string())), true);
    }
}
