//! The editor's form widgets: one row per field, with the guide's text for it and the
//! validator's diagnostics about it beside the input, and the jump that scrolls to a field.

use bevy_egui::egui;
use dealcraft_core::field_docs;
use dealcraft_core::{Diagnostic, Severity};

use super::draft::within;
use crate::gui::i18n::{UiLang, t};

/// What every row needs while a panel is drawn.
pub struct Form<'a> {
    pub diagnostics: &'a [Diagnostic],
    /// A field to scroll to and show, once (a jump from a diagnostic or a balance flag).
    pub focus: &'a mut Option<String>,
    /// Show the guide's text under every field (otherwise on hover).
    pub help: bool,
    pub lang: UiLang,
}

pub const ERROR: egui::Color32 = egui::Color32::from_rgb(190, 40, 40);
pub const WARNING: egui::Color32 = egui::Color32::from_rgb(180, 100, 0);

impl Form<'_> {
    /// Diagnostics about `path` or anything inside it.
    pub fn about<'b>(&'b self, path: &'b str) -> impl Iterator<Item = &'b Diagnostic> + 'b {
        self.diagnostics
            .iter()
            .filter(move |d| d.field.as_deref().is_some_and(|f| within(f, path)))
    }

    /// Diagnostics about `path` itself, not a field inside it.
    pub fn exactly<'b>(&'b self, path: &'b str) -> impl Iterator<Item = &'b Diagnostic> + 'b {
        self.diagnostics
            .iter()
            .filter(move |d| d.field.as_deref() == Some(path))
    }

    /// Whether a collapsed record must open: the jump goes inside it.
    pub fn opens(&self, path: &str) -> bool {
        self.focus.as_deref().is_some_and(|f| within(f, path))
    }

    /// Scrolls to `response` if the jump is to `path` (`exact`) or inside it.
    pub fn take_focus(&mut self, path: &str, exact: bool, response: &egui::Response) {
        let hit = self
            .focus
            .as_deref()
            .is_some_and(|f| f == path || (!exact && within(f, path)));
        if hit {
            response.scroll_to_me(Some(egui::Align::Center));
            // Drawn highlighted on the next frame, as if hovered.
            let _ = response.clone().highlight();
            *self.focus = None;
        }
    }

    /// A summary mark for a record header: `⛔ 2 ⚠ 1`, or nothing.
    pub fn marks(&self, path: &str) -> String {
        let (mut e, mut w) = (0, 0);
        for d in self.about(path) {
            match d.severity {
                Severity::Error => e += 1,
                Severity::Warning => w += 1,
            }
        }
        let mut out = String::new();
        if e > 0 {
            out.push_str(&format!("  ⛔ {e}"));
        }
        if w > 0 {
            out.push_str(&format!("  ⚠ {w}"));
        }
        out
    }
}

/// Names an input by its field path for screen readers (and tests): the row's visible label is
/// only the field's name, which every need and objection repeats.
pub fn named(response: egui::Response, path: &str) -> egui::Response {
    response
        .ctx
        .accesskit_node_builder(response.id, |node| node.set_label(path));
    response
}

/// One diagnostic under its field: the message, then the hint.
pub fn diagnostic(ui: &mut egui::Ui, d: &Diagnostic) {
    let (icon, color) = match d.severity {
        Severity::Error => ("⛔", ERROR),
        Severity::Warning => ("⚠", WARNING),
    };
    ui.add(egui::Label::new(
        egui::RichText::new(format!("{icon} {}", d.message)).color(color),
    ));
    if let Some(hint) = &d.hint {
        ui.label(egui::RichText::new(format!("   💡 {hint}")).weak());
    }
}

/// The diagnostics about a record itself (a need, the product), under its header.
pub fn record_diagnostics(ui: &mut egui::Ui, form: &Form, path: &str) {
    for d in form.exactly(path) {
        diagnostic(ui, d);
    }
}

