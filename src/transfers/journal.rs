//! Unfinished downloads survive a kill, a hang-up or a quit: each running mgtui keeps the
//! downloads it has not finished in its own file under the state directory
//! (`downloads-HOST-PID.json`, 0600), and the next start takes over the files of
//! instances that no longer run and resumes those downloads from their `.part` files.

use std::path::{Path, PathBuf};

use crate::protocol::transfers::DownloadJob;

const PREFIX: &str = "downloads-";

/// This instance's journal in `state_dir`.
pub(crate) fn own_path(state_dir: &Path) -> PathBuf {
    state_dir.join(format!(
        "{PREFIX}{}-{}.json",
        crate::state_file::host_name(),
        std::process::id()
    ))
}

/// Write `jobs` as this instance's unfinished downloads (none: remove the file).
pub(crate) fn write(path: &Path, jobs: &[DownloadJob]) -> std::io::Result<()> {
    if jobs.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let text = serde_json::to_string_pretty(jobs).map_err(std::io::Error::other)?;
    crate::state_file::write_atomic(path, text.as_bytes())
}

/// Take over the journals of instances on this host that no longer run: their jobs,
/// and the files are removed (the caller resumes the jobs under its own journal).
pub(crate) fn take_orphans(state_dir: &Path) -> Vec<DownloadJob> {
    let host = crate::state_file::host_name();
    let Ok(entries) = std::fs::read_dir(state_dir) else {
        return Vec::new();
    };
    let mut jobs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(owner) = name
            .strip_prefix(PREFIX)
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
        let path = entry.path();
        match std::fs::read(&path).map(|b| serde_json::from_slice::<Vec<DownloadJob>>(&b)) {
            Ok(Ok(found)) => jobs.extend(found),
            Ok(Err(e)) => tracing::warn!("{}: unreadable ({e}); left alone", path.display()),
            Err(e) => tracing::warn!("{}: {e}", path.display()),
        }
        if let Err(e) = std::fs::remove_file(&path) {
            tracing::warn!("{}: not removed: {e}", path.display());
        }
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(transfer: u64) -> DownloadJob {
        DownloadJob {
            transfer,
            asset_id: 100_000 + transfer as i64,
            size: "original".into(),
            dir: PathBuf::from("/srv/in"),
            name: format!("a{transfer}.jpg"),
            zip_of: Vec::new(),
        }
    }

    #[test]
    fn a_dead_instances_downloads_are_taken_over_once_and_a_live_ones_left() {
        let dir = tempfile::tempdir().unwrap();
        let host = crate::state_file::host_name();
        // A pid that cannot run: above the kernel's limit.
        let dead = dir.path().join(format!("{PREFIX}{host}-4194999.json"));
        write(&dead, &[job(1), job(2)]).unwrap();
        let mine = own_path(dir.path());
        write(&mine, &[job(3)]).unwrap();
        let other_host = dir.path().join(format!("{PREFIX}elsewhere-4194999.json"));
        write(&other_host, &[job(4)]).unwrap();

        let taken = take_orphans(dir.path());
        assert_eq!(taken, vec![job(1), job(2)]);
        assert!(!dead.exists(), "taken over once");
        assert!(
            mine.exists() && other_host.exists(),
            "the living and other hosts' stay"
        );
        assert!(take_orphans(dir.path()).is_empty());

        write(&mine, &[]).unwrap();
        assert!(!mine.exists(), "nothing unfinished: no file");
    }
}
