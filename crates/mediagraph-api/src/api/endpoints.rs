//! Typed calls, one per operation mgtui uses (NOTES §2).

use serde_json::{Value, json};

use super::client::{ApiClient, PageDialect, Paged, Reply};
use super::error::{ApiError, ApiResult};
use super::models::*;
use super::routes;

/// Tree endpoints are undocumented about paging; ask for large pages and walk them.
const TREE_PAGE: u32 = 100;
/// A hard stop for walks over lists whose totals are wrong or missing.
const WALK_LIMIT: usize = 20_000;

/// One page of search results.
#[derive(Debug, Clone, Default)]
pub struct SearchPage {
    pub assets: Vec<Asset>,
    /// `Total-Entries` header, else the body's `total_entries`.
    pub total: Option<u64>,
    pub page: u32,
    pub per_page: u32,
    pub response: SearchResponse,
}

impl SearchPage {
    pub fn has_more(&self) -> bool {
        match self.total {
            Some(t) => (self.page as u64) * (self.per_page as u64) < t,
            None => self.assets.len() as u32 >= self.per_page,
        }
    }
}

fn tree_route(kind: GroupKind) -> routes::Route {
    match kind {
        GroupKind::StorageFolder => routes::STORAGE_FOLDERS_TREE,
        GroupKind::Collection => routes::COLLECTIONS_TREE,
        GroupKind::Lightbox => routes::LIGHTBOXES_TREE,
    }
}

impl ApiClient {
    pub async fn whoami(&self) -> ApiResult<User> {
        Ok(self.call(routes::WHOAMI, &[], &[], None).await?.body)
    }

    pub async fn organization(&self, id: i64) -> ApiResult<Organization> {
        let id = id.to_string();
        Ok(self
            .call(routes::ORGANIZATION, &[&id], &[], None)
            .await?
            .body)
    }

    /// `GET /api/organizations/find?slug=`: answers `{"organization": {...}, ...}`.
    pub async fn find_organization(&self, slug: &str) -> ApiResult<Organization> {
        let q = [("slug".to_string(), slug.to_string())];
        let body: Value = self
            .call(routes::ORGANIZATION_FIND, &[], &q, None)
            .await?
            .body;
        let org = match body {
            Value::Object(mut o) if o.contains_key("organization") => {
                o.remove("organization").unwrap_or(Value::Null)
            }
            other => other,
        };
        super::client::decode(org.to_string().as_bytes())
    }

    /// One page of children of `parent` (roots when `None`). `bin` marks a lightbox
    /// bin parent, whose children need `sub_type=folder`.
    pub async fn tree_page(
        &self,
        kind: GroupKind,
        parent: Option<i64>,
        bin: bool,
        page: u32,
    ) -> ApiResult<Paged<GroupNode>> {
        let mut q = Vec::new();
        if let Some(p) = parent {
            q.push(("parent_id".to_string(), p.to_string()));
        }
        if bin && kind == GroupKind::Lightbox {
            q.push(("sub_type".to_string(), "folder".to_string()));
        }
        self.page(
            tree_route(kind),
            &[],
            &q,
            PageDialect::PagePerPage,
            page,
            TREE_PAGE,
        )
        .await
    }

