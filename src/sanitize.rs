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
}
