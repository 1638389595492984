//! Certification tracks: an ordered or free list of scenarios, each with a pass mark and a number
//! of attempts allowed, that together make up a certificate ("Objection handling, level 1").
//!
//! A track is a RON file (`Track(...)`, `docs/tracks.md`). [`Track::progress`] reads a player's
//! recorded attempts and says how far along the track they are: the same answer in the app's
//! History, in `dealcraft track`, and when the track's `passed` statement is sent to an LRS.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::moves::Stage;
use crate::scoring::PassMark;
use crate::validate::{Checker, Step, is_id, pass_mark};

/// A certification track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// Short stable identifier (`a-z`, `0-9`, `-`): it names the track in statements and files.
    pub id: String,
    /// The title by language code: `{"en": "Objection handling, level 1", "ru": "..."}`.
    pub title: BTreeMap<String, String>,
    /// What the certificate stands for, by language code.
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    /// `InOrder`: each scenario opens once the one before is passed. `AnyOrder`: all are open.
    #[serde(default)]
    pub order: Order,
    /// Attempts that count per scenario; later ones are practice. `None`: no limit.
    #[serde(default)]
    pub attempts: Option<u32>,
    /// Whether attempts played with the coach's meters shown count (they do not by default: a
    /// certificate is earned in exam mode).
    #[serde(default)]
    pub coach_counts: bool,
    /// The pass mark for every scenario that does not set its own; without one, each attempt's
    /// own verdict (its rubric's or scenario's pass mark) decides.
    #[serde(default)]
    pub pass: Option<PassMark>,
    pub scenarios: Vec<TrackEntry>,
}

/// One scenario of a track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackEntry {
    /// A scenario id: bundled, or in the player's scenario folder.
    pub scenario: String,
    #[serde(default)]
    pub pass: Option<PassMark>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Order {
    #[default]
    InOrder,
    AnyOrder,
}

/// One recorded attempt as a track reads it; the player's own, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackAttempt {
    pub scenario: String,
    /// Unix seconds.
    pub recorded_at: i64,
    pub overall: u32,
    pub stages: Vec<(Stage, u32)>,
    /// Rule keys of its critical errors.
    pub critical: Vec<String>,
    /// Its own verdict, against its rubric's or scenario's pass mark.
    pub passed: bool,
    pub coached: bool,
}

/// Where a player stands on one scenario of a track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Passed by an attempt recorded at `at` (Unix seconds) with this overall score.
    Passed { at: i64, overall: u32 },
    /// Open to play; `left` attempts still count (`None`: no limit).
    Open { left: Option<u32> },
    /// Opens when the scenario before it is passed.
    Locked,
    /// Every attempt that counts was used without a pass: the trainer can reset the track.
    OutOfAttempts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryProgress {
    pub scenario: String,
    pub state: EntryState,
    /// Attempts that counted.
    pub tries: u32,
    /// The best overall score among them.
    pub best: Option<u32>,
}

/// A player's progress along a track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackProgress {
    pub entries: Vec<EntryProgress>,
}

impl TrackProgress {
    pub fn passed(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.state, EntryState::Passed { .. }))
            .count()
    }

    /// When the last scenario was passed, if every one is.
    pub fn completed_at(&self) -> Option<i64> {
        self.entries
            .iter()
            .map(|e| match e.state {
                EntryState::Passed { at, .. } => Some(at),
                _ => None,
            })
            .try_fold(i64::MIN, |last, at| at.map(|a| last.max(a)))
            .filter(|_| !self.entries.is_empty())
    }

    /// The mean overall score of the passing attempts, once the track is complete.
    pub fn score(&self) -> Option<u32> {
        self.completed_at()?;
        let scores: Vec<u32> = self
            .entries
            .iter()
            .filter_map(|e| match e.state {
                EntryState::Passed { overall, .. } => Some(overall),
                _ => None,
            })
            .collect();
        let n = scores.len().max(1) as u32;
        Some((scores.iter().sum::<u32>() + n / 2) / n)
    }

    /// The first scenario still to pass that is open to play.
    pub fn next(&self) -> Option<&EntryProgress> {
        self.entries
            .iter()
            .find(|e| matches!(e.state, EntryState::Open { .. }))
    }

    pub fn out_of_attempts(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.state == EntryState::OutOfAttempts)
    }
}

