//! The trainer's whole path through the editor, headless: the editor's screen drawn by
//! egui_kittest over the app's logic (the same messages the window sends), from the template to
//! a saved three-need, three-objection scenario, tried and balanced on the way, with no file
//! written by hand.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy_egui::egui;
use dealcraft_core::bots::{Bot, BotKind};
use dealcraft_core::moves::Technique;
use dealcraft_core::scenario::Trigger;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{EditorUi, Tab, body, library_ids, toolbar};
use crate::gui;
use crate::gui::i18n::UiLang;
use crate::gui::model::{Library, Play, UiAction};
use crate::gui::scenarios::ScenarioFolders;

fn app(folder: PathBuf) -> App {
    let mut app = App::new();
    let folders = ScenarioFolders(vec![folder]);
    folders.register(&mut app);
    app.insert_resource(folders);
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin {
            watch_for_changes_override: Some(true),
            ..default()
        },
        gui::plugin,
    ));
    app.world_mut().resource_mut::<Play>().fixed_seed = Some(11);
    app.update();
    app
}

/// The editor's toolbar and body, as the screen draws them; what they ask goes to the app.
fn screen(ui: &mut egui::Ui, app: &mut App) {
    let world = app.world_mut();
    let ids = library_ids(world.resource::<Library>());
    let mut state = world.resource_mut::<EditorUi>();
    let mut out = toolbar(ui, &mut state, &ids, UiLang::En);
    out.extend(body(ui, &mut state, UiLang::En));
    world.write_message_batch(out);
}

type H = Harness<'static, App>;

/// Draws, lets the app apply what was asked (one update for the message, one for a state
/// change), and draws again.
fn sync(h: &mut H) {
    // A few frames, not "until still": a balance run's progress bar animates.
    h.run_steps(4);
    h.state_mut().update();
    h.state_mut().update();
    h.run_steps(4);
}

fn click(h: &mut H, label: &str) {
    h.get_by_label(label).click();
    sync(h);
}

/// A tab, a record's header: the one whose label starts so (marks follow it).
fn click_starting(h: &mut H, start: &str) {
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with(start)))
        .click();
    sync(h);
}

/// Removes a record with its 🗑 button, opening it first if it is closed.
fn remove(h: &mut H, header: &str, button: &str) {
    if h.query_by_label(button).is_none() {
        click_starting(h, header);
    }
    click(h, button);
}

fn type_into(h: &mut H, field: &str, text: &str) {
    h.get_by_label(field).focus();
    h.run();
    h.get_by_label(field).type_text(text);
    sync(h);
}

/// Adds the first line of a list of lines and writes it.
fn line(h: &mut H, path: &str, text: &str) {
    click(h, &format!("➕ {path}"));
    type_into(h, &format!("{path}[0]"), text);
}

fn editor(h: &H) -> &EditorUi {
    h.state().world().resource::<EditorUi>()
}

fn draft(h: &H) -> &dealcraft_core::scenario::Scenario {
    &editor(h).draft.as_ref().expect("a draft").scenario
}

fn until(h: &mut H, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.state_mut().update();
    }
    sync(h);
}

