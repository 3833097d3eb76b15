use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, CommandFactory, Parser, Subcommand};

use mgtui::api::{ApiClient, Auth, ClientConfig, Credentials, Secret};
use mgtui::app::account::{AccountView, ProfileItem};
use mgtui::auth::login::{self, LoginOptions, Prompt};
use mgtui::auth::{self, CliChoice, CredentialStore, EnvVars};
use mgtui::config::{self, AuthKind};
use mgtui::demo::{DemoOptions, DemoServer, FaultSettings};
use mgtui::run::{RunOptions, TerminalSession};
use mgtui::thumbs::probe::{self, ImagesMode};

/// `0.1.0 (3f2a9c41d0be)`: the version and the git commit built from (build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("MGTUI_GIT_COMMIT"),
    ")"
);

/// A terminal browser for the Mediagraph digital-asset-management platform.
///
/// Credentials never come from the command line. In order: the profile named with
/// --profile, then the environment (MEDIAGRAPH_PAT, MEDIAGRAPH_ORGANIZATION_ID, optionally
/// MEDIAGRAPH_API_URL), then the default profile saved by `mgtui login`.
#[derive(Parser, Debug)]
#[command(name = "mgtui", version = VERSION, about, long_about)]
struct Cli {
    /// Start the embedded demo server with sample photos and browse it (no account needed).
    #[arg(long)]
    demo: bool,

    /// Use this profile from config.toml (see `mgtui login --profile NAME`).
    #[arg(long, global = true)]
    profile: Option<String>,

    /// API base URL (plain http only for loopback hosts); default: the profile's, then
    /// MEDIAGRAPH_API_URL, then https://api.mediagraph.io.
    #[arg(long, global = true)]
    api_url: Option<String>,

    /// Numeric organisation id (shown in the web app's Profile Settings).
    #[arg(long)]
    organization_id: Option<i64>,

    /// Hide and refuse every action that changes data on the server.
    #[arg(long)]
    read_only: bool,

    /// How to draw thumbnails: probe the terminal, force a protocol, or no images
    /// (default: `images` in config.toml, else auto).
    #[arg(long, value_enum, env = "MGTUI_IMAGES")]
    images: Option<ImagesMode>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run only the embedded Mediagraph-compatible server (for tests, benchmarks, other tools).
    DemoServer(DemoServerArgs),
    /// Print resolved paths, the active profile and connection (never the token), where
    /// credentials are stored, the image protocol and any config problems.
    Info,
    /// Sign in (personal access token or OAuth in the browser) and save a profile.
    Login(LoginArgs),
    /// Revoke (OAuth) and delete the stored credential of a profile.
    Logout,
    /// Who you are signed in as and to which organisation (never the token).
    Status,
    /// Print shell completions: mgtui completions bash|zsh|fish > FILE
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    Man,
    /// Download assets to this machine without the TUI (for scripts and cron): by id, or
    /// every result of a search. Resumes `.part` files left by an earlier run; never
    /// overwrites a file. Exits non-zero when any download failed.
    Download(DownloadArgs),
    /// Upload files and directories into a storage folder without the TUI: directories
    /// become sub-folders, files the folder already has (same name and size) are skipped,
    /// and an interrupted run is resumed with --resume (or offered by the next TUI start),
    /// never creating an asset twice. Exits non-zero when any file failed.
    Upload(UploadArgs),
}

#[derive(Args, Debug)]
struct UploadArgs {
    /// Files, directories or glob patterns (quote them to let mgtui expand them).
    paths: Vec<String>,
    /// The storage folder, by its names in the tree: "Archive/2024".
    #[arg(long)]
    folder: Option<String>,
    /// Also resume the uploads earlier runs (or TUI sessions) left unfinished.
    #[arg(long)]
    resume: bool,
    /// Print a JSON summary on stdout (uploaded, skipped, failed, processed).
    #[arg(long)]
    json: bool,
    /// Files sent at once (default: parallel_transfers in config.toml, else 4).
    #[arg(long, value_parser = parse_parallel)]
    parallel: Option<usize>,
}

