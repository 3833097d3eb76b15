//! The state root and router. `App` owns the panes and parts (modals, browse state,
//! session, request book…), routes each key through `Modals::top()` to the layer that
//! takes it, and applies answers from the API task. It does no I/O: requests wait in the
//! request book's outbox for the event loop (or a test) to hand them to the API task.

use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEvent, KeyEventKind};
use tui_input::Input;

use super::modals::CommandAsk;
pub(crate) use super::modals::{LineAsk, OverlayAsk, PriorSearch};
pub use super::modals::{Modal, Overlay, SearchLine};
pub(crate) use super::requests::{RequestBook, Slot};
pub use super::screen::Flash;
pub use super::session::Connection;
use crate::keymap::{Action, Layer};
use crate::protocol::{Msg, MsgKind, Request, RequestId, RequestKind};
use std::collections::HashSet;
use std::sync::Arc;

use crate::api::models::{Asset, SearchScope, SortField};
use crate::panes::Outcome;
use crate::panes::grid::GridPane;
use crate::panes::judgements::Thing;
use crate::panes::tree::{TreeAsk, TreePane};
use crate::text::safe;
use crate::thumbs::cache::ThumbState;
use crate::thumbs::disk::DiskCache;
use crate::thumbs::probe::ImageSupport;
use crate::thumbs::{ThumbKey, ThumbOutcome};

mod approving;
mod bulk;
mod confirming;
mod judging;
mod loupe;
mod picking;
mod rejecting;
mod transfers;
mod uploads;
pub use confirming::Asking;
pub(crate) use confirming::{JobQuestion, Purpose};
mod editing;
pub(crate) use editing::SUSPECT_CONFIRM;
pub use notices::Notices;
mod facets;
mod reveal;
pub(crate) use reveal::Reveal;
mod commenting;
mod giving;
mod group_moves;
mod groups;
mod links;
mod notices;
mod saved;
mod shares;
mod sharing;
mod sorting;
mod trash;
pub(crate) mod version_watch;
mod versions;

/// Assets per search page.
pub const PAGE_SIZE: u32 = crate::panes::results::PER_PAGE;
pub use super::images::THUMB_MEMORY_BYTES;
/// How long a status message stays.
const FLASH_FOR: Duration = Duration::from_secs(6);
/// The `/` line searches as you type, once typing pauses this long.
pub const LIVE_SEARCH_DELAY: Duration = Duration::from_millis(250);

/// What the right pane shows while the editor is closed (an open editor covers it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RightPane {
    #[default]
    Details,
    /// The job monitor.
    Jobs,
    /// The facet panel (`f`).
    Facets,
    /// The transfer queue (`T`).
    Transfers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Grid,
    Details,
    /// The job monitor (in the right pane instead of the details).
    Jobs,
    /// The facet panel (`f`, in the right pane instead of the details).
    Facets,
    /// The transfer queue (`T`, in the right pane).
    Transfers,
}

impl Focus {
    pub(crate) fn layer(self) -> Layer {
        match self {
            Focus::Tree => Layer::Tree,
            Focus::Grid => Layer::Grid,
            Focus::Details => Layer::Details,
            Focus::Jobs => Layer::Jobs,
            Focus::Facets => Layer::Facets,
            Focus::Transfers => Layer::Transfers,
        }
    }

    fn next(self) -> Focus {
        match self {
            Focus::Tree => Focus::Grid,
            Focus::Grid => Focus::Details,
            Focus::Details | Focus::Jobs | Focus::Facets | Focus::Transfers => Focus::Tree,
        }
    }

    fn prev(self) -> Focus {
        match self {
            Focus::Tree => Focus::Details,
            Focus::Grid => Focus::Tree,
            Focus::Details | Focus::Jobs | Focus::Facets | Focus::Transfers => Focus::Grid,
        }
    }
}

pub struct App {
    pub focus: Focus,
    /// Input lines, the confirm dialog and overlays: what gets keys before the panes.
    pub modals: super::modals::Modals,
    pub tree: TreePane,
    pub grid: GridPane,
    pub details: crate::panes::details::DetailsPane,
    /// Details, job monitor or facets on the right.
    pub right: RightPane,
    /// The search the grid shows, its filters, facets and generation.
    pub browse: super::browse::Browse,
    /// Dirty flag, size, status message, quitting.
    pub screen: super::screen::Screen,
    /// Mouse settings and whether the current key looks typed by a person.
    pub input: super::screen::InputState,
    /// Who is signed in where, and the organisation's fields and rights packages.
    pub session: super::session::Session,
    /// The metadata editor, its drafts and what to do after a save.
    pub edit: editing::Editing,
    requests: RequestBook,
    /// Terminal image support, thumbnails in memory and on disk.
    pub images: super::images::Images,
    /// Bulk-edit dialog, job monitor, submission state (src/bulk).
    pub bulk: crate::bulk::Bulk,
    /// Downloads to this machine and where they go.
    pub transfers: super::downloads::Downloads,
}

/// More assets than this get a confirmation before a rating is set on all of them.
pub const RATE_WITHOUT_ASKING: usize = 10;

