use super::*;

fn parsed(text: &str) -> Vec<Term> {
    parse_query(text)
        .unwrap_or_else(|e| panic!("{text}: {e:?}"))
        .terms
}

fn date(year: i32, month: u8, day: u8) -> LocalDate {
    LocalDate { year, month, day }
}

#[test]
fn french_and_english_keywords_give_the_same_terms() {
    let expected = vec![
        Term::From("alice".into()),
        Term::HasAttachment(true),
        Term::Text("ordre du jour".into()),
    ];
    assert_eq!(
        parsed(r#"de:alice pièce-jointe:oui "ordre du jour""#),
        expected
    );
    assert_eq!(
        parsed(r#"from:alice has:attachment "ordre du jour""#),
        expected
    );
    assert_eq!(
        parsed(r#"De:alice PIECE-JOINTE:Oui "ordre du jour""#),
        expected
    );
    assert_eq!(parsed(r#"from:alice avec:pj "ordre du jour""#), expected);
}

#[test]
fn every_term_kind_parses() {
    assert_eq!(
        parsed(
            "à:bob pour:carol to:dan objet:Réunion sujet:x subject:y corps:budget body:z texte:t"
        ),
        vec![
            Term::To("bob".into()),
            Term::To("carol".into()),
            Term::To("dan".into()),
            Term::Subject("Réunion".into()),
            Term::Subject("x".into()),
            Term::Subject("y".into()),
            Term::Body("budget".into()),
            Term::Body("z".into()),
            Term::Text("t".into()),
        ]
    );
    assert_eq!(
        parsed("depuis:2026-03-01 avant:15/04/2026 non-lu:oui suivi:non"),
        vec![
            Term::Since(date(2026, 3, 1)),
            Term::Before(date(2026, 4, 15)),
            Term::Unread(true),
            Term::Flagged(false),
        ]
    );
    assert_eq!(
        parsed("since:1/3/2026 before:2026-12-31 is:read is:flagged est:non-lu sans:pièce-jointe"),
        vec![
            Term::Since(date(2026, 3, 1)),
            Term::Before(date(2026, 12, 31)),
            Term::Unread(false),
            Term::Flagged(true),
            Term::Unread(true),
            Term::HasAttachment(false),
        ]
    );
    assert_eq!(
        parsed("taille>2M size<1,5Go plus-grand:500ko smaller:2G larger:10"),
        vec![
            Term::Larger(2 << 20),
            Term::Smaller(1_610_612_736),
            Term::Larger(500 << 10),
            Term::Smaller(2 << 30),
            Term::Larger(10),
        ]
    );
}

#[test]
fn quoted_values_keep_spaces_accents_and_escapes() {
    assert_eq!(
        parsed(r#"de:"Élodie Dupré" objet:"l'été \"chaud\" \\ fin""#),
        vec![
            Term::From("Élodie Dupré".into()),
            Term::Subject(r#"l'été "chaud" \ fin"#.into()),
        ]
    );
    // Unicode whitespace separates too; case and accents of values are kept as typed.
    assert_eq!(
        parsed("RÉUNION\u{a0}réunion\u{3000}Reunion"),
        vec![
            Term::Text("RÉUNION".into()),
            Term::Text("réunion".into()),
            Term::Text("Reunion".into()),
        ]
    );
}

#[test]
fn colons_that_are_not_keywords_stay_text() {
    assert_eq!(
        parsed("10:30 https://exemple.fr/a:b de<x"),
        vec![
            Term::Text("10:30".into()),
            Term::Text("https://exemple.fr/a:b".into()),
            Term::Text("de<x".into()),
        ]
    );
    assert_eq!(parsed("de:a:b"), vec![Term::From("a:b".into())]);
}

#[test]
fn bad_input_gets_a_typed_error_with_its_place() {
    use SearchError::*;
    let error = |text: &str| parse_query(text).unwrap_err();
    assert_eq!(error(""), Empty);
    assert_eq!(error("   \t "), Empty);
    assert_eq!(
        error("x dee:alice"),
        UnknownKeyword {
            name: "dee".into(),
            at: 2
        }
    );
    assert_eq!(
        error("de:"),
        MissingValue {
            term: TermKind::From,
            at: 3
        }
    );
    assert_eq!(
        error(r#"objet:"""#),
        MissingValue {
            term: TermKind::Subject,
            at: 6
        }
    );
    assert_eq!(
        error("depuis:31/02/2026"),
        InvalidDate {
            term: TermKind::Since,
            value: "31/02/2026".into(),
            at: 7
        }
    );
    assert!(matches!(error("avant:hier"), InvalidDate { .. }));
    assert!(matches!(error("avant:26-03-01"), InvalidDate { .. }));
    assert!(matches!(error("avant:2026-13-01"), InvalidDate { .. }));
    assert!(matches!(error("taille>beaucoup"), InvalidSize { .. }));
    assert!(matches!(error("taille:2M"), InvalidSize { .. }));
    assert!(matches!(error("larger:5T"), InvalidSize { .. }));
    assert!(matches!(error("larger:5G"), InvalidSize { .. }));
    assert!(matches!(error("larger:1,2345M"), InvalidSize { .. }));
    assert_eq!(
        error("non-lu:peut-être"),
        InvalidYesNo {
            term: TermKind::Unread,
            value: "peut-être".into(),
            at: 7
        }
    );
    assert_eq!(
        error("is:purple"),
        UnknownState {
            value: "purple".into(),
            at: 3
        }
    );
    assert_eq!(error(r#"a "ordre du jour"#), UnclosedQuote { at: 2 });
    assert_eq!(error(r#""fin\"#), UnclosedQuote { at: 0 });
    assert_eq!(error("a\u{0}b"), ControlCharacter { at: 1 });
    assert_eq!(error("\"a\tb\""), ControlCharacter { at: 2 });
    assert_eq!(error("depuis:2026-03-02 avant:2026-03-02"), EmptyDateRange);
    assert_eq!(error("larger:2M smaller:2M"), EmptySizeRange);
    assert_eq!(
        error(&"a ".repeat(MAX_TERMS + 1)),
        TooManyTerms { max: MAX_TERMS }
    );
    assert_eq!(
        error(&"é".repeat(MAX_QUERY_CHARS + 1)),
        TooLong {
            max: MAX_QUERY_CHARS
        }
    );
}

#[test]
fn errors_serialize_as_kinds_the_browser_translates() {
    let json = serde_json::to_value(SearchError::UnknownKeyword {
        name: "dee".into(),
        at: 0,
    })
    .unwrap();
    assert_eq!(json["kind"], "unknown_keyword");
    assert_eq!(json["name"], "dee");
    let query = parse_query("de:alice non-lu:oui").unwrap();
    let json = serde_json::to_value(&query).unwrap();
    assert_eq!(
        json["terms"][0],
        serde_json::json!({"term": "from", "value": "alice"})
    );
    assert_eq!(serde_json::from_value::<SearchQuery>(json).unwrap(), query);
}

#[test]
fn queries_print_in_either_language() {
    let query = parse_query(
        r#"from:alice has:attachment "ordre du jour" since:2026-03-01 taille>2M is:unread"#,
    )
    .unwrap();
    assert_eq!(
        print_query(&query, KeywordLanguage::French),
        r#"de:alice pièce-jointe:oui "ordre du jour" depuis:2026-03-01 plus-grand:2Mo non-lu:oui"#
    );
    assert_eq!(
        print_query(&query, KeywordLanguage::English),
        r#"from:alice attachment:yes "ordre du jour" since:2026-03-01 larger:2M unread:yes"#
    );
    let odd = SearchQuery::new(vec![Term::Text("de:alice".into()), Term::Larger(1500)]).unwrap();
    assert_eq!(
        print_query(&odd, KeywordLanguage::French),
        r#""de:alice" plus-grand:1500"#
    );
}

#[test]
fn built_queries_are_checked_like_typed_ones() {
    assert_eq!(SearchQuery::new(vec![]), Err(SearchError::Empty));
    assert!(matches!(
        SearchQuery::new(vec![Term::From(" ".into())]),
        Err(SearchError::MissingValue { .. })
    ));
    assert!(matches!(
        SearchQuery::new(vec![Term::Body("a\r\nb".into())]),
        Err(SearchError::ControlCharacter { .. })
    ));
    let query = SearchQuery::new(vec![Term::From("a".into()), Term::Unread(true)]).unwrap();
    assert_eq!(query.highlighted_words(), ["a"]);
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn text_value() -> impl Strategy<Value = String> {
        // Accents, quotes, backslashes, colons, odd spaces: what could confuse quoting.
        "[a-zA-Zéèàçœ0-9 \"\\\\:<>'\u{a0}-]{1,12}"
            .prop_filter("a value is not blank", |v| !v.trim().is_empty())
    }

    fn term() -> impl Strategy<Value = Term> {
        let day = (1000i32..=9999, 1u8..=12, 1u8..=28).prop_map(|(year, month, day)| LocalDate {
            year,
            month,
            day,
        });
        prop_oneof![
            text_value().prop_map(Term::From),
            text_value().prop_map(Term::To),
            text_value().prop_map(Term::Subject),
            text_value().prop_map(Term::Body),
            text_value().prop_map(Term::Text),
            day.clone().prop_map(Term::Since),
            day.prop_map(Term::Before),
            any::<bool>().prop_map(Term::Unread),
            any::<bool>().prop_map(Term::Flagged),
            any::<bool>().prop_map(Term::HasAttachment),
            (0u64..=u64::from(u32::MAX)).prop_map(Term::Larger),
            (0u64..=u64::from(u32::MAX)).prop_map(Term::Smaller),
        ]
    }

    proptest! {
        #[test]
        fn printed_queries_parse_back_to_themselves(
            terms in proptest::collection::vec(term(), 1..6),
            french in any::<bool>(),
        ) {
            if let Ok(query) = SearchQuery::new(terms) {
                let language = if french { KeywordLanguage::French } else { KeywordLanguage::English };
                let text = print_query(&query, language);
                prop_assert_eq!(parse_query(&text), Ok(query), "{}", text);
            }
        }

        #[test]
        fn any_text_parses_or_fails_without_panicking(text in "\\PC{0,60}|[\"\\\\: <>a-zé-]{0,40}") {
            if let Ok(query) = parse_query(&text) {
                // A valid query prints and reads back the same.
                let printed = print_query(&query, KeywordLanguage::French);
                prop_assert_eq!(parse_query(&printed), Ok(query));
            }
        }
    }
}
