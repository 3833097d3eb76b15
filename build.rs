//! Names the git commit the binary is built from, for `mgtui --version`.

use std::process::Command;

fn main() {
    // A crate unpacked from crates.io knows its commit; a checkout asks git.
    let commit = packaged_commit()
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown commit".to_string());
    println!("cargo:rustc-env=MGTUI_GIT_COMMIT={commit}");
    // A new commit (or branch) changes the answer; a path that is missing is not
    // watched (cargo would take it as changed on every build).
    for path in [
        ".cargo_vcs_info.json",
        ".git/HEAD",
        ".git/refs/heads",
        ".git/packed-refs",
    ] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}

fn git_commit() -> Option<String> {
    Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| is_commit(s))
}

fn is_commit(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// A crate from crates.io has no .git, but `cargo package` wrote the commit it was made
/// from into `.cargo_vcs_info.json` (`"sha1": "<40 hex>"`).
fn packaged_commit() -> Option<String> {
    let info = std::fs::read_to_string(".cargo_vcs_info.json").ok()?;
    let rest = &info[info.find("\"sha1\"")? + 6..];
    let start = rest.find('"')? + 1;
    let sha: String = rest[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (sha.len() >= 12).then(|| sha[..12].to_string())
}
