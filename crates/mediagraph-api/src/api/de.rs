//! Lenient deserialisers for the shapes real Mediagraph payloads take (NOTES §4).
//!
//! Every helper maps "odd but meaningful" values onto the expected type and maps
//! anything it cannot interpret to `None`/default instead of failing the whole payload.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Booleans arrive as `true`, `1`, `"1"`, `"true"`, `"yes"` or null.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(value_to_bool(&Value::deserialize(d)?))
}

/// Like [`opt_bool`] but null/unknown becomes `false`.
pub fn bool_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(value_to_bool(&Value::deserialize(d)?).unwrap_or(false))
}

pub fn value_to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "t" => Some(true),
            "false" | "0" | "no" | "f" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Integers arrive as numbers, numeric strings, floats with `.0`, or `false` for "none".
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(value_to_i64(&Value::deserialize(d)?))
}

/// Like [`opt_i64`] but absent/odd becomes 0.
pub fn i64_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(value_to_i64(&Value::deserialize(d)?).unwrap_or(0))
}

pub fn value_to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
}

/// Floats arrive as numbers, integers or numeric strings.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    })
}

/// Text fields sometimes hold numbers or booleans; keep them as text.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(value_to_string(Value::deserialize(d)?))
}

pub fn value_to_string(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Who did something, as a name: a user object (`name`, else first and last name, else
/// `username`/`email`), or a plain string. Ids alone and nulls give `None`.
pub fn opt_person<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(value_to_person(&Value::deserialize(d)?))
}

pub fn value_to_person(v: &Value) -> Option<String> {
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    match v {
        Value::String(_) => text(Some(v)),
        Value::Object(o) => text(o.get("name")).or_else(|| {
            let full: Vec<String> = ["first_name", "last_name"]
                .iter()
                .filter_map(|k| text(o.get(*k)))
                .collect();
            if full.is_empty() {
                text(o.get("username")).or_else(|| text(o.get("email")))
            } else {
                Some(full.join(" "))
            }
        }),
        _ => None,
    }
}

/// A list of strings: accepts an array (of strings or numbers), a single string, a
/// JSON array encoded inside a string (`"[]"`), or null.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.into_iter().filter_map(value_to_string).collect(),
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('[') {
                serde_json::from_str::<Vec<Value>>(t)
                    .map(|v| v.into_iter().filter_map(value_to_string).collect())
                    .unwrap_or_default()
            } else if t.is_empty() {
                Vec::new()
            } else {
                vec![s]
            }
        }
        _ => Vec::new(),
    })
}

/// A list of ids: numbers or numeric strings; other items are skipped.
pub fn id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.iter().filter_map(value_to_i64).collect(),
        Value::String(s) => serde_json::from_str::<Vec<Value>>(s.trim())
            .map(|v| v.iter().filter_map(value_to_i64).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    })
}

/// A nested value of type `T`; if it has an unexpected shape it becomes `T::default()`
/// instead of failing the enclosing payload.
pub fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let v = Value::deserialize(d)?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

/// A list of `T` where each item that fails to parse is dropped rather than failing the
/// list. Each item is parsed from its own JSON text, not from a `Value` tree of the whole
/// list (a map per item: most of a search page's cost). Only for JSON deserializers
/// (serde_json text or `Value`), which is every payload mgtui reads.
pub fn lenient_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
    let Ok(items) = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(raw.get()) else {
        return Ok(Vec::new());
    };
    Ok(items
        .into_iter()
        .filter_map(|item| serde_json::from_str(item.get()).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Deserialize, Default, Debug)]
    struct Probe {
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "opt_f64")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "string_list")]
        s: Vec<String>,
        #[serde(default, deserialize_with = "id_list")]
        ids: Vec<i64>,
    }

    fn probe(v: Value) -> Probe {
        serde_json::from_value(v).expect("lenient probe parses")
    }

    #[test]
    fn a_person_is_named_by_whatever_the_payload_gives() {
        let name = |v: Value| value_to_person(&v);
        assert_eq!(
            name(json!({"name": "Dana Demo", "id": 5})).as_deref(),
            Some("Dana Demo")
        );
        assert_eq!(
            name(json!({"first_name": "Chong", "last_name": "Crona"})).as_deref(),
            Some("Chong Crona")
        );
        assert_eq!(
            name(json!({"first_name": " ", "username": "cc"})).as_deref(),
            Some("cc")
        );
        assert_eq!(name(json!("Ann")).as_deref(), Some("Ann"));
        assert_eq!(name(json!(1015819665)), None);
        assert_eq!(name(json!(null)), None);
        assert_eq!(name(json!({"id": 3})), None);
    }

    #[test]
    fn booleans_from_ints_strings_and_null() {
        assert_eq!(probe(json!({"b": 0})).b, Some(false));
        assert_eq!(probe(json!({"b": 1})).b, Some(true));
        assert_eq!(probe(json!({"b": "true"})).b, Some(true));
        assert_eq!(probe(json!({"b": null})).b, None);
        assert_eq!(probe(json!({})).b, None);
        assert_eq!(probe(json!({"b": {"x": 1}})).b, None);
    }

    #[test]
    fn ids_from_strings_floats_and_false() {
        assert_eq!(probe(json!({"i": "1070000000"})).i, Some(1_070_000_000));
        assert_eq!(probe(json!({"i": 12.0})).i, Some(12));
        assert_eq!(probe(json!({"i": 12.5})).i, None);
        assert_eq!(probe(json!({"i": false})).i, None);
        assert_eq!(probe(json!({"i": "pending"})).i, None);
    }

    #[test]
    fn floats_and_lists() {
        assert_eq!(probe(json!({"f": 0})).f, Some(0.0));
        assert_eq!(probe(json!({"f": "42.5"})).f, Some(42.5));
        assert_eq!(probe(json!({"s": "[]"})).s, Vec::<String>::new());
        assert_eq!(probe(json!({"s": ["a", 3]})).s, vec!["a", "3"]);
        assert_eq!(probe(json!({"ids": "[1, \"2\"]"})).ids, vec![1, 2]);
        assert_eq!(probe(json!({"ids": null})).ids, Vec::<i64>::new());
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Page {
        #[serde(default, deserialize_with = "lenient_list")]
        items: Vec<Item>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Item {
        id: i64,
    }

    #[test]
    fn json_lists_drop_bad_items_from_text_and_from_values() {
        let text = r#"{"items": [{"id": 1}, {"id": "x"}, 7, {"id": 3, "more": [1, {"a": null}]}]}"#;
        let want = vec![Item { id: 1 }, Item { id: 3 }];
        let page: Page = serde_json::from_str(text).unwrap();
        assert_eq!(page.items, want);
        let page: Page = serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(page.items, want);
        for odd in [r#"{"items": null}"#, r#"{"items": {"id": 1}}"#, "{}"] {
            let page: Page = serde_json::from_str(odd).unwrap();
            assert!(page.items.is_empty(), "{odd}");
        }
    }
}
