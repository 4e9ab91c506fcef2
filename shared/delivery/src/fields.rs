//! The header-style syntax shared by `message/delivery-status` and
//! `message/disposition-notification` bodies: `Name: value` fields, folded over
//! continuation lines, in groups separated by blank lines.
//!
//! The lexer is deliberately forgiving (bare LF, stray CR, junk lines) and bounded: the
//! input size is capped before anything is allocated per line, so the work is linear in
//! at most [`MAX_INPUT_BYTES`].

/// The largest report body parsed; real reports are a few kilobytes.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// One `Name: value` field, unfolded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// The name as written (compare with [`Field::is`]).
    pub name: String,
    /// The value with folding removed (each line break plus indentation becomes one
    /// space) and outer whitespace trimmed.
    pub value: String,
    /// 1-based line number of the field's first line, for problem reports.
    pub line: usize,
}

impl Field {
    /// Whether this field has the given name, ignoring ASCII case (RFC 5322 names are).
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// Something the lexer skipped; the parsers turn it into a [`crate::Problem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LexProblem {
    /// A line that is neither `Name: value` nor a continuation of a field.
    MalformedLine { line: usize },
}

/// The fields of a body, in blank-line separated groups, plus what was skipped.
#[derive(Debug, Default)]
pub(crate) struct Lexed {
    pub groups: Vec<Vec<Field>>,
    pub problems: Vec<LexProblem>,
}

/// Splits `text` into field groups. Never fails: unusable lines are reported and skipped.
pub(crate) fn lex(text: &str) -> Lexed {
    let mut lexed = Lexed::default();
    let mut group: Vec<Field> = Vec::new();
    for (index, raw_line) in text.split('\n').enumerate() {
        let line_number = index + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        // A whitespace-only line ends a group: some generators pad the separator.
        if line.trim().is_empty() {
            if !group.is_empty() {
                lexed.groups.push(std::mem::take(&mut group));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            match group.last_mut() {
                Some(field) => {
                    if !field.value.is_empty() {
                        field.value.push(' ');
                    }
                    field.value.push_str(line.trim());
                }
                None => lexed
                    .problems
                    .push(LexProblem::MalformedLine { line: line_number }),
            }
            continue;
        }
        match split_field(line) {
            Some((name, value)) => group.push(Field {
                name: name.to_owned(),
                value: value.trim().to_owned(),
                line: line_number,
            }),
            None => lexed
                .problems
                .push(LexProblem::MalformedLine { line: line_number }),
        }
    }
    if !group.is_empty() {
        lexed.groups.push(group);
    }
    lexed
}

/// `Name: value` with an RFC 5322 field name (printable ASCII, no colon), else `None`.
fn split_field(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    // Some generators write `Name : value`; the name itself still may not contain spaces.
    let name = name.trim_end_matches([' ', '\t']);
    let valid = !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b));
    valid.then_some((name, value))
}

/// Decodes report bytes: UTF-8 where valid (RFC 6533 allows it), anything else replaced,
/// so that a stray Latin-1 byte costs one character, not the report.
pub(crate) fn decode(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A text with its RFC 5322 comments `( ... )` removed, and the comments' contents.
///
/// Comments nest and may contain `\`-escapes; quoted strings are kept whole (a `(` inside
/// quotes is not a comment). An unclosed comment runs to the end of the text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Uncommented {
    /// The text without its comments, whitespace around them collapsed and trimmed.
    pub text: String,
    /// Each top-level comment's content, trimmed, in order.
    pub comments: Vec<String>,
}

/// A piece of a structured field value: one character outside comments, or a whole
/// comment's content (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A character outside comments; `quoted` when inside a quoted string (quotes and
    /// their escapes are kept as written).
    Char { c: char, quoted: bool },
    /// A top-level comment's content: nested comments stay inside, `\`-escapes resolved.
    Comment(String),
}

/// Splits a structured field value into characters and comments (RFC 5322 §3.2.2):
/// comments nest and take `\`-escapes, a `(` inside quotes is not a comment, and an
/// unclosed comment runs to the end of the text (kept when not blank).
pub(crate) fn pieces(value: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut comment = String::new();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if depth > 0 {
            match c {
                '\\' => comment.extend(chars.next()),
                '(' => {
                    depth += 1;
                    comment.push(c);
                }
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(Piece::Comment(comment.trim().to_owned()));
                        comment.clear();
                    } else {
                        comment.push(c);
                    }
                }
                _ => comment.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                out.push(Piece::Char { c, quoted: true });
                quoted = !quoted;
            }
            '\\' if quoted => {
                out.push(Piece::Char { c, quoted });
                if let Some(escaped) = chars.next() {
                    out.push(Piece::Char { c: escaped, quoted });
                }
            }
            '(' if !quoted => depth = 1,
            _ => out.push(Piece::Char { c, quoted }),
        }
    }
    if depth > 0 && !comment.trim().is_empty() {
        out.push(Piece::Comment(comment.trim().to_owned()));
    }
    out
}

