//! Accounts over loopback against the embedded server: credential precedence, PAT login
//! (whoami-verified, stored in the keyring or the 0600 file), OAuth + PKCE end to end
//! (authorize redirect, code exchange with verifier check, refresh, revoke), pasted code.

use crate::common;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mgtui::api::{Auth, Secret};
use mgtui::auth::login::{self, LoginOptions, Prompt};
use mgtui::auth::oauth::Endpoints;
use mgtui::auth::store::{Backend, KeyringError, KeyringService};
use mgtui::auth::{self, CliChoice, CredentialStore, EnvVars, Source, StoredCredential};
use mgtui::config::{self, AuthKind};
use mgtui::demo::{DemoOptions, DemoServer};
use tokio::sync::mpsc;

/// Answers questions from a script and records what was said.
struct Script {
    answers: VecDeque<String>,
    said: Arc<Mutex<Vec<String>>>,
    tell: Option<mpsc::UnboundedSender<String>>,
}

impl Script {
    fn new(answers: &[&str]) -> (Script, Arc<Mutex<Vec<String>>>) {
        let said = Arc::new(Mutex::new(Vec::new()));
        (
            Script {
                answers: answers.iter().map(|s| s.to_string()).collect(),
                said: said.clone(),
                tell: None,
            },
            said,
        )
    }
}

impl Prompt for Script {
    fn say(&mut self, text: &str) {
        self.said.lock().unwrap().push(text.to_string());
        if let Some(t) = &self.tell {
            let _ = t.send(text.to_string());
        }
    }
    fn ask(&mut self, q: &str) -> Result<String, String> {
        self.say(q);
        self.answers.pop_front().ok_or_else(|| "no answer".into())
    }
    fn ask_secret(&mut self, q: &str) -> Result<Secret, String> {
        self.say(q);
        self.answers
            .pop_front()
            .map(Secret::new)
            .ok_or_else(|| "no answer".into())
    }
}

/// The OS keyring service, in memory; `available: false` acts like an SSH host.
#[derive(Default)]
struct MemKeyring {
    items: Mutex<HashMap<String, String>>,
    unavailable: bool,
}

struct Ring(Arc<MemKeyring>);

impl KeyringService for Ring {
    fn get(&self, a: &str) -> Result<Option<String>, KeyringError> {
        if self.0.unavailable {
            return Err(KeyringError::Unavailable("no D-Bus session".into()));
        }
        Ok(self.0.items.lock().unwrap().get(a).cloned())
    }
    fn set(&self, a: &str, s: &str) -> Result<(), KeyringError> {
        if self.0.unavailable {
            return Err(KeyringError::Unavailable("no D-Bus session".into()));
        }
        self.0.items.lock().unwrap().insert(a.into(), s.into());
        Ok(())
    }
    fn delete(&self, a: &str) -> Result<(), KeyringError> {
        if self.0.unavailable {
            return Err(KeyringError::Unavailable("no D-Bus session".into()));
        }
        self.0.items.lock().unwrap().remove(a);
        Ok(())
    }
    fn name(&self) -> &'static str {
        "test keyring"
    }
}

