//! Saved searches store an Elasticsearch SQL WHERE clause (`sql`). This is the
//! translation between that clause and mgtui's search: [`to_sql`] writes one clause per
//! filter, joined by `AND` in a fixed order, and [`from_sql`] reads exactly that grammar
//! back. A clause saved by another app that mgtui has no filter for is an error naming
//! it, never silently dropped: running a search without it would show the wrong assets.
//!
//! | mgtui                      | SQL                                                        |
//! |----------------------------|------------------------------------------------------------|
//! | text                       | `QUERY('sunset')`                                          |
//! | each tag                   | `visible_tag_names = 'beach'`                              |
//! | file types                 | `ext IN ('jpg', 'png')`                                    |
//! | rating 4 / 2..4            | `rating = 4` / `rating BETWEEN 2 AND 4`                    |
//! | captured / created         | `captured_at BETWEEN '2024-01-01T00:00:00Z' AND '…'`       |
//! | people                     | `has_people = 'yes'`                                       |
//! | rights packages, missing   | `rights_package_id IN (1, 2)`, `rights_package_id IS NULL` |
//! | rights statuses            | `rights_code IN ('owned', 'some')`                         |
//! | aspect                     | `aspect = 'landscape'`                                     |
//! | uploaders                  | `user_id IN (7, 9)`                                        |
//! | custom meta                | `"custom_meta.Field Name" IN ('v1', 'v2')`                 |
//! | folder / collection / …    | `storage_folder_id = 7 AND omit_children = true`           |
//!
//! `ParsedQuery::scope` (the `in:` token) is not stored: the scope is the separate
//! [`SearchScope`], and [`from_sql`] leaves `scope` at `None`.

use std::collections::BTreeSet;

use crate::api::models::{RIGHTS_STATUSES, SearchScope};
use crate::search::query::{ASPECTS, ParsedQuery};

mod lex;
mod parse;

use parse::{Expr, Span, Test, Value};

const CUSTOM_META_PREFIX: &str = "custom_meta.";
const PEOPLE_VALUES: &[&str] = &["yes", "no", "untagged"];
/// Builds a scope from a group id and whether children are included.
type MakeScope = fn(i64, bool) -> SearchScope;

/// The WHERE clause for `q` searched in `scope`; empty for no filters in the library.
pub fn to_sql(q: &ParsedQuery, scope: &SearchScope) -> String {
    let mut clauses: Vec<String> = Vec::new();
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        clauses.push(format!("QUERY({})", string_literal(text)));
    }
    for tag in &q.tags {
        clauses.push(format!("visible_tag_names = {}", string_literal(tag)));
    }
    if !q.exts.is_empty() {
        clauses.push(format!("ext IN ({})", string_list(&q.exts)));
    }
    match q.rating.as_slice() {
        [] => {}
        [one] => clauses.push(format!("rating = {one}")),
        [lo, hi, ..] => clauses.push(format!("rating BETWEEN {lo} AND {hi}")),
    }
    for (field, range) in [
        ("captured_at", &q.captured_at),
        ("created_at", &q.created_at),
    ] {
        if let Some((from, to)) = range {
            clauses.push(format!(
                "{field} BETWEEN {} AND {}",
                string_literal(from),
                string_literal(to)
            ));
        }
    }
    if let Some(p) = &q.has_people {
        clauses.push(format!("has_people = {}", string_literal(p)));
    }
    if let Some(rights) = rights_clause(&q.rights) {
        clauses.push(rights);
    }
    if !q.rights_codes.is_empty() {
        clauses.push(format!("rights_code IN ({})", string_list(&q.rights_codes)));
    }
    if let Some(a) = &q.aspect {
        clauses.push(format!("aspect = {}", string_literal(a)));
    }
    if !q.uploaders.is_empty() {
        let ids: Vec<String> = q.uploaders.iter().map(i64::to_string).collect();
        clauses.push(format!("user_id IN ({})", ids.join(", ")));
    }
    for (field, values) in q.custom_meta.iter().filter(|(_, v)| !v.is_empty()) {
        clauses.push(format!(
            "{} IN ({})",
            quoted_name(&format!("{CUSTOM_META_PREFIX}{field}")),
            string_list(values)
        ));
    }
    if let Some((field, id, include_children)) = scope_parts(scope) {
        clauses.push(format!("{field} = {id}"));
        if !include_children {
            clauses.push("omit_children = true".to_string());
        }
    }
    clauses.join(" AND ")
}