/// Removes comments from a structured field value (see [`Uncommented`]).
pub(crate) fn strip_comments(value: &str) -> Uncommented {
    let mut text = String::with_capacity(value.len());
    let mut comments = Vec::new();
    for piece in pieces(value) {
        match piece {
            Piece::Char { c, .. } => text.push(c),
            Piece::Comment(comment) => {
                comments.push(comment);
                text.push(' ');
            }
        }
    }
    Uncommented {
        text: collapse_spaces(&text),
        comments,
    }
}

/// Runs of whitespace become one space; outer whitespace goes.
pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_values(lexed: &Lexed) -> Vec<Vec<(String, String)>> {
        lexed
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|f| (f.name.clone(), f.value.clone()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn lexing_table() {
        type Expected<'a> = &'a [&'a [(&'a str, &'a str)]];
        let cases: &[(&str, &str, Expected, usize)] = &[
            ("empty", "", &[], 0),
            ("one field LF", "A: b\n", &[&[("A", "b")]], 0),
            ("CRLF", "A: b\r\nC: d\r\n", &[&[("A", "b"), ("C", "d")]], 0),
            (
                "two groups",
                "A: b\n\nC: d\n",
                &[&[("A", "b")], &[("C", "d")]],
                0,
            ),
            (
                "blank lines in a run make one separator",
                "A: b\r\n\r\n\r\n   \r\nC: d",
                &[&[("A", "b")], &[("C", "d")]],
                0,
            ),
            (
                "folding joins with one space",
                "D: smtp; 550 user\r\n    unknown\r\n\tat host\r\n",
                &[&[("D", "smtp; 550 user unknown at host")]],
                0,
            ),
            ("no space after colon", "A:b", &[&[("A", "b")]], 0),
            (
                "space before colon",
                "Action : failed",
                &[&[("Action", "failed")]],
                0,
            ),
            ("empty value", "A:\n  folded", &[&[("A", "folded")]], 0),
            (
                "junk line skipped",
                "A: b\njunk\nC: d",
                &[&[("A", "b"), ("C", "d")]],
                1,
            ),
            (
                "leading continuation",
                "  orphan\nA: b",
                &[&[("A", "b")]],
                1,
            ),
            ("name with space is junk", "Bad Name: x", &[], 1),
            ("stray CR kept in value", "A: b\rc", &[&[("A", "b\rc")]], 0),
        ];
        for (label, input, expected, problems) in cases {
            let lexed = lex(input);
            let expected: Vec<Vec<(String, String)>> = expected
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|(n, v)| (n.to_string(), v.to_string()))
                        .collect()
                })
                .collect();
            assert_eq!(names_and_values(&lexed), expected, "{label}");
            assert_eq!(lexed.problems.len(), *problems, "{label}");
        }
    }

    #[test]
    fn field_names_compare_without_case() {
        let lexed = lex("fInAl-ReCiPiEnT: rfc822; a@b");
        assert!(lexed.groups[0][0].is("Final-Recipient"));
        assert_eq!(lexed.groups[0][0].line, 1);
    }

    #[test]
    fn comments_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("5.0.0 (permanent failure)", "5.0.0", &["permanent failure"]),
            (
                "rfc822 (mail-address) ; a@b",
                "rfc822 ; a@b",
                &["mail-address"],
            ),
            ("x (a (nested) b) y", "x y", &["a (nested) b"]),
            ("x (esc \\) aped) y", "x y", &["esc ) aped"]),
            (
                "\"quoted (not a comment)\" z",
                "\"quoted (not a comment)\" z",
                &[],
            ),
            ("unclosed (comment", "unclosed", &["comment"]),
            ("stray ) paren", "stray ) paren", &[]),
            (
                "Thu, 26 Nov 2026 09:27:16 +0000 (UTC)",
                "Thu, 26 Nov 2026 09:27:16 +0000",
                &["UTC"],
            ),
        ];
        for (input, text, comments) in cases {
            let out = strip_comments(input);
            assert_eq!(out.text, *text, "{input}");
            assert_eq!(out.comments, *comments, "{input}");
        }
    }
}
