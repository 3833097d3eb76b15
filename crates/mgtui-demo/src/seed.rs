//! Deterministic seed data: the organisation, user, folder/collection/lightbox trees, tags,
//! rights packages, custom meta fields and assets built from the photo catalogue.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value, json};

use super::catalogue::Catalogue;
use super::hostile;
use super::model::*;
use super::timeutil::{self, DAY_MS};

pub const ORG_ID: i64 = 1001;
pub const USER_ID: i64 = 501;
/// Assets in the base set (before `extra_assets`).
pub const BASE_ASSETS: usize = 320;
pub const FIRST_ASSET_ID: i64 = 100_001;
/// Picture variants per photo: 8 crops x 4 tones (see `variant_crop`, `renditions::render`).
pub const VARIANTS: u8 = 32;

/// Well-known ids, handy in tests.
pub mod ids {
    pub const FOLDER_ARCHIVE: i64 = 2001;
    pub const FOLDER_ARCHIVE_2019: i64 = 2002;
    pub const FOLDER_ARCHIVE_2019_EVENTS: i64 = 2003;
    pub const FOLDER_ARCHIVE_2019_EVENTS_CONFERENCE: i64 = 2004;
    pub const FOLDER_MARKETING: i64 = 2009;
    pub const FOLDER_SPRING: i64 = 2011;
    pub const FOLDER_PRESS: i64 = 2014;
    pub const FOLDER_STAFF_UPLOADS: i64 = 2016;
    pub const FOLDER_PROJECTS: i64 = 2020;
    pub const COLLECTION_BEST_OF: i64 = 3001;
    pub const COLLECTION_LANDSCAPES: i64 = 3002;
    pub const LIGHTBOX_HOME: i64 = 5001;
    pub const LIGHTBOX_HOME_GROUP: i64 = 4001;
    pub const LIGHTBOX_CLIENT_PICKS: i64 = 5004;
    pub const LIGHTBOX_BIN: i64 = 5007;
    pub const RIGHTS_OWNED: i64 = 12001;
}

/// (id, parent, name, description) of the storage folders.
const FOLDERS: &[(i64, i64, &str, &str)] = &[
    (
        2001,
        0,
        "Archive",
        "Everything older than the current year.",
    ),
    (2002, 2001, "2019", ""),
    (2003, 2002, "Events", "Trade fairs, launches and parties."),
    (2004, 2003, "Conference", "Annual partner conference."),
    (2005, 2002, "Portraits", ""),
    (2006, 2001, "2020", ""),
    (2007, 2006, "Events", ""),
    (2008, 2001, "2021", ""),
    (2009, 0, "Marketing", "Campaign material and brand assets."),
    (2010, 2009, "Campaigns", ""),
    (
        2011,
        2010,
        "Spring Launch",
        "Spring product launch campaign.",
    ),
    (2012, 2010, "Autumn Sale", ""),
    (
        2013,
        2009,
        "Brand Assets",
        "Logos, product shots and approved imagery.",
    ),
    (2014, 0, "Press", "Press kits and releases."),
    (2015, 2014, "Releases", ""),
    (2016, 0, "Staff uploads", "Personal upload folders."),
    (2017, 2016, "Dana Demo", ""),
    (2018, 0, "Lightbox Uploads Storage", ""),
    (2020, 0, "Projects", "One folder per project."),
];
const PROJECT_FOLDERS: i64 = 14;

/// (id, parent, name) of the collections.
const COLLECTIONS: &[(i64, i64, &str)] = &[
    (3001, 0, "Best of"),
    (3002, 3001, "Landscapes"),
    (3003, 3002, "Mountains"),
    (3004, 3001, "People"),
    (3005, 0, "Press kit 2024"),
    (3006, 0, "Website"),
    (3007, 3006, "Homepage heroes"),
];

/// (membership id, asset group id, parent membership id, name, sub_type, organizer).
type LightboxRow = (i64, i64, i64, &'static str, Option<&'static str>, bool);
const LIGHTBOXES: &[LightboxRow] = &[
    (5001, 4001, 0, "My First Lightbox", Some("home"), false),
    (5002, 4002, 0, "Shared with me", Some("shared"), true),
    (5003, 4003, 0, "Archive", Some("archive"), true),
    (5004, 4004, 0, "Client picks", None, false),
    (5005, 4005, 5004, "Round 2", None, false),
    (5006, 4006, 0, "Moodboard", None, false),
    (5007, 4007, 0, "Projects bin", Some("folder"), false),
    (5008, 4008, 5007, "Bin lightbox A", None, false),
    (5009, 4009, 5007, "Bin lightbox B", None, false),
];

