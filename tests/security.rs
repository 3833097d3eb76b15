//! Tokens never leak: after a session with logins, edits, a failed request and a token
//! renewal, neither the log file, the screen buffers nor a panic's output hold a token;
//! the `mgtui` process never has one in its argv.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::ui::Harness;
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
    h.app.account.active = Some("oa".into());
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
