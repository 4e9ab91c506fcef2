//! SMTP replies (RFC 5321 §4.2): a three-digit code and one or more lines of text,
//! read bounded so a hostile server cannot make the bridge buffer without end.

use super::error::SmtpError;
use crate::transport::greeting::{classify_greeting, is_other_protocol};
use facteur_providers::Protocol;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};

/// Longest reply line we accept; a server sending more is not speaking SMTP.
pub const MAX_LINE: usize = 4096;

/// Most lines in one reply (EHLO lists a few dozen at most).
pub const MAX_LINES: usize = 256;

/// One complete (possibly multi-line) reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The reply code, e.g. 250.
    pub code: u16,
    /// The text of each line, without the code, separator and line ending.
    pub lines: Vec<String>,
}

impl Reply {
    /// Whether the code is 2xx.
    pub fn is_positive(&self) -> bool {
        (200..300).contains(&self.code)
    }

    /// Whether the code is 4xx (try again later).
    pub fn is_transient(&self) -> bool {
        (400..500).contains(&self.code)
    }

    /// The reply as the server wrote it, lines joined by spaces: `550 5.1.1 <x>: unknown`.
    /// This is what the user reads in `detail`.
    pub fn text(&self) -> String {
        let joined = self
            .lines
            .iter()
            .map(|line| line.trim())
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if joined.is_empty() {
            self.code.to_string()
        } else {
            format!("{} {joined}", self.code)
        }
    }
}

/// Splits one reply line into its code, whether more lines follow, and its text.
pub fn parse_line(line: &str) -> Result<(u16, bool, &str), SmtpError> {
    let line = line.trim_end_matches(['\r', '\n']);
    let code = line
        .get(..3)
        .filter(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse::<u16>().ok())
        .filter(|code| (200..600).contains(code))
        .ok_or(SmtpError::Malformed)?;
    match line.as_bytes().get(3) {
        None => Ok((code, false, "")),
        Some(b' ') => Ok((code, false, line.get(4..).unwrap_or(""))),
        Some(b'-') => Ok((code, true, line.get(4..).unwrap_or(""))),
        Some(_) => Err(SmtpError::Malformed),
    }
}

/// Reads one complete reply.
pub async fn read_reply<S: AsyncRead + Unpin>(
    conversation: &mut BufReader<S>,
) -> Result<Reply, SmtpError> {
    let mut lines = Vec::new();
    loop {
        let mut raw = Vec::new();
        let read = (&mut *conversation)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut raw)
            .await
            .map_err(SmtpError::Io)?;
        if read == 0 {
            return Err(SmtpError::Closed);
        }
        if !raw.ends_with(b"\n") {
            return Err(if read >= MAX_LINE {
                SmtpError::ReplyTooLarge {
                    limit: MAX_LINE as u64,
                }
            } else {
                SmtpError::Malformed
            });
        }
        let line = String::from_utf8_lossy(&raw);
        let (code, more, text) = parse_line(&line).map_err(|error| {
            // A first line in another protocol (an IMAP `* OK` greeting, HTTP) names it.
            let heard = classify_greeting(&raw);
            if lines.is_empty() && is_other_protocol(Protocol::Smtp, heard) {
                SmtpError::WrongProtocol { heard }
            } else {
                error
            }
        })?;
        lines.push(text.to_owned());
        if !more {
            return Ok(Reply { code, lines });
        }
        if lines.len() >= MAX_LINES {
            return Err(SmtpError::ReplyTooLarge {
                limit: (MAX_LINE * MAX_LINES) as u64,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replies_are_read_to_their_last_line() {
        let input: &[u8] = b"250-mail.example.test\r\n250-DSN\r\n250 STARTTLS\r\n554 5.7.1 no\r\n";
        let mut reader = BufReader::new(input);
        let ehlo = read_reply(&mut reader).await.unwrap();
        assert_eq!(ehlo.code, 250);
        assert_eq!(ehlo.lines, ["mail.example.test", "DSN", "STARTTLS"]);
        let refused = read_reply(&mut reader).await.unwrap();
        assert_eq!(refused.text(), "554 5.7.1 no");
        let closed = read_reply(&mut reader).await;
        assert!(matches!(closed, Err(SmtpError::Closed)), "{closed:?}");
    }

    #[tokio::test]
    async fn another_protocols_greeting_is_named() {
        for input in [
            &b"* OK IMAP4rev1 ready\r\n"[..],
            b"HTTP/1.1 400 Bad Request\r\n",
        ] {
            let wrong = read_reply(&mut BufReader::new(input)).await;
            assert!(
                matches!(wrong, Err(SmtpError::WrongProtocol { .. })),
                "{input:?}"
            );
        }
    }

    #[tokio::test]
    async fn what_is_not_smtp_is_a_protocol_error() {
        for input in [
            &b"25\r\n"[..],
            b"999 nine\r\n",
            b"250_x\r\n",
            b"220 cut without newline",
        ] {
            let wrong = read_reply(&mut BufReader::new(input)).await;
            assert!(matches!(wrong, Err(SmtpError::Malformed)), "{input:?}");
        }
    }

    #[tokio::test]
    async fn endless_replies_are_cut_off_with_their_own_error() {
        let long = vec![b'2'; MAX_LINE + 10];
        let wrong = read_reply(&mut BufReader::new(&long[..])).await;
        assert!(matches!(
            wrong,
            Err(SmtpError::ReplyTooLarge { limit }) if limit == MAX_LINE as u64
        ));
        let many = b"250-more\r\n".repeat(MAX_LINES + 1);
        let wrong = read_reply(&mut BufReader::new(&many[..])).await;
        assert!(matches!(wrong, Err(SmtpError::ReplyTooLarge { .. })));
    }

    #[test]
    fn text_joins_the_lines_with_the_code() {
        let reply = Reply {
            code: 535,
            lines: vec!["5.7.8 Error:".into(), " authentication failed ".into()],
        };
        assert_eq!(reply.text(), "535 5.7.8 Error: authentication failed");
        assert!(!reply.is_positive() && !reply.is_transient());
        let bare = Reply {
            code: 421,
            lines: vec![String::new()],
        };
        assert_eq!(bare.text(), "421");
        assert!(bare.is_transient());
        assert_eq!(parse_line("220").unwrap(), (220, false, ""));
    }
}
