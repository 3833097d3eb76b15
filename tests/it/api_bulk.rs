//! Bulk jobs over loopback: followed to the end, really applied, canceled, listed.

use crate::common;

use std::time::{Duration, Instant};

use mgtui::api::ApiError;
use mgtui::api::models::{BulkJobRequest, DownloadRequest, JobState, SearchQuery, TagMode};

#[tokio::test]
async fn a_job_goes_from_pending_to_processed_and_applies_its_operations() {
    let (_server, client) = common::start().await;
    let page = client.search(&SearchQuery::default(), 1, 12).await.unwrap();
    let ids: Vec<i64> = page.assets.iter().map(|a| a.id).collect();
    let job = client
        .create_bulk_job(&BulkJobRequest {
            asset_ids: ids.clone(),
            tag_names: vec!["bulk-tagged".into()],
            tag_mode: Some(TagMode::Add),
            rating: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(job.aasm_state, JobState::Pending);
    let guid = job.guid.clone().expect("guid");

    let mut states = vec![job.aasm_state.clone()];
    let mut progress_seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let j = client.bulk_job(&guid).await.unwrap();
        if let Some(p) = j.progress {
            progress_seen.push(p);
        }
        if states.last() != Some(&j.aasm_state) {
            states.push(j.aasm_state.clone());
        }
        if j.aasm_state.is_finished() {
            assert_eq!(j.aasm_state, JobState::Processed, "{j:?}");
            break;
        }
        assert!(Instant::now() < deadline, "job never finished: {states:?}");
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    assert!(states.contains(&JobState::Processing), "{states:?}");
    assert!(
        progress_seen.windows(2).all(|w| w[0] <= w[1]),
        "{progress_seen:?}"
    );

    for id in &ids {
        let a = client.asset(&id.to_string()).await.unwrap();
        assert!(a.tag_names().contains(&"bulk-tagged".to_string()));
        assert_eq!(a.rating, Some(3));
    }
    let tagged = client
        .search(
            &SearchQuery {
                tags: vec!["bulk-tagged".into()],
                ..Default::default()
            },
            1,
            100,
        )
        .await
        .unwrap();
    assert_eq!(tagged.total, Some(ids.len() as u64));

    let processed_assets = client.bulk_job_assets(&guid, 1).await.unwrap();
    assert_eq!(processed_assets.items.len(), ids.len());
    let listed = client.bulk_jobs(1, 10).await.unwrap();
    assert_eq!(
        listed.items[0].guid.as_deref(),
        Some(guid.as_str()),
        "newest first"
    );
}

#[tokio::test]
async fn a_queued_job_can_be_canceled() {
    let (_server, client) = common::start().await;
    let page = client
        .search(&SearchQuery::default(), 1, 100)
        .await
        .unwrap();
    let ids: Vec<i64> = page.assets.iter().map(|a| a.id).collect();
    // A long job in front keeps the second one queued.
    let first = client
        .create_bulk_job(&BulkJobRequest {
            asset_ids: ids.clone(),
            tag_names: vec!["first".into()],
            tag_mode: Some(TagMode::Add),
            ..Default::default()
        })
        .await
        .unwrap();
    let second = client
        .create_bulk_job(&BulkJobRequest {
            asset_ids: ids[..10].to_vec(),
            tag_names: vec!["never-applied".into()],
            tag_mode: Some(TagMode::Add),
            ..Default::default()
        })
        .await
        .unwrap();
    let g2 = second.guid.clone().unwrap();
    let pos = client.bulk_job_queue_position(&g2).await.unwrap();
    assert_eq!(pos.aasm_state, JobState::Pending);
    assert!(pos.queue_position.unwrap_or(0) >= 1, "{pos:?}");

    client.cancel_bulk_job(&g2).await.unwrap();
    let j = client.bulk_job(&g2).await.unwrap();
    assert_eq!(j.aasm_state, JobState::Canceled);
    let g1 = first.guid.unwrap();
    client.cancel_bulk_job(&g1).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !client.bulk_job(&g1).await.unwrap().aasm_state.is_finished() {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    let a = client.asset(&ids[0].to_string()).await.unwrap();
    assert!(!a.tag_names().contains(&"never-applied".to_string()));
    // Canceling a finished job is refused with a typed error.
    assert!(matches!(
        client.cancel_bulk_job(&g2).await,
        Err(ApiError::Validation { .. })
    ));
}

#[tokio::test]
async fn empty_jobs_are_refused_before_sending_and_downloads_prepare() {
    let (server, client) = common::start().await;
    assert!(
        client
            .create_bulk_job(&BulkJobRequest::default())
            .await
            .is_err()
    );
    assert_eq!(server.request_count("POST", "/api/bulk_jobs"), 0);

    let page = client.search(&SearchQuery::default(), 1, 2).await.unwrap();
    let token = client
        .prepare_download(&DownloadRequest {
            asset_ids: page.assets.iter().map(|a| a.id).collect(),
            size: "small".into(),
            watermarked: None,
            via: "mgtui".into(),
        })
        .await
        .unwrap();
    let url = client
        .download_url(token.token.as_deref().unwrap())
        .unwrap();
    assert!(url.starts_with(&server.base_url()));
    assert!(client.processing_bulk_jobs().await.is_ok());
}
