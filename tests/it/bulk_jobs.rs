//! Bulk jobs end to end: the real app state machine and the real API task (with its job
//! poller) against the embedded server over loopback, keys in, screens out.

use crate::common;

use mgtui::app::effect::Effect;

use std::time::Duration;

use crate::common::ui::Harness;
use crossterm::event::KeyCode;
use mgtui::api::models::JobState;
use mgtui::app::state::{Focus, RightPane};
use mgtui::demo::{DemoOptions, FaultSettings};

fn opts(faults: FaultSettings) -> DemoOptions {
    DemoOptions {
        faults,
        ..Default::default()
    }
}

fn fast() -> FaultSettings {
    FaultSettings {
        job_step_ms: 30,
        ..Default::default()
    }
}

async fn live(faults: FaultSettings) -> Harness {
    let mut h = Harness::with(opts(faults), 160, 45).await;
    h.go_live();
    h
}

/// Live, with a client that gives up on a request after 1.5 s.
async fn live_with_short_timeout(faults: FaultSettings) -> Harness {
    let mut h = Harness::with(opts(faults), 160, 45).await;
    h.client = common::client_for(&h.server, Duration::from_millis(1500));
    h.go_live();
    h
}

/// The guid of the newest job in the monitor.
fn newest_job(h: &Harness) -> String {
    h.app
        .bulk
        .monitor
        .jobs
        .first()
        .and_then(|j| j.guid.clone())
        .expect("a job in the monitor")
}

/// Mark the first `n` assets of the grid with Space.
async fn mark(h: &mut Harness, n: usize) {
    for _ in 0..n {
        h.press(KeyCode::Char(' '));
        h.settle().await;
    }
    assert_eq!(h.app.grid.marks.len(), n);
}

