//! Upload sessions and the files announced to them: sessions, the sub-folders a
//! multi-directory upload creates, pending assets, and which bytes arrived for them.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::edit::{FieldErrors, add_error};
use super::model::{Asset, AssetState, Db, Group, Kind, UploadInfo};
use super::payload::{group_node, template, user};
use super::seed::{self, ids};
use super::timeutil::rfc3339;

/// A storage folder's contribution id is this plus the folder id (see `payload::group_node`).
pub const CONTRIBUTION_OFFSET: i64 = 40_000;
/// The organisation's default upload folder ("Staff uploads").
pub const DEFAULT_FOLDER: i64 = ids::FOLDER_STAFF_UPLOADS;
const FIRST_SESSION_ID: i64 = 1500;
/// Deepest `path` accepted for a multi-directory upload.
const MAX_PATH_DEPTH: usize = 32;
const MAX_NAME_CHARS: usize = 255;

/// Extensions the server refuses to store.
const BLOCKED_EXTS: &[&str] = &["exe", "dll", "bat", "cmd", "msi", "scr", "com", "ps1"];

/// One upload session (`POST /api/uploads`, `POST /api/contributions/{id}/uploads`).
#[derive(Clone, Debug)]
pub struct Session {
    pub id: i64,
    /// 8 lower-case hex characters.
    pub guid: String,
    pub name: Option<String>,
    pub note: Option<String>,
    pub default_rights_package_id: Option<i64>,
    /// The storage folder the files land in (sub-folders by `path` below it).
    pub folder_id: i64,
    /// Opened through a contribution rather than the default folder.
    pub via_contribution: bool,
    pub assets_count: i64,
    pub done_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A complete PUT of an asset's bytes.
#[derive(Clone, Debug)]
pub struct Received {
    /// The stored copy; `None` for files too large to keep (only counted).
    pub path: Option<PathBuf>,
}

/// What the server expects and has for one asset's bytes.
#[derive(Clone, Debug)]
pub struct FileRecord {
    /// Announced with the version still to come (create or add_version).
    pub filename: String,
    /// The length the next PUT must have.
    pub file_size: u64,
    /// A complete PUT that `set_uploaded` has not taken yet.
    pub received: Option<Received>,
    /// The bytes the asset's present version was made from.
    pub current: Option<Received>,
    /// Bumped whenever `set_uploaded` takes new bytes, so that only the newest
    /// processing run changes the asset.
    pub generation: u64,
}

#[derive(Debug, Default)]
pub struct Uploads {
    pub sessions: Vec<Session>,
    /// By asset id.
    pub files: HashMap<i64, FileRecord>,
    next_asset_id: i64,
}

/// Body fields of a new session.
#[derive(Debug, Default)]
pub struct NewSession {
    pub name: Option<String>,
    pub note: Option<String>,
    pub default_rights_package_id: Option<i64>,
}

/// `{"asset": {filename, file_size, path?, created_via?, created_via_id?}}`, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Announced {
    pub filename: String,
    pub file_size: u64,
    /// Sub-folder names below the session's folder.
    pub path: Vec<String>,
    pub created_via: Option<String>,
    pub created_via_id: Option<String>,
}

impl Uploads {
    pub fn session_by_guid(&self, guid: &str) -> Option<usize> {
        self.sessions.iter().position(|s| s.guid == guid)
    }

    pub fn session_by_id(&self, id: i64) -> Option<usize> {
        self.sessions.iter().position(|s| s.id == id)
    }

    pub fn create_session(
        &mut self,
        folder_id: i64,
        via_contribution: bool,
        new: NewSession,
        now: i64,
    ) -> usize {
        let guid = loop {
            let g = format!("{:08x}", fastrand::u32(..));
            if self.session_by_guid(&g).is_none() {
                break g;
            }
        };
        self.sessions.push(Session {
            id: FIRST_SESSION_ID + self.sessions.len() as i64,
            guid,
            name: new.name,
            note: new.note,
            default_rights_package_id: new.default_rights_package_id,
            folder_id,
            via_contribution,
            assets_count: 0,
            done_at: None,
            created_at: now,
            updated_at: now,
        });
        self.sessions.len() - 1
    }

