//! The resources the screens read: settings, the scenario library, the session in play and the
//! one-line notice.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;
use dealcraft_core::moves::{Id, Plan};
use dealcraft_core::scenario::SocialStyle;
use dealcraft_core::{LoadedScenario, Rubric, Scenario, Scorecard, Session};
use dealcraft_server::Accepted;

use super::super::Screen;
use super::super::i18n::UiLang;

/// The scenario the Balance screen reports on.
#[derive(Resource, Debug, Default)]
pub struct BalanceOf(pub Option<String>);

/// The workshop the Workshop screen shows.
#[derive(Resource, Debug, Default)]
pub struct ShownWorkshop(pub Option<i64>);

/// Sent when the database changed, so screens showing it reload.
#[derive(Message, Debug, Clone, Copy)]
pub struct Stored;

/// Who the session is for and where its result goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Context {
    /// Practice: recorded under the player's name from the settings.
    #[default]
    Solo,
    /// A hot-seat workshop on this machine.
    Workshop {
        id: i64,
        name: String,
        player: String,
        seed: u64,
        rubric: Rubric,
    },
    /// A draft from the scenario editor, tried out: coach mode, never recorded or ranked.
    Draft,
    /// A workshop on a server: the result is submitted there and replayed.
    Server {
        address: String,
        code: String,
        name: String,
        player: String,
        seed: u64,
        rubric: Rubric,
    },
}

impl Context {
    /// Whether coach mode may show the client's hidden meters: in practice only, never in a
    /// workshop, whose board compares fair play.
    pub fn allows_coach(&self) -> bool {
        matches!(self, Context::Solo | Context::Draft)
    }

    /// Whether the session tries out an editor draft: the meters always show, nothing is kept.
    pub fn is_draft(&self) -> bool {
        matches!(self, Context::Draft)
    }

    /// The seed and rubric a workshop fixes.
    pub(super) fn fixed(&self) -> Option<(u64, Rubric)> {
        match self {
            Context::Solo | Context::Draft => None,
            Context::Workshop { seed, rubric, .. } | Context::Server { seed, rubric, .. } => {
                Some((*seed, rubric.clone()))
            }
        }
    }

    pub fn player(&self) -> Option<&str> {
        match self {
            Context::Solo | Context::Draft => None,
            Context::Workshop { player, .. } | Context::Server { player, .. } => Some(player),
        }
    }
}

/// Where the server submission of the finished session stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Submission {
    #[default]
    None,
    Pending,
    Accepted(Accepted),
    Failed(String),
}

/// Preferences, kept in the data folder between runs.
#[derive(Resource, Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: UiLang,
    /// The trainee chose `lang`; until then a session's screens speak its scenario's language.
    pub lang_chosen: bool,
    /// Coach mode shows the client's hidden meters; exam mode hides them.
    pub coach: bool,
    pub player: String,
    pub scale: f32,
    /// 1 for settings saved since `lang_chosen`; 0 (missing) for older files.
    pub format: u32,
}

impl Settings {
    /// Settings as loaded from a file: files from before `lang_chosen` can only have Russian by
    /// the trainee's choice; newer ones say what the trainee chose.
    pub fn loaded(mut self) -> Self {
        if self.format == 0 && self.lang == UiLang::Ru {
            self.lang_chosen = true;
        }
        self.format = 1;
        self
    }

    /// The language of a session on a scenario in `scenario`: the one the trainee chose, or
    /// else the scenario's.
    pub fn lang_for(&self, scenario: Option<dealcraft_core::scenario::Lang>) -> UiLang {
        match scenario {
            Some(lang) if !self.lang_chosen => UiLang::from_core(lang),
            _ => self.lang,
        }
    }

    /// The name attempts are recorded under.
    pub fn player_name(&self) -> String {
        let name = self.player.trim();
        if name.is_empty() {
            "Player".to_owned()
        } else {
            name.chars().take(dealcraft_store::MAX_NAME).collect()
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: UiLang::En,
            lang_chosen: false,
            coach: true,
            player: String::new(),
            scale: 1.0,
            format: 0,
        }
    }
}

/// Where a scenario came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary, by file name.
    Bundled(String),
    File(PathBuf),
}

/// One scenario in the library: the last version that loaded, and the current error if the
/// file is broken now.
#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    /// The file name, shown with errors.
    pub name: String,
    pub loaded: Option<Arc<LoadedScenario>>,
    pub error: Option<String>,
}

#[derive(Resource, Debug, Default)]
pub struct Library {
    pub entries: Vec<Entry>,
    /// Best overall score per scenario id, kept in the data folder.
    pub best: std::collections::BTreeMap<String, u32>,
}

impl Library {
    pub fn find(&self, id: &str) -> Option<&Arc<LoadedScenario>> {
        // A user file with the same id as a bundled one takes precedence.
        self.entries
            .iter()
            .rev()
            .filter_map(|e| e.loaded.as_ref())
            .find(|l| l.scenario.id == id)
    }

