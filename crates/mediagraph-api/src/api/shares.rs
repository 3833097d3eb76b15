//! Shares of chosen assets: list, create, change, revoke. A create is never sent twice
//! (see [`ApiClient::find_created_share`]).

use serde_json::json;

use super::client::{ApiClient, PageDialect};
use super::error::ApiResult;
use super::models::{Share, ShareCreate, ShareUpdate};
use super::routes;

/// Shares listed at most (newest first).
pub const SHARES_LISTED: u32 = 100;

impl ApiClient {
    /// The newest shares the user can see.
    pub async fn shares(&self) -> ApiResult<Vec<Share>> {
        let q = vec![
            ("sortField".to_string(), "created_at".to_string()),
            ("sortOrder".to_string(), "descend".to_string()),
        ];
        let p = self
            .page(
                routes::SHARES,
                &[],
                &q,
                PageDialect::CurrentPageSize,
                1,
                SHARES_LISTED,
            )
            .await?;
        Ok(p.items)
    }

    pub async fn create_share(&self, share: &ShareCreate) -> ApiResult<Share> {
        let body = json!({ "share": share });
        Ok(self
            .call(routes::SHARE_CREATE, &[], &[], Some(&body))
            .await?
            .body)
    }

    pub async fn update_share(&self, id: i64, update: &ShareUpdate) -> ApiResult<Share> {
        let id = id.to_string();
        let body = json!({ "share": update });
        Ok(self
            .call(routes::SHARE_UPDATE, &[&id], &[], Some(&body))
            .await?
            .body)
    }

    pub async fn delete_share(&self, id: i64) -> ApiResult<()> {
        let id = id.to_string();
        self.send(routes::SHARE_DELETE, &[&id], &[], None)
            .await
            .map(|_| ())
    }

    /// After a create whose answer never came: a share called `name` not among `before`.
    pub async fn find_created_share(&self, name: &str, before: &[i64]) -> ApiResult<Option<Share>> {
        let now = self.shares().await?;
        Ok(now
            .into_iter()
            .find(|s| !before.contains(&s.id) && s.name.as_deref() == Some(name)))
    }
}