#[derive(Args, Debug)]
struct DownloadArgs {
    /// Asset ids or GUIDs.
    ids: Vec<String>,
    /// Also every result of this search (the same syntax as `/` in the app).
    #[arg(long)]
    search: Option<String>,
    /// At most this many results of --search.
    #[arg(long, default_value_t = 1000)]
    limit: usize,
    /// original, full, medium, small (what the assets offer).
    #[arg(long, default_value = "original")]
    size: String,
    /// The directory to save into (default: download_dir in config.toml, else
    /// ~/Downloads/mgtui).
    #[arg(long)]
    to: Option<std::path::PathBuf>,
    /// Print a JSON summary on stdout (downloaded: asset_id, path, bytes; failed:
    /// asset_id, error, part).
    #[arg(long)]
    json: bool,
    /// Files fetched at once (default: parallel_transfers in config.toml, else 4).
    #[arg(long, value_parser = parse_parallel)]
    parallel: Option<usize>,
}

/// `--parallel N`: 1 to `MOST_PARALLEL`.
fn parse_parallel(s: &str) -> Result<usize, String> {
    let most = mgtui::worker::transfers::MOST_PARALLEL;
    match s.parse::<usize>() {
        Ok(n) if (1..=most).contains(&n) => Ok(n),
        _ => Err(format!("a number from 1 to {most}")),
    }
}

#[derive(Args, Debug)]
struct LoginArgs {
    /// Sign in with a personal access token (pasted, hidden).
    #[arg(long, conflicts_with = "oauth")]
    pat: bool,
    /// Sign in with OAuth in a browser (authorization code + PKCE).
    #[arg(long)]
    oauth: bool,
    /// Organisation id or slug (asked when missing).
    #[arg(long)]
    org: Option<String>,
    /// Base of the OAuth endpoints (env MEDIAGRAPH_OAUTH_URL; default https://mediagraph.io).
    #[arg(long)]
    oauth_url: Option<String>,
    /// OAuth client id (env MEDIAGRAPH_CLIENT_ID or `client_id` in config.toml).
    #[arg(long)]
    client_id: Option<String>,
    /// Port of the loopback redirect listener (0 = any free port).
    #[arg(long, env = "MEDIAGRAPH_REDIRECT_PORT", default_value_t = mgtui::auth::oauth::DEFAULT_REDIRECT_PORT)]
    redirect_port: u16,
    /// Never open a browser; print the address only.
    #[arg(long)]
    no_browser: bool,
    /// Give up waiting for the OAuth redirect after this many seconds.
    #[arg(long, default_value_t = 300)]
    timeout_secs: u64,
    /// Make this profile the default (`default_profile` in config.toml). The first
    /// profile signed in becomes the default anyway.
    #[arg(long)]
    set_default: bool,
}

#[derive(Args, Debug)]
struct DemoServerArgs {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Generate this many assets on top of the base set.
    #[arg(long, default_value_t = 0)]
    extra_assets: usize,
    /// Seed names with escape sequences, BEL, RTL and wide text.
    #[arg(long)]
    hostile_strings: bool,
    /// Added latency per API request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Probability (0..1) that an API request fails with --error-status.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Status for injected failures (e.g. 500, 503, 429).
    #[arg(long, default_value_t = 500)]
    error_status: u16,
    /// Retry-After seconds sent with injected 429/503 answers.
    #[arg(long)]
    retry_after: Option<u64>,
    /// API requests never answer.
    #[arg(long)]
    stall: bool,
    /// Successful API answers carry broken JSON.
    #[arg(long)]
    malformed_json: bool,
    /// Search answers are padded to this many megabytes, streamed without a length.
    #[arg(long, default_value_t = 0)]
    pad_search_mb: u64,
    /// The first N search answers drop the connection half-way through their body.
    #[arg(long, default_value_t = 0)]
    cut_search_bodies: u32,
    /// Probability (0..1) that a thumbnail/preview request fails.
    #[arg(long, default_value_t = 0.0)]
    rendition_error_rate: f64,
    /// Added latency per thumbnail/preview request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    rendition_latency_ms: u64,
    /// Lifetime of the OAuth access tokens the server issues, in seconds.
    #[arg(long)]
    oauth_token_lifetime_secs: Option<u64>,
    /// The first N uploads (PUTs to the signed URLs) are cut half-way.
    #[arg(long, default_value_t = 0)]
    cut_uploads: u32,
    /// Refuse uploads (can_upload false, sessions and announcements 403).
    #[arg(long)]
    upload_forbidden: bool,
    /// Signed upload URLs expire after this many seconds (default 3600).
    #[arg(long)]
    upload_url_ttl_secs: Option<u64>,
    /// The first N asset downloads drop the connection half-way through.
    #[arg(long, default_value_t = 0)]
    cut_downloads: u32,
    /// Asset downloads answer with a redirect to signed storage links.
    #[arg(long)]
    redirect_downloads: bool,
    /// With --redirect-downloads: the first N links have already expired.
    #[arg(long, default_value_t = 0)]
    stale_download_links: u32,
}

