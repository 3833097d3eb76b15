//! JSON payloads shaped like the recorded examples in openapi.json.
//!
//! `templates.json` holds one blanked copy of each example object (every key, nulls/defaults
//! as values), extracted from the spec; rendering starts from a template and fills in what
//! the demo knows, so every key of the real payload is present.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::model::*;
use super::renditions::{self, Size};
use super::timeutil::rfc3339;

static TEMPLATES: OnceLock<Value> = OnceLock::new();

fn templates() -> &'static Value {
    TEMPLATES.get_or_init(|| {
        serde_json::from_str(include_str!("templates.json")).expect("demo templates.json is valid")
    })
}

/// A copy of a template object.
pub fn template(name: &str) -> Map<String, Value> {
    templates()
        .get(name)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The detail template cut down to the keys a search view keeps.
fn search_template() -> &'static Map<String, Value> {
    static SEARCH: OnceLock<Map<String, Value>> = OnceLock::new();
    SEARCH.get_or_init(|| {
        let mut detail = template("asset_detail");
        let mut keep: Vec<&str> = search_keys().iter().filter_map(Value::as_str).collect();
        keep.extend(["renditions", "meta"]);
        keep.into_iter()
            .filter_map(|k| detail.remove(k).map(|v| (k.to_string(), v)))
            .collect()
    })
}

fn search_keys() -> &'static [Value] {
    templates()
        .get("asset_search_keys")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// What payload rendering needs besides the data: where renditions are served and the key.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub base_url: String,
    pub secret: u64,
}

fn opt_ts(v: Option<i64>) -> Value {
    v.map(|t| Value::String(rfc3339(t))).unwrap_or(Value::Null)
}

fn set(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    m.insert(k.to_string(), v.into());
}

pub fn user(db: &Db) -> Value {
    person(&db.user)
}

/// Anyone of the organisation, as the API shows a user.
pub fn person(u: &crate::model::UserInfo) -> Value {
    let initial = |s: &str| s.chars().next().unwrap_or('?');
    let mut m = template("user");
    set(&mut m, "id", u.id);
    set(&mut m, "user_id", u.id);
    set(&mut m, "first_name", u.first_name.clone());
    set(&mut m, "last_name", u.last_name.clone());
    set(&mut m, "name", u.name());
    set(
        &mut m,
        "initials",
        format!("{} {}", initial(&u.first_name), initial(&u.last_name)),
    );
    set(&mut m, "email", u.email.clone());
    set(&mut m, "default_username", u.username.clone());
    set(&mut m, "created_at", rfc3339(u.created_at));
    Value::Object(m)
}

pub fn small_user(db: &Db) -> Value {
    json!({"id": db.user.id, "email": db.user.email, "name": db.user.name(), "avatar_url": null})
}

pub fn organization(db: &Db) -> Value {
    let o = &db.org;
    let mut m = template("organization");
    set(&mut m, "id", o.id);
    set(&mut m, "title", o.title.clone());
    set(&mut m, "slug", o.slug.clone());
    set(&mut m, "created_at", rfc3339(o.created_at));
    set(&mut m, "updated_at", rfc3339(o.created_at + 1000));
    set(&mut m, "company_name", o.title.clone());
    set(&mut m, "default_sort_order", "created_at-desc");
    set(&mut m, "role_level", "admin");
    set(&mut m, "role_level_name", "Admin");
    set(&mut m, "current_role_level_name", "Admin");
    set(&mut m, "has_custom_meta_fields", true);
    set(&mut m, "enable_ai", true);
    set(&mut m, "stripe_status", "active");
    set(&mut m, "trial_ends_at", Value::Null);
    set(&mut m, "user", user(db));
    Value::Object(m)
}

pub fn whoami(db: &Db) -> Value {
    let u = &db.user;
    let mut m = template("whoami");
    if let Value::Object(base) = user(db) {
        for (k, v) in base {
            if m.contains_key(&k) {
                m.insert(k, v);
            }
        }
    }
    set(&mut m, "confirmed_at", rfc3339(u.created_at));
    set(&mut m, "can_create_orgs", true);
    set(&mut m, "timezone", "UTC");
    set(&mut m, "lang", "en");
    set(
        &mut m,
        "membership",
        json!({
            "id": u.membership_id,
            "user_id": u.id,
            "organization_id": db.org.id,
            "role_level": "admin",
            "role_level_name": "Admin",
            "created_at": rfc3339(u.created_at),
        }),
    );
    set(&mut m, "organization", organization(db));
    Value::Object(m)
}