/// Timestamps in the monitor change every run: `05-01 06:30:05` → `MM-DD hh:mm:ss`.
fn redact_times(screen: &str) -> String {
    let pattern = "dd-dd dd:dd:dd";
    let chars: Vec<char> = screen.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let fits = i + pattern.len() <= chars.len()
            && pattern.chars().zip(&chars[i..]).all(|(p, c)| match p {
                'd' => c.is_ascii_digit(),
                p => p == *c,
            });
        if fits {
            out.push_str("MM-DD hh:mm:ss");
            i += pattern.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn job_in(h: &Harness, pred: impl Fn(&mgtui::api::models::BulkJob) -> bool) -> Option<String> {
    h.app
        .bulk
        .monitor
        .known
        .values()
        .find(|j| pred(j))
        .and_then(|j| j.guid.clone())
}

fn state_of(h: &Harness, guid: &str) -> Option<JobState> {
    h.app
        .bulk
        .monitor
        .known
        .get(guid)
        .map(|j| j.aasm_state.clone())
}

#[tokio::test]
async fn tags_and_rating_on_30_marked_assets_through_the_dialog() {
    let mut h = live(fast()).await;
    mark(&mut h, 30).await;
    let ids: Vec<i64> = h.app.grid.marks.iter().copied().collect();
    let mut before = std::collections::HashMap::new();
    for id in &ids {
        let a = h.client.asset(&id.to_string()).await.unwrap();
        let mut tags = a.tag_names();
        tags.sort();
        before.insert(*id, (a.rating, tags));
    }

    h.keys(&[KeyCode::Char('b')]).await;
    assert!(h.app.bulk.dialog.is_some(), "b opens the dialog");
    // The cursor starts on Tags (the scope is the marked assets).
    h.press(KeyCode::Enter);
    h.type_str("bulk-sunset, bulk-beach");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    for _ in 0..4 {
        h.press(KeyCode::Right); // — → 0 → 1 → 2 → 3 stars
    }
    h.settle().await;
    insta::assert_snapshot!("bulk_dialog", h.screen());

    h.press(KeyCode::Char('s'));
    let screen = h.screen();
    assert!(
        screen.contains("Add tags “bulk-sunset”, “bulk-beach” to 30 assets"),
        "{screen}"
    );
    assert!(
        screen.contains("Set the rating of 30 assets to ★★★☆☆ (3)"),
        "{screen}"
    );
    insta::assert_snapshot!("bulk_summary", screen);

    h.press(KeyCode::Enter);
    assert!(h.app.bulk.submit.busy(), "in flight");
    // The submit key does nothing while the job is in flight.
    h.press(KeyCode::Enter);
    h.settle().await;
    assert!(h.app.bulk.dialog.is_none(), "closed once the job exists");
    assert!(h.app.right == RightPane::Jobs, "the monitor opens");
    let guid = job_in(&h, |j| j.total_assets == Some(30)).expect("job followed");
    h.wait_for("the job to be processed", 30, |h| {
        state_of(h, &guid) == Some(JobState::Processed)
    })
    .await;
    assert!(h.flash().contains("finished on 30 assets"), "{}", h.flash());
    assert!(
        h.app.right == RightPane::Jobs,
        "the monitor follows the new job"
    );
    h.wait_for("the list to show it processed", 10, |h| {
        h.app
            .bulk
            .monitor
            .jobs
            .first()
            .map(|j| j.aasm_state.clone())
            == Some(JobState::Processed)
    })
    .await;
    h.settle().await;
    let screen = h.screen();
    assert!(
        screen.contains("Add tags, rating"),
        "the job is named by every operation, not only the first:\n{screen}"
    );
    insta::assert_snapshot!("bulk_monitor_processed", redact_times(&screen));
    // What the job was asked to do outlives the session: the journal on disk names it
    // in the next one (the server's record says only "Tags").
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("bulk_jobs");
    for effect in h.app.take_effects() {
        if let Effect::RecordJob(g, d) = effect {
            mgtui::bulk::journal::record(&journal, &g, &d).unwrap();
        }
    }
    let name = |h: &Harness| {
        let job = h.app.bulk.monitor.jobs.first().unwrap();
        mgtui::bulk::monitor::job_name(&h.app.bulk.monitor, job)
    };
    h.app.bulk.monitor.described.clear();
    assert_eq!(
        name(&h),
        "Tags",
        "a new session knows only the server's word"
    );
    h.app
        .bulk
        .monitor
        .described
        .extend(mgtui::bulk::journal::load(&journal));
    assert_eq!(name(&h), "Add tags, rating");
    // Its details say what it did.
    h.app.focus = Focus::Jobs;
    h.keys(&[KeyCode::Home, KeyCode::Enter]).await;
    h.settle().await;
    let details = h.screen();
    assert!(
        details.contains("• Add tags “bulk-sunset”") && details.contains("• Set the rating of 30"),
        "{details}"
    );
    h.keys(&[KeyCode::Esc]).await;
    assert_eq!(
        h.server
            .request_log()
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/api/bulk_jobs")
            .count(),
        1,
        "exactly one create"
    );

    // The server has the changes.
    for id in &ids {
        let a = h.client.asset(&id.to_string()).await.unwrap();
        let tags = a.tag_names();
        assert!(tags.contains(&"bulk-sunset".to_string()), "{id}: {tags:?}");
        assert!(tags.contains(&"bulk-beach".to_string()), "{id}: {tags:?}");
        assert_eq!(a.rating, Some(3), "{id}");
    }
    // And the grid was refreshed in place.
    let shown = h
        .app
        .grid
        .loaded_assets()
        .into_iter()
        .find(|a| a.id == ids[0])
        .unwrap();
    assert_eq!(shown.rating, Some(3));

    // Undo it from the monitor: u, confirm (Cancel is the default), → Enter.
    h.app.focus = Focus::Jobs;
    h.keys(&[KeyCode::Home, KeyCode::Char('u')]).await;
    assert!(h.app.modals.confirm.is_some());
    h.keys(&[KeyCode::Right, KeyCode::Enter]).await;
    let undo = job_in(&h, |j| j.action.as_deref() == Some("Bulk Asset Edit: Undo"))
        .expect("undo job created");
    h.wait_for("the undo job", 30, |h| {
        state_of(h, &undo) == Some(JobState::Processed)
    })
    .await;
    for id in &ids {
        let a = h.client.asset(&id.to_string()).await.unwrap();
        let mut tags = a.tag_names();
        tags.sort();
        assert_eq!((a.rating, tags), before[id], "{id}: put back");
    }
}

/// Build and submit a rating job over the marks with the dialog keys.
async fn submit_rating_job(h: &mut Harness, stars: usize) {
    h.keys(&[KeyCode::Char('b')]).await;
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    for _ in 0..=stars {
        h.press(KeyCode::Right);
    }
    h.press(KeyCode::Char('s'));
    h.press(KeyCode::Enter);
    h.settle().await;
    assert!(h.app.bulk.dialog.is_none(), "submitted: {}", h.flash());
    if h.app.right == RightPane::Jobs {
        assert!(
            !h.flash().contains("w shows the monitor"),
            "the monitor is already open: {}",
            h.flash()
        );
    }
}

#[tokio::test]
async fn a_second_job_is_canceled_while_processing() {
    let mut h = live(FaultSettings {
        job_step_ms: 150,
        ..Default::default()
    })
    .await;
    mark(&mut h, 30).await;
    submit_rating_job(&mut h, 2).await;
    submit_rating_job(&mut h, 5).await;
    let second = newest_job(&h);
    h.wait_for("a queue position for the second job", 10, |h| {
        h.app.bulk.monitor.queue.contains_key(&second)
            || state_of(h, &second) != Some(JobState::Pending)
    })
    .await;
    // Tab reaches the monitor (it replaces the details pane).
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Tab]).await;
    assert_eq!(h.app.focus, Focus::Jobs);
    h.wait_for("the second job to process", 30, |h| {
        state_of(h, &second) == Some(JobState::Processing)
    })
    .await;
    h.keys(&[KeyCode::Home, KeyCode::Char('x')]).await;
    let screen = h.screen();
    assert!(
        screen.contains("Cancel the job “Rating” on 30 assets?"),
        "{screen}"
    );
    // Enter on the default button keeps the job.
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.app.modals.confirm.is_none());
    h.keys(&[KeyCode::Char('x'), KeyCode::Right, KeyCode::Enter])
        .await;
    h.wait_for("the cancel", 10, |h| {
        state_of(h, &second) == Some(JobState::Canceled)
    })
    .await;
    let j = h.client.bulk_job(&second).await.unwrap();
    assert_eq!(j.aasm_state, JobState::Canceled);
    assert!(j.progress.unwrap_or(0.0) < 100.0);
    h.wait_for("the list to show it", 10, |h| {
        h.screen().contains("⊘ Rating · canceled")
    })
    .await;
}

