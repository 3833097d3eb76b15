//! The loupe's judgements on their way to the server. Each sets one thing on one asset
//! (its rating, or a controlled custom field's value); per (asset, thing) one write is in
//! flight at a time, and judgements meanwhile only change what the next write sends
//! (3 then 4 sends 4 once the 3 is answered, or only 4 if it had not left). A write
//! that fails in passing is sent again twice; one that still fails waits for `R`.

use std::collections::HashMap;

/// What a judgement sets on an asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    Rating(i64),
    /// A controlled custom field (by name) to this value, or cleared.
    Field {
        name: String,
        value: Option<String>,
    },
    /// In the picks lightbox, or out of it.
    Pick {
        lightbox: PickBox,
        picked: bool,
    },
    /// Marked for the trash (sent when the loupe closes, after asking), or not: kept
    /// here only, never a write of its own.
    Trash {
        marked: bool,
    },
}

/// The lightbox picks go to: its tree id (searches) and its asset group (writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PickBox {
    pub id: i64,
    pub agid: i64,
}

/// The thing on an asset a judgement sets; one write per (asset, thing) is in flight.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Thing {
    Rating,
    Field(String),
    /// Membership of the lightbox with this asset group.
    Pick(i64),
    Trash,
}

impl From<Option<String>> for Thing {
    /// A field's name, or none for the rating.
    fn from(field: Option<String>) -> Thing {
        field.map_or(Thing::Rating, Thing::Field)
    }
}

impl Setting {
    fn key(&self) -> Thing {
        match self {
            Setting::Rating(_) => Thing::Rating,
            Setting::Field { name, .. } => Thing::Field(name.clone()),
            Setting::Pick { lightbox, .. } => Thing::Pick(lightbox.agid),
            Setting::Trash { .. } => Thing::Trash,
        }
    }

    /// Kept in mgtui only: no write (journalled with the unsaved judgements).
    fn is_local(&self) -> bool {
        matches!(self, Setting::Trash { .. })
    }
}

/// A judgement, and what it replaced (for `u`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub asset: i64,
    /// Its index in the results when judged (undo goes back there).
    pub index: usize,
    pub before: Setting,
    pub after: Setting,
}

/// One write to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub asset: i64,
    pub setting: Setting,
}

/// Why a write failed, and whether trying again soon may help (a 5xx, a timeout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub passing: bool,
}

/// A judgement not yet on the server, as the journal keeps it across a crash or an SSH
/// drop (`{asset, rating}`, `{asset, field, value}`, `{asset, pick, picked}` or a trash mark
/// `{asset, trash}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unsaved {
    pub asset: i64,
    #[serde(default)]
    pub rating: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pick: Option<PickBox>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub picked: bool,
    /// Marked for the trash in the loupe (not a write: kept marked until the loupe's
    /// close asks to trash them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub trash: bool,
}

impl Unsaved {
    fn setting(&self) -> Setting {
        if self.trash {
            return Setting::Trash { marked: true };
        }
        match (&self.field, self.pick) {
            (_, Some(lightbox)) => Setting::Pick {
                lightbox,
                picked: self.picked,
            },
            (None, None) => Setting::Rating(self.rating),
            (Some(name), None) => Setting::Field {
                name: name.clone(),
                value: self.value.clone(),
            },
        }
    }

    fn of(asset: i64, s: &Setting) -> Unsaved {
        match s {
            Setting::Rating(r) => Unsaved {
                asset,
                rating: *r,
                ..Default::default()
            },
            Setting::Field { name, value } => Unsaved {
                asset,
                field: Some(name.clone()),
                value: value.clone(),
                ..Default::default()
            },
            Setting::Pick { lightbox, picked } => Unsaved {
                asset,
                pick: Some(*lightbox),
                picked: *picked,
                ..Default::default()
            },
            Setting::Trash { marked } => Unsaved {
                asset,
                trash: *marked,
                ..Default::default()
            },
        }
    }
}

/// Writes that failed in passing are sent again this many times before they wait for R.
const AUTO_RESENDS: u32 = 2;

type Key = (i64, Thing);

