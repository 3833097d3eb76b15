//! The culling loupe end to end: keys in the app, rating writes through the real API
//! task to the demo server, the server's state checked afterwards.

use crossterm::event::KeyCode;
use mgtui::demo::{DemoOptions, FaultSettings};

use crate::common::ui::Harness;

/// A live harness with half-block pictures, the loupe open on the first asset.
async fn loupe(faults: FaultSettings) -> (Harness, tempfile::TempDir) {
    let opts = DemoOptions {
        faults,
        ..Default::default()
    };
    let (mut h, dir) = Harness::with_images(opts, 120, 36).await;
    h.go_live();
    h.press(KeyCode::Char('L'));
    assert!(h.app.modals.loupe.open);
    assert!(h.screen().contains("Loupe · 1 / 320"), "{}", h.screen());
    (h, dir)
}

/// The ids of the first `n` results, in order.
fn first_ids(h: &Harness, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| h.app.grid.results.get(i).expect("loaded").id)
        .collect()
}

/// What the server says each asset is rated.
async fn server_ratings(h: &Harness, ids: &[i64]) -> Vec<i64> {
    let mut out = Vec::new();
    for id in ids {
        let a = h.client.asset(&id.to_string()).await.expect("asset");
        out.push(a.rating.unwrap_or(0));
    }
    out
}

async fn until_saved(h: &mut Harness) {
    h.wait_for("every judgement saved", 30, |h| {
        h.app.modals.loupe.writes.unsaved() == 0
    })
    .await;
}

#[tokio::test]
async fn a_cull_with_every_key_lands_on_the_server() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 6);
    // 3, 4, reject, 5: each judges the asset shown and moves on. The first x asks what
    // a reject is; Enter takes the default, a rating of 1.
    for c in ['3', '4', 'x'] {
        h.press(KeyCode::Char(c));
    }
    assert!(h.screen().contains("What does x do"), "{}", h.screen());
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('5'));
    assert_eq!(h.app.grid.cursor, 4);
    // Without auto-advance the loupe stays: 2 then 0 on the fifth asset sends 0.
    h.press(KeyCode::Char('a'));
    h.press(KeyCode::Char('2'));
    h.press(KeyCode::Char('0'));
    assert_eq!(h.app.grid.cursor, 4);
    h.press(KeyCode::Char('a'));
    // Moving without judging changes nothing.
    h.press(KeyCode::Right);
    h.press(KeyCode::Left);
    h.press(KeyCode::Home);
    assert_eq!(h.app.grid.cursor, 0);
    // Space hides and shows the info strip.
    h.press(KeyCode::Char(' '));
    assert!(!h.screen().contains("captured"), "{}", h.screen());
    h.press(KeyCode::Char(' '));
    assert!(h.screen().contains("captured"), "{}", h.screen());
    until_saved(&mut h).await;
    let before_sixth = h.app.grid.results.get(5).unwrap().rating.unwrap_or(0);
    assert_eq!(
        server_ratings(&h, &ids).await,
        vec![3, 4, 1, 5, 0, before_sixth]
    );
    // The grid shows what the server has; Esc leaves the grid where culling stopped.
    h.press(KeyCode::Esc);
    assert!(!h.app.modals.loupe.open);
    assert_eq!(h.app.grid.results.get(2).unwrap().rating, Some(1));
}

#[tokio::test]
async fn undo_back_to_the_start_restores_the_server_exactly() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 8);
    let start = server_ratings(&h, &ids).await;
    for c in ['5', '4', '3', '2', '1', '0', '5', '5'] {
        h.press(KeyCode::Char(c));
    }
    until_saved(&mut h).await;
    assert_ne!(server_ratings(&h, &ids).await, start);
    for _ in 0..8 {
        h.press(KeyCode::Char('u'));
    }
    assert_eq!(h.app.grid.cursor, 0, "undo goes back to each judged asset");
    until_saved(&mut h).await;
    assert_eq!(server_ratings(&h, &ids).await, start);
    h.press(KeyCode::Char('u'));
    assert!(h.screen().contains("Nothing to undo"), "{}", h.screen());
}

#[tokio::test]
async fn keys_faster_than_the_server_send_one_write_per_asset_at_a_time() {
    let (mut h, _dir) = loupe(FaultSettings {
        latency_ms: 300,
        ..Default::default()
    })
    .await;
    let id = first_ids(&h, 1)[0];
    let path = format!("/api/assets/{id}");
    let puts = |h: &Harness| {
        h.server
            .request_log()
            .iter()
            .filter(|r| r.method == "PUT" && r.path == path)
            .count()
    };
    h.press(KeyCode::Char('a'));
    for c in ['1', '2', '3', '4', '5'] {
        h.press(KeyCode::Char(c));
    }
    until_saved(&mut h).await;
    assert_eq!(server_ratings(&h, &[id]).await, vec![5]);
    assert_eq!(
        puts(&h),
        2,
        "the first, then the latest once it was answered"
    );
}

