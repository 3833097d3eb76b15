//! The embedded demo server over real HTTP: auth, paging headers, faults, renditions.

use std::time::{Duration, Instant};

use mgtui::demo::{DemoOptions, DemoServer, FaultSettings, ids};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn start() -> DemoServer {
    DemoServer::start(DemoOptions::default())
        .await
        .expect("demo server starts")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

fn api(
    s: &DemoServer,
    c: &reqwest::Client,
    method: reqwest::Method,
    path: &str,
) -> reqwest::RequestBuilder {
    c.request(method, format!("{}{}", s.base_url(), path))
        .basic_auth("", Some(s.token()))
        .header("OrganizationId", s.organization_id().to_string())
        .header("Accept", "application/json")
}

async fn get_json(
    s: &DemoServer,
    c: &reqwest::Client,
    path: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let r = api(s, c, reqwest::Method::GET, path).send().await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.json::<Value>().await.unwrap_or(Value::Null);
    (status, headers, body)
}

fn total_entries(h: &reqwest::header::HeaderMap) -> usize {
    h.get("Total-Entries")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn auth_is_enforced_like_the_real_service() {
    let s = start().await;
    let c = client();
    let url = format!("{}/api/assets/search", s.base_url());
    assert_eq!(
        c.get(&url).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let wrong = c
        .get(&url)
        .basic_auth("", Some("nope"))
        .header("OrganizationId", "1001")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.json::<Value>().await.unwrap()["error"].is_string());
    let no_org = c
        .get(&url)
        .basic_auth("", Some(s.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(no_org.status(), StatusCode::FORBIDDEN);
    let other_org = c
        .get(&url)
        .bearer_auth(s.token())
        .header("OrganizationId", "42")
        .send()
        .await
        .unwrap();
    assert_eq!(other_org.status(), StatusCode::FORBIDDEN);
    // whoami needs no OrganizationId; bearer works too
    let who = c
        .get(format!("{}/api/whoami", s.base_url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(who.status(), StatusCode::OK);
    let who: Value = who.json().await.unwrap();
    assert_eq!(who["organization"]["id"], json!(s.organization_id()));
    assert_eq!(who["membership"]["role_level"], json!("admin"));
    let (st, _, body) = get_json(&s, &c, "/api/nope").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"error": "Not Found"}));
    s.shutdown().await;
}

#[tokio::test]
async fn trees_and_search_page_with_total_entries() {
    let s = start().await;
    let c = client();
    let (st, h, roots) = get_json(&s, &c, "/api/storage_folders/tree").await;
    assert_eq!(st, StatusCode::OK);
    assert!(roots.as_array().unwrap().len() <= 10);
    let (_, h2, projects) = get_json(
        &s,
        &c,
        &format!(
            "/api/storage_folders/tree?parent_id={}",
            ids::FOLDER_PROJECTS
        ),
    )
    .await;
    assert_eq!(
        projects.as_array().unwrap().len(),
        10,
        "default per_page is 10"
    );
    assert!(total_entries(&h2) > 10);
    assert!(total_entries(&h) >= 5);
    let (_, _, lbs) = get_json(&s, &c, "/api/lightboxes/tree").await;
    let home = lbs
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["sub_type"] == "home")
        .unwrap()
        .clone();
    assert_ne!(home["id"], home["asset_group_id"]);

    let (st, h, body) = get_json(
        &s,
        &c,
        "/api/assets/search?per_page=30&page=2&include_totals=true",
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(body["assets"].as_array().unwrap().len(), 30);
    assert_eq!(
        total_entries(&h),
        body["total_entries"].as_u64().unwrap() as usize
    );
    assert!(body["filters"]["rating"]["buckets"].is_array());
    let a = &body["assets"][0];
    for k in [
        "id",
        "guid",
        "filename",
        "thumb_url",
        "grid_url",
        "small_url",
        "permalink_url",
        "tags",
        "custom_meta_values",
    ] {
        assert!(a.get(k).is_some(), "{k} missing");
    }
    let (st, _, detail) = get_json(
        &s,
        &c,
        &format!("/api/assets/{}", a["guid"].as_str().unwrap()),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(detail["id"], a["id"]);
    assert!(detail["full_url"].is_string());
    s.shutdown().await;
}

#[tokio::test]
async fn put_asset_validates_and_applies() {
    let s = start().await;
    let c = client();
    let (_, _, body) = get_json(&s, &c, "/api/assets/search?per_page=1").await;
    let id = body["assets"][0]["id"].as_i64().unwrap();
    let bad = api(&s, &c, reqwest::Method::PUT, &format!("/api/assets/{id}"))
        .json(&json!({"asset": {"rating": 9}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json::<Value>().await.unwrap()["errors"]["rating"].is_array());
    let ok = api(&s, &c, reqwest::Method::PUT, &format!("/api/assets/{id}"))
        .json(&json!({"asset": {"title": "Renamed", "rating": 5, "add_tag_names": ["http-tag"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let v: Value = ok.json().await.unwrap();
    assert_eq!(v["title"], "Renamed");
    assert_eq!(v["rating"], 5);
    assert!(
        v["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "http-tag")
    );
    let missing = api(&s, &c, reqwest::Method::PUT, "/api/assets/999999999")
        .json(&json!({"asset": {"rating": 1}}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(s.request_count("PUT", "/api/assets/"), 3);
    s.shutdown().await;
}

#[tokio::test]
async fn bulk_job_runs_to_processed_and_applies() {
    let s = start().await;
    let c = client();
    let (_, _, body) = get_json(&s, &c, "/api/assets/search?per_page=5").await;
    let ids: Vec<i64> = body["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    let r = api(&s, &c, reqwest::Method::POST, "/api/bulk_jobs")
        .json(
            &json!({"bulk_job": {"asset_ids": ids, "tag_names": ["bulk-http"], "tag_mode": "add"}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let job: Value = r.json().await.unwrap();
    assert_eq!(job["aasm_state"], "pending");
    let guid = job["guid"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, j) = get_json(&s, &c, &format!("/api/bulk_jobs/{guid}")).await;
        if j["aasm_state"] == "processed" {
            assert_eq!(j["progress"], json!(100.0));
            break;
        }
        assert!(Instant::now() < deadline, "job did not finish: {j}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, h, tagged) = get_json(&s, &c, "/api/assets/search?tags[]=bulk-http").await;
    assert_eq!(total_entries(&h), 5);
    assert_eq!(tagged["assets"].as_array().unwrap().len(), 5);
    let empty = api(&s, &c, reqwest::Method::POST, "/api/bulk_jobs")
        .json(&json!({"bulk_job": {"asset_ids": [], "rating": 1}}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    s.shutdown().await;
}

#[tokio::test]
async fn faults_latency_fail_next_and_malformed_json() {
    let s = start().await;
    let c = client();
    s.set_faults(FaultSettings {
        fail_next: vec![503, 429],
        retry_after_secs: Some(2),
        ..Default::default()
    });
    let r1 = api(&s, &c, reqwest::Method::GET, "/api/whoami")
        .send()
        .await
        .unwrap();
    assert_eq!(r1.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r1.headers()["Retry-After"], "2");
    let r2 = api(&s, &c, reqwest::Method::GET, "/api/whoami")
        .send()
        .await
        .unwrap();
    assert_eq!(r2.status(), StatusCode::TOO_MANY_REQUESTS);
    let r3 = api(&s, &c, reqwest::Method::GET, "/api/whoami")
        .send()
        .await
        .unwrap();
    assert_eq!(r3.status(), StatusCode::OK);

    s.set_faults(FaultSettings {
        latency_ms: 150,
        ..Default::default()
    });
    let t = Instant::now();
    let r = api(&s, &c, reqwest::Method::GET, "/api/whoami")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(t.elapsed() >= Duration::from_millis(150));

    s.set_faults(FaultSettings {
        malformed_json: true,
        ..Default::default()
    });
    let r = api(&s, &c, reqwest::Method::GET, "/api/assets/search")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());

    s.set_faults(FaultSettings {
        error_rate: 1.0,
        ..Default::default()
    });
    let r = api(&s, &c, reqwest::Method::GET, "/api/whoami")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);

    s.set_faults(FaultSettings {
        stall: true,
        ..Default::default()
    });
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let stalled = api(&s, &quick, reqwest::Method::GET, "/api/whoami")
        .send()
        .await;
    assert!(stalled.is_err_and(|e| e.is_timeout()));
    s.set_faults(FaultSettings::default());
    s.shutdown().await; // must not hang on the stalled request
}

#[tokio::test]
async fn renditions_are_signed_jpegs() {
    let s = start().await;
    let c = client();
    let (_, _, body) = get_json(&s, &c, "/api/assets/search?per_page=2").await;
    let grid = body["assets"][0]["grid_url"].as_str().unwrap().to_string();
    // no API auth header on purpose
    let r = c.get(&grid).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    let bytes = r.bytes().await.unwrap();
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).unwrap();
    assert_eq!(img.width().max(img.height()), 300);
    let tampered = grid.replace("Signature=", "Signature=00");
    assert_eq!(
        c.get(&tampered).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let unsigned = grid.split('?').next().unwrap().to_string();
    assert_eq!(
        c.get(&unsigned).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    s.shutdown().await;
}

#[tokio::test]
async fn downloads_answer_a_jpeg_or_a_zip_without_api_auth() {
    let s = start().await;
    let c = client();
    let (_, _, body) = get_json(&s, &c, "/api/assets/search?per_page=2").await;
    let ids: Vec<i64> = body["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    for (asset_ids, zip) in [(vec![ids[0]], false), (ids.clone(), true)] {
        let r = api(&s, &c, reqwest::Method::POST, "/api/downloads")
            .json(&json!({"download": {"asset_ids": asset_ids, "size": "small", "via": "mgtui"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let d: Value = r.json().await.unwrap();
        assert!(d["integration"].is_null());
        assert_eq!(d["filename"].as_str().unwrap().ends_with(".zip"), zip);
        let bytes = c
            .get(format!(
                "{}/api/downloads/{}",
                s.base_url(),
                d["token"].as_str().unwrap()
            ))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        if zip {
            assert_eq!(&bytes[..4], b"PK\x03\x04");
        } else {
            assert!(image::load_from_memory(&bytes).is_ok());
        }
    }
    let r = c
        .get(format!("{}/api/downloads/not-a-token", s.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    s.shutdown().await;
}

/// API answers travel gzipped when the client asks (a search page shrinks several
/// times); files do not.
#[tokio::test]
async fn api_answers_are_gzipped_for_clients_that_ask() {
    let (server, _) = crate::common::start().await;
    let plain = reqwest::Client::builder().no_gzip().build().unwrap();
    let fetch = |path: &str, gzip: bool| {
        let mut rb = plain
            .get(format!("{}{path}", server.base_url()))
            .bearer_auth(server.token())
            .header("OrganizationId", server.organization_id().to_string());
        if gzip {
            rb = rb.header("Accept-Encoding", "gzip");
        }
        rb.send()
    };
    let search = "/api/assets/search?per_page=100";
    let whole = fetch(search, false).await.unwrap();
    assert!(whole.headers().get("content-encoding").is_none());
    let whole = whole.bytes().await.unwrap().len();
    let zipped = fetch(search, true).await.unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let zipped = zipped.bytes().await.unwrap().len();
    assert!(zipped * 4 < whole, "{zipped} gzipped of {whole}");
    let file = fetch("/api/assets/100001/download?size=original", true)
        .await
        .unwrap();
    assert!(file.headers().get("content-encoding").is_none());
}

/// mgtui asks for gzip on API calls and never on files (a gzipped file has no byte
/// ranges to resume from, and JPEGs do not shrink).
#[tokio::test]
async fn the_client_asks_for_gzip_on_api_calls_only() {
    let (api, seen) = crate::security::raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}".into(),
    )
    .await;
    let client = mgtui::api::ApiClient::new(mgtui::api::ClientConfig::new(
        api,
        mgtui::api::Credentials {
            auth: mgtui::api::Auth::Pat(mgtui::api::Secret::new("tok")),
            organization_id: Some(77),
        },
    ))
    .unwrap();
    let _ = client.whoami().await;
    let _ = client.download_asset(1, "original", None, 0).await;
    let heads = seen.lock().unwrap().clone();
    assert_eq!(heads.len(), 2, "{heads:?}");
    let asks_gzip = |head: &str| {
        head.lines()
            .any(|l| l.to_ascii_lowercase().starts_with("accept-encoding:") && l.contains("gzip"))
    };
    assert!(asks_gzip(&heads[0]), "{}", heads[0]);
    assert!(!asks_gzip(&heads[1]), "{}", heads[1]);
}