fn opts(server: &DemoServer, dir: &std::path::Path, profile: &str, kind: AuthKind) -> LoginOptions {
    LoginOptions {
        profile: profile.into(),
        kind,
        api_url: server.base_url(),
        organization: None,
        endpoints: Some(Endpoints::new(&server.base_url(), "mgtui-test").unwrap()),
        redirect_port: 0,
        open_browser: false,
        timeout: Duration::from_secs(20),
        config_path: config::config_path(dir),
    }
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn env_beats_profile_and_a_chosen_profile_beats_env() {
    let dir = tempfile::tempdir().unwrap();
    let store = CredentialStore::file_only(dir.path().join("credentials"));
    store
        .save(
            "work",
            &StoredCredential::Pat {
                token: Secret::new("profile-token"),
            },
        )
        .unwrap();
    let mut problems = Vec::new();
    let settings = config::file::parse(
        std::path::Path::new("config.toml"),
        "[profiles.work]\norganization_id = 5\napi_url = \"http://127.0.0.1:9\"\n",
        &mut problems,
    );
    assert!(problems.is_empty());
    let env = EnvVars {
        pat: Some(Secret::new("env-token")),
        organization_id: Some("77".into()),
        api_url: Some("http://127.0.0.1:8".into()),
        ..Default::default()
    };
    let r = auth::resolve(&CliChoice::default(), &env, &settings, &store).unwrap();
    assert_eq!(r.source, Source::Env);
    assert_eq!(r.organization_id, Some(77));
    assert!(matches!(&r.auth, Auth::Pat(t) if t.expose() == "env-token"));

    let chosen = CliChoice {
        profile: Some("work".into()),
        ..Default::default()
    };
    let r = auth::resolve(&chosen, &env, &settings, &store).unwrap();
    assert_eq!(r.source, Source::Profile("work".into()));
    assert_eq!(r.organization_id, Some(5));
    assert_eq!(r.base_url, "http://127.0.0.1:9");
    assert!(matches!(&r.auth, Auth::Pat(t) if t.expose() == "profile-token"));

    // Without env the only profile is used.
    let r = auth::resolve(
        &CliChoice::default(),
        &EnvVars::default(),
        &settings,
        &store,
    )
    .unwrap();
    assert_eq!(r.source, Source::Profile("work".into()));
    // A missing profile is named.
    let err = auth::resolve(
        &CliChoice {
            profile: Some("nope".into()),
            ..Default::default()
        },
        &env,
        &settings,
        &store,
    )
    .unwrap_err();
    assert!(err.contains("nope") && err.contains("mgtui login"), "{err}");
    // Env with no organisation says which variable is missing.
    let env_no_org = EnvVars {
        pat: Some(Secret::new("t")),
        ..Default::default()
    };
    let err = auth::resolve(&CliChoice::default(), &env_no_org, &settings, &store).unwrap_err();
    assert!(err.contains("MEDIAGRAPH_ORGANIZATION_ID"), "{err}");
}

#[tokio::test]
async fn pat_login_verifies_with_whoami_and_stores_in_a_private_file() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cred_dir = dir.path().join("credentials");
    let store = CredentialStore::file_only(cred_dir.clone());
    let o = opts(&server, dir.path(), "acme", AuthKind::Pat);

    // A wrong token is refused by whoami and nothing is saved.
    let (mut p, _) = Script::new(&["wrong-token"]);
    let err = login::login_pat(&mut p, &o, &store).await.unwrap_err();
    assert!(
        err.contains("refused") && err.contains("nothing was saved"),
        "{err}"
    );
    assert!(!cred_dir.join("acme.json").exists());
    assert!(!o.config_path.exists());

    // The organisation found by slug.
    let slug = server_slug(&server).await;
    server.clear_request_log();
    let (mut p, said) = Script::new(&[server.token(), &slug]);
    let out = login::login_pat(&mut p, &o, &store).await.unwrap();
    assert_eq!(out.organization_id, Some(server.organization_id()));
    assert!(server.request_count("GET", "/api/whoami") >= 1);
    assert_eq!(server.request_count("GET", "/api/organizations/find"), 1);
    let file = cred_dir.join("acme.json");
    assert_eq!(out.stored_in, Backend::File(file.clone()));
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&cred_dir), 0o700);
    }
    assert!(
        said.lock()
            .unwrap()
            .iter()
            .all(|s| !s.contains(server.token()))
    );
    let loaded = config::load(dir.path());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let prof = &loaded.settings.profiles["acme"];
    assert_eq!(prof.organization_id, Some(server.organization_id()));
    assert_eq!(prof.auth, AuthKind::Pat);
    assert!(
        !std::fs::read_to_string(&o.config_path)
            .unwrap()
            .contains(server.token())
    );

    // The saved profile works.
    let r = auth::resolve(
        &CliChoice {
            profile: Some("acme".into()),
            ..Default::default()
        },
        &EnvVars::default(),
        &loaded.settings,
        &store,
    )
    .unwrap();
    let status = login::status(&r, Arc::new(CredentialStore::file_only(cred_dir.clone())))
        .await
        .unwrap();
    assert!(status.contains("profile `acme`"), "{status}");
    assert!(!status.contains(server.token()));

    // A loosened file is refused rather than used.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = store.load("acme").unwrap_err();
        assert!(err.contains("chmod 600"), "{err}");
    }

    // Logout deletes it.
    let msg = login::logout("acme", &loaded.settings, &EnvVars::default(), &store)
        .await
        .unwrap();
    assert!(msg.contains("deleted"), "{msg}");
    assert!(!file.exists());
}

