//! One turn taken apart: its words, what of the scenario it names, the price and terms in it;
//! the classifier's features; and the move of a given kind it makes.

use crate::moves::{Id, Move, QuestionKind, Terms};
use crate::session::Session;

use super::Interpreter;
use super::kind::Kind;
use super::numbers::amounts;
use super::text::{self, Stemmers, Word, is_stop};
use super::vocab::{Target, best};

/// A need, feature or objection counts as named from this score (one of its name words, or
/// two words of its lines).
const NAMED: f64 = 2.5;
/// Lower, for a need named beside a feature: "since fuel is your biggest cost".
const NAMED_BESIDE: f64 = 2.5;

/// The markers the classifier sees in place of the scenario's words.
const NEED: &str = "#need";
const FEATURE: &str = "#feat";
const OBJECTION: &str = "#obj";
const PRICE: &str = "#price";
const TERM: &str = "#term";
const NAME: &str = "#name";
const QUESTION: &str = "#q";

pub struct Turn<'a> {
    reader: &'a Interpreter,
    words: Vec<Word>,
    question: bool,
    need: Option<usize>,
    feature: Option<(usize, f64)>,
    /// How many of the feature's name words were said.
    feature_words: usize,
    objection: Option<(usize, f64)>,
    /// The need named besides the feature's own words, for a presentation.
    present_need: Option<usize>,
    price: Option<u64>,
    money: bool,
    terms: Terms,
}