/// Folders that receive assets, with a weight.
const ASSET_FOLDERS: &[(i64, u32)] = &[
    (2001, 1),
    (2002, 2),
    (2003, 4),
    (2004, 4),
    (2005, 3),
    (2006, 2),
    (2007, 3),
    (2008, 3),
    (2009, 1),
    (2011, 5),
    (2012, 3),
    (2013, 4),
    (2014, 1),
    (2015, 3),
    (2017, 3),
    (2020, 1),
    (2021, 2),
    (2022, 2),
    (2023, 1),
];

const RIGHTS: &[(Option<&str>, &str)] = &[
    (Some("Owned by Organization"), "owned"),
    (Some("Unlimited Use"), "unlimited"),
    (Some("Limited Use"), "some"),
    (Some("Editorial only, 2024 contract"), "some"),
    (Some("Library Rights Only"), "library"),
    (None, "owned"),
    (Some("No Rights"), "none"),
    (
        Some("Rights Unknown (Haven’t Searched)"),
        "unknown_no_search",
    ),
    (Some("Unassigned"), "unassigned"),
];

/// Fixed seed clock: creation dates spread over 2016-01-01 .. 2025-12-31.
fn seed_epoch() -> i64 {
    timeutil::year_start_ms(2016)
}

pub struct SeedOptions {
    pub extra_assets: usize,
    pub hostile_strings: bool,
}

/// Builds the whole organisation.
pub fn build(catalogue: Catalogue, opts: &SeedOptions) -> Db {
    let mut rng = fastrand::Rng::with_seed(0x006d_6774_7569);
    let t0 = seed_epoch();
    let org = OrgInfo {
        id: ORG_ID,
        title: "Demo Org".into(),
        slug: "demo-org".into(),
        created_at: t0 - 30 * DAY_MS,
    };
    let user = UserInfo {
        id: USER_ID,
        first_name: "Dana".into(),
        last_name: "Demo".into(),
        email: "dana.demo@example.com".into(),
        username: "danademo".into(),
        created_at: t0 - 29 * DAY_MS,
        membership_id: 601,
    };
    let mut db = Db {
        org,
        user,
        catalogue,
        groups: Vec::new(),
        assets: Vec::new(),
        tags: Vec::new(),
        creator_tags: Vec::new(),
        rights_packages: Vec::new(),
        custom_meta_fields: Vec::new(),
        asset_index: HashMap::new(),
        guid_index: HashMap::new(),
        tag_index: HashMap::new(),
        tag_by_name: HashMap::new(),
        next_id: 1_000_000,
    };
    seed_groups(&mut db, opts.hostile_strings);
    seed_rights(&mut db);
    seed_custom_meta_fields(&mut db);
    seed_creator_tags(&mut db);
    seed_tags(&mut db, opts.hostile_strings);
    let total = BASE_ASSETS + opts.extra_assets;
    db.assets.reserve(total);
    for i in 0..total {
        let a = make_asset(&mut db, &mut rng, i, opts.hostile_strings);
        db.assets.push(a);
    }
    db.reindex();
    db
}

fn group(kind: Kind, id: i64, agid: i64, parent: i64, name: &str, t: i64) -> Group {
    Group {
        kind,
        id,
        asset_group_id: agid,
        name: name.to_string(),
        description: None,
        slug: slug(name),
        parent_id: (parent != 0).then_some(parent),
        sub_type: None,
        organizer: false,
        created_at: t,
        position: 0,
    }
}