#[tokio::test]
async fn a_failing_server_loses_no_judgement() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 20);
    h.server.set_faults(FaultSettings {
        error_rate: 0.3,
        ..Default::default()
    });
    let wanted: Vec<i64> = (0..20).map(|i| (i % 5 + 1) as i64).collect();
    for r in &wanted {
        h.press(KeyCode::Char(char::from(b'0' + *r as u8)));
    }
    // Failed writes wait for R; press it until everything is in.
    h.wait_for("every judgement answered", 30, |h| {
        h.app.modals.loupe.writes.unsaved() == h.app.modals.loupe.writes.failed_count()
    })
    .await;
    for _ in 0..40 {
        if h.app.modals.loupe.writes.unsaved() == 0 {
            break;
        }
        if h.app.modals.loupe.writes.failed_count() > 0 {
            assert!(h.screen().contains("not saved"), "{}", h.screen());
            h.press(KeyCode::Char('R'));
        }
        h.pump(std::time::Duration::from_millis(100)).await;
    }
    h.server.set_faults(FaultSettings::default());
    assert_eq!(h.app.modals.loupe.writes.unsaved(), 0);
    assert_eq!(server_ratings(&h, &ids).await, wanted);
}

#[tokio::test]
async fn read_only_mode_refuses_every_judgement() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    h.app.session.read_only = true;
    h.server.clear_request_log();
    for c in ['3', 'x', 'u'] {
        h.press(KeyCode::Char(c));
    }
    h.pump(std::time::Duration::from_millis(200)).await;
    assert_eq!(h.server.request_count("PUT", "/api/"), 0);
    assert_eq!(h.app.grid.cursor, 0, "nothing judged, nothing moved");
    assert!(h.screen().contains("read-only"), "{}", h.screen());
}

/// The loupe as the user sees it (text tiles: no pictures in a snapshot).
#[tokio::test]
async fn the_loupe_screen() {
    let mut h = Harness::new(100, 24).await;
    h.press(KeyCode::Char('L'));
    insta::assert_snapshot!("loupe", h.screen());
}

/// Judgements a killed mgtui had not saved come back from its journal: kept, offered
/// (nothing sent before the user says so), and sent on Send; unsaved ones are handed to
/// the event loop to journal as they change.
#[tokio::test]
async fn unsaved_judgements_from_a_crash_are_offered_and_sent() {
    use mgtui::app::effect::Effect;
    use mgtui::panes::judgements::Unsaved;
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 2);
    h.server.clear_request_log();
    h.app.offer_unsaved_judgements(vec![
        Unsaved {
            asset: ids[0],
            rating: 5,
            ..Default::default()
        },
        Unsaved {
            asset: ids[1],
            rating: 1,
            ..Default::default()
        },
    ]);
    assert!(h.screen().contains("Unsaved judgements"), "{}", h.screen());
    h.pump(std::time::Duration::from_millis(200)).await;
    assert_eq!(h.server.request_count("PUT", "/api/"), 0, "asked first");
    let journal = |h: &mut Harness| {
        h.app.take_effects().into_iter().find_map(|e| match e {
            Effect::WriteJudgementJournal(u) => Some(u),
            _ => None,
        })
    };
    assert_eq!(
        journal(&mut h).map(|u| u.len()),
        Some(2),
        "kept in the journal"
    );
    h.press(KeyCode::Char('s'));
    until_saved(&mut h).await;
    assert_eq!(server_ratings(&h, &ids).await, vec![5, 1]);
    assert_eq!(journal(&mut h), Some(vec![]), "saved: the journal empties");
}

/// `f` keeps only the unrated: each judgement moves on to the next unrated asset, and
/// the rated ones in between are left alone.
#[tokio::test]
async fn the_unrated_filter_judges_only_unrated_assets() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let first: Vec<(i64, i64)> = (0..40)
        .map(|i| {
            let a = h.app.grid.results.get(i).unwrap();
            (a.id, a.rating.unwrap_or(0))
        })
        .collect();
    let unrated: Vec<i64> = first
        .iter()
        .filter(|(_, r)| *r == 0)
        .map(|(id, _)| *id)
        .collect();
    assert!(unrated.len() >= 4, "the demo has unrated assets: {first:?}");
    h.press(KeyCode::Char('f'));
    assert!(h.screen().contains("only unrated"), "{}", h.screen());
    assert_eq!(h.app.grid.selected().unwrap().id, unrated[0]);
    for _ in 0..4 {
        h.press(KeyCode::Char('4'));
    }
    assert_eq!(
        h.app.grid.selected().unwrap().id,
        unrated[4.min(unrated.len() - 1)]
    );
    until_saved(&mut h).await;
    let ids: Vec<i64> = first.iter().map(|(id, _)| *id).collect();
    let after = server_ratings(&h, &ids).await;
    for ((id, before), now) in first.iter().zip(after) {
        let judged = unrated[..4].contains(id);
        assert_eq!(now, if judged { 4 } else { *before }, "asset {id}");
    }
}

