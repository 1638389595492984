//! Player names: which ones a board accepts, and when two of them look alike.
//!
//! A name is kept in Unicode NFC without surrounding white space, at most [`MAX_NAME`]
//! characters, all of them visible. Names that differ only in ASCII case are one player (SQLite's
//! `NOCASE`, as before); a new name whose confusable skeleton (Unicode TR39) matches a taken one
//! is refused, so "Bаseline" with a Cyrillic "а" cannot pass for "Baseline".

use thiserror::Error;
use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// Longest player or workshop name, in characters.
pub const MAX_NAME: usize = 40;

/// Why a name was refused. Every message starts with "player name", as clients look for it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("player name is empty")]
    Empty,
    #[error("player name has {0} characters; the most is {MAX_NAME}")]
    TooLong(usize),
    #[error(
        "player name contains {kind} (U+{code:04X}) that a board would not show; type it with \
         visible characters only",
        code = u32::from(*ch)
    )]
    Invisible { ch: char, kind: &'static str },
    #[error("player name {0:?} has no letter, digit or sign a board could show")]
    NothingVisible(String),
    #[error(
        "player name {name:?} looks like {taken:?}, a player already here; play as {taken:?} \
         or choose a name that looks different"
    )]
    Confusable { name: String, taken: String },
}

/// The name as it is stored and compared: NFC, without surrounding white space.
pub fn normalize(name: &str) -> String {
    name.nfc().collect::<String>().trim().to_owned()
}

/// Checks a player or workshop name on its own (not against the names taken in a store: see
/// `Store::check_player`); returns it normalised.
pub fn clean(name: &str) -> Result<String, NameError> {
    let name = normalize(name);
    let len = name.chars().count();
    if len == 0 {
        return Err(NameError::Empty);
    }
    if len > MAX_NAME {
        return Err(NameError::TooLong(len));
    }
    if let Some((ch, kind)) = name.chars().find_map(|c| refused(c).map(|k| (c, k))) {
        return Err(NameError::Invisible { ch, kind });
    }
    if !name.chars().any(visible) {
        return Err(NameError::NothingVisible(name));
    }
    Ok(name)
}

/// What a name looks like: two names with the same skeleton can pass for each other on a board.
/// Case is folded before and after the TR39 mapping (which maps some letters to capitals), as
/// names that differ in case are compared anyway.
pub fn skeleton(name: &str) -> String {
    let lower = normalize(name).to_lowercase();
    unicode_security::skeleton(&lower)
        .collect::<String>()
        .to_lowercase()
}

/// Whether `a` and `b` name the same player: equal but for ASCII case, as SQLite's `NOCASE`.
pub fn same_player(a: &str, b: &str) -> bool {
    normalize(a).eq_ignore_ascii_case(&normalize(b))
}

/// Why `c` cannot be part of a name, if it cannot: it is invisible, blank or not text.
fn refused(c: char) -> Option<&'static str> {
    use GeneralCategory as G;
    match get_general_category(c) {
        G::Control => Some("a control character"),
        G::Format => Some("an invisible formatting character"),
        G::LineSeparator | G::ParagraphSeparator => Some("a line break"),
        G::PrivateUse => Some("a private-use character"),
        G::Surrogate => Some("a surrogate"),
        _ if blank(c) => Some("a blank character"),
        _ => None,
    }
}

/// Characters that draw nothing although their category says otherwise: Unicode's default
/// ignorable code points (Hangul fillers, variation selectors, tags, ...) and the blank Braille
/// pattern.
fn blank(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// A character that shows something by itself: a letter, digit, punctuation or symbol.
fn visible(c: char) -> bool {
    use GeneralCategory as G;
    !matches!(
        get_general_category(c),
        G::SpaceSeparator | G::NonspacingMark | G::SpacingMark | G::EnclosingMark | G::Unassigned
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_invisible_characters_are_refused_wherever_they_are() {
        for c in [
            '\u{3164}',
            '\u{115F}',
            '\u{1160}',
            '\u{FFA0}',
            '\u{2800}',
            '\u{00AD}',
            '\u{061C}',
            '\u{180E}',
            '\u{FE0F}',
            '\u{E0041}',
            '\u{E0100}',
            '\u{200B}',
            '\u{2028}',
            '\u{E000}',
            '\u{7}',
        ] {
            let code = u32::from(c);
            assert!(clean(&c.to_string()).is_err(), "U+{code:04X} alone");
            let inside = format!("A{c}nn");
            assert!(
                matches!(clean(&inside), Err(NameError::Invisible { ch, .. }) if ch == c),
                "U+{code:04X} in {inside:?}"
            );
        }
    }

    #[test]
    fn names_are_nfc_trimmed_and_need_something_visible() {
        assert_eq!(clean("  Zoe\u{0308}  ").unwrap(), "Zoë");
        assert_eq!(clean(" \u{3000} "), Err(NameError::Empty));
        assert!(matches!(
            clean("\u{0301}"),
            Err(NameError::NothingVisible(_))
        ));
        assert_eq!(clean("Ann Lee").unwrap(), "Ann Lee");
        assert_eq!(clean("Тимофей").unwrap(), "Тимофей");
        assert_eq!(clean("李小龙").unwrap(), "李小龙");
        // Length is counted after NFC: 40 decomposed "é" are 40 characters.
        assert!(clean(&"e\u{0301}".repeat(40)).is_ok());
        assert_eq!(clean(&"x".repeat(41)), Err(NameError::TooLong(41)));
    }

    #[test]
    fn look_alike_names_share_a_skeleton_and_different_names_do_not() {
        let baseline = skeleton("Baseline");
        for twin in ["Bаseline", "BАSELINE", "baseline", "Basel\u{0456}ne"] {
            assert_eq!(skeleton(twin), baseline, "{twin}");
        }
        assert_eq!(skeleton("B0b"), skeleton("Bob"));
        for other in ["Baseline2", "Base line", "Vaseline"] {
            assert_ne!(skeleton(other), baseline, "{other}");
        }
        assert!(same_player("ann", " ANN"));
        assert!(!same_player("Ann", "Аnn"));
    }
}