/// Count of listed (processed, not trashed) assets directly in a group.
fn count_in(db: &Db, g: &Group) -> usize {
    db.assets
        .iter()
        .filter(|a| a.listed())
        .filter(|a| match g.kind {
            Kind::StorageFolder => a.storage_folder_id == g.id,
            _ => a.groups.contains(&g.asset_group_id),
        })
        .count()
}

/// A tree node (`/tree` item).
pub fn group_node(db: &Db, g: &Group) -> Value {
    let ancestors = db.ancestors(g);
    let mut path_names: Vec<Value> = ancestors.iter().map(|a| json!(a.name)).collect();
    path_names.push(json!(g.name));
    let ancestor_ids: Vec<i64> = ancestors.iter().map(|a| a.id).collect();
    let created = rfc3339(g.created_at);
    let has_children = db.has_children(g);
    let m = match g.kind {
        Kind::StorageFolder => {
            let mut m = template("storage_folder_node");
            let mut slugs: Vec<Value> = ancestors.iter().map(|a| json!(a.slug)).collect();
            slugs.push(json!(g.slug));
            set(&mut m, "path_slugs", slugs);
            set(
                &mut m,
                "contribution_id",
                if g.organizer {
                    Value::Null
                } else {
                    json!(40_000 + g.id)
                },
            );
            set(&mut m, "enable_contribution", !g.organizer);
            m
        }
        Kind::Collection => {
            let mut m = template("collection_node");
            let mut slugs: Vec<Value> = ancestors.iter().map(|a| json!(a.slug)).collect();
            slugs.push(json!(g.slug));
            set(&mut m, "path_slugs", slugs);
            set(&mut m, "visible_assets_count", count_in(db, g));
            set(&mut m, "position", g.position);
            set(&mut m, "organization_id", db.org.id);
            set(&mut m, "organization_slug", db.org.slug.clone());
            m
        }
        Kind::Lightbox => {
            let mut m = template("lightbox_node");
            let mut slugs: Vec<Value> = ancestors
                .iter()
                .map(|a| json!(format!("{}-{}", a.id, super::seed::slug(&a.name))))
                .collect();
            slugs.push(json!(format!("{}-{}", g.id, super::seed::slug(&g.name))));
            set(&mut m, "path_slugs", slugs);
            set(&mut m, "sub_type", g.sub_type.clone());
            set(&mut m, "commentable", !g.organizer);
            set(&mut m, "commentable_id", g.asset_group_id);
            set(&mut m, "sortable", !g.organizer);
            let root = ancestors
                .first()
                .map(|a| a.asset_group_id)
                .unwrap_or(g.asset_group_id);
            set(&mut m, "folder_root_id", root);
            set(&mut m, "organization_id", db.org.id);
            if g.organizer {
                m.remove("contribution_id");
            } else {
                set(&mut m, "contribution_id", false);
            }
            m
        }
    };
    let mut m = m;
    set(&mut m, "id", g.id);
    set(&mut m, "asset_group_id", g.asset_group_id);
    set(&mut m, "name", g.name.clone());
    set(&mut m, "description", g.description.clone());
    set(&mut m, "slug", g.slug.clone());
    set(&mut m, "organizer", g.organizer);
    set(&mut m, "has_children", has_children);
    set(&mut m, "path_names", path_names);
    set(&mut m, "parent_id", g.parent_id);
    set(&mut m, "ancestor_ids", ancestor_ids);
    set(&mut m, "created_at", created);
    set(&mut m, "user", user(db));
    Value::Object(m)
}

