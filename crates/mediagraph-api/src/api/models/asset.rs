use serde::Deserialize;
use serde_json::{Map, Value};

use crate::api::de;

/// An asset as returned by search (list fields) or details (all fields). Fields the
/// model does not name are kept in `extra` so the details view can still show them.
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

    /// Every other key of the payload, kept for the details view.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
