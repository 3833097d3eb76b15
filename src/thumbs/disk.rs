//! Downloaded renditions on disk under the XDG cache dir, keyed by
//! (guid, data version, rendition), bounded in bytes: the oldest files go first. When the
//! disk is full, the cache gives back half of what it holds and stays that small.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

pub struct DiskCache {
    dir: PathBuf,
    cap_bytes: u64,
    /// The cap in force: `cap_bytes`, or less once the disk was found full.
    limit: AtomicU64,
    /// Running total of the files' sizes, so a write does not rescan the directory;
    /// the scan happens only when the total passes the cap.
    total: AtomicU64,
    /// Serialises eviction scans; reads and writes of single files need no lock.
    evicting: Mutex<()>,
}

impl std::fmt::Debug for DiskCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiskCache")
            .field("dir", &self.dir)
            .field("cap_bytes", &self.cap_bytes)
            .finish()
    }
}

fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect()
}

impl DiskCache {
    /// Open (creating, mode 0700) `dir`.
    pub fn open(dir: PathBuf, cap_bytes: u64) -> std::io::Result<DiskCache> {
        crate::paths::ensure_private_dir(&dir)?;
        let cache = DiskCache {
            dir,
            cap_bytes,
            limit: AtomicU64::new(cap_bytes),
            total: AtomicU64::new(0),
            evicting: Mutex::new(()),
        };
        let size = cache.size();
        cache.total.store(size, Ordering::Relaxed);
        Ok(cache)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, guid: &str, version: i64, rendition: &str) -> PathBuf {
        self.dir
            .join(format!("{}-v{version}-{rendition}.img", safe_name(guid)))
    }

    /// The cached bytes, refreshing the file's age so it is evicted last.
    pub fn get(&self, guid: &str, version: i64, rendition: &str) -> Option<Vec<u8>> {
        let p = self.path(guid, version, rendition);
        let bytes = fs::read(&p).ok()?;
        if let Ok(f) = fs::File::options().write(true).open(&p) {
            let _ = f.set_modified(SystemTime::now());
        }
        Some(bytes)
    }

    /// Store atomically (temp file + rename), then evict the oldest files over the cap.
    pub fn put(&self, guid: &str, version: i64, rendition: &str, bytes: &[u8]) {
        if bytes.len() as u64 > self.limit() {
            return; // it could never stay (a full disk shrank the cache to nothing)
        }
        let p = self.path(guid, version, rendition);
        let replaced = fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        let tmp = p.with_extension(format!("tmp{}", std::process::id()));
        let written = fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(bytes))
            .and_then(|_| fs::rename(&tmp, &p));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            if crate::state_file::is_disk_full(&e) {
                self.give_back_space(&e);
            }
            return;
        }
        let total =
            self.total.fetch_add(bytes.len() as u64, Ordering::Relaxed) + bytes.len() as u64;
        self.total.fetch_sub(replaced.min(total), Ordering::Relaxed);
        if total.saturating_sub(replaced) > self.limit.load(Ordering::Relaxed) {
            self.evict();
        }
    }

    /// The disk is full: halve the cache (oldest first) and keep it that small, so
    /// drafts and settings find room.
    fn give_back_space(&self, e: &std::io::Error) {
        let held = self.size();
        let limit = (held / 2).min(self.limit.load(Ordering::Relaxed));
        self.limit.store(limit, Ordering::Relaxed);
        tracing::warn!(
            "thumbnail cache {}: {e}; it now keeps at most {limit} bytes",
            self.dir.display()
        );
        self.evict();
    }

    /// The cap in force (lower than asked once the disk was full).
    pub fn limit(&self) -> u64 {
        self.limit.load(Ordering::Relaxed)
    }

    /// Total bytes in the cache.
    pub fn size(&self) -> u64 {
        self.entries().iter().map(|(_, len, _)| len).sum()
    }

    fn entries(&self) -> Vec<(PathBuf, u64, SystemTime)> {
        let Ok(rd) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        rd.filter_map(Result::ok)
            .filter_map(|e| {
                let m = e.metadata().ok()?;
                m.is_file().then(|| {
                    (
                        e.path(),
                        m.len(),
                        m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                    )
                })
            })
            .collect()
    }

    fn evict(&self) {
        let Ok(_guard) = self.evicting.try_lock() else {
            return; // another writer is already evicting
        };
        let mut entries = self.entries();
        let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
        let limit = self.limit.load(Ordering::Relaxed);
        if total <= limit {
            self.total.store(total, Ordering::Relaxed);
            return;
        }
        entries.sort_by_key(|(_, _, t)| *t);
        for (path, len, _) in entries {
            if total <= limit {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
            }
        }
        self.total.store(total, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_eviction_of_the_oldest() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::open(dir.path().join("thumbs"), 250).unwrap();
        cache.put("g-1", 1, "grid", &[1u8; 100]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        cache.put("g-2", 1, "grid", &[2u8; 100]);
        assert_eq!(cache.get("g-1", 1, "grid").unwrap().len(), 100);
        std::thread::sleep(std::time::Duration::from_millis(20));
        // g-1 was just read, so g-2 is now the oldest and goes first.
        cache.put("g-3", 1, "grid", &[3u8; 100]);
        assert!(cache.size() <= 250);
        assert!(cache.get("g-2", 1, "grid").is_none());
        assert!(cache.get("g-1", 1, "grid").is_some());
        assert!(cache.get("g-3", 1, "grid").is_some());
        assert!(
            cache.get("g-3", 2, "grid").is_none(),
            "another version is another file"
        );
    }

    #[test]
    fn names_cannot_escape_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::open(dir.path().to_path_buf(), 1000).unwrap();
        cache.put("../../etc/passwd", 1, "grid", b"x");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_full_disk_halves_the_cache_and_keeps_it_small() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::open(dir.path().join("thumbs"), 10_000).unwrap();
        for i in 0..4 {
            cache.put(&format!("g-{i}"), 1, "grid", &[0u8; 100]);
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let full = std::io::Error::from_raw_os_error(28);
        assert!(crate::state_file::is_disk_full(&full));
        cache.give_back_space(&full);
        assert_eq!(cache.limit(), 200);
        assert_eq!(cache.size(), 200, "the oldest half went");
        assert!(cache.get("g-0", 1, "grid").is_none());
        assert!(cache.get("g-3", 1, "grid").is_some());
        cache.put("g-4", 1, "grid", &[0u8; 100]);
        assert!(cache.size() <= 200, "and it stays that small");
    }
}