/// A details payload (`/storage_folders/{id}` etc.).
pub fn group_detail(db: &Db, g: &Group) -> Value {
    let mut v = group_node(db, g);
    let extra = match g.kind {
        Kind::StorageFolder => "storage_folder_detail_extra",
        Kind::Collection => "collection_detail_extra",
        Kind::Lightbox => "lightbox_detail_extra",
    };
    if let Value::Object(m) = &mut v {
        for (k, val) in template(extra) {
            m.insert(k, val);
        }
        match g.kind {
            Kind::StorageFolder => {
                let size: i64 = db
                    .assets
                    .iter()
                    .filter(|a| a.storage_folder_id == g.id && a.listed())
                    .map(|a| a.file_size)
                    .sum();
                set(m, "total_file_size", size);
            }
            Kind::Lightbox => {
                let slugs = m.get("path_slugs").cloned().unwrap_or(json!([]));
                set(m, "lightbox_path_slugs", slugs);
                let mut u = user(db);
                if let Value::Object(um) = &mut u {
                    um.insert("role".into(), json!("owner"));
                }
                set(m, "users", vec![u]);
            }
            Kind::Collection => {}
        }
    }
    v
}

fn rights_package_obj(db: &Db, rp: &RightsPackage) -> Map<String, Value> {
    let (class_name, class_desc) = rights_class_info(rp.rights_class);
    let mut m = template("rights_package");
    set(&mut m, "id", rp.id);
    set(&mut m, "name", rp.name.clone());
    set(&mut m, "rights_class", rp.rights_class);
    set(&mut m, "rights_class_name", class_name);
    set(&mut m, "rights_class_description", class_desc);
    set(&mut m, "description", rp.description.clone());
    set(&mut m, "expires", rp.expires_at.is_some());
    set(&mut m, "expires_at", opt_ts(rp.expires_at));
    set(&mut m, "created_at", rfc3339(rp.created_at));
    set(&mut m, "user", small_user(db));
    m
}

/// Rights package as listed by `/api/rights_packages`.
pub fn rights_package(db: &Db, rp: &RightsPackage) -> Value {
    let mut m = rights_package_obj(db, rp);
    let count = db
        .assets
        .iter()
        .filter(|a| a.rights_package_id == Some(rp.id) && a.listed())
        .count();
    set(&mut m, "assets_count", count);
    Value::Object(m)
}

pub fn custom_meta_field(db: &Db, f: &CustomMetaField) -> Value {
    let mut m = template("custom_meta_field");
    set(&mut m, "id", f.id);
    set(&mut m, "name", f.name.clone());
    set(&mut m, "description", f.description.clone());
    set(&mut m, "free", f.free);
    set(&mut m, "multi", f.multi);
    set(&mut m, "value_type", f.value_type);
    set(&mut m, "enable_ai", f.enable_ai);
    set(&mut m, "prompt", f.prompt.clone());
    set(
        &mut m,
        "model",
        if f.enable_ai {
            json!("demo-vision-1")
        } else {
            Value::Null
        },
    );
    set(&mut m, "number", f.position);
    set(&mut m, "position", f.position);
    set(&mut m, "enabled", true);
    set(&mut m, "created_at", rfc3339(f.created_at));
    set(&mut m, "updated_at", rfc3339(f.created_at));
    set(&mut m, "user", user(db));
    let vocab: Vec<Value> = f
        .vocabulary
        .iter()
        .map(|(id, text)| {
            let colour = f.colour_labels.get(text);
            json!({"id": id, "text": text, "date": null, "color_label": colour})
        })
        .collect();
    set(&mut m, "custom_meta_values_attributes", vocab);
    Value::Object(m)
}

pub fn creator_tag(db: &Db, c: &CreatorTag) -> Value {
    let mut m = template("creator_tag");
    set(&mut m, "id", c.id);
    set(&mut m, "name", c.name.clone());
    set(&mut m, "city", c.city.clone());
    set(&mut m, "country", c.country.clone());
    set(&mut m, "created_at", rfc3339(c.created_at));
    set(&mut m, "updated_at", rfc3339(c.created_at));
    let count = db
        .assets
        .iter()
        .filter(|a| a.creator_tag_id == Some(c.id) && a.listed())
        .count();
    set(&mut m, "assets_count", count);
    Value::Object(m)
}

