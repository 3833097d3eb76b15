//! The culling loupe (`L`): keys to moves, filters, compare and judgements (which
//! `judging` turns into writes).

use super::App;
use crate::api::models::Asset;
use crate::keymap::{Action, Layer};
use crate::panes::Outcome;
use crate::panes::judgements::Setting;
use crate::panes::loupe::LoupeAsk;

/// Pictures fetched ahead of the one shown, in each direction.
pub(crate) const LOUPE_AHEAD: usize = 4;

impl App {
    /// `L` in the grid, Enter in the large preview.
    pub(crate) fn open_loupe(&mut self) {
        if self.grid.selected().is_none() {
            self.flash("Nothing to cull here: the result is empty", true);
            return;
        }
        self.modals.overlay = super::Overlay::None;
        self.end_compare();
        self.modals.loupe.open = true;
        self.want_shot();
    }

    /// The id of the asset the keys act on, once its page has loaded.
    pub(super) fn loupe_asset(&self) -> Option<i64> {
        self.grid.results.get(self.loupe_focus()).map(|a| a.id)
    }

    /// The asset the keys act on, or (its page still loading) a message that `verb`
    /// did nothing.
    pub(super) fn loupe_asset_or_say(&mut self, verb: &str) -> Option<i64> {
        let id = self.loupe_asset();
        if id.is_none() {
            self.flash(
                format!(
                    "This asset is still loading: {verb} it once it shows (nothing was changed)"
                ),
                true,
            );
        }
        id
    }

    /// The loupe is open and still on `waiting`, the asset whose key asked a question.
    pub(super) fn loupe_still_on(&self, waiting: Option<i64>) -> bool {
        self.modals.loupe.open && waiting.is_some() && waiting == self.loupe_asset()
    }

    /// Ask for the camera and lens of the asset the keys act on, once per asset, while
    /// the info strip shows.
    pub(super) fn want_shot(&mut self) {
        let loupe = &self.modals.loupe;
        if !loupe.open || !loupe.info {
            return;
        }
        let Some(id) = self.loupe_asset() else {
            return;
        };
        if loupe.shots.contains_key(&id) || loupe.shot_asked == Some(id) {
            return;
        }
        self.modals.loupe.shot_asked = Some(id);
        self.issue(
            super::Slot::Shot,
            crate::protocol::RequestKind::ShotInfo { id },
        );
    }

    pub(super) fn on_shot(
        &mut self,
        id: i64,
        result: crate::api::ApiResult<Option<crate::api::models::Shot>>,
    ) {
        /// Assets whose camera and lens are remembered at most.
        const SHOTS_KEPT: usize = 2_000;
        let shots = &mut self.modals.loupe.shots;
        if shots.len() >= SHOTS_KEPT {
            shots.clear();
        }
        // A failed read says nothing: the strip just shows no camera for it.
        shots.insert(id, result.ok().flatten());
        self.want_shot();
    }

    pub(super) fn on_loupe_key(&mut self, key: crossterm::event::KeyEvent) {
        let Some(action) = self.input.keymap.lookup(Layer::Loupe, &key) else {
            return;
        };
        if action == Action::Redraw {
            self.screen.full_redraw = true;
            return;
        }
        let ask = match self.modals.loupe.handle_action(action) {
            Outcome::Ask(ask) => ask,
            Outcome::Consumed => return self.want_shot(),
            Outcome::NotConsumed => return,
        };
        match ask {
            LoupeAsk::Move(by) => self.loupe_move(by),
            LoupeAsk::First => {
                self.end_compare();
                self.loupe_go(0);
            }
            LoupeAsk::Last => {
                self.end_compare();
                self.loupe_go(self.grid.len().saturating_sub(1));
            }
            LoupeAsk::Judge(rating) => self.judge(Setting::Rating(rating)),
            LoupeAsk::Reject => self.reject(),
            LoupeAsk::Mark(n) => self.mark_status(n),
            LoupeAsk::Pick => self.pick(),
            LoupeAsk::ApproveStep => self.start_approval(),
            LoupeAsk::Undo => self.loupe_undo(),
            LoupeAsk::RetryUnsaved => {
                let writes = self.modals.loupe.writes.retry();
                let n = writes.len();
                self.send_judgements(writes);
                if n > 0 {
                    self.flash(format!("Sending {n} unsaved judgements again"), false);
                }
            }
            LoupeAsk::Filtered => {
                if !self.loupe_shows_match() {
                    self.loupe_move(1);
                }
                if !self.loupe_shows_match() {
                    self.loupe_move(-1);
                }
            }
            LoupeAsk::Compare => self.toggle_compare(),
            LoupeAsk::Close => self.close_loupe(),
        }
        self.want_shot();
    }

