//! What the app asks of the API task, and what comes back. Every request carries an id;
//! the app remembers the latest id per view and drops answers for views it has left.

use crate::api::models::{
    Asset, CustomMetaField, GroupKind, GroupNode, Organization, SearchQuery, User,
};
use crate::api::{ApiResult, SearchPage};

/// An id the app gives each request; answers carry it back.
pub type RequestId = u64;

/// Which tree node a children request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeRef(pub usize);

#[derive(Debug, Clone)]
pub enum RequestKind {
    Whoami,
    Organization(i64),
    CustomMetaFields,
    TreeChildren {
        node: NodeRef,
        kind: GroupKind,
        parent: Option<i64>,
        bin: bool,
    },
    Search {
        query: Box<SearchQuery>,
        page: u32,
        per_page: u32,
    },
    AssetDetails {
        id: i64,
    },
    SetRating {
        id: i64,
        rating: i64,
    },
    /// Bulk jobs: create, list, cancel, undo, previews, polling.
    Jobs(crate::bulk::api::JobsRequest),
}

#[derive(Debug, Clone)]
pub struct Request {
    pub id: RequestId,
    pub kind: RequestKind,
}

#[derive(Debug, Clone)]
pub enum MsgKind {
    Whoami(ApiResult<User>),
    Organization(ApiResult<Organization>),
    CustomMetaFields(ApiResult<Vec<CustomMetaField>>),
    TreeChildren {
        node: NodeRef,
        result: ApiResult<Vec<GroupNode>>,
    },
    Search {
        page: u32,
        result: ApiResult<SearchPage>,
    },
    AssetDetails(ApiResult<Asset>),
    Rated {
        id: i64,
        result: ApiResult<Asset>,
    },
    Jobs(crate::bulk::api::JobsMsg),
}

#[derive(Debug, Clone)]
pub struct Msg {
    pub id: RequestId,
    pub kind: MsgKind,
}
