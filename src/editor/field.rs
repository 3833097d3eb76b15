//! One form field: what it edits, its widget, its value as loaded, and its checks.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};
use tui_input::Input;

use super::multiline::TextArea;
use super::tags::{TagEditor, TagOutcome};

/// Which asset attribute a field edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    Title,
    Headline,
    Description,
    AltText,
    ExtendedDescription,
    Tags,
    Creator,
    Country,
    State,
    City,
    Sublocation,
    CountryCode,
    Event,
    CreditLine,
    Copyright,
    UsageTerms,
    WebStatement,
    Instructions,
    RightsPackage,
    ModelRelease,
    PropertyRelease,
    CapturedAt,
    Rating,
    Filename,
    /// A custom meta field, by field id.
    Custom(i64),
}

impl FieldId {
    /// The key in the `PUT /api/assets/{id}` body (and in 422 messages). Custom fields
    /// answer `custom_meta`; the form adds the field name.
    pub(crate) fn api_key(self) -> &'static str {
        use FieldId::*;
        match self {
            Title => "title",
            Headline => "headline",
            Description => "description",
            AltText => "alt_text",
            ExtendedDescription => "extended_description",
            Tags => "tags",
            Creator => "creator",
            Country => "country",
            State => "state",
            City => "city",
            Sublocation => "sublocation",
            CountryCode => "country_code",
            Event => "event",
            CreditLine => "credit_line",
            Copyright => "iptc_rights",
            UsageTerms => "usage_terms",
            WebStatement => "web_statement",
            Instructions => "instructions",
            RightsPackage => "rights_package_id",
            ModelRelease => "model_release_status",
            PropertyRelease => "property_release_status",
            CapturedAt => "captured_at",
            Rating => "rating",
            Filename => "filename",
            Custom(_) => "custom_meta",
        }
    }

    /// A stable name for drafts: the API key, or `custom:<id>`.
    pub(crate) fn draft_key(self) -> String {
        match self {
            FieldId::Custom(id) => format!("custom:{id}"),
            other => other.api_key().to_string(),
        }
    }
}

/// Form sections, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Description,
    Keywords,
    PeoplePlace,
    Rights,
    Dates,
    File,
    Custom,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Description => "Description",
            Section::Keywords => "Keywords",
            Section::PeoplePlace => "People & place",
            Section::Rights => "Rights",
            Section::Dates => "Dates & rating",
            Section::File => "File",
            Section::Custom => "Custom fields",
        }
    }
}

/// A field's value, as compared for dirtiness and stored in drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Text(String),
    List(Vec<String>),
    Int(Option<i64>),
}

/// What a single-line field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Any,
    Number,
    Date,
    NotBlank,
}

#[derive(Debug, Clone)]
pub enum Widget {
    Line {
        input: Input,
        check: Check,
    },
    Multi(TextArea),
    Tags(TagEditor),
    /// Options as (value, label); "" is "not set" for single choices.
    Choice {
        options: Vec<(String, String)>,
        multi: bool,
        chosen: Vec<String>,
        highlight: usize,
    },
    Rating(Option<i64>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub label: String,
    pub section: Section,
    pub widget: Widget,
    /// The value as loaded from the server (or restored from a draft's base).
    pub original: Value,
    pub read_only: bool,
    /// The server's messages for this field after a failed save.
    pub errors: Vec<String>,
    /// Custom fields: the field's name (the `custom_meta` key).
    pub custom_name: Option<String>,
    pub help: Option<String>,
    /// The server's text when sanitising changed what is shown (control characters,
    /// bidi overrides): an edit is spliced back into it (`sanitize::splice_edit`).
    pub raw: Option<String>,
}

/// What a key did to a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOutcome {
    pub consumed: bool,
    pub changed: bool,
    /// Tag suggestions wanted for this text.
    pub tag_query: Option<String>,
}

impl Field {
    pub fn new(id: FieldId, label: &str, section: Section, widget: Widget) -> Field {
        let mut f = Field {
            id,
            label: label.to_string(),
            section,
            widget,
            original: Value::Text(String::new()),
            read_only: false,
            errors: Vec::new(),
            custom_name: None,
            help: None,
            raw: None,
        };
        f.original = f.value();
        f
    }

    pub fn line(id: FieldId, label: &str, section: Section, text: &str, check: Check) -> Field {
        Field::new(
            id,
            label,
            section,
            Widget::Line {
                input: Input::new(clean_single(text)),
                check,
            },
        )
    }