/// Tag as listed by `/api/tags`; `count` = taggings on visible assets.
pub fn tag(db: &Db, t: &Tag, count: usize) -> Value {
    let mut m = template("tag");
    set(&mut m, "id", t.id);
    set(&mut m, "tag_id", t.id);
    set(&mut m, "name", t.name.clone());
    set(&mut m, "user_id", db.user.id);
    set(&mut m, "created_at", rfc3339(t.created_at));
    set(&mut m, "updated_at", rfc3339(t.updated_at));
    set(&mut m, "taggings_count", count);
    set(&mut m, "visible_assets_count", count);
    Value::Object(m)
}

fn tagging(db: &Db, tg: &Tagging) -> Value {
    let mut m = template("tagging");
    let t = db.tag(tg.tag_id);
    set(&mut m, "id", tg.id);
    set(&mut m, "tag_id", tg.tag_id);
    set(&mut m, "name", db.tag_name(tg.tag_id));
    set(&mut m, "tagged_at", rfc3339(tg.tagged_at));
    set(&mut m, "tag_updated_at", opt_ts(t.map(|t| t.updated_at)));
    Value::Object(m)
}

fn cm_value(v: &CmValue) -> Value {
    json!({"id": v.id, "text": v.text, "color_label": null, "date": v.date, "custom_meta_field_id": v.field_id})
}

/// How to render an asset.
#[derive(Clone, Copy, Debug, Default)]
pub struct AssetView {
    /// Full details (`GET /assets/{id}`) rather than a search item.
    pub detail: bool,
    pub renditions: bool,
    pub meta: bool,
}