#[test]
fn a_trainer_builds_tries_balances_and_saves_a_three_need_three_objection_scenario() {
    let folder = tempfile::tempdir().unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 9000.0))
        .build_ui_state(screen, app(folder.path().to_owned()));
    h.state_mut()
        .world_mut()
        .write_message(UiAction::Open(gui::Screen::Editor));
    sync(&mut h);
    assert_eq!(
        *h.state().world().resource::<State<gui::Screen>>().get(),
        gui::Screen::Editor
    );

    // From the template, with the guide's text hidden to keep the form short.
    click(&mut h, "🆕 New (English)");
    assert_eq!(editor(&h).draft.as_ref().unwrap().errors(), 0);
    click(&mut h, "📖 help");
    assert!(!editor(&h).help);

    // The template's needs and objections go; three of the trainer's own come.
    click_starting(&mut h, "Needs");
    for id in ["waste", "staff-time", "ordering"] {
        remove(&mut h, &format!("{id} — "), &format!("🗑 needs[{id}]"));
    }
    assert!(draft(&h).needs.is_empty());
    // The features still point at the needs removed: a live error, beside the field.
    assert!(
        editor(&h)
            .draft
            .as_ref()
            .unwrap()
            .about("product.features")
            .any(|d| d.is_error())
    );
    let needs = [
        (
            "spoiled stock",
            "We throw away about a tenth of the fresh produce.",
        ),
        ("staff time", "Two people spend every Monday on the orders."),
        ("stock-out", "The shelves are empty by Saturday noon."),
    ];
    for (i, (topic, said)) in needs.iter().enumerate() {
        click(&mut h, "➕ Add a need");
        let path = format!("needs[need-{}]", i + 1);
        type_into(&mut h, &format!("{path}.topic"), topic);
        line(&mut h, &format!("{path}.lines.situation"), said);
        line(
            &mut h,
            &format!("{path}.lines.problem"),
            "It costs us more every month.",
        );
        line(
            &mut h,
            &format!("{path}.lines.implication"),
            "And it gets worse before the holidays.",
        );
        line(
            &mut h,
            &format!("{path}.lines.need_payoff"),
            "Fixing it would pay for itself.",
        );
        line(
            &mut h,
            &format!("{path}.lines.present"),
            "That would help, yes.",
        );
        // Closed again, so the next need's rows are the ones in view.
        click_starting(&mut h, &format!("need-{} — ", i + 1));
    }
    assert_eq!(draft(&h).needs.len(), 3);
    assert_eq!(draft(&h).needs[2].topic, "stock-out");
    // The seller's questions read with the topic as the trainee will hear them.
    click_starting(&mut h, "need-1 — ");
    h.get_by_label("Problem: Where does spoiled stock cause you trouble?");
    click_starting(&mut h, "need-1 — ");

    // Each feature answers one of the new needs instead of the ones removed.
    click_starting(&mut h, "Product");
    let features: Vec<(String, Vec<String>)> = draft(&h)
        .product
        .features
        .iter()
        .map(|f| (f.id.clone(), f.addresses.clone()))
        .collect();
    for (i, (id, stale)) in features.iter().enumerate() {
        click_starting(&mut h, &format!("{id} — "));
        let path = format!("product.features[{id}].addresses");
        for old in stale {
            click(&mut h, &format!("{path} {old}"));
        }
        click(&mut h, &format!("{path} need-{}", i % 3 + 1));
        click_starting(&mut h, &format!("{id} — "));
    }
    let d = editor(&h).draft.as_ref().unwrap();
    assert_eq!(d.errors(), 0, "{:#?}", d.diagnostics);

    click_starting(&mut h, "Objections");
    for id in ["price", "staff-change"] {
        remove(&mut h, &format!("{id} — "), &format!("🗑 objections[{id}]"));
    }
    let objections = [
        ("the price", "PriceMention", Technique::Reframe),
        ("proof it works", "", Technique::Evidence),
        ("the switch-over", "AfterTurn", Technique::FeelFeltFound),
    ];
    for (i, (topic, trigger, technique)) in objections.iter().enumerate() {
        click(&mut h, "➕ Add an objection");
        let path = format!("objections[objection-{}]", i + 1);
        type_into(&mut h, &format!("{path}.topic"), topic);
        if !trigger.is_empty() {
            click(&mut h, &format!("{path}.trigger"));
            click(&mut h, trigger);
        }
        if *technique != Technique::Evidence {
            click(&mut h, &format!("{path}.resolves Evidence"));
            click(&mut h, &format!("{path}.resolves {technique:?}"));
        }
        let lines = format!("{path}.lines");
        line(
            &mut h,
            &format!("{lines}.raise"),
            &format!("I have doubts about {topic}."),
        );
        line(
            &mut h,
            &format!("{lines}.clarify"),
            "It is what my manager will ask.",
        );
        line(
            &mut h,
            &format!("{lines}.weakened"),
            "Maybe, but I am not sure.",
        );
        line(&mut h, &format!("{lines}.resolved"), "Fair enough.");
        line(
            &mut h,
            &format!("{lines}.backfire"),
            "That is not an answer.",
        );
        click_starting(&mut h, &format!("objection-{} — ", i + 1));
    }
    let sc = draft(&h);
    assert_eq!(sc.objections.len(), 3);
    assert_eq!(sc.objections[0].trigger, Trigger::PriceMention);
    assert!(matches!(sc.objections[2].trigger, Trigger::AfterTurn(_)));
    assert_eq!(sc.objections[1].resolves, vec![Technique::Evidence]);
    assert_eq!(sc.objections[2].resolves, vec![Technique::FeelFeltFound]);
    let d = editor(&h).draft.as_ref().unwrap();
    assert_eq!(d.errors(), 0, "{:#?}", d.diagnostics);
    assert!(d.dirty);

    // Try it: the draft is played in coach mode and nothing is recorded.
    click(&mut h, "▶ Try it");
    let world = h.state().world();
    assert_eq!(
        *world.resource::<State<gui::Screen>>().get(),
        gui::Screen::Preparation
    );
    assert!(world.resource::<Play>().context.is_draft());
    let app = h.state_mut();
    app.world_mut().write_message(UiAction::Start(None));
    app.update();
    app.update();
    let mut bot = Bot::new(BotKind::Textbook, 11);
    while let Some(session) = app.world().resource::<Play>().session.as_ref() {
        if session.is_over() {
            break;
        }
        let mv = bot.next_move(session);
        app.world_mut().write_message(UiAction::Play(mv));
        app.update();
        app.update();
    }
    assert_eq!(
        *app.world().resource::<State<gui::Screen>>().get(),
        gui::Screen::Debrief
    );
    let played = app.world().resource::<Play>();
    assert_eq!(played.session.as_ref().unwrap().scenario().needs.len(), 3);
    assert!(
        !app.world()
            .resource::<Library>()
            .best
            .contains_key("my-client"),
        "a draft sets no best score"
    );
    // Back to the editor from the debrief: the draft is as it was left.
    app.world_mut().write_message(UiAction::Edit(None));
    sync(&mut h);
    assert_eq!(draft(&h).objections.len(), 3);

    // Balance: the bots and the exploit search run in the background, then the flags show.
    h.state_mut()
        .world_mut()
        .resource_mut::<EditorUi>()
        .balance
        .budget = 300; // a quick search: this is a debug build
    click(&mut h, "⚖ Balance");
    assert_eq!(editor(&h).tab, Tab::Balance);
    assert!(editor(&h).balance.job.is_some());
    until(&mut h, "the balance report", |app| {
        app.world().resource::<EditorUi>().balance.report.is_some()
    });
    h.get_by_label_contains("Exploit search (");
    let report = editor(&h).balance.report.as_ref().unwrap();
    assert_eq!(report.analysis.scenarios[0].bots.len(), 4);
    if let Some(field) = report.flags.iter().find_map(super::balance::field_of) {
        // A flag's jump opens the tab of the field to change.
        h.get_all_by_label(&format!("➡ {field}"))
            .next()
            .unwrap()
            .click();
        sync(&mut h);
        assert_eq!(editor(&h).tab, Tab::of(&field));
    }

    // Save: what is written and where, confirmed, then a file `validate` accepts.
    click(&mut h, "💾 Save");
    let target = folder.path().join("my-client.ron");
    h.get_by_label(&format!("💾 Save to {}", target.display()));
    click(&mut h, "✔ Save it");
    let text = std::fs::read_to_string(&target).expect("saved");
    let loaded = dealcraft_core::load_scenario("my-client.ron", text.as_bytes()).unwrap();
    assert_eq!(&loaded.scenario, draft(&h));
    assert_eq!(loaded.scenario.needs.len(), 3);
    assert_eq!(loaded.scenario.objections.len(), 3);
    assert!(!editor(&h).draft.as_ref().unwrap().dirty);
    assert!(
        h.state()
            .world()
            .resource::<Library>()
            .find("my-client")
            .is_some()
    );

    // Hot reload still works for a trainer who goes on in a text editor.
    std::thread::sleep(Duration::from_millis(500));
    let by_hand = text.replacen(
        &format!("title: {:?}", loaded.scenario.title),
        "title: \"Edited by hand\"",
        1,
    );
    assert_ne!(by_hand, text);
    std::fs::write(&target, by_hand).unwrap();
    until(&mut h, "the edit made by hand", |app| {
        app.world()
            .resource::<Library>()
            .find("my-client")
            .is_some_and(|l| l.scenario.title == "Edited by hand")
    });
}
