//! In-memory records of the demo organisation and the lookups over them.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::catalogue::Catalogue;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    StorageFolder,
    Collection,
    Lightbox,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "StorageFolder" => Some(Kind::StorageFolder),
            "Collection" => Some(Kind::Collection),
            "Lightbox" => Some(Kind::Lightbox),
            _ => None,
        }
    }

    pub fn type_name(self) -> &'static str {
        match self {
            Kind::StorageFolder => "StorageFolder",
            Kind::Collection => "Collection",
            Kind::Lightbox => "Lightbox",
        }
    }
}

/// A storage folder, collection or lightbox (incl. lightbox bins and organizers).
#[derive(Clone, Debug)]
pub struct Group {
    pub kind: Kind,
    /// Node id (for lightboxes: the user's membership id).
    pub id: i64,
    pub asset_group_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub slug: String,
    /// Parent node id.
    pub parent_id: Option<i64>,
    pub sub_type: Option<String>,
    pub organizer: bool,
    pub created_at: i64,
    pub position: i64,
}

#[derive(Clone, Debug)]
pub struct Tagging {
    pub id: i64,
    pub tag_id: i64,
    pub tagged_at: i64,
}

#[derive(Clone, Debug)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct CmValue {
    pub id: i64,
    pub field_id: i64,
    pub text: Option<String>,
    pub date: Option<String>,
}

