//! Drafts: every dirty form, written as the user types to
//! `$XDG_STATE_HOME/mgtui/drafts.json` (atomic: temp file + fsync + rename, mode 0600),
//! so a crash, a kill or a dropped SSH session loses nothing. Removed on save or
//! discard. Several instances share the file: each one merges only the drafts it
//! changed, under a lock (see `state_file`), so none drops another's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::field::Value;

/// One field's edit: the value it had when the form was loaded, and the user's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDraft {
    pub original: Value,
    pub value: Value,
}

/// The unsaved edits of one asset's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub asset_id: i64,
    /// Title or filename, to name the draft when offering it.
    pub label: String,
    /// `updated_at` of the asset when the form was loaded (conflict detection).
    pub base_updated_at: Option<String>,
    /// Seconds since the Unix epoch.
    pub saved_at: u64,
    /// Field draft key (`title`, `custom:4501`, …) → edit. Only dirty fields.
    pub fields: BTreeMap<String, FieldDraft>,
    /// The field the cursor was on.
    #[serde(default)]
    pub focus: Option<String>,
    /// The mgtui that wrote it (absent in drafts from older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<DraftOwner>,
}

/// Which running mgtui a draft belongs to: another instance's live draft is not offered
/// for restoring, and editing the same asset tells the user.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DraftOwner {
    pub pid: u32,
    pub host: String,
    /// Seconds since the Unix epoch when that mgtui started (pids are reused).
    pub started: u64,
}

impl DraftOwner {
    /// This process, the same value on every call.
    pub(crate) fn this_process() -> DraftOwner {
        static ME: std::sync::OnceLock<DraftOwner> = std::sync::OnceLock::new();
        ME.get_or_init(|| DraftOwner {
            pid: std::process::id(),
            host: crate::state_file::host_name(),
            started: now_secs(),
        })
        .clone()
    }

    /// Whether that mgtui still runs (a process with its pid on this host). A draft
    /// from another host counts as running: its owner cannot be asked.
    pub(crate) fn is_running(&self) -> bool {
        if self.host != crate::state_file::host_name() {
            return true;
        }
        crate::state_file::process_runs(self.pid)
    }