    fn fresh_asset_id(&mut self, db: &Db) -> i64 {
        if self.next_asset_id == 0 {
            self.next_asset_id = db.assets.iter().map(|a| a.id).max().unwrap_or(0) + 1;
        }
        while db.asset_idx(self.next_asset_id).is_some() {
            self.next_asset_id += 1;
        }
        self.next_asset_id += 1;
        self.next_asset_id - 1
    }

    /// Creates the pending asset of an announced file in session `si` (and the
    /// sub-folders of its path); returns its index in `db.assets`.
    pub fn add_asset(&mut self, db: &mut Db, si: usize, ann: &Announced, now: i64) -> usize {
        let session = self.sessions[si].clone();
        let folder = folder_for_path(db, session.folder_id, &ann.path, now);
        let id = self.fresh_asset_id(db);
        let mut rng = fastrand::Rng::new();
        let guid = loop {
            let g = seed::uuid(&mut rng);
            if db.find_asset(&g).is_none() {
                break g;
            }
        };
        let ext = ext_of(&ann.filename);
        let (kind, mime) = file_type(&ext);
        let rights = session
            .default_rights_package_id
            .and_then(|id| db.rights_package(id))
            .map(|rp| (rp.id, rp.rights_class.to_string()));
        let asset = Asset {
            id,
            guid,
            filename: ann.filename.clone(),
            ext,
            mime: mime.to_string(),
            kind,
            file_size: ann.file_size.min(i64::MAX as u64) as i64,
            width: 0,
            height: 0,
            duration: None,
            photo: 0,
            variant: 0,
            data_version: 1,
            fields: Map::new(),
            captured_at: None,
            created_at: now,
            updated_at: now,
            rating: None,
            has_people: None,
            latitude: None,
            longitude: None,
            rights_package_id: rights.as_ref().map(|r| r.0),
            rights_status: rights.map(|r| r.1),
            creator_tag_id: None,
            tags: Vec::new(),
            custom_meta: Vec::new(),
            storage_folder_id: folder,
            groups: BTreeSet::new(),
            trashed_at: None,
            state: AssetState::Pending,
            upload: Some(Box::new(UploadInfo {
                id: session.id,
                guid: session.guid.clone(),
                path: ann.path.join("/"),
                created_via: ann.created_via.clone(),
                created_via_id: ann.created_via_id.clone(),
                ..UploadInfo::default()
            })),
        };
        self.files.insert(
            id,
            FileRecord {
                filename: ann.filename.clone(),
                file_size: ann.file_size,
                received: None,
                current: None,
                generation: 0,
            },
        );
        let s = &mut self.sessions[si];
        s.assets_count += 1;
        s.updated_at = now;
        db.push_asset(asset)
    }

    /// Announces a new version of asset `ai` (or, while it is pending, renews its
    /// announcement): the next PUT must bring `ann.file_size` bytes.
    pub fn announce_version(&mut self, db: &mut Db, ai: usize, ann: &Announced, now: i64) {
        let a = &mut db.assets[ai];
        let rec = self.files.entry(a.id).or_insert_with(|| FileRecord {
            filename: a.filename.clone(),
            file_size: 0,
            received: None,
            current: None,
            generation: 0,
        });
        rec.filename = ann.filename.clone();
        rec.file_size = ann.file_size;
        if a.state == AssetState::Pending {
            describe_file(a, &ann.filename, ann.file_size);
            a.updated_at = now;
        }
        if let Some(u) = a.upload.as_deref_mut() {
            if ann.created_via.is_some() {
                u.created_via = ann.created_via.clone();
            }
            if ann.created_via_id.is_some() {
                u.created_via_id = ann.created_via_id.clone();
            }
        }
    }