#[derive(Debug, Default)]
pub struct Judgements {
    pub done: Vec<Judgement>,
    /// What each (asset, thing) should end with, until the server has it.
    wanted: HashMap<Key, Setting>,
    /// What is in flight per (asset, thing).
    sent: HashMap<Key, Setting>,
    /// Writes that failed, with the reason, until sent again.
    failed: HashMap<Key, String>,
    /// What is unsaved changed since the journal was last written.
    journal_changed: bool,
    /// Automatic resends so far (see `AUTO_RESENDS`).
    resent: HashMap<Key, u32>,
}

impl Judgements {
    /// Record a judgement; the write to send now, unless one for the same thing is
    /// already on its way (its answer sends the latest then).
    pub fn judge(&mut self, j: Judgement) -> Option<Write> {
        let (asset, after) = (j.asset, j.after.clone());
        self.done.push(j);
        if after.is_local() {
            return None;
        }
        self.want(asset, after)
    }

    /// Take the last judgement back: it, and the write that restores what it replaced.
    pub fn undo(&mut self) -> Option<(Judgement, Option<Write>)> {
        let j = self.done.pop()?;
        if j.before.is_local() {
            return Some((j, None));
        }
        let write = self.want(j.asset, j.before.clone());
        Some((j, write))
    }

    /// Forget the trash marks in the undo history (their assets went to the trash).
    pub fn forget_trash_marks(&mut self) {
        self.done.retain(|j| !j.after.is_local());
    }

    fn want(&mut self, asset: i64, setting: Setting) -> Option<Write> {
        let key = (asset, setting.key());
        self.wanted.insert(key.clone(), setting.clone());
        self.journal_changed = true;
        self.failed.remove(&key);
        if self.sent.contains_key(&key) {
            return None;
        }
        self.sent.insert(key, setting.clone());
        Some(Write { asset, setting })
    }

    /// The server answered the write of `thing` (a field's name, none for the rating)
    /// for `asset`: the next write for it, if any (what is wanted changed meanwhile, or
    /// a passing failure is sent again).
    pub fn answered(
        &mut self,
        asset: i64,
        thing: impl Into<Thing>,
        result: Result<(), Failure>,
    ) -> Option<Write> {
        let key = (asset, thing.into());
        let sent = self.sent.remove(&key)?;
        let wanted = self.wanted.get(&key).cloned();
        if result.is_ok() {
            self.resent.remove(&key);
        }
        let again = |this: &mut Judgements, setting: Setting| {
            this.sent.insert(key.clone(), setting.clone());
            Some(Write { asset, setting })
        };
        match result {
            Err(f) if f.passing && self.resent.get(&key).copied().unwrap_or(0) < AUTO_RESENDS => {
                *self.resent.entry(key.clone()).or_default() += 1;
                again(self, wanted.unwrap_or(sent))
            }
            Err(f) => {
                self.resent.remove(&key);
                self.failed.insert(key, f.message);
                None
            }
            Ok(()) if wanted.as_ref() == Some(&sent) => {
                self.wanted.remove(&key);
                self.journal_changed = true;
                None
            }
            Ok(()) => wanted.and_then(|w| again(self, w)),
        }
    }

    /// Send every failed write again.
    pub fn retry(&mut self) -> Vec<Write> {
        let failed: Vec<Key> = self.failed.drain().map(|(k, _)| k).collect();
        failed
            .into_iter()
            .filter_map(|k| {
                let s = self.wanted.get(&k)?.clone();
                self.want(k.0, s)
            })
            .collect()
    }

    /// Judgements an earlier session did not save: kept as failed (`why`) until sent
    /// again (`retry`), and in this instance's journal meanwhile. Trash marks are not
    /// writes: the caller keeps them.
    pub fn hold(&mut self, unsaved: Vec<Unsaved>, why: &str) {
        for u in unsaved.into_iter().filter(|u| !u.trash) {
            let s = u.setting();
            let key = (u.asset, s.key());
            self.wanted.insert(key.clone(), s);
            self.failed.insert(key, why.to_string());
        }
        self.journal_changed = true;
    }

    /// The trash marks changed: the journal is to be written again.
    pub fn trash_marks_changed(&mut self) {
        self.journal_changed = true;
    }

