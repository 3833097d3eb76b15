//! Comments on lightboxes and collections (`/api/comments`): markdown text by a user.

use serde::Deserialize;

use crate::api::de;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CommentAuthor {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub username: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Comment {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    /// Markdown, with `@username` mentions.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub edited_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub user: Option<CommentAuthor>,
}

/// What a comment is on: the API's `type` and the group's commentable id (its asset
/// group id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
pub struct Commentable {
    pub lightbox: bool,
    pub id: i64,
}

impl Commentable {
    pub fn api_type(self) -> &'static str {
        if self.lightbox {
            "Lightbox"
        } else {
            "Collection"
        }
    }
}
