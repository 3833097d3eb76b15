//! A small multi-line text editor for long fields (description, extended description):
//! lines of text, a cursor, emacs-style keys, paste, and soft wrapping for drawing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextArea {
    lines: Vec<String>,
    /// Cursor line.
    row: usize,
    /// Cursor position in chars within the line.
    col: usize,
    /// Text last cut with C-k / C-u, for C-y.
    yank: String,
}

impl Default for TextArea {
    fn default() -> Self {
        TextArea::new("")
    }
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

fn byte_at(s: &str, col: usize) -> usize {
    s.char_indices().nth(col).map(|(i, _)| i).unwrap_or(s.len())
}

impl TextArea {
    /// A text area holding `text`, cursor at its end. `\r\n` and `\r` become `\n`.
    pub fn new(text: &str) -> TextArea {
        let mut t = TextArea {
            lines: vec![String::new()],
            row: 0,
            col: 0,
            yank: String::new(),
        };
        t.set_text(text);
        t
    }

    pub(crate) fn set_text(&mut self, text: &str) {
        let norm = text.replace("\r\n", "\n").replace('\r', "\n");
        // Shown the way `sanitize::clean_multiline` shows it, so an edit can be spliced
        // back into the server's text (`sanitize::splice_edit`).
        self.lines = norm.split('\n').map(crate::sanitize::clean).collect();
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.row = self.lines.len() - 1;
        self.col = char_count(&self.lines[self.row]);
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// (line, char column) of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    fn line_len(&self) -> usize {
        char_count(&self.lines[self.row])
    }

    pub(crate) fn insert_char(&mut self, c: char) {
        if c == '\n' {
            self.newline();
            return;
        }
        let c = if c == '\t' { ' ' } else { c };
        if c.is_control() {
            return;
        }
        let line = &mut self.lines[self.row];
        let at = byte_at(line, self.col);
        line.insert(at, c);
        self.col += 1;
    }

    /// Insert pasted text; line breaks are kept, other control characters dropped.
    pub(crate) fn insert_str(&mut self, s: &str) {
        let norm = s.replace("\r\n", "\n").replace('\r', "\n");
        for c in norm.chars() {
            self.insert_char(c);
        }
    }

    pub(crate) fn newline(&mut self) {
        let line = &mut self.lines[self.row];
        let at = byte_at(line, self.col);
        let rest = line.split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    pub(crate) fn backspace(&mut self) {
        if self.col > 0 {
            let line = &mut self.lines[self.row];
            let at = byte_at(line, self.col - 1);
            line.remove(at);
            self.col -= 1;
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line_len();
            self.lines[self.row].push_str(&line);
        }
    }

    pub fn delete(&mut self) {
        if self.col < self.line_len() {
            let line = &mut self.lines[self.row];
            let at = byte_at(line, self.col);
            line.remove(at);
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
        }
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col -= 1;
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.line_len();
        }
    }

