//! The editor's lines tab: the client's own words for the moments every scenario has (the
//! greeting, small talk, the deal, leaving), in the scenario's language.

use bevy_egui::egui;
use dealcraft_core::scenario::{Lang, Scenario};

use super::form::{self, Form};
use crate::gui::i18n::t;

pub fn panel(ui: &mut egui::Ui, sc: &mut Scenario, f: &mut Form) {
    let lang = f.lang;
    ui.label(
        egui::RichText::new(match sc.language {
            Lang::En => t(
                lang,
                "The scenario is in English: write the client's lines in English.",
                "Сценарий на английском: пишите реплики клиента по-английски.",
            ),
            Lang::Ru => t(
                lang,
                "The scenario is in Russian: write the client's lines in Russian.",
                "Сценарий на русском: пишите реплики клиента по-русски.",
            ),
        })
        .italics(),
    );
    form::record_diagnostics(ui, f, "lines");
    let l = &mut sc.lines;
    let doc = |field| ("ClientLines", field);
    form::texts(ui, f, doc("greeting"), "lines.greeting", &mut l.greeting);
    form::texts(
        ui,
        f,
        doc("small_talk"),
        "lines.small_talk",
        &mut l.small_talk,
    );
    form::texts(ui, f, doc("deal"), "lines.deal", &mut l.deal);
    form::texts(ui, f, doc("leaves"), "lines.leaves", &mut l.leaves);
}
