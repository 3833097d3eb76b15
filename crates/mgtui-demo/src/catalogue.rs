//! The demo photo catalogue: `assets/demo/photos.json` plus its JPEGs, built into the
//! binary (`embedded`). `$MGTUI_DEMO_ASSETS` may point at another folder with a
//! `photos.json` (images beside it or in `photos/`). A small set with generated pictures
//! remains for tests and for entries whose image is missing.

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
    /// Where the picture comes from.
    #[serde(skip)]
    pub image: ImageSource,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum ImageSource {
    /// None: a picture is generated.
    #[default]
    Generated,
    File(PathBuf),
    BuiltIn(&'static [u8]),
}

impl ImageSource {
    /// The encoded image, when there is one to read.
    pub fn bytes(&self) -> Option<std::borrow::Cow<'static, [u8]>> {
        match self {
            ImageSource::Generated => None,
            ImageSource::File(p) => std::fs::read(p).ok().map(std::borrow::Cow::Owned),
            ImageSource::BuiltIn(b) => Some(std::borrow::Cow::Borrowed(b)),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Catalogue {
    pub photos: Vec<Photo>,
}

impl Catalogue {
    /// `$MGTUI_DEMO_ASSETS` when it holds a usable catalogue, else the built-in photos;
    /// never fails.
    pub fn load() -> Catalogue {
        std::env::var_os("MGTUI_DEMO_ASSETS")
            .and_then(|d| Self::load_from(Path::new(&d)))
            .or_else(Self::embedded)
            .unwrap_or_else(Self::builtin)
    }

    /// The catalogue and photos built into the binary.
    pub fn embedded() -> Option<Catalogue> {
        Self::from_json(super::embedded::CATALOGUE, |file| {
            super::embedded::photo(file).map(ImageSource::BuiltIn)
        })
    }

    /// Loads `dir/photos.json`; entries whose image file is missing get a generated one.
    pub fn load_from(dir: &Path) -> Option<Catalogue> {
        let text = std::fs::read_to_string(dir.join("photos.json")).ok()?;
        Self::from_json(&text, |file| {
            [dir.join(file), dir.join("photos").join(file)]
                .into_iter()
                .find(|c| c.is_file())
                .map(ImageSource::File)
        })
    }

    fn from_json(text: &str, find: impl Fn(&str) -> Option<ImageSource>) -> Option<Catalogue> {
        let mut photos = parse(text)?;
        photos.retain(|p| !p.title.trim().is_empty() || !p.file.is_empty());
        if photos.is_empty() {
            return None;
        }
        for p in &mut photos {
            if !p.file.is_empty() {
                p.image = find(&p.file).unwrap_or_default();
            }
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
                image: ImageSource::Generated,
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
    fn the_catalogue_loads_built_in_and_from_a_folder() {
        let built_in = Catalogue::embedded().expect("the built-in catalogue parses");
        assert!(built_in.photos.len() >= 10);
        assert!(
            built_in
                .photos
                .iter()
                .all(|p| matches!(p.image, ImageSource::BuiltIn(_))),
            "every photo is built in"
        );
        let dir = Path::new(env!("MGTUI_DEMO_ASSETS_BUILT_IN"));
        let from_dir = Catalogue::load_from(dir).expect("assets/demo/photos.json parses");
        assert_eq!(from_dir.photos.len(), built_in.photos.len());
        for (a, b) in from_dir.photos.iter().zip(&built_in.photos) {
            assert!(matches!(a.image, ImageSource::File(_)));
            assert_eq!(a.image.bytes(), b.image.bytes(), "{}", a.file);
        }
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
