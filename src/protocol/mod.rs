//! What the app asks of the API task, and what comes back. Every request carries an id;
//! the app remembers the latest id per view and drops answers for views it has left.

pub(crate) mod jobs;
pub mod transfers;

use crate::api::models::{
    Asset, AssetUpdate, CustomMetaField, GroupKind, GroupNode, Organization, RightsPackage,
    SearchQuery, Tag, User,
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
    /// One group again, for its asset count.
    GroupDetails {
        node: NodeRef,
        kind: GroupKind,
        id: i64,
        bin: bool,
    },
    /// Groups of `kind` anywhere in the tree that may be called `name` (`:folder NAME`).
    FindGroups {
        kind: GroupKind,
        name: String,
    },
    /// Facet counts of an any-of facet, from the search without that facet's values.
    FacetCounts {
        facet: String,
        query: Box<SearchQuery>,
    },
    Search {
        query: Box<SearchQuery>,
        page: u32,
        per_page: u32,
    },
    AssetDetails {
        id: i64,
    },
    /// The asset as it is now (a new version being processed).
    AssetFresh {
        id: i64,
    },
    SetRating {
        id: i64,
        rating: i64,
    },
    /// One asset into the picks lightbox, or out of it.
    SetPick {
        id: i64,
        lightbox: crate::panes::judgements::PickBox,
        picked: bool,
    },
    /// The lightbox called `name` for the loupe's picks, and what is in it; made when
    /// `create` and none is called that.
    PicksLightbox {
        name: String,
        create: bool,
    },
    /// Camera and lens of one asset (its EXIF, by a search with `include_meta`).
    ShotInfo {
        id: i64,
    },
    /// Every storage folder, for `:move-to` a folder the tree has not loaded.
    MoveTargets {
        name: String,
    },
    /// The organisation's workflow steps.
    WorkflowSteps,
    /// Approve these assets in workflow step `step` (they move on to the next step).
    ApproveStep {
        step: i64,
        name: String,
        ids: Vec<i64>,
    },
    /// A controlled custom field of one asset to one value (none clears it).
    SetField {
        id: i64,
        field: String,
        value: Option<String>,
    },
    Thumbnail(Box<crate::thumbs::ThumbJob>),
    /// The editor's save: re-fetch first and refuse (Conflict) when `updated_at` is no
    /// longer `expected_updated_at`; then PUT only the changed fields.
    SaveAsset {
        id: i64,
        update: Box<AssetUpdate>,
        expected_updated_at: Option<String>,
    },
    TagSuggestions {
        q: String,
    },
    RightsPackages,
    /// The user's saved searches (the tree's fourth root).
    SavedSearches {
        node: NodeRef,
    },
    SavedSearchChange(SavedChange),
    /// Create, rename or delete a storage folder, collection or lightbox.
    GroupChange(GroupChange),
    /// Share links of a lightbox or collection.
    Share(ShareRequest),
    /// Shares of chosen assets.
    Shares(SharesRequest),
    /// Comments on a lightbox or collection.
    Comments(CommentRequest),
    /// An asset's versions.
    Versions(VersionRequest),
    /// How many notifications the user has not seen.
    UnseenNotifications,
    Notifications,
    /// Who owns the lightbox `id` and who else is in it.
    LightboxPeople {
        id: i64,
        name: String,
    },
    /// Make a member the owner of the lightbox `id` (sent once: a lost answer is checked
    /// by asking who owns it now).
    GiveLightbox {
        id: i64,
        name: String,
        to: crate::api::models::Person,
    },
    /// How many assets are in the trash.
    TrashCount,
    /// The assets in the trash that the user's bulk jobs put there (the API lists no
    /// trashed assets, only their count).
    TrashList,
    /// How many assets the search `query` finds (what a group about to be deleted holds,
    /// sub-groups included), before asking.
    CountBeforeDelete {
        change: GroupChange,
        query: Box<SearchQuery>,
    },
    /// Bulk jobs: create, list, cancel, undo, previews, polling.
    Jobs(crate::protocol::jobs::JobsRequest),
    /// Downloads to and uploads from this machine (answered by `MsgKind::Transfer`
    /// events).
    Transfer(transfers::TransferRequest),
    /// The local files a line of the upload picker names (`typed`, relative to `base`).
    ScanLocal {
        typed: String,
        base: std::path::PathBuf,
    },
}

