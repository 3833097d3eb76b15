//! Share links of a lightbox or collection: list, create, change, revoke. A create is
//! never sent twice (see [`ApiClient::find_created_share_link`]).

use serde_json::json;

use super::client::ApiClient;
use super::error::ApiResult;
use super::models::{ShareLink, ShareLinkUpdate};
use super::routes;

impl ApiClient {
    /// The share links of the asset group `agid` (a lightbox's `asset_group_id`).
    pub async fn share_links(&self, agid: i64) -> ApiResult<Vec<ShareLink>> {
        let agid = agid.to_string();
        Ok(self
            .call(routes::GROUP_SHARE_LINKS, &[&agid], &[], None)
            .await?
            .body)
    }

    /// A new link with the server's default permissions (the API takes no options on
    /// create; [`ApiClient::update_share_link`] sets them).
    pub async fn create_share_link(&self, agid: i64) -> ApiResult<ShareLink> {
        let agid = agid.to_string();
        Ok(self
            .call(routes::SHARE_LINK_CREATE, &[&agid], &[], Some(&json!({})))
            .await?
            .body)
    }

    pub async fn update_share_link(
        &self,
        id: i64,
        update: &ShareLinkUpdate,
    ) -> ApiResult<ShareLink> {
        let id = id.to_string();
        let body = json!({ "share_link": update });
        Ok(self
            .call(routes::SHARE_LINK_UPDATE, &[&id], &[], Some(&body))
            .await?
            .body)
    }

    pub async fn delete_share_link(&self, id: i64) -> ApiResult<()> {
        let id = id.to_string();
        self.send(routes::SHARE_LINK_DELETE, &[&id], &[], None)
            .await
            .map(|_| ())
    }

    /// After a create whose answer never came: a link of `agid` not among `before`.
    pub async fn find_created_share_link(
        &self,
        agid: i64,
        before: &[i64],
    ) -> ApiResult<Option<ShareLink>> {
        let now = self.share_links(agid).await?;
        Ok(now.into_iter().find(|l| !before.contains(&l.id)))
    }
}
