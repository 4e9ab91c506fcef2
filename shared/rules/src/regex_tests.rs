use super::*;

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern, 512 * 1024, 64).unwrap_or_else(|e| panic!("{pattern}: {e:?}"))
}

fn table(cases: &[(&str, &str, bool)]) {
    for (pattern, text, expected) in cases {
        assert_eq!(
            regex(pattern).is_match(text),
            *expected,
            "{pattern:?} on {text:?}"
        );
    }
}

#[test]
fn literals_are_caseless_beyond_ascii() {
    table(&[
        ("élodie", "Réunion avec Élodie", true),
        ("ÉLODIE", "réunion avec élodie", true),
        ("^élodie$", "Élodie", true),
        ("(?i)élodie", "Élodie", true),
        ("σοφία", "ΣΟΦΊΑ", true),
        // Simple case folding: the three sigmas, the Kelvin sign and k, ß and ẞ.
        ("^σ$", "ς", true),
        ("^k$", "\u{212A}", true),
        ("^ß$", "ẞ", true),
        ("straße", "STRASSE", false),
        ("çà", "ÇÀ", true),
        ("élodie", "elodie", false),
        // Case-sensitive again only where the pattern asks for it.
        ("(?-i)élodie", "Élodie", false),
    ]);
}

#[test]
fn classes_are_caseless_and_unicode() {
    table(&[
        ("^[é]lodie$", "Élodie", true),
        ("^[à-ÿ]$", "É", true),
        ("^[^à-ÿ]$", "É", false),
        (r"^\w+$", "Élodie", true),
        (r"^\w+$", "Ἀθῆναι", true),
        (r"^\d+$", "٣٤", true),
        (r"^\d$", "x", false),
        (r"^a\sb$", "a\u{00A0}b", true),
        (r"^\W$", "é", false),
        (r"^\p{Greek}+$", "σοφία", true),
    ]);
}

#[test]
fn word_boundaries_know_accented_letters() {
    table(&[
        (r"\bélodie\b", "avec Élodie —", true),
        (r"\bélodie\b", "Élodies", false),
        (r"\blodie\b", "Élodie", false),
        (r"\bété\b", "l'été dernier", true),
        (r"facture n°\d+$", "Facture n°42", true),
        (r"\b(urgent|asap)\b", "URGENT : devis", true),
        (r"\b(urgent|asap)\b", "urgentissime", false),
    ]);
}

#[test]
fn refusals_are_told_apart() {
    assert!(matches!(
        Regex::new("(unclosed", 512 * 1024, 64),
        Err(RegexProblem::Invalid(_))
    ));
    assert!(matches!(
        Regex::new(r"\w{1000}{1000}", 512 * 1024, 64),
        Err(RegexProblem::TooLarge)
    ));
    let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    assert!(matches!(
        Regex::new(&deep, 512 * 1024, 64),
        Err(RegexProblem::Invalid(_))
    ));
    // The parser's own message, pattern and caret included.
    let Err(RegexProblem::Invalid(message)) = Regex::new("a)", 512 * 1024, 64) else {
        panic!("a) should be invalid");
    };
    assert!(message.contains("unopened group"), "{message}");
}

#[test]
fn search_time_stays_linear_on_hostile_patterns() {
    // Exponential for a backtracking engine; a Pike VM is linear in the text.
    let text = "a".repeat(5_000);
    assert!(!regex(r"^(a+)+$b").is_match(&text));
    assert!(!regex(r"(a|aa)*c").is_match(&text));
}

#[test]
fn clones_search_alone() {
    let original = regex(r"\bélodie\b");
    let copy = original.clone();
    assert_eq!(copy.as_str(), r"\bélodie\b");
    assert!(copy.is_match("Élodie"));
    assert!(original.is_match("Élodie"));
}

/// A search that finds the shared scratch space busy makes its own.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn concurrent_searches_agree() {
    let original = regex(r"\bélodie\b");
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..200 {
                    assert!(original.is_match("avec Élodie"));
                    assert!(!original.is_match("avec Élodies"));
                }
            });
        }
    });
}
