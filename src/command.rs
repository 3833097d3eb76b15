//! The `:` command line: parsing, fuzzy matching of group names and completion.
//! Pure functions; the app carries the commands out.

use crate::api::models::{GroupKind, SortField, SortOrder};

/// The commands, for completion and help.
pub const COMMANDS: &[(&str, &str)] = &[
    ("search", "search QUERY — run a search (same syntax as /)"),
    ("folder", "folder NAME — jump to a storage folder (fuzzy)"),
    (
        "collection",
        "collection NAME — jump to a collection (fuzzy)",
    ),
    ("lightbox", "lightbox NAME — jump to a lightbox (fuzzy)"),
    ("asset", "asset ID|GUID — show one asset"),
    (
        "save",
        "save NAME — save the current search, its filters and scope",
    ),
    ("saved", "saved NAME — run a saved search (fuzzy)"),
    (
        "new",
        "new NAME — a new folder, collection or lightbox under the tree cursor",
    ),
    (
        "rename",
        "rename NAME — rename the group or saved search under the tree cursor",
    ),
    (
        "move-to",
        "move-to FOLDER — move the storage folder under the tree cursor into FOLDER (/ for the top)",
    ),
    (
        "rename-saved",
        "rename-saved NAME — rename the saved search under the tree cursor",
    ),
    (
        "picks",
        "picks LIGHTBOX — where the loupe's P puts assets (made if none is called that)",
    ),
    (
        "reject",
        "reject rating|trash|VALUE — what the loupe's x does (a rating of 1, the trash at the end, a status value)",
    ),
    (
        "sort",
        "sort FIELD [asc|desc] — filename, created_at, captured_at, file_size, rating, custom",
    ),
    (
        "download-dir",
        "download-dir PATH — where d saves files (remembered; Tab completes)",
    ),
    (
        "trash",
        "trash — what your bulk jobs moved to the trash (u restores)",
    ),
    ("q", "q — quit"),
];

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Search(String),
    Jump {
        kind: GroupKind,
        name: String,
    },
    AssetId(i64),
    AssetGuid(String),
    Sort(SortField, SortOrder),
    /// Save the current search under this name.
    Save(String),
    /// Run the saved search that best matches this name.
    RunSaved(String),
    /// Rename the saved search under the tree cursor.
    RenameSaved(String),
    /// A new group under the tree cursor.
    NewGroup(String),
    /// Rename the group or saved search under the tree cursor.
    Rename(String),
    /// Move the storage folder under the tree cursor into the folder of this name
    /// (`/`: to the top level).
    MoveTo(String),
    /// Save downloads here from now on.
    DownloadDir(String),
    /// The loupe's picks go to the lightbox of this name.
    Picks(String),
    /// What the loupe's `x` does: `rating`, `trash` or a status value.
    Reject(String),
    /// Show the trash in the grid.
    Trash,
    Quit,
}

/// What a command's argument names, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Group(GroupKind),
    Saved,
}

fn arg_kind(word: &str) -> Option<NameKind> {
    Some(match word {
        "folder" | "f" | "move-to" => NameKind::Group(GroupKind::StorageFolder),
        "collection" | "c" => NameKind::Group(GroupKind::Collection),
        "lightbox" | "l" | "picks" => NameKind::Group(GroupKind::Lightbox),
        "saved" => NameKind::Saved,
        _ => return None,
    })
}

