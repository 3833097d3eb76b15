//! The `:` command line against the embedded server: fuzzy jumps, sort, one asset,
//! errors, quit.

use crate::common::ui::Harness;
use crossterm::event::KeyCode;
use mgtui::api::models::{SortField, SortOrder};
use mgtui::app::state::Focus;
use mgtui::panes::tree::Children;

async fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_str(line);
    h.keys(&[KeyCode::Enter]).await;
}

#[tokio::test]
async fn folder_jump_is_fuzzy_and_opens_the_folder() {
    let mut h = Harness::new(140, 40).await;
    let all = h.app.grid.total().unwrap();
    // "mrktng" is scattered letters of "Marketing" (a root, loaded at start).
    command(&mut h, "folder mrktng").await;
    assert_eq!(h.app.focus, Focus::Tree);
    assert_eq!(h.app.breadcrumb(), "Storage Folders › Marketing");
    let in_folder = h.app.grid.total().unwrap();
    assert!(in_folder < all, "{in_folder} < {all}");
    // Its children were loaded by opening it: a deeper jump now works.
    command(&mut h, "folder campaigns").await;
    assert_eq!(
        h.app.breadcrumb(),
        "Storage Folders › Marketing › Campaigns"
    );
    command(&mut h, "collection best").await;
    assert!(h.app.breadcrumb().starts_with("Collections › Best of"));
    // Scattered letters find it too: names are matched here, not by the server's `q`.
    command(&mut h, "folder mrktng").await;
    command(&mut h, "collection bstf").await;
    assert!(h.app.breadcrumb().starts_with("Collections › Best of"));
    command(&mut h, "folder zzzz-nothing").await;
    let screen = h.screen();
    assert!(
        screen.contains("No storage folder is called anything like “zzzz-nothing”"),
        "{screen}"
    );
}

#[tokio::test]
async fn folder_jump_finds_folders_in_branches_never_expanded() {
    let mut h = Harness::new(140, 40).await;
    let archive = h
        .app
        .tree
        .items
        .iter()
        .position(|it| it.label == "Archive")
        .unwrap();
    assert!(
        !matches!(h.app.tree.items[archive].children, Children::Loaded(_)),
        "the Archive branch was never opened"
    );
    command(&mut h, "folder conference").await;
    assert_eq!(
        h.app.breadcrumb(),
        "Storage Folders › Archive › 2019 › Events › Conference"
    );
    assert_eq!(h.app.focus, Focus::Tree);
    let screen = h.screen();
    assert!(screen.contains("Conference"), "{screen}");
    assert!(
        screen.contains("Opened the storage folder “Conference”"),
        "no stale “Looking for…”: {screen}"
    );
    assert!(
        h.server.request_count("GET", "/api/storage_folders") >= 1,
        "asked the server for the folder"
    );
    // A name that is loaded now opens without asking again.
    h.server.clear_request_log();
    command(&mut h, "folder 2019").await;
    assert_eq!(h.app.breadcrumb(), "Storage Folders › Archive › 2019");
    assert!(
        h.server
            .request_log()
            .iter()
            .all(|r| r.path != "/api/storage_folders")
    );
}

#[tokio::test]
async fn tab_completes_names_after_folder() {
    let mut h = Harness::new(140, 40).await;
    h.press(KeyCode::Char(':'));
    h.type_str("fol");
    h.press(KeyCode::Tab);
    h.type_str("mrkt");
    h.press(KeyCode::Tab);
    assert_eq!(
        h.app.modals.command.as_ref().map(|i| i.value().to_string()),
        Some("folder Marketing".to_string())
    );
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.app.breadcrumb(), "Storage Folders › Marketing");
}