impl Track {
    /// The title in `lang` (`"en"`, `"ru"`), else in any language the track has.
    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.values().next())
            .map_or(self.id.as_str(), String::as_str)
    }

    /// Whether `attempt` passes `entry` of this track: its own mark, the track's, or the
    /// attempt's own verdict.
    fn passes(&self, entry: &TrackEntry, a: &TrackAttempt) -> bool {
        match entry.pass.as_ref().or(self.pass.as_ref()) {
            Some(mark) => mark
                .judge(
                    a.overall,
                    a.stages.iter().copied(),
                    a.critical.iter().map(String::as_str),
                )
                .is_empty(),
            None => a.passed,
        }
    }

    /// How far a player's `attempts` (theirs only, any order) take them along the track.
    pub fn progress(&self, attempts: &[TrackAttempt]) -> TrackProgress {
        let mut mine: Vec<&TrackAttempt> = attempts
            .iter()
            .filter(|a| self.coach_counts || !a.coached)
            .collect();
        mine.sort_by_key(|a| a.recorded_at);
        // In order, an entry opens when the one before was passed; attempts before then are
        // practice.
        let mut opened: Option<i64> = Some(i64::MIN);
        let entries = self
            .scenarios
            .iter()
            .map(|entry| {
                let Some(since) = opened else {
                    return EntryProgress {
                        scenario: entry.scenario.clone(),
                        state: EntryState::Locked,
                        tries: 0,
                        best: None,
                    };
                };
                let progress = self.entry_progress(entry, &mine, since);
                if self.order == Order::InOrder {
                    opened = match progress.state {
                        EntryState::Passed { at, .. } => Some(at),
                        _ => None,
                    };
                }
                progress
            })
            .collect();
        TrackProgress { entries }
    }

    fn entry_progress(
        &self,
        entry: &TrackEntry,
        mine: &[&TrackAttempt],
        since: i64,
    ) -> EntryProgress {
        let limit = self.attempts.map_or(usize::MAX, |n| n as usize);
        let counted: Vec<&&TrackAttempt> = mine
            .iter()
            .filter(|a| a.scenario == entry.scenario && a.recorded_at >= since)
            .take(limit)
            .collect();
        let tries = counted.len() as u32;
        let best = counted.iter().map(|a| a.overall).max();
        let state = match counted.iter().find(|a| self.passes(entry, a)) {
            Some(a) => EntryState::Passed {
                at: a.recorded_at,
                overall: a.overall,
            },
            None if counted.len() >= limit => EntryState::OutOfAttempts,
            None => EntryState::Open {
                left: self.attempts.map(|n| n.saturating_sub(tries)),
            },
        };
        EntryProgress {
            scenario: entry.scenario.clone(),
            state,
            tries,
            best,
        }
    }
}

/// A trainer's assignment: a track or some scenarios, for some players, by a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// Short stable identifier: opening the same assignment again replaces it.
    pub id: String,
    pub title: String,
    /// Who set it, as the trainee should read it.
    #[serde(default)]
    pub from: String,
    /// The last day, `YYYY-MM-DD`, in the trainee's own time zone.
    pub due: String,
    /// Who it is for; empty: everyone who opens it. Names compare as on the boards.
    #[serde(default)]
    pub players: Vec<String>,
    /// A whole track to complete.
    #[serde(default)]
    pub track: Option<Track>,
    /// Scenarios to pass, each against its own pass mark.
    #[serde(default)]
    pub scenarios: Vec<String>,
    /// A word from the trainer.
    #[serde(default)]
    pub note: String,
}

impl Assignment {
    /// The due date; `None` only for an assignment that did not pass [`validate_assignment`].
    pub fn due_date(&self) -> Option<jiff::civil::Date> {
        self.due.parse().ok()
    }

