//! User configuration under the config dir: `config.toml`, `keymap.toml`, `theme.toml`.
//! A broken file never stops mgtui: its problems are collected (file:line: what) and the
//! defaults stay in force.

pub mod file;
pub(crate) mod keymap_file;
pub(crate) mod theme_file;

use std::fmt;
use std::path::{Path, PathBuf};

pub use file::{AuthKind, ProfileConfig, Settings};

use crate::keymap::Keymap;
use crate::theme::Theme;

/// One problem found in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Everything read from the config dir.
pub struct Loaded {
    pub dir: PathBuf,
    pub settings: Settings,
    pub keymap: Keymap,
    pub theme: Theme,
    pub problems: Vec<Problem>,
}

pub fn config_path(dir: &Path) -> PathBuf {
    dir.join("config.toml")
}
pub fn keymap_path(dir: &Path) -> PathBuf {
    dir.join("keymap.toml")
}
pub fn theme_path(dir: &Path) -> PathBuf {
    dir.join("theme.toml")
}

/// Read the three files from `dir`; missing files are not problems.
pub fn load(dir: &Path) -> Loaded {
    let mut problems = Vec::new();
    let settings = match read_optional(&config_path(dir), &mut problems) {
        Some(text) => file::parse(&config_path(dir), &text, &mut problems),
        None => Settings::default(),
    };
    let keymap = match read_optional(&keymap_path(dir), &mut problems) {
        Some(text) => keymap_file::parse(&keymap_path(dir), &text, &mut problems),
        None => Keymap::default(),
    };
    let theme = match read_optional(&theme_path(dir), &mut problems) {
        Some(text) => theme_file::parse(&theme_path(dir), &text, &mut problems),
        None => Theme::default(),
    };
    // Stable: per file, in line order.
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    Loaded {
        dir: dir.to_path_buf(),
        settings,
        keymap,
        theme,
        problems,
    }
}

fn read_optional(path: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(_) => {
                problems.push(Problem::new(path, None, "not UTF-8 text; ignored"));
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            problems.push(Problem::new(path, None, format!("cannot read: {e}")));
            None
        }
    }
}

/// 1-based line of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A TOML syntax error as a problem with its line.
pub(crate) fn syntax_problem(path: &Path, text: &str, e: &toml_edit::TomlError) -> Problem {
    let line = e.span().map(|s| line_of(text, s.start));
    let msg = e.message().trim().to_string();
    Problem::new(path, line, format!("{msg}; the whole file is ignored"))
}

/// Line of an item's key in a parsed document, if known.
pub(crate) fn key_line(text: &str, table: &toml_edit::Table, key: &str) -> Option<usize> {
    table
        .key(key)
        .and_then(|k| k.span())
        .map(|s| line_of(text, s.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }

    #[test]
    fn missing_dir_gives_defaults_without_problems() {
        let l = load(Path::new("/nonexistent/mgtui-test-dir"));
        assert!(l.problems.is_empty());
        assert_eq!(l.settings.page_size, Settings::default().page_size);
    }
}
