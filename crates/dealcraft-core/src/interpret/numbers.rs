//! Amounts of money read from a typed turn, in figures or words, English or Russian: "45k",
//! "43,500", "44 000", "forty-six thousand", «4,8 млн», «четыре миллиона восемьсот», «шесть с
//! половиной миллионов».

/// A piece of a number phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    /// A figure or a number word.
    Num(f64),
    /// "hundred": multiplies what came before.
    Hundred,
    /// thousand, million (and their short forms).
    Scale(f64),
    /// "and a half", «с половиной».
    Half,
    /// "and", "a", «с»: may join the pieces of one number.
    Joiner,
    /// Anything else ends a number.
    Other,
}

/// An amount read from the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub value: u64,
    /// Said with a scale word ("45k", «млн»): surely money, not a count.
    pub scaled: bool,
}

/// Every amount in `text`, in order.
pub fn amounts(text: &str) -> Vec<Amount> {
    let pieces = joined(pieces(&text.to_lowercase().replace('ё', "е")));
    let mut out = Vec::new();
    let mut run: Vec<Piece> = Vec::new();
    for piece in pieces.into_iter().chain([Piece::Other]) {
        if piece == Piece::Other {
            // Joiners at the edges belong to the words around, not to the number.
            while run.last() == Some(&Piece::Joiner) {
                run.pop();
            }
            if let Some(amount) = value(&run) {
                out.push(amount);
            }
            run.clear();
        } else if piece == Piece::Joiner && run.is_empty() {
            continue;
        } else {
            run.push(piece);
        }
    }
    out
}

/// The value of one run of pieces: "forty six thousand", «7 млн 200 тысяч».
fn value(run: &[Piece]) -> Option<Amount> {
    let (mut total, mut current) = (0.0f64, 0.0f64);
    let (mut scaled, mut any, mut last_scale) = (false, false, 1.0f64);
    for piece in run {
        match *piece {
            Piece::Num(n) => {
                any = true;
                current += n;
            }
            Piece::Hundred => current = current.max(1.0) * 100.0,
            Piece::Half => current += 0.5,
            Piece::Scale(s) => {
                total += current.max(1.0) * s;
                current = 0.0;
                scaled = true;
                last_scale = s;
            }
            Piece::Joiner | Piece::Other => {}
        }
    }
    if !any {
        return None;
    }
    // «четыре миллиона восемьсот»: what follows millions without a scale is thousands.
    if last_scale >= 1e6 && current > 0.0 && current < 1000.0 {
        current *= 1000.0;
    }
    let value = (total + current).round();
    (1.0..1e13).contains(&value).then_some(Amount {
        value: value as u64,
        scaled,
    })
}

/// Splits the text into pieces: figures (with their thousands or decimal separators and a
/// scale letter stuck to them), number words, scale words and the rest.
fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let (n, next) = figure(&chars, i);
            out.push(Piece::Num(n));
            i = next;
            // A scale letter stuck to the figure: 45k, 4.8m, 45к.
            let (suffix, after) = letters(&chars, i);
            if let Some(scale) = scale_word(&suffix).or(match suffix.as_str() {
                "k" | "к" => Some(1e3),
                "m" | "mn" => Some(1e6),
                _ => None,
            }) {
                out.push(Piece::Scale(scale));
                i = after;
            }
        } else if c.is_alphabetic() {
            let (word, next) = letters(&chars, i);
            out.push(word_piece(&word));
            i = next;
        } else {
            // A hyphen joins "forty-six"; other marks end the number.
            if !matches!(c, ' ' | '-' | '\u{a0}' | '\u{202f}') {
                out.push(Piece::Other);
            }
            i += 1;
        }
    }
    out
}

/// "and", "a" and «с» join a number only where they do: "hundred and forty", "a thousand",
/// "and a half", «с половиной»; elsewhere ("45k and three years") they end it.
fn joined(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = pieces.clone();
    for i in 0..pieces.len() {
        if pieces[i] != Piece::Joiner {
            continue;
        }
        let prev = i.checked_sub(1).map(|j| pieces[j]);
        let next = pieces.get(i + 1).copied();
        let after = pieces.get(i + 2).copied();
        let joins = prev == Some(Piece::Hundred)
            || next == Some(Piece::Half)
            || matches!(next, Some(Piece::Hundred | Piece::Scale(_)))
            || (next == Some(Piece::Joiner) && after == Some(Piece::Half));
        if !joins {
            out[i] = Piece::Other;
        }
    }
    out
}

fn letters(chars: &[char], mut i: usize) -> (String, usize) {
    let start = i;
    while i < chars.len() && chars[i].is_alphabetic() {
        i += 1;
    }
    (chars[start..i].iter().collect(), i)
}

