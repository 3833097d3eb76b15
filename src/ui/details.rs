//! Read-only asset details: a summary in the right pane, everything in the full view.

use std::collections::HashMap;

use ratatui::text::{Line, Span};
use serde_json::Value;

use super::grid::asset_kind;
use crate::api::models::Asset;
use crate::text::{date, dimensions, file_size, safe};
use crate::theme;

fn field(lines: &mut Vec<Line<'static>>, name: &str, value: String) {
    if value.trim().is_empty() {
        return;
    }
    lines.push(Line::from(vec![
        Span::styled(format!("{name}: "), theme::dim()),
        Span::raw(value),
    ]));
}

/// `2026-12-02 by Dana Demo` for an asset in the trash.
pub(crate) fn trashed_words(a: &Asset) -> Option<String> {
    let when = date(Some(a.trashed_at.as_deref()?));
    Some(match a.trashed_by.as_deref() {
        Some(who) => format!("{when} by {}", safe(who)),
        None => when,
    })
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(safe).unwrap_or_default()
}

/// The fields people read most, in a fixed order.
pub(crate) fn summary_lines(a: &Asset, field_names: &HashMap<i64, String>) -> Vec<Line<'static>> {
    let mut l = Vec::new();
    l.push(Line::styled(safe(&a.label()), theme::accent()));
    field(&mut l, "File", opt(&a.filename));
    field(&mut l, "Type", asset_kind(a));
    field(&mut l, "Size", {
        let d = dimensions(a.width, a.height);
        let s = file_size(a.file_size);
        [d, s]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let mut rating = vec![Span::styled("Rating: ", theme::dim())];
    rating.extend(super::grid::star_line(a.rating).spans);
    l.push(Line::from(rating));
    field(&mut l, "Captured", date(a.captured_at.as_deref()));
    field(&mut l, "Uploaded", date(a.created_at.as_deref()));
    field(&mut l, "Trashed", trashed_words(a).unwrap_or_default());
    field(&mut l, "Headline", opt(&a.headline));
    if let Some(d) = a.description.as_deref().filter(|d| !d.trim().is_empty()) {
        l.push(Line::styled("Description:", theme::dim()));
        for line in crate::sanitize::clean_multiline(d).lines() {
            l.push(Line::raw(line.to_string()));
        }
    }
    field(&mut l, "Alt text", opt(&a.alt_text));
    field(&mut l, "Creator", safe(&a.creator.join(", ")));
    field(&mut l, "Credit", opt(&a.credit_line));
    field(&mut l, "Copyright", opt(&a.iptc_rights));
    let place = [&a.sublocation, &a.city, &a.state, &a.country]
        .into_iter()
        .filter_map(|s| s.as_deref().map(safe))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    field(&mut l, "Place", place);
    field(&mut l, "Event", opt(&a.event));
    field(&mut l, "Tags", safe(&a.tag_names().join(", ")));
    field(
        &mut l,
        "Rights",
        a.rights_status_name
            .as_deref()
            .or(a.rights_status.as_deref())
            .map(safe)
            .unwrap_or_default(),
    );
    // Multi-valued fields have one entry per value: show them on one line.
    let mut custom: Vec<(String, Vec<String>)> = Vec::new();
    for v in &a.custom_meta_values {
        let id = v.custom_meta_field_id.unwrap_or(0);
        let name = field_names
            .get(&id)
            .map(|n| safe(n))
            .unwrap_or_else(|| format!("Field #{id}"));
        let value = safe(&v.text.clone().or(v.date.clone()).unwrap_or_default());
        match custom.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => custom.push((name, vec![value])),
        }
    }
    for (name, values) in custom {
        field(&mut l, &name, values.join(", "));
    }
    // Where it lives and how to name it (`:asset ID|GUID`).
    field(&mut l, "Folder", opt(&a.storage_folder_path));
    for (key, label) in [("collections", "Collections"), ("lightboxes", "Lightboxes")] {
        if let Some(v) = a.extra.get(key).and_then(readable) {
            field(&mut l, label, safe(&v));
        }
    }
    field(&mut l, "ID", a.id.to_string());
    field(&mut l, "GUID", opt(&a.guid));
    l
}