impl<'a> Turn<'a> {
    pub fn new(reader: &'a Interpreter, text: &str) -> Turn<'a> {
        let words = reader.stem.words(text);
        let stems: Vec<&str> = words.iter().map(|w| w.stem.as_str()).collect();
        let v = &reader.vocab;
        let need = best(&v.needs, &stems, NAMED);
        // A feature is named by its own words, not by the need's it shares ("fuel").
        let unneeded = match need {
            Some((n, _)) => without_names(&stems, &v.needs[n]),
            None => stems.clone(),
        };
        let feature = best(&v.features, &unneeded, NAMED);
        let rest: Vec<&str> = match feature {
            Some((f, _)) => without_names(&stems, &v.features[f]),
            None => stems.clone(),
        };
        // Beside a feature, a need counts only when one of its own name words is said.
        let named: Vec<Target> = v
            .needs
            .iter()
            .map(|n| match rest.iter().any(|s| n.names(s)) {
                true => n.clone(),
                false => Target::nothing(),
            })
            .collect();
        let present_need = best(&named, &rest, NAMED_BESIDE).map(|(i, _)| i);
        let found = amounts(text);
        let plausible = |a: u64| a * 5 >= reader.floor_price && a <= reader.list_price * 3;
        let price = found.iter().map(|a| a.value).rfind(|a| plausible(*a));
        // Small figures are counts (years, days, per cent): the terms may name them.
        let mut small: Vec<String> = found
            .iter()
            .filter(|a| !a.scaled && a.value < 1000 && Some(a.value) != price)
            .map(|a| a.value.to_string())
            .collect();
        // «трёхлетний»: the count inside a word.
        small.extend(
            words
                .iter()
                .filter(|w| text::counted(&w.text).is_some())
                .map(|w| w.stem.clone()),
        );
        let wordy: Vec<Word> = words.iter().filter(|w| !w.is_number()).cloned().collect();
        let terms = v
            .terms
            .iter()
            .filter_map(|t| t.chosen(&wordy, &small).map(|o| (t.id.clone(), o)))
            .collect();
        let feature_words = feature.map_or(0, |(f, _)| v.features[f].names_said(&unneeded));
        Turn {
            feature_words,
            reader,
            question: text.contains('?'),
            need: need.map(|(i, _)| i),
            feature,
            objection: best(&v.objections, &stems, NAMED),
            present_need,
            money: price.is_some() || found.iter().any(|a| a.scaled),
            price,
            terms,
            words,
        }
    }

    /// The classifier's features: stems and pairs of stems, the scenario's words replaced by
    /// markers, and marks for a question, a price and terms.
    pub fn features(&self) -> Vec<String> {
        let v = &self.reader.vocab;
        let named =
            |i: Option<usize>, targets: &[Target], s: &str| i.is_some_and(|i| targets[i].names(s));
        let tokens: Vec<String> = self
            .words
            .iter()
            .filter(|w| !w.is_number())
            .map(|w| {
                let s = w.stem.as_str();
                if named(self.feature.map(|f| f.0), &v.features, s) {
                    // One word of a long name ("монтаж") may be the trade's word, not the feature.
                    match self.feature_words {
                        1 => "#feat1".to_owned(),
                        _ => FEATURE.to_owned(),
                    }
                } else if named(self.need.or(self.present_need), &v.needs, s) {
                    NEED.to_owned()
                } else if named(self.objection.map(|o| o.0), &v.objections, s) {
                    OBJECTION.to_owned()
                } else if v.names.iter().any(|n| n == s) {
                    NAME.to_owned()
                } else {
                    s.to_owned()
                }
            })
            .collect();
        let mut flags = Vec::new();
        if self.question {
            flags.push(QUESTION.to_owned());
        }
        if self.money {
            flags.push(PRICE.to_owned());
        }
        if !self.terms.is_empty() {
            flags.push(TERM.to_owned());
        }
        features(tokens, flags)
    }

    /// The move of `kind` this turn makes, its targets from the text (or, left open, from the
    /// session); `None` when no such move could be played.
    pub fn to_move(&self, kind: Kind, session: Option<&Session>) -> Option<Move> {
        let mv = match kind {
            Kind::Greet(s) => Move::Greet(s),
            Kind::SetAgenda => Move::SetAgenda,
            Kind::SmallTalk => Move::SmallTalk,
            Kind::Ask(k) => Move::Ask {
                kind: k,
                need: self.need_for(k, session),
            },
            Kind::Summarize => Move::Summarize,
            Kind::Present => self.present(session)?,
            Kind::Handle(technique) => Move::Handle {
                objection: self.objection_for(session)?,
                technique,
            },
            Kind::Offer => Move::Offer {
                price: self.price_for(session),
                terms: self.terms.clone(),
            },
            Kind::AcceptCounter => Move::AcceptCounter,
            Kind::WalkAway => Move::WalkAway,
            Kind::Close(t) => Move::Close(t),
            Kind::NextSteps => Move::NextSteps,
            Kind::FollowUp(a) => Move::FollowUp(a),
            Kind::Collect(_) if !self.reader.debt => return None,
            Kind::Collect(a) => Move::Collect(a),
            Kind::End => Move::End,
        };
        let Some(session) = session else {
            return Some(mv);
        };
        if session.check_move(&mv).is_ok() {
            return Some(mv);
        }
        // A need the client has not brought up yet cannot be a target: ask or present without it.
        let open = match mv {
            Move::Ask {
                kind,
                need: Some(_),
            } => Move::Ask { kind, need: None },
            Move::Present {
                feature,
                need: Some(_),
            } => Move::Present {
                feature,
                need: None,
            },
            _ => return None,
        };
        session.check_move(&open).is_ok().then_some(open)
    }

    fn need_id(&self, i: usize) -> Id {
        self.reader.vocab.needs[i].id.clone()
    }

    fn need_for(&self, kind: QuestionKind, session: Option<&Session>) -> Option<Id> {
        // A situation question about a topic the client has not brought up is an open one:
        // `to_move` drops the need then.
        if let Some(i) = self.need {
            return Some(self.need_id(i));
        }
        if matches!(kind, QuestionKind::Situation | QuestionKind::Problem) {
            return None;
        }
        // "What does that cost you?": the need just talked about.
        session?.moves().iter().rev().find_map(|m| match m {
            Move::Ask { need: Some(n), .. } => Some(n.clone()),
            _ => None,
        })
    }

    fn present(&self, session: Option<&Session>) -> Option<Move> {
        let features = &self.reader.vocab.features;
        let f = match self.feature {
            Some((f, _)) => f,
            None => {
                let stems: Vec<&str> = self.words.iter().map(|w| w.stem.as_str()).collect();
                best(features, &stems, f64::MIN_POSITIVE).map_or(0, |b| b.0)
            }
        };
        let need = self.present_need.or(self.need).map(|i| self.need_id(i));
        let _ = session;
        Some(Move::Present {
            feature: features.get(f)?.id.clone(),
            need,
        })
    }

    fn objection_for(&self, session: Option<&Session>) -> Option<Id> {
        let objections = &self.reader.vocab.objections;
        let stems: Vec<&str> = self.words.iter().map(|w| w.stem.as_str()).collect();
        match session {
            Some(session) => {
                let open = session.open_objections();
                let scored = open.iter().map(|(id, _)| {
                    let score = objections
                        .iter()
                        .find(|o| o.id == *id)
                        .map_or(0.0, |o| o.score(&stems));
                    (*id, score)
                });
                // The one named most, else the first still open.
                let (id, _) = scored.fold(None, |acc: Option<(&str, f64)>, (id, s)| match acc {
                    Some((_, best)) if best >= s => acc,
                    _ => Some((id, s)),
                })?;
                Some(id.into())
            }
            None => {
                let (i, _) = self
                    .objection
                    .or_else(|| best(objections, &stems, f64::MIN_POSITIVE))
                    .or_else(|| {
                        let price = objections.iter().position(|o| o.id == "price");
                        Some((price.unwrap_or(0), 0.0))
                    })?;
                objections.get(i).map(|o| o.id.clone())
            }
        }
    }

    fn price_for(&self, session: Option<&Session>) -> u64 {
        self.price
            .or_else(|| {
                let offers = &session?.client().negotiation.seller_offers;
                offers.last().map(|(p, _)| *p)
            })
            .unwrap_or(self.reader.list_price)
    }
}

/// The stems without the target's name words (each left out once).
fn without_names<'s>(stems: &[&'s str], target: &Target) -> Vec<&'s str> {
    let mut used: Vec<&str> = Vec::new();
    stems
        .iter()
        .filter(|s| {
            if target.names(s) && !used.contains(s) {
                used.push(s);
                false
            } else {
                true
            }
        })
        .copied()
        .collect()
}

