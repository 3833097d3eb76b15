//! The `/` line's filter tokens reach the API as filter parameters; bad tokens are
//! reported and the typed text is kept.

use crate::common::ui::Harness;
use crossterm::event::KeyCode;

#[tokio::test]
async fn filter_tokens_become_api_parameters() {
    let mut h = Harness::new(140, 40).await;
    let tag = h.app.grid.loaded_assets()[0].tag_names()[0].clone();
    h.server.clear_request_log();
    h.press(KeyCode::Char('/'));
    h.type_str(&format!(
        "tag:{tag} rating:>=1 type:jpg,png captured:2015..2025"
    ));
    h.keys(&[KeyCode::Enter]).await;
    let q = h.search_queries().remove(0);
    for want in [
        format!("tags[]={}", tag.replace(' ', "+")),
        "rating[]=1".into(),
        "rating[]=5".into(),
        "exts[]=jpg".into(),
        "exts[]=png".into(),
        "captured_at[]=2015-01-01T00%3A00%3A00Z".into(),
        "captured_at[]=2025-12-31T23%3A59%3A59Z".into(),
    ] {
        assert!(q.contains(&want), "{want} missing in {q}");
    }
    assert!(!q.contains("q="), "no free text was typed: {q}");
    assert!(h.app.grid.total().unwrap() >= 1);
    for a in &h.app.grid.loaded_assets() {
        assert!(a.tag_names().contains(&tag));
        assert!(a.rating.unwrap_or(0) >= 1);
    }
    let screen = h.screen();
    assert!(screen.contains(&format!("/tag:{tag}")), "{screen}");
}

#[tokio::test]
async fn every_other_token_reaches_the_api() {
    let mut h = Harness::new(140, 40).await;
    let user = h.app.session.user.as_ref().expect("whoami").id;
    let cases = [
        (
            format!(
                "rights:owned meta:\"Category=Editorial\" uploader:{user} created:2020..2026 in:all"
            ),
            vec![
                "rights_code[]=owned".to_string(),
                "custom_meta%5BCategory%5D[]=Editorial".into(),
                format!("user_ids[]={user}"),
                "created_at[]=2020-01-01T00%3A00%3A00Z".into(),
                "created_at[]=2026-12-31T23%3A59%3A59Z".into(),
            ],
        ),
        (
            "people:no aspect:landscape".to_string(),
            vec!["has_people=no".to_string(), "aspect=landscape".into()],
        ),
    ];
    for (line, wants) in cases {
        h.server.clear_request_log();
        h.press(KeyCode::Char('/'));
        for _ in 0..200 {
            h.press(KeyCode::Backspace);
        }
        h.type_str(&line);
        h.keys(&[KeyCode::Enter]).await;
        let q = h.search_queries().remove(0);
        for want in wants {
            assert!(q.contains(&want), "{want} missing in {q}");
        }
        assert!(!q.contains("storage_folder_id"), "searches everything: {q}");
        // The demo server applies them: there are results, and each one matches.
        assert!(h.app.grid.total().unwrap_or(0) > 0, "{q}");
        for a in &h.app.grid.loaded_assets() {
            if line.starts_with("people") {
                assert_eq!(a.has_people, Some(false));
            } else {
                assert_eq!(a.rights_status.as_deref(), Some("owned"));
            }
        }
    }
}

#[tokio::test]
async fn in_here_and_in_all_choose_the_scope() {
    let mut h = Harness::new(140, 40).await;
    h.press(KeyCode::Char(':'));
    h.type_str("folder marketing");
    h.keys(&[KeyCode::Enter]).await;
    let folder_total = h.app.grid.total();
    let last_search = |h: &Harness| h.search_queries().pop().expect("a search");
    // The line starts in the folder; in:all overrides it, in:here brings it back.
    h.press(KeyCode::Char('/'));
    h.type_str("in:all");
    h.keys(&[KeyCode::Enter]).await;
    assert!(!last_search(&h).contains("storage_folder_id"));
    assert!(h.app.grid.total() > folder_total);
    h.keys(&[KeyCode::Esc]).await;
    h.press(KeyCode::Char(':'));
    h.type_str("folder marketing");
    h.keys(&[KeyCode::Enter]).await;
    h.press(KeyCode::Char('/'));
    h.press(KeyCode::Tab);
    h.type_str("in:here");
    h.keys(&[KeyCode::Enter]).await;
    assert!(
        last_search(&h).contains("storage_folder_id="),
        "{}",
        last_search(&h)
    );
    assert_eq!(h.app.grid.total(), folder_total);
}

