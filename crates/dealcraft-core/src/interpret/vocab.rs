//! The scenario's own words: which need, feature, objection or term option a turn speaks of,
//! by the stems of their names, ids and lines.

use std::collections::HashMap;

use crate::moves::Id;
use crate::scenario::Scenario;

use super::text::{Stemmers, Word, is_stop};

/// Words that name a thing strongly (its name, topic, id) weigh this much.
const STRONG: f64 = 3.0;
/// Words from its lines weigh this much: it takes a few of them to name it.
const WEAK: f64 = 0.6;
/// A stem that shares its first five letters with a target's stem counts this much of it
/// ("tacho" and "tachograph").
const PREFIX: f64 = 0.6;

/// One need, feature or objection as a weighted bag of stems.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: Id,
    weights: HashMap<String, f64>,
}

/// A term of the deal: its options' stems.
#[derive(Debug, Clone)]
pub struct TermWords {
    pub id: Id,
    pub default: usize,
    options: Vec<Vec<String>>,
}

/// Everything of the scenario a turn may name.
#[derive(Debug, Clone)]
pub struct Vocab {
    pub needs: Vec<Target>,
    pub features: Vec<Target>,
    pub objections: Vec<Target>,
    pub terms: Vec<TermWords>,
    /// Stems of the client's and the company's names.
    pub names: Vec<String>,
}

/// Extra words for an objection about money, which clients voice in many ways.
const MONEY: &[&str] = &[
    "price",
    "expens",
    "cost",
    "money",
    "cheap",
    "cheaper",
    "afford",
    "amount",
    "invest",
    "pricey",
    "steep",
    "дорог",
    "цен",
    "стоимост",
    "деньг",
    "сумм",
    "дешевл",
    "дешев",
];

impl Vocab {
    pub fn new(sc: &Scenario, stem: &Stemmers) -> Vocab {
        let needs = sc.needs.iter().map(|n| {
            let l = &n.lines;
            let lines = [
                &l.situation,
                &l.problem,
                &l.implication,
                &l.need_payoff,
                &l.present,
            ];
            let weak: Vec<&str> = lines.into_iter().flatten().map(String::as_str).collect();
            (n.id.as_str(), vec![n.topic.as_str()], weak)
        });
        let features = sc.product.features.iter().map(|f| {
            let weak = f.pitch.iter().map(String::as_str).collect();
            (f.id.as_str(), vec![f.name.as_str()], weak)
        });
        let objections = sc.objections.iter().map(|o| {
            let l = &o.lines;
            let weak = l.raise.iter().chain(&l.clarify).chain(&l.doubt);
            let mut strong = vec![o.topic.as_str()];
            if o.id == "price" {
                strong.extend(MONEY);
            }
            (o.id.as_str(), strong, weak.map(String::as_str).collect())
        });
        let terms = sc
            .product
            .terms
            .iter()
            .map(|t| TermWords {
                id: t.id.as_str().into(),
                default: t.default,
                options: t.options.iter().map(|o| content(stem, &o.label)).collect(),
            })
            .collect();
        let names = content(stem, &format!("{} {}", sc.client.name, sc.client.company));
        let (needs, features, objections) = (
            bags(stem, needs),
            bags(stem, features),
            bags(stem, objections),
        );
        // A word many of the scenario's things share tells them apart less.
        let all: Vec<&Bag> = needs.iter().chain(&features).chain(&objections).collect();
        let idf = idf(&all);
        Vocab {
            needs: weigh(needs, &idf),
            features: weigh(features, &idf),
            objections: weigh(objections, &idf),
            terms,
            names,
        }
    }
}

/// Content stems of a text: no stop words or single letters (figures stay).
pub fn content(stem: &Stemmers, text: &str) -> Vec<String> {
    stem.words(text)
        .into_iter()
        .map(|w| w.stem)
        .filter(|s| !is_stop(s) && (s.chars().count() > 1 || is_number(s)))
        .collect()
}

fn is_number(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

type Source<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>);

type Bag = (Id, HashMap<String, f64>);

