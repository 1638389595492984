//! `dealcraft new`: writes a commented scenario template to start a new client from.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use dealcraft_core::scenario::Lang;
use dealcraft_core::template;

pub fn run(id: &str, lang: &str, out: Option<PathBuf>) -> Result<ExitCode, String> {
    if !template::is_valid_id(id) {
        return Err(format!(
            "`{id}` is not a scenario id: use only a-z, 0-9, `-` and `_`, such as `bakery-stock`"
        ));
    }
    let lang = if lang == "ru" { Lang::Ru } else { Lang::En };
    let path = out.unwrap_or_else(|| PathBuf::from(format!("{id}.ron")));
    // `create_new` refuses an existing file in the same call that creates it: no race, no loss.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} already exists; not overwriting it (pass another --out, or delete the file)",
                path.display()
            ),
            _ => format!("cannot write {}: {e}", path.display()),
        })?;
    file.write_all(template::template(id, lang).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "wrote {0}: edit it, then `dealcraft validate {0}` and `dealcraft analyze {0}`",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
