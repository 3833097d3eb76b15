//! Directories typed by the user: `~` for the home directory, and Tab completion of the
//! directories that start with what is typed.

use std::path::PathBuf;

/// `~` and `~/…` are the home directory; anything else is as typed.
pub(crate) fn expand_home(typed: &str) -> PathBuf {
    match typed.trim() {
        "~" => crate::paths::home(),
        t if t.starts_with("~/") => crate::paths::home().join(&t[2..]),
        t => PathBuf::from(t),
    }
}

/// The directories whose path starts with `typed` (as typed, with `~` kept), each ending
/// in `/`, sorted; at most `limit`. Hidden ones only when a `.` was typed.
pub(crate) fn complete_dir(typed: &str, limit: usize) -> Vec<String> {
    complete(typed, limit, false)
}

/// As [`complete_dir`], files included (without the `/`).
pub(crate) fn complete_path(typed: &str, limit: usize) -> Vec<String> {
    complete(typed, limit, true)
}

fn complete(typed: &str, limit: usize, files: bool) -> Vec<String> {
    let (parent, stem) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let listed = if parent.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(parent)
    };
    let Ok(entries) = std::fs::read_dir(&listed) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .flatten()
        .take(5000)
        .filter_map(|e| Some((e.path().is_dir(), e.file_name().into_string().ok()?)))
        .filter(|(dir, _)| *dir || files)
        .filter(|(_, n)| n.starts_with(stem) && (stem.starts_with('.') || !n.starts_with('.')))
        .map(|(dir, n)| format!("{parent}{n}{}", if dir { "/" } else { "" }))
        .collect();
    out.sort();
    out.truncate(limit);
    out
}

/// The longest start all `choices` share (on a character boundary).
pub(crate) fn common_prefix(choices: &[String]) -> Option<String> {
    let first = choices.first()?;
    let mut len = first.len();
    for c in &choices[1..] {
        len = len.min(
            first
                .char_indices()
                .zip(c.chars())
                .take_while(|((_, a), b)| a == b)
                .count(),
        );
    }
    Some(first.chars().take(len).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_complete_from_what_is_typed() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["photos", "photo-archive", ".hidden"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("photo.txt"), b"a file").unwrap();
        let base = format!("{}/", dir.path().display());
        assert_eq!(
            complete_dir(&format!("{base}pho"), 10),
            vec![format!("{base}photo-archive/"), format!("{base}photos/")]
        );
        assert_eq!(
            common_prefix(&complete_dir(&format!("{base}pho"), 10)),
            Some(format!("{base}photo"))
        );
        assert_eq!(
            complete_dir(&format!("{base}."), 10),
            vec![format!("{base}.hidden/")]
        );
        assert!(complete_dir(&format!("{base}zzz"), 10).is_empty());
        assert_eq!(
            complete_path(&format!("{base}photo"), 10),
            vec![
                format!("{base}photo-archive/"),
                format!("{base}photo.txt"),
                format!("{base}photos/")
            ]
        );
        assert_eq!(expand_home("/srv/in"), PathBuf::from("/srv/in"));
    }
}
