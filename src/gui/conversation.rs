//! The conversation screen: the transcript as chat bubbles, the move palette grouped by stage,
//! the stage tracker, the client's mood, and (in coach mode) the hidden meters.

use std::collections::BTreeMap;

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_core::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Id, Move, QuestionKind, Technique, Terms,
};
use dealcraft_core::scenario::Knowledge;
use dealcraft_core::session::{Phase, Speaker, format_money};
use dealcraft_core::{Session, Stage};

use super::Screen;
use super::i18n::{self, UiLang, t};
use super::model::{Play, TranscriptFocus, UiAction};
use super::widgets::Chrome;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ConvUi>()
        .add_systems(OnEnter(Screen::Conversation), reset)
        .add_systems(
            EguiPrimaryContextPass,
            draw.run_if(in_state(Screen::Conversation)),
        );
}

/// Inputs of the move palette.
#[derive(Resource, Debug, Default, Clone)]
pub struct ConvUi {
    pub price: u64,
    pub terms: Terms,
    pub feature: Option<Id>,
    pub need: Option<Id>,
    /// "End the meeting" was clicked once and awaits confirmation.
    pub confirm_end: bool,
}

fn reset(play: Res<Play>, mut conv: ResMut<ConvUi>) {
    if let Some(session) = &play.session {
        let sc = session.scenario();
        *conv = ConvUi {
            price: session
                .client()
                .negotiation
                .seller_offers
                .last()
                .map_or(sc.product.list_price, |(p, _)| *p),
            terms: BTreeMap::new(),
            feature: sc.product.features.first().map(|f| Id::new(&f.id)),
            need: None,
            confirm_end: false,
        };
    }
}

fn draw(
    mut chrome: Chrome,
    mut focus: ResMut<TranscriptFocus>,
    mut conv: ResMut<ConvUi>,
) -> Result {
    let mut root = chrome.begin(Screen::Conversation)?;
    let lang = chrome.settings.lang;
    // Coach mode is practice only: a workshop board compares play without the hidden meters.
    let coach = chrome.settings.coach && chrome.play.context.allows_coach();
    let coach_refused = chrome.settings.coach && !coach;
    let focus = focus.take();
    let Chrome {
        contexts,
        play,
        out,
        ..
    } = &mut chrome;
    // Once the meters have been seen, the session counts as coached.
    if coach && !play.coached {
        out.write(UiAction::SawMeters);
    }
    let Some(session) = &play.session else {
        out.write(UiAction::Open(Screen::Library));
        return Ok(());
    };
    out.write_batch(shortcuts(contexts.ctx_mut()?, session, &conv));
    egui::Panel::top("status").show(&mut root, |ui| {
        status_panel(ui, session, coach, lang);
        if coach_refused {
            ui.label(
                egui::RichText::new(t(
                    lang,
                    "Coach mode is off in workshops: the board compares play without the hidden meters.",
                    "В мастерской режим тренера выключен: таблица сравнивает игру без скрытых показателей.",
                ))
                .italics(),
            );
        }
    });
    egui::Panel::right("moves")
        .resizable(true)
        .default_size(400.0)
        .min_size(320.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                out.write_batch(moves_panel(ui, session, &mut conv, lang));
            });
        });
    egui::CentralPanel::default().show(&mut root, |ui| transcript_panel(ui, session, focus, lang));
    Ok(())
}

/// Letter keys for the common moves, without modifiers (Ctrl+A stays select-all). Ending the
/// meeting has no key: it is one confirmed click.
pub const SHORTCUTS: [(egui::Key, &str); 8] = [
    (egui::Key::A, "A"),
    (egui::Key::T, "T"),
    (egui::Key::S, "S"),
    (egui::Key::P, "P"),
    (egui::Key::U, "U"),
    (egui::Key::R, "R"),
    (egui::Key::N, "N"),
    (egui::Key::O, "O"),
];

fn shortcut_move(key: egui::Key, conv: &ConvUi) -> Option<Move> {
    use egui::Key;
    Some(match key {
        Key::A => Move::SetAgenda,
        Key::T => Move::SmallTalk,
        Key::S => Move::Ask {
            kind: QuestionKind::Situation,
            need: None,
        },
        Key::P => Move::Ask {
            kind: QuestionKind::Problem,
            need: None,
        },
        Key::U => Move::Summarize,
        Key::R => Move::Close(CloseTechnique::Trial),
        Key::N => Move::NextSteps,
        Key::O => Move::Offer {
            price: conv.price,
            terms: conv.terms.clone(),
        },
        _ => return None,
    })
}

