//! The `/` line: Mediagraph's own query syntax passes through in `q`; short filter
//! tokens (`tag:sunset type:jpg,png rating:>=4 captured:2024-01..2024-06 people:yes
//! rights:missing in:here|all`) become the API's filter parameters. Unknown `key:value`
//! tokens are reported, never dropped silently.

use std::collections::BTreeMap;

use crate::api::models::{RIGHTS_STATUSES, SearchQuery};
use crate::timeutil::days_in_month;

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
    "tag", "type", "rating", "captured", "created", "people", "rights", "aspect", "uploader",
    "meta", "in",
];

/// Aspect ratio classes the API filters by.
pub const ASPECTS: &[&str] = &["portrait", "square", "landscape", "panorama"];

const OPEN_START: &str = "1900-01-01T00:00:00Z";
const OPEN_END: &str = "2999-12-31T23:59:59Z";

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
    /// Rights package ids or `missing`.
    pub rights: Vec<String>,
    /// Rights statuses (`owned`, `some`, …).
    pub rights_codes: Vec<String>,
    pub aspect: Option<String>,
    /// Uploader user ids.
    pub uploaders: Vec<i64>,
    /// Custom meta field name → values.
    pub custom_meta: BTreeMap<String, Vec<String>>,
    pub scope: Option<ScopeChoice>,
}

/// One active filter: a chip above the grid, a ticked facet value, a token on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Tag(String),
    Ext(String),
    /// One value or an inclusive range.
    Rating(Vec<i64>),
    Captured(String, String),
    Created(String, String),
    People(String),
    Rights(String),
    RightsCode(String),
    Aspect(String),
    Uploader(i64),
    Meta(String, String),
}

impl Filter {
    /// The `/` line token for this filter; parsing it gives the filter back.
    pub fn token(&self) -> String {
        match self {
            Filter::Tag(t) => format!("tag:{}", quoted(t)),
            Filter::Ext(e) => format!("type:{}", quoted(e)),
            Filter::Rating(r) => match r.as_slice() {
                [a, 5] => format!("rating:>={a}"),
                [0, b] => format!("rating:<={b}"),
                [a, b] => format!("rating:{a}..{b}"),
                [a] => format!("rating:{a}"),
                _ => "rating:".to_string(),
            },
            Filter::Captured(a, b) => format!("captured:{}", date_range_text(a, b)),
            Filter::Created(a, b) => format!("created:{}", date_range_text(a, b)),
            Filter::People(p) => format!("people:{p}"),
            Filter::Rights(r) | Filter::RightsCode(r) => format!("rights:{}", quoted(r)),
            Filter::Aspect(a) => format!("aspect:{a}"),
            Filter::Uploader(u) => format!("uploader:{u}"),
            Filter::Meta(field, value) => format!("meta:{}", quoted(&format!("{field}={value}"))),
        }
    }

    /// Only one of these can be active at a time (the API takes one value or range).
    fn single(&self) -> bool {
        matches!(
            self,
            Filter::Rating(_)
                | Filter::Captured(..)
                | Filter::Created(..)
                | Filter::People(_)
                | Filter::Aspect(_)
        )
    }

    fn same_kind(&self, other: &Filter) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

fn quoted(v: &str) -> String {
    if v.chars().any(|c| c.is_whitespace() || c == '"') {
        format!("\"{}\"", v.replace('"', ""))
    } else {
        v.to_string()
    }
}

/// `2024-01-01T00:00:00Z`..`2024-12-31T23:59:59Z` → `2024`; a whole month → `2024-05`;
/// open ends → `..2020`, `2021..`.
fn date_range_text(from: &str, to: &str) -> String {
    let day = |s: &str| s.get(..10).unwrap_or(s).to_string();
    let (f, t) = (day(from), day(to));
    match (from == OPEN_START, to == OPEN_END) {
        (true, true) => return "..".to_string(),
        (true, false) => return format!("..{t}"),
        (false, true) => return format!("{f}.."),
        _ => {}
    }
    if f.len() == 10 && t.len() == 10 && f.is_char_boundary(4) && t.is_char_boundary(4) {
        let (fy, fm, fd) = (&f[..4], &f[5..7], &f[8..]);
        let (ty, tm, td) = (&t[..4], &t[5..7], &t[8..]);
        let month_ends = td.parse::<u32>().ok()
            == Some(days_in_month(
                ty.parse().unwrap_or(1),
                tm.parse().unwrap_or(1),
            ));
        if fy == ty && fm == "01" && fd == "01" && tm == "12" && td == "31" {
            return fy.to_string();
        }
        if fy == ty && fm == tm && fd == "01" && month_ends {
            return format!("{fy}-{fm}");
        }
        if f == t {
            return f;
        }
    }
    format!("{f}..{t}")
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
        target.rights_codes = self.rights_codes.clone();
        target.aspect = self.aspect.clone();
        target.user_ids = self.uploaders.clone();
        target.custom_meta = self.custom_meta.clone();
    }

