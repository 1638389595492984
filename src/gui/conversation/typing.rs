//! The typed-turn field under the transcript: the trainee writes what they would say, sees how
//! it was read ("I read this as: ..."), and confirms; only the confirmed move is played, with
//! the typed words as the seller's line.

use std::sync::Arc;

use bevy::prelude::Resource;
use bevy_egui::egui;
use dealcraft_core::Session;
use dealcraft_core::interpret::{Interpreter, Reading, describe, did_you_mean, read_as};
use dealcraft_core::moves::Move;
use dealcraft_core::scenario::Scenario;

use super::super::i18n::{UiLang, t};
use super::super::model::UiAction;

/// The typed-turn mode and what has been typed but not played yet.
#[derive(Resource)]
pub struct Typing {
    /// Turns are typed (the palette stays beside the field).
    pub on: bool,
    pub text: String,
    /// A turn read and waiting for the trainee's answer.
    pub pending: Option<Pending>,
    /// The interpreter for the session's scenario, built on first use.
    reader: Option<(Arc<Scenario>, Arc<Interpreter>)>,
    /// Put the cursor in the field on the next frame.
    focus: bool,
}

impl Default for Typing {
    fn default() -> Self {
        Typing {
            on: true,
            text: String::new(),
            pending: None,
            reader: None,
            focus: true,
        }
    }
}

/// A typed turn and how it was read.
#[derive(Debug, Clone)]
pub struct Pending {
    pub text: String,
    pub reading: Reading,
}

impl Typing {
    /// Forgets what was typed for another session (the interpreter stays if the scenario does).
    pub fn reset(&mut self) {
        self.text.clear();
        self.pending = None;
        self.focus = true;
    }

    /// The interpreter for the session's scenario.
    pub fn reader(&mut self, session: &Session) -> Arc<Interpreter> {
        let sc = session.scenario_arc();
        match &self.reader {
            Some((built_for, reader)) if Arc::ptr_eq(built_for, sc) => reader.clone(),
            _ => {
                let reader = Arc::new(Interpreter::new(sc));
                self.reader = Some((sc.clone(), reader.clone()));
                reader
            }
        }
    }

    /// Reads the typed text in the session's context; it waits for the trainee's answer.
    pub fn read(&mut self, session: &Session) {
        let text = self.text.trim().to_owned();
        if text.is_empty() {
            return;
        }
        let reading = self.reader(session).read(&text, None, Some(session));
        self.pending = Some(Pending { text, reading });
    }

    /// Confirms the reading waiting for an answer (what Enter does): the move to play, or
    /// nothing when the turn was not understood.
    pub fn confirm(&mut self) -> Option<UiAction> {
        let best = self.pending.as_ref()?.reading.best()?.mv.clone();
        let text = self.pending.take()?.text;
        Some(self.said(best, text))
    }

    fn said(&mut self, mv: Move, text: String) -> UiAction {
        self.text.clear();
        self.focus = true;
        UiAction::Say { mv, text }
    }
}

/// The field, or the reading of what was typed with its choices; returns the move to play.
pub fn typing_panel(
    ui: &mut egui::Ui,
    session: &Session,
    typing: &mut Typing,
    lang: UiLang,
) -> Vec<UiAction> {
    ui.add_space(4.0);
    ui.checkbox(
        &mut typing.on,
        t(lang, "Type my turns", "Писать свои реплики"),
    );
    if !typing.on || session.is_over() {
        return Vec::new();
    }
    match typing.pending.take() {
        Some(pending) => answer(ui, session, typing, pending, lang),
        None => {
            field(ui, session, typing, lang);
            Vec::new()
        }
    }
}

fn field(ui: &mut egui::Ui, session: &Session, typing: &mut Typing, lang: UiLang) {
    let hint = t(
        lang,
        "Say it in your own words, then Enter",
        "Скажите своими словами и нажмите Enter",
    );
    let response = ui.add(
        egui::TextEdit::singleline(&mut typing.text)
            .hint_text(hint)
            .desired_width(f32::INFINITY)
            .char_limit(dealcraft_core::session::MAX_SAID),
    );
    if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        typing.read(session);
        typing.focus = typing.pending.is_none();
        return;
    }
    // Focused by default: after each turn, and whenever nothing else has the keyboard.
    if typing.focus || ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
        typing.focus = false;
    }
}