impl App {
    /// A fresh app; the first requests (identity, tree roots, first page) are queued
    /// together so they go out at once.
    pub fn new(organization_id: Option<i64>) -> App {
        let mut app = App {
            focus: Focus::Grid,
            modals: Default::default(),
            tree: TreePane::default(),
            grid: GridPane::default(),
            details: Default::default(),
            right: RightPane::Details,
            browse: super::browse::Browse::new(PAGE_SIZE),
            session: Default::default(),
            screen: Default::default(),
            input: Default::default(),
            edit: Default::default(),
            requests: RequestBook::default(),
            images: Default::default(),
            bulk: Default::default(),
            transfers: Default::default(),
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
        self.images.support = images;
        self.images.disk = disk;
        self.screen.dirty = true;
    }

    /// The cache key of `asset` drawn in `cells`, if images are on.
    pub fn thumb_key(&self, asset: &Asset, cells: (u16, u16)) -> Option<ThumbKey> {
        self.images.key(asset, cells)
    }

    /// Something is drawn over the panes: an overlay, a dialog or the bulk-edit screens.
    /// Sixel and iTerm2 images under it would show through, so tiles draw placeholders.
    pub(crate) fn popup_open(&self) -> bool {
        self.modals.overlay != Overlay::None
            || self.modals.confirm.is_some()
            || self.modals.upload.is_some()
            || self.modals.list_layer().is_some()
            || self.bulk_modal_layer().is_some()
    }

    /// The grid's tiles are about to move by whole rows and the terminal can scroll
    /// them (sixel or iTerm2 pictures, not under tmux, nothing over the grid): how.
    pub(crate) fn row_scroll(
        &self,
        screen: ratatui::layout::Rect,
    ) -> Option<super::row_scroll::RowScroll> {
        let scrollable = self.keeps_frames();
        let tmux = self
            .images
            .support
            .picker
            .as_ref()
            .is_some_and(|p| p.tmux_detected());
        if !scrollable || tmux || !self.grid.images || self.modals.loupe.open || self.popup_open() {
            return None;
        }
        let area = crate::ui::grid_area(self, screen)?;
        self.grid.row_scroll(area)
    }

    /// The grid's pictures (sixel, iTerm2) stay in the terminal's cells and move with
    /// them when it scrolls rows: the loop keeps each frame. Kitty places its pictures
    /// by id and half-blocks are text: neither needs it.
    /// Only frames that drew the tiles are kept (not the loupe's full-screen picture).
    pub(crate) fn keeps_frames(&self) -> bool {
        use ratatui_image::picker::ProtocolType;
        matches!(
            self.images.support.protocol(),
            Some(ProtocolType::Sixel | ProtocolType::Iterm2)
        ) && self.grid.drawn.get().is_some()
    }

    /// Cells of the large preview for the current terminal size.
    pub fn preview_cells(&self) -> (u16, u16) {
        let (w, h) = self.screen.size;
        (w.saturating_sub(4).max(1), h.saturating_sub(6).max(1))
    }

    /// After a draw: ask for the thumbnails of the visible tiles, then one screen
    /// ahead, and the preview if it is open; cancel loads that scrolled out of reach.
    pub fn after_draw(&mut self) {
        self.images.settle_kitty();
        let Some(picker) = self.images.support.picker.clone() else {
            return;
        };
        let (first, end) = self.grid.visible_range();
        let cells = self.grid.image_cells();
        let screen = end.saturating_sub(first).max(1);
        // (asset index, cells, upscale)
        let mut wanted: Vec<(usize, (u16, u16), bool)> = Vec::new();
        if self.modals.loupe.open {
            // The picture shown first, then the next ones and the previous ones, so a
            // judgement's move lands on a picture already encoded.
            let (mut at, loupe) = (self.grid.cursor, self.loupe_picture_cells());
            wanted.push((at, loupe, true));
            if let Some(challenger) = self.modals.loupe.compare {
                // Both sides, and what comes after the challenger.
                wanted.push((challenger, loupe, true));
                at = challenger;
            }
            // As many as half the cache holds, so they never push each other out.
            let each = crate::thumbs::encode::estimated_bytes(&picker, loupe);
            let fit = (self.images.cache.cap() / 2 / each.max(1)).saturating_sub(1) / 2;
            for d in 1..=fit.min(loupe::LOUPE_AHEAD) {
                wanted.push((at + d, loupe, true));
                if let Some(back) = at.checked_sub(d) {
                    wanted.push((back, loupe, true));
                }
            }
        } else if self.modals.overlay == Overlay::Preview {
            wanted.push((self.grid.cursor, self.preview_cells(), true));
        }
        if cells.0 > 0 && cells.1 > 0 && !self.modals.loupe.open {
            let ahead_end = (end + screen).min(self.grid.len());
            wanted.extend((first..ahead_end).map(|i| (i, cells, false)));
        }
        let mut keep = HashSet::new();
        let mut jobs = Vec::new();
        for (idx, cells, upscale) in wanted {
            if let Some(asset) = self.grid.results.get(idx) {
                self.images
                    .want(asset, cells, upscale, &mut keep, &mut jobs);
            }
        }
        if let Some(version) = self.version_picture() {
            let cells = self.preview_cells();
            self.images
                .want(&version, cells, true, &mut keep, &mut jobs);
        }
        self.images.cache.retain_wanted(|k| keep.contains(k));
        for job in jobs {
            self.issue(Slot::Thumb, RequestKind::Thumbnail(Box::new(job)));
        }
        self.images.give_back_memory();
    }

    /// Requests queued since the last call.
    pub fn take_outbox(&mut self) -> Vec<Request> {
        self.requests.take_outbox()
    }

    pub fn in_flight(&self) -> usize {
        self.requests.in_flight()
    }

    pub(crate) fn issue(&mut self, slot: Slot, kind: RequestKind) -> RequestId {
        let id = self.requests.new_id();
        if !self.refused_in_read_only(&kind) {
            self.requests.send(id, slot, kind);
        }
        id
    }

    /// The one gate every write passes (tracked or not): in read-only mode nothing that
    /// writes leaves.
    pub(crate) fn refused_in_read_only(&mut self, kind: &RequestKind) -> bool {
        let Some(what) = kind.write_name().filter(|_| self.session.read_only) else {
            return false;
        };
        tracing::warn!("read-only mode: refused {what}");
        self.flash(format!("Read-only mode: {what} is not changed"), true);
        true
    }

    /// Ask for the organisation's rights packages once (the editor and the bulk dialog
    /// both offer them).
    pub(crate) fn fetch_rights_packages(&mut self) {
        if self.session.rights_packages.is_empty() && !self.session.rights_requested {
            self.session.rights_requested = true;
            self.issue(Slot::RightsPackages, RequestKind::RightsPackages);
        }
    }

    /// Answers for the current search are stale from now on (the grid shows other assets).
    pub(crate) fn supersede_search(&mut self) {
        self.browse.search_generation += 1;
        self.browse.marking_all = false;
        self.drop_unsent_searches();
    }

    /// Pages and facet counts of older searches that have not left yet are not sent.
    fn drop_unsent_searches(&mut self) {
        let current = self.browse.search_generation;
        self.requests.drop_stale(|slot| match slot {
            Slot::SearchPage { generation }
            | Slot::FacetCounts { generation }
            | Slot::Trash { generation } => generation < current,
            _ => false,
        });
    }

    pub fn flash(&mut self, text: impl Into<String>, error: bool) {
        self.screen.flash = Some(Flash {
            text: text.into(),
            error,
            at: Instant::now(),
        });
        self.screen.dirty = true;
    }

    /// The next moment `on_tick` has work to do (the loop wakes for it).
    pub fn next_deadline(&self) -> Option<Instant> {
        let search = self.modals.search.as_ref().and_then(|l| l.due);
        // While the sign-in check is out, its retry time means nothing (the loop
        // would wake for a time already past, again and again).
        let whoami = self.session.whoami_retry.filter(|_| !self.whoami_pending());
        [search, whoami, self.session.notices.next_at]
            .into_iter()
            .flatten()
            .min()
    }

    fn whoami_pending(&self) -> bool {
        self.requests.waiting_for(Slot::Whoami)
    }

    /// Ask who the user is again (after a failed check, or on `r`).
    fn retry_whoami(&mut self) {
        if self.session.user.is_none() && !self.whoami_pending() {
            self.issue(Slot::Whoami, RequestKind::Whoami);
        }
    }

    /// Timers: run a paused `/` line, expire the status message.
    pub fn on_tick(&mut self, now: Instant) {
        self.run_live_search(now);
        if let Some(at) = self.session.whoami_retry
            && now >= at
        {
            self.retry_whoami();
        }
        self.poll_notices(now);
        self.poll_version_watches(now);
        if let Some(f) = &self.screen.flash
            && now.duration_since(f.at) > FLASH_FOR
        {
            self.screen.flash = None;
            self.screen.dirty = true;
        }
    }

    // ----- searching -------------------------------------------------------------

    /// Start the grid's search over from page 1 (a new generation: older pages drop).
    pub(crate) fn start_search(&mut self) {
        self.browse.search_generation += 1;
        self.drop_unsent_searches();
        self.grid.reset(self.browse.page_size.clamp(1, 100));
        self.details.asset = None;
        self.browse.marking_all = false;
        self.editor_follow_selection();
        // Later pages of this search see the results as they were at page 1, while
        // others keep uploading (NOTES §2.3).
        self.browse.query.snapshot_timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_millis() as i64);
        self.request_page(1);
        self.screen.dirty = true;
    }

