//! Examples learned from the labelled development lines of `tests/utterances/`: how trainees
//! really type, as classifier features, added to the phrase bank when an interpreter is built.
//!
//! The features are taken once from each line with its own scenario's words (so "fuel costs"
//! on one scenario and «кофемашины» on another both become `#need`) and kept in
//! `bank/learned.txt`; reading them back costs far less than stemming the lines each time.
//! `generate` rebuilds that file, and a test holds it equal to what the lines give today. The
//! held-out and blind lines are never learned from: they measure the interpreter.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::scenario::Lang;

use super::Interpreter;
use super::eval::Labelled;
use super::kind::Kind;
use super::targets::Turn;

/// The learned examples: `lang<TAB>kind<TAB>features separated by spaces`, one per line.
const LEARNED: &str = include_str!("bank/learned.txt");

/// The learned examples in `lang`, parsed once per process.
pub fn examples(lang: Lang) -> &'static [(Kind, Vec<String>)] {
    static EN: OnceLock<Vec<(Kind, Vec<String>)>> = OnceLock::new();
    static RU: OnceLock<Vec<(Kind, Vec<String>)>> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
    };
    cell.get_or_init(|| parse(LEARNED, lang))
}

fn parse(source: &str, lang: Lang) -> Vec<(Kind, Vec<String>)> {
    // Kinds by the name the file gives them (a lookup, not a RON parse per line).
    let kinds: HashMap<String, Kind> = Kind::all()
        .into_iter()
        .map(|k| (k.to_string(), k))
        .collect();
    source
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let (code, kind, features) = (parts.next()?, parts.next()?, parts.next()?);
            if code != lang.code() {
                return None;
            }
            // The file is generated and checked by a test: a kind it does not know is a bug.
            let kind = *kinds.get(kind).expect("bank/learned.txt names a kind");
            Some((kind, features.split(' ').map(str::to_owned).collect()))
        })
        .collect()
}

/// The text of `bank/learned.txt` for these labelled lines, each read with the interpreter of
/// its scenario.
pub fn generate<'a>(corpus: impl IntoIterator<Item = (&'a Interpreter, &'a [Labelled])>) -> String {
    let mut out = String::new();
    for (reader, lines) in corpus {
        for l in lines {
            let lang = reader.lang_of(&l.text);
            let Some(kind) = Kind::of(&l.mv) else {
                continue;
            };
            let features = Turn::new(reader, &l.text).features();
            out.push_str(&format!(
                "{}\t{kind}\t{}\n",
                lang.code(),
                features.join(" ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_learned_line_parses_into_its_language() {
        let en = parse(LEARNED, Lang::En);
        let ru = parse(LEARNED, Lang::Ru);
        assert_eq!(en.len() + ru.len(), LEARNED.lines().count());
        assert!(
            en.len() >= 200 && ru.len() >= 200,
            "{} / {}",
            en.len(),
            ru.len()
        );
        assert!(en.iter().chain(&ru).all(|(_, f)| !f.is_empty()));
    }
}
