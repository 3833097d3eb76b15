//! Asset details and update round-trips over loopback.

use crate::common;

use std::collections::BTreeMap;

use mgtui::api::ApiError;
use mgtui::api::models::{AssetUpdate, SearchQuery};
use serde_json::json;

#[tokio::test]
async fn update_round_trip_applies_every_sent_field() {
    let (_server, client) = common::start().await;
    let page = client.search(&SearchQuery::default(), 1, 5).await.unwrap();
    let before = client.asset(&page.assets[0].path_id()).await.unwrap();
    let keep_tag = before.tag_names().into_iter().next();

    let fields = client.custom_meta_fields().await.unwrap();
    let text_field = fields
        .iter()
        .find(|f| f.free == Some(true) && f.value_type.as_deref() == Some("text"))
        .expect("a free-text custom meta field");
    let mut custom_meta = BTreeMap::new();
    custom_meta.insert(text_field.name.clone().unwrap(), json!("Spring 2026"));

    let update = AssetUpdate {
        title: Some("Harbour at dawn".into()),
        description: Some("Boats leave\nthe harbour.".into()),
        alt_text: Some("Fishing boats at sunrise".into()),
        credit_line: Some("Demo Photo Desk".into()),
        city: Some("Lisbon".into()),
        country: Some("Portugal".into()),
        creator: Some(vec!["Ana Lima".into()]),
        rating: Some(4),
        captured_at: Some("2024-05-01T06:30:00Z".into()),
        add_tag_names: vec!["harbour".into(), "dawn".into()],
        remove_tag_names: keep_tag.iter().cloned().collect(),
        custom_meta,
        ..Default::default()
    };
    let answered = client
        .update_asset(&before.path_id(), &update)
        .await
        .unwrap();
    let after = client.asset(&before.guid.clone().unwrap()).await.unwrap();
    for a in [&answered, &after] {
        assert_eq!(a.id, before.id);
        assert_eq!(a.title.as_deref(), Some("Harbour at dawn"));
        assert_eq!(a.description.as_deref(), Some("Boats leave\nthe harbour."));
        assert_eq!(a.alt_text.as_deref(), Some("Fishing boats at sunrise"));
        assert_eq!(a.credit_line.as_deref(), Some("Demo Photo Desk"));
        assert_eq!(a.city.as_deref(), Some("Lisbon"));
        assert_eq!(a.creator, vec!["Ana Lima"]);
        assert_eq!(a.rating, Some(4));
        assert!(a.captured_at.as_deref().unwrap().starts_with("2024-05-01"));
        let tags = a.tag_names();
        assert!(tags.contains(&"harbour".to_string()) && tags.contains(&"dawn".to_string()));
        if let Some(t) = &keep_tag {
            assert!(!tags.contains(t), "removed tag {t} is gone");
        }
        assert!(
            a.custom_meta_values
                .iter()
                .any(|v| v.custom_meta_field_id == Some(text_field.id)
                    && v.text.as_deref() == Some("Spring 2026"))
        );
    }
    // Untouched fields stay as they were.
    assert_eq!(after.filename, before.filename);
    assert!(after.updated_at >= before.updated_at);
}

#[tokio::test]
async fn invalid_updates_are_typed_validation_errors() {
    let (_server, client) = common::start().await;
    let page = client.search(&SearchQuery::default(), 1, 1).await.unwrap();
    let id = page.assets[0].path_id();
    let err = client
        .update_asset(
            &id,
            &AssetUpdate {
                rating: Some(9),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    match err {
        ApiError::Validation { fields, .. } => assert!(fields.contains_key("rating"), "{fields:?}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    let unchanged = client.asset(&id).await.unwrap();
    assert_eq!(unchanged.rating, page.assets[0].rating);
    assert!(matches!(
        client.asset("999999999").await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn picker_lists_load() {
    let (_server, client) = common::start().await;
    let tags = client.tags(None, 1, 50).await.unwrap();
    assert!(!tags.items.is_empty());
    assert!(tags.total_entries.is_some());
    let narrowed = client
        .tags(tags.items[0].name.as_deref(), 1, 50)
        .await
        .unwrap();
    assert!(!narrowed.items.is_empty());
    assert!(!client.creator_tags(None).await.unwrap().is_empty());
    let packages = client.rights_packages().await.unwrap();
    assert!(packages.len() >= 4);
    assert!(
        packages.iter().any(|p| p.name.is_none()),
        "a nameless package as in the spec"
    );
    let fields = client.custom_meta_fields().await.unwrap();
    for t in ["text", "number", "date"] {
        assert!(
            fields.iter().any(|f| f.value_type.as_deref() == Some(t)),
            "a {t} field"
        );
    }
    assert!(
        fields
            .iter()
            .any(|f| f.free == Some(false) && !f.custom_meta_values_attributes.is_empty())
    );
}