/// Parse one command line (without the leading `:`).
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim();
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    let need = |what: &str| {
        if rest.is_empty() {
            Err(format!(":{word} needs {what}"))
        } else {
            Ok(rest.to_string())
        }
    };
    match word {
        "" => Err("type a command; Tab completes".into()),
        "q" | "quit" => Ok(Command::Quit),
        "trash" => Ok(Command::Trash),
        "search" | "s" => Ok(Command::Search(rest.to_string())),
        "folder" | "f" => Ok(Command::Jump {
            kind: GroupKind::StorageFolder,
            name: need("a folder name")?,
        }),
        "collection" | "c" => Ok(Command::Jump {
            kind: GroupKind::Collection,
            name: need("a collection name")?,
        }),
        "lightbox" | "l" => Ok(Command::Jump {
            kind: GroupKind::Lightbox,
            name: need("a lightbox name")?,
        }),
        "save" => Ok(Command::Save(need("a name for the search")?)),
        "saved" => Ok(Command::RunSaved(need("a saved search name")?)),
        "rename-saved" => Ok(Command::RenameSaved(need("the new name")?)),
        "new" => Ok(Command::NewGroup(need("a name")?)),
        "rename" => Ok(Command::Rename(need("the new name")?)),
        "move-to" => Ok(Command::MoveTo(need("a folder name, or / for the top")?)),
        "download-dir" => Ok(Command::DownloadDir(need("a directory")?)),
        "picks" => Ok(Command::Picks(need("a lightbox name")?)),
        "reject" => Ok(Command::Reject(need("rating, trash or a status value")?)),
        "asset" | "a" => {
            let id = need("an asset id or GUID")?;
            Ok(match id.parse::<i64>() {
                Ok(n) if n > 0 => Command::AssetId(n),
                _ if id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') => {
                    Command::AssetGuid(id)
                }
                _ => return Err(format!("`{id}` is neither an asset id nor a GUID")),
            })
        }
        "sort" => {
            let mut parts = rest.split_whitespace();
            let field = parts.next().ok_or(":sort needs a field")?;
            let field = SortField::parse(field).ok_or_else(|| {
                format!(
                    "unknown sort field `{field}`; use {}",
                    SortField::ALL.map(|f| f.api_name()).join(", ")
                )
            })?;
            let order = match parts.next() {
                None if field == SortField::Filename => SortOrder::Asc,
                None | Some("desc") => SortOrder::Desc,
                Some("asc") => SortOrder::Asc,
                Some(o) => return Err(format!("unknown order `{o}`; use asc or desc")),
            };
            Ok(Command::Sort(field, order))
        }
        other => Err(format!(
            "unknown command `:{other}`; commands: {}",
            COMMANDS
                .iter()
                .map(|(c, _)| *c)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// How well `candidate` matches `query`: `None` when the query's characters do not all
/// appear in order (case-insensitive); lower is better (exact, prefix, substring, then
/// scattered, shorter names first).
pub(crate) fn fuzzy_score(query: &str, candidate: &str) -> Option<usize> {
    let q = query.to_lowercase();
    let c = candidate.to_lowercase();
    if q.is_empty() {
        return None;
    }
    let len = c.chars().count();
    if c == q {
        return Some(0);
    }
    if c.starts_with(&q) {
        return Some(1_000 + len);
    }
    if c.contains(&q) {
        return Some(2_000 + len);
    }
    let mut chars = c.chars();
    let all_in_order = q.chars().all(|qc| chars.any(|cc| cc == qc));
    all_in_order.then_some(3_000 + len)
}

/// The best of `candidates` for `query`, by [`fuzzy_score`].
pub(crate) fn best_match<'a, T>(
    query: &str,
    candidates: impl IntoIterator<Item = (T, &'a str)>,
) -> Option<T> {
    candidates
        .into_iter()
        .filter_map(|(t, name)| fuzzy_score(query, name).map(|s| (s, t)))
        .min_by_key(|(s, _)| *s)
        .map(|(_, t)| t)
}

/// Complete the command word (`fol` → `folder `), or the name after `:folder`,
/// `:collection`, `:lightbox` and `:saved` (the best fuzzy match among `names`).
/// `None` when nothing fits, or several command words do.
pub(crate) fn complete(line: &str, names: impl Fn(NameKind) -> Vec<String>) -> Option<String> {
    if let Some(rest) = line.strip_prefix("download-dir ") {
        let dirs = crate::transfers::paths::complete_dir(rest, 50);
        return match dirs.as_slice() {
            [one] => Some(format!("download-dir {one}")),
            _ => crate::transfers::paths::common_prefix(&dirs)
                .filter(|p| p.len() > rest.len())
                .map(|p| format!("download-dir {p}")),
        };
    }
    if let Some(rest) = line.strip_prefix("sort ") {
        let fits = sort_words(rest);
        return match fits.as_slice() {
            [one] => Some(format!("sort {}{one} ", sort_done(rest))),
            _ => None,
        };
    }
    if let Some((word, rest)) = line.split_once(char::is_whitespace) {
        let kind = arg_kind(word)?;
        let rest = rest.trim();
        let candidates = names(kind);
        let best = best_match(rest, candidates.iter().map(|n| (n, n.as_str())))?;
        return Some(format!("{word} {best}"));
    }
    let fits: Vec<&str> = COMMANDS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| c.starts_with(line))
        .collect();
    match fits.as_slice() {
        [one] => Some(format!("{one} ")),
        // A whole command that also starts a longer one (`rename`, `rename-saved`).
        _ if fits.contains(&line) => Some(format!("{line} ")),
        _ => None,
    }
}

/// What Tab can offer after `line` when it cannot complete it to one choice: the
/// commands that start with it, the sort fields or directions, or the best-matching
/// loaded names (at most `limit`).
pub(crate) fn candidates(
    line: &str,
    names: impl Fn(NameKind) -> Vec<String>,
    limit: usize,
) -> Vec<String> {
    if let Some(rest) = line.strip_prefix("sort ") {
        return sort_words(rest).into_iter().take(limit).collect();
    }
    if let Some(rest) = line.strip_prefix("download-dir ") {
        return crate::transfers::paths::complete_dir(rest, limit);
    }
    if let Some((word, rest)) = line.split_once(char::is_whitespace) {
        let Some(kind) = arg_kind(word) else {
            return Vec::new();
        };
        let rest = rest.trim().to_lowercase();
        return names(kind)
            .into_iter()
            .filter(|n| rest.is_empty() || n.to_lowercase().contains(&rest))
            .take(limit)
            .collect();
    }
    COMMANDS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| c.starts_with(line))
        .take(limit)
        .map(str::to_string)
        .collect()
}

