//! Creating, renaming and deleting storage folders, collections and lightboxes. None of
//! these is retried once sent: a create whose answer was lost is looked for by the caller
//! (see [`ApiClient::find_created_group`]) instead of being sent twice.

use serde_json::json;

use super::client::ApiClient;
use super::error::ApiResult;
use super::models::{GroupKind, GroupNode};
use super::routes::{self, Route};

/// The body's wrapper key for `kind` (`{"collection": {...}}`).
fn wrapper(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::StorageFolder => "storage_folder",
        GroupKind::Collection => "collection",
        GroupKind::Lightbox => "lightbox",
    }
}

fn routes_for(kind: GroupKind) -> (Route, Route, Route) {
    match kind {
        GroupKind::StorageFolder => (
            routes::STORAGE_FOLDER_CREATE,
            routes::STORAGE_FOLDER_UPDATE,
            routes::STORAGE_FOLDER_DELETE,
        ),
        GroupKind::Collection => (
            routes::COLLECTION_CREATE,
            routes::COLLECTION_UPDATE,
            routes::COLLECTION_DELETE,
        ),
        GroupKind::Lightbox => (
            routes::LIGHTBOX_CREATE,
            routes::LIGHTBOX_UPDATE,
            routes::LIGHTBOX_DELETE,
        ),
    }
}

impl ApiClient {
    /// A new group named `name` under the node `parent` (top level when `None`).
    pub async fn create_group(
        &self,
        kind: GroupKind,
        parent: Option<i64>,
        name: &str,
    ) -> ApiResult<GroupNode> {
        let mut fields = json!({ "name": name });
        if let Some(p) = parent {
            fields["parent_id"] = json!(p);
        }
        let body = json!({ wrapper(kind): fields });
        let (create, _, _) = routes_for(kind);
        Ok(self.call(create, &[], &[], Some(&body)).await?.body)
    }

    pub async fn rename_group(&self, kind: GroupKind, id: i64, name: &str) -> ApiResult<GroupNode> {
        let body = json!({ wrapper(kind): { "name": name } });
        let (_, update, _) = routes_for(kind);
        let id = id.to_string();
        Ok(self.call(update, &[&id], &[], Some(&body)).await?.body)
    }

    /// Put group `id` under `parent` (the top level when `None`). The API takes a new
    /// parent for storage folders only.
    pub async fn move_group(
        &self,
        kind: GroupKind,
        id: i64,
        parent: Option<i64>,
    ) -> ApiResult<GroupNode> {
        let body = json!({ wrapper(kind): { "parent_id": parent } });
        let (_, update, _) = routes_for(kind);
        let id = id.to_string();
        Ok(self.call(update, &[&id], &[], Some(&body)).await?.body)
    }

    pub async fn delete_group(&self, kind: GroupKind, id: i64) -> ApiResult<()> {
        let (_, _, delete) = routes_for(kind);
        let id = id.to_string();
        self.send(delete, &[&id], &[], None).await.map(|_| ())
    }

    /// After a create whose answer never came: the child of `parent` named `name` that
    /// is not among `before` (the ids of the children before the create was sent).
    pub async fn find_created_group(
        &self,
        kind: GroupKind,
        parent: Option<i64>,
        name: &str,
        before: &[i64],
    ) -> ApiResult<Option<GroupNode>> {
        let children = self.tree_children(kind, parent, false).await?;
        Ok(children.into_iter().find(|c| {
            c.name.as_deref() == Some(name) && c.id.as_i64().is_some_and(|id| !before.contains(&id))
        }))
    }
}