#[tokio::test]
async fn sort_asset_search_and_errors() {
    let mut h = Harness::new(140, 40).await;
    command(&mut h, "sort filename").await;
    assert_eq!(
        h.app.browse.query.sort,
        Some((SortField::Filename, SortOrder::Asc))
    );
    let names: Vec<String> = h
        .app
        .grid
        .loaded_assets()
        .into_iter()
        .map(|a| a.filename.clone().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let id = h.app.grid.loaded_assets()[7].id;
    command(&mut h, &format!("asset {id}")).await;
    assert_eq!(h.app.grid.total(), Some(1));
    assert_eq!(h.app.grid.loaded_assets()[0].id, id);
    h.keys(&[KeyCode::Esc]).await;
    assert!(
        h.app.grid.total().unwrap() > 1,
        "Esc goes back to the library"
    );
    command(&mut h, "asset 99999999").await;
    let screen = h.screen();
    assert!(
        screen.contains("No asset 99999999 — it does not exist"),
        "{screen}"
    );
    h.keys(&[KeyCode::Esc]).await;

    command(&mut h, "search tag:cat").await;
    assert!(
        h.app
            .grid
            .loaded_assets()
            .into_iter()
            .all(|a| a.tag_names().iter().any(|t| t == "cat"))
    );

    h.press(KeyCode::Char(':'));
    h.type_str("fol");
    h.press(KeyCode::Tab);
    assert_eq!(h.app.modals.command.as_ref().unwrap().value(), "folder ");
    h.press(KeyCode::Esc);
    assert!(h.app.modals.command.is_none());

    command(&mut h, "frobnicate").await;
    assert!(
        h.app.modals.command.is_some(),
        "a bad command keeps the line"
    );
    assert!(h.screen().contains("unknown command"));
    h.press(KeyCode::Esc);
    command(&mut h, "q").await;
    assert!(h.app.screen.should_quit);
}

/// `r` on the Collections root reloads its children; `:collection` then finds the
/// fresh node (not an invisible stale copy) and shows it.
#[tokio::test]
async fn a_jump_after_reloading_a_root_finds_the_fresh_node() {
    let mut h = Harness::new(140, 40).await;
    command(&mut h, "collection best").await;
    assert!(h.app.breadcrumb().starts_with("Collections › Best of"));
    // Back on the Collections root, reload it.
    h.app.focus = Focus::Tree;
    let root = h.app.tree.items[h.app.tree.selected.unwrap()]
        .parent
        .unwrap();
    h.tree_cursor_on(root);
    h.keys(&[KeyCode::Char('r')]).await;
    command(&mut h, "collection best").await;
    let sel = h.app.tree.selected.expect("a collection is shown");
    assert!(
        h.app.tree.visible().contains(&sel),
        "the jump selects a node that is in the tree"
    );
    assert!(h.app.breadcrumb().starts_with("Collections › Best of"));
    assert_eq!(h.app.tree.current(), Some(sel));
}

/// Tab with more than one way on lists them: on an empty line, after `:s`, after
/// `:sort ` (the fields) and after a field (the directions).
#[tokio::test]
async fn tab_lists_the_candidates() {
    let mut h = Harness::new(160, 40).await;
    h.press(KeyCode::Char(':'));
    h.press(KeyCode::Tab);
    assert!(
        h.screen().contains("Tab: search · folder · collection"),
        "{}",
        h.screen()
    );
    h.type_str("s");
    h.press(KeyCode::Tab);
    assert!(
        h.screen().contains("Tab: search · save · saved · sort"),
        "{}",
        h.screen()
    );
    h.type_str("ort ");
    h.press(KeyCode::Tab);
    assert!(
        h.screen()
            .contains("Tab: created_at · captured_at · filename"),
        "{}",
        h.screen()
    );
    h.type_str("rating ");
    h.press(KeyCode::Tab);
    assert!(h.screen().contains("Tab: asc · desc"), "{}", h.screen());
    h.type_str("a");
    h.press(KeyCode::Tab);
    assert_eq!(
        h.app.modals.command.as_ref().map(|i| i.value().to_string()),
        Some("sort rating asc ".to_string())
    );
}
