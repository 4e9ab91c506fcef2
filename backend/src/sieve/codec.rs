//! The ManageSieve wire format (RFC 5804 §4), pure: splitting server responses into
//! tokens (atoms, quoted strings, literals, parentheses), recognising the final
//! OK/NO/BYE line, reading capabilities, and writing commands.
//!
//! No I/O here: [`next_line`] works on whatever bytes have arrived and says when it
//! needs more, so it is tested on server transcripts directly.

/// One token of a server line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Atom(String),
    /// A quoted string or a literal, decoded.
    Str(String),
    Open,
    Close,
}

/// Why bytes from the server are not ManageSieve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed ManageSieve response: {0}")]
pub struct CodecError(pub &'static str);

/// The longest line or literal accepted from a server (scripts are bounded too).
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// The reason of a [`CodecError`] for a line or literal above [`MAX_RESPONSE_BYTES`].
pub const TOO_LONG: &str = "response too long";

/// The tokens of the first complete line of `buffer` and how many bytes it took, or
/// `None` when more bytes are needed.
pub fn next_line(buffer: &[u8]) -> Result<Option<(Vec<Token>, usize)>, CodecError> {
    let mut tokens = Vec::new();
    let mut at = 0;
    loop {
        let Some(&byte) = buffer.get(at) else {
            return incomplete(buffer);
        };
        match byte {
            b' ' => at += 1,
            b'\r' if buffer.get(at + 1) == Some(&b'\n') => return Ok(Some((tokens, at + 2))),
            b'\r' if at + 1 == buffer.len() => return incomplete(buffer),
            // A CR not ending the line would end an atom of no bytes, forever.
            b'\r' => return Err(CodecError("carriage return inside a line")),
            b'\n' => return Ok(Some((tokens, at + 1))),
            b'(' => {
                tokens.push(Token::Open);
                at += 1;
            }
            b')' => {
                tokens.push(Token::Close);
                at += 1;
            }
            b'"' => match quoted(&buffer[at + 1..])? {
                Some((text, used)) => {
                    tokens.push(Token::Str(text));
                    at += 1 + used;
                }
                None => return incomplete(buffer),
            },
            b'{' => match literal(&buffer[at..])? {
                Some((text, used)) => {
                    tokens.push(Token::Str(text));
                    at += used;
                }
                None => return incomplete(buffer),
            },
            _ => {
                let end = buffer[at..]
                    .iter()
                    .position(|b| matches!(b, b' ' | b'\r' | b'\n' | b'(' | b')' | b'"'))
                    .map_or(buffer.len(), |p| at + p);
                if end == buffer.len() {
                    return incomplete(buffer);
                }
                tokens.push(Token::Atom(
                    String::from_utf8_lossy(&buffer[at..end]).into_owned(),
                ));
                at = end;
            }
        }
    }
}

fn incomplete<T>(buffer: &[u8]) -> Result<Option<T>, CodecError> {
    if buffer.len() > MAX_RESPONSE_BYTES {
        Err(CodecError(TOO_LONG))
    } else {
        Ok(None)
    }
}

/// A quoted string after its opening quote: its text and the bytes used (closing
/// quote included).
fn quoted(input: &[u8]) -> Result<Option<(String, usize)>, CodecError> {
    let mut text = Vec::new();
    let mut at = 0;
    while let Some(&byte) = input.get(at) {
        match byte {
            b'"' => return Ok(Some((String::from_utf8_lossy(&text).into_owned(), at + 1))),
            b'\\' => match input.get(at + 1) {
                Some(&escaped @ (b'"' | b'\\')) => {
                    text.push(escaped);
                    at += 2;
                }
                Some(_) => return Err(CodecError("bad escape in a quoted string")),
                None => return Ok(None),
            },
            b'\r' | b'\n' => return Err(CodecError("line break in a quoted string")),
            _ => {
                text.push(byte);
                at += 1;
            }
        }
    }
    Ok(None)
}

/// `{n}\r\n` or `{n+}\r\n` then n bytes: the text and the bytes used.
fn literal(input: &[u8]) -> Result<Option<(String, usize)>, CodecError> {
    let Some(close) = input.iter().position(|b| *b == b'}') else {
        return if input.len() > 16 {
            Err(CodecError("unterminated literal length"))
        } else {
            Ok(None)
        };
    };
    let digits = std::str::from_utf8(&input[1..close])
        .map_err(|_| CodecError("bad literal length"))?
        .trim_end_matches('+');
    let length: usize = digits
        .parse()
        .map_err(|_| CodecError("bad literal length"))?;
    if length > MAX_RESPONSE_BYTES {
        return Err(CodecError(TOO_LONG));
    }
    let start = close + 1;
    let body_start = match input.get(start..start + 2) {
        Some(b"\r\n") => start + 2,
        Some(_) => return Err(CodecError("literal length not followed by CRLF")),
        None => return Ok(None),
    };
    match input.get(body_start..body_start + length) {
        Some(body) => Ok(Some((
            String::from_utf8_lossy(body).into_owned(),
            body_start + length,
        ))),
        None => Ok(None),
    }
}

/// How the server ended a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Ok,
    No,
    Bye,
}

