//! Where uploaded bytes are kept: a temporary directory per server, made on the first
//! upload and removed when the server stops.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Files announced larger than this are only counted and checksummed, never written, so
/// a multi-gigabyte benchmark upload does not fill the disk.
pub const MAX_STORED_BYTES: u64 = 64 * 1024 * 1024;

enum Dir {
    NotYet,
    Open(tempfile::TempDir),
    /// Removed at shutdown: nothing is stored any more.
    Closed,
}

pub struct UploadStore {
    dir: Mutex<Dir>,
    seq: AtomicU64,
}

impl Default for UploadStore {
    fn default() -> Self {
        UploadStore {
            dir: Mutex::new(Dir::NotYet),
            seq: AtomicU64::new(0),
        }
    }
}

impl UploadStore {
    /// A fresh file name (`{asset_id}-{n}.{suffix}`) in the directory, creating it on first
    /// use; `None` when it cannot be made or the server is stopping.
    pub fn new_path(&self, asset_id: i64, suffix: &str) -> Option<PathBuf> {
        let mut dir = self.dir.lock().unwrap_or_else(|e| e.into_inner());
        if let Dir::NotYet = *dir {
            let made = tempfile::Builder::new()
                .prefix("mgtui-demo-uploads-")
                .tempdir()
                .ok()?;
            *dir = Dir::Open(made);
        }
        let Dir::Open(d) = &*dir else { return None };
        let n = self.seq.fetch_add(1, Ordering::Relaxed);
        Some(d.path().join(format!("{asset_id}-{n}.{suffix}")))
    }

    /// The directory, if one was made and not removed yet.
    #[cfg(test)]
    pub fn path(&self) -> Option<PathBuf> {
        match &*self.dir.lock().unwrap_or_else(|e| e.into_inner()) {
            Dir::Open(d) => Some(d.path().to_path_buf()),
            _ => None,
        }
    }

    /// Removes the directory and everything in it; later uploads are not stored.
    pub fn close(&self) {
        let old = std::mem::replace(
            &mut *self.dir.lock().unwrap_or_else(|e| e.into_inner()),
            Dir::Closed,
        );
        drop(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_on_demand_and_removed_on_close() {
        let s = UploadStore::default();
        assert!(s.path().is_none());
        let a = s.new_path(7, "bin").unwrap();
        let b = s.new_path(7, "bin").unwrap();
        assert_ne!(a, b);
        std::fs::write(&a, b"x").unwrap();
        let dir = s.path().unwrap();
        assert!(dir.is_dir());
        s.close();
        assert!(!dir.exists());
        assert!(s.new_path(7, "bin").is_none());
    }
}
