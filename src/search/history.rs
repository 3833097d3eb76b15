//! Queries typed on the `/` line, newest last, for Up/Down recall. Kept in memory by
//! the app; the event loop loads it at start and saves it at exit (one query a line
//! under the XDG state dir). Saving merges: the queries this session added go after
//! whatever is on disk then, under the shared lock, so two instances keep both their
//! queries (see `state_file`).

use std::path::Path;

/// At most this many queries are kept.
const LIMIT: usize = 200;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    entries: Vec<String>,
    /// While browsing with Up/Down: the entry shown, and the text typed before.
    browsing: Option<(usize, String)>,
    /// Queries pushed since the history was loaded, oldest first.
    added: Vec<String>,
}

impl History {
    pub(crate) fn from_entries(entries: Vec<String>) -> History {
        let mut h = History::default();
        for e in entries {
            h.push(&e);
        }
        h.browsing = None;
        h.added.clear();
        h
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Remember `query` as the newest (a repeat moves to the end).
    pub fn push(&mut self, query: &str) {
        let q = query.trim();
        self.browsing = None;
        if q.is_empty() || q.contains('\n') {
            return;
        }
        self.entries.retain(|e| e != q);
        self.entries.push(q.to_string());
        self.added.retain(|e| e != q);
        self.added.push(q.to_string());
        if self.entries.len() > LIMIT {
            let extra = self.entries.len() - LIMIT;
            self.entries.drain(..extra);
        }
    }

    /// Forget where Up/Down had got to (a new `/` line starts from the newest).
    pub(crate) fn stop_browsing(&mut self) {
        self.browsing = None;
    }

    /// Up: the previous (older) query; `typed` is what the line holds now.
    pub(crate) fn older(&mut self, typed: &str) -> Option<&str> {
        let idx = match &self.browsing {
            None => self.entries.len().checked_sub(1)?,
            Some((0, _)) => 0,
            Some((i, _)) => i - 1,
        };
        let saved = match self.browsing.take() {
            Some((_, s)) => s,
            None => typed.to_string(),
        };
        self.browsing = Some((idx, saved));
        self.entries.get(idx).map(String::as_str)
    }

    /// Down: the next (newer) query, or the text typed before browsing began.
    pub fn newer(&mut self) -> Option<String> {
        let (i, saved) = self.browsing.take()?;
        if i + 1 < self.entries.len() {
            self.browsing = Some((i + 1, saved));
            return self.entries.get(i + 1).cloned();
        }
        Some(saved)
    }

    /// Read a saved history; a missing file is an empty history. A line that is not
    /// text is skipped (and logged), never the reason to lose the rest.
    pub fn load(path: &Path) -> History {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!("search history {}: {e}", path.display());
                }
                return History::default();
            }
        };
        let mut entries = Vec::new();
        for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
            match std::str::from_utf8(line) {
                Ok(l) if !l.trim().is_empty() => entries.push(l.to_string()),
                Ok(_) => {}
                Err(_) => tracing::warn!(
                    "search history {}: line {} is not text, skipped",
                    path.display(),
                    n + 1
                ),
            }
        }
        History::from_entries(entries)
    }

    /// Add this session's queries to what is on disk now (another instance may have
    /// saved since this one loaded) and write the result atomically, 0600.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let _lock = crate::state_file::FileLock::acquire(path)?;
        let mut merged = History::load(path);
        for q in &self.added {
            merged.push(q);
        }
        let mut text = merged.entries.join("\n");
        text.push('\n');
        crate::state_file::write_atomic(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_and_down_walk_the_history_and_come_back_to_the_typed_text() {
        let mut h = History::default();
        h.push("sunset");
        h.push("tag:beach");
        h.push("sunset"); // a repeat becomes the newest
        assert_eq!(h.entries(), ["tag:beach", "sunset"]);
        assert_eq!(h.older("harb"), Some("sunset"));
        assert_eq!(h.older("ignored"), Some("tag:beach"));
        assert_eq!(h.older("ignored"), Some("tag:beach"), "stops at the oldest");
        assert_eq!(h.newer().as_deref(), Some("sunset"));
        assert_eq!(h.newer().as_deref(), Some("harb"), "back to what was typed");
        assert_eq!(h.newer(), None);
        assert_eq!(History::default().older("x"), None);
    }

    #[test]
    fn bounded_and_saved_privately() {
        let mut h = History::default();
        for i in 0..(LIMIT + 10) {
            h.push(&format!("q{i}"));
        }
        assert_eq!(h.entries().len(), LIMIT);
        assert_eq!(h.entries()[0], "q10");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("search_history");
        h.save(&path).unwrap();
        assert_eq!(History::load(&path).entries(), h.entries());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(
            History::load(&dir.path().join("missing"))
                .entries()
                .is_empty()
        );
    }

    #[test]
    fn a_bad_line_is_skipped_not_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search_history");
        std::fs::write(&path, b"sunset\n\xff\xfe broken\ntag:beach\n").unwrap();
        let mut h = History::load(&path);
        assert_eq!(h.entries(), ["sunset", "tag:beach"]);
        h.push("harbour");
        h.save(&path).unwrap();
        assert_eq!(
            History::load(&path).entries(),
            ["sunset", "tag:beach", "harbour"]
        );
    }

    #[test]
    fn concurrent_sessions_keep_each_others_queries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search_history");
        let threads: Vec<_> = (0..20)
            .map(|w| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for round in 0..5 {
                        let mut h = History::load(&path);
                        h.push(&format!("w{w}-r{round}"));
                        h.save(&path).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let all = History::load(&path);
        assert_eq!(all.entries().len(), 100, "no session's query was dropped");
    }
}
