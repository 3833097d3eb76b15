//! The `/` line: Mediagraph's own query syntax passes through in `q`; short filter
//! tokens (`tag:sunset type:jpg,png rating:>=4 captured:2024-01..2024-06 people:yes
//! rights:missing in:here|all`) become the API's filter parameters. Unknown `key:value`
//! tokens are reported, never dropped silently.

use crate::api::models::SearchQuery;

/// Field names Mediagraph's `q` understands (NOTES §2.3); these pass through.
const SERVER_FIELDS: &[&str] = &[
    "tag_text",
    "filename",
    "filename.keyword",
    "description",
    "title",
    "headline",
    "alt_text",
    "creator_text",
    "copyright",
    "credit_line",
    "city",
    "state",
    "country",
    "event",
    "transcript",
    "content",
];

/// Our short tokens, for error messages and completion.
pub const FILTER_KEYS: &[&str] = &[
    "tag", "type", "ext", "rating", "captured", "created", "people", "rights", "in",
];

/// Where the search looks, when the query says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeChoice {
    /// The current group.
    Here,
    /// The whole library.
    All,
}

/// A parsed `/` line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedQuery {
    /// What goes to the server's `q`.
    pub q: Option<String>,
    pub tags: Vec<String>,
    pub exts: Vec<String>,
    pub rating: Vec<i64>,
    pub captured_at: Option<(String, String)>,
    pub created_at: Option<(String, String)>,
    pub has_people: Option<String>,
    pub rights: Vec<String>,
    pub scope: Option<ScopeChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub token: String,
    pub message: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.token, self.message)
    }
}

impl ParsedQuery {
    /// Replace `target`'s text and filters with this query's (scope is the caller's).
    pub fn apply_to(&self, target: &mut SearchQuery) {
        target.q = self.q.clone();
        target.tags = self.tags.clone();
        target.exts = self.exts.clone();
        target.rating = self.rating.clone();
        target.captured_at = self.captured_at.clone();
        target.created_at = self.created_at.clone();
        target.has_people = self.has_people.clone();
        target.rights = self.rights.clone();
    }

    pub fn has_filters(&self) -> bool {
        !(self.tags.is_empty()
            && self.exts.is_empty()
            && self.rating.is_empty()
            && self.captured_at.is_none()
            && self.created_at.is_none()
            && self.has_people.is_none()
            && self.rights.is_empty())
    }
}

/// Split on whitespace, keeping double-quoted parts (and `key:"a b"`) together.
fn tokens(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

fn list(v: &str) -> Vec<String> {
    unquote(v)
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parse the `/` line.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    let mut p = ParsedQuery::default();
    let mut passthrough: Vec<String> = Vec::new();
    for tok in tokens(input) {
        let (neg, body) = match tok.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, tok.as_str()),
        };
        let Some((key, value)) = body.split_once(':') else {
            passthrough.push(tok.clone());
            continue;
        };
        if key.starts_with('"') || key.is_empty() {
            passthrough.push(tok.clone());
            continue;
        }
        let err = |message: String| QueryError {
            token: tok.clone(),
            message,
        };
        let lower = key.to_ascii_lowercase();
        if SERVER_FIELDS.contains(&lower.as_str()) {
            passthrough.push(tok.clone());
            continue;
        }
        if neg {
            return Err(err(format!(
                "`-` only negates words and server fields, not `{key}:` filters"
            )));
        }
        if value.is_empty() {
            return Err(err(format!("`{key}:` needs a value")));
        }
        match lower.as_str() {
            "tag" | "tags" => p.tags.extend(list(value)),
            "type" | "ext" | "exts" => p.exts.extend(
                list(value)
                    .into_iter()
                    .map(|e| e.trim_start_matches('.').to_lowercase()),
            ),
            "rating" => p.rating = parse_rating(value).map_err(err)?,
            "captured" => p.captured_at = Some(parse_dates(value).map_err(err)?),
            "created" | "uploaded" => p.created_at = Some(parse_dates(value).map_err(err)?),
            "people" => match value {
                "yes" | "no" | "untagged" => p.has_people = Some(value.to_string()),
                _ => return Err(err("use people:yes, people:no or people:untagged".into())),
            },
            "rights" => p.rights.extend(list(value)),
            "in" => {
                p.scope = Some(match value {
                    "here" => ScopeChoice::Here,
                    "all" => ScopeChoice::All,
                    _ => return Err(err("use in:here or in:all".into())),
                })
            }
            _ => {
                return Err(err(format!(
                    "unknown filter `{key}:` — filters are {}; server fields are {}; \
                     quote it to search for the text",
                    FILTER_KEYS.join(", "),
                    SERVER_FIELDS.join(", ")
                )));
            }
        }
    }
    let q = passthrough.join(" ");
    p.q = (!q.trim().is_empty()).then_some(q);
    Ok(p)
}