fn shortcuts(ctx: &egui::Context, session: &Session, conv: &ConvUi) -> Vec<UiAction> {
    // Keys typed into a field or a menu are not moves.
    if ctx.egui_wants_keyboard_input() || egui::Popup::is_any_open(ctx) {
        return Vec::new();
    }
    let meeting = session.phase() != Phase::AfterSale;
    ctx.input_mut(|i| {
        SHORTCUTS
            .iter()
            .filter_map(|(key, _)| {
                shortcut_move(*key, conv).filter(|_| i.consume_key(egui::Modifiers::NONE, *key))
            })
            .filter(|mv| meeting || matches!(mv, Move::NextSteps))
            .map(UiAction::Play)
            .collect()
    })
}

/// Client, mood, the path through the stages and, in coach mode, the meters.
pub fn status_panel(ui: &mut egui::Ui, session: &Session, coach: bool, lang: UiLang) {
    let sc = session.scenario();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(format!("{} · {}", sc.client.name, sc.client.company)).strong(),
        );
        let (icon, word) = i18n::mood(lang, session.mood());
        ui.label(egui::RichText::new(format!("{icon} {word}")).size(18.0))
            .on_hover_text(t(lang, "The client's mood", "Настроение клиента"));
        ui.separator();
        let path = session.path();
        for (i, stage) in path.iter().enumerate() {
            if i > 0 {
                ui.label("›");
            }
            let returned = path[..i].contains(stage);
            let current = i + 1 == path.len();
            let mut text = egui::RichText::new(i18n::stage(lang, *stage));
            if current {
                text = text.strong().underline();
            }
            if returned {
                text = text.color(egui::Color32::from_rgb(170, 90, 0));
            }
            let label = ui.label(text);
            if returned {
                label.on_hover_text(t(
                    lang,
                    "back to an earlier stage",
                    "возврат к прежнему этапу",
                ));
            }
        }
    });
    if coach {
        let c = session.client();
        ui.horizontal(|ui| {
            let bar = |ui: &mut egui::Ui, name: &str, v: f64| {
                ui.label(name);
                ui.add(
                    egui::ProgressBar::new(v as f32)
                        .desired_width(140.0)
                        .show_percentage(),
                );
            };
            bar(ui, t(lang, "Trust", "Доверие"), c.trust);
            bar(ui, t(lang, "Interest", "Интерес"), c.interest);
            let patience = if c.patience_max > 0.0 {
                c.patience / c.patience_max
            } else {
                0.0
            };
            bar(ui, t(lang, "Patience", "Терпение"), patience);
        });
    }
}

/// The transcript as chat bubbles: the seller on the right, the client on the left.
pub fn transcript_panel(ui: &mut egui::Ui, session: &Session, focus: Option<u32>, lang: UiLang) {
    let width = ui.available_width();
    egui::ScrollArea::vertical()
        .stick_to_bottom(focus.is_none())
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if session.transcript().is_empty() {
                ui.weak(t(
                    lang,
                    "The client is waiting. Open the meeting from the moves on the right.",
                    "Клиент ждёт. Начните встречу ходами справа.",
                ));
            }
            let mut turn = 0;
            for line in session.transcript() {
                if line.turn != turn {
                    turn = line.turn;
                    let marker = ui.weak(format!("— {} {turn} —", t(lang, "turn", "ход")));
                    if focus == Some(turn) {
                        marker.scroll_to_me(Some(egui::Align::TOP));
                    }
                }
                bubble(ui, session, line.speaker, &line.text, width);
            }
        });
}

