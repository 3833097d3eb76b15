//! `mgtui login`, `logout` and `status`: the interactive flows, written against a small
//! prompt trait so tests can drive them over loopback.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use super::oauth::{self, Endpoints};
use super::store::{Backend, CredentialStore, StoredCredential};
use super::{EnvVars, Resolved, Source};
use crate::api::models::User;
use crate::api::{ApiClient, ApiError, Auth, ClientConfig, Credentials, Secret};
use crate::config::file::{save_profile, valid_profile_name};
use crate::config::{AuthKind, ProfileConfig, Settings};
use crate::sanitize::clean;

/// Questions and messages of the login flows.
pub trait Prompt: Send {
    fn say(&mut self, text: &str);
    fn ask(&mut self, question: &str) -> Result<String, String>;
    /// Input is not echoed.
    fn ask_secret(&mut self, question: &str) -> Result<Secret, String>;
}

/// stderr for messages, stdin for answers; hidden input when stdin is a terminal.
pub struct TerminalPrompt;

impl Prompt for TerminalPrompt {
    fn say(&mut self, text: &str) {
        eprintln!("{text}");
    }

    fn ask(&mut self, question: &str) -> Result<String, String> {
        eprint!("{question}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        Ok(line.trim().to_string())
    }

    fn ask_secret(&mut self, question: &str) -> Result<Secret, String> {
        eprint!("{question}");
        let _ = std::io::stderr().flush();
        let value = if std::io::stdin().is_terminal() {
            rpassword::read_password().map_err(|e| format!("cannot read the token: {e}"))?
        } else {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| format!("cannot read the token: {e}"))?;
            line
        };
        Ok(Secret::new(value.trim().to_string()))
    }
}

/// What `mgtui login` was asked to do.
#[derive(Debug, Clone)]
pub struct LoginOptions {
    pub profile: String,
    pub kind: AuthKind,
    pub api_url: String,
    /// Numeric id or slug; asked when missing.
    pub organization: Option<String>,
    pub endpoints: Option<Endpoints>,
    pub redirect_port: u16,
    pub open_browser: bool,
    pub timeout: Duration,
    pub config_path: std::path::PathBuf,
}

#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub user: String,
    pub organization_id: Option<i64>,
    pub organization: Option<String>,
    pub stored_in: Backend,
}

impl LoginOutcome {
    pub fn summary(&self, profile: &str) -> String {
        let org = match (&self.organization, self.organization_id) {
            (Some(n), Some(id)) => format!("{n} (id {id})"),
            (None, Some(id)) => format!("organisation {id}"),
            _ => "no organisation".into(),
        };
        format!(
            "Signed in as {} to {org}; profile `{profile}` saved, credential stored in {}.",
            self.user, self.stored_in
        )
    }
}

fn client_for(base: &str, auth: Auth, org: Option<i64>) -> Result<ApiClient, String> {
    ApiClient::new(ClientConfig::new(
        base,
        Credentials {
            auth,
            organization_id: org,
        },
    ))
    .map_err(|e| e.to_string())
}

fn display_user(u: &User) -> String {
    let name = clean(&u.display_name());
    match &u.email {
        Some(e) if !name.contains(e.as_str()) => format!("{name} <{}>", clean(e)),
        _ => name,
    }
}

fn explain(e: &ApiError) -> String {
    match e {
        ApiError::Unauthorized { note: Some(n) } => format!("the token was refused: {}", clean(n)),
        ApiError::Unauthorized { note: None } => {
            "the token was refused (wrong, expired or revoked)".into()
        }
        other => clean(&other.to_string()),
    }
}

/// Turn an id or slug into (id, name), checking the account can use it.
async fn pick_organization(
    prompt: &mut dyn Prompt,
    base: &str,
    auth: &Auth,
    given: Option<String>,
    user: &User,
) -> Result<(i64, Option<String>), String> {
    let suggested = user
        .organization
        .as_ref()
        .map(|o| o.id)
        .filter(|id| *id > 0);
    let answer = match given {
        Some(g) => g,
        None => {
            let q = match suggested {
                Some(id) => format!("Organisation id or slug [{id}]: "),
                None => "Organisation id or slug (Profile Settings in the web app): ".into(),
            };
            prompt.ask(&q)?
        }
    };
    let answer = answer.trim();
    let id = if answer.is_empty() {
        suggested.ok_or("an organisation id or slug is needed")?
    } else if let Ok(id) = answer.parse::<i64>() {
        id
    } else {
        let c = client_for(base, auth.clone(), None)?;
        let found = c.find_organization(answer).await.map_err(|e| {
            format!(
                "no organisation with slug `{}`: {}",
                clean(answer),
                explain(&e)
            )
        })?;
        found.id
    };
    let c = client_for(base, auth.clone(), Some(id))?;
    let org = c.organization(id).await.map_err(|e| {
        format!(
            "organisation {id} is not available to this account: {}",
            explain(&e)
        )
    })?;
    Ok((id, org.title.map(|t| clean(&t))))
}

