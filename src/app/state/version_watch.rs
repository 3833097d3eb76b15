//! After a new version is uploaded the server processes it, and until then the grid
//! shows the old file. The asset is asked for again — 1, 2, 4 … s apart (at most 30 s),
//! for ten minutes — and put in the grid, with its new picture, once it is processed at
//! a newer version.

use std::time::{Duration, Instant};

use super::{App, Slot};
use crate::api::ApiResult;
use crate::api::models::Asset;
use crate::backoff::Backoff;
use crate::protocol::RequestKind;
use crate::text::safe;

const FIRST_WAIT: Duration = Duration::from_secs(1);
const LONGEST_WAIT: Duration = Duration::from_secs(30);
const GIVE_UP_AFTER: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub(crate) struct VersionWatch {
    asset: i64,
    /// The data version the asset had when the new one was chosen.
    was: Option<i64>,
    /// An answer said the asset was not processed yet (when `was` is unknown, only
    /// then is "processed" about the new version).
    saw_unprocessed: bool,
    next_at: Instant,
    wait: Backoff,
    until: Instant,
    asking: bool,
}

/// What an answer says about the new version.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    Ready,
    Failed,
    NotYet,
}

fn seen(asset: &Asset, was: Option<i64>, saw_unprocessed: bool) -> Seen {
    let newer = match (asset.data_version_number, was) {
        (Some(now), Some(was)) => now > was,
        _ => saw_unprocessed,
    };
    match asset.aasm_state.as_deref() {
        Some("processing_error") if newer => Seen::Failed,
        Some("processed") | None if newer => Seen::Ready,
        _ => Seen::NotYet,
    }
}

impl App {
    /// A new version of `asset` (at data version `was` before) was sent: follow it
    /// until the server has processed it.
    pub(super) fn watch_new_version(&mut self, asset: i64, was: Option<i64>, now: Instant) {
        let was = was.or_else(|| {
            self.grid
                .results
                .find_mut(asset)
                .and_then(|a| a.data_version_number)
        });
        self.transfers.version_watches.retain(|w| w.asset != asset);
        self.transfers.version_watches.push(VersionWatch {
            asset,
            was,
            next_at: now + FIRST_WAIT,
            wait: Backoff::new(FIRST_WAIT, LONGEST_WAIT),
            until: now + GIVE_UP_AFTER,
            asking: false,
            saw_unprocessed: false,
        });
    }

    pub(super) fn poll_version_watches(&mut self, now: Instant) {
        let due: Vec<i64> = self
            .transfers
            .version_watches
            .iter_mut()
            .filter(|w| !w.asking && now >= w.next_at)
            .map(|w| {
                w.asking = true;
                w.asset
            })
            .collect();
        for id in due {
            self.issue(Slot::VersionWatch, RequestKind::AssetFresh { id });
        }
    }

    pub(super) fn on_asset_fresh(&mut self, id: i64, result: ApiResult<Asset>, now: Instant) {
        let Some(i) = self
            .transfers
            .version_watches
            .iter()
            .position(|w| w.asset == id)
        else {
            return;
        };
        let w = &mut self.transfers.version_watches[i];
        w.asking = false;
        let state = match &result {
            Ok(a) => {
                w.saw_unprocessed |= !matches!(a.aasm_state.as_deref(), Some("processed") | None);
                seen(a, w.was, w.saw_unprocessed)
            }
            Err(e) => {
                tracing::info!("new version of asset {id}: {e}");
                Seen::NotYet
            }
        };
        if state == Seen::NotYet {
            if now < w.until {
                w.next_at = now + w.wait.step();
            } else {
                self.transfers.version_watches.remove(i);
                self.flash(
                    "A new version is still being processed: r reloads the grid later",
                    false,
                );
            }
            return;
        }
        self.transfers.version_watches.remove(i);
        let Ok(fresh) = result else {
            return;
        };
        let name = safe(&fresh.label());
        if state == Seen::Failed {
            return self.flash(
                format!("The new version of {name} could not be processed by the server"),
                true,
            );
        }
        if let Some(a) = self.grid.results.find_mut(id) {
            *a = fresh;
            self.want_shot();
        }
        if self.details.asset.as_ref().is_some_and(|d| d.id == id) {
            self.details.asset = None;
            self.issue(Slot::Details, RequestKind::AssetDetails { id });
        }
        self.flash(format!("The new version of {name} is ready"), false);
        self.screen.dirty = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(state: &str, version: i64) -> Asset {
        Asset {
            aasm_state: Some(state.into()),
            data_version_number: Some(version),
            ..Default::default()
        }
    }

    #[test]
    fn ready_only_when_processed_at_a_newer_version() {
        assert_eq!(seen(&asset("processed", 3), Some(2), false), Seen::Ready);
        assert_eq!(seen(&asset("processed", 2), Some(2), false), Seen::NotYet);
        assert_eq!(seen(&asset("processing", 3), Some(2), false), Seen::NotYet);
        assert_eq!(seen(&asset("uploaded", 3), Some(2), false), Seen::NotYet);
        assert_eq!(
            seen(&asset("processing_error", 3), Some(2), false),
            Seen::Failed
        );
        // An earlier version that had failed is not this one failing.
        assert_eq!(
            seen(&asset("processing_error", 2), Some(2), false),
            Seen::NotYet
        );
        // Version unknown: "processed" counts only after "not yet" was seen.
        assert_eq!(seen(&asset("processed", 1), None, false), Seen::NotYet);
        assert_eq!(seen(&asset("processed", 1), None, true), Seen::Ready);
    }
}