/// The guide's text for a field, as plain text.
pub fn doc_text(record: &str, field: &str) -> Option<String> {
    field_docs::doc(record, field).map(|d| {
        let default = field_docs::plain(d.default);
        let meaning = field_docs::plain(d.meaning);
        // The UI font has no U+2192 (the guide's arrow); it has the heavy one.
        format!(
            "{} · default {default} · {meaning}",
            field_docs::plain(d.ty)
        )
        .replace('→', "➡")
    })
}

/// A labelled row: the field's name, the input `add` draws, the guide's text and the
/// diagnostics about `path`.
pub fn row<R>(
    ui: &mut egui::Ui,
    form: &mut Form,
    (record, field): (&str, &str),
    path: &str,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let doc = doc_text(record, field);
    let inner = ui.horizontal(|ui| {
        let label = ui.add(
            egui::Label::new(egui::RichText::new(field).monospace().strong())
                .sense(egui::Sense::hover()),
        );
        if let Some(doc) = &doc {
            label.on_hover_text(doc);
        }
        add(ui)
    });
    form.take_focus(path, false, &inner.response);
    if form.help
        && let Some(doc) = &doc
    {
        ui.add(egui::Label::new(egui::RichText::new(doc).small().weak()).wrap());
    }
    for d in form.about(path) {
        diagnostic(ui, d);
    }
    inner.inner
}

pub fn text(ui: &mut egui::Ui, form: &mut Form, doc: (&str, &str), path: &str, v: &mut String) {
    row(ui, form, doc, path, |ui| {
        named(
            ui.add(egui::TextEdit::singleline(v).desired_width(f32::INFINITY)),
            path,
        )
    });
}

pub fn paragraph(
    ui: &mut egui::Ui,
    form: &mut Form,
    doc: (&str, &str),
    path: &str,
    v: &mut String,
) {
    row(ui, form, doc, path, |ui| {
        named(
            ui.add(
                egui::TextEdit::multiline(v)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            ),
            path,
        )
    });
}

/// A whole number; out-of-range values are the validator's to explain, not the widget's to
/// refuse.
pub fn number<N: egui::emath::Numeric>(
    ui: &mut egui::Ui,
    form: &mut Form,
    doc: (&str, &str),
    path: &str,
    v: &mut N,
) {
    row(ui, form, doc, path, |ui| {
        named(ui.add(egui::DragValue::new(v).speed(1.0)), path)
    });
}

/// A decimal such as a share of 0–1.
pub fn decimal(ui: &mut egui::Ui, form: &mut Form, doc: (&str, &str), path: &str, v: &mut f64) {
    row(ui, form, doc, path, |ui| {
        named(
            ui.add(egui::DragValue::new(v).speed(0.01).max_decimals(3)),
            path,
        )
    });
}

pub fn flag(ui: &mut egui::Ui, form: &mut Form, doc: (&str, &str), path: &str, v: &mut bool) {
    row(ui, form, doc, path, |ui| named(ui.checkbox(v, ""), path));
}

/// One value of a small set, by its name as written in the file.
pub fn choice<T: Copy + PartialEq + std::fmt::Debug>(
    ui: &mut egui::Ui,
    form: &mut Form,
    doc: (&str, &str),
    path: &str,
    v: &mut T,
    options: &[T],
) {
    row(ui, form, doc, path, |ui| {
        let combo = egui::ComboBox::from_id_salt(path)
            .selected_text(format!("{v:?}"))
            .show_ui(ui, |ui| {
                for o in options {
                    ui.selectable_value(v, *o, format!("{o:?}"));
                }
            });
        named(combo.response, path)
    });
}

/// Any number of a small set, in the set's order, as toggles.
pub fn choices<T: Copy + PartialEq + std::fmt::Debug>(
    ui: &mut egui::Ui,
    form: &mut Form,
    doc: (&str, &str),
    path: &str,
    v: &mut Vec<T>,
    options: &[T],
) {
    row(ui, form, doc, path, |ui| {
        ui.horizontal_wrapped(|ui| {
            for o in options {
                let mut on = v.contains(o);
                let toggle = ui.toggle_value(&mut on, format!("{o:?}"));
                if named(toggle, &format!("{path} {o:?}")).changed() {
                    if on {
                        v.push(*o);
                        // Keep the set's order, so the file reads the same way every time.
                        v.sort_by_key(|x| options.iter().position(|y| y == x));
                    } else {
                        v.retain(|x| x != o);
                    }
                }
            }
        })
    });
}

