//! Workshops: create a hot-seat workshop (scenario, seed, roster), let players take turns, watch
//! the board (best per player, a column per stage) and the funnel, export CSV; or join a
//! workshop running on a server.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_store::{Board, BoardRow, Cell, Filter, Workshop, ellipsize};

use super::Screen;
use super::i18n::{self, UiLang, t};
use super::model::{Background, Db, Library, ShownWorkshop, Stored, UiAction, WorkshopForm};
use super::widgets::{Chrome, score_color};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<WorkshopUi>()
        .add_systems(OnEnter(Screen::Workshop), reload)
        .add_systems(
            Update,
            reload.run_if(on_message::<Stored>.or_eager(resource_changed::<ShownWorkshop>)),
        )
        .add_systems(
            EguiPrimaryContextPass,
            draw.run_if(in_state(Screen::Workshop)),
        );
}

/// The workshops and the shown board as last read, and the forms being typed.
#[derive(Resource, Debug, Default)]
pub struct WorkshopUi {
    pub workshops: Vec<Workshop>,
    pub board: Option<Board>,
    pub error: Option<String>,
    pub form_scenario: String,
    pub form_rubric: String,
    pub form_seed: String,
    pub form_name: String,
    pub form_roster: String,
    pub join_address: String,
    pub join_code: String,
    pub join_name: String,
    /// A player to add for one turn, beside the roster.
    pub guest: String,
}

fn reload(db: Res<Db>, shown: Res<ShownWorkshop>, mut ui: ResMut<WorkshopUi>) {
    let read = db.with(|store| {
        let workshops = store.workshops()?;
        let board = match shown.0 {
            Some(id) => Some(store.board(&Filter {
                workshop: Some(id),
                ..Filter::default()
            })?),
            None => None,
        };
        Ok((workshops, board))
    });
    match read {
        Ok((workshops, board)) => {
            ui.workshops = workshops;
            ui.board = board;
            ui.error = None;
        }
        Err(e) => ui.error = Some(e),
    }
}

fn draw(
    mut chrome: Chrome,
    mut state: ResMut<WorkshopUi>,
    shown: Res<ShownWorkshop>,
    library: Res<Library>,
    background: Res<Background>,
) -> Result {
    let mut root = chrome.begin(Screen::Workshop)?;
    let lang = chrome.settings.lang;
    if state.join_name.is_empty() {
        state.join_name = chrome.settings.player.trim().to_owned();
    }
    let scenarios: Vec<(String, String)> = library
        .entries
        .iter()
        .filter_map(|e| e.loaded.as_ref())
        .map(|l| (l.scenario.id.clone(), l.scenario.title.clone()))
        .collect();
    let mut actions = Vec::new();
    egui::Panel::left("workshop-side")
        .resizable(true)
        .default_size(330.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                actions.extend(side_panel(
                    ui,
                    &mut state,
                    shown.0,
                    &scenarios,
                    background.joining,
                    lang,
                ));
            });
        });
    egui::CentralPanel::default().show(&mut root, |ui| {
        actions.extend(board_panel(ui, &mut state, shown.0, lang));
    });
    chrome.out.write_batch(actions);
    Ok(())
}

