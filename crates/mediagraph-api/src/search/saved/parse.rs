//! Recursive descent from tokens to a small tree of WHERE conditions. It understands
//! more SQL than mgtui can run, so that the translation can name the exact part it has
//! no use for instead of failing on the first odd token.

use super::lex::{Tok, Token};
use super::snippet;

/// Nesting deeper than this (parentheses, NOT) is refused rather than recursed into.
const MAX_DEPTH: usize = 40;

const KEYWORDS: &[&str] = &[
    "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "LIKE", "RLIKE", "TRUE", "FALSE",
];

/// A byte range of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(String),
    Str(String),
    Bool(bool),
    Null,
    /// A field name where a value was expected (`a = b`).
    Name(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Equals(Value),
    In(Vec<Value>),
    Between(Value, Value),
    IsNull,
    /// `!=`, `<`, `NOT IN`, `LIKE`, `IS NOT NULL`, …: valid SQL of no use to mgtui.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>, Span),
    Field {
        name: String,
        test: Test,
        span: Span,
    },
    /// `NAME(…)`; `text` is its argument when that is exactly one string.
    Call {
        name: String,
        text: Option<String>,
        span: Span,
    },
    /// Well-formed but of no use to mgtui: `NOT …`, `1 = 1`, `YEAR(x) = 2024`.
    Unsupported(Span),
}

/// The left side of a condition.
enum Operand {
    Field(String),
    Call(String, Option<String>),
    Literal,
}

/// Parse a whole WHERE clause (`tokens` of `sql`); no tokens give an empty `And`.
pub fn parse(sql: &str, tokens: &[Token]) -> Result<Expr, String> {
    if tokens.is_empty() {
        return Ok(Expr::And(Vec::new()));
    }
    let mut p = Parser {
        sql,
        toks: tokens,
        pos: 0,
        depth: 0,
    };
    let e = p.expr()?;
    if p.pos < tokens.len() {
        return Err(p.expected("`AND` between filters"));
    }
    Ok(e)
}

