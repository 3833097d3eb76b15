//! Comments on a lightbox or collection: list, add, edit and delete (the author's own).
//! An add is never sent twice (see [`ApiClient::find_added_comment`]).

use serde_json::json;

use super::client::ApiClient;
use super::error::ApiResult;
use super::models::{Comment, Commentable};
use super::routes;

impl ApiClient {
    pub async fn comments(&self, on: Commentable) -> ApiResult<Vec<Comment>> {
        let q = [
            ("type".to_string(), on.api_type().to_string()),
            ("id".to_string(), on.id.to_string()),
        ];
        Ok(self.call(routes::COMMENTS, &[], &q, None).await?.body)
    }

    /// `type` and `id` go in the body (the spec) and the query (the newer reference).
    pub async fn add_comment(&self, on: Commentable, text: &str) -> ApiResult<Comment> {
        let q = [
            ("type".to_string(), on.api_type().to_string()),
            ("id".to_string(), on.id.to_string()),
        ];
        let body = json!({ "type": on.api_type(), "id": on.id, "comment": { "text": text } });
        Ok(self
            .call(routes::COMMENT_CREATE, &[], &q, Some(&body))
            .await?
            .body)
    }

    pub async fn edit_comment(&self, id: i64, text: &str) -> ApiResult<Comment> {
        let id = id.to_string();
        let body = json!({ "comment": { "text": text } });
        Ok(self
            .call(routes::COMMENT_UPDATE, &[&id], &[], Some(&body))
            .await?
            .body)
    }

    pub async fn delete_comment(&self, id: i64) -> ApiResult<()> {
        let id = id.to_string();
        self.send(routes::COMMENT_DELETE, &[&id], &[], None)
            .await
            .map(|_| ())
    }

    /// After an add whose answer never came: a comment by `user` with this text that
    /// is not among `before`.
    pub async fn find_added_comment(
        &self,
        on: Commentable,
        text: &str,
        user: Option<i64>,
        before: &[i64],
    ) -> ApiResult<Option<Comment>> {
        let now = self.comments(on).await?;
        Ok(now.into_iter().find(|c| {
            !before.contains(&c.id)
                && c.text.as_deref() == Some(text)
                && (user.is_none() || c.user.as_ref().map(|u| u.id) == user)
        }))
    }
}