/// `c` sets the next asset beside the shown one; keys judge the side Tab chose. A judged
/// left side hands its place to the challenger; a judged challenger makes way for the
/// next one (the keeper stays).
#[tokio::test]
async fn compare_judges_either_side_and_moves_the_right_one_on() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 4);
    let before = server_ratings(&h, &ids).await;
    h.press(KeyCode::Char('c'));
    assert_eq!(h.app.modals.loupe.compare, Some(1));
    h.press(KeyCode::Char('5'));
    assert_eq!(
        (h.app.grid.cursor, h.app.modals.loupe.compare),
        (1, Some(2))
    );
    h.press(KeyCode::Tab);
    assert!(h.screen().contains("▶ 3"), "{}", h.screen());
    h.press(KeyCode::Char('2'));
    assert_eq!(
        (h.app.grid.cursor, h.app.modals.loupe.compare),
        (1, Some(3))
    );
    h.press(KeyCode::Char('c'));
    assert_eq!(h.app.modals.loupe.compare, None);
    until_saved(&mut h).await;
    assert_eq!(
        server_ratings(&h, &ids).await,
        vec![5, before[1], 2, before[3]]
    );
}

/// Any terminal size, with and without compare and the info strip, draws without a panic.
#[tokio::test]
async fn the_loupe_draws_at_any_size() {
    let (mut h, _dir) = Harness::with_images(DemoOptions::default(), 100, 30).await;
    h.press(KeyCode::Char('L'));
    for compare in [false, true] {
        if compare {
            h.press(KeyCode::Char('c'));
        }
        for info in [true, false] {
            for (w, hgt) in [
                (1, 1),
                (2, 1),
                (3, 2),
                (5, 3),
                (20, 4),
                (300, 5),
                (7, 60),
                (200, 55),
            ] {
                h.resize(w, hgt);
                // Pictures are fetched and encoded for this size, then drawn.
                h.settle().await;
            }
            h.press(KeyCode::Char(' '));
            assert_eq!(h.app.modals.loupe.info, !info);
        }
    }
}

/// What the server has in the status field (the demo's "Category") of each asset.
async fn server_status(h: &Harness, ids: &[i64]) -> Vec<Option<String>> {
    let field = h.app.status_field().expect("a status field").id;
    let mut out = Vec::new();
    for id in ids {
        let a = h.client.asset(&id.to_string()).await.expect("asset");
        out.push(
            a.custom_meta_values
                .iter()
                .find(|v| v.custom_meta_field_id == Some(field))
                .and_then(|v| v.text.clone()),
        );
    }
    out
}

/// Alt+1…9 set the status field (a controlled custom field with colour labels) to its
/// Nth value and move on; Alt+0 clears it; undo puts back what was there.
#[tokio::test]
async fn alt_digits_set_the_status_field_and_undo_restores_it() {
    use crossterm::event::{Event, KeyEvent, KeyModifiers};
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    assert_eq!(
        h.app.status_field().and_then(|f| f.name.clone()).as_deref(),
        Some("Category")
    );
    let ids = first_ids(&h, 3);
    let start = server_status(&h, &ids).await;
    let alt = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    h.app.on_event(alt('1'));
    h.app.on_event(alt('2'));
    h.app.on_event(alt('0'));
    assert_eq!(h.app.grid.cursor, 3, "each moved on");
    h.press(KeyCode::Left);
    assert!(h.screen().contains("Category: –"), "{}", h.screen());
    h.press(KeyCode::Left);
    assert!(h.screen().contains("■ Commercial"), "{}", h.screen());
    until_saved(&mut h).await;
    assert_eq!(
        server_status(&h, &ids).await,
        vec![Some("Editorial".into()), Some("Commercial".into()), None]
    );
    h.app.on_event(alt('9'));
    assert!(h.screen().contains("Alt+1 to Alt+3"), "{}", h.screen());
    for _ in 0..3 {
        h.press(KeyCode::Char('u'));
    }
    until_saved(&mut h).await;
    assert_eq!(server_status(&h, &ids).await, start);
}

/// `P` on the asset shown with no picks lightbox yet: the lightbox `name` is made (after
/// asking) and the asset picked. Its id.
async fn first_pick_into_new(h: &mut Harness, name: &str) -> i64 {
    let shown = h.app.grid.selected().expect("loaded").id;
    h.press(KeyCode::Char('P'));
    h.type_str(name);
    h.press(KeyCode::Enter);
    h.wait_for("asked to make it", 10, |h| {
        h.screen().contains("No lightbox is called")
    })
    .await;
    h.press(KeyCode::Char('m'));
    h.wait_for("the asset picked", 10, |h| h.app.picked(shown))
        .await;
    shown
}

