//! Strings that break naive terminal rendering: escape sequences, BEL, C1 controls, bidi
//! overrides, RTL scripts, wide CJK and emoji, CR/LF and very long names.

/// Short hostile strings, used for folder, collection, lightbox, tag names and asset titles.
pub const HOSTILE: &[&str] = &[
    "\x1b[31mred\x1b[0m alert",
    "bell\x07ringer",
    "c1\u{9b}31mcontrol",
    "\u{202e}RTL override\u{202c} gpj.exe",
    "שלום עולם",
    "写真と画像",
    "🎉🎉 party 🎉🎉",
    "line one\r\nline two",
    "tab\there\x00nul\x7fdel",
    "\x1b]0;pwned title\x07osc",
    "ｆｕｌｌｗｉｄｔｈ 한국어 사진",
    "e\u{301}\u{301}\u{301} combining zalgo\u{36b}\u{36f}",
];

/// A 300-character name (ASCII words, so it wraps and truncates visibly).
pub fn long_name() -> String {
    let mut s = String::from("Very long name ");
    let mut i = 0;
    while s.chars().count() < 300 {
        s.push_str(&format!("segment-{i} "));
        i += 1;
    }
    s.chars().take(300).collect()
}

/// The i-th hostile string, cycling, with the 300-char name mixed in.
pub fn pick(i: usize) -> String {
    let n = HOSTILE.len() + 1;
    match i % n {
        k if k == HOSTILE.len() => long_name(),
        k => HOSTILE[k].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_name_is_300_chars() {
        assert_eq!(long_name().chars().count(), 300);
        assert!(HOSTILE.iter().any(|h| h.contains('\x1b')));
        assert_eq!(pick(HOSTILE.len()).chars().count(), 300);
    }
}
