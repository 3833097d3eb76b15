//! Uploads end to end over loopback HTTP: sessions, announced files, the signed PUT,
//! set_uploaded, processing, search visibility and new versions.

use std::io::Cursor;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::test_http::{Reply, api, send};
use crate::{BASE_ASSET_COUNT, DemoOptions, DemoServer, FaultSettings, ids};

fn quick() -> FaultSettings {
    FaultSettings {
        upload_processing_ms: 10,
        ..FaultSettings::default()
    }
}

async fn start() -> DemoServer {
    DemoServer::start(DemoOptions {
        faults: quick(),
        ..DemoOptions::default()
    })
    .await
    .expect("demo server starts")
}

async fn session(s: &DemoServer) -> Value {
    let (status, v) = api(
        s,
        "POST",
        "/api/uploads",
        Some(json!({"upload": {"name": "t"}})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    v
}

async fn announce(s: &DemoServer, guid: &str, asset: Value) -> (u16, Value) {
    api(
        s,
        "POST",
        &format!("/api/uploads/{guid}/assets"),
        Some(json!({ "asset": asset })),
    )
    .await
}

/// Announces `filename` with `bytes.len()` in a new session: (session, asset answer).
async fn pending(s: &DemoServer, filename: &str, bytes: &[u8]) -> (Value, Value) {
    let sess = session(s).await;
    let guid = sess["guid"].as_str().unwrap();
    let (status, a) = announce(
        s,
        guid,
        json!({"filename": filename, "file_size": bytes.len(), "created_via": "test"}),
    )
    .await;
    assert_eq!(status, 200, "{a}");
    (sess, a)
}

async fn put(url: &str, bytes: &[u8]) -> Reply {
    send("PUT", url, &[], bytes).await.expect("an answer")
}

fn url_of(a: &Value) -> String {
    a["signed_upload_url"]
        .as_str()
        .expect("a signed URL")
        .to_string()
}

async fn set_uploaded(s: &DemoServer, id: &Value) -> (u16, Value) {
    let id = id.as_str().map_or_else(|| id.to_string(), str::to_string);
    api(s, "GET", &format!("/api/assets/{id}/set_uploaded"), None).await
}

/// Polls the asset until it leaves uploaded/processing.
async fn settled(s: &DemoServer, id: i64) -> Value {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, a) = api(s, "GET", &format!("/api/assets/{id}"), None).await;
        let state = a["aasm_state"].as_str().unwrap_or("").to_string();
        if state == "processed" || state == "processing_error" {
            return a;
        }
        assert!(Instant::now() < until, "still {state}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb(rgb));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn sessions_open_into_the_default_folder_or_a_contribution() {
    let s = start().await;
    let (status, can) = api(&s, "GET", "/api/can_upload", None).await;
    assert_eq!((status, can["can_upload"].clone()), (200, json!(true)));

    let (status, v) = api(
        &s,
        "POST",
        "/api/uploads",
        Some(json!({"upload": {"name": "Trip", "note": "n"}})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["id"], json!(1500));
    let guid = v["guid"].as_str().unwrap();
    assert!(guid.len() == 8 && guid.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    assert_eq!(
        (v["name"].clone(), v["note"].clone()),
        (json!("Trip"), json!("n"))
    );
    assert_eq!(v["done"], json!(false));
    assert_eq!(v["assets_count"], json!(0));
    assert_eq!(
        v["contribution_id"],
        json!(40_000 + ids::FOLDER_STAFF_UPLOADS)
    );
    assert_eq!(
        v["contribution"]["storage_folder_id"],
        json!(ids::FOLDER_STAFF_UPLOADS)
    );
    assert_eq!(v["contribution"]["name"], json!("Staff uploads"));
    for k in [
        "aws_key",
        "aws_secret_key",
        "bucket",
        "ftp_username",
        "ftp_password",
        "ftp_url",
    ] {
        assert!(v[k].as_str().unwrap().contains("SECRET"), "{k}");
    }

    let spring = 40_000 + ids::FOLDER_SPRING;
    let (status, v) = api(
        &s,
        "POST",
        &format!("/api/contributions/{spring}/uploads"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["id"], json!(1501));
    assert_eq!(v["contribution_id"], json!(spring));
    assert_eq!(
        v["contribution"]["storage_folder_id"],
        json!(ids::FOLDER_SPRING)
    );
    assert_eq!(v["name"], Value::Null);

    // an organizer folder has no contribution; neither has a made-up id
    for c in ["42018", "12", "abc"] {
        let (status, v) = api(&s, "POST", &format!("/api/contributions/{c}/uploads"), None).await;
        assert_eq!(status, 404, "{c}");
        assert_eq!(v["error"], json!("Contribution not found"));
    }
    let (status, v) = api(
        &s,
        "POST",
        "/api/uploads",
        Some(json!({"upload": {"default_rights_package_id": 1}})),
    )
    .await;
    assert_eq!(status, 422, "{v}");

    let sessions = s.upload_sessions();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1].folder_path, "Marketing/Campaigns/Spring Launch");

    s.set_faults(FaultSettings {
        upload_forbidden: true,
        ..quick()
    });
    let (_, can) = api(&s, "GET", "/api/can_upload", None).await;
    assert_eq!(can["can_upload"], json!(false));
    let (status, v) = api(&s, "POST", "/api/uploads", None).await;
    assert_eq!(
        (status, v["error"].clone()),
        (403, json!("You are not allowed to upload"))
    );
    let (status, _) = announce(&s, guid, json!({"filename": "a.jpg", "file_size": 1})).await;
    assert_eq!(status, 403);
    s.shutdown().await;
}

#[tokio::test]
async fn announced_files_are_checked_and_paths_make_folders_once() {
    let s = start().await;
    let sess = session(&s).await;
    let guid = sess["guid"].as_str().unwrap().to_string();
    let (status, a) = announce(
        &s,
        &guid,
        json!({"filename": "IMG_1.jpg", "file_size": 1234, "path": "shoot/day1",
               "created_via": "mgtui", "created_via_id": "key-1"}),
    )
    .await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["aasm_state"], json!("pending"));
    assert_eq!(a["filename"], json!("IMG_1.jpg"));
    assert_eq!(a["file_size"], json!(1234));
    assert_eq!(
        (a["type"].clone(), a["mime_type"].clone()),
        (json!("Image"), json!("image/jpeg"))
    );
    for k in [
        "thumb_url",
        "grid_url",
        "small_url",
        "permalink_url",
        "full_url",
        "width",
    ] {
        assert_eq!(a[k], Value::Null, "{k}");
    }
    assert_eq!(a["created_via"], json!("mgtui"));
    assert_eq!(a["created_via_id"], json!("key-1"));
    assert_eq!(a["upload_id"], sess["id"]);
    assert_eq!(a["path"], json!("shoot/day1"));
    let url = url_of(&a);
    let guid_a = a["guid"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/s3-uploads/{guid_a}/IMG_1.jpg?", s.base_url())),
        "{url}"
    );
    for part in [
        "X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "X-Amz-Expires=3600",
        "X-Amz-SignedHeaders=host",
        "X-Amz-Signature=",
        "X-Amz-Date=",
    ] {
        assert!(url.contains(part), "{part}");
    }

    // the same path again (spelled differently) and a few at once reuse the folders
    let (_, b) = announce(
        &s,
        &guid,
        json!({"filename": "IMG_2.jpg", "file_size": 5, "path": "/shoot/day1/"}),
    )
    .await;
    assert_eq!(b["storage_folder_id"], a["storage_folder_id"]);
    let mut tasks = Vec::new();
    for k in 0..6 {
        let url = s.base_url();
        let (token, org) = (s.token().to_string(), s.organization_id());
        let guid = guid.clone();
        tasks.push(tokio::spawn(async move {
            use base64::Engine;
            let basic = base64::engine::general_purpose::STANDARD.encode(format!(":{token}"));
            let body = json!({"asset": {"filename": format!("c{k}.png"), "file_size": 1, "path": "conc/x"}});
            send(
                "POST",
                &format!("{url}/api/uploads/{guid}/assets"),
                &[
                    ("Authorization", format!("Basic {basic}")),
                    ("OrganizationId", org.to_string()),
                ],
                body.to_string().as_bytes(),
            )
            .await
            .unwrap()
            .json()
        }));
    }
    let mut folders = Vec::new();
    for t in tasks {
        folders.push(t.await.unwrap()["storage_folder_id"].clone());
    }
    assert!(folders.iter().all(|f| *f == folders[0] && f.is_i64()));
    let (_, c) = announce(
        &s,
        &guid,
        json!({"filename": "top.pdf", "file_size": 9, "path": ""}),
    )
    .await;
    assert_eq!(c["storage_folder_id"], json!(ids::FOLDER_STAFF_UPLOADS));
    assert_eq!(c["type"], json!("Document"));

    let (_, tree) = api(
        &s,
        "GET",
        &format!(
            "/api/storage_folders/tree?parent_id={}",
            ids::FOLDER_STAFF_UPLOADS
        ),
        None,
    )
    .await;
    let names: Vec<&str> = tree
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert_eq!(
        names.iter().filter(|n| **n == "shoot").count(),
        1,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| **n == "conc").count(),
        1,
        "{names:?}"
    );
    let listed = s.uploaded_assets();
    assert_eq!(listed.len(), 9);
    assert_eq!(listed[0].folder_path, "Staff uploads/shoot/day1");
    assert_eq!(listed[0].created_via_id.as_deref(), Some("key-1"));
    assert_eq!(listed[0].aasm_state, "pending");
    assert_eq!(listed[2].folder_path, "Staff uploads/conc/x");
    assert_eq!(listed[8].folder_path, "Staff uploads");

    // the new folder takes uploads of its own
    let day1 = a["storage_folder_id"].as_i64().unwrap();
    let (status, _) = api(
        &s,
        "POST",
        &format!("/api/contributions/{}/uploads", 40_000 + day1),
        None,
    )
    .await;
    assert_eq!(status, 200);

    for (body, field) in [
        (json!({"filename": "", "file_size": 1}), "filename"),
        (json!({"filename": "a.jpg"}), "file_size"),
        (json!({"filename": "a.jpg", "file_size": -3}), "file_size"),
        (json!({"filename": "run.exe", "file_size": 3}), "filename"),
    ] {
        let (status, e) = announce(&s, &guid, body.clone()).await;
        assert_eq!(status, 422, "{body}");
        assert!(e["errors"][field].is_array(), "{body}: {e}");
    }
    let (_, e) = announce(&s, &guid, json!({"filename": "x.BAT", "file_size": 3})).await;
    assert_eq!(e["errors"]["filename"], json!(["file type is not allowed"]));
    let (status, _) = announce(&s, "nope0000", json!({"filename": "a.jpg", "file_size": 1})).await;
    assert_eq!(status, 404);

    let id = sess["id"].as_i64().unwrap();
    let (status, done) = api(&s, "PUT", &format!("/api/uploads/{id}/set_done"), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        done,
        json!({"id": id, "assets_count": 9, "unsubmitted_assets_count": 0,
               "all_requirements_met": true, "done": true, "done_at": done["done_at"],
               "tag_suggesters_met": true, "unmet_tag_suggester_ids": [],
               "rights_packages_met": true, "creator_tags_met": true})
    );
    assert!(done["done_at"].is_string());
    let (status, _) = api(&s, "PUT", "/api/uploads/999/set_done", None).await;
    assert_eq!(status, 404);
    s.shutdown().await;
}

#[tokio::test]
async fn the_signed_put_refuses_credentials_bad_signatures_and_wrong_sizes() {
    let s = start().await;
    let bytes = b"0123456789".repeat(100);
    let (_, a) = pending(&s, "notes.txt", &bytes).await;
    let url = url_of(&a);

    let auth = [("Authorization", format!("Bearer {}", s.token()))];
    let r = send("PUT", &url, &auth, &bytes).await.unwrap();
    assert_eq!(r.status, 400);
    assert!(r.text().contains("Only one auth mechanism"), "{}", r.text());

    let forged = url.replace("X-Amz-Signature=", "X-Amz-Signature=0");
    assert_eq!(put(&forged, &bytes).await.status, 403);
    let other = url.replace("notes.txt", "other.txt");
    assert_eq!(put(&other, &bytes).await.status, 403);
    let unsigned = url.split('?').next().unwrap().to_string();
    assert_eq!(put(&unsigned, &bytes).await.status, 403);

    let short = put(&url, &bytes[..999]).await;
    assert_eq!(short.status, 400);
    assert!(short.text().contains("IncompleteBody"));
    let long = put(&url, &b"x".repeat(1001)).await;
    assert_eq!(long.status, 400);
    assert!(s.uploaded_file(a["id"].as_i64().unwrap()).is_none());
    let (status, e) = set_uploaded(&s, &a["guid"]).await;
    assert_eq!(status, 422);
    assert!(
        e["error"].as_str().unwrap().contains("has not arrived"),
        "{e}"
    );

    let ok = put(&url, &bytes).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert!(ok.header("ETag").is_some_and(|e| e.len() == 34));
    assert_eq!(
        s.uploaded_file(a["id"].as_i64().unwrap()).as_deref(),
        Some(&bytes[..])
    );
    assert!(s.upload_bytes_received() >= 999 + 1000);
    let logged = s
        .request_log()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.starts_with("/s3-uploads/"))
        .map(|r| r.body)
        .collect::<Vec<_>>();
    assert!(logged.contains(&"<1000 bytes>".to_string()), "{logged:?}");

    // a later PUT replaces the bytes
    let again = b"abcdefghij".repeat(100);
    assert_eq!(put(&url, &again).await.status, 200);
    assert_eq!(s.uploaded_file(a["id"].as_i64().unwrap()), Some(again));
    let dir = s.state.store.path().expect("an upload directory");
    s.shutdown().await;
    assert!(!dir.exists(), "the upload directory is removed at shutdown");
}