/// Every field the API returned, for the full details view.
pub(crate) fn full_lines(a: &Asset, field_names: &HashMap<i64, String>) -> Vec<Line<'static>> {
    let mut l = summary_lines(a, field_names);
    l.push(Line::raw(""));
    l.push(Line::styled("All fields", theme::accent()));
    field(&mut l, "id", a.id.to_string());
    field(&mut l, "guid", opt(&a.guid));
    field(&mut l, "updated_at", opt(&a.updated_at));
    field(&mut l, "state", opt(&a.aasm_state));
    field(&mut l, "storage folder", opt(&a.storage_folder_path));
    for (k, v) in &a.extra {
        if v.is_null() || is_secret_key(k) || is_private_key(k) {
            continue;
        }
        let Some(text) = readable(v) else {
            continue;
        };
        field(&mut l, &safe(k), safe(&text));
    }
    l
}

/// A payload value as a person reads it: objects by their name (a user by first and
/// last name, a collection by its title), lists as names joined by commas, never JSON;
/// e-mail addresses and credentials left out. `None` when nothing is left to show.
fn readable(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(readable).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(o) => {
            for key in [
                "name",
                "title",
                "display_name",
                "full_name",
                "label",
                "filename",
            ] {
                if let Some(Value::String(s)) = o.get(key)
                    && !s.trim().is_empty()
                {
                    return Some(s.clone());
                }
            }
            let person: Vec<&str> = ["first_name", "last_name"]
                .iter()
                .filter_map(|k| o.get(*k).and_then(Value::as_str))
                .filter(|s| !s.trim().is_empty())
                .collect();
            if !person.is_empty() {
                return Some(person.join(" "));
            }
            let parts: Vec<String> = o
                .iter()
                .filter(|(k, _)| !is_secret_key(k) && !is_private_key(k))
                .filter(|(_, v)| !v.is_object() && !v.is_array())
                .filter_map(|(k, v)| readable(v).map(|t| format!("{k} {t}")))
                .take(6)
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
    }
}

/// Personal data that the details view has no reason to show.
fn is_private_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    k.contains("email") || k.contains("phone")
}

/// Upload credentials some payloads carry are never shown (GUIDE §7).
fn is_secret_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    [
        "password",
        "secret",
        "aws_key",
        "s3_upload",
        "token",
        "signed_upload_url",
    ]
    .iter()
    .any(|s| k.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_hide_credentials_and_sanitise() {
        let mut a = Asset {
            id: 1,
            title: Some("\u{1b}[2JWipe".into()),
            ..Default::default()
        };
        a.extra
            .insert("ftp_password".into(), Value::String("hunter2".into()));
        a.extra
            .insert("views_count".into(), Value::Number(3.into()));
        let text: String = full_lines(&a, &HashMap::new())
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!text.contains("hunter2"));
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("views_count: 3"));
    }

    #[test]
    fn nested_values_read_as_names_without_json_or_e_mail() {
        let mut a = Asset {
            id: 1,
            ..Default::default()
        };
        a.extra.insert(
            "user".into(),
            serde_json::json!({"id": 5, "first_name": "Dana", "last_name": "Demo", "email": "dana@example.com"}),
        );
        a.extra.insert(
            "collections".into(),
            serde_json::json!([{"id": 1, "name": "Best of 2024"}, {"id": 2, "title": "Press"}]),
        );
        a.extra.insert(
            "contact_email".into(),
            Value::String("x@example.com".into()),
        );
        a.extra.insert("is_public".into(), Value::Bool(true));
        let text: String = full_lines(&a, &HashMap::new())
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains("user: Dana Demo"), "{text}");
        assert!(text.contains("collections: Best of 2024, Press"), "{text}");
        assert!(text.contains("is_public: yes"), "{text}");
        assert!(!text.contains('@'), "no e-mail: {text}");
        assert!(
            !text.contains('{') && !text.contains('"'),
            "no JSON: {text}"
        );
    }
}