/// The list of workshops, the form for a new one and the form to join a server.
pub fn side_panel(
    ui: &mut egui::Ui,
    state: &mut WorkshopUi,
    shown: Option<i64>,
    scenarios: &[(String, String)],
    joining: bool,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Vec::new();
    ui.heading(t(lang, "Workshops", "Тренинги"));
    if let Some(e) = &state.error {
        ui.colored_label(egui::Color32::from_rgb(190, 40, 40), e);
    }
    if state.workshops.is_empty() {
        ui.label(
            egui::RichText::new(t(
                lang,
                "None yet: create one below, or join a server.",
                "Пока нет: создайте ниже или подключитесь к серверу.",
            ))
            .weak(),
        );
    }
    for w in &state.workshops {
        let label = format!(
            "{} · {} · {} {}",
            w.name,
            w.scenario,
            t(lang, "seed", "сид"),
            w.seed
        );
        if ui.selectable_label(shown == Some(w.id), label).clicked() {
            out.push(UiAction::ShowWorkshop(Some(w.id)));
        }
    }

    ui.separator();
    ui.label(
        egui::RichText::new(t(
            lang,
            "New hot-seat workshop",
            "Новый тренинг за одним компьютером",
        ))
        .strong(),
    );
    if state.form_scenario.is_empty()
        && let Some((id, _)) = scenarios.first()
    {
        state.form_scenario = id.clone();
    }
    egui::Grid::new("workshop-form")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label(t(lang, "Scenario", "Сценарий"));
            let selected = scenarios
                .iter()
                .find(|(id, _)| *id == state.form_scenario)
                .map_or(state.form_scenario.clone(), |(_, title)| title.clone());
            egui::ComboBox::from_id_salt("workshop-scenario")
                .selected_text(selected)
                .width(190.0)
                .show_ui(ui, |ui| {
                    for (id, title) in scenarios {
                        ui.selectable_value(&mut state.form_scenario, id.clone(), title);
                    }
                });
            ui.end_row();
            ui.label(t(lang, "Rubric", "Рубрика")).on_hover_text(t(
                lang,
                "stage weights and company rules (docs/rubric-format.md)",
                "веса этапов и правила компании (docs/rubric-format.md)",
            ));
            if state.form_rubric.is_empty() {
                state.form_rubric = "default".into();
            }
            egui::ComboBox::from_id_salt("workshop-rubric")
                .selected_text(state.form_rubric.clone())
                .width(190.0)
                .show_ui(ui, |ui| {
                    for name in dealcraft_core::bundled::rubric_names() {
                        ui.selectable_value(&mut state.form_rubric, name.to_owned(), name);
                    }
                });
            ui.end_row();
            ui.label(t(lang, "Name", "Название"));
            ui.add(egui::TextEdit::singleline(&mut state.form_name).desired_width(190.0));
            ui.end_row();
            ui.label(t(lang, "Seed", "Сид")).on_hover_text(t(
                lang,
                "everyone plays the same client with the same seed; empty: a fresh one",
                "все играют одного клиента с одним сидом; пусто — новый",
            ));
            ui.add(egui::TextEdit::singleline(&mut state.form_seed).desired_width(190.0));
            ui.end_row();
            ui.label(t(lang, "Players", "Игроки")).on_hover_text(t(
                lang,
                "one name per line, in turn order",
                "по имени в строке, в порядке очереди",
            ));
            ui.add(
                egui::TextEdit::multiline(&mut state.form_roster)
                    .desired_rows(4)
                    .desired_width(190.0),
            );
            ui.end_row();
        });
    let seed = state.form_seed.trim();
    let parsed_seed = if seed.is_empty() {
        Ok(crate::fresh_seed())
    } else {
        seed.parse::<u64>()
    };
    if parsed_seed.is_err() {
        ui.colored_label(
            egui::Color32::from_rgb(190, 40, 40),
            t(lang, "the seed is a whole number", "сид — целое число"),
        );
    }
    let roster: Vec<String> = state
        .form_roster
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let ready = parsed_seed.is_ok() && !state.form_scenario.is_empty() && !roster.is_empty();
    if ui
        .add_enabled(ready, egui::Button::new(t(lang, "➕ Create", "➕ Создать")))
        .clicked()
        && let Ok(seed) = parsed_seed
    {
        let name = if state.form_name.trim().is_empty() {
            format!(
                "{} {}",
                t(lang, "Workshop", "Тренинг"),
                state.workshops.len() + 1
            )
        } else {
            state.form_name.trim().to_owned()
        };
        out.push(UiAction::CreateWorkshop(WorkshopForm {
            scenario: state.form_scenario.clone(),
            rubric: state.form_rubric.clone(),
            seed,
            name,
            roster,
        }));
        state.form_name.clear();
        state.form_roster.clear();
        state.form_seed.clear();
    }

    ui.separator();
    ui.label(egui::RichText::new(t(lang, "Join a server", "Подключиться к серверу")).strong());
    egui::Grid::new("join-form").num_columns(2).show(ui, |ui| {
        ui.label(t(lang, "Address", "Адрес"));
        ui.add(
            egui::TextEdit::singleline(&mut state.join_address)
                .hint_text("192.168.1.20:7878")
                .desired_width(190.0),
        );
        ui.end_row();
        ui.label(t(lang, "Code", "Код"));
        ui.add(egui::TextEdit::singleline(&mut state.join_code).desired_width(190.0));
        ui.end_row();
        ui.label(t(lang, "Your name", "Ваше имя"));
        ui.add(egui::TextEdit::singleline(&mut state.join_name).desired_width(190.0));
        ui.end_row();
    });
    let ready = !joining
        && !state.join_address.trim().is_empty()
        && !state.join_code.trim().is_empty()
        && !state.join_name.trim().is_empty();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                ready,
                egui::Button::new(t(lang, "🔗 Join", "🔗 Подключиться")),
            )
            .clicked()
        {
            out.push(UiAction::Join {
                address: state.join_address.trim().to_owned(),
                code: state.join_code.trim().to_owned(),
                player: state.join_name.trim().to_owned(),
            });
        }
        if joining {
            ui.spinner();
            ui.label(t(lang, "connecting…", "подключение…"));
        }
    });
    out
}

