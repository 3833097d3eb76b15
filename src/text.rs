//! Small text formatters shared by the panes. Every string from the server passes
//! through [`safe`] before it is drawn.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::sanitize;

/// Sanitised server text.
pub fn safe(s: &str) -> String {
    sanitize::clean(s)
}

/// `4210` → `4,210`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Five stars, the first `rating` filled.
pub fn stars(rating: Option<i64>) -> String {
    let r = rating.unwrap_or(0).clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(r), "☆".repeat(5 - r))
}

pub(crate) fn file_size(bytes: Option<i64>) -> String {
    let Some(b) = bytes.filter(|b| *b >= 0) else {
        return String::new();
    };
    let b = b as f64;
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = b;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{} B", b as u64)
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

pub(crate) fn dimensions(w: Option<i64>, h: Option<i64>) -> String {
    match (w, h) {
        (Some(w), Some(h)) if w > 0 && h > 0 => format!("{w}×{h}"),
        _ => String::new(),
    }
}

/// The date part of an ISO timestamp.
pub fn date(ts: Option<&str>) -> String {
    ts.map(|t| safe(t.get(..10).unwrap_or(t)))
        .unwrap_or_default()
}

/// Cut `s` to at most `width` terminal cells, ending with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width.saturating_sub(1) {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Cut `s` to `width` cells keeping its start and its end (`Falcon 9 …(right crop)`),
/// so items that differ only at the end stay distinguishable.
pub(crate) fn truncate_middle(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width < 8 {
        return truncate(s, width);
    }
    let tail_w = (width - 1) / 2;
    let head_w = width - 1 - tail_w;
    let mut head = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > head_w {
            break;
        }
        head.push(c);
        used += w;
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > tail_w {
            break;
        }
        tail.push(c);
        used += w;
    }
    tail.reverse();
    format!(
        "{}…{}",
        head.trim_end(),
        tail.into_iter().collect::<String>().trim_start()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(4210), "4,210");
        assert_eq!(thousands(137), "137");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(stars(Some(3)), "★★★☆☆");
        assert_eq!(stars(Some(9)), "★★★★★");
        assert_eq!(stars(None), "☆☆☆☆☆");
        assert_eq!(file_size(Some(2_400_000)), "2.4 MB");
        assert_eq!(dimensions(Some(640), Some(480)), "640×480");
        assert_eq!(date(Some("2024-05-01T06:30:00Z")), "2024-05-01");
    }

    #[test]
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        let t = truncate("写真と画像です", 6);
        assert!(t.width() <= 6, "{t}");
        assert_eq!(truncate("abc", 0), "");
        let m = truncate_middle("Falcon 9 with DSCOVR on the pad (right crop)", 24);
        assert!(m.starts_with("Falcon 9") && m.ends_with("crop)"), "{m}");
        assert!(m.width() <= 24);
        assert!(truncate_middle("写真と画像です写真と画像です", 9).width() <= 9);
    }
}

/// `s` broken into lines at most `width` columns wide, at spaces where it can (a word
/// longer than the width is cut).
pub(crate) fn wrap(s: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if candidate.width() <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word.to_string();
        while rest.width() > width {
            let cut = truncate(&rest, width + 1);
            let cut = cut.trim_end_matches('…').to_string();
            let n = cut.chars().count().max(1);
            lines.push(rest.chars().take(n).collect());
            rest = rest.chars().skip(n).collect();
        }
        line = rest;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
