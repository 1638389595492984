//! Words of a typed turn: lower-cased, split, and stemmed with the Snowball stemmer of their
//! script (English for Latin letters, Russian for Cyrillic).

use rust_stemmers::{Algorithm, Stemmer};

use crate::scenario::Lang;

/// The two stemmers, built once per interpreter.
pub struct Stemmers {
    en: Stemmer,
    ru: Stemmer,
}

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers {
            en: Stemmer::create(Algorithm::English),
            ru: Stemmer::create(Algorithm::Russian),
        }
    }
}

/// One word of the text: as written (lower case) and its stem. Numbers written as words
/// ("three", «трёх») are given as digits, so "3 years" and "three years" read the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub stem: String,
}

impl Word {
    pub fn is_number(&self) -> bool {
        self.stem.bytes().all(|b| b.is_ascii_digit())
    }
}

impl Stemmers {
    /// The words of `text`, in order. A Russian compound of a count and a unit («трёхлетний»,
    /// «шестимесячная») is two words, the count and the unit, as "three-year" is.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        for w in split(text) {
            if let Some((n, unit)) = counted(&w) {
                out.push(Word {
                    text: w,
                    stem: n.to_string(),
                });
                out.push(Word {
                    text: String::new(),
                    stem: unit.to_owned(),
                });
                continue;
            }
            let stem = match small_number(&w) {
                Some(n) => n.to_string(),
                None => self.stem(&w),
            };
            out.push(Word { text: w, stem });
        }
        out
    }

    fn stem(&self, word: &str) -> String {
        let stem = if is_cyrillic(word) {
            self.ru.stem(word).into_owned()
        } else {
            self.en.stem(word).into_owned()
        };
        synonym(&stem).unwrap_or(&stem).to_owned()
    }
}

/// Lower case, `ё` as `е`, split at anything that is not a letter or a digit.
pub fn split(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace('ё', "е");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn is_cyrillic(word: &str) -> bool {
    word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
}

/// The language a text is written in, by its letters; `None` without letters.
pub fn detect(text: &str) -> Option<Lang> {
    let (mut cyr, mut lat) = (0, 0);
    for c in text.chars() {
        if matches!(c, '\u{0400}'..='\u{04FF}') {
            cyr += 1;
        } else if c.is_ascii_alphabetic() {
            lat += 1;
        }
    }
    match (cyr, lat) {
        (0, 0) => None,
        _ if cyr >= lat => Some(Lang::Ru),
        _ => Some(Lang::En),
    }
}

/// Stems that mean the same for matching: year forms, "upfront" written apart.
fn synonym(stem: &str) -> Option<&'static str> {
    Some(match stem {
        "лет" | "годов" | "годик" => "год",
        "yr" | "yrs" => "year",
        "annual" | "annually" | "yearli" => "annual",
        "month" | "monthli" => "month",
        "мес" | "месяц" | "месяцев" => "месяц",
        _ => return None,
    })
}

/// A Russian compound adjective of a count and a unit: «трёхлетним» is (3, "год"),
/// «шестимесячная» (6, "месяц"), «девяностодневная» (90, "дн").
pub fn counted(word: &str) -> Option<(u64, &'static str)> {
    const COUNTS: &[(&str, u64)] = &[
        ("одно", 1),
        ("двух", 2),
        ("трех", 3),
        ("четырех", 4),
        ("пяти", 5),
        ("шести", 6),
        ("семи", 7),
        ("восьми", 8),
        ("девяти", 9),
        ("десяти", 10),
        ("двенадцати", 12),
        ("пятнадцати", 15),
        ("двадцати", 20),
        ("двадцатипяти", 25),
        ("тридцати", 30),
        ("шестидесяти", 60),
        ("девяносто", 90),
    ];
    const UNITS: &[(&str, &str)] = &[
        ("летн", "год"),
        ("годичн", "год"),
        ("месячн", "месяц"),
        ("дневн", "дн"),
    ];
    COUNTS.iter().find_map(|(prefix, n)| {
        let rest = word.strip_prefix(prefix)?;
        UNITS
            .iter()
            .find(|(unit, _)| rest.starts_with(unit))
            .map(|(_, stem)| (*n, *stem))
    })
}