/// Read a WHERE clause written by [`to_sql`] (keywords in any case, any spacing, numbers
/// also as quoted strings). Anything else is an error that names the part mgtui
/// cannot run.
pub fn from_sql(sql: &str) -> Result<(ParsedQuery, SearchScope), String> {
    let tokens = lex::tokenize(sql)?;
    let tree = parse::parse(sql, &tokens)?;
    let mut reader = Reader {
        sql,
        ..Reader::default()
    };
    for clause in conjuncts(&tree) {
        reader.clause(clause)?;
    }
    reader.finish()
}

/// At most 60 characters of `text`, for messages.
fn snippet(text: &str) -> String {
    const MAX: usize = 60;
    let text = text.trim();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn quoted_name(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn string_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| string_literal(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Package ids as numbers when they are plain integers; anything else stays text so
/// that it reads back unchanged.
fn rights_clause(rights: &[String]) -> Option<String> {
    let missing = rights.iter().any(|r| r == "missing");
    let ids: Vec<String> = rights
        .iter()
        .filter(|r| *r != "missing")
        .map(|r| match r.parse::<i64>() {
            Ok(n) if n.to_string() == *r => r.clone(),
            _ => string_literal(r),
        })
        .collect();
    let listed = format!("rights_package_id IN ({})", ids.join(", "));
    match (missing, ids.is_empty()) {
        (false, true) => None,
        (true, true) => Some("rights_package_id IS NULL".to_string()),
        (false, false) => Some(listed),
        (true, false) => Some(format!("(rights_package_id IS NULL OR {listed})")),
    }
}

fn scope_parts(scope: &SearchScope) -> Option<(&'static str, i64, bool)> {
    match *scope {
        SearchScope::Library => None,
        SearchScope::StorageFolder {
            id,
            include_children,
        } => Some(("storage_folder_id", id, include_children)),
        SearchScope::Collection {
            id,
            include_children,
        } => Some(("collection_id", id, include_children)),
        SearchScope::Lightbox {
            id,
            include_children,
        } => Some(("lightbox_id", id, include_children)),
        SearchScope::LightboxFolder {
            id,
            include_children,
        } => Some(("lightbox_folder_id", id, include_children)),
    }
}

/// The conditions joined by `AND`, parentheses around them dropped.
fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::And(parts) => parts.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

/// The `OR`ed conditions, parentheses around them dropped.
fn disjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Or(parts, _) => parts.iter().flat_map(disjuncts).collect(),
        other => vec![other],
    }
}

/// Builds the query one `AND`ed condition at a time.
#[derive(Default)]
struct Reader<'a> {
    sql: &'a str,
    query: ParsedQuery,
    /// Filters already read; each may appear once (tags excepted).
    seen: BTreeSet<String>,
    scope: Option<(MakeScope, i64)>,
    omit_children: Option<bool>,
}

