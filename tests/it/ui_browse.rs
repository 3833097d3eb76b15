//! The real app state machine driven with key events against the embedded server over
//! loopback, asserting on what a `TestBackend` shows.

use crossterm::event::KeyCode;
use mgtui::app::App;
use mgtui::app::state::{Focus, Overlay};
use mgtui::panes::tree::Children;
use mgtui::protocol::RequestKind;

use crate::common::ui::Harness;

#[test]
fn launch_asks_for_identity_tree_roots_and_first_page_together() {
    let mut app = App::new(Some(1));
    let kinds: Vec<RequestKind> = app.take_outbox().into_iter().map(|r| r.kind).collect();
    assert!(kinds.iter().any(|k| matches!(k, RequestKind::Whoami)));
    assert_eq!(
        kinds
            .iter()
            .filter(|k| matches!(k, RequestKind::TreeChildren { parent: None, .. }))
            .count(),
        3
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, RequestKind::Search { page: 1, .. }))
    );
}

#[tokio::test]
async fn first_screen_shows_the_library_newest_first() {
    let mut h = Harness::new(160, 45).await;
    let screen = h.screen();
    assert!(screen.contains("Storage Folders"), "{screen}");
    assert!(screen.contains("Collections") && screen.contains("Lightboxes"));
    let total = h.app.grid.total().expect("total from Total-Entries");
    assert!(screen.contains(&format!("1 of {}", mgtui::text::thousands(total))));
    let first = h.app.grid.loaded_assets()[0].clone();
    assert!(screen.contains(&mgtui::text::truncate(&first.label(), 10)[..5]));
    assert!(
        screen.contains("connected") || screen.contains("@"),
        "{screen}"
    );
    insta::assert_snapshot!("first_screen", screen);
}

#[tokio::test]
async fn tree_expands_three_levels_and_selecting_a_folder_fills_the_grid() {
    let mut h = Harness::new(160, 45).await;
    let all = h.app.grid.total().unwrap();
    h.keys(&[KeyCode::BackTab]).await;
    assert_eq!(h.app.focus, Focus::Tree);
    // Storage Folders root → first child with children → its first child with children.
    h.keys(&[KeyCode::Right]).await;
    for _level in 0..2 {
        let visible = h.app.tree.visible();
        let cur = h.app.tree.cursor;
        let next = visible
            .iter()
            .enumerate()
            .skip(cur + 1)
            .find(|(_, i)| h.app.tree.items[**i].children != Children::Leaf)
            .map(|(pos, _)| pos)
            .expect("a node with children below");
        for _ in cur..next {
            h.keys(&[KeyCode::Down]).await;
        }
        h.keys(&[KeyCode::Right]).await;
        let idx = h.app.tree.current().unwrap();
        assert!(matches!(
            h.app.tree.items[idx].children,
            Children::Loaded(_)
        ));
    }
    h.keys(&[KeyCode::Down]).await;
    let idx = h.app.tree.current().unwrap();
    assert!(h.app.tree.items[idx].depth >= 3, "three levels deep");
    h.keys(&[KeyCode::Enter]).await;
    let crumb = h.app.breadcrumb();
    assert!(crumb.starts_with("Storage Folders › "), "{crumb}");
    assert_eq!(crumb.matches(" › ").count(), 3, "{crumb}");
    let screen = h.screen();
    assert!(
        screen.contains(&crumb),
        "breadcrumb in the status bar:\n{screen}"
    );
    let in_folder = h.app.grid.total().unwrap();
    assert!(in_folder < all, "{in_folder} < {all}");
    insta::assert_snapshot!("tree_three_levels", screen);
}

#[tokio::test]
async fn grid_prefetches_the_next_page_before_the_end() {
    let mut h = Harness::new(160, 45).await;
    assert_eq!(h.app.grid.loaded_assets().len(), 50);
    h.server.clear_request_log();
    let mut moves = 0;
    while h.server.request_count("GET", "/api/assets/search") == 0 {
        h.keys(&[KeyCode::Down]).await;
        moves += 1;
        assert!(moves < 50, "no prefetch");
    }
    assert!(
        h.app.grid.cursor < 50,
        "page 2 asked for at cursor {}",
        h.app.grid.cursor
    );
    let log = h.server.request_log();
    assert!(log.iter().any(|r| r.query.contains("page=2")), "{log:?}");
    assert_eq!(h.app.grid.loaded_assets().len(), 100);
    h.keys(&[KeyCode::End]).await;
    h.keys(&[KeyCode::PageDown, KeyCode::PageDown]).await;
    assert!(h.app.grid.cursor >= 99);
    let screen = h.screen();
    assert!(
        screen.contains(&format!("{} of", h.app.grid.cursor + 1)),
        "{screen}"
    );
}

