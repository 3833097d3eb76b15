//! The calls of an upload (NOTES §2.10): a session, one announced asset per file, the
//! bytes to its signed URL (`ApiClient::put_file`), `set_uploaded`, `set_done`; and the
//! lookups that keep every file exactly once.

use serde_json::{Value, json};

use super::client::{ApiClient, Reply};
use super::error::{ApiError, ApiResult};
use super::models::{Asset, CanUpload, NewUploadAsset, PreparedUpload, UploadSession};
use super::{Secret, routes};

/// Pages walked when listing a folder or a session (100 assets each).
const PAGES: u32 = 200;

impl ApiClient {
    pub async fn can_upload(&self) -> ApiResult<CanUpload> {
        Ok(self.call(routes::CAN_UPLOAD, &[], &[], None).await?.body)
    }

    /// Open a session that lands in `contribution`'s folder (a folder node's
    /// `contribution_id`), else in the organisation's default folder. Never retried
    /// automatically once sent.
    pub async fn create_upload(
        &self,
        contribution: Option<i64>,
        name: &str,
    ) -> ApiResult<UploadSession> {
        let body = json!({ "upload": { "name": name } });
        let reply: Reply<UploadSession> = match contribution {
            Some(c) => {
                let c = c.to_string();
                self.call(routes::CONTRIBUTION_UPLOAD_CREATE, &[&c], &[], Some(&body))
                    .await?
            }
            None => {
                self.call(routes::UPLOAD_CREATE, &[], &[], Some(&body))
                    .await?
            }
        };
        match reply.body.guid {
            Some(_) => Ok(reply.body),
            None => Err(bad("the upload session has no guid")),
        }
    }

    /// Announce one file; the pending asset and where its bytes go. Never retried
    /// automatically: a lost answer is settled by [`ApiClient::upload_assets`].
    pub async fn prepare_upload(
        &self,
        session_guid: &str,
        file: &NewUploadAsset,
    ) -> ApiResult<PreparedUpload> {
        let body = json!({ "asset": file });
        let v: Value = self
            .call(
                routes::UPLOAD_ASSET_CREATE,
                &[session_guid],
                &[],
                Some(&body),
            )
            .await?
            .body;
        PreparedUpload::from_value(v)
            .ok_or_else(|| bad("the prepared asset has no signed_upload_url"))
    }

    /// A fresh signed URL for an asset created earlier (its URL expired, or mgtui
    /// restarted and never keeps one on disk).
    pub async fn renew_upload_url(
        &self,
        asset_id: i64,
        file: &NewUploadAsset,
    ) -> ApiResult<Secret> {
        let body = json!({ "asset": file });
        let id = asset_id.to_string();
        let v: Value = self
            .call(routes::ASSET_ADD_VERSION, &[&id], &[], Some(&body))
            .await?
            .body;
        v.get("signed_upload_url")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
            .map(Secret::new)
            .ok_or_else(|| bad("no signed_upload_url in the answer"))
    }

    /// Tell the server the bytes of `asset_guid` are in storage (safe to repeat).
    pub async fn set_uploaded(&self, asset_guid: &str) -> ApiResult<Asset> {
        Ok(self
            .call(routes::ASSET_SET_UPLOADED, &[asset_guid], &[], None)
            .await?
            .body)
    }

    /// Submit the session's assets (safe to repeat).
    pub async fn set_upload_done(&self, session_id: i64) -> ApiResult<()> {
        let id = session_id.to_string();
        self.send(routes::UPLOAD_SET_DONE, &[&id], &[], None)
            .await
            .map(|_| ())
    }

    /// Every asset of a session in any state (pending to processed).
    pub async fn upload_assets(&self, session_guid: &str) -> ApiResult<Vec<Asset>> {
        let filters = vec![("upload_guid".into(), session_guid.into())];
        Ok(self
            .search_all(filters, u64::MAX)
            .await?
            .unwrap_or_default())
    }

    /// The processed assets directly in `folder` (not its sub-folders), or None when
    /// it holds more than `at_most` (then look files up one by one: `folder_assets_named`).
    pub async fn folder_assets(&self, folder: i64, at_most: u64) -> ApiResult<Option<Vec<Asset>>> {
        self.search_all(in_folder(folder), at_most).await
    }

    /// The processed assets directly in `folder` whose file is called `filename`.
    pub async fn folder_assets_named(&self, folder: i64, filename: &str) -> ApiResult<Vec<Asset>> {
        let mut filters = in_folder(folder);
        filters.push(("q".into(), filename_query(filename)));
        let found = self
            .search_all(filters, u64::MAX)
            .await?
            .unwrap_or_default();
        // The query is the server's to interpret; the name must match exactly.
        Ok(found
            .into_iter()
            .filter(|a| a.filename.as_deref() == Some(filename))
            .collect())
    }

    /// The assets the filters find, or None when there are more than `at_most`.
    async fn search_all(
        &self,
        filters: Vec<(String, String)>,
        at_most: u64,
    ) -> ApiResult<Option<Vec<Asset>>> {
        let mut out = Vec::new();
        for page in 1..=PAGES {
            let mut q = filters.clone();
            q.push(("page".into(), page.to_string()));
            q.push(("per_page".into(), "100".into()));
            let reply: Reply<super::models::SearchResponse> =
                self.call(routes::ASSET_SEARCH, &[], &q, None).await?;
            let got = reply.body.assets.len();
            out.extend(reply.body.assets);
            let total = reply
                .total_entries
                .or(reply.body.total_entries.map(|t| t.max(0) as u64));
            if total.is_some_and(|t| t > at_most) || out.len() as u64 > at_most {
                return Ok(None);
            }
            let more = match total {
                Some(t) => (out.len() as u64) < t,
                None => got >= 100,
            };
            if !more || got == 0 {
                break;
            }
        }
        Ok(Some(out))
    }
}

fn in_folder(folder: i64) -> Vec<(String, String)> {
    vec![
        ("storage_folder_id".into(), folder.to_string()),
        ("omit_child_storage_folders".into(), "true".into()),
    ]
}

/// `filename.keyword:"NAME"`: the exact-name field, the name quoted with its quotes and
/// backslashes escaped (the query language is Lucene's).
fn filename_query(name: &str) -> String {
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    format!("filename.keyword:\"{escaped}\"")
}

fn bad(detail: &str) -> ApiError {
    ApiError::BadPayload {
        path: "an upload call".into(),
        detail: detail.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::filename_query;

    #[test]
    fn a_file_name_is_one_exact_quoted_term() {
        assert_eq!(filename_query("a b.jpg"), r#"filename.keyword:"a b.jpg""#);
        assert_eq!(
            filename_query(r#"say "hi" \ bye.jpg"#),
            r#"filename.keyword:"say \"hi\" \\ bye.jpg""#
        );
    }
}
