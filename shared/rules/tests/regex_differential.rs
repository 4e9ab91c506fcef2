//! The Regex operator's engine (`facteur_rules::regex`, a Pike VM built from `regex-automata`)
//! against the `regex` crate it replaced, configured as the engine used to configure it:
//! same patterns accepted, same answers, on patterns and texts built from fragments that
//! exercise case folding, Unicode classes and word boundaries.
#![cfg(not(target_arch = "wasm32"))]

use facteur_rules::compile::{RegexProblem, build_regex};
use proptest::prelude::*;

fn reference(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(facteur_rules::compile::MAX_REGEX_BYTES)
        .nest_limit(64)
        .build()
}

const PATTERN_PIECES: &[&str] = &[
    "é",
    "É",
    "a",
    "A",
    "k",
    "ß",
    "σ",
    "Σ",
    "ς",
    "ǅ",
    "i",
    "İ",
    "1",
    "٣",
    " ",
    "-",
    ".",
    r"\w",
    r"\W",
    r"\d",
    r"\s",
    r"\b",
    r"\B",
    "[à-ÿ]",
    "[^a-z]",
    "[éa]",
    r"\p{L}",
    "(",
    ")",
    "|",
    "*",
    "+",
    "?",
    "{2}",
    "^",
    "$",
    "(?-i)",
    "(?i)",
    "(?u)",
    "(?-u:\\b)",
    "[",
    "]",
    r"\",
    "n°",
];

const TEXT_PIECES: &[&str] = &[
    "é", "É", "e", "E", "a", "A", "k", "K", "\u{212A}", "ß", "ẞ", "ss", "σ", "Σ", "ς", "ǅ", "ǆ",
    "i", "İ", "ı", "1", "٣", " ", "\u{00A0}", "\n", "-", "n°", "Élodie", "été",
];

fn join(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|p| p.concat())
}

fn check(pattern: &str, texts: &[String]) -> Result<(), TestCaseError> {
    match (build_regex(pattern), reference(pattern)) {
        (Ok(ours), Ok(theirs)) => {
            for text in texts {
                prop_assert_eq!(
                    ours.is_match(text),
                    theirs.is_match(text),
                    "pattern {:?}, text {:?}",
                    pattern,
                    text
                );
            }
        }
        (Err(RegexProblem::Invalid(ours)), Err(regex::Error::Syntax(theirs))) => {
            prop_assert_eq!(ours, theirs, "pattern {:?}", pattern);
        }
        (Err(RegexProblem::TooLarge), Err(regex::Error::CompiledTooBig(_))) => {}
        (ours, theirs) => {
            prop_assert!(
                false,
                "pattern {:?}: {:?} vs {:?}",
                pattern,
                ours.map(drop),
                theirs.map(drop)
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn answers_as_the_regex_crate_did(
        pattern in join(PATTERN_PIECES, 8),
        texts in prop::collection::vec(join(TEXT_PIECES, 8), 1..6),
    ) {
        check(&pattern, &texts)?;
    }
}

#[test]
fn everyday_patterns_answer_as_before() {
    let texts: Vec<String> = [
        "Réunion avec Élodie — Facture n°42",
        "URGENT: devis à signer",
        "camille@acme-industrie.test",
        "[Newsletter] Les nouveautés de l'été",
        "Ἀθῆναι, ΣΟΦΊΑ",
        "",
    ]
    .map(String::from)
    .to_vec();
    for pattern in [
        r"facture n°\d+$",
        r"^ÉLODIE",
        r"\bélodie\b",
        r"^camille@",
        r"\b(urgent|asap)\b",
        r"^\[newsletter\]",
        r"@(acme|example)\.test$",
        r"\bété\b",
        r"σοφία",
        r"^\s*$",
        r"(unclosed",
        r"\w{1000}{1000}",
    ] {
        check(pattern, &texts).unwrap();
    }
}
