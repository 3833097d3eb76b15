//! Asset edits: validation and application of `PUT /api/assets/{id}` bodies, and the
//! tag / custom-meta helpers that bulk jobs share.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::model::{CmValue, Db, RIGHTS_STATUSES};
use super::timeutil;

/// Rails-style `{"field": ["message", ...]}`.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

pub fn add_error(errors: &mut FieldErrors, field: &str, msg: impl Into<String>) {
    errors
        .entry(field.to_string())
        .or_default()
        .push(msg.into());
}

/// Free-text fields stored as given (string or null).
pub const TEXT_FIELDS: &[&str] = &[
    "title",
    "headline",
    "description",
    "alt_text",
    "description_writer",
    "usage_terms",
    "credit_line",
    "instructions",
    "iptc_rights",
    "web_statement",
    "iptc_source",
    "event",
    "city",
    "state",
    "country",
    "country_code",
    "sublocation",
    "extended_description",
    "iptc_job_id",
    "intellectual_genre",
    "model_release_status",
    "property_release_status",
    "authors_position",
    "iptc_dig_image_guid",
    "iptc_image_supplier_image_id",
    "addl_model_info",
    "minor_model_age_disclosure",
    "preserved_filename",
    "source_url",
];

/// Arrays of strings.
pub const ARRAY_FIELDS: &[&str] = &[
    "creator",
    "iptc_event_id",
    "organization_in_image_name",
    "scene",
    "subject_code",
    "iptc_model_release_id",
    "model_age",
    "iptc_property_release_id",
];

/// Objects whose members are arrays of strings.
pub const OBJECT_FIELDS: &[&str] = &[
    "copyright_owner",
    "image_supplier",
    "licensor",
    "product_in_image",
    "artwork_or_object",
];

pub fn opt_string(v: &Value) -> Result<Option<String>, &'static str> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err("must be a string"),
    }
}

pub fn string_list(v: &Value) -> Result<Vec<String>, &'static str> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err("must be an array of strings"),
            })
            .collect(),
        _ => Err("must be an array of strings"),
    }
}

pub fn opt_int(v: &Value) -> Result<Option<i64>, &'static str> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or("must be an integer"),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| "must be an integer"),
        _ => Err("must be an integer"),
    }
}

pub fn opt_float(v: &Value) -> Result<Option<f64>, &'static str> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_f64().map(Some).ok_or("must be a number"),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| "must be a number"),
        _ => Err("must be a number"),
    }
}

pub fn opt_bool(v: &Value) -> Result<Option<bool>, &'static str> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            _ => Err("must be true or false"),
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "1" | "yes" | "t" => Ok(Some(true)),
            "false" | "0" | "no" | "f" => Ok(Some(false)),
            _ => Err("must be true or false"),
        },
        _ => Err("must be true or false"),
    }
}

