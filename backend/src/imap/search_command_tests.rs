use super::*;
use facteur_model::search::parse_query;
use proptest::prelude::*;

/// One token of a command line as an IMAP server reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Atom(String),
    Str(Vec<u8>),
}

/// Reads a whole command (segments joined) back into tokens, the way a server's parser
/// would: space-separated atoms, quoted strings with `\` escapes, literals; exactly one
/// CRLF, at the end. `Err` for anything else.
fn tokens(segments: &[Segment]) -> std::result::Result<Vec<Token>, String> {
    let bytes: Vec<u8> = segments
        .iter()
        .flat_map(|s| match s {
            Segment::Line(line) => line.clone(),
            Segment::Literal { bytes, .. } => bytes.clone(),
        })
        .collect();
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        match bytes.get(at) {
            Some(b'"') => {
                let mut value = Vec::new();
                at += 1;
                loop {
                    match bytes.get(at) {
                        Some(b'\\') => {
                            let escaped = *bytes.get(at + 1).ok_or("escape at end")?;
                            if !matches!(escaped, b'"' | b'\\') {
                                return Err(format!("bad escape at {at}"));
                            }
                            value.push(escaped);
                            at += 2;
                        }
                        Some(b'"') => break,
                        Some(b'\r' | b'\n') | None => return Err("quote not closed".into()),
                        Some(&b) => {
                            value.push(b);
                            at += 1;
                        }
                    }
                }
                at += 1;
                out.push(Token::Str(value));
            }
            Some(b'{') => {
                let close = at + bytes[at..].iter().position(|&b| b == b'}').ok_or("no }")?;
                let number = std::str::from_utf8(&bytes[at + 1..close])
                    .map_err(|e| e.to_string())?
                    .trim_end_matches('+');
                let length: usize = number.parse().map_err(|_| "bad literal length")?;
                if bytes.get(close + 1..close + 3) != Some(b"\r\n") {
                    return Err("literal without CRLF".into());
                }
                let start = close + 3;
                let value = bytes.get(start..start + length).ok_or("short literal")?;
                out.push(Token::Str(value.to_vec()));
                at = start + length;
            }
            Some(_) => {
                let end = at
                    + bytes[at..]
                        .iter()
                        .position(|&b| matches!(b, b' ' | b'\r' | b'\n' | b'"' | b'{'))
                        .unwrap_or(bytes.len() - at);
                if end == at {
                    return Err(format!("empty atom at {at}"));
                }
                out.push(Token::Atom(
                    String::from_utf8(bytes[at..end].to_vec()).map_err(|e| e.to_string())?,
                ));
                at = end;
            }
            None => return Err("no CRLF at the end".into()),
        }
        match bytes.get(at..) {
            Some(b"\r\n") => return Ok(out),
            Some([b' ', ..]) => at += 1,
            _ => return Err(format!("unexpected byte after a token at {at}")),
        }
    }
}

fn expected(head: &str, parts: &[Part]) -> Vec<Token> {
    head.split(' ')
        .map(|w| Token::Atom(w.to_owned()))
        .chain(parts.iter().map(|part| match part {
            Part::Syntax(word) => Token::Atom(word.clone()),
            Part::Text(text) => Token::Str(text.bytes().filter(|&b| b != 0).collect()),
        }))
        .collect()
}

const HEAD: &str = "UID SEARCH CHARSET UTF-8";

#[test]
fn each_term_becomes_its_search_keys() {
    let query = parse_query(
        r#"de:alice à:bob objet:"ordre du jour" corps:réunion "x\"y" depuis:2026-03-01 avant:9/4/2026 non-lu:oui suivi:non plus-grand:2k plus-petit:1M pièce-jointe:oui"#,
    )
    .unwrap();
    let line = encode(HEAD, &criteria(&query, Subset::All), true);
    assert_eq!(
        line,
        [
            Segment::Line(
                br#"UID SEARCH CHARSET UTF-8 FROM "alice" OR TO "bob" CC "bob" SUBJECT "ordre du jour" BODY {8+}"#
                    .iter()
                    .chain(b"\r\n")
                    .copied()
                    .collect()
            ),
            Segment::Literal {
                bytes: "réunion".as_bytes().to_vec(),
                wait: false
            },
            Segment::Line(
                br#" TEXT "x\"y" SINCE 1-Mar-2026 BEFORE 9-Apr-2026 UNSEEN UNFLAGGED LARGER 2048 SMALLER 1048576"#
                    .iter()
                    .chain(b"\r\n")
                    .copied()
                    .collect()
            ),
        ]
    );
    // Attachments alone are checked after: the server is asked for all messages.
    let only = parse_query("has:attachment").unwrap();
    assert_eq!(criteria(&only, Subset::All), [syntax("ALL")]);
    assert_eq!(
        criteria(&only, Subset::Unread),
        [syntax("UNSEEN")],
        "the unread-first subset narrows on its own"
    );
}

