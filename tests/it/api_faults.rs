//! Typed errors and retry rules, shown with the demo server's fault knobs.

use crate::common;

use std::time::{Duration, Instant};

use mgtui::api::client::AnswerLimits;
use mgtui::api::models::{BulkJobRequest, SearchQuery, TagMode};
use mgtui::api::{ApiClient, ApiError, Auth, ClientConfig, Credentials, Secret};
use mgtui::demo::FaultSettings;

#[tokio::test]
async fn wrong_token_is_unauthorized_and_never_echoed() {
    let (server, _client) = common::start().await;
    let mut cfg = ClientConfig::new(
        server.base_url(),
        Credentials {
            auth: Auth::Pat(Secret::new("wrong-secret-value")),
            organization_id: Some(server.organization_id()),
        },
    );
    cfg.retry = common::test_retry();
    let bad = ApiClient::new(cfg).unwrap();
    let err = bad.whoami().await.unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized { .. }), "{err:?}");
    let shown = format!("{err} {err:?} {bad:?}");
    assert!(!shown.contains("wrong-secret-value"), "{shown}");
    assert_eq!(
        server.request_count("GET", "/api/whoami"),
        1,
        "401 is not retried"
    );
}

#[tokio::test]
async fn not_found_and_server_errors() {
    let (server, client) = common::start().await;
    assert!(matches!(
        client.bulk_job("no-such-job").await,
        Err(ApiError::NotFound { .. })
    ));
    // A read that meets a 500 is tried again (a bounded number of times)...
    server.set_faults(FaultSettings {
        fail_next: vec![500],
        ..Default::default()
    });
    client.whoami().await.expect("the second attempt succeeds");
    assert_eq!(server.request_count("GET", "/api/whoami"), 2);
    server.clear_request_log();
    server.set_faults(FaultSettings {
        fail_next: vec![500; 10],
        ..Default::default()
    });
    assert!(matches!(
        client.whoami().await,
        Err(ApiError::Server { status: 500, .. })
    ));
    assert_eq!(
        server.request_count("GET", "/api/whoami"),
        common::test_retry().max_attempts as usize,
        "bounded"
    );
    // ...a write that met one is never sent again (it may have been applied).
    server.clear_request_log();
    server.set_faults(FaultSettings {
        fail_next: vec![500],
        ..Default::default()
    });
    assert!(
        client
            .create_saved_search("once", None, "rating = 5")
            .await
            .is_err()
    );
    assert_eq!(server.request_count("POST", "/api/search_queries"), 1);
}

#[tokio::test]
async fn get_is_retried_through_transient_503s() {
    let (server, client) = common::start().await;
    server.set_faults(FaultSettings {
        fail_next: vec![503, 503],
        ..Default::default()
    });
    let me = client.whoami().await.expect("third attempt succeeds");
    assert!(me.id > 0);
    assert_eq!(server.request_count("GET", "/api/whoami"), 3);
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after() {
    let (server, client) = common::start().await;
    server.set_faults(FaultSettings {
        fail_next: vec![429],
        retry_after_secs: Some(1),
        ..Default::default()
    });
    let started = Instant::now();
    client
        .search(&SearchQuery::default(), 1, 5)
        .await
        .expect("succeeds after waiting");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After honoured"
    );
    assert_eq!(server.request_count("GET", "/api/assets/search"), 2);

    // A Retry-After beyond what the policy waits for is returned to the caller.
    server.set_faults(FaultSettings {
        fail_next: vec![429],
        retry_after_secs: Some(60),
        ..Default::default()
    });
    match client.whoami().await {
        Err(ApiError::RateLimited { retry_after }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(60)))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_bad_payload() {
    let (server, client) = common::start().await;
    server.set_faults(FaultSettings {
        malformed_json: true,
        ..Default::default()
    });
    let err = client
        .search(&SearchQuery::default(), 1, 5)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::BadPayload { .. }), "{err:?}");
}

#[tokio::test]
async fn a_padded_answer_stops_at_its_cap_and_is_not_retried() {
    let (server, _) = common::start().await;
    // 64 MB of padding, streamed without a length; the cap for lists is 1 MB.
    server.set_faults(FaultSettings {
        pad_search_bytes: 64 << 20,
        ..Default::default()
    });
    let client =
        common::client_with_limits(&server, Duration::from_secs(10), AnswerLimits::from_mb(1));
    let err = client
        .search(&SearchQuery::default(), 1, 5)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::TooLarge { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("GET /api/assets/search") && text.contains("1 MB"),
        "names the request and the limit: {text}"
    );
    assert!(
        text.contains("max_answer_mb"),
        "says how to raise it: {text}"
    );
    assert_eq!(
        server.request_count("GET", "/api/assets/search"),
        1,
        "not retried"
    );
    // Other answers are not affected, and the default cap takes padding that stays
    // under it.
    assert!(client.whoami().await.is_ok());
    server.set_faults(FaultSettings {
        pad_search_bytes: 2 << 20,
        ..Default::default()
    });
    let roomy = common::client_for(&server, Duration::from_secs(10));
    assert!(roomy.search(&SearchQuery::default(), 1, 5).await.is_ok());
}

#[tokio::test]
async fn a_body_cut_short_is_read_again_and_never_hangs() {
    let (server, client) = common::start().await;
    server.set_faults(FaultSettings {
        cut_search_bodies: 1,
        ..Default::default()
    });
    let page = client.search(&SearchQuery::default(), 1, 5).await.unwrap();
    assert_eq!(page.assets.len(), 5);
    assert_eq!(
        server.request_count("GET", "/api/assets/search"),
        2,
        "the cut answer was asked for again"
    );

    server.set_faults(FaultSettings {
        cut_search_bodies: 100,
        ..Default::default()
    });
    let started = Instant::now();
    let err = client
        .search(&SearchQuery::default(), 1, 5)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "gave up in time"
    );
    assert_eq!(
        server.request_count("GET", "/api/assets/search"),
        2 + common::test_retry().max_attempts as usize
    );
}

#[tokio::test]
async fn a_stalled_server_times_out_and_a_post_is_not_resent() {
    let (server, _c) = common::start().await;
    let client = common::client_for(&server, Duration::from_millis(300));
    let ids: Vec<i64> = client
        .search(&SearchQuery::default(), 1, 3)
        .await
        .unwrap()
        .assets
        .iter()
        .map(|a| a.id)
        .collect();
    server.set_faults(FaultSettings {
        stall: true,
        ..Default::default()
    });
    let err = client.whoami().await.unwrap_err();
    assert_eq!(err, ApiError::Timeout);
    assert!(
        server.request_count("GET", "/api/whoami") >= 2,
        "a GET that timed out is retried"
    );

    let err = client
        .create_bulk_job(&BulkJobRequest {
            asset_ids: ids,
            tag_names: vec!["once".into()],
            tag_mode: Some(TagMode::Add),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err, ApiError::Timeout);
    assert_eq!(
        server.request_count("POST", "/api/bulk_jobs"),
        1,
        "a POST that may have reached the server is never resent"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error() {
    let (server, _c) = common::start().await;
    let url = server.base_url();
    server.shutdown().await;
    let mut cfg = ClientConfig::new(
        url,
        Credentials {
            auth: Auth::Pat(Secret::new("x")),
            organization_id: Some(1),
        },
    );
    cfg.retry = common::test_retry();
    let client = ApiClient::new(cfg).unwrap();
    assert!(matches!(client.whoami().await, Err(ApiError::Network(_))));
}
