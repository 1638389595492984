//! The editor's deal tab: how the client haggles (its limits and concession curve), what it
//! values after the sale, and, for a credit sale, how it pays.

use bevy_egui::egui;
use dealcraft_core::moves::AfterSale;
use dealcraft_core::negotiation;
use dealcraft_core::scenario::{Debt, DebtLines, Scenario};
use dealcraft_core::session::format_money;

use super::form::{self, Form};
use crate::gui::i18n::t;

pub fn panel(ui: &mut egui::Ui, sc: &mut Scenario, f: &mut Form) {
    let lang = f.lang;
    ui.heading(t(lang, "Negotiation", "Переговоры"));
    form::record_diagnostics(ui, f, "negotiation");
    zone(ui, sc, f);
    let n = &mut sc.negotiation;
    let at = |field: &str| format!("negotiation.{field}");
    form::number(
        ui,
        f,
        ("Negotiation", "opening"),
        &at("opening"),
        &mut n.opening,
    );
    form::row(
        ui,
        f,
        ("Negotiation", "reservation"),
        &at("reservation"),
        |ui| {
            let low = ui.add(egui::DragValue::new(&mut n.reservation.0).speed(10.0));
            form::named(low, "negotiation.reservation.0");
            ui.label("–");
            let high = ui.add(egui::DragValue::new(&mut n.reservation.1).speed(10.0));
            form::named(high, "negotiation.reservation.1");
        },
    );
    form::decimal(ui, f, ("Negotiation", "beta"), &at("beta"), &mut n.beta);
    form::decimal(ui, f, ("Negotiation", "kappa"), &at("kappa"), &mut n.kappa);
    form::number(
        ui,
        f,
        ("Negotiation", "deadline"),
        &at("deadline"),
        &mut n.deadline,
    );
    form::flag(
        ui,
        f,
        ("Negotiation", "walk_away_is_the_lesson"),
        &at("walk_away_is_the_lesson"),
        &mut n.walk_away_is_the_lesson,
    );
    form::texts(
        ui,
        f,
        ("Negotiation", "counter_lines"),
        &at("counter_lines"),
        &mut n.counter_lines,
    );
    ui.separator();
    ui.heading(t(lang, "After the sale", "После продажи"));
    form::record_diagnostics(ui, f, "follow_up");
    let fu = &mut sc.follow_up;
    form::choices(
        ui,
        f,
        ("FollowUp", "expects"),
        "follow_up.expects",
        &mut fu.expects,
        &AfterSale::ALL,
    );
    form::choices(
        ui,
        f,
        ("FollowUp", "dislikes"),
        "follow_up.dislikes",
        &mut fu.dislikes,
        &AfterSale::ALL,
    );
    for a in AfterSale::ALL {
        let path = format!("follow_up.lines.{a:?}");
        let lines = fu.lines.entry(a).or_default();
        form::texts(ui, f, ("FollowUp", "lines"), &path, lines);
    }
    fu.lines.retain(|_, l| !l.is_empty());
    ui.separator();
    debt(ui, sc, f);
}

/// The zone of agreement in numbers: what the client pays at no and at full interest, against
/// the floor and the list price, and the counter-offers it would make.
fn zone(ui: &mut egui::Ui, sc: &Scenario, f: &Form) {
    let lang = f.lang;
    let n = &sc.negotiation;
    let money = |m: u64| format_money(m, &sc.product.currency);
    let (lo, hi) = n.reservation;
    let zone = if sc.has_zone_of_agreement() {
        format!(
            "{} {} – {}",
            t(lang, "zone of agreement:", "зона согласия:"),
            money(sc.product.floor_price),
            money(sc.best_price())
        )
    } else {
        t(lang, "no zone of agreement", "зоны согласия нет").to_owned()
    };
    ui.label(
        egui::RichText::new(format!(
            "{} {} – {} · {zone}",
            t(lang, "the client pays at most", "клиент платит не больше"),
            money(lo),
            money(hi),
        ))
        .italics(),
    );
    let reservation = hi.max(n.opening);
    let counters: Vec<String> = (1..=n.deadline.clamp(1, 50))
        .map(|round| {
            let offer = negotiation::client_offer(
                n.opening,
                reservation,
                round,
                n.deadline.max(1),
                n.beta,
                n.kappa,
            );
            money(negotiation::round_down(offer, sc.product.list_price))
        })
        .collect();
    ui.label(
        egui::RichText::new(format!(
            "{} {}",
            t(
                lang,
                "its counter-offers at full interest:",
                "его встречные предложения при полном интересе:"
            ),
            counters.join(" ➡ ")
        ))
        .italics(),
    );
}

fn debt(ui: &mut egui::Ui, sc: &mut Scenario, f: &mut Form) {
    let lang = f.lang;
    let mut credit = sc.debt.is_some();
    ui.horizontal(|ui| {
        ui.heading(t(lang, "Credit sale", "Продажа в кредит"));
        ui.checkbox(&mut credit, "debt")
            .on_hover_text(form::doc_text("Scenario", "debt").unwrap_or_default());
    });
    form::record_diagnostics(ui, f, "debt");
    if credit && sc.debt.is_none() {
        sc.debt = Some(Debt {
            share: 1.0,
            due_week: 4,
            weeks: 8,
            reliability: 0.6,
            lines: DebtLines::default(),
        });
    } else if !credit {
        sc.debt = None;
    }
    let Some(d) = &mut sc.debt else { return };
    form::decimal(ui, f, ("Debt", "share"), "debt.share", &mut d.share);
    form::number(
        ui,
        f,
        ("Debt", "due_week"),
        "debt.due_week",
        &mut d.due_week,
    );
    form::number(ui, f, ("Debt", "weeks"), "debt.weeks", &mut d.weeks);
    form::decimal(
        ui,
        f,
        ("Debt", "reliability"),
        "debt.reliability",
        &mut d.reliability,
    );
    let l = &mut d.lines;
    form::texts(ui, f, ("DebtLines", "pays"), "debt.lines.pays", &mut l.pays);
    form::texts(
        ui,
        f,
        ("DebtLines", "stalls"),
        "debt.lines.stalls",
        &mut l.stalls,
    );
    form::texts(
        ui,
        f,
        ("DebtLines", "offended"),
        "debt.lines.offended",
        &mut l.offended,
    );
}