fn seed_groups(db: &mut Db, hostile: bool) {
    let t = seed_epoch() - 20 * DAY_MS;
    for (pos, &(id, parent, name, desc)) in FOLDERS.iter().enumerate() {
        let mut g = group(
            Kind::StorageFolder,
            id,
            id,
            parent,
            name,
            t + pos as i64 * 60_000,
        );
        g.description = (!desc.is_empty()).then(|| desc.to_string());
        g.organizer = name == "Lightbox Uploads Storage";
        g.position = pos as i64;
        db.groups.push(g);
    }
    for k in 1..=PROJECT_FOLDERS {
        let id = 2020 + k;
        let name = format!("Project {k:02}");
        let mut g = group(Kind::StorageFolder, id, id, 2020, &name, t + k * 3_600_000);
        g.position = k;
        db.groups.push(g);
    }
    for (pos, &(id, parent, name)) in COLLECTIONS.iter().enumerate() {
        let mut g = group(
            Kind::Collection,
            id,
            id,
            parent,
            name,
            t + pos as i64 * 60_000,
        );
        g.position = pos as i64 + 1;
        g.description = Some(format!("Curated selection: {name}."));
        db.groups.push(g);
    }
    for (pos, &(id, agid, parent, name, sub_type, organizer)) in LIGHTBOXES.iter().enumerate() {
        let mut g = group(
            Kind::Lightbox,
            id,
            agid,
            parent,
            name,
            t + pos as i64 * 60_000,
        );
        g.sub_type = sub_type.map(str::to_string);
        g.organizer = organizer;
        g.position = pos as i64;
        g.slug = format!("{agid}-{}", slug(name));
        db.groups.push(g);
    }
    if hostile {
        for k in 0..=hostile::HOSTILE.len() {
            let name = hostile::pick(k);
            let id = 2100 + k as i64;
            let parent = if k % 2 == 0 { 0 } else { 2020 };
            db.groups.push(group(
                Kind::StorageFolder,
                id,
                id,
                parent,
                &name,
                t + k as i64,
            ));
        }
        db.groups
            .push(group(Kind::Collection, 3100, 3100, 0, &hostile::pick(0), t));
        db.groups.push(group(
            Kind::Collection,
            3101,
            3101,
            3100,
            &hostile::pick(3),
            t,
        ));
        let mut lb = group(Kind::Lightbox, 5100, 4100, 0, &hostile::pick(6), t);
        lb.slug = format!("4100-{}", slug(&lb.name));
        db.groups.push(lb);
    }
}

fn seed_rights(db: &mut Db) {
    let t = seed_epoch() - 25 * DAY_MS;
    for (k, &(name, class)) in RIGHTS.iter().enumerate() {
        db.rights_packages.push(RightsPackage {
            id: 12001 + k as i64,
            name: name.map(str::to_string),
            rights_class: class,
            description: (k % 2 == 1).then(|| format!("Demo rights package #{}", k + 1)),
            expires_at: (k == 3).then(|| timeutil::year_start_ms(2027)),
            created_at: t + k as i64 * 1000,
        });
    }
}

fn seed_custom_meta_fields(db: &mut Db) {
    let t = seed_epoch() - 24 * DAY_MS;
    let f = |id, name: &str, free, multi, value_type, enable_ai, vocab: &[&str], position| {
        CustomMetaField {
            id,
            name: name.to_string(),
            description: None,
            free,
            multi,
            value_type,
            enable_ai,
            prompt: enable_ai
                .then(|| "Summarise what the picture shows in one sentence.".to_string()),
            vocabulary: vocab
                .iter()
                .enumerate()
                .map(|(k, v)| (id * 10 + k as i64, v.to_string()))
                .collect(),
            colour_labels: Default::default(),
            position,
            created_at: t + position * 1000,
        }
    };
    db.custom_meta_fields = vec![
        f(4501, "Project Code", true, false, "text", false, &[], 1),
        f(4502, "Budget", true, false, "number", false, &[], 2),
        f(4503, "Shoot Date", true, false, "date", false, &[], 3),
        f(
            4504,
            "Category",
            false,
            false,
            "text",
            false,
            &["Editorial", "Commercial", "Internal"],
            4,
        ),
        f(
            4505,
            "Audience",
            false,
            true,
            "text",
            false,
            &["Press", "Partners", "Staff", "Public"],
            5,
        ),
        f(4506, "AI Summary", true, false, "text", true, &[], 6),
    ];
    db.custom_meta_fields[0].description = Some("Internal project reference, e.g. PRJ-042".into());
    // Colour labels, as the loupe shows them on its status chips.
    db.custom_meta_fields[3].colour_labels = [
        ("Editorial", "green"),
        ("Commercial", "blue"),
        ("Internal", "orange"),
    ]
    .into_iter()
    .map(|(t, c)| (t.to_string(), c.to_string()))
    .collect();
}