    /// The entry a loaded scenario came from, by its content hash.
    pub fn entry_of(&self, loaded: &LoadedScenario) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.loaded.as_ref().is_some_and(|l| l.hash == loaded.hash))
    }

    /// Updates or adds the entry for an origin.
    pub fn upsert(
        &mut self,
        origin: Origin,
        name: String,
        result: Result<Arc<LoadedScenario>, String>,
    ) {
        let entry = match self.entries.iter_mut().position(|e| e.origin == origin) {
            Some(i) => &mut self.entries[i],
            None => {
                self.entries.push(Entry {
                    origin,
                    name,
                    loaded: None,
                    error: None,
                });
                self.entries.last_mut().expect("just pushed")
            }
        };
        match result {
            Ok(loaded) => {
                entry.loaded = Some(loaded);
                entry.error = None;
            }
            // The last good version stays playable.
            Err(e) => entry.error = Some(e),
        }
    }
}

/// The session being played or debriefed.
#[derive(Resource, Debug, Default)]
pub struct Play {
    pub scenario: Option<Arc<LoadedScenario>>,
    pub session: Option<Session>,
    pub seed: u64,
    /// A seed fixed from the command line; otherwise each session gets a fresh one.
    pub fixed_seed: Option<u64>,
    /// The scorecard, once the session is over.
    pub card: Option<Scorecard>,
    /// Rebuilt with "retry from this turn": its score is not a best score.
    pub retried: bool,
    pub context: Context,
    /// The attempt this session was recorded as (or reopened from).
    pub recorded: Option<i64>,
    /// The player's rank on the hot-seat workshop board after this session.
    pub rank: Option<usize>,
    /// "re-scored under v2 (was 85)" for a reopened attempt scored under older rules.
    pub rescored: Option<String>,
    /// The hidden meters were shown at some point of this session: it is recorded as coached,
    /// even if coach mode was switched off before the end.
    pub coached: bool,
    pub submission: Submission,
    /// Numbers sessions, so a result from a background thread is matched to its session.
    pub number: u64,
}

impl Play {
    /// A new session on `scenario` for `context`, from its preparation.
    pub(in crate::gui) fn prepare(&mut self, scenario: Arc<LoadedScenario>, context: Context) {
        self.scenario = Some(scenario);
        self.context = context;
        self.begin(None, false);
    }

    /// Puts `session` in place of the current one, under a new number: the previous session's
    /// scorecard, submission and any late answer for it no longer apply.
    pub(super) fn begin(&mut self, session: Option<Session>, retried: bool) {
        self.session = session;
        self.card = None;
        self.rescored = None;
        self.coached = false;
        self.retried = retried;
        self.submission = Submission::None;
        self.number += 1;
    }

    /// The screen that shows the current session: the meeting while it runs, then its debrief.
    pub fn resume_screen(&self) -> Option<Screen> {
        let session = self.session.as_ref()?;
        if !session.is_over() {
            Some(Screen::Conversation)
        } else if self.card.is_some() {
            Some(Screen::Debrief)
        } else {
            None
        }
    }
}

/// The plan being filled in on the preparation screen; a retry from the plan fills it with the
/// old one.
#[derive(Resource, Debug, Default, Clone)]
pub struct PrepUi {
    pub target: u64,
    pub walk_away: u64,
    pub style: Option<SocialStyle>,
    pub must_have: BTreeSet<Id>,
    /// Keep this plan when the screen opens (a retry from the plan), instead of a blank one.
    pub keep: bool,
}

impl PrepUi {
    pub fn for_scenario(sc: &Scenario) -> Self {
        PrepUi {
            target: sc.product.list_price,
            walk_away: sc.product.floor_price,
            style: None,
            must_have: BTreeSet::new(),
            keep: false,
        }
    }

    pub fn from_plan(plan: &Plan) -> Self {
        PrepUi {
            target: plan.target_price,
            walk_away: plan.walk_away_price,
            style: Some(plan.style),
            must_have: plan.must_have.iter().cloned().collect(),
            keep: false,
        }
    }

    pub fn plan(&self) -> Option<Plan> {
        Some(Plan {
            target_price: self.target,
            walk_away_price: self.walk_away,
            style: self.style?,
            must_have: self.must_have.iter().cloned().collect(),
        })
    }
}

/// A turn the transcript should scroll to, once.
#[derive(Resource, Debug, Default)]
pub struct TranscriptFocus(pub Option<u32>);

impl TranscriptFocus {
    pub fn take(&mut self) -> Option<u32> {
        self.0.take()
    }
}

/// A one-line message for the user: a refused move, a saved file.
#[derive(Resource, Debug, Default)]
pub struct Notice(pub Option<String>);

/// A new workshop as typed on the Workshop screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkshopForm {
    pub scenario: String,
    /// A bundled rubric by name; empty for the default.
    pub rubric: String,
    pub seed: u64,
    pub name: String,
    pub roster: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_russian_choice_survives_from_old_files_and_following_the_scenario_from_new_ones() {
        let old: Settings = ron::from_str("(lang: Ru, coach: true)").unwrap();
        assert!(old.loaded().lang_chosen);
        // As the app saves them after the trainee ticked "follow the scenario".
        let following = Settings {
            lang: UiLang::Ru,
            lang_chosen: false,
            ..Settings::default().loaded()
        };
        let text = ron::to_string(&following).unwrap();
        let again: Settings = ron::from_str(&text).unwrap();
        assert!(!again.loaded().lang_chosen, "{text}");
    }
}
