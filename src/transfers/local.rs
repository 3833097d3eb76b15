//! The files on this machine an upload takes: paths, directories (walked, their
//! sub-directories becoming sub-folders, as `cp -r` would make them) and glob patterns
//! (`*`, `?`, `[a-z]`, `[!x]` in any component). Hidden files and directories are left
//! out and counted; directory symlinks are not followed (no loops).

use std::path::{Path, PathBuf};

/// More files than this in one pick is refused (a mistyped `/`).
pub const MAX_FILES: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub struct LocalFile {
    pub path: PathBuf,
    pub size: u64,
    /// The sub-folders it goes into under the target, `/`-separated ("" for none).
    pub folder: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocalPick {
    pub files: Vec<LocalFile>,
    /// Hidden files and directories left out.
    pub hidden: usize,
    /// What could not be read, with why.
    pub unreadable: Vec<String>,
}

impl LocalPick {
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// The files of `picks` as uploads, each once (the first pick that named it decides its
/// folder), numbered from 1, each with a key no other file of any upload shares (for
/// `created_via_id`).
pub fn to_uploads<'a>(
    picks: impl IntoIterator<Item = &'a LocalPick>,
) -> Vec<crate::protocol::transfers::UploadFile> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let salt = fastrand::u32(..);
    let mut seen = std::collections::HashSet::new();
    picks
        .into_iter()
        .flat_map(|p| &p.files)
        .filter(|f| seen.insert(f.path.clone()))
        .enumerate()
        .map(|(i, f)| crate::protocol::transfers::UploadFile {
            transfer: i as u64 + 1,
            local: f.path.clone(),
            size: f.size,
            path: f.folder.clone(),
            key: format!("mgtui-{:x}-{stamp:x}-{salt:08x}-{i}", std::process::id()),
            asset: None,
        })
        .collect()
}

/// (files, bytes) of `picks`, each file once.
pub fn totals<'a>(picks: impl IntoIterator<Item = &'a LocalPick>) -> (usize, u64) {
    let mut seen = std::collections::HashSet::new();
    picks
        .into_iter()
        .flat_map(|p| &p.files)
        .filter(|f| seen.insert(&f.path))
        .fold((0, 0), |(n, bytes), f| (n + 1, bytes + f.size))
}

/// What `pattern` (relative to `base`, `~` for home) names; an error says why nothing.
pub fn pick(pattern: &str, base: &Path) -> Result<LocalPick, String> {
    let typed = pattern.trim();
    if typed.is_empty() {
        return Err("type a file, a directory or a pattern such as ~/shoot/*.jpg".into());
    }
    let expanded = super::paths::expand_home(typed);
    let full = match expanded.is_absolute() {
        true => expanded,
        false => base.join(expanded),
    };
    let mut out = LocalPick::default();
    let matches = expand(&full);
    if matches.is_empty() {
        return Err(format!("nothing matches {typed}"));
    }
    for m in matches {
        add(&m, &mut out)?;
    }
    if out.files.is_empty() {
        return Err(match out.unreadable.first() {
            Some(why) => format!("no file to upload in {typed}: {why}"),
            None => format!("no file to upload in {typed}"),
        });
    }
    Ok(out)
}

/// The paths a pattern matches (itself when it has no wildcard and exists).
fn expand(full: &Path) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::new()];
    for comp in full.components() {
        let part = comp.as_os_str().to_string_lossy().to_string();
        if !has_wildcard(&part) {
            found.iter_mut().for_each(|p| p.push(comp));
            continue;
        }
        let mut next = Vec::new();
        for dir in &found {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| wildcard(&part, n) && (part.starts_with('.') || !n.starts_with('.')))
                .collect();
            names.sort();
            next.extend(names.into_iter().map(|n| dir.join(n)));
        }
        found = next;
    }
    found.retain(|p| p.symlink_metadata().is_ok());
    found
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// A file as itself; a directory as its files, under a sub-folder of its name.
fn add(path: &Path, out: &mut LocalPick) -> Result<(), String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            out.unreadable.push(format!("{}: {e}", path.display()));
            return Ok(());
        }
    };
    if meta.is_file() {
        return push(out, path.to_path_buf(), meta.len(), String::new());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    walk(path, &name, out)
}