fn seed_creator_tags(db: &mut Db) {
    let t = seed_epoch() - 23 * DAY_MS;
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for p in &db.catalogue.photos {
        if !p.creator.is_empty() && !seen.iter().any(|(n, _, _)| n == &p.creator) {
            seen.push((p.creator.clone(), p.city.clone(), p.country.clone()));
        }
    }
    if seen.is_empty() {
        seen.push(("Dana Demo".into(), String::new(), String::new()));
    }
    db.creator_tags = seen
        .into_iter()
        .enumerate()
        .map(|(k, (name, city, country))| CreatorTag {
            id: 801 + k as i64,
            name,
            city: (!city.is_empty()).then_some(city),
            country: (!country.is_empty()).then_some(country),
            created_at: t + k as i64 * 1000,
        })
        .collect();
}

fn seed_tags(db: &mut Db, hostile: bool) {
    let t = seed_epoch() - 22 * DAY_MS;
    let mut names: Vec<String> = Vec::new();
    let push = |n: &str, names: &mut Vec<String>| {
        let n = n.trim();
        if !n.is_empty() && !names.iter().any(|x| x.eq_ignore_ascii_case(n)) {
            names.push(n.to_string());
        }
    };
    for p in &db.catalogue.photos {
        for k in &p.keywords {
            push(k, &mut names);
        }
    }
    for n in [
        "detail",
        "mirrored",
        "panorama",
        "approved",
        "social media",
        "print",
        "unused",
    ] {
        push(n, &mut names);
    }
    if hostile {
        for k in 0..=hostile::HOSTILE.len() {
            push(&hostile::pick(k), &mut names);
        }
    }
    for (k, name) in names.into_iter().enumerate() {
        db.tags.push(Tag {
            id: 7001 + k as i64,
            name,
            created_at: t + k as i64 * 1000,
            updated_at: t + k as i64 * 1000,
        });
    }
    db.reindex();
}

pub(crate) fn uuid(rng: &mut fastrand::Rng) -> String {
    let a = rng.u64(..);
    let b = rng.u64(..);
    let h = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-4{}-{}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        ["8", "9", "a", "b"][(b & 3) as usize],
        &h[17..20],
        &h[20..32]
    )
}

/// Crop variant name used in titles.
fn variant_label(v: u8) -> &'static str {
    match v % 8 {
        0 => "",
        1 => "detail",
        2 => "left crop",
        3 => "right crop",
        4 => "mirrored",
        5 => "square",
        6 => "portrait",
        _ => "panorama",
    }
}

/// Crop rectangle (x, y, w, h as fractions of the source) and mirror flag of a variant.
pub fn variant_crop(v: u8, src_w: u32, src_h: u32) -> (f64, f64, f64, f64, bool) {
    let (w, h) = (src_w.max(1) as f64, src_h.max(1) as f64);
    match v % 8 {
        0 => (0.0, 0.0, 1.0, 1.0, false),
        1 => (0.2, 0.2, 0.6, 0.6, false),
        2 => (0.0, 0.1, 0.6, 0.8, false),
        3 => (0.4, 0.0, 0.6, 0.9, false),
        4 => (0.0, 0.0, 1.0, 1.0, true),
        5 => {
            // centred square
            if w >= h {
                let fw = h / w;
                ((1.0 - fw) / 2.0, 0.0, fw, 1.0, false)
            } else {
                let fh = w / h;
                (0.0, (1.0 - fh) / 2.0, 1.0, fh, false)
            }
        }
        6 => {
            // portrait 2:3 slice
            let fw = ((h * 2.0 / 3.0) / w).min(1.0);
            ((1.0 - fw) / 2.0, 0.0, fw, 1.0, true)
        }
        _ => {
            // panorama 3:1 band
            let fh = ((w / 3.0) / h).min(1.0);
            (0.0, (1.0 - fh) / 2.0, 1.0, fh, false)
        }
    }
}