fn check_profile(opts: &LoginOptions) -> Result<(), String> {
    if valid_profile_name(&opts.profile) {
        Ok(())
    } else {
        Err(format!(
            "profile name `{}` may only use letters, digits, - _ .",
            clean(&opts.profile)
        ))
    }
}

/// PAT login: read the token hidden, verify it with whoami, pick the organisation, save.
pub async fn login_pat(
    prompt: &mut dyn Prompt,
    opts: &LoginOptions,
    store: &CredentialStore,
) -> Result<LoginOutcome, String> {
    check_profile(opts)?;
    prompt.say(
        "Create a token at https://mediagraph.io/account/personal-access-tokens (shown once).",
    );
    let token = prompt.ask_secret("Personal access token (input hidden): ")?;
    if token.is_empty() {
        return Err("no token entered; nothing was saved".into());
    }
    let who = identify(prompt, opts, &Auth::Pat(token.clone())).await?;
    finish(
        opts,
        store,
        &StoredCredential::Pat { token },
        ProfileConfig {
            auth: AuthKind::Pat,
            ..Default::default()
        },
        who,
    )
}

/// The user a credential belongs to, and the organisation to use: (user, id, name).
async fn identify(
    prompt: &mut dyn Prompt,
    opts: &LoginOptions,
    auth: &Auth,
) -> Result<(User, i64, Option<String>), String> {
    let user = client_for(&opts.api_url, auth.clone(), None)?
        .whoami()
        .await
        .map_err(|e| format!("{}; nothing was saved", explain(&e)))?;
    let (org_id, org_name) = pick_organization(
        prompt,
        &opts.api_url,
        auth,
        opts.organization.clone(),
        &user,
    )
    .await?;
    Ok((user, org_id, org_name))
}

/// Store the credential and write the profile (`profile` plus the organisation, API URL
/// and label) once the login is verified.
fn finish(
    opts: &LoginOptions,
    store: &CredentialStore,
    credential: &StoredCredential,
    profile: ProfileConfig,
    (user, org_id, org_name): (User, i64, Option<String>),
) -> Result<LoginOutcome, String> {
    // Nothing half-done: if the profile cannot be written (a broken config.toml), the
    // credential store goes back to what it held before.
    let previous = store.load(&opts.profile).ok().flatten();
    let stored_in = store.save(&opts.profile, credential)?;
    if let Err(e) = save_profile(
        &opts.config_path,
        &opts.profile,
        &ProfileConfig {
            organization_id: Some(org_id),
            api_url: Some(opts.api_url.clone()),
            label: org_name.clone(),
            ..profile
        },
    ) {
        let undone = match &previous {
            Some(old) => store.save(&opts.profile, old).map(|_| ()),
            None => store.delete(&opts.profile).map(|_| ()),
        };
        return Err(match undone {
            Ok(()) => format!("{e}; the new credential was not kept"),
            Err(u) => format!("{e}; removing the new credential also failed: {u}"),
        });
    }
    Ok(LoginOutcome {
        user: display_user(&user),
        organization_id: Some(org_id),
        organization: org_name,
        stored_in,
    })
}