#[tokio::test]
async fn expired_urls_are_refused_and_add_version_renews_them() {
    let s = DemoServer::start(DemoOptions {
        faults: FaultSettings {
            upload_url_ttl_secs: Some(1),
            ..quick()
        },
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let bytes = png(8, 8, [0, 0, 255]);
    let (_, a) = pending(&s, "blue.png", &bytes).await;
    assert!(url_of(&a).contains("X-Amz-Expires=1&"));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let r = put(&url_of(&a), &bytes).await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("expired"), "{}", r.text());

    s.set_faults(quick());
    let id = a["id"].as_i64().unwrap();
    let (status, v) = api(
        &s,
        "POST",
        &format!("/api/assets/{id}/add_version"),
        Some(json!({"asset": {"filename": "blue.png", "file_size": bytes.len()}})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let renewed = v["signed_upload_url"].as_str().unwrap();
    assert!(renewed.contains(a["guid"].as_str().unwrap()));
    assert!(renewed.contains("X-Amz-Expires=3600"));
    assert_eq!(put(renewed, &bytes).await.status, 200);
    assert_eq!(s.uploaded_assets().len(), 1, "the same asset, no new one");
    let (status, v) = set_uploaded(&s, &a["guid"]).await;
    assert_eq!((status, v["aasm_state"].clone()), (200, json!("uploaded")));
    let done = settled(&s, id).await;
    assert_eq!(done["aasm_state"], json!("processed"));
    assert_eq!(done["data_version_number"], json!(1));
    let (status, _) = api(
        &s,
        "POST",
        "/api/assets/999999999/add_version",
        Some(json!({"asset": {"filename": "a.png", "file_size": 1}})),
    )
    .await;
    assert_eq!(status, 404);
    s.shutdown().await;
}

#[tokio::test]
async fn cut_uploads_fail_half_way_then_succeed() {
    let s = DemoServer::start(DemoOptions {
        faults: FaultSettings {
            cut_uploads: 1,
            ..quick()
        },
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let bytes = vec![7u8; 4_000_000];
    let (_, a) = pending(&s, "big.bin", &bytes).await;
    let url = url_of(&a);
    // a 500, or the connection dropped: a failure either way
    if let Ok(r) = send("PUT", &url, &[], &bytes).await {
        assert_eq!(r.status, 500, "{}", r.text());
    }
    let got = s.upload_bytes_received();
    assert!((2_000_000..4_000_000).contains(&got), "{got}");
    let (status, _) = set_uploaded(&s, &a["id"]).await;
    assert_eq!(status, 422, "nothing arrived");
    assert!(s.uploaded_file(a["id"].as_i64().unwrap()).is_none());

    assert_eq!(put(&url, &bytes).await.status, 200);
    let (status, _) = set_uploaded(&s, &a["id"]).await;
    assert_eq!(status, 200);
    let done = settled(&s, a["id"].as_i64().unwrap()).await;
    assert_eq!(done["aasm_state"], json!("processed"));
    assert_eq!(done["type"], json!("Document"));
    assert!(done["thumb_url"].is_string());
    s.shutdown().await;
}

#[tokio::test]
async fn uploaded_images_are_decoded_and_rendered_from_their_own_pixels() {
    let s = start().await;
    let red = png(37, 23, [250, 10, 10]);
    let (_, a) = pending(&s, "red.png", &red).await;
    let id = a["id"].as_i64().unwrap();
    assert_eq!(put(&url_of(&a), &red).await.status, 200);
    let (status, v) = set_uploaded(&s, &a["guid"]).await;
    assert_eq!((status, v["aasm_state"].clone()), (200, json!("uploaded")));
    let done = settled(&s, id).await;
    assert_eq!(done["aasm_state"], json!("processed"));
    assert_eq!(
        (done["width"].clone(), done["height"].clone()),
        (json!(37), json!(23))
    );
    // set_uploaded again is harmless
    let (status, v) = set_uploaded(&s, &json!(id)).await;
    assert_eq!((status, v["aasm_state"].clone()), (200, json!("processed")));
    assert_eq!(v["data_version_number"], json!(1));

    let thumb = send("GET", done["thumb_url"].as_str().unwrap(), &[], b"")
        .await
        .unwrap();
    assert_eq!(thumb.status, 200);
    let img = image::load_from_memory(&thumb.body).unwrap().to_rgb8();
    assert_eq!((img.width(), img.height()), (37, 23));
    let p = img.get_pixel(18, 11);
    assert!(p[0] > 200 && p[1] < 60 && p[2] < 60, "{p:?}");

    let photo = jpeg(64, 48);
    let (_, b) = pending(&s, "photo.JPG", &photo).await;
    assert_eq!(put(&url_of(&b), &photo).await.status, 200);
    set_uploaded(&s, &b["id"]).await;
    let done = settled(&s, b["id"].as_i64().unwrap()).await;
    assert_eq!(
        (done["width"].clone(), done["height"].clone()),
        (json!(64), json!(48))
    );

    // a new version: re-rendered from the new bytes
    let tall = png(10, 40, [10, 240, 10]);
    let (status, v) = api(
        &s,
        "POST",
        &format!("/api/assets/{id}/add_version"),
        Some(json!({"asset": {"filename": "green.png", "file_size": tall.len()}})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        put(v["signed_upload_url"].as_str().unwrap(), &tall)
            .await
            .status,
        200
    );
    set_uploaded(&s, &json!(id)).await;
    let v2 = settled(&s, id).await;
    assert_eq!(v2["data_version_number"], json!(2));
    assert_eq!(v2["filename"], json!("green.png"));
    assert_eq!(
        (v2["width"].clone(), v2["height"].clone()),
        (json!(10), json!(40))
    );
    let thumb = send("GET", v2["thumb_url"].as_str().unwrap(), &[], b"")
        .await
        .unwrap();
    let img = image::load_from_memory(&thumb.body).unwrap().to_rgb8();
    let p = img.get_pixel(5, 20);
    assert!(p[1] > 200 && p[0] < 60, "{p:?}");
    s.shutdown().await;
}

#[tokio::test]
async fn broken_images_end_in_processing_error_and_big_files_are_not_kept() {
    let s = start().await;
    let junk = b"this is not a jpeg".to_vec();
    let (_, a) = pending(&s, "broken.jpg", &junk).await;
    assert_eq!(put(&url_of(&a), &junk).await.status, 200);
    set_uploaded(&s, &a["guid"]).await;
    let done = settled(&s, a["id"].as_i64().unwrap()).await;
    assert_eq!(done["aasm_state"], json!("processing_error"));
    assert!(done["processing_error"].is_string());
    assert_eq!(done["thumb_url"], Value::Null);

    let big = vec![0u8; 64 * 1024 * 1024 + 1];
    let (_, b) = pending(&s, "huge.jpg", &big).await;
    let before = s.upload_bytes_received();
    assert_eq!(put(&url_of(&b), &big).await.status, 200);
    assert_eq!(s.upload_bytes_received() - before, big.len() as u64);
    assert!(
        s.uploaded_file(b["id"].as_i64().unwrap()).is_none(),
        "only counted"
    );
    set_uploaded(&s, &b["guid"]).await;
    let done = settled(&s, b["id"].as_i64().unwrap()).await;
    assert_eq!(done["aasm_state"], json!("processed"));
    assert!(done["width"].as_i64().unwrap() > 0);
    s.shutdown().await;
}

#[tokio::test]
async fn search_hides_unprocessed_assets_unless_asked_for_a_session_or_a_state() {
    let s = start().await;
    let bytes = png(4, 4, [1, 2, 3]);
    let (sess, a) = pending(&s, "zzpending.png", &bytes).await;
    let guid = sess["guid"].as_str().unwrap();
    let total = |v: &Value| v["total_entries"].as_u64().unwrap();

    let (_, all) = api(&s, "GET", "/api/assets/search", None).await;
    assert_eq!(total(&all), BASE_ASSET_COUNT as u64);
    let (_, q) = api(&s, "GET", "/api/assets/search?q=zzpending", None).await;
    assert_eq!(total(&q), 0);
    let (_, by_id) = api(
        &s,
        "GET",
        &format!("/api/assets/search?ids[]={}", a["id"]),
        None,
    )
    .await;
    assert_eq!(total(&by_id), 0);
    let (_, ids) = api(
        &s,
        "GET",
        &format!(
            "/api/storage_folders/{}/asset_ids",
            ids::FOLDER_STAFF_UPLOADS
        ),
        None,
    )
    .await;
    assert!(!ids.as_array().unwrap().contains(&a["id"]));

    for query in [
        format!("upload_guid={guid}"),
        format!("upload_id={}", sess["id"]),
        "aasm_state=pending".to_string(),
        "aasm_state=processed,pending&q=zzpending".to_string(),
    ] {
        let (_, v) = api(&s, "GET", &format!("/api/assets/search?{query}"), None).await;
        assert_eq!(total(&v), 1, "{query}");
        assert_eq!(v["assets"][0]["id"], a["id"], "{query}");
        assert_eq!(v["assets"][0]["aasm_state"], json!("pending"), "{query}");
    }
    let (_, v) = api(&s, "GET", "/api/assets/search?upload_guid=ffffffff", None).await;
    assert_eq!(total(&v), 0);
    let (_, v) = api(
        &s,
        "GET",
        "/api/assets/search?aasm_state=processing_error",
        None,
    )
    .await;
    assert_eq!(total(&v), 0);
    let (status, v) = api(&s, "GET", &format!("/api/assets/{}", a["id"]), None).await;
    assert_eq!((status, v["aasm_state"].clone()), (200, json!("pending")));

    assert_eq!(put(&url_of(&a), &bytes).await.status, 200);
    set_uploaded(&s, &a["guid"]).await;
    settled(&s, a["id"].as_i64().unwrap()).await;
    let (_, all) = api(&s, "GET", "/api/assets/search", None).await;
    assert_eq!(total(&all), BASE_ASSET_COUNT as u64 + 1);
    let (_, q) = api(&s, "GET", "/api/assets/search?q=zzpending", None).await;
    assert_eq!(total(&q), 1);
    s.shutdown().await;
}
