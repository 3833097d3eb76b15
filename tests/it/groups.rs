//! Groups in the tree end to end: `n` creates, `R` renames, `D` deletes storage folders,
//! collections and lightboxes on the demo server, the tree changes in place, every write
//! is sent once and only when meant.

use std::time::Duration;

use crossterm::event::KeyCode;
use mgtui::api::models::{GroupKind, GroupNode};
use mgtui::demo::{DemoOptions, FaultSettings};

use crate::common::ui::Harness;

async fn on_root(h: &mut Harness, kind: GroupKind) -> usize {
    h.open_root(kind).await
}

fn cursor_on(h: &mut Harness, name: &str) -> usize {
    h.tree_cursor_on_label(name)
}

/// The server id of tree item `idx`.
fn node_id(h: &Harness, idx: usize) -> i64 {
    let node = h.app.tree.items[idx].node.as_ref().expect("a group");
    node.id.as_i64().expect("a numeric id")
}

async fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_str(line);
    h.keys(&[KeyCode::Enter]).await;
}

/// The children of `parent` the server has, by name.
async fn server_children(h: &Harness, kind: GroupKind, parent: Option<i64>) -> Vec<GroupNode> {
    h.client
        .tree_children(kind, parent, false)
        .await
        .expect("tree children")
}

fn names(nodes: &[GroupNode]) -> Vec<String> {
    nodes.iter().filter_map(|n| n.name.clone()).collect()
}

#[tokio::test]
async fn create_nest_rename_and_delete_a_group_of_each_kind() {
    let mut h = Harness::new(140, 40).await;
    for (kind, path) in [
        (GroupKind::StorageFolder, "/api/storage_folders"),
        (GroupKind::Collection, "/api/collections"),
        (GroupKind::Lightbox, "/api/lightboxes"),
    ] {
        let root = on_root(&mut h, kind).await;
        h.server.clear_request_log();

        // n: the command line, ready for the name.
        h.keys(&[KeyCode::Char('n')]).await;
        assert_eq!(
            h.app.modals.command.as_ref().map(|i| i.value().to_string()),
            Some("new ".to_string())
        );
        h.type_str("Shoot 2026-12");
        h.keys(&[KeyCode::Enter]).await;
        assert_eq!(h.writes(), [format!("POST {path}")], "{kind:?}");
        // In place, without fetching the tree again: one GET of the root's children, the
        // worker's look before the create, so that a lost answer is never sent twice.
        let tree_gets = h
            .server
            .request_log()
            .into_iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/tree"))
            .count();
        assert_eq!(tree_gets, 1, "{kind:?}");
        let top = server_children(&h, kind, None).await;
        let made: Vec<&GroupNode> = top
            .iter()
            .filter(|n| n.name.as_deref() == Some("Shoot 2026-12"))
            .collect();
        assert_eq!(made.len(), 1, "{kind:?}: {:?}", names(&top));
        let made_id = made[0].id.as_i64().unwrap();
        // The cursor on the new node, under the root.
        let cur = h.app.tree.current().unwrap();
        assert_eq!(h.app.tree.items[cur].label, "Shoot 2026-12");
        assert_eq!(h.app.tree.items[cur].parent, Some(root));
        assert!(h.screen().contains("Shoot 2026-12"));

        // n again: a child of the new group.
        h.keys(&[KeyCode::Char('n')]).await;
        h.type_str("Day 1");
        h.keys(&[KeyCode::Enter]).await;
        assert_eq!(
            names(&server_children(&h, kind, Some(made_id)).await),
            ["Day 1"]
        );
        let day = h.app.tree.current().unwrap();
        assert_eq!(h.app.tree.items[day].label, "Day 1");
        assert_eq!(h.app.tree.items[day].parent, Some(cur));

        // R: the command line holds the current name; :rename sends the new one.
        h.keys(&[KeyCode::Char('R')]).await;
        assert_eq!(
            h.app.modals.command.as_ref().map(|i| i.value().to_string()),
            Some("rename Day 1".to_string())
        );
        h.keys(&[KeyCode::Esc]).await;
        command(&mut h, "rename Day one").await;
        assert_eq!(
            names(&server_children(&h, kind, Some(made_id)).await),
            ["Day one"]
        );
        assert_eq!(h.app.tree.items[day].label, "Day one");

        // D on the empty child: asked (Cancel the default), then deleted.
        h.server.clear_request_log();
        h.keys(&[KeyCode::Char('D')]).await;
        assert!(h.screen().contains("It holds no assets"), "{}", h.screen());
        h.keys(&[KeyCode::Enter]).await;
        assert!(h.writes().is_empty(), "Enter is Cancel");
        h.keys(&[KeyCode::Char('D'), KeyCode::Char('d')]).await;
        assert_eq!(
            h.writes(),
            [format!("DELETE {path}/")
                + &h.app.tree.items[day].node.as_ref().unwrap().id.to_string()]
        );
        assert!(server_children(&h, kind, Some(made_id)).await.is_empty());
        assert!(!h.app.tree.is_attached(day));
        assert_eq!(h.app.tree.current(), Some(cur));

        // And the parent, empty again.
        h.keys(&[KeyCode::Char('D'), KeyCode::Char('d')]).await;
        assert!(!names(&server_children(&h, kind, None).await).contains(&"Shoot 2026-12".into()));
        assert!(!h.app.tree.is_attached(cur));
        assert!(h.screen().contains("Deleted the "), "{}", h.screen());
        assert_eq!(h.writes().len(), 2, "{:?}", h.writes());
    }
}

