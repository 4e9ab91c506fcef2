//! Splitting a Sieve script into tokens (RFC 5228 §8.1), comments kept: the exporter
//! stores rule names and alerts in them.

/// One token, with the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub line: usize,
    pub kind: TokenKind,
}

/// The kinds of Sieve tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Identifier(String),
    /// `:name`, stored lower-cased without the colon.
    Tag(String),
    String(String),
    /// A number with its `K`/`M`/`G` quantifier applied.
    Number(u64),
    /// A `#` comment's text after the `#`, or a bracketed comment's text.
    Comment(String),
    Punct(char),
}

/// Why the script could not be split into tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub line: usize,
    pub reason: String,
}

/// Splits `script` into tokens; every step consumes input, so this always ends.
pub(crate) fn tokenize(script: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = script.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let error = |line, reason: &str| LexError {
        line,
        reason: reason.to_owned(),
    };
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        let kind = match c {
            '\n' => {
                line += 1;
                i += 1;
                continue;
            }
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '#' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(chars.len(), |p| i + p);
                let text: String = chars[i + 1..end].iter().collect();
                i = end;
                TokenKind::Comment(text.trim_end_matches('\r').to_owned())
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let body_start = i + 2;
                let mut j = body_start;
                while j + 1 < chars.len() && !(chars[j] == '*' && chars[j + 1] == '/') {
                    j += 1;
                }
                if j + 1 >= chars.len() {
                    return Err(error(start_line, "unterminated /* comment"));
                }
                let text: String = chars[body_start..j].iter().collect();
                line += text.matches('\n').count();
                i = j + 2;
                TokenKind::Comment(text)
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(error(start_line, "unterminated string")),
                        Some('"') => break,
                        Some('\\') => {
                            // RFC 5228: a backslash quotes the next character, whatever it is.
                            if let Some(&next) = chars.get(i + 1) {
                                if next == '\n' {
                                    line += 1;
                                }
                                text.push(next);
                            }
                            i += 2;
                        }
                        Some(&other) => {
                            if other == '\n' {
                                line += 1;
                            }
                            text.push(other);
                            i += 1;
                        }
                    }
                }
                i += 1;
                TokenKind::String(text.replace("\r\n", "\n"))
            }
            ':' => {
                let end = word_end(&chars, i + 1);
                if end == i + 1 {
                    return Err(error(line, "a colon must start a tag"));
                }
                let tag: String = chars[i + 1..end].iter().collect();
                i = end;
                TokenKind::Tag(tag.to_ascii_lowercase())
            }
            c if c.is_ascii_digit() => {
                let end = chars[i..]
                    .iter()
                    .position(|c| !c.is_ascii_digit())
                    .map_or(chars.len(), |p| i + p);
                let digits: String = chars[i..end].iter().collect();
                let mut value: u64 = digits
                    .parse()
                    .map_err(|_| error(line, "number too large"))?;
                i = end;
                let shift = match chars.get(i).map(|c| c.to_ascii_uppercase()) {
                    Some('K') => 10,
                    Some('M') => 20,
                    Some('G') => 30,
                    _ => 0,
                };
                if shift > 0 {
                    i += 1;
                    value = value
                        .checked_mul(1 << shift)
                        .ok_or_else(|| error(line, "number too large"))?;
                }
                TokenKind::Number(value)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let end = word_end(&chars, i);
                let word: String = chars[i..end].iter().collect();
                i = end;
                if word.eq_ignore_ascii_case("text") && chars.get(i) == Some(&':') {
                    i += 1;
                    let (text, consumed_lines, next) = multiline(&chars, i)
                        .ok_or_else(|| error(start_line, "unterminated text: block"))?;
                    line += consumed_lines;
                    i = next;
                    TokenKind::String(text)
                } else {
                    TokenKind::Identifier(word.to_ascii_lowercase())
                }
            }
            '[' | ']' | '(' | ')' | '{' | '}' | ',' | ';' => {
                i += 1;
                TokenKind::Punct(c)
            }
            other => return Err(error(line, &format!("unexpected character {other:?}"))),
        };
        tokens.push(Token {
            line: start_line,
            kind,
        });
    }
    Ok(tokens)
}

fn word_end(chars: &[char], from: usize) -> usize {
    chars[from..]
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(chars.len(), |p| from + p)
}

/// A `text:` multi-line string starting after the colon: (text, lines consumed, next index).
fn multiline(chars: &[char], from: usize) -> Option<(String, usize, usize)> {
    let first_break = from + chars[from..].iter().position(|&c| c == '\n')?;
    let rest: String = chars[first_break + 1..].iter().collect();
    let mut text = String::new();
    let mut consumed = 1;
    let mut offset = 0;
    for raw in rest.split_inclusive('\n') {
        consumed += 1;
        offset += raw.chars().count();
        let content = raw.trim_end_matches(['\r', '\n']);
        if content == "." {
            return Some((text, consumed, first_break + 1 + offset));
        }
        // Dot-stuffing: a leading ".." stands for ".".
        text.push_str(
            content
                .strip_prefix('.')
                .filter(|c| c.starts_with('.'))
                .unwrap_or(content),
        );
        text.push('\n');
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(script: &str) -> Vec<TokenKind> {
        tokenize(script)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn splits_a_script() {
        use TokenKind::*;
        assert_eq!(
            kinds("if size :OVER 10K { fileinto \"a\\\"b\\\\\"; } # note"),
            vec![
                Identifier("if".into()),
                Identifier("size".into()),
                Tag("over".into()),
                Number(10 * 1024),
                Punct('{'),
                Identifier("fileinto".into()),
                String("a\"b\\".into()),
                Punct(';'),
                Punct('}'),
                Comment(" note".into()),
            ]
        );
    }

    #[test]
    fn reads_multiline_strings_and_counts_lines() {
        let tokens = tokenize("a text:\n..x\ny\n.\n/* c\n */ b").unwrap();
        assert_eq!(tokens[1].kind, TokenKind::String(".x\ny\n".into()));
        assert_eq!(tokens[3].kind, TokenKind::Identifier("b".into()));
        assert_eq!(tokens[3].line, 6);
    }

    #[test]
    fn reports_broken_input() {
        for bad in [
            "\"open",
            "/* open",
            "text:\nno end",
            "99999999999999999999999",
            "@",
            ": x",
        ] {
            assert!(tokenize(bad).is_err(), "{bad:?}");
        }
    }
}
