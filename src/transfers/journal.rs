//! Unfinished transfers survive a kill, a hang-up or a quit: each running mgtui keeps the
//! downloads and uploads it has not finished in its own files under the state directory
//! (`downloads-SCOPE-HOST-PID.json` and `uploads-…`, 0600; the scope names the server and
//! organisation, as ids mean nothing elsewhere), and the next start on the same server
//! takes over the files of instances that no longer run: downloads resume from their
//! `.part` files, uploads are offered for resuming (into the assets already created).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Which journal: the file name's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Downloads,
    Uploads,
    /// The loupe's ratings not yet on the server.
    Judgements,
    /// Comments written and not sent yet.
    CommentDrafts,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Downloads => "downloads-",
            Kind::Uploads => "uploads-",
            Kind::Judgements => "judgements-",
            Kind::CommentDrafts => "comment-drafts-",
        }
    }
}

/// A short name for (server host, organisation) that is safe in a file name. The port
/// is left out: the embedded demo server gets a new one at every start.
pub fn scope(base_url: &str, organization: Option<i64>) -> String {
    let host = url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| base_url.to_string());
    // FNV-1a: stable across runs and builds (the std hasher is not).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{host}|{organization:?}").bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// This instance's journal of `kind` in `state_dir` for `scope`.
pub fn own_path(state_dir: &Path, kind: Kind, scope: &str) -> PathBuf {
    state_dir.join(format!(
        "{}{scope}-{}-{}.json",
        kind.prefix(),
        crate::state_file::host_name(),
        std::process::id()
    ))
}

/// Write `jobs` as this instance's unfinished transfers (none: remove the file).
pub fn write<T: Serialize>(path: &Path, jobs: &[T]) -> std::io::Result<()> {
    if jobs.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let text = serde_json::to_string_pretty(jobs).map_err(std::io::Error::other)?;
    crate::state_file::write_atomic(path, text.as_bytes())
}

/// This instance's own journal from an earlier session of this process (a profile
/// switch ends one session and starts another): its jobs, and the file is removed.
pub fn take_own<T: DeserializeOwned>(path: &Path) -> Vec<T> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let jobs = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        tracing::warn!("{}: unreadable ({e})", path.display());
        Vec::new()
    });
    let _ = std::fs::remove_file(path);
    jobs
}

/// At start: this instance's journal of `kind` and `scope`, and what it and the
/// instances on this host that no longer run left unfinished there.
pub fn take_left<T: DeserializeOwned>(
    state_dir: &Path,
    kind: Kind,
    scope: &str,
) -> (PathBuf, Vec<T>) {
    let path = own_path(state_dir, kind, scope);
    let mut left = take_own(&path);
    left.extend(take_orphans(state_dir, kind, scope));
    (path, left)
}

