use serde::Deserialize;
use serde_json::{Map, Value};

use crate::api::de;

/// An asset as returned by search (list fields) or details (all fields). Parsed as
/// [`FullAsset`], the fields the model does not name are kept in `extra` so the details
/// view can still show them; search pages leave `extra` empty (parsing is much faster
/// without collecting ~60 keys per asset, and loaded pages stay small).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Asset {
    #[serde(default, deserialize_with = "de::i64_lenient")]
    pub id: i64,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub guid: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub short_guid: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub filename: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub ext: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub mime_type: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "de::opt_string")]
    pub asset_type: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub aasm_state: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub file_size: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub width: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub height: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub duration: Option<f64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub data_version_number: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub updated_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub captured_at: Option<String>,

    #[serde(default, deserialize_with = "de::opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub headline: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub alt_text: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub extended_description: Option<String>,
    #[serde(default, deserialize_with = "de::string_list")]
    pub creator: Vec<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub credit_line: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub iptc_rights: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub usage_terms: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub web_statement: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub instructions: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub event: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub country_code: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub sublocation: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub model_release_status: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub property_release_status: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub rating: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub has_people: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub latitude: Option<f64>,
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub longitude: Option<f64>,
    #[serde(default, deserialize_with = "de::lenient_list")]
    pub tags: Vec<AssetTag>,
    #[serde(default, deserialize_with = "de::lenient_list")]
    pub custom_meta_values: Vec<CustomMetaValue>,

    #[serde(default, deserialize_with = "de::opt_i64")]
    pub rights_package_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub rights_status: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub rights_status_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub block_level: Option<i64>,

    #[serde(default, deserialize_with = "de::opt_bool")]
    pub editable: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub description_editable: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub rights_editable: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub taggable: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub downloadable: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub downloadable_previews: Option<bool>,

    #[serde(default, deserialize_with = "de::opt_string")]
    pub thumb_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub grid_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub small_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub permalink_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub full_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub preview_image_url: Option<String>,
    #[serde(default, deserialize_with = "de::string_list")]
    pub download_sizes: Vec<String>,

    #[serde(default, deserialize_with = "de::opt_i64")]
    pub storage_folder_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub storage_folder_path: Option<String>,
    /// The external id an uploader gave the file (mgtui: its upload key).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_via_id: Option<String>,

    /// When the asset went to the trash (`None` for assets not in it).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub trashed_at: Option<String>,
    /// Who sent it there, by name, when the server says.
    #[serde(default, deserialize_with = "de::opt_person")]
    pub trashed_by: Option<String>,

    /// Camera and lens, from `meta.exif` (only sent with `include_meta`).
    #[serde(default, rename = "meta", deserialize_with = "shot_from_meta")]
    pub shot: Option<Shot>,

    /// Every other key of the payload, when parsed as [`FullAsset`].
    #[serde(skip)]
    pub extra: Map<String, Value>,
}

/// What took the picture, as far as its EXIF says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shot {
    /// `Canon EOS R5` (make and model, the make not repeated).
    pub camera: Option<String>,
    pub lens: Option<String>,
}

fn shot_from_meta<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Shot>, D::Error> {
    let meta = Value::deserialize(d)?;
    let exif = &meta["exif"];
    let text = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            exif.get(*k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        })
    };
    let make = text(&["make", "Make"]);
    let model = text(&["model", "cameraModel", "Model"]);
    let camera = match (make, model) {
        (Some(make), Some(model)) if !model.to_lowercase().starts_with(&make.to_lowercase()) => {
            Some(format!("{make} {model}"))
        }
        (make, model) => model.or(make),
    };
    let lens = text(&["lensModel", "lens", "LensModel", "lensInfo"]);
    Ok((camera.is_some() || lens.is_some()).then_some(Shot { camera, lens }))
}

/// An asset with every key the model does not name kept in its `extra` (details).
#[derive(Debug, Clone, Default)]
pub struct FullAsset(pub Asset);

