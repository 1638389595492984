//! The simulation's names in words, one module per language: stages, styles, moves,
//! techniques, moods, outcomes and bots, as labels and as words for sentences.
//!
//! Everything that shows these names (findings, the app, the CLI, the analyzer's flags) takes
//! them from here, so a name reads the same everywhere. Words that sit inside sentences come
//! with their grammar: English with the article they take ([`en::article`]), Russian in the
//! case the sentence needs ([`Case`]) and numbers with the noun form they govern
//! ([`ru::plural`]).
//!
//! ```
//! use dealcraft_core::scenario::{Lang, SocialStyle};
//! use dealcraft_core::vocab::{self, Case};
//!
//! assert_eq!(vocab::en::style_person(SocialStyle::Analytical), "an analytical person");
//! assert_eq!(vocab::ru::style_person(SocialStyle::Analytical, Case::Dat), "клиенту-аналитику");
//! assert_eq!(vocab::stage(Lang::Ru, dealcraft_core::Stage::Needs), "Потребности");
//! ```

pub mod en;
pub mod ru;

use crate::bots::BotKind;
use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, QuestionKind, Stage, Technique,
};
use crate::scenario::{Difficulty, Knowledge, Lang, Scenario, SocialStyle};
use crate::session::Mood;

/// A Russian grammatical case, for words that go into a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Именительный: «тёплое приветствие подошло».
    Nom,
    /// Родительный: «вы начали с тёплого приветствия».
    Gen,
    /// Дательный: «подошло клиенту-аналитику».
    Dat,
}

/// The English or the Russian of a text.
pub fn t<T>(lang: Lang, en: T, ru: T) -> T {
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

pub fn stage(lang: Lang, s: Stage) -> &'static str {
    t(lang, en::stage(s), ru::stage(s))
}

/// A stage's name where room is short (a chart's axis): the long Russian names abbreviated.
pub fn stage_short(lang: Lang, s: Stage) -> &'static str {
    t(lang, en::stage(s), ru::stage_short(s))
}

pub fn style(lang: Lang, s: SocialStyle) -> &'static str {
    t(lang, en::style(s), ru::style(s))
}

pub fn difficulty(lang: Lang, d: Difficulty) -> &'static str {
    t(lang, en::difficulty(d), ru::difficulty(d))
}

pub fn contact(lang: Lang, c: ContactStyle) -> &'static str {
    t(lang, en::contact(c), ru::contact(c))
}

pub fn question(lang: Lang, q: QuestionKind) -> &'static str {
    t(lang, en::question(q), ru::question(q))
}

pub fn technique(lang: Lang, x: Technique) -> &'static str {
    t(lang, en::technique(x), ru::technique(x))
}

pub fn close(lang: Lang, c: CloseTechnique) -> &'static str {
    t(lang, en::close(c), ru::close(c))
}

pub fn after_sale(lang: Lang, a: AfterSale) -> &'static str {
    t(lang, en::after_sale(a), ru::after_sale(a))
}

pub fn debt(lang: Lang, d: DebtAction) -> &'static str {
    t(lang, en::debt(d), ru::debt(d))
}

pub fn knowledge(lang: Lang, k: Knowledge) -> &'static str {
    t(lang, en::knowledge(k), ru::knowledge(k))
}

pub fn mood(lang: Lang, m: Mood) -> &'static str {
    t(lang, en::mood(m), ru::mood(m))
}

/// How a session ended, by its outcome key (`deal`, `client_left`, ...; anything else reads
/// as in progress).
pub fn outcome(lang: Lang, key: &str) -> &'static str {
    t(lang, en::outcome(key), ru::outcome(key))
}

pub fn bot(lang: Lang, b: BotKind) -> &'static str {
    t(lang, en::bot(b), ru::bot(b))
}

/// A move in a sentence (the nominative in Russian): "a problem question about “downtime”".
pub fn move_phrase(lang: Lang, mv: &crate::Move, sc: &Scenario) -> String {
    match lang {
        Lang::En => en::move_phrase(mv, sc),
        Lang::Ru => ru::move_phrase(mv, sc, Case::Nom),
    }
}

/// A scenario's names for the ids moves carry; an unknown id stands for itself.
pub(crate) struct Names<'a>(pub(crate) &'a Scenario);

impl<'a> Names<'a> {
    pub(crate) fn need(&self, id: &'a str) -> &'a str {
        self.0.need(id).map_or(id, |(_, n)| n.topic.as_str())
    }

    pub(crate) fn feature(&self, id: &'a str) -> &'a str {
        self.0.feature(id).map_or(id, |(_, f)| f.name.as_str())
    }

    pub(crate) fn objection(&self, id: &'a str) -> &'a str {
        self.0.objection(id).map_or(id, |(_, o)| o.topic.as_str())
    }
}