async fn server_slug(server: &DemoServer) -> String {
    let c = common::client_for(server, Duration::from_secs(5));
    c.organization(server.organization_id())
        .await
        .unwrap()
        .slug
        .unwrap()
}

#[tokio::test]
async fn keyring_is_used_when_present_and_the_file_when_not() {
    let dir = tempfile::tempdir().unwrap();
    let ring = Arc::new(MemKeyring::default());
    let store = CredentialStore::with_keyring(Box::new(Ring(ring.clone())), dir.path().join("c"));
    let cred = StoredCredential::Pat {
        token: Secret::new("tok-1"),
    };
    assert_eq!(
        store.save("p", &cred).unwrap(),
        Backend::Keyring("test keyring")
    );
    assert!(!dir.path().join("c").exists());
    assert_eq!(store.load("p").unwrap(), Some(cred.clone()));
    assert!(ring.items.lock().unwrap().contains_key("profile:p"));
    assert!(store.delete("p").unwrap());
    assert_eq!(store.load("p").unwrap(), None);

    let down = Arc::new(MemKeyring {
        unavailable: true,
        ..Default::default()
    });
    let store = CredentialStore::with_keyring(Box::new(Ring(down)), dir.path().join("c"));
    assert!(matches!(store.save("p", &cred).unwrap(), Backend::File(_)));
    assert_eq!(store.load("p").unwrap(), Some(cred));
    assert!(
        store.describe().contains("no keyring service"),
        "{}",
        store.describe()
    );
}

/// Runs an OAuth login in the background; answers the authorize URL it printed.
async fn start_oauth(
    server: &DemoServer,
    dir: &std::path::Path,
    store: Arc<CredentialStore>,
) -> (
    tokio::task::JoinHandle<Result<login::LoginOutcome, String>>,
    url::Url,
    mpsc::Sender<String>,
) {
    let (tell_tx, mut tell_rx) = mpsc::unbounded_channel();
    let (paste_tx, mut paste_rx) = mpsc::channel(4);
    let o = opts(server, dir, "oa", AuthKind::OAuth);
    let task = tokio::spawn(async move {
        let (mut p, _) = Script::new(&[""]);
        p.tell = Some(tell_tx);
        login::login_oauth(&mut p, &o, &mut paste_rx, &store).await
    });
    let url = loop {
        let line = tell_rx.recv().await.expect("login prints the URL");
        if let Some(u) = line
            .split_whitespace()
            .find(|w| w.contains("/oauth/authorize"))
        {
            break url::Url::parse(u).unwrap();
        }
    };
    (task, url, paste_tx)
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What the browser does: follow the authorize URL to its redirect.
async fn authorize(url: &url::Url) -> url::Url {
    let resp = no_redirects().get(url.clone()).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 302);
    let loc = resp.headers()["location"].to_str().unwrap().to_string();
    url::Url::parse(&loc).unwrap()
}