#[tokio::test]
async fn end_goes_to_the_true_last_asset_loading_only_its_page() {
    let mut h = Harness::new(160, 45).await;
    let total = h.app.grid.total().unwrap() as usize;
    assert!(total > 250, "{total}");
    h.server.clear_request_log();
    h.keys(&[KeyCode::End]).await;
    assert_eq!(h.app.grid.cursor, total - 1);
    let pages: Vec<String> = h
        .server
        .request_log()
        .iter()
        .filter(|r| r.path.starts_with("/api/assets/search"))
        .map(|r| r.query.clone())
        .collect();
    let last_page = total.div_ceil(50);
    assert!(
        pages
            .iter()
            .any(|q| q.contains(&format!("page={last_page}&"))),
        "{pages:?}"
    );
    assert!(
        pages.iter().all(|q| !q.contains("page=3&")),
        "nothing between is loaded: {pages:?}"
    );
    let screen = h.screen();
    assert!(screen.contains(&format!("{total} of {total}")), "{screen}");
    let last = h
        .app
        .grid
        .selected()
        .expect("the last asset is loaded")
        .clone();
    assert!(screen.contains(&last.label()[..last.label().len().min(12)]));
    // Home and back: the first page is still there, nothing asked again.
    h.server.clear_request_log();
    h.keys(&[KeyCode::Home]).await;
    assert_eq!(h.app.grid.cursor, 0);
    assert_eq!(h.server.request_count("GET", "/api/assets/search"), 0);
}

#[tokio::test]
async fn a_large_result_jumps_anywhere_without_loading_what_lies_between() {
    let opts = mgtui::demo::DemoOptions {
        extra_assets: 20_000,
        ..Default::default()
    };
    let mut h = Harness::with(opts, 160, 45).await;
    let total = h.app.grid.total().unwrap() as usize;
    assert!(total > 20_000);
    h.server.clear_request_log();
    h.keys(&[KeyCode::End]).await;
    assert_eq!(h.app.grid.cursor, total - 1);
    for _ in 0..5 {
        h.keys(&[KeyCode::PageUp]).await;
    }
    assert!(h.app.grid.selected().is_some());
    let pages: Vec<usize> = h
        .server
        .request_log()
        .iter()
        .filter(|r| r.path.starts_with("/api/assets/search"))
        .filter_map(|r| {
            r.query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page=")?.parse().ok())
        })
        .collect();
    let last_page = total.div_ceil(50);
    assert!(
        !pages.is_empty() && pages.iter().all(|p| p + 10 > last_page),
        "only pages near the end are loaded: {pages:?}"
    );
    assert!(
        h.app.grid.results.loaded_pages() <= 8,
        "{} pages held",
        h.app.grid.results.loaded_pages()
    );
    let screen = h.screen();
    assert!(
        screen.contains(&format!(" of {}", mgtui::text::thousands(total as u64))),
        "{screen}"
    );
}

/// Marking every result of a search longer than the pages the grid keeps: all pages are
/// walked once, every asset is marked, and the walk ends.
#[tokio::test]
async fn marking_all_of_a_long_result_marks_every_asset_once() {
    let opts = mgtui::demo::DemoOptions {
        extra_assets: 2_500,
        ..Default::default()
    };
    let mut h = Harness::with(opts, 160, 45).await;
    let total = h.app.grid.total().unwrap() as usize;
    assert!(total > 40 * 50, "more than the pages kept: {total}");
    h.server.clear_request_log();
    h.ctrl('a');
    h.settle().await;
    assert_eq!(h.app.grid.marks.len(), total);
    let pages = h.search_queries().len();
    assert_eq!(
        pages,
        total.div_ceil(50) - 1,
        "each page once (page 1 was loaded)"
    );
    assert!(h.screen().contains(&format!("Marked all {total} results")));
}

