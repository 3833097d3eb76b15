//! Tokens never leak: after a session with logins, edits, a failed request and a token
//! renewal, neither the log file, the screen buffers nor a panic's output hold a token;
//! the `mgtui` process never has one in its argv.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::ui::Harness;
use crossterm::event::KeyCode;
use mgtui::api::Secret;
use mgtui::auth::login::{self, LoginOptions, Prompt};
use mgtui::auth::oauth::Endpoints;
use mgtui::auth::{self, CliChoice, CredentialStore, EnvVars, StoredCredential};
use mgtui::config::{self, AuthKind};
use mgtui::demo::FaultSettings;

struct Script(Vec<String>);

impl Prompt for Script {
    fn say(&mut self, _: &str) {}
    fn ask(&mut self, _: &str) -> Result<String, String> {
        Ok(self.0.pop().unwrap_or_default())
    }
    fn ask_secret(&mut self, _: &str) -> Result<Secret, String> {
        Ok(Secret::new(self.0.pop().unwrap_or_default()))
    }
}

#[derive(Clone)]
struct SharedFile(Arc<Mutex<std::fs::File>>);

impl Write for SharedFile {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(b)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

fn secrets(store: &CredentialStore, profile: &str) -> Vec<String> {
    match store.load(profile).unwrap() {
        Some(StoredCredential::Pat { token }) => vec![token.expose().to_string()],
        Some(StoredCredential::OAuth {
            access, refresh, ..
        }) => {
            let mut v = vec![access.expose().to_string()];
            v.extend(refresh.map(|r| r.expose().to_string()));
            v
        }
        None => vec![],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_in_logs_screens_panics_or_argv() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("mgtui.log");
    let file = SharedFile(Arc::new(Mutex::new(
        std::fs::File::create(&log_path).unwrap(),
    )));
    let writer = move || file.clone();
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter("debug")
        .try_init()
        .unwrap();

    let mut h = Harness::new(160, 45).await;
    let base = h.server.base_url();
    let store = Arc::new(CredentialStore::file_only(dir.path().join("credentials")));
    let mut leaked: Vec<String> = vec![h.server.token().to_string()];
    let mut screens = String::new();

    // PAT login, then OAuth login (pasted redirect) into a second profile.
    let mk = |profile: &str, kind| LoginOptions {
        profile: profile.into(),
        kind,
        api_url: base.clone(),
        organization: Some(h.server.organization_id().to_string()),
        endpoints: Some(Endpoints::new(&base, "sec-test").unwrap()),
        redirect_port: 0,
        open_browser: false,
        timeout: Duration::from_secs(20),
        config_path: config::config_path(dir.path()),
    };
    let mut p = Script(vec![h.server.token().to_string()]);
    login::login_pat(&mut p, &mk("pat", AuthKind::Pat), &store)
        .await
        .unwrap();

    struct Relay(tokio::sync::mpsc::UnboundedSender<String>);
    impl Prompt for Relay {
        fn say(&mut self, t: &str) {
            let _ = self.0.send(t.to_string());
        }
        fn ask(&mut self, _: &str) -> Result<String, String> {
            Ok(String::new())
        }
        fn ask_secret(&mut self, _: &str) -> Result<Secret, String> {
            Err("unused".into())
        }
    }
    let (paste_tx, mut paste_rx) = tokio::sync::mpsc::channel(2);
    let (said_tx, mut said_rx) = tokio::sync::mpsc::unbounded_channel();
    let oauth_opts = mk("oa", AuthKind::OAuth);
    let st = store.clone();
    let task = tokio::spawn(async move {
        let mut p = Relay(said_tx);
        login::login_oauth(&mut p, &oauth_opts, &mut paste_rx, &st).await
    });
    let url = loop {
        let line = said_rx.recv().await.expect("the login prints its URL");
        if let Some(u) = line
            .split_whitespace()
            .find(|w| w.contains("/oauth/authorize"))
        {
            break u.to_string();
        }
    };
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = browser.get(&url).send().await.unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    paste_tx.send(location).await.unwrap();
    task.await.unwrap().unwrap();
    while let Ok(line) = said_rx.try_recv() {
        screens.push_str(&line);
    }
    leaked.extend(secrets(&store, "pat"));
    leaked.extend(secrets(&store, "oa"));

    // A session on the OAuth profile: browse, rate (an edit), a renewal, a failure.
    let loaded = config::load(dir.path());
    let choice = CliChoice {
        profile: Some("oa".into()),
        ..Default::default()
    };
    let resolved = auth::resolve(&choice, &EnvVars::default(), &loaded.settings, &store).unwrap();
    h.client = resolved.client(store.clone()).unwrap();
    h.app.session.account.active = Some("oa".into());
    h.press(KeyCode::Char('r'));
    h.settle().await;
    screens.push_str(&h.screen());
    h.press(KeyCode::Char('4'));
    h.settle().await;
    screens.push_str(&h.screen());
    assert!(
        h.server.request_count("PUT", "/api/assets/") >= 1,
        "the edit was sent"
    );
    h.server.expire_oauth_tokens();
    h.press(KeyCode::Char('r'));
    h.settle().await;
    screens.push_str(&h.screen());
    assert!(h.server.oauth_stats().refresh_grants >= 1);
    leaked.extend(secrets(&store, "oa"));
    h.server.set_faults(FaultSettings {
        fail_next: vec![401, 500],
        ..Default::default()
    });
    h.press(KeyCode::Char('5'));
    h.settle().await;
    screens.push_str(&h.screen());
    h.server.set_faults(FaultSettings {
        error_rate: 1.0,
        error_status: 503,
        ..Default::default()
    });
    h.press(KeyCode::Char('r'));
    h.settle().await;
    let failed = h.screen();
    assert!(
        failed.contains("✗") || failed.contains("failed"),
        "{failed}"
    );
    screens.push_str(&failed);
    h.press(KeyCode::Char('?'));
    screens.push_str(&h.screen());

    // A forced panic with the client and the credential in its message.
    let caught = Arc::new(Mutex::new(String::new()));
    let sink = caught.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        sink.lock().unwrap().push_str(&info.to_string());
    }));
    let client = h.client.clone();
    let cred = store.load("oa").unwrap();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        panic!(
            "forced: {client:?} {cred:?} {:?}",
            auth::EnvVars {
                pat: Some(Secret::new("env-pat-value-123")),
                ..Default::default()
            }
        );
    }));
    std::panic::set_hook(previous);
    assert!(r.is_err());
    let panic_text = caught.lock().unwrap().clone();
    assert!(
        panic_text.contains("forced") && panic_text.contains("***"),
        "{panic_text}"
    );
    leaked.push("env-pat-value-123".into());

    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("access token renewed"),
        "the log saw the session"
    );
    leaked.sort();
    leaked.dedup();
    assert!(leaked.len() >= 4, "{}", leaked.len());
    for token in &leaked {
        assert!(!log.contains(token.as_str()), "a token is in the log");
        assert!(!screens.contains(token.as_str()), "a token is on screen");
        assert!(
            !panic_text.contains(token.as_str()),
            "a token is in the panic output"
        );
    }
    assert!(
        !std::fs::read_to_string(config::config_path(dir.path()))
            .unwrap()
            .contains(h.server.token())
    );

    h.server.set_faults(FaultSettings::default());
    argv_never_holds_the_token(&h).await;
}

