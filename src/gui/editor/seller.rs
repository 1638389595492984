//! The editor's seller tab: the seller's own words for each kind of move in this trade, in the
//! scenario's language; a list left empty leaves the move to the phrasebook's stock line.

use bevy_egui::egui;
use dealcraft_core::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, QuestionKind, Technique,
};
use dealcraft_core::scenario::{Lang, Scenario};

use super::form::{self, Form};
use crate::gui::i18n::t;

pub fn panel(ui: &mut egui::Ui, sc: &mut Scenario, f: &mut Form) {
    let lang = f.lang;
    ui.label(
        egui::RichText::new(match sc.language {
            Lang::En => t(
                lang,
                "The scenario is in English: write the seller's lines in English.",
                "Сценарий на английском: пишите реплики продавца по-английски.",
            ),
            Lang::Ru => t(
                lang,
                "The scenario is in Russian: write the seller's lines in Russian.",
                "Сценарий на русском: пишите реплики продавца по-русски.",
            ),
        })
        .italics(),
    );
    ui.label(
        egui::RichText::new(t(
            lang,
            "An empty list leaves the move to the stock line. A need's, an objection's or a term's own lines (on their tabs) speak before these.",
            "Пустой список оставляет ход стандартной фразе. Собственные реплики потребности, возражения или условия (на их вкладках) звучат раньше этих.",
        ))
        .weak(),
    );
    form::record_diagnostics(ui, f, "seller");
    let stock = t(lang, "the stock line", "стандартная фраза");
    let s = &mut sc.seller;
    let doc = |field| ("SellerLines", field);
    ui.heading(t(lang, "Contact", "Контакт"));
    form::keyed(
        ui,
        f,
        doc("greet"),
        "seller.greet",
        &mut s.greet,
        &ContactStyle::ALL,
        stock,
    );
    form::texts(
        ui,
        f,
        doc("set_agenda"),
        "seller.set_agenda",
        &mut s.set_agenda,
    );
    form::texts(
        ui,
        f,
        doc("small_talk"),
        "seller.small_talk",
        &mut s.small_talk,
    );
    ui.heading(t(lang, "Needs", "Потребности"));
    form::keyed(
        ui,
        f,
        doc("ask"),
        "seller.ask",
        &mut s.ask,
        &QuestionKind::ALL,
        stock,
    );
    form::keyed(
        ui,
        f,
        doc("ask_about"),
        "seller.ask_about",
        &mut s.ask_about,
        &QuestionKind::ALL,
        stock,
    );
    form::texts(
        ui,
        f,
        doc("summarize"),
        "seller.summarize",
        &mut s.summarize,
    );
    ui.heading(t(
        lang,
        "Presentation and objections",
        "Презентация и возражения",
    ));
    form::texts(ui, f, doc("present"), "seller.present", &mut s.present);
    form::keyed(
        ui,
        f,
        doc("handle"),
        "seller.handle",
        &mut s.handle,
        &Technique::ALL,
        stock,
    );
    ui.heading(t(lang, "Negotiation and close", "Торг и закрытие"));
    form::texts(ui, f, doc("offer"), "seller.offer", &mut s.offer);
    form::texts(
        ui,
        f,
        doc("accept_counter"),
        "seller.accept_counter",
        &mut s.accept_counter,
    );
    form::texts(
        ui,
        f,
        doc("walk_away"),
        "seller.walk_away",
        &mut s.walk_away,
    );
    form::keyed(
        ui,
        f,
        doc("close"),
        "seller.close",
        &mut s.close,
        &CloseTechnique::ALL,
        stock,
    );
    form::texts(
        ui,
        f,
        doc("next_steps"),
        "seller.next_steps",
        &mut s.next_steps,
    );
    ui.heading(t(lang, "After the meeting", "После встречи"));
    form::keyed(
        ui,
        f,
        doc("follow_up"),
        "seller.follow_up",
        &mut s.follow_up,
        &AfterSale::ALL,
        stock,
    );
    form::keyed(
        ui,
        f,
        doc("collect"),
        "seller.collect",
        &mut s.collect,
        &DebtAction::ALL,
        stock,
    );
    form::texts(ui, f, doc("end"), "seller.end", &mut s.end);
}
