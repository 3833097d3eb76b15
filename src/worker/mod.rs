//! The API task: the only network user. Requests come in over a channel, each runs as
//! its own task (bounded concurrency), and its answer goes back as a message.

pub(crate) mod jobs;
mod picks;
pub(crate) mod poller;
pub mod thumbs;
pub mod transfers;
mod trash;
pub mod uploads;

use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc};

use crate::api::models::AssetUpdate;
use crate::api::{ApiClient, ApiError};
use crate::protocol::jobs::JobsRequest;
use crate::protocol::transfers::{TransferEvent, TransferRequest};
use crate::protocol::{
    CommentAnswer, CommentRequest, GroupChange, Msg, MsgKind, Request, RequestKind, SaveOutcome,
    SavedChange, ShareAnswer, ShareRequest, SharesAnswer, SharesRequest, VersionAnswer,
    VersionRequest,
};

/// How many API calls run at once.
/// How many API calls run at once (the start-up burst is 7: search, identity,
/// organisation, fields, three tree roots). Thumbnails have their own limits in
/// `worker::thumbs` and never wait for these slots.
const MAX_CONCURRENT: usize = 8;

/// Start the API task. Dropping the request sender stops it.
pub fn spawn(client: ApiClient) -> (mpsc::UnboundedSender<Request>, mpsc::UnboundedReceiver<Msg>) {
    spawn_with(client, transfers::PARALLEL)
}

/// Start the API task with `parallel_transfers` transfers at most at once.
pub fn spawn_with(
    client: ApiClient,
    parallel_transfers: usize,
) -> (mpsc::UnboundedSender<Request>, mpsc::UnboundedReceiver<Msg>) {
    let (req_tx, mut req_rx) = mpsc::unbounded_channel::<Request>();
    let (msg_tx, msg_rx) = mpsc::unbounded_channel::<Msg>();
    let limit = Arc::new(Semaphore::new(MAX_CONCURRENT));
    let poll_tx = crate::worker::poller::spawn(client.clone(), msg_tx.clone());
    let transfers = transfers::Transfers::new(client.clone(), msg_tx.clone(), parallel_transfers);
    tokio::spawn(async move {
        while let Some(req) = req_rx.recv().await {
            if let RequestKind::Jobs(JobsRequest::Poll { track }) = req.kind {
                let _ = poll_tx.send(crate::protocol::jobs::PollCmd { track });
                continue;
            }
            if let RequestKind::Transfer(t) = req.kind {
                transfers.handle(t);
                continue;
            }
            let client = client.clone();
            let tx = msg_tx.clone();
            let limit = limit.clone();
            tokio::spawn(async move {
                let _permit = match req.kind {
                    RequestKind::Thumbnail(_) => None,
                    _ => match limit.acquire_owned().await {
                        Ok(p) => Some(p),
                        Err(_) => return,
                    },
                };
                let kind = perform(&client, req.kind).await;
                // The UI may have quit; nothing to do then.
                let _ = tx.send(Msg { id: req.id, kind });
            });
        }
        // The session ended (quit, or a switch to another profile): downloads stop here
        // and resume from the journal.
        transfers.abort_all();
    });
    (req_tx, msg_rx)
}