#[test]
fn without_literal_plus_literals_wait_for_the_go_ahead() {
    let parts = [syntax("BODY"), Part::Text("été".into())];
    let segments = encode(HEAD, &parts, false);
    assert!(matches!(&segments[0], Segment::Line(l) if l.ends_with(b"{5}\r\n")));
    assert!(matches!(&segments[1], Segment::Literal { wait: true, .. }));
    assert_eq!(tokens(&segments), Ok(expected(HEAD, &parts)));
}

#[test]
fn hostile_values_stay_one_string() {
    for hostile in [
        "\" ALL\r\nA1 LOGOUT",
        "x\" OR ALL \"",
        "\\\" ALL",
        "{5}\r\nALL",
        ") (ALL",
        "a\0b",
        "\r\n",
    ] {
        let parts = [syntax("FROM"), Part::Text(hostile.into())];
        for plus in [true, false] {
            let segments = encode(HEAD, &parts, plus);
            assert_eq!(tokens(&segments), Ok(expected(HEAD, &parts)), "{hostile:?}");
        }
    }
}

#[test]
fn sort_programs_follow_the_order() {
    let order = |key, direction| SortOrder { key, direction };
    use SortDirection::*;
    assert_eq!(
        sort_program(SortOrder::default(), true),
        syntax("(REVERSE DATE)")
    );
    assert_eq!(
        sort_program(order(SortKey::Sender, Ascending), true),
        syntax("(DISPLAYFROM)")
    );
    assert_eq!(
        sort_program(order(SortKey::Sender, Ascending), false),
        syntax("(FROM)")
    );
    assert_eq!(
        sort_program(order(SortKey::Size, Descending), false),
        syntax("(REVERSE SIZE)")
    );
    assert_eq!(
        sort_program(order(SortKey::UnreadFirst, Ascending), false),
        syntax("(DATE)")
    );
}

#[test]
fn search_and_sort_answers_are_gathered_until_the_tag() {
    let tag = RequestId("FSR1".into());
    let mut uids = Vec::new();
    let lines: [&[u8]; 4] = [
        b"* SORT 5 3 9\r\n",
        b"* 12 EXISTS\r\n",
        b"* SEARCH 11\r\n",
        b"FSR1 OK Sort completed.\r\n",
    ];
    let ends: Vec<bool> = lines
        .iter()
        .map(|line| {
            let (_, response) = Response::parse(line).expect("parsable");
            fold(&response, &tag, &mut uids).is_some()
        })
        .collect();
    assert_eq!(ends, [false, false, false, true]);
    assert_eq!(uids, [5, 3, 9, 11]);
    let (_, refusal) = Response::parse(b"FSR1 NO [BADCHARSET (US-ASCII)] nope\r\n").unwrap();
    assert!(matches!(
        fold(&refusal, &tag, &mut uids),
        Some(Err(Error::ServerRefused(_)))
    ));
}

proptest! {
    #[test]
    fn no_value_can_inject_imap_syntax(
        values in proptest::collection::vec(any::<String>(), 1..4),
        plus in any::<bool>(),
    ) {
        let parts: Vec<Part> = values
            .iter()
            .flat_map(|v| [syntax("TEXT"), Part::Text(v.clone())])
            .collect();
        let segments = encode(HEAD, &parts, plus);
        prop_assert_eq!(tokens(&segments), Ok(expected(HEAD, &parts)));
    }

    #[test]
    fn typed_queries_encode_to_exactly_their_keys(text in "\\PC{1,40}") {
        if let Ok(query) = parse_query(&text) {
            let parts = criteria(&query, Subset::All);
            let segments = encode(HEAD, &parts, plus_of(&text));
            prop_assert_eq!(tokens(&segments), Ok(expected(HEAD, &parts)));
        }
    }
}

fn plus_of(text: &str) -> bool {
    text.len().is_multiple_of(2)
}
