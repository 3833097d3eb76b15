//! Raw query-string / form parameters with Rails conventions (`key[]=a&key[]=b`).

use serde_json::Value;

#[derive(Clone, Debug, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(query: &str) -> Params {
        Params(
            url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Flattens a JSON object (POST search bodies) into the same key/value list.
    pub fn from_json(v: &Value) -> Params {
        let mut out = Vec::new();
        if let Value::Object(m) = v {
            for (k, v) in m {
                flatten(k, v, &mut out);
            }
        }
        Params(out)
    }

    /// First non-empty value of `key` or `key[]`.
    pub fn get(&self, key: &str) -> Option<&str> {
        let arr = format!("{key}[]");
        self.0
            .iter()
            .find(|(k, v)| (k == key || *k == arr) && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// All values of `key[]` and `key` (also `key[0]`, ... and comma lists for `key`).
    pub fn all(&self, key: &str) -> Vec<String> {
        let arr = format!("{key}[]");
        let idx = format!("{key}[");
        let mut out = Vec::new();
        for (k, v) in &self.0 {
            if k == key {
                out.extend(v.split(',').map(|s| s.trim().to_string()));
            } else if *k == arr
                || (k.starts_with(&idx)
                    && k[idx.len()..]
                        .trim_end_matches(']')
                        .parse::<usize>()
                        .is_ok())
            {
                out.push(v.clone());
            }
        }
        out
    }

    /// Like `all` but keeps empty entries (date range bounds may be blank).
    pub fn all_raw(&self, key: &str) -> Vec<String> {
        let arr = format!("{key}[]");
        self.0
            .iter()
            .filter(|(k, _)| *k == arr || k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|v| v.trim().parse().ok())
    }

    pub fn flag(&self, key: &str) -> bool {
        matches!(
            self.get(key)
                .map(|v| v.trim().to_ascii_lowercase())
                .as_deref(),
            Some("true" | "1" | "yes" | "t" | "on")
        )
    }

    /// Entries of a Rails nested hash: `custom_meta[Field][]=v` → (Field, v).
    pub fn nested(&self, key: &str) -> Vec<(String, String)> {
        let prefix = format!("{key}[");
        self.0
            .iter()
            .filter_map(|(k, v)| {
                let rest = k.strip_prefix(&prefix)?;
                let (name, _) = rest.split_once(']')?;
                Some((name.to_string(), v.clone()))
            })
            .collect()
    }

    /// `page`/`per_page` (or `current`/`pageSize`) with defaults and a cap.
    pub fn paging(&self, default_per_page: usize, max_per_page: usize) -> (usize, usize) {
        let page = self
            .int("page")
            .or_else(|| self.int("current"))
            .unwrap_or(1)
            .max(1) as usize;
        let per = self
            .int("per_page")
            .or_else(|| self.int("pageSize"))
            .map(|p| p.clamp(1, max_per_page as i64) as usize)
            .unwrap_or(default_per_page);
        (page, per)
    }
}

fn flatten(key: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => {}
        Value::Array(items) => {
            for i in items {
                match i {
                    Value::String(s) => out.push((format!("{key}[]"), s.clone())),
                    other => out.push((format!("{key}[]"), other.to_string())),
                }
            }
        }
        Value::Object(m) => {
            for (k, v) in m {
                flatten(&format!("{key}[{k}]"), v, out);
            }
        }
        Value::String(s) => out.push((key.to_string(), s.clone())),
        other => out.push((key.to_string(), other.to_string())),
    }
}

/// One page of a slice plus the total.
pub fn page_of<T: Clone>(items: &[T], page: usize, per_page: usize) -> Vec<T> {
    items
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rails_arrays_and_nesting() {
        let p = Params::parse(
            "tags[]=a&tags[]=b%20c&ids=1,2&custom_meta[Category][]=X&page=2&per_page=500",
        );
        assert_eq!(p.all("tags"), vec!["a", "b c"]);
        assert_eq!(p.all("ids"), vec!["1", "2"]);
        assert_eq!(
            p.nested("custom_meta"),
            vec![("Category".to_string(), "X".to_string())]
        );
        assert_eq!(p.paging(25, 100), (2, 100));
        let j = Params::from_json(
            &serde_json::json!({"tags": ["x"], "custom_meta": {"F": ["v"]}, "page": 3}),
        );
        assert_eq!(j.all("tags"), vec!["x"]);
        assert_eq!(j.int("page"), Some(3));
        assert_eq!(j.nested("custom_meta").len(), 1);
    }
}
