//! Make server text safe to draw: no control characters (C0, C1, ESC, BEL, DEL) and no
//! bidirectional overrides reach the terminal.

/// Replace every control character with a visible stand-in (tabs and newlines become a
/// space) and drop bidi embedding/override/isolate controls.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Like [`clean`] but keeps line breaks, for multi-line text such as descriptions.
pub fn clean_multiline(s: &str) -> String {
    s.split('\n')
        .map(|line| clean(line.trim_end_matches('\r')))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One piece of raw text and what [`clean`] / [`clean_multiline`] show for it.
fn units(raw: &str, multiline: bool) -> Vec<(&str, Option<char>)> {
    let mut out = Vec::new();
    let mut it = raw.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let mut end = i + c.len_utf8();
        let shown = match c {
            '\r' if multiline => {
                if let Some(&(j, '\n')) = it.peek() {
                    it.next();
                    end = j + 1;
                }
                Some('\n')
            }
            '\n' if multiline => Some('\n'),
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() => Some('\u{fffd}'),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => None,
            c => Some(c),
        };
        out.push((&raw[i..end], shown));
    }
    out
}

/// The text to write back after an edit of sanitised text: `shown_before` is what the
/// user was shown for `raw`, `shown_after` what they left. Only the span they changed
/// is replaced; every control character or override outside it stays as the server had
/// it (sanitising is for display, not a change of the data).
pub fn splice_edit(raw: &str, shown_before: &str, shown_after: &str, multiline: bool) -> String {
    let units = units(raw, multiline);
    let shown: String = units.iter().filter_map(|(_, c)| *c).collect();
    if shown != shown_before {
        // Not the text this raw value shows: nothing to keep.
        return shown_after.to_string();
    }
    let before: Vec<char> = shown_before.chars().collect();
    let after: Vec<char> = shown_after.chars().collect();
    let prefix = before
        .iter()
        .zip(&after)
        .take_while(|(a, b)| a == b)
        .count();
    let max_suffix = before.len().min(after.len()) - prefix;
    let suffix = before
        .iter()
        .rev()
        .zip(after.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    // Raw units up to the `prefix`-th shown char (with any hidden units right after it
    // kept on the left), and from the first unit of the suffix on.
    let mut seen = 0;
    let mut left = 0;
    for (k, (_, c)) in units.iter().enumerate() {
        if seen == prefix && c.is_some() {
            break;
        }
        if c.is_some() {
            seen += 1;
        }
        left = k + 1;
    }
    let keep_from = before.len() - suffix;
    let mut seen = 0;
    let mut right = units.len();
    for (k, (_, c)) in units.iter().enumerate() {
        if c.is_some() {
            if seen == keep_from {
                right = k;
                break;
            }
            seen += 1;
        }
    }
    let right = right.max(left);
    let mut out: String = units[..left].iter().map(|(r, _)| *r).collect();
    out.extend(&after[prefix..after.len() - suffix]);
    out.extend(units[right..].iter().map(|(r, _)| *r));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        let hostile = "\u{1b}[31mred\u{1b}[0m\u{7}bell\u{9b}2J\u{7f}";
        let c = clean(hostile);
        assert!(!c.chars().any(|ch| ch.is_control()), "{c:?}");
        assert!(c.contains("red") && c.contains("bell"));
    }

    #[test]
    fn keeps_printable_unicode_and_drops_bidi_overrides() {
        assert_eq!(clean("写真 🎉 שלום"), "写真 🎉 שלום");
        assert_eq!(clean("\u{202e}abc"), "abc");
        assert_eq!(clean_multiline("a\r\nb\u{1b}"), "a\nb\u{fffd}");
    }

    #[test]
    fn an_edit_keeps_what_the_user_did_not_touch() {
        let raw = "Head\u{1b}]0;pwn\u{7} line";
        let shown = clean(raw);
        assert_eq!(shown, "Head\u{fffd}]0;pwn\u{fffd} line");
        // Appending a word changes only the end.
        let edited = format!("{shown} more");
        assert_eq!(
            splice_edit(raw, &shown, &edited, false),
            format!("{raw} more")
        );
        // Changing the first word keeps the controls after it.
        let edited = shown.replacen("Head", "Top", 1);
        assert_eq!(
            splice_edit(raw, &shown, &edited, false),
            raw.replacen("Head", "Top", 1)
        );
        // Unchanged text is the raw text.
        assert_eq!(splice_edit(raw, &shown, &shown, false), raw);
        // Deleting the stand-in deletes the control it stood for.
        let edited = shown.replacen('\u{fffd}', "", 1);
        assert_eq!(
            splice_edit(raw, &shown, &edited, false),
            raw.replacen('\u{1b}', "", 1)
        );
        // Multi-line: CRLF and hidden bidi overrides outside the edit survive.
        let raw = "a\r\n\u{202e}b\u{7}";
        let shown = clean_multiline(raw);
        assert_eq!(shown, "a\nb\u{fffd}");
        assert_eq!(
            splice_edit(raw, &shown, "X\nb\u{fffd}", true),
            "X\r\n\u{202e}b\u{7}"
        );
        // A before-text that raw does not show: the edit as typed.
        assert_eq!(splice_edit("abc", "zzz", "new", false), "new");
    }
}