#[tokio::test]
async fn deleting_a_group_that_holds_assets_needs_its_name_typed() {
    let mut h = Harness::new(140, 40).await;
    on_root(&mut h, GroupKind::Collection).await;
    let idx = cursor_on(&mut h, "Press kit 2024");
    // Show it in the grid first: deleting it leaves the grid on the whole library.
    h.keys(&[KeyCode::Enter]).await;
    let members: Vec<i64> = h.app.grid.loaded_assets().iter().map(|a| a.id).collect();
    let total = h.app.grid.total().unwrap();
    assert!(!members.is_empty());
    cursor_on(&mut h, "Press kit 2024");
    h.server.clear_request_log();

    h.keys(&[KeyCode::Char('D')]).await;
    let screen = h.screen();
    assert!(
        screen.contains(&format!("It holds {total} assets")),
        "{screen}"
    );
    assert!(screen.contains("The assets stay in their storage folders"));
    assert!(
        !screen.contains("Counting what"),
        "the count is in: {screen}"
    );
    // Letters go to the name; choosing Delete before it is typed does nothing.
    h.keys(&[KeyCode::Right, KeyCode::Enter]).await;
    assert!(h.app.modals.confirm.is_some());
    assert!(h.writes().is_empty());
    h.type_str("Press kit 2024");
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.writes(), ["DELETE /api/collections/3005"]);
    assert!(!h.app.tree.is_attached(idx));
    assert_eq!(h.app.breadcrumb(), "All assets");
    // The assets are still there, only out of the collection.
    for id in members {
        let a = h
            .client
            .asset(&id.to_string())
            .await
            .expect("the asset stays");
        assert_eq!(a.id, id);
    }
    assert!(
        !names(&server_children(&h, GroupKind::Collection, None).await)
            .contains(&"Press kit 2024".into())
    );
}