#[tokio::test]
async fn an_unknown_token_is_reported_and_the_line_kept() {
    let mut h = Harness::new(140, 40).await;
    let total = h.app.grid.total();
    h.server.clear_request_log();
    h.press(KeyCode::Char('/'));
    h.type_str("sunset colour:red");
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.app.modals.search.is_some(), "the line stays open");
    assert_eq!(
        h.app.modals.search.as_ref().unwrap().input.value(),
        "sunset colour:red"
    );
    assert_eq!(h.server.request_count("GET", "/api/assets/search"), 0);
    assert_eq!(h.app.grid.total(), total);
    let screen = h.screen();
    assert!(screen.contains("unknown filter"), "{screen}");
}

#[tokio::test]
async fn up_and_down_recall_earlier_queries() {
    let mut h = Harness::new(140, 40).await;
    for q in ["harbour", "tag:cat rating:>=1"] {
        h.press(KeyCode::Char('/'));
        h.ctrl('u');
        h.type_str(q);
        h.keys(&[KeyCode::Enter]).await;
    }
    h.press(KeyCode::Char('/'));
    h.ctrl('u');
    h.type_str("draft");
    h.press(KeyCode::Up);
    assert_eq!(
        h.app.modals.search.as_ref().unwrap().input.value(),
        "tag:cat rating:>=1"
    );
    h.press(KeyCode::Up);
    assert_eq!(
        h.app.modals.search.as_ref().unwrap().input.value(),
        "harbour"
    );
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    assert_eq!(
        h.app.modals.search.as_ref().unwrap().input.value(),
        "draft",
        "back to the typed text"
    );
    assert_eq!(
        h.app.browse.search_history.entries(),
        ["harbour", "tag:cat rating:>=1"]
    );
}

#[tokio::test]
async fn later_pages_use_the_first_page_snapshot() {
    let mut h = Harness::new(140, 40).await;
    let stamp = |q: &str| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("snapshot_timestamp="))
            .map(str::to_string)
    };
    let log = h.server.request_log();
    let first = log
        .iter()
        .find(|r| r.path == "/api/assets/search" && r.query.contains("page=1&"))
        .expect("page 1");
    let t1 = stamp(&first.query).expect("page 1 records a snapshot");
    h.keys(&[KeyCode::End]).await;
    let pages: Vec<_> = h
        .server
        .request_log()
        .into_iter()
        .filter(|r| r.path == "/api/assets/search" && !r.query.contains("page=1&"))
        .collect();
    assert!(!pages.is_empty(), "later pages were fetched");
    for p in pages {
        assert_eq!(stamp(&p.query).as_deref(), Some(t1.as_str()), "{}", p.query);
    }
}

/// With a filter active, `/` then typing starts a new word: the filter token stays
/// whole and the typed text is a separate search term.
#[tokio::test]
async fn typing_after_an_active_filter_starts_a_new_word() {
    let mut h = Harness::new(140, 40).await;
    h.press(KeyCode::Char('/'));
    h.type_str("captured:2015..2025");
    h.keys(&[KeyCode::Enter]).await;
    h.server.clear_request_log();
    h.press(KeyCode::Char('/'));
    h.type_str("harbor");
    h.keys(&[KeyCode::Enter]).await;
    let q = h.search_queries().pop().expect("a search");
    assert!(q.contains("q=harbor"), "{q}");
    assert!(
        q.contains("captured_at[]=2025-12-31T23%3A59%3A59Z"),
        "the filter is intact: {q}"
    );
    let screen = h.screen();
    assert!(!screen.contains("Unknown"), "{screen}");
}