/// The final line of a response: status, response code (e.g. `WARNINGS`, `QUOTA/MAXSIZE`)
/// and the human-readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub status: Status,
    pub code: Option<String>,
    pub text: Option<String>,
}

/// The completion a line is, if it starts with OK, NO or BYE.
pub fn completion(tokens: &[Token]) -> Option<Completion> {
    let Some(Token::Atom(first)) = tokens.first() else {
        return None;
    };
    let status = match first.to_ascii_uppercase().as_str() {
        "OK" => Status::Ok,
        "NO" => Status::No,
        "BYE" => Status::Bye,
        _ => return None,
    };
    let mut rest = &tokens[1..];
    let mut code = None;
    if rest.first() == Some(&Token::Open) {
        let close = rest
            .iter()
            .position(|t| *t == Token::Close)
            .unwrap_or(rest.len());
        let words: Vec<&str> = rest[1..close]
            .iter()
            .filter_map(|t| match t {
                Token::Atom(a) | Token::Str(a) => Some(a.as_str()),
                _ => None,
            })
            .collect();
        code = Some(words.join(" "));
        rest = rest.get(close + 1..).unwrap_or(&[]);
    }
    let text = rest.iter().find_map(|t| match t {
        Token::Str(s) => Some(s.clone()),
        _ => None,
    });
    Some(Completion { status, code, text })
}

/// What a server offers, from its capability lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub sieve_extensions: Vec<String>,
    pub sasl: Vec<String>,
    pub starttls: bool,
}

