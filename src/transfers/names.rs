//! Local file names for what the server calls its files: nothing that climbs out of the
//! download directory, no control characters, nothing that overwrites a file already
//! there.

use std::path::{Path, PathBuf};

/// The name to save asset `id` as at `size`: its own file name for the original, else a
/// JPEG rendition named after it.
pub fn download_name(filename: Option<&str>, id: i64, size: &str) -> String {
    let filename = filename
        .map(str::to_string)
        .unwrap_or_else(|| format!("asset-{id}"));
    if size == "original" {
        return filename;
    }
    let stem = filename
        .rsplit_once('.')
        .map_or(filename.as_str(), |(s, _)| s);
    format!("{stem}-{size}.jpg")
}

/// Longest name kept, in bytes (file systems allow 255; room for " (99)" and ".part").
const MAX_NAME_BYTES: usize = 200;

/// `name` as a plain file name: path separators and control characters become `_`,
/// leading dots and surrounding spaces go, and an empty result becomes `fallback`.
pub(crate) fn safe_file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '\0' => '_',
            c if c.is_control() => '_',
            // Bidirectional overrides make a name read as something it is not.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let name = if trimmed.is_empty() || trimmed.chars().all(|c| c == '_' || c == '.') {
        fallback.to_string()
    } else {
        trimmed.to_string()
    };
    shorten(&name)
}

/// Cut a long name, keeping its extension.
fn shorten(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_string();
    }
    let (stem, ext) = split_ext(name);
    let room = MAX_NAME_BYTES.saturating_sub(ext.len());
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{ext}", &stem[..cut])
}

/// ("photo", ".jpg"); a name without an extension has an empty one.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => name.split_at(i),
        _ => (name, ""),
    }
}

/// Where `name` goes in `dir`: `name` itself unless a finished file holds it, then
/// `name (2)`, `name (3)`… A `.part` left by an earlier attempt does not count as taken:
/// the download resumes into it.
pub(crate) fn free_path(dir: &Path, name: &str) -> PathBuf {
    let (stem, ext) = split_ext(name);
    (1..)
        .map(|n| match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem} ({n}){ext}")),
        })
        .find(|p| !p.exists())
        .expect("some number is free")
}

/// The partial file a download writes before it is complete.
pub(crate) fn part_path(finished: &Path) -> PathBuf {
    let mut name = finished.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    finished.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_names_cannot_leave_the_directory_or_hide_in_it() {
        assert_eq!(safe_file_name("../../etc/passwd", "x"), "_.._etc_passwd");
        assert_eq!(safe_file_name("/abs/path.jpg", "x"), "_abs_path.jpg");
        assert_eq!(safe_file_name("..", "asset-7.jpg"), "asset-7.jpg");
        assert_eq!(safe_file_name(".hidden.jpg", "x"), "hidden.jpg");
        assert_eq!(
            safe_file_name("a\u{1b}[31mred\u{7}.jpg", "x"),
            "a_[31mred_.jpg"
        );
        assert_eq!(safe_file_name("evil\u{202e}gpj.exe", "x"), "evil_gpj.exe");
        assert_eq!(safe_file_name("  写真 1.jpg ", "x"), "写真 1.jpg");
        assert_eq!(safe_file_name("", "asset-7.jpg"), "asset-7.jpg");
        let long = format!("{}.jpeg", "é".repeat(300));
        let short = safe_file_name(&long, "x");
        assert!(short.len() <= MAX_NAME_BYTES && short.ends_with(".jpeg"));
    }

    #[test]
    fn a_finished_file_is_never_reused_but_a_part_file_is() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_path(dir.path(), "harbour.jpg");
        assert_eq!(first, dir.path().join("harbour.jpg"));
        std::fs::write(part_path(&first), b"half").unwrap();
        assert_eq!(free_path(dir.path(), "harbour.jpg"), first, "resumes");
        std::fs::write(&first, b"done").unwrap();
        assert_eq!(
            free_path(dir.path(), "harbour.jpg"),
            dir.path().join("harbour (2).jpg")
        );
        assert_eq!(
            part_path(&dir.path().join("harbour (2).jpg")),
            dir.path().join("harbour (2).jpg.part")
        );
        assert_eq!(free_path(dir.path(), "README"), dir.path().join("README"));
    }
}
