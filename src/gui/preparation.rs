//! The preparation screen: the dossier, and the goals the trainee sets before the meeting.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_core::Scenario;
use dealcraft_core::moves::Id;
use dealcraft_core::scenario::SocialStyle;
use dealcraft_core::session::format_money;

use super::Screen;
use super::i18n::{self, UiLang, t};
pub use super::model::PrepUi;
use super::model::{Context, Play, UiAction};
use super::widgets::Chrome;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PrepUi>()
        .add_systems(OnEnter(Screen::Preparation), reset)
        .add_systems(
            EguiPrimaryContextPass,
            draw.run_if(in_state(Screen::Preparation)),
        );
}

fn reset(play: Res<Play>, mut prep: ResMut<PrepUi>) {
    if prep.keep {
        prep.keep = false;
        return;
    }
    if let Some(loaded) = &play.scenario {
        *prep = PrepUi::for_scenario(&loaded.scenario);
    }
}

fn draw(mut chrome: Chrome, mut prep: ResMut<PrepUi>) -> Result {
    let mut root = chrome.begin(Screen::Preparation)?;
    let lang = chrome.lang(Screen::Preparation);
    let Some(loaded) = chrome.play.scenario.clone() else {
        chrome.out.write(UiAction::Open(Screen::Library));
        return Ok(());
    };
    let workshop = match &chrome.play.context {
        Context::Solo => None,
        Context::Draft => Some(
            t(
                lang,
                "✏ Trying a draft from the editor: coach mode, nothing is recorded",
                "✏ Проба черновика из редактора: режим тренера, ничего не сохраняется",
            )
            .to_owned(),
        ),
        Context::Workshop {
            name, player, seed, ..
        }
        | Context::Server {
            name, player, seed, ..
        } => Some(format!(
            "👥 {name} — {player} · {} {seed}",
            t(lang, "the workshop's seed", "сид тренинга")
        )),
    };
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(line) = workshop {
            ui.label(egui::RichText::new(line).strong());
        }
        chrome
            .out
            .write_batch(panel(ui, &loaded.scenario, &mut prep, lang));
    });
    Ok(())
}

/// How to recognise each style in a dossier (Merrill–Reid).
fn style_hint(lang: UiLang, style: SocialStyle) -> &'static str {
    match style {
        SocialStyle::Driver => t(
            lang,
            "Decides fast, wants results and brevity, little small talk.",
            "Решает быстро, ценит результат и краткость, не любит пустых разговоров.",
        ),
        SocialStyle::Expressive => t(
            lang,
            "Enthusiastic, big picture, stories and recognition; bored by detail.",
            "Энергичен, мыслит крупно, любит истории и признание; детали утомляют.",
        ),
        SocialStyle::Amiable => t(
            lang,
            "Warm, loyal, careful; wants trust and the team on board before deciding.",
            "Тёплый, лояльный, осторожный; сначала доверие и согласие команды.",
        ),
        SocialStyle::Analytical => t(
            lang,
            "Precise, sceptical, wants data and structure; decides slowly.",
            "Точен, скептичен, нужны данные и структура; решает не спеша.",
        ),
    }
}