/// Whose turn it is in workshop `id`: the first roster player without an attempt on the board
/// as last read (the board shown is that workshop's).
pub fn next_player(state: &WorkshopUi, id: i64) -> Option<String> {
    let w = state.workshops.iter().find(|w| w.id == id)?;
    let board = state.board.as_ref();
    w.roster
        .iter()
        .find(|p| !board.is_some_and(|b| b.rows.iter().any(|r| r.player.eq_ignore_ascii_case(p))))
        .cloned()
}

/// The shown workshop: whose turn it is, the board and the funnel.
pub fn board_panel(
    ui: &mut egui::Ui,
    state: &mut WorkshopUi,
    shown: Option<i64>,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Vec::new();
    let Some(w) = shown.and_then(|id| state.workshops.iter().find(|w| w.id == id)) else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.label(t(
                lang,
                "Choose a workshop on the left, or create one: everybody plays the same client \
                 with the same seed, one after another, and the board compares them stage by stage.",
                "Выберите тренинг слева или создайте новый: все по очереди играют одного клиента \
                 с одним сидом, а таблица сравнивает их по этапам.",
            ));
        });
        return out;
    };
    let board = state.board.as_ref();
    let next = next_player(state, w.id);
    ui.horizontal(|ui| {
        ui.heading(&w.name);
        ui.label(
            egui::RichText::new(format!(
                "{} · {} {} · {} {}",
                w.scenario,
                t(lang, "seed", "сид"),
                w.seed,
                t(lang, "rubric", "рубрика"),
                w.rubric.name
            ))
            .weak(),
        );
    });
    let played = |name: &str| {
        board.is_some_and(|b| b.rows.iter().any(|r| r.player.eq_ignore_ascii_case(name)))
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(t(lang, "Play as:", "Играет:"));
        for p in &w.roster {
            let shown = ellipsize(p, NAME_CHARS);
            let text = if played(p) {
                format!("✔ {shown}")
            } else if Some(p) == next.as_ref() {
                format!("▶ {shown}")
            } else {
                shown.into_owned()
            };
            let mut button = egui::Button::new(text);
            if Some(p) == next.as_ref() {
                button = button.fill(egui::Color32::from_rgb(200, 225, 255));
            }
            if ui
                .add(button)
                .on_hover_text(t(
                    lang,
                    "start this player's session",
                    "начать встречу этого игрока",
                ))
                .clicked()
            {
                out.push(UiAction::PlayWorkshop {
                    workshop: w.id,
                    player: p.clone(),
                });
            }
        }
        ui.add(
            egui::TextEdit::singleline(&mut state.guest)
                .hint_text(t(lang, "another player", "другой игрок"))
                .desired_width(130.0),
        );
        if ui
            .add_enabled(!state.guest.trim().is_empty(), egui::Button::new("▶"))
            .clicked()
        {
            out.push(UiAction::PlayWorkshop {
                workshop: w.id,
                player: state.guest.trim().to_owned(),
            });
            state.guest.clear();
        }
    });
    ui.separator();
    let Some(board) = board.filter(|b| !b.rows.is_empty()) else {
        ui.label(t(
            lang,
            "No results yet: the board fills in as players finish.",
            "Результатов пока нет: таблица заполняется по мере игры.",
        ));
        return out;
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(t(lang, "Board", "Таблица")).strong());
        if ui
            .button(t(lang, "⬇ Export CSV", "⬇ Выгрузить CSV"))
            .clicked()
        {
            out.push(UiAction::ExportCsv(w.id));
        }
    });
    egui::ScrollArea::both()
        .id_salt("workshop-board")
        .max_height(ui.available_height() * 0.6)
        .show(ui, |ui| board_grid(ui, board, lang));
    ui.separator();
    let f = &board.funnel;
    ui.label(
        egui::RichText::new(format!(
            "{} — {} {}",
            t(
                lang,
                "Funnel: how many attempts reached each stage",
                "Воронка: сколько попыток дошло до этапа"
            ),
            f.attempts,
            t(lang, "attempts", "попыток")
        ))
        .strong(),
    );
    let total = f.attempts.max(1) as f32;
    let rows = board
        .stages
        .iter()
        .zip(&f.reached)
        .map(|(s, n)| (i18n::stage(lang, *s), *n))
        .chain(std::iter::once((t(lang, "Deal", "Сделка"), f.deals)));
    egui::Grid::new("funnel-grid")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, n) in rows {
                ui.label(label);
                ui.add(
                    egui::ProgressBar::new(n as f32 / total)
                        .desired_width(320.0)
                        .text(n.to_string()),
                );
                ui.end_row();
            }
        });
    out
}