/// "I read this as ..." with Confirm (Enter), the next-best readings and Edit (Esc); or "I did
/// not understand; did you mean ..." with the closest readings, where Enter plays nothing.
fn answer(
    ui: &mut egui::Ui,
    session: &Session,
    typing: &mut Typing,
    pending: Pending,
    lang: UiLang,
) -> Vec<UiAction> {
    let sc = session.scenario();
    let reading = &pending.reading;
    let (enter, escape) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    });
    ui.label(egui::RichText::new(format!("\u{201c}{}\u{201d}", pending.text)).italics());
    let mut chosen: Option<Move> = None;
    let mut edit = escape;
    match reading.best() {
        Some(best) => {
            ui.label(egui::RichText::new(read_as(&best.mv, sc, reading.lang)).strong());
            ui.horizontal_wrapped(|ui| {
                let confirm = ui.button(t(lang, "Confirm (Enter)", "Подтвердить (Enter)"));
                if confirm.clicked() || enter {
                    chosen = Some(best.mv.clone());
                }
                chosen = chosen.take().or(alternatives(ui, sc, reading));
                edit |= ui
                    .button(t(lang, "Edit (Esc)", "Исправить (Esc)"))
                    .clicked();
            });
        }
        None => {
            ui.label(egui::RichText::new(did_you_mean(reading, sc, reading.lang)).strong());
            ui.horizontal_wrapped(|ui| {
                chosen = alternatives(ui, sc, reading);
                edit |= ui
                    .button(t(lang, "Edit (Esc)", "Исправить (Esc)"))
                    .clicked();
            });
            // Enter never plays a turn that was not understood: it goes back to the text.
            edit |= enter;
        }
    }
    if let Some(mv) = chosen {
        return vec![typing.said(mv, pending.text)];
    }
    if edit {
        typing.text = pending.text;
        typing.focus = true;
    } else {
        typing.pending = Some(pending);
    }
    Vec::new()
}

/// A button for each next-best reading; the one clicked.
fn alternatives(ui: &mut egui::Ui, sc: &Scenario, reading: &Reading) -> Option<Move> {
    let mut chosen = None;
    for alt in reading.alternatives() {
        if ui.button(describe(&alt.mv, sc, reading.lang)).clicked() {
            chosen = Some(alt.mv.clone());
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use dealcraft_core::moves::{ContactStyle, Plan, QuestionKind};
    use dealcraft_core::scenario::SocialStyle;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::super::tests::session;
    use super::*;

    /// A fleet-telematics session past the plan and the greeting.
    fn started() -> Session {
        let mut s = session();
        s.apply(Move::Prepare(Plan {
            target_price: 46_000,
            walk_away_price: 38_000,
            style: SocialStyle::Driver,
            must_have: Vec::new(),
        }))
        .unwrap();
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        s
    }

    struct State {
        typing: Typing,
        out: Vec<UiAction>,
    }

    fn harness(s: &Session) -> Harness<'_, State> {
        let state = State {
            typing: Typing::default(),
            out: Vec::new(),
        };
        Harness::new_ui_state(
            |ui, st: &mut State| {
                let actions = typing_panel(ui, s, &mut st.typing, UiLang::En);
                st.out.extend(actions);
            },
            state,
        )
    }

    #[test]
    fn a_typed_turn_is_read_back_and_played_only_when_confirmed() {
        let s = started();
        let mut h = harness(&s);
        h.run();
        let text = "So tell me, how many trucks are you running at the moment?";
        h.get_by_role(egui::accesskit::Role::TextInput)
            .type_text(text);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        h.get_by_label_contains("I read this as: open situation question");
        assert!(h.state().out.is_empty(), "nothing is played before Enter");
        h.key_press(egui::Key::Enter);
        h.run();
        let played = &h.state().out;
        assert!(
            matches!(
                played.as_slice(),
                [UiAction::Say { mv: Move::Ask { kind: QuestionKind::Situation, need: None }, text: t }]
                    if t == text
            ),
            "{played:?}"
        );
        assert!(h.state().typing.text.is_empty());
    }

    #[test]
    fn escape_returns_the_text_to_the_field_and_an_alternative_can_be_chosen() {
        let s = started();
        let mut h = harness(&s);
        h.run();
        let text = "What does all that wasted diesel cost you a year?";
        h.get_by_role(egui::accesskit::Role::TextInput)
            .type_text(text);
        h.key_press(egui::Key::Enter);
        h.run();
        h.key_press(egui::Key::Escape);
        h.run();
        assert!(h.state().typing.pending.is_none());
        assert_eq!(h.state().typing.text, text);
        assert!(h.state().out.is_empty());
        // Read again, and pick the first next-best reading by its button.
        h.key_press(egui::Key::Enter);
        h.run();
        let pending = h.state().typing.pending.clone().expect("read again");
        let alt = pending.reading.alternatives()[0].mv.clone();
        let label = describe(&alt, s.scenario(), pending.reading.lang);
        h.get_by_label(&label).click();
        h.run();
        assert!(
            matches!(h.state().out.as_slice(), [UiAction::Say { mv, .. }] if *mv == alt),
            "{:?}",
            h.state().out
        );
    }

    #[test]
    fn a_turn_not_understood_asks_and_enter_never_plays_it() {
        let s = started();
        let mut h = harness(&s);
        h.run();
        h.get_by_role(egui::accesskit::Role::TextInput)
            .type_text("zzz qqq");
        h.key_press(egui::Key::Enter);
        h.run();
        h.get_by_label_contains("I did not understand");
        h.key_press(egui::Key::Enter);
        h.run();
        assert!(h.state().out.is_empty());
        assert_eq!(h.state().typing.text, "zzz qqq");
    }
}