/// Ids from a list (the needs a feature addresses), as toggles; ids no longer in the list stay
/// shown so the validator's error about them can be read and the id removed.
pub fn ids(
    ui: &mut egui::Ui,
    form: &mut Form,
    doc: (&str, &str),
    path: &str,
    v: &mut Vec<String>,
    options: &[String],
) {
    let lang = form.lang;
    row(ui, form, doc, path, |ui| {
        ui.horizontal_wrapped(|ui| {
            let mut shown: Vec<String> = options.to_vec();
            shown.extend(v.iter().filter(|x| !options.contains(x)).cloned());
            for o in &shown {
                let mut on = v.contains(o);
                let toggle = ui.toggle_value(&mut on, o.as_str());
                if named(toggle, &format!("{path} {o}")).changed() {
                    if on {
                        v.push(o.clone());
                    } else {
                        v.retain(|x| x != o);
                    }
                }
            }
            if shown.is_empty() {
                ui.weak(t(lang, "nothing to choose yet", "пока не из чего выбрать"));
            }
        })
    });
}

/// A list of text variants (lines, the dossier): one box each, a button to remove it and one
/// to add another.
pub fn texts(
    ui: &mut egui::Ui,
    form: &mut Form,
    doc: (&str, &str),
    path: &str,
    v: &mut Vec<String>,
) {
    let lang = form.lang;
    // Named by the path's last part: a follow-up action's lines say which action.
    let name = path.rsplit('.').next().unwrap_or(doc.1);
    let label = format!("{name} ({})", v.len());
    let doc_line = doc_text(doc.0, doc.1);
    let head = ui.add(
        egui::Label::new(egui::RichText::new(label).monospace().strong())
            .sense(egui::Sense::hover()),
    );
    if let Some(d) = &doc_line {
        head.clone().on_hover_text(d);
    }
    form.take_focus(path, false, &head);
    if form.help
        && let Some(d) = &doc_line
    {
        ui.add(egui::Label::new(egui::RichText::new(d).small().weak()).wrap());
    }
    let mut remove = None;
    for (i, line) in v.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let at = format!("{path}[{i}]");
            let cross =
                ui.small_button("✖")
                    .on_hover_text(t(lang, "remove this line", "удалить строку"));
            if named(cross, &format!("✖ {at}")).clicked() {
                remove = Some(i);
            }
            named(
                ui.add(
                    egui::TextEdit::multiline(line)
                        .desired_rows(1)
                        .desired_width(f32::INFINITY)
                        .id_salt((path, i)),
                ),
                &at,
            );
        });
    }
    if let Some(i) = remove {
        v.remove(i);
    }
    let add = ui
        .small_button(format!("➕ {}", t(lang, "add a line", "добавить строку")))
        .on_hover_text(path);
    if named(add, &format!("➕ {path}")).clicked() {
        v.push(String::new());
    }
    for d in form.about(path) {
        diagnostic(ui, d);
    }
}

/// A collapsible record (a need, an objection) titled with its marks; open when a jump goes
/// inside it.
/// `salt` keeps it open while its id is being retyped.
pub fn record<R>(
    ui: &mut egui::Ui,
    form: &mut Form,
    (path, salt): (&str, impl std::hash::Hash + std::fmt::Debug),
    title: &str,
    add: impl FnOnce(&mut egui::Ui, &mut Form) -> R,
) -> Option<R> {
    let marks = form.marks(path);
    let heading = egui::RichText::new(format!("{title}{marks}")).strong();
    let heading = if marks.contains('⛔') {
        heading.color(ERROR)
    } else if marks.contains('⚠') {
        heading.color(WARNING)
    } else {
        heading
    };
    let open = form.opens(path).then_some(true);
    let r = egui::CollapsingHeader::new(heading)
        .id_salt(salt)
        .open(open)
        .show(ui, |ui| {
            record_diagnostics(ui, form, path);
            add(ui, form)
        });
    form.take_focus(path, true, &r.header_response);
    r.body_returned
}