    pub fn right(&mut self) {
        if self.col < self.line_len() {
            self.col += 1;
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    /// Up one line; false when already on the first line.
    pub fn up(&mut self) -> bool {
        if self.row == 0 {
            return false;
        }
        self.row -= 1;
        self.col = self.col.min(self.line_len());
        true
    }

    /// Down one line; false when already on the last line.
    pub fn down(&mut self) -> bool {
        if self.row + 1 >= self.lines.len() {
            return false;
        }
        self.row += 1;
        self.col = self.col.min(self.line_len());
        true
    }

    pub fn home(&mut self) {
        self.col = 0;
    }

    pub fn end(&mut self) {
        self.col = self.line_len();
    }

    /// C-k: cut to the end of the line (or join the next line when at its end).
    pub(crate) fn kill_to_end(&mut self) {
        if self.col >= self.line_len() {
            self.delete();
            return;
        }
        let line = &mut self.lines[self.row];
        let at = byte_at(line, self.col);
        self.yank = line.split_off(at);
    }

    /// C-u: cut from the start of the line to the cursor.
    pub(crate) fn kill_to_start(&mut self) {
        let line = &mut self.lines[self.row];
        let at = byte_at(line, self.col);
        self.yank = line[..at].to_string();
        line.replace_range(..at, "");
        self.col = 0;
    }

    /// C-w: delete the word before the cursor.
    pub(crate) fn delete_word(&mut self) {
        if self.col == 0 {
            self.backspace();
            return;
        }
        let chars: Vec<char> = self.lines[self.row].chars().collect();
        let mut start = self.col;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let line = &mut self.lines[self.row];
        let (a, b) = (byte_at(line, start), byte_at(line, self.col));
        line.replace_range(a..b, "");
        self.col = start;
    }

    /// Apply one key. Returns true when the text changed. Up/Down at the first/last line
    /// and keys it does not know are left to the caller (returns false, cursor unchanged).
    pub(crate) fn handle_key(&mut self, key: &KeyEvent) -> bool {
        let before = self.lines.clone();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt => self.insert_char(c),
            KeyCode::Char('a') if ctrl => self.home(),
            KeyCode::Char('e') if ctrl => self.end(),
            KeyCode::Char('b') if ctrl => self.left(),
            KeyCode::Char('f') if ctrl => self.right(),
            KeyCode::Char('p') if ctrl => {
                self.up();
            }
            KeyCode::Char('n') if ctrl => {
                self.down();
            }
            KeyCode::Char('d') if ctrl => self.delete(),
            KeyCode::Char('h') if ctrl => self.backspace(),
            KeyCode::Char('k') if ctrl => self.kill_to_end(),
            KeyCode::Char('u') if ctrl => self.kill_to_start(),
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Char('y') if ctrl => {
                let y = self.yank.clone();
                self.insert_str(&y);
            }
            KeyCode::Enter => self.newline(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Up => {
                self.up();
            }
            KeyCode::Down => {
                self.down();
            }
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => {}
        }
        self.lines != before
    }

    /// The text soft-wrapped at word boundaries to `width` cells: the rows to draw and
    /// the cursor's (x, y) among them.
    pub fn wrapped(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let mut rows = Vec::new();
        let mut cursor = (0, 0);
        for (r, line) in self.lines.iter().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            let starts = row_starts(&chars, width);
            for (k, &st) in starts.iter().enumerate() {
                let end = starts.get(k + 1).copied().unwrap_or(chars.len());
                if r == self.row && self.col >= st && (self.col < end || k + 1 == starts.len()) {
                    let x: usize = chars[st..self.col]
                        .iter()
                        .map(|c| c.width().unwrap_or(0))
                        .sum();
                    cursor = (x, rows.len());
                }
                rows.push(chars[st..end].iter().collect::<String>());
            }
            // A cursor after a full last row gets a row of its own.
            if r == self.row && cursor.1 + 1 == rows.len() && cursor.0 >= width {
                rows.push(String::new());
                cursor = (0, rows.len() - 1);
            }
        }
        (rows, cursor)
    }
}

/// Where each wrapped row of `chars` starts: break after the last space that fits,
/// or mid-word when a word is longer than the row.
fn row_starts(chars: &[char], width: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut row_start = 0;
    let mut w = 0;
    let mut last_space: Option<usize> = None;
    for (i, c) in chars.iter().enumerate() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width && i > row_start {
            let brk = match last_space {
                Some(sp) if sp >= row_start && sp < i => sp + 1,
                _ => i,
            };
            starts.push(brk);
            row_start = brk;
            w = chars[brk..i].iter().map(|c| c.width().unwrap_or(0)).sum();
            last_space = chars[brk..i]
                .iter()
                .rposition(|c| *c == ' ')
                .map(|p| p + brk);
        }
        if *c == ' ' {
            last_space = Some(i);
        }
        w += cw;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_newlines_and_joining() {
        let mut t = TextArea::new("");
        for c in "ab".chars() {
            assert!(t.handle_key(&key(KeyCode::Char(c))));
        }
        t.handle_key(&key(KeyCode::Enter));
        t.insert_str("cd");
        assert_eq!(t.text(), "ab\ncd");
        assert_eq!(t.cursor(), (1, 2));
        t.handle_key(&key(KeyCode::Home));
        t.handle_key(&key(KeyCode::Backspace));
        assert_eq!(t.text(), "abcd");
        assert_eq!(t.cursor(), (0, 2));
        t.handle_key(&key(KeyCode::Delete));
        assert_eq!(t.text(), "abd");
        assert!(!t.handle_key(&key(KeyCode::Left)));
        assert_eq!(t.cursor(), (0, 1));
    }

    #[test]
    fn paste_keeps_line_breaks_and_drops_controls() {
        let mut t = TextArea::new("x");
        t.insert_str("one\r\ntwo\u{1b}[31m\rthree\tend");
        assert_eq!(t.text(), "xone\ntwo[31m\nthree end");
        assert_eq!(t.lines().len(), 3);
    }

    #[test]
    fn vertical_moves_clamp_the_column_and_report_edges() {
        let mut t = TextArea::new("long line\nab");
        assert!(!t.down());
        assert!(t.up());
        assert_eq!(t.cursor(), (0, 2));
        t.end();
        assert!(t.down());
        assert_eq!(t.cursor(), (1, 2));
    }

    #[test]
    fn emacs_kill_and_yank() {
        let mut t = TextArea::new("hello world");
        t.home();
        t.right();
        t.kill_to_end();
        assert_eq!(t.text(), "h");
        t.insert_str("i ");
        let ctrl_y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL);
        t.handle_key(&ctrl_y);
        assert_eq!(t.text(), "hi ello world");
        let ctrl_w = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL);
        t.end();
        t.handle_key(&ctrl_w);
        assert_eq!(t.text(), "hi ello ");
    }

    #[test]
    fn wrapping_places_the_cursor() {
        let t = TextArea::new("abcdef\n写真写真");
        let (rows, cur) = t.wrapped(4);
        // The cursor after a full row gets a row of its own.
        assert_eq!(rows, vec!["abcd", "ef", "写真", "写真", ""]);
        assert_eq!(cur, (0, 4));
        let mut t = TextArea::new("abcd");
        let (rows, cur) = t.wrapped(4);
        assert_eq!(rows, vec!["abcd", ""]);
        assert_eq!(cur, (0, 1));
        t.home();
        assert_eq!(t.wrapped(4).1, (0, 0));
        // Words move to the next row whole when they fit there.
        let mut t = TextArea::new("one two three");
        assert_eq!(
            t.wrapped(8),
            (vec!["one two ".into(), "three".into()], (5, 1))
        );
        t.home();
        for _ in 0..8 {
            t.right();
        }
        assert_eq!(t.wrapped(8).1, (0, 1));
        t.left();
        assert_eq!(t.wrapped(8).1, (7, 0));
    }
}
