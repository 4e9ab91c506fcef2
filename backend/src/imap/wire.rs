//! The few IMAP lines read and written by hand, outside async-imap: the greeting (the
//! sign-in and the connection test), capability lists, tagged results and a LOGIN
//! command that quotes or sends literals as RFC 3501 requires (the connection test).

/// Longest line read by hand from an IMAP server.
pub const MAX_LINE: usize = 8192;

/// What an IMAP server's first line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeting<'a> {
    /// `* OK` or `* PREAUTH`: ready for commands.
    Ready,
    /// `* BYE`: the server refuses the connection, with its text.
    Bye(&'a str),
    /// Not an IMAP greeting at all.
    NotImap,
}

/// Reads a greeting line (without its line ending).
pub fn greeting(line: &str) -> Greeting<'_> {
    if let Some(text) = strip_prefix_ignore_case(line, "* BYE") {
        let text = text.trim();
        Greeting::Bye(if text.is_empty() { "BYE" } else { text })
    } else if strip_prefix_ignore_case(line, "* OK").is_some()
        || strip_prefix_ignore_case(line, "* PREAUTH").is_some()
    {
        Greeting::Ready
    } else {
        Greeting::NotImap
    }
}

/// The status of a tagged response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `OK`: the command succeeded.
    Ok,
    /// `NO`: the server refused (wrong password...).
    No,
    /// `BAD`: the server did not understand the command.
    Bad,
}

/// The capabilities an untagged `CAPABILITY` response or a `[CAPABILITY ...]` response
/// code lists, if `line` holds either.
pub fn capabilities_in(line: &str) -> Option<Vec<String>> {
    let line = line.trim_end();
    let list = if let Some(rest) = strip_prefix_ignore_case(line, "* CAPABILITY ") {
        rest
    } else {
        let start = find_ignore_case(line, "[CAPABILITY ")?;
        let rest = &line[start + "[CAPABILITY ".len()..];
        &rest[..rest.find(']')?]
    };
    Some(list.split_ascii_whitespace().map(str::to_owned).collect())
}

/// The status and text of `line` when it is the tagged response to `tag`.
pub fn tagged<'a>(line: &'a str, tag: &str) -> Option<(Status, &'a str)> {
    let rest = line.strip_prefix(tag)?.strip_prefix(' ')?;
    let (word, text) = rest.split_once(' ').unwrap_or((rest, ""));
    let status = match word.to_ascii_uppercase().as_str() {
        "OK" => Status::Ok,
        "NO" => Status::No,
        "BAD" => Status::Bad,
        _ => return None,
    };
    Some((status, text.trim_end()))
}

/// `LOGIN` as the chunks to send: every chunk but the last ends with a literal's
/// announcement `{n}`, and the next goes only after the server's `+` continuation.
pub fn login_command(tag: &str, username: &str, password: &str) -> Vec<Vec<u8>> {
    let mut chunks = Vec::new();
    let mut current = format!("{tag} LOGIN ").into_bytes();
    for (index, value) in [username, password].into_iter().enumerate() {
        if index > 0 {
            current.push(b' ');
        }
        if can_quote(value) {
            current.push(b'"');
            for byte in value.bytes() {
                if matches!(byte, b'"' | b'\\') {
                    current.push(b'\\');
                }
                current.push(byte);
            }
            current.push(b'"');
        } else {
            current.extend_from_slice(format!("{{{}}}\r\n", value.len()).as_bytes());
            chunks.push(std::mem::take(&mut current));
            current.extend_from_slice(value.as_bytes());
        }
    }
    current.extend_from_slice(b"\r\n");
    chunks.push(current);
    chunks
}

/// Whether `value` fits a quoted string: 7-bit text without CR, LF or NUL.
fn can_quote(value: &str) -> bool {
    value
        .bytes()
        .all(|b| (0x01..0x80).contains(&b) && b != b'\r' && b != b'\n')
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn find_ignore_case(text: &str, needle: &str) -> Option<usize> {
    text.to_ascii_uppercase().find(&needle.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_from_responses_and_codes() {
        let cases: [(&str, Option<Vec<&str>>); 4] = [
            (
                "* CAPABILITY IMAP4rev1 IDLE MOVE\r\n",
                Some(vec!["IMAP4rev1", "IDLE", "MOVE"]),
            ),
            (
                "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.",
                Some(vec!["IMAP4rev1", "STARTTLS", "AUTH=PLAIN"]),
            ),
            ("a1 OK [capability IMAP4rev2] done", Some(vec!["IMAP4rev2"])),
            ("* OK Dovecot ready.", None),
        ];
        for (line, expected) in cases {
            let expected = expected.map(|v| v.into_iter().map(str::to_owned).collect::<Vec<_>>());
            assert_eq!(capabilities_in(line), expected, "{line}");
        }
    }

    #[test]
    fn greetings_are_ready_bye_or_not_imap() {
        assert_eq!(
            greeting("* OK [CAPABILITY IMAP4rev1] Dovecot ready."),
            Greeting::Ready
        );
        assert_eq!(greeting("* preauth welcome"), Greeting::Ready);
        assert_eq!(
            greeting("* BYE too many connections"),
            Greeting::Bye("too many connections")
        );
        assert_eq!(greeting("220 mail.example.test ESMTP"), Greeting::NotImap);
    }

    #[test]
    fn tagged_responses_are_recognised_by_tag() {
        assert_eq!(
            tagged(
                "a3 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n",
                "a3"
            ),
            Some((Status::No, "[AUTHENTICATIONFAILED] Authentication failed."))
        );
        assert_eq!(
            tagged("a3 ok Logged in", "a3"),
            Some((Status::Ok, "Logged in"))
        );
        assert_eq!(tagged("a30 OK", "a3"), None);
        assert_eq!(tagged("* OK still going", "a3"), None);
    }

    #[test]
    fn login_quotes_text_and_sends_other_values_as_literals() {
        let simple = login_command("a3", "jean", r#"pa"ss\word"#);
        assert_eq!(simple, vec![br#"a3 LOGIN "jean" "pa\"ss\\word""#.to_vec().into_iter().chain(*b"\r\n").collect::<Vec<u8>>()]);
        let accented = login_command("a3", "jean", "mot-de-passé");
        assert_eq!(accented.len(), 2);
        assert_eq!(accented[0], b"a3 LOGIN \"jean\" {13}\r\n".to_vec());
        assert_eq!(accented[1], "mot-de-passé\r\n".as_bytes().to_vec());
    }
}