fn bubble(ui: &mut egui::Ui, session: &Session, speaker: Speaker, text: &str, width: f32) {
    let (layout, fill, who) = match speaker {
        Speaker::Seller => (
            egui::Layout::right_to_left(egui::Align::TOP),
            egui::Color32::from_rgb(214, 232, 255),
            None,
        ),
        Speaker::Client => (
            egui::Layout::left_to_right(egui::Align::TOP),
            egui::Color32::from_rgb(238, 238, 238),
            Some(session.scenario().client.name.as_str()),
        ),
        Speaker::Narrator => (
            egui::Layout::top_down(egui::Align::Center),
            egui::Color32::TRANSPARENT,
            None,
        ),
    };
    ui.with_layout(layout, |ui| {
        egui::Frame::new()
            .fill(fill)
            .corner_radius(10.0)
            .inner_margin(egui::Margin::symmetric(10, 6))
            .show(ui, |ui| {
                ui.set_max_width(width * 0.7);
                ui.vertical(|ui| {
                    if let Some(name) = who {
                        ui.label(egui::RichText::new(name).small().strong());
                    }
                    let text = if speaker == Speaker::Narrator {
                        egui::RichText::new(text).italics().weak()
                    } else {
                        egui::RichText::new(text)
                    };
                    ui.label(text);
                });
            });
    });
}

/// The palette's clicks so far, and the session that says which moves are legal now: a button
/// the engine would refuse is greyed out with the engine's reason, so the palette never repeats
/// the rules.
pub struct Picks<'s> {
    session: &'s Session,
    actions: Vec<UiAction>,
}

impl<'s> Picks<'s> {
    fn new(session: &'s Session) -> Self {
        Picks {
            session,
            actions: Vec::new(),
        }
    }

    fn push(&mut self, action: UiAction) {
        self.actions.push(action);
    }
}

/// A move button, greyed out with the reason when the session would refuse the move.
fn play_button(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>, mv: Move, out: &mut Picks) {
    move_button(ui, text, None, mv, out);
}

/// A move button with an explanation on hover, for the sales jargon.
fn explained(
    ui: &mut egui::Ui,
    text: impl Into<egui::WidgetText>,
    hint: &str,
    mv: Move,
    out: &mut Picks,
) {
    move_button(ui, text, Some(hint), mv, out);
}

fn move_button(
    ui: &mut egui::Ui,
    text: impl Into<egui::WidgetText>,
    hint: Option<&str>,
    mv: Move,
    out: &mut Picks,
) {
    let legal = out.session.check_move(&mv);
    let mut response = ui.add_enabled(legal.is_ok(), egui::Button::new(text));
    if let Some(hint) = hint {
        response = response.on_hover_text(hint);
    }
    if let Err(why) = &legal {
        response = response.on_disabled_hover_text(why.to_string());
    }
    if response.clicked() {
        out.push(UiAction::Play(mv));
    }
}

fn question_hint(lang: UiLang, kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Situation => t(
            lang,
            "Facts about how things work today. Brings topics up; too many bore the client.",
            "Факты о текущем положении дел. Поднимает темы; слишком много таких вопросов утомляют.",
        ),
        QuestionKind::Problem => t(
            lang,
            "Asks about difficulties: turns a topic into an admitted pain.",
            "О трудностях: превращает тему в признанную проблему.",
        ),
        QuestionKind::Implication => t(
            lang,
            "What does the problem cost? Makes an admitted pain an explicit need.",
            "Во что обходится проблема? Делает признанную боль явной потребностью.",
        ),
        QuestionKind::NeedPayoff => t(
            lang,
            "What would solving it be worth? The client states the value in their own words.",
            "Что даст решение? Клиент сам формулирует ценность.",
        ),
    }
}

fn technique_hint(lang: UiLang, technique: Technique) -> &'static str {
    match technique {
        Technique::Acknowledge => t(
            lang,
            "Show you heard the concern and take it seriously. Do this first.",
            "Показать, что вы услышали опасение. Начинайте с этого.",
        ),
        Technique::Clarify => t(
            lang,
            "Ask what lies behind it: the real reason comes out.",
            "Спросить, что за этим стоит: выясняется настоящая причина.",
        ),
        Technique::Evidence => t(
            lang,
            "Answer with proof: figures, a case, a demo.",
            "Ответить доказательствами: цифры, кейс, демонстрация.",
        ),
        Technique::Reframe => t(
            lang,
            "Show it from another angle: total cost, the risk of doing nothing.",
            "Показать с другой стороны: полная стоимость, риск бездействия.",
        ),
        Technique::FeelFeltFound => t(
            lang,
            "\"I understand how you feel; others felt the same; they found...\"",
            "«Понимаю ваши чувства; другие чувствовали то же; они обнаружили...»",
        ),
        Technique::Concede => t(
            lang,
            "Give in on the point. It costs you; answer with value first.",
            "Уступить. Это стоит денег; сначала ответьте ценностью.",
        ),
    }
}

