//! What takes keys before the panes, in order: the `/` search line, the `:` command
//! line, the confirm dialog, then a full-screen overlay. (The bulk-edit dialog, when open
//! and no overlay covers it, comes next; then the focused pane.)

use std::time::Instant;

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;

use super::state::{Asking, LIVE_SEARCH_DELAY};
use crate::api::models::SearchQuery;
use crate::command::{self, Command, NameKind};
use crate::keymap::{self, Action, Layer};
use crate::panes::Outcome;
use crate::search::history::History;
use crate::text::safe;

/// What the `/` line needs the router for.
#[derive(Debug, PartialEq)]
pub(crate) enum LineAsk {
    /// Esc: close the line and put back the search shown before it.
    Cancel,
    /// Enter: search the text (or keep the search typing already ran).
    Submit,
}

/// What an overlay needs the router for.
#[derive(Debug, PartialEq)]
pub(crate) enum OverlayAsk {
    Close,
    /// Enter on entry `n` of a picker (profiles, sort menu).
    Pick(usize),
}

/// Full-screen layers drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
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
    /// The user's notifications (`N`).
    Notifications {
        scroll: u16,
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
    pub(crate) before: Option<Box<PriorSearch>>,
}

/// What the `:` line needs the router for.
#[derive(Debug, PartialEq)]
pub(crate) enum CommandAsk {
    Close,
    Run(Command),
    /// Tell the user (completion candidates, a command that does not parse).
    Say {
        text: String,
        error: bool,
    },
}

/// A key typed into the `:` line; `names` lists the tree's names for completion.
pub(crate) fn command_line_key(
    input: &mut Input,
    key: &KeyEvent,
    names: impl Fn(NameKind) -> Vec<String>,
) -> Outcome<CommandAsk> {
    match key.code {
        KeyCode::Esc => return Outcome::Ask(CommandAsk::Close),
        KeyCode::Tab => {
            if let Some(done) = command::complete(input.value(), &names) {
                *input = Input::new(done);
                return Outcome::Consumed;
            }
            let offer = command::candidates(input.value(), &names, 12);
            let text = if offer.is_empty() {
                "Nothing to complete here".to_string()
            } else {
                let offer: Vec<String> = offer.iter().map(|c| safe(c)).collect();
                format!("Tab: {}", offer.join(" · "))
            };
            return Outcome::Ask(CommandAsk::Say { text, error: false });
        }
        KeyCode::Enter => {
            return Outcome::Ask(match command::parse(input.value()) {
                Ok(cmd) => CommandAsk::Run(cmd),
                Err(text) => CommandAsk::Say { text, error: true },
            });
        }
        _ => {
            if let Some(req) = tui_input::backend::crossterm::to_input_request(&Event::Key(*key)) {
                input.handle(req);
            }
        }
    }
    Outcome::Consumed
}

impl SearchLine {
    /// A key typed into the line; Up/Down walk the `history`. Changing the text or the
    /// scope schedules a live search at `now` + [`LIVE_SEARCH_DELAY`].
    pub(crate) fn handle_key(
        &mut self,
        key: &KeyEvent,
        history: &mut History,
        now: Instant,
    ) -> Outcome<LineAsk> {
        let before = (self.input.value().to_string(), self.in_group);
        match key.code {
            KeyCode::Esc => return Outcome::Ask(LineAsk::Cancel),
            KeyCode::Enter => return Outcome::Ask(LineAsk::Submit),
            KeyCode::Tab => self.in_group = !self.in_group,
            KeyCode::Up => {
                if let Some(q) = history.older(self.input.value()) {
                    self.input = Input::new(q.to_string());
                }
            }
            KeyCode::Down => {
                if let Some(q) = history.newer() {
                    self.input = Input::new(q);
                }
            }
            _ => {
                if let Some(req) =
                    tui_input::backend::crossterm::to_input_request(&Event::Key(*key))
                {
                    self.input.handle(req);
                }
            }
        }
        if (self.input.value(), self.in_group) != (before.0.as_str(), before.1) {
            self.due = Some(now + LIVE_SEARCH_DELAY);
        }
        Outcome::Consumed
    }
}