#[derive(Clone, Debug)]
pub struct CustomMetaField {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub free: bool,
    pub multi: bool,
    pub value_type: &'static str,
    pub enable_ai: bool,
    pub prompt: Option<String>,
    pub vocabulary: Vec<(i64, String)>,
    /// Vocabulary text → its colour label (`green`, `#3366ff`).
    pub colour_labels: std::collections::HashMap<String, String>,
    pub position: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct RightsPackage {
    pub id: i64,
    pub name: Option<String>,
    pub rights_class: &'static str,
    pub description: Option<String>,
    pub expires_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct CreatorTag {
    pub id: i64,
    pub name: String,
    pub city: Option<String>,
    pub country: Option<String>,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct Asset {
    pub id: i64,
    pub guid: String,
    pub filename: String,
    pub ext: String,
    pub mime: String,
    /// `Image`, `Video` or `Document`.
    pub kind: &'static str,
    pub file_size: i64,
    pub width: i64,
    pub height: i64,
    pub duration: Option<f64>,
    /// Index into the catalogue and crop variant: which picture the renditions show.
    pub photo: usize,
    pub variant: u8,
    pub data_version: i64,
    /// Writable descriptive fields as they appear in the payload (title, description,
    /// creator[], city, iptc_rights, copyright_owner{...}, contract, block_level, ...).
    pub fields: Map<String, Value>,
    pub captured_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub rating: Option<i64>,
    pub has_people: Option<bool>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub rights_package_id: Option<i64>,
    pub rights_status: Option<String>,
    pub creator_tag_id: Option<i64>,
    pub tags: Vec<Tagging>,
    pub custom_meta: Vec<CmValue>,
    pub storage_folder_id: i64,
    /// asset_group_ids of the collections and lightboxes holding this asset.
    pub groups: BTreeSet<i64>,
    pub trashed_at: Option<i64>,
    /// Processing state; only `Processed` assets are listed by default.
    pub state: AssetState,
    /// Set for assets created through an upload session (seeded ones have none).
    pub upload: Option<Box<UploadInfo>>,
}

/// `aasm_state` of an asset: pending → uploaded → processing → processed | processing_error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AssetState {
    Pending,
    Uploaded,
    Processing,
    #[default]
    Processed,
    ProcessingError,
}

impl AssetState {
    pub fn name(self) -> &'static str {
        match self {
            AssetState::Pending => "pending",
            AssetState::Uploaded => "uploaded",
            AssetState::Processing => "processing",
            AssetState::Processed => "processed",
            AssetState::ProcessingError => "processing_error",
        }
    }
    pub fn parse(s: &str) -> Option<AssetState> {
        Some(match s.trim() {
            "pending" => AssetState::Pending,
            "uploaded" => AssetState::Uploaded,
            "processing" => AssetState::Processing,
            "processed" => AssetState::Processed,
            "processing_error" => AssetState::ProcessingError,
            _ => return None,
        })
    }
}

/// Where an uploaded asset came from and how far it got.
#[derive(Clone, Debug, Default)]
pub struct UploadInfo {
    /// Upload session id and guid.
    pub id: i64,
    pub guid: String,
    /// `path` as announced, normalised (`shoot/day1`, "" for the session's folder).
    pub path: String,
    pub created_via: Option<String>,
    pub created_via_id: Option<String>,
    pub uploaded_at: Option<i64>,
    pub processing_started_at: Option<i64>,
    pub processed_at: Option<i64>,
    pub processing_error: Option<String>,
}

impl Asset {
    /// A string field from `fields` (`None` when unset, null or not a string).
    pub fn text(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
    pub fn set_text(&mut self, key: &str, v: Option<String>) {
        self.fields
            .insert(key.to_string(), v.map(Value::String).unwrap_or(Value::Null));
    }
    /// `creator[]` as strings.
    pub fn creators(&self) -> Vec<&str> {
        match self.fields.get("creator") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
    pub fn short_guid(&self) -> &str {
        self.guid.get(..8).unwrap_or(&self.guid)
    }
    /// Counted and listed by default: not trashed and processed.
    pub fn listed(&self) -> bool {
        self.trashed_at.is_none() && self.state == AssetState::Processed
    }
    /// (id, guid) of the upload session; seeded assets get a stable made-up one.
    pub fn upload_ref(&self) -> (i64, String) {
        match &self.upload {
            Some(u) => (u.id, u.guid.clone()),
            None => (
                300_000 + (self.id % 1000),
                format!("{:08x}", 0x5eed_0000u32 + (self.id % 1000) as u32),
            ),
        }
    }
    /// width / height of the original.
    pub fn aspect_ratio(&self) -> f64 {
        if self.height > 0 {
            self.width as f64 / self.height as f64
        } else {
            1.0
        }
    }
    pub fn aspect_name(&self) -> &'static str {
        let r = self.aspect_ratio();
        if r >= 2.0 {
            "panorama"
        } else if r > 1.001 {
            "landscape"
        } else if r >= 0.999 {
            "square"
        } else {
            "portrait"
        }
    }
}

#[derive(Clone, Debug)]
pub struct OrgInfo {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct UserInfo {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub username: String,
    pub created_at: i64,
    pub membership_id: i64,
}

impl UserInfo {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// The whole demo organisation.
#[derive(Clone, Debug)]
pub struct Db {
    pub org: OrgInfo,
    pub user: UserInfo,
    pub catalogue: Catalogue,
    pub groups: Vec<Group>,
    pub assets: Vec<Asset>,
    pub tags: Vec<Tag>,
    pub creator_tags: Vec<CreatorTag>,
    pub rights_packages: Vec<RightsPackage>,
    pub custom_meta_fields: Vec<CustomMetaField>,
    pub(crate) asset_index: HashMap<i64, usize>,
    pub(crate) guid_index: HashMap<String, usize>,
    pub(crate) tag_index: HashMap<i64, usize>,
    pub(crate) tag_by_name: HashMap<String, i64>,
    pub next_id: i64,
}

impl Db {
    /// Rebuilds the asset/tag indexes after bulk changes to the vectors.
    pub fn reindex(&mut self) {
        self.asset_index = self
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        self.guid_index = self
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.guid.clone(), i))
            .collect();
        self.tag_index = self
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i))
            .collect();
        self.tag_by_name = self
            .tags
            .iter()
            .map(|t| (t.name.to_lowercase(), t.id))
            .collect();
    }

    /// A fresh id for taggings, tags, custom meta values, jobs, ...
    pub fn fresh_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Asset index by numeric id or GUID.
    pub fn find_asset(&self, key: &str) -> Option<usize> {
        if let Ok(id) = key.parse::<i64>()
            && let Some(&i) = self.asset_index.get(&id)
        {
            return Some(i);
        }
        self.guid_index.get(key).copied()
    }
    pub fn asset_idx(&self, id: i64) -> Option<usize> {
        self.asset_index.get(&id).copied()
    }
    /// Appends an asset (id and guid must be new) and indexes it.
    pub fn push_asset(&mut self, a: Asset) -> usize {
        let i = self.assets.len();
        self.asset_index.insert(a.id, i);
        self.guid_index.insert(a.guid.clone(), i);
        self.assets.push(a);
        i
    }

