//! An asset's versions: the history, and making an older version current.

use serde_json::json;

use super::client::ApiClient;
use super::error::ApiResult;
use super::models::{Asset, AssetVersion};
use super::routes;

impl ApiClient {
    /// The versions of an asset, newest first as the server lists them.
    pub async fn asset_versions(&self, asset_id: i64) -> ApiResult<Vec<AssetVersion>> {
        let id = asset_id.to_string();
        Ok(self
            .call(routes::ASSET_VERSIONS, &[&id], &[], None)
            .await?
            .body)
    }

    /// Make version `number` the asset's current one; answers the asset as it is now.
    /// Sending it twice is harmless (the same version becomes current again).
    pub async fn revert_asset(&self, asset_id: i64, number: i64) -> ApiResult<Asset> {
        let id = asset_id.to_string();
        let body = json!({ "version": number });
        Ok(self
            .call(routes::ASSET_REVERT, &[&id], &[], Some(&body))
            .await?
            .body)
    }
}