    fn end_compare(&mut self) {
        self.modals.loupe.compare = None;
        self.modals.loupe.right_side = false;
    }

    fn close_loupe(&mut self) {
        if self.ask_to_trash_rejects() {
            return;
        }
        self.loupe_closed();
    }

    /// The loupe is gone from the screen; its judgements on their way keep going.
    pub(super) fn loupe_closed(&mut self) {
        self.modals.loupe.pick_waiting = None;
        let unsaved = self.modals.loupe.writes.unsaved();
        self.modals.loupe.open = false;
        if unsaved > 0 {
            self.flash(format!("{unsaved} judgements are still being saved"), false);
        }
    }

    /// Move the side the keys act on `by` matching assets.
    fn loupe_move(&mut self, by: isize) {
        let from = self.loupe_focus();
        let to = self.loupe_step(from, by);
        if to == from && self.modals.loupe.filter != crate::panes::loupe::LoupeFilter::All {
            let what = self.modals.loupe.filter.label().unwrap_or_default();
            self.flash(format!("No more {what} assets that way"), false);
        }
        self.loupe_set_focus(to);
    }

    /// From `from`, `by` assets among those the filter keeps (in compare, never onto
    /// the other side): the first match, a position whose page is not loaded yet (it
    /// loads; move again once it shows), or `from` when nothing matched on the way.
    pub(super) fn loupe_step(&self, from: usize, by: isize) -> usize {
        let filter = self.modals.loupe.filter;
        let other = self.loupe_other_side();
        let last = self.grid.len().saturating_sub(1);
        let step = by.signum();
        let mut left = by.unsigned_abs();
        let (mut at, mut stop) = (from, from);
        while left > 0 {
            let Some(next) = at.checked_add_signed(step).filter(|&n| n <= last) else {
                break;
            };
            at = next;
            if Some(at) == other {
                continue;
            }
            match self.grid.results.get(at) {
                None => return at,
                Some(a) if self.loupe_keeps(filter, a) => {
                    stop = at;
                    left -= 1;
                }
                Some(_) => {}
            }
        }
        stop
    }

    /// The index the keys act on: the cursor, or in compare the focused side.
    pub fn loupe_focus(&self) -> usize {
        match (self.modals.loupe.compare, self.modals.loupe.right_side) {
            (Some(c), true) => c,
            _ => self.grid.cursor,
        }
    }

    fn loupe_other_side(&self) -> Option<usize> {
        let c = self.modals.loupe.compare?;
        Some(match self.modals.loupe.right_side {
            true => self.grid.cursor,
            false => c,
        })
    }

    fn loupe_set_focus(&mut self, index: usize) {
        match (self.modals.loupe.compare, self.modals.loupe.right_side) {
            (Some(_), true) => {
                self.modals.loupe.compare = Some(index);
                self.load_needed_pages();
            }
            _ => self.loupe_go(index),
        }
    }

