//! The status panel: the client, their mood, the path through the stages and, in coach mode,
//! the hidden meters.

use bevy_egui::egui;
use dealcraft_core::Session;

use super::super::i18n::{self, UiLang, t};

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
        path(ui, session, lang);
    });
    if coach {
        meters(ui, session, lang);
    }
}

/// The stages in the order the conversation went through them; returns in amber.
fn path(ui: &mut egui::Ui, session: &Session, lang: UiLang) {
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
}

/// The coach's view of the client's hidden trust, interest and patience.
fn meters(ui: &mut egui::Ui, session: &Session, lang: UiLang) {
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

#[cfg(test)]
mod tests {
    use dealcraft_core::moves::{ContactStyle, Move};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::super::tests::session;
    use super::*;

    #[test]
    fn the_status_shows_the_client_the_path_and_the_coachs_meters() {
        let mut s = session();
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        s.apply(Move::SetAgenda).unwrap();
        let mut harness = Harness::new_ui(|ui| status_panel(ui, &s, true, UiLang::En));
        harness.run();
        harness.get_by_label_contains("Karen Doyle · Doyle & Sons Haulage");
        harness.get_by_label("Contact");
        harness.get_by_label("Trust");
        let mut exam = Harness::new_ui(|ui| status_panel(ui, &s, false, UiLang::En));
        exam.run();
        assert!(
            exam.query_by_label("Trust").is_none(),
            "exam mode hides the meters"
        );
    }
}