fn close_hint(lang: UiLang, technique: CloseTechnique) -> &'static str {
    match technique {
        CloseTechnique::Trial => t(
            lang,
            "Check readiness without asking to sign; surfaces hidden doubts safely.",
            "Проверить готовность, не прося подписать; безопасно выявляет сомнения.",
        ),
        CloseTechnique::Direct => t(
            lang,
            "Ask plainly for the decision. Suits drivers.",
            "Прямо попросить о решении. Подходит драйверам.",
        ),
        CloseTechnique::Summary => t(
            lang,
            "Sum up the agreed value, then ask. Suits amiables and analyticals.",
            "Подвести итог ценности и спросить. Подходит дружелюбным и аналитикам.",
        ),
        CloseTechnique::Alternative => t(
            lang,
            "Offer a choice between two ways to go ahead. Suits drivers and expressives.",
            "Предложить выбор из двух вариантов. Подходит драйверам и экспрессивным.",
        ),
        CloseTechnique::Assumptive => t(
            lang,
            "Act as if the decision were made. Risky when trust is low.",
            "Вести себя так, будто решение принято. Рискованно при низком доверии.",
        ),
    }
}

fn section(
    ui: &mut egui::Ui,
    lang: UiLang,
    stage: Stage,
    current: Option<Stage>,
    body: impl FnOnce(&mut egui::Ui),
) {
    let mut title = egui::RichText::new(i18n::stage(lang, stage)).strong();
    if current == Some(stage) {
        title = title.color(egui::Color32::from_rgb(30, 90, 170));
    }
    egui::CollapsingHeader::new(title)
        .id_salt(stage.key())
        .default_open(true)
        .show(ui, body);
}

