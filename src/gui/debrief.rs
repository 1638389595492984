//! The debrief: the overall score, a chart of the stages, and every finding beside the turn that
//! caused it, with "retry from this turn".

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_core::scenario::Lang;
use dealcraft_core::scoring::{CRITICAL_CAP, Finding, HABIT_COST, StageScore, score_in};
use dealcraft_core::{Scorecard, Session, ending};
use egui_plot::{Bar, BarChart, Plot};

use super::Screen;
use super::conversation::transcript_panel;
use super::i18n::{self, UiLang, t};
use super::model::{Context, Play, Submission, TranscriptFocus, UiAction};
use super::widgets::{Chrome, score_color};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Debrief)),
    );
}

fn draw(
    mut chrome: Chrome,
    mut focus: ResMut<TranscriptFocus>,
    workshops: Res<super::workshop::WorkshopUi>,
    shown: Res<super::model::ShownWorkshop>,
) -> Result {
    let mut root = chrome.begin(Screen::Debrief)?;
    let lang = chrome.lang(Screen::Debrief);
    let focus = focus.take();
    // In a hot-seat workshop, whose turn comes next (the board shown is this workshop's).
    let next = match &chrome.play.context {
        Context::Workshop { id, .. } if shown.0 == Some(*id) => {
            super::workshop::next_player(&workshops, *id).map(|p| (*id, p))
        }
        _ => None,
    };
    let Chrome { play, out, .. } = &mut chrome;
    let (Some(session), Some(card)) = (&play.session, &play.card) else {
        out.write(UiAction::Open(Screen::Library));
        return Ok(());
    };
    egui::Panel::right("debrief-transcript")
        .resizable(true)
        .default_size(460.0)
        .show(&mut root, |ui| {
            ui.label(egui::RichText::new(t(lang, "Transcript", "Стенограмма")).strong());
            transcript_panel(ui, session, focus, lang);
        });
    egui::CentralPanel::default().show(&mut root, |ui| {
        out.write_batch(context_line(ui, play, next.as_ref(), lang));
        out.write_batch(panel(ui, session, card, lang));
    });
    Ok(())
}

/// Where the result went: the workshop board, the server's verdict, or the history.
pub fn context_line(
    ui: &mut egui::Ui,
    play: &Play,
    next: Option<&(i64, String)>,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Vec::new();
    let good = egui::Color32::from_rgb(30, 120, 60);
    let bad = egui::Color32::from_rgb(190, 40, 40);
    ui.horizontal_wrapped(|ui| match &play.context {
        Context::Draft => {
            ui.label(t(
                lang,
                "✏ A draft tried from the editor: not recorded.",
                "✏ Проба черновика из редактора: не сохраняется.",
            ));
            if ui
                .button(t(lang, "✏ Back to the editor", "✏ Назад в редактор"))
                .clicked()
            {
                out.push(UiAction::Edit(None));
            }
        }
        Context::Solo => {
            if play.recorded.is_some() {
                ui.label(
                    egui::RichText::new(t(lang, "Kept in your history.", "Сохранено в истории."))
                        .weak(),
                );
            }
            if let Some(note) = &play.rescored {
                ui.label(egui::RichText::new(note).italics());
            }
        }
        Context::Workshop { name, player, .. } => {
            ui.label(egui::RichText::new(format!("👥 {name} — {player}")).strong());
            if let Some(rank) = play.rank {
                ui.colored_label(
                    good,
                    format!("#{rank} {}", t(lang, "on the board", "в таблице")),
                );
            }
            if ui
                .button(t(lang, "Back to the board", "К таблице"))
                .clicked()
            {
                out.push(UiAction::Open(Screen::Workshop));
            }
            if let Some((workshop, player)) = next
                && ui
                    .button(format!("▶ {} {player}", t(lang, "Next:", "Следующий:")))
                    .clicked()
            {
                out.push(UiAction::PlayWorkshop {
                    workshop: *workshop,
                    player: player.clone(),
                });
            }
        }
        Context::Server { name, player, .. } => {
            ui.label(egui::RichText::new(format!("🔗 {name} — {player}")).strong());
            match &play.submission {
                Submission::None if play.retried => {
                    ui.label(t(
                        lang,
                        "practice from a rewound turn: not sent to the server",
                        "тренировка с отмотанного хода: на сервер не отправлено",
                    ));
                }
                Submission::None => {}
                Submission::Pending => {
                    ui.spinner();
                    ui.label(t(lang, "sending to the server…", "отправка на сервер…"));
                }
                Submission::Accepted(a) => {
                    ui.colored_label(
                        good,
                        format!(
                            "{} {} — #{} {}",
                            t(
                                lang,
                                "The server replayed your session and scored it",
                                "Сервер переиграл встречу и оценил её в"
                            ),
                            a.overall,
                            a.rank,
                            t(lang, "on the board", "в таблице")
                        ),
                    );
                    if let Some(note) = &a.rescored {
                        ui.label(egui::RichText::new(note).italics());
                    }
                }
                Submission::Failed(e) => {
                    ui.colored_label(bad, e);
                    if ui
                        .button(t(lang, "↻ Send again", "↻ Отправить снова"))
                        .clicked()
                    {
                        out.push(UiAction::Resubmit);
                    }
                }
            }
        }
    });
    out
}