/// The widest a player's name is drawn on the board, in points; longer names end in "…" and
/// show in full on hover.
pub const NAME_WIDTH: f32 = 180.0;

/// The most characters of a name on a button or in a note.
const NAME_CHARS: usize = 24;

/// The board's table: rank, player, overall, a column per stage, result, tries, and a note for
/// copies.
fn board_grid(ui: &mut egui::Ui, board: &Board, lang: UiLang) {
    let copies = board.rows.iter().any(|r| r.copy_of.is_some());
    egui::Grid::new("board-grid")
        .striped(true)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let head = |ui: &mut egui::Ui, text: &str| {
                ui.label(egui::RichText::new(text).strong());
            };
            head(ui, "#");
            head(ui, t(lang, "Player", "Игрок"));
            head(ui, t(lang, "Overall", "Итог"));
            head(ui, t(lang, "Pass", "Зачёт"));
            for s in &board.stages {
                head(ui, i18n::stage(lang, *s));
            }
            head(ui, t(lang, "Result", "Итог встречи"));
            head(ui, t(lang, "Tries", "Попыток"));
            if copies {
                head(ui, t(lang, "Note", "Примечание"));
            }
            ui.end_row();
            for r in &board.rows {
                board_row(ui, r, lang);
                ui.end_row();
            }
        });
}

