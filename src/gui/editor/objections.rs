//! The editor's objections tab: each objection with its trigger, the techniques that resolve,
//! weaken or backfire on it, and its lines.

use bevy_egui::egui;
use dealcraft_core::emit;
use dealcraft_core::moves::{Stage, Technique};
use dealcraft_core::scenario::{Objection, Trigger};

use super::draft::Draft;
use super::form::{self, Form};
use crate::gui::i18n::t;

pub fn panel(ui: &mut egui::Ui, draft: &mut Draft, f: &mut Form) {
    let lang = f.lang;
    form::record_diagnostics(ui, f, "objections");
    let mut remove = None;
    for (i, o) in draft.scenario.objections.iter_mut().enumerate() {
        let path = format!("objections[{}]", o.id);
        let title = format!("{} — {} ({})", o.id, o.topic, emit::trigger(&o.trigger));
        form::record(ui, f, (&path, ("objection", i)), &title, |ui, f| {
            fields(ui, f, &path, o);
            lines(ui, f, &path, o);
            let button = ui.button(t(lang, "🗑 Remove this objection", "🗑 Удалить возражение"));
            if form::named(button, &format!("🗑 {path}")).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        draft.scenario.objections.remove(i);
    }
    if ui
        .button(t(lang, "➕ Add an objection", "➕ Добавить возражение"))
        .clicked()
    {
        let i = draft.add_objection();
        *f.focus = Some(format!("objections[{}]", draft.scenario.objections[i].id));
    }
}

/// The kinds of trigger, by the name a file gives them.
const KINDS: [&str; 6] = [
    "PriceMention",
    "Stage",
    "LowTrust",
    "Random",
    "AfterTurn",
    "Close",
];

/// The stages a trigger may name: those of the meeting.
const MEETING: [Stage; 6] = [
    Stage::Contact,
    Stage::Needs,
    Stage::Presentation,
    Stage::Objections,
    Stage::Negotiation,
    Stage::Close,
];

fn kind_of(trigger: &Trigger) -> &'static str {
    match trigger {
        Trigger::PriceMention => KINDS[0],
        Trigger::Stage(_) => KINDS[1],
        Trigger::LowTrust(_) => KINDS[2],
        Trigger::Random(_) => KINDS[3],
        Trigger::AfterTurn(_) => KINDS[4],
        Trigger::Close => KINDS[5],
    }
}

/// A trigger of another kind, with a sensible value.
fn of_kind(kind: &str) -> Trigger {
    match kind {
        "Stage" => Trigger::Stage(Stage::Presentation),
        "LowTrust" => Trigger::LowTrust(0.25),
        "Random" => Trigger::Random(0.1),
        "AfterTurn" => Trigger::AfterTurn(8),
        "Close" => Trigger::Close,
        _ => Trigger::PriceMention,
    }
}

fn trigger(ui: &mut egui::Ui, f: &mut Form, path: &str, trigger: &mut Trigger) {
    form::row(ui, f, ("Objection", "trigger"), path, |ui| {
        let mut kind = kind_of(trigger);
        let combo = egui::ComboBox::from_id_salt(("trigger", path))
            .selected_text(kind)
            .show_ui(ui, |ui| {
                for k in KINDS {
                    ui.selectable_value(&mut kind, k, k);
                }
            });
        form::named(combo.response, path);
        if kind != kind_of(trigger) {
            *trigger = of_kind(kind);
        }
        match trigger {
            Trigger::Stage(stage) => {
                let combo = egui::ComboBox::from_id_salt(("stage", path))
                    .selected_text(format!("{stage:?}"))
                    .show_ui(ui, |ui| {
                        for s in MEETING {
                            ui.selectable_value(stage, s, format!("{s:?}"));
                        }
                    });
                form::named(combo.response, &format!("{path} stage"));
            }
            Trigger::LowTrust(x) | Trigger::Random(x) => {
                let value = ui.add(egui::DragValue::new(x).speed(0.01).max_decimals(3));
                form::named(value, &format!("{path} value"));
            }
            Trigger::AfterTurn(n) => {
                form::named(
                    ui.add(egui::DragValue::new(n).speed(1.0)),
                    &format!("{path} value"),
                );
            }
            Trigger::PriceMention | Trigger::Close => {}
        }
    });
}

fn fields(ui: &mut egui::Ui, f: &mut Form, path: &str, o: &mut Objection) {
    let at = |field: &str| format!("{path}.{field}");
    form::text(ui, f, ("Objection", "id"), &at("id"), &mut o.id);
    form::text(ui, f, ("Objection", "topic"), &at("topic"), &mut o.topic);
    trigger(ui, f, &at("trigger"), &mut o.trigger);
    form::number(
        ui,
        f,
        ("Objection", "strength"),
        &at("strength"),
        &mut o.strength,
    );
    form::choices(
        ui,
        f,
        ("Objection", "resolves"),
        &at("resolves"),
        &mut o.resolves,
        &Technique::ALL,
    );
    form::choices(
        ui,
        f,
        ("Objection", "weakens"),
        &at("weakens"),
        &mut o.weakens,
        &Technique::ALL,
    );
    form::choices(
        ui,
        f,
        ("Objection", "backfires"),
        &at("backfires"),
        &mut o.backfires,
        &Technique::ALL,
    );
    form::flag(
        ui,
        f,
        ("Objection", "returns"),
        &at("returns"),
        &mut o.returns,
    );
}

fn lines(ui: &mut egui::Ui, f: &mut Form, path: &str, o: &mut Objection) {
    let lines_path = format!("{path}.lines");
    let open = f.opens(&lines_path).then_some(true);
    egui::CollapsingHeader::new(format!("lines{}", f.marks(&lines_path)))
        .id_salt(("objection-lines", path))
        .open(open)
        .default_open(true)
        .show(ui, |ui| {
            let l = &mut o.lines;
            let at = |field: &str| format!("{lines_path}.{field}");
            let doc = |field| ("ObjectionLines", field);
            form::texts(ui, f, doc("raise"), &at("raise"), &mut l.raise);
            form::texts(ui, f, doc("clarify"), &at("clarify"), &mut l.clarify);
            form::texts(ui, f, doc("weakened"), &at("weakened"), &mut l.weakened);
            form::texts(ui, f, doc("resolved"), &at("resolved"), &mut l.resolved);
            form::texts(ui, f, doc("backfire"), &at("backfire"), &mut l.backfire);
            form::texts(ui, f, doc("doubt"), &at("doubt"), &mut l.doubt);
        });
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::gui::i18n::UiLang;
    use dealcraft_core::scenario::Lang;

    #[test]
    fn an_objection_shows_its_dead_doubt_and_a_new_one_can_be_added() {
        let mut draft = Draft::from_template(Lang::En);
        draft.scenario.objections[0].returns = false;
        let id = draft.scenario.objections[0].id.clone();
        let mut h = Harness::builder()
            .with_size(egui::vec2(900.0, 5000.0))
            .build_ui_state(
                |ui, (draft, focus): &mut (Draft, Option<String>)| {
                    draft.check();
                    let diagnostics = draft.diagnostics.clone();
                    let mut f = Form {
                        diagnostics: &diagnostics,
                        focus,
                        help: false,
                        lang: UiLang::En,
                    };
                    panel(ui, draft, &mut f);
                },
                (draft, Some(format!("objections[{id}].lines.doubt"))),
            );
        h.run();
        // The jump opened the objection: the dead text is shown beside the `doubt` lines.
        h.get_by_label_contains("its `doubt` lines are never said: `returns` is false");
        assert_eq!(h.state().1, None, "the jump was taken");
        h.get_by_label("➕ Add an objection").click();
        h.run();
        let d = &h.state().0;
        assert_eq!(d.scenario.objections.len(), 3);
        assert_eq!(
            d.scenario.objections[2].trigger,
            Trigger::Stage(Stage::Presentation)
        );
        h.get_by_label_contains("objection-1 —  (Stage(Presentation))");
    }
}
