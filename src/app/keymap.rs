//! One keymap table. Dispatch, the hint bar and the `?` help screen all read it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    Back,
    Search,
    Refresh,
    ToggleMark,
    MarkRange,
    MarkAll,
    ClearMarks,
    Rate(u8),
    CycleSort,
    ReverseSort,
    ToggleView,
    Preview,
    Redraw,
    SwitchProfile,
}

/// Where a binding applies. Pane layers are tried first, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    Global,
    Tree,
    Grid,
    Details,
}

impl Layer {
    pub fn title(self) -> &'static str {
        match self {
            Layer::Global => "Everywhere",
            Layer::Tree => "Tree",
            Layer::Grid => "Asset grid",
            Layer::Details => "Details",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub struct Binding {
    pub layer: Layer,
    pub keys: &'static [Key],
    pub action: Action,
    pub desc: &'static str,
    /// Shown in the bottom hint bar.
    pub hint: bool,
}

const fn b(
    layer: Layer,
    keys: &'static [Key],
    action: Action,
    desc: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        layer,
        keys,
        action,
        desc,
        hint,
    }
}

use Action::*;
use Layer::*;

pub const BINDINGS: &[Binding] = &[
    b(Global, &[k('q'), ctrl('c')], Quit, "quit", true),
    b(Global, &[k('?'), code(KeyCode::F(1))], Help, "help", true),
    b(Global, &[code(KeyCode::Tab)], FocusNext, "next pane", true),
    b(
        Global,
        &[code(KeyCode::BackTab)],
        FocusPrev,
        "previous pane",
        false,
    ),
    b(Global, &[k('/')], Search, "search", true),
    b(Global, &[k('r')], Refresh, "refresh", false),
    b(
        Global,
        &[k('o')],
        SwitchProfile,
        "switch organisation (profile)",
        false,
    ),
    b(
        Global,
        &[ctrl('l')],
        Redraw,
        "redraw (re-send images)",
        false,
    ),
    b(Global, &[code(KeyCode::Up), k('k')], Up, "up", false),
    b(Global, &[code(KeyCode::Down), k('j')], Down, "down", false),
    b(Global, &[code(KeyCode::Left), k('h')], Left, "left", false),
    b(
        Global,
        &[code(KeyCode::Right), k('l')],
        Right,
        "right",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::PageUp), ctrl('b')],
        PageUp,
        "page up",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::PageDown), ctrl('f')],
        PageDown,
        "page down",
        false,
    ),
    b(Global, &[code(KeyCode::Home), k('g')], Home, "first", false),
    b(Global, &[code(KeyCode::End), k('G')], End, "last", false),
    b(Global, &[code(KeyCode::Enter)], Open, "open", false),
    b(Global, &[code(KeyCode::Esc)], Back, "back / close", false),
    b(
        Tree,
        &[code(KeyCode::Enter)],
        Open,
        "show assets / expand",
        true,
    ),
    b(Tree, &[code(KeyCode::Right), k('l')], Right, "expand", true),
    b(
        Tree,
        &[code(KeyCode::Left), k('h')],
        Left,
        "collapse / parent",
        true,
    ),
    b(Grid, &[code(KeyCode::Enter)], Open, "details", true),
    b(Grid, &[k(' ')], ToggleMark, "mark", true),
    b(
        Grid,
        &[k('V')],
        MarkRange,
        "mark range from last mark",
        true,
    ),
    b(Grid, &[ctrl('a')], MarkAll, "mark all results", false),
    b(Grid, &[k('c')], ClearMarks, "clear marks", false),
    b(Grid, &[k('0')], Rate(0), "clear rating", false),
    b(Grid, &[k('1')], Rate(1), "rate 1", false),
    b(Grid, &[k('2')], Rate(2), "rate 2", false),
    b(Grid, &[k('3')], Rate(3), "rate 3", false),
    b(Grid, &[k('4')], Rate(4), "rate 4", false),
    b(Grid, &[k('5')], Rate(5), "rate 5", false),
    b(Grid, &[k('s')], CycleSort, "sort by next field", true),
    b(Grid, &[k('S')], ReverseSort, "reverse sort", false),
    b(Grid, &[k('t')], ToggleView, "tiles / list", true),
    b(Grid, &[k('p')], Preview, "large preview", true),
    b(Grid, &[code(KeyCode::Esc)], Back, "clear search", false),
    b(Details, &[code(KeyCode::Enter)], Open, "full details", true),
];

/// Labels a pressed key the way the help screen shows it.
pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("C-{base}")
    } else {
        base
    }
}