fn make_asset(db: &mut Db, rng: &mut fastrand::Rng, i: usize, hostile: bool) -> Asset {
    let n_photos = db.catalogue.photos.len().max(1);
    let photo = i % n_photos;
    let variant = ((i / n_photos) % VARIANTS as usize) as u8;
    let round = i / (n_photos * VARIANTS as usize);
    let p = db.catalogue.photos[photo].clone();
    let id = FIRST_ASSET_ID + i as i64;

    // Original dimensions: the crop of a 6x larger original.
    let (_, _, fw, fh, _) = variant_crop(variant, p.width, p.height);
    let width = ((p.width as f64 * fw * 6.0).round() as i64).max(1);
    let height = ((p.height as f64 * fh * 6.0).round() as i64).max(1);

    let (kind, ext, mime) = if i % 29 == 5 {
        ("Video", "mp4", "video/mp4")
    } else if i % 37 == 7 {
        ("Document", "pdf", "application/pdf")
    } else if i % 6 == 3 {
        ("Image", "png", "image/png")
    } else {
        ("Image", "jpg", "image/jpeg")
    };
    let file_size = match kind {
        "Video" => 20_000_000 + rng.i64(0..80_000_000),
        "Document" => 300_000 + rng.i64(0..3_000_000),
        _ if ext == "png" => width * height * 2 + rng.i64(0..100_000),
        _ => width * height / 4 + rng.i64(0..200_000),
    };

    let label = variant_label(variant);
    let mut title = p.title.clone();
    if !label.is_empty() {
        title = format!("{title} ({label})");
    }
    match variant / 8 {
        1 => title.push_str(" – toned"),
        2 => title.push_str(" – cool"),
        3 => title.push_str(" – mono"),
        _ => {}
    }
    if round > 0 {
        title = format!("{title} #{}", round + 1);
    }
    let stem = slug(&title);
    let mut filename = format!(
        "{}-{:04}.{ext}",
        if stem.is_empty() { "asset" } else { &stem },
        i
    );
    let mut title = (i % 13 != 12).then_some(title);
    let mut description = Some(p.description.clone()).filter(|d| !d.is_empty());
    if hostile && i < 60 && i % 4 == 1 {
        let h = hostile::pick(i / 4);
        title = Some(h.clone());
        description = Some(format!("{h}\r\nSecond line\x1b[2J after a clear-screen."));
        if i == 5 {
            filename = format!("\u{202e}{}", filename);
        }
    }

    let created_at = seed_epoch() + rng.i64(0..(10 * 365 * DAY_MS));
    let captured_at = if i % 17 == 16 {
        None
    } else {
        let base = timeutil::parse(&p.captured_at)
            .map(|(ms, _)| ms)
            .unwrap_or(created_at - rng.i64(DAY_MS..(400 * DAY_MS)));
        Some(base + variant as i64 * 3_600_000 + round as i64 * DAY_MS)
    };
    let rating = if rng.u8(0..10) < 4 {
        None
    } else {
        Some(rng.i64(0..=5))
    };
    let people_kw = [
        "people", "person", "portrait", "crowd", "team", "children", "man", "woman",
    ];
    let has_people = if p
        .keywords
        .iter()
        .any(|k| people_kw.contains(&k.to_lowercase().as_str()))
    {
        Some(true)
    } else {
        [None, Some(false), Some(false)][i % 3]
    };
    let (latitude, longitude) = if i.is_multiple_of(3) {
        (
            Some((rng.f64() * 120.0 - 60.0) * 1e5).map(|v| v.round() / 1e5),
            Some((rng.f64() * 340.0 - 170.0) * 1e5).map(|v| v.round() / 1e5),
        )
    } else {
        (None, None)
    };
    let (rights_package_id, rights_status) = if i % 20 < 9 {
        let rp = &db.rights_packages[i % 6];
        (Some(rp.id), Some(rp.rights_class.to_string()))
    } else {
        (None, None)
    };
    let creator_tag_id = db
        .creator_tags
        .iter()
        .find(|c| c.name == p.creator)
        .map(|c| c.id)
        .filter(|_| !i.is_multiple_of(4));

    let mut fields = Map::new();
    let s = |v: &str| {
        if v.is_empty() {
            Value::Null
        } else {
            Value::String(v.to_string())
        }
    };
    fields.insert(
        "title".into(),
        title.map(Value::String).unwrap_or(Value::Null),
    );
    fields.insert(
        "description".into(),
        description.map(Value::String).unwrap_or(Value::Null),
    );
    fields.insert(
        "creator".into(),
        if p.creator.is_empty() {
            json!([])
        } else {
            json!([p.creator])
        },
    );
    fields.insert("credit_line".into(), s(&p.credit_line));
    fields.insert("iptc_rights".into(), s(&p.copyright));
    fields.insert("city".into(), s(&p.city));
    fields.insert("country".into(), s(&p.country));
    if i.is_multiple_of(5) {
        fields.insert(
            "alt_text".into(),
            Value::String(format!("Photo: {}", p.title.to_lowercase())),
        );
    }
    if i.is_multiple_of(11) {
        fields.insert("usage_terms".into(), json!("Internal use only."));
    }
    if p.source.starts_with("http") || !p.licence.is_empty() {
        fields.insert(
            "web_statement".into(),
            s(if p.source.starts_with("http") {
                &p.source
            } else {
                ""
            }),
        );
        if !p.licence.is_empty() {
            fields.insert(
                "instructions".into(),
                Value::String(format!("Licence: {}", p.licence)),
            );
        }
    }

    let folder = pick_folder(rng);
    if folder == 2003 || folder == 2004 || folder == 2007 {
        fields.insert(
            "event".into(),
            json!(["Partner Conference", "Spring Fair", "Summer Party"][i % 3]),
        );
    }

    // tags: photo keywords plus a variant tag, some extras
    let now = created_at + 60_000;
    let mut tag_names: Vec<String> = p.keywords.clone();
    match variant % 8 {
        1..=3 | 5 | 6 => tag_names.push("detail".into()),
        4 => tag_names.push("mirrored".into()),
        7 => tag_names.push("panorama".into()),
        _ => {}
    }
    if i.is_multiple_of(7) {
        tag_names.push("approved".into());
    }
    if i % 9 == 4 {
        tag_names.push("social media".into());
    }
    if hostile && i % 10 == 3 {
        tag_names.push(hostile::pick(i / 10));
    }
    let mut tags: Vec<Tagging> = Vec::new();
    for name in tag_names {
        let tag_id = db.tag_id_for(&name, now);
        if !tags.iter().any(|t| t.tag_id == tag_id) {
            tags.push(Tagging {
                id: db.fresh_id(),
                tag_id,
                tagged_at: now,
            });
        }
    }

    // custom meta values
    let mut custom_meta = Vec::new();
    let mut cmv = |db: &mut Db, field_id: i64, text: Option<String>, date: Option<String>| {
        custom_meta.push(CmValue {
            id: db.fresh_id(),
            field_id,
            text,
            date,
        });
    };
    if i % 5 == 2 {
        cmv(db, 4501, Some(format!("PRJ-{:03}", i % 50)), None);
    }
    if i % 7 == 3 {
        cmv(db, 4502, Some(format!("{}", 500 + (i % 20) * 250)), None);
    }
    if i % 6 == 1 {
        cmv(db, 4503, None, captured_at.map(timeutil::date_only));
    }
    if i.is_multiple_of(3) {
        cmv(
            db,
            4504,
            Some(["Editorial", "Commercial", "Internal"][i % 9 / 3].into()),
            None,
        );
    }
    if i % 4 == 1 {
        cmv(db, 4505, Some("Press".into()), None);
        if i % 8 == 1 {
            cmv(db, 4505, Some("Public".into()), None);
        }
    }

    // collections and lightboxes
    let mut groups = BTreeSet::new();
    if i % 10 < 3 {
        groups.insert(COLLECTIONS[i % COLLECTIONS.len()].0);
    }
    if i.is_multiple_of(23) {
        groups.insert(COLLECTIONS[(i / 23) % COLLECTIONS.len()].0);
    }
    let lightbox_targets = [4001, 4004, 4005, 4006, 4008, 4009];
    if i % 16 == 2 || i < 6 {
        groups.insert(lightbox_targets[(i / 2) % lightbox_targets.len()]);
    }
    if hostile && i.is_multiple_of(30) {
        groups.insert(3100);
        groups.insert(4100);
    }

    let guid = uuid(rng);
    Asset {
        id,
        guid,
        filename,
        ext: ext.into(),
        mime: mime.into(),
        kind,
        file_size,
        width,
        height,
        duration: (kind == "Video").then_some(5.0 + (i % 90) as f64 + 0.5),
        photo,
        variant,
        data_version: 1 + (i % 5 == 4) as i64,
        fields,
        captured_at,
        created_at,
        updated_at: created_at + (i as i64 % 30) * DAY_MS,
        rating,
        has_people,
        latitude,
        longitude,
        rights_package_id,
        rights_status,
        creator_tag_id,
        tags,
        custom_meta,
        storage_folder_id: if hostile && i % 25 == 7 { 2100 } else { folder },
        groups,
        trashed_at: None,
        state: AssetState::Processed,
        upload: None,
    }
}