/// `mgtui login` takes the token on stdin; `ps` shows only the flags. `status` and
/// `info` never print it.
async fn argv_never_holds_the_token(h: &Harness) {
    let home = tempfile::tempdir().unwrap();
    let cfg = home.path().join("cfg");
    let token = h.server.token().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mgtui"))
        .args([
            "login",
            "--pat",
            "--profile",
            "cli",
            "--api-url",
            &h.server.base_url(),
            "--org",
            &h.server.organization_id().to_string(),
        ])
        .env("MGTUI_CONFIG_DIR", &cfg)
        .env("MGTUI_KEYRING", "file")
        .env("HOME", home.path())
        .env_remove("MEDIAGRAPH_PAT")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    #[cfg(target_os = "linux")]
    {
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap();
        assert!(!String::from_utf8_lossy(&cmdline).contains(&token));
    }
    let mut stdin = child.stdin.take().unwrap();
    // If the child already failed, its output below says why.
    let _ = writeln!(stdin, "{token}");
    drop(stdin);
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("profile `cli` saved"), "{text}");
    assert!(!text.contains(&token));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let f = cfg.join("credentials").join("cli.json");
        assert_eq!(
            std::fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    for args in [vec!["--profile", "cli", "status"], vec!["info"]] {
        let base = h.server.base_url();
        let org = h.server.organization_id().to_string();
        let out = tokio::task::spawn_blocking({
            let cfg = cfg.clone();
            let home = home.path().to_path_buf();
            let token = token.clone();
            move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_mgtui"))
                    .args(&args)
                    .env("MGTUI_CONFIG_DIR", &cfg)
                    .env("MGTUI_KEYRING", "file")
                    .env("HOME", &home)
                    .env("MEDIAGRAPH_PAT", &token)
                    .env("MEDIAGRAPH_ORGANIZATION_ID", &org)
                    .env("MEDIAGRAPH_API_URL", &base)
                    .env("MGTUI_IMAGES", "off")
                    .output()
                    .unwrap()
            }
        })
        .await
        .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{text}");
        assert!(
            text.contains("profile `cli`") || text.contains("credentials:"),
            "{text}"
        );
        assert!(!text.contains(&token), "{text}");
    }
}