    /// Current assets (not trashed) of a session.
    pub fn current_assets(db: &Db, s: &Session) -> usize {
        db.assets
            .iter()
            .filter(|a| a.trashed_at.is_none())
            .filter(|a| a.upload.as_ref().is_some_and(|u| u.id == s.id))
            .count()
    }
}

/// Sets name, extension, type and size of an asset from a file name.
pub fn describe_file(a: &mut Asset, filename: &str, file_size: u64) {
    let ext = ext_of(filename);
    let (kind, mime) = file_type(&ext);
    a.filename = filename.to_string();
    a.kind = kind;
    a.mime = mime.to_string();
    a.ext = ext;
    a.file_size = file_size.min(i64::MAX as u64) as i64;
}

/// Lower-case extension (`""` when the name has none).
pub fn ext_of(filename: &str) -> String {
    match filename.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains(['/', '\\']) => {
            ext.trim().to_lowercase()
        }
        _ => String::new(),
    }
}

/// (asset type, MIME type) by extension.
pub fn file_type(ext: &str) -> (&'static str, &'static str) {
    match ext {
        "jpg" | "jpeg" => ("Image", "image/jpeg"),
        "png" => ("Image", "image/png"),
        "webp" => ("Image", "image/webp"),
        "gif" => ("Image", "image/gif"),
        "tif" | "tiff" => ("Image", "image/tiff"),
        "heic" => ("Image", "image/heic"),
        "bmp" => ("Image", "image/bmp"),
        "svg" => ("Image", "image/svg+xml"),
        "psd" => ("Image", "image/vnd.adobe.photoshop"),
        "cr2" | "cr3" | "nef" | "arw" | "dng" | "raf" | "orf" | "raw" => ("Image", "image/x-raw"),
        "mp4" => ("Video", "video/mp4"),
        "mov" => ("Video", "video/quicktime"),
        "m4v" => ("Video", "video/x-m4v"),
        "avi" => ("Video", "video/x-msvideo"),
        "mkv" => ("Video", "video/x-matroska"),
        "webm" => ("Video", "video/webm"),
        "pdf" => ("Document", "application/pdf"),
        "txt" => ("Document", "text/plain"),
        "csv" => ("Document", "text/csv"),
        "doc" => ("Document", "application/msword"),
        "docx" => (
            "Document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "xlsx" => (
            "Document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "pptx" => (
            "Document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        "zip" => ("Document", "application/zip"),
        "mp3" => ("Document", "audio/mpeg"),
        "wav" => ("Document", "audio/wav"),
        _ => ("Document", "application/octet-stream"),
    }
}

/// Extensions decoded when processing (what the `image` build supports).
pub fn decodable(ext: &str) -> bool {
    matches!(ext, "jpg" | "jpeg" | "png" | "webp")
}

fn text_field(fields: &Map<String, Value>, key: &str, e: &mut FieldErrors) -> Option<String> {
    match fields.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            add_error(e, key, "must be a string");
            None
        }
    }
}