/// ISO 3166 alpha-2 / alpha-3 shape (`PT`, `PRT`); empty clears the field.
fn valid_country_code(code: &str) -> bool {
    let c = code.trim();
    c.is_empty() || ((2..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Checks a PUT body (the object inside `{"asset": ...}`) without changing anything.
pub fn validate_update(db: &Db, body: &Map<String, Value>) -> FieldErrors {
    let mut e = FieldErrors::new();
    for (k, v) in body {
        let k = k.as_str();
        if TEXT_FIELDS.contains(&k) {
            match opt_string(v) {
                Err(m) => add_error(&mut e, k, m),
                Ok(Some(code)) if k == "country_code" && !valid_country_code(&code) => {
                    add_error(&mut e, k, "is not a 2- or 3-letter ISO country code")
                }
                Ok(_) => {}
            }
        } else if ARRAY_FIELDS.contains(&k)
            || matches!(
                k,
                "add_tag_names"
                    | "remove_tag_names"
                    | "replace_tag_names"
                    | "add_links"
                    | "remove_links"
            )
        {
            if let Err(m) = string_list(v) {
                add_error(&mut e, k, m);
            }
        } else if OBJECT_FIELDS.contains(&k) {
            match v {
                Value::Null => {}
                Value::Object(o) => {
                    for (sub, sv) in o {
                        if string_list(sv).is_err() {
                            add_error(&mut e, &format!("{k}.{sub}"), "must be an array of strings");
                        }
                    }
                }
                _ => add_error(&mut e, k, "must be an object"),
            }
        } else {
            match k {
                "filename" => match v.as_str().map(str::trim) {
                    Some(s) if !s.is_empty() => {
                        if s.contains('/') {
                            add_error(&mut e, k, "must not contain a slash");
                        }
                    }
                    _ => add_error(&mut e, k, "can't be blank"),
                },
                "rating" => match opt_int(v) {
                    Ok(Some(r)) if !(0..=5).contains(&r) => {
                        add_error(&mut e, k, "must be between 0 and 5")
                    }
                    Ok(_) => {}
                    Err(m) => add_error(&mut e, k, m),
                },
                "captured_at" => match v {
                    Value::Null => {}
                    Value::String(s) if s.trim().is_empty() => {}
                    Value::String(s) if timeutil::parse(s).is_some() => {}
                    _ => add_error(&mut e, k, "is not a valid date"),
                },
                "has_people" | "contract" | "release" => {
                    if let Err(m) = opt_bool(v) {
                        add_error(&mut e, k, m);
                    }
                }
                "latitude" | "longitude" => {
                    let limit = if k == "latitude" { 90.0 } else { 180.0 };
                    match opt_float(v) {
                        Ok(Some(x)) if x.abs() > limit => {
                            add_error(&mut e, k, format!("must be between -{limit} and {limit}"))
                        }
                        Ok(_) => {}
                        Err(m) => add_error(&mut e, k, m),
                    }
                }
                "rights_package_id" => match opt_int(v) {
                    Ok(Some(id)) if db.rights_package(id).is_none() => {
                        add_error(&mut e, k, "does not exist")
                    }
                    Ok(_) => {}
                    Err(m) => add_error(&mut e, k, m),
                },
                "rights_status" => match opt_string(v) {
                    Ok(Some(s)) if !RIGHTS_STATUSES.contains(&s.as_str()) => {
                        add_error(&mut e, k, "is not included in the list")
                    }
                    Ok(_) => {}
                    Err(m) => add_error(&mut e, k, m),
                },
                "block_level" => match opt_int(v) {
                    Ok(Some(b)) if !(0..=2).contains(&b) => {
                        add_error(&mut e, k, "is not included in the list")
                    }
                    Ok(_) => {}
                    Err(m) => add_error(&mut e, k, m),
                },
                "add_tags_with_commas" => {
                    if let Err(m) = opt_string(v) {
                        add_error(&mut e, k, m);
                    }
                }
                "custom_meta" => validate_custom_meta(db, v, &mut e),
                _ => {} // unpermitted keys are ignored, as Rails does
            }
        }
    }
    e
}

/// Applies a body that `validate_update` accepted; bumps `updated_at`.
pub fn apply_update(db: &mut Db, idx: usize, body: &Map<String, Value>, now: i64) {
    for (k, v) in body {
        let k = k.as_str();
        let a = &mut db.assets[idx];
        if TEXT_FIELDS.contains(&k) {
            a.set_text(k, opt_string(v).ok().flatten());
        } else if ARRAY_FIELDS.contains(&k) {
            let list = string_list(v).unwrap_or_default();
            a.fields.insert(k.to_string(), Value::from(list));
        } else if OBJECT_FIELDS.contains(&k) {
            a.fields.insert(k.to_string(), v.clone());
        } else {
            match k {
                "filename" => {
                    if let Some(s) = v.as_str() {
                        a.filename = s.trim().to_string();
                    }
                }
                "rating" => a.rating = opt_int(v).ok().flatten(),
                "captured_at" => {
                    a.captured_at = v.as_str().and_then(timeutil::parse).map(|(ms, _)| ms)
                }
                "has_people" => a.has_people = opt_bool(v).ok().flatten(),
                "contract" | "release" => {
                    a.fields.insert(
                        k.to_string(),
                        Value::Bool(opt_bool(v).ok().flatten().unwrap_or(false)),
                    );
                }
                "latitude" => a.latitude = opt_float(v).ok().flatten(),
                "longitude" => a.longitude = opt_float(v).ok().flatten(),
                "rights_package_id" => {
                    a.rights_package_id = opt_int(v).ok().flatten();
                    if a.rights_status.is_none() || !body.contains_key("rights_status") {
                        let class = a
                            .rights_package_id
                            .and_then(|id| db.rights_package(id))
                            .map(|rp| rp.rights_class.to_string());
                        let a = &mut db.assets[idx];
                        if class.is_some() {
                            a.rights_status = class;
                        }
                    }
                }
                "rights_status" => a.rights_status = opt_string(v).ok().flatten(),
                "block_level" => {
                    a.fields.insert(
                        k.to_string(),
                        Value::from(opt_int(v).ok().flatten().unwrap_or(0)),
                    );
                }
                "add_links" | "remove_links" => {
                    let mut links: Vec<Value> = match a.fields.get("links") {
                        Some(Value::Array(l)) => l.clone(),
                        _ => Vec::new(),
                    };
                    for url in string_list(v).unwrap_or_default() {
                        if k == "add_links" {
                            links.push(serde_json::json!({"id": links.len() + 1, "url": url}));
                        } else {
                            links.retain(|l| {
                                l.get("url").and_then(Value::as_str) != Some(url.as_str())
                            });
                        }
                    }
                    a.fields.insert("links".into(), Value::Array(links));
                }
                _ => {}
            }
        }
    }
    // tag operations after plain fields: replace, then add, then remove
    if let Some(v) = body.get("replace_tag_names") {
        replace_tags(db, idx, &string_list(v).unwrap_or_default(), now);
    }
    if let Some(v) = body.get("add_tag_names") {
        add_tags(db, idx, &string_list(v).unwrap_or_default(), now);
    }
    if let Some(s) = body.get("add_tags_with_commas").and_then(Value::as_str) {
        let names: Vec<String> = s.split(',').map(|n| n.trim().to_string()).collect();
        add_tags(db, idx, &names, now);
    }
    if let Some(v) = body.get("remove_tag_names") {
        remove_tags(db, idx, &string_list(v).unwrap_or_default());
    }
    if let Some(Value::Object(cm)) = body.get("custom_meta") {
        apply_custom_meta(db, idx, cm);
    }
    // Strictly later than before, so clients can tell two quick updates apart.
    let prev = db.assets[idx].updated_at;
    db.assets[idx].updated_at = if now <= prev && prev - now < 1000 {
        prev + 1
    } else {
        now
    };
}

pub fn add_tags(db: &mut Db, idx: usize, names: &[String], now: i64) {
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let tag_id = db.tag_id_for(name, now);
        if !db.assets[idx].tags.iter().any(|t| t.tag_id == tag_id) {
            let id = db.fresh_id();
            db.assets[idx].tags.push(super::model::Tagging {
                id,
                tag_id,
                tagged_at: now,
            });
        }
    }
}

pub fn remove_tags(db: &mut Db, idx: usize, names: &[String]) {
    let ids: Vec<i64> = names
        .iter()
        .filter_map(|n| db.tag_id_by_name(n.trim()))
        .collect();
    db.assets[idx].tags.retain(|t| !ids.contains(&t.tag_id));
}

pub fn replace_tags(db: &mut Db, idx: usize, names: &[String], now: i64) {
    let keep: Vec<i64> = names
        .iter()
        .filter_map(|n| db.tag_id_by_name(n.trim()))
        .collect();
    db.assets[idx].tags.retain(|t| keep.contains(&t.tag_id));
    add_tags(db, idx, names, now);
}

/// (text, date) of one custom meta value.
type CmEntry = (Option<String>, Option<String>);

/// Normalised values of one custom-meta entry, or an error message.
fn cm_values(db: &Db, field: &str, v: &Value) -> Result<(i64, Vec<CmEntry>), String> {
    let f = db
        .custom_meta_field_by_name(field)
        .ok_or_else(|| "is not a custom meta field".to_string())?;
    let raw: Vec<String> = match v {
        Value::Null => Vec::new(),
        Value::String(s) if s.trim().is_empty() => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(items) => {
            let mut out = Vec::new();
            for i in items {
                match i {
                    Value::String(s) if s.trim().is_empty() => {}
                    Value::String(s) => out.push(s.clone()),
                    Value::Number(n) => out.push(n.to_string()),
                    _ => return Err("must be a string or an array of strings".into()),
                }
            }
            out
        }
        _ => return Err("must be a string or an array of strings".into()),
    };
    if !f.multi && raw.len() > 1 {
        return Err("accepts only one value".into());
    }
    let mut out = Vec::new();
    for r in raw {
        if !f.free {
            match f
                .vocabulary
                .iter()
                .find(|(_, t)| t.eq_ignore_ascii_case(r.trim()))
            {
                Some((_, t)) => out.push((Some(t.clone()), None)),
                None => return Err(format!("is not an allowed value: {r}")),
            }
            continue;
        }
        match f.value_type {
            "number" => {
                let n: f64 = r
                    .trim()
                    .parse()
                    .map_err(|_| "is not a number".to_string())?;
                let text = if n.fract() == 0.0 {
                    format!("{}", n as i64)
                } else {
                    n.to_string()
                };
                out.push((Some(text), None));
            }
            "date" => {
                let (ms, _) =
                    timeutil::parse(&r).ok_or_else(|| "is not a valid date".to_string())?;
                out.push((None, Some(timeutil::date_only(ms))));
            }
            _ => out.push((Some(r), None)),
        }
    }
    Ok((f.id, out))
}

pub fn validate_custom_meta(db: &Db, v: &Value, errors: &mut FieldErrors) {
    match v {
        Value::Null => {}
        Value::Object(map) => {
            for (field, val) in map {
                if let Err(m) = cm_values(db, field, val) {
                    add_error(errors, &format!("custom_meta.{field}"), m);
                }
            }
        }
        _ => add_error(
            errors,
            "custom_meta",
            "must be an object keyed by field name",
        ),
    }
}

/// Sets (replaces) the values of each named field; null/""/[] clears it.
pub fn apply_custom_meta(db: &mut Db, idx: usize, map: &Map<String, Value>) {
    for (field, val) in map {
        let Ok((field_id, values)) = cm_values(db, field, val) else {
            continue;
        };
        db.assets[idx]
            .custom_meta
            .retain(|c| c.field_id != field_id);
        for (text, date) in values {
            let id = db.fresh_id();
            db.assets[idx].custom_meta.push(CmValue {
                id,
                field_id,
                text,
                date,
            });
        }
    }
}

/// The text of the first value of a field on an asset.
#[cfg(test)]
pub fn cm_text(a: &super::model::Asset, field_id: i64) -> Option<String> {
    a.custom_meta
        .iter()
        .find(|c| c.field_id == field_id)
        .and_then(|c| c.text.clone().or(c.date.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn db() -> Db {
        crate::seed::test_db(false)
    }

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn validation_errors() {
        let db = db();
        let e = validate_update(
            &db,
            &obj(
                json!({"rating": 7, "filename": " ", "captured_at": "not a date",
                        "custom_meta": {"Category": "Nope", "Nope": "x", "Budget": "abc"},
                        "rights_package_id": 1, "creator": 5, "country_code": "Portugal"}),
            ),
        );
        for k in [
            "rating",
            "filename",
            "captured_at",
            "custom_meta.Category",
            "custom_meta.Nope",
            "custom_meta.Budget",
            "rights_package_id",
            "creator",
            "country_code",
        ] {
            assert!(e.contains_key(k), "{k} missing in {e:?}");
        }
        assert!(validate_update(&db, &obj(json!({"rating": 5, "title": null}))).is_empty());
    }

    #[test]
    fn apply_fields_tags_and_meta() {
        let mut db = db();
        let body = obj(json!({
            "title": "New title", "creator": ["A", "B"], "rating": 4, "captured_at": "2020-05-06",
            "has_people": "true", "latitude": 1.5, "rights_package_id": 12003,
            "replace_tag_names": ["one", "two"], "add_tag_names": ["three"], "remove_tag_names": ["TWO"],
            "add_tags_with_commas": "four, five",
            "custom_meta": {"Audience": ["press", "Staff"], "Budget": 12, "Shoot Date": "2021-02-03", "Category": null}
        }));
        assert!(validate_update(&db, &body).is_empty());
        apply_update(&mut db, 0, &body, 1000);
        let a = &db.assets[0];
        assert_eq!(a.text("title"), Some("New title"));
        assert_eq!(a.creators(), vec!["A", "B"]);
        assert_eq!(a.rating, Some(4));
        assert_eq!(a.has_people, Some(true));
        assert_eq!(a.rights_status.as_deref(), Some("some"));
        let names: Vec<&str> = a.tags.iter().map(|t| db.tag_name(t.tag_id)).collect();
        assert_eq!(names, vec!["one", "three", "four", "five"]);
        assert_eq!(
            a.custom_meta.iter().filter(|c| c.field_id == 4505).count(),
            2
        );
        assert_eq!(cm_text(a, 4502).as_deref(), Some("12"));
        assert_eq!(cm_text(a, 4503).as_deref(), Some("2021-02-03"));
        assert!(cm_text(a, 4504).is_none());
        assert_eq!(a.updated_at, 1000);
    }
}