fn push(out: &mut LocalPick, path: PathBuf, size: u64, folder: String) -> Result<(), String> {
    if out.files.len() >= MAX_FILES {
        return Err(format!(
            "more than {MAX_FILES} files: pick a smaller directory or a pattern"
        ));
    }
    out.files.push(LocalFile { path, size, folder });
    Ok(())
}

fn walk(dir: &Path, folder: &str, out: &mut LocalPick) -> Result<(), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.unreadable.push(format!("{}: {e}", dir.display()));
            return Ok(());
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            out.hidden += 1;
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, &format!("{folder}/{name}"), out)?;
        } else if kind.is_symlink() && path.is_dir() {
            out.unreadable.push(format!(
                "{}: a link to a directory, not followed",
                path.display()
            ));
        } else {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => push(out, path, m.len(), folder.to_string())?,
                Ok(_) => {}
                Err(e) => out.unreadable.push(format!("{}: {e}", path.display())),
            }
        }
    }
    Ok(())
}

/// Shell-style match of one name: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`.
pub fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    matches_from(&p, &n)
}

fn matches_from(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') => (0..=n.len()).any(|i| matches_from(&p[1..], &n[i..])),
        Some('?') => !n.is_empty() && matches_from(&p[1..], &n[1..]),
        Some('[') => {
            let Some(close) = p.iter().skip(2).position(|c| *c == ']').map(|i| i + 2) else {
                return n.first() == Some(&'[') && matches_from(&p[1..], &n[1..]);
            };
            let Some(c) = n.first() else {
                return false;
            };
            let (negate, set) = match p[1] {
                '!' | '^' => (true, &p[2..close]),
                _ => (false, &p[1..close]),
            };
            let mut hit = false;
            let mut i = 0;
            while i < set.len() {
                if i + 2 < set.len() && set[i + 1] == '-' {
                    hit |= (set[i]..=set[i + 2]).contains(c);
                    i += 3;
                } else {
                    hit |= set[i] == *c;
                    i += 1;
                }
            }
            hit != negate && matches_from(&p[close + 1..], &n[1..])
        }
        Some(c) => n.first() == Some(c) && matches_from(&p[1..], &n[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_a_shell() {
        assert!(wildcard("*.jpg", "a.jpg"));
        assert!(!wildcard("*.jpg", "a.jpeg"));
        assert!(wildcard("IMG_??.*", "IMG_01.CR3"));
        assert!(wildcard("[a-c]*", "beach.png"));
        assert!(!wildcard("[!a-c]*", "beach.png"));
        assert!(wildcard("x[", "x["));
        assert!(wildcard("*", ""));
    }

    #[test]
    fn directories_become_sub_folders_and_hidden_files_stay_home() {
        let dir = tempfile::tempdir().unwrap();
        let shoot = dir.path().join("shoot");
        std::fs::create_dir_all(shoot.join("day1/raw")).unwrap();
        std::fs::create_dir_all(shoot.join(".cache")).unwrap();
        std::fs::write(shoot.join("cover.jpg"), b"12345").unwrap();
        std::fs::write(shoot.join("day1/a.jpg"), b"1").unwrap();
        std::fs::write(shoot.join("day1/raw/a.cr3"), b"12").unwrap();
        std::fs::write(shoot.join(".DS_Store"), b"x").unwrap();
        std::fs::write(shoot.join(".cache/t"), b"x").unwrap();

        let p = pick("shoot", dir.path()).unwrap();
        let got: Vec<(String, &str, u64)> = p
            .files
            .iter()
            .map(|f| {
                let name = f.path.file_name().unwrap().to_string_lossy().to_string();
                (name, f.folder.as_str(), f.size)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("cover.jpg".to_string(), "shoot", 5),
                ("a.jpg".to_string(), "shoot/day1", 1),
                ("a.cr3".to_string(), "shoot/day1/raw", 2),
            ]
        );
        assert_eq!((p.hidden, p.bytes()), (2, 8));

        let globbed = pick(
            &format!("{}/shoot/*/*.jpg", dir.path().display()),
            Path::new("/"),
        )
        .unwrap();
        assert_eq!(globbed.files.len(), 1);
        assert_eq!(
            globbed.files[0].folder, "",
            "a matched file goes in as itself"
        );
        assert!(
            pick("shoot/*.png", dir.path())
                .unwrap_err()
                .contains("nothing matches")
        );
        assert!(pick("  ", dir.path()).is_err());
    }
}
