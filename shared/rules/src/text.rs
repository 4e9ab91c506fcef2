//! Case-insensitive, Unicode-aware text comparison and `*`/`?` wildcard patterns.

/// Folds `text` for caseless comparison: Unicode lowercase, plus the few full case
/// foldings lowercasing misses (ß → ss, final sigma → σ, long s → s), so that
/// "STRASSE" matches "straße" and "Élodie" contains "élo".
///
/// Canonical equivalence (precomposed vs. combining accents) is not normalized: mail
/// clients send precomposed text in practice, and a normalizer would weigh on the bundle.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ß' | 'ẞ' => folded.push_str("ss"),
            'ς' => folded.push('σ'),
            'ſ' => folded.push('s'),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// Whether two strings are equal once folded.
pub fn fold_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    fold(a) == fold(b)
}

/// One piece of a wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// `?`: exactly one character.
    One,
    /// `*`: any run of characters, possibly empty.
    Any,
    Char(char),
}

/// A compiled `*`/`?` pattern (a backslash makes the next character literal, as in Sieve's
/// `:matches`), matched against folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wildcard {
    pieces: Vec<Piece>,
}

impl Wildcard {
    /// Compiles `pattern`, folding its literal characters.
    pub fn new(pattern: &str) -> Self {
        let mut pieces = Vec::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            match c {
                '*' => {
                    // Consecutive stars are one star; collapsing them keeps matching linear.
                    if pieces.last() != Some(&Piece::Any) {
                        pieces.push(Piece::Any);
                    }
                }
                '?' => pieces.push(Piece::One),
                '\\' => {
                    if let Some(escaped) = chars.next() {
                        push_folded(&mut pieces, escaped);
                    }
                }
                _ => push_folded(&mut pieces, c),
            }
        }
        Wildcard { pieces }
    }

    /// Whether the already folded `text` matches the whole pattern.
    ///
    /// Classic greedy matching with one backtrack point: O(text × pattern) at worst,
    /// never exponential.
    pub fn matches_folded(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        let (mut t, mut p) = (0usize, 0usize);
        let mut backtrack: Option<(usize, usize)> = None;
        while t < text.len() {
            match self.pieces.get(p) {
                Some(Piece::Any) => {
                    backtrack = Some((p, t));
                    p += 1;
                }
                Some(Piece::One) => {
                    t += 1;
                    p += 1;
                }
                Some(Piece::Char(c)) if *c == text[t] => {
                    t += 1;
                    p += 1;
                }
                _ => match backtrack {
                    Some((star, from)) => {
                        p = star + 1;
                        t = from + 1;
                        backtrack = Some((star, from + 1));
                    }
                    None => return false,
                },
            }
        }
        self.pieces[p..].iter().all(|piece| *piece == Piece::Any)
    }
}

fn push_folded(pieces: &mut Vec<Piece>, c: char) {
    let mut buffer = [0u8; 4];
    for folded in fold(c.encode_utf8(&mut buffer)).chars() {
        pieces.push(Piece::Char(folded));
    }
}

/// Escapes `*`, `?` and `\` so that `literal` matches only itself as a wildcard pattern.
pub fn escape_wildcards(literal: &str) -> String {
    let mut escaped = String::with_capacity(literal.len());
    for c in literal.chars() {
        if matches!(c, '*' | '?' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The literal text of a pattern made only of escaped characters, or `None` if it has an
/// unescaped wildcard.
pub fn unescape_literal(pattern: &str) -> Option<String> {
    let mut literal = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' | '?' => return None,
            '\\' => literal.push(chars.next()?),
            _ => literal.push(c),
        }
    }
    Some(literal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_unicode_aware() {
        let cases = [
            ("Élodie", "élodie"),
            ("STRASSE", "strasse"),
            ("Straße", "strasse"),
            ("ΟΔΟΣ", "οδοσ"),
            ("οδος", "οδοσ"),
            ("ÇA VA", "ça va"),
            ("plain", "plain"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "{input}");
        }
        assert!(fold_eq("Straße", "STRASSE"));
        assert!(fold("Élodie Martin").contains(&fold("ÉLO")));
    }

    #[test]
    fn wildcards_match_whole_text() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("a*", "abc", true),
            ("a*", "bac", false),
            ("*c", "abc", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("*@acme-*.test", "camille@acme-industrie.test", true),
            ("*@acme-*.test", "camille@acme.test", false),
            ("facture*2026", "Facture n°12 — 2026", true),
            ("a\\*", "a*", true),
            ("a\\*", "ab", false),
            ("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
            ("é?odie", "ÉLODIE", true),
            ("", "", true),
            ("", "x", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                Wildcard::new(pattern).matches_folded(&fold(text)),
                expected,
                "{pattern:?} on {text:?}"
            );
        }
    }

    #[test]
    fn escaping_round_trips() {
        for literal in ["plain", "a*b?c\\d", "", "*"] {
            let escaped = escape_wildcards(literal);
            assert_eq!(unescape_literal(&escaped).as_deref(), Some(literal));
            assert!(Wildcard::new(&escaped).matches_folded(&fold(literal)));
        }
        assert_eq!(unescape_literal("a*"), None);
    }
}