    fn request_page(&mut self, page: u32) {
        self.grid.results.ask(page);
        let generation = self.browse.search_generation;
        // Facet counts come with page 1, in the same request: no second wave.
        let mut query = self.browse.query.clone();
        query.include_totals = page == 1;
        if page == 1 {
            self.browse.facets_stale = true;
            self.browse.facet_counts.clear();
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
                per_page: self.browse.page_size,
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
        if !self.browse.marking_all {
            self.grid.results.evict_far_from(self.grid.cursor);
        }
        for page in self.grid.results.pages_for(self.grid.wanted_range()) {
            self.request_page(page);
        }
        if self.browse.marking_all
            && !self.grid.results.in_flight()
            && let Some(page) = self.grid.results.next_missing()
        {
            self.request_page(page);
        }
    }

    pub(super) fn request_details(&mut self) {
        if let Some(a) = self.grid.selected() {
            let id = a.id;
            if self.details.asset.as_ref().map(|d| d.id) != Some(id) {
                self.issue(Slot::Details, RequestKind::AssetDetails { id });
            }
        }
    }

    /// Drop the typed query and its filters (the scope stays).
    fn clear_query(&mut self) {
        self.browse.filters = Default::default();
        self.browse.filters.apply_to(&mut self.browse.query);
        self.browse.query.ids.clear();
        self.browse.query.guids.clear();
        self.browse.query_text = None;
    }

    /// The group the grid shows, for the status bar.
    pub fn breadcrumb(&self) -> String {
        if self.grid.trash {
            return "Trash".to_string();
        }
        match self.tree.selected {
            Some(i) => self.tree.breadcrumb(i),
            None => "All assets".to_string(),
        }
    }

    // ----- events ----------------------------------------------------------------

    /// One thing from the terminal: an event, or an answer to a query.
    pub(crate) fn on_input(&mut self, input: crate::terminal_input::Input) {
        use crate::terminal_input::Input as In;
        match input {
            In::Event { event, suspect } => {
                self.input.suspect = suspect;
                self.on_event(event);
                self.input.suspect = false;
            }
            In::Reply(reply) => self.on_terminal_reply(&reply),
        }
    }

    /// The probe, if answers are still awaited (handed to the next profile's run).
    pub(crate) fn take_image_probe(&mut self) -> Option<crate::thumbs::probe::Probe> {
        self.images.probe.take()
    }

    /// Keep listening for the image probe's answers after the first frame.
    pub(crate) fn set_image_probe(&mut self, probe: crate::thumbs::probe::Probe) {
        self.images.probe = Some(probe);
    }

    /// The terminal answered Device Attributes at `now`: if the link meter asked, a large
    /// frame has arrived whole. Whether the meter asked.
    pub fn link_answered(&mut self, now: Instant) -> bool {
        let was_slow = self.screen.link.slow();
        let asked = self.screen.link.answered(now);
        self.images.slow_link = self.screen.link.slow();
        if self.screen.link.slow() != was_slow {
            // Redraw: loupe pictures and small tiles are keyed by the link's speed, so
            // they are made anew for it.
            self.screen.dirty = true;
        }
        asked
    }

    /// An answer that came after the first frame: upgrade the image protocol if it
    /// allows a better one (never downgrade what is on screen).
    fn on_terminal_reply(&mut self, reply: &crate::terminal_input::Reply) {
        if self.images.probe.is_none()
            && matches!(reply, crate::terminal_input::Reply::DeviceAttributes { .. })
        {
            self.link_answered(Instant::now());
            return;
        }
        let Some(probe) = &mut self.images.probe else {
            tracing::debug!("terminal answer after the probe: {reply:?}");
            return;
        };
        let complete = probe.on_reply(reply);
        let better = probe.support();
        if complete {
            // Everything asked is answered: later replies (cursor reports…) need no
            // new picker each.
            self.images.probe = None;
        }
        use crate::thumbs::probe::rank;
        if better.kitty_png
            && !self.images.support.kitty_png
            && better.protocol() == self.images.support.protocol()
        {
            // Pictures encoded from now on go as PNGs; those on screen stay.
            self.images.support.kitty_png = true;
        }
        if rank(better.protocol()) > rank(self.images.support.protocol()) {
            tracing::info!("late terminal answer: images now {}", better.describe());
            self.flash(format!("Images: {}", better.describe()), false);
            let disk = self.images.disk.clone();
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
                // A confirm dialog swallows a paste; else the bulk dialog, then the
                // editor, then the search line take it.
                let taken = self.modals.confirm.is_some()
                    || self.bulk_paste(&text)
                    || (self.modals.search.is_none() && self.editor_paste(&text));
                if !taken && let Some(line) = &mut self.modals.search {
                    for c in text.chars().filter(|c| !c.is_control()) {
                        line.input.handle(tui_input::InputRequest::InsertChar(c));
                    }
                }
            }
            Event::Resize(w, h) => {
                self.screen.size = (w, h);
                self.screen.full_redraw = true;
            }
            Event::Mouse(m) => {
                if !self.on_mouse(m) {
                    return;
                }
            }
            Event::FocusGained => {
                // The terminal kept its screen and its images: redrawing what changed
                // is enough, and re-sending every sixel or iTerm2 picture costs
                // hundreds of KB over SSH. Ctrl-L still repaints everything.
                self.wake_jobs(None);
            }
            Event::FocusLost => return,
        }
        self.screen.dirty = true;
    }