/// Reads capability lines (`"SIEVE" "fileinto ..."`, `"STARTTLS"`, ...).
pub fn capabilities(lines: &[Vec<Token>]) -> Capabilities {
    let mut capabilities = Capabilities::default();
    for line in lines {
        let (Some(Token::Str(name)), value) = (line.first(), line.get(1)) else {
            continue;
        };
        let words = || match value {
            Some(Token::Str(v)) => v.split_whitespace().map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        match name.to_ascii_uppercase().as_str() {
            "SIEVE" => capabilities.sieve_extensions = words(),
            "SASL" => capabilities.sasl = words(),
            "STARTTLS" => capabilities.starttls = true,
            _ => {}
        }
    }
    capabilities
}

/// A string argument: quoted when short and plain, else a non-synchronizing literal
/// (which RFC 5804 servers must accept), so any script text travels unharmed.
pub fn string(value: &str) -> String {
    let plain = value.len() <= 1024
        && !value
            .chars()
            .any(|c| matches!(c, '"' | '\\' | '\r' | '\n' | '\0'));
    if plain {
        format!("\"{value}\"")
    } else {
        format!("{{{}+}}\r\n{value}", value.len())
    }
}

/// `AUTHENTICATE "PLAIN" "<base64>"` with the initial response (RFC 4616).
pub fn authenticate_plain(username: &str, password: &str) -> String {
    let encoded = crate::transport::sasl::plain_token(username, password);
    format!("AUTHENTICATE \"PLAIN\" \"{encoded}\"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(transcript: &[u8]) -> Vec<Vec<Token>> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < transcript.len() {
            let (tokens, used) = next_line(&transcript[at..]).unwrap().expect("complete");
            out.push(tokens);
            at += used;
        }
        out
    }

    #[test]
    fn the_dovecot_greeting_gives_capabilities() {
        let greeting = b"\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\
            \"SIEVE\" \"fileinto reject envelope imap4flags\"\r\n\
            \"NOTIFY\" \"mailto\"\r\n\"SASL\" \"PLAIN LOGIN\"\r\n\"STARTTLS\"\r\n\
            \"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\n";
        let all = lines(greeting);
        let last = completion(all.last().unwrap()).unwrap();
        assert_eq!(last.status, Status::Ok);
        assert_eq!(last.text.as_deref(), Some("Dovecot ready."));
        let caps = capabilities(&all[..all.len() - 1]);
        assert!(caps.starttls);
        assert_eq!(caps.sasl, ["PLAIN", "LOGIN"]);
        assert!(caps.sieve_extensions.contains(&"fileinto".to_owned()));
    }

    #[test]
    fn refusals_carry_codes_and_literal_texts() {
        let all = lines(b"NO (QUOTA/MAXSIZE) \"Too big\"\r\nNO {22}\r\nline 1: error: unknown\r\n");
        let quota = completion(&all[0]).unwrap();
        assert_eq!(quota.code.as_deref(), Some("QUOTA/MAXSIZE"));
        assert_eq!(quota.text.as_deref(), Some("Too big"));
        let invalid = completion(&all[1]).unwrap();
        assert_eq!(invalid.status, Status::No);
        assert_eq!(invalid.text.as_deref(), Some("line 1: error: unknown"));
        let warn = completion(&lines(b"OK (WARNINGS) \"w\"\r\n")[0]).unwrap();
        assert_eq!(warn.code.as_deref(), Some("WARNINGS"));
    }

    #[test]
    fn partial_input_asks_for_more() {
        let whole = b"\"facteur\" ACTIVE\r\n{5}\r\nab\"\\c\r\nOK \"x\\\"y\"\r\n";
        for cut in 0..whole.len() {
            let result = next_line(&whole[..cut]).unwrap();
            if let Some((_, used)) = result {
                assert!(used <= cut);
            }
        }
        let all = lines(whole);
        assert_eq!(
            all[0],
            [Token::Str("facteur".into()), Token::Atom("ACTIVE".into())]
        );
        assert_eq!(all[1], [Token::Str("ab\"\\c".into())]);
        assert_eq!(completion(&all[2]).unwrap().text.as_deref(), Some("x\"y"));
    }

    #[test]
    fn a_bare_carriage_return_is_refused_not_looped_on() {
        // Found by the fuzz target (fuzz/corpus/managesieve/timeout-*): before the fix,
        // next_line pushed empty atoms at the CR forever.
        assert_eq!(
            next_line(b"\"IMPLEMENTATION\" \"Dovecot\"\r\"SASL\"\r\n"),
            Err(CodecError("carriage return inside a line"))
        );
    }

    #[test]
    fn garbage_is_refused() {
        assert!(next_line(b"OK \"a\rb\"\r\n").is_err());
        assert!(next_line(b"{abc}\r\n").is_err());
        assert!(next_line(b"{99999999999}\r\n").is_err());
        assert!(next_line(&vec![b'a'; MAX_RESPONSE_BYTES + 1]).is_err());
    }

    #[test]
    fn commands_are_written_safely() {
        assert_eq!(string("facteur"), "\"facteur\"");
        assert_eq!(
            string("require \"fileinto\";\r\n"),
            "{21+}\r\nrequire \"fileinto\";\r\n"
        );
        assert_eq!(
            authenticate_plain("test1@example.test", "secret"),
            "AUTHENTICATE \"PLAIN\" \"AHRlc3QxQGV4YW1wbGUudGVzdABzZWNyZXQ=\"\r\n"
        );
    }
}