#[tokio::test]
async fn oauth_pkce_end_to_end_with_refresh_and_revoke() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(CredentialStore::file_only(dir.path().join("credentials")));
    let (task, url, _paste) = start_oauth(&server, dir.path(), store.clone()).await;
    let q: HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["client_id"], "mgtui-test");
    assert!(q["redirect_uri"].starts_with("http://127.0.0.1:"));
    let redirect = authorize(&url).await;

    // A redirect with a forged state is refused and the login keeps waiting.
    let mut forged = redirect.clone();
    let code: String = redirect
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into();
    forged.set_query(Some(&format!("code={code}&state=forged")));
    let r = reqwest::get(forged).await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(!task.is_finished());

    let r = reqwest::get(redirect).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let out = task.await.unwrap().unwrap();
    assert_eq!(out.organization_id, Some(server.organization_id()));
    let stats = server.oauth_stats();
    assert_eq!((stats.authorizations, stats.code_grants), (1, 1));

    // The stored profile connects with the bearer token.
    let loaded = config::load(dir.path());
    assert_eq!(loaded.settings.profiles["oa"].auth, AuthKind::OAuth);
    let choice = CliChoice {
        profile: Some("oa".into()),
        ..Default::default()
    };
    let resolved = auth::resolve(&choice, &EnvVars::default(), &loaded.settings, &store).unwrap();
    assert!(matches!(resolved.auth, Auth::Bearer(_)));
    let mut cfg = resolved.client_config(store.clone());
    cfg.refresh_margin = Duration::ZERO;
    let client = mgtui::api::ApiClient::new(cfg).unwrap();
    client.whoami().await.unwrap();
    assert_eq!(server.oauth_stats().refresh_grants, 0);

    // Expired on the server: one 401, one refresh, the call succeeds.
    server.expire_oauth_tokens();
    client.custom_meta_fields().await.unwrap();
    assert_eq!(server.oauth_stats().refresh_grants, 1);
    let after = store.load("oa").unwrap().unwrap();
    let StoredCredential::OAuth { access, .. } = &after else {
        panic!()
    };
    assert_ne!(
        Some(access),
        match &resolved.auth {
            Auth::Bearer(t) => Some(t),
            _ => None,
        }
    );

    // Near expiry: renewed before the call, without a 401.
    server.set_oauth_token_lifetime(Duration::from_secs(1));
    server.expire_oauth_tokens();
    client.whoami().await.unwrap(); // 401 → refresh → token valid for 1 s
    let grants = server.oauth_stats().refresh_grants;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    server.clear_request_log();
    client.whoami().await.unwrap();
    assert_eq!(server.oauth_stats().refresh_grants, grants + 1);
    assert_eq!(
        server.request_count("GET", "/api/whoami"),
        1,
        "renewed before sending"
    );

    // Logout revokes; the old refresh token no longer works and the store is empty.
    let StoredCredential::OAuth {
        refresh: Some(old_refresh),
        ..
    } = store.load("oa").unwrap().unwrap()
    else {
        panic!("refresh token stored")
    };
    let msg = login::logout("oa", &loaded.settings, &EnvVars::default(), &store)
        .await
        .unwrap();
    assert!(msg.contains("revoked"), "{msg}");
    assert!(server.oauth_stats().revocations >= 2);
    assert_eq!(store.load("oa").unwrap(), None);
    let ep = Endpoints::new(&server.base_url(), "mgtui-test").unwrap();
    let http = mgtui::auth::oauth::http_client().unwrap();
    assert!(
        mgtui::auth::oauth::refresh(&http, &ep, &old_refresh)
            .await
            .is_err()
    );
    // A client still holding the revoked tokens is told to log in again.
    let err = client.whoami().await.unwrap_err();
    assert!(err.to_string().contains("mgtui login"), "{err}");
}

#[tokio::test]
async fn oauth_pasted_redirect_and_bare_code() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(CredentialStore::file_only(dir.path().join("credentials")));

    let (task, url, paste) = start_oauth(&server, dir.path(), store.clone()).await;
    let redirect = authorize(&url).await;
    paste
        .send("http://127.0.0.1:1/callback?code=x&state=wrong".into())
        .await
        .unwrap();
    paste.send(redirect.to_string()).await.unwrap();
    task.await.unwrap().unwrap();
    assert_eq!(server.oauth_stats().code_grants, 1);

    let (task, url, paste) = start_oauth(&server, dir.path(), store.clone()).await;
    let redirect = authorize(&url).await;
    let code: String = redirect
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into();
    paste.send(format!("  {code}  ")).await.unwrap();
    task.await.unwrap().unwrap();
    assert_eq!(server.oauth_stats().code_grants, 2);
}

#[tokio::test]
async fn token_endpoint_checks_the_pkce_verifier() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let pkce = mgtui::auth::oauth::Pkce::new().unwrap();
    let ep = Endpoints::new(&server.base_url(), "c1").unwrap();
    let url = mgtui::auth::oauth::authorize_url(
        &ep,
        "http://127.0.0.1:1/callback",
        "st",
        &pkce.challenge,
    )
    .unwrap();
    let redirect = authorize(&url).await;
    let code: String = redirect
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into();
    let http = mgtui::auth::oauth::http_client().unwrap();
    let wrong = Secret::new(mgtui::auth::oauth::random_string(32).unwrap());
    let err =
        mgtui::auth::oauth::exchange_code(&http, &ep, &code, &wrong, "http://127.0.0.1:1/callback")
            .await
            .unwrap_err();
    assert!(err.contains("code_verifier"), "{err}");
    // the code is single-use, even after a failed attempt
    let err = mgtui::auth::oauth::exchange_code(
        &http,
        &ep,
        &code,
        &pkce.verifier,
        "http://127.0.0.1:1/callback",
    )
    .await
    .unwrap_err();
    assert!(err.contains("invalid_grant"), "{err}");
}