    /// `pid 4242 on build-box`.
    pub fn describe(&self) -> String {
        format!("pid {} on {}", self.pid, self.host)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFile {
    pub version: u32,
    pub drafts: Vec<Draft>,
}

pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Where drafts live on disk.
#[derive(Debug, Clone)]
pub struct DraftStore {
    path: PathBuf,
}

impl DraftStore {
    pub fn new(path: impl Into<PathBuf>) -> DraftStore {
        DraftStore { path: path.into() }
    }

    /// `$XDG_STATE_HOME/mgtui/drafts.json`.
    pub(crate) fn default_location() -> DraftStore {
        DraftStore::new(crate::paths::state_dir().join("drafts.json"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The drafts on disk; none when there is no file. A damaged file is kept aside
    /// (`drafts.json.damaged`) rather than overwritten, and reported.
    pub fn load(&self) -> std::io::Result<Vec<Draft>> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        match serde_json::from_slice::<DraftFile>(&bytes) {
            Ok(f) => Ok(f.drafts),
            Err(e) => {
                let aside = self.path.with_extension("json.damaged");
                let _ = std::fs::rename(&self.path, &aside);
                Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("drafts file unreadable ({e}); kept as {}", aside.display()),
                ))
            }
        }
    }

    /// Replace the file with `drafts` atomically; an empty set removes the file.
    pub fn write(&self, drafts: &[Draft]) -> std::io::Result<()> {
        if drafts.is_empty() {
            return match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let file = DraftFile {
            version: 1,
            drafts: drafts.to_vec(),
        };
        let body = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        crate::state_file::write_atomic(&self.path, &body)
    }

    /// Under the shared lock: put `upserts` in place of the same assets' drafts, drop
    /// the drafts of `removals` that still belong to the owner given with them (so a
    /// draft another instance has taken over since is left alone), keep every other
    /// draft as it is.
    pub fn merge(&self, upserts: &[Draft], removals: &[Removal]) -> std::io::Result<()> {
        let _lock = crate::state_file::FileLock::acquire(&self.path)?;
        let mut on_disk: BTreeMap<i64, Draft> = match self.load() {
            Ok(d) => d.into_iter().map(|d| (d.asset_id, d)).collect(),
            // A damaged file was kept aside by `load`; start a new one.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => BTreeMap::new(),
            Err(e) => return Err(e),
        };
        for (id, owner) in removals {
            if on_disk.get(id).is_some_and(|d| &d.owner == owner) {
                on_disk.remove(id);
            }
        }
        for d in upserts {
            on_disk.insert(d.asset_id, d.clone());
        }
        let all: Vec<Draft> = on_disk.into_values().collect();
        self.write(&all)
    }
}

/// An asset whose draft is to go, and the owner that draft had when this instance
/// last saw it.
pub type Removal = (i64, Option<DraftOwner>);

/// What this instance last wrote, so each new set becomes a change of only its drafts.
#[derive(Debug, Default, Clone)]
pub struct DraftDelta {
    known: BTreeMap<i64, Draft>,
    /// Drafts of this owner are written; others' (offered, not yet touched) never are,
    /// so a stale copy cannot overwrite what their owner wrote since.
    me: Option<DraftOwner>,
}

impl DraftDelta {
    /// Start from the drafts found on disk at start (so offering them is no change).
    pub fn seeded(drafts: &[Draft], me: Option<DraftOwner>) -> DraftDelta {
        DraftDelta {
            known: drafts.iter().map(|d| (d.asset_id, d.clone())).collect(),
            me,
        }
    }

    /// The drafts of this owner that changed or appeared, and the assets whose draft
    /// went away (saved, discarded, or restored and saved by another instance).
    pub fn change(&mut self, latest: &[Draft]) -> (Vec<Draft>, Vec<Removal>) {
        let next: BTreeMap<i64, Draft> = latest.iter().map(|d| (d.asset_id, d.clone())).collect();
        let upserts = next
            .values()
            .filter(|d| d.owner == self.me && self.known.get(&d.asset_id) != Some(d))
            .cloned()
            .collect();
        let removals = self
            .known
            .values()
            .filter(|d| !next.contains_key(&d.asset_id))
            .map(|d| (d.asset_id, d.owner.clone()))
            .collect();
        self.known = next;
        (upserts, removals)
    }
}

/// Start a task that writes the latest draft set it is given, one write at a time,
/// skipping sets that were superseded while a write ran. Drop the sender and await the
/// handle to be sure the last set is on disk.
///
/// `written` hears the result of every write. A failed write is not counted as written:
/// the next set is written whole again.
pub(crate) fn spawn_writer(
    store: DraftStore,
    on_disk_at_start: Vec<Draft>,
    me: Option<DraftOwner>,
    written: impl Fn(std::io::Result<()>) + Send + 'static,
) -> (
    tokio::sync::mpsc::UnboundedSender<Vec<Draft>>,
    tokio::task::JoinHandle<()>,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<Draft>>();
    let handle = tokio::spawn(async move {
        let mut delta = DraftDelta::seeded(&on_disk_at_start, me);
        let mut failing = false;
        while let Some(mut latest) = rx.recv().await {
            while let Ok(newer) = rx.try_recv() {
                latest = newer;
            }
            let before = delta.clone();
            let (upserts, removals) = delta.change(&latest);
            if upserts.is_empty() && removals.is_empty() {
                // What could not be written is no longer wanted (saved or discarded).
                if std::mem::take(&mut failing) {
                    written(Ok(()));
                }
                continue;
            }
            let writing = store.clone();
            let res = tokio::task::spawn_blocking(move || writing.merge(&upserts, &removals))
                .await
                .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())));
            if let Err(e) = &res {
                tracing::warn!("writing drafts to {} failed: {e}", store.path().display());
                delta = before;
            }
            failing = res.is_err();
            written(res);
        }
    });
    (tx, handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(id: i64) -> Draft {
        let mut fields = BTreeMap::new();
        fields.insert(
            "description".to_string(),
            FieldDraft {
                original: Value::Text("old".into()),
                value: Value::Text("line one\nline 2 — ✓ 写真".into()),
            },
        );
        fields.insert(
            "tags".to_string(),
            FieldDraft {
                original: Value::List(vec!["a".into()]),
                value: Value::List(vec!["a".into(), "b".into()]),
            },
        );
        fields.insert(
            "rating".to_string(),
            FieldDraft {
                original: Value::Int(None),
                value: Value::Int(Some(3)),
            },
        );
        Draft {
            asset_id: id,
            label: "A photo".into(),
            base_updated_at: Some("2026-01-01T00:00:00.000Z".into()),
            saved_at: 1,
            fields,
            focus: Some("description".into()),
            owner: None,
        }
    }

    #[test]
    fn this_process_is_running_and_a_dead_pid_is_not() {
        let me = DraftOwner::this_process();
        assert_eq!(me, DraftOwner::this_process());
        assert!(me.is_running());
        let gone = DraftOwner {
            pid: i32::MAX as u32 - 7,
            ..me.clone()
        };
        assert!(!gone.is_running());
        let elsewhere = DraftOwner {
            host: "another-host.invalid".into(),
            ..gone
        };
        assert!(elsewhere.is_running(), "another host's draft is left alone");
    }

    #[test]
    fn round_trip_is_exact_private_and_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("state/mgtui/drafts.json"));
        assert!(store.load().unwrap().is_empty());
        let drafts = vec![draft(1), draft(2)];
        store.write(&drafts).unwrap();
        assert_eq!(store.load().unwrap(), drafts);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // no temp files left behind
        let names: Vec<String> = std::fs::read_dir(store.path().parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["drafts.json"]);
        store.write(&[]).unwrap();
        assert!(!store.path().exists());
        store.write(&[]).unwrap();
    }

    #[test]
    fn merges_keep_other_instances_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("drafts.json"));
        let mut a = DraftDelta::default();
        let mut b = DraftDelta::default();
        let (up, rm) = a.change(&[draft(1)]);
        store.merge(&up, &rm).unwrap();
        let (up, rm) = b.change(&[draft(2)]);
        store.merge(&up, &rm).unwrap();
        let mut edited = draft(1);
        edited.label = "typed again".into();
        let (up, rm) = a.change(std::slice::from_ref(&edited));
        assert_eq!((up.len(), rm.len()), (1, 0));
        store.merge(&up, &rm).unwrap();
        let ids: Vec<i64> = store.load().unwrap().iter().map(|d| d.asset_id).collect();
        assert_eq!(ids, vec![1, 2], "B's draft survives A's writes");
        // A saves: only its draft goes.
        let (up, rm) = a.change(&[]);
        store.merge(&up, &rm).unwrap();
        assert_eq!(store.load().unwrap(), vec![draft(2)]);
        // Drafts found at start are no change until this instance touches them.
        let mut c = DraftDelta::seeded(&[draft(2)], None);
        assert_eq!(c.change(&[draft(2)]), (vec![], vec![]));
        // Another owner's draft held by this instance is never written back.
        let me = DraftOwner::this_process();
        let mut d = DraftDelta::seeded(&[], Some(me.clone()));
        let mut mine = draft(3);
        mine.owner = Some(me);
        let (up, _) = d.change(&[draft(2), mine.clone()]);
        assert_eq!(up, vec![mine]);
        // C offered draft 2 (no owner); another instance takes it over; C's user then
        // discards it: the taken-over draft stays.
        let mut taken = draft(2);
        taken.owner = Some(DraftOwner {
            pid: 1,
            host: "b".into(),
            started: 1,
        });
        store.merge(std::slice::from_ref(&taken), &[]).unwrap();
        let (up, rm) = c.change(&[]);
        assert_eq!(rm, vec![(2, None)]);
        store.merge(&up, &rm).unwrap();
        assert_eq!(store.load().unwrap(), vec![taken]);
    }

    #[test]
    fn twenty_concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("drafts.json"));
        let threads: Vec<_> = (0..20)
            .map(|w| {
                let store = store.clone();
                std::thread::spawn(move || {
                    let mut delta = DraftDelta::default();
                    for round in 0..15 {
                        let mut mine = Vec::new();
                        for k in 0..3 {
                            let mut d = draft(w * 100 + k);
                            d.saved_at = round;
                            mine.push(d);
                        }
                        let (up, rm) = delta.change(&mine);
                        store.merge(&up, &rm).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let all = store.load().unwrap();
        assert_eq!(all.len(), 60, "every writer's three drafts are there");
        assert!(
            all.iter().all(|d| d.saved_at == 14),
            "each at its last round"
        );
    }

    #[test]
    fn a_damaged_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("drafts.json"));
        std::fs::write(store.path(), b"{not json").unwrap();
        assert!(store.load().is_err());
        assert!(dir.path().join("drafts.json.damaged").exists());
        assert!(store.load().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_failed_write_is_written_whole_once_the_disk_takes_it() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the drafts directory should be: every write fails.
        let blocker = dir.path().join("state");
        std::fs::write(&blocker, b"not a directory").unwrap();
        let store = DraftStore::new(blocker.join("drafts.json"));
        let (results_tx, mut results) = tokio::sync::mpsc::unbounded_channel();
        let (tx, handle) = spawn_writer(store.clone(), Vec::new(), None, move |r| {
            let _ = results_tx.send(r.is_ok());
        });
        tx.send(vec![draft(1)]).unwrap();
        assert_eq!(results.recv().await, Some(false));

        std::fs::remove_file(&blocker).unwrap();
        tx.send(vec![draft(1)]).unwrap();
        assert_eq!(
            results.recv().await,
            Some(true),
            "the same set is tried again"
        );
        assert_eq!(store.load().unwrap(), vec![draft(1)]);

        std::fs::remove_dir_all(&blocker).unwrap();
        std::fs::write(&blocker, b"not a directory").unwrap();
        tx.send(vec![draft(1), draft(2)]).unwrap();
        assert_eq!(results.recv().await, Some(false));
        tx.send(Vec::new()).unwrap();
        assert_eq!(
            results.recv().await,
            Some(false),
            "removing draft 1 from disk is a write, and it fails too"
        );
        drop(tx);
        handle.await.unwrap();
    }
}