/// Score, chart and findings: critical errors first, then bad habits, then each stage. `card` is
/// the session's scorecard in English; the findings are shown in the UI language.
pub fn panel(
    ui: &mut egui::Ui,
    session: &Session,
    card: &Scorecard,
    lang: UiLang,
) -> Vec<UiAction> {
    let translated;
    let card = match lang {
        UiLang::En => card,
        UiLang::Ru => {
            translated = score_in(session, Lang::Ru);
            &translated
        }
    };
    let mut out = Vec::new();
    headline(ui, session, card, lang, &mut out);
    // Critical errors and habits stay in view above everything that scrolls.
    overall_findings(ui, card, lang, &mut out);
    stage_chart(ui, card, lang);
    // Each session's findings start at the top, not where the last debrief was scrolled to.
    let salt = ("debrief-stages", session.seed(), session.moves().len());
    // A solid bar beside the findings: a floating one hides the end of their longest lines.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    egui::ScrollArea::vertical().id_salt(salt).show(ui, |ui| {
        for stage in &card.stages {
            stage_findings(ui, stage, salt, lang, &mut out);
        }
    });
    out
}

/// The overall score, the outcome, the seed and the buttons.
fn headline(
    ui: &mut egui::Ui,
    session: &Session,
    card: &Scorecard,
    lang: UiLang,
    out: &mut Vec<UiAction>,
) {
    let outcome = session.outcome().map_or("", |o| o.key());
    // Why it ended comes first, in the core's words (the CLI prints the same line).
    let currency = &session.scenario().product.currency;
    ui.label(
        egui::RichText::new(ending::of(session).text(lang.core(), currency))
            .strong()
            .size(16.0),
    );
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
            out.push(UiAction::PlayAgain);
        }
    });
}

fn stage_chart(ui: &mut egui::Ui, card: &Scorecard, lang: UiLang) {
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
        .map(|s| dealcraft_core::vocab::stage_short(lang.core(), s.stage).to_owned())
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
}

/// Critical errors, which cap the overall score, and bad habits, which take from it: before
/// the stages, since they matter most.
fn overall_findings(ui: &mut egui::Ui, card: &Scorecard, lang: UiLang, out: &mut Vec<UiAction>) {
    let red = egui::Color32::from_rgb(190, 40, 40);
    if !card.critical.is_empty() {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(2.0, red))
            .show(ui, |ui| {
                ui.label(
                    egui::RichText::new(format!(
                        "⛔ {} {CRITICAL_CAP}",
                        t(
                            lang,
                            "Critical error: the overall score is capped at",
                            "Критическая ошибка: итог не может быть выше"
                        )
                    ))
                    .strong()
                    .color(red),
                );
                for f in &card.critical {
                    finding_row(ui, f, lang, out);
                }
            });
    }
    if !card.habits.is_empty() {
        ui.label(
            egui::RichText::new(format!(
                "{} (−{HABIT_COST} {})",
                t(lang, "Bad habits", "Вредные привычки"),
                t(lang, "each", "каждая")
            ))
            .strong()
            .color(red),
        );
        for f in &card.habits {
            finding_row(ui, f, lang, out);
        }
    }
    if !card.critical.is_empty() || !card.habits.is_empty() {
        ui.label(
            egui::RichText::new(format!(
                "{}: {}/100",
                t(lang, "Stages before these", "Баллы этапов до этих поправок"),
                card.stages_score
            ))
            .weak(),
        );
        ui.separator();
    }
}

