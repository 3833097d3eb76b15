//! The version history of demo assets. Seeded assets get a synthetic history up to their
//! `data_version` (older versions carry a `-vN` file name); a history is kept in memory
//! from the first change on (a revert, a new version).

use serde_json::{Value, json};

use crate::model::{Asset, Db};
use mediagraph_api::timeutil::rfc3339;

const DAY_MS: i64 = 24 * 3_600_000;

#[derive(Clone, Debug)]
pub struct VersionRec {
    pub number: i64,
    pub filename: String,
    pub file_size: i64,
    pub width: i64,
    pub height: i64,
    pub created_at: i64,
}

/// The history an asset has before anything changed it.
pub fn synthetic(a: &Asset) -> Vec<VersionRec> {
    let (stem, ext) = a
        .filename
        .rsplit_once('.')
        .map_or((a.filename.as_str(), ""), |(s, e)| (s, e));
    (1..=a.data_version.max(1))
        .map(|n| VersionRec {
            number: n,
            filename: if n == a.data_version {
                a.filename.clone()
            } else if ext.is_empty() {
                format!("{stem}-v{n}")
            } else {
                format!("{stem}-v{n}.{ext}")
            },
            file_size: a.file_size - (a.data_version - n) * 7_919,
            width: a.width,
            height: a.height,
            created_at: a.created_at + (n - 1) * 3 * DAY_MS,
        })
        .collect()
}

/// A version as the list answers it, with its own renditions (signed like the asset's).
pub fn to_json(v: &VersionRec, a: &Asset, db: &Db, ctx: &crate::payload::Ctx) -> Value {
    use crate::renditions::{Size, signed_version_url};
    let url = |size| signed_version_url(ctx, a, v.number, size);
    json!({
        "id": a.id * 100 + v.number,
        "asset_id": a.id,
        "user_id": db.user.id,
        "number": v.number,
        "file_size": v.file_size,
        "width": v.width,
        "height": v.height,
        "filename": v.filename,
        "ext": a.ext,
        "mime_type": a.mime,
        "type": a.kind,
        "created_at": rfc3339(v.created_at),
        "updated_at": rfc3339(v.created_at),
        "is_head": v.number == a.data_version,
        "is_version": v.number > 1,
        "aasm_state": "processed",
        "user": crate::payload::small_user(db),
        "thumb_url": url(Size::Thumb),
        "grid_url": url(Size::Grid),
        "small_url": url(Size::Small),
        "full_url": url(Size::Full),
    })
}