    /// Every scenario it asks for: the track's, then the others, each once.
    pub fn scenario_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let track = self.track.iter().flat_map(|t| &t.scenarios);
        for id in track
            .map(|e| e.scenario.as_str())
            .chain(self.scenarios.iter().map(String::as_str))
        {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Whether it is for `player` (`same` compares two names as the store does).
    pub fn is_for(&self, player: &str, same: impl Fn(&str, &str) -> bool) -> bool {
        self.players.is_empty() || self.players.iter().any(|p| same(p, player))
    }
}

/// Every error and warning of a parsed track.
pub fn validate_track(file: &str, source: &str, t: &Track) -> Vec<Diagnostic> {
    let mut c = Checker::new(file, source);
    check_track(&mut c, &[], t);
    c.finish()
}

fn check_track<'s>(c: &mut Checker, at: &[Step<'s>], t: &'s Track) {
    use Step::*;
    let path = |steps: &[Step<'s>]| {
        let mut p = at.to_vec();
        p.extend_from_slice(steps);
        p
    };
    if !is_id(&t.id) {
        c.error(
            &path(&[Field("id")]),
            format!(
                "track id `{}` must be lowercase letters, digits and `-`",
                t.id
            ),
            Some("e.g. `id: \"objection-handling-1\"`: it names the track in the LRS".into()),
        );
    }
    if t.title.values().all(|v| v.trim().is_empty()) {
        c.error(
            &path(&[Field("title")]),
            "the track has no title".into(),
            Some("write it by language: `title: {\"en\": \"Objection handling, level 1\"}`".into()),
        );
    }
    for lang in t.title.keys().chain(t.description.keys()) {
        if !is_language(lang) {
            c.error(
                &path(&[Str(lang)]),
                format!("`{lang}` is not a language code"),
                Some("use two letters, optionally with a region: \"en\", \"ru\", \"en-GB\"".into()),
            );
        }
    }
    if t.scenarios.is_empty() {
        c.error(
            &path(&[Field("scenarios")]),
            "the track lists no scenarios".into(),
            Some("add `scenarios: [(scenario: \"fleet-telematics\")]`".into()),
        );
    }
    if t.attempts == Some(0) {
        c.error(
            &path(&[Field("attempts")]),
            "0 attempts allowed: nobody could pass the track".into(),
            Some("allow at least 1, or leave `attempts` out for no limit".into()),
        );
    }
    if let Some(p) = &t.pass {
        pass_mark(c, &path(&[]), p, None);
    }
    let mut seen: Vec<&str> = Vec::new();
    for entry in &t.scenarios {
        let here = path(&[Field("scenarios"), Str(&entry.scenario)]);
        if seen.contains(&entry.scenario.as_str()) {
            c.error(
                &here,
                format!("scenario `{}` is listed twice", entry.scenario),
                Some("each scenario appears once in a track".into()),
            );
        }
        seen.push(&entry.scenario);
        if let Some(p) = &entry.pass {
            pass_mark(c, &here, p, None);
        }
    }
}

/// Every error and warning of a parsed assignment.
pub fn validate_assignment(file: &str, source: &str, a: &Assignment) -> Vec<Diagnostic> {
    use Step::*;
    let mut c = Checker::new(file, source);
    if !is_id(&a.id) {
        c.error(
            &[Field("id")],
            format!(
                "assignment id `{}` must be lowercase letters, digits and `-`",
                a.id
            ),
            Some("e.g. `id: \"q1-objections\"`: opening it again replaces it".into()),
        );
    }
    if a.title.trim().is_empty() {
        c.error(
            &[Field("title")],
            "the assignment has no title".into(),
            None,
        );
    }
    if a.due.parse::<jiff::civil::Date>().is_err() {
        c.error(
            &[Field("due"), Str(&a.due)],
            format!("`{}` is not a date", a.due),
            Some("write the last day as `due: \"2026-12-11\"` (year-month-day)".into()),
        );
    }
    if a.track.is_none() && a.scenarios.is_empty() {
        c.error(
            &[Field("scenarios")],
            "the assignment asks for nothing".into(),
            Some("give a `track: (...)` or `scenarios: [\"fleet-telematics\"]`".into()),
        );
    }
    for p in &a.players {
        if p.trim().is_empty() {
            c.error(
                &[Field("players")],
                "an empty player name".into(),
                Some("leave `players` empty (`[]`) to assign it to everyone".into()),
            );
        }
    }
    if let Some(t) = &a.track {
        check_track(&mut c, &[Field("track")], t);
    }
    c.finish()
}