    /// Whether to search the current group: what `in:` says, else `default`.
    pub fn in_group(&self, default: bool) -> bool {
        match self.scope {
            Some(ScopeChoice::Here) => true,
            Some(ScopeChoice::All) => false,
            None => default,
        }
    }

    pub fn has_filters(&self) -> bool {
        !self.filters().is_empty()
    }

    /// The active filters, in line order.
    pub fn filters(&self) -> Vec<Filter> {
        let mut out: Vec<Filter> = Vec::new();
        out.extend(self.tags.iter().cloned().map(Filter::Tag));
        out.extend(self.exts.iter().cloned().map(Filter::Ext));
        if !self.rating.is_empty() {
            out.push(Filter::Rating(self.rating.clone()));
        }
        if let Some((a, b)) = &self.captured_at {
            out.push(Filter::Captured(a.clone(), b.clone()));
        }
        if let Some((a, b)) = &self.created_at {
            out.push(Filter::Created(a.clone(), b.clone()));
        }
        if let Some(p) = &self.has_people {
            out.push(Filter::People(p.clone()));
        }
        out.extend(self.rights.iter().cloned().map(Filter::Rights));
        out.extend(self.rights_codes.iter().cloned().map(Filter::RightsCode));
        if let Some(a) = &self.aspect {
            out.push(Filter::Aspect(a.clone()));
        }
        out.extend(self.uploaders.iter().copied().map(Filter::Uploader));
        for (field, values) in &self.custom_meta {
            out.extend(
                values
                    .iter()
                    .map(|v| Filter::Meta(field.clone(), v.clone())),
            );
        }
        out
    }

    pub fn contains(&self, f: &Filter) -> bool {
        self.filters().contains(f)
    }

    /// Add a filter; a single-valued one replaces the one of its kind.
    pub fn add(&mut self, f: Filter) {
        if self.contains(&f) {
            return;
        }
        if f.single() {
            for old in self.filters().into_iter().filter(|o| o.same_kind(&f)) {
                self.remove(&old);
            }
        }
        match f {
            Filter::Tag(t) => self.tags.push(t),
            Filter::Ext(e) => self.exts.push(e),
            Filter::Rating(r) => self.rating = r,
            Filter::Captured(a, b) => self.captured_at = Some((a, b)),
            Filter::Created(a, b) => self.created_at = Some((a, b)),
            Filter::People(p) => self.has_people = Some(p),
            Filter::Rights(r) => self.rights.push(r),
            Filter::RightsCode(r) => self.rights_codes.push(r),
            Filter::Aspect(a) => self.aspect = Some(a),
            Filter::Uploader(u) => self.uploaders.push(u),
            Filter::Meta(field, v) => self.custom_meta.entry(field).or_default().push(v),
        }
    }

    pub fn remove(&mut self, f: &Filter) {
        match f {
            Filter::Tag(t) => self.tags.retain(|x| x != t),
            Filter::Ext(e) => self.exts.retain(|x| x != e),
            Filter::Rating(r) if self.rating == *r => self.rating.clear(),
            Filter::Captured(a, b) if self.captured_at == Some((a.clone(), b.clone())) => {
                self.captured_at = None
            }
            Filter::Created(a, b) if self.created_at == Some((a.clone(), b.clone())) => {
                self.created_at = None
            }
            Filter::People(p) if self.has_people.as_ref() == Some(p) => self.has_people = None,
            Filter::Rights(r) => self.rights.retain(|x| x != r),
            Filter::RightsCode(r) => self.rights_codes.retain(|x| x != r),
            Filter::Aspect(a) if self.aspect.as_ref() == Some(a) => self.aspect = None,
            Filter::Uploader(u) => self.uploaders.retain(|x| x != u),
            Filter::Meta(field, v) => {
                if let Some(values) = self.custom_meta.get_mut(field) {
                    values.retain(|x| x != v);
                    if values.is_empty() {
                        self.custom_meta.remove(field);
                    }
                }
            }
            _ => {}
        }
    }

    /// Add the filter, or remove it when it is already active. True when it is now on.
    pub fn toggle(&mut self, f: Filter) -> bool {
        if self.contains(&f) {
            self.remove(&f);
            false
        } else {
            self.add(f);
            true
        }
    }

    /// Drop every filter; the text query and scope stay.
    pub fn clear_filters(&mut self) {
        *self = ParsedQuery {
            q: self.q.take(),
            scope: self.scope,
            ..Default::default()
        };
    }