#[tokio::test]
async fn undo_and_cancel_on_a_server_without_them_say_so_once() {
    let mut h = live(FaultSettings {
        job_step_ms: 30,
        missing_routes: vec!["/undo".into(), "/cancel".into()],
        ..Default::default()
    })
    .await;
    mark(&mut h, 3).await;
    submit_rating_job(&mut h, 3).await;
    let guid = newest_job(&h);
    h.wait_for("the job to finish", 20, |h| {
        state_of(h, &guid) == Some(JobState::Processed)
    })
    .await;
    h.app.focus = Focus::Jobs;
    h.keys(&[KeyCode::Home, KeyCode::Char('u'), KeyCode::Char('u')])
        .await;
    h.wait_for("the answer to the undo", 10, |h| {
        h.flash().contains("undo is not available on this server")
    })
    .await;
    let undos = |h: &Harness| {
        h.server
            .request_log()
            .iter()
            .filter(|r| r.path.ends_with("/undo"))
            .count()
    };
    assert_eq!(undos(&h), 1);
    // Asked again: told at once, nothing sent, no dialog.
    h.app.screen.flash = None;
    h.keys(&[KeyCode::Char('u')]).await;
    assert!(h.app.modals.confirm.is_none());
    assert!(h.flash().contains("undo is not available"), "{}", h.flash());
    assert_eq!(undos(&h), 1);

    // Cancel on a running job (slow now, so it is still running): same story.
    h.server.set_faults(FaultSettings {
        job_step_ms: 2000,
        missing_routes: vec!["/undo".into(), "/cancel".into()],
        ..Default::default()
    });
    submit_rating_job_from_grid(&mut h, 2).await;
    let running = newest_job(&h);
    assert_ne!(running, guid);
    h.app.focus = Focus::Jobs;
    h.keys(&[KeyCode::Home, KeyCode::Char('x'), KeyCode::Char('c')])
        .await;
    h.wait_for("the answer to the cancel", 10, |h| {
        h.flash().contains("cancel is not available on this server")
    })
    .await;
    h.keys(&[KeyCode::Char('x')]).await;
    assert!(h.app.modals.confirm.is_none());
}

