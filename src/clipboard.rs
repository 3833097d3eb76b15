//! Copying text to the user's own clipboard with OSC 52: the terminal (or tmux with
//! `set-clipboard on`) puts it there, so it works over SSH. The text travels base64
//! encoded, so nothing in it can act as a terminal sequence.

use base64::Engine;

/// Terminals cap OSC 52 payloads (xterm's default is about 100 000 bytes of base64).
pub const MAX_TEXT: usize = 74_000;

/// The one OSC 52 sequence that sets the clipboard to `text`; `None` when the text is
/// too long for terminals to take.
pub fn osc52(text: &str) -> Option<Vec<u8>> {
    if text.len() > MAX_TEXT {
        return None;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = Vec::with_capacity(encoded.len() + 8);
    out.extend_from_slice(b"\x1b]52;c;");
    out.extend_from_slice(encoded.as_bytes());
    out.push(0x07);
    Some(out)
}

/// The web app's address: `oauth_url` when one is set, else the API's address without
/// a leading `api.` (`https://api.mediagraph.io` → `https://mediagraph.io`).
pub fn web_base(api_url: &str, configured: Option<&str>) -> String {
    if let Some(u) = configured.map(str::trim).filter(|u| !u.is_empty()) {
        return u.trim_end_matches('/').to_string();
    }
    let api = api_url.trim().trim_end_matches('/');
    match api.split_once("://") {
        Some((scheme, rest)) => {
            let rest = rest.strip_prefix("api.").unwrap_or(rest);
            format!("{scheme}://{rest}")
        }
        None => api.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_well_formed_sequence_with_the_text_base64_encoded() {
        let hostile = "https://x.test/a\u{1b}]0;pwned\u{7}\u{1b}[2J";
        let seq = osc52(hostile).unwrap();
        assert!(seq.starts_with(b"\x1b]52;c;"));
        assert_eq!(seq.last(), Some(&0x07));
        assert_eq!(seq.iter().filter(|&&b| b == 0x1b).count(), 1, "one ESC");
        assert_eq!(seq.iter().filter(|&&b| b == 0x07).count(), 1, "one BEL");
        let body = &seq[7..seq.len() - 1];
        assert!(
            body.iter()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b))
        );
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        assert_eq!(decoded, hostile.as_bytes());
        assert!(osc52(&"x".repeat(MAX_TEXT + 1)).is_none());
    }

    #[test]
    fn the_web_address_follows_the_api_or_the_setting() {
        assert_eq!(
            web_base("https://api.mediagraph.io", None),
            "https://mediagraph.io"
        );
        assert_eq!(
            web_base("http://127.0.0.1:8123/", None),
            "http://127.0.0.1:8123"
        );
        assert_eq!(
            web_base(
                "https://api.mediagraph.io",
                Some("https://dam.example.com/")
            ),
            "https://dam.example.com"
        );
    }
}
