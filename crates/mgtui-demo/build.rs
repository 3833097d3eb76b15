//! Where the demo photos are: `assets/demo` in this crate's package (on a checkout, a link
//! to the workspace's `assets/`), else the workspace's own `assets/demo` (a checkout
//! where links are plain files, as git makes them on Windows without symlink support).

use std::path::PathBuf;

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let packaged = here.join("assets/demo");
    let workspace = here.join("../../assets/demo");
    let dir = if packaged.join("photos.json").is_file() {
        packaged
    } else {
        workspace
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    println!(
        "cargo:rustc-env=MGTUI_DEMO_ASSETS_BUILT_IN={}",
        dir.display()
    );
    println!("cargo:rerun-if-changed={}", dir.display());
}