/// Run one request against the API.
pub async fn perform(client: &ApiClient, kind: RequestKind) -> MsgKind {
    match kind {
        RequestKind::Whoami => MsgKind::Whoami(client.whoami().await),
        RequestKind::Organization(id) => MsgKind::Organization(client.organization(id).await),
        RequestKind::CustomMetaFields => {
            MsgKind::CustomMetaFields(client.custom_meta_fields().await)
        }
        RequestKind::TreeChildren {
            node,
            kind,
            parent,
            bin,
        } => MsgKind::TreeChildren {
            node,
            result: client.tree_children(kind, parent, bin).await,
        },
        RequestKind::FindGroups { kind, name } => MsgKind::GroupsFound {
            result: client.all_groups(kind).await,
            kind,
            name,
        },
        RequestKind::FacetCounts { facet, query } => MsgKind::FacetCounts {
            result: client
                .search(&query, 1, 1)
                .await
                .map(|p| p.response.facets().into_iter().find(|f| f.name == facet)),
            facet,
        },
        RequestKind::Search {
            query,
            page,
            per_page,
        } => MsgKind::Search {
            page,
            result: client.search(&query, page, per_page).await,
        },
        RequestKind::GroupDetails {
            node,
            kind,
            id,
            bin,
        } => MsgKind::GroupDetails {
            node,
            result: client.group(kind, id, bin).await,
        },
        RequestKind::AssetFresh { id } => MsgKind::AssetFresh {
            id,
            result: client.asset(&id.to_string()).await,
        },
        RequestKind::AssetDetails { id } => {
            MsgKind::AssetDetails(client.asset(&id.to_string()).await)
        }
        RequestKind::Thumbnail(job) => {
            let key = job.key.clone();
            MsgKind::Thumbnail {
                key,
                outcome: crate::worker::thumbs::run(client, *job).await,
            }
        }
        RequestKind::SetRating { id, rating } => {
            let update = AssetUpdate {
                rating: Some(rating),
                ..Default::default()
            };
            MsgKind::Rated {
                id,
                result: client.update_asset(&id.to_string(), &update).await,
            }
        }
        RequestKind::SetPick {
            id,
            lightbox,
            picked,
        } => MsgKind::Picked {
            id,
            agid: lightbox.agid,
            result: picks::set(client, id, lightbox, picked).await,
        },
        RequestKind::WorkflowSteps => MsgKind::WorkflowSteps(client.workflow_steps().await),
        RequestKind::MoveTargets { name } => MsgKind::MoveTargets {
            result: client
                .all_groups(crate::api::models::GroupKind::StorageFolder)
                .await,
            name,
        },
        RequestKind::ShotInfo { id } => {
            let query = crate::api::models::SearchQuery {
                ids: vec![id],
                extra: vec![("include_meta".into(), "true".into())],
                ..Default::default()
            };
            MsgKind::ShotInfo {
                id,
                result: client.search(&query, 1, 1).await.map(|p| {
                    p.assets
                        .into_iter()
                        .find(|a| a.id == id)
                        .and_then(|a| a.shot)
                }),
            }
        }
        RequestKind::ApproveStep { step, name, ids } => MsgKind::StepApproved {
            name,
            asked: ids.len(),
            result: client.approve_workflow_step(step, &ids).await,
        },
        RequestKind::PicksLightbox { name, create } => MsgKind::PicksLightbox {
            result: picks::lightbox(client, &name, create).await,
            name,
        },
        RequestKind::SetField { id, field, value } => {
            let mut update = AssetUpdate::default();
            // A controlled field takes a list of its values; an empty one clears it.
            update.custom_meta.insert(
                field.clone(),
                serde_json::json!(value.into_iter().collect::<Vec<_>>()),
            );
            MsgKind::FieldSet {
                id,
                field,
                result: client.update_asset(&id.to_string(), &update).await,
            }
        }
        RequestKind::Jobs(r) => MsgKind::Jobs(crate::worker::jobs::perform(client, r).await),
        // The live task runs transfers beside the calls (`Transfers`); run alone, a
        // download reports only how it ended.
        RequestKind::Transfer(TransferRequest::Download(job)) => {
            MsgKind::Transfer(transfers::download(client, &job, &|_| {}).await)
        }
        RequestKind::ScanLocal { typed, base } => {
            let line = typed.clone();
            let result =
                tokio::task::spawn_blocking(move || crate::transfers::local::pick(&line, &base))
                    .await
                    .unwrap_or_else(|e| Err(format!("the scan stopped: {e}")));
            MsgKind::LocalScanned { typed, result }
        }
        // Run alone, an upload reports its first failure, else how its last file ended.
        RequestKind::Transfer(TransferRequest::Upload(batch)) => {
            let finals = uploads::upload_all(client, batch, transfers::PARALLEL, |_| {}).await;
            let told = finals
                .iter()
                .find(|e| matches!(e, TransferEvent::Failed { .. }))
                .or(finals.last())
                .cloned();
            MsgKind::Transfer(told.unwrap_or(TransferEvent::Cancelled { transfer: 0 }))
        }
        RequestKind::Transfer(TransferRequest::Cancel(transfer)) => {
            MsgKind::Transfer(TransferEvent::Cancelled { transfer })
        }
        RequestKind::SaveAsset {
            id,
            update,
            expected_updated_at,
        } => MsgKind::Saved {
            id,
            outcome: save_asset(client, id, &update, expected_updated_at).await,
        },
        RequestKind::TagSuggestions { q } => MsgKind::TagSuggestions {
            result: client.tags(Some(&q), 1, 20).await.map(|p| p.items),
            q,
        },
        RequestKind::RightsPackages => MsgKind::RightsPackages(client.rights_packages().await),
        RequestKind::SavedSearches { node } => MsgKind::SavedSearches {
            node,
            result: client.saved_searches().await,
        },
        RequestKind::SavedSearchChange(change) => {
            let result = match &change {
                SavedChange::Create {
                    name,
                    description,
                    sql,
                } => client
                    .create_saved_search(name, Some(description), sql)
                    .await
                    .map(drop),
                SavedChange::Rename { id, name } => {
                    client.rename_saved_search(*id, name, None).await.map(drop)
                }
                SavedChange::Delete { id, .. } => client.delete_saved_search(*id).await,
            };
            MsgKind::SavedSearchChanged { change, result }
        }
        RequestKind::UnseenNotifications => {
            MsgKind::UnseenNotifications(client.unseen_notifications().await)
        }
        RequestKind::Notifications => MsgKind::Notifications(client.notifications().await),
        RequestKind::TrashCount => MsgKind::TrashCount(client.trashed_count().await),
        RequestKind::LightboxPeople { id, name } => MsgKind::LightboxPeople {
            id,
            name,
            result: client.lightbox_people(id).await,
        },
        RequestKind::GiveLightbox { id, name, to } => MsgKind::LightboxGiven {
            result: give_lightbox(client, id, to.id).await,
            name,
            to,
        },
        RequestKind::TrashList => MsgKind::TrashList(trash::list(client).await),
        RequestKind::Versions(request) => MsgKind::Versions {
            result: match request {
                VersionRequest::List { asset } => {
                    client.asset_versions(asset).await.map(VersionAnswer::List)
                }
                VersionRequest::Revert { asset, number } => client
                    .revert_asset(asset, number)
                    .await
                    .map(|a| VersionAnswer::Reverted(Box::new(a))),
            },
            request,
        },
        RequestKind::Comments(request) => MsgKind::Comments {
            result: comments(client, &request).await,
            request,
        },
        RequestKind::Shares(request) => MsgKind::Shares {
            result: shares(client, &request).await,
            request,
        },
        RequestKind::Share(request) => MsgKind::Share {
            result: share(client, &request).await,
            request,
        },
        RequestKind::CountBeforeDelete { change, query } => MsgKind::CountedBeforeDelete {
            result: client.search(&query, 1, 1).await.map(|p| p.total),
            change,
        },
        RequestKind::GroupChange(change) => MsgKind::GroupChanged {
            result: change_group(client, &change).await,
            change,
        },
    }
}

