//! The demo photo catalogue: `assets/demo/photos.json` plus the JPEGs beside it.
//!
//! Looked up (first hit wins) in `$MGTUI_DEMO_ASSETS`, the crate's `assets/demo` (known at
//! build time), `assets/demo` next to the executable, and `./assets/demo`. When none has a
//! usable catalogue a small built-in one with generated pictures is used, so the server always
//! starts.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One catalogue entry (the format written by the demo-photo producer).
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(default)]
pub struct Photo {
    pub file: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub creator: String,
    pub credit_line: String,
    pub copyright: String,
    pub city: String,
    pub country: String,
    pub captured_at: String,
    pub width: u32,
    pub height: u32,
    pub source: String,
    pub licence: String,
    /// Resolved path of the image file; `None` means "generate a picture".
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Catalogue {
    pub photos: Vec<Photo>,
}

impl Catalogue {
    /// Finds and loads the catalogue; never fails (falls back to the built-in set).
    pub fn load() -> Catalogue {
        for dir in candidate_dirs() {
            if let Some(c) = Self::load_from(&dir) {
                return c;
            }
        }
        Self::builtin()
    }

    /// Loads `dir/photos.json`; entries whose image file is missing keep `path: None`.
    pub fn load_from(dir: &Path) -> Option<Catalogue> {
        let text = std::fs::read_to_string(dir.join("photos.json")).ok()?;
        let mut photos = parse(&text)?;
        photos.retain(|p| !p.title.trim().is_empty() || !p.file.is_empty());
        if photos.is_empty() {
            return None;
        }
        for p in &mut photos {
            let candidates = [dir.join(&p.file), dir.join("photos").join(&p.file)];
            p.path = candidates
                .into_iter()
                .find(|c| !p.file.is_empty() && c.is_file());
            if p.width == 0 || p.height == 0 {
                p.width = 640;
                p.height = 427;
            }
            if p.title.trim().is_empty() {
                p.title = p.file.rsplit('/').next().unwrap_or("Untitled").to_string();
            }
        }
        Some(Catalogue { photos })
    }

    /// A small catalogue with generated pictures.
    pub fn builtin() -> Catalogue {
        let rows: &[(&str, &str, &[&str], &str, &str)] = &[
            (
                "Harbour at dawn",
                "Fishing boats moored in a calm harbour at first light.",
                &["harbour", "boats", "dawn", "sea"],
                "Lisbon",
                "Portugal",
            ),
            (
                "Mountain lake",
                "A still alpine lake reflecting snow-capped peaks.",
                &["mountains", "lake", "landscape", "snow"],
                "Interlaken",
                "Switzerland",
            ),
            (
                "City street at night",
                "Neon signs and wet asphalt on a busy street.",
                &["city", "night", "street", "neon"],
                "Tokyo",
                "Japan",
            ),
            (
                "Conference keynote",
                "Speaker on stage in front of a large audience.",
                &["event", "conference", "people", "stage"],
                "Berlin",
                "Germany",
            ),
            (
                "Autumn forest path",
                "A footpath covered in orange leaves.",
                &["forest", "autumn", "path", "trees"],
                "Portland",
                "United States",
            ),
            (
                "Desert dunes",
                "Wind-shaped sand dunes under a clear sky.",
                &["desert", "dunes", "sand", "landscape"],
                "Merzouga",
                "Morocco",
            ),
            (
                "Team portrait",
                "Five colleagues smiling in the office.",
                &["people", "portrait", "team", "office"],
                "London",
                "United Kingdom",
            ),
            (
                "Product on white",
                "A ceramic mug photographed on a white background.",
                &["product", "studio", "mug"],
                "Copenhagen",
                "Denmark",
            ),
            (
                "Coastal cliffs",
                "Waves breaking against steep cliffs.",
                &["coast", "cliffs", "sea", "waves"],
                "Moher",
                "Ireland",
            ),
            (
                "Market stalls",
                "Fresh fruit and vegetables at a street market.",
                &["market", "food", "fruit", "people"],
                "Marrakesh",
                "Morocco",
            ),
            (
                "Bridge in fog",
                "A suspension bridge half hidden in fog.",
                &["bridge", "fog", "city", "architecture"],
                "San Francisco",
                "United States",
            ),
            (
                "Wheat field",
                "Golden wheat under a summer sky.",
                &["field", "summer", "agriculture", "landscape"],
                "Beauce",
                "France",
            ),
        ];
        let photos = rows
            .iter()
            .enumerate()
            .map(|(i, (title, desc, kw, city, country))| Photo {
                file: format!("generated-{i:02}.jpg"),
                title: title.to_string(),
                description: desc.to_string(),
                keywords: kw.iter().map(|k| k.to_string()).collect(),
                creator: ["Alex Rivera", "Sam Okafor", "Mika Tanaka"][i % 3].to_string(),
                credit_line: "Demo Org / mgtui".to_string(),
                copyright: "© Demo Org".to_string(),
                city: city.to_string(),
                country: country.to_string(),
                captured_at: format!(
                    "20{:02}-0{}-1{}T10:3{}:00Z",
                    15 + i % 10,
                    1 + i % 9,
                    i % 10,
                    i % 10
                ),
                width: 640,
                height: 427,
                source: "generated".to_string(),
                licence: "CC0".to_string(),
                path: None,
            })
            .collect();
        Catalogue { photos }
    }
}

/// Parses the catalogue leniently: `null` counts as absent, numbers may be floats, and an
/// entry that still does not fit is skipped rather than failing the whole file.
fn parse(text: &str) -> Option<Vec<Photo>> {
    let raw: Vec<serde_json::Value> = serde_json::from_str(text).ok()?;
    Some(
        raw.into_iter()
            .filter_map(|mut v| {
                let obj = v.as_object_mut()?;
                obj.retain(|_, val| !val.is_null());
                for k in ["width", "height"] {
                    if let Some(f) = obj.get(k).and_then(serde_json::Value::as_f64) {
                        obj.insert(k.into(), serde_json::json!(f.max(0.0).round() as u64));
                    }
                }
                if let Some(serde_json::Value::Array(kw)) = obj.get_mut("keywords") {
                    kw.retain(serde_json::Value::is_string);
                }
                serde_json::from_value(v).ok()
            })
            .collect(),
    )
}

fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("MGTUI_DEMO_ASSETS") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo"));
    if let Ok(exe) = std::env::current_exe()
        && let Some(parent) = exe.parent()
    {
        dirs.push(parent.join("assets/demo"));
    }
    dirs.push(PathBuf::from("assets/demo"));
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_floats_are_tolerated() {
        let c = parse(r#"[{"file":"a.jpg","title":"A","city":null,"keywords":["x",null],"width":640.0,"height":480},
                         {"title": 5}]"#)
        .unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].city.as_str(), c[0].width, c[0].keywords.len()),
            ("", 640, 1)
        );
    }

    #[test]
    fn the_repository_catalogue_loads_with_its_images() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
        if !dir.join("photos.json").exists() {
            return;
        }
        let c = Catalogue::load_from(&dir).expect("assets/demo/photos.json parses");
        assert!(c.photos.len() >= 10);
        assert!(
            c.photos.iter().all(|p| p.path.is_some()),
            "every catalogue image file exists"
        );
    }

    #[test]
    fn builtin_is_usable_and_load_never_fails() {
        let b = Catalogue::builtin();
        assert!(b.photos.len() >= 10);
        assert!(
            Catalogue::load()
                .photos
                .iter()
                .all(|p| p.width > 0 && p.height > 0)
        );
    }
}
