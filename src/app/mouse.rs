//! Mouse: click focuses a pane and selects what is under the pointer, double-click
//! opens it, the wheel scrolls the pane under the pointer.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::state::{App, Focus, Overlay};
use crate::keymap::Action;

const DOUBLE_CLICK: Duration = Duration::from_millis(400);

#[derive(Debug, Clone)]
pub struct MouseState {
    /// `mouse = false` in config.toml turns the mouse off.
    pub enabled: bool,
    last_click: Option<(Instant, u16, u16)>,
}

impl Default for MouseState {
    fn default() -> MouseState {
        MouseState {
            enabled: true,
            last_click: None,
        }
    }
}

impl App {
    /// Handle one mouse event; false when it changed nothing.
    pub(crate) fn on_mouse(&mut self, m: MouseEvent) -> bool {
        if !self.input.mouse.enabled || self.modals.search.is_some() {
            return false;
        }
        if self.modals.loupe.open {
            // The wheel moves through the pictures; clicks have nothing to hit.
            let by = match m.kind {
                MouseEventKind::ScrollDown => 1,
                MouseEventKind::ScrollUp => -1,
                _ => return false,
            };
            let last = self.grid.len().saturating_sub(1);
            self.grid.cursor = self.grid.cursor.saturating_add_signed(by).min(last);
            self.load_needed_pages();
            return true;
        }
        if self.modals.overlay != Overlay::None {
            let action = match m.kind {
                MouseEventKind::ScrollDown => Action::Down,
                MouseEventKind::ScrollUp => Action::Up,
                _ => return false,
            };
            if matches!(
                self.modals.overlay,
                Overlay::Help { .. } | Overlay::AssetDetails { .. }
            ) {
                self.scroll_overlay(action);
                self.screen.dirty = true;
                return true;
            }
            return false;
        }
        let (w, h) = self.screen.size;
        let areas = crate::app::layout::areas(Rect::new(0, 0, w, h), self.focus);
        let at = Position::new(m.column, m.row);
        let pane = [
            (Focus::Tree, areas.tree),
            (Focus::Grid, areas.grid),
            (Focus::Details, areas.details),
        ]
        .into_iter()
        .find_map(|(f, r)| r.filter(|r| r.contains(at)).map(|r| (f, r)));
        let Some((mut focus, rect)) = pane else {
            return false;
        };
        if focus == Focus::Details {
            focus = self.right_pane_focus();
        }
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = m.kind == MouseEventKind::ScrollDown;
                self.focus = focus;
                self.act(if down { Action::Down } else { Action::Up });
                true
            }
            MouseEventKind::Down(MouseButton::Left) => {
                let now = Instant::now();
                let double = self.input.mouse.last_click.is_some_and(|(t, x, y)| {
                    now.duration_since(t) <= DOUBLE_CLICK && x == m.column && y == m.row
                });
                self.input.mouse.last_click = (!double).then_some((now, m.column, m.row));
                self.focus = focus;
                let hit = match focus {
                    Focus::Tree => self.click_tree(rect, m.row),
                    Focus::Grid => self.click_grid(rect, m.column, m.row),
                    Focus::Details | Focus::Jobs | Focus::Transfers => true,
                    Focus::Facets => self.click_facet(rect, m.row),
                };
                if double && hit {
                    self.act(Action::Open);
                }
                true
            }
            _ => false,
        }
    }

    fn click_tree(&mut self, rect: Rect, row: u16) -> bool {
        let inner_top = rect.y + 1;
        let height = rect.height.saturating_sub(2) as usize;
        if row < inner_top || row >= inner_top + height as u16 {
            return false;
        }
        let len = self.tree.visible().len();
        let scroll =
            crate::app::layout::scroll_for(self.tree.cursor, self.tree.scroll, height, len);
        let idx = scroll + (row - inner_top) as usize;
        if idx >= len {
            return false;
        }
        self.tree.cursor = idx;
        true
    }

    fn click_facet(&mut self, rect: Rect, y: u16) -> bool {
        let Some(i) = crate::app::layout::row_at(self, rect, y) else {
            return false;
        };
        let rows = self.facet_rows();
        if !rows[i].selectable() {
            return false;
        }
        self.browse.facet_panel.select(&rows, i);
        true
    }

    /// A click on the chip row removes the chip under it. None: not on the chip row.
    fn click_chips(&mut self, rect: Rect, x: u16, y: u16) -> Option<bool> {
        let (Some(row), _) = crate::app::layout::split_chips(self, rect) else {
            return None;
        };
        if y != row.y {
            return None;
        }
        let (placed, _) = crate::app::layout::place_chips(&self.browse.filters.filters(), row);
        let chip = placed.into_iter().find(|c| x >= c.x && x < c.x + c.width)?;
        self.remove_filter(&chip.filter);
        Some(false)
    }

    fn click_grid(&mut self, rect: Rect, x: u16, y: u16) -> bool {
        if let Some(done) = self.click_chips(rect, x, y) {
            return done;
        }
        let (_, rect) = crate::app::layout::split_chips(self, rect);
        match self.grid.index_at(rect, x, y) {
            Some(i) => {
                if self.grid.cursor != i {
                    self.grid.cursor = i;
                    self.details.scroll = 0;
                }
                true
            }
            None => false,
        }
    }
}