    /// `c`: the next matching asset beside this one, or back to one picture.
    fn toggle_compare(&mut self) {
        let loupe = &mut self.modals.loupe;
        if loupe.compare.take().is_some() {
            loupe.right_side = false;
            return;
        }
        let challenger = self.loupe_step(self.grid.cursor, 1);
        if challenger == self.grid.cursor {
            self.flash("Nothing to compare with: this is the last one", false);
            return;
        }
        self.modals.loupe.compare = Some(challenger);
    }

    /// The asset shown is one the filter keeps (or not loaded yet).
    fn loupe_shows_match(&self) -> bool {
        self.grid
            .selected()
            .is_none_or(|a| self.loupe_keeps(self.modals.loupe.filter, a))
    }

    /// Whether `filter` keeps `a`.
    fn loupe_keeps(&self, filter: crate::panes::loupe::LoupeFilter, a: &Asset) -> bool {
        filter.matches(crate::panes::loupe::Judged {
            rating: a.rating,
            picked: self.picked(a.id),
            rejected: self.rejected(a),
        })
    }

    /// Whether the asset is in the picks lightbox, as far as this mgtui knows.
    pub fn picked(&self, id: i64) -> bool {
        self.modals
            .loupe
            .picks
            .as_ref()
            .is_some_and(|p| p.members.contains(&id))
    }

    /// (position among the matching loaded assets, how many match, all pages loaded).
    pub fn loupe_filtered_position(&self) -> (usize, usize, bool) {
        let filter = self.modals.loupe.filter;
        let mut before = 0;
        let mut total = 0;
        for (i, a) in self.grid.results.loaded() {
            if self.loupe_keeps(filter, a) {
                total += 1;
                if i <= self.loupe_focus() {
                    before += 1;
                }
            }
        }
        let all = self.grid.results.loaded().count() == self.grid.len();
        (before, total, all)
    }

    pub(super) fn loupe_go(&mut self, index: usize) {
        self.grid.cursor = index.min(self.grid.len().saturating_sub(1));
        self.load_needed_pages();
    }

    /// After a judgement: one picture moves on; in compare a judged challenger makes way
    /// for the next one, and a judged left side hands its place to the challenger.
    pub(super) fn loupe_advance(&mut self) {
        let Some(challenger) = self.modals.loupe.compare else {
            self.loupe_move(1);
            return;
        };
        if !self.modals.loupe.right_side {
            self.grid.cursor = challenger;
        }
        let next = self.loupe_step(challenger, 1);
        match next == challenger {
            true => {
                self.modals.loupe.compare = None;
                self.modals.loupe.right_side = false;
                self.flash("The last one: back to one picture", false);
            }
            false => self.modals.loupe.compare = Some(next),
        }
        self.load_needed_pages();
    }

    /// The loupe's picture area in cells (the whole screen less its title and strip).
    pub fn loupe_cells(&self) -> (u16, u16) {
        let (w, h) = self.screen.size;
        let strip = match self.modals.loupe.info {
            true => 4,
            false => 0,
        };
        let w = match self.modals.loupe.compare {
            Some(_) => w.saturating_sub(1) / 2,
            None => w,
        };
        (w.max(1), h.saturating_sub(2 + strip).max(1))
    }

    /// The cells a loupe picture is made for: the picture area, except over a slow link
    /// with sixel, which carries every pixel: there no more than the small rendition's
    /// own pixels (a screen of them scaled up takes several times as long to arrive and
    /// shows no more detail), centred in the area.
    pub fn loupe_picture_cells(&self) -> (u16, u16) {
        let cells = self.loupe_cells();
        let Some(picker) = &self.images.support.picker else {
            return cells;
        };
        if picker.protocol_type() != ratatui_image::picker::ProtocolType::Sixel
            || !self.screen.link.slow()
        {
            return cells;
        }
        let font = picker.font_size();
        let px = crate::thumbs::Rendition::Small.px();
        let most = (
            (px / u32::from(font.width.max(1))) as u16,
            (px / u32::from(font.height.max(1))) as u16,
        );
        (cells.0.min(most.0.max(1)), cells.1.min(most.1.max(1)))
    }
}