/// Small numbers written as words, in both languages and their common cases.
pub fn small_number(word: &str) -> Option<u64> {
    Some(match word {
        "one" | "один" | "одна" | "одного" | "одну" | "одной" | "одни" | "одних" => {
            1
        }
        "two" | "два" | "две" | "двух" => 2,
        "three" | "три" | "трех" => 3,
        "four" | "четыре" | "четырех" => 4,
        "five" | "пять" | "пяти" => 5,
        "six" | "шесть" | "шести" => 6,
        "seven" | "семь" | "семи" => 7,
        "eight" | "восемь" | "восьми" => 8,
        "nine" | "девять" | "девяти" => 9,
        "ten" | "десять" | "десяти" => 10,
        "eleven" | "одиннадцать" => 11,
        "twelve" | "двенадцать" | "двенадцати" => 12,
        "fifteen" | "пятнадцать" => 15,
        "eighteen" | "восемнадцать" => 18,
        "twenty" | "двадцать" | "двадцати" => 20,
        "thirty" | "тридцать" | "тридцати" => 30,
        "forty" | "сорок" => 40,
        "fifty" | "пятьдесят" => 50,
        "sixty" | "шестьдесят" => 60,
        "ninety" | "девяносто" => 90,
        _ => return None,
    })
}

/// Words that carry no topic: left out when a turn is matched against the scenario's
/// needs, features and objections (the classifier keeps them: "what", "if" tell question kinds
/// apart).
pub fn is_stop(stem: &str) -> bool {
    const EN: &[&str] = &[
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "for", "with", "at", "by",
        "from", "is", "are", "was", "be", "it", "this", "that", "these", "those", "you", "your",
        "we", "our", "us", "i", "me", "my", "they", "their", "them", "he", "she", "his", "her",
        "do", "doe", "did", "have", "has", "had", "what", "how", "which", "who", "if", "so", "can",
        "could", "would", "will", "just", "about", "there", "here", "some", "ani", "all", "not",
        "no", "as", "up", "out", "let", "get", "go", "now", "then", "right", "ok", "okay", "well",
        "realli", "veri", "much", "more", "one", "s", "t", "m", "ll", "re", "ve", "d", "don",
        "yes", "yeah", "hi", "hello", "thank", "thanks", "look", "see", "show", "think", "know",
        "want", "like", "make", "say", "said", "mention", "tell", "talk",
    ];
    const RU: &[&str] = &[
        "и",
        "в",
        "во",
        "не",
        "на",
        "с",
        "со",
        "что",
        "как",
        "а",
        "но",
        "по",
        "к",
        "у",
        "за",
        "из",
        "о",
        "об",
        "от",
        "до",
        "для",
        "это",
        "эт",
        "то",
        "та",
        "те",
        "так",
        "же",
        "ли",
        "бы",
        "вы",
        "вас",
        "вам",
        "ваш",
        "мы",
        "нас",
        "нам",
        "наш",
        "я",
        "мне",
        "мен",
        "он",
        "она",
        "они",
        "их",
        "его",
        "ее",
        "есть",
        "был",
        "будет",
        "все",
        "вс",
        "очен",
        "уж",
        "тольк",
        "ещ",
        "сейчас",
        "тут",
        "там",
        "вот",
        "да",
        "нет",
        "ну",
        "если",
        "когд",
        "где",
        "кто",
        "чем",
        "котор",
        "при",
        "под",
        "над",
        "без",
        "т",
        "сам",
        "сво",
        "мож",
        "можн",
        "давайт",
        "скажит",
        "расскажит",
        "покаж",
        "покажу",
        "говор",
        "сказа",
    ];
    EN.contains(&stem) || RU.contains(&stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_stemmed_by_their_script_and_numbers_read_as_digits() {
        let s = Stemmers::default();
        let stems: Vec<String> = s
            .words("Fuel costs, ТРЁХ лет of coaching: three-year deal!")
            .into_iter()
            .map(|w| w.stem)
            .collect();
        assert_eq!(
            stems,
            [
                "fuel", "cost", "3", "год", "of", "coach", "3", "year", "deal"
            ]
        );
    }

    #[test]
    fn the_language_is_told_by_the_letters() {
        assert_eq!(detect("Сколько у вас точек? ok"), Some(Lang::Ru));
        assert_eq!(detect("How many trucks?"), Some(Lang::En));
        assert_eq!(detect("45 000"), None);
    }

    #[test]
    fn a_russian_count_and_unit_in_one_word_is_two_words() {
        let s = Stemmers::default();
        let stems = |t: &str| -> Vec<String> { s.words(t).into_iter().map(|w| w.stem).collect() };
        assert_eq!(stems("с трёхлетним сервисом"), ["с", "3", "год", "сервис"]);
        assert_eq!(stems("пятилетняя гарантия"), ["5", "год", "гарант"]);
        assert_eq!(stems("шестимесячная отсрочка"), ["6", "месяц", "отсрочк"]);
        // Words that only begin like a count stay whole.
        assert_eq!(stems("пятилетка"), ["пятилетк"]);
    }
}
