//! The built-in phrase bank: examples of every move kind in English and Russian, the
//! classifier's training set before any scenario adds its own.

mod en;
mod ru;

use super::kind::Kind;
use crate::scenario::Lang;

pub fn bank(lang: Lang) -> &'static [(Kind, &'static [&'static str])] {
    match lang {
        Lang::En => en::BANK,
        Lang::Ru => ru::BANK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_examples_in_both_languages() {
        for lang in [Lang::En, Lang::Ru] {
            for kind in Kind::all() {
                let n: usize = bank(lang)
                    .iter()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, p)| p.len())
                    .sum();
                assert!(n >= 5, "{lang:?} {kind}: {n} examples");
            }
        }
    }
}