/// The ids the server has in the lightbox called `name`, sorted.
async fn lightbox_ids(h: &Harness, name: &str) -> Vec<i64> {
    use mgtui::api::models::GroupKind;
    let all = h
        .client
        .all_groups(GroupKind::Lightbox)
        .await
        .expect("lightboxes");
    let lightbox = all
        .iter()
        .find(|g| g.name.as_deref() == Some(name))
        .expect("the lightbox is on the server");
    let id = lightbox.id.as_i64().expect("numeric id");
    let mut ids = h
        .client
        .lightbox_asset_ids(id, 1000)
        .await
        .expect("members");
    ids.sort();
    ids
}

/// `P` asks once where picks go (a new name makes the lightbox, after asking), picks the
/// asset it was pressed on and moves on; `P` on a pick takes it out; the picks filter
/// stops only at picks; undo back to the start leaves the lightbox empty again.
#[tokio::test]
async fn p_picks_into_a_lightbox_made_on_request_and_undo_takes_them_out() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 4);
    let rating_before = h.app.grid.results.get(1).unwrap().rating.unwrap_or(0);
    h.server.clear_request_log();
    h.press(KeyCode::Char('P'));
    assert!(h.screen().contains(": picks"), "{}", h.screen());
    h.type_str("Shoot picks");
    h.press(KeyCode::Enter);
    h.wait_for("asked to make it", 10, |h| {
        h.screen().contains("No lightbox is called")
    })
    .await;
    assert_eq!(
        h.writes(),
        Vec::<String>::new(),
        "nothing made before asked"
    );
    h.press(KeyCode::Char('m'));
    h.wait_for("the first asset picked", 10, |h| h.app.picked(ids[0]))
        .await;
    assert_eq!(h.app.grid.cursor, 1, "picking moves on");
    h.press(KeyCode::Char('3'));
    h.press(KeyCode::Char('P'));
    assert_eq!(h.app.grid.cursor, 3);
    assert!(
        h.screen().contains("picks → Shoot picks (2)"),
        "{}",
        h.screen()
    );
    until_saved(&mut h).await;
    let mut wanted = vec![ids[0], ids[2]];
    wanted.sort();
    assert_eq!(lightbox_ids(&h, "Shoot picks").await, wanted);
    assert_eq!(
        h.writes(),
        vec![
            "POST /api/lightboxes",
            "POST /api/assets/add_group",
            &format!("PUT /api/assets/{}", ids[1]),
            "POST /api/assets/add_group",
        ],
        "one create, one write per judgement"
    );
    // Only picks: the loupe stops at the two picks alone.
    h.press(KeyCode::Char('f'));
    h.press(KeyCode::Char('f'));
    h.press(KeyCode::Home);
    assert!(h.screen().contains("only picks: 1 of 2"), "{}", h.screen());
    h.press(KeyCode::Right);
    assert_eq!(h.app.grid.cursor, 2);
    h.press(KeyCode::Char('f'));
    h.press(KeyCode::Char('f'));
    // P on a pick takes it out.
    h.press(KeyCode::Home);
    assert!(h.screen().contains("♥ pick"), "{}", h.screen());
    h.press(KeyCode::Char('P'));
    until_saved(&mut h).await;
    assert_eq!(lightbox_ids(&h, "Shoot picks").await, vec![ids[2]]);
    // Undo all four judgements: the server ends where it began.
    for _ in 0..4 {
        h.press(KeyCode::Char('u'));
    }
    assert_eq!(h.app.grid.cursor, 0);
    until_saved(&mut h).await;
    assert_eq!(lightbox_ids(&h, "Shoot picks").await, Vec::<i64>::new());
    assert_eq!(server_ratings(&h, &ids[1..2]).await, vec![rating_before]);
}

#[tokio::test]
async fn read_only_mode_refuses_picks_and_makes_no_lightbox() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    h.app.session.read_only = true;
    h.server.clear_request_log();
    h.press(KeyCode::Char('P'));
    assert!(h.app.modals.command.is_none(), "no lightbox is asked for");
    assert!(h.screen().contains("picks are not saved"), "{}", h.screen());
    // Closed, `:picks` with a new name finds none, asks, and makes none when told to.
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char(':'));
    h.type_str("picks Somewhere new");
    h.press(KeyCode::Enter);
    h.wait_for("asked to make it", 10, |h| {
        h.screen().contains("No lightbox is called")
    })
    .await;
    h.press(KeyCode::Char('m'));
    assert!(h.screen().contains("no lightbox is made"), "{}", h.screen());
    h.pump(std::time::Duration::from_millis(200)).await;
    assert_eq!(h.writes(), Vec::<String>::new());
    assert!(h.app.modals.loupe.picks.is_none());
}

