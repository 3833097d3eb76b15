//! Listing the trash. The API counts trashed assets (`GET /api/assets/trashed`) but
//! lists none, and its search leaves them out; what it does list is each bulk job's
//! assets. So the trash shown is what the user's own jobs moved there — the newest
//! jobs with `destroy_all`, their assets, those still trashed — beside the server's count.

use std::collections::HashSet;

use super::jobs::job_assets;
use crate::api::models::Asset;
use crate::api::{ApiClient, ApiResult};
use crate::protocol::TrashList;

/// The newest jobs looked at for trash jobs.
pub(crate) const JOBS_LOOKED_AT: usize = 500;
/// Assets listed at most.
pub(crate) const ASSETS_LISTED: usize = 2_000;
const JOBS_PER_PAGE: u32 = 100;
/// Trash jobs whose assets are asked for at once.
const AT_ONCE: usize = 4;

pub(super) async fn list(client: &ApiClient) -> ApiResult<TrashList> {
    let (guids, mut capped) = trash_jobs(client).await?;
    let mut pages: Vec<Vec<Asset>> = Vec::with_capacity(guids.len());
    let mut failed = None;
    let mut trashed = 0;
    // Newest jobs first, a few at a time, until enough assets still in the trash.
    for batch in guids.chunks(AT_ONCE) {
        if trashed > ASSETS_LISTED {
            capped = true;
            break;
        }
        let answers = futures::future::join_all(batch.iter().map(|g| job_assets(client, g)));
        for (guid, result) in batch.iter().zip(answers.await) {
            match result {
                Ok(assets) => {
                    trashed += assets.iter().filter(|a| a.trashed_at.is_some()).count();
                    pages.push(assets);
                }
                // One job that cannot be read does not hide the others.
                Err(e) => {
                    tracing::info!("assets of trash job {guid}: {e}");
                    failed = Some(e);
                }
            }
        }
    }
    if pages.is_empty()
        && let Some(e) = failed
    {
        return Err(e);
    }
    let (assets, more) = still_trashed(pages, ASSETS_LISTED);
    capped |= more;
    let count = match client.trashed_count().await {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::info!("trash count: {e}");
            None
        }
    };
    Ok(TrashList {
        count,
        assets,
        jobs: guids.len(),
        capped,
    })
}

/// The guids of the newest jobs that moved assets to the trash, newest first, and
/// whether older jobs were left unread.
async fn trash_jobs(client: &ApiClient) -> ApiResult<(Vec<String>, bool)> {
    let mut out = Vec::new();
    let mut seen = 0;
    let mut page = 1;
    loop {
        let p = client.bulk_jobs(page, JOBS_PER_PAGE).await?;
        seen += p.items.len();
        let more = p.has_more() && !p.items.is_empty();
        out.extend(
            p.items
                .into_iter()
                .filter(|j| j.destroy_all == Some(true))
                .filter_map(|j| j.guid),
        );
        if !more {
            return Ok((out, false));
        }
        if seen >= JOBS_LOOKED_AT {
            return Ok((out, true));
        }
        page += 1;
    }
}

/// The assets still in the trash, each once, most recently trashed first, at most
/// `limit` (and whether some were left out).
fn still_trashed(pages: Vec<Vec<Asset>>, limit: usize) -> (Vec<Asset>, bool) {
    let mut seen = HashSet::new();
    let mut out: Vec<Asset> = pages
        .into_iter()
        .flatten()
        .filter(|a| a.trashed_at.is_some())
        .filter(|a| seen.insert(a.id))
        .collect();
    let when = |a: &Asset| {
        a.trashed_at
            .as_deref()
            .and_then(crate::timeutil::parse)
            .map_or(i64::MIN, |(t, _)| t)
    };
    out.sort_by_key(|a| std::cmp::Reverse(when(a)));
    let more = out.len() > limit;
    out.truncate(limit);
    (out, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(id: i64, trashed_at: Option<&str>) -> Asset {
        Asset {
            id,
            trashed_at: trashed_at.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn only_assets_still_trashed_each_once_newest_first() {
        let pages = vec![
            vec![
                asset(1, Some("2026-12-01T10:00:00Z")),
                asset(2, None),
                asset(3, Some("2026-12-02T09:00:00Z")),
            ],
            vec![
                asset(1, Some("2026-12-01T10:00:00Z")),
                asset(4, Some("junk")),
            ],
        ];
        let (out, more) = still_trashed(pages, 10);
        let ids: Vec<i64> = out.iter().map(|a| a.id).collect();
        assert_eq!(ids, [3, 1, 4]);
        assert!(!more);
        let (out, more) = still_trashed(vec![vec![asset(1, Some("x")), asset(2, Some("y"))]], 1);
        assert_eq!(out.len(), 1);
        assert!(more);
    }
}