fn board_row(ui: &mut egui::Ui, r: &BoardRow, lang: UiLang) {
    ui.label(r.rank.to_string());
    name_label(ui, &r.player);
    ui.label(
        egui::RichText::new(r.overall.to_string())
            .strong()
            .color(score_color(r.overall)),
    );
    super::learning::verdict_label(ui, r.passed, r.pass_mark, lang);
    for cell in r.cells() {
        match cell {
            Cell::NotReached => ui
                .label(egui::RichText::new(t(lang, "n/r", "н/д")).italics())
                .on_hover_text(t(
                    lang,
                    "not reached: the stage scores 0",
                    "этап не пройден: 0 баллов",
                )),
            Cell::Score(v) => ui.label(egui::RichText::new(v.to_string()).color(score_color(v))),
            Cell::Absent => ui.label("—"),
        };
    }
    ui.label(i18n::outcome(lang, &r.outcome));
    ui.label(r.attempts.to_string());
    if let Some(copy) = &r.copy_of {
        let player = ellipsize(&copy.player, NAME_CHARS);
        let when = crate::local_clock(copy.recorded_at);
        let note = match lang {
            UiLang::En => format!("same moves as {player}, {when}"),
            UiLang::Ru => format!("те же ходы, что у {player}, {when}"),
        };
        ui.label(egui::RichText::new(note).color(ui.visuals().warn_fg_color))
            .on_hover_text(t(
                lang,
                "this attempt repeats, move for move, one another player recorded first",
                "эта попытка ход в ход повторяет ту, что другой игрок записал раньше",
            ));
    }
}

