//! `config.toml`: general settings and the named profiles.

use std::collections::BTreeMap;
use std::path::Path;

use toml_edit::{Document, Item, Table, Value};

use super::{Problem, key_line, line_of, syntax_problem};
use crate::thumbs::probe::ImagesMode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthKind {
    #[default]
    Pat,
    OAuth,
}

impl AuthKind {
    pub fn name(self) -> &'static str {
        match self {
            AuthKind::Pat => "pat",
            AuthKind::OAuth => "oauth",
        }
    }

    pub fn parse(s: &str) -> Option<AuthKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pat" => Some(AuthKind::Pat),
            "oauth" => Some(AuthKind::OAuth),
            _ => None,
        }
    }
}

/// One `[profiles.NAME]` table. The credential itself is never here (keyring or the
/// 0600 credentials file hold it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProfileConfig {
    pub organization_id: Option<i64>,
    pub api_url: Option<String>,
    pub auth: AuthKind,
    /// Base of the OAuth endpoints (`/oauth/authorize`, `/oauth/token`, `/oauth/revoke`).
    pub oauth_url: Option<String>,
    pub client_id: Option<String>,
    /// Shown in the organisation switcher.
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub default_profile: Option<String>,
    pub images: Option<ImagesMode>,
    pub page_size: u32,
    pub mouse: bool,
    pub read_only: bool,
    pub cache_size_mb: u64,
    pub client_id: Option<String>,
    pub oauth_url: Option<String>,
    pub profiles: BTreeMap<String, ProfileConfig>,
    pub tile_size: crate::panes::grid::TileSize,
    /// The most a page of results or a tree level may weigh, in MB (single records a
    /// quarter of it).
    pub max_answer_mb: u64,
    /// Where downloads go (`~` is the home directory).
    pub download_dir: Option<std::path::PathBuf>,
    /// Downloads and uploads at most at once.
    pub parallel_transfers: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            default_profile: None,
            images: None,
            page_size: 50,
            mouse: true,
            read_only: false,
            cache_size_mb: 256,
            client_id: None,
            oauth_url: None,
            profiles: BTreeMap::new(),
            tile_size: Default::default(),
            max_answer_mb: crate::api::client::DEFAULT_ANSWER_MB,
            download_dir: None,
            parallel_transfers: crate::worker::transfers::PARALLEL,
        }
    }
}

impl Settings {
    /// `--profile`, else `default_profile`, else the only profile, else one named `default`.
    pub fn pick_profile<'a>(&'a self, chosen: Option<&'a str>) -> Option<&'a str> {
        if let Some(c) = chosen {
            return Some(c);
        }
        if let Some(d) = &self.default_profile {
            return Some(d);
        }
        if self.profiles.len() == 1 {
            return self.profiles.keys().next().map(String::as_str);
        }
        self.profiles.contains_key("default").then_some("default")
    }
}

