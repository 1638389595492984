//! The editor's needs tab: each need with its topic read in the seller's questions, its SPIN
//! path from hidden to explicit (which question moves it, and whether the client has words for
//! that step), and its lines.

use bevy_egui::egui;
use dealcraft_core::moves::QuestionKind;
use dealcraft_core::phrases::{self, Phrase};
use dealcraft_core::scenario::{Knowledge, Lang, Need};

use super::draft::Draft;
use super::form::{self, Form};
use crate::gui::i18n::{UiLang, t};

pub fn panel(ui: &mut egui::Ui, draft: &mut Draft, f: &mut Form) {
    let lang = f.lang;
    form::record_diagnostics(ui, f, "needs");
    let sc = &mut draft.scenario;
    let language = sc.language;
    let addressed: Vec<bool> = sc
        .needs
        .iter()
        .map(|n| {
            sc.product
                .features
                .iter()
                .any(|x| x.addresses.contains(&n.id))
        })
        .collect();
    let mut remove = None;
    for (i, need) in sc.needs.iter_mut().enumerate() {
        let path = format!("needs[{}]", need.id);
        let title = format!("{} — {} ({})", need.id, need.topic, need.importance);
        form::record(ui, f, (&path, ("need", i)), &title, |ui, f| {
            fields(ui, f, &path, need, language);
            spin_path(ui, need, addressed[i], lang);
            lines(ui, f, &path, need);
            let button = ui.button(t(lang, "🗑 Remove this need", "🗑 Удалить потребность"));
            if form::named(button, &format!("🗑 {path}")).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        sc.needs.remove(i);
    }
    if ui
        .button(t(lang, "➕ Add a need", "➕ Добавить потребность"))
        .clicked()
    {
        let i = draft.add_need();
        *f.focus = Some(format!("needs[{}]", draft.scenario.needs[i].id));
    }
}

fn fields(ui: &mut egui::Ui, f: &mut Form, path: &str, need: &mut Need, language: Lang) {
    let at = |field: &str| format!("{path}.{field}");
    form::text(ui, f, ("Need", "id"), &at("id"), &mut need.id);
    form::text(ui, f, ("Need", "topic"), &at("topic"), &mut need.topic);
    questions(ui, &need.topic, language, f.lang);
    form::number(
        ui,
        f,
        ("Need", "importance"),
        &at("importance"),
        &mut need.importance,
    );
    form::choice(
        ui,
        f,
        ("Need", "known"),
        &at("known"),
        &mut need.known,
        &[
            Knowledge::Hidden,
            Knowledge::Hinted,
            Knowledge::Implied,
            Knowledge::Explicit,
        ],
    );
    form::choices(
        ui,
        f,
        ("Need", "revealed_by"),
        &at("revealed_by"),
        &mut need.revealed_by,
        &[QuestionKind::Situation, QuestionKind::Problem],
    );
    form::flag(
        ui,
        f,
        ("Need", "satisfied"),
        &at("satisfied"),
        &mut need.satisfied,
    );
}

/// The seller's questions with this topic put in, as the trainee will hear them: a plural or a
/// double topic shows at once.
fn questions(ui: &mut egui::Ui, topic: &str, language: Lang, lang: UiLang) {
    if topic.trim().is_empty() {
        return;
    }
    egui::CollapsingHeader::new(
        egui::RichText::new(t(
            lang,
            "How the seller's questions read with this topic",
            "Как звучат вопросы продавца с этой темой",
        ))
        .italics(),
    )
    .id_salt(("questions", topic))
    .default_open(true)
    .show(ui, |ui| {
        for kind in QuestionKind::ALL {
            for template in phrases::variants(language, Phrase::AskAbout(kind)) {
                let line = phrases::fill(template, &[("topic", topic)]);
                ui.label(egui::RichText::new(format!("{kind:?}: {line}")).italics());
            }
        }
    });
}

/// From hidden to explicit: what brings the need each step along, and whether the client has
/// words for it.
fn spin_path(ui: &mut egui::Ui, need: &Need, addressed: bool, lang: UiLang) {
    let l = &need.lines;
    let mut steps: Vec<(String, bool)> = Vec::new();
    if need.known == Knowledge::Hidden {
        if need.revealed_by.contains(&QuestionKind::Situation) {
            steps.push((
                t(
                    lang,
                    "open Situation question ➡ mentioned",
                    "открытый ситуационный вопрос ➡ упомянута",
                )
                .into(),
                !l.situation.is_empty(),
            ));
        }
        if need.revealed_by.contains(&QuestionKind::Problem) && !need.satisfied {
            steps.push((
                t(
                    lang,
                    "open Problem question ➡ implied",
                    "открытый проблемный вопрос ➡ скрытая боль",
                )
                .into(),
                !l.problem.is_empty(),
            ));
        }
    }
    if need.satisfied {
        steps.push((
            t(
                lang,
                "Problem question on the topic ➡ \"works fine\": pitching to it now is a critical error",
                "проблемный вопрос по теме ➡ «всё в порядке»: презентация после этого — критическая ошибка",
            )
            .into(),
            !l.problem.is_empty(),
        ));
    } else {
        if need.known < Knowledge::Implied {
            steps.push((
                t(
                    lang,
                    "Problem question on the topic ➡ implied",
                    "проблемный вопрос по теме ➡ скрытая боль",
                )
                .into(),
                !l.problem.is_empty(),
            ));
        }
        if need.known < Knowledge::Explicit {
            steps.push((
                t(
                    lang,
                    "Implication question ➡ explicit",
                    "извлекающий вопрос ➡ явная",
                )
                .into(),
                !l.implication.is_empty(),
            ));
        }
        steps.push((
            t(
                lang,
                "Need-payoff question ➡ its worth said",
                "направляющий вопрос ➡ ценность названа",
            )
            .into(),
            !l.need_payoff.is_empty(),
        ));
        if addressed {
            steps.push((
                t(
                    lang,
                    "a feature presented to it ➡ reaction",
                    "презентация свойства ➡ реакция",
                )
                .into(),
                !l.present.is_empty(),
            ));
        }
    }
    ui.label(
        egui::RichText::new(format!(
            "{} {:?}",
            t(lang, "SPIN path from", "Путь SPIN от"),
            need.known
        ))
        .strong(),
    );
    for (step, written) in steps {
        let mark = if written { "✔" } else { "○" };
        let note = if written {
            ""
        } else {
            t(
                lang,
                " (no line yet: a stock phrase)",
                " (строки нет: стандартная фраза)",
            )
        };
        ui.label(format!("  {mark} {step}{note}"));
    }
}

fn lines(ui: &mut egui::Ui, f: &mut Form, path: &str, need: &mut Need) {
    let lines_path = format!("{path}.lines");
    let open = f.opens(&lines_path).then_some(true);
    egui::CollapsingHeader::new(format!("lines{}", f.marks(&lines_path)))
        .id_salt(("need-lines", path))
        .open(open)
        .default_open(true)
        .show(ui, |ui| {
            let l = &mut need.lines;
            let at = |field: &str| format!("{lines_path}.{field}");
            form::texts(
                ui,
                f,
                ("NeedLines", "situation"),
                &at("situation"),
                &mut l.situation,
            );
            form::texts(
                ui,
                f,
                ("NeedLines", "problem"),
                &at("problem"),
                &mut l.problem,
            );
            form::texts(
                ui,
                f,
                ("NeedLines", "implication"),
                &at("implication"),
                &mut l.implication,
            );
            form::texts(
                ui,
                f,
                ("NeedLines", "need_payoff"),
                &at("need_payoff"),
                &mut l.need_payoff,
            );
            form::texts(
                ui,
                f,
                ("NeedLines", "present"),
                &at("present"),
                &mut l.present,
            );
        });
}

#[cfg(test)]
mod tests {
    use egui::Key;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn harness(draft: Draft) -> Harness<'static, (Draft, Option<String>)> {
        Harness::builder()
            .with_size(egui::vec2(900.0, 4000.0))
            .build_ui_state(
                |ui, (draft, focus): &mut (Draft, Option<String>)| {
                    draft.check();
                    let diagnostics = draft.diagnostics.clone();
                    let mut f = Form {
                        diagnostics: &diagnostics,
                        focus,
                        help: false,
                        lang: UiLang::En,
                    };
                    panel(ui, draft, &mut f);
                },
                (draft, None),
            )
    }

    #[test]
    fn a_plural_topic_shows_in_the_questions_and_a_new_need_can_be_written() {
        let mut draft = Draft::from_template(Lang::En);
        draft.scenario.needs.truncate(1);
        draft.scenario.needs[0].topic = "duplicate and wrong payments".into();
        let mut h = harness(draft);
        h.run();
        let header = "— duplicate and wrong payments (";
        h.get_by_label_contains(header).click();
        h.run();
        h.get_by_label("Problem: Where does duplicate and wrong payments cause you trouble?");
        h.get_by_label_contains(header).click();
        h.run();
        h.get_by_label("➕ Add a need").click();
        h.run();
        assert_eq!(h.state().0.scenario.needs.len(), 2);
        assert_eq!(h.state().0.scenario.needs[1].id, "need-1");
        // The new need is open; its lines are missing, which its header and rows say.
        h.get_by_label_contains("need-1 —  (3)  ⚠");
        // Typing a topic into the new need's field.
        // The first need is closed; the new one's inputs are its id, then its topic.
        let role = egui::accesskit::Role::TextInput;
        h.get_all_by_role(role).nth(1).unwrap().focus();
        h.run();
        h.get_all_by_role(role)
            .nth(1)
            .unwrap()
            .type_text("downtime");
        h.run();
        h.key_press(Key::Tab);
        h.run();
        assert_eq!(h.state().0.scenario.needs[1].topic, "downtime");
        h.get_by_label("Problem: Where does downtime cause you trouble?");
    }
}