struct Parser<'a> {
    sql: &'a str,
    toks: &'a [Token],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn at_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        let hit = self.at_keyword(kw);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<(), String> {
        if self.peek() == Some(tok) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    /// Byte offset where the current token starts (the input's end after the last).
    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.sql.len(), |t| t.start)
    }

    /// Byte offset where the last consumed token ends.
    fn last_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .map_or(0, |t| t.end)
    }

    fn span_from(&self, start: usize) -> Span {
        Span {
            start,
            end: self.last_end().max(start),
        }
    }

    fn expected(&self, what: &str) -> String {
        let at = match self.toks.get(self.pos) {
            Some(t) => format!("at `{}`", snippet(&self.sql[t.start..])),
            None => "at the end".to_string(),
        };
        format!("mgtui cannot read this saved search: expected {what} {at}")
    }

    /// Run `f` one nesting level deeper, refusing absurd depths.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, String>) -> Result<T, String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!(
                "mgtui cannot read this saved search: it nests more than {MAX_DEPTH} levels deep"
            ));
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn expr(&mut self) -> Result<Expr, String> {
        let start = self.here();
        let mut parts = vec![self.and_expr()?];
        while self.eat_keyword("OR") {
            parts.push(self.and_expr()?);
        }
        Ok(match parts.len() {
            1 => parts.remove(0),
            _ => Expr::Or(parts, self.span_from(start)),
        })
    }

    fn and_expr(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.unary()?];
        while self.eat_keyword("AND") {
            parts.push(self.unary()?);
        }
        Ok(match parts.len() {
            1 => parts.remove(0),
            _ => Expr::And(parts),
        })
    }

    fn unary(&mut self) -> Result<Expr, String> {
        let start = self.here();
        if self.eat_keyword("NOT") {
            self.nested(Self::unary)?;
            return Ok(Expr::Unsupported(self.span_from(start)));
        }
        if self.peek() == Some(&Tok::Open) {
            self.pos += 1;
            let e = self.nested(Self::expr)?;
            self.expect(&Tok::Close, "`)`")?;
            return Ok(e);
        }
        self.condition()
    }

    fn condition(&mut self) -> Result<Expr, String> {
        let start = self.here();
        let lhs = self.operand()?;
        let test = self.test()?;
        let span = self.span_from(start);
        Ok(match (lhs, test) {
            (Operand::Field(name), Some(test)) => Expr::Field { name, test, span },
            (Operand::Field(name), None) => {
                return Err(self.expected(&format!(
                    "`=`, `IN`, `BETWEEN` or `IS NULL` after `{}`",
                    snippet(&name)
                )));
            }
            (Operand::Call(name, text), None) => Expr::Call { name, text, span },
            _ => Expr::Unsupported(span),
        })
    }

    fn operand(&mut self) -> Result<Operand, String> {
        let operand = match self.peek() {
            Some(Tok::Word(w)) if is_literal_keyword(w) => Operand::Literal,
            Some(Tok::Word(w)) if is_keyword(w) => return Err(self.expected("a filter")),
            Some(Tok::Word(w)) => {
                let name = w.clone();
                self.pos += 1;
                if self.peek() == Some(&Tok::Open) {
                    let text = self.call_arguments()?;
                    return Ok(Operand::Call(name, text));
                }
                return Ok(Operand::Field(name));
            }
            Some(Tok::QuotedName(n)) => Operand::Field(n.clone()),
            Some(Tok::Number(_) | Tok::Str(_)) => Operand::Literal,
            _ => return Err(self.expected("a filter")),
        };
        self.pos += 1;
        Ok(operand)
    }

    /// Skip a balanced `( … )`; the argument text when it is exactly one string.
    fn call_arguments(&mut self) -> Result<Option<String>, String> {
        let open = self.pos;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Tok::Open => depth += 1,
                Tok::Close => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.pos += 1;
            if depth == 0 {
                return Ok(match &self.toks[open + 1..self.pos - 1] {
                    [
                        Token {
                            tok: Tok::Str(s), ..
                        },
                    ] => Some(s.clone()),
                    _ => None,
                });
            }
        }
        Err(self.expected("`)`"))
    }

    /// What follows the left side, if anything does.
    fn test(&mut self) -> Result<Option<Test>, String> {
        if let Some(Tok::Compare(op)) = self.peek() {
            let equals = *op == "=";
            self.pos += 1;
            let v = self.value()?;
            return Ok(Some(if equals { Test::Equals(v) } else { Test::Other }));
        }
        if self.eat_keyword("NOT") {
            if self.eat_keyword("IN") {
                self.list()?;
            } else if self.eat_keyword("BETWEEN") {
                self.between()?;
            } else if self.eat_keyword("LIKE") || self.eat_keyword("RLIKE") {
                self.value()?;
            } else {
                return Err(self.expected("`IN`, `BETWEEN` or `LIKE` after `NOT`"));
            }
            return Ok(Some(Test::Other));
        }
        if self.eat_keyword("IN") {
            return Ok(Some(Test::In(self.list()?)));
        }
        if self.eat_keyword("BETWEEN") {
            let (lo, hi) = self.between()?;
            return Ok(Some(Test::Between(lo, hi)));
        }
        if self.eat_keyword("IS") {
            let negated = self.eat_keyword("NOT");
            if !self.eat_keyword("NULL") {
                return Err(self.expected("`NULL` after `IS`"));
            }
            return Ok(Some(if negated { Test::Other } else { Test::IsNull }));
        }
        if self.eat_keyword("LIKE") || self.eat_keyword("RLIKE") {
            self.value()?;
            return Ok(Some(Test::Other));
        }
        Ok(None)
    }

    fn between(&mut self) -> Result<(Value, Value), String> {
        let lo = self.value()?;
        if !self.eat_keyword("AND") {
            return Err(self.expected("`AND` inside `BETWEEN … AND …`"));
        }
        Ok((lo, self.value()?))
    }

    fn list(&mut self) -> Result<Vec<Value>, String> {
        self.expect(&Tok::Open, "`(` after `IN`")?;
        let mut values = vec![self.value()?];
        while self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
            values.push(self.value()?);
        }
        self.expect(&Tok::Close, "`,` or `)` in the `IN` list")?;
        Ok(values)
    }

    fn value(&mut self) -> Result<Value, String> {
        let v = match self.peek() {
            Some(Tok::Number(n)) => Value::Number(n.clone()),
            Some(Tok::Str(s)) => Value::Str(s.clone()),
            Some(Tok::QuotedName(n)) => Value::Name(n.clone()),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("TRUE") => Value::Bool(true),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("FALSE") => Value::Bool(false),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL") => Value::Null,
            Some(Tok::Word(w)) if !is_keyword(w) => Value::Name(w.clone()),
            _ => return Err(self.expected("a value")),
        };
        self.pos += 1;
        Ok(v)
    }
}

