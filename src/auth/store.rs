//! Where credentials live: the OS keyring (Secret Service, Keychain, Credential Manager)
//! or, when no keyring service answers (typical over SSH), one file per profile with mode
//! 0600 in a 0700 directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::Secret;

const SERVICE: &str = "mgtui";

/// A stored credential of one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredCredential {
    Pat {
        token: Secret,
    },
    OAuth {
        access: Secret,
        refresh: Option<Secret>,
        /// Unix seconds.
        expires_at: Option<u64>,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Wire {
    Pat {
        token: String,
    },
    Oauth {
        access_token: String,
        refresh_token: Option<String>,
        expires_at: Option<u64>,
    },
}

impl StoredCredential {
    fn to_wire(&self) -> String {
        let w = match self {
            StoredCredential::Pat { token } => Wire::Pat {
                token: token.expose().to_string(),
            },
            StoredCredential::OAuth {
                access,
                refresh,
                expires_at,
            } => Wire::Oauth {
                access_token: access.expose().to_string(),
                refresh_token: refresh.as_ref().map(|r| r.expose().to_string()),
                expires_at: *expires_at,
            },
        };
        serde_json::to_string(&w).unwrap_or_default()
    }

    // serde's messages can quote the input, so they are replaced by a fixed one.
    fn from_wire(text: &str) -> Result<StoredCredential, String> {
        match serde_json::from_str::<Wire>(text) {
            Ok(Wire::Pat { token }) => Ok(StoredCredential::Pat {
                token: Secret::new(token),
            }),
            Ok(Wire::Oauth {
                access_token,
                refresh_token,
                expires_at,
            }) => Ok(StoredCredential::OAuth {
                access: Secret::new(access_token),
                refresh: refresh_token.map(Secret::new),
                expires_at,
            }),
            Err(_) => Err("the stored credential is unreadable; run `mgtui login` again".into()),
        }
    }
}

/// Why a keyring call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringError {
    /// No keyring service on this machine (no D-Bus session, locked, absent).
    Unavailable(String),
    Other(String),
}

/// The OS keyring service boundary; tests substitute an in-memory one.
pub trait KeyringService: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>, KeyringError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), KeyringError>;
    fn delete(&self, account: &str) -> Result<(), KeyringError>;
    fn name(&self) -> &'static str;
}

/// The real OS keyring through the `keyring` crate. Each call runs on its own thread:
/// the Secret Service client runs its own executor and must not nest in tokio's.
pub struct OsKeyring;

fn on_thread<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, keyring::Error> + Send + 'static,
) -> Result<T, KeyringError> {
    let handle = std::thread::spawn(f);
    match handle.join() {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(map_keyring(e)),
        Err(_) => Err(KeyringError::Unavailable(
            "the keyring client crashed".into(),
        )),
    }
}

fn map_keyring(e: keyring::Error) -> KeyringError {
    match e {
        keyring::Error::NoStorageAccess(inner) => KeyringError::Unavailable(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => KeyringError::Unavailable(inner.to_string()),
        other => KeyringError::Other(other.to_string()),
    }
}

impl KeyringService for OsKeyring {
    fn get(&self, account: &str) -> Result<Option<String>, KeyringError> {
        let account = account.to_string();
        on_thread(move || {
            let entry = keyring::Entry::new(SERVICE, &account)?;
            match entry.get_password() {
                Ok(p) => Ok(Some(p)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), KeyringError> {
        let account = account.to_string();
        let secret = secret.to_string();
        on_thread(move || keyring::Entry::new(SERVICE, &account)?.set_password(&secret))
    }

    fn delete(&self, account: &str) -> Result<(), KeyringError> {
        let account = account.to_string();
        on_thread(
            move || match keyring::Entry::new(SERVICE, &account)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(e),
            },
        )
    }

    fn name(&self) -> &'static str {
        if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(windows) {
            "Windows Credential Manager"
        } else {
            "Secret Service keyring"
        }
    }
}

/// Where a credential ended up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Keyring(&'static str),
    File(PathBuf),
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backend::Keyring(name) => write!(f, "the {name}"),
            Backend::File(p) => write!(f, "{} (mode 0600; no keyring service here)", p.display()),
        }
    }
}

pub struct CredentialStore {
    keyring: Option<Box<dyn KeyringService>>,
    dir: PathBuf,
}

impl CredentialStore {
    /// The OS keyring with the file fallback under `dir`. `MGTUI_KEYRING=file` skips the
    /// keyring.
    pub fn system(dir: PathBuf) -> CredentialStore {
        let off = std::env::var("MGTUI_KEYRING").is_ok_and(|v| v == "file" || v == "off");
        CredentialStore {
            keyring: (!off).then(|| Box::new(OsKeyring) as Box<dyn KeyringService>),
            dir,
        }
    }

