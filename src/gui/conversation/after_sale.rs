//! The palette after the deal: next steps, follow-up actions and, on credit, collecting the
//! debt.

use bevy_egui::egui;
use dealcraft_core::moves::{AfterSale, DebtAction, Move};
use dealcraft_core::session::format_money;
use dealcraft_core::{Session, Stage};

use super::super::i18n::{self, UiLang, t};
use super::super::model::UiAction;
use super::buttons::{Picks, end_button, play_button, section};
use super::inputs::ConvUi;

pub fn after_sale_panel(
    ui: &mut egui::Ui,
    session: &Session,
    conv: &mut ConvUi,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Picks::new(session);
    let current = session.path().last().copied();
    if let Some(dealcraft_core::Outcome::Deal { price, .. }) = session.outcome() {
        let price = format_money(*price, &session.scenario().product.currency);
        let text = format!("🤝 {} {price}", t(lang, "Deal at", "Сделка по цене"));
        ui.label(egui::RichText::new(text).strong());
    }
    section(ui, lang, Stage::Close, current, |ui| {
        let label = t(
            lang,
            "Explain the next steps (N)",
            "Объяснить следующие шаги (N)",
        );
        play_button(ui, label, Move::NextSteps, &mut out);
    });
    section(ui, lang, Stage::FollowUp, current, |ui| {
        ui.horizontal_wrapped(|ui| {
            for action in AfterSale::ALL {
                let label = i18n::after_sale(lang, action);
                play_button(ui, label, Move::FollowUp(action), &mut out);
            }
        });
    });
    if session.client().debt.as_ref().is_some_and(|d| !d.closed) {
        section(ui, lang, Stage::Debt, current, |ui| {
            debt(ui, lang, &mut out)
        });
    }
    ui.separator();
    let label = t(
        lang,
        "Finish and see the debrief…",
        "Завершить и перейти к разбору…",
    );
    end_button(ui, conv, lang, label, &mut out);
    out.actions
}

/// What is owed and paid, and a week's collection actions.
fn debt(ui: &mut egui::Ui, lang: UiLang, out: &mut Picks) {
    let session = out.session;
    let Some(debt) = session.client().debt.as_ref() else {
        return;
    };
    let cur = &session.scenario().product.currency;
    ui.label(format!(
        "{} {} · {} {} · {} {}",
        t(lang, "Owed", "Долг"),
        format_money(debt.total - debt.paid, cur),
        t(lang, "paid", "оплачено"),
        format_money(debt.paid, cur),
        t(lang, "week", "неделя"),
        debt.week
    ));
    ui.horizontal_wrapped(|ui| {
        for action in DebtAction::ALL {
            play_button(ui, i18n::debt(lang, action), Move::Collect(action), out);
        }
    });
}

#[cfg(test)]
mod tests {
    use dealcraft_core::bots::{Bot, BotKind};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::super::tests::session;
    use super::*;

    #[test]
    fn after_the_deal_the_panel_offers_next_steps_and_follow_up() {
        let mut s = session();
        let mut bot = Bot::new(BotKind::Textbook, 3);
        while s.phase() != dealcraft_core::session::Phase::AfterSale && !s.is_over() {
            let mv = bot.next_move(&s);
            s.apply(mv).unwrap();
        }
        assert_eq!(s.phase(), dealcraft_core::session::Phase::AfterSale);
        let mut harness = Harness::new_ui_state(
            |ui, (conv, out): &mut (ConvUi, Vec<UiAction>)| {
                out.extend(after_sale_panel(ui, &s, conv, UiLang::En))
            },
            (ConvUi::for_session(&s), Vec::new()),
        );
        harness.run();
        harness.get_by_label_contains("🤝 Deal at");
        harness.get_by_label("Explain the next steps (N)").click();
        harness.run();
        assert_eq!(harness.state().1, [UiAction::Play(Move::NextSteps)]);
    }
}
