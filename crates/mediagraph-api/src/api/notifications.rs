//! The user's notifications and how many are unseen; how many assets are in the trash.

use super::client::ApiClient;
use super::error::ApiResult;
use super::models::{Notification, TrashedCount, UnseenCount};
use super::routes;

impl ApiClient {
    pub async fn unseen_notifications(&self) -> ApiResult<i64> {
        let c: UnseenCount = self
            .call(routes::NOTIFICATIONS_COUNT, &[], &[], None)
            .await?
            .body;
        Ok(c.unseen.max(0))
    }

    /// How many assets are in the trash (`GET /api/assets/trashed`).
    pub async fn trashed_count(&self) -> ApiResult<i64> {
        let c: TrashedCount = self
            .call(routes::ASSETS_TRASHED_COUNT, &[], &[], None)
            .await?
            .body;
        Ok(c.count.max(0))
    }

    pub async fn notifications(&self) -> ApiResult<Vec<Notification>> {
        Ok(self.call(routes::NOTIFICATIONS, &[], &[], None).await?.body)
    }
}