pub fn asset(ctx: &Ctx, db: &Db, a: &Asset, view: AssetView) -> Value {
    // Search views keep only some keys: starting from those (not the whole detail
    // template, with its nested rights packages and folders) makes pages much cheaper.
    let mut m = if view.detail {
        template("asset_detail")
    } else {
        search_template().clone()
    };
    set(&mut m, "id", a.id);
    set(&mut m, "guid", a.guid.clone());
    set(&mut m, "short_guid", a.short_guid());
    set(&mut m, "filename", a.filename.clone());
    set(&mut m, "file_size", a.file_size);
    set(&mut m, "type", a.kind);
    set(&mut m, "ext", a.ext.clone());
    set(&mut m, "mime_type", a.mime.clone());
    set(&mut m, "duration", a.duration);
    set(
        &mut m,
        "md5",
        format!(
            "{:032x}",
            (a.id as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)
        ),
    );
    set(&mut m, "width", a.width);
    set(&mut m, "height", a.height);
    set(&mut m, "ppi", 72);
    set(&mut m, "preview_type", "Image");
    set(&mut m, "has_pdf_url", a.kind == "Document");
    set(&mut m, "has_document_url", a.kind == "Document");
    set(&mut m, "data_version_number", a.data_version);
    set(&mut m, "data_versions_count", a.data_version);
    set(&mut m, "organization_id", db.org.id);
    set(&mut m, "user_id", db.user.id);
    let (upload_id, upload_guid) = a.upload_ref();
    set(&mut m, "upload_id", upload_id);
    set(&mut m, "aasm_state", a.state.name());
    set(&mut m, "created_at", rfc3339(a.created_at));
    set(&mut m, "updated_at", rfc3339(a.updated_at));
    set(&mut m, "submitted_at", rfc3339(a.created_at));
    set(&mut m, "upload_finished_at", rfc3339(a.created_at));
    set(
        &mut m,
        "processing_finished_at",
        rfc3339(a.created_at + 5000),
    );
    set(&mut m, "captured_at", opt_ts(a.captured_at));
    set(
        &mut m,
        "s3_upload_key",
        format!("{}/{}-{}", db.org.id, a.guid, a.filename),
    );
    set(&mut m, "rating", a.rating);
    set(&mut m, "has_people", a.has_people);
    set(&mut m, "latitude", a.latitude);
    set(&mut m, "longitude", a.longitude);
    set(&mut m, "rights_package_id", a.rights_package_id);
    set(&mut m, "rights_status", a.rights_status.clone());
    match a.rights_status.as_deref() {
        Some(code) => {
            let (name, desc) = rights_class_info(code);
            set(&mut m, "rights_status_name", name);
            set(&mut m, "rights_status_description", desc);
        }
        None => {
            set(&mut m, "rights_status_name", Value::Null);
            set(&mut m, "rights_status_description", Value::Null);
        }
    }
    set(&mut m, "trashed_at", opt_ts(a.trashed_at));
    // The demo has one user, so whoever trashed an asset was that user.
    let by = match a.trashed_at {
        Some(_) => small_user(db),
        None => Value::Null,
    };
    set(&mut m, "trashed_by", by);
    set(
        &mut m,
        "aspect",
        (a.aspect_ratio() * 1000.0).round() / 1000.0,
    );
    set(&mut m, "views_count", a.id % 40);
    for (k, v) in &a.fields {
        m.insert(k.clone(), v.clone());
    }
    set(&mut m, "user", user(db));
    set(
        &mut m,
        "creator_tag",
        a.creator_tag_id
            .and_then(|id| db.creator_tags.iter().find(|c| c.id == id))
            .map(|c| creator_tag(db, c))
            .unwrap_or(Value::Null),
    );
    let folder = db.group(Kind::StorageFolder, a.storage_folder_id);
    let folder_path = folder
        .map(|f| {
            let mut p: Vec<String> = db.ancestors(f).iter().map(|x| x.slug.clone()).collect();
            p.push(f.slug.clone());
            p.join("/")
        })
        .unwrap_or_default();
    set(&mut m, "storage_folder_path", folder_path);
    set(
        &mut m,
        "tags",
        a.tags.iter().map(|t| tagging(db, t)).collect::<Vec<_>>(),
    );
    set(
        &mut m,
        "custom_meta_values",
        a.custom_meta.iter().map(cm_value).collect::<Vec<_>>(),
    );
    let processed = a.state == AssetState::Processed;
    for size in [
        Size::Thumb,
        Size::Grid,
        Size::Small,
        Size::Permalink,
        Size::Full,
    ] {
        let url = processed.then(|| renditions::signed_url(ctx, a, size));
        set(&mut m, size.url_field(), url);
    }
    if a.kind == "Video" && processed {
        set(
            &mut m,
            "preview_image_url",
            renditions::signed_url(ctx, a, Size::Small),
        );
    }
    if let Some(u) = &a.upload {
        upload_fields(&mut m, a, u);
    }
    if view.meta {
        set(&mut m, "meta", meta(db, a));
    }
    if !view.detail {
        let mut out = Map::new();
        for k in search_keys().iter().filter_map(Value::as_str) {
            out.insert(k.to_string(), m.remove(k).unwrap_or(Value::Null));
        }
        if view.renditions {
            out.insert(
                "renditions".into(),
                m.remove("renditions").unwrap_or(json!([])),
            );
        }
        if view.meta {
            out.insert("meta".into(), m.remove("meta").unwrap_or(Value::Null));
        }
        return Value::Object(out);
    }
    // details only
    if let Some(f) = folder {
        let mut node = group_node(db, f);
        if let Value::Object(n) = &mut node {
            n.insert("workflow_steps".into(), json!([]));
        }
        set(&mut m, "storage_folder", node);
    }
    let mut collections = Vec::new();
    let mut lightboxes = Vec::new();
    for agid in &a.groups {
        if let Some(g) = db.group_by_agid(*agid) {
            match g.kind {
                Kind::Collection => collections.push(group_node(db, g)),
                Kind::Lightbox => lightboxes.push(group_node(db, g)),
                Kind::StorageFolder => {}
            }
        }
    }
    set(&mut m, "collections", collections);
    set(&mut m, "lightboxes", lightboxes);
    let available: Vec<Value> = db
        .rights_packages
        .iter()
        .map(|rp| Value::Object(rights_package_obj(db, rp)))
        .collect();
    set(&mut m, "available_rights_packages", available);
    let rp = a
        .rights_package_id
        .and_then(|id| db.rights_package(id))
        .map(|rp| {
            let mut o = rights_package_obj(db, rp);
            o.insert("contracts".into(), json!([]));
            Value::Object(o)
        })
        .unwrap_or(Value::Null);
    set(&mut m, "rights_package", rp);
    let mut up = template("upload");
    set(&mut up, "id", upload_id);
    set(&mut up, "guid", upload_guid);
    set(&mut up, "user_id", db.user.id);
    set(&mut up, "created_at", rfc3339(a.created_at));
    set(&mut up, "updated_at", rfc3339(a.created_at));
    set(&mut up, "assets_count", 1);
    set(&mut up, "current_assets_count", 1);
    set(&mut up, "user", user(db));
    set(&mut m, "upload", up);
    Value::Object(m)
}

