//! The details pane: the selected asset's full record once fetched, and how far it is
//! scrolled.

use crate::api::models::Asset;
use crate::keymap::Action;
use crate::panes::Outcome;

#[derive(Debug)]
pub struct DetailsPane {
    /// Full details of the selected asset, when fetched.
    pub asset: Option<Asset>,
    pub scroll: u16,
    /// Largest useful scroll, as last drawn.
    pub max_scroll: std::cell::Cell<u16>,
}

impl Default for DetailsPane {
    fn default() -> DetailsPane {
        DetailsPane {
            asset: None,
            scroll: 0,
            max_scroll: std::cell::Cell::new(u16::MAX),
        }
    }
}

impl DetailsPane {
    /// Scroll keys; the rest (open the full record, back) are the router's.
    pub(crate) fn handle_action(&mut self, action: Action) -> Outcome<()> {
        let max = self.max_scroll.get();
        self.scroll = match action {
            Action::Down => self.scroll.saturating_add(1).min(max),
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll.saturating_add(10).min(max),
            Action::PageUp => self.scroll.saturating_sub(10),
            Action::Home => 0,
            _ => return Outcome::NotConsumed,
        };
        Outcome::Consumed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_last_useful_line() {
        let mut d = DetailsPane::default();
        d.max_scroll.set(12);
        assert_eq!(d.handle_action(Action::PageDown), Outcome::Consumed);
        assert_eq!(d.handle_action(Action::PageDown), Outcome::Consumed);
        assert_eq!(d.scroll, 12);
        d.handle_action(Action::Up);
        assert_eq!(d.scroll, 11);
        d.handle_action(Action::Home);
        assert_eq!(d.scroll, 0);
        assert_eq!(d.handle_action(Action::Open), Outcome::NotConsumed);
    }
}
