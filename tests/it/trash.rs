//! The trash end to end: Trash at the foot of the tree lists what the user's bulk jobs
//! moved there (who, when, thumbnails in the grid) beside the server's count; `u`
//! restores marked assets in one bulk job after asking; read-only mode restores nothing.

use crossterm::event::KeyCode;
use mgtui::api::models::{BulkJobRequest, JobState};
use mgtui::app::state::Focus;
use mgtui::demo::{DemoOptions, FaultSettings};

use crate::common::ui::Harness;

async fn live() -> Harness {
    let opts = DemoOptions {
        faults: FaultSettings {
            job_step_ms: 30,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut h = Harness::with(opts, 160, 45).await;
    h.go_live();
    h
}

/// The first `n` asset ids of the library, as the grid shows it.
fn first_ids(h: &Harness, n: usize) -> Vec<i64> {
    h.app
        .grid
        .loaded_assets()
        .iter()
        .take(n)
        .map(|a| a.id)
        .collect()
}

/// Trash `ids` with a bulk job sent straight to the server, and wait for it to finish.
async fn trash_by_job(h: &Harness, ids: &[i64]) {
    let job = h
        .client
        .create_bulk_job(&BulkJobRequest {
            asset_ids: ids.to_vec(),
            destroy_all: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let guid = job.guid.unwrap();
    for _ in 0..200 {
        if h.client.bulk_job(&guid).await.unwrap().aasm_state == JobState::Processed {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the trash job did not finish");
}

/// `DELETE /api/assets/{id}`: trashed without a bulk job.
async fn trash_alone(h: &Harness, id: i64) {
    let status = reqwest::Client::new()
        .delete(format!("{}/api/assets/{id}", h.server.base_url()))
        .basic_auth("", Some(h.server.token()))
        .header("OrganizationId", h.server.organization_id().to_string())
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success(), "{status}");
}

async fn is_trashed(h: &Harness, id: i64) -> bool {
    h.client
        .asset(&id.to_string())
        .await
        .unwrap()
        .trashed_at
        .is_some()
}

/// Enter on the tree's last root, Trash; wait for the list.
async fn open_trash_from_tree(h: &mut Harness) {
    h.app.focus = Focus::Tree;
    h.keys(&[KeyCode::End]).await;
    let idx = h.app.tree.current().unwrap();
    assert_eq!(h.app.tree.items[idx].label, "Trash");
    h.keys(&[KeyCode::Enter]).await;
    wait_for_list(h).await;
}

async fn wait_for_list(h: &mut Harness) {
    h.wait_for("the trash listed", 10, |h| {
        h.app.grid.trash && !h.app.grid.loading
    })
    .await;
    h.settle().await;
}

#[tokio::test]
async fn the_trash_lists_what_jobs_trashed_and_u_restores_the_marked_ones() {
    let mut h = live().await;
    let ids = first_ids(&h, 4);
    trash_by_job(&h, &ids[..3]).await;
    trash_alone(&h, ids[3]).await;

    open_trash_from_tree(&mut h).await;
    let mut listed: Vec<i64> = h.app.grid.loaded_assets().iter().map(|a| a.id).collect();
    listed.sort();
    let mut want = ids[..3].to_vec();
    want.sort();
    assert_eq!(listed, want, "the job's assets, not the one trashed alone");
    assert_eq!(h.app.tree.trash_count, Some(4));
    let screen = h.screen();
    assert!(screen.contains("Trash 4"), "count on the root:\n{screen}");
    assert!(
        screen.contains("Trash │") || screen.contains("│ Trash"),
        "breadcrumb:\n{screen}"
    );
    assert!(
        screen.contains("trashed 20"),
        "when, on the tiles:\n{screen}"
    );
    assert!(
        screen.contains("Trashed: 20") && screen.contains("by Dana Demo"),
        "who and when, in the details:\n{screen}"
    );
    assert!(screen.contains("Trash · newest first"), "{screen}");
    h.app.focus = Focus::Grid;
    let screen = h.screen();
    let hints = screen.lines().last().unwrap();
    assert!(hints.starts_with("u restore from the trash"), "{hints}");
    assert!(
        h.flash().contains("4 in the trash; 3 listed"),
        "{}",
        h.flash()
    );

    // Mark one; u asks, Cancel first (the default): nothing is sent.
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Home, KeyCode::Char(' ')]).await;
    let chosen = h.app.grid.marks.iter().copied().collect::<Vec<_>>();
    assert_eq!(chosen.len(), 1);
    h.server.clear_request_log();
    h.keys(&[KeyCode::Char('u')]).await;
    assert!(
        h.screen().contains("Restore 1 asset from the trash?"),
        "{}",
        h.screen()
    );
    h.keys(&[KeyCode::Enter]).await;
    assert!(h.app.modals.confirm.is_none());
    assert_eq!(h.server.request_count("POST", "/api/bulk_jobs"), 0);

    // Again, Restore: one job, the asset back, the list and the count follow.
    h.keys(&[KeyCode::Char('u'), KeyCode::Right, KeyCode::Enter])
        .await;
    h.wait_for("the restore", 20, |h| {
        h.app.grid.trash && !h.app.grid.loading && h.app.grid.loaded_assets().len() == 2
    })
    .await;
    h.settle().await;
    assert_eq!(h.server.request_count("POST", "/api/bulk_jobs"), 1);
    assert!(!is_trashed(&h, chosen[0]).await, "restored on the server");
    for id in ids.iter().filter(|id| **id != chosen[0]) {
        assert!(is_trashed(&h, *id).await, "{id} stays in the trash");
    }
    assert!(!h.app.grid.loaded_assets().iter().any(|a| a.id == chosen[0]));
    h.wait_for("the count", 10, |h| h.app.tree.trash_count == Some(3))
        .await;

    // r lists it again; Enter on a group leaves the trash.
    h.keys(&[KeyCode::Char('r')]).await;
    wait_for_list(&mut h).await;
    assert_eq!(h.app.grid.loaded_assets().len(), 2);
    h.keys(&[KeyCode::Char('/')]).await;
    h.type_str("lake");
    h.keys(&[KeyCode::Enter]).await;
    h.settle().await;
    assert!(!h.app.grid.trash, "a search leaves the trash view");
    h.keys(&[KeyCode::Char('u')]).await;
    assert!(h.flash().contains("open Trash"), "{}", h.flash());
}

#[tokio::test]
async fn read_only_mode_lists_the_trash_and_restores_nothing() {
    let mut h = live().await;
    let ids = first_ids(&h, 2);
    trash_by_job(&h, &ids).await;
    h.app.session.read_only = true;
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Char(':')]).await;
    h.type_str("trash");
    h.keys(&[KeyCode::Enter]).await;
    wait_for_list(&mut h).await;
    assert_eq!(h.app.grid.loaded_assets().len(), 2);
    h.server.clear_request_log();
    h.ctrl('a');
    h.keys(&[KeyCode::Char('u')]).await;
    h.settle().await;
    assert!(h.app.modals.confirm.is_none());
    assert!(h.flash().contains("Read-only"), "{}", h.flash());
    assert_eq!(h.server.request_count("POST", "/api/bulk_jobs"), 0);
    for id in &ids {
        assert!(is_trashed(&h, *id).await);
    }
}

#[tokio::test]
async fn an_empty_trash_says_so() {
    let mut h = live().await;
    open_trash_from_tree(&mut h).await;
    assert!(h.app.grid.loaded_assets().is_empty());
    assert_eq!(h.app.tree.trash_count, Some(0));
    assert!(h.flash().contains("holds nothing"), "{}", h.flash());
    h.app.focus = Focus::Grid;
    h.keys(&[KeyCode::Char('u')]).await;
    assert!(h.flash().contains("Nothing to restore"), "{}", h.flash());
}