fn is_keyword(w: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(w))
}

fn is_literal_keyword(w: &str) -> bool {
    ["TRUE", "FALSE", "NULL"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::super::lex::tokenize;
    use super::*;

    fn tree(sql: &str) -> Result<Expr, String> {
        parse(sql, &tokenize(sql)?)
    }

    fn field(e: &Expr) -> (&str, &Test) {
        match e {
            Expr::Field { name, test, .. } => (name, test),
            other => panic!("not a field condition: {other:?}"),
        }
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let Expr::Or(parts, span) = tree("a = 1 AND b = 2 OR c IS NULL").unwrap() else {
            panic!("OR at the top");
        };
        assert_eq!((span.start, span.end), (0, 28));
        assert!(matches!(&parts[0], Expr::And(v) if v.len() == 2));
        assert_eq!(field(&parts[1]), ("c", &Test::IsNull));
    }

    #[test]
    fn tests_and_values() {
        let e = tree("x BETWEEN 'a' AND 2").unwrap();
        assert_eq!(
            field(&e).1,
            &Test::Between(Value::Str("a".into()), Value::Number("2".into()))
        );
        let e = tree("x in (true, NULL, y)").unwrap();
        assert_eq!(
            field(&e).1,
            &Test::In(vec![
                Value::Bool(true),
                Value::Null,
                Value::Name("y".into())
            ])
        );
        for other in [
            "x != 1",
            "x NOT IN (1)",
            "x not between 1 and 2",
            "x LIKE 'a%'",
            "x IS NOT NULL",
        ] {
            assert_eq!(field(&tree(other).unwrap()).1, &Test::Other, "{other}");
        }
    }

    #[test]
    fn calls_literals_and_negations_keep_their_span() {
        let sql = "QUERY('sea') AND MATCH(a, 'b') AND NOT x = 1 AND 1 = 1";
        let Expr::And(parts) = tree(sql).unwrap() else {
            panic!("AND at the top");
        };
        assert!(
            matches!(&parts[0], Expr::Call { name, text: Some(t), .. } if name == "QUERY" && t == "sea")
        );
        assert!(matches!(&parts[1], Expr::Call { text: None, .. }));
        let Expr::Unsupported(not) = parts[2] else {
            panic!("NOT is unsupported")
        };
        assert_eq!(&sql[not.start..not.end], "NOT x = 1");
        let Expr::Unsupported(lit) = parts[3] else {
            panic!("1 = 1 is unsupported")
        };
        assert_eq!(&sql[lit.start..lit.end], "1 = 1");
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = tree("rating = 5 ext IN ('jpg')").unwrap_err();
        assert!(
            e.contains("expected `AND` between filters at `ext IN"),
            "{e}"
        );
        assert!(tree("rating =").unwrap_err().contains("at the end"));
        assert!(tree("rating").unwrap_err().contains("after `rating`"));
        assert!(tree("(rating = 5").unwrap_err().contains("`)`"));
        assert!(tree("ext IN ('a' 'b')").unwrap_err().contains("`IN` list"));
        assert!(tree("AND x = 1").is_err());
        assert!(tree("QUERY('a'").is_err());
        let deep = format!("{}x = 1{}", "(".repeat(200), ")".repeat(200));
        assert!(tree(&deep).unwrap_err().contains("levels deep"));
        assert!(tree(&"NOT ".repeat(10_000)).is_err());
    }
}
