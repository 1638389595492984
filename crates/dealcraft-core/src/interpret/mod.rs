//! Reading typed turns: what a trainee writes in their own words, mapped to a move, offline and
//! deterministically.
//!
//! A turn is split into words and stemmed (Snowball, English or Russian by its letters); the
//! scenario's own vocabulary says which need, feature, objection or term it speaks of, and
//! figures or number words give the price. A softmax regression, trained when the
//! interpreter is built on a phrase bank for every move kind in both languages plus the
//! scenario's own `phrases`, says what kind of move it is. The reading is only a proposal: the
//! trainee confirms it, and only the confirmed move enters the log.
//!
//! ```
//! use dealcraft_core::bundled;
//! use dealcraft_core::interpret::Interpreter;
//!
//! let sc = bundled::load("fleet-telematics").unwrap().scenario;
//! let reader = Interpreter::new(&sc);
//! let reading = reader.read("What does all that wasted diesel cost you a year?", None, None);
//! assert_eq!(
//!     reading.best().unwrap().mv.to_string(),
//!     r#"Ask(kind:Implication,need:Some("fuel-costs"))"#
//! );
//! ```

mod bank;
mod classify;
mod describe;
pub mod eval;
pub mod examples;
mod kind;
pub mod learned;
mod numbers;
mod targets;
mod text;
mod vocab;

use crate::moves::Move;
use crate::scenario::{Lang, Scenario};
use crate::session::Session;

pub use describe::{describe, did_you_mean, read_as};
pub use kind::Kind;
pub use numbers::{Amount, amounts};
pub use text::detect as language_of;

use classify::Classifier;
use text::Stemmers;
use vocab::Vocab;

/// A reading below this confidence is not played: the trainee is asked what they meant.
pub const MIN_CONFIDENCE: f64 = 0.3;
/// How many readings are offered: the best and two next-best.
pub const READINGS: usize = 3;

/// Reads typed turns for one scenario; build once per scenario (it trains a classifier).
pub struct Interpreter {
    stem: Stemmers,
    vocab: Vocab,
    en: Classifier,
    ru: Classifier,
    language: Lang,
    list_price: u64,
    floor_price: u64,
    debt: bool,
}

/// One way to read a turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub mv: Move,
    /// 0–1, among the readings that could be played.
    pub confidence: f64,
}

/// How a turn was read: the readings, best first, and whether the best is clear enough to
/// offer as *the* reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub lang: Lang,
    pub candidates: Vec<Candidate>,
    pub understood: bool,
}

impl Reading {
    /// The reading to confirm, when the turn was understood.
    pub fn best(&self) -> Option<&Candidate> {
        self.candidates.first().filter(|_| self.understood)
    }

    /// The next-best readings (all of them, when the turn was not understood).
    pub fn alternatives(&self) -> &[Candidate] {
        match self.understood {
            true => self.candidates.get(1..).unwrap_or(&[]),
            false => &self.candidates,
        }
    }
}

impl Interpreter {
    pub fn new(sc: &Scenario) -> Interpreter {
        let stem = Stemmers::default();
        let vocab = Vocab::new(sc, &stem);
        let train = |lang: Lang| {
            let mut own: Vec<(Kind, Vec<String>)> = Vec::new();
            for (kind, phrases) in bank::bank(lang) {
                for p in *phrases {
                    own.push((*kind, targets::template_features(&stem, p)));
                }
            }
            for (kind, phrases) in &sc.phrases {
                for p in phrases.iter().filter(|p| text::detect(p) == Some(lang)) {
                    own.push((*kind, targets::template_features(&stem, p)));
                }
            }
            let examples: Vec<(Kind, &[String])> = own
                .iter()
                .chain(learned::examples(lang))
                .map(|(k, f)| (*k, f.as_slice()))
                .collect();
            Classifier::train(&examples)
        };
        // The two languages' models are independent: trained side by side.
        let (en, ru) = std::thread::scope(|scope| {
            let ru = scope.spawn(|| train(Lang::Ru));
            let en = train(Lang::En);
            (
                en,
                ru.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        });
        Interpreter {
            en,
            ru,
            stem,
            vocab,
            language: sc.language,
            list_price: sc.product.list_price,
            floor_price: sc.product.floor_price,
            debt: sc.debt.is_some(),
        }
    }

    /// The language `text` is read in when none is given: its letters', else the scenario's.
    pub fn lang_of(&self, text: &str) -> Lang {
        text::detect(text).unwrap_or(self.language)
    }

    /// Reads `text` in `lang` (by default the language its letters are in, else the
    /// scenario's). With a session, only moves it would accept are offered, and targets the
    /// text leaves open come from it (the one open objection, the need last asked about).
    pub fn read(&self, text: &str, lang: Option<Lang>, session: Option<&Session>) -> Reading {
        let lang = lang.unwrap_or_else(|| self.lang_of(text));
        let turn = targets::Turn::new(self, text);
        let model = match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
        };
        let features = turn.features();
        let known = model.known(&features);
        let scores = model.scores(&features);
        let mut moves: Vec<(Move, f64)> = Vec::new();
        let mut playable = 0.0;
        for (kind, p) in scores {
            let Some(mv) = turn.to_move(kind, session) else {
                continue;
            };
            playable += p;
            if moves.len() < READINGS && !moves.iter().any(|(m, _)| *m == mv) {
                moves.push((mv, p));
            }
        }
        // Kinds that cannot be played here (no debt, a refused move) leave their share to the
        // others.
        let playable: f64 = playable.max(f64::MIN_POSITIVE);
        let candidates: Vec<Candidate> = moves
            .into_iter()
            .map(|(mv, p)| Candidate {
                mv,
                confidence: (p / playable).min(1.0),
            })
            .collect();
        let understood = known > 0
            && candidates
                .first()
                .is_some_and(|c| c.confidence >= MIN_CONFIDENCE);
        Reading {
            lang,
            candidates,
            understood,
        }
    }
}
