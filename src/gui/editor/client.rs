//! The editor's first tab: the library card (id, title, language, difficulty) and the client,
//! with the personality that decides which greeting, pace and close work.

use bevy_egui::egui;
use dealcraft_core::scenario::{Difficulty, Lang, Scenario, SocialStyle};

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

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::gui::editor::draft::Draft;
    use crate::gui::i18n::UiLang;

    #[test]
    fn a_client_field_shows_its_doc_and_the_validators_error_beside_it() {
        let mut draft = Draft::from_template(Lang::En);
        draft.scenario.client.trust = 1.5;
        draft.check();
        let mut harness = Harness::new_ui_state(
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
        );
        harness.run();
        harness.get_by_label_contains("⛔ `trust` is 1.5; it must be between 0 and 1");
        // The guide's text for the field, as docs/scenario-format.md has it.
        harness.get_by_label_contains("the client's irritation budget, in turns");
    }
}