/// Every move available now, grouped by stage, with the targets each needs.
pub fn moves_panel(
    ui: &mut egui::Ui,
    session: &Session,
    conv: &mut ConvUi,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Picks::new(session);
    let sc = session.scenario();
    let current = session.path().last().copied();
    if session.phase() == Phase::AfterSale {
        after_sale(ui, session, conv, lang, &mut out);
        return out.actions;
    }
    section(ui, lang, Stage::Contact, current, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(t(lang, "Greet:", "Приветствие:"));
            for style in ContactStyle::ALL {
                play_button(ui, i18n::contact(lang, style), Move::Greet(style), &mut out);
            }
        });
        ui.horizontal(|ui| {
            play_button(
                ui,
                t(lang, "Set the agenda (A)", "Повестка (A)"),
                Move::SetAgenda,
                &mut out,
            );
            play_button(
                ui,
                t(lang, "Small talk (T)", "Светская беседа (T)"),
                Move::SmallTalk,
                &mut out,
            );
        });
    });
    section(ui, lang, Stage::Needs, current, |ui| {
        ui.horizontal(|ui| {
            ui.label(t(lang, "Open question:", "Открытый вопрос:"));
            explained(
                ui,
                t(lang, "Situation (S)", "Ситуация (S)"),
                question_hint(lang, QuestionKind::Situation),
                Move::Ask {
                    kind: QuestionKind::Situation,
                    need: None,
                },
                &mut out,
            );
            explained(
                ui,
                t(lang, "Problem (P)", "Проблема (P)"),
                question_hint(lang, QuestionKind::Problem),
                Move::Ask {
                    kind: QuestionKind::Problem,
                    need: None,
                },
                &mut out,
            );
        });
        let known = session.known_needs();
        if known.is_empty() {
            ui.weak(t(
                lang,
                "No topics yet: ask open questions.",
                "Тем пока нет: задавайте открытые вопросы.",
            ));
        }
        for (id, topic, level) in known {
            ui.horizontal_wrapped(|ui| {
                let color = match level {
                    Knowledge::Explicit => egui::Color32::from_rgb(30, 140, 60),
                    Knowledge::Implied => egui::Color32::from_rgb(200, 130, 0),
                    _ => egui::Color32::GRAY,
                };
                let denied = sc
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
                    explained(
                        ui,
                        i18n::question(lang, kind),
                        question_hint(lang, kind),
                        Move::Ask {
                            kind,
                            need: Some(Id::new(id)),
                        },
                        &mut out,
                    );
                }
            });
        }
        play_button(
            ui,
            t(
                lang,
                "Summarise what you heard (U)",
                "Резюмировать услышанное (U)",
            ),
            Move::Summarize,
            &mut out,
        );
    });
    section(ui, lang, Stage::Presentation, current, |ui| {
        let feature_name = |id: &Option<Id>| {
            id.as_ref()
                .and_then(|id| sc.feature(id))
                .map_or_else(|| "—".to_owned(), |(_, f)| f.name.clone())
        };
        egui::ComboBox::from_id_salt("feature")
            .selected_text(feature_name(&conv.feature))
            .width(300.0)
            .show_ui(ui, |ui| {
                for f in &sc.product.features {
                    ui.selectable_value(&mut conv.feature, Some(Id::new(&f.id)), &f.name);
                }
            });
        let known = session.known_needs();
        let need_name = conv
            .need
            .as_ref()
            .and_then(|id| known.iter().find(|k| k.0 == id))
            .map_or(
                t(lang, "no particular need", "без привязки к потребности"),
                |k| k.1,
            );
        ui.horizontal(|ui| {
            ui.label(t(lang, "for", "для"));
            egui::ComboBox::from_id_salt("need")
                .selected_text(need_name)
                .width(260.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut conv.need,
                        None,
                        t(lang, "no particular need", "без привязки к потребности"),
                    );
                    for (id, topic, _) in &known {
                        ui.selectable_value(&mut conv.need, Some(Id::new(id)), *topic);
                    }
                });
        });
        if conv
            .need
            .as_ref()
            .is_some_and(|n| !known.iter().any(|k| k.0 == n))
        {
            conv.need = None;
        }
        if let Some(feature) = conv.feature.clone() {
            play_button(
                ui,
                t(lang, "Present", "Презентовать"),
                Move::Present {
                    feature,
                    need: conv.need.clone(),
                },
                &mut out,
            );
        }
    });
    let open = session.open_objections();
    section(ui, lang, Stage::Objections, current, |ui| {
        if open.is_empty() {
            ui.weak(t(lang, "No open objections.", "Открытых возражений нет."));
        }
        for (id, topic) in open {
            ui.label(egui::RichText::new(format!("❗ {topic}")).strong());
            ui.horizontal_wrapped(|ui| {
                for technique in Technique::ALL {
                    explained(
                        ui,
                        i18n::technique(lang, technique),
                        technique_hint(lang, technique),
                        Move::Handle {
                            objection: Id::new(id),
                            technique,
                        },
                        &mut out,
                    );
                }
            });
        }
    });
    section(ui, lang, Stage::Negotiation, current, |ui| {
        let neg = &session.client().negotiation;
        let money = |x: u64| format_money(x, &sc.product.currency);
        if let Some(agreed) = &neg.agreed {
            ui.label(format!(
                "{} {}",
                t(lang, "Agreed price:", "Согласованная цена:"),
                money(agreed.price)
            ));
            return;
        }
        ui.label(format!(
            "{} {} · {} {}",
            t(lang, "List", "Прайс"),
            money(sc.product.list_price),
            t(lang, "floor", "минимум"),
            money(sc.product.floor_price)
        ));
        // The history of the haggling, so concessions can be seen at a glance.
        if !neg.seller_offers.is_empty() || !neg.client_offers.is_empty() {
            let list = |prices: Vec<u64>| {
                prices
                    .into_iter()
                    .map(money)
                    .collect::<Vec<_>>()
                    .join(" → ")
            };
            ui.label(format!(
                "{} {}",
                t(lang, "Your offers:", "Ваши предложения:"),
                list(neg.seller_offers.iter().map(|(p, _)| *p).collect())
            ));
            ui.label(format!(
                "{} {}",
                t(lang, "Client's counters:", "Встречные клиента:"),
                list(neg.client_offers.clone())
            ));
        }
        ui.horizontal(|ui| {
            ui.label(t(lang, "Price", "Цена"));
            ui.add(
                egui::DragValue::new(&mut conv.price)
                    .speed(50)
                    .range(session.price_limits()),
            );
        });
        for term in &sc.product.terms {
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
        ui.horizontal_wrapped(|ui| {
            play_button(
                ui,
                t(lang, "Offer (O)", "Предложить (O)"),
                Move::Offer {
                    price: conv.price,
                    terms: conv.terms.clone(),
                },
                &mut out,
            );
            if let Some(counter) = neg.client_offers.last() {
                play_button(
                    ui,
                    format!("{} {}", t(lang, "Accept", "Принять"), money(*counter)),
                    Move::AcceptCounter,
                    &mut out,
                );
            }
            play_button(
                ui,
                t(lang, "Walk away", "Отказаться от сделки"),
                Move::WalkAway,
                &mut out,
            );
        });
    });
    section(ui, lang, Stage::Close, current, |ui| {
        ui.horizontal_wrapped(|ui| {
            for technique in CloseTechnique::ALL {
                let label = if technique == CloseTechnique::Trial {
                    format!("{} (R)", i18n::close(lang, technique))
                } else {
                    i18n::close(lang, technique).to_owned()
                };
                explained(
                    ui,
                    label,
                    close_hint(lang, technique),
                    Move::Close(technique),
                    &mut out,
                );
            }
        });
    });
    ui.separator();
    end_button(
        ui,
        conv,
        lang,
        t(lang, "End the meeting…", "Завершить встречу…"),
        &mut out,
    );
    out.actions
}

