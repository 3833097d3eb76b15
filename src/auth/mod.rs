//! Which account mgtui talks to and with what credential.
//!
//! Precedence: a profile chosen on the command line (`--profile`) → the environment
//! (`MEDIAGRAPH_PAT`, `MEDIAGRAPH_ORGANIZATION_ID`, `MEDIAGRAPH_API_URL`, the names
//! Mediagraph's own CLI reads) → the default profile's stored credential. Tokens never
//! come from argv.

pub mod login;
pub mod oauth;
pub mod store;

use std::sync::Arc;

use crate::api::client::{
    AnswerLimits, DEFAULT_BASE_URL, RefreshFuture, RefreshedToken, Refresher, TokenRefresher,
};
use crate::api::{ApiClient, Auth, ClientConfig, Credentials, Secret};
use crate::config::{AuthKind, ProfileConfig, Settings};
pub use store::{CredentialStore, StoredCredential};

/// The variables mgtui reads, captured once (tests build their own).
#[derive(Debug, Clone, Default)]
pub struct EnvVars {
    pub pat: Option<Secret>,
    pub organization_id: Option<String>,
    pub api_url: Option<String>,
    pub client_id: Option<String>,
    pub oauth_url: Option<String>,
}

impl EnvVars {
    pub fn from_process() -> EnvVars {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        EnvVars {
            pat: var("MEDIAGRAPH_PAT").map(Secret::new),
            organization_id: var("MEDIAGRAPH_ORGANIZATION_ID"),
            api_url: var("MEDIAGRAPH_API_URL"),
            client_id: var("MEDIAGRAPH_CLIENT_ID"),
            oauth_url: var("MEDIAGRAPH_OAUTH_URL"),
        }
    }
}

/// Command-line choices that affect the connection.
#[derive(Debug, Clone, Default)]
pub struct CliChoice {
    pub profile: Option<String>,
    pub api_url: Option<String>,
    pub organization_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Env,
    Profile(String),
}

impl Source {
    /// For the status bar and `mgtui status`.
    pub fn label(&self) -> String {
        match self {
            Source::Env => "env".into(),
            Source::Profile(p) => p.clone(),
        }
    }
}

/// A resolved connection.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub source: Source,
    pub base_url: String,
    pub organization_id: Option<i64>,
    pub auth: Auth,
    pub expires_at: Option<u64>,
    /// For OAuth profiles: what renewing the token needs.
    pub oauth: Option<OAuthSession>,
    /// How big the server's answers may be (`max_answer_mb`).
    pub limits: AnswerLimits,
}

#[derive(Debug, Clone)]
pub struct OAuthSession {
    pub endpoints: oauth::Endpoints,
    pub refresh: Option<Secret>,
}

/// OAuth endpoints of a profile: profile → config → env → defaults.
pub fn endpoints_for(
    profile: Option<&ProfileConfig>,
    settings: &Settings,
    env: &EnvVars,
) -> Result<oauth::Endpoints, String> {
    let base = profile
        .and_then(|p| p.oauth_url.clone())
        .or_else(|| env.oauth_url.clone())
        .or_else(|| settings.oauth_url.clone())
        .unwrap_or_else(|| oauth::DEFAULT_OAUTH_URL.to_string());
    let client = profile
        .and_then(|p| p.client_id.clone())
        .or_else(|| env.client_id.clone())
        .or_else(|| settings.client_id.clone())
        .unwrap_or_else(|| oauth::DEFAULT_CLIENT_ID.to_string());
    oauth::Endpoints::new(&base, &client)
}

pub fn resolve(
    cli: &CliChoice,
    env: &EnvVars,
    settings: &Settings,
    store: &CredentialStore,
) -> Result<Resolved, String> {
    if let Some(name) = &cli.profile {
        return from_profile(name, cli, env, settings, store);
    }
    if let Some(pat) = &env.pat {
        let org = match (&cli.organization_id, &env.organization_id) {
            (Some(o), _) => Some(*o),
            (None, Some(raw)) => Some(raw.trim().parse::<i64>().map_err(|_| {
                "MEDIAGRAPH_ORGANIZATION_ID must be the numeric organisation id (Profile Settings in the web app)".to_string()
            })?),
            (None, None) => None,
        };
        let Some(org) = org else {
            return Err("MEDIAGRAPH_PAT is set but MEDIAGRAPH_ORGANIZATION_ID is not (numeric id from the web app's Profile Settings)".into());
        };
        return Ok(Resolved {
            source: Source::Env,
            base_url: cli
                .api_url
                .clone()
                .or_else(|| env.api_url.clone())
                .unwrap_or_else(|| DEFAULT_BASE_URL.to_string()),
            organization_id: Some(org),
            auth: Auth::Pat(pat.clone()),
            expires_at: None,
            oauth: None,
            limits: AnswerLimits::from_mb(settings.max_answer_mb),
        });
    }
    match settings.pick_profile(None) {
        Some(name) => from_profile(name, cli, env, settings, store),
        None if settings.profiles.len() > 1 => Err(format!(
            "several profiles ({}) and no default: start with `mgtui --profile NAME`, or make one the default with `mgtui login --profile NAME --set-default`",
            settings.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
        )),
        None => Err("not signed in. Either run `mgtui login`, or set in the environment:\n  \
             MEDIAGRAPH_PAT (a personal access token: Mediagraph → Account → Personal Access Tokens)\n  \
             MEDIAGRAPH_ORGANIZATION_ID (numeric id from the web app's Profile Settings)\n\
             or try the offline demo: mgtui --demo"
            .into()),
    }
}