    /// All children of `parent`, walking pages past the first.
    pub async fn tree_children(
        &self,
        kind: GroupKind,
        parent: Option<i64>,
        bin: bool,
    ) -> ApiResult<Vec<GroupNode>> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let p = self.tree_page(kind, parent, bin, page).await?;
            let more = p.has_more() && !p.items.is_empty();
            out.extend(p.items);
            if !more || out.len() >= WALK_LIMIT {
                return Ok(out);
            }
            page += 1;
        }
    }

    /// Every group of `kind` anywhere in the tree, each with its `ancestor_ids` (the path
    /// to it), from the kind's index. The caller matches names fuzzily, so the index's own
    /// `q` (a substring filter, collections only) is not used: "bst" must find "Best of".
    pub async fn all_groups(&self, kind: GroupKind) -> ApiResult<Vec<GroupNode>> {
        let route = match kind {
            GroupKind::StorageFolder => routes::STORAGE_FOLDERS_INDEX,
            GroupKind::Collection => routes::COLLECTIONS_INDEX,
            GroupKind::Lightbox => routes::LIGHTBOXES_INDEX,
        };
        self.all_pages(
            route,
            &[],
            &[],
            PageDialect::PagePerPage,
            TREE_PAGE,
            WALK_LIMIT,
        )
        .await
    }

    /// Details of one group. For lightboxes `id` is the membership id (tree node id).
    pub async fn group(&self, kind: GroupKind, id: i64, bin: bool) -> ApiResult<GroupNode> {
        let id = id.to_string();
        let (route, q) = match kind {
            GroupKind::StorageFolder => (routes::STORAGE_FOLDER, vec![]),
            GroupKind::Collection => (routes::COLLECTION, vec![]),
            GroupKind::Lightbox if bin => (
                routes::LIGHTBOX,
                vec![("sub_type".to_string(), "folder".to_string())],
            ),
            GroupKind::Lightbox => (routes::LIGHTBOX, vec![]),
        };
        Ok(self.call(route, &[&id], &q, None).await?.body)
    }

    /// One page of an asset search (`per_page` is capped at the API's 100).
    pub async fn search(
        &self,
        query: &SearchQuery,
        page: u32,
        per_page: u32,
    ) -> ApiResult<SearchPage> {
        let per_page = per_page.clamp(1, 100);
        let mut q = query.to_params();
        q.push(("page".into(), page.to_string()));
        q.push(("per_page".into(), per_page.to_string()));
        let Reply {
            body: mut body_rest,
            total_entries,
        }: Reply<SearchResponse> = self.call(routes::ASSET_SEARCH, &[], &q, None).await?;
        let total = total_entries.or(body_rest.total_entries.map(|t| t.max(0) as u64));
        // Search results carry no `extra`: the keys the model does not name (about 60
        // per asset) would triple their memory. Details refetch them.
        let assets = std::mem::take(&mut body_rest.assets);
        Ok(SearchPage {
            assets,
            total,
            page,
            per_page,
            response: body_rest,
        })
    }

    /// Full details of one asset, by numeric id or GUID.
    pub async fn asset(&self, id_or_guid: &str) -> ApiResult<Asset> {
        let reply: Reply<FullAsset> = self.call(routes::ASSET, &[id_or_guid], &[], None).await?;
        Ok(reply.body.0)
    }

    /// Apply `update` (only its set fields) and return the asset as the server now has it.
    pub async fn update_asset(&self, id_or_guid: &str, update: &AssetUpdate) -> ApiResult<Asset> {
        let body = json!({ "asset": update });
        let reply: Reply<FullAsset> = self
            .call(routes::ASSET_UPDATE, &[id_or_guid], &[], Some(&body))
            .await?;
        Ok(reply.body.0)
    }

    pub async fn tags(&self, q: Option<&str>, page: u32, per_page: u32) -> ApiResult<Paged<Tag>> {
        let query: Vec<(String, String)> = q
            .filter(|s| !s.is_empty())
            .map(|s| vec![("q".to_string(), s.to_string())])
            .unwrap_or_default();
        self.page(
            routes::TAGS,
            &[],
            &query,
            PageDialect::PagePerPage,
            page,
            per_page,
        )
        .await
    }

    pub async fn creator_tags(&self, q: Option<&str>) -> ApiResult<Vec<CreatorTag>> {
        let query: Vec<(String, String)> = q
            .filter(|s| !s.is_empty())
            .map(|s| vec![("q".to_string(), s.to_string())])
            .unwrap_or_default();
        self.all_pages(
            routes::CREATOR_TAGS,
            &[],
            &query,
            PageDialect::PagePerPage,
            100,
            WALK_LIMIT,
        )
        .await
    }

    pub async fn rights_packages(&self) -> ApiResult<Vec<RightsPackage>> {
        self.all_pages(
            routes::RIGHTS_PACKAGES,
            &[],
            &[],
            PageDialect::PagePerPage,
            100,
            WALK_LIMIT,
        )
        .await
    }

    /// The organisation's asset custom meta fields with their vocabularies.
    pub async fn custom_meta_fields(&self) -> ApiResult<Vec<CustomMetaField>> {
        let q = vec![("owner_type".to_string(), "Asset".to_string())];
        self.all_pages(
            routes::CUSTOM_META_FIELDS,
            &[],
            &q,
            PageDialect::PagePerPage,
            100,
            WALK_LIMIT,
        )
        .await
    }

    /// Create a bulk job. Never retried automatically once sent (no duplicate jobs).
    pub async fn create_bulk_job(&self, request: &BulkJobRequest) -> ApiResult<BulkJob> {
        if request.asset_ids.is_empty() {
            return Err(ApiError::Config(
                "a bulk job needs at least one asset".into(),
            ));
        }
        let body = json!({ "bulk_job": request });
        Ok(self
            .call(routes::BULK_JOB_CREATE, &[], &[], Some(&body))
            .await?
            .body)
    }

    /// The user's jobs, newest first.
    pub async fn bulk_jobs(&self, page: u32, per_page: u32) -> ApiResult<Paged<BulkJob>> {
        let q = vec![
            ("sortField".to_string(), "created_at".to_string()),
            ("sortOrder".to_string(), "descend".to_string()),
        ];
        self.page(
            routes::BULK_JOBS,
            &[],
            &q,
            PageDialect::CurrentPageSize,
            page,
            per_page,
        )
        .await
    }

    pub async fn processing_bulk_jobs(&self) -> ApiResult<Vec<BulkJob>> {
        let v: Value = self
            .call(routes::BULK_JOBS_PROCESSING, &[], &[], None)
            .await?
            .body;
        super::client::decode(v.to_string().as_bytes())
    }

    pub async fn bulk_job(&self, guid: &str) -> ApiResult<BulkJob> {
        Ok(self.call(routes::BULK_JOB, &[guid], &[], None).await?.body)
    }

    pub async fn bulk_job_assets(&self, guid: &str, page: u32) -> ApiResult<Paged<Asset>> {
        self.page(
            routes::BULK_JOB_ASSETS,
            &[guid],
            &[],
            PageDialect::PagePerPage,
            page,
            100,
        )
        .await
    }

    pub async fn bulk_job_queue_position(&self, guid: &str) -> ApiResult<QueuePosition> {
        Ok(self
            .call(routes::BULK_JOB_QUEUE_POSITION, &[guid], &[], None)
            .await?
            .body)
    }

    pub async fn cancel_bulk_job(&self, guid: &str) -> ApiResult<()> {
        self.send(routes::BULK_JOB_CANCEL, &[guid], &[], None)
            .await
            .map(|_| ())
    }

    /// Start a job that reverts `guid`'s changes (a new job, same shape as create). Never
    /// retried automatically. 404/405 mean the server has no undo.
    pub async fn undo_bulk_job(&self, guid: &str) -> ApiResult<BulkJob> {
        Ok(self
            .call(routes::BULK_JOB_UNDO, &[guid], &[], None)
            .await?
            .body)
    }

    /// How many of `asset_ids` already have values in the AI fields `cmf_ids`.
    pub async fn cai_preview(&self, asset_ids: &[i64], cmf_ids: &[i64]) -> ApiResult<CaiPreview> {
        let body = json!({ "asset_ids": asset_ids, "cmf_ids": cmf_ids });
        Ok(self
            .call(routes::BULK_JOB_CAI_PREVIEW, &[], &[], Some(&body))
            .await?
            .body)
    }

    /// Prepare a download; fetch the file from [`ApiClient::download_url`] within minutes.
    pub async fn prepare_download(&self, request: &DownloadRequest) -> ApiResult<DownloadToken> {
        let body = json!({ "download": request });
        Ok(self
            .call(routes::DOWNLOAD_CREATE, &[], &[], Some(&body))
            .await?
            .body)
    }

    /// The URL that serves a prepared download (the token alone authorises it).
    pub fn download_url(&self, token: &str) -> ApiResult<String> {
        self.absolute(routes::DOWNLOAD, &[token])
    }

    /// The user's saved searches in this organisation (one unpaged list).
    pub async fn saved_searches(&self) -> ApiResult<Vec<SavedSearch>> {
        let body: Value = self
            .call(routes::SAVED_SEARCHES, &[], &[], None)
            .await?
            .body;
        super::client::list_items(body)
    }

    pub async fn saved_search(&self, id: i64) -> ApiResult<SavedSearch> {
        let id = id.to_string();
        Ok(self
            .call(routes::SAVED_SEARCH, &[&id], &[], None)
            .await?
            .body)
    }

    /// Save `sql` (a WHERE clause, see [`crate::search::saved::to_sql`]) under `name`.
    /// Never retried automatically once sent (no duplicates).
    pub async fn create_saved_search(
        &self,
        name: &str,
        description: Option<&str>,
        sql: &str,
    ) -> ApiResult<SavedSearch> {
        let mut fields = json!({ "name": name, "sql": sql });
        if let Some(d) = description {
            fields["description"] = json!(d);
        }
        let body = json!({ "search_query": fields });
        Ok(self
            .call(routes::SAVED_SEARCH_CREATE, &[], &[], Some(&body))
            .await?
            .body)
    }

    /// Change the name, and the description when `description` is given (`Some("")`
    /// clears it). The API keeps the SQL of a saved search fixed.
    pub async fn rename_saved_search(
        &self,
        id: i64,
        name: &str,
        description: Option<&str>,
    ) -> ApiResult<SavedSearch> {
        let id = id.to_string();
        let mut fields = json!({ "name": name });
        if let Some(d) = description {
            fields["description"] = json!(d);
        }
        let body = json!({ "search_query": fields });
        Ok(self
            .call(routes::SAVED_SEARCH_UPDATE, &[&id], &[], Some(&body))
            .await?
            .body)
    }

    pub async fn delete_saved_search(&self, id: i64) -> ApiResult<()> {
        let id = id.to_string();
        self.send(routes::SAVED_SEARCH_DELETE, &[&id], &[], None)
            .await
            .map(|_| ())
    }
}