#[tokio::test]
async fn marks_ratings_search_details_help_and_resize() {
    let mut h = Harness::new(160, 45).await;
    // Range mark: toggle one, move, mark range.
    h.keys(&[KeyCode::Char(' ')]).await;
    h.keys(&[KeyCode::Down, KeyCode::Char('V')]).await;
    let marked = h.app.grid.marks.len();
    assert!(marked >= 3, "{marked}");
    assert!(h.screen().contains(&format!("{marked} marked")));

    // Rating the marked assets goes through the API; tiles update on confirmation.
    h.keys(&[KeyCode::Char('4')]).await;
    for id in h.app.grid.marks.clone() {
        let a = h.client.asset(&id.to_string()).await.unwrap();
        assert_eq!(a.rating, Some(4), "server has the rating");
        let shown = h
            .app
            .grid
            .loaded_assets()
            .into_iter()
            .find(|x| x.id == id)
            .unwrap();
        assert_eq!(shown.rating, Some(4), "tile updated");
    }
    assert!(h.screen().contains("★★★★☆"));
    h.keys(&[KeyCode::Char('c')]).await;
    assert!(h.app.grid.marks.is_empty());

    // Search, then clear.
    let total = h.app.grid.total().unwrap();
    let word = h.app.grid.loaded_assets()[0]
        .title
        .clone()
        .unwrap()
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_string();
    h.press(KeyCode::Char('/'));
    h.app.on_event(crossterm::event::Event::Paste(word.clone()));
    let typing = h.screen();
    assert!(typing.contains(&format!("/ {word}")), "{typing}");
    h.keys(&[KeyCode::Enter]).await;
    let found = h.app.grid.total().unwrap();
    assert!(found >= 1 && found < total, "{found} of {total}");
    assert!(h.screen().contains(&format!("/{word}")));
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(h.app.grid.total(), Some(total));
    assert!(h.app.browse.query.q.is_none());

    // Details, full screen, scrollable; Esc closes.
    h.keys(&[KeyCode::Enter]).await;
    assert!(matches!(h.app.modals.overlay, Overlay::AssetDetails { .. }));
    let details = h.screen();
    assert!(details.contains("Asset details"), "{details}");
    assert!(details.contains("All fields"));
    h.keys(&[KeyCode::Down, KeyCode::Esc]).await;
    assert_eq!(h.app.modals.overlay, Overlay::None);

    // Help from the same keymap table.
    h.keys(&[KeyCode::Char('?')]).await;
    let help = h.screen();
    // The focused pane's keys first (here the grid's), then everywhere's.
    assert!(help.contains("Help") && help.contains("Asset grid") && help.contains("mark"));
    let grid_at = help.find("Asset grid").unwrap();
    assert!(grid_at < help.find("Everywhere").unwrap(), "{help}");
    insta::assert_snapshot!("help", help);
    h.keys(&[KeyCode::Esc]).await;

    // Small terminal and back.
    h.resize(40, 12);
    let small = h.screen();
    assert!(small.lines().count() == 12);
    insta::assert_snapshot!("small_40x12", small);
    h.resize(160, 45);
    assert!(h.screen().contains("Storage Folders"));

    // List view and sort change.
    h.keys(&[KeyCode::Char('t')]).await;
    assert!(h.screen().contains("Title / filename"));
    h.keys(&[KeyCode::Char('s')]).await;
    assert!(h.screen().contains("captured"));
}

#[tokio::test]
async fn every_size_down_to_one_cell_draws_without_panicking() {
    let mut h = Harness::new(100, 30).await;
    for (w, h_) in [
        (1, 1),
        (2, 1),
        (1, 5),
        (10, 3),
        (39, 11),
        (61, 20),
        (101, 7),
        (250, 80),
    ] {
        h.resize(w, h_);
        let _ = h.screen();
        h.press(KeyCode::Char('?'));
        let _ = h.screen();
        h.press(KeyCode::Esc);
        h.press(KeyCode::Tab);
        let _ = h.screen();
    }
}

/// Ctrl-A then a rating key would rate every result at once: above ten assets it asks
/// first (Cancel the default), and only the confirmed choice writes.
#[tokio::test]
async fn rating_many_marked_assets_asks_first() {
    let mut h = Harness::new(160, 45).await;
    let puts = |h: &Harness| {
        h.server
            .request_log()
            .iter()
            .filter(|r| r.method == "PUT")
            .count()
    };
    h.ctrl('a');
    h.settle().await;
    h.press(KeyCode::Char('2'));
    h.settle().await;
    let screen = h.screen();
    assert!(screen.contains("Set rating"), "{screen}");
    assert_eq!(puts(&h), 0, "nothing written before the answer");
    h.press(KeyCode::Enter);
    h.settle().await;
    assert_eq!(puts(&h), 0, "Enter picks the default, Cancel");
    // Three marked assets: one key, no question.
    h.press(KeyCode::Char('c'));
    for _ in 0..3 {
        h.press(KeyCode::Char(' '));
    }
    h.press(KeyCode::Char('4'));
    h.settle().await;
    assert!(!h.screen().contains("Set rating"));
    assert_eq!(puts(&h), 3);
}