/// Checks an announcement (`path` is read only when `with_path`).
pub fn parse_announcement(
    fields: &Map<String, Value>,
    with_path: bool,
) -> Result<Announced, FieldErrors> {
    let mut e = FieldErrors::new();
    let filename = text_field(fields, "filename", &mut e).unwrap_or_default();
    let filename = filename.trim().to_string();
    if filename.is_empty() {
        add_error(&mut e, "filename", "can't be blank");
    } else if filename.chars().any(char::is_control) {
        add_error(&mut e, "filename", "must not contain control characters");
    } else if filename.chars().count() > MAX_NAME_CHARS {
        add_error(
            &mut e,
            "filename",
            "is too long (maximum is 255 characters)",
        );
    } else if BLOCKED_EXTS.contains(&ext_of(&filename).as_str()) {
        add_error(&mut e, "filename", "file type is not allowed");
    }
    let file_size = match fields.get("file_size") {
        None | Some(Value::Null) => {
            add_error(&mut e, "file_size", "can't be blank");
            0
        }
        Some(v) => {
            let n = v
                .as_i64()
                .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
            match n {
                Some(n) if n >= 0 => n as u64,
                Some(_) => {
                    add_error(&mut e, "file_size", "must be greater than or equal to 0");
                    0
                }
                None => {
                    add_error(&mut e, "file_size", "is not a number");
                    0
                }
            }
        }
    };
    let path = if with_path {
        let raw = text_field(fields, "path", &mut e).unwrap_or_default();
        match split_path(&raw) {
            Ok(p) => p,
            Err(msg) => {
                add_error(&mut e, "path", msg);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    let created_via = text_field(fields, "created_via", &mut e).filter(|s| !s.is_empty());
    let created_via_id = text_field(fields, "created_via_id", &mut e).filter(|s| !s.is_empty());
    if !e.is_empty() {
        return Err(e);
    }
    Ok(Announced {
        filename,
        file_size,
        path,
        created_via,
        created_via_id,
    })
}

/// `"/shoot//day1/"` → `["shoot", "day1"]`; `.` and empty parts are skipped, `..` refused.
fn split_path(raw: &str) -> Result<Vec<String>, &'static str> {
    let mut out = Vec::new();
    for part in raw.split('/') {
        let part = part.trim();
        match part {
            "" | "." => {}
            ".." => return Err("must not contain '..'"),
            p if p.chars().any(char::is_control) => {
                return Err("must not contain control characters");
            }
            p if p.chars().count() > MAX_NAME_CHARS => return Err("has a folder name too long"),
            p => out.push(p.to_string()),
        }
    }
    if out.len() > MAX_PATH_DEPTH {
        return Err("is too deep");
    }
    Ok(out)
}

/// The folder at `path` below `root`, creating the missing ones (found by exact name).
pub fn folder_for_path(db: &mut Db, root: i64, path: &[String], now: i64) -> i64 {
    let mut parent = root;
    for name in path {
        let existing = db
            .children(Kind::StorageFolder, Some(parent))
            .filter(|g| g.name == *name)
            .map(|g| g.id)
            .min();
        parent = match existing {
            Some(id) => id,
            None => {
                let id = db.fresh_id();
                let position = db.children(Kind::StorageFolder, Some(parent)).count() as i64;
                let slug = seed::slug(name);
                db.groups.push(Group {
                    kind: Kind::StorageFolder,
                    id,
                    asset_group_id: id,
                    name: name.clone(),
                    description: None,
                    slug: if slug.is_empty() {
                        id.to_string()
                    } else {
                        slug
                    },
                    parent_id: Some(parent),
                    sub_type: None,
                    organizer: false,
                    created_at: now,
                    position,
                });
                id
            }
        };
    }
    parent
}

/// `Staff uploads/shoot/day1`
pub fn folder_path_names(db: &Db, folder_id: i64) -> String {
    let Some(g) = db.group(Kind::StorageFolder, folder_id) else {
        return String::new();
    };
    let mut names: Vec<&str> = db.ancestors(g).iter().map(|a| a.name.as_str()).collect();
    names.push(&g.name);
    names.join("/")
}

/// The storage folder a contribution id stands for, if it takes uploads.
pub fn contribution_folder(db: &Db, contribution_id: i64) -> Option<i64> {
    let folder = contribution_id.checked_sub(CONTRIBUTION_OFFSET)?;
    db.group(Kind::StorageFolder, folder)
        .filter(|g| !g.organizer)
        .map(|g| g.id)
}

fn contribution(db: &Db, uploads: &Uploads, s: &Session) -> Value {
    let Some(folder) = db.group(Kind::StorageFolder, s.folder_id) else {
        return Value::Null;
    };
    let id = CONTRIBUTION_OFFSET + folder.id;
    let sessions: Vec<&Session> = uploads
        .sessions
        .iter()
        .filter(|x| x.folder_id == s.folder_id)
        .collect();
    let assets: i64 = sessions.iter().map(|x| x.assets_count).sum();
    let pending = sessions.iter().filter(|x| x.done_at.is_none()).count();
    let mut node = group_node(db, folder);
    if let Value::Object(n) = &mut node {
        n.insert("editable".into(), json!(true));
    }
    json!({
        "enabled": true, "id": id, "name": folder.name, "text": folder.description,
        "featured": true, "slug": folder.slug, "storage_folder_id": folder.id,
        "auto_approve": false, "auto_add": false, "asset_group_id": folder.asset_group_id,
        "enable_comprehensive_tagging": false, "request_people_tags": false,
        "enable_tag_suggester": false, "enable_quick_upload": false,
        "create_place_name_tags": false,
        "created_at": rfc3339(folder.created_at), "updated_at": rfc3339(folder.created_at),
        "rights_package_ids": [], "require_rights_package": false, "require_creator_tag": false,
        "uploads_count": sessions.len(), "assets_count": assets, "user_assets_count": assets,
        "type": "storage_folder", "is_public": false, "notify_emails": [], "notify_copy": null,
        "membership_ids": [], "contribution_memberships_count": 0, "enable_public": false,
        "to_param": format!("{id}-{}", folder.slug), "tag_names": [],
        "contribution_tag_suggesters_attributes": [], "rights_packages": [],
        "storage_folder": node, "editable": true, "pending_uploads_count": pending,
    })
}

/// The session as `POST /api/uploads` answers it, storage credentials included (fake
/// ones, marked SECRET so a client that shows or logs them is easy to catch).
pub fn session_json(db: &Db, uploads: &Uploads, s: &Session) -> Value {
    let mut m = template("upload");
    let set = |m: &mut Map<String, Value>, k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    set(&mut m, "id", json!(s.id));
    set(&mut m, "user_id", json!(db.user.id));
    set(&mut m, "guid", json!(s.guid));
    set(&mut m, "name", json!(s.name));
    set(&mut m, "note", json!(s.note));
    set(&mut m, "created_at", json!(rfc3339(s.created_at)));
    set(&mut m, "updated_at", json!(rfc3339(s.updated_at)));
    set(
        &mut m,
        "current_assets_count",
        json!(Uploads::current_assets(db, s)),
    );
    set(&mut m, "assets_count", json!(s.assets_count));
    set(
        &mut m,
        "default_rights_package_id",
        json!(s.default_rights_package_id),
    );
    set(&mut m, "done", json!(s.done_at.is_some()));
    set(&mut m, "done_at", json!(s.done_at.map(rfc3339)));
    set(&mut m, "standalone", json!(s.via_contribution));
    set(
        &mut m,
        "contribution_id",
        json!(CONTRIBUTION_OFFSET + s.folder_id),
    );
    set(&mut m, "contribution", contribution(db, uploads, s));
    set(
        &mut m,
        "upload_state",
        json!(if s.done_at.is_some() {
            "completed"
        } else {
            "uploading"
        }),
    );
    for k in ["paused_at", "stalled_at", "stalled_reason", "cancelled_at"] {
        set(&mut m, k, Value::Null);
    }
    set(&mut m, "total_assets", json!(s.assets_count));
    set(&mut m, "user", user(db));
    set(&mut m, "aws_key", json!("demo-aws-SECRET-do-not-show"));
    set(
        &mut m,
        "aws_secret_key",
        json!("demo-aws-secret-SECRET-do-not-show"),
    );
    set(&mut m, "bucket", json!("demo-bucket-SECRET-do-not-show"));
    set(
        &mut m,
        "ftp_username",
        json!("demo-ftp-user-SECRET-do-not-show"),
    );
    set(&mut m, "ftp_password", json!("demo-ftp-SECRET-do-not-show"));
    set(
        &mut m,
        "ftp_url",
        json!(format!(
            "sftp://demo-ftp-user-SECRET-do-not-show:demo-ftp-SECRET-do-not-show@sftp.demo.invalid/uploads/{}",
            s.guid
        )),
    );
    Value::Object(m)
}

/// The answer of `PUT /api/uploads/{id}/set_done`.
pub fn done_json(s: &Session) -> Value {
    json!({
        "id": s.id,
        "assets_count": s.assets_count,
        "unsubmitted_assets_count": 0,
        "all_requirements_met": true,
        "done": s.done_at.is_some(),
        "done_at": s.done_at.map(rfc3339),
        "tag_suggesters_met": true,
        "unmet_tag_suggester_ids": [],
        "rights_packages_met": true,
        "creator_tags_met": true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(v: Value) -> Result<Announced, FieldErrors> {
        parse_announcement(v.as_object().unwrap(), true)
    }

    #[test]
    fn announcements_are_checked() {
        let ok = ann(
            json!({"filename": " a.JPG ", "file_size": "12", "path": "/x//y/",
                            "created_via": "mgtui", "created_via_id": 7}),
        )
        .unwrap();
        assert_eq!(ok.filename, "a.JPG");
        assert_eq!(ok.file_size, 12);
        assert_eq!(ok.path, vec!["x", "y"]);
        assert_eq!(ok.created_via_id.as_deref(), Some("7"));
        for (body, field) in [
            (json!({"file_size": 1}), "filename"),
            (json!({"filename": "  ", "file_size": 1}), "filename"),
            (json!({"filename": "a.jpg"}), "file_size"),
            (json!({"filename": "a.jpg", "file_size": -1}), "file_size"),
            (
                json!({"filename": "a.jpg", "file_size": "many"}),
                "file_size",
            ),
            (json!({"filename": "setup.EXE", "file_size": 1}), "filename"),
            (json!({"filename": "a.ps1", "file_size": 1}), "filename"),
            (
                json!({"filename": "a.jpg", "file_size": 1, "path": "a/../b"}),
                "path",
            ),
            (
                json!({"filename": "a.jpg", "file_size": 1, "path": ["a"]}),
                "path",
            ),
        ] {
            let e = ann(body.clone()).unwrap_err();
            assert!(e.contains_key(field), "{body}: {e:?}");
        }
        let e = ann(json!({"filename": "x.exe", "file_size": 1})).unwrap_err();
        assert_eq!(e["filename"], vec!["file type is not allowed".to_string()]);
        assert_eq!(
            ann(json!({"filename": "a", "file_size": 0}))
                .unwrap()
                .path
                .len(),
            0
        );
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(ext_of("a.b.JPEG"), "jpeg");
        assert_eq!(ext_of(".bashrc"), "");
        assert_eq!(ext_of("README"), "");
        assert_eq!(file_type("jpeg"), ("Image", "image/jpeg"));
        assert_eq!(file_type("mov").0, "Video");
        assert_eq!(file_type("pdf").0, "Document");
        assert_eq!(file_type("").1, "application/octet-stream");
    }

    #[test]
    fn paths_make_folders_once() {
        let mut db = seed::test_db(false);
        let before = db.groups.len();
        let path = vec!["shoot".to_string(), "day1".to_string()];
        let a = folder_for_path(&mut db, DEFAULT_FOLDER, &path, 5);
        let b = folder_for_path(&mut db, DEFAULT_FOLDER, &path, 6);
        assert_eq!(a, b);
        assert_eq!(db.groups.len(), before + 2);
        assert_eq!(folder_path_names(&db, a), "Staff uploads/shoot/day1");
        let g = db.group(Kind::StorageFolder, a).unwrap().clone();
        assert_eq!((g.slug.as_str(), g.asset_group_id), ("day1", g.id));
        let other = folder_for_path(&mut db, DEFAULT_FOLDER, &["shoot".into()], 7);
        assert_eq!(Some(other), g.parent_id);
        assert_eq!(
            folder_for_path(&mut db, DEFAULT_FOLDER, &[], 7),
            DEFAULT_FOLDER
        );
        assert_eq!(
            contribution_folder(&db, CONTRIBUTION_OFFSET + a),
            Some(a),
            "new folders take uploads too"
        );
        assert_eq!(contribution_folder(&db, CONTRIBUTION_OFFSET + 2018), None);
        assert_eq!(contribution_folder(&db, 7), None);
    }
}