/// A one-shot HTTP server on loopback: answers every request with `reply` and keeps
/// the request heads it received.
pub(crate) async fn raw_server(reply: String) -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let n = sock.read(&mut buf).await.unwrap_or(0);
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..n]).into_owned());
            let _ = sock.write_all(reply.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    (format!("http://{addr}"), seen)
}

fn pat_client(base: &str) -> mgtui::api::ApiClient {
    mgtui::api::ApiClient::new(mgtui::api::ClientConfig::new(
        base,
        mgtui::api::Credentials {
            auth: mgtui::api::Auth::Pat(Secret::new("tok-redirect-secret")),
            organization_id: Some(77),
        },
    ))
    .unwrap()
}

/// A redirect to another origin is refused: the other server never sees the request,
/// the organisation header or a Referer.
#[tokio::test]
async fn redirects_to_another_origin_are_refused() {
    let (other, other_seen) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}".into(),
    )
    .await;
    let (api, _) = raw_server(format!(
        "HTTP/1.1 302 Found\r\nlocation: {other}/api/users/whoami\r\ncontent-length: 0\r\n\r\n"
    ))
    .await;
    let err = pat_client(&api).whoami().await.expect_err("refused");
    assert!(
        err.to_string().contains("redirect") || err.to_string().contains("another server"),
        "{err}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        other_seen.lock().unwrap().is_empty(),
        "nothing reached the other origin"
    );
}

/// Credentials in the API URL are refused, and never echoed; an empty token is refused
/// before anything is sent.
#[tokio::test]
async fn credentials_in_the_url_and_empty_tokens_are_refused_locally() {
    let err = mgtui::api::client::validate_base_url("http://user:hunter2@127.0.0.1:9")
        .expect_err("refused");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    let err = mgtui::api::client::validate_base_url("http://user:hunter2@example.com")
        .expect_err("refused");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert!(!mgtui::api::client::redact_url("https://u:hunter2@h.example/").contains("hunter2"));
    let (api, seen) = raw_server("HTTP/1.1 500 x\r\ncontent-length: 0\r\n\r\n".into()).await;
    let empty = mgtui::api::ApiClient::new(mgtui::api::ClientConfig::new(
        api.as_str(),
        mgtui::api::Credentials {
            auth: mgtui::api::Auth::Pat(Secret::new("  ")),
            organization_id: Some(1),
        },
    ));
    assert!(empty.is_err(), "an empty token is refused");
    assert!(seen.lock().unwrap().is_empty());
    // `mgtui info` with such a URL never prints the password.
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mgtui"))
        .arg("info")
        .env("MGTUI_CONFIG_DIR", dir.path())
        .env("HOME", dir.path())
        .env("MGTUI_KEYRING", "file")
        .env("MEDIAGRAPH_PAT", "tok-x")
        .env("MEDIAGRAPH_ORGANIZATION_ID", "1")
        .env("MEDIAGRAPH_API_URL", "http://user:hunter2@127.0.0.1:9")
        .env("MGTUI_IMAGES", "off")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("hunter2"), "{text}");
}