/// A change to the saved searches; the answer carries it back for the message.
#[derive(Debug, Clone, PartialEq)]
pub enum SavedChange {
    Create {
        name: String,
        description: String,
        sql: String,
    },
    Rename {
        id: i64,
        name: String,
    },
    Delete {
        id: i64,
        name: String,
    },
}

/// What the versions view asks of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionRequest {
    List { asset: i64 },
    Revert { asset: i64, number: i64 },
}

#[derive(Debug, Clone)]
pub enum VersionAnswer {
    List(Vec<crate::api::models::AssetVersion>),
    /// The asset as it is after the revert.
    Reverted(Box<Asset>),
}

/// What the comments view asks of the server.
#[derive(Debug, Clone, PartialEq)]
pub enum CommentRequest {
    List {
        on: crate::api::models::Commentable,
    },
    /// `me` (the signed-in user) finds the comment when the answer is lost.
    Add {
        on: crate::api::models::Commentable,
        text: String,
        me: Option<i64>,
    },
    Edit {
        on: crate::api::models::Commentable,
        id: i64,
        text: String,
    },
    Delete {
        on: crate::api::models::Commentable,
        id: i64,
    },
}

impl CommentRequest {
    pub fn on(&self) -> crate::api::models::Commentable {
        match self {
            CommentRequest::List { on }
            | CommentRequest::Add { on, .. }
            | CommentRequest::Edit { on, .. }
            | CommentRequest::Delete { on, .. } => *on,
        }
    }
}

#[derive(Debug, Clone)]
pub enum CommentAnswer {
    List(Vec<crate::api::models::Comment>),
    One(Box<crate::api::models::Comment>),
    Deleted,
}

/// What the share-links view asks of the server, for the asset group `agid`.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareRequest {
    List {
        agid: i64,
    },
    Create {
        agid: i64,
    },
    Update {
        agid: i64,
        id: i64,
        update: crate::api::models::ShareLinkUpdate,
    },
    Delete {
        agid: i64,
        id: i64,
    },
}

/// Shares of chosen assets (`/api/shares`).
#[derive(Debug, Clone, PartialEq)]
pub enum SharesRequest {
    List,
    /// Sent once: when the answer is lost, a share of that name made since is taken.
    Create(crate::api::models::ShareCreate),
    Update {
        id: i64,
        update: crate::api::models::ShareUpdate,
    },
    Delete {
        id: i64,
    },
}

/// The server's answer to a [`SharesRequest`].
#[derive(Debug, Clone)]
pub enum SharesAnswer {
    List(Vec<crate::api::models::Share>),
    One(Box<crate::api::models::Share>),
    Deleted,
}

/// The server's answer to a [`ShareRequest`].
#[derive(Debug, Clone)]
pub enum ShareAnswer {
    List(Vec<crate::api::models::ShareLink>),
    One(Box<crate::api::models::ShareLink>),
    Deleted,
}

/// A change to a group in the tree; the answer carries it back. `node` is the tree item
/// it was asked on (the parent, for `Create`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupChange {
    Create {
        node: NodeRef,
        kind: crate::api::models::GroupKind,
        parent: Option<i64>,
        name: String,
    },
    Rename {
        node: NodeRef,
        kind: crate::api::models::GroupKind,
        id: i64,
        name: String,
    },
    Delete {
        node: NodeRef,
        kind: crate::api::models::GroupKind,
        id: i64,
        name: String,
    },
    /// Under `to` (the tree item of the new parent; `None` and `parent: None` for the
    /// top level).
    Move {
        node: NodeRef,
        kind: crate::api::models::GroupKind,
        id: i64,
        name: String,
        to: Option<NodeRef>,
        parent: Option<i64>,
        parent_name: String,
    },
}