/// A player's name in at most [`NAME_WIDTH`] points, cut with "…"; the whole name on hover.
fn name_label(ui: &mut egui::Ui, name: &str) {
    let size = egui::vec2(NAME_WIDTH, ui.spacing().interact_size.y);
    ui.allocate_ui(size, |ui| {
        ui.add(egui::Label::new(name).truncate())
            .on_hover_text(name);
    });
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dealcraft_core::bots::{BotKind, play};
    use dealcraft_core::bundled;
    use dealcraft_store::{NewAttempt, NewWorkshop, Store};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn workshop_with_one_result() -> (WorkshopUi, i64) {
        let store = Store::open_in_memory().unwrap();
        let loaded = bundled::load("fleet-telematics").unwrap();
        let w = store
            .create_workshop(&NewWorkshop {
                name: "Cohort 3".into(),
                scenario_source: bundled::source("fleet-telematics").unwrap().into(),
                scenario: "fleet-telematics".into(),
                scenario_hash: loaded.hash.clone(),
                rubric: bundled::default_rubric(),
                seed: 9,
                roster: vec!["Ann".into(), "Bo".into()],
            })
            .unwrap();
        let s = play(
            BotKind::Textbook,
            Arc::new(loaded.scenario),
            bundled::default_rubric(),
            9,
        );
        store
            .record(&NewAttempt::from_session(
                "Ann",
                &s,
                &loaded.hash,
                Some(w.id),
            ))
            .unwrap();
        let board = store
            .board(&Filter {
                workshop: Some(w.id),
                ..Filter::default()
            })
            .unwrap();
        let ui = WorkshopUi {
            workshops: store.workshops().unwrap(),
            board: Some(board),
            ..Default::default()
        };
        (ui, w.id)
    }

    #[test]
    fn the_board_shows_stage_columns_the_funnel_and_whose_turn_it_is() {
        let (state, id) = workshop_with_one_result();
        let overall = state.board.as_ref().unwrap().rows[0].overall;
        let mut harness = Harness::new_ui_state(
            move |ui, (state, out): &mut (WorkshopUi, Vec<UiAction>)| {
                out.extend(board_panel(ui, state, Some(id), UiLang::En))
            },
            (state, Vec::new()),
        );
        harness.run();
        harness.get_by_label("Cohort 3");
        // The overall score is shown (a stage cell may show the same number).
        assert!(harness.get_all_by_label(&overall.to_string()).count() >= 1);
        // A board column and a funnel row.
        assert_eq!(harness.get_all_by_label("Negotiation").count(), 2);
        harness.get_by_label("✔ Ann");
        harness.get_by_label("▶ Bo").click();
        harness.run();
        assert_eq!(
            harness.state().1,
            [UiAction::PlayWorkshop {
                workshop: id,
                player: "Bo".into()
            }]
        );
        assert!(harness.query_by_label_contains("Funnel").is_some());
        harness.get_by_label("⬇ Export CSV").click();
        harness.run();
        assert_eq!(harness.state().1.last(), Some(&UiAction::ExportCsv(id)));
    }

    #[test]
    fn long_names_are_cut_on_the_board_and_a_copy_says_whose_moves_it_repeats() {
        let store = Store::open_in_memory().unwrap();
        let loaded = bundled::load("fleet-telematics").unwrap();
        let w = store
            .create_workshop(&NewWorkshop {
                name: "Big league".into(),
                scenario_source: bundled::source("fleet-telematics").unwrap().into(),
                scenario: "fleet-telematics".into(),
                scenario_hash: loaded.hash.clone(),
                rubric: bundled::default_rubric(),
                seed: 4,
                roster: Vec::new(),
            })
            .unwrap();
        let s = play(
            BotKind::Textbook,
            Arc::new(loaded.scenario),
            bundled::default_rubric(),
            4,
        );
        let wide = "\u{FDFD}".repeat(40);
        for name in ["Baseline", wide.as_str()] {
            let a = NewAttempt::from_session(name, &s, &loaded.hash, Some(w.id));
            store.record(&a).unwrap();
        }
        let state = WorkshopUi {
            workshops: store.workshops().unwrap(),
            board: Some(
                store
                    .board(&Filter {
                        workshop: Some(w.id),
                        ..Filter::default()
                    })
                    .unwrap(),
            ),
            ..Default::default()
        };
        let mut harness = Harness::new_ui_state(
            move |ui, (state, out): &mut (WorkshopUi, Vec<UiAction>)| {
                out.extend(board_panel(ui, state, Some(w.id), UiLang::En))
            },
            (state, Vec::new()),
        );
        harness.run();
        let part = "\u{FDFD}".repeat(3);
        let name = harness.get_by_label_contains(&part);
        assert!(
            name.rect().width() <= NAME_WIDTH + 0.5,
            "the name takes {} points",
            name.rect().width()
        );
        let notes: Vec<_> = harness
            .get_all_by_label_contains("same moves as Baseline, ")
            .collect();
        assert_eq!(notes.len(), 1, "only the copy has a note");
    }

    #[test]
    fn a_new_workshop_needs_players_and_a_numeric_seed() {
        let scenarios = vec![("fleet-telematics".to_owned(), "Fleet".to_owned())];
        let mut harness = Harness::new_ui_state(
            move |ui, (state, out): &mut (WorkshopUi, Vec<UiAction>)| {
                out.extend(side_panel(ui, state, None, &scenarios, false, UiLang::En))
            },
            (WorkshopUi::default(), Vec::new()),
        );
        harness.run();
        harness.get_by_label("➕ Create").click();
        harness.run();
        assert!(harness.state().1.is_empty(), "no players yet: disabled");
        harness.state_mut().0.form_roster = "Ann\n  \nBo\n".into();
        harness.state_mut().0.form_seed = "12x".into();
        harness.run();
        harness.get_by_label("the seed is a whole number");
        harness.state_mut().0.form_seed = "12".into();
        harness.run();
        harness.get_by_label("➕ Create").click();
        harness.run();
        match harness.state().1.as_slice() {
            [UiAction::CreateWorkshop(form)] => {
                assert_eq!(form.scenario, "fleet-telematics");
                assert_eq!(form.rubric, "default");
                assert_eq!(form.seed, 12);
                assert_eq!(form.roster, ["Ann", "Bo"]);
            }
            other => panic!("{other:?}"),
        }
    }
}