fn from_profile(
    name: &str,
    cli: &CliChoice,
    env: &EnvVars,
    settings: &Settings,
    store: &CredentialStore,
) -> Result<Resolved, String> {
    let profile = settings.profiles.get(name).ok_or_else(|| {
        format!("there is no profile `{name}` in config.toml; create it with `mgtui login --profile {name}`")
    })?;
    let cred = store.load(name)?.ok_or_else(|| {
        format!("profile `{name}` has no stored credential; run `mgtui login --profile {name}`")
    })?;
    let base_url = cli
        .api_url
        .clone()
        .or_else(|| profile.api_url.clone())
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    let organization_id = cli.organization_id.or(profile.organization_id);
    let (auth, expires_at, oauth) = match cred {
        StoredCredential::Pat { token } => {
            if organization_id.is_none() {
                return Err(format!(
                    "profile `{name}` has no organization_id; add it to config.toml or run `mgtui login --profile {name}`"
                ));
            }
            (Auth::Pat(token), None, None)
        }
        StoredCredential::OAuth {
            access,
            refresh,
            expires_at,
        } => (
            Auth::Bearer(access),
            expires_at,
            Some(OAuthSession {
                endpoints: endpoints_for(Some(profile), settings, env)?,
                refresh,
            }),
        ),
    };
    Ok(Resolved {
        source: Source::Profile(name.to_string()),
        base_url,
        organization_id,
        auth,
        expires_at,
        oauth,
        limits: AnswerLimits::from_mb(settings.max_answer_mb),
    })
}

/// Renews an OAuth profile's token and writes the new tokens back to the store.
pub struct StoreRefresher {
    pub profile: String,
    pub endpoints: oauth::Endpoints,
    pub store: Arc<CredentialStore>,
    pub refresh: tokio::sync::Mutex<Option<Secret>>,
}

/// A refresher whose refresh token follows rotation (each refresh stores the new one).
pub struct RotatingRefresher(pub Arc<StoreRefresher>);

impl TokenRefresher for RotatingRefresher {
    fn refresh(&self) -> RefreshFuture {
        let inner = self.0.clone();
        Box::pin(async move {
            let current = inner.refresh.lock().await.clone();
            let token = current.ok_or_else(|| "no refresh token is stored".to_string())?;
            let http = oauth::http_client()?;
            let t = oauth::refresh(&http, &inner.endpoints, &token).await?;
            *inner.refresh.lock().await = t.refresh.clone();
            let cred = StoredCredential::OAuth {
                access: t.access.clone(),
                refresh: t.refresh.clone(),
                expires_at: t.expires_at,
            };
            if let Err(e) = inner.store.save(&inner.profile, &cred) {
                tracing::warn!("renewed token not saved: {e}");
            }
            Ok(RefreshedToken {
                access: t.access,
                expires_at: t.expires_at,
            })
        })
    }
}

impl Resolved {
    /// The client configuration for this connection (with token renewal for OAuth).
    pub fn client_config(&self, store: Arc<CredentialStore>) -> ClientConfig {
        let mut cfg = ClientConfig::new(
            self.base_url.clone(),
            Credentials {
                auth: self.auth.clone(),
                organization_id: self.organization_id,
            },
        );
        cfg.expires_at = self.expires_at;
        cfg.limits = self.limits;
        if let (Some(o), Source::Profile(name)) = (&self.oauth, &self.source) {
            let inner = Arc::new(StoreRefresher {
                profile: name.clone(),
                endpoints: o.endpoints.clone(),
                store,
                refresh: tokio::sync::Mutex::new(o.refresh.clone()),
            });
            cfg.refresher = Some(Refresher(Arc::new(RotatingRefresher(inner))));
        }
        cfg
    }

    pub fn client(&self, store: Arc<CredentialStore>) -> Result<ApiClient, String> {
        ApiClient::new(self.client_config(store)).map_err(|e| e.to_string())
    }

    pub fn auth_kind(&self) -> AuthKind {
        match self.auth {
            Auth::Pat(_) => AuthKind::Pat,
            Auth::Bearer(_) => AuthKind::OAuth,
        }
    }
}
