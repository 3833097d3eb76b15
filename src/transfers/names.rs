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

/// `name` in `dir`, then `name (2)`, `name (3)`…, in order.
pub(crate) fn candidates<'a>(dir: &'a Path, name: &'a str) -> impl Iterator<Item = PathBuf> + 'a {
    let (stem, ext) = split_ext(name);
    (1..).map(move |n| match n {
        1 => dir.join(name),
        n => dir.join(format!("{stem} ({n}){ext}")),
    })
}

/// The partial file a download writes before it is complete. `tag` says whose bytes
/// they are (asset and size), so a later attempt resumes only its own file.
pub(crate) fn part_path(finished: &Path, tag: &str) -> PathBuf {
    let mut name = finished.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{tag}.part"));
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
    fn names_are_numbered_and_parts_say_whose_bytes_they_hold() {
        let dir = Path::new("/srv/in");
        let names: Vec<PathBuf> = candidates(dir, "harbour.jpg").take(3).collect();
        assert_eq!(
            names,
            [
                dir.join("harbour.jpg"),
                dir.join("harbour (2).jpg"),
                dir.join("harbour (3).jpg")
            ]
        );
        assert_eq!(
            candidates(dir, "README").nth(1),
            Some(dir.join("README (2)"))
        );
        assert_eq!(
            part_path(&dir.join("harbour (2).jpg"), "7-full"),
            dir.join("harbour (2).jpg.7-full.part")
        );
    }
}