/// Features of a phrase-bank or scenario example: its placeholders become the markers.
pub fn template_features(stem: &Stemmers, template: &str) -> Vec<String> {
    let marked = template
        .replace("{need}", " qqneed ")
        .replace("{topic}", " qqneed ")
        .replace("{feature}", " qqfeature ")
        .replace("{objection}", " qqobjection ")
        .replace("{price}", " qqprice ")
        .replace("{term}", " qqterm ")
        .replace("{name}", " qqname ");
    let mut flags = Vec::new();
    if template.contains('?') {
        flags.push(QUESTION.to_owned());
    }
    if template.contains("{price}") || amounts(&marked).iter().any(|a| a.value >= 1000 || a.scaled)
    {
        flags.push(PRICE.to_owned());
    }
    if template.contains("{term}") {
        flags.push(TERM.to_owned());
    }
    let tokens = stem
        .words(&marked)
        .into_iter()
        .filter(|w| !w.is_number())
        .map(|w| match w.stem.as_str() {
            s if s.starts_with("qqneed") => NEED.to_owned(),
            s if s.starts_with("qqfeatur") => FEATURE.to_owned(),
            s if s.starts_with("qqobject") => OBJECTION.to_owned(),
            s if s.starts_with("qqprice") => PRICE.to_owned(),
            s if s.starts_with("qqterm") => TERM.to_owned(),
            s if s.starts_with("qqname") => NAME.to_owned(),
            s => s.to_owned(),
        })
        .collect();
    features(tokens, flags)
}

/// Unigrams (stop words too: "what", "if" tell questions apart), pairs, then the flags; each
/// once.
fn features(tokens: Vec<String>, flags: Vec<String>) -> Vec<String> {
    let mut tokens = tokens;
    // Two markers in a row ("fuel costs" → #need #need) are one mention.
    tokens.dedup_by(|a, b| a == b && a.starts_with('#'));
    let mut out: Vec<String> = tokens.clone();
    // The first letters of longer stems: other forms of a word, and typos at its end.
    for t in &tokens {
        if !t.starts_with('#') && t.chars().count() > 5 {
            out.push(format!("~{}", t.chars().take(4).collect::<String>()));
        }
    }
    for pair in tokens.windows(2) {
        out.push(format!("{}_{}", pair[0], pair[1]));
    }
    out.extend(flags);
    out.sort();
    out.dedup();
    // Single letters say nothing.
    out.retain(|f| f.chars().count() > 1 || f.starts_with('#'));
    let _ = is_stop;
    out
}
