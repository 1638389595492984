//! The desktop app's language and its own words; the simulation's names come from the core's
//! vocabulary (`dealcraft_core::vocab`), scenario text stays in its own language.

use dealcraft_core::Stage;
use dealcraft_core::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, QuestionKind, Technique,
};
use dealcraft_core::scenario::{Difficulty, Knowledge, SocialStyle};
use dealcraft_core::session::Mood;
use dealcraft_core::vocab;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum UiLang {
    #[default]
    En,
    Ru,
}

impl UiLang {
    /// The core's language, for text the core writes (findings, balance flags).
    pub fn core(self) -> dealcraft_core::scenario::Lang {
        match self {
            UiLang::En => dealcraft_core::scenario::Lang::En,
            UiLang::Ru => dealcraft_core::scenario::Lang::Ru,
        }
    }

    /// The UI language for a language of the core (a scenario's).
    pub fn from_core(lang: dealcraft_core::scenario::Lang) -> UiLang {
        match lang {
            dealcraft_core::scenario::Lang::En => UiLang::En,
            dealcraft_core::scenario::Lang::Ru => UiLang::Ru,
        }
    }
}

/// A UI string: `t(lang, "English", "Русский")` keeps both languages side by side at the call.
pub fn t(lang: UiLang, en: &'static str, ru: &'static str) -> &'static str {
    match lang {
        UiLang::En => en,
        UiLang::Ru => ru,
    }
}

pub fn stage(lang: UiLang, s: Stage) -> &'static str {
    vocab::stage(lang.core(), s)
}

pub fn style(lang: UiLang, s: SocialStyle) -> &'static str {
    vocab::style(lang.core(), s)
}

pub fn difficulty(lang: UiLang, d: Difficulty) -> &'static str {
    vocab::difficulty(lang.core(), d)
}

pub fn contact(lang: UiLang, c: ContactStyle) -> &'static str {
    vocab::contact(lang.core(), c)
}

pub fn question(lang: UiLang, q: QuestionKind) -> &'static str {
    vocab::question(lang.core(), q)
}

pub fn technique(lang: UiLang, x: Technique) -> &'static str {
    vocab::technique(lang.core(), x)
}

pub fn close(lang: UiLang, c: CloseTechnique) -> &'static str {
    vocab::close(lang.core(), c)
}

pub fn after_sale(lang: UiLang, a: AfterSale) -> &'static str {
    vocab::after_sale(lang.core(), a)
}

pub fn debt(lang: UiLang, d: DebtAction) -> &'static str {
    vocab::debt(lang.core(), d)
}

pub fn knowledge(lang: UiLang, k: Knowledge) -> &'static str {
    vocab::knowledge(lang.core(), k)
}

/// The mood as an icon and a word.
pub fn mood(lang: UiLang, m: Mood) -> (&'static str, &'static str) {
    let icon = match m {
        Mood::Hostile => "😠",
        Mood::Impatient => "⌛",
        Mood::Guarded => "😐",
        Mood::Neutral => "🙂",
        Mood::Engaged => "😊",
        Mood::Keen => "😃",
    };
    (icon, vocab::mood(lang.core(), m))
}

pub fn outcome(lang: UiLang, key: &str) -> &'static str {
    vocab::outcome(lang.core(), key)
}