impl DemoServerArgs {
    fn options(&self) -> Result<DemoOptions, String> {
        for (name, rate) in [
            ("--error-rate", self.error_rate),
            ("--rendition-error-rate", self.rendition_error_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        Ok(DemoOptions {
            port: self.port,
            extra_assets: self.extra_assets,
            hostile_strings: self.hostile_strings,
            faults: FaultSettings {
                latency_ms: self.latency_ms,
                error_rate: self.error_rate,
                error_status: self.error_status,
                retry_after_secs: self.retry_after,
                stall: self.stall,
                malformed_json: self.malformed_json,
                pad_search_bytes: self.pad_search_mb.saturating_mul(1 << 20),
                cut_search_bodies: self.cut_search_bodies,
                rendition_error_rate: self.rendition_error_rate,
                rendition_latency_ms: self.rendition_latency_ms,
                cut_uploads: self.cut_uploads,
                upload_forbidden: self.upload_forbidden,
                upload_url_ttl_secs: self.upload_url_ttl_secs,
                cut_downloads: self.cut_downloads,
                redirect_downloads: self.redirect_downloads,
                stale_download_links: self.stale_download_links,
                ..FaultSettings::default()
            },
        })
    }
}

fn main() -> ExitCode {
    mgtui::memory::limit_arenas();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mgtui: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("mgtui: {msg}");
            ExitCode::FAILURE
        }
    }
}

struct Ctx {
    loaded: config::Loaded,
    env: EnvVars,
    store: Arc<CredentialStore>,
}

impl Ctx {
    fn new() -> Ctx {
        let dir = mgtui::paths::config_dir();
        let loaded = config::load(&dir);
        let store = Arc::new(CredentialStore::system(login::credentials_dir(&dir)));
        Ctx {
            loaded,
            env: EnvVars::from_process(),
            store,
        }
    }

    fn choice(&self, cli: &Cli, profile: Option<String>) -> CliChoice {
        CliChoice {
            profile: profile.or_else(|| cli.profile.clone()),
            api_url: cli.api_url.clone(),
            organization_id: cli.organization_id,
        }
    }