    pub fn with_keyring(keyring: Box<dyn KeyringService>, dir: PathBuf) -> CredentialStore {
        CredentialStore {
            keyring: Some(keyring),
            dir,
        }
    }

    pub fn file_only(dir: PathBuf) -> CredentialStore {
        CredentialStore { keyring: None, dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn file_for(&self, profile: &str) -> PathBuf {
        self.dir.join(format!("{profile}.json"))
    }

    fn account(profile: &str) -> String {
        format!("profile:{profile}")
    }

    /// Where a new credential would go, for `mgtui info`.
    pub fn describe(&self) -> String {
        match &self.keyring {
            None => format!(
                "file fallback in {} (keyring off by MGTUI_KEYRING)",
                self.dir.display()
            ),
            Some(k) => match k.get(&Self::account("__probe__")) {
                Ok(_) => format!("{} (file fallback: {})", k.name(), self.dir.display()),
                Err(KeyringError::Unavailable(why)) => format!(
                    "file fallback in {} (files 0600, dir 0700): no keyring service ({})",
                    self.dir.display(),
                    why.lines().next().unwrap_or("")
                ),
                Err(KeyringError::Other(why)) => format!(
                    "{} reported an error ({why}); file fallback in {}",
                    k.name(),
                    self.dir.display()
                ),
            },
        }
    }

    pub fn load(&self, profile: &str) -> Result<Option<StoredCredential>, String> {
        if let Some(k) = &self.keyring {
            match k.get(&Self::account(profile)) {
                Ok(Some(text)) => return StoredCredential::from_wire(&text).map(Some),
                Ok(None) => {}
                Err(KeyringError::Unavailable(why)) => {
                    tracing::info!("keyring unavailable, using the credentials file: {why}")
                }
                Err(KeyringError::Other(why)) => {
                    tracing::warn!("keyring error, trying the credentials file: {why}")
                }
            }
        }
        let path = self.file_for(profile);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                check_private(&path)?;
                StoredCredential::from_wire(&text).map(Some)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    pub fn save(&self, profile: &str, cred: &StoredCredential) -> Result<Backend, String> {
        let wire = cred.to_wire();
        if let Some(k) = &self.keyring {
            match k.set(&Self::account(profile), &wire) {
                Ok(()) => {
                    // A stale fallback file would shadow nothing but still hold a secret.
                    let _ = std::fs::remove_file(self.file_for(profile));
                    return Ok(Backend::Keyring(k.name()));
                }
                Err(KeyringError::Unavailable(why)) | Err(KeyringError::Other(why)) => {
                    tracing::info!("keyring not usable, writing the credentials file: {why}")
                }
            }
        }
        let path = self.file_for(profile);
        write_private(&self.dir, &path, wire.as_bytes())?;
        Ok(Backend::File(path))
    }

    /// Remove the credential from the keyring and the file; true if one existed.
    pub fn delete(&self, profile: &str) -> Result<bool, String> {
        let mut existed = false;
        if let Some(k) = &self.keyring {
            if let Ok(Some(_)) = k.get(&Self::account(profile)) {
                existed = true;
            }
            match k.delete(&Self::account(profile)) {
                Ok(()) | Err(KeyringError::Unavailable(_)) => {}
                Err(KeyringError::Other(e)) => return Err(format!("keyring: {e}")),
            }
        }
        match std::fs::remove_file(self.file_for(profile)) {
            Ok(()) => existed = true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot delete the credentials file: {e}")),
        }
        Ok(existed)
    }
}

/// Write `bytes` to `path` so that no other user can read it at any moment: the dir is
/// 0700, the file is created 0600 under a temporary name and renamed into place.
fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::paths::ensure_private_dir(dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    crate::state_file::write_atomic(path, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Refuse a credentials file others can read (someone loosened it by hand).
fn check_private(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| format!("cannot stat {}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "{} is readable by others (mode {:o}); fix with `chmod 600` or run `mgtui login` again",
                path.display(),
                mode & 0o777
            ));
        }
    }
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_round_trip_and_unreadable_is_not_quoted() {
        let c = StoredCredential::OAuth {
            access: Secret::new("a-1"),
            refresh: Some(Secret::new("r-1")),
            expires_at: Some(99),
        };
        assert_eq!(StoredCredential::from_wire(&c.to_wire()).unwrap(), c);
        let err = StoredCredential::from_wire("{\"kind\":\"pat\",\"token\":7}").unwrap_err();
        assert!(!err.contains('7'));
    }
}