impl<'de> Deserialize<'de> for FullAsset {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FullAsset, D::Error> {
        use serde::de::Error;
        let mut value = Value::deserialize(d)?;
        // The keys the model does not name move to `extra`; the rest make the asset.
        let mut extra = Map::new();
        if let Value::Object(m) = &mut value {
            let known = asset_fields();
            let unknown: Vec<String> = m
                .keys()
                .filter(|k| !known.contains(&k.as_str()))
                .cloned()
                .collect();
            for k in unknown {
                if let Some(v) = m.remove(&k) {
                    extra.insert(k, v);
                }
            }
        }
        let mut asset: Asset = serde_json::from_value(value).map_err(D::Error::custom)?;
        asset.extra = extra;
        Ok(FullAsset(asset))
    }
}

/// The keys the `Asset` model reads: serde's derive hands them to `deserialize_struct`,
/// where a deserializer that only records them picks them up.
fn asset_fields() -> &'static [&'static str] {
    use serde::de::{Error as _, Visitor, value::Error};
    struct FieldNames<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
        type Error = Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom("only field names are asked for"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Error> {
            *self.0 = fields;
            Err(Error::custom("only field names are asked for"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    static FIELDS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields: &'static [&'static str] = &[];
        let _ = Asset::deserialize(FieldNames(&mut fields));
        fields
    })
}

impl Asset {
    /// Title if set, else the filename, else the id.
    pub fn label(&self) -> String {
        [self.title.as_deref(), self.filename.as_deref()]
            .into_iter()
            .flatten()
            .find(|s| !s.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("asset {}", self.id))
    }

    pub fn tag_names(&self) -> Vec<String> {
        self.tags.iter().filter_map(|t| t.name.clone()).collect()
    }

    /// The id used in asset paths: the numeric id (the API also accepts the guid).
    pub fn path_id(&self) -> String {
        self.id.to_string()
    }
}

/// One tagging on an asset. `id` is the tagging id; the tag itself is `tag_id`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AssetTag {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub tag_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub sub_type: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub source: Option<String>,
}

/// One value of a custom meta field on an asset (several per field when multi-valued).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CustomMetaValue {
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub custom_meta_field_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub color_label: Option<String>,
}

#[cfg(test)]
mod full_asset_tests {
    use super::*;

    #[test]
    fn camera_and_lens_come_from_the_exif_with_the_make_said_once() {
        let shot = |exif: serde_json::Value| {
            serde_json::from_value::<Asset>(serde_json::json!({"id": 1, "meta": {"exif": exif}}))
                .unwrap()
                .shot
        };
        let canon = shot(
            serde_json::json!({"make": "Canon", "model": "Canon EOS R5", "lensModel": "RF24-70mm F2.8 L IS USM"}),
        );
        assert_eq!(
            canon.as_ref().and_then(|s| s.camera.as_deref()),
            Some("Canon EOS R5")
        );
        assert_eq!(
            canon.and_then(|s| s.lens).as_deref(),
            Some("RF24-70mm F2.8 L IS USM")
        );
        let fuji = shot(serde_json::json!({"make": "FUJIFILM", "model": "X-T5"})).unwrap();
        assert_eq!(fuji.camera.as_deref(), Some("FUJIFILM X-T5"));
        assert_eq!(shot(serde_json::json!({"make": " ", "width": 10})), None);
        let none: Asset =
            serde_json::from_value(serde_json::json!({"id": 1, "meta": null})).unwrap();
        assert_eq!(none.shot, None);
    }

    #[test]
    fn full_assets_keep_the_keys_the_model_does_not_name_and_lists_stay_lenient() {
        let text = r#"{"id": 7, "title": "T", "tags": [{"id": 1, "tag_id": 4, "name": "sea"}, "odd"],
            "pdf_url": false, "unknown_future_field": [1, 2], "storage_folder_path": "a/b"}"#;
        let FullAsset(a) = serde_json::from_str(text).unwrap();
        assert_eq!((a.id, a.title.as_deref()), (7, Some("T")));
        assert_eq!(a.tags.len(), 1);
        let mut extra: Vec<&str> = a.extra.keys().map(String::as_str).collect();
        extra.sort();
        assert_eq!(extra, ["pdf_url", "unknown_future_field"]);
        let plain: Asset = serde_json::from_str(text).unwrap();
        assert!(plain.extra.is_empty(), "search results carry no extra");
        assert_eq!(plain.tags.len(), 1);
        assert!(asset_fields().contains(&"storage_folder_path"));
    }
}