impl RequestKind {
    /// What this request would change on the server, if it writes (`None` for reads).
    /// `--read-only` refuses every request that has one, in `App::issue`.
    pub(crate) fn write_name(&self) -> Option<&'static str> {
        use crate::protocol::jobs::JobsRequest as J;
        match self {
            RequestKind::SetRating { .. } => Some("a rating"),
            RequestKind::SetField { .. } => Some("a custom field"),
            RequestKind::SetPick { .. } => Some("a pick"),
            RequestKind::ApproveStep { .. } => Some("approving a workflow step"),
            RequestKind::PicksLightbox { create: true, .. } => Some("creating a lightbox"),
            RequestKind::SaveAsset { .. } => Some("the asset's metadata"),
            RequestKind::SavedSearchChange(_) => Some("a saved search"),
            RequestKind::GroupChange(GroupChange::Create { .. }) => Some("creating a group"),
            RequestKind::GroupChange(GroupChange::Rename { .. }) => Some("renaming a group"),
            RequestKind::GroupChange(GroupChange::Delete { .. }) => Some("deleting a group"),
            RequestKind::GroupChange(GroupChange::Move { .. }) => Some("moving a group"),
            RequestKind::Share(ShareRequest::Create { .. }) => Some("a share link"),
            RequestKind::Comments(CommentRequest::Add { .. }) => Some("a comment"),
            RequestKind::Versions(VersionRequest::Revert { .. }) => Some("reverting a version"),
            RequestKind::Comments(CommentRequest::Edit { .. }) => Some("editing a comment"),
            RequestKind::Comments(CommentRequest::Delete { .. }) => Some("deleting a comment"),
            RequestKind::Share(ShareRequest::Update { .. }) => Some("changing a share link"),
            RequestKind::Share(ShareRequest::Delete { .. }) => Some("revoking a share link"),
            RequestKind::Shares(SharesRequest::Create(_)) => Some("a share"),
            RequestKind::GiveLightbox { .. } => Some("giving a lightbox away"),
            RequestKind::Shares(SharesRequest::Update { .. }) => Some("changing a share"),
            RequestKind::Shares(SharesRequest::Delete { .. }) => Some("revoking a share"),
            RequestKind::Jobs(J::Create(_)) => Some("a bulk job"),
            RequestKind::Jobs(J::Cancel { .. }) => Some("cancelling a bulk job"),
            RequestKind::Jobs(J::Undo { .. }) => Some("undoing a bulk job"),
            // A zip is prepared on the server (POST /api/downloads); files are only read.
            RequestKind::Transfer(transfers::TransferRequest::Download(job))
                if !job.zip_of.is_empty() =>
            {
                Some("a zip prepared on the server")
            }
            RequestKind::Transfer(transfers::TransferRequest::Upload(_)) => Some("an upload"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub id: RequestId,
    pub kind: RequestKind,
}

/// What [`RequestKind::TrashList`] found.
#[derive(Debug, Clone, Default)]
pub struct TrashList {
    /// All assets in the trash, as the server counts them (`None` if it would not say).
    pub count: Option<i64>,
    /// Those still in the trash among the assets of the user's trash jobs, most
    /// recently trashed first.
    pub assets: Vec<crate::api::models::Asset>,
    /// How many of the user's jobs moved assets to the trash (the ones looked at).
    pub jobs: usize,
    /// The listing stopped at a limit (jobs looked at, or assets listed).
    pub capped: bool,
}

/// What the search for the picks lightbox found.
#[derive(Debug, Clone)]
pub enum PicksAnswer {
    /// The lightbox (found by name, or made) and the ids of the assets in it.
    Ready {
        node: Box<GroupNode>,
        created: bool,
        members: Vec<i64>,
    },
    /// None is called that; the nearest name, if any is near.
    Missing { nearest: Option<String> },
}

#[derive(Debug, Clone)]
pub enum MsgKind {
    Whoami(ApiResult<User>),
    Organization(ApiResult<Organization>),
    CustomMetaFields(ApiResult<Vec<CustomMetaField>>),
    GroupDetails {
        node: NodeRef,
        result: ApiResult<GroupNode>,
    },
    TreeChildren {
        node: NodeRef,
        result: ApiResult<Vec<GroupNode>>,
    },
    GroupsFound {
        kind: GroupKind,
        name: String,
        result: ApiResult<Vec<GroupNode>>,
    },
    FacetCounts {
        facet: String,
        result: ApiResult<Option<crate::api::models::Facet>>,
    },
    Search {
        page: u32,
        result: ApiResult<SearchPage>,
    },
    AssetDetails(ApiResult<Asset>),
    AssetFresh {
        id: i64,
        result: ApiResult<Asset>,
    },
    Rated {
        id: i64,
        result: ApiResult<Asset>,
    },
    FieldSet {
        id: i64,
        field: String,
        result: ApiResult<Asset>,
    },
    Picked {
        id: i64,
        agid: i64,
        result: ApiResult<()>,
    },
    PicksLightbox {
        name: String,
        result: ApiResult<PicksAnswer>,
    },
    WorkflowSteps(ApiResult<Vec<crate::api::models::WorkflowStep>>),
    MoveTargets {
        name: String,
        result: ApiResult<Vec<GroupNode>>,
    },
    ShotInfo {
        id: i64,
        result: ApiResult<Option<crate::api::models::Shot>>,
    },
    /// The approvals the server answered with.
    StepApproved {
        name: String,
        asked: usize,
        result: ApiResult<Vec<crate::api::models::StepApproval>>,
    },
    Thumbnail {
        key: crate::thumbs::ThumbKey,
        outcome: crate::thumbs::ThumbOutcome,
    },
    Jobs(crate::protocol::jobs::JobsMsg),
    Saved {
        id: i64,
        outcome: SaveOutcome,
    },
    TagSuggestions {
        q: String,
        result: ApiResult<Vec<Tag>>,
    },
    RightsPackages(ApiResult<Vec<RightsPackage>>),
    SavedSearches {
        node: NodeRef,
        result: ApiResult<Vec<crate::api::models::SavedSearch>>,
    },
    SavedSearchChanged {
        change: SavedChange,
        result: ApiResult<()>,
    },
    UnseenNotifications(ApiResult<i64>),
    Notifications(ApiResult<Vec<crate::api::models::Notification>>),
    TrashCount(ApiResult<i64>),
    LightboxPeople {
        id: i64,
        name: String,
        result: ApiResult<crate::api::models::LightboxPeople>,
    },
    LightboxGiven {
        name: String,
        to: crate::api::models::Person,
        result: ApiResult<()>,
    },
    TrashList(ApiResult<TrashList>),
    Versions {
        request: VersionRequest,
        result: ApiResult<VersionAnswer>,
    },
    Comments {
        request: CommentRequest,
        result: ApiResult<CommentAnswer>,
    },
    Share {
        request: ShareRequest,
        result: ApiResult<ShareAnswer>,
    },
    Shares {
        request: SharesRequest,
        result: ApiResult<SharesAnswer>,
    },
    CountedBeforeDelete {
        change: GroupChange,
        result: ApiResult<Option<u64>>,
    },
    /// The group as the server has it after a create or rename (`None` after a delete).
    GroupChanged {
        change: GroupChange,
        result: ApiResult<Option<crate::api::models::GroupNode>>,
    },
    Transfer(transfers::TransferEvent),
    LocalScanned {
        typed: String,
        result: Result<crate::transfers::local::LocalPick, String>,
    },
}

#[derive(Debug, Clone)]
pub enum SaveOutcome {
    /// The asset as the server has it after the update.
    Saved(Box<Asset>),
    /// The asset changed on the server since the form was loaded; nothing was sent.
    Conflict(Box<Asset>),
    Failed(crate::api::ApiError),
}

#[derive(Debug, Clone)]
pub struct Msg {
    pub id: RequestId,
    pub kind: MsgKind,
}
