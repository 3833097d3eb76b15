//! Asset search over loopback: paging with Total-Entries, filters, scope, sort.

use crate::common;

use std::collections::HashSet;

use mgtui::api::models::{GroupKind, SearchQuery, SearchScope, SortField, SortOrder};

#[tokio::test]
async fn pages_cover_the_library_exactly_once() {
    let (_server, client) = common::start().await;
    let first = client
        .search(&SearchQuery::default(), 1, 100)
        .await
        .unwrap();
    let total = first.total.expect("Total-Entries") as usize;
    assert!(total >= 300, "demo library has {total} assets");
    assert_eq!(first.assets.len(), 100);
    assert!(first.has_more());
    let mut seen = HashSet::new();
    let mut page = 1;
    loop {
        let p = client
            .search(&SearchQuery::default(), page, 100)
            .await
            .unwrap();
        assert_eq!(p.total, Some(total as u64), "total stable across pages");
        for a in &p.assets {
            assert!(seen.insert(a.id), "asset {} on two pages", a.id);
        }
        if !p.has_more() {
            break;
        }
        page += 1;
    }
    assert_eq!(seen.len(), total);
    // per_page above the API maximum is capped, not an error.
    let capped = client
        .search(&SearchQuery::default(), 1, 500)
        .await
        .unwrap();
    assert_eq!(capped.assets.len(), 100);
}

#[tokio::test]
async fn newest_first_by_default_and_sort_by_filename() {
    let (_server, client) = common::start().await;
    let p = client.search(&SearchQuery::default(), 1, 50).await.unwrap();
    let created: Vec<String> = p
        .assets
        .iter()
        .map(|a| a.created_at.clone().unwrap())
        .collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "default order is newest first");

    let q = SearchQuery {
        sort: Some((SortField::Filename, SortOrder::Asc)),
        ..Default::default()
    };
    let p = client.search(&q, 1, 50).await.unwrap();
    let names: Vec<String> = p
        .assets
        .iter()
        .map(|a| a.filename.clone().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[tokio::test]
async fn filters_narrow_results() {
    let (_server, client) = common::start().await;
    let all = client
        .search(&SearchQuery::default(), 1, 100)
        .await
        .unwrap();
    let total = all.total.unwrap();

    let tag = all
        .assets
        .iter()
        .flat_map(|a| a.tag_names())
        .next()
        .expect("demo assets are tagged");
    let q = SearchQuery {
        tags: vec![tag.clone()],
        ..Default::default()
    };
    let p = client.search(&q, 1, 100).await.unwrap();
    assert!(p.total.unwrap() >= 1 && p.total.unwrap() < total);
    assert!(p.assets.iter().all(|a| a.tag_names().contains(&tag)));

    let q = SearchQuery {
        rating: vec![4, 5],
        ..Default::default()
    };
    let p = client.search(&q, 1, 100).await.unwrap();
    assert!(p.total.unwrap() >= 1);
    assert!(
        p.assets
            .iter()
            .all(|a| matches!(a.rating, Some(4) | Some(5)))
    );

    let q = SearchQuery {
        exts: vec!["png".into()],
        ..Default::default()
    };
    let p = client.search(&q, 1, 100).await.unwrap();
    assert!(
        p.assets
            .iter()
            .all(|a| a.ext.as_deref().map(str::to_lowercase).as_deref() == Some("png"))
    );

    let word = all.assets[0]
        .title
        .clone()
        .unwrap()
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_string();
    let q = SearchQuery {
        q: Some(word.clone()),
        ..Default::default()
    };
    let p = client.search(&q, 1, 100).await.unwrap();
    assert!(p.total.unwrap() >= 1, "q={word}");
    assert!(p.total.unwrap() < total, "q={word} matched everything");
}

#[tokio::test]
async fn folder_scope_with_and_without_children() {
    let (_server, client) = common::start().await;
    let roots = client
        .tree_children(GroupKind::StorageFolder, None, false)
        .await
        .unwrap();
    let parent = roots
        .iter()
        .find(|n| n.has_children)
        .expect("a folder with sub-folders");
    let id = parent.id.as_i64().unwrap();
    let with = client
        .search(
            &SearchQuery {
                scope: SearchScope::StorageFolder {
                    id,
                    include_children: true,
                },
                ..Default::default()
            },
            1,
            25,
        )
        .await
        .unwrap();
    let without = client
        .search(
            &SearchQuery {
                scope: SearchScope::StorageFolder {
                    id,
                    include_children: false,
                },
                ..Default::default()
            },
            1,
            25,
        )
        .await
        .unwrap();
    assert!(with.total.unwrap() > without.total.unwrap());
    let everything = client.search(&SearchQuery::default(), 1, 1).await.unwrap();
    assert!(with.total.unwrap() < everything.total.unwrap());
}

#[tokio::test]
async fn facets_come_with_include_totals() {
    let (_server, client) = common::start().await;
    let q = SearchQuery {
        include_totals: true,
        ..Default::default()
    };
    let p = client.search(&q, 1, 10).await.unwrap();
    let facets = p.response.facets();
    let rating = facets
        .iter()
        .find(|f| f.name == "rating")
        .expect("rating facet");
    let sum: i64 = rating.buckets.iter().map(|b| b.doc_count).sum();
    assert_eq!(
        sum as u64,
        p.total.unwrap(),
        "rating buckets add up to the total"
    );
}
