use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use mgtui::api::{ApiClient, Auth, ClientConfig, Credentials, Secret};
use mgtui::demo::{DemoOptions, DemoServer, FaultSettings};
use mgtui::thumbs::probe::{self, ImagesMode};

/// A terminal browser for the Mediagraph digital-asset-management platform.
///
/// Credentials come from the environment, never from the command line:
/// MEDIAGRAPH_PAT (personal access token), MEDIAGRAPH_ORGANIZATION_ID and optionally
/// MEDIAGRAPH_API_URL (default https://api.mediagraph.io).
#[derive(Parser, Debug)]
#[command(name = "mgtui", version, about, long_about)]
struct Cli {
    /// Start the embedded demo server with sample photos and browse it (no account needed).
    #[arg(long)]
    demo: bool,

    /// API base URL (plain http only for loopback hosts).
    #[arg(long, env = "MEDIAGRAPH_API_URL", hide_env_values = true)]
    api_url: Option<String>,

    /// Numeric organisation id (shown in the web app's Profile Settings).
    #[arg(long, env = "MEDIAGRAPH_ORGANIZATION_ID", hide_env_values = true)]
    organization_id: Option<i64>,

    /// Hide and refuse every action that changes data on the server.
    #[arg(long)]
    read_only: bool,

    /// How to draw thumbnails: probe the terminal, force a protocol, or no images.
    #[arg(long, value_enum, default_value_t = ImagesMode::Auto, env = "MGTUI_IMAGES")]
    images: ImagesMode,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run only the embedded Mediagraph-compatible server (for tests, benchmarks, other tools).
    DemoServer(DemoServerArgs),
    /// Print resolved paths, the connection settings (never the token) and the image
    /// protocol this terminal gets, with the reason.
    Info,
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
    /// Probability (0..1) that a thumbnail/preview request fails.
    #[arg(long, default_value_t = 0.0)]
    rendition_error_rate: f64,
    /// Added latency per thumbnail/preview request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    rendition_latency_ms: u64,
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
                rendition_error_rate: self.rendition_error_rate,
                rendition_latency_ms: self.rendition_latency_ms,
                ..FaultSettings::default()
            },
        })
    }
}

fn main() -> ExitCode {
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

async fn run(cli: Cli) -> Result<(), String> {
    match &cli.command {
        Some(Command::DemoServer(args)) => return demo_server(args).await,
        Some(Command::Info) => {
            info(&cli);
            return Ok(());
        }
        None => {}
    }
    let _log_guard = init_file_logging();
    // Before raw mode and the event stream: the probe reads the terminal's answers.
    let images = probe::detect(cli.images);
    if cli.demo {
        let server = DemoServer::start(DemoOptions::default())
            .await
            .map_err(|e| format!("cannot start the demo server: {e}"))?;
        let client = ApiClient::new(ClientConfig::new(
            server.base_url(),
            Credentials {
                auth: Auth::Pat(Secret::new(server.token())),
                organization_id: Some(server.organization_id()),
            },
        ))
        .map_err(|e| e.to_string())?;
        let outcome = browse(client, cli.read_only, images).await;
        server.shutdown().await;
        return outcome;
    }
    let client = client_from_env(&cli)?;
    browse(client, cli.read_only, images).await
}

/// Build a client from MEDIAGRAPH_* variables, naming exactly what is missing.
fn client_from_env(cli: &Cli) -> Result<ApiClient, String> {
    let token = std::env::var("MEDIAGRAPH_PAT")
        .ok()
        .map(Secret::new)
        .filter(|t| !t.is_empty());
    let mut missing = Vec::new();
    if token.is_none() {
        missing.push("MEDIAGRAPH_PAT (a personal access token: Mediagraph → Account → Personal Access Tokens)");
    }
    if cli.organization_id.is_none() {
        missing.push("MEDIAGRAPH_ORGANIZATION_ID (numeric id from the web app's Profile Settings)");
    }
    if let (Some(token), Some(org)) = (token, cli.organization_id) {
        let base = cli
            .api_url
            .clone()
            .unwrap_or_else(|| mgtui::api::client::DEFAULT_BASE_URL.to_string());
        return ApiClient::new(ClientConfig::new(
            base,
            Credentials {
                auth: Auth::Pat(token),
                organization_id: Some(org),
            },
        ))
        .map_err(|e| e.to_string());
    }
    Err(format!(
        "not configured. Set in the environment:\n  {}\nor try the offline demo: mgtui --demo",
        missing.join("\n  ")
    ))
}

async fn demo_server(args: &DemoServerArgs) -> Result<(), String> {
    let server = DemoServer::start(args.options()?)
        .await
        .map_err(|e| format!("cannot start the demo server: {e}"))?;
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

async fn browse(
    client: ApiClient,
    read_only: bool,
    images: probe::ImageSupport,
) -> Result<(), String> {
    mgtui::app::run::run(client, read_only, images).await
}

fn info(cli: &Cli) {
    let set = |name: &str| match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => "set",
        _ => "not set",
    };
    println!("mgtui {}", env!("CARGO_PKG_VERSION"));
    println!("config dir:   {}", mgtui::paths::config_dir().display());
    println!(
        "state dir:    {} (log: mgtui.log)",
        mgtui::paths::state_dir().display()
    );
    println!(
        "cache dir:    {} (thumbnails: thumbs/)",
        mgtui::paths::cache_dir().display()
    );
    println!(
        "API URL:      {}",
        cli.api_url
            .as_deref()
            .unwrap_or(mgtui::api::client::DEFAULT_BASE_URL)
    );
    println!(
        "organization: {}",
        cli.organization_id
            .map_or("not set".to_string(), |o| o.to_string())
    );
    println!("MEDIAGRAPH_PAT: {} (never shown)", set("MEDIAGRAPH_PAT"));
    println!("images:       {}", probe::detect(cli.images).describe());
}