impl Reader<'_> {
    fn cannot(&self, span: Span, why: &str) -> String {
        let part = self.sql.get(span.start..span.end).unwrap_or(self.sql);
        format!(
            "mgtui cannot run `{}` (saved in another app): {why}",
            snippet(part)
        )
    }

    fn once(&mut self, key: &str, span: Span) -> Result<(), String> {
        if self.seen.insert(key.to_string()) {
            Ok(())
        } else {
            Err(self.cannot(span, &format!("`{}` is filtered twice", snippet(key))))
        }
    }

    fn clause(&mut self, e: &Expr) -> Result<(), String> {
        match e {
            Expr::Call { name, text, span } if name.eq_ignore_ascii_case("QUERY") => {
                let Some(text) = text else {
                    return Err(self.cannot(*span, "QUERY takes one text, without options"));
                };
                self.once("QUERY", *span)?;
                self.query.q = Some(text.clone()).filter(|t| !t.trim().is_empty());
                Ok(())
            }
            Expr::Call { span, .. } => {
                Err(self.cannot(*span, "the only function mgtui runs is QUERY('…')"))
            }
            Expr::Or(_, span) => self.rights_alternatives(e, *span),
            Expr::Field { name, test, span } => self.field(name, test, *span),
            Expr::Unsupported(span) => Err(self.cannot(
                *span,
                "mgtui runs only `field = value`, `IN`, `BETWEEN` and `IS NULL` filters",
            )),
            Expr::And(parts) => parts.iter().try_for_each(|p| self.clause(p)),
        }
    }

    /// The one `OR` mgtui writes: `(rights_package_id IS NULL OR rights_package_id IN (…))`.
    fn rights_alternatives(&mut self, e: &Expr, span: Span) -> Result<(), String> {
        let mut rights = Vec::new();
        for part in disjuncts(e) {
            match part {
                Expr::Field { name, test, .. }
                    if name.eq_ignore_ascii_case("rights_package_id") =>
                {
                    rights.extend(self.rights_values(test, span)?);
                }
                _ => {
                    return Err(self.cannot(
                        span,
                        "mgtui joins filters with AND; OR only between rights packages",
                    ));
                }
            }
        }
        self.once("rights_package_id", span)?;
        self.query.rights = canonical_rights(rights);
        Ok(())
    }

    fn rights_values(&self, test: &Test, span: Span) -> Result<Vec<String>, String> {
        if *test == Test::IsNull {
            return Ok(vec!["missing".to_string()]);
        }
        let values = self.listed(test, span, "rights_package_id")?;
        values
            .iter()
            .map(|v| match v {
                Value::Str(s) => Ok(s.clone()),
                other => integer(other)
                    .map(|n| n.to_string())
                    .ok_or_else(|| self.cannot(span, "rights package ids are whole numbers")),
            })
            .collect()
    }

    /// The values of `= v` or `IN (…)`.
    fn listed<'t>(&self, test: &'t Test, span: Span, field: &str) -> Result<&'t [Value], String> {
        match test {
            Test::Equals(v) => Ok(std::slice::from_ref(v)),
            Test::In(values) => Ok(values),
            _ => Err(self.cannot(
                span,
                &format!("mgtui filters `{field}` only with `=` or `IN (…)`"),
            )),
        }
    }

    fn texts(&self, test: &Test, span: Span, field: &str) -> Result<Vec<String>, String> {
        self.listed(test, span, field)?
            .iter()
            .map(|v| text(v).ok_or_else(|| self.cannot(span, &format!("`{field}` takes text"))))
            .collect()
    }

    fn equals<'t>(&self, test: &'t Test, span: Span, field: &str) -> Result<&'t Value, String> {
        match test {
            Test::Equals(v) => Ok(v),
            _ => Err(self.cannot(span, &format!("mgtui filters `{field}` only with `=`"))),
        }
    }

    fn field(&mut self, name: &str, test: &Test, span: Span) -> Result<(), String> {
        if let Some(meta) = custom_meta_name(name) {
            if meta.is_empty() {
                return Err(self.cannot(span, "the custom meta field has no name"));
            }
            self.once(&format!("{CUSTOM_META_PREFIX}{meta}"), span)?;
            let values = self.texts(test, span, name)?;
            self.query.custom_meta.insert(meta.to_string(), values);
            return Ok(());
        }
        let field = name.to_ascii_lowercase();
        if let Some(make) = group_scope(&field) {
            self.once("group scope", span)?;
            let id = integer(self.equals(test, span, &field)?)
                .ok_or_else(|| self.cannot(span, "group ids are whole numbers"))?;
            self.scope = Some((make, id));
            return Ok(());
        }
        match field.as_str() {
            "visible_tag_names" => {
                let v = self.equals(test, span, &field)?;
                let tag = text(v).ok_or_else(|| self.cannot(span, "a tag is text"))?;
                self.query.tags.push(tag);
            }
            "ext" => self.query.exts = self.texts(test, span, &field)?,
            "rating" => self.query.rating = self.rating(test, span)?,
            "captured_at" => self.query.captured_at = Some(self.dates(test, span, &field)?),
            "created_at" => self.query.created_at = Some(self.dates(test, span, &field)?),
            "has_people" => {
                let people = match self.equals(test, span, &field)? {
                    Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
                    v => text(v)
                        .map(|t| t.to_ascii_lowercase())
                        .filter(|t| PEOPLE_VALUES.contains(&t.as_str())),
                };
                let people = people
                    .ok_or_else(|| self.cannot(span, "has_people is 'yes', 'no' or 'untagged'"))?;
                self.query.has_people = Some(people);
            }
            "rights_package_id" => {
                let rights = self.rights_values(test, span)?;
                self.query.rights = canonical_rights(rights);
            }
            "rights_code" => {
                let codes = self.texts(test, span, &field)?;
                if let Some(bad) = codes
                    .iter()
                    .find(|c| !RIGHTS_STATUSES.contains(&c.as_str()))
                {
                    return Err(self.cannot(
                        span,
                        &format!(
                            "`{}` is not a rights status ({})",
                            snippet(bad),
                            RIGHTS_STATUSES.join(", ")
                        ),
                    ));
                }
                self.query.rights_codes = codes;
            }
            "aspect" => {
                let aspect = text(self.equals(test, span, &field)?)
                    .map(|a| a.to_ascii_lowercase())
                    .filter(|a| ASPECTS.contains(&a.as_str()))
                    .ok_or_else(|| {
                        self.cannot(span, &format!("aspect is one of {}", ASPECTS.join(", ")))
                    })?;
                self.query.aspect = Some(aspect);
            }
            "user_id" => {
                self.query.uploaders = self
                    .listed(test, span, &field)?
                    .iter()
                    .map(|v| {
                        integer(v).ok_or_else(|| self.cannot(span, "user ids are whole numbers"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            "omit_children" => {
                let omit = boolean(self.equals(test, span, &field)?)
                    .ok_or_else(|| self.cannot(span, "omit_children is true or false"))?;
                self.omit_children = Some(omit);
            }
            _ => {
                return Err(self.cannot(
                    span,
                    &format!("there is no mgtui filter for `{}`", snippet(name)),
                ));
            }
        }
        // Tags are the one filter that repeats: each clause requires one more tag.
        if field == "visible_tag_names" {
            Ok(())
        } else {
            self.once(&field, span)
        }
    }

    fn rating(&self, test: &Test, span: Span) -> Result<Vec<i64>, String> {
        let star = |v: &Value| {
            integer(v)
                .filter(|r| (0..=5).contains(r))
                .ok_or_else(|| self.cannot(span, "ratings are whole numbers from 0 to 5"))
        };
        match test {
            Test::Equals(v) => Ok(vec![star(v)?]),
            Test::Between(lo, hi) => {
                let (lo, hi) = (star(lo)?, star(hi)?);
                match lo.cmp(&hi) {
                    std::cmp::Ordering::Less => Ok(vec![lo, hi]),
                    std::cmp::Ordering::Equal => Ok(vec![lo]),
                    std::cmp::Ordering::Greater => {
                        Err(self.cannot(span, "the rating range ends before it starts"))
                    }
                }
            }
            _ => Err(self.cannot(
                span,
                "mgtui filters `rating` only with `=` or `BETWEEN … AND …`",
            )),
        }
    }

    fn dates(&self, test: &Test, span: Span, field: &str) -> Result<(String, String), String> {
        let Test::Between(from, to) = test else {
            return Err(self.cannot(
                span,
                &format!("mgtui filters `{field}` only with `BETWEEN '…' AND '…'`"),
            ));
        };
        match (from, to) {
            (Value::Str(from), Value::Str(to)) => Ok((from.clone(), to.clone())),
            _ => Err(self.cannot(span, "dates are quoted ISO 8601 text")),
        }
    }

    fn finish(self) -> Result<(ParsedQuery, SearchScope), String> {
        let include_children = !self.omit_children.unwrap_or(false);
        let scope = match self.scope {
            None if self.omit_children == Some(true) => {
                return Err(
                    "mgtui cannot run `omit_children = true` without a folder, collection or \
                     lightbox to omit the children of"
                        .to_string(),
                );
            }
            None => SearchScope::Library,
            Some((make, id)) => make(id, include_children),
        };
        Ok((self.query, scope))
    }
}

/// The field name after `custom_meta.`, any case of the prefix.
fn custom_meta_name(name: &str) -> Option<&str> {
    let prefix = name.get(..CUSTOM_META_PREFIX.len())?;
    prefix
        .eq_ignore_ascii_case(CUSTOM_META_PREFIX)
        .then(|| &name[CUSTOM_META_PREFIX.len()..])
}

fn group_scope(field: &str) -> Option<MakeScope> {
    Some(match field {
        "storage_folder_id" => |id, include_children| SearchScope::StorageFolder {
            id,
            include_children,
        },
        "collection_id" => |id, include_children| SearchScope::Collection {
            id,
            include_children,
        },
        "lightbox_id" => |id, include_children| SearchScope::Lightbox {
            id,
            include_children,
        },
        "lightbox_folder_id" => |id, include_children| SearchScope::LightboxFolder {
            id,
            include_children,
        },
        _ => return None,
    })
}

/// `missing` first, as [`to_sql`] writes it, so reading is stable.
fn canonical_rights(rights: Vec<String>) -> Vec<String> {
    let missing = rights.iter().any(|r| r == "missing");
    let ids = rights.into_iter().filter(|r| r != "missing");
    missing
        .then(|| "missing".to_string())
        .into_iter()
        .chain(ids)
        .collect()
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.parse().ok(),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) | Value::Number(s) => Some(s.clone()),
        _ => None,
    }
}

fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests;