/// OAuth login: loopback redirect or a pasted redirect URL/code, PKCE, `state` check.
pub async fn login_oauth(
    prompt: &mut dyn Prompt,
    opts: &LoginOptions,
    pasted: &mut mpsc::Receiver<String>,
    store: &CredentialStore,
) -> Result<LoginOutcome, String> {
    check_profile(opts)?;
    let ep = opts
        .endpoints
        .clone()
        .ok_or("OAuth endpoints are not configured")?;
    let loopback = oauth::Loopback::bind(opts.redirect_port).await?;
    let pkce = oauth::Pkce::new()?;
    let state = oauth::random_string(16)?;
    let url = oauth::authorize_url(&ep, &loopback.redirect_uri, &state, &pkce.challenge)?;
    prompt.say(&format!("Open this address to sign in:\n\n  {url}\n"));
    if opts.open_browser && oauth::browser_available() && oauth::open_browser(url.as_str()) {
        prompt.say("(A browser window was opened.)");
    }
    prompt.say(&format!(
        "Waiting up to {} s for the redirect to {}.\nOn a remote machine, paste the address your browser ends on (or just the code) and press Enter:",
        opts.timeout.as_secs(),
        loopback.redirect_uri
    ));
    let mut notices = Vec::new();
    let code = oauth::wait_for_code(&loopback, pasted, &state, opts.timeout, |n| {
        notices.push(n.to_string())
    })
    .await;
    for n in notices {
        prompt.say(&n);
    }
    let code = code?;
    let http = oauth::http_client()?;
    let tokens =
        oauth::exchange_code(&http, &ep, &code, &pkce.verifier, &loopback.redirect_uri).await?;
    let who = identify(prompt, opts, &Auth::Bearer(tokens.access.clone())).await?;
    finish(
        opts,
        store,
        &StoredCredential::OAuth {
            access: tokens.access,
            refresh: tokens.refresh,
            expires_at: tokens.expires_at,
        },
        ProfileConfig {
            auth: AuthKind::OAuth,
            oauth_url: Some(ep.base.as_str().trim_end_matches('/').to_string()),
            client_id: Some(ep.client_id.clone()),
            ..Default::default()
        },
        who,
    )
}

/// Revoke (OAuth) and delete the stored credential of `profile`.
pub async fn logout(
    profile: &str,
    settings: &Settings,
    env: &EnvVars,
    store: &CredentialStore,
) -> Result<String, String> {
    let cred = store.load(profile).unwrap_or_else(|e| {
        tracing::info!("logout: {e}");
        None
    });
    let mut notes = Vec::new();
    if let Some(StoredCredential::OAuth {
        access, refresh, ..
    }) = &cred
    {
        let ep = super::endpoints_for(settings.profiles.get(profile), settings, env)?;
        let http = oauth::http_client()?;
        for (what, t) in [("refresh", refresh.as_ref()), ("access", Some(access))] {
            if let Some(t) = t
                && let Err(e) = oauth::revoke(&http, &ep, t).await
            {
                notes.push(format!("the {what} token could not be revoked ({e})"));
            }
        }
        if notes.is_empty() {
            notes.push("tokens revoked".into());
        }
    }
    if matches!(cred, Some(StoredCredential::Pat { .. })) {
        notes.push("personal access tokens stay valid until you delete them in the web app".into());
    }
    let existed = store.delete(profile)?;
    Ok(if existed || cred.is_some() {
        format!(
            "Signed out of profile `{profile}`: {}; credential deleted.",
            notes.join(", ")
        )
    } else {
        format!("Profile `{profile}` had no stored credential.")
    })
}

/// `mgtui status`: who, which organisation, which profile and credential kind.
pub async fn status(resolved: &Resolved, store: Arc<CredentialStore>) -> Result<String, String> {
    let client = resolved.client(store)?;
    let who = client.whoami().await.map_err(|e| explain(&e))?;
    let org = match resolved.organization_id {
        Some(id) => match client.organization(id).await {
            Ok(o) => format!(
                "{} (id {id})",
                clean(o.title.as_deref().unwrap_or("unnamed organisation"))
            ),
            Err(e) => format!("organisation {id} ({})", explain(&e)),
        },
        None => "no organisation selected".into(),
    };
    let source = match &resolved.source {
        Source::Env => "environment (MEDIAGRAPH_PAT)".to_string(),
        Source::Profile(p) => format!("profile `{p}`"),
    };
    let kind = match resolved.auth {
        Auth::Pat(_) => "personal access token".to_string(),
        Auth::Bearer(_) => match resolved.expires_at {
            Some(at) => {
                let left = at.saturating_sub(oauth::now_secs());
                format!(
                    "OAuth, access token valid for {} more min (renewed automatically)",
                    left / 60
                )
            }
            None => "OAuth".into(),
        },
    };
    Ok(format!(
        "Signed in as {}\nOrganisation: {org}\nAPI:          {}\nCredential:   {kind}, from {source}",
        display_user(&who),
        clean(&resolved.base_url),
    ))
}

/// Feed pasted lines from stdin (a thread: reading stdin blocks).
pub fn stdin_lines() -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel(4);
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let Ok(line) = line else { break };
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    rx
}

pub fn credentials_dir(config_dir: &Path) -> std::path::PathBuf {
    config_dir.join("credentials")
}
