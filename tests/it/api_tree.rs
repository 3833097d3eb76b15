//! Tree walk over loopback: three roots, lazy children, lightbox bins, paging.

use crate::common;

use mgtui::api::PageDialect;
use mgtui::api::models::{GroupKind, GroupNode};
use mgtui::api::routes;

#[tokio::test]
async fn three_roots_walk_down_to_the_deepest_level() {
    let (server, client) = common::start().await;
    let me = client.whoami().await.expect("whoami");
    assert!(!me.display_name().is_empty());
    let org_id = server.organization_id();
    let org = client.organization(org_id).await.expect("organization");
    assert_eq!(org.id, org_id);

    let mut deepest_seen = 0;
    for kind in GroupKind::ALL {
        let roots = client
            .tree_children(kind, None, false)
            .await
            .expect("roots");
        assert!(!roots.is_empty(), "{kind:?} has roots");
        // Breadth-first over every node, as a user expanding everything would.
        let mut frontier: Vec<(GroupNode, usize)> = roots.into_iter().map(|n| (n, 1)).collect();
        let mut visited = 0;
        while let Some((node, depth)) = frontier.pop() {
            visited += 1;
            assert_eq!(node.group_kind(), Some(kind), "{node:?}");
            deepest_seen = deepest_seen.max(depth);
            if node.has_children {
                let id = node.id.as_i64().expect("numeric id");
                let children = client
                    .tree_children(kind, Some(id), node.is_bin())
                    .await
                    .expect("children");
                assert!(!children.is_empty(), "has_children but none: {node:?}");
                for c in children {
                    assert_eq!(c.parent_id, Some(id), "child points at its parent");
                    frontier.push((c, depth + 1));
                }
            }
            assert!(visited < 10_000, "tree walk does not end");
        }
        if kind == GroupKind::StorageFolder {
            assert!(deepest_seen >= 3, "storage folders are {deepest_seen} deep");
        }
        // Details of a root answer for each kind.
        let first = client
            .tree_children(kind, None, false)
            .await
            .unwrap()
            .remove(0);
        let detail = client
            .group(kind, first.id.as_i64().unwrap(), first.is_bin())
            .await
            .expect("group details");
        assert_eq!(detail.id, first.id);
    }
}

#[tokio::test]
async fn lightbox_membership_ids_differ_from_group_ids_and_bins_list_children() {
    let (_server, client) = common::start().await;
    let roots = client
        .tree_children(GroupKind::Lightbox, None, false)
        .await
        .unwrap();
    assert!(
        roots
            .iter()
            .any(|n| n.asset_group_id.is_some() && n.id.as_i64() != n.asset_group_id)
    );
    let bin = roots
        .iter()
        .find(|n| n.is_bin())
        .expect("the demo has a lightbox bin");
    let inside = client
        .tree_children(GroupKind::Lightbox, bin.id.as_i64(), true)
        .await
        .unwrap();
    assert!(!inside.is_empty(), "the bin holds lightboxes");
}

#[tokio::test]
async fn tree_pages_are_walked_past_the_first() {
    let (server, client) = common::start().await;
    let all = client
        .tree_children(GroupKind::StorageFolder, None, false)
        .await
        .unwrap();
    assert!(all.len() >= 3);
    // Two per page forces several pages; the walk must reassemble the same list.
    let walked: Vec<GroupNode> = client
        .all_pages(
            routes::STORAGE_FOLDERS_TREE,
            &[],
            &[],
            PageDialect::PagePerPage,
            2,
            1000,
        )
        .await
        .unwrap();
    let ids = |v: &[GroupNode]| v.iter().map(|n| n.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&walked), ids(&all));
    let pages = server.request_count("GET", "/api/storage_folders/tree");
    assert!(pages > all.len().div_ceil(2), "{pages} requests");
}
