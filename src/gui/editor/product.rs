//! The editor's product tab: prices, the features a trainee can present (and the needs each
//! answers), and the terms beyond price that can be traded.

use bevy_egui::egui;
use dealcraft_core::scenario::{Feature, Scenario, Term, TermOption};

use super::form::{self, Form};
use crate::gui::i18n::t;

pub fn panel(ui: &mut egui::Ui, sc: &mut Scenario, f: &mut Form) {
    let lang = f.lang;
    form::record_diagnostics(ui, f, "product");
    let need_ids: Vec<String> = sc.needs.iter().map(|n| n.id.clone()).collect();
    let p = &mut sc.product;
    form::text(ui, f, ("Product", "name"), "product.name", &mut p.name);
    form::text(
        ui,
        f,
        ("Product", "currency"),
        "product.currency",
        &mut p.currency,
    );
    form::number(
        ui,
        f,
        ("Product", "list_price"),
        "product.list_price",
        &mut p.list_price,
    );
    form::number(
        ui,
        f,
        ("Product", "floor_price"),
        "product.floor_price",
        &mut p.floor_price,
    );
    ui.separator();
    ui.heading(t(lang, "Features", "Свойства"));
    form::record_diagnostics(ui, f, "product.features");
    let mut remove = None;
    for (i, feature) in p.features.iter_mut().enumerate() {
        let path = format!("product.features[{}]", feature.id);
        let title = format!("{} — {}", feature.id, feature.name);
        form::record(ui, f, (&path, ("feature", i)), &title, |ui, f| {
            feature_fields(ui, f, &path, feature, &need_ids);
            let button = ui.button(t(lang, "🗑 Remove this feature", "🗑 Удалить свойство"));
            if form::named(button, &format!("🗑 {path}")).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        p.features.remove(i);
    }
    if ui
        .button(t(lang, "➕ Add a feature", "➕ Добавить свойство"))
        .clicked()
    {
        let taken: Vec<&str> = p.features.iter().map(|x| x.id.as_str()).collect();
        let id = (1..)
            .map(|n| format!("feature-{n}"))
            .find(|id| !taken.contains(&id.as_str()))
            .unwrap_or_default();
        p.features.push(Feature {
            id,
            name: String::new(),
            addresses: Vec::new(),
            evidence: false,
            pitch: Vec::new(),
        });
    }
    ui.separator();
    ui.heading(t(lang, "Terms to trade", "Условия для торга"));
    let mut remove = None;
    for (i, term) in p.terms.iter_mut().enumerate() {
        let path = format!("product.terms[{}]", term.id);
        let title = format!("{} — {}", term.id, term.name);
        form::record(ui, f, (&path, ("term", i)), &title, |ui, f| {
            term_fields(ui, f, &path, term);
            let button = ui.button(t(lang, "🗑 Remove this term", "🗑 Удалить условие"));
            if form::named(button, &format!("🗑 {path}")).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        p.terms.remove(i);
    }
    if ui
        .button(t(lang, "➕ Add a term", "➕ Добавить условие"))
        .clicked()
    {
        p.terms.push(Term {
            id: format!("term-{}", p.terms.len() + 1),
            name: String::new(),
            options: vec![TermOption {
                label: String::new(),
                client_value: 0,
                seller_value: 0,
            }],
            default: 0,
            seller: Vec::new(),
        });
    }
}

fn feature_fields(
    ui: &mut egui::Ui,
    f: &mut Form,
    path: &str,
    feature: &mut Feature,
    need_ids: &[String],
) {
    let at = |field: &str| format!("{path}.{field}");
    form::text(ui, f, ("Feature", "id"), &at("id"), &mut feature.id);
    form::text(ui, f, ("Feature", "name"), &at("name"), &mut feature.name);
    form::ids(
        ui,
        f,
        ("Feature", "addresses"),
        &at("addresses"),
        &mut feature.addresses,
        need_ids,
    );
    form::flag(
        ui,
        f,
        ("Feature", "evidence"),
        &at("evidence"),
        &mut feature.evidence,
    );
    form::texts(
        ui,
        f,
        ("Feature", "pitch"),
        &at("pitch"),
        &mut feature.pitch,
    );
}

fn term_fields(ui: &mut egui::Ui, f: &mut Form, path: &str, term: &mut Term) {
    let lang = f.lang;
    let at = |field: &str| format!("{path}.{field}");
    form::text(ui, f, ("Term", "id"), &at("id"), &mut term.id);
    form::text(ui, f, ("Term", "name"), &at("name"), &mut term.name);
    ui.label(egui::RichText::new("options").monospace().strong())
        .on_hover_text(form::doc_text("Term", "options").unwrap_or_default());
    let mut remove = None;
    egui::Grid::new(("options", path))
        .striped(true)
        .show(ui, |ui| {
            for h in ["#", "label", "client_value", "seller_value", ""] {
                let doc = form::doc_text("TermOption", h).unwrap_or_default();
                ui.label(egui::RichText::new(h).monospace())
                    .on_hover_text(doc);
            }
            ui.end_row();
            for (i, o) in term.options.iter_mut().enumerate() {
                ui.label(i.to_string());
                let at = |field: &str| format!("{path}.options[{i}].{field}");
                let label = ui.add(egui::TextEdit::singleline(&mut o.label).desired_width(140.0));
                form::named(label, &at("label"));
                let client = ui.add(egui::DragValue::new(&mut o.client_value).speed(10.0));
                form::named(client, &at("client_value"));
                let seller = ui.add(egui::DragValue::new(&mut o.seller_value).speed(10.0));
                form::named(seller, &at("seller_value"));
                if ui.small_button("✖").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        term.options.remove(i);
    }
    if ui
        .small_button(t(lang, "➕ add an option", "➕ добавить вариант"))
        .clicked()
    {
        term.options.push(TermOption {
            label: String::new(),
            client_value: 0,
            seller_value: 0,
        });
    }
    form::number(
        ui,
        f,
        ("Term", "default"),
        &at("default"),
        &mut term.default,
    );
}