    /// The unsaved judgements and the assets marked for the trash (`trash`), when they
    /// changed since the last call (for the journal).
    pub fn take_journal(&mut self, trash: &[i64]) -> Option<Vec<Unsaved>> {
        if !std::mem::take(&mut self.journal_changed) {
            return None;
        }
        let marked = Setting::Trash { marked: true };
        let mut out: Vec<Unsaved> = self
            .wanted
            .iter()
            .map(|((asset, _), s)| Unsaved::of(*asset, s))
            .chain(trash.iter().map(|a| Unsaved::of(*a, &marked)))
            .collect();
        out.sort_by(|a, b| {
            (a.asset, &a.field, a.pick.map(|p| p.agid)).cmp(&(
                b.asset,
                &b.field,
                b.pick.map(|p| p.agid),
            ))
        });
        Some(out)
    }

    /// Whether a write for `asset` is in flight (its answer is not the last word).
    pub fn sending(&self, asset: i64) -> bool {
        self.sent.keys().any(|(a, _)| *a == asset)
    }

    /// Judgements not yet on the server (in flight or failed).
    pub fn unsaved(&self) -> usize {
        self.wanted.len()
    }

    pub fn failed_count(&self) -> usize {
        self.failed.len()
    }

    /// Why a judgement on `asset` is not saved, if one failed.
    pub fn failed_on(&self, asset: i64) -> Option<&str> {
        self.failed
            .iter()
            .find(|((a, _), _)| *a == asset)
            .map(|(_, why)| why.as_str())
    }