    pub fn multi(id: FieldId, label: &str, section: Section, text: &str) -> Field {
        Field::new(id, label, section, Widget::Multi(TextArea::new(text)))
    }

    pub fn choice(
        id: FieldId,
        label: &str,
        section: Section,
        mut options: Vec<(String, String)>,
        multi: bool,
        chosen: Vec<String>,
    ) -> Field {
        // Keep values the vocabulary no longer lists, so nothing is lost silently.
        for c in &chosen {
            if !options.iter().any(|(v, _)| v == c) {
                options.push((c.clone(), format!("{c} (not in list)")));
            }
        }
        if !multi && !options.iter().any(|(v, _)| v.is_empty()) {
            options.insert(0, (String::new(), "(not set)".into()));
        }
        let highlight = if multi {
            0
        } else {
            let cur = chosen.first().cloned().unwrap_or_default();
            options.iter().position(|(v, _)| *v == cur).unwrap_or(0)
        };
        Field::new(
            id,
            label,
            section,
            Widget::Choice {
                options,
                multi,
                chosen,
                highlight,
            },
        )
    }

    /// The current value.
    pub fn value(&self) -> Value {
        match &self.widget {
            Widget::Line { input, .. } => Value::Text(input.value().to_string()),
            Widget::Multi(t) => Value::Text(t.text()),
            Widget::Tags(t) => Value::List(t.chips.clone()),
            Widget::Choice { multi, chosen, .. } => {
                if *multi {
                    Value::List(chosen.clone())
                } else {
                    Value::Text(chosen.first().cloned().unwrap_or_default())
                }
            }
            Widget::Rating(r) => Value::Int(*r),
        }
    }

    /// Put `v` into the widget (a draft, a revert, a rebase).
    pub(crate) fn set_value(&mut self, v: &Value) {
        match (&mut self.widget, v) {
            (Widget::Line { input, .. }, Value::Text(s)) => *input = Input::new(clean_single(s)),
            (Widget::Multi(t), Value::Text(s)) => t.set_text(s),
            (Widget::Tags(t), Value::List(l)) => {
                t.chips = l.clone();
                t.clear_input();
            }
            (
                Widget::Choice {
                    options,
                    multi,
                    chosen,
                    highlight,
                },
                v,
            ) => {
                let list = match v {
                    Value::Text(s) if s.is_empty() => Vec::new(),
                    Value::Text(s) => vec![s.clone()],
                    Value::List(l) => l.clone(),
                    Value::Int(i) => i.map(|i| vec![i.to_string()]).unwrap_or_default(),
                };
                for c in &list {
                    if !options.iter().any(|(o, _)| o == c) {
                        options.push((c.clone(), format!("{c} (not in list)")));
                    }
                }
                if !*multi {
                    let cur = list.first().cloned().unwrap_or_default();
                    *highlight = options.iter().position(|(o, _)| *o == cur).unwrap_or(0);
                }
                *chosen = list;
            }
            (Widget::Rating(r), Value::Int(i)) => *r = *i,
            _ => {}
        }
    }

    pub fn is_dirty(&self) -> bool {
        !same(&self.value(), &self.original)
    }

    /// Esc on a field: back to the loaded value.
    pub(crate) fn revert(&mut self) {
        let o = self.original.clone();
        self.set_value(&o);
        self.errors.clear();
    }

    /// A problem with what was typed, checked as the user types.
    pub(crate) fn local_error(&self) -> Option<String> {
        let Widget::Line { input, check } = &self.widget else {
            return None;
        };
        let v = input.value().trim();
        match check {
            Check::Any => None,
            Check::NotBlank if v.is_empty() => Some("can't be blank".into()),
            Check::NotBlank if v.contains('/') => Some("must not contain a slash".into()),
            Check::NotBlank => None,
            Check::Number if v.is_empty() || v.parse::<f64>().is_ok_and(f64::is_finite) => None,
            Check::Number => Some("not a number".into()),
            Check::Date if v.is_empty() || parse_date(v).is_some() => None,
            Check::Date => Some(format!("use {DATE_FORMS}")),
        }
    }