/// A bag of stems for each target: its name words strong, its lines' words weak.
fn bags<'a>(stem: &Stemmers, sources: impl Iterator<Item = Source<'a>>) -> Vec<Bag> {
    let mut bags: Vec<Bag> = Vec::new();
    for (id, strong, weak) in sources {
        let mut bag: HashMap<String, f64> = HashMap::new();
        // Figures name no topic ("4 часа" is a service level, «три пункта» a count).
        let words = |text: &str| content(stem, text).into_iter().filter(|s| !is_number(s));
        for text in weak {
            for s in words(text) {
                bag.entry(s).or_insert(WEAK);
            }
        }
        let id_words = id.replace('-', " ");
        for text in strong.into_iter().chain([id_words.as_str()]) {
            for s in words(text) {
                bag.insert(s, STRONG);
            }
        }
        bags.push((id.into(), bag));
    }
    bags
}

/// The inverse document frequency of every stem over all bags.
fn idf(bags: &[&Bag]) -> HashMap<String, f64> {
    let n = bags.len() as f64;
    let mut df: HashMap<String, f64> = HashMap::new();
    for (_, bag) in bags {
        for s in bag.keys() {
            *df.entry(s.clone()).or_default() += 1.0;
        }
    }
    df.into_iter()
        .map(|(s, d)| (s, ((n + 1.0) / d).ln()))
        .collect()
}

/// Targets with their stems weighed by how rare they are.
fn weigh(bags: Vec<Bag>, idf: &HashMap<String, f64>) -> Vec<Target> {
    bags.into_iter()
        .map(|(id, bag)| Target {
            id,
            weights: bag
                .into_iter()
                .map(|(s, w)| {
                    let idf = idf.get(&s).copied().unwrap_or(1.0);
                    (s, w * idf)
                })
                .collect(),
        })
        .collect()
}

impl Target {
    /// A target no words name.
    pub fn nothing() -> Target {
        Target {
            id: Id::default(),
            weights: HashMap::new(),
        }
    }

    /// How many of the target's name words the stems say.
    pub fn names_said(&self, stems: &[&str]) -> usize {
        let mut said: Vec<&str> = stems.iter().copied().filter(|s| self.names(s)).collect();
        said.sort();
        said.dedup();
        said.len()
    }

    /// How strongly the stems speak of this target.
    pub fn score(&self, stems: &[&str]) -> f64 {
        let mut seen: Vec<&str> = Vec::new();
        let mut total = 0.0;
        for s in stems {
            if seen.contains(s) || is_stop(s) {
                continue;
            }
            seen.push(s);
            total += self.weight(s);
        }
        total
    }

    fn weight(&self, s: &str) -> f64 {
        if let Some(w) = self.weights.get(s) {
            return *w;
        }
        if s.chars().count() < 5 || is_number(s) {
            return 0.0;
        }
        let prefix: String = s.chars().take(5).collect();
        self.weights
            .iter()
            .filter(|(t, _)| t.starts_with(&prefix))
            .map(|(_, w)| w * PREFIX)
            .fold(0.0, f64::max)
    }

    /// Whether `s` is one of this target's strong (name) words.
    pub fn names(&self, s: &str) -> bool {
        self.weights.get(s).is_some_and(|w| *w >= STRONG * 0.5)
    }
}

/// The best-scoring target above `threshold`: its index and score.
pub fn best(targets: &[Target], stems: &[&str], threshold: f64) -> Option<(usize, f64)> {
    targets
        .iter()
        .enumerate()
        .map(|(i, t)| (i, t.score(stems)))
        .filter(|(_, s)| *s >= threshold)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

impl TermWords {
    /// The option the words name, if it is not the default one: every word of its label
    /// counts, a number of the label missing from the text counts against it.
    pub fn chosen(&self, words: &[Word], numbers: &[String]) -> Option<usize> {
        let has = |s: &str| words.iter().any(|w| w.stem == s) || numbers.iter().any(|n| n == s);
        let score = |label: &Vec<String>| {
            if label.is_empty() {
                return 0.0;
            }
            let mut score = 0.0;
            for s in label {
                let number = s.bytes().all(|b| b.is_ascii_digit());
                match (has(s), number) {
                    (true, _) => score += 1.0,
                    (false, true) => score -= 1.0,
                    (false, false) => {}
                }
            }
            score / label.len() as f64
        };
        let scores: Vec<f64> = self.options.iter().map(score).collect();
        let (best, top) = scores
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
        let clear = scores
            .iter()
            .enumerate()
            .all(|(i, s)| i == best || *s < *top);
        (best != self.default && *top >= 0.5 && clear).then_some(best)
    }
}