    pub(crate) fn on_key(&mut self, key: KeyEvent) {
        self.screen.dirty = true;
        match self.modals.top() {
            Some(Modal::Search) => self.on_search_key(key),
            Some(Modal::Command) => self.on_command_key(key),
            Some(Modal::Confirm) => self.confirm_key(key),
            Some(Modal::Upload) => self.on_upload_picker_key(key),
            Some(Modal::Loupe) => self.on_loupe_key(key),
            Some(Modal::Share) => self.on_share_key(key),
            Some(Modal::Shares) => self.on_shares_key(key),
            Some(Modal::Comments) => self.on_comments_key(key),
            Some(Modal::Versions) => self.on_versions_key(key),
            Some(Modal::Overlay) => self.on_overlay_key(key),
            None => {
                if self.bulk_key(key) || self.editor_key(key) {
                    return;
                }
                if let Some(action) = self.input.keymap.lookup(self.focus.layer(), &key) {
                    self.act(action);
                }
            }
        }
    }

    fn on_overlay_key(&mut self, key: KeyEvent) {
        match &mut self.modals.overlay {
            Overlay::None => {}
            Overlay::Profiles { .. } => {
                self.on_profiles_key(&key);
            }
            Overlay::SortMenu { .. } => {
                self.on_sort_menu_key(&key);
            }
            Overlay::Preview => {
                match self.input.keymap.lookup(Layer::Grid, &key) {
                    Some(Action::Back | Action::Quit | Action::Preview) => {
                        self.modals.overlay = Overlay::None
                    }
                    Some(Action::Open | Action::OpenLoupe) => self.open_loupe(),
                    Some(Action::Redraw) => self.screen.full_redraw = true,
                    Some(Action::Left | Action::Up) => self.grid.move_by(-1, 0),
                    Some(Action::Right | Action::Down) => self.grid.move_by(1, 0),
                    _ => {}
                }
                self.load_needed_pages();
            }
            Overlay::Help { .. } | Overlay::AssetDetails { .. } | Overlay::Notifications { .. } => {
                if let Some(action) = self.input.keymap.lookup(Layer::Global, &key) {
                    if action == Action::Notifications {
                        self.modals.overlay = Overlay::None;
                        return;
                    }
                    self.scroll_overlay(action);
                }
            }
        }
    }