fn pick_folder(rng: &mut fastrand::Rng) -> i64 {
    let total: u32 = ASSET_FOLDERS.iter().map(|(_, w)| w).sum();
    let mut r = rng.u32(0..total);
    for &(id, w) in ASSET_FOLDERS {
        if r < w {
            return id;
        }
        r -= w;
    }
    ASSET_FOLDERS[0].0
}

/// Lower-case ASCII slug.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(60);
    out
}

/// The built-in catalogue's database, for the demo's unit tests.
#[cfg(test)]
pub(crate) fn test_db(hostile_strings: bool) -> Db {
    build(
        Catalogue::builtin(),
        &SeedOptions {
            extra_assets: 0,
            hostile_strings,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(extra: usize, hostile: bool) -> Db {
        build(
            Catalogue::load(),
            &SeedOptions {
                extra_assets: extra,
                hostile_strings: hostile,
            },
        )
    }

    #[test]
    fn invariants() {
        let db = db(0, false);
        assert!(db.assets.len() >= 300);
        let max_depth = db
            .groups
            .iter()
            .filter(|g| g.kind == Kind::StorageFolder)
            .map(|g| db.depth(g))
            .max()
            .unwrap();
        assert!(max_depth >= 3, "folder depth {max_depth}");
        let coll_depth = db
            .groups
            .iter()
            .filter(|g| g.kind == Kind::Collection)
            .map(|g| db.depth(g))
            .max()
            .unwrap();
        assert!(coll_depth >= 2);
        for g in db.groups.iter().filter(|g| g.kind == Kind::Lightbox) {
            assert_ne!(g.id, g.asset_group_id, "{}", g.name);
        }
        assert!(
            db.groups
                .iter()
                .any(|g| g.sub_type.as_deref() == Some("home"))
        );
        assert!(
            db.groups
                .iter()
                .any(|g| g.sub_type.as_deref() == Some("folder"))
        );
        // every asset in exactly one existing storage folder; ids/guids unique
        let mut ids = std::collections::HashSet::new();
        let mut guids = std::collections::HashSet::new();
        for a in &db.assets {
            assert!(db.group(Kind::StorageFolder, a.storage_folder_id).is_some());
            assert!(ids.insert(a.id) && guids.insert(a.guid.clone()));
            for t in &a.tags {
                assert_ne!(t.id, t.tag_id);
                assert!(db.tag(t.tag_id).is_some());
            }
            for g in &a.groups {
                assert!(db.group_by_agid(*g).is_some());
            }
        }
        assert!(db.rights_packages.len() >= 4);
        assert!(db.rights_packages.iter().any(|r| r.name.is_none()));
        assert!(db.custom_meta_fields.iter().any(|f| f.enable_ai));
        assert!(db.assets.iter().any(|a| a.kind == "Video"));
        assert!(db.assets.iter().any(|a| a.ext == "png"));
        let years: BTreeSet<i64> = db
            .assets
            .iter()
            .map(|a| timeutil::year_of(a.created_at))
            .collect();
        assert!(years.len() >= 5);
        // deterministic
        let again = self::db(0, false);
        assert_eq!(again.assets[17].guid, db.assets[17].guid);
        assert_eq!(again.assets[17].filename, db.assets[17].filename);
    }

    #[test]
    fn extra_and_hostile() {
        let db = db(1000, true);
        assert_eq!(db.assets.len(), BASE_ASSETS + 1000);
        assert!(db.groups.iter().any(|g| g.name.contains('\x1b')));
        assert!(
            db.assets
                .iter()
                .any(|a| a.text("title").is_some_and(|t| t.contains('\u{202e}')))
        );
        assert!(db.tags.iter().any(|t| t.name.chars().count() == 300));
    }

    #[test]
    fn uuid_shape() {
        let mut rng = fastrand::Rng::with_seed(1);
        let u = uuid(&mut rng);
        assert_eq!(u.len(), 36);
        assert_eq!(
            u.split('-').map(str::len).collect::<Vec<_>>(),
            vec![8, 4, 4, 4, 12]
        );
    }
}
