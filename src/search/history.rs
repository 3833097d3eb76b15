//! Queries typed on the `/` line, newest last, for Up/Down recall. Kept in memory by
//! the app; the event loop loads it at start and saves it at exit (one query a line
//! under the XDG state dir).

use std::path::Path;

/// At most this many queries are kept.
const LIMIT: usize = 200;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    entries: Vec<String>,
    /// While browsing with Up/Down: the entry shown, and the text typed before.
    browsing: Option<(usize, String)>,
}

impl History {
    pub fn from_entries(entries: Vec<String>) -> History {
        let mut h = History::default();
        for e in entries {
            h.push(&e);
        }
        h.browsing = None;
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
        if self.entries.len() > LIMIT {
            let extra = self.entries.len() - LIMIT;
            self.entries.drain(..extra);
        }
    }

    /// Forget where Up/Down had got to (a new `/` line starts from the newest).
    pub fn stop_browsing(&mut self) {
        self.browsing = None;
    }

    /// Up: the previous (older) query; `typed` is what the line holds now.
    pub fn older(&mut self, typed: &str) -> Option<&str> {
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

    /// Read a saved history; a missing or unreadable file is an empty history.
    pub fn load(path: &Path) -> History {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        History::from_entries(text.lines().map(str::to_string).collect())
    }

    /// Write atomically (temp file + rename), readable only by the user.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            crate::paths::ensure_private_dir(dir)?;
        }
        let tmp = path.with_extension("tmp");
        let mut text = self.entries.join("\n");
        text.push('\n');
        std::fs::write(&tmp, text)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
        }
        std::fs::rename(&tmp, path)
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
}