/// Profile names are file names and keyring accounts: keep them plain.
pub(crate) fn valid_profile_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.')
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Reader<'_> {
    fn line(&self, item: &Item) -> Option<usize> {
        item.span().map(|s| line_of(self.text, s.start))
    }

    fn bad(&mut self, item: &Item, key: &str, want: &str) {
        let line = self.line(item);
        self.problems.push(Problem::new(
            self.path,
            line,
            format!("`{key}` must be {want}; using the default"),
        ));
    }

    fn string(&mut self, t: &Table, key: &str) -> Option<String> {
        let item = t.get(key)?;
        match item.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.bad(item, key, "a string");
                None
            }
        }
    }

    fn int(&mut self, t: &Table, key: &str) -> Option<i64> {
        let item = t.get(key)?;
        match item.as_integer() {
            Some(i) => Some(i),
            None => {
                self.bad(item, key, "a whole number");
                None
            }
        }
    }

    fn boolean(&mut self, t: &Table, key: &str) -> Option<bool> {
        let item = t.get(key)?;
        match item.as_bool() {
            Some(b) => Some(b),
            None => {
                self.bad(item, key, "true or false");
                None
            }
        }
    }

    fn unknown_keys(&mut self, t: &Table, known: &[&str], what: &str) {
        for (k, _) in t.iter() {
            if !known.contains(&k) {
                let line = key_line(self.text, t, k);
                self.problems.push(Problem::new(
                    self.path,
                    line,
                    format!("unknown setting `{k}` in {what}; ignored"),
                ));
            }
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "default_profile",
    "images",
    "page_size",
    "mouse",
    "read_only",
    "cache_size_mb",
    "client_id",
    "oauth_url",
    "profiles",
    "tile_size",
    "max_answer_mb",
    "download_dir",
    "parallel_transfers",
];
const PROFILE_KEYS: &[&str] = &[
    "organization_id",
    "api_url",
    "auth",
    "oauth_url",
    "client_id",
    "label",
];

/// Parse `config.toml`. A syntax error keeps every default; a bad value keeps that
/// setting's default.
pub fn parse(path: &Path, text: &str, problems: &mut Vec<Problem>) -> Settings {
    let doc = match Document::parse(text.to_string()) {
        Ok(d) => d,
        Err(e) => {
            problems.push(syntax_problem(path, text, &e));
            return Settings::default();
        }
    };
    let top = doc.as_table();
    let mut r = Reader {
        path,
        text,
        problems,
    };
    let mut s = Settings::default();
    r.unknown_keys(top, TOP_KEYS, "config.toml");
    s.default_profile = r.string(top, "default_profile");
    if let Some(item) = top.get("images")
        && let Some(v) = r.string(top, "images")
    {
        match <ImagesMode as clap::ValueEnum>::from_str(&v, true) {
            Ok(m) => s.images = Some(m),
            Err(_) => r.bad(
                item,
                "images",
                "auto, kitty, sixel, iterm2, halfblocks or off",
            ),
        }
    }
    if let Some(item) = top.get("page_size")
        && let Some(n) = r.int(top, "page_size")
    {
        match u32::try_from(n) {
            Ok(n) if (1..=500).contains(&n) => s.page_size = n,
            _ => r.bad(item, "page_size", "between 1 and 500"),
        }
    }
    if let Some(item) = top.get("tile_size")
        && let Some(v) = r.string(top, "tile_size")
    {
        match crate::panes::grid::TileSize::parse(&v) {
            Some(t) => s.tile_size = t,
            None => r.bad(item, "tile_size", "dense, small, medium, large or huge"),
        }
    }
    if let Some(b) = r.boolean(top, "mouse") {
        s.mouse = b;
    }
    if let Some(b) = r.boolean(top, "read_only") {
        s.read_only = b;
    }
    if let Some(item) = top.get("cache_size_mb")
        && let Some(n) = r.int(top, "cache_size_mb")
    {
        match u64::try_from(n) {
            Ok(n) if n <= 1 << 20 => s.cache_size_mb = n,
            _ => r.bad(item, "cache_size_mb", "between 0 and 1048576"),
        }
    }
    if let Some(item) = top.get("max_answer_mb")
        && let Some(n) = r.int(top, "max_answer_mb")
    {
        match u64::try_from(n) {
            Ok(n) if (1..=4096).contains(&n) => s.max_answer_mb = n,
            _ => r.bad(item, "max_answer_mb", "between 1 and 4096"),
        }
    }
    if let Some(item) = top.get("parallel_transfers")
        && let Some(n) = r.int(top, "parallel_transfers")
    {
        let most = crate::worker::transfers::MOST_PARALLEL;
        match usize::try_from(n) {
            Ok(n) if (1..=most).contains(&n) => s.parallel_transfers = n,
            _ => r.bad(item, "parallel_transfers", &format!("between 1 and {most}")),
        }
    }
    s.download_dir = r
        .string(top, "download_dir")
        .map(|d| crate::transfers::paths::expand_home(&d));
    s.client_id = r.string(top, "client_id");
    s.oauth_url = r.string(top, "oauth_url");
    if let Some(item) = top.get("profiles") {
        match item.as_table_like() {
            Some(_) if item.is_table() => {
                let table = item.as_table().expect("checked");
                for (name, p) in table.iter() {
                    let line = r.line(p).or_else(|| key_line(text, table, name));
                    if !valid_profile_name(name) {
                        r.problems.push(Problem::new(
                            path,
                            line,
                            format!(
                                "profile name `{name}` may only use letters, digits, - _ .; ignored"
                            ),
                        ));
                        continue;
                    }
                    let Some(pt) = p.as_table() else {
                        r.problems.push(Problem::new(
                            path,
                            line,
                            format!("[profiles.{name}] must be a table; ignored"),
                        ));
                        continue;
                    };
                    s.profiles
                        .insert(name.to_string(), read_profile(&mut r, name, pt));
                }
            }
            _ => r.bad(item, "profiles", "a table of [profiles.NAME] tables"),
        }
    }
    if let Some(d) = &s.default_profile
        && !s.profiles.contains_key(d)
    {
        let line = key_line(text, top, "default_profile");
        r.problems.push(Problem::new(
            path,
            line,
            format!("default_profile `{d}` has no [profiles.{d}] table"),
        ));
    }
    s
}

fn read_profile(r: &mut Reader<'_>, name: &str, t: &Table) -> ProfileConfig {
    r.unknown_keys(t, PROFILE_KEYS, &format!("[profiles.{name}]"));
    let mut p = ProfileConfig {
        organization_id: r.int(t, "organization_id"),
        api_url: r.string(t, "api_url"),
        oauth_url: r.string(t, "oauth_url"),
        client_id: r.string(t, "client_id"),
        label: r.string(t, "label"),
        ..Default::default()
    };
    if let Some(item) = t.get("auth")
        && let Some(v) = r.string(t, "auth")
    {
        match AuthKind::parse(&v) {
            Some(k) => p.auth = k,
            None => r.bad(item, "auth", "\"pat\" or \"oauth\""),
        }
    }
    p
}

/// Add or update `[profiles.NAME]` in `config.toml`, keeping the user's comments and
/// everything else as written.
pub(crate) fn save_profile(path: &Path, name: &str, p: &ProfileConfig) -> Result<(), String> {
    edit_config(path, |doc| set_profile(doc, path, name, p))
}

/// Read, change and write `config.toml` under the shared lock (another instance may
/// log in or change a setting at the same time, and neither may drop the other's
/// change), keeping the user's comments and layout; written atomically, mode kept.
fn edit_config(
    path: &Path,
    change: impl FnOnce(&mut toml_edit::DocumentMut) -> Result<(), String>,
) -> Result<(), String> {
    let _lock = crate::state_file::FileLock::acquire(path)
        .map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{} is not valid TOML, not changing it: {e}", path.display()))?;
    change(&mut doc)?;
    crate::state_file::write_atomic_keeping_mode(path, doc.to_string().as_bytes(), 0o644)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn set_profile(
    doc: &mut toml_edit::DocumentMut,
    path: &Path,
    name: &str,
    p: &ProfileConfig,
) -> Result<(), String> {
    let profiles = doc
        .entry("profiles")
        .or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| format!("`profiles` in {} is not a table", path.display()))?;
    let entry = profiles
        .entry(name)
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .ok_or_else(|| format!("[profiles.{name}] in {} is not a table", path.display()))?;
    let mut set = |key: &str, v: Option<Value>| match v {
        Some(v) => {
            entry.insert(key, Item::Value(v));
        }
        None => {
            entry.remove(key);
        }
    };
    set("auth", Some(p.auth.name().into()));
    set("organization_id", p.organization_id.map(Value::from));
    set("api_url", p.api_url.clone().map(Value::from));
    set("oauth_url", p.oauth_url.clone().map(Value::from));
    set("client_id", p.client_id.clone().map(Value::from));
    set("label", p.label.clone().map(Value::from));
    Ok(())
}

/// Set `default_profile` in `config.toml` (under the shared lock, keeping the rest of
/// the file as written).
pub fn set_default_profile(path: &Path, name: &str) -> Result<(), String> {
    set_top_value(path, "default_profile", name)
}

/// Set a top-level setting in `config.toml` the same way (`tile_size` from `+`/`-`).
pub fn set_top_value(path: &Path, key: &str, value: &str) -> Result<(), String> {
    edit_config(path, |doc| {
        // Indexing keeps the key's own decor (a comment above it stays put).
        doc[key] = toml_edit::value(value);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Settings, Vec<Problem>) {
        let mut p = Vec::new();
        let s = parse(Path::new("config.toml"), text, &mut p);
        (s, p)
    }

    #[test]
    fn reads_every_setting_and_profile() {
        let (s, p) = parse_str(
            r#"
default_profile = "work"
images = "halfblocks"
page_size = 100
mouse = false
read_only = true
cache_size_mb = 64
max_answer_mb = 8
[profiles.work]
organization_id = 42
api_url = "https://api.example.test"
auth = "oauth"
[profiles.home]
organization_id = 7
"#,
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.page_size, 100);
        assert_eq!(s.max_answer_mb, 8);
        assert!(!s.mouse && s.read_only);
        assert_eq!(s.images, Some(ImagesMode::Halfblocks));
        assert_eq!(s.profiles["work"].auth, AuthKind::OAuth);
        assert_eq!(s.profiles["home"].organization_id, Some(7));
        assert_eq!(s.pick_profile(None), Some("work"));
        assert_eq!(s.pick_profile(Some("home")), Some("home"));
    }

    #[test]
    fn an_answer_limit_out_of_range_keeps_the_default() {
        let (s, p) = parse_str("max_answer_mb = 0\n");
        assert_eq!(s.max_answer_mb, crate::api::client::DEFAULT_ANSWER_MB);
        assert!(p[0].message.contains("between 1 and 4096"), "{p:?}");
    }

    #[test]
    fn parallel_transfers_is_read_within_its_bounds() {
        let (s, p) = parse_str("parallel_transfers = 8\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.parallel_transfers, 8);
        for bad in ["0", "17", "\"many\""] {
            let (s, p) = parse_str(&format!("parallel_transfers = {bad}\n"));
            assert_eq!(s.parallel_transfers, crate::worker::transfers::PARALLEL);
            assert_eq!(p.len(), 1, "{bad}: {p:?}");
        }
    }

    #[test]
    fn bad_values_name_their_line_and_keep_defaults() {
        let (s, mut p) = parse_str("page_size = 0\nmouse = \"yes\"\ncolour = 1\n");
        p.sort_by_key(|p| p.line);
        assert_eq!(s.page_size, 50);
        assert!(s.mouse);
        let text: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert!(
            text[0].starts_with("config.toml:1: `page_size`"),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.starts_with("config.toml:2: `mouse`")));
        assert!(
            text.iter()
                .any(|t| t.starts_with("config.toml:3: unknown setting `colour`"))
        );
    }

    #[test]
    fn syntax_errors_keep_all_defaults() {
        let (s, p) = parse_str("page_size = 10\n[profiles\n");
        assert_eq!(s, Settings::default());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(2));
    }

    #[test]
    fn saving_a_profile_keeps_comments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# my settings\npage_size = 20\n").unwrap();
        let prof = ProfileConfig {
            organization_id: Some(9),
            auth: AuthKind::Pat,
            ..Default::default()
        };
        save_profile(&path, "acme", &prof).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("# my settings"));
        let (s, p) = parse_str(&text);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.profiles["acme"], prof);
        assert_eq!(s.page_size, 20);
    }

    #[test]
    fn concurrent_logins_keep_every_profile_and_the_file_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let threads: Vec<_> = (0..10)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let prof = ProfileConfig {
                        organization_id: Some(i),
                        ..Default::default()
                    };
                    save_profile(&path, &format!("org{i}"), &prof).unwrap();
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let (s, p) = parse_str(&std::fs::read_to_string(&path).unwrap());
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.profiles.len(), 10, "no login dropped another's profile");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640, "the user's mode is kept");
        }
    }

    #[test]
    fn the_default_profile_is_set_and_kept_with_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\npage_size = 30\n").unwrap();
        save_profile(&path, "a", &ProfileConfig::default()).unwrap();
        save_profile(&path, "b", &ProfileConfig::default()).unwrap();
        set_default_profile(&path, "b").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let (s, p) = parse_str(&text);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.default_profile.as_deref(), Some("b"));
        assert_eq!(s.page_size, 30);
        assert!(text.contains("# mine"));
        assert_eq!(s.pick_profile(None), Some("b"));
    }
}
