use std::fmt;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::api::de;

/// Tree node ids are integers, except the access-request roots which use words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NodeId {
    Num(i64),
    Key(String),
}

impl Default for NodeId {
    fn default() -> Self {
        NodeId::Num(0)
    }
}

impl NodeId {
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            NodeId::Num(n) => Some(*n),
            NodeId::Key(_) => None,
        }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Num(n) => write!(f, "{n}"),
            NodeId::Key(k) => f.write_str(k),
        }
    }
}

impl<'de> Deserialize<'de> for NodeId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Ok(match de::value_to_i64(&v) {
            Some(n) => NodeId::Num(n),
            None => NodeId::Key(de::value_to_string(v).unwrap_or_default()),
        })
    }
}

/// Which of the three trees a node belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKind {
    StorageFolder,
    Collection,
    Lightbox,
}

impl GroupKind {
    pub const ALL: [GroupKind; 3] = [
        GroupKind::StorageFolder,
        GroupKind::Collection,
        GroupKind::Lightbox,
    ];

    /// The `type` string the API uses.
    pub fn api_type(self) -> &'static str {
        match self {
            GroupKind::StorageFolder => "StorageFolder",
            GroupKind::Collection => "Collection",
            GroupKind::Lightbox => "Lightbox",
        }
    }

    pub fn plural_label(self) -> &'static str {
        match self {
            GroupKind::StorageFolder => "Storage Folders",
            GroupKind::Collection => "Collections",
            GroupKind::Lightbox => "Lightboxes",
        }
    }

    /// One of them, in a sentence: "storage folder".
    pub fn singular_label(self) -> &'static str {
        match self {
            GroupKind::StorageFolder => "storage folder",
            GroupKind::Collection => "collection",
            GroupKind::Lightbox => "lightbox",
        }
    }

    pub fn from_api_type(s: &str) -> Option<GroupKind> {
        match s {
            "StorageFolder" => Some(GroupKind::StorageFolder),
            "Collection" => Some(GroupKind::Collection),
            "Lightbox" => Some(GroupKind::Lightbox),
            _ => None,
        }
    }
}

/// A node of `/api/{storage_folders,collections,lightboxes}/tree`, also the head of the
/// group details responses.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GroupNode {
    #[serde(default)]
    pub id: NodeId,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub asset_group_id: Option<i64>,
    #[serde(default, rename = "type", deserialize_with = "de::opt_string")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub sub_type: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "de::string_list")]
    pub path_names: Vec<String>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub parent_id: Option<i64>,
    #[serde(default, deserialize_with = "de::id_list")]
    pub ancestor_ids: Vec<i64>,
    #[serde(default, deserialize_with = "de::bool_lenient")]
    pub has_children: bool,
    #[serde(default, deserialize_with = "de::bool_lenient")]
    pub organizer: bool,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub visible_assets_count: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub contribution_id: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub editable: Option<bool>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "de::opt_string")]
    pub sort_order: Option<String>,
}

impl GroupNode {
    pub fn group_kind(&self) -> Option<GroupKind> {
        self.kind.as_deref().and_then(GroupKind::from_api_type)
    }

    /// A lightbox bin: its children are listed with `sub_type=folder`.
    pub fn is_bin(&self) -> bool {
        self.sub_type.as_deref() == Some("folder")
    }

    pub fn display_name(&self) -> String {
        match self.name.as_deref() {
            Some(n) if !n.trim().is_empty() => n.to_string(),
            _ => format!("#{}", self.id),
        }
    }
}

/// Someone in a lightbox: the owner or a member with a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    /// `owner`, `editor`, `viewer`… as the server says.
    pub role: Option<String>,
}

/// A lightbox's owner and its other members.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LightboxPeople {
    pub owner: Option<Person>,
    pub members: Vec<Person>,
}