    /// The `/` line for this query: text first, then one token per filter, no scope.
    /// `parse(&p.to_line())` gives `p` back, scope aside.
    pub fn to_line(&self) -> String {
        let mut parts: Vec<String> = self.q.iter().cloned().collect();
        parts.extend(self.filters().iter().map(Filter::token));
        parts.join(" ")
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
            "captured" => p.captured_at = Some(parse_dates(&unquote(value)).map_err(err)?),
            "created" | "uploaded" => {
                p.created_at = Some(parse_dates(&unquote(value)).map_err(err)?)
            }
            "people" => match value {
                "yes" | "no" | "untagged" => p.has_people = Some(value.to_string()),
                _ => return Err(err("use people:yes, people:no or people:untagged".into())),
            },
            "rights" => {
                for r in list(value) {
                    if r == "missing" || r.parse::<i64>().is_ok() {
                        p.rights.push(r);
                    } else if RIGHTS_STATUSES.contains(&r.as_str()) {
                        p.rights_codes.push(r);
                    } else {
                        return Err(err(format!(
                            "use rights:missing, a rights package id, or a status ({})",
                            RIGHTS_STATUSES.join(", ")
                        )));
                    }
                }
            }
            "aspect" => {
                let a = value.to_ascii_lowercase();
                if !ASPECTS.contains(&a.as_str()) {
                    return Err(err(format!("use aspect:{}", ASPECTS.join("|"))));
                }
                p.aspect = Some(a);
            }
            "uploader" => {
                for u in list(value) {
                    let id = u.parse::<i64>().map_err(|_| {
                        err("uploader: takes a user id (the facet panel, f, lists them)".into())
                    })?;
                    p.uploaders.push(id);
                }
            }
            "meta" => {
                let v = unquote(value);
                let Some((field, val)) = v
                    .split_once('=')
                    .filter(|(f, v)| !f.trim().is_empty() && !v.trim().is_empty())
                else {
                    return Err(err(
                        "use meta:FIELD=VALUE (quote it when it has spaces)".into()
                    ));
                };
                p.custom_meta
                    .entry(field.trim().to_string())
                    .or_default()
                    .push(val.trim().to_string());
            }
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

/// `2024`, `2024-05`, `2024-05-01` → the first and last instant they cover.
fn date_bounds(s: &str) -> Result<(String, String), String> {
    let bad = || format!("`{s}` is not a date (use 2024, 2024-05 or 2024-05-01)");
    let parts: Vec<&str> = s.split('-').collect();
    let year: i64 = parts
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
    const MIN: &str = OPEN_START;
    const MAX: &str = OPEN_END;
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

    #[test]
    fn new_tokens_and_their_errors() {
        let p = parse(
            r#"rights:owned,missing,12 aspect:Landscape uploader:7 meta:"Project Code=PRJ 42""#,
        )
        .unwrap();
        assert_eq!(p.rights_codes, vec!["owned"]);
        assert_eq!(p.rights, vec!["missing", "12"]);
        assert_eq!(p.aspect.as_deref(), Some("landscape"));
        assert_eq!(p.uploaders, vec![7]);
        assert_eq!(p.custom_meta["Project Code"], vec!["PRJ 42"]);
        assert!(parse("rights:nope").unwrap_err().message.contains("owned"));
        assert!(parse("aspect:round").is_err());
        assert!(parse("uploader:bob").is_err());
        assert!(parse("meta:novalue").is_err());
        assert!(parse("meta:=x").is_err());
    }

    #[test]
    fn lines_round_trip_through_filters() {
        for line in [
            "sunset tag:beach tag:\"new york\" type:jpg type:png rating:>=4 captured:2024-01..2024-06 people:yes rights:missing",
            "rating:<=2 created:2023 aspect:square uploader:3 meta:\"Audience=Press\" rights:some",
            "rating:2..4 captured:2024-02 created:..2020-05-01",
            "harbour AND -fog captured:2021-03-04 created:2022-01..",
        ] {
            let p = parse(line).unwrap();
            let again = parse(&p.to_line()).unwrap();
            assert_eq!(again, p, "{line} → {}", p.to_line());
        }
        let p = parse("rating:>=4 captured:2024").unwrap();
        assert_eq!(p.to_line(), "rating:>=4 captured:2024");
    }

    #[test]
    fn toggling_adds_removes_and_replaces_single_valued_filters() {
        let mut p = parse("boats tag:sea").unwrap();
        assert!(p.toggle(Filter::Tag("harbour".into())));
        assert!(p.toggle(Filter::Rating(vec![4])));
        assert!(p.toggle(Filter::Rating(vec![5])));
        assert_eq!(p.rating, vec![5], "one rating at a time");
        assert!(!p.toggle(Filter::Tag("sea".into())));
        assert!(p.toggle(Filter::Meta("Audience".into(), "Press".into())));
        assert_eq!(
            p.to_line(),
            "boats tag:harbour rating:5 meta:Audience=Press"
        );
        assert!(!p.toggle(Filter::Meta("Audience".into(), "Press".into())));
        assert!(p.custom_meta.is_empty());
        p.clear_filters();
        assert_eq!(p.to_line(), "boats");
        assert!(!p.has_filters());
    }
}