/// An RFC 5646 tag as this format accepts it: a 2–3 letter language, optionally `-` and a
/// region or script.
fn is_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(order: Order, attempts: Option<u32>) -> Track {
        Track {
            id: "t".into(),
            title: [("en".to_owned(), "T".to_owned())].into(),
            description: BTreeMap::new(),
            order,
            attempts,
            coach_counts: false,
            pass: None,
            scenarios: ["a", "b"]
                .map(|s| TrackEntry {
                    scenario: s.into(),
                    pass: None,
                })
                .to_vec(),
        }
    }

    fn attempt(scenario: &str, at: i64, overall: u32, passed: bool) -> TrackAttempt {
        TrackAttempt {
            scenario: scenario.into(),
            recorded_at: at,
            overall,
            stages: vec![(Stage::Needs, overall)],
            critical: Vec::new(),
            passed,
            coached: false,
        }
    }

    #[test]
    fn in_order_an_attempt_before_the_previous_pass_is_practice() {
        let t = track(Order::InOrder, None);
        // `b` passed at 5, before `a` was passed at 10: it does not count.
        let p = t.progress(&[attempt("b", 5, 90, true), attempt("a", 10, 80, true)]);
        assert_eq!(
            p.entries[0].state,
            EntryState::Passed {
                at: 10,
                overall: 80
            }
        );
        assert_eq!(p.entries[1].state, EntryState::Open { left: None });
        assert_eq!(p.completed_at(), None);
        let p = t.progress(&[
            attempt("a", 10, 80, true),
            attempt("b", 12, 60, false),
            attempt("b", 15, 90, true),
        ]);
        assert_eq!(p.completed_at(), Some(15));
        assert_eq!(p.score(), Some(85));
        assert_eq!(p.entries[1].tries, 2);
    }

    #[test]
    fn in_order_later_scenarios_are_locked_and_any_order_opens_all() {
        let attempts = [attempt("b", 5, 90, true)];
        let p = track(Order::InOrder, None).progress(&attempts);
        assert_eq!(p.entries[1].state, EntryState::Locked);
        let p = track(Order::AnyOrder, None).progress(&attempts);
        assert_eq!(
            p.entries[1].state,
            EntryState::Passed { at: 5, overall: 90 }
        );
        assert_eq!(p.passed(), 1);
        assert_eq!(p.next().map(|e| e.scenario.as_str()), Some("a"));
    }

    #[test]
    fn attempts_past_the_limit_are_practice() {
        let t = track(Order::AnyOrder, Some(2));
        let p = t.progress(&[attempt("a", 1, 50, false)]);
        assert_eq!(p.entries[0].state, EntryState::Open { left: Some(1) });
        let p = t.progress(&[
            attempt("a", 1, 50, false),
            attempt("a", 2, 55, false),
            attempt("a", 3, 95, true),
        ]);
        assert_eq!(p.entries[0].state, EntryState::OutOfAttempts);
        assert!(p.out_of_attempts());
        assert_eq!(
            p.entries[0].best,
            Some(55),
            "the third attempt did not count"
        );
    }

    #[test]
    fn a_track_pass_mark_rejudges_and_the_coach_does_not_count() {
        let mut t = track(Order::AnyOrder, None);
        t.scenarios[0].pass = Some(PassMark {
            overall: 85,
            stages: BTreeMap::new(),
        });
        let mut coached = attempt("b", 2, 99, true);
        coached.coached = true;
        let p = t.progress(&[attempt("a", 1, 80, true), coached.clone()]);
        assert_eq!(
            p.entries[0].state,
            EntryState::Open { left: None },
            "80 < 85"
        );
        assert_eq!(p.entries[1].state, EntryState::Open { left: None });
        t.coach_counts = true;
        let p = t.progress(&[coached]);
        assert!(matches!(p.entries[1].state, EntryState::Passed { .. }));
        let mut critical = attempt("a", 3, 90, false);
        critical.critical = vec!["critical.below_floor".into()];
        assert!(
            !matches!(
                t.progress(&[critical]).entries[0].state,
                EntryState::Passed { .. }
            ),
            "a critical error fails even the track's own mark"
        );
    }

    #[test]
    fn language_codes() {
        assert!(is_language("en") && is_language("ru") && is_language("en-GB"));
        assert!(!is_language("English") && !is_language("") && !is_language("e"));
    }
}
