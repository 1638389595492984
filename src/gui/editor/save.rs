//! Saving a draft: where it goes, what the file loses (its comments) and which lines change,
//! said before anything is written; then the file is written aside and renamed into place.

use std::path::{Path, PathBuf};

use bevy_egui::egui;
use dealcraft_core::emit::{self, Changes, Diff};

use super::draft::{Draft, Source};
use super::form;
use crate::gui::i18n::{UiLang, t};

/// What a save will do, for the trainer to confirm.
#[derive(Debug, Clone)]
pub struct Plan {
    pub target: PathBuf,
    /// The new text.
    pub text: String,
    /// Against the file there now, or the text the draft was opened from.
    pub changes: Changes,
    /// A file is there already that the draft was not opened from.
    pub replaces_other: bool,
    /// The file on disk is no longer the text the draft was opened from (edited elsewhere).
    pub changed_on_disk: bool,
    /// The draft's errors: the file will not load until they are fixed.
    pub errors: usize,
}

/// What saving `draft` into `folder` (the trainer's scenario folder) will do.
pub fn plan(draft: &Draft, folder: &Path) -> Plan {
    let target = draft.target(folder);
    let on_disk = std::fs::read_to_string(&target).ok();
    let opened_from_it = matches!(&draft.source, Source::File(p) if *p == target);
    let old = on_disk
        .clone()
        .or_else(|| draft.original.clone())
        .unwrap_or_default();
    Plan {
        changes: emit::changes(&old, &draft.text),
        text: draft.text.clone(),
        replaces_other: on_disk.is_some() && !opened_from_it,
        changed_on_disk: opened_from_it && on_disk.as_ref() != draft.original.as_ref(),
        errors: draft.errors(),
        target,
    }
}

/// Writes `text` to `path` through a file beside it, so a crash never leaves half a scenario
/// for the library to read.
pub fn write(path: &Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot save {}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = path.with_extension("ron.tmp");
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

/// The confirmation: the target, what is lost, what changes; `Some(true)` to save,
/// `Some(false)` to go back to editing.
pub fn panel(ui: &mut egui::Ui, plan: &Plan, lang: UiLang) -> Option<bool> {
    let mut answer = None;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, form::WARNING))
        .show(ui, |ui| {
            ui.label(
                egui::RichText::new(format!(
                    "💾 {} {}",
                    t(lang, "Save to", "Сохранить в"),
                    plan.target.display()
                ))
                .strong(),
            );
            if plan.replaces_other {
                ui.colored_label(
                    form::WARNING,
                    t(
                        lang,
                        "A file of that name is there already: saving replaces it (change the id to save beside it).",
                        "Файл с таким именем уже есть: сохранение заменит его (смените id, чтобы сохранить рядом).",
                    ),
                );
            }
            if plan.changed_on_disk {
                ui.colored_label(
                    form::WARNING,
                    t(
                        lang,
                        "The file changed on disk since you opened it (in a text editor?): saving replaces those changes.",
                        "Файл изменился на диске после открытия (в текстовом редакторе?): сохранение заменит эти изменения.",
                    ),
                );
            }
            if plan.errors > 0 {
                ui.colored_label(
                    form::ERROR,
                    format!(
                        "⛔ {} {}",
                        plan.errors,
                        t(
                            lang,
                            "error(s): the library will show them and keep playing the last good version until they are fixed",
                            "ошиб.: библиотека покажет их и будет играть последнюю рабочую версию, пока они не исправлены",
                        )
                    ),
                );
            }
            losses(ui, &plan.changes, lang);
            ui.horizontal(|ui| {
                if ui
                    .button(t(lang, "✔ Save it", "✔ Сохранить файл"))
                    .clicked()
                {
                    answer = Some(true);
                }
                if ui
                    .button(t(lang, "Keep editing", "Продолжить правку"))
                    .clicked()
                {
                    answer = Some(false);
                }
            });
        });
    answer
}