    fn problems_text(&self) -> Option<String> {
        let p = &self.loaded.problems;
        match p.len() {
            0 => None,
            1 => Some(format!("Config: {} (defaults used)", p[0])),
            n => Some(format!(
                "Config: {} (+{} more; see `mgtui info`)",
                p[0],
                n - 1
            )),
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let ctx = Ctx::new();
    for p in &ctx.loaded.problems {
        eprintln!("mgtui: config: {p}");
    }
    match &cli.command {
        Some(Command::DemoServer(args)) => return demo_server(args).await,
        Some(Command::Info) => {
            info(&cli, &ctx).await;
            return Ok(());
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = Cli::command();
            clap_complete::generate(*shell, &mut cmd, "mgtui", &mut std::io::stdout());
            return Ok(());
        }
        Some(Command::Man) => {
            return clap_mangen::Man::new(Cli::command())
                .render(&mut std::io::stdout())
                .map_err(|e| format!("cannot write the man page: {e}"));
        }
        Some(Command::Login(args)) => return login_cmd(&cli, args, &ctx).await,
        Some(Command::Download(args)) => return download_cmd(&cli, args, &ctx).await,
        Some(Command::Upload(args)) => return upload_cmd(&cli, args, &ctx).await,
        Some(Command::Logout) => {
            let profile = profile_name(&cli, &ctx);
            let msg = login::logout(&profile, &ctx.loaded.settings, &ctx.env, &ctx.store).await?;
            println!("{msg}");
            return Ok(());
        }
        Some(Command::Status) => {
            let resolved = auth::resolve(
                &ctx.choice(&cli, None),
                &ctx.env,
                &ctx.loaded.settings,
                &ctx.store,
            )?;
            println!("{}", login::status(&resolved, ctx.store.clone()).await?);
            return Ok(());
        }
        None => {}
    }
    let _log_guard = init_file_logging();
    for p in &ctx.loaded.problems {
        tracing::warn!("config: {p}");
    }
    let settings = &ctx.loaded.settings;
    let images_mode = cli.images.or(settings.images).unwrap_or_default();
    let mut opts = RunOptions {
        read_only: cli.read_only || settings.read_only,
        mouse: settings.mouse,
        page_size: settings.page_size,
        thumb_disk_bytes: settings.cache_size_mb.saturating_mul(1024 * 1024),
        tile_size: settings.tile_size,
        account: AccountView {
            active: None,
            profiles: profile_items(settings),
            switch_to: None,
        },
        notice: ctx.problems_text(),
        keymap: std::sync::Arc::new(ctx.loaded.keymap.clone()),
        theme: ctx.loaded.theme,
        download_dir: settings
            .download_dir
            .clone()
            .unwrap_or_else(mgtui::paths::download_dir),
        parallel_transfers: settings.parallel_transfers,
        web_url: if cli.demo {
            None
        } else {
            ctx.env.oauth_url.clone()
        },
    };
    if cli.demo {
        let (server, client) = start_demo(settings).await?;
        opts.account.active = Some("demo".into());
        let mut session = TerminalSession::start(images_mode, probe::FIRST_WAIT).await?;
        let outcome = mgtui::run::run_with(client, &mut session, opts).await;
        session.finish();
        server.shutdown().await;
        return outcome.map(|_| ());
    }
    // Started before the first run, after the credentials resolve (so a sign-in
    // problem is printed on a terminal in its normal mode).
    let mut session: Option<TerminalSession> = None;
    let outcome = run_profiles(&cli, &ctx, opts, images_mode, &mut session).await;
    if let Some(s) = session {
        s.finish();
    }
    outcome
}

/// Several profiles, none the default, none chosen, no token in the environment: ask
/// which one (on a terminal; elsewhere `auth::resolve` explains how to choose).
fn ask_for_profile(cli: &Cli, ctx: &Ctx) -> Result<Option<String>, String> {
    use std::io::IsTerminal;
    let settings = &ctx.loaded.settings;
    let undecided = cli.profile.is_none()
        && ctx.env.pat.is_none()
        && settings.pick_profile(None).is_none()
        && settings.profiles.len() > 1;
    if !undecided || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let names: Vec<&String> = settings.profiles.keys().collect();
    println!("Several profiles and no default:");
    for (i, n) in names.iter().enumerate() {
        println!("  [{}] {n}", i + 1);
    }
    let mut prompt = login::TerminalPrompt;
    let answer =
        prompt.ask("Which one? (`mgtui login --profile NAME --set-default` remembers it): ")?;
    let a = answer.trim();
    let picked = a
        .parse::<usize>()
        .ok()
        .and_then(|i| names.get(i.wrapping_sub(1)))
        .map(|n| n.to_string())
        .or_else(|| {
            names
                .iter()
                .find(|n| n.as_str() == a)
                .map(|n| n.to_string())
        });
    picked
        .map(Some)
        .ok_or_else(|| format!("no profile `{a}`; start with `mgtui --profile NAME`"))
}

/// Run the browser on the chosen profile, and again on each profile the user switches to.
async fn run_profiles(
    cli: &Cli,
    ctx: &Ctx,
    mut opts: RunOptions,
    images_mode: ImagesMode,
    session: &mut Option<TerminalSession>,
) -> Result<(), String> {
    let mut profile = ask_for_profile(cli, ctx)?;
    loop {
        let resolved = auth::resolve(
            &ctx.choice(cli, profile.take()),
            &ctx.env,
            &ctx.loaded.settings,
            &ctx.store,
        )?;
        let client = resolved.client(ctx.store.clone())?;
        let mut this = opts.clone();
        this.account.active = Some(resolved.source.label());
        if session.is_none() {
            *session = Some(TerminalSession::start(images_mode, probe::FIRST_WAIT).await?);
        }
        let Some(s) = session.as_mut() else {
            return Err("the terminal session did not start".into());
        };
        match mgtui::run::run_with(client, s, this).await? {
            Some(next) => {
                tracing::info!("switching to profile {next}");
                profile = Some(next);
                opts.notice = None;
            }
            None => return Ok(()),
        }
    }
}

fn profile_items(settings: &config::Settings) -> Vec<ProfileItem> {
    settings
        .profiles
        .iter()
        .map(|(name, p)| {
            let org = match (&p.label, p.organization_id) {
                (Some(l), Some(id)) => format!("{l} ({id})"),
                (None, Some(id)) => format!("organisation {id}"),
                (Some(l), None) => l.clone(),
                (None, None) => "no organisation".into(),
            };
            let host = p
                .api_url
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| "api.mediagraph.io".into());
            ProfileItem {
                name: name.clone(),
                detail: format!("{org} · {host} · {}", p.auth.name()),
            }
        })
        .collect()
}

/// The profile `login`/`logout` act on: --profile, else the default, else `default`.
fn profile_name(cli: &Cli, ctx: &Ctx) -> String {
    ctx.loaded
        .settings
        .pick_profile(cli.profile.as_deref())
        .unwrap_or("default")
        .to_string()
}

async fn login_cmd(cli: &Cli, args: &LoginArgs, ctx: &Ctx) -> Result<(), String> {
    let settings = &ctx.loaded.settings;
    let profile = profile_name(cli, ctx);
    let existing = settings.profiles.get(&profile);
    let mut prompt = login::TerminalPrompt;
    let kind = if args.oauth {
        AuthKind::OAuth
    } else if args.pat {
        AuthKind::Pat
    } else {
        let a = prompt
            .ask("Sign in with [1] a personal access token or [2] OAuth in a browser? [1]: ")?;
        if a.trim() == "2" || a.trim().eq_ignore_ascii_case("oauth") {
            AuthKind::OAuth
        } else {
            AuthKind::Pat
        }
    };
    let api_url = cli
        .api_url
        .clone()
        .or_else(|| existing.and_then(|p| p.api_url.clone()))
        .or_else(|| ctx.env.api_url.clone())
        .unwrap_or_else(|| mgtui::api::client::DEFAULT_BASE_URL.to_string());
    let mut for_endpoints = existing.cloned().unwrap_or_default();
    if let Some(u) = &args.oauth_url {
        for_endpoints.oauth_url = Some(u.clone());
    }
    if let Some(c) = &args.client_id {
        for_endpoints.client_id = Some(c.clone());
    }
    let endpoints = match kind {
        AuthKind::OAuth => Some(auth::endpoints_for(
            Some(&for_endpoints),
            settings,
            &ctx.env,
        )?),
        AuthKind::Pat => None,
    };
    let opts = LoginOptions {
        profile: profile.clone(),
        kind,
        api_url,
        organization: args
            .org
            .clone()
            .or_else(|| cli.organization_id.map(|o| o.to_string())),
        endpoints,
        redirect_port: args.redirect_port,
        open_browser: !args.no_browser,
        timeout: std::time::Duration::from_secs(args.timeout_secs.max(1)),
        config_path: config::config_path(&ctx.loaded.dir),
    };
    let outcome = match kind {
        AuthKind::Pat => login::login_pat(&mut prompt, &opts, &ctx.store).await?,
        AuthKind::OAuth => {
            let mut pasted = login::stdin_lines();
            login::login_oauth(&mut prompt, &opts, &mut pasted, &ctx.store).await?
        }
    };
    println!("{}", outcome.summary(&profile));
    // The first profile signed in becomes the default; a second one only when asked,
    // so signing in elsewhere never changes which account `mgtui` opens.
    let first = settings.profiles.keys().all(|p| *p == profile);
    if args.set_default || (settings.default_profile.is_none() && first) {
        config::file::set_default_profile(&config::config_path(&ctx.loaded.dir), &profile)?;
        println!("`{profile}` is the default profile (default_profile in config.toml).");
    }
    Ok(())
}

/// The embedded demo server (`--demo`) and a client for it, with the answer limits of
/// config.toml.
async fn start_demo(settings: &config::Settings) -> Result<(DemoServer, ApiClient), String> {
    let server = DemoServer::start(DemoOptions::default())
        .await
        .map_err(|e| format!("cannot start the demo server: {e}"))?;
    let mut config = ClientConfig::new(
        server.base_url(),
        Credentials {
            auth: Auth::Pat(Secret::new(server.token())),
            organization_id: Some(server.organization_id()),
        },
    );
    config.limits = mgtui::api::client::AnswerLimits::from_mb(settings.max_answer_mb);
    let client = ApiClient::new(config).map_err(|e| e.to_string())?;
    Ok((server, client))
}

/// The client a subcommand works with: the signed-in profile, or (`--demo`) a demo
/// server started for it, returned so it can be shut down.
async fn headless_client(cli: &Cli, ctx: &Ctx) -> Result<(ApiClient, Option<DemoServer>), String> {
    let settings = &ctx.loaded.settings;
    if cli.demo {
        let (server, client) = start_demo(settings).await?;
        return Ok((client, Some(server)));
    }
    let client = auth::resolve(&ctx.choice(cli, None), &ctx.env, settings, &ctx.store)?
        .client(ctx.store.clone())?;
    Ok((client, None))
}

/// `mgtui download`: resolve the assets, download them a few at a time, report.
async fn download_cmd(cli: &Cli, args: &DownloadArgs, ctx: &Ctx) -> Result<(), String> {
    use mgtui::api::models::SearchQuery;
    use mgtui::protocol::transfers::{DownloadJob, TransferEvent};
    use std::io::IsTerminal;

    if args.ids.is_empty() && args.search.is_none() {
        return Err("name assets to download: ids or GUIDs, or --search QUERY".into());
    }
    let settings = &ctx.loaded.settings;
    let (client, demo) = headless_client(cli, ctx).await?;
    let dir = args
        .to
        .clone()
        .or_else(|| settings.download_dir.clone())
        .unwrap_or_else(mgtui::paths::download_dir);

    // (asset id, file name) of everything asked for; what cannot be found fails now.
    let mut assets: Vec<(i64, Option<String>, Option<i64>)> = Vec::new();
    let mut failed: Vec<serde_json::Value> = Vec::new();
    for key in &args.ids {
        match client.asset(key).await {
            Ok(a) => assets.push((a.id, a.filename, a.data_version_number)),
            Err(e) => failed.push(serde_json::json!({"asset": key, "error": e.to_string()})),
        }
    }
    if let Some(text) = &args.search {
        let parsed = mgtui::search::query::parse(text).map_err(|e| format!("--search: {e}"))?;
        let mut query = SearchQuery::default();
        parsed.apply_to(&mut query);
        let mut page = 1;
        let named = assets.len();
        while assets.len() < named + args.limit {
            let p = client
                .search(&query, page, 100)
                .await
                .map_err(|e| format!("search failed: {e}"))?;
            let got = p.assets.len();
            let room = named + args.limit - assets.len();
            assets.extend(
                p.assets
                    .into_iter()
                    .take(room)
                    .map(|a| (a.id, a.filename, a.data_version_number)),
            );
            if got < 100 || p.total.is_some_and(|t| (page as u64) * 100 >= t) {
                break;
            }
            page += 1;
        }
    }
    let jobs: Vec<DownloadJob> = assets
        .iter()
        .enumerate()
        .map(|(i, (id, filename, version))| DownloadJob {
            transfer: i as u64 + 1,
            asset_id: *id,
            size: args.size.clone(),
            dir: dir.clone(),
            name: mgtui::transfers::names::download_name(filename.as_deref(), *id, &args.size),
            zip_of: Vec::new(),
            version: *version,
        })
        .collect();
    let show = std::io::stderr().is_terminal();
    let names: std::collections::HashMap<u64, String> =
        jobs.iter().map(|j| (j.transfer, j.name.clone())).collect();
    let parallel = args.parallel.unwrap_or(settings.parallel_transfers);
    let results =
        mgtui::worker::transfers::download_all(&client, jobs.clone(), parallel, move |ev| {
            let name = ev
                .transfer()
                .and_then(|t| names.get(&t))
                .map_or("?", String::as_str);
            let clean = mgtui::sanitize::clean;
            match ev {
                TransferEvent::Finished { path, bytes, .. } if show => {
                    eprintln!("✓ {} ({bytes} bytes)", clean(&path.display().to_string()))
                }
                TransferEvent::Failed { error, .. } => {
                    eprintln!("✗ {}: {}", clean(name), clean(error))
                }
                _ => {}
            }
        })
        .await;
    let mut downloaded = Vec::new();
    for (job, ev) in jobs.iter().zip(&results) {
        match ev {
            TransferEvent::Finished { path, bytes, .. } => downloaded.push(serde_json::json!({
                "asset_id": job.asset_id, "path": path, "bytes": bytes
            })),
            TransferEvent::Failed { error, part, .. } => failed.push(serde_json::json!({
                "asset_id": job.asset_id, "error": error, "part": part
            })),
            _ => {}
        }
    }
    if args.json {
        let summary = serde_json::json!({"downloaded": downloaded, "failed": failed});
        println!("{summary}");
    } else if show {
        eprintln!(
            "{} downloaded to {}, {} failed",
            downloaded.len(),
            dir.display(),
            failed.len()
        );
    }
    if let Some(server) = demo {
        server.shutdown().await;
    }
    match failed.len() {
        0 => Ok(()),
        n => Err(format!(
            "{n} download{} failed",
            if n == 1 { "" } else { "s" }
        )),
    }
}

/// `mgtui upload`: pick the files, resolve the folder, upload them as the TUI would.
async fn upload_cmd(cli: &Cli, args: &UploadArgs, ctx: &Ctx) -> Result<(), String> {
    use mgtui::protocol::transfers::{TransferEvent, UploadBatch};
    use mgtui::transfers::{headless, journal};
    use std::io::IsTerminal;

    if args.paths.is_empty() && !args.resume {
        return Err("name files or directories to upload, or --resume".into());
    }
    let (client, demo) = headless_client(cli, ctx).await?;
    let state_dir = mgtui::paths::state_dir();
    let scope = journal::scope(client.base_url().as_str(), client.organization_id());
    let mut batches: Vec<UploadBatch> = Vec::new();
    if args.resume {
        batches.extend(journal::take_orphans::<UploadBatch>(
            &state_dir,
            journal::Kind::Uploads,
            &scope,
        ));
    }
    let show = std::io::stderr().is_terminal();
    if !args.paths.is_empty() {
        let Some(folder) = &args.folder else {
            return Err("--folder names the storage folder to upload into".into());
        };
        let target = headless::resolve_folder(&client, folder).await?;
        let base = std::env::current_dir().map_err(|e| e.to_string())?;
        let (files, notes) = headless::pick_files(&args.paths, &base)?;
        for n in notes {
            eprintln!("! {}", mgtui::sanitize::clean(&n));
        }
        batches.push(UploadBatch { target, files });
    }
    // Each batch its own number, so the journal keeps them apart.
    for (i, b) in batches.iter_mut().enumerate() {
        b.target.batch = i as u64 + 1;
    }
    if show {
        let n: usize = batches.iter().map(|b| b.files.len()).sum();
        let bytes: u64 = batches.iter().flat_map(|b| &b.files).map(|f| f.size).sum();
        eprintln!("Uploading {n} files ({bytes} bytes)");
    }
    let path = journal::own_path(&state_dir, journal::Kind::Uploads, &scope);
    let parallel = args
        .parallel
        .unwrap_or(ctx.loaded.settings.parallel_transfers);
    let report = headless::run_uploads(&client, batches, path, parallel, move |ev| {
        let clean = mgtui::sanitize::clean;
        match ev {
            TransferEvent::Finished { path, bytes, .. } if show => {
                eprintln!("✓ {} ({bytes} bytes)", clean(&path.display().to_string()))
            }
            TransferEvent::Skipped { reason, .. } if show => eprintln!("= {}", clean(reason)),
            TransferEvent::Failed { error, .. } => eprintln!("✗ {}", clean(error)),
            TransferEvent::Processed {
                processed, failed, ..
            } if show => eprintln!(
                "{processed} processed by the server{}",
                match failed.len() {
                    0 => String::new(),
                    n => format!(", {n} could not be"),
                }
            ),
            _ => {}
        }
    })
    .await;
    if args.json {
        let summary = serde_json::json!({
            "uploaded": report.uploaded,
            "skipped": report.skipped,
            "failed": report.failed,
            "processed": report.processed,
            "processing_failed": report.processing_failed,
        });
        println!("{summary}");
    } else if show {
        eprintln!(
            "{} uploaded, {} skipped (already there), {} failed",
            report.uploaded.len(),
            report.skipped.len(),
            report.failed.len()
        );
    }
    if let Some(server) = demo {
        server.shutdown().await;
    }
    match report.failed.len() + report.processing_failed.len() {
        0 => Ok(()),
        n => Err(format!(
            "{n} upload{} failed",
            if n == 1 { "" } else { "s" }
        )),
    }
}

async fn demo_server(args: &DemoServerArgs) -> Result<(), String> {
    let server = DemoServer::start(args.options()?)
        .await
        .map_err(|e| format!("cannot start the demo server: {e}"))?;
    if let Some(secs) = args.oauth_token_lifetime_secs {
        server.set_oauth_token_lifetime(std::time::Duration::from_secs(secs));
    }
    println!("LISTENING {}", server.base_url());
    println!("MEDIAGRAPH_PAT={}", server.token());
    println!("MEDIAGRAPH_ORGANIZATION_ID={}", server.organization_id());
    println!("MEDIAGRAPH_API_URL={}", server.base_url());
    use std::io::Write;
    let _ = std::io::stdout().flush();
    wait_for_shutdown_signal().await;
    server.shutdown().await;
    Ok(())
}

async fn wait_for_shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).ok();
        let mut hup = signal(SignalKind::hangup()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = async { match term.as_mut() { Some(s) => { s.recv().await; } None => std::future::pending().await } } => {}
            _ = async { match hup.as_mut() { Some(s) => { s.recv().await; } None => std::future::pending().await } } => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Logs go to a file under the XDG state dir, never to the screen.
fn init_file_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = mgtui::paths::state_dir();
    mgtui::paths::ensure_private_dir(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "mgtui.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("MGTUI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}

async fn info(cli: &Cli, ctx: &Ctx) {
    let dir = &ctx.loaded.dir;
    let exists = |p: &std::path::Path| {
        if p.exists() {
            ""
        } else {
            " (not present: defaults)"
        }
    };
    println!("mgtui {}", env!("CARGO_PKG_VERSION"));
    println!("config dir:   {}", dir.display());
    for p in [
        config::config_path(dir),
        config::keymap_path(dir),
        config::theme_path(dir),
    ] {
        println!("  {}{}", p.display(), exists(&p));
    }
    println!(
        "state dir:    {} (log: mgtui.log)",
        mgtui::paths::state_dir().display()
    );
    println!(
        "cache dir:    {} (thumbnails: thumbs/)",
        mgtui::paths::cache_dir().display()
    );
    println!("credentials:  {}", ctx.store.describe());
    let settings = &ctx.loaded.settings;
    match auth::resolve(&ctx.choice(cli, None), &ctx.env, settings, &ctx.store) {
        Ok(r) => {
            let source = match &r.source {
                auth::Source::Env => "environment (MEDIAGRAPH_PAT)".to_string(),
                auth::Source::Profile(p) => format!("profile `{p}`"),
            };
            println!(
                "active:       {source}, {} (token never shown)",
                r.auth_kind().name()
            );
            println!(
                "API URL:      {}",
                mgtui::api::client::redact_url(&r.base_url)
            );
            println!(
                "organization: {}",
                r.organization_id
                    .map_or("not set".to_string(), |o| o.to_string())
            );
        }
        Err(e) => {
            let mut lines = e.lines();
            println!("active:       none — {}", lines.next().unwrap_or(""));
            for l in lines {
                println!("              {}", l.trim_start());
            }
        }
    }
    let names: Vec<&str> = settings.profiles.keys().map(String::as_str).collect();
    println!(
        "profiles:     {}",
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    );
    let set = |name: &str| match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => "set",
        _ => "not set",
    };
    println!("MEDIAGRAPH_PAT: {} (never shown)", set("MEDIAGRAPH_PAT"));
    let mode = cli.images.or(settings.images).unwrap_or_default();
    let images = match TerminalSession::start(mode, probe::INFO_WAIT).await {
        Ok(session) => {
            let described = session.images.describe();
            session.finish();
            described
        }
        Err(e) => e,
    };
    println!("images:       {images}");
    if ctx.loaded.problems.is_empty() {
        println!("config problems: none");
    } else {
        println!("config problems (defaults used for these):");
        for p in &ctx.loaded.problems {
            println!("  {p}");
        }
    }
}
