//! Saved searches in the app, against the embedded server: the tree's fourth root,
//! running one, `:save`, `:saved`, rename (`R`) and delete (`D`, confirmed).

use crate::common::ui::Harness;
use crossterm::event::KeyCode;
use mgtui::app::state::Focus;
use mgtui::panes::tree::Section;

async fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_str(line);
    h.keys(&[KeyCode::Enter]).await;
}

/// Names of the loaded saved searches, in tree order.
fn saved_names(h: &Harness) -> Vec<String> {
    let t = &h.app.tree;
    t.visible()
        .into_iter()
        .filter(|&i| t.items[i].saved.is_some())
        .map(|i| t.items[i].label.clone())
        .collect()
}

/// Put the tree cursor on the root of saved searches, expanded.
async fn open_saved_root(h: &mut Harness) {
    h.app.focus = Focus::Tree;
    let root = h
        .app
        .tree
        .items
        .iter()
        .position(|i| i.section == Section::SavedSearches && i.parent.is_none())
        .expect("a Saved Searches root");
    h.tree_cursor_on(root);
    h.keys(&[KeyCode::Right]).await;
}

async fn cursor_on(h: &mut Harness, name: &str) {
    let t = &h.app.tree;
    let pos = t
        .visible()
        .iter()
        .position(|&i| t.items[i].label == name)
        .unwrap_or_else(|| panic!("{name} not in the tree"));
    h.app.tree.cursor = pos;
}

#[tokio::test]
async fn seeded_saved_searches_show_in_the_tree_and_run() {
    let mut h = Harness::new(140, 40).await;
    assert!(h.screen().contains("Saved Searches"));
    open_saved_root(&mut h).await;
    let names = saved_names(&h);
    assert!(
        names.contains(&"Five-star landscapes".to_string()),
        "{names:?}"
    );
    cursor_on(&mut h, "Five-star landscapes").await;
    h.server.clear_request_log();
    h.keys(&[KeyCode::Enter]).await;
    let q = h.search_queries().remove(0);
    assert!(
        q.contains("aspect=landscape") && q.contains("rating[]=5"),
        "{q}"
    );
    assert_eq!(h.app.focus, Focus::Grid);
    assert_eq!(h.app.breadcrumb(), "Saved Searches › Five-star landscapes");
    assert_eq!(
        h.app.browse.query_text.as_deref(),
        Some("rating:5 aspect:landscape")
    );
    assert!(h.app.grid.total().unwrap_or(0) > 0);
    for a in &h.app.grid.loaded_assets() {
        assert_eq!(a.rating, Some(5));
    }
    // Its filters are chips like any others.
    assert!(h.screen().contains("aspect:landscape ✕"));
    // Esc on the grid leaves it for the whole library.
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(h.app.breadcrumb(), "All assets");
    assert!(h.app.browse.query_text.is_none());
}

#[tokio::test]
async fn save_run_rename_and_delete_round_trip() {
    let mut h = Harness::new(140, 40).await;
    // A search inside a folder, with text and filters.
    command(&mut h, "folder marketing").await;
    h.app.focus = Focus::Grid;
    h.press(KeyCode::Char('/'));
    h.type_str("type:jpg rating:>=2");
    h.keys(&[KeyCode::Enter]).await;
    let expected: Vec<i64> = h
        .app
        .grid
        .loaded_assets()
        .into_iter()
        .map(|a| a.id)
        .collect();
    let total = h.app.grid.total();
    assert!(!expected.is_empty());

    h.server.clear_request_log();
    command(&mut h, "save Marketing picks").await;
    let post = h
        .server
        .request_log()
        .into_iter()
        .find(|r| r.method == "POST" && r.path == "/api/search_queries")
        .expect("POST /api/search_queries");
    assert!(post.body.contains("\"search_query\""), "{}", post.body);
    assert!(post.body.contains("storage_folder_id = "), "{}", post.body);
    assert!(h.screen().contains("Saved “Marketing picks”"));
    assert!(saved_names(&h).contains(&"Marketing picks".to_string()));

    // Elsewhere, then back by name: the same assets.
    h.keys(&[KeyCode::Esc]).await;
    command(&mut h, "folder campaigns").await;
    command(&mut h, "saved mrkt picks").await;
    assert_eq!(h.app.grid.total(), total);
    let got: Vec<i64> = h
        .app
        .grid
        .loaded_assets()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        h.app.browse.query_text.as_deref(),
        Some("type:jpg rating:>=2")
    );

    // R: the command line, ready to edit the name.
    cursor_on(&mut h, "Marketing picks").await;
    h.app.focus = Focus::Tree;
    h.keys(&[KeyCode::Char('R')]).await;
    assert_eq!(
        h.app.modals.command.as_ref().map(|i| i.value().to_string()),
        Some("rename-saved Marketing picks".to_string())
    );
    for _ in 0.."picks".len() {
        h.press(KeyCode::Backspace);
    }
    h.type_str("weekly");
    h.keys(&[KeyCode::Enter]).await;
    let names = saved_names(&h);
    assert!(names.contains(&"Marketing weekly".to_string()), "{names:?}");
    assert!(!names.contains(&"Marketing picks".to_string()));
    assert_eq!(
        h.app.breadcrumb(),
        "Saved Searches › Marketing weekly",
        "the breadcrumb follows the rename"
    );

    // D asks; Enter on the default (Cancel) keeps it; `d` deletes.
    cursor_on(&mut h, "Marketing weekly").await;
    h.keys(&[KeyCode::Char('D')]).await;
    assert!(
        h.screen()
            .contains("Delete the saved search “Marketing weekly”?")
    );
    h.keys(&[KeyCode::Enter]).await;
    assert!(saved_names(&h).contains(&"Marketing weekly".to_string()));
    assert_eq!(h.server.request_count("DELETE", "/api/search_queries"), 0);
    cursor_on(&mut h, "Marketing weekly").await;
    h.keys(&[KeyCode::Char('D'), KeyCode::Char('d')]).await;
    assert_eq!(h.server.request_count("DELETE", "/api/search_queries"), 1);
    assert!(!saved_names(&h).contains(&"Marketing weekly".to_string()));
    assert!(h.screen().contains("Deleted “Marketing weekly”"));
    assert!(
        !h.app.breadcrumb().contains("Marketing weekly"),
        "the breadcrumb no longer names a deleted search: {}",
        h.app.breadcrumb()
    );
    // `:saved` cannot find it either (no stale copy of the old list).
    command(&mut h, "saved marketing weekly").await;
    assert!(
        h.screen().contains("No saved search matches"),
        "{}",
        h.screen()
    );
}

#[tokio::test]
async fn nothing_to_save_and_foreign_sql_are_explained() {
    let mut h = Harness::new(140, 40).await;
    command(&mut h, "save Everything").await;
    assert!(h.screen().contains("Nothing to save"));
    assert_eq!(h.server.request_count("POST", "/api/search_queries"), 0);
    // A saved search written by another app, in SQL mgtui does not run.
    h.client
        .create_saved_search("Processed only", None, "aasm_state = 'processed'")
        .await
        .expect("created");
    open_saved_root(&mut h).await;
    h.keys(&[KeyCode::Char('r')]).await;
    cursor_on(&mut h, "Processed only").await;
    let before = h.app.grid.total();
    h.keys(&[KeyCode::Enter]).await;
    let screen = h.screen();
    assert!(screen.contains("Cannot run “Processed only”"), "{screen}");
    assert_eq!(h.app.grid.total(), before, "the grid is left as it was");
}