/// Ending cannot be undone, so it takes a second click.
fn end_button(ui: &mut egui::Ui, conv: &mut ConvUi, lang: UiLang, label: &str, out: &mut Picks) {
    if !conv.confirm_end {
        if ui.button(label).clicked() {
            conv.confirm_end = true;
        }
        return;
    }
    ui.horizontal(|ui| {
        ui.label(t(
            lang,
            "End it now? This cannot be undone.",
            "Завершить? Это нельзя отменить.",
        ));
        if ui.button(t(lang, "Yes, end", "Да, завершить")).clicked() {
            conv.confirm_end = false;
            out.push(UiAction::Play(Move::End));
        }
        if ui.button(t(lang, "No", "Нет")).clicked() {
            conv.confirm_end = false;
        }
    });
}

fn after_sale(
    ui: &mut egui::Ui,
    session: &Session,
    conv: &mut ConvUi,
    lang: UiLang,
    out: &mut Picks,
) {
    let current = session.path().last().copied();
    if let Some(dealcraft_core::Outcome::Deal { price, .. }) = session.outcome() {
        ui.label(
            egui::RichText::new(format!(
                "🤝 {} {}",
                t(lang, "Deal at", "Сделка по цене"),
                format_money(*price, &session.scenario().product.currency)
            ))
            .strong(),
        );
    }
    section(ui, lang, Stage::Close, current, |ui| {
        play_button(
            ui,
            t(
                lang,
                "Explain the next steps (N)",
                "Объяснить следующие шаги (N)",
            ),
            Move::NextSteps,
            out,
        );
    });
    section(ui, lang, Stage::FollowUp, current, |ui| {
        ui.horizontal_wrapped(|ui| {
            for action in AfterSale::ALL {
                play_button(
                    ui,
                    i18n::after_sale(lang, action),
                    Move::FollowUp(action),
                    out,
                );
            }
        });
    });
    if let Some(debt) = session.client().debt.as_ref().filter(|d| !d.closed) {
        section(ui, lang, Stage::Debt, current, |ui| {
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
        });
    }
    ui.separator();
    end_button(
        ui,
        conv,
        lang,
        t(
            lang,
            "Finish and see the debrief…",
            "Завершить и перейти к разбору…",
        ),
        out,
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dealcraft_core::{Rubric, bundled};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn session() -> Session {
        let sc = bundled::load("fleet-telematics").unwrap().scenario;
        Session::new(Arc::new(sc), Rubric::default(), 3)
    }

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
    fn transcript_and_status_show_the_conversation() {
        let mut s = session();
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        let mut harness = Harness::new_ui(|ui| {
            status_panel(ui, &s, true, UiLang::En);
            transcript_panel(ui, &s, None, UiLang::En);
        });
        harness.run();
        harness.get_by_label_contains("Karen Doyle · Doyle & Sons Haulage");
        harness.get_by_label("Trust");
        let greeting = s.transcript()[0].text.clone();
        harness.get_by_label(&greeting);
    }
}
