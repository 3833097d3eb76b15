//! `theme.toml`: a preset (`dark` or `light`) and semantic colour overrides.
//!
//! ```toml
//! preset = "light"
//! [colors]
//! accent = "#005f87"
//! selection = "blue"      # cursor background; unset = reverse video
//! ```

use std::path::Path;

use ratatui::style::Color;
use toml_edit::Document;

use super::{Problem, key_line, syntax_problem};
use crate::theme::Theme;

const COLOURS: &[&str] = &[
    "accent",
    "error",
    "ok",
    "warn",
    "marked",
    "stars",
    "key",
    "selection",
    "selection_text",
];

pub fn parse(path: &Path, text: &str, problems: &mut Vec<Problem>) -> Theme {
    let doc = match Document::parse(text.to_string()) {
        Ok(d) => d,
        Err(e) => {
            problems.push(syntax_problem(path, text, &e));
            return Theme::default();
        }
    };
    let top = doc.as_table();
    let mut theme = Theme::default();
    for (k, item) in top.iter() {
        let line = key_line(text, top, k);
        match k {
            "preset" => match item.as_str() {
                Some("dark") => theme = Theme::dark(),
                Some("light") => theme = Theme::light(),
                _ => problems.push(Problem::new(
                    path,
                    line,
                    "`preset` must be \"dark\" or \"light\"; using dark",
                )),
            },
            "colors" | "colours" => {}
            other => problems.push(Problem::new(
                path,
                line,
                format!("unknown setting `{other}`; ignored"),
            )),
        }
    }
    let colours = top.get("colors").or_else(|| top.get("colours"));
    let Some(item) = colours else {
        return theme;
    };
    let Some(table) = item.as_table() else {
        problems.push(Problem::new(
            path,
            key_line(text, top, "colors"),
            "`colors` must be a [colors] table; ignored",
        ));
        return theme;
    };
    for (name, v) in table.iter() {
        let line = key_line(text, table, name);
        if !COLOURS.contains(&name) {
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "unknown colour `{name}` (known: {}); ignored",
                    COLOURS.join(", ")
                ),
            ));
            continue;
        }
        let parsed = v.as_str().and_then(|s| s.parse::<Color>().ok());
        let Some(c) = parsed else {
            problems.push(Problem::new(
                path,
                line,
                format!("`{name}` must be a colour name, \"#rrggbb\" or 0-255; ignored"),
            ));
            continue;
        };
        match name {
            "accent" => theme.accent = c,
            "error" => theme.error = c,
            "ok" => theme.ok = c,
            "warn" => theme.warn = c,
            "marked" => theme.marked = c,
            "stars" => theme.stars = c,
            "key" => theme.key = c,
            "selection" => theme.selection = Some(c),
            _ => theme.selection_text = Some(c),
        }
    }
    theme
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_and_overrides() {
        let mut p = Vec::new();
        let t = parse(
            Path::new("theme.toml"),
            "preset = \"light\"\n[colors]\naccent = \"#112233\"\nselection = \"blue\"\nshiny = \"red\"\nok = \"nope\"\n",
            &mut p,
        );
        assert_eq!(t.accent, Color::Rgb(0x11, 0x22, 0x33));
        assert_eq!(t.selection, Some(Color::Blue));
        assert_eq!(t.warn, Theme::light().warn);
        assert_eq!(t.ok, Theme::light().ok);
        let msgs: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert!(
            msgs[0].starts_with("theme.toml:5: unknown colour `shiny`"),
            "{msgs:?}"
        );
        assert!(msgs[1].starts_with("theme.toml:6: `ok`"), "{msgs:?}");
    }
}