    /// An action on the help or full-details overlay (keys and the mouse wheel).
    pub(crate) fn scroll_overlay(&mut self, action: Action) {
        if !matches!(
            self.modals.overlay,
            Overlay::Help { .. } | Overlay::AssetDetails { .. } | Overlay::Notifications { .. }
        ) {
            return;
        }
        let max = self.screen.overlay_max_scroll.get();
        if self.modals.overlay.handle_action(action, 0, max) == Outcome::Ask(OverlayAsk::Close) {
            self.modals.overlay = Overlay::None;
        }
    }

    fn on_search_key(&mut self, key: KeyEvent) {
        let Some(line) = &mut self.modals.search else {
            return;
        };
        let ask = match line.handle_key(&key, &mut self.browse.search_history, Instant::now()) {
            Outcome::Ask(ask) => ask,
            Outcome::Consumed | Outcome::NotConsumed => return,
        };
        match ask {
            LineAsk::Cancel => {
                if let Some(saved) = self.modals.search.take().and_then(|l| l.before) {
                    self.restore_search(*saved);
                }
            }
            LineAsk::Submit => {
                let text = line.input.value().trim().to_string();
                let in_group = line.in_group;
                if line.ran.as_ref() == Some(&(text.clone(), in_group)) {
                    // Already searched while typing: keep it, remember it.
                    self.browse.search_history.push(&text);
                    self.modals.search = None;
                    return;
                }
                // A bad token keeps the line open with the text, and says what is wrong.
                if self.submit_search(text, in_group) {
                    self.modals.search = None;
                }
            }
        }
    }