impl Overlay {
    /// An action on a picker with `len` entries (profiles, sort menu) or on a scrolled
    /// page whose last useful scroll is `max_scroll` (help, full details). The preview's
    /// keys move the grid: they are the router's (`NotConsumed`).
    pub(crate) fn handle_action(
        &mut self,
        action: Action,
        len: usize,
        max_scroll: u16,
    ) -> Outcome<OverlayAsk> {
        match self {
            Overlay::None | Overlay::Preview => Outcome::NotConsumed,
            Overlay::Profiles { cursor } | Overlay::SortMenu { cursor } => {
                if keymap::move_in_list(action, cursor, len, None) {
                    return Outcome::Consumed;
                }
                match action {
                    Action::Open => Outcome::Ask(OverlayAsk::Pick(*cursor)),
                    Action::Back | Action::Quit => Outcome::Ask(OverlayAsk::Close),
                    _ => Outcome::NotConsumed,
                }
            }
            Overlay::Help { scroll }
            | Overlay::AssetDetails { scroll }
            | Overlay::Notifications { scroll } => {
                let max = max_scroll;
                *scroll = match action {
                    Action::Down => scroll.saturating_add(1).min(max),
                    Action::Up => (*scroll).min(max).saturating_sub(1),
                    Action::End => max,
                    Action::PageDown => scroll.saturating_add(10).min(max),
                    Action::PageUp => (*scroll).min(max).saturating_sub(10),
                    Action::Home => 0,
                    Action::Back | Action::Help | Action::Open | Action::Quit => {
                        return Outcome::Ask(OverlayAsk::Close);
                    }
                    _ => (*scroll).min(max),
                };
                Outcome::Consumed
            }
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PriorSearch {
    pub(crate) text: Option<String>,
    pub(crate) filters: crate::search::query::ParsedQuery,
    pub(crate) query: SearchQuery,
    pub(crate) selected: Option<usize>,
}

/// The layer that gets the next key, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modal {
    Search,
    Command,
    Confirm,
    Upload,
    Loupe,
    Share,
    Shares,
    Comments,
    Versions,
    Overlay,
}

#[derive(Default)]
pub struct Modals {
    /// The `/` query line while it is open.
    pub search: Option<SearchLine>,
    /// The `:` command line while it is open.
    pub command: Option<Input>,
    /// The confirm dialog, drawn over everything.
    pub confirm: Option<Asking>,
    /// The upload picker (`U` on a folder).
    pub upload: Option<crate::panes::upload_picker::UploadPicker>,
    /// The culling loupe (`L`), and its judgements on their way.
    pub loupe: crate::panes::loupe::Loupe,
    /// The share links of a lightbox or collection (`S` in the tree).
    pub share: Option<crate::panes::share_links::ShareLinks>,
    /// The user's shares of chosen assets (`W` in the grid).
    pub shares: Option<crate::panes::shares::SharesView>,
    /// The comments on a lightbox or collection (`C` in the tree).
    pub comments: Option<crate::panes::comments::Comments>,
    /// The selected asset's versions (`v` in the grid).
    pub versions: Option<crate::panes::versions::Versions>,
    /// Comments written and not sent, one per group (kept on disk).
    pub comment_drafts: Vec<crate::panes::comments::CommentDraft>,
    pub(crate) comment_drafts_changed: bool,
    pub overlay: Overlay,
}

impl Modals {
    /// The keymap layer of the open list view (share links, comments, versions).
    pub(crate) fn list_layer(&self) -> Option<Layer> {
        if self.versions.is_some() {
            Some(Layer::Versions)
        } else if self.comments.is_some() {
            Some(Layer::Comments)
        } else if self.share.is_some() {
            Some(Layer::Share)
        } else if self.shares.is_some() {
            Some(Layer::Shares)
        } else {
            None
        }
    }

    /// Which layer gets the next key, if any takes keys before the panes.
    pub fn top(&self) -> Option<Modal> {
        if self.search.is_some() {
            Some(Modal::Search)
        } else if self.command.is_some() {
            Some(Modal::Command)
        } else if self.confirm.is_some() {
            Some(Modal::Confirm)
        } else if self.upload.is_some() {
            Some(Modal::Upload)
        } else if self.loupe.open {
            Some(Modal::Loupe)
        } else if self.share.is_some() {
            Some(Modal::Share)
        } else if self.shares.is_some() {
            Some(Modal::Shares)
        } else if self.comments.is_some() {
            Some(Modal::Comments)
        } else if self.versions.is_some() {
            Some(Modal::Versions)
        } else if self.overlay != Overlay::None {
            Some(Modal::Overlay)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_lines_come_before_the_confirm_dialog_and_it_before_overlays() {
        let mut m = Modals::default();
        assert_eq!(m.top(), None);
        m.overlay = Overlay::Preview;
        assert_eq!(m.top(), Some(Modal::Overlay));
        m.confirm = Some(Asking {
            dialog: crate::panes::confirm::Confirm::cancel_or("t", vec![], "Ok"),
            purpose: crate::app::state::Purpose::Save,
        });
        assert_eq!(m.top(), Some(Modal::Confirm));
        m.command = Some(Input::default());
        assert_eq!(m.top(), Some(Modal::Command));
        m.search = Some(empty_line());
        assert_eq!(m.top(), Some(Modal::Search));
    }

    fn empty_line() -> SearchLine {
        SearchLine {
            input: Input::default(),
            in_group: false,
            due: None,
            ran: None,
            error: None,
            before: None,
        }
    }

    fn press(line: &mut SearchLine, code: KeyCode, at: Instant) -> Outcome<LineAsk> {
        let key = KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
        line.handle_key(&key, &mut History::default(), at)
    }

    #[test]
    fn typing_in_the_search_line_schedules_a_search_and_enter_asks_for_it() {
        let mut line = empty_line();
        let now = Instant::now();
        assert_eq!(press(&mut line, KeyCode::Char('x'), now), Outcome::Consumed);
        assert_eq!(line.due, Some(now + LIVE_SEARCH_DELAY));
        line.due = None;
        press(&mut line, KeyCode::Left, now);
        assert_eq!(line.due, None, "moving the cursor changes nothing");
        assert_eq!(
            press(&mut line, KeyCode::Enter, now),
            Outcome::Ask(LineAsk::Submit)
        );
        assert_eq!(
            press(&mut line, KeyCode::Esc, now),
            Outcome::Ask(LineAsk::Cancel)
        );
    }

    #[test]
    fn pickers_pick_and_pages_scroll_within_their_length() {
        let mut menu = Overlay::SortMenu { cursor: 0 };
        assert_eq!(menu.handle_action(Action::End, 4, 0), Outcome::Consumed);
        assert_eq!(
            menu.handle_action(Action::Open, 4, 0),
            Outcome::Ask(OverlayAsk::Pick(3))
        );
        assert_eq!(
            menu.handle_action(Action::Preview, 4, 0),
            Outcome::NotConsumed
        );
        let mut help = Overlay::Help { scroll: 50 };
        help.handle_action(Action::Down, 0, 7);
        assert_eq!(help, Overlay::Help { scroll: 7 });
        help.handle_action(Action::PageUp, 0, 7);
        assert_eq!(help, Overlay::Help { scroll: 0 });
        assert_eq!(
            help.handle_action(Action::Back, 0, 7),
            Outcome::Ask(OverlayAsk::Close)
        );
    }
    #[test]
    fn the_command_line_completes_runs_and_explains() {
        let key = |c| KeyEvent::new(c, crossterm::event::KeyModifiers::NONE);
        let names = |_: NameKind| vec!["Archive".to_string()];
        let mut input = Input::new("fold".into());
        assert_eq!(
            command_line_key(&mut input, &key(KeyCode::Tab), names),
            Outcome::Consumed
        );
        assert_eq!(input.value(), "folder ");
        let mut input = Input::new("nonsense".into());
        assert!(matches!(
            command_line_key(&mut input, &key(KeyCode::Enter), names),
            Outcome::Ask(CommandAsk::Say { error: true, .. })
        ));
        assert_eq!(
            command_line_key(&mut input, &key(KeyCode::Esc), names),
            Outcome::Ask(CommandAsk::Close)
        );
    }
}