pub fn keys_label(keys: &[Key]) -> String {
    keys.iter().map(key_label).collect::<Vec<_>>().join("/")
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    // Terminals disagree about reporting Shift with capital letters; ignore it for chars.
    let mods = match ev.code {
        KeyCode::Char(_) => ev.modifiers - KeyModifiers::SHIFT,
        KeyCode::BackTab => ev.modifiers - KeyModifiers::SHIFT,
        _ => ev.modifiers,
    };
    key.code == ev.code && key.mods == mods
}

/// The action bound to `ev` in `layer`, else in the global layer (active keymap).
pub fn lookup(layer: Layer, ev: &KeyEvent) -> Option<Action> {
    active().lookup(layer, ev)
}

/// The hint-bar entries for a pane: the global ones (help, quit, panes) first so a
/// narrow bar keeps them, then the pane's own.
pub fn hints(layer: Layer) -> Vec<(String, &'static str)> {
    active().hints(layer, false)
}

/// Actions that change data on the server: `--read-only` hides them.
pub fn writes(action: Action) -> bool {
    matches!(action, Rate(_))
}

/// One entry of the runtime keymap: the const table plus the user's `keymap.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct RtBinding {
    pub layer: Layer,
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: &'static str,
    pub hint: bool,
}

/// The keymap in force. Dispatch, hints and help all read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<RtBinding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS
                .iter()
                .map(|b| RtBinding {
                    layer: b.layer,
                    keys: b.keys.to_vec(),
                    action: b.action,
                    desc: b.desc,
                    hint: b.hint,
                })
                .collect(),
        }
    }
}

impl Keymap {
    pub fn lookup(&self, layer: Layer, ev: &KeyEvent) -> Option<Action> {
        let find = |l: Layer| {
            self.bindings
                .iter()
                .filter(|b| b.layer == l)
                .find(|b| b.keys.iter().any(|k| matches(k, ev)))
                .map(|b| b.action)
        };
        find(layer).or_else(|| find(Layer::Global))
    }

    /// Hint-bar entries; with `read_only` the actions that write are left out.
    pub fn hints(&self, layer: Layer, read_only: bool) -> Vec<(String, &'static str)> {
        let pick = |l: Layer| {
            self.bindings
                .iter()
                .filter(move |b| b.hint && b.layer == l && !b.keys.is_empty())
                .filter(move |b| !(read_only && writes(b.action)))
                .map(|b| (keys_label(&b.keys), b.desc))
        };
        pick(Layer::Global).chain(pick(layer)).collect()
    }

    /// Bind `key` to `action` in `layer` (None unbinds it), taking the key away from
    /// whatever it did there before.
    pub fn bind(&mut self, layer: Layer, key: Key, action: Option<Action>) {
        for b in self.bindings.iter_mut().filter(|b| b.layer == layer) {
            b.keys.retain(|k| *k != key);
        }
        let Some(action) = action else {
            return;
        };
        if let Some(b) = self
            .bindings
            .iter_mut()
            .find(|b| b.layer == layer && b.action == action)
        {
            b.keys.push(key);
            return;
        }
        let desc = BINDINGS
            .iter()
            .find(|b| b.action == action)
            .map_or("", |b| b.desc);
        self.bindings.push(RtBinding {
            layer,
            keys: vec![key],
            action,
            desc,
            hint: false,
        });
    }
}

fn active_cell() -> &'static std::sync::RwLock<std::sync::Arc<Keymap>> {
    static ACTIVE: std::sync::OnceLock<std::sync::RwLock<std::sync::Arc<Keymap>>> =
        std::sync::OnceLock::new();
    ACTIVE.get_or_init(|| std::sync::RwLock::new(std::sync::Arc::new(Keymap::default())))
}

/// The keymap in force (the defaults until [`install`] is called).
pub fn active() -> std::sync::Arc<Keymap> {
    active_cell()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// Make `keymap` the one in force (at start, after reading `keymap.toml`).
pub fn install(keymap: Keymap) {
    *active_cell().write().unwrap_or_else(|e| e.into_inner()) = std::sync::Arc::new(keymap);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn pane_layer_wins_over_global() {
        let enter = ev(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(lookup(Layer::Grid, &enter), Some(Action::Open));
        let space = ev(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(lookup(Layer::Grid, &space), Some(Action::ToggleMark));
        assert_eq!(lookup(Layer::Tree, &space), None);
        let cap = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Layer::Tree, &cap), Some(Action::End));
        assert_eq!(
            lookup(Layer::Grid, &ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_layer() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for bnd in &BINDINGS[i + 1..] {
                if a.layer == bnd.layer {
                    for key in a.keys {
                        assert!(!bnd.keys.contains(key), "{key:?} twice in {:?}", a.layer);
                    }
                }
            }
        }
    }

    #[test]
    fn hints_come_from_the_table() {
        let h = hints(Layer::Grid);
        assert!(h.iter().any(|(k, d)| k == "Space" && *d == "mark"));
        assert!(h.iter().any(|(k, _)| k == "q/C-c"));
    }
}