/// Rejects as the trash: `x` marks (and `u` unmarks) here without a write; the rejects
/// filter stops at the marked ones; closing asks, Keep keeps the marks, and Trash sends
/// one bulk job that takes exactly the marked assets out of the library.
#[tokio::test]
async fn rejects_to_the_trash_are_marked_then_sent_as_one_job_on_close() {
    use mgtui::api::models::SearchQuery;
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 4);
    h.server.clear_request_log();
    h.press(KeyCode::Char('x'));
    h.press(KeyCode::Char('t'));
    assert_eq!(
        h.app.grid.cursor, 1,
        "the asked-about asset is rejected, and the loupe moves on"
    );
    h.press(KeyCode::Char('x'));
    h.press(KeyCode::Char('u'));
    assert_eq!(h.app.grid.cursor, 1, "undo goes back to the unmarked asset");
    h.press(KeyCode::Right);
    h.press(KeyCode::Char('x'));
    assert!(h.screen().contains("2 to trash on close"), "{}", h.screen());
    for _ in 0..3 {
        h.press(KeyCode::Char('f'));
    }
    h.press(KeyCode::Home);
    assert!(
        h.screen().contains("only rejected: 1 of 2"),
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("✗ trash"), "{}", h.screen());
    h.press(KeyCode::Char('f'));
    h.press(KeyCode::Esc);
    assert!(h.screen().contains("Trash the rejects"), "{}", h.screen());
    h.press(KeyCode::Char('k'));
    assert!(!h.app.modals.loupe.open);
    h.pump(std::time::Duration::from_millis(200)).await;
    assert_eq!(h.writes(), Vec::<String>::new(), "marks are not writes");
    h.press(KeyCode::Char('L'));
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('t'));
    h.wait_for("the rejects trashed", 20, |h| {
        h.app
            .bulk
            .monitor
            .known
            .values()
            .any(|j| j.aasm_state.is_finished())
    })
    .await;
    assert_eq!(h.writes(), vec!["POST /api/bulk_jobs"], "one job");
    let left = h
        .client
        .search(
            &SearchQuery {
                ids: ids.clone(),
                ..Default::default()
            },
            1,
            10,
        )
        .await
        .expect("search");
    let mut left: Vec<i64> = left.assets.iter().map(|a| a.id).collect();
    left.sort();
    let mut kept = vec![ids[1], ids[3]];
    kept.sort();
    assert_eq!(left, kept, "exactly the marked ones went");
    assert!(h.app.modals.loupe.trash.is_empty());
}

/// Rejects as a status value: `x` sets it (on the server), and the rejects filter
/// counts by it.
#[tokio::test]
async fn rejects_as_a_status_value_set_it_on_the_server() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 2);
    h.press(KeyCode::Char('x'));
    assert!(h.screen().contains("Category set to"), "{}", h.screen());
    h.press(KeyCode::Char('3'));
    h.press(KeyCode::Char('x'));
    until_saved(&mut h).await;
    assert_eq!(
        server_status(&h, &ids).await,
        vec![Some("Internal".into()), Some("Internal".into())]
    );
    for _ in 0..3 {
        h.press(KeyCode::Char('f'));
    }
    h.press(KeyCode::Home);
    let rejects = h
        .app
        .grid
        .results
        .loaded()
        .filter(|(_, a)| h.app.status_of(a).as_deref() == Some("Internal"))
        .count();
    assert!(rejects >= 2);
    let screen = h.screen();
    assert!(
        screen.contains(&format!("only rejected: 1 of {rejects}")),
        "{screen}"
    );
}

/// The demo's "Client selection" step (the "Client picks" lightbox and "Round 2" below
/// it) in the loupe, one asset rejected, and `A` pressed: the summary is on screen.
/// (The step's assets, the rejects, and what "Round 2" held before.)
async fn approval_summary(h: &mut Harness) -> (Vec<i64>, Vec<i64>, Vec<i64>) {
    use mgtui::api::models::GroupKind;
    h.go_live();
    let round2_before = lightbox_ids(h, "Round 2").await;
    h.tree_cursor_on_group(GroupKind::Lightbox, "Client picks")
        .await;
    h.keys(&[KeyCode::Enter]).await;
    h.wait_for("the step's assets", 10, |h| !h.app.grid.is_empty())
        .await;
    // The step takes in the lightbox below it too (`enable_descendants`).
    let in_step: Vec<i64> = h.app.grid.results.loaded().map(|(_, a)| a.id).collect();
    assert!(in_step.len() > lightbox_ids(h, "Client picks").await.len());
    h.keys(&[KeyCode::Tab, KeyCode::Char('L')]).await;
    assert!(h.app.modals.loupe.open);
    h.press(KeyCode::Char('x'));
    h.press(KeyCode::Enter);
    until_saved(h).await;
    // Rejects are ratings of 1 here: the one just judged and any rated so before.
    let rejects: Vec<i64> = h
        .app
        .grid
        .results
        .loaded()
        .filter(|(_, a)| a.rating == Some(1))
        .map(|(_, a)| a.id)
        .collect();
    assert!(!rejects.is_empty());
    h.server.clear_request_log();
    h.press(KeyCode::Char('A'));
    h.wait_for("the summary", 10, |h| {
        h.screen().contains("Approve the workflow step")
    })
    .await;
    (in_step, rejects, round2_before)
}

