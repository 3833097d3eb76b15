//! Drafts: every dirty form, written as the user types to
//! `$XDG_STATE_HOME/mgtui/drafts.json` (atomic: temp file + rename, mode 0600), so a
//! crash, a kill or a dropped SSH session loses nothing. Removed on save or discard.

use std::collections::BTreeMap;
use std::io::Write;
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
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFile {
    pub version: u32,
    pub drafts: Vec<Draft>,
}

pub fn now_secs() -> u64 {
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
    pub fn default_location() -> DraftStore {
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
        let dir = self
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        crate::paths::ensure_private_dir(&dir)?;
        let file = DraftFile {
            version: 1,
            drafts: drafts.to_vec(),
        };
        let body = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".drafts.json.{}.{seq}.tmp", std::process::id()));
        {
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            let mut f = opts.open(&tmp)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            }
            f.write_all(&body)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path)
    }
}

/// Start a task that writes the latest draft set it is given, one write at a time,
/// skipping sets that were superseded while a write ran. Drop the sender and await the
/// handle to be sure the last set is on disk.
pub fn spawn_writer(
    store: DraftStore,
) -> (
    tokio::sync::mpsc::UnboundedSender<Vec<Draft>>,
    tokio::task::JoinHandle<()>,
) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<Draft>>();
    let handle = tokio::spawn(async move {
        while let Some(mut latest) = rx.recv().await {
            while let Ok(newer) = rx.try_recv() {
                latest = newer;
            }
            let store = store.clone();
            let res = tokio::task::spawn_blocking(move || store.write(&latest)).await;
            match res {
                Ok(Err(e)) => tracing::warn!("writing drafts failed: {e}"),
                Err(e) => tracing::warn!("drafts writer: {e}"),
                Ok(Ok(())) => {}
            }
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
        }
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
    fn a_damaged_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = DraftStore::new(dir.path().join("drafts.json"));
        std::fs::write(store.path(), b"{not json").unwrap();
        assert!(store.load().is_err());
        assert!(dir.path().join("drafts.json.damaged").exists());
        assert!(store.load().unwrap().is_empty());
    }
}
