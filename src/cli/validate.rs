//! `dealcraft validate`: every problem in scenario, rubric, track and assignment files,
//! `FILE:LINE:COLUMN: ...`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dealcraft_core::{load_assignment, load_rubric, load_scenario, load_track};

pub fn run(paths: &[PathBuf]) -> ExitCode {
    let mut files = Vec::new();
    let mut failed = false;
    for p in paths {
        if p.is_dir() {
            collect(p, &mut files);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            eprintln!("{}: error: no such file or folder", p.display());
            failed = true;
        }
    }
    files.sort();
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let name = file.display().to_string();
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{name}: error: cannot read: {e}");
                errors += 1;
                continue;
            }
        };
        let result = match kind(file, &bytes) {
            Kind::Rubric => load_rubric(&name, &bytes).map(|r| r.warnings),
            Kind::Track => load_track(&name, &bytes).map(|t| t.warnings),
            Kind::Assignment => load_assignment(&name, &bytes).map(|a| a.warnings),
            Kind::Scenario => load_scenario(&name, &bytes).map(|s| s.warnings),
        };
        match result {
            Ok(ws) => {
                warnings += ws.len();
                for w in ws {
                    print!("{w}");
                }
                println!("{name}: ok");
            }
            Err(diags) => {
                for d in &diags.0 {
                    if d.is_error() {
                        errors += 1;
                    } else {
                        warnings += 1;
                    }
                }
                print!("{diags}");
            }
        }
    }
    println!(
        "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
        files.len()
    );
    if failed || errors > 0 || files.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

enum Kind {
    Scenario,
    Rubric,
    Track,
    Assignment,
}

/// Rubrics live in a `rubrics` folder or start with `Rubric(`, tracks in a `tracks` folder or
/// start with `Track(`; assignments start with `Assignment(`; anything else is a scenario.
fn kind(path: &Path, bytes: &[u8]) -> Kind {
    let folder = path.parent().and_then(Path::file_name);
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("#!"))
        .unwrap_or_default();
    if folder.is_some_and(|n| n == "rubrics") || first.starts_with("Rubric") {
        Kind::Rubric
    } else if folder.is_some_and(|n| n == "tracks") || first.starts_with("Track") {
        Kind::Track
    } else if first.starts_with("Assignment") {
        Kind::Assignment
    } else {
        Kind::Scenario
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}
