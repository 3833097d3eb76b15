//! Saved searches over loopback: the seeded ones run, the whole lifecycle, validation,
//! the wrapped request bodies, and the fault middleware in front of the routes.

use crate::common;

use mgtui::api::ApiError;
use mgtui::api::models::SearchQuery;
use mgtui::demo::FaultSettings;
use mgtui::search::query::parse;
use mgtui::search::saved::{from_sql, to_sql};
use serde_json::{Value, json};

#[tokio::test]
async fn the_seeded_searches_translate_and_find_demo_assets() {
    let (_server, client) = common::start().await;
    let me = client.whoami().await.unwrap();
    let saved = client.saved_searches().await.unwrap();
    assert_eq!(saved.len(), 3, "{saved:?}");
    let names: Vec<String> = saved.iter().map(|s| s.display_name()).collect();
    assert!(
        names.contains(&"Five-star landscapes".to_string()),
        "{names:?}"
    );
    for s in &saved {
        assert_eq!(s.user_id, Some(me.id));
        assert!(s.description.is_some() && s.created_at.is_some());
        let sql = s.sql.as_deref().expect("sql");
        let (parsed, scope) = from_sql(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let mut search = SearchQuery {
            scope,
            ..Default::default()
        };
        parsed.apply_to(&mut search);
        let page = client.search(&search, 1, 10).await.unwrap();
        assert!(
            page.total.unwrap_or(0) > 0,
            "{} finds nothing: {sql}",
            s.display_name()
        );
    }
}

#[tokio::test]
async fn create_get_rename_list_delete() {
    let (server, client) = common::start().await;
    let query = parse("harbour tag:\"it's\" rating:2..4 aspect:square").unwrap();
    let sql = to_sql(&query, &Default::default());

    server.clear_request_log();
    let created = client
        .create_saved_search("Square harbours", Some("for the wall"), &sql)
        .await
        .unwrap();
    assert_eq!(created.name.as_deref(), Some("Square harbours"));
    assert_eq!(created.sql.as_deref(), Some(sql.as_str()));
    let sent = server.request_log();
    let post = sent
        .iter()
        .find(|r| r.method == "POST" && r.path == "/api/search_queries")
        .expect("the POST was logged");
    let body: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(
        body,
        json!({"search_query": {"name": "Square harbours", "description": "for the wall", "sql": sql}})
    );

    let fetched = client.saved_search(created.id).await.unwrap();
    assert_eq!(fetched, created);
    assert_eq!(from_sql(fetched.sql.as_deref().unwrap()).unwrap().0, query);

    server.clear_request_log();
    let renamed = client
        .rename_saved_search(created.id, "Square harbours, 2–4★", None)
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Square harbours, 2–4★"));
    assert_eq!(
        renamed.description.as_deref(),
        Some("for the wall"),
        "no description sent, none changed"
    );
    assert_eq!(renamed.sql, created.sql);
    let put = server.request_log();
    let body: Value = serde_json::from_str(&put[0].body).unwrap();
    assert_eq!(
        body,
        json!({"search_query": {"name": "Square harbours, 2–4★"}})
    );
    let cleared = client
        .rename_saved_search(created.id, "Square harbours", Some(""))
        .await
        .unwrap();
    assert_eq!(cleared.description.as_deref(), Some(""));

    let listed = client.saved_searches().await.unwrap();
    assert_eq!(listed.len(), 4);
    assert!(listed.iter().all(|s| s.id <= created.id), "ids increase");
    assert!(
        listed
            .iter()
            .any(|s| s.id == created.id && s.name == cleared.name)
    );

    client.delete_saved_search(created.id).await.unwrap();
    match client.saved_search(created.id).await {
        Err(ApiError::NotFound { .. }) => {}
        other => panic!("deleted search still answers: {other:?}"),
    }
    assert!(matches!(
        client.delete_saved_search(created.id).await,
        Err(ApiError::NotFound { .. })
    ));
    assert!(matches!(
        client.rename_saved_search(created.id, "x", None).await,
        Err(ApiError::NotFound { .. })
    ));
    assert_eq!(client.saved_searches().await.unwrap().len(), 3);
    let again = client
        .create_saved_search("Next", None, "rating = 1")
        .await
        .unwrap();
    assert!(again.id > created.id, "ids are not reused");
}

#[tokio::test]
async fn missing_name_or_sql_is_a_typed_validation_error() {
    let (_server, client) = common::start().await;
    match client.create_saved_search("No filter", None, "  ").await {
        Err(ApiError::Validation { fields, .. }) => {
            assert!(fields.contains_key("sql"), "{fields:?}");
            assert!(!fields.contains_key("name"), "{fields:?}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    match client.create_saved_search("", None, "").await {
        Err(ApiError::Validation { fields, message }) => {
            assert!(fields.contains_key("sql") && fields.contains_key("name"));
            assert!(message.contains("can't be blank"), "{message}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    let first = client.saved_searches().await.unwrap().remove(0);
    assert!(matches!(
        client.rename_saved_search(first.id, " ", None).await,
        Err(ApiError::Validation { .. })
    ));
    assert_eq!(client.saved_searches().await.unwrap().len(), 3);
}

#[tokio::test]
async fn the_fault_middleware_covers_the_routes() {
    let (server, client) = common::start().await;
    server.set_faults(FaultSettings {
        fail_next: vec![503],
        ..Default::default()
    });
    server.clear_request_log();
    let saved = client.saved_searches().await.unwrap();
    assert_eq!(saved.len(), 3);
    assert_eq!(server.request_count("GET", "/api/search_queries"), 2);
}
