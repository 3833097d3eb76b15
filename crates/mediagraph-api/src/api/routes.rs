//! Every (method, path) the client calls, in one table. The client builds request paths
//! only from these, and a test checks each one exists in openapi.json.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Safe to repeat automatically.
    pub fn is_idempotent_read(self) -> bool {
        matches!(self, Method::Get)
    }
}

/// What kind of answer a route gives, for the size it may reach (see
/// `client::AnswerLimits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// One record (an asset, a job, a folder) or a small confirmation.
    Record,
    /// A page of a list or of search results, with facets.
    List,
    /// One level of a folder tree: all its children at once.
    Tree,
}

/// A path template such as `/api/bulk_jobs/{id}/cancel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub method: Method,
    pub template: &'static str,
    pub answer: Answer,
}

impl Route {
    const fn new(method: Method, template: &'static str) -> Route {
        Route {
            method,
            template,
            answer: Answer::Record,
        }
    }

    const fn list(self) -> Route {
        Route {
            answer: Answer::List,
            ..self
        }
    }

    const fn tree(self) -> Route {
        Route {
            answer: Answer::Tree,
            ..self
        }
    }

    /// The path with `{…}` placeholders filled in order, each value percent-encoded.
    pub fn path(&self, params: &[&str]) -> String {
        let mut out = String::with_capacity(self.template.len() + 16);
        let mut rest = self.template;
        let mut values = params.iter();
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find('}')
                .map_or(rest.len(), |e| start + e + 1);
            let v = values.next().copied().unwrap_or("");
            out.extend(url::form_urlencoded::byte_serialize(v.as_bytes()));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

use Method::*;

pub const WHOAMI: Route = Route::new(Get, "/api/whoami");
pub const ORGANIZATION: Route = Route::new(Get, "/api/organizations/{id}");
pub const ORGANIZATION_FIND: Route = Route::new(Get, "/api/organizations/find");
pub const STORAGE_FOLDERS_TREE: Route = Route::new(Get, "/api/storage_folders/tree").tree();
pub const COLLECTIONS_TREE: Route = Route::new(Get, "/api/collections/tree").tree();
pub const LIGHTBOXES_TREE: Route = Route::new(Get, "/api/lightboxes/tree").tree();
pub const STORAGE_FOLDERS_INDEX: Route = Route::new(Get, "/api/storage_folders").list();
pub const COLLECTIONS_INDEX: Route = Route::new(Get, "/api/collections").list();
pub const LIGHTBOXES_INDEX: Route = Route::new(Get, "/api/lightboxes").list();
pub const STORAGE_FOLDER: Route = Route::new(Get, "/api/storage_folders/{id}");
pub const COLLECTION: Route = Route::new(Get, "/api/collections/{id}");
pub const LIGHTBOX: Route = Route::new(Get, "/api/lightboxes/{id}");
pub const STORAGE_FOLDER_CREATE: Route = Route::new(Post, "/api/storage_folders");
pub const COLLECTION_CREATE: Route = Route::new(Post, "/api/collections");
pub const LIGHTBOX_CREATE: Route = Route::new(Post, "/api/lightboxes");
pub const STORAGE_FOLDER_UPDATE: Route = Route::new(Put, "/api/storage_folders/{id}");
pub const COLLECTION_UPDATE: Route = Route::new(Put, "/api/collections/{id}");
pub const LIGHTBOX_UPDATE: Route = Route::new(Put, "/api/lightboxes/{id}");
pub const STORAGE_FOLDER_DELETE: Route = Route::new(Delete, "/api/storage_folders/{id}");
pub const COLLECTION_DELETE: Route = Route::new(Delete, "/api/collections/{id}");
pub const LIGHTBOX_DELETE: Route = Route::new(Delete, "/api/lightboxes/{id}");
pub const LIGHTBOX_TRANSFER_OWNERSHIP: Route =
    Route::new(Post, "/api/lightboxes/{id}/transfer_ownership");
pub const GROUP_SHARE_LINKS: Route =
    Route::new(Get, "/api/asset_groups/{asset_group_id}/share_links").list();
pub const SHARE_LINK_CREATE: Route =
    Route::new(Post, "/api/asset_groups/{asset_group_id}/share_links");
pub const SHARE_LINK_UPDATE: Route = Route::new(Put, "/api/share_links/{id}");
pub const SHARE_LINK_DELETE: Route = Route::new(Delete, "/api/share_links/{id}");
pub const SHARES: Route = Route::new(Get, "/api/shares").list();
pub const SHARE_CREATE: Route = Route::new(Post, "/api/shares");
pub const SHARE_UPDATE: Route = Route::new(Put, "/api/shares/{id}");
pub const SHARE_DELETE: Route = Route::new(Delete, "/api/shares/{id}");
pub const COMMENTS: Route = Route::new(Get, "/api/comments").list();
pub const COMMENT_CREATE: Route = Route::new(Post, "/api/comments");
pub const COMMENT_UPDATE: Route = Route::new(Put, "/api/comments/{id}");
pub const COMMENT_DELETE: Route = Route::new(Delete, "/api/comments/{id}");
pub const ASSET_VERSIONS: Route =
    Route::new(Get, "/api/assets/{asset_id}/asset_data_versions").list();
pub const ASSET_REVERT: Route = Route::new(Post, "/api/assets/{id}/revert");
pub const NOTIFICATIONS: Route = Route::new(Get, "/api/notifications").list();
pub const NOTIFICATIONS_COUNT: Route = Route::new(Get, "/api/notifications/count");
pub const ASSET_SEARCH: Route = Route::new(Get, "/api/assets/search").list();
pub const ASSET: Route = Route::new(Get, "/api/assets/{id}");
pub const ASSETS_TRASHED_COUNT: Route = Route::new(Get, "/api/assets/trashed");
/// The file itself (`size`, `Range` → 206): not JSON, streamed to disk by the caller.
pub const ASSET_DOWNLOAD: Route = Route::new(Get, "/api/assets/{id}/download");
pub const ASSET_UPDATE: Route = Route::new(Put, "/api/assets/{id}");
pub const TAGS: Route = Route::new(Get, "/api/tags").list();
pub const CREATOR_TAGS: Route = Route::new(Get, "/api/creator_tags").list();
pub const RIGHTS_PACKAGES: Route = Route::new(Get, "/api/rights_packages").list();
pub const CUSTOM_META_FIELDS: Route = Route::new(Get, "/api/custom_meta_fields").list();
pub const BULK_JOB_CREATE: Route = Route::new(Post, "/api/bulk_jobs");
pub const BULK_JOBS: Route = Route::new(Get, "/api/bulk_jobs").list();
pub const BULK_JOBS_PROCESSING: Route = Route::new(Get, "/api/bulk_jobs/processing").list();
pub const BULK_JOB: Route = Route::new(Get, "/api/bulk_jobs/{id}");
pub const BULK_JOB_ASSETS: Route = Route::new(Get, "/api/bulk_jobs/{id}/assets").list();
pub const BULK_JOB_QUEUE_POSITION: Route = Route::new(Get, "/api/bulk_jobs/{id}/queue_position");
pub const BULK_JOB_CANCEL: Route = Route::new(Post, "/api/bulk_jobs/{id}/cancel");
/// Not in openapi.json: the newer API reference (mediagraph-api-reference.txt L6312)
/// documents "Create a new bulk job that reverts the changes made by a previous bulk job"
/// without printing its path. This is the one place mgtui names it; servers without it
/// answer 404/405 and the UI says undo is not available.
pub const BULK_JOB_UNDO: Route = Route::new(Post, "/api/bulk_jobs/{id}/undo");
pub const BULK_JOB_CAI_PREVIEW: Route = Route::new(Post, "/api/bulk_jobs/cai_preview");
pub const DOWNLOAD_CREATE: Route = Route::new(Post, "/api/downloads");
pub const DOWNLOAD: Route = Route::new(Get, "/api/downloads/{token}");
pub const SAVED_SEARCHES: Route = Route::new(Get, "/api/search_queries").list();
pub const SAVED_SEARCH_CREATE: Route = Route::new(Post, "/api/search_queries");
pub const SAVED_SEARCH: Route = Route::new(Get, "/api/search_queries/{id}");
pub const SAVED_SEARCH_UPDATE: Route = Route::new(Put, "/api/search_queries/{id}");
pub const SAVED_SEARCH_DELETE: Route = Route::new(Delete, "/api/search_queries/{id}");
pub const CAN_UPLOAD: Route = Route::new(Get, "/api/can_upload");
pub const UPLOAD_CREATE: Route = Route::new(Post, "/api/uploads");
pub const CONTRIBUTION_UPLOAD_CREATE: Route =
    Route::new(Post, "/api/contributions/{contribution_id}/uploads");
pub const UPLOAD_ASSET_CREATE: Route = Route::new(Post, "/api/uploads/{guid}/assets");
pub const UPLOAD_SET_DONE: Route = Route::new(Put, "/api/uploads/{id}/set_done");
pub const WORKFLOW_STEPS: Route = Route::new(Get, "/api/workflow_steps").list();
pub const WORKFLOW_STEP_APPROVE: Route = Route::new(Post, "/api/workflow_steps/{id}/approve");
pub const ASSETS_ADD_GROUP: Route = Route::new(Post, "/api/assets/add_group");
pub const ASSET_ADD_VERSION: Route = Route::new(Post, "/api/assets/{id}/add_version");
/// Not in openapi.json: the reference's upload walkthrough says to "call
/// /api/assets/:id/set_uploaded" once the bytes are in storage, without an operation of
/// its own; Mediagraph's MCP client calls it with GET and the asset guid.
pub const ASSET_SET_UPLOADED: Route = Route::new(Get, "/api/assets/{id}/set_uploaded");

/// The whole table.
pub const ALL: &[Route] = &[
    ORGANIZATION_FIND,
    WHOAMI,
    ORGANIZATION,
    STORAGE_FOLDERS_TREE,
    COLLECTIONS_TREE,
    LIGHTBOXES_TREE,
    STORAGE_FOLDERS_INDEX,
    COLLECTIONS_INDEX,
    LIGHTBOXES_INDEX,
    STORAGE_FOLDER,
    COLLECTION,
    LIGHTBOX,
    STORAGE_FOLDER_CREATE,
    COLLECTION_CREATE,
    LIGHTBOX_CREATE,
    STORAGE_FOLDER_UPDATE,
    COLLECTION_UPDATE,
    LIGHTBOX_UPDATE,
    STORAGE_FOLDER_DELETE,
    COLLECTION_DELETE,
    LIGHTBOX_DELETE,
    LIGHTBOX_TRANSFER_OWNERSHIP,
    GROUP_SHARE_LINKS,
    SHARE_LINK_CREATE,
    SHARE_LINK_UPDATE,
    SHARE_LINK_DELETE,
    SHARES,
    SHARE_CREATE,
    SHARE_UPDATE,
    SHARE_DELETE,
    COMMENTS,
    COMMENT_CREATE,
    COMMENT_UPDATE,
    COMMENT_DELETE,
    ASSET_VERSIONS,
    ASSET_REVERT,
    NOTIFICATIONS,
    NOTIFICATIONS_COUNT,
    ASSET_SEARCH,
    ASSET,
    ASSETS_TRASHED_COUNT,
    ASSET_UPDATE,
    TAGS,
    CREATOR_TAGS,
    RIGHTS_PACKAGES,
    CUSTOM_META_FIELDS,
    BULK_JOB_CREATE,
    BULK_JOBS,
    BULK_JOBS_PROCESSING,
    BULK_JOB,
    BULK_JOB_ASSETS,
    BULK_JOB_QUEUE_POSITION,
    BULK_JOB_CANCEL,
    BULK_JOB_UNDO,
    BULK_JOB_CAI_PREVIEW,
    DOWNLOAD_CREATE,
    DOWNLOAD,
    SAVED_SEARCHES,
    SAVED_SEARCH_CREATE,
    SAVED_SEARCH,
    SAVED_SEARCH_UPDATE,
    SAVED_SEARCH_DELETE,
    CAN_UPLOAD,
    UPLOAD_CREATE,
    CONTRIBUTION_UPLOAD_CREATE,
    UPLOAD_ASSET_CREATE,
    UPLOAD_SET_DONE,
    ASSET_ADD_VERSION,
    ASSET_SET_UPLOADED,
    ASSETS_ADD_GROUP,
    WORKFLOW_STEPS,
    WORKFLOW_STEP_APPROVE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_encodes_placeholders() {
        assert_eq!(
            BULK_JOB_CANCEL.path(&["ab-12"]),
            "/api/bulk_jobs/ab-12/cancel"
        );
        assert_eq!(ASSET.path(&["a/b?c"]), "/api/assets/a%2Fb%3Fc");
        assert_eq!(WHOAMI.path(&[]), "/api/whoami");
    }
}
