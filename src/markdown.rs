//! Comment text from markdown to plain terminal lines: emphasis and code marks dropped,
//! links as `text (address)`, list items as bullets, quotes with a bar, `@username`
//! mentions as the person's name. Everything is sanitised; nothing is interpreted as a
//! terminal sequence.

use std::collections::HashMap;

/// The lines of `text` as plain text; `names` maps usernames to display names.
pub fn to_plain(text: &str, names: &HashMap<String, String>) -> Vec<String> {
    crate::sanitize::clean_multiline(text)
        .lines()
        .map(|line| line_to_plain(line.trim_end(), names))
        .collect()
}

fn line_to_plain(line: &str, names: &HashMap<String, String>) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (prefix, body) = if let Some(rest) = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
        .or_else(|| trimmed.strip_prefix("+ "))
    {
        ("• ", rest)
    } else if let Some(rest) = trimmed.strip_prefix("> ") {
        ("│ ", rest)
    } else if trimmed.starts_with('#') {
        ("", trimmed.trim_start_matches('#').trim_start())
    } else {
        ("", trimmed)
    };
    format!("{indent}{prefix}{}", inline(body, names))
}

/// Emphasis, code, links and mentions inside one line.
fn inline(s: &str, names: &HashMap<String, String>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '`' => {
                i += 1;
                continue;
            }
            '_' if is_boundary(&chars, i) => {
                i += 1;
                continue;
            }
            '[' => {
                if let Some((text, url, next)) = link_at(&chars, i) {
                    out.push_str(&text);
                    out.push_str(" (");
                    out.push_str(&url);
                    out.push(')');
                    i = next;
                    continue;
                }
            }
            '@' if i == 0 || !chars[i - 1].is_alphanumeric() => {
                let end = (i + 1..chars.len())
                    .find(|&j| !(chars[j].is_alphanumeric() || "._-".contains(chars[j])))
                    .unwrap_or(chars.len());
                let user: String = chars[i + 1..end].iter().collect();
                let user = user.trim_end_matches('.');
                if let Some(name) = names.get(user) {
                    out.push('@');
                    out.push_str(name);
                    i += 1 + user.chars().count();
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// An underscore that opens or closes emphasis (not one inside a word like `a_b`).
fn is_boundary(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    let after = chars.get(i + 1).copied();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !(word(before) && word(after))
}

/// `[text](url)` starting at `i`: the text, the address and where the rest begins.
fn link_at(chars: &[char], i: usize) -> Option<(String, String, usize)> {
    let close = (i + 1..chars.len()).find(|&j| chars[j] == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
    let text: String = chars[i + 1..close].iter().collect();
    let url: String = chars[close + 2..end].iter().collect();
    Some((text, url, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Vec<String> {
        let names = HashMap::from([("dana".to_string(), "Dana Demo".to_string())]);
        to_plain(s, &names)
    }

    #[test]
    fn marks_go_links_and_mentions_read_as_text() {
        assert_eq!(
            plain(
                "The client wants **three** options. See [the brief](https://x.test/b) and @dana."
            ),
            ["The client wants three options. See the brief (https://x.test/b) and @Dana Demo."]
        );
        assert_eq!(
            plain("`code` and _em_ but snake_case"),
            ["code and em but snake_case"]
        );
        assert_eq!(plain("@nobody stays"), ["@nobody stays"]);
    }

    #[test]
    fn lists_quotes_and_headings() {
        assert_eq!(
            plain("# Plan\n- one\n  * two\n> said"),
            ["Plan", "• one", "  • two", "│ said"]
        );
    }

    #[test]
    fn control_characters_never_pass() {
        let out = plain("a\u{1b}]52;c;x\u{7}b\u{9b}2J");
        assert!(
            out.iter().all(|l| !l.chars().any(|c| c.is_control())),
            "{out:?}"
        );
    }
}
