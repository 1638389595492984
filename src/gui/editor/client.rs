//! The editor's first tab: the library card (id, title, language, difficulty) and the client,
//! with the personality that decides which greeting, pace and close work.

use bevy_egui::egui;
use dealcraft_core::Stage;
use dealcraft_core::scenario::{Difficulty, Lang, Scenario, SocialStyle};
use dealcraft_core::scoring::PassMark;

use super::form::{self, Form};
use crate::gui::i18n::{self, t};

/// The scenario's own fields and its client.
pub fn panel(ui: &mut egui::Ui, sc: &mut Scenario, f: &mut Form) {
    let lang = f.lang;
    ui.heading(t(lang, "The library card", "Карточка в библиотеке"));
    form::record_diagnostics(ui, f, "id");
    form::text(ui, f, ("Scenario", "id"), "id", &mut sc.id);
    form::text(ui, f, ("Scenario", "title"), "title", &mut sc.title);
    form::choice(
        ui,
        f,
        ("Scenario", "language"),
        "language",
        &mut sc.language,
        &[Lang::En, Lang::Ru],
    );
    form::choice(
        ui,
        f,
        ("Scenario", "difficulty"),
        "difficulty",
        &mut sc.difficulty,
        &[Difficulty::Easy, Difficulty::Medium, Difficulty::Hard],
    );
    form::text(
        ui,
        f,
        ("Scenario", "industry"),
        "industry",
        &mut sc.industry,
    );
    form::paragraph(ui, f, ("Scenario", "summary"), "summary", &mut sc.summary);
    ui.separator();
    pass_mark(ui, sc, f);
    ui.separator();
    ui.heading(t(lang, "The client", "Клиент"));
    form::record_diagnostics(ui, f, "client");
    let c = &mut sc.client;
    form::text(ui, f, ("Client", "name"), "client.name", &mut c.name);
    form::text(ui, f, ("Client", "role"), "client.role", &mut c.role);
    form::text(
        ui,
        f,
        ("Client", "company"),
        "client.company",
        &mut c.company,
    );
    form::choice(
        ui,
        f,
        ("Client", "style"),
        "client.style",
        &mut c.style,
        &SocialStyle::ALL,
    );
    ui.label(
        egui::RichText::new(format!(
            "{}: {:?} · {} {}",
            t(lang, "greeting that suits", "подходящее приветствие"),
            c.style.preferred_contact(),
            if c.style.likes_small_talk() {
                t(lang, "likes small talk;", "любит поговорить о жизни;")
            } else {
                t(lang, "dislikes small talk;", "не любит разговоров о жизни;")
            },
            if c.style.likes_agenda() {
                t(lang, "wants an agenda", "ждёт повестку")
            } else {
                t(lang, "an agenda is fine", "повестка не мешает")
            },
        ))
        .italics(),
    )
    .on_hover_text(i18n::style(lang, c.style));
    form::number(
        ui,
        f,
        ("Client", "patience"),
        "client.patience",
        &mut c.patience,
    );
    form::decimal(
        ui,
        f,
        ("Client", "scepticism"),
        "client.scepticism",
        &mut c.scepticism,
    );
    form::decimal(ui, f, ("Client", "trust"), "client.trust", &mut c.trust);
    form::decimal(
        ui,
        f,
        ("Client", "interest"),
        "client.interest",
        &mut c.interest,
    );
    form::texts(
        ui,
        f,
        ("Client", "dossier"),
        "client.dossier",
        &mut c.dossier,
    );
}

/// The pass mark: none (then the rubric's, else 70 overall), or an overall minimum with stage
/// minimums, 0 meaning none.
fn pass_mark(ui: &mut egui::Ui, sc: &mut Scenario, f: &mut Form) {
    ui.heading(t(f.lang, "The pass mark", "Проходной балл"));
    form::record_diagnostics(ui, f, "pass");
    let mut set = sc.pass.is_some();
    form::flag(ui, f, ("Scenario", "pass"), "pass", &mut set);
    if set != sc.pass.is_some() {
        sc.pass = set.then(PassMark::default);
    }
    let Some(p) = &mut sc.pass else { return };
    form::number(
        ui,
        f,
        ("PassMark", "overall"),
        "pass.overall",
        &mut p.overall,
    );
    form::row(ui, f, ("PassMark", "stages"), "pass.stages", |ui| {
        ui.horizontal_wrapped(|ui| {
            for stage in Stage::ALL {
                let mut min = p.stages.get(&stage).copied().unwrap_or(0);
                ui.label(stage.key());
                let path = format!("pass.stages.{}", stage.key());
                let drag = egui::DragValue::new(&mut min).range(0..=100);
                if form::named(ui.add(drag), &path).changed() {
                    if min == 0 {
                        p.stages.remove(&stage);
                    } else {
                        p.stages.insert(stage, min);
                    }
                }
            }
        })
    });
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::gui::editor::draft::Draft;
    use crate::gui::i18n::UiLang;

    /// The tab drawn over `draft`, with the guide's text shown.
    fn harness(draft: Draft) -> Harness<'static, Draft> {
        Harness::new_ui_state(
            |ui, draft: &mut Draft| {
                let Draft {
                    scenario,
                    diagnostics,
                    ..
                } = draft;
                let mut focus = None;
                let mut f = Form {
                    diagnostics,
                    focus: &mut focus,
                    help: true,
                    lang: UiLang::En,
                };
                egui::ScrollArea::vertical().show(ui, |ui| panel(ui, scenario, &mut f));
            },
            draft,
        )
    }

    #[test]
    fn a_client_field_shows_its_doc_and_the_validators_error_beside_it() {
        let mut draft = Draft::from_template(Lang::En);
        draft.scenario.client.trust = 1.5;
        draft.check();
        let mut harness = harness(draft);
        harness.run();
        harness.get_by_label_contains("⛔ `trust` is 1.5; it must be between 0 and 1");
        // The guide's text for the field, as docs/scenario-format.md has it.
        harness.get_by_label_contains("the client's irritation budget, in turns");
    }

    #[test]
    fn a_pass_mark_is_set_and_cleared_in_the_form() {
        let mut draft = Draft::from_template(Lang::En);
        draft.scenario.pass = None;
        draft.check();
        let mut harness = harness(draft);
        harness.run();
        assert!(harness.query_by_label("pass.overall").is_none());
        // The row's label reads `pass` too; the checkbox comes after it.
        harness.get_all_by_label("pass").last().unwrap().click();
        harness.run();
        assert_eq!(harness.state().scenario.pass, Some(PassMark::default()));
        // The overall minimum and one per stage can now be set.
        harness.get_by_label("pass.overall");
        harness.get_by_label("pass.stages.negotiation");
        harness.get_all_by_label("pass").last().unwrap().click();
        harness.run();
        assert_eq!(harness.state().scenario.pass, None);
    }
}
