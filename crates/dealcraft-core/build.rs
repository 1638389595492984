//! Embeds every `scenarios/*.ron` file of the workspace (and the rubrics and tracks) into the
//! core, so that adding a bundled scenario is dropping a file into that folder;
//! `scenarios/previous/` keeps the versions they replaced, for old logs.
//!
//! The generated list names files relative to the crate (`CARGO_MANIFEST_DIR` is expanded when
//! the core compiles, not here), so two checkouts sharing one target folder never compile one
//! checkout's files into the other's build.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = String::new();
    for (folder, constant) in [
        ("scenarios", "SCENARIOS"),
        ("scenarios/previous", "PREVIOUS"),
        ("rubrics", "RUBRICS"),
        ("tracks", "TRACKS"),
    ] {
        // Relative to the package: cargo resolves it in whichever checkout builds.
        println!("cargo:rerun-if-changed=../../{folder}");
        let mut files: Vec<_> = std::fs::read_dir(root.join(folder))
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
        files.sort();
        writeln!(out, "pub const {constant}: &[(&str, &str)] = &[").unwrap();
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy();
            println!("cargo:rerun-if-changed=../../{folder}/{name}");
            writeln!(
                out,
                "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
                format!("/../../{folder}/{name}")
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled_files.rs");
    std::fs::write(dest, out).unwrap();
}
