//! The move palette during the meeting: every move available now, grouped by stage, with the
//! targets each needs.

use bevy_egui::egui;
use dealcraft_core::moves::{CloseTechnique, ContactStyle, Id, Move, QuestionKind, Technique};
use dealcraft_core::scenario::Knowledge;
use dealcraft_core::session::Phase;
use dealcraft_core::{Session, Stage};

use super::super::i18n::{self, UiLang, t};
use super::super::model::UiAction;
use super::after_sale::after_sale_panel;
use super::buttons::{Picks, end_button, explained, play_button, section};
use super::hints::{close_hint, question_hint, technique_hint};
use super::inputs::ConvUi;
use super::negotiation::negotiation_section;

/// Every move available now, grouped by stage; after the deal, the after-sale moves.
pub fn moves_panel(
    ui: &mut egui::Ui,
    session: &Session,
    conv: &mut ConvUi,
    lang: UiLang,
) -> Vec<UiAction> {
    if session.phase() == Phase::AfterSale {
        return after_sale_panel(ui, session, conv, lang);
    }
    let mut out = Picks::new(session);
    let current = session.path().last().copied();
    section(ui, lang, Stage::Contact, current, |ui| {
        contact(ui, lang, &mut out)
    });
    section(ui, lang, Stage::Needs, current, |ui| {
        needs(ui, lang, &mut out)
    });
    section(ui, lang, Stage::Presentation, current, |ui| {
        presentation(ui, conv, lang, &mut out)
    });
    section(ui, lang, Stage::Objections, current, |ui| {
        objections(ui, lang, &mut out)
    });
    section(ui, lang, Stage::Negotiation, current, |ui| {
        negotiation_section(ui, conv, lang, &mut out)
    });
    section(ui, lang, Stage::Close, current, |ui| {
        close(ui, lang, &mut out)
    });
    ui.separator();
    let label = t(lang, "End the meeting…", "Завершить встречу…");
    end_button(ui, conv, lang, label, &mut out);
    out.actions
}

fn contact(ui: &mut egui::Ui, lang: UiLang, out: &mut Picks) {
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "Greet:", "Приветствие:"));
        for style in ContactStyle::ALL {
            play_button(ui, i18n::contact(lang, style), Move::Greet(style), out);
        }
    });
    ui.horizontal(|ui| {
        let agenda = t(lang, "Set the agenda (A)", "Повестка (A)");
        play_button(ui, agenda, Move::SetAgenda, out);
        let small_talk = t(lang, "Small talk (T)", "Светская беседа (T)");
        play_button(ui, small_talk, Move::SmallTalk, out);
    });
}

fn needs(ui: &mut egui::Ui, lang: UiLang, out: &mut Picks) {
    ui.horizontal(|ui| {
        ui.label(t(lang, "Open question:", "Открытый вопрос:"));
        for (kind, en, ru) in [
            (QuestionKind::Situation, "Situation (S)", "Ситуация (S)"),
            (QuestionKind::Problem, "Problem (P)", "Проблема (P)"),
        ] {
            let mv = Move::Ask { kind, need: None };
            explained(ui, t(lang, en, ru), question_hint(lang, kind), mv, out);
        }
    });
    let known = out.session.known_needs();
    if known.is_empty() {
        ui.weak(t(
            lang,
            "No topics yet: ask open questions.",
            "Тем пока нет: задавайте открытые вопросы.",
        ));
    }
    for (id, topic, level) in known {
        ui.horizontal_wrapped(|ui| need_row(ui, lang, (id, topic, level), out));
    }
    let summary = t(
        lang,
        "Summarise what you heard (U)",
        "Резюмировать услышанное (U)",
    );
    play_button(ui, summary, Move::Summarize, out);
}

/// A known topic, how far it has come out, and the questions to ask about it.
fn need_row(
    ui: &mut egui::Ui,
    lang: UiLang,
    (id, topic, level): (&str, &str, Knowledge),
    out: &mut Picks,
) {
    let session = out.session;
    let color = match level {
        Knowledge::Explicit => egui::Color32::from_rgb(30, 140, 60),
        Knowledge::Implied => egui::Color32::from_rgb(200, 130, 0),
        _ => egui::Color32::GRAY,
    };
    let denied = session
        .scenario()
        .need(id)
        .is_some_and(|(i, _)| session.client().needs[i].denied);
    let state = if denied {
        t(lang, "not a problem for them", "у них с этим всё в порядке")
    } else {
        i18n::knowledge(lang, level)
    };
    ui.label(egui::RichText::new(format!("{topic} ({state})")).color(color));
    for kind in [
        QuestionKind::Problem,
        QuestionKind::Implication,
        QuestionKind::NeedPayoff,
    ] {
        let mv = Move::Ask {
            kind,
            need: Some(Id::new(id)),
        };
        explained(
            ui,
            i18n::question(lang, kind),
            question_hint(lang, kind),
            mv,
            out,
        );
    }
}

