//! What each bulk job submitted from mgtui was asked to do, kept on disk: the server's
//! job record names only the first kind of change ("Tags"), so a job from an earlier
//! session would otherwise lose the rest of its description.
//!
//! One JSON object a line in `$XDG_STATE_HOME/mgtui/bulk_jobs`; the newest
//! [`KEEP`] jobs are kept. A line that does not parse is skipped, never the reason to
//! lose the others. Writes merge with what is on disk under a lock (two instances).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::monitor::Described;
use crate::api::models::GroupKind;

/// Jobs remembered at most.
pub const KEEP: usize = 500;

pub(crate) fn default_location() -> PathBuf {
    crate::paths::state_dir().join("bulk_jobs")
}

fn encode(guid: &str, d: &Described) -> Value {
    json!({
        "guid": guid,
        "names": d.names,
        "lines": d.lines,
        "groups": d
            .groups
            .iter()
            .map(|(k, id)| json!([k.api_type(), id]))
            .collect::<Vec<_>>(),
    })
}

fn decode(line: &str) -> Option<(String, Described)> {
    let v: Value = serde_json::from_str(line).ok()?;
    let strings = |key: &str| -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let groups = v
        .get("groups")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|g| {
                    let kind = GroupKind::from_api_type(g.get(0)?.as_str()?)?;
                    Some((kind, g.get(1)?.as_i64()?))
                })
                .collect()
        })
        .unwrap_or_default();
    Some((
        v.get("guid")?.as_str()?.to_string(),
        Described {
            names: strings("names"),
            lines: strings("lines"),
            groups,
        },
    ))
}

/// The remembered jobs, oldest first.
fn read(path: &Path) -> Vec<(String, Described)> {
    let text = match std::fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!("bulk job journal {}: {e}", path.display());
            }
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match decode(line) {
            Some(entry) => out.push(entry),
            None => tracing::warn!(
                "bulk job journal {}: line {} skipped (not a job)",
                path.display(),
                n + 1
            ),
        }
    }
    out
}

/// guid → what the job was asked to do.
pub fn load(path: &Path) -> HashMap<String, Described> {
    read(path).into_iter().collect()
}

/// Add one job to the journal on disk.
pub fn record(path: &Path, guid: &str, described: &Described) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        crate::paths::ensure_private_dir(dir)?;
    }
    let _lock = crate::state_file::FileLock::acquire(path)?;
    let mut entries = read(path);
    entries.retain(|(g, _)| g != guid);
    entries.push((guid.to_string(), described.clone()));
    let skip = entries.len().saturating_sub(KEEP);
    let mut text = String::new();
    for (g, d) in entries.iter().skip(skip) {
        text.push_str(&encode(g, d).to_string());
        text.push('\n');
    }
    crate::state_file::write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(names: &[&str]) -> Described {
        Described {
            names: names.iter().map(|s| s.to_string()).collect(),
            lines: vec!["Add tags: harbor".into()],
            groups: vec![(GroupKind::Collection, 3001)],
        }
    }

    #[test]
    fn jobs_are_remembered_across_sessions_and_bad_lines_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bulk_jobs");
        record(&path, "g1", &described(&["add tags", "rating"])).unwrap();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("not json\n");
        std::fs::write(&path, text).unwrap();
        record(&path, "g2", &described(&["add to collection"])).unwrap();
        let all = load(&path);
        assert_eq!(all.len(), 2);
        assert_eq!(all["g1"].names, vec!["add tags", "rating"]);
        assert_eq!(all["g2"].groups, vec![(GroupKind::Collection, 3001)]);
    }

    #[test]
    fn only_the_newest_jobs_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bulk_jobs");
        let mut text = String::new();
        for i in 0..KEEP + 5 {
            text.push_str(&encode(&format!("g{i}"), &described(&["rating"])).to_string());
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap();
        record(&path, "new", &described(&["rating"])).unwrap();
        let all = load(&path);
        assert_eq!(all.len(), KEEP);
        assert!(all.contains_key("new") && !all.contains_key("g0"));
    }
}