/// After `sort `: the fields that fit what is typed, or the directions after a field.
fn sort_words(rest: &str) -> Vec<String> {
    let parts: Vec<&str> = rest.split_whitespace().collect();
    let typing_new = rest.is_empty() || rest.ends_with(char::is_whitespace);
    match (parts.as_slice(), typing_new) {
        ([], _) => SortField::ALL.map(|f| f.api_name().to_string()).to_vec(),
        ([field], false) => SortField::ALL
            .iter()
            .map(|f| f.api_name())
            .filter(|n| n.starts_with(field))
            .map(str::to_string)
            .collect(),
        ([_field], true) => vec!["asc".into(), "desc".into()],
        ([_field, dir], false) => ["asc", "desc"]
            .iter()
            .filter(|d| d.starts_with(dir))
            .map(|d| d.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The part of a `sort` argument already complete (the field, when a direction is
/// being typed).
fn sort_done(rest: &str) -> String {
    let parts: Vec<&str> = rest.split_whitespace().collect();
    let typing_new = rest.is_empty() || rest.ends_with(char::is_whitespace);
    match (parts.as_slice(), typing_new) {
        ([field], true) | ([field, _], false) => format!("{field} "),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_lists_what_can_come_next() {
        let names = |kind: NameKind| match kind {
            NameKind::Group(GroupKind::StorageFolder) => {
                vec!["Archive".to_string(), "Spring launch".to_string()]
            }
            _ => Vec::new(),
        };
        assert_eq!(candidates("", names, 20).len(), COMMANDS.len());
        assert_eq!(
            candidates("s", names, 20),
            ["search", "save", "saved", "sort"]
        );
        assert_eq!(candidates("sort ", names, 20).len(), SortField::ALL.len());
        assert_eq!(candidates("sort fi", names, 20), ["filename", "file_size"]);
        assert_eq!(
            complete("sort filen", names).as_deref(),
            Some("sort filename ")
        );
        assert_eq!(candidates("sort rating ", names, 20), ["asc", "desc"]);
        assert_eq!(
            complete("sort rating a", names).as_deref(),
            Some("sort rating asc ")
        );
        assert_eq!(
            candidates("folder ", names, 20),
            ["Archive", "Spring launch"]
        );
        assert_eq!(candidates("folder spr", names, 20), ["Spring launch"]);
    }

    #[test]
    fn parses_every_command() {
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(
            parse("search tag:cat"),
            Ok(Command::Search("tag:cat".into()))
        );
        assert_eq!(
            parse("folder  Spring launch "),
            Ok(Command::Jump {
                kind: GroupKind::StorageFolder,
                name: "Spring launch".into()
            })
        );
        assert_eq!(parse("asset 100001"), Ok(Command::AssetId(100001)));
        assert!(matches!(parse("asset 3f2a-77"), Ok(Command::AssetGuid(_))));
        assert!(parse("asset hello world").is_err());
        assert_eq!(
            parse("sort filename"),
            Ok(Command::Sort(SortField::Filename, SortOrder::Asc))
        );
        assert_eq!(
            parse("sort rating asc"),
            Ok(Command::Sort(SortField::Rating, SortOrder::Asc))
        );
        assert!(
            parse("sort colour")
                .unwrap_err()
                .contains("unknown sort field")
        );
        assert!(parse("folder").unwrap_err().contains("needs"));
        assert!(parse("frobnicate").unwrap_err().contains("unknown command"));
    }

    #[test]
    fn fuzzy_matching_prefers_closer_names() {
        let names = [
            (1, "Spring Launch"),
            (2, "Spring"),
            (3, "Press"),
            (4, "Staff uploads"),
        ];
        assert_eq!(best_match("spring", names), Some(2));
        assert_eq!(best_match("launch", names), Some(1));
        assert_eq!(
            best_match("spl", names),
            Some(1),
            "scattered letters in order"
        );
        assert_eq!(best_match("stu", names), Some(4));
        assert_eq!(best_match("xyz", names), None);
    }

    #[test]
    fn completes_command_words_and_names() {
        let names = |kind: NameKind| match kind {
            NameKind::Group(GroupKind::StorageFolder) => {
                vec!["Archive".to_string(), "Spring launch".to_string()]
            }
            NameKind::Saved => vec!["Five-star landscapes".to_string()],
            _ => Vec::new(),
        };
        assert_eq!(complete("fol", names).as_deref(), Some("folder "));
        assert_eq!(complete("s", names), None, "search, sort, save…");
        assert_eq!(complete("rename", names).as_deref(), Some("rename "));
        assert_eq!(complete("rename-", names).as_deref(), Some("rename-saved "));
        assert_eq!(
            complete("folder spl", names).as_deref(),
            Some("folder Spring launch")
        );
        assert_eq!(complete("f arc", names).as_deref(), Some("f Archive"));
        assert_eq!(
            complete("saved five", names).as_deref(),
            Some("saved Five-star landscapes")
        );
        assert_eq!(complete("folder xyz", names), None);
        assert_eq!(complete("collection a", names), None, "none loaded");
        assert_eq!(complete("asset 1", names), None);
        assert_eq!(
            parse("save Weekly picks"),
            Ok(Command::Save("Weekly picks".into()))
        );
        assert_eq!(parse("saved five"), Ok(Command::RunSaved("five".into())));
        assert!(parse("save").is_err());
    }
}