/// A stage's findings under its header, open when the stage lost points. `salt` is the
/// session's, so each session's stages open afresh.
fn stage_findings(
    ui: &mut egui::Ui,
    stage: &StageScore,
    salt: impl std::hash::Hash + std::fmt::Debug,
    lang: UiLang,
    out: &mut Vec<UiAction>,
) {
    let reached = if stage.reached {
        String::new()
    } else {
        format!(" — {}", t(lang, "not reached", "этап не пройден"))
    };
    let header = format!(
        "{} — {}/100 ({} {}){reached}",
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
    .id_salt((stage.stage.key(), salt))
    .default_open(stage.score < 100)
    .show(ui, |ui| {
        for f in &stage.findings {
            finding_row(ui, f, lang, out);
        }
    });
}

/// One finding: its points, a link to its turn with "retry from here", the text and the tip.
fn finding_row(ui: &mut egui::Ui, f: &Finding, lang: UiLang, out: &mut Vec<UiAction>) {
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
                .on_hover_text(t(lang, "show in the transcript", "показать в стенограмме"))
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
        ui.label(whole_amounts(&f.text));
    });
    if let Some(tip) = &f.tip {
        ui.label(egui::RichText::new(format!("    💡 {tip}")).weak());
    }
}

/// The text with the spaces inside an amount ("6 100 000 RUB") made non-breaking, so a line
/// never wraps in the middle of a figure.
fn whole_amounts(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let inside = c == ' '
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_digit() || n.is_ascii_uppercase());
        out.push(if inside { '\u{A0}' } else { c });
    }
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
    use crate::gui::model::Settings;

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
        // Why it ended leads, as the core words it.
        let why = ending::of(&session).text(Lang::En, "EUR");
        assert!(why.starts_with("The client ran out of patience and left at turn"));
        harness.get_by_label(&why);
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

    #[test]
    fn a_workshop_debrief_offers_the_next_player() {
        let play = Play {
            context: Context::Workshop {
                id: 4,
                name: "Cohort".into(),
                player: "Ann".into(),
                seed: 1,
                rubric: Rubric::default(),
            },
            rank: Some(1),
            ..Default::default()
        };
        let next = (4, "Bo".to_owned());
        let mut harness = Harness::new_ui_state(
            |ui, out: &mut Vec<UiAction>| {
                out.extend(context_line(ui, &play, Some(&next), UiLang::En))
            },
            Vec::new(),
        );
        harness.run();
        harness.get_by_label("#1 on the board");
        harness.get_by_label("▶ Next: Bo").click();
        harness.run();
        assert_eq!(
            harness.state().as_slice(),
            [UiAction::PlayWorkshop {
                workshop: 4,
                player: "Bo".into()
            }]
        );
    }

    /// Every text of a debrief panel: labels and values.
    fn texts(harness: &Harness<'_, Vec<UiAction>>) -> Vec<String> {
        use egui_kittest::kittest::NodeT;
        harness
            .root()
            .children_recursive()
            .flat_map(|n| {
                let node = n.accesskit_node();
                [node.label(), node.value()]
            })
            .flatten()
            .collect()
    }

    /// The text with «quoted» scenario content, the currency code and figures taken out.
    fn outside_quotes(text: &str, currency: &str) -> String {
        let mut out = String::new();
        let mut depth = 0;
        for c in text.replace(currency, "").chars() {
            match c {
                '«' => depth += 1,
                '»' => depth -= 1,
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn a_russian_scenario_gets_a_debrief_entirely_in_russian() {
        let mut checked = 0;
        for id in ["horeca-coffee", "office-furniture-nozopa"] {
            let sc = Arc::new(bundled::load(id).unwrap().scenario);
            let currency = sc.product.currency.clone();
            for (kind, seed) in [
                (BotKind::Textbook, 2),
                (BotKind::Pushy, 5),
                (BotKind::Random, 3),
                (BotKind::Discounter, 1),
            ] {
                let session = play(kind, sc.clone(), Rubric::default(), seed);
                let card = score(&session);
                // What the debrief screen passes: the trainee chose no language.
                let lang = Settings::default().lang_for(Some(sc.language));
                assert_eq!(lang, UiLang::Ru);
                let mut harness = Harness::new_ui_state(
                    |ui, out: &mut Vec<UiAction>| out.extend(panel(ui, &session, &card, lang)),
                    Vec::new(),
                );
                harness.run();
                let texts = texts(&harness);
                assert!(texts.len() > 10, "{texts:?}");
                for text in texts {
                    let left = outside_quotes(&text, &currency);
                    assert!(
                        !left.chars().any(|c| c.is_ascii_alphabetic()),
                        "{id} {kind} {seed}: Latin letters in the Russian debrief: {text:?}"
                    );
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 8);
    }

    #[test]
    fn an_english_scenario_gets_a_debrief_entirely_in_english_unless_russian_was_chosen() {
        let mut checked = 0;
        for loaded in bundled::all().into_iter().flatten() {
            let sc = Arc::new(loaded.scenario);
            if sc.language != dealcraft_core::scenario::Lang::En {
                continue;
            }
            for (kind, seed) in [(BotKind::Pushy, 5), (BotKind::Random, 3)] {
                let session = play(kind, sc.clone(), Rubric::default(), seed);
                let card = score(&session);
                let mut settings = Settings::default();
                for (lang, want_russian) in [(settings.lang_for(Some(sc.language)), false), {
                    settings.lang = UiLang::Ru;
                    settings.lang_chosen = true;
                    (settings.lang_for(Some(sc.language)), true)
                }] {
                    let mut harness = Harness::new_ui_state(
                        |ui, out: &mut Vec<UiAction>| out.extend(panel(ui, &session, &card, lang)),
                        Vec::new(),
                    );
                    harness.run();
                    let texts = texts(&harness);
                    let russian = texts
                        .iter()
                        .filter(|t| t.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё')))
                        .count();
                    if want_russian {
                        assert!(russian > 10, "{}: {texts:?}", sc.id);
                    } else {
                        assert_eq!(russian, 0, "{} {kind}: {texts:?}", sc.id);
                    }
                }
                checked += 1;
            }
        }
        assert!(checked >= 8, "{checked}");
    }

    #[test]
    fn amounts_do_not_wrap_inside() {
        assert_eq!(
            whole_amounts("от 6 100 000 RUB до 7 ходов, 20 % из 3 EUR"),
            "от 6\u{A0}100\u{A0}000\u{A0}RUB до 7 ходов, 20 % из 3\u{A0}EUR"
        );
        assert_eq!(whole_amounts("turn 4 of 4 needs"), "turn 4 of 4 needs");
    }

    #[test]
    fn a_chosen_ui_language_wins_over_the_scenarios() {
        use dealcraft_core::scenario::Lang;
        let mut settings = Settings::default();
        assert_eq!(settings.lang_for(Some(Lang::Ru)), UiLang::Ru);
        assert_eq!(settings.lang_for(Some(Lang::En)), UiLang::En);
        assert_eq!(settings.lang_for(None), UiLang::En);
        settings.lang_chosen = true;
        assert_eq!(settings.lang_for(Some(Lang::Ru)), UiLang::En);
        settings.lang = UiLang::Ru;
        assert_eq!(settings.lang_for(Some(Lang::En)), UiLang::Ru);
    }

    #[test]
    fn findings_are_shown_in_the_ui_language() {
        let sc = bundled::load("cnc-retrofit").unwrap().scenario;
        let session = play(BotKind::Textbook, Arc::new(sc), Rubric::default(), 5);
        let card = score(&session);
        let ru = score_in(&session, Lang::Ru);
        let mut harness = Harness::new_ui_state(
            |ui, out: &mut Vec<UiAction>| out.extend(panel(ui, &session, &card, UiLang::Ru)),
            Vec::new(),
        );
        harness.run();
        // Stages below 100 are open.
        let i = card
            .stages
            .iter()
            .position(|s| s.score < 100)
            .expect("some stage is below 100");
        let (en, ru) = (&card.stages[i].findings[0], &ru.stages[i].findings[0]);
        assert_ne!(en.text, ru.text);
        harness.get_by_label(&whole_amounts(&ru.text));
        assert!(
            harness.query_by_label(&whole_amounts(&en.text)).is_none(),
            "the English text is not shown"
        );
    }
}