    /// Whether a judgement on `asset` is not on the server yet.
    pub fn pending_on(&self, asset: i64) -> bool {
        self.wanted.keys().any(|(a, _)| *a == asset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(asset: i64, before: i64, after: i64) -> Judgement {
        Judgement {
            asset,
            index: 0,
            before: Setting::Rating(before),
            after: Setting::Rating(after),
        }
    }

    fn w(asset: i64, r: i64) -> Option<Write> {
        Some(Write {
            asset,
            setting: Setting::Rating(r),
        })
    }

    fn field(value: Option<&str>) -> Setting {
        Setting::Field {
            name: "Status".into(),
            value: value.map(str::to_string),
        }
    }

    #[test]
    fn one_write_per_asset_and_thing_at_a_time_and_the_latest_wins() {
        let mut q = Judgements::default();
        assert_eq!(q.judge(rate(7, 0, 3)), w(7, 3));
        assert_eq!(q.judge(rate(7, 3, 4)), None, "the 3 is still on its way");
        let status = Judgement {
            asset: 7,
            index: 0,
            before: field(None),
            after: field(Some("Approved")),
        };
        assert!(
            q.judge(status).is_some(),
            "another thing of the same asset goes"
        );
        assert_eq!(
            q.judge(rate(8, 0, 5)),
            w(8, 5),
            "another asset goes at once"
        );
        assert_eq!(q.answered(7, None, Ok(())), w(7, 4), "then the 4 follows");
        assert_eq!(q.answered(7, None, Ok(())), None);
        assert_eq!(q.answered(7, Some("Status".into()), Ok(())), None);
        assert_eq!(q.answered(8, None, Ok(())), None);
        assert_eq!(q.unsaved(), 0);
    }

    #[test]
    fn failures_wait_for_retry_and_undo_restores() {
        let mut q = Judgements::default();
        q.judge(rate(7, 2, 5));
        let lasting = Failure {
            message: "HTTP 422".into(),
            passing: false,
        };
        assert_eq!(q.answered(7, None, Err(lasting)), None);
        assert_eq!(q.failed_on(7), Some("HTTP 422"));
        assert!(q.pending_on(7));
        assert_eq!(q.retry(), vec![w(7, 5).unwrap()]);
        assert_eq!(q.failed_count(), 0);
        assert_eq!(q.answered(7, None, Ok(())), None);
        let (undone, write) = q.undo().unwrap();
        assert_eq!(undone.before, Setting::Rating(2));
        assert_eq!(write, w(7, 2));
        assert!(q.undo().is_none());
    }

    #[test]
    fn a_pick_is_its_own_thing_and_survives_the_journal() {
        let lightbox = PickBox { id: 3, agid: 30 };
        let pick = |picked| Setting::Pick { lightbox, picked };
        let mut q = Judgements::default();
        q.judge(rate(7, 0, 3));
        let write = q.judge(Judgement {
            asset: 7,
            index: 0,
            before: pick(false),
            after: pick(true),
        });
        assert!(write.is_some(), "a pick does not wait for the rating");
        let journal = q.take_journal(&[]).unwrap();
        let text = serde_json::to_string(&journal).unwrap();
        assert!(
            text.contains(r#""pick":{"id":3,"agid":30},"picked":true"#),
            "{text}"
        );
        let mut back = Judgements::default();
        back.hold(
            serde_json::from_str(&text).unwrap(),
            "from the last session",
        );
        let mut sent = back.retry();
        sent.sort_by_key(|w| matches!(w.setting, Setting::Pick { .. }));
        assert_eq!(sent[1].setting, pick(true));
        assert_eq!(q.answered(7, Thing::Pick(30), Ok(())), None);
        assert_eq!(q.answered(7, None, Ok(())), None);
        assert_eq!(q.unsaved(), 0);
    }

    #[test]
    fn a_passing_failure_is_sent_again_twice_before_it_waits_for_retry() {
        let mut q = Judgements::default();
        let passing = || {
            Err(Failure {
                message: "HTTP 503".into(),
                passing: true,
            })
        };
        q.judge(rate(7, 0, 4));
        assert_eq!(q.answered(7, None, passing()), w(7, 4));
        assert_eq!(q.answered(7, None, passing()), w(7, 4));
        assert_eq!(q.answered(7, None, passing()), None, "then it waits for R");
        assert_eq!(q.failed_count(), 1);
        assert_eq!(q.retry(), vec![w(7, 4).unwrap()]);
        assert_eq!(q.answered(7, None, passing()), w(7, 4), "R starts afresh");
    }

    #[test]
    fn the_journal_follows_what_is_unsaved_and_reads_back_both_kinds() {
        let mut q = Judgements::default();
        assert_eq!(q.take_journal(&[]), None);
        q.judge(rate(7, 0, 3));
        let journal = q.take_journal(&[]).unwrap();
        assert_eq!(journal, vec![Unsaved::of(7, &Setting::Rating(3))]);
        assert_eq!(q.take_journal(&[]), None, "only when it changed");
        q.answered(7, None, Ok(()));
        assert_eq!(
            q.take_journal(&[]),
            Some(vec![]),
            "saved: the journal empties"
        );
        // What the first journals held ({asset, rating}) still reads.
        let old: Vec<Unsaved> = serde_json::from_str(r#"[{"asset": 9, "rating": 2}]"#).unwrap();
        let new = Unsaved::of(10, &field(Some("Approved")));
        let text = serde_json::to_string(std::slice::from_ref(&new)).unwrap();
        let back: Vec<Unsaved> = serde_json::from_str(&text).unwrap();
        q.hold(
            old.into_iter().chain(back).collect(),
            "from the last session",
        );
        assert_eq!(q.unsaved(), 2);
        let mut sent = q.retry();
        sent.sort_by_key(|w| w.asset);
        assert_eq!(
            sent,
            vec![
                w(9, 2).unwrap(),
                Write {
                    asset: 10,
                    setting: field(Some("Approved"))
                }
            ]
        );
    }

    #[test]
    fn trash_marks_are_journalled_but_never_held_as_writes() {
        let mut q = Judgements::default();
        q.trash_marks_changed();
        let journal = q.take_journal(&[4, 2]).unwrap();
        let text = serde_json::to_string(&journal).unwrap();
        assert_eq!(
            text,
            r#"[{"asset":2,"rating":0,"trash":true},{"asset":4,"rating":0,"trash":true}]"#
        );
        let mut back = Judgements::default();
        back.hold(serde_json::from_str(&text).unwrap(), "last session");
        assert_eq!(back.unsaved(), 0, "a mark is not a write");
        assert!(back.retry().is_empty());
    }
}
