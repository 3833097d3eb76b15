//! Read-only asset details: a summary in the right pane, everything in the full view.

use std::collections::HashMap;

use ratatui::text::{Line, Span};
use serde_json::Value;

use super::format::{date, dimensions, file_size, safe};
use super::grid::asset_kind;
use super::theme;
use crate::api::models::Asset;

fn field(lines: &mut Vec<Line<'static>>, name: &str, value: String) {
    if value.trim().is_empty() {
        return;
    }
    lines.push(Line::from(vec![
        Span::styled(format!("{name}: "), theme::dim()),
        Span::raw(value),
    ]));
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(safe).unwrap_or_default()
}

/// The fields people read most, in a fixed order.
pub fn summary_lines(a: &Asset, field_names: &HashMap<i64, String>) -> Vec<Line<'static>> {
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
    l
}

/// Every field the API returned, for the full details view.
pub fn full_lines(a: &Asset, field_names: &HashMap<i64, String>) -> Vec<Line<'static>> {
    let mut l = summary_lines(a, field_names);
    l.push(Line::raw(""));
    l.push(Line::styled("All fields", theme::accent()));
    field(&mut l, "id", a.id.to_string());
    field(&mut l, "guid", opt(&a.guid));
    field(&mut l, "updated_at", opt(&a.updated_at));
    field(&mut l, "state", opt(&a.aasm_state));
    field(&mut l, "storage folder", opt(&a.storage_folder_path));
    for (k, v) in &a.extra {
        if v.is_null() || is_secret_key(k) {
            continue;
        }
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Array(items) if items.is_empty() => continue,
            Value::Object(o) if o.is_empty() => continue,
            other => other.to_string(),
        };
        field(&mut l, &safe(k), safe(&text));
    }
    l
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
}
