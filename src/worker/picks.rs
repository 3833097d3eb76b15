//! The loupe's picks: finding (or making) the picks lightbox, and moving one asset in
//! or out of it.

use std::time::Duration;

use crate::api::models::GroupKind;
use crate::api::{ApiClient, ApiError, ApiResult};
use crate::panes::judgements::PickBox;
use crate::protocol::{GroupChange, NodeRef, PicksAnswer};

/// Of a picks lightbox, only this many assets are read: in a larger one, picks beyond
/// them show as not picked (and `P` puts them in again, which changes nothing).
pub(crate) const MEMBERS_READ: usize = 5_000;

/// How long taking an asset out waits for its bulk job before leaving it to finish.
const REMOVAL_WAIT: Duration = Duration::from_secs(20);

/// The lightbox called `name` (letter case aside); made at the top level when `create`
/// and none is called that (a create whose answer is lost is found, not sent again).
pub(crate) async fn lightbox(
    client: &ApiClient,
    name: &str,
    create: bool,
) -> ApiResult<PicksAnswer> {
    // Lightbox folders only hold lightboxes: assets cannot be put in one.
    let all: Vec<_> = client
        .all_groups(GroupKind::Lightbox)
        .await?
        .into_iter()
        .filter(|g| g.sub_type.as_deref() != Some("folder"))
        .collect();
    let wanted = name.trim().to_lowercase();
    let same = all.iter().find(|g| {
        g.name
            .as_deref()
            .is_some_and(|n| n.trim().to_lowercase() == wanted)
    });
    let (node, created) = match (same, create) {
        (Some(g), _) => (g.clone(), false),
        (None, false) => {
            let nearest = crate::command::best_match(
                name,
                all.iter().filter_map(|g| Some((g, g.name.as_deref()?))),
            )
            .and_then(|g| g.name.clone());
            return Ok(PicksAnswer::Missing { nearest });
        }
        (None, true) => {
            let change = GroupChange::Create {
                node: NodeRef(0),
                kind: GroupKind::Lightbox,
                parent: None,
                name: name.trim().to_string(),
            };
            match super::change_group(client, &change).await? {
                Some(node) => (node, true),
                None => {
                    return Err(ApiError::BadPayload {
                        path: "/api/lightboxes".into(),
                        detail: "the new lightbox came back empty".into(),
                    });
                }
            }
        }
    };
    let members = match node.id.as_i64() {
        Some(id) if !created => client.lightbox_asset_ids(id, MEMBERS_READ).await?,
        _ => Vec::new(),
    };
    Ok(PicksAnswer::Ready {
        node: Box::new(node),
        created,
        members,
    })
}

/// Put `asset` in the picks lightbox, or take it out.
pub(crate) async fn set(
    client: &ApiClient,
    asset: i64,
    lightbox: PickBox,
    picked: bool,
) -> ApiResult<()> {
    if picked {
        client.add_to_group(lightbox.agid, &[asset]).await
    } else {
        client
            .remove_from_lightbox(lightbox.id, lightbox.agid, asset, REMOVAL_WAIT)
            .await
    }
}