/// A figure at `i`: "46080", "44 000", "43,500", "4,8", "8.2". Returns it and where it ends.
fn figure(chars: &[char], start: usize) -> (f64, usize) {
    let digits_at = |i: usize| {
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        j - i
    };
    let mut i = start;
    let mut text: String = String::new();
    let n = digits_at(i);
    text.extend(&chars[i..i + n]);
    i += n;
    while let Some(&sep) = chars.get(i) {
        let group = digits_at(i + 1);
        let is_space = matches!(sep, ' ' | '\u{a0}' | '\u{202f}');
        if (is_space || sep == ',' || sep == '.') && group == 3 && digits_at(i + 4) == 0 {
            // Thousands: "44 000", "43,500", "1.500.000".
            text.extend(&chars[i + 1..i + 4]);
            i += 4;
        } else if (sep == ',' || sep == '.') && group > 0 && !text.contains('.') {
            // A decimal: "4,8 млн", "8.2k".
            text.push('.');
            text.extend(&chars[i + 1..i + 1 + group]);
            i += 1 + group;
            break;
        } else {
            break;
        }
    }
    (text.parse().unwrap_or(0.0), i)
}

fn scale_word(word: &str) -> Option<f64> {
    Some(match word {
        "thousand" | "thousands" | "grand" | "тысяча" | "тысячи" | "тысяч" | "тысячу" | "тыс"
        | "тысячами" => 1e3,
        "million" | "millions" | "mln" | "миллион" | "миллиона" | "миллионов" | "млн" | "лям"
        | "ляма" | "лямов" => 1e6,
        _ => return None,
    })
}

fn word_piece(word: &str) -> Piece {
    if let Some(scale) = scale_word(word) {
        return Piece::Scale(scale);
    }
    if let Some(n) = number_word(word) {
        return Piece::Num(n);
    }
    match word {
        "hundred" | "hundreds" => Piece::Hundred,
        "half" | "половиной" => Piece::Half,
        "and" | "a" | "с" => Piece::Joiner,
        _ => Piece::Other,
    }
}

fn number_word(word: &str) -> Option<f64> {
    if let Some(n) = super::text::small_number(word) {
        return Some(n as f64);
    }
    Some(match word {
        "thirteen" | "тринадцать" => 13.0,
        "fourteen" | "четырнадцать" => 14.0,
        "sixteen" | "шестнадцать" => 16.0,
        "seventeen" | "семнадцать" => 17.0,
        "nineteen" | "девятнадцать" => 19.0,
        "seventy" | "семьдесят" => 70.0,
        "eighty" | "восемьдесят" => 80.0,
        "сто" => 100.0,
        "двести" => 200.0,
        "триста" => 300.0,
        "четыреста" => 400.0,
        "пятьсот" => 500.0,
        "шестьсот" => 600.0,
        "семьсот" => 700.0,
        "восемьсот" => 800.0,
        "девятьсот" => 900.0,
        "полтора" | "полторы" => 1.5,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<u64> {
        amounts(text).into_iter().map(|a| a.value).collect()
    }

    #[test]
    fn figures_with_separators_and_scales() {
        assert_eq!(values("45k"), [45000]);
        assert_eq!(values("I could do 45 000 with 60-day payment"), [45000, 60]);
        assert_eq!(values("43,500 with a 3 year contract"), [43500, 3]);
        assert_eq!(values("8.2k, paid annually"), [8200]);
        assert_eq!(values("46080 on a three-year contract"), [46080, 3]);
        assert_eq!(values("4 550 000, 100% предоплата"), [4550000, 100]);
        assert_eq!(values("«4,8 млн» с гарантией"), [4800000]);
        assert_eq!(values("7,4 миллиона рублей"), [7400000]);
        assert_eq!(values("7 млн 200 тысяч"), [7200000]);
        assert_eq!(values("4.3m"), [4300000]);
    }

    #[test]
    fn numbers_in_words_in_both_languages() {
        assert_eq!(values("forty-five thousand"), [45000]);
        assert_eq!(values("How about forty-six thousand euros?"), [46000]);
        assert_eq!(values("nine thousand for the year"), [9000]);
        assert_eq!(values("a hundred and forty thousand"), [140000]);
        assert_eq!(values("четыре миллиона восемьсот"), [4800000]);
        assert_eq!(values("шесть миллионов семьсот тысяч"), [6700000]);
        assert_eq!(
            values("Четыре миллиона шестьсот пятьдесят тысяч."),
            [4650000]
        );
        assert_eq!(values("шесть с половиной миллионов"), [6500000]);
        assert_eq!(values("с отсрочкой 60 дней"), [60]);
        assert_eq!(values("four and a half million"), [4500000]);
        assert_eq!(values("44k and three years"), [44000, 3]);
    }

    #[test]
    fn scale_words_mark_money() {
        assert!(amounts("48 thousand").iter().all(|a| a.scaled));
        assert!(!amounts("46080").iter().any(|a| a.scaled));
    }
}