    /// Search the `/` line's text once typing has paused (not while the editor holds
    /// unsaved changes: Enter asks about those first).
    fn run_live_search(&mut self, now: Instant) {
        let editing = self.editor_dirty();
        let Some(line) = &mut self.modals.search else {
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
                self.screen.dirty = true;
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
                text: self.browse.query_text.clone(),
                filters: self.browse.filters.clone(),
                query: self.browse.query.clone(),
                selected: self.tree.selected,
            }));
        }
        line.ran = Some((text.clone(), in_group));
        self.apply_search(parsed, text, in_group);
    }

    /// Esc on the `/` line: back to the search the grid showed before it.
    fn restore_search(&mut self, saved: PriorSearch) {
        self.browse.query_text = saved.text;
        self.browse.filters = saved.filters;
        self.browse.query = saved.query;
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
        let Some(input) = &mut self.modals.command else {
            return;
        };
        let tree = &self.tree;
        let Outcome::Ask(ask) =
            super::modals::command_line_key(input, &key, |kind| tree.names_of(kind))
        else {
            return;
        };
        match ask {
            CommandAsk::Close => {
                self.modals.command = None;
                // A `P` that opened the line for a picks lightbox picks nothing now.
                self.modals.loupe.pick_waiting = None;
            }
            CommandAsk::Run(cmd) => {
                self.modals.command = None;
                self.run_command(cmd);
            }
            CommandAsk::Say { text, error } => self.flash(text, error),
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
            Command::NewGroup(name) => self.create_group(name),
            Command::Rename(name) => self.rename_here(name),
            Command::MoveTo(name) => self.move_here(&name),
            Command::DownloadDir(dir) => self.set_download_dir(&dir),
            Command::Picks(name) => self.choose_picks(name, false),
            Command::Reject(word) => self.set_reject_as(&word),
            Command::Trash => self.open_trash(),
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
        self.browse.query.ids = ids;
        self.browse.query.guids = guids;
        self.browse.query.scope = SearchScope::Library;
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
                self.browse.search_history.push(&text);
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
        parsed.apply_to(&mut self.browse.query);
        self.browse.filters = parsed;
        self.browse.query_text = (!text.is_empty()).then_some(text);
        self.browse.query.scope = match (in_group, self.tree.selected) {
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
        self.screen.dirty = true;
        if self.guard_action(action) {
            return;
        }
        match action {
            Action::Quit => self.screen.should_quit = true,
            Action::Edit => self.open_editor(),
            Action::Help => self.modals.overlay = Overlay::Help { scroll: 0 },
            Action::FocusNext => self.set_focus(self.focus.next()),
            Action::FocusPrev => self.set_focus(self.focus.prev()),
            Action::ToggleJobs => self.toggle_jobs(),
            Action::ToggleFacets => self.toggle_facets(),
            Action::ToggleTransfers => self.toggle_transfers(),
            Action::Notifications => self.open_notifications(),
            Action::ClearFilters => self.clear_filters(),
            Action::Command => self.modals.command = Some(Input::default()),
            Action::Search => {
                self.browse.search_history.stop_browsing();
                let mut current = self.browse.query_text.clone().unwrap_or_default();
                // After a filter token, typing starts a new word instead of running on
                // into the token's value (free text can still be continued).
                let last_word = current.rsplit(char::is_whitespace).next().unwrap_or("");
                if last_word.contains(':') {
                    current.push(' ');
                }
                self.modals.search = Some(SearchLine {
                    input: Input::new(current),
                    in_group: self.tree.selected.is_some(),
                    due: None,
                    ran: None,
                    error: None,
                    before: None,
                });
            }
            Action::Refresh => self.refresh(),
            Action::Redraw => self.screen.full_redraw = true,
            Action::SwitchProfile => self.open_profiles(),
            Action::Upload => self.ask_upload(),
            _ => self.pane_action(action),
        }
    }

    /// The focused pane gets the action first; what it leaves goes to the router's
    /// bindings for that pane, then to the ones every pane shares.
    fn pane_action(&mut self, action: Action) {
        let on_grid = self.focus == Focus::Grid;
        let grid_cursor = self.grid.cursor;
        let consumed = match self.focus {
            Focus::Tree => {
                let out = self.tree.handle_action(action);
                self.on_tree_outcome(out)
            }
            Focus::Grid => {
                match self.grid.handle_action(action) {
                    Outcome::NotConsumed => self.grid_action(action),
                    Outcome::Consumed => {}
                    Outcome::Ask(message) => self.flash(message, false),
                }
                true
            }
            Focus::Details => match self.details.handle_action(action) {
                Outcome::NotConsumed if action == Action::Open => {
                    self.open_full_details();
                    true
                }
                out => out != Outcome::NotConsumed,
            },
            Focus::Jobs => {
                let out = self.bulk.monitor.handle_action(action);
                self.on_jobs_outcome(out)
            }
            Focus::Facets => {
                let rows = self.facet_rows();
                let out = self.browse.facet_panel.handle_action(action, &rows);
                self.on_facets_outcome(out)
            }
            Focus::Transfers => {
                let out = self.transfers.queue.handle_action(action);
                self.on_transfers_outcome(out)
            }
        };
        if !consumed && action == Action::Back {
            self.focus = Focus::Grid;
        }
        if on_grid {
            if self.grid.cursor != grid_cursor {
                self.details.scroll = 0;
                self.editor_follow_selection();
                if self.grid.trash {
                    // Who trashed it is only in the asset's own record.
                    self.request_details();
                }
            }
            self.load_needed_pages();
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
        if self.grid.trash {
            self.list_trash();
        } else {
            self.start_search();
        }
        self.flash("Refreshing…", false);
    }

    fn on_tree_outcome(&mut self, out: Outcome<TreeAsk>) -> bool {
        match out {
            Outcome::NotConsumed => return false,
            Outcome::Consumed => {}
            Outcome::Ask(TreeAsk::Load(idx, req)) => {
                self.issue(Slot::Tree(idx), req);
            }
            Outcome::Ask(TreeAsk::Open { idx, load }) => {
                if let Some(req) = load {
                    self.issue(Slot::Tree(idx), req);
                }
                self.select_group(idx);
            }
            Outcome::Ask(TreeAsk::RunSaved(idx)) => self.run_saved(idx),
            Outcome::Ask(TreeAsk::OpenTrash) => self.open_trash(),
            Outcome::Ask(TreeAsk::GiveAway) => self.start_giving_lightbox(),
            Outcome::Ask(TreeAsk::Rename) => self.start_rename(),
            Outcome::Ask(TreeAsk::Delete) => self.ask_delete(),
            Outcome::Ask(TreeAsk::NewGroup) => self.start_new_group(),
            Outcome::Ask(TreeAsk::Move) => self.start_move(),
            Outcome::Ask(TreeAsk::ShareLinks) => self.open_share_links(),
            Outcome::Ask(TreeAsk::Comments) => self.open_comments(),
        }
        true
    }

    pub(crate) fn expand(&mut self, idx: usize) {
        if let Some(req) = self.tree.expand(idx) {
            self.issue(Slot::Tree(idx), req);
        }
    }

    /// Show `idx`'s assets in the grid.
    pub(crate) fn select_group(&mut self, idx: usize) {
        self.browse.reveal = None;
        self.tree.selected = Some(idx);
        self.browse.query.scope = self.tree.scope_of(idx);
        self.clear_query();
        if self.browse.query.scope == SearchScope::Library {
            self.tree.selected = None;
        }
        self.start_search();
    }

    /// The grid's actions that need more than the grid: the search, the overlays, the
    /// other panes.
    fn grid_action(&mut self, action: Action) {
        match action {
            Action::Open if self.grid.selected().is_some() => self.open_full_details(),
            Action::Back => {
                if self.browse.query_text.is_some()
                    || !self.browse.query.ids.is_empty()
                    || !self.browse.query.guids.is_empty()
                {
                    self.clear_query();
                    // A saved search's scope goes with it: back to the whole library.
                    if self
                        .tree
                        .selected
                        .is_some_and(|i| self.tree.items[i].saved.is_some())
                    {
                        self.tree.selected = None;
                        self.browse.query.scope = SearchScope::Library;
                    }
                    self.start_search();
                    self.flash("Search cleared", false);
                } else if !self.grid.marks.is_empty() {
                    self.grid.clear_marks();
                }
            }
            Action::MarkAll => {
                self.grid.mark_loaded();
                if !self.grid.results.complete() {
                    self.browse.marking_all = true;
                    self.flash("Marking all results: loading the remaining pages…", false);
                }
            }
            Action::BulkEdit => self.open_bulk_dialog(),
            Action::Download => self.ask_download(false),
            Action::DownloadZip => self.ask_download(true),
            Action::Rate(r) => self.rate(r as i64),
            Action::OpenLoupe => self.open_loupe(),
            Action::RestoreFromTrash => self.restore_from_trash(),
            Action::OpenShares => self.open_shares(),
            Action::CopyLink => self.copy_asset_link(),
            Action::CopyId => self.copy_asset_guid(),
            Action::OpenVersions => self.open_versions(),
            Action::CycleSort => {
                let (field, _) = self.browse.query.sort.unwrap_or_default();
                let pos = SortField::ALL.iter().position(|f| *f == field).unwrap_or(0);
                let next = SortField::ALL[(pos + 1) % SortField::ALL.len()];
                self.sort_by(next, next.natural_order());
            }
            Action::ReverseSort => {
                let (field, order) = self.browse.query.sort.unwrap_or_default();
                self.sort_by(field, order.flipped());
            }
            Action::SortMenu => self.open_sort_menu(),
            Action::Preview if self.grid.selected().is_some() => {
                if self.images.support.picker.is_some() {
                    self.modals.overlay = Overlay::Preview;
                } else {
                    self.flash(
                        format!("Images are off: {}", self.images.support.reason),
                        true,
                    );
                }
            }
            _ => {}
        }
    }

    fn open_full_details(&mut self) {
        self.modals.overlay = Overlay::AssetDetails { scroll: 0 };
        self.request_details();
    }

    /// Set the rating of the marked assets, or of the selected one.
    fn rate(&mut self, rating: i64) {
        if self.session.read_only {
            self.flash("Read-only mode: ratings cannot be changed", true);
            return;
        }
        let ids = self.grid.marked_or_selected();
        if ids.is_empty() {
            return;
        }
        if self.input.suspect {
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
        self.browse.ratings_pending += ids.len();
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

    /// Messages that answer no single request, and so never pass the request book: the
    /// job poller's reports and transfer events (one transfer reports many times).
    fn take_streamed(&mut self, msg: Msg) -> Option<Msg> {
        use crate::protocol::jobs::JobsMsg;
        match msg.kind {
            MsgKind::Jobs(JobsMsg::Polled(report)) => {
                self.requests.forget(msg.id);
                self.screen.dirty = true;
                self.on_poll(report);
                None
            }
            MsgKind::Transfer(ev) => {
                self.on_transfer(ev);
                None
            }
            kind => Some(Msg { id: msg.id, kind }),
        }
    }

    /// Apply one answer from the API task (stale ones are dropped).
    pub fn on_msg(&mut self, msg: Msg) {
        let Some(msg) = self.take_streamed(msg) else {
            return;
        };
        let Some(slot) = self.requests.accept(msg.id) else {
            return;
        };
        self.screen.dirty = true;
        if slot.is_editor() {
            self.on_editor_msg(slot, msg.kind);
            return;
        }
        if slot == Slot::Judgement {
            match msg.kind {
                MsgKind::Rated { id, result } => {
                    self.on_judged(id, Thing::Rating, result.map(Some))
                }
                MsgKind::FieldSet { id, field, result } => {
                    self.on_judged(id, Thing::Field(field), result.map(Some))
                }
                MsgKind::Picked { id, agid, result } => {
                    self.on_judged(id, Thing::Pick(agid), result.map(|()| None))
                }
                _ => {}
            }
            return;
        }
        match msg.kind {
            MsgKind::Whoami(r) => match r {
                Ok(u) => {
                    if self.session.org_name.is_none() {
                        self.session.org_name =
                            u.organization.as_ref().and_then(|o| o.title.clone());
                    }
                    self.session.user = Some(u);
                    self.session.connection = Connection::Ok;
                    self.start_notice_polling(Instant::now());
                    self.session.whoami_retry = None;
                    self.session.whoami_backoff.reset();
                }
                Err(e) => {
                    self.note_error("Could not identify you", &e);
                    let wait = self.session.whoami_backoff.step();
                    self.session.whoami_retry = Some(Instant::now() + wait);
                }
            },
            MsgKind::Organization(r) => match r {
                Ok(o) => {
                    self.session.org_name = o.title;
                    self.session.org_slug = o.slug;
                    if let Some(s) = o.default_sort_order.as_deref() {
                        self.apply_default_sort(s);
                    }
                }
                Err(e) => tracing::info!("organization: {e}"),
            },
            MsgKind::CustomMetaFields(r) => match r {
                Ok(fields) => self.session.set_fields(fields),
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
                        Some((Section::Trash, _)) => "the trash",
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
                if generation != self.browse.search_generation {
                    return;
                }
                match result {
                    Ok(Some(f)) => {
                        self.browse.facet_counts.push(f);
                        if !self.browse.facets_stale {
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
                if generation != self.browse.search_generation {
                    return;
                }
                self.grid.loading = false;
                match result {
                    Ok(p) => {
                        self.session.connection = Connection::Ok;
                        let marked: Vec<i64> = if self.browse.marking_all {
                            p.assets.iter().map(|a| a.id).collect()
                        } else {
                            Vec::new()
                        };
                        let cursor_was_loaded = self.grid.selected().is_some();
                        if !self.grid.results.accept(page, p.assets, p.total) {
                            return;
                        }
                        if page == 1 {
                            *self.browse.facets_mut() = p.response.facets();
                            self.merge_facet_counts();
                            self.browse.facets_stale = false;
                            let rows = self.facet_rows();
                            self.browse.facet_panel.sync(&rows);
                        }
                        self.grid.marks.extend(marked);
                        // The cursor may stand past the end the server now reports.
                        self.grid.go_to(self.grid.cursor);
                        if !cursor_was_loaded && self.grid.selected().is_some() {
                            self.editor_follow_selection();
                        }
                        self.want_shot();
                        if page == 1
                            && self.grid.is_empty()
                            && (!self.browse.query.ids.is_empty()
                                || !self.browse.query.guids.is_empty())
                        {
                            let which: Vec<String> = self
                                .browse
                                .query
                                .ids
                                .iter()
                                .map(i64::to_string)
                                .chain(self.browse.query.guids.iter().map(|g| safe(g)))
                                .collect();
                            self.flash(
                                format!(
                                    "No asset {} — it does not exist, or you cannot see it",
                                    which.join(", ")
                                ),
                                true,
                            );
                        }
                        if self.browse.marking_all && self.grid.results.complete() {
                            self.browse.marking_all = false;
                            let n = self.grid.marks.len();
                            self.flash(format!("Marked all {n} results"), false);
                        }
                        self.load_needed_pages();
                    }
                    Err(e) => {
                        self.grid.results.failed(page);
                        self.grid.error = Some(e.to_string());
                        self.browse.marking_all = false;
                        self.note_error("Search failed", &e);
                    }
                }
            }
            MsgKind::AssetDetails(r) => match r {
                Ok(a) => {
                    self.session.connection = Connection::Ok;
                    self.details.asset = Some(a);
                }
                Err(e) => self.note_error("Could not load the asset", &e),
            },
            MsgKind::Thumbnail { key, outcome } => match outcome {
                ThumbOutcome::Ready { picture, bytes } => self
                    .images
                    .cache
                    .finish(&key, ThumbState::Ready { picture, bytes }),
                ThumbOutcome::Failed(e) => {
                    tracing::info!("thumbnail {}: {e}", key.guid);
                    self.images.cache.finish(&key, ThumbState::Failed(e));
                }
                // A newer request for the same key may be loading: leave it alone.
                ThumbOutcome::Cancelled => {}
            },
            // Only the loupe asks for these (its own slot, handled above).
            MsgKind::FieldSet { .. } | MsgKind::Picked { .. } => {}
            MsgKind::PicksLightbox { name, result } => self.on_picks_lightbox(name, result),
            MsgKind::WorkflowSteps(result) => self.on_workflow_steps(result),
            MsgKind::MoveTargets { name, result } => self.on_move_targets(&name, result),
            MsgKind::ShotInfo { id, result } => self.on_shot(id, result),
            MsgKind::StepApproved {
                name,
                asked,
                result,
            } => self.on_step_approved(&name, asked, result),
            MsgKind::Rated { id, result } => {
                self.browse.ratings_pending = self.browse.ratings_pending.saturating_sub(1);
                match result {
                    Ok(a) => {
                        if self.details.asset.as_ref().map(|d| d.id) == Some(id) {
                            self.details.asset = Some(a.clone());
                        }
                        let rating = a.rating.unwrap_or(0);
                        self.grid.replace(a);
                        if self.browse.ratings_pending == 0 {
                            self.flash(format!("Rating {rating} saved"), false);
                        }
                    }
                    Err(e) => self.note_error(&format!("Rating not saved for asset {id}"), &e),
                }
            }
            MsgKind::RightsPackages(r) => match r {
                Ok(list) => {
                    if let Some(form) = self.edit.editor.as_mut().and_then(|e| e.form.as_mut()) {
                        form.set_rights_packages(&list);
                    }
                    self.session.rights_packages = list;
                }
                Err(e) => {
                    self.session.rights_requested = false;
                    tracing::info!("rights packages: {e}");
                }
            },
            other @ (MsgKind::Saved { .. } | MsgKind::TagSuggestions { .. }) => {
                self.on_editor_msg(slot, other)
            }
            MsgKind::Jobs(m) => self.on_jobs_msg(msg.id, m),
            MsgKind::SavedSearches { node, result } => self.on_saved_list(node, result),
            MsgKind::SavedSearchChanged { change, result } => self.on_saved_change(change, result),
            MsgKind::GroupChanged { change, result } => self.on_group_changed(change, result),
            MsgKind::Share { request, result } => self.on_share_answer(request, result),
            MsgKind::Shares { request, result } => self.on_shares_answer(request, result),
            MsgKind::Comments { request, result } => self.on_comments_answer(request, result),
            MsgKind::Versions { request, result } => self.on_versions_answer(request, result),
            MsgKind::UnseenNotifications(r) => self.on_unseen(r, Instant::now()),
            MsgKind::TrashCount(r) => self.on_trash_count(r),
            MsgKind::LightboxPeople { id, name, result } => {
                self.on_lightbox_people(id, name, result)
            }
            MsgKind::LightboxGiven { name, to, result } => self.on_lightbox_given(name, to, result),
            MsgKind::AssetFresh { id, result } => self.on_asset_fresh(id, result, Instant::now()),
            MsgKind::TrashList(r) => {
                if let Slot::Trash { generation } = slot {
                    self.on_trash_list(generation, r);
                }
            }
            MsgKind::Notifications(r) => self.on_notifications(r),
            MsgKind::CountedBeforeDelete { change, result } => {
                self.ask_delete_counted(change, result)
            }
            // Streamed: taken by `take_streamed` before the request book.
            MsgKind::Transfer(_) => {}
            MsgKind::LocalScanned { typed, result } => {
                if let Some(picker) = &mut self.modals.upload {
                    picker.on_scanned(&typed, result);
                }
            }
        }
    }

    /// What became of a write whose view was closed before the answer came.
    fn say_write_outcome<T>(
        &mut self,
        result: &crate::api::ApiResult<T>,
        saved: &str,
        failed: &str,
    ) {
        match result {
            Ok(_) => self.flash(saved, false),
            Err(e) => self.note_error(failed, e),
        }
    }

    fn note_error(&mut self, what: &str, e: &crate::api::ApiError) {
        tracing::warn!("{what}: {e}");
        if matches!(
            e,
            crate::api::ApiError::Timeout | crate::api::ApiError::Network(_)
        ) {
            self.session.connection = Connection::Failing(e.to_string());
        }
        self.flash(format!("{what}: {}", safe(&e.to_string())), true);
    }
}