    pub fn tag(&self, id: i64) -> Option<&Tag> {
        self.tag_index.get(&id).map(|&i| &self.tags[i])
    }
    pub fn tag_name(&self, id: i64) -> &str {
        self.tag(id).map(|t| t.name.as_str()).unwrap_or("")
    }
    /// Finds a tag by name (case-insensitive) or creates it.
    pub fn tag_id_for(&mut self, name: &str, now: i64) -> i64 {
        if let Some(&id) = self.tag_by_name.get(&name.to_lowercase()) {
            return id;
        }
        let id = self.fresh_id();
        self.tags.push(Tag {
            id,
            name: name.to_string(),
            created_at: now,
            updated_at: now,
        });
        self.tag_index.insert(id, self.tags.len() - 1);
        self.tag_by_name.insert(name.to_lowercase(), id);
        id
    }
    pub fn tag_id_by_name(&self, name: &str) -> Option<i64> {
        self.tag_by_name.get(&name.to_lowercase()).copied()
    }

    pub fn group(&self, kind: Kind, id: i64) -> Option<&Group> {
        self.groups.iter().find(|g| g.kind == kind && g.id == id)
    }
    pub fn group_by_agid(&self, agid: i64) -> Option<&Group> {
        self.groups.iter().find(|g| g.asset_group_id == agid)
    }
    pub fn children(&self, kind: Kind, parent: Option<i64>) -> impl Iterator<Item = &Group> {
        self.groups
            .iter()
            .filter(move |g| g.kind == kind && g.parent_id == parent)
    }
    pub fn has_children(&self, g: &Group) -> bool {
        self.children(g.kind, Some(g.id)).next().is_some()
    }
    /// Ancestors of a node, root first.
    pub fn ancestors(&self, g: &Group) -> Vec<&Group> {
        let mut out = Vec::new();
        let mut cur = g.parent_id;
        while let Some(pid) = cur {
            match self.group(g.kind, pid) {
                Some(p) if out.len() < 64 => {
                    out.push(p);
                    cur = p.parent_id;
                }
                _ => break,
            }
        }
        out.reverse();
        out
    }
    /// The node and all its descendants (node ids).
    pub fn subtree(&self, kind: Kind, id: i64) -> Vec<i64> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let pid = out[i];
            out.extend(self.children(kind, Some(pid)).map(|c| c.id));
            i += 1;
        }
        out
    }
    #[cfg(test)]
    pub fn depth(&self, g: &Group) -> usize {
        self.ancestors(g).len() + 1
    }

    pub fn rights_package(&self, id: i64) -> Option<&RightsPackage> {
        self.rights_packages.iter().find(|r| r.id == id)
    }
    pub fn custom_meta_field(&self, id: i64) -> Option<&CustomMetaField> {
        self.custom_meta_fields.iter().find(|f| f.id == id)
    }
    pub fn custom_meta_field_by_name(&self, name: &str) -> Option<&CustomMetaField> {
        self.custom_meta_fields
            .iter()
            .find(|f| f.name == name)
            .or_else(|| {
                self.custom_meta_fields
                    .iter()
                    .find(|f| f.name.eq_ignore_ascii_case(name))
            })
    }
}

/// Rights status code → (display name, description), as the real service names them.
pub fn rights_class_info(code: &str) -> (&'static str, &'static str) {
    match code {
        "owned" => (
            "Owned by Organization",
            "e.g. employee-created image done as part of job description, or commissioned work done under work for hire contract",
        ),
        "unlimited" => (
            "Unlimited Use",
            "org has unlimited use of the object, but does not have copyright ownership. E.g. commissioned work acquired under a contract that specifies unlimited use, or submissions that are specified as unlimited use",
        ),
        "some" => (
            "Limited Use",
            "Org has some rights to the object as spelled out in a rights agreement",
        ),
        "library" => (
            "Library Rights Only",
            "Org has the right to store the object in our library, but no further rights are secured. E.g. images submitted to account for informational purposes.",
        ),
        "none" => (
            "No Rights",
            "Company has no rights. E.g. A competitor’s product brochure or advertisements",
        ),
        "unknown_no_search" => (
            "Rights Unknown (Haven’t Searched)",
            "This is a default unknown setting that just indicates that no rights tags have been applied.",
        ),
        "unknown_searched" => (
            "Rights Unknown (Have Searched)",
            "This helps to track whether it’s likely that rights can even be discovered definitively.",
        ),
        "editorial" => (
            "Editorial Use Only",
            "May be used for editorial purposes only.",
        ),
        _ => (
            "Unassigned",
            "This is a Rights Status placeholder for a Rights Package that does not yet have an assigned status.",
        ),
    }
}

pub use mediagraph_api::api::models::RIGHTS_STATUSES;
