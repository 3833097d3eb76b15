//! Giving a lightbox away: `O` on a lightbox in the tree offers its members (Cancel the
//! default); the chosen one becomes its owner on the server, sent once; only the owner
//! may; read-only mode sends nothing.

use crossterm::event::KeyCode;
use mgtui::api::models::GroupKind;

use crate::common::ui::Harness;

async fn owner_of(h: &Harness, id: i64) -> String {
    h.client
        .lightbox_people(id)
        .await
        .unwrap()
        .owner
        .unwrap()
        .name
}

#[tokio::test]
async fn a_lightbox_goes_to_the_chosen_member_once() {
    let mut h = Harness::new(140, 40).await;
    h.tree_cursor_on_group(GroupKind::Lightbox, "Client picks")
        .await;
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('O')]).await;
    h.settle().await;
    let screen = h.screen();
    assert!(
        screen.contains("Give the lightbox “Client picks”"),
        "{screen}"
    );
    assert!(screen.contains("1: Ines Ortega (editor)"), "{screen}");
    assert!(screen.contains("2: Tomás Berg (viewer)"), "{screen}");
    // Enter: Cancel, the default.
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.app.modals.confirm.is_none());
    assert!(h.writes().is_empty());
    assert_eq!(owner_of(&h, 5004).await, "Dana Demo");

    h.keys(&[KeyCode::Char('O')]).await;
    h.settle().await;
    h.keys(&[KeyCode::Char('1')]).await;
    h.settle().await;
    assert_eq!(h.writes(), ["POST /api/lightboxes/5004/transfer_ownership"]);
    assert_eq!(owner_of(&h, 5004).await, "Ines Ortega");
    assert!(
        h.flash().contains("now belongs to Ines Ortega"),
        "{}",
        h.flash()
    );
    let people = h.client.lightbox_people(5004).await.unwrap();
    assert!(
        people
            .members
            .iter()
            .any(|m| m.name == "Dana Demo" && m.role.as_deref() == Some("editor")),
        "{people:?}"
    );

    // No longer the owner: nothing more to give.
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('O')]).await;
    h.settle().await;
    assert!(h.app.modals.confirm.is_none());
    assert!(
        h.flash().contains("Only its owner, Ines Ortega, can give"),
        "{}",
        h.flash()
    );
    assert!(h.writes().is_empty());
}

#[tokio::test]
async fn a_lightbox_nobody_else_is_in_cannot_be_given_and_read_only_sends_nothing() {
    let mut h = Harness::new(140, 40).await;
    h.tree_cursor_on_group(GroupKind::Lightbox, "My First Lightbox")
        .await;
    h.keys(&[KeyCode::Char('O')]).await;
    h.settle().await;
    assert!(h.app.modals.confirm.is_none());
    assert!(
        h.flash().contains("has no other member to give it to"),
        "{}",
        h.flash()
    );

    h.app.session.read_only = true;
    h.tree_cursor_on_label("Moodboard");
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('O')]).await;
    h.settle().await;
    assert!(h.app.modals.confirm.is_none());
    assert!(h.flash().contains("Read-only"), "{}", h.flash());
    assert_eq!(h.server.request_count("GET", "/api/lightboxes/5006"), 0);
    assert!(h.writes().is_empty());
    assert_eq!(owner_of(&h, 5006).await, "Dana Demo");
}

#[tokio::test]
async fn an_answer_that_comes_after_the_cursor_left_asks_nothing() {
    let mut h = Harness::new(140, 40).await;
    h.tree_cursor_on_group(GroupKind::Lightbox, "Client picks")
        .await;
    h.press(KeyCode::Char('O'));
    // Before the server answers, the user has moved on to the grid.
    h.app.focus = mgtui::app::state::Focus::Grid;
    h.settle().await;
    assert!(h.app.modals.confirm.is_none(), "{}", h.screen());
    h.app.focus = mgtui::app::state::Focus::Tree;
    h.press(KeyCode::Char('O'));
    h.keys(&[KeyCode::Char(':')]).await;
    h.settle().await;
    assert!(
        h.app.modals.confirm.is_none(),
        "the command line stays on top"
    );
    assert!(h.writes().is_empty());
}

#[tokio::test]
async fn o_outside_a_lightbox_says_where_it_works() {
    let mut h = Harness::new(140, 40).await;
    h.tree_cursor_on_group(GroupKind::Collection, "Press kit 2024")
        .await;
    h.keys(&[KeyCode::Char('O')]).await;
    assert!(h.flash().contains("on a lightbox"), "{}", h.flash());
}