    /// Apply a key the form did not take itself.
    pub(crate) fn handle_key(&mut self, key: &KeyEvent) -> KeyOutcome {
        let out = self.edit(|widget, out| match widget {
            Widget::Line { input, .. } => {
                match tui_input::backend::crossterm::to_input_request(&Event::Key(*key)) {
                    Some(req) => {
                        input.handle(req);
                    }
                    None => out.consumed = false,
                }
            }
            Widget::Multi(t) => {
                let plain = Field::is_plain(key);
                match key.code {
                    KeyCode::Up if plain => out.consumed = t.up(),
                    KeyCode::Down if plain => out.consumed = t.down(),
                    _ => {
                        out.consumed = matches!(
                            key.code,
                            KeyCode::Char(_)
                                | KeyCode::Enter
                                | KeyCode::Backspace
                                | KeyCode::Delete
                                | KeyCode::Left
                                | KeyCode::Right
                                | KeyCode::Home
                                | KeyCode::End
                        );
                        t.handle_key(key);
                    }
                }
            }
            Widget::Tags(t) => {
                let TagOutcome {
                    changed: _,
                    query,
                    consumed,
                } = t.handle_key(key);
                out.consumed = consumed;
                out.tag_query = query;
            }
            Widget::Choice {
                options,
                multi,
                chosen,
                highlight,
            } => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Left | KeyCode::Char('h') => *highlight = (*highlight + n - 1) % n,
                    KeyCode::Right | KeyCode::Char('l') => *highlight = (*highlight + 1) % n,
                    KeyCode::Char(' ') | KeyCode::Enter if *multi => {
                        if let Some((v, _)) = options.get(*highlight) {
                            match chosen.iter().position(|c| c == v) {
                                Some(i) => {
                                    chosen.remove(i);
                                }
                                None => chosen.push(v.clone()),
                            }
                        }
                    }
                    KeyCode::Backspace | KeyCode::Delete if !*multi => *highlight = 0,
                    _ => out.consumed = false,
                }
                if !*multi {
                    *chosen = options
                        .get(*highlight)
                        .map(|(v, _)| v.clone())
                        .filter(|v| !v.is_empty())
                        .into_iter()
                        .collect();
                }
            }
            Widget::Rating(r) => match key.code {
                KeyCode::Char(c @ '0'..='5') => *r = Some(c as i64 - '0' as i64),
                KeyCode::Left | KeyCode::Char('-') => {
                    *r = Some((r.unwrap_or(0) - 1).max(0));
                }
                KeyCode::Right | KeyCode::Char('+') => {
                    *r = Some((r.unwrap_or(0) + 1).min(5));
                }
                _ => out.consumed = false,
            },
        });
        if out.changed {
            self.errors.clear();
        }
        out
    }

    /// Bracketed paste into the field.
    pub fn paste(&mut self, text: &str) -> KeyOutcome {
        self.edit(|widget, out| match widget {
            Widget::Line { input, .. } => {
                for c in text.chars() {
                    let c = if matches!(c, '\n' | '\r' | '\t') {
                        ' '
                    } else {
                        c
                    };
                    if !c.is_control() {
                        input.handle(tui_input::InputRequest::InsertChar(c));
                    }
                }
            }
            Widget::Multi(t) => t.insert_str(text),
            Widget::Tags(t) => out.tag_query = t.paste(text).query,
            Widget::Choice { .. } | Widget::Rating(_) => out.consumed = false,
        })
    }

    /// Run `edit` on the widget (nothing when read-only) and report whether the key was
    /// used and the value changed.
    fn edit(&mut self, edit: impl FnOnce(&mut Widget, &mut KeyOutcome)) -> KeyOutcome {
        if self.read_only {
            return KeyOutcome::default();
        }
        let before = self.value();
        let mut out = KeyOutcome {
            consumed: true,
            ..Default::default()
        };
        edit(&mut self.widget, &mut out);
        out.changed = self.value() != before;
        out
    }

    /// Whether Tab / Shift-Tab and the form keys can stop here.
    pub(crate) fn focusable(&self) -> bool {
        !self.read_only
    }

    /// True when the field has text in progress that Esc should clear first.
    pub(crate) fn has_transient_input(&self) -> bool {
        match &self.widget {
            Widget::Tags(t) => !t.input.value().is_empty() || t.selected_chip.is_some(),
            _ => false,
        }
    }

    pub(crate) fn clear_transient_input(&mut self) {
        if let Widget::Tags(t) = &mut self.widget {
            t.clear_input();
        }
    }

    /// Whether the modifiers make this key a command rather than text.
    pub(crate) fn is_plain(key: &KeyEvent) -> bool {
        (key.modifiers - KeyModifiers::SHIFT).is_empty()
    }
}