fn presentation(ui: &mut egui::Ui, conv: &mut ConvUi, lang: UiLang, out: &mut Picks) {
    let session = out.session;
    let sc = session.scenario();
    let feature_name = conv
        .feature
        .as_ref()
        .and_then(|id| sc.feature(id))
        .map_or_else(|| "—".to_owned(), |(_, f)| f.name.clone());
    egui::ComboBox::from_id_salt("feature")
        .selected_text(feature_name)
        .width(300.0)
        .show_ui(ui, |ui| {
            for f in &sc.product.features {
                ui.selectable_value(&mut conv.feature, Some(Id::new(&f.id)), &f.name);
            }
        });
    need_choice(ui, session, conv, lang);
    if let Some(feature) = conv.feature.clone() {
        let need = conv.need.clone();
        let present = t(lang, "Present", "Презентовать");
        play_button(ui, present, Move::Present { feature, need }, out);
    }
}

/// The need a presentation is tied to: one the client has brought up, or none.
fn need_choice(ui: &mut egui::Ui, session: &Session, conv: &mut ConvUi, lang: UiLang) {
    let known = session.known_needs();
    // A need chosen in another session, or no longer known, is dropped.
    if conv
        .need
        .as_ref()
        .is_some_and(|n| !known.iter().any(|k| k.0 == n))
    {
        conv.need = None;
    }
    let none = t(lang, "no particular need", "без привязки к потребности");
    let need_name = conv
        .need
        .as_ref()
        .and_then(|id| known.iter().find(|k| k.0 == id))
        .map_or(none, |k| k.1);
    ui.horizontal(|ui| {
        ui.label(t(lang, "for", "для"));
        egui::ComboBox::from_id_salt("need")
            .selected_text(need_name)
            .width(260.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut conv.need, None, none);
                for (id, topic, _) in &known {
                    ui.selectable_value(&mut conv.need, Some(Id::new(id)), *topic);
                }
            });
    });
}

fn objections(ui: &mut egui::Ui, lang: UiLang, out: &mut Picks) {
    let open = out.session.open_objections();
    if open.is_empty() {
        ui.weak(t(lang, "No open objections.", "Открытых возражений нет."));
    }
    for (id, topic) in open {
        ui.label(egui::RichText::new(format!("❗ {topic}")).strong());
        ui.horizontal_wrapped(|ui| {
            for technique in Technique::ALL {
                let mv = Move::Handle {
                    objection: Id::new(id),
                    technique,
                };
                let (label, hint) = (
                    i18n::technique(lang, technique),
                    technique_hint(lang, technique),
                );
                explained(ui, label, hint, mv, out);
            }
        });
    }
}

fn close(ui: &mut egui::Ui, lang: UiLang, out: &mut Picks) {
    ui.horizontal_wrapped(|ui| {
        for technique in CloseTechnique::ALL {
            let label = if technique == CloseTechnique::Trial {
                format!("{} (R)", i18n::close(lang, technique))
            } else {
                i18n::close(lang, technique).to_owned()
            };
            let hint = close_hint(lang, technique);
            explained(ui, label, hint, Move::Close(technique), out);
        }
    });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::super::tests::session;
    use super::*;

    #[test]
    fn palette_buttons_send_moves() {
        let mut s = session();
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        s.apply(Move::Ask {
            kind: QuestionKind::Situation,
            need: None,
        })
        .unwrap();
        let mut harness = Harness::new_ui_state(
            |ui, (conv, out): &mut (ConvUi, Vec<UiAction>)| {
                out.extend(moves_panel(ui, &s, conv, UiLang::En))
            },
            (
                ConvUi {
                    price: 47000,
                    ..Default::default()
                },
                Vec::new(),
            ),
        );
        harness.run();
        harness.get_by_label("Set the agenda (A)").click();
        harness.run();
        // The topic that came up can be asked about.
        harness.get_by_label_contains("driver safety");
        harness
            .get_all_by_label("Implication")
            .next()
            .unwrap()
            .click();
        harness.run();
        harness.get_by_label("Offer (O)").click();
        harness.run();
        let expected = vec![
            UiAction::Play(Move::SetAgenda),
            UiAction::Play(Move::Ask {
                kind: QuestionKind::Implication,
                need: Some("safety".into()),
            }),
            UiAction::Play(Move::Offer {
                price: 47000,
                terms: BTreeMap::new(),
            }),
        ];
        assert_eq!(harness.state().1, expected);
    }

    #[test]
    fn ending_the_meeting_takes_a_second_click() {
        let mut s = session();
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        let mut harness = Harness::new_ui_state(
            |ui, (conv, out): &mut (ConvUi, Vec<UiAction>)| {
                out.extend(moves_panel(ui, &s, conv, UiLang::En))
            },
            (ConvUi::for_session(&s), Vec::new()),
        );
        harness.run();
        harness.get_by_label("End the meeting…").click();
        harness.run();
        assert!(harness.state().1.is_empty(), "one click asks first");
        harness.get_by_label("Yes, end").click();
        harness.run();
        assert_eq!(harness.state().1, [UiAction::Play(Move::End)]);
    }
}
