//! The transcript panel: the conversation as chat bubbles, the seller on the right, the client
//! on the left.

use bevy_egui::egui;
use dealcraft_core::Session;
use dealcraft_core::session::Speaker;

use super::super::i18n::{UiLang, t};

/// The transcript as chat bubbles, scrolled to `focus` once when given.
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

#[cfg(test)]
mod tests {
    use dealcraft_core::moves::{ContactStyle, Move};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::super::tests::session;
    use super::*;

    #[test]
    fn the_transcript_shows_every_line_under_its_turn() {
        let mut s = session();
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        s.apply(Move::SetAgenda).unwrap();
        let mut harness = Harness::new_ui(|ui| transcript_panel(ui, &s, None, UiLang::En));
        harness.run();
        harness.get_by_label("— turn 1 —");
        harness.get_by_label("— turn 2 —");
        for line in s.transcript() {
            harness.get_by_label(&line.text);
        }
        harness.get_all_by_label("Karen Doyle").next().unwrap();
    }

    #[test]
    fn an_empty_transcript_says_the_client_is_waiting() {
        let s = session();
        let mut harness = Harness::new_ui(|ui| transcript_panel(ui, &s, None, UiLang::Ru));
        harness.run();
        harness.get_by_label_contains("Клиент ждёт");
    }
}