/// `--read-only`: every action that writes, walked with its keys, sends nothing but
/// reads (the server's request log is the judge).
#[tokio::test]
async fn read_only_mode_sends_no_write_from_any_action() {
    let mut h = Harness::new(160, 45).await;
    h.app.session.read_only = true;
    let writes = |h: &Harness| -> Vec<String> {
        h.server
            .request_log()
            .into_iter()
            .filter(|r| r.method != "GET" && r.method != "HEAD")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    };
    // Ratings: one asset, then all results.
    h.keys(&[KeyCode::Char('3')]).await;
    h.ctrl('a');
    h.settle().await;
    h.keys(&[KeyCode::Char('2'), KeyCode::Right, KeyCode::Enter])
        .await;
    h.keys(&[KeyCode::Char('c')]).await;
    // The editor: type and save.
    h.keys(&[KeyCode::Char('e')]).await;
    h.type_str("changed");
    h.ctrl('s');
    h.settle().await;
    h.keys(&[KeyCode::Esc, KeyCode::Esc]).await;
    h.app.focus = Focus::Grid;
    // A saved search from the command line.
    h.keys(&[KeyCode::Char('/')]).await;
    h.type_str("harbor");
    h.keys(&[KeyCode::Enter]).await;
    h.keys(&[KeyCode::Char(':')]).await;
    h.type_str("save harbour views");
    h.keys(&[KeyCode::Enter]).await;
    // Rename and delete a saved search from the tree.
    h.app.focus = Focus::Tree;
    h.keys(&[KeyCode::End, KeyCode::Right]).await;
    h.settle().await;
    h.keys(&[KeyCode::Down, KeyCode::Char('R')]).await;
    h.type_str("x");
    h.keys(&[
        KeyCode::Enter,
        KeyCode::Char('D'),
        KeyCode::Right,
        KeyCode::Enter,
    ])
    .await;
    h.keys(&[KeyCode::Char(':')]).await;
    h.type_str("rename-saved anything");
    h.keys(&[KeyCode::Enter]).await;
    // A bulk job on three marked assets.
    h.app.focus = Focus::Grid;
    for _ in 0..3 {
        h.press(KeyCode::Char(' '));
    }
    h.keys(&[KeyCode::Char('b'), KeyCode::Down, KeyCode::Down])
        .await;
    h.keys(&[
        KeyCode::Right,
        KeyCode::Right,
        KeyCode::Char('s'),
        KeyCode::Enter,
    ])
    .await;
    // The job monitor's cancel and undo.
    h.keys(&[KeyCode::Esc, KeyCode::Char('w')]).await;
    h.keys(&[KeyCode::Char('x'), KeyCode::Right, KeyCode::Enter])
        .await;
    h.keys(&[KeyCode::Char('u'), KeyCode::Right, KeyCode::Enter])
        .await;
    h.settle().await;
    assert_eq!(writes(&h), Vec::<String>::new());
    let searches = h.search_queries();
    assert!(
        searches.iter().any(|q| q.contains("harbor")),
        "reads still work: {searches:?}"
    );
}

/// Enter on the grid: the full details read as text — names, not JSON, and no
/// e-mail addresses.
#[tokio::test]
async fn full_details_are_readable_and_show_no_e_mail() {
    let mut h = Harness::new(160, 60).await;
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Enter]).await;
    h.settle().await;
    assert_eq!(h.app.modals.overlay, Overlay::AssetDetails { scroll: 0 });
    let mut screens = Vec::new();
    for _ in 0..6 {
        screens.push(h.screen());
        h.keys(&[KeyCode::PageDown]).await;
    }
    let all = screens.join("\n");
    assert!(all.contains("All fields"), "{all}");
    assert!(all.contains("guid:"), "{all}");
    let emails: Vec<&str> = all
        .split(|c: char| c.is_whitespace() || c == '│' || c == '┃')
        .filter(|w| w.len() > 1 && w.contains('@'))
        .collect();
    assert!(emails.is_empty(), "no e-mail: {emails:?}");
    assert!(!all.contains("{\""), "no JSON: {all}");
}

/// The list view at 80 columns: the header lines up with the columns, and titles get
/// at least 20 cells (columns give way first).
#[tokio::test]
async fn list_view_lines_up_at_80_columns() {
    let mut h = Harness::new(80, 24).await;
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Char('t')]).await;
    let screen = h.screen();
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let header = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains("Title / filename"))
        .expect("a header");
    let head: String = lines[header].iter().collect();
    let rating_at = head.find("Rating").map(|b| head[..b].chars().count());
    let row = &lines[header + 1];
    let title_start = head
        .find("Title")
        .map(|b| head[..b].chars().count())
        .unwrap();
    let at = rating_at.expect("a rating column at 80 columns");
    assert!(
        matches!(row[at], '★' | '☆'),
        "the rating column starts under its header:\n{screen}"
    );
    assert!(at - title_start >= 20, "titles get 20 cells:\n{screen}");
    let label = h.app.grid.loaded_assets()[0].label();
    let shown: String = row[title_start..].iter().collect();
    let prefix: String = label.chars().take(15).collect();
    assert!(
        shown.starts_with(&prefix),
        "{shown:?} vs {label:?}\n{screen}"
    );
}
