//! The negotiation section of the palette: the haggling so far, the price and terms to offer,
//! accepting the client's counter or walking away.

use bevy_egui::egui;
use dealcraft_core::moves::{Id, Move};
use dealcraft_core::session::format_money;

use super::super::i18n::{UiLang, t};
use super::buttons::{Picks, play_button};
use super::inputs::ConvUi;

pub fn negotiation_section(ui: &mut egui::Ui, conv: &mut ConvUi, lang: UiLang, out: &mut Picks) {
    let session = out.session;
    let sc = session.scenario();
    let neg = &session.client().negotiation;
    let money = |x: u64| format_money(x, &sc.product.currency);
    if let Some(agreed) = &neg.agreed {
        let label = t(lang, "Agreed price:", "Согласованная цена:");
        ui.label(format!("{label} {}", money(agreed.price)));
        return;
    }
    ui.label(format!(
        "{} {} · {} {}",
        t(lang, "List", "Прайс"),
        money(sc.product.list_price),
        t(lang, "floor", "минимум"),
        money(sc.product.floor_price)
    ));
    history(ui, out, lang);
    ui.horizontal(|ui| {
        ui.label(t(lang, "Price", "Цена"));
        let limits = session.price_limits();
        ui.add(
            egui::DragValue::new(&mut conv.price)
                .speed(50)
                .range(limits),
        );
    });
    terms(ui, conv, out);
    ui.horizontal_wrapped(|ui| {
        let offer = Move::Offer {
            price: conv.price,
            terms: conv.terms.clone(),
        };
        play_button(ui, t(lang, "Offer (O)", "Предложить (O)"), offer, out);
        if let Some(counter) = neg.client_offers.last() {
            let accept = format!("{} {}", t(lang, "Accept", "Принять"), money(*counter));
            play_button(ui, accept, Move::AcceptCounter, out);
        }
        let walk = t(lang, "Walk away", "Отказаться от сделки");
        play_button(ui, walk, Move::WalkAway, out);
    });
}

/// The offers so far on both sides, so concessions can be seen at a glance.
fn history(ui: &mut egui::Ui, out: &Picks, lang: UiLang) {
    let session = out.session;
    let neg = &session.client().negotiation;
    if neg.seller_offers.is_empty() && neg.client_offers.is_empty() {
        return;
    }
    let currency = &session.scenario().product.currency;
    let list = |prices: Vec<u64>| {
        prices
            .into_iter()
            .map(|p| format_money(p, currency))
            .collect::<Vec<_>>()
            // The UI font has no U+2192; it has the heavy arrow.
            .join(" ➡ ")
    };
    let ours = list(neg.seller_offers.iter().map(|(p, _)| *p).collect());
    ui.label(format!(
        "{} {ours}",
        t(lang, "Your offers:", "Ваши предложения:")
    ));
    let theirs = list(neg.client_offers.clone());
    ui.label(format!(
        "{} {theirs}",
        t(lang, "Client's counters:", "Встречные клиента:")
    ));
}

/// A choice per term of the deal; unset terms stay at the scenario's default.
fn terms(ui: &mut egui::Ui, conv: &mut ConvUi, out: &Picks) {
    for term in &out.session.scenario().product.terms {
        let chosen = conv
            .terms
            .get(term.id.as_str())
            .copied()
            .unwrap_or(term.default);
        let label = term.options.get(chosen).map_or("?", |o| o.label.as_str());
        ui.horizontal(|ui| {
            ui.label(&term.name);
            egui::ComboBox::from_id_salt(("term", &term.id))
                .selected_text(label)
                .show_ui(ui, |ui| {
                    for (i, option) in term.options.iter().enumerate() {
                        if ui.selectable_label(chosen == i, &option.label).clicked() {
                            conv.terms.insert(Id::new(&term.id), i);
                        }
                    }
                });
        });
    }
}

#[cfg(test)]
mod tests {
    use dealcraft_core::bots::{Bot, BotKind};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::super::super::model::UiAction;
    use super::super::tests::session;
    use super::*;

    #[test]
    fn after_a_counter_the_section_shows_the_haggling_and_accepts_it() {
        let mut s = session();
        let mut bot = Bot::new(BotKind::Textbook, 3);
        while s.client().negotiation.client_offers.is_empty() && !s.is_over() {
            let mv = bot.next_move(&s);
            s.apply(mv).unwrap();
        }
        let counter = *s.client().negotiation.client_offers.last().unwrap();
        let mut harness = Harness::new_ui_state(
            |ui, (conv, out): &mut (ConvUi, Vec<UiAction>)| {
                let mut picks = Picks::new(&s);
                negotiation_section(ui, conv, UiLang::En, &mut picks);
                out.extend(picks.actions);
            },
            (ConvUi::for_session(&s), Vec::new()),
        );
        harness.run();
        harness.get_by_label_contains("Your offers:");
        harness.get_by_label_contains("Client's counters:");
        let accept = format!(
            "Accept {}",
            format_money(counter, &s.scenario().product.currency)
        );
        harness.get_by_label(&accept).click();
        harness.run();
        assert_eq!(harness.state().1, [UiAction::Play(Move::AcceptCounter)]);
    }
}