/// Dossier on the left, the plan on the right.
pub fn panel(ui: &mut egui::Ui, sc: &Scenario, prep: &mut PrepUi, lang: UiLang) -> Vec<UiAction> {
    let mut out = Vec::new();
    let money = |x: u64| format_money(x, &sc.product.currency);
    ui.heading(&sc.title);
    ui.columns(2, |cols| {
        // Left-aligned text, not the columns' justified layout.
        cols[0].with_layout(egui::Layout::top_down(egui::Align::LEFT), |ui| {
            ui.label(
                egui::RichText::new(t(lang, "Dossier", "Досье"))
                    .strong()
                    .size(17.0),
            );
            egui::Grid::new("client").num_columns(2).show(ui, |ui| {
                ui.label(t(lang, "Client", "Клиент"));
                ui.label(format!("{}, {}", sc.client.name, sc.client.role));
                ui.end_row();
                ui.label(t(lang, "Company", "Компания"));
                ui.label(format!("{} ({})", sc.client.company, sc.industry));
                ui.end_row();
                ui.label(t(lang, "Product", "Продукт"));
                ui.label(&sc.product.name);
                ui.end_row();
                ui.label(t(lang, "List price", "Прайс"));
                ui.label(money(sc.product.list_price));
                ui.end_row();
                ui.label(t(lang, "Your floor", "Ваш минимум"));
                ui.label(money(sc.product.floor_price));
                ui.end_row();
            });
            if !sc.summary.is_empty() {
                ui.add_space(6.0);
                ui.label(egui::RichText::new(&sc.summary).italics());
            }
            ui.add_space(6.0);
            for fact in &sc.client.dossier {
                ui.label(format!("• {fact}"));
            }
            ui.add_space(6.0);
            ui.label(
                egui::RichText::new(t(lang, "What you can offer", "Что вы предлагаете")).strong(),
            );
            for f in &sc.product.features {
                ui.label(format!("• {}", f.name));
            }
        });
        let ui = &mut cols[1];
        ui.label(
            egui::RichText::new(t(lang, "Your plan", "Ваш план"))
                .strong()
                .size(17.0),
        );
        egui::Grid::new("plan").num_columns(2).show(ui, |ui| {
            ui.label(t(lang, "Target price", "Целевая цена"));
            ui.add(
                egui::DragValue::new(&mut prep.target)
                    .speed(100)
                    .range(0..=sc.product.list_price.saturating_mul(2)),
            );
            ui.end_row();
            ui.label(t(lang, "Walk-away price", "Нижняя граница"));
            ui.add(
                egui::DragValue::new(&mut prep.walk_away)
                    .speed(100)
                    .range(0..=sc.product.list_price.saturating_mul(2)),
            );
            ui.end_row();
        });
        // The plan is scored, not enforced: say what a trainer would say.
        let floor = sc.product.floor_price;
        if prep.walk_away < floor {
            ui.colored_label(egui::Color32::from_rgb(180, 60, 0), t(lang, "⚠ Below your company's floor: you would accept a loss.", "⚠ Ниже минимума компании: вы согласитесь на убыток."));
        } else if prep.walk_away > prep.target {
            ui.colored_label(egui::Color32::from_rgb(180, 60, 0), t(lang, "⚠ The walk-away price is the least you accept; keep it at or below the target.", "⚠ Нижняя граница — минимум, на который вы согласны; она не выше цели."));
        } else {
            ui.weak(t(lang, "Target: what you aim for. Walk-away: the least you accept; below it you end the talks.", "Цель — к чему вы стремитесь. Нижняя граница — меньше неё вы не соглашаетесь."));
        }
        ui.add_space(6.0);
        ui.label(t(
            lang,
            "The client's social style, as you read the dossier:",
            "Социальный стиль клиента по досье:",
        ));
        for style in SocialStyle::ALL {
            ui.radio_value(&mut prep.style, Some(style), i18n::style(lang, style))
                .on_hover_text(style_hint(lang, style));
        }
        if !sc.product.terms.is_empty() {
            ui.add_space(6.0);
            ui.label(t(
                lang,
                "Terms you want in any deal:",
                "Условия, которые нужны в сделке:",
            ));
            for term in &sc.product.terms {
                let mut on = prep.must_have.contains(term.id.as_str());
                let labels: Vec<&str> = term.options.iter().map(|o| o.label.as_str()).collect();
                if ui
                    .checkbox(&mut on, format!("{} ({})", term.name, labels.join(" / ")))
                    .changed()
                {
                    if on {
                        prep.must_have.insert(Id::new(&term.id));
                    } else {
                        prep.must_have.remove(term.id.as_str());
                    }
                }
            }
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            let plan = prep.plan();
            let start = ui.add_enabled(
                plan.is_some(),
                egui::Button::new(t(lang, "▶ Start the meeting", "▶ Начать встречу")),
            );
            if start.clicked() {
                out.push(UiAction::Start(plan));
            }
            if ui
                .button(t(lang, "Skip preparation", "Без подготовки"))
                .clicked()
            {
                out.push(UiAction::Start(None));
            }
        });
        if prep.style.is_none() {
            ui.weak(t(
                lang,
                "Choose the client's style to start with a plan.",
                "Выберите стиль клиента, чтобы начать с планом.",
            ));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use dealcraft_core::bundled;
    use dealcraft_core::moves::Plan;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    #[test]
    fn the_plan_needs_a_style_and_starts_the_meeting() {
        let sc = bundled::load("fleet-telematics").unwrap().scenario;
        let mut harness = Harness::new_ui_state(
            |ui, (prep, out): &mut (PrepUi, Vec<UiAction>)| {
                out.extend(panel(ui, &sc, prep, UiLang::En))
            },
            (
                PrepUi::for_scenario(&bundled::load("fleet-telematics").unwrap().scenario),
                Vec::new(),
            ),
        );
        harness.run();
        harness.get_by_label_contains("Bring numbers");
        harness.get_by_label("▶ Start the meeting").click();
        harness.run();
        assert!(
            harness.state().1.is_empty(),
            "no plan without the client's style"
        );
        harness.get_by_label("Driver").click();
        harness.run();
        harness.get_by_label("▶ Start the meeting").click();
        harness.run();
        let plan = Plan {
            target_price: 48000,
            walk_away_price: 36000,
            style: SocialStyle::Driver,
            must_have: vec![],
        };
        assert_eq!(harness.state().1, vec![UiAction::Start(Some(plan))]);
    }
}
