//! What the share-link and share views draw alike: how the list loaded, two lines per
//! public address with the cursor's kept in view, and at the foot the writes still on
//! their way or a note.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::{safe, truncate};
use crate::theme;

/// One list of addresses as it is drawn.
pub(crate) struct AddressList<'a, T> {
    pub entries: &'a [T],
    pub cursor: usize,
    pub loading: bool,
    pub error: Option<&'a str>,
    /// Writes sent and not answered yet.
    pub pending: usize,
    /// Said when the list loaded and holds nothing.
    pub empty: &'a str,
    /// Said at the foot when nothing is on its way.
    pub note: &'a str,
}

/// What one entry shows: its state (word and colour), what it lets visitors do, and
/// its address (not yet sanitised).
pub(crate) struct Entry<'a> {
    pub state: (&'static str, Style),
    pub text: String,
    pub url: &'a str,
}

impl<'a, T> AddressList<'a, T> {
    /// Appends the list to `lines` (which hold what the view put above it), for a box
    /// `height` lines high and `width` wide.
    pub(crate) fn push_lines(
        &self,
        lines: &mut Vec<Line<'static>>,
        height: usize,
        width: usize,
        entry: impl Fn(&'a T) -> Entry<'a>,
    ) {
        let above = lines.len();
        if let Some(line) = super::load_state_line(self.loading, self.error, width) {
            lines.push(line);
            if self.error.is_some() {
                lines.push(Line::styled("r tries again.", theme::dim()));
            }
        } else if self.entries.is_empty() {
            lines.push(Line::raw(self.empty.to_string()));
        }
        // One line for the state above, two at the foot.
        let per_page = (height.saturating_sub(above + 3) / 2).max(1);
        let first = self.cursor.saturating_sub(per_page - 1);
        for (i, item) in self.entries.iter().enumerate().skip(first).take(per_page) {
            let e = entry(item);
            lines.extend(address_entry(
                i == self.cursor,
                e.state,
                &e.text,
                e.url,
                width,
            ));
        }
        lines.push(Line::raw(""));
        if self.pending > 0 {
            lines.push(Line::styled(
                format!("Saving {} change(s)…", self.pending),
                theme::dim(),
            ));
        } else {
            lines.push(Line::styled(self.note.to_string(), theme::dim()));
        }
    }
}

/// Two lines for one public address: a marker, its state, what it lets visitors do; then
/// the address itself (sanitised).
fn address_entry(
    here: bool,
    (state, style): (&str, Style),
    text: &str,
    url: &str,
    width: usize,
) -> [Line<'static>; 2] {
    let text_style = if here {
        theme::cursor(true)
    } else {
        Style::default()
    };
    [
        Line::from(vec![
            Span::styled(if here { "▸ " } else { "  " }, theme::key()),
            Span::styled(format!("{state:<9}"), style),
            Span::styled(truncate(text, width.saturating_sub(11)), text_style),
        ]),
        Line::styled(
            format!("  {}", truncate(&safe(url), width.saturating_sub(2))),
            theme::dim(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    fn list<'a>(entries: &'a [String], cursor: usize, pending: usize) -> AddressList<'a, String> {
        AddressList {
            entries,
            cursor,
            loading: false,
            error: None,
            pending,
            empty: "none",
            note: "a note",
        }
    }

    fn entry(s: &str) -> Entry<'_> {
        Entry {
            state: ("live", Style::default()),
            text: s.to_string(),
            url: "http://x/\u{1b}[2J",
        }
    }

    #[test]
    fn the_cursors_entry_stays_in_view_and_the_foot_says_what_is_on_its_way() {
        let entries: Vec<String> = (0..10).map(|i| format!("entry {i}")).collect();
        let mut lines = vec![Line::raw("above")];
        // 10 lines: the one above, three at the foot and state, three entries of two.
        list(&entries, 9, 2).push_lines(&mut lines, 10, 40, |s| entry(s));
        let shown = text(&lines);
        assert_eq!(shown.len(), 1 + 6 + 2, "{shown:?}");
        assert!(shown[1].contains("entry 7") && shown[5].starts_with("▸ "));
        assert!(shown[5].contains("entry 9"));
        assert!(!shown[2].contains('\u{1b}'), "addresses are sanitised");
        assert_eq!(shown.last().unwrap(), "Saving 2 change(s)…");

        let mut lines = Vec::new();
        list(&[], 0, 0).push_lines(&mut lines, 10, 40, |s| entry(s));
        assert_eq!(text(&lines), ["none", "", "a note"]);
    }
}