/// `A` on a workflow step's assets: a summary of what was judged, nothing sent before
/// the choice, then one approval that moves the chosen assets on to the next step.
#[tokio::test]
async fn a_approves_the_workflow_step_after_a_summary() {
    let mut h = Harness::new(140, 40).await;
    let (in_step, rejects, round2_before) = approval_summary(&mut h).await;
    let screen = h.screen();
    assert!(
        screen.contains("Step “Client selection” (step 1)"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("{} rejects", rejects.len())),
        "{screen}"
    );
    assert_eq!(
        h.writes(),
        Vec::<String>::new(),
        "nothing sent before the choice"
    );
    h.press(KeyCode::Char('a'));
    h.wait_for("approved", 10, |h| h.screen().contains("Approved"))
        .await;
    assert_eq!(h.writes(), vec!["POST /api/workflow_steps/9101/approve"]);
    let mut wanted: Vec<i64> = round2_before
        .into_iter()
        .chain(in_step.into_iter().filter(|id| !rejects.contains(id)))
        .collect();
    wanted.sort();
    wanted.dedup();
    assert_eq!(lightbox_ids(&h, "Round 2").await, wanted);
}

/// An approval the server fails in passing is not sent again by itself: the user is
/// told to check before approving again, and the step is as it was.
#[tokio::test]
async fn a_failed_approval_is_sent_once_and_says_to_check() {
    let mut h = Harness::new(140, 40).await;
    let (_, _, round2_before) = approval_summary(&mut h).await;
    h.server.set_faults(FaultSettings {
        fail_next: vec![503],
        ..Default::default()
    });
    h.press(KeyCode::Char('a'));
    h.wait_for("told", 10, |h| {
        h.screen()
            .contains("Not sure “Client selection” was approved")
    })
    .await;
    h.pump(std::time::Duration::from_millis(300)).await;
    assert_eq!(h.writes(), vec!["POST /api/workflow_steps/9101/approve"]);
    assert_eq!(lightbox_ids(&h, "Round 2").await, round2_before);
}

/// `A` where the result is no workflow step's assets says so and sends nothing.
#[tokio::test]
async fn a_outside_a_workflow_step_says_so() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    h.server.clear_request_log();
    h.press(KeyCode::Char('A'));
    h.pump(std::time::Duration::from_millis(300)).await;
    assert!(
        h.screen()
            .contains("Approvals work on a workflow step's assets"),
        "{}",
        h.screen()
    );
    assert!(
        !h.server
            .request_log()
            .iter()
            .any(|r| r.path.starts_with("/api/workflow_steps")),
        "nothing asked, nothing sent"
    );
}

/// The info strip names the camera and lens (from the asset's EXIF, read once per asset
/// shown, by a documented search with `include_meta`).
#[tokio::test]
async fn the_info_strip_names_camera_and_lens() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    h.wait_for("camera and lens", 10, |h| {
        h.screen().contains("Demo Camera X100 · Demo 23mm f/2")
    })
    .await;
    h.press(KeyCode::Right);
    h.press(KeyCode::Left);
    h.pump(std::time::Duration::from_millis(300)).await;
    let asked = h
        .search_queries()
        .iter()
        .filter(|q| q.contains("include_meta=true"))
        .count();
    assert_eq!(asked, 2, "once per asset shown");
}