/// One comments call. An add is sent once: when its answer is lost, a new comment of the
/// user's with that text is taken as the one added.
async fn comments(
    client: &ApiClient,
    request: &CommentRequest,
) -> crate::api::ApiResult<CommentAnswer> {
    match request {
        CommentRequest::List { on } => client.comments(*on).await.map(CommentAnswer::List),
        CommentRequest::Add { on, text, me } => {
            let before: Vec<i64> = client.comments(*on).await?.iter().map(|c| c.id).collect();
            match client.add_comment(*on, text).await {
                Ok(c) => Ok(CommentAnswer::One(Box::new(c))),
                Err(e @ (ApiError::Timeout | ApiError::Network(_))) => {
                    match client.find_added_comment(*on, text, *me, &before).await {
                        Ok(Some(c)) => Ok(CommentAnswer::One(Box::new(c))),
                        _ => Err(e),
                    }
                }
                Err(e) => Err(e),
            }
        }
        CommentRequest::Edit { id, text, .. } => client
            .edit_comment(*id, text)
            .await
            .map(|c| CommentAnswer::One(Box::new(c))),
        CommentRequest::Delete { id, .. } => client
            .delete_comment(*id)
            .await
            .map(|()| CommentAnswer::Deleted),
    }
}

/// One call about shares of chosen assets. A create is sent once: when its answer is
/// lost, a share of the same name that was not there before is taken as the one made. The
/// create's answer may carry no address: the list is read for it.
async fn shares(
    client: &ApiClient,
    request: &SharesRequest,
) -> crate::api::ApiResult<SharesAnswer> {
    let one = |s| Ok(SharesAnswer::One(Box::new(s)));
    match request {
        SharesRequest::List => client.shares().await.map(SharesAnswer::List),
        SharesRequest::Create(new) => {
            let before: Vec<i64> = client.shares().await?.iter().map(|s| s.id).collect();
            let made = match client.create_share(new).await {
                Ok(share) => share,
                Err(e @ (ApiError::Timeout | ApiError::Network(_))) => {
                    match client.find_created_share(&new.name, &before).await {
                        Ok(Some(share)) => share,
                        _ => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            };
            if made.url.is_some() {
                return one(made);
            }
            let listed = client.shares().await.ok().into_iter().flatten();
            match listed.into_iter().find(|s| s.id == made.id) {
                Some(full) => one(full),
                None => one(made),
            }
        }
        SharesRequest::Update { id, update } => client
            .update_share(*id, update)
            .await
            .map(|s| SharesAnswer::One(Box::new(s))),
        SharesRequest::Delete { id } => client
            .delete_share(*id)
            .await
            .map(|()| SharesAnswer::Deleted),
    }
}

/// Transfer a lightbox once: when the answer is lost, the owner is asked for instead.
async fn give_lightbox(client: &ApiClient, id: i64, to: i64) -> crate::api::ApiResult<()> {
    match client.transfer_lightbox(id, to).await {
        Err(e @ (ApiError::Timeout | ApiError::Network(_))) => {
            match client.lightbox_people(id).await {
                Ok(p) if p.owner.as_ref().is_some_and(|o| o.id == to) => Ok(()),
                _ => Err(e),
            }
        }
        other => other,
    }
}

/// One share-link call. A create is sent once: when its answer is lost, a link that was
/// not there before is taken as the one created.
async fn share(client: &ApiClient, request: &ShareRequest) -> crate::api::ApiResult<ShareAnswer> {
    match request {
        ShareRequest::List { agid } => client.share_links(*agid).await.map(ShareAnswer::List),
        ShareRequest::Create { agid } => {
            let before: Vec<i64> = client
                .share_links(*agid)
                .await?
                .iter()
                .map(|l| l.id)
                .collect();
            match client.create_share_link(*agid).await {
                Ok(link) => Ok(ShareAnswer::One(Box::new(link))),
                Err(e @ (ApiError::Timeout | ApiError::Network(_))) => {
                    match client.find_created_share_link(*agid, &before).await {
                        Ok(Some(link)) => Ok(ShareAnswer::One(Box::new(link))),
                        _ => Err(e),
                    }
                }
                Err(e) => Err(e),
            }
        }
        ShareRequest::Update { id, update, .. } => client
            .update_share_link(*id, update)
            .await
            .map(|l| ShareAnswer::One(Box::new(l))),
        ShareRequest::Delete { id, .. } => client
            .delete_share_link(*id)
            .await
            .map(|()| ShareAnswer::Deleted),
    }
}

/// One group change. A create is sent once: when its answer is lost (a timeout, a dropped
/// connection), the parent's children are listed again and a new child of that name is
/// taken as the created group instead of sending a second create.
async fn change_group(
    client: &ApiClient,
    change: &GroupChange,
) -> crate::api::ApiResult<Option<crate::api::models::GroupNode>> {
    match change {
        GroupChange::Create {
            kind, parent, name, ..
        } => {
            let before: Vec<i64> = client
                .tree_children(*kind, *parent, false)
                .await?
                .iter()
                .filter_map(|c| c.id.as_i64())
                .collect();
            match client.create_group(*kind, *parent, name).await {
                Ok(node) => Ok(Some(node)),
                Err(e @ (ApiError::Timeout | ApiError::Network(_))) => {
                    match client
                        .find_created_group(*kind, *parent, name, &before)
                        .await
                    {
                        Ok(Some(node)) => Ok(Some(node)),
                        _ => Err(e),
                    }
                }
                Err(e) => Err(e),
            }
        }
        GroupChange::Rename { kind, id, name, .. } => {
            client.rename_group(*kind, *id, name).await.map(Some)
        }
        GroupChange::Delete { kind, id, .. } => {
            client.delete_group(*kind, *id).await.map(|()| None)
        }
        GroupChange::Move {
            kind, id, parent, ..
        } => client.move_group(*kind, *id, *parent).await.map(Some),
    }
}

/// Conflict check, then the update.
async fn save_asset(
    client: &ApiClient,
    id: i64,
    update: &AssetUpdate,
    expected_updated_at: Option<String>,
) -> SaveOutcome {
    let path = id.to_string();
    if let Some(expected) = expected_updated_at {
        match client.asset(&path).await {
            Ok(current) if current.updated_at.as_deref() != Some(expected.as_str()) => {
                return SaveOutcome::Conflict(Box::new(current));
            }
            Ok(_) => {}
            Err(e) => return SaveOutcome::Failed(e),
        }
    }
    match client.update_asset(&path, update).await {
        Ok(a) => SaveOutcome::Saved(Box::new(a)),
        Err(e) => SaveOutcome::Failed(e),
    }
}
