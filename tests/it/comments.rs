//! Comments end to end: `C` on a lightbox shows its comments (markdown as plain text,
//! mentions by name); `n` writes one, `e` edits and `D` deletes the user's own — each
//! sent once — and nobody else's; read-only mode sends nothing.

use crossterm::event::KeyCode;
use mgtui::api::models::{Commentable, GroupKind};

use crate::common::ui::Harness;

/// Open the comments of the lightbox `name`; returns what they are on.
async fn open_on(h: &mut Harness, name: &str) -> Commentable {
    let idx = h.tree_cursor_on_group(GroupKind::Lightbox, name).await;
    let id = h.app.tree.items[idx]
        .node
        .as_ref()
        .unwrap()
        .asset_group_id
        .unwrap();
    h.keys(&[KeyCode::Char('C')]).await;
    assert!(h.app.modals.comments.is_some());
    Commentable { lightbox: true, id }
}

async fn server_texts(h: &Harness, on: Commentable) -> Vec<String> {
    h.client
        .comments(on)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|c| c.text)
        .collect()
}

#[tokio::test]
async fn write_edit_and_delete_your_own_comments_only() {
    let mut h = Harness::new(140, 44).await;
    let on = open_on(&mut h, "Client picks").await;
    let screen = h.screen();
    assert!(screen.contains("Sam Rivera"), "{screen}");
    assert!(
        screen.contains("wants three options") && !screen.contains("**"),
        "markdown as plain text: {screen}"
    );
    assert!(
        screen.contains("See the brief")
            && screen.contains("(https://example.com/brief) and @Dana Demo."),
        "links as text, mentions by name: {screen}"
    );
    assert!(screen.contains("• the night skyline"), "{screen}");
    h.server.clear_request_log();

    // n: the line; Enter sends once.
    h.keys(&[KeyCode::Char('n')]).await;
    h.type_str("Looks good");
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(h.writes(), ["POST /api/comments"]);
    assert_eq!(server_texts(&h, on).await.last().unwrap(), "Looks good");
    assert!(h.app.modals.comment_drafts.is_empty(), "sent: no draft");

    // e on it: the line holds its text; the edit is saved and marked.
    h.keys(&[KeyCode::Char('e')]).await;
    h.type_str(" to me");
    h.keys(&[KeyCode::Enter]).await;
    let id = h.client.comments(on).await.unwrap().last().unwrap().id;
    assert_eq!(h.writes()[1], format!("PUT /api/comments/{id}"));
    assert_eq!(
        server_texts(&h, on).await.last().unwrap(),
        "Looks good to me"
    );
    assert!(h.screen().contains("(edited)"));

    // Sam's comment: neither edited nor deleted.
    h.keys(&[KeyCode::Home]).await;
    h.app.modals.comments.as_mut().unwrap().cursor = 0;
    h.keys(&[KeyCode::Char('e'), KeyCode::Char('D')]).await;
    assert!(h.app.modals.confirm.is_none());
    assert!(h.screen().contains("Only your own comments"));
    assert_eq!(h.writes().len(), 2);

    // Your own: D asks (Cancel the default), then deletes once.
    h.app.modals.comments.as_mut().unwrap().cursor = 2;
    h.keys(&[KeyCode::Char('D'), KeyCode::Enter]).await;
    assert_eq!(h.writes().len(), 2, "Enter is Cancel");
    h.keys(&[KeyCode::Char('D'), KeyCode::Char('d')]).await;
    assert_eq!(h.writes()[2], format!("DELETE /api/comments/{id}"));
    assert_eq!(server_texts(&h, on).await.len(), 2);
    h.keys(&[KeyCode::Esc]).await;
    assert!(h.app.modals.comments.is_none());
}

#[tokio::test]
async fn an_unsent_comment_is_a_draft_until_it_is_sent() {
    let mut h = Harness::new(140, 44).await;
    let on = open_on(&mut h, "Moodboard").await;
    assert!(h.screen().contains("No comments yet"));
    h.keys(&[KeyCode::Char('n')]).await;
    h.type_str("Half written");
    h.keys(&[KeyCode::Esc, KeyCode::Esc]).await;
    assert!(h.app.modals.comments.is_none());
    let kept = &h.app.modals.comment_drafts;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].text, "Half written");
    let written =
        h.app.take_effects().into_iter().any(
            |e| matches!(e, mgtui::app::effect::Effect::WriteCommentDrafts(d) if d.len() == 1),
        );
    assert!(written, "the draft goes to disk");
    // Back: kept, not typed into; n puts it on the line, Enter sends it, the draft goes.
    h.keys(&[KeyCode::Char('C')]).await;
    assert!(
        h.screen()
            .contains("Your unsent comment is kept: n brings it back")
    );
    assert!(h.app.modals.comments.as_ref().unwrap().input.is_none());
    h.keys(&[KeyCode::Char('n')]).await;
    assert!(h.screen().contains("> Half written"), "{}", h.screen());
    h.keys(&[KeyCode::Enter]).await;
    assert_eq!(server_texts(&h, on).await, ["Half written"]);
    assert!(h.app.modals.comment_drafts.is_empty());
}

#[tokio::test]
async fn read_only_mode_shows_comments_and_sends_none() {
    let mut h = Harness::new(140, 44).await;
    h.app.session.read_only = true;
    open_on(&mut h, "Client picks").await;
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('n')]).await;
    h.type_str("x");
    h.keys(&[KeyCode::Enter]).await;
    h.app.modals.comments.as_mut().unwrap().cursor = 1;
    h.keys(&[KeyCode::Char('e'), KeyCode::Char('D')]).await;
    assert!(h.writes().is_empty(), "{:?}", h.writes());
    assert!(h.screen().contains("Read-only mode"));
    assert!(h.app.modals.comment_drafts.is_empty());
}
