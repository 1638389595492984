//! The debrief: the overall score, a chart of the stages, and every finding beside the turn that
//! caused it, with "retry from this turn".

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use dealcraft_core::{Scorecard, Session};
use egui_plot::{Bar, BarChart, Plot};

use super::Screen;
use super::conversation::transcript_panel;
use super::i18n::{self, UiLang, t};
use super::model::{Notice, Play, Settings, UiAction};
use super::widgets::{self, score_color};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Debrief)),
    );
}

fn draw(
    mut contexts: EguiContexts,
    mut play: ResMut<Play>,
    settings: Res<Settings>,
    notice: Res<Notice>,
    mut out: MessageWriter<UiAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    // Taken only when set, so that drawing does not count as a change to the session.
    let focus = play.focus_turn;
    if focus.is_some() {
        play.focus_turn = None;
    }
    let (Some(session), Some(card)) = (&play.session, &play.card) else {
        out.write(UiAction::Open(Screen::Library));
        return Ok(());
    };
    let mut root = widgets::root_ui(ctx);
    out.write_batch(widgets::top_bar(
        &mut root,
        lang,
        Screen::Debrief,
        notice.0.as_deref(),
    ));
    egui::Panel::right("debrief-transcript")
        .resizable(true)
        .default_size(460.0)
        .show(&mut root, |ui| {
            ui.label(egui::RichText::new(t(lang, "Transcript", "Стенограмма")).strong());
            transcript_panel(ui, session, focus, lang);
        });
    egui::CentralPanel::default().show(&mut root, |ui| {
        out.write_batch(panel(ui, session, card, lang));
    });
    Ok(())
}

/// Score, chart and findings.
pub fn panel(
    ui: &mut egui::Ui,
    session: &Session,
    card: &Scorecard,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Vec::new();
    let outcome = session.outcome().map_or("", |o| o.key());
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(format!("{}", card.overall))
                .size(44.0)
                .strong()
                .color(score_color(card.overall)),
        );
        ui.vertical(|ui| {
            ui.label(egui::RichText::new(t(lang, "overall, out of 100", "итог из 100")).weak());
            ui.label(egui::RichText::new(i18n::outcome(lang, outcome)).strong());
            ui.label(format!("{}: {}", t(lang, "Seed", "Сид"), session.seed()));
        });
        ui.add_space(20.0);
        if ui
            .button(t(lang, "💾 Save log", "💾 Сохранить лог"))
            .clicked()
        {
            out.push(UiAction::SaveLog);
        }
        if ui
            .button(t(lang, "↺ Play again", "↺ Сыграть ещё раз"))
            .clicked()
        {
            out.push(UiAction::Pick(session.scenario().id.clone()));
        }
    });
    let bars: Vec<Bar> = card
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let c = score_color(s.score);
            Bar::new(i as f64, f64::from(s.score))
                .width(0.7)
                .fill(c)
                .name(i18n::stage(lang, s.stage))
        })
        .collect();
    let names: Vec<String> = card
        .stages
        .iter()
        .map(|s| i18n::stage(lang, s.stage).to_owned())
        .collect();
    Plot::new("stage-scores")
        .height(190.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round() as usize;
            if (mark.value - i as f64).abs() < 1e-6 {
                names.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(t(lang, "score", "балл"), bars))
        });
    egui::ScrollArea::vertical().show(ui, |ui| {
        for stage in &card.stages {
            let header = format!(
                "{} — {}/100 ({} {})",
                i18n::stage(lang, stage.stage),
                stage.score,
                t(lang, "weight", "вес"),
                stage.weight
            );
            egui::CollapsingHeader::new(
                egui::RichText::new(header)
                    .strong()
                    .color(score_color(stage.score)),
            )
            .id_salt(stage.stage.key())
            .default_open(stage.score < 100)
            .show(ui, |ui| {
                for f in &stage.findings {
                    ui.horizontal_wrapped(|ui| {
                        let color = if f.points > 0 {
                            egui::Color32::from_rgb(30, 140, 60)
                        } else if f.points < 0 {
                            egui::Color32::from_rgb(190, 40, 40)
                        } else {
                            egui::Color32::GRAY
                        };
                        ui.label(
                            egui::RichText::new(format!("{:+}", f.points))
                                .monospace()
                                .color(color),
                        );
                        if let Some(turn) = f.turn {
                            if ui
                                .small_button(format!("{} {turn}", t(lang, "turn", "ход")))
                                .on_hover_text(t(
                                    lang,
                                    "show in the transcript",
                                    "показать в стенограмме",
                                ))
                                .clicked()
                            {
                                out.push(UiAction::FocusTurn(turn));
                            }
                            if ui
                                .small_button(t(lang, "↺ retry from here", "↺ переиграть отсюда"))
                                .clicked()
                            {
                                out.push(UiAction::RetryFrom(turn));
                            }
                        }
                        ui.label(&f.text);
                    });
                    if let Some(tip) = &f.tip {
                        ui.label(egui::RichText::new(format!("    💡 {tip}")).weak());
                    }
                }
            });
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dealcraft_core::bots::{BotKind, play};
    use dealcraft_core::{Rubric, bundled, score};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    #[test]
    fn findings_link_to_their_turns() {
        let sc = bundled::load("fleet-telematics").unwrap().scenario;
        let session = play(BotKind::Pushy, Arc::new(sc), Rubric::default(), 5);
        let card = score(&session);
        let mut harness = Harness::new_ui_state(
            |ui, out: &mut Vec<UiAction>| out.extend(panel(ui, &session, &card, UiLang::En)),
            Vec::new(),
        );
        harness.run();
        harness.get_by_label(&card.overall.to_string());
        harness.get_by_label("The client left");
        let first = harness
            .get_all_by_label("↺ retry from here")
            .next()
            .expect("some finding has a turn");
        first.click();
        harness.run();
        assert!(
            matches!(harness.state().first(), Some(UiAction::RetryFrom(_))),
            "{:?}",
            harness.state()
        );
    }
}
