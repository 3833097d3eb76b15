//! XDG locations (used on every OS, like yazi): config, state (logs, drafts), cache.

use std::path::PathBuf;

/// `$HOME` (the temp directory when it is not set).
pub(crate) fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
}

fn xdg(var: &str, fallback: &[&str]) -> PathBuf {
    match std::env::var_os(var).map(PathBuf::from) {
        Some(p) if p.is_absolute() => p.join("mgtui"),
        _ => fallback
            .iter()
            .fold(home(), |p, part| p.join(part))
            .join("mgtui"),
    }
}

/// `~/Downloads/mgtui`: where downloads go unless `download_dir` says otherwise.
pub fn download_dir() -> PathBuf {
    home().join("Downloads").join("mgtui")
}

/// `$MGTUI_CONFIG_DIR`, else `$XDG_CONFIG_HOME/mgtui`, else `~/.config/mgtui`.
pub fn config_dir() -> PathBuf {
    match std::env::var_os("MGTUI_CONFIG_DIR") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => xdg("XDG_CONFIG_HOME", &[".config"]),
    }
}

/// `$XDG_STATE_HOME/mgtui`, else `~/.local/state/mgtui`: logs and drafts.
pub fn state_dir() -> PathBuf {
    xdg("XDG_STATE_HOME", &[".local", "state"])
}

/// `$XDG_CACHE_HOME/mgtui`, else `~/.cache/mgtui`: thumbnails.
pub fn cache_dir() -> PathBuf {
    xdg("XDG_CACHE_HOME", &[".cache"])
}

/// Create `dir` (and parents) readable only by the user.
pub fn ensure_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