#[tokio::test]
async fn deleting_a_storage_folder_says_its_assets_go_to_the_trash() {
    let mut h = Harness::new(140, 40).await;
    on_root(&mut h, GroupKind::StorageFolder).await;
    let before = h.app.grid.total().unwrap();
    cursor_on(&mut h, "Marketing");
    h.keys(&[KeyCode::Enter]).await;
    let in_folder = h.app.grid.total().unwrap();
    assert!(in_folder > 0);
    cursor_on(&mut h, "Marketing");
    h.keys(&[KeyCode::Char('D')]).await;
    let screen = h.screen();
    assert!(
        screen.contains("Its sub-folders are deleted with it"),
        "{screen}"
    );
    assert!(screen.contains("Its assets go to the trash"), "{screen}");
    h.type_str("Marketing");
    h.keys(&[KeyCode::Right, KeyCode::Enter]).await;
    assert_eq!(h.app.breadcrumb(), "All assets");
    assert_eq!(h.app.grid.total(), Some(before - in_folder));
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_sent_once() {
    let opts = DemoOptions {
        faults: FaultSettings {
            drop_first_group_create_response: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = Harness::with(opts, 140, 40).await;
    h.client = crate::common::client_for(&h.server, Duration::from_secs(1));
    h.go_live();
    on_root(&mut h, GroupKind::Lightbox).await;
    h.server.clear_request_log();
    h.press(KeyCode::Char('n'));
    h.type_str("Picks for Ana");
    h.press(KeyCode::Enter);
    h.wait_for("the create answered", 20, |h| {
        h.screen().contains("Created the lightbox")
    })
    .await;
    assert_eq!(h.writes(), ["POST /api/lightboxes"]);
    let top = server_children(&h, GroupKind::Lightbox, None).await;
    assert_eq!(
        names(&top).iter().filter(|n| *n == "Picks for Ana").count(),
        1,
        "{:?} {:?}",
        names(&top),
        h.server
            .request_log()
            .iter()
            .map(|r| format!("{} {} {}", r.method, r.path, r.query))
            .collect::<Vec<_>>()
    );
    let cur = h.app.tree.current().unwrap();
    assert_eq!(h.app.tree.items[cur].label, "Picks for Ana");
}

#[tokio::test]
async fn read_only_mode_sends_no_group_change() {
    let mut h = Harness::new(140, 40).await;
    h.app.session.read_only = true;
    on_root(&mut h, GroupKind::Collection).await;
    cursor_on(&mut h, "Website");
    h.server.clear_request_log();
    for key in ['n', 'R', 'D'] {
        h.keys(&[KeyCode::Char(key)]).await;
        assert!(h.app.modals.command.is_none() && h.app.modals.confirm.is_none());
        assert!(h.screen().contains("Read-only mode"), "{}", h.screen());
    }
    command(&mut h, "new Sneaky").await;
    command(&mut h, "rename Sneaky").await;
    assert!(h.writes().is_empty(), "{:?}", h.writes());
    assert!(
        !h.screen().contains("n new folder"),
        "no hint for it either"
    );
}

#[tokio::test]
async fn hostile_group_names_stay_inert() {
    let opts = DemoOptions {
        hostile_strings: true,
        ..Default::default()
    };
    let mut h = Harness::with(opts, 140, 40).await;
    on_root(&mut h, GroupKind::Collection).await;
    let idx = h
        .app
        .tree
        .visible()
        .into_iter()
        .find(|&i| {
            h.app.tree.items[i]
                .node
                .as_ref()
                .and_then(|n| n.id.as_i64())
                == Some(3100)
        })
        .expect("the hostile collection");
    h.tree_cursor_on(idx);
    h.keys(&[KeyCode::Char('R')]).await;
    let line = h.app.modals.command.as_ref().unwrap().value().to_string();
    assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
    h.keys(&[KeyCode::Esc, KeyCode::Char('D')]).await;
    let screen = h.screen();
    assert!(screen.contains("Delete collection"), "{screen}");
    assert!(!screen.chars().any(|c| c.is_control() && c != '\n'));
    h.keys(&[KeyCode::Esc]).await;
    // A name typed with control characters reaches the server without them.
    h.server.clear_request_log();
    command(&mut h, "new Bell\u{7}Name").await;
    let post = h
        .server
        .request_log()
        .into_iter()
        .find(|r| r.method == "POST")
        .expect("the create");
    assert!(!post.body.contains("\\u0007"), "{}", post.body);
}

#[tokio::test]
async fn a_storage_folder_moves_into_another_after_asking() {
    let mut h = Harness::new(140, 40).await;
    let root = on_root(&mut h, GroupKind::StorageFolder).await;
    // Archive's children loaded, so it can be the target by name.
    let archive = cursor_on(&mut h, "Archive");
    h.keys(&[KeyCode::Right]).await;
    let press = cursor_on(&mut h, "Press");
    let press_id = node_id(&h, press);
    let archive_id = node_id(&h, archive);
    h.server.clear_request_log();

    h.keys(&[KeyCode::Char('m')]).await;
    assert_eq!(
        h.app.modals.command.as_ref().map(|i| i.value().to_string()),
        Some("move-to ".to_string())
    );
    h.type_str("archive");
    h.keys(&[KeyCode::Enter]).await;
    assert!(
        h.screen().contains("Move the storage folder “Press” into"),
        "{}",
        h.screen()
    );
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.writes().is_empty(), "Enter is Cancel");
    command(&mut h, "move-to archive").await;
    h.keys(&[KeyCode::Char('m')]).await;
    assert_eq!(h.writes(), [format!("PUT /api/storage_folders/{press_id}")]);
    assert!(
        names(&server_children(&h, GroupKind::StorageFolder, Some(archive_id)).await)
            .contains(&"Press".to_string())
    );
    assert!(
        !names(&server_children(&h, GroupKind::StorageFolder, None).await)
            .contains(&"Press".to_string())
    );
    // In place: under Archive now, the cursor on it.
    let now = h.app.tree.current().unwrap();
    assert_eq!(h.app.tree.items[now].label, "Press");
    assert_eq!(h.app.tree.items[now].parent, Some(archive));
    assert!(!h.app.tree.is_attached(press));

    // Only the folder itself matches: nothing to move into, nothing sent. "/": the top.
    h.server.clear_request_log();
    command(&mut h, "move-to press").await;
    assert!(h.app.modals.confirm.is_none());
    command(&mut h, "move-to /").await;
    h.keys(&[KeyCode::Char('m')]).await;
    assert_eq!(h.writes(), [format!("PUT /api/storage_folders/{press_id}")]);
    let back = h.app.tree.current().unwrap();
    assert_eq!(h.app.tree.items[back].parent, Some(root));
    assert!(
        names(&server_children(&h, GroupKind::StorageFolder, None).await)
            .contains(&"Press".to_string())
    );
}

/// `:move-to` a folder the tree has not loaded (deep in a collapsed branch): the server's
/// folders are asked, the match is confirmed with its path, the move is sent once, and
/// the folder leaves the tree until its new parent opens. Folders inside it are never
/// offered.
#[tokio::test]
async fn a_storage_folder_moves_into_one_the_tree_has_not_loaded() {
    let mut h = Harness::new(140, 40).await;
    on_root(&mut h, GroupKind::StorageFolder).await;
    let press = cursor_on(&mut h, "Press");
    let press_id = node_id(&h, press);
    assert!(
        !h.app
            .tree
            .items
            .iter()
            .any(|it| it.label == "Spring Launch"),
        "not loaded yet"
    );
    h.server.clear_request_log();
    // Its own sub-folder (on the server, not loaded here) is never offered.
    command(&mut h, "move-to releases").await;
    assert!(!h.screen().contains("Releases”"), "{}", h.screen());
    if h.app.modals.confirm.is_some() {
        h.keys(&[KeyCode::Esc]).await;
    }
    assert!(h.writes().is_empty());
    command(&mut h, "move-to spring launch").await;
    let screen = h.screen();
    assert!(
        screen.contains("“Press” into “Marketing › Campaigns › Spring"),
        "{screen}"
    );
    assert!(h.writes().is_empty(), "asked first");
    h.keys(&[KeyCode::Char('m')]).await;
    assert_eq!(h.writes(), [format!("PUT /api/storage_folders/{press_id}")]);
    assert!(
        names(&server_children(&h, GroupKind::StorageFolder, Some(2011)).await)
            .contains(&"Press".to_string())
    );
    assert!(!h.app.tree.is_attached(press), "gone from where it was");
}
