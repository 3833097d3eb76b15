//! Config files driving the real app against the embedded server: a keymap override file
//! with errors, a theme, read-only mode, the profile switcher and the mouse. The keymap
//! and theme are the app's own, so this runs next to every other test.

use crate::common::ui::Harness;
use crossterm::event::KeyModifiers;
use crossterm::event::{Event, KeyCode, MouseButton, MouseEvent, MouseEventKind};
use mgtui::app::account::ProfileItem;
use mgtui::app::state::{Focus, Overlay};
use mgtui::config;
use ratatui::style::{Color, Modifier};

fn click(h: &mut Harness, x: u16, y: u16) {
    h.app.on_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    }));
}

#[tokio::test]
async fn keymap_file_theme_read_only_switcher_and_mouse() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keymap.toml"),
        "# mine\n[grid]\nx = \"toggle_mark\"\n\"ctrl-t\" = \"teleport\"\n[global]\nQ = \"quit\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("theme.toml"),
        "preset = \"light\"\n[colors]\nselection = \"#204060\"\nbogus = \"red\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "page_size = 20\nmouse = \"no\"\n",
    )
    .unwrap();
    let loaded = config::load(dir.path());
    let msgs: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    let keymap_path = dir.path().join("keymap.toml").display().to_string();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with(&format!("{keymap_path}:4: unknown action `teleport`"))),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("theme.toml:4: unknown colour `bogus`")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("config.toml:2: `mouse`")),
        "{msgs:?}"
    );
    assert_eq!(loaded.settings.page_size, 20);
    assert!(loaded.settings.mouse, "a bad value keeps the default");
    let mut h = Harness::new(160, 45).await;
    h.app.input.keymap = std::sync::Arc::new(loaded.keymap.clone());
    h.app.screen.theme = loaded.theme;
    // the override works and the defaults stay
    h.press(KeyCode::Char('x'));
    assert_eq!(h.app.grid.marks.len(), 1);
    h.press(KeyCode::Char(' '));
    assert_eq!(h.app.grid.marks.len(), 2);
    let screen = h.screen();
    assert!(screen.contains("Space/x mark"), "{screen}");
    // the help screen reads the same table
    h.press(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("Space/x"), "{screen}");
    assert!(screen.contains("q/C-c/Q"), "{screen}");
    h.press(KeyCode::Esc);

    // theme: the focused cursor tile is drawn with the selection colour, unless NO_COLOR
    h.app.grid.view = mgtui::panes::grid::GridView::List;
    h.draw();
    let buf = h.term.backend().buffer().clone();
    let selected = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].bg == Color::Rgb(0x20, 0x40, 0x60))
        .count();
    let reversed = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].modifier.contains(Modifier::REVERSED))
        .count();
    if std::env::var_os("NO_COLOR").is_some() {
        assert!(reversed > 0);
    } else {
        assert!(selected > 10, "selection colour used");
    }

    // read-only: write actions are hidden from hints and help and do nothing
    h.app.grid.view = mgtui::panes::grid::GridView::Tiles;
    h.app.session.read_only = true;
    h.app.grid.clear_marks();
    let screen = h.screen();
    assert!(screen.contains("read-only"), "{screen}");
    let help = whole_help(&mut h);
    assert!(
        !help.contains("rate 3") && !help.contains("clear rating"),
        "{help}"
    );
    h.app.session.read_only = false;
    assert!(whole_help(&mut h).contains("rate 3"));
    h.app.session.read_only = true;
    h.server.clear_request_log();
    h.press(KeyCode::Char('3'));
    h.settle().await;
    assert_eq!(h.server.request_count("PUT", "/api/assets"), 0);

    // the organisation switcher lists profiles and asks to reconnect
    h.app.session.account.active = Some("work".into());
    h.app.session.account.profiles = vec![
        ProfileItem {
            name: "home".into(),
            detail: "Home Org (7) · api.mediagraph.io · pat".into(),
        },
        ProfileItem {
            name: "work".into(),
            detail: "Demo (1) · 127.0.0.1 · oauth".into(),
        },
    ];
    let screen = h.screen();
    assert!(
        screen.contains("[work]"),
        "status bar names the profile: {screen}"
    );
    h.press(KeyCode::Char('o'));
    assert_eq!(h.app.modals.overlay, Overlay::Profiles { cursor: 1 });
    let screen = h.screen();
    assert!(
        screen.contains("Switch organisation") && screen.contains("Home Org (7)"),
        "{screen}"
    );
    h.press(KeyCode::Up);
    h.press(KeyCode::Enter);
    assert_eq!(h.app.session.account.switch_to.as_deref(), Some("home"));
    assert!(h.app.screen.should_quit);
    h.app.screen.should_quit = false;

    // mouse: a click focuses and selects, a double click opens, the wheel scrolls
    let areas = mgtui::app::layout::areas(ratatui::layout::Rect::new(0, 0, 160, 45), h.app.focus);
    let grid = areas.grid.unwrap();
    let tree = areas.tree.unwrap();
    click(&mut h, tree.x + 3, tree.y + 2);
    assert_eq!(h.app.focus, Focus::Tree);
    assert_eq!(h.app.tree.cursor, 1);
    h.draw();
    let (cols, _) = h.app.grid.metrics();
    let second = grid.x + 1 + (grid.width - 2) / cols as u16 + 2;
    click(&mut h, second, grid.y + 2);
    assert_eq!(h.app.focus, Focus::Grid);
    assert_eq!(h.app.grid.cursor, 1);
    click(&mut h, second, grid.y + 2);
    assert!(matches!(h.app.modals.overlay, Overlay::AssetDetails { .. }));
    h.press(KeyCode::Esc);
    // The wheel scrolls an overlay (help is longer than the screen), not the grid.
    h.press(KeyCode::Char('?'));
    h.draw();
    let wheel = |h: &mut Harness, kind| {
        h.app.on_event(Event::Mouse(MouseEvent {
            kind,
            column: grid.x + 3,
            row: grid.y + 3,
            modifiers: KeyModifiers::NONE,
        }))
    };
    wheel(&mut h, MouseEventKind::ScrollDown);
    wheel(&mut h, MouseEventKind::ScrollDown);
    wheel(&mut h, MouseEventKind::ScrollUp);
    assert_eq!(h.app.modals.overlay, Overlay::Help { scroll: 1 });
    assert_eq!(h.app.grid.cursor, 1);
    h.press(KeyCode::Esc);
    h.app.on_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: grid.x + 3,
        row: grid.y + 3,
        modifiers: KeyModifiers::NONE,
    }));
    assert!(h.app.grid.cursor > 1);
    h.app.input.mouse.enabled = false;
    let before = h.app.grid.cursor;
    click(&mut h, grid.x + 2, grid.y + 2);
    assert_eq!(h.app.grid.cursor, before);
}

#[test]
fn tile_size_is_read_from_config_and_written_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = mgtui::config::config_path(dir.path());
    std::fs::write(&path, "# mine\ntile_size = \"large\"\n").unwrap();
    let loaded = mgtui::config::load(dir.path());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(
        loaded.settings.tile_size,
        mgtui::panes::grid::TileSize::Large
    );
    mgtui::config::file::set_top_value(&path, "tile_size", "dense").unwrap();
    let again = mgtui::config::load(dir.path());
    assert_eq!(
        again.settings.tile_size,
        mgtui::panes::grid::TileSize::Dense
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains("# mine"));
}

/// Every page of the `?` help screen, read by scrolling through it.
fn whole_help(h: &mut Harness) -> String {
    h.press(KeyCode::Char('?'));
    let mut text = h.screen();
    for _ in 0..8 {
        h.press(KeyCode::PageDown);
        text.push_str(&h.screen());
    }
    h.press(KeyCode::Esc);
    text
}