/// Back to the grid, mark again and submit (the monitor stays open).
/// Four assets marked, the bulk dialog set to one star, its summary shown (Enter submits).
async fn rating_job_summary_for_four(h: &mut Harness) {
    mark(h, 4).await;
    h.keys(&[KeyCode::Char('b')]).await;
    h.keys(&[KeyCode::Down, KeyCode::Down, KeyCode::Right, KeyCode::Right])
        .await;
    h.press(KeyCode::Char('s'));
}

async fn submit_rating_job_from_grid(h: &mut Harness, stars: usize) {
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Char('c')]).await;
    mark(h, 3).await;
    submit_rating_job(h, stars).await;
}

#[tokio::test]
async fn an_errored_job_shows_its_message() {
    let mut h = live(FaultSettings {
        job_step_ms: 30,
        job_error: Some("Disk quota exceeded (demo)".into()),
        ..Default::default()
    })
    .await;
    mark(&mut h, 5).await;
    submit_rating_job(&mut h, 4).await;
    let guid = newest_job(&h);
    h.wait_for("the job to fail", 20, |h| {
        state_of(h, &guid) == Some(JobState::Errored)
    })
    .await;
    assert!(
        h.flash().contains("failed: Disk quota exceeded (demo)"),
        "{}",
        h.flash()
    );
    h.wait_for("the monitor to show the error", 10, |h| {
        h.screen().contains("✗ Disk quota exceeded (demo)")
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("1 failed"), "status bar summary: {screen}");
}

#[tokio::test]
async fn cai_preview_numbers_match_the_demo_data() {
    let mut h = live(fast()).await;
    mark(&mut h, 30).await;
    let ids: Vec<i64> = h.app.grid.marks.iter().copied().collect();
    // Give 7 of them an AI Summary first (as the web app would).
    let web = mgtui::api::models::BulkJobRequest {
        asset_ids: ids[..7].to_vec(),
        run_custom_meta_field_ids: vec![4506],
        ..Default::default()
    };
    let g = h.client.create_bulk_job(&web).await.unwrap().guid.unwrap();
    while !h
        .client
        .bulk_job(&g)
        .await
        .unwrap()
        .aasm_state
        .is_finished()
    {
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    // Count independently from the assets themselves.
    let mut with = 0;
    for id in &ids {
        let a = h.client.asset(&id.to_string()).await.unwrap();
        if a.custom_meta_values
            .iter()
            .any(|v| v.custom_meta_field_id == Some(4506))
        {
            with += 1;
        }
    }
    assert!(with >= 7, "{with}");

    h.keys(&[
        KeyCode::Char('b'),
        KeyCode::End,
        KeyCode::Up,
        KeyCode::Up,
        KeyCode::Up,
    ])
    .await;
    h.keys(&[KeyCode::Enter]).await; // the AI field picker
    let screen = h.screen();
    assert!(screen.contains("[ ] AI Summary"), "{screen}");
    h.keys(&[KeyCode::Char(' '), KeyCode::Enter]).await;
    let d = h.app.bulk.dialog.as_ref().unwrap();
    assert_eq!(d.ai_fields, vec![4506]);
    match &d.preview {
        mgtui::bulk::dialog::Preview::Ready {
            total,
            with_values,
            without_values,
            ..
        } => {
            assert_eq!(*total, 30);
            assert_eq!(*with_values, with);
            assert_eq!(*without_values, 30 - with);
        }
        other => panic!("no preview: {other:?}"),
    }
    let screen = h.screen();
    assert!(
        screen.contains(&format!("{with} of 30 already filled")),
        "{screen}"
    );
    // Overwrite is destructive: the summary says what happens and asks first.
    h.keys(&[KeyCode::Right, KeyCode::Char('s')]).await;
    let screen = h.screen();
    assert!(screen.contains("OVERWRITTEN"), "{screen}");
    let d = h.app.bulk.dialog.as_ref().unwrap();
    let summary = d.summary(&h.app.session.fields);
    assert_eq!(
        summary[0].text,
        format!(
            "Run AI fields “AI Summary” on 30 assets: {with} already have values that will be OVERWRITTEN, {} get new values",
            30 - with
        )
    );
    h.keys(&[KeyCode::Enter]).await;
    assert!(
        h.app.modals.confirm.is_some(),
        "overwrite needs a confirmation"
    );
    h.keys(&[KeyCode::Esc]).await;
    assert!(h.app.modals.confirm.is_none());
}

#[tokio::test]
async fn trash_then_restore() {
    let mut h = live(fast()).await;
    mark(&mut h, 12).await;
    let ids: Vec<i64> = h.app.grid.marks.iter().copied().collect();
    let before = h.app.grid.total().unwrap();
    h.keys(&[
        KeyCode::Char('b'),
        KeyCode::End,
        KeyCode::Up,
        KeyCode::Char(' '),
    ])
    .await;
    h.keys(&[KeyCode::Char('s'), KeyCode::Enter]).await;
    let screen = h.screen();
    assert!(
        screen.contains("Type 12 to move 12 assets to the trash"),
        "{screen}"
    );
    insta::assert_snapshot!("bulk_confirm_trash", screen);
    // Enter right away: Cancel is the default. Nothing was sent.
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.app.modals.confirm.is_none());
    assert_eq!(h.server.request_count("POST", "/api/bulk_jobs"), 0);
    // Without typing the count the confirming button does nothing.
    h.keys(&[KeyCode::Enter, KeyCode::Right, KeyCode::Enter])
        .await;
    assert!(h.app.modals.confirm.is_some());
    h.type_str("12");
    h.keys(&[KeyCode::Enter]).await;
    let guid = job_in(&h, |j| j.destroy_all == Some(true)).expect("trash job");
    h.wait_for("the trash job", 20, |h| {
        state_of(h, &guid) == Some(JobState::Processed)
    })
    .await;
    h.settle().await;
    assert_eq!(
        h.app.grid.total(),
        Some(before - 12),
        "the grid searched again"
    );
    for id in &ids {
        assert!(!h.app.grid.loaded_assets().into_iter().any(|a| a.id == *id));
    }

    // Restore: open the job's assets from the monitor, mark them all, b → Restore.
    h.app.focus = Focus::Jobs;
    h.keys(&[KeyCode::Home, KeyCode::Enter]).await;
    h.wait_for("the job's assets", 10, |h| {
        h.app
            .bulk
            .monitor
            .detail
            .as_ref()
            .is_some_and(|d| d.assets.len() == 12)
    })
    .await;
    h.keys(&[KeyCode::Char('o')]).await;
    assert_eq!(h.app.focus, Focus::Grid);
    assert_eq!(h.app.grid.loaded_assets().len(), 12);
    h.ctrl('a');
    h.keys(&[KeyCode::Char('b'), KeyCode::End, KeyCode::Char(' ')])
        .await;
    h.keys(&[KeyCode::Char('s')]).await;
    assert!(h.screen().contains("Restore 12 assets from the trash"));
    h.keys(&[KeyCode::Enter]).await;
    let restore = job_in(&h, |j| {
        j.action.as_deref() == Some("Bulk Asset Edit: Restore")
    })
    .expect("restore job");
    h.wait_for("the restore job", 20, |h| {
        state_of(h, &restore) == Some(JobState::Processed)
    })
    .await;
    h.settle().await;
    let all = h
        .client
        .search(&Default::default(), 1, 1)
        .await
        .unwrap()
        .total
        .unwrap();
    assert_eq!(all, before, "all back");
}

#[tokio::test]
async fn exactly_once_when_the_answer_to_the_create_is_lost() {
    let mut h = live_with_short_timeout(FaultSettings {
        job_step_ms: 30,
        drop_first_job_response: true,
        ..Default::default()
    })
    .await;
    mark(&mut h, 4).await;
    submit_rating_job(&mut h, 1).await;
    let told = h.flash();
    assert!(
        told.contains("created although the server's answer was lost"),
        "the user is told: {told}"
    );
    let posts = h
        .server
        .request_log()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/bulk_jobs")
        .count();
    assert_eq!(posts, 1, "never resent");
    let jobs = h.client.bulk_jobs(1, 50).await.unwrap();
    assert_eq!(jobs.items.len(), 1, "exactly one job exists");
    let guid = jobs.items[0].guid.clone().unwrap();
    h.wait_for("the job to finish", 20, |h| {
        state_of(h, &guid) == Some(JobState::Processed)
    })
    .await;
    assert!(!h.app.bulk.submit.busy());
}

#[tokio::test]
async fn a_lost_create_is_submitted_again_only_when_the_user_says_so() {
    let mut h = live_with_short_timeout(FaultSettings {
        job_step_ms: 30,
        lose_first_job_request: true,
        ..Default::default()
    })
    .await;
    rating_job_summary_for_four(&mut h).await;
    h.press(KeyCode::Enter);
    h.wait_for("the resubmit question", 20, |h| {
        h.screen().contains("Job submission not confirmed")
    })
    .await;
    let screen = h.screen();
    assert!(
        screen.contains("No new job is in your recent jobs"),
        "{screen}"
    );
    let posts = |h: &Harness| h.server.request_count("POST", "/api/bulk_jobs");
    assert_eq!(posts(&h), 1, "nothing resent unasked");
    assert!(h.client.bulk_jobs(1, 50).await.unwrap().items.is_empty());
    // Enter on the default (Cancel) would drop it; `s` submits again.
    h.press(KeyCode::Char('s'));
    h.wait_for("the job to exist", 20, |h| {
        h.app.bulk.monitor.jobs.len() == 1
    })
    .await;
    assert_eq!(posts(&h), 2);
    let jobs = h.client.bulk_jobs(1, 50).await.unwrap();
    assert_eq!(jobs.items.len(), 1, "exactly one job");
    let bodies: Vec<String> = h
        .server
        .request_log()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/api/bulk_jobs")
        .map(|r| r.body)
        .collect();
    assert_eq!(bodies[0], bodies[1], "the same job, as the dialog kept it");
    assert!(bodies[1].contains("\"rating\":1"), "{}", bodies[1]);
    assert!(
        h.app.bulk.dialog.is_none(),
        "the dialog closes once the job exists"
    );
}

#[tokio::test]
async fn a_server_error_on_the_create_is_reported_as_an_answer_not_as_silence() {
    let mut h = live_with_short_timeout(FaultSettings {
        job_step_ms: 30,
        ..Default::default()
    })
    .await;
    rating_job_summary_for_four(&mut h).await;
    h.server.set_faults(FaultSettings {
        job_step_ms: 30,
        fail_next: vec![500],
        ..Default::default()
    });
    h.press(KeyCode::Enter);
    h.wait_for("the resubmit question", 20, |h| {
        h.screen().contains("Job submission not confirmed")
    })
    .await;
    let screen = h.screen();
    assert!(
        screen.contains("answered the job submission with an error"),
        "{screen}"
    );
    assert!(!screen.contains("did not answer"), "{screen}");
    assert!(
        screen.contains("No new job is in your recent jobs"),
        "{screen}"
    );
    assert_eq!(
        h.server.request_count("POST", "/api/bulk_jobs"),
        1,
        "nothing resent unasked"
    );
}

#[tokio::test]
async fn the_monitor_keeps_updating_while_moving_around_the_grid() {
    let mut h = live(FaultSettings {
        job_step_ms: 120,
        ..Default::default()
    })
    .await;
    mark(&mut h, 30).await;
    submit_rating_job(&mut h, 4).await;
    let guid = newest_job(&h);
    // A job started elsewhere (the web app) shows up through /processing.
    let other = mgtui::api::models::BulkJobRequest {
        asset_ids: vec![h.app.grid.loaded_assets()[40].id],
        tag_names: vec!["from-the-web".into()],
        ..Default::default()
    };
    let other = h
        .client
        .create_bulk_job(&other)
        .await
        .unwrap()
        .guid
        .unwrap();

    h.app.focus = Focus::Grid;
    let mut seen = Vec::new();
    let mut summaries = Vec::new();
    let keys = [KeyCode::Right, KeyCode::Down, KeyCode::Left, KeyCode::Up];
    for k in 0..200 {
        h.press(keys[k % 4]);
        h.pump(Duration::from_millis(60)).await;
        assert_eq!(h.app.focus, Focus::Grid);
        if let Some(p) = h.app.bulk.monitor.known.get(&guid).and_then(|j| j.progress)
            && seen.last() != Some(&p)
        {
            seen.push(p);
        }
        let status = h.screen().lines().nth(43).unwrap_or("").to_string();
        if let Some(i) = status.find("running") {
            summaries.push(status[i.saturating_sub(3)..].to_string());
        }
        if state_of(&h, &other) == Some(JobState::Processed) {
            break;
        }
    }
    assert!(seen.len() >= 3, "progress advanced while moving: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(!summaries.is_empty(), "the status bar summary was visible");
    assert_eq!(state_of(&h, &guid), Some(JobState::Processed));
    assert_eq!(
        state_of(&h, &other),
        Some(JobState::Processed),
        "the web app's job was followed too"
    );
}

#[tokio::test]
async fn monitor_shows_jobs_in_several_states() {
    let mut h = live(FaultSettings {
        job_step_ms: 20,
        job_error: Some("Storage backend unavailable".into()),
        ..Default::default()
    })
    .await;
    let ids: Vec<i64> = h
        .app
        .grid
        .loaded_assets()
        .into_iter()
        .take(6)
        .map(|a| a.id)
        .collect();
    let mk = |tags: &[&str]| mgtui::api::models::BulkJobRequest {
        asset_ids: ids.clone(),
        tag_names: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    let failed = h.client.create_bulk_job(&mk(&["one"])).await.unwrap();
    let done = h.client.create_bulk_job(&mk(&["two"])).await.unwrap();
    let canceled = h.client.create_bulk_job(&mk(&["three"])).await.unwrap();
    h.client
        .cancel_bulk_job(canceled.guid.as_deref().unwrap())
        .await
        .unwrap();
    let last = done.guid.clone().unwrap();
    while !h
        .client
        .bulk_job(&last)
        .await
        .unwrap()
        .aasm_state
        .is_finished()
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        h.client
            .bulk_job(failed.guid.as_deref().unwrap())
            .await
            .unwrap()
            .aasm_state,
        JobState::Errored
    );
    h.keys(&[KeyCode::Char('w')]).await;
    assert_eq!(h.app.focus, Focus::Jobs);
    h.wait_for("three jobs", 10, |h| h.app.bulk.monitor.jobs.len() == 3)
        .await;
    insta::assert_snapshot!("bulk_monitor_states", redact_times(&h.screen()));
    // Job details: Enter, then its assets.
    h.keys(&[KeyCode::Down, KeyCode::Enter]).await;
    h.wait_for("the job's assets", 10, |h| {
        h.app
            .bulk
            .monitor
            .detail
            .as_ref()
            .is_some_and(|d| d.assets.len() == 6)
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("6 assets of 6"), "{screen}");
    h.keys(&[KeyCode::Esc]).await;
    assert!(h.app.bulk.monitor.detail.is_none());
    // w again hides it; the details pane is back.
    h.keys(&[KeyCode::Char('w')]).await;
    assert!(h.app.right != RightPane::Jobs);
    assert_eq!(h.app.focus, Focus::Grid);
}

/// The "Add to…" picker lists folders, collections and lightboxes, never saved searches
/// (they hold no assets).
#[tokio::test]
async fn the_group_picker_offers_no_saved_searches() {
    let mut h = live(fast()).await;
    // Load the saved searches into the tree.
    h.app.focus = Focus::Tree;
    h.keys(&[KeyCode::End, KeyCode::Right]).await;
    h.settle().await;
    assert!(
        h.app.tree.items.iter().any(|i| i.saved.is_some()),
        "saved searches are loaded"
    );
    let entries = h.app.group_entries();
    assert!(!entries.is_empty());
    for e in &entries {
        let item = &h.app.tree.items[e.tree_idx];
        assert!(
            item.section != mgtui::panes::tree::Section::SavedSearches,
            "offered: {}",
            e.label
        );
    }
}

/// A job that adds assets to a collection leaves the tree's count stale; `r` on the
/// collection asks for it again and the tree shows the new count.
#[tokio::test]
async fn r_on_a_group_refreshes_its_count() {
    let mut h = live(fast()).await;
    h.app.focus = Focus::Tree;
    // The Collections root is the second root; open it.
    h.keys(&[KeyCode::Home, KeyCode::Down, KeyCode::Right])
        .await;
    h.settle().await;
    h.keys(&[KeyCode::Down]).await;
    let idx = h.app.tree.current().expect("a collection");
    let node = h.app.tree.items[idx].node.clone().expect("a group node");
    let before = node.visible_assets_count.unwrap_or(0);
    let agid = node.asset_group_id.or(node.id.as_i64()).unwrap();
    // Three assets that are not in it, added behind the app's back.
    let in_it = h
        .client
        .search(
            &mgtui::api::models::SearchQuery {
                scope: h.app.tree.scope_of(idx),
                ..Default::default()
            },
            1,
            100,
        )
        .await
        .unwrap();
    let members: Vec<i64> = in_it.assets.iter().map(|a| a.id).collect();
    let others: Vec<i64> = h
        .app
        .grid
        .loaded_assets()
        .into_iter()
        .map(|a| a.id)
        .filter(|id| !members.contains(id))
        .take(3)
        .collect();
    let job = h
        .client
        .create_bulk_job(&mgtui::api::models::BulkJobRequest {
            asset_ids: others,
            add_asset_group_id: Some(agid),
            add_asset_group_type: Some("Collection".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let guid = job.guid.unwrap();
    for _ in 0..100 {
        if h.client.bulk_job(&guid).await.unwrap().aasm_state == JobState::Processed {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    h.keys(&[KeyCode::Char('r')]).await;
    h.settle().await;
    let after = h.app.tree.items[idx]
        .node
        .as_ref()
        .and_then(|n| n.visible_assets_count)
        .unwrap_or(0);
    assert_eq!(after, before + 3, "the tree's count follows the server");
}

/// The bulk dialog's tags row suggests the organisation's tags while typing; Tab takes
/// one and the next tag can follow.
#[tokio::test]
async fn the_bulk_tags_row_suggests_tags() {
    let mut h = live(fast()).await;
    mark(&mut h, 3).await;
    let existing = h.app.grid.loaded_assets()[0].tag_names()[0].clone();
    h.keys(&[KeyCode::Char('b')]).await;
    h.press(KeyCode::Enter);
    h.type_str("new-one, ");
    h.type_str(&existing[..existing.len().min(3)]);
    h.settle().await;
    let offered = h.app.bulk.dialog.as_ref().unwrap().tag_suggestions.clone();
    assert!(offered.contains(&existing), "{existing} among {offered:?}");
    let screen = h.screen();
    assert!(screen.contains("Tab: take"), "{screen}");
    // Choose it (↓ until it is selected), Tab takes it.
    let pos = offered.iter().position(|t| *t == existing).unwrap();
    for _ in 0..=pos {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Tab);
    h.press(KeyCode::Enter);
    let d = h.app.bulk.dialog.as_ref().unwrap();
    assert_eq!(d.tag_names(), vec!["new-one".to_string(), existing]);
}
