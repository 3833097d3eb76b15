//! `mgtui --version` names the version and the git commit the binary was built from.

use std::process::Command;

#[test]
fn version_names_the_commit_built_from() {
    let out = Command::new(env!("CARGO_BIN_EXE_mgtui"))
        .arg("--version")
        .output()
        .expect("mgtui runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let commit = head.unwrap_or_else(|| "unknown commit".into());
    assert_eq!(
        text.trim(),
        format!("mgtui {} ({commit})", env!("CARGO_PKG_VERSION"))
    );
}