/// The upload bookkeeping of an asset made through an upload session; an asset that is
/// not processed yet has no previews, checksum or dimensions.
fn upload_fields(m: &mut Map<String, Value>, a: &Asset, u: &UploadInfo) {
    set(m, "path", u.path.clone());
    set(m, "created_via", u.created_via.clone());
    set(m, "created_via_id", u.created_via_id.clone());
    set(m, "upload_finished_at", opt_ts(u.uploaded_at));
    set(m, "processing_started_at", opt_ts(u.processing_started_at));
    set(m, "processing_finished_at", opt_ts(u.processed_at));
    set(m, "submitted_at", opt_ts(u.processed_at));
    set(m, "submitted", u.processed_at.is_some());
    set(m, "processing_error", u.processing_error.clone());
    if a.state != AssetState::Processed {
        for k in ["md5", "width", "height", "ppi", "aspect"] {
            set(m, k, Value::Null);
        }
    }
}

fn meta(db: &Db, a: &Asset) -> Value {
    let mut custom = Map::new();
    for v in &a.custom_meta {
        if let Some(f) = db.custom_meta_field(v.field_id) {
            let entry = custom.entry(f.name.clone()).or_insert_with(|| json!([]));
            if let Value::Array(arr) = entry {
                arr.push(json!(v.text.clone().or(v.date.clone())));
            }
        }
    }
    json!({
        "xmp": {"documentId": a.guid, "originalDocumentId": null, "iccProfileDescription": "sRGB IEC61966-2.1",
                "instanceId": a.id, "headline": a.fields.get("headline"), "credit": a.fields.get("credit_line"),
                "city": a.fields.get("city"), "countryName": a.fields.get("country"), "provinceState": a.fields.get("state")},
        "exif": {"width": a.width, "height": a.height, "dateTimeOriginal": opt_ts(a.captured_at),
                 "cameraModel": "Demo Camera X100", "lensModel": "Demo 23mm f/2", "orientation": 1, "exposureTime": "1/250",
                 "apertureValue": 5.6, "isoSpeedRatings": 200, "colorSpace": "sRGB", "resolution": 72},
        "iptc": {"copyrightNotice": a.fields.get("iptc_rights"), "caption": a.fields.get("description"),
                 "instructions": a.fields.get("instructions"), "captionWriter": null,
                 "headline": a.fields.get("headline"), "credit": a.fields.get("credit_line"),
                 "city": a.fields.get("city"), "countryName": a.fields.get("country"), "provinceState": a.fields.get("state")},
        "custom": custom,
        "others": {},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A search item is the detail payload cut down to the search keys, whichever
    /// template it starts from.
    #[test]
    fn search_items_are_the_detail_payload_cut_to_the_search_keys() {
        let db = crate::seed::test_db(true);
        let ctx = Ctx {
            base_url: "http://127.0.0.1:1".into(),
            secret: 7,
        };
        for a in db.assets.iter().take(40) {
            for (renditions, meta) in [(false, false), (true, false), (false, true), (true, true)] {
                let view = |detail| AssetView {
                    detail,
                    renditions,
                    meta,
                };
                let Value::Object(mut full) = asset(&ctx, &db, a, view(true)) else {
                    panic!("an object");
                };
                let mut want = Map::new();
                for k in search_keys().iter().filter_map(Value::as_str) {
                    want.insert(k.to_string(), full.remove(k).unwrap_or(Value::Null));
                }
                if renditions {
                    let r = full.remove("renditions").unwrap_or(json!([]));
                    want.insert("renditions".into(), r);
                }
                if meta {
                    want.insert("meta".into(), full.remove("meta").unwrap_or(Value::Null));
                }
                assert_eq!(
                    asset(&ctx, &db, a, view(false)),
                    Value::Object(want),
                    "{}",
                    a.id
                );
            }
        }
    }
}