/// What the editor cannot keep, and the line changes, with the diff to look at.
fn losses(ui: &mut egui::Ui, c: &Changes, lang: UiLang) {
    if c.is_empty() {
        ui.label(t(
            lang,
            "Nothing changes in the file.",
            "В файле ничего не меняется.",
        ));
        return;
    }
    if !c.comments.is_empty() {
        ui.colored_label(
            form::WARNING,
            format!(
                "{} {} {}",
                t(
                    lang,
                    "The editor cannot keep comments:",
                    "Редактор не сохраняет комментарии:"
                ),
                c.comments.len(),
                t(lang, "will be lost", "будут потеряны"),
            ),
        );
        for (line, text) in c.comments.iter().take(5) {
            ui.label(
                egui::RichText::new(format!("  {line}: {text}"))
                    .monospace()
                    .weak(),
            );
        }
        if c.comments.len() > 5 {
            ui.weak(format!("  … {}", c.comments.len() - 5));
        }
    }
    ui.label(format!(
        "{}: −{} +{}",
        t(
            lang,
            "Lines that change (layout, defaults left out, your edits)",
            "Меняющиеся строки (раскладка, значения по умолчанию, ваши правки)"
        ),
        c.removed,
        c.added
    ));
    egui::CollapsingHeader::new(t(lang, "Show the changes", "Показать изменения"))
        .id_salt("save-diff")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| {
                    for d in &c.diff {
                        let (mark, text, color) = match d {
                            Diff::Same(_) => continue,
                            Diff::Removed(l) => ("-", l, form::ERROR),
                            Diff::Added(l) => ("+", l, egui::Color32::from_rgb(30, 120, 60)),
                        };
                        ui.label(
                            egui::RichText::new(format!("{mark} {text}"))
                                .monospace()
                                .color(color),
                        );
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use dealcraft_core::bundled;

    #[test]
    fn saving_a_bundled_scenario_says_its_comments_are_lost_and_writes_a_file_that_loads() {
        let dir = tempfile::tempdir().unwrap();
        let (name, source) = bundled::SCENARIOS[0];
        let sc = dealcraft_core::load_scenario(name, source.as_bytes())
            .unwrap()
            .scenario;
        let mut draft = Draft::new(sc, Source::Bundled(name.into()), Some(source.into()));
        draft.scenario.client.patience += 1;
        draft.check();
        let plan = plan(&draft, dir.path());
        assert_eq!(
            plan.target,
            dir.path().join(format!("{}.ron", draft.scenario.id))
        );
        assert!(!plan.changes.comments.is_empty());
        assert!(!plan.replaces_other && !plan.changed_on_disk);
        let mut h = Harness::new_ui_state(
            |ui, answer: &mut Option<bool>| {
                if let Some(a) = panel(ui, &plan, UiLang::En) {
                    *answer = Some(a);
                }
            },
            None,
        );
        h.run();
        h.get_by_label_contains("The editor cannot keep comments:");
        h.get_by_label("✔ Save it").click();
        h.run();
        assert_eq!(*h.state(), Some(true));
        write(&plan.target, &plan.text).unwrap();
        let text = std::fs::read_to_string(&plan.target).unwrap();
        let loaded = dealcraft_core::load_scenario("saved.ron", text.as_bytes()).unwrap();
        assert_eq!(loaded.scenario, draft.scenario);
        // Saved again over its own file after one more edit: only that edit's line changes.
        let mut again = Draft::new(
            loaded.scenario,
            Source::File(plan.target.clone()),
            Some(text),
        );
        again.scenario.client.trust = 0.25;
        again.check();
        let p = super::plan(&again, dir.path());
        assert!(p.changes.comments.is_empty());
        assert_eq!((p.changes.removed, p.changes.added), (1, 1));
        assert!(!p.replaces_other && !p.changed_on_disk);
    }
}
