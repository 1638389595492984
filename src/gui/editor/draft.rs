//! The scenario being edited: where it came from, the text it was read from, and its
//! diagnostics, run again (as `dealcraft validate` runs them) whenever it changes.

use std::path::PathBuf;
use std::sync::Arc;

use dealcraft_core::emit;
use dealcraft_core::scenario::{
    Lang, Need, NeedLines, Objection, ObjectionLines, Scenario, Trigger,
};
use dealcraft_core::{Diagnostic, LoadedScenario, load_scenario, template};

/// Where a draft came from, which decides where it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A scenario bundled with the app (by file name): saved as a new file in the user folder.
    Bundled(String),
    /// A file of the trainer's: saved over it.
    File(PathBuf),
    /// The template of `dealcraft new`: saved as a new file in the user folder.
    Template,
}

/// A scenario in the editor.
#[derive(Debug, Clone)]
pub struct Draft {
    pub scenario: Scenario,
    pub source: Source,
    /// The text it was read from; saving over it loses what this text has and the value not.
    pub original: Option<String>,
    /// The value the diagnostics were made for, and the RON written for it.
    checked: Option<Scenario>,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Changed since it was opened or saved.
    pub dirty: bool,
}

/// The name diagnostics give the draft's file.
pub const DRAFT_FILE: &str = "draft.ron";

impl Draft {
    pub fn new(scenario: Scenario, source: Source, original: Option<String>) -> Draft {
        let mut draft = Draft {
            scenario,
            source,
            original,
            checked: None,
            text: String::new(),
            diagnostics: Vec::new(),
            dirty: false,
        };
        draft.check();
        draft
    }

    /// The template of `dealcraft new`, in `lang`.
    pub fn from_template(lang: Lang) -> Draft {
        let id = match lang {
            Lang::En => "my-client",
            Lang::Ru => "moy-klient",
        };
        let text = template::template(id, lang);
        let loaded =
            load_scenario("template.ron", text.as_bytes()).expect("the template validates");
        Draft::new(loaded.scenario, Source::Template, None)
    }

    /// Runs the checks again if the scenario changed since they last ran; true if they ran.
    pub fn check(&mut self) -> bool {
        if self.checked.as_ref() == Some(&self.scenario) {
            return false;
        }
        if self.checked.is_some() {
            self.dirty = true;
        }
        self.text = emit::scenario(&self.scenario);
        self.diagnostics = match load_scenario(DRAFT_FILE, self.text.as_bytes()) {
            Ok(loaded) => loaded.warnings,
            Err(d) => d.0,
        };
        self.checked = Some(self.scenario.clone());
        true
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The diagnostics about `field` or anything inside it (`needs[x]` takes
    /// `needs[x].lines.present`).
    pub fn about<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.diagnostics
            .iter()
            .filter(move |d| d.field.as_deref().is_some_and(|f| within(f, field)))
    }

    /// The draft as a loaded scenario, to play or analyse; `None` while it has errors.
    pub fn loaded(&self) -> Option<Arc<LoadedScenario>> {
        load_scenario(DRAFT_FILE, self.text.as_bytes())
            .ok()
            .map(Arc::new)
    }

    /// A new need with an id no other need has, its lines to be written.
    pub fn add_need(&mut self) -> usize {
        let id = fresh_id("need", self.scenario.needs.iter().map(|n| n.id.as_str()));
        self.scenario.needs.push(Need {
            id,
            topic: String::new(),
            importance: 3,
            known: Default::default(),
            revealed_by: vec![
                dealcraft_core::moves::QuestionKind::Situation,
                dealcraft_core::moves::QuestionKind::Problem,
            ],
            satisfied: false,
            lines: NeedLines::default(),
            seller: Default::default(),
        });
        self.scenario.needs.len() - 1
    }

    /// A new objection raised at the presentation, answered by evidence.
    pub fn add_objection(&mut self) -> usize {
        let id = fresh_id(
            "objection",
            self.scenario.objections.iter().map(|o| o.id.as_str()),
        );
        self.scenario.objections.push(Objection {
            id,
            topic: String::new(),
            trigger: Trigger::Stage(dealcraft_core::Stage::Presentation),
            strength: 2,
            resolves: vec![dealcraft_core::moves::Technique::Evidence],
            weakens: Vec::new(),
            backfires: Vec::new(),
            returns: false,
            lines: ObjectionLines::default(),
            seller: Default::default(),
        });
        self.scenario.objections.len() - 1
    }

    /// Where saving writes: over the file it came from, or a new file in `folder`.
    pub fn target(&self, folder: &std::path::Path) -> PathBuf {
        match &self.source {
            Source::File(path) => path.clone(),
            Source::Bundled(_) | Source::Template => {
                folder.join(format!("{}.ron", self.scenario.id))
            }
        }
    }
}

/// Whether the field path `f` is `field` or lies inside it.
pub fn within(f: &str, field: &str) -> bool {
    f == field
        || f.strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// `base-1`, `base-2`, ...: the first not taken.
fn fresh_id<'a>(base: &str, taken: impl Iterator<Item = &'a str>) -> String {
    let taken: Vec<&str> = taken.collect();
    (1..)
        .map(|i| format!("{base}-{i}"))
        .find(|id| !taken.contains(&id.as_str()))
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_runs_the_checks_and_names_the_field() {
        let mut d = Draft::from_template(Lang::En);
        assert_eq!(d.errors(), 0, "{:?}", d.diagnostics);
        assert!(!d.dirty);
        d.scenario.product.floor_price = d.scenario.product.list_price + 1;
        assert!(d.check());
        assert!(d.dirty);
        assert_eq!(d.errors(), 1);
        assert_eq!(d.about("product.floor_price").count(), 1);
        assert_eq!(d.about("product").count(), 1);
        assert_eq!(d.about("product.list_price").count(), 0);
        assert!(d.loaded().is_none());
        assert!(!d.check(), "nothing changed since");
    }

    #[test]
    fn new_needs_and_objections_get_free_ids() {
        let mut d = Draft::from_template(Lang::En);
        let i = d.add_need();
        let j = d.add_need();
        assert_eq!(d.scenario.needs[i].id, "need-1");
        assert_eq!(d.scenario.needs[j].id, "need-2");
        let k = d.add_objection();
        assert_eq!(d.scenario.objections[k].id, "objection-1");
        d.check();
        // An empty topic is legal; the new need has no lines yet, which is said.
        assert!(d.about("needs[need-1].lines").count() > 0);
    }

    #[test]
    fn field_paths_nest_by_dots_and_brackets() {
        assert!(within("needs[a].lines.present", "needs[a]"));
        assert!(within("needs[a]", "needs"));
        assert!(!within("needs[ab].topic", "needs[a]"));
        assert!(!within("client.patience_x", "client.patience"));
    }
}
