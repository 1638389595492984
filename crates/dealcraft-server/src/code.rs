//! Workshop codes and trainer tokens: random, long enough not to be guessed, and (codes) easy
//! to read aloud and type.

/// Crockford's base32: digits and letters without I, L, O and U, which are misread or misheard.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh workshop code: 12 base32 characters in groups of four ("K7QM-2X9D-TR4E"), 60 bits.
pub fn new_code() -> String {
    let chars = random_chars(12);
    chars
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A fresh trainer token: 26 base32 characters, 130 bits.
pub fn new_token() -> String {
    random_chars(26)
}

fn random_chars(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // Without the OS's randomness a code would be guessable: better not to start at all.
    getrandom::fill(&mut bytes).expect("the operating system gives no random numbers");
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
        .collect()
}

/// A code as compared: upper case, without dashes and spaces, O read as 0 and I, L as 1, so
/// "k7qm 2x9d tr4e" is the code "K7QM-2X9D-TR4E".
pub fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// Compares without stopping at the first difference, so timing does not leak the secret.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_readable_and_different() {
        let a = new_code();
        assert_eq!(a.len(), 14, "{a}");
        assert_eq!(a.matches('-').count(), 2, "{a}");
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        // 60 bits: two in a row are never the same.
        assert_ne!(a, new_code());
        assert_eq!(new_token().len(), 26);
    }

    #[test]
    fn a_code_read_aloud_and_typed_loosely_still_matches() {
        let code = normalize("K7QM-2X9D-TR40");
        assert!(same(&normalize("k7qm 2x9d tr4o"), &code));
        assert!(same(&normalize("K7QM2X9DTR40"), &code));
        assert!(!same(&normalize("K7QM-2X9D-TR41"), &code));
        assert_eq!(normalize("blue-fox-42"), "B1UEF0X42");
    }
}