/// Take over the journals of `kind` and `scope` left by instances on this host that no
/// longer run: their jobs. Each file is first renamed to one of this instance's (only
/// one starting instance can win it), then read and removed; an unreadable one is left
/// for a person.
pub fn take_orphans<T: DeserializeOwned>(state_dir: &Path, kind: Kind, scope: &str) -> Vec<T> {
    let host = crate::state_file::host_name();
    let Ok(entries) = std::fs::read_dir(state_dir) else {
        return Vec::new();
    };
    let mut jobs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(owner) = name
            .strip_prefix(kind.prefix())
            .and_then(|r| r.strip_prefix(scope))
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| r.strip_suffix(".json"))
        else {
            continue;
        };
        let Some((owner_host, pid)) = owner.rsplit_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if owner_host != host || pid == std::process::id() || crate::state_file::process_runs(pid) {
            continue;
        }
        let taking = state_dir.join(format!(".{name}.taken-by-{}", std::process::id()));
        if std::fs::rename(entry.path(), &taking).is_err() {
            continue; // another instance took it first
        }
        match std::fs::read(&taking).map(|b| serde_json::from_slice::<Vec<T>>(&b)) {
            Ok(Ok(found)) => {
                jobs.extend(found);
                if let Err(e) = std::fs::remove_file(&taking) {
                    tracing::warn!("{}: not removed: {e}", taking.display());
                }
            }
            Ok(Err(e)) => tracing::warn!("{}: unreadable ({e}); left alone", taking.display()),
            Err(e) => tracing::warn!("{}: {e}", taking.display()),
        }
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::transfers::DownloadJob;

    fn job(transfer: u64) -> DownloadJob {
        DownloadJob {
            transfer,
            asset_id: 100_000 + transfer as i64,
            size: "original".into(),
            dir: PathBuf::from("/srv/in"),
            name: format!("a{transfer}.jpg"),
            zip_of: Vec::new(),
            version: None,
        }
    }

    #[test]
    fn a_dead_instances_downloads_are_taken_over_once_and_a_live_ones_left() {
        let dir = tempfile::tempdir().unwrap();
        let host = crate::state_file::host_name();
        let here = scope("https://api.example.test", Some(7));
        assert_ne!(here, scope("https://api.example.test", Some(8)));
        assert_eq!(
            scope("http://127.0.0.1:40001", Some(1)),
            scope("http://127.0.0.1:40002/", Some(1)),
            "the port does not matter"
        );
        // A pid that cannot run: above the kernel's limit.
        let dead = dir
            .path()
            .join(format!("downloads-{here}-{host}-4194999.json"));
        write(&dead, &[job(1), job(2)]).unwrap();
        let mine = own_path(dir.path(), Kind::Downloads, &here);
        write(&mine, &[job(3)]).unwrap();
        let other_host = dir
            .path()
            .join(format!("downloads-{here}-elsewhere-4194999.json"));
        write(&other_host, &[job(4)]).unwrap();
        let other_server = dir.path().join(format!(
            "downloads-{}-{host}-4194999.json",
            scope("http://127.0.0.1", None)
        ));
        write(&other_server, &[job(5)]).unwrap();

        assert!(
            take_orphans::<DownloadJob>(dir.path(), Kind::Uploads, &here).is_empty(),
            "uploads are another journal"
        );
        let taken: Vec<DownloadJob> = take_orphans(dir.path(), Kind::Downloads, &here);
        assert_eq!(taken, vec![job(1), job(2)]);
        assert!(!dead.exists(), "taken over once");
        assert!(
            mine.exists() && other_host.exists() && other_server.exists(),
            "the living, other hosts' and other servers' stay"
        );
        assert!(take_orphans::<DownloadJob>(dir.path(), Kind::Downloads, &here).is_empty());

        assert_eq!(
            take_own::<DownloadJob>(&mine),
            vec![job(3)],
            "a profile switch in this process"
        );
        assert!(!mine.exists());
        write(&mine, &[job(3)]).unwrap();
        write::<DownloadJob>(&mine, &[]).unwrap();
        assert!(!mine.exists(), "nothing unfinished: no file");
    }

    /// A new version's batch keeps its asset in the journal (so a restart sends the bytes
    /// to it again, with no session); journals written before versions read as folders.
    #[test]
    fn a_new_versions_batch_reads_back_and_old_journals_still_read() {
        use crate::protocol::transfers::{AssetRef, UploadBatch, UploadFile, UploadTarget};
        let dir = tempfile::tempdir().unwrap();
        let path = own_path(
            dir.path(),
            Kind::Uploads,
            &scope("http://127.0.0.1", Some(1)),
        );
        let batch = UploadBatch {
            target: UploadTarget {
                batch: 3,
                folder_id: 0,
                folder_name: "cat.jpg".into(),
                contribution_id: None,
                session: None,
                version_of: Some(AssetRef {
                    id: 42,
                    guid: "g-42".into(),
                    version: Some(2),
                }),
            },
            files: vec![UploadFile {
                transfer: 9,
                local: PathBuf::from("/srv/out/cat-final.jpg"),
                size: 10,
                path: String::new(),
                key: "k9".into(),
                asset: None,
            }],
        };
        write(&path, std::slice::from_ref(&batch)).unwrap();
        assert_eq!(take_own::<UploadBatch>(&path), vec![batch]);
        let old = r#"[{"target": {"batch": 1, "folder_id": 5, "folder_name": "Press",
            "contribution_id": 7}, "files": []}]"#;
        std::fs::write(&path, old).unwrap();
        let read: Vec<UploadBatch> = take_own(&path);
        assert_eq!(read[0].target.version_of, None);
        assert_eq!(read[0].target.folder_id, 5);
    }
}
