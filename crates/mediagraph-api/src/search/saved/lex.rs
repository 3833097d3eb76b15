//! Tokens of the WHERE clauses saved searches hold.

use std::iter::Peekable;
use std::str::CharIndices;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A bare word: keyword, field or function name (`AND`, `rating`, `QUERY`).
    Word(String),
    /// `"…"`: a quoted field name, `""` inside standing for one `"`.
    QuotedName(String),
    /// `'…'`: a string literal, `''` inside standing for one `'`.
    Str(String),
    /// Digits with an optional leading `-` and fraction, as written.
    Number(String),
    /// `=`, `!=`, `<>`, `<`, `<=`, `>` or `>=`.
    Compare(&'static str),
    Open,
    Close,
    Comma,
    /// Any other character; the parser reports where it stands.
    Other(char),
}

/// A token and the byte range it covers in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// Split `sql` into tokens. Only an unterminated quote is an error here; everything else
/// is left for the parser to judge in context.
pub fn tokenize(sql: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let tok = match c {
            '\'' | '"' => {
                chars.next();
                let text = quoted(&mut chars, c).ok_or_else(|| {
                    format!(
                        "mgtui cannot read this saved search: the quote at `{}` is never closed",
                        super::snippet(&sql[start..])
                    )
                })?;
                if c == '\'' {
                    Tok::Str(text)
                } else {
                    Tok::QuotedName(text)
                }
            }
            '(' | ')' | ',' => {
                chars.next();
                match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    _ => Tok::Comma,
                }
            }
            '=' | '<' | '>' | '!' => compare(&mut chars),
            '-' if starts_number(sql, start + 1) => number(&mut chars),
            c if c.is_ascii_digit() => number(&mut chars),
            c if c.is_alphabetic() || c == '_' || c == '@' => {
                Tok::Word(take_while(&mut chars, |c| {
                    c.is_alphanumeric() || c == '_' || c == '.' || c == '@'
                }))
            }
            other => {
                chars.next();
                Tok::Other(other)
            }
        };
        let end = chars.peek().map_or(sql.len(), |&(i, _)| i);
        out.push(Token { tok, start, end });
    }
    Ok(out)
}

/// The text up to the closing `quote` (the opening one already consumed); `None` when
/// the input ends first.
fn quoted(chars: &mut Peekable<CharIndices>, quote: char) -> Option<String> {
    let mut text = String::new();
    loop {
        let (_, c) = chars.next()?;
        if c != quote {
            text.push(c);
        } else if chars.peek().is_some_and(|&(_, n)| n == quote) {
            chars.next();
            text.push(quote);
        } else {
            return Some(text);
        }
    }
}

fn compare(chars: &mut Peekable<CharIndices>) -> Tok {
    let first = chars.next().map_or(' ', |(_, c)| c);
    let second = chars.peek().map(|&(_, c)| c);
    let two = match (first, second) {
        ('!', Some('=')) => Some("!="),
        ('<', Some('>')) => Some("<>"),
        ('<', Some('=')) => Some("<="),
        ('>', Some('=')) => Some(">="),
        // `==` is not SQL but means what it says.
        ('=', Some('=')) => Some("="),
        _ => None,
    };
    if let Some(op) = two {
        chars.next();
        return Tok::Compare(op);
    }
    match first {
        '=' => Tok::Compare("="),
        '<' => Tok::Compare("<"),
        '>' => Tok::Compare(">"),
        other => Tok::Other(other),
    }
}

fn starts_number(sql: &str, at: usize) -> bool {
    sql.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_digit())
}

fn number(chars: &mut Peekable<CharIndices>) -> Tok {
    let mut text = String::new();
    if let Some(&(_, '-')) = chars.peek() {
        chars.next();
        text.push('-');
    }
    text.push_str(&take_while(chars, |c| c.is_ascii_digit()));
    let mut rest = chars.clone();
    if rest.next().is_some_and(|(_, c)| c == '.')
        && rest.peek().is_some_and(|&(_, c)| c.is_ascii_digit())
    {
        chars.next();
        text.push('.');
        text.push_str(&take_while(chars, |c| c.is_ascii_digit()));
    }
    Tok::Number(text)
}

fn take_while(chars: &mut Peekable<CharIndices>, keep: impl Fn(char) -> bool) -> String {
    let mut text = String::new();
    while let Some(&(_, c)) = chars.peek() {
        if !keep(c) {
            break;
        }
        text.push(c);
        chars.next();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(sql: &str) -> Vec<Tok> {
        tokenize(sql).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_literals_and_operators() {
        assert_eq!(
            toks("rating BETWEEN 2 AND -3.5"),
            vec![
                Tok::Word("rating".into()),
                Tok::Word("BETWEEN".into()),
                Tok::Number("2".into()),
                Tok::Word("AND".into()),
                Tok::Number("-3.5".into()),
            ]
        );
        assert_eq!(
            toks(r#""custom_meta.Say ""hi""" IN ('it''s', 'é')"#),
            vec![
                Tok::QuotedName(r#"custom_meta.Say "hi""#.into()),
                Tok::Word("IN".into()),
                Tok::Open,
                Tok::Str("it's".into()),
                Tok::Comma,
                Tok::Str("é".into()),
                Tok::Close,
            ]
        );
        assert_eq!(
            toks("a<>b!=c<=d>=e<f>g==h=i;"),
            vec![
                Tok::Word("a".into()),
                Tok::Compare("<>"),
                Tok::Word("b".into()),
                Tok::Compare("!="),
                Tok::Word("c".into()),
                Tok::Compare("<="),
                Tok::Word("d".into()),
                Tok::Compare(">="),
                Tok::Word("e".into()),
                Tok::Compare("<"),
                Tok::Word("f".into()),
                Tok::Compare(">"),
                Tok::Word("g".into()),
                Tok::Compare("="),
                Tok::Word("h".into()),
                Tok::Compare("="),
                Tok::Word("i".into()),
                Tok::Other(';'),
            ]
        );
    }

    #[test]
    fn spans_are_byte_ranges_of_the_input() {
        let sql = " tag = 'ü' ";
        let t = tokenize(sql).unwrap();
        assert_eq!(&sql[t[0].start..t[0].end], "tag");
        assert_eq!(&sql[t[2].start..t[2].end], "'ü'");
    }

    #[test]
    fn unterminated_quotes_are_errors() {
        assert!(
            tokenize("tag = 'open")
                .unwrap_err()
                .contains("never closed")
        );
        assert!(tokenize("\"custom_meta.x").is_err());
        assert!(tokenize("tag = 'it''").is_err());
        assert_eq!(
            toks("- 1 -x"),
            vec![
                Tok::Other('-'),
                Tok::Number("1".into()),
                Tok::Other('-'),
                Tok::Word("x".into())
            ]
        );
    }
}