/// Values compare equal when they say the same thing: tags ignore order and case.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            let norm = |l: &[String]| {
                let mut v: Vec<String> = l.iter().map(|s| s.to_lowercase()).collect();
                v.sort();
                v.dedup();
                v
            };
            norm(x) == norm(y)
        }
        _ => a == b,
    }
}

fn clean_single(s: &str) -> String {
    crate::sanitize::clean(s)
}

/// What a date field accepts, for its help line and its error.
pub const DATE_FORMS: &str =
    "YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] with an optional zone (Z, +02:00)";

/// `YYYY-MM-DD`, or with a time `YYYY-MM-DD[T ]HH:MM[:SS]` and an optional zone
/// (`Z`, `±HH:MM`): returns the text normalised to ISO 8601 (`T` separator).
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let y = num(s.get(0..4)?)?;
    let m = num(s.get(5..7)?)?;
    let d = num(s.get(8..10)?)?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > days {
        return None;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(s.to_string());
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    let parts: Vec<&str> = time.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let h = num(parts[0])?;
    let mi = num(parts[1])?;
    let sec_ok = match parts.get(2) {
        None => true,
        Some(sec) => {
            let whole = sec.split('.').next().unwrap_or("");
            num(whole).is_some_and(|v| v <= 60)
        }
    };
    if h > 23 || mi > 59 || !sec_ok || parts[0].len() != 2 || parts[1].len() != 2 {
        return None;
    }
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        z => {
            let body = &z[1..];
            let (zh, zm) = body
                .split_once(':')
                .unwrap_or((body.get(0..2)?, body.get(2..)?));
            num(zh).is_some_and(|v| v <= 14) && num(zm).is_some_and(|v| v <= 59)
        }
    };
    zone_ok.then(|| format!("{}T{}", &s[..10], rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_as_typed() {
        assert_eq!(parse_date("2024-05-01").as_deref(), Some("2024-05-01"));
        assert_eq!(
            parse_date("2024-05-01 06:30").as_deref(),
            Some("2024-05-01T06:30")
        );
        assert!(parse_date("2024-05-01T06:30:00Z").is_some());
        assert!(parse_date("2024-05-01T06:30:00+02:00").is_some());
        for bad in [
            "2024-02-30",
            "2023-13-01",
            "yesterday",
            "2024-05-01 25:00",
            "2024-5-1",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
        let mut f = Field::line(
            FieldId::CapturedAt,
            "Captured",
            Section::Dates,
            "",
            Check::Date,
        );
        for c in "2024-1".chars() {
            f.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert!(f.local_error().is_some());
        f.set_value(&Value::Text("2024-10-01".into()));
        assert!(f.local_error().is_none());
    }

    #[test]
    fn dirty_revert_and_choices() {
        let mut f = Field::choice(
            FieldId::Custom(1),
            "Category",
            Section::Custom,
            vec![("A".into(), "A".into()), ("B".into(), "B".into())],
            false,
            vec!["B".into()],
        );
        assert!(!f.is_dirty());
        f.handle_key(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        assert_eq!(f.value(), Value::Text(String::new()), "wraps to (not set)");
        assert!(f.is_dirty());
        f.revert();
        assert_eq!(f.value(), Value::Text("B".into()));
        let mut m = Field::choice(
            FieldId::Custom(2),
            "Audience",
            Section::Custom,
            vec![("P".into(), "P".into()), ("S".into(), "S".into())],
            true,
            vec!["Old".into()],
        );
        m.handle_key(&KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
        assert_eq!(m.value(), Value::List(vec!["Old".into(), "P".into()]));
        let mut r = Field::new(
            FieldId::Rating,
            "Rating",
            Section::Dates,
            Widget::Rating(None),
        );
        r.handle_key(&KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE));
        assert_eq!(r.value(), Value::Int(Some(4)));
        r.read_only = true;
        assert!(
            !r.handle_key(&KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE))
                .changed
        );
    }

    #[test]
    fn tag_lists_compare_without_order_or_case() {
        assert!(same(
            &Value::List(vec!["a".into(), "B".into()]),
            &Value::List(vec!["b".into(), "a".into()])
        ));
    }
}