/// `4`, `>=4`, `>3`, `<=2`, `<2`, `2..4`.
fn parse_rating(v: &str) -> Result<Vec<i64>, String> {
    let num = |s: &str| -> Result<i64, String> {
        s.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=5).contains(n))
            .ok_or_else(|| format!("rating must be 0 to 5, got `{s}`"))
    };
    let range = |a: i64, b: i64| -> Result<Vec<i64>, String> {
        if a > b {
            Err(format!("empty rating range {a}..{b}"))
        } else if a == b {
            Ok(vec![a])
        } else {
            Ok(vec![a, b])
        }
    };
    if let Some(r) = v.strip_prefix(">=") {
        range(num(r)?, 5)
    } else if let Some(r) = v.strip_prefix("<=") {
        range(0, num(r)?)
    } else if let Some(r) = v.strip_prefix('>') {
        range(num(r)? + 1, 5)
    } else if let Some(r) = v.strip_prefix('<') {
        range(0, num(r)? - 1)
    } else if let Some((a, b)) = v.split_once("..") {
        range(num(a)?, num(b)?)
    } else {
        Ok(vec![num(v)?])
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `2024`, `2024-05`, `2024-05-01` → the first and last instant they cover.
fn date_bounds(s: &str) -> Result<(String, String), String> {
    let bad = || format!("`{s}` is not a date (use 2024, 2024-05 or 2024-05-01)");
    let parts: Vec<&str> = s.split('-').collect();
    let year: i32 = parts
        .first()
        .and_then(|y| (y.len() == 4).then(|| y.parse().ok()).flatten())
        .ok_or_else(bad)?;
    let month: Option<u32> = match parts.get(1) {
        Some(m) => Some(
            m.parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(bad)?,
        ),
        None => None,
    };
    let day: Option<u32> = match parts.get(2) {
        Some(d) => {
            let m = month.ok_or_else(bad)?;
            Some(
                d.parse()
                    .ok()
                    .filter(|d| *d >= 1 && *d <= days_in_month(year, m))
                    .ok_or_else(bad)?,
            )
        }
        None => None,
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    let (m0, m1) = month.map_or((1, 12), |m| (m, m));
    let (d0, d1) = day.map_or((1, days_in_month(year, m1)), |d| (d, d));
    Ok((
        format!("{year:04}-{m0:02}-{d0:02}T00:00:00Z"),
        format!("{year:04}-{m1:02}-{d1:02}T23:59:59Z"),
    ))
}

/// `2024`, `2024-01..2024-06`, `..2020`, `2021..`, `>=2024-03`, `<2020`.
fn parse_dates(v: &str) -> Result<(String, String), String> {
    const MIN: &str = "1900-01-01T00:00:00Z";
    const MAX: &str = "2999-12-31T23:59:59Z";
    if let Some(r) = v.strip_prefix(">=") {
        return Ok((date_bounds(r)?.0, MAX.into()));
    }
    if let Some(r) = v.strip_prefix("<=") {
        return Ok((MIN.into(), date_bounds(r)?.1));
    }
    if let Some((a, b)) = v.split_once("..") {
        let from = if a.is_empty() {
            MIN.to_string()
        } else {
            date_bounds(a)?.0
        };
        let to = if b.is_empty() {
            MAX.to_string()
        } else {
            date_bounds(b)?.1
        };
        if from > to {
            return Err(format!("`{v}` ends before it starts"));
        }
        return Ok((from, to));
    }
    date_bounds(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_example_translates_to_filters() {
        let p = parse(
            "sunset tag:beach type:jpg,png rating:>=4 captured:2024-01..2024-06 people:yes rights:missing in:here",
        )
        .unwrap();
        assert_eq!(p.q.as_deref(), Some("sunset"));
        assert_eq!(p.tags, vec!["beach"]);
        assert_eq!(p.exts, vec!["jpg", "png"]);
        assert_eq!(p.rating, vec![4, 5]);
        assert_eq!(
            p.captured_at,
            Some((
                "2024-01-01T00:00:00Z".to_string(),
                "2024-06-30T23:59:59Z".to_string()
            ))
        );
        assert_eq!(p.has_people.as_deref(), Some("yes"));
        assert_eq!(p.rights, vec!["missing"]);
        assert_eq!(p.scope, Some(ScopeChoice::Here));
    }

    #[test]
    fn server_syntax_passes_through() {
        let p = parse(r#"harbour AND -fog title:"at dawn" tag_text:boat* copyright:**"#).unwrap();
        assert_eq!(
            p.q.as_deref(),
            Some(r#"harbour AND -fog title:"at dawn" tag_text:boat* copyright:**"#)
        );
        assert!(!p.has_filters());
        assert_eq!(parse("  ").unwrap(), ParsedQuery::default());
    }

    #[test]
    fn unknown_and_bad_tokens_are_reported() {
        let e = parse("sunset colour:red").unwrap_err();
        assert_eq!(e.token, "colour:red");
        assert!(e.message.contains("unknown filter"));
        assert!(parse("rating:7").unwrap_err().message.contains("0 to 5"));
        assert!(parse("captured:2024-13").is_err());
        assert!(parse("captured:2024-02-30").is_err());
        assert!(parse("people:maybe").is_err());
        assert!(parse("in:there").is_err());
        assert!(parse("tag:").is_err());
        assert!(parse("-tag:x").is_err());
        assert!(parse("captured:2024..2020").is_err());
        // Quoted, a colon is just text.
        assert_eq!(
            parse("\"colour:red\"").unwrap().q.as_deref(),
            Some("\"colour:red\"")
        );
    }

    #[test]
    fn ratings_and_dates() {
        assert_eq!(parse_rating("3").unwrap(), vec![3]);
        assert_eq!(parse_rating(">3").unwrap(), vec![4, 5]);
        assert_eq!(parse_rating("<2").unwrap(), vec![0, 1]);
        assert_eq!(parse_rating("<=0").unwrap(), vec![0]);
        assert_eq!(parse_rating("2..4").unwrap(), vec![2, 4]);
        assert!(parse_rating("<0").is_err());
        assert_eq!(
            parse_dates("2024-02").unwrap(),
            ("2024-02-01T00:00:00Z".into(), "2024-02-29T23:59:59Z".into())
        );
        assert_eq!(parse_dates("..2020").unwrap().1, "2020-12-31T23:59:59Z");
        assert_eq!(parse_dates(">=2021-03").unwrap().0, "2021-03-01T00:00:00Z");
        assert_eq!(
            parse_dates("2023-07-04").unwrap(),
            ("2023-07-04T00:00:00Z".into(), "2023-07-04T23:59:59Z".into())
        );
    }
}
