//! Files that several mgtui instances share (two SSH sessions, a tmux window per task):
//! drafts, search history. Each is changed by read-merge-write under an advisory lock
//! (`flock` on `<file>.lock`), so an instance adds or removes only its own entries and
//! never drops another's; and each write is atomic (a private temp file in the same
//! directory, fsync, rename, fsync of the directory), so a crash or a full disk mid-write
//! leaves the previous version whole.
//!
//! Read-merge-write under a lock, rather than one file per entry, keeps each file a
//! single readable document that older versions of mgtui still understand.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An exclusive lock on `<path>.lock`, released on drop.
pub struct FileLock {
    file: File,
}

impl FileLock {
    /// Wait for the lock that guards `path` (created, 0600, when missing).
    pub(crate) fn acquire(path: &Path) -> std::io::Result<FileLock> {
        let lock_path = lock_path(path);
        if let Some(dir) = lock_path.parent() {
            crate::paths::ensure_private_dir(dir)?;
        }
        let mut opts = std::fs::OpenOptions::new();
        opts.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&lock_path)?;
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            loop {
                // SAFETY: a valid descriptor owned by `file` for the call.
                let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
                if rc == 0 {
                    break;
                }
                let e = std::io::Error::last_os_error();
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
        Ok(FileLock { file })
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid descriptor owned by `self.file`.
            unsafe { libc::flock(self.file.as_raw_fd(), libc::LOCK_UN) };
        }
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Replace `path` with `bytes` atomically, readable only by the user (0600, in a 0700
/// directory). On any error the previous file is untouched and the temp file removed.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_as(path, bytes, 0o600, true)
}

/// Like [`write_atomic`] for a file the user may share (config.toml): it keeps the
/// mode the file has (else `mode`), and the directory's.
pub(crate) fn write_atomic_keeping_mode(
    path: &Path,
    bytes: &[u8],
    mode: u32,
) -> std::io::Result<()> {
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).map_or(mode, |m| m.permissions().mode() & 0o7777)
    };
    write_atomic_as(path, bytes, mode, false)
}

fn write_atomic_as(path: &Path, bytes: &[u8], mode: u32, private_dir: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    if private_dir {
        crate::paths::ensure_private_dir(&dir)?;
    } else {
        std::fs::create_dir_all(&dir)?;
    }
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(
        ".{name}.{}.{}.{seq}.tmp",
        host_name(),
        std::process::id()
    ));
    let result = (|| {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(mode);
        }
        let mut f = opts.open(&tmp)?;
        #[cfg(unix)]
        {
            // The umask may have narrowed the mode asked for at creation.
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = mode;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // The rename itself survives a crash only once the directory is on disk.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        remove_orphaned_temps(&dir, &name);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Temp files of `name` left by writers on this host that were killed mid-write (their
/// pid no longer runs) are removed; a live writer's, and another host's (the state
/// directory may be shared), are left alone.
fn remove_orphaned_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.{}.", host_name());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some(pid) = rest.split('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// No space left on the device, or over the user's quota.
pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull || matches!(e.raw_os_error(), Some(28 | 122))
}

/// This machine's host name (in temp file names and draft owners).
pub(crate) fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer and its length are valid; gethostname NUL-terminates or
        // truncates within it.
        if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            return String::from_utf8_lossy(&buf[..end]).replace(['/', '.'], "_");
        }
    }
    "localhost".to_string()
}

/// Whether a process with this pid exists on this host.
pub(crate) fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only checks that the process exists.
        let rc = unsafe { libc::kill(pid as libc::pid_t, 0) };
        rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/file.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn temp_files_of_dead_writers_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("drafts.json");
        let host = host_name();
        let dead_pid = i32::MAX - 7;
        let dead = dir
            .path()
            .join(format!(".drafts.json.{host}.{dead_pid}.3.tmp"));
        let live = dir.path().join(format!(".drafts.json.{host}.1.0.tmp"));
        let elsewhere = dir
            .path()
            .join(format!(".drafts.json.other-host.{dead_pid}.3.tmp"));
        for f in [&dead, &live, &elsewhere] {
            std::fs::write(f, b"partial").unwrap();
        }
        write_atomic(&p, b"whole").unwrap();
        assert!(!dead.exists(), "a killed writer's temp file is removed");
        assert!(live.exists(), "pid 1 runs: its temp file stays");
        assert!(elsewhere.exists(), "another host's temp file stays");
    }

    #[test]
    fn a_failed_write_keeps_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("file.txt");
        write_atomic(&p, b"kept").unwrap();
        // A directory where the file should go: the rename fails.
        let blocked = dir.path().join("blocked");
        std::fs::create_dir_all(blocked.join("x")).unwrap();
        assert!(write_atomic(&blocked, b"new").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"kept");
        let temps = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(temps, 0);
    }

    #[test]
    fn the_lock_serialises_read_modify_write_across_threads() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("counter");
        write_atomic(&p, b"0").unwrap();
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let p = p.clone();
                std::thread::spawn(move || {
                    for _ in 0..25 {
                        let _lock = FileLock::acquire(&p).unwrap();
                        let n: u32 = std::fs::read_to_string(&p).unwrap().parse().unwrap();
                        write_atomic(&p, (n + 1).to_string().as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "200");
    }
}