/// What one key of the 50-asset cull should leave on its asset.
enum Left {
    Rating(i64),
    Picked,
    Status(&'static str),
}

/// A 50-asset cull with every judgement key, pressed as fast as the events come while
/// the pictures are still on their way (every rendition 300 ms late): each key lands on
/// the asset it was pressed on, and the server ends with exactly what was judged.
#[tokio::test]
async fn a_fifty_asset_cull_while_pictures_arrive_lands_on_the_right_assets() {
    use crossterm::event::{Event, KeyEvent, KeyModifiers};
    let (mut h, _dir) = loupe(FaultSettings {
        rendition_latency_ms: 300,
        ..Default::default()
    })
    .await;
    // Where picks go, chosen with the first P (it picks the first asset).
    first_pick_into_new(&mut h, "Fifty picks").await;
    let alt = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    let mut expected = Vec::new();
    let mut asked_reject = false;
    for i in 0..50 {
        // Search pages load as the loupe nears them; pictures stay late throughout.
        if h.app.grid.selected().is_none() {
            h.wait_for("the next page", 10, |h| h.app.grid.selected().is_some())
                .await;
        }
        let id = h.app.grid.selected().expect("loaded").id;
        let left = match i % 10 {
            0 => {
                h.press(KeyCode::Char('3'));
                Left::Rating(3)
            }
            1 | 7 => {
                h.press(KeyCode::Char('P'));
                Left::Picked
            }
            2 => {
                h.press(KeyCode::Char('5'));
                Left::Rating(5)
            }
            3 => {
                h.press(KeyCode::Char('x'));
                if !asked_reject {
                    asked_reject = true;
                    h.press(KeyCode::Enter);
                }
                Left::Rating(1)
            }
            4 => {
                h.press(KeyCode::Char('0'));
                Left::Rating(0)
            }
            5 => {
                h.press(KeyCode::Char('4'));
                Left::Rating(4)
            }
            6 => {
                h.app.on_event(alt('1'));
                Left::Status("Editorial")
            }
            8 => {
                h.press(KeyCode::Char('2'));
                Left::Rating(2)
            }
            _ => {
                h.app.on_event(alt('2'));
                Left::Status("Commercial")
            }
        };
        expected.push((id, left));
        // Answers and pictures arrive between the keys, as they do for a fast culler.
        h.pump(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        h.app.grid.cursor, 51,
        "every key judged one asset and moved on"
    );
    until_saved(&mut h).await;
    let picks = lightbox_ids(&h, "Fifty picks").await;
    for (id, left) in &expected {
        match left {
            Left::Rating(r) => assert_eq!(server_ratings(&h, &[*id]).await, vec![*r], "{id}"),
            Left::Picked => assert!(picks.contains(id), "{id} picked"),
            Left::Status(s) => assert_eq!(
                server_status(&h, &[*id]).await,
                vec![Some(s.to_string())],
                "{id}"
            ),
        }
    }
    let picked = expected
        .iter()
        .filter(|(_, l)| matches!(l, Left::Picked))
        .count();
    assert_eq!(picks.len(), picked + 1, "nothing else picked");
}

/// Taking a pick out whose bulk job's answer is lost: the job is found (by its one asset)
/// instead of made again, and the asset ends out of the lightbox.
#[tokio::test]
async fn a_pick_taken_out_under_a_lost_answer_runs_one_job() {
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    first_pick_into_new(&mut h, "Lost answers").await;
    until_saved(&mut h).await;
    // The job takes 13 s, longer than the lost answer's 10 s timeout: a removal sent
    // again would still find the asset in and make a second job.
    h.server.set_faults(FaultSettings {
        drop_first_job_response: true,
        job_step_ms: 1_300,
        ..Default::default()
    });
    h.server.clear_request_log();
    h.press(KeyCode::Char('u'));
    until_saved(&mut h).await;
    assert_eq!(h.writes(), vec!["POST /api/bulk_jobs"], "one job");
    assert_eq!(lightbox_ids(&h, "Lost answers").await, Vec::<i64>::new());
}

/// Over a slow link (the terminal confirmed a large frame at 50 Mbit/s) sixel loupe
/// pictures are made at the small rendition's own size and centred: a screen of
/// upscaled sixel pixels carries several times the bytes and no more detail. On a fast
/// link they fill the loupe.
#[tokio::test]
async fn over_a_slow_link_sixel_loupe_pictures_keep_the_renditions_size() {
    let (mut h, dir) = Harness::with_images(DemoOptions::default(), 200, 55).await;
    h.use_sixel(dir.path());
    h.keys(&[KeyCode::Char('L')]).await;
    let sixel_bytes = |h: &mut Harness| -> usize { h.sixel_cells().iter().sum() };
    let full = sixel_bytes(&mut h);
    assert_eq!(h.app.loupe_picture_cells(), h.app.loupe_cells());
    assert!(full > 500_000, "a screen of sixel pixels: {full} bytes");
    // A 1 MB frame whose arrival the terminal confirms 160 ms after it began: 50 Mbit/s.
    let began = std::time::Instant::now();
    assert!(h.app.screen.link.frame_written(1_000_000, began));
    std::thread::sleep(std::time::Duration::from_millis(160));
    assert!(h.app.link_answered(std::time::Instant::now()));
    assert!(h.app.screen.link.slow());
    h.settle().await;
    assert_eq!(
        h.app.loupe_picture_cells(),
        (64, 32),
        "640 px at 10×20 cells"
    );
    let slow = sixel_bytes(&mut h);
    assert!(
        slow > 0 && slow * 3 < full,
        "the rendition's own pixels: {slow} bytes of {full}"
    );
    let screen = h.screen();
    let title = screen.lines().next().unwrap_or_default().to_string();
    assert!(title.contains("1 / 320"), "still the loupe: {title}");
}

/// Rejects marked for the trash are journalled like judgements (a crash or an SSH drop
/// keeps them), and a new session restores them still marked: no write until the
/// loupe's close asks and the user says Trash.
#[tokio::test]
async fn trash_marks_survive_a_crash_and_are_still_asked_about() {
    use mgtui::app::effect::Effect;
    use mgtui::panes::judgements::Unsaved;
    let journal = |h: &mut Harness| {
        h.app.take_effects().into_iter().find_map(|e| match e {
            Effect::WriteJudgementJournal(u) => Some(u),
            _ => None,
        })
    };
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    let ids = first_ids(&h, 2);
    h.press(KeyCode::Char('x'));
    h.press(KeyCode::Char('t'));
    h.press(KeyCode::Char('x'));
    let kept = journal(&mut h).expect("journalled as marked");
    let mut marked: Vec<i64> = kept.iter().filter(|u| u.trash).map(|u| u.asset).collect();
    let mut sorted = ids.clone();
    marked.sort();
    sorted.sort();
    assert_eq!(marked, sorted, "both marks, in the journal");
    let text = serde_json::to_string(&kept).unwrap();
    h.press(KeyCode::Char('u'));
    let after_undo = journal(&mut h).expect("changed");
    assert_eq!(
        after_undo.iter().filter(|u| u.trash).count(),
        1,
        "undo unmarks"
    );

    // The next session, from what the crashed one left.
    let (mut h, _dir) = loupe(FaultSettings::default()).await;
    h.press(KeyCode::Esc);
    h.server.clear_request_log();
    let unsaved: Vec<Unsaved> = serde_json::from_str(&text).unwrap();
    h.app.offer_unsaved_judgements(unsaved);
    assert!(
        h.screen()
            .contains("2 assets still marked for the trash from the last session"),
        "{}",
        h.screen()
    );
    let mut restored = h.app.modals.loupe.trash.clone();
    restored.sort();
    assert_eq!(restored, sorted, "marked again");
    h.pump(std::time::Duration::from_millis(200)).await;
    assert_eq!(h.writes(), Vec::<String>::new(), "marks are not writes");
    // A restored mark is not in the undo history: `x` on it takes it off, `u` puts it back.
    h.press(KeyCode::Char('L'));
    let here = h.app.grid.selected().unwrap().id;
    assert!(sorted.contains(&here));
    h.press(KeyCode::Char('x'));
    assert!(h.screen().contains("What does x do"), "{}", h.screen());
    h.press(KeyCode::Char('t'));
    assert!(!h.app.modals.loupe.trash.contains(&here), "unmarked");
    h.press(KeyCode::Char('u'));
    assert!(h.app.modals.loupe.trash.contains(&here), "marked again");
    h.press(KeyCode::Esc);
    assert!(h.screen().contains("Trash the rejects"), "{}", h.screen());
    h.press(KeyCode::Char('t'));
    h.wait_for("the job sent", 20, |h| !h.writes().is_empty())
        .await;
    assert_eq!(
        h.writes(),
        vec!["POST /api/bulk_jobs"],
        "one job, after asking"
    );
    assert_eq!(
        journal(&mut h).map(|u| u.iter().filter(|u| u.trash).count()),
        Some(0),
        "sent: no longer marked"
    );
}

/// The pictures next to the one shown, four each way, are made ahead (a judgement's move
/// lands on a picture already encoded); a jump away cancels and lets go of those still on
/// their way that are no longer near.
#[tokio::test]
async fn pictures_ahead_both_ways_are_made_and_cancelled_on_a_jump() {
    use mgtui::thumbs::cache::ThumbState;
    let (mut h, _dir) = Harness::with_images(DemoOptions::default(), 120, 36).await;
    for _ in 0..5 {
        h.press(KeyCode::Right);
    }
    h.settle().await;
    h.press(KeyCode::Char('L'));
    // One frame: the picture and its neighbours are asked for, none answered yet.
    h.draw();
    let state = |h: &Harness, i: usize| {
        let a = h.app.grid.results.get(i).unwrap();
        let key = h.app.thumb_key(a, h.app.loupe_picture_cells()).unwrap();
        h.app.images.cache.peek(&key).cloned()
    };
    let at = h.app.grid.cursor;
    assert_eq!(at, 5);
    let mut cancels = Vec::new();
    for i in at - 4..=at + 4 {
        match state(&h, i) {
            Some(ThumbState::Loading { cancel }) => cancels.push((i, cancel)),
            other => panic!("#{i} is not on its way: {}", other.is_some()),
        }
    }
    assert!(
        state(&h, at + 5).is_none() && state(&h, at - 5).is_none(),
        "four each way"
    );
    // A jump to the end: the pictures around #5 are no longer wanted.
    h.press(KeyCode::End);
    h.draw();
    for (i, cancel) in &cancels {
        assert!(
            cancel.load(std::sync::atomic::Ordering::Relaxed),
            "#{i} cancelled"
        );
        assert!(state(&h, *i).is_none(), "#{i} let go");
    }
    h.settle().await;
    let last = h.app.grid.cursor;
    assert!(last > 300, "at the end: {last}");
    for i in last - 4..=last {
        assert!(
            matches!(state(&h, i), Some(ThumbState::Ready { .. })),
            "#{i} made"
        );
    }
}