#[tokio::test]
async fn oauth_login_times_out_cleanly() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = CredentialStore::file_only(dir.path().join("credentials"));
    let mut o = opts(&server, dir.path(), "late", AuthKind::OAuth);
    o.timeout = Duration::from_millis(300);
    let (_tx, mut rx) = mpsc::channel(1);
    let (mut p, _) = Script::new(&[]);
    let err = login::login_oauth(&mut p, &o, &mut rx, &store)
        .await
        .unwrap_err();
    assert!(err.contains("nothing was saved"), "{err}");
    assert_eq!(store.load("late").unwrap(), None);
    assert!(!o.config_path.exists());
}

/// A login whose profile cannot be written (config.toml is broken) leaves nothing
/// behind: no new credential file, and an earlier credential of the profile is kept.
#[tokio::test]
async fn a_login_that_cannot_write_its_profile_keeps_nothing() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cred_dir = dir.path().join("credentials");
    let store = CredentialStore::file_only(cred_dir.clone());
    let o = opts(&server, dir.path(), "acme", AuthKind::Pat);
    std::fs::create_dir_all(o.config_path.parent().unwrap()).unwrap();
    std::fs::write(&o.config_path, "[profiles\nbroken = ").unwrap();
    let slug = server_slug(&server).await;
    let (mut p, _) = Script::new(&[server.token(), &slug]);
    let err = login::login_pat(&mut p, &o, &store).await.unwrap_err();
    assert!(err.contains("not kept"), "{err}");
    assert!(
        !cred_dir.join("acme.json").exists(),
        "no credential left behind"
    );
    // With a working config first, then a broken one: the first credential stays.
    std::fs::write(&o.config_path, "").unwrap();
    let (mut p, _) = Script::new(&[server.token(), &slug]);
    login::login_pat(&mut p, &o, &store).await.unwrap();
    let before = store.load("acme").unwrap();
    assert!(before.is_some());
    std::fs::write(&o.config_path, "[profiles\nbroken = ").unwrap();
    let (mut p, _) = Script::new(&[server.token(), &slug]);
    assert!(login::login_pat(&mut p, &o, &store).await.is_err());
    assert_eq!(store.load("acme").unwrap(), before);
}

/// Two profiles and no default: starting says which exist and how to choose (instead of
/// "not signed in"), `mgtui info` prints the whole explanation, and a later login can
/// make one the default.
#[tokio::test]
async fn two_profiles_without_a_default_say_how_to_choose() {
    let dir = tempfile::tempdir().unwrap();
    let store = CredentialStore::file_only(dir.path().join("credentials"));
    let mut problems = Vec::new();
    let text = "[profiles.work]\norganization_id = 5\n[profiles.home]\norganization_id = 6\n";
    let settings = config::file::parse(std::path::Path::new("config.toml"), text, &mut problems);
    let err = auth::resolve(
        &CliChoice::default(),
        &EnvVars::default(),
        &settings,
        &store,
    )
    .expect_err("no profile chosen");
    assert!(
        err.contains("several profiles (home, work)") && err.contains("--set-default"),
        "{err}"
    );
    // `mgtui info` with no credential at all prints every line of the explanation.
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mgtui"))
        .arg("info")
        .env_clear()
        .env("HOME", empty.path())
        .env("MGTUI_CONFIG_DIR", empty.path().join("config"))
        .env("MGTUI_KEYRING", "file")
        .env("MGTUI_IMAGES", "off")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("MEDIAGRAPH_PAT (a personal access token"),
        "{text}"
    );
    assert!(text.contains("mgtui --demo"), "{text}");
    // The default is set (and kept with the rest of the file).
    let cfg = config::config_path(dir.path());
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(&cfg, text_of_two()).unwrap();
    config::file::set_default_profile(&cfg, "home").unwrap();
    let loaded = config::load(dir.path());
    assert_eq!(loaded.settings.pick_profile(None), Some("home"));
}

fn text_of_two() -> &'static str {
    "[profiles.work]\norganization_id = 5\n[profiles.home]\norganization_id = 6\n"
}
