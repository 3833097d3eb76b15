//! The form model: fields built from an asset and the organisation's custom meta fields,
//! the diff that becomes a `PUT` body, server messages mapped to fields, drafts.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value as Json;

use super::drafts::{Draft, FieldDraft, now_secs};
use super::field::{Check, Field, FieldId, Section, Value, Widget, parse_date, same};
use super::tags::TagEditor;
use crate::api::models::{Asset, AssetUpdate, CustomMetaField, RightsPackage};

pub const MODEL_RELEASE: &[&str] = &[
    "None",
    "Not Applicable",
    "Unlimited Model Releases",
    "Limited or Incomplete Model Releases",
];
pub const PROPERTY_RELEASE: &[&str] = &[
    "None",
    "Not Applicable",
    "Unlimited Property Releases",
    "Limited or Incomplete Property Releases",
];

#[derive(Debug, Clone)]
pub struct Form {
    pub asset_id: i64,
    pub label: String,
    /// `updated_at` of the asset the form's originals come from.
    pub base_updated_at: Option<String>,
    pub fields: Vec<Field>,
    /// Index of the focused field.
    pub focus: usize,
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn options(list: &[&str]) -> Vec<(String, String)> {
    list.iter()
        .map(|s| (s.to_string(), s.to_string()))
        .collect()
}

fn single(s: &Option<String>) -> Vec<String> {
    s.iter().filter(|v| !v.is_empty()).cloned().collect()
}

/// Rights package choices: the organisation's list (or, before it arrives, the
/// asset's own package) by id.
pub(crate) fn package_options(
    packages: &[RightsPackage],
    current: Option<i64>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = packages
        .iter()
        .filter(|p| p.enabled != Some(false) || Some(p.id) == current)
        .map(|p| (p.id.to_string(), crate::sanitize::clean(&p.display_name())))
        .collect();
    if let Some(id) = current
        && !out.iter().any(|(v, _)| *v == id.to_string())
    {
        out.push((id.to_string(), format!("package {id}")));
    }
    out
}

fn custom_values(asset: &Asset, field: &CustomMetaField) -> Vec<String> {
    asset
        .custom_meta_values
        .iter()
        .filter(|v| v.custom_meta_field_id == Some(field.id))
        .filter_map(|v| {
            if field.value_type.as_deref() == Some("date") {
                v.date.clone().or(v.text.clone())
            } else {
                v.text.clone().or(v.date.clone())
            }
        })
        .map(|s| crate::sanitize::clean(&s))
        .filter(|s| !s.is_empty())
        .collect()
}

impl Form {
    /// A form for `asset`. Fields the asset's permission flags forbid are read-only;
    /// with `read_only` (the app's `--read-only`) every field is.
    pub fn new(
        asset: &Asset,
        meta_fields: &[CustomMetaField],
        packages: &[RightsPackage],
        read_only: bool,
    ) -> Form {
        use FieldId::*;
        use Section as S;
        let a = asset;
        let allowed = |flag: Option<bool>| flag != Some(false);
        let editable = allowed(a.editable) && !read_only;
        let desc_ok = editable && allowed(a.description_editable);
        let rights_ok = editable && allowed(a.rights_editable);
        let tags_ok = editable && allowed(a.taggable);

        let mut f: Vec<(Field, bool)> = vec![
            (
                Field::line(Title, "Title", S::Description, &opt(&a.title), Check::Any),
                desc_ok,
            ),
            (
                Field::line(
                    Headline,
                    "Headline",
                    S::Description,
                    &opt(&a.headline),
                    Check::Any,
                ),
                desc_ok,
            ),
            (
                Field::multi(
                    Description,
                    "Description",
                    S::Description,
                    &opt(&a.description),
                ),
                desc_ok,
            ),
            (
                Field::line(
                    AltText,
                    "Alt text",
                    S::Description,
                    &opt(&a.alt_text),
                    Check::Any,
                ),
                desc_ok,
            ),
            (
                Field::multi(
                    ExtendedDescription,
                    "Ext. description",
                    S::Description,
                    &opt(&a.extended_description),
                ),
                desc_ok,
            ),
            (
                Field::new(
                    Tags,
                    "Keywords",
                    S::Keywords,
                    Widget::Tags(TagEditor::new(
                        a.tag_names()
                            .iter()
                            .map(|t| crate::sanitize::clean(t))
                            .collect(),
                    )),
                ),
                tags_ok,
            ),
            (
                Field::line(
                    Creator,
                    "Creator",
                    S::PeoplePlace,
                    &a.creator.join(", "),
                    Check::Any,
                ),
                desc_ok,
            ),
        ];
        for (id, label, v) in [
            (Country, "Country", &a.country),
            (State, "State", &a.state),
            (City, "City", &a.city),
            (Sublocation, "Sublocation", &a.sublocation),
            (CountryCode, "Country code", &a.country_code),
            (Event, "Event", &a.event),
        ] {
            f.push((
                Field::line(id, label, S::PeoplePlace, &opt(v), Check::Any),
                desc_ok,
            ));
        }
        for (id, label, v) in [
            (CreditLine, "Credit line", &a.credit_line),
            (Copyright, "Copyright", &a.iptc_rights),
            (UsageTerms, "Usage terms", &a.usage_terms),
            (WebStatement, "Web statement", &a.web_statement),
            (Instructions, "Instructions", &a.instructions),
        ] {
            f.push((
                Field::line(id, label, S::Rights, &opt(v), Check::Any),
                rights_ok,
            ));
        }
        let mut pkg = Field::choice(
            RightsPackage,
            "Rights package",
            S::Rights,
            package_options(packages, a.rights_package_id),
            false,
            a.rights_package_id
                .map(|i| vec![i.to_string()])
                .unwrap_or_default(),
        );
        if a.rights_package_id.is_some() {
            // The API takes a package id; it cannot be cleared through this form.
            if let Widget::Choice {
                options, highlight, ..
            } = &mut pkg.widget
            {
                options.retain(|(v, _)| !v.is_empty());
                *highlight = highlight.saturating_sub(1);
            }
        }
        f.push((pkg, rights_ok));
        f.push((
            Field::choice(
                ModelRelease,
                "Model release",
                S::Rights,
                options(MODEL_RELEASE),
                false,
                single(&a.model_release_status),
            ),
            rights_ok,
        ));
        f.push((
            Field::choice(
                PropertyRelease,
                "Property rel.",
                S::Rights,
                options(PROPERTY_RELEASE),
                false,
                single(&a.property_release_status),
            ),
            rights_ok,
        ));
        f.push((
            Field::line(
                CapturedAt,
                "Captured at",
                S::Dates,
                &opt(&a.captured_at),
                Check::Date,
            ),
            editable,
        ));
        f.push((
            Field::new(Rating, "Rating", S::Dates, Widget::Rating(a.rating)),
            editable,
        ));
        f.push((
            Field::line(
                Filename,
                "Filename",
                S::File,
                &opt(&a.filename),
                Check::NotBlank,
            ),
            editable,
        ));
        let mut custom: Vec<&CustomMetaField> = meta_fields
            .iter()
            .filter(|m| m.enabled != Some(false) && m.name.is_some())
            .collect();
        custom.sort_by_key(|m| (m.position.unwrap_or(i64::MAX), m.id));
        for m in custom {
            let name = m.name.clone().unwrap_or_default();
            let label = crate::sanitize::clean(&name);
            let values = custom_values(a, m);
            let free = m.free != Some(false);
            let multi = m.multi == Some(true);
            let mut field = if !free {
                let vocab = m
                    .custom_meta_values_attributes
                    .iter()
                    .filter_map(|v| v.text.clone().or(v.date.clone()))
                    .map(|t| (t.clone(), crate::sanitize::clean(&t)))
                    .collect();
                // Match stored values to the vocabulary's spelling.
                let chosen = values
                    .iter()
                    .map(|v| {
                        m.custom_meta_values_attributes
                            .iter()
                            .filter_map(|x| x.text.clone())
                            .find(|t| t.eq_ignore_ascii_case(v))
                            .unwrap_or_else(|| v.clone())
                    })
                    .collect();
                Field::choice(Custom(m.id), &label, S::Custom, vocab, multi, chosen)
            } else {
                let check = match m.value_type.as_deref() {
                    Some("number") => Check::Number,
                    Some("date") => Check::Date,
                    _ => Check::Any,
                };
                Field::line(Custom(m.id), &label, S::Custom, &values.join(", "), check)
            };
            field.custom_name = Some(name);
            field.help = m.description.as_deref().map(crate::sanitize::clean);
            f.push((field, desc_ok));
        }
        let mut fields: Vec<Field> = f
            .into_iter()
            .map(|(mut field, ok)| {
                field.read_only = !ok;
                // Date fields say what they accept (the server's value may look
                // different: 2022-02-09T00:50:00.000Z is accepted too).
                if matches!(
                    field.widget,
                    Widget::Line {
                        check: Check::Date,
                        ..
                    }
                ) && field.help.is_none()
                {
                    field.help = Some(format!("Accepts {}", super::field::DATE_FORMS));
                }
                field
            })
            .collect();
        let raw_texts: [(FieldId, &Option<String>); 17] = [
            (Title, &a.title),
            (Headline, &a.headline),
            (Description, &a.description),
            (AltText, &a.alt_text),
            (ExtendedDescription, &a.extended_description),
            (Country, &a.country),
            (State, &a.state),
            (City, &a.city),
            (Sublocation, &a.sublocation),
            (CountryCode, &a.country_code),
            (Event, &a.event),
            (CreditLine, &a.credit_line),
            (Copyright, &a.iptc_rights),
            (UsageTerms, &a.usage_terms),
            (WebStatement, &a.web_statement),
            (Instructions, &a.instructions),
            (Filename, &a.filename),
        ];
        for (id, raw) in raw_texts {
            if let (Some(raw), Some(field)) = (raw, fields.iter_mut().find(|f| f.id == id))
                && field.original != Value::Text(raw.clone())
            {
                field.raw = Some(raw.clone());
            }
        }
        let focus = fields.iter().position(|x| x.focusable()).unwrap_or(0);
        Form {
            asset_id: a.id,
            label: a.label(),
            base_updated_at: a.updated_at.clone(),
            fields,
            focus,
        }
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub(crate) fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub(crate) fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// Tab / Shift-Tab: the next field that can be edited, wrapping around.
    pub(crate) fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        for step in 1..=n {
            let i = if forward {
                (self.focus + step) % n
            } else {
                (self.focus + n - step % n) % n
            };
            if self.fields[i].focusable() {
                self.focus = i;
                return;
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn focus_on(&mut self, id: FieldId) {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.focus = i;
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(Field::is_dirty)
    }

    pub fn dirty_count(&self) -> usize {
        self.fields.iter().filter(|f| f.is_dirty()).count()
    }

    /// Dirty fields whose value does not pass the checks done while typing.
    pub(crate) fn invalid_fields(&self) -> Vec<&Field> {
        self.fields
            .iter()
            .filter(|f| f.is_dirty() && f.local_error().is_some())
            .collect()
    }

    /// The `PUT` body: only the fields that changed.
    pub fn update(&self) -> AssetUpdate {
        let mut u = AssetUpdate::default();
        for f in self.fields.iter().filter(|f| f.is_dirty()) {
            let text = || match (f.value(), &f.raw, &f.original) {
                (Value::Text(s), Some(raw), Value::Text(shown)) => crate::sanitize::splice_edit(
                    raw,
                    shown,
                    &s,
                    matches!(f.widget, Widget::Multi(_)),
                ),
                (Value::Text(s), _, _) => s,
                (Value::List(l), _, _) => l.join(", "),
                (Value::Int(i), _, _) => i.map(|i| i.to_string()).unwrap_or_default(),
            };
            use FieldId::*;
            match f.id {
                Title => u.title = Some(text()),
                Headline => u.headline = Some(text()),
                Description => u.description = Some(text()),
                AltText => u.alt_text = Some(text()),
                ExtendedDescription => u.extended_description = Some(text()),
                Creator => {
                    u.creator = Some(
                        text()
                            .split(',')
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect(),
                    )
                }
                Country => u.country = Some(text()),
                State => u.state = Some(text()),
                City => u.city = Some(text()),
                Sublocation => u.sublocation = Some(text()),
                CountryCode => u.country_code = Some(text()),
                Event => u.event = Some(text()),
                CreditLine => u.credit_line = Some(text()),
                Copyright => u.iptc_rights = Some(text()),
                UsageTerms => u.usage_terms = Some(text()),
                WebStatement => u.web_statement = Some(text()),
                Instructions => u.instructions = Some(text()),
                RightsPackage => u.rights_package_id = text().parse().ok(),
                ModelRelease => u.model_release_status = Some(text()),
                PropertyRelease => u.property_release_status = Some(text()),
                CapturedAt => {
                    let t = text();
                    u.captured_at = Some(parse_date(&t).unwrap_or(t.trim().to_string()));
                }
                Rating => {
                    u.rating = Some(match f.value() {
                        Value::Int(i) => i.unwrap_or(0),
                        _ => 0,
                    })
                }
                Filename => u.filename = Some(text().trim().to_string()),
                Tags => {
                    let (Value::List(now), Value::List(was)) = (f.value(), f.original.clone())
                    else {
                        continue;
                    };
                    let lower = |l: &[String]| -> HashSet<String> {
                        l.iter().map(|s| s.to_lowercase()).collect()
                    };
                    let (now_l, was_l) = (lower(&now), lower(&was));
                    u.add_tag_names = now
                        .iter()
                        .filter(|t| !was_l.contains(&t.to_lowercase()))
                        .cloned()
                        .collect();
                    u.remove_tag_names = was
                        .iter()
                        .filter(|t| !now_l.contains(&t.to_lowercase()))
                        .cloned()
                        .collect();
                }
                Custom(_) => {
                    let Some(name) = f.custom_name.clone() else {
                        continue;
                    };
                    let v = match (&f.widget, f.value()) {
                        (Widget::Choice { .. }, Value::Text(s)) => {
                            Json::from(if s.is_empty() { vec![] } else { vec![s] })
                        }
                        (Widget::Choice { .. }, Value::List(l)) => Json::from(l),
                        (Widget::Line { check, .. }, Value::Text(s)) => {
                            let s = s.trim().to_string();
                            match check {
                                Check::Date => Json::from(parse_date(&s).unwrap_or(s)),
                                _ => Json::from(s),
                            }
                        }
                        (_, other) => match other {
                            Value::List(l) => Json::from(l),
                            Value::Text(s) => Json::from(s),
                            Value::Int(i) => Json::from(i),
                        },
                    };
                    u.custom_meta.insert(name, v);
                }
            }
        }
        u
    }

    pub(crate) fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.errors.clear();
        }
    }

    /// Put a 422's field messages beside their fields. Returns the messages that name
    /// no field of the form, as `key message`.
    pub(crate) fn apply_server_errors(
        &mut self,
        errors: &BTreeMap<String, Vec<String>>,
    ) -> Vec<String> {
        self.clear_errors();
        let mut unmatched = Vec::new();
        let mut first = None;
        for (key, msgs) in errors {
            let idx = self.fields.iter().position(|f| match f.id {
                FieldId::Custom(_) => {
                    let name = f.custom_name.as_deref().unwrap_or("");
                    key.strip_prefix("custom_meta.") == Some(name)
                        || key
                            .strip_prefix("custom_meta[")
                            .and_then(|r| r.strip_suffix(']'))
                            == Some(name)
                }
                FieldId::Tags => matches!(
                    key.as_str(),
                    "tags" | "add_tag_names" | "remove_tag_names" | "tag_names"
                ),
                id => id.api_key() == key,
            });
            match idx {
                Some(i) => {
                    self.fields[i]
                        .errors
                        .extend(msgs.iter().map(|m| crate::sanitize::clean(m)));
                    first = Some(first.map_or(i, |f: usize| f.min(i)));
                }
                None => unmatched.extend(msgs.iter().map(|m| format!("{key} {m}"))),
            }
        }
        if let Some(i) = first
            && self.fields[i].focusable()
        {
            self.focus = i;
        }
        unmatched
    }

    /// The unsaved edits, for the drafts file; `None` when nothing is dirty.
    pub fn to_draft(&self) -> Option<Draft> {
        let fields: BTreeMap<String, FieldDraft> = self
            .fields
            .iter()
            .filter(|f| f.is_dirty())
            .map(|f| {
                (
                    f.id.draft_key(),
                    FieldDraft {
                        original: f.original.clone(),
                        value: f.value(),
                    },
                )
            })
            .collect();
        if fields.is_empty() {
            return None;
        }
        Some(Draft {
            asset_id: self.asset_id,
            label: self.label.clone(),
            base_updated_at: self.base_updated_at.clone(),
            saved_at: now_secs(),
            fields,
            focus: self.focused().map(|f| f.id.draft_key()),
            owner: None,
        })
    }

    /// Restore a draft exactly: each drafted field gets the original and the value it
    /// had, and the form compares against the draft's `updated_at`, so a change made on
    /// the server meanwhile is caught at save. Returns how many fields were restored.
    pub(crate) fn apply_draft(&mut self, d: &Draft) -> usize {
        let mut n = 0;
        for f in &mut self.fields {
            if let Some(fd) = d.fields.get(&f.id.draft_key()) {
                f.original = fd.original.clone();
                f.set_value(&fd.value);
                n += 1;
            }
        }
        if n > 0 {
            self.base_updated_at = d.base_updated_at.clone();
        }
        if let Some(key) = &d.focus
            && let Some(i) = self.fields.iter().position(|f| f.id.draft_key() == *key)
            && self.fields[i].focusable()
        {
            self.focus = i;
        }
        n
    }

    /// Keep the user's edits on top of the server's current asset (after a conflict):
    /// untouched fields take the server's values, edited ones keep the user's, and tag
    /// additions/removals are replayed on the server's tags.
    pub(crate) fn rebase(
        &mut self,
        server: &Asset,
        meta: &[CustomMetaField],
        packages: &[RightsPackage],
    ) {
        let fresh = Form::new(server, meta, packages, false);
        for f in &mut self.fields {
            let Some(nf) = fresh.fields.iter().find(|x| x.id == f.id) else {
                continue;
            };
            let theirs = nf.original.clone();
            if !f.is_dirty() {
                f.original = theirs.clone();
                f.set_value(&theirs);
                continue;
            }
            if let (FieldId::Tags, Value::List(mine), Value::List(was), Value::List(now)) =
                (f.id, f.value(), f.original.clone(), theirs.clone())
            {
                let has = |l: &[String], t: &str| l.iter().any(|x| x.eq_ignore_ascii_case(t));
                let mut merged: Vec<String> = now
                    .iter()
                    .filter(|t| !has(&was, t) || has(&mine, t))
                    .cloned()
                    .collect();
                for t in &mine {
                    if !has(&was, t) && !has(&merged, t) {
                        merged.push(t.clone());
                    }
                }
                f.original = theirs;
                f.set_value(&Value::List(merged));
            } else {
                f.original = theirs;
            }
        }
        self.base_updated_at = server.updated_at.clone();
        self.label = server.label();
    }

    /// The organisation's rights packages arrived: offer them, keeping the choice.
    pub(crate) fn set_rights_packages(&mut self, packages: &[RightsPackage]) {
        if let Some(f) = self.field_mut(FieldId::RightsPackage) {
            let cur = f.value();
            let had_none = matches!(&f.widget, Widget::Choice { options, .. } if options.iter().any(|(v, _)| v.is_empty()));
            let current = match &f.original {
                Value::Text(s) => s.parse().ok(),
                _ => None,
            };
            if let Widget::Choice { options, .. } = &mut f.widget {
                let mut o = package_options(packages, current);
                if had_none {
                    o.insert(0, (String::new(), "(not set)".into()));
                }
                *options = o;
            }
            f.set_value(&cur);
        }
    }

    /// Fields whose server value differs from what the form was loaded with, as
    /// (label, loaded, server, yours).
    pub(crate) fn compare(
        &self,
        server: &Asset,
        meta: &[CustomMetaField],
        packages: &[RightsPackage],
    ) -> Vec<(String, String, String, String)> {
        let fresh = Form::new(server, meta, packages, false);
        let show = |v: &Value| match v {
            Value::Text(s) => s.clone(),
            Value::List(l) => l.join(", "),
            Value::Int(i) => i.map(|i| i.to_string()).unwrap_or_default(),
        };
        self.fields
            .iter()
            .filter_map(|f| {
                let nf = fresh.fields.iter().find(|x| x.id == f.id)?;
                let theirs_changed = !same(&nf.original, &f.original);
                (theirs_changed || f.is_dirty()).then(|| {
                    (
                        f.label.clone(),
                        show(&f.original),
                        show(&nf.original),
                        show(&f.value()),
                    )
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{AssetTag, CustomMetaValue, VocabularyValue};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use serde_json::json;

    fn meta() -> Vec<CustomMetaField> {
        let vocab = |v: &[&str]| {
            v.iter()
                .map(|t| VocabularyValue {
                    text: Some(t.to_string()),
                    ..Default::default()
                })
                .collect()
        };
        vec![
            CustomMetaField {
                id: 1,
                name: Some("Project Code".into()),
                free: Some(true),
                value_type: Some("text".into()),
                position: Some(1),
                ..Default::default()
            },
            CustomMetaField {
                id: 2,
                name: Some("Budget".into()),
                free: Some(true),
                value_type: Some("number".into()),
                position: Some(2),
                ..Default::default()
            },
            CustomMetaField {
                id: 3,
                name: Some("Shoot Date".into()),
                free: Some(true),
                value_type: Some("date".into()),
                position: Some(3),
                ..Default::default()
            },
            CustomMetaField {
                id: 4,
                name: Some("Category".into()),
                free: Some(false),
                multi: Some(false),
                position: Some(4),
                custom_meta_values_attributes: vocab(&["Editorial", "Commercial"]),
                ..Default::default()
            },
            CustomMetaField {
                id: 5,
                name: Some("Audience".into()),
                free: Some(false),
                multi: Some(true),
                position: Some(5),
                custom_meta_values_attributes: vocab(&["Press", "Staff", "Public"]),
                ..Default::default()
            },
        ]
    }

    fn asset() -> Asset {
        Asset {
            id: 7,
            title: Some("Old title".into()),
            description: Some("one\ntwo".into()),
            filename: Some("a.jpg".into()),
            rating: Some(2),
            updated_at: Some("t1".into()),
            tags: ["sea", "boat"]
                .iter()
                .map(|n| AssetTag {
                    name: Some(n.to_string()),
                    ..Default::default()
                })
                .collect(),
            custom_meta_values: vec![
                CustomMetaValue {
                    custom_meta_field_id: Some(5),
                    text: Some("press".into()),
                    ..Default::default()
                },
                CustomMetaValue {
                    custom_meta_field_id: Some(3),
                    date: Some("2020-01-02".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }
    }

    fn typed(f: &mut Field, s: &str) {
        for c in s.chars() {
            f.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn a_clean_form_sends_nothing_and_maps_custom_values() {
        let form = Form::new(&asset(), &meta(), &[], false);
        assert!(!form.is_dirty());
        assert!(form.update().is_empty());
        assert_eq!(
            form.field(FieldId::Custom(5)).unwrap().value(),
            Value::List(vec!["Press".into()]),
            "stored values take the vocabulary's spelling"
        );
        assert_eq!(
            form.field(FieldId::Custom(3)).unwrap().value(),
            Value::Text("2020-01-02".into())
        );
        assert_eq!(form.focused().unwrap().id, FieldId::Title);
    }

    #[test]
    fn the_diff_holds_only_changed_fields() {
        let mut form = Form::new(&asset(), &meta(), &[], false);
        let t = form.field_mut(FieldId::Title).unwrap();
        t.handle_key(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        typed(t, "New");
        let tags = form.field_mut(FieldId::Tags).unwrap();
        typed(tags, "dawn");
        tags.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        tags.handle_key(&KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        tags.handle_key(&KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        tags.handle_key(&KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE));
        typed(form.field_mut(FieldId::Custom(2)).unwrap(), "12.5");
        typed(form.field_mut(FieldId::Custom(1)).unwrap(), "PRJ-1");
        let cat = form.field_mut(FieldId::Custom(4)).unwrap();
        cat.handle_key(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        form.field_mut(FieldId::Rating)
            .unwrap()
            .handle_key(&KeyEvent::new(KeyCode::Char('0'), KeyModifiers::NONE));
        let u = form.update();
        assert_eq!(
            serde_json::to_value(&u).unwrap(),
            json!({
                "title": "New",
                "rating": 0,
                "add_tag_names": ["dawn"],
                "remove_tag_names": ["boat"],
                "custom_meta": {"Budget": "12.5", "Project Code": "PRJ-1", "Category": ["Editorial"]}
            })
        );
        assert_eq!(form.dirty_count(), 6);
        // reverting brings a field back out of the diff
        form.field_mut(FieldId::Custom(4)).unwrap().revert();
        assert!(!form.update().custom_meta.contains_key("Category"));
    }

    #[test]
    fn permission_flags_make_fields_read_only() {
        let mut a = asset();
        a.rights_editable = Some(false);
        a.taggable = Some(false);
        let form = Form::new(&a, &meta(), &[], false);
        assert!(form.field(FieldId::Copyright).unwrap().read_only);
        assert!(form.field(FieldId::Tags).unwrap().read_only);
        assert!(!form.field(FieldId::Title).unwrap().read_only);
        a.editable = Some(false);
        let form = Form::new(&a, &meta(), &[], false);
        assert!(form.fields.iter().all(|f| f.read_only));
        let mut form = Form::new(&asset(), &meta(), &[], true);
        assert!(form.fields.iter().all(|f| f.read_only));
        form.move_focus(true);
    }

    #[test]
    fn server_errors_land_beside_their_fields() {
        let mut form = Form::new(&asset(), &meta(), &[], false);
        let mut e = BTreeMap::new();
        e.insert("rating".to_string(), vec!["must be between 0 and 5".into()]);
        e.insert(
            "custom_meta.Budget".to_string(),
            vec!["is not a number".into()],
        );
        e.insert("base".to_string(), vec!["something else".into()]);
        let rest = form.apply_server_errors(&e);
        assert_eq!(rest, vec!["base something else"]);
        assert_eq!(form.field(FieldId::Rating).unwrap().errors.len(), 1);
        assert_eq!(
            form.field(FieldId::Custom(2)).unwrap().errors,
            vec!["is not a number"]
        );
        assert_eq!(form.focused().unwrap().id, FieldId::Rating);
    }

    #[test]
    fn drafts_restore_exactly_and_rebase_merges_tags() {
        let mut form = Form::new(&asset(), &meta(), &[], false);
        let d = form.field_mut(FieldId::Description).unwrap();
        d.paste("\nthree");
        typed(form.field_mut(FieldId::Tags).unwrap(), "x,");
        form.focus_on(FieldId::Tags);
        let draft = form.to_draft().unwrap();
        assert_eq!(draft.fields.len(), 2);

        // Later, the server changed the title and tags; the draft still restores exactly.
        let mut changed = asset();
        changed.title = Some("Server title".into());
        changed.updated_at = Some("t2".into());
        let mut restored = Form::new(&changed, &meta(), &[], false);
        assert_eq!(restored.apply_draft(&draft), 2);
        assert_eq!(restored.base_updated_at.as_deref(), Some("t1"));
        assert_eq!(restored.focused().unwrap().id, FieldId::Tags);
        assert_eq!(
            restored.field(FieldId::Description).unwrap().value(),
            Value::Text("one\ntwo\nthree".into())
        );
        assert_eq!(restored.to_draft().unwrap().fields, draft.fields);

        // Overwrite after a conflict: the server dropped "sea" and added "wave".
        let mut server = changed.clone();
        server.tags.retain(|t| t.name.as_deref() != Some("sea"));
        server.tags.push(AssetTag {
            name: Some("wave".into()),
            ..Default::default()
        });
        restored.rebase(&server, &meta(), &[]);
        assert_eq!(
            restored.field(FieldId::Tags).unwrap().value(),
            Value::List(vec!["boat".into(), "wave".into(), "x".into()])
        );
        assert_eq!(
            restored.field(FieldId::Title).unwrap().value(),
            Value::Text("Server title".into())
        );
        let u = restored.update();
        assert_eq!(u.add_tag_names, vec!["x"]);
        assert!(u.title.is_none() && u.remove_tag_names.is_empty());
        assert_eq!(u.description.as_deref(), Some("one\ntwo\nthree"));
    }
}
