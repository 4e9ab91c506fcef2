//! Watches the response code at the start of a status response's text (`* OK [CODE] text`,
//! `A1 NO [CODE] text`, `+ [CODE] text`) for the one byte pattern that panics the parser
//! under async-imap: imap-proto 0.17 (`Outcome::parse`) drops the first character after
//! a code's closing `]` by slicing the text at byte 1, assuming a space; when that
//! character is not ASCII the slice falls inside it and the request's task panics (found
//! by the `imap` fuzz target). Non-ASCII text is legal there (UTF8=ACCEPT, RFC 6855), so
//! only the byte right after the code's `]` is checked, and only in status responses.

/// The status words whose text may start with a response code (RFC 3501 `resp-cond-*`).
const STATUSES: [&[u8]; 5] = [b"OK", b"NO", b"BAD", b"BYE", b"PREAUTH"];

/// Longest line start kept to recognise a status response (a tag, a status, spaces).
const MAX_HEAD: usize = 80;

/// Where the watch is in the current response line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Watch {
    /// Before any `[`: the bytes of the line so far.
    Head(Vec<u8>),
    /// Inside the response code; a `]` in a quoted string does not close it.
    Code { quoted: bool, escaped: bool },
    /// Right after the code's closing `]`.
    Closed,
    /// Nothing more to check on this line.
    Done,
}

/// The byte after a response code's `]` is not ASCII: the parser would panic on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeNotFollowedByAscii;

/// Follows one response line at a time (line text only, never literal bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseCodeWatch {
    watch: Watch,
}

impl Default for ResponseCodeWatch {
    fn default() -> Self {
        ResponseCodeWatch {
            watch: Watch::Head(Vec::new()),
        }
    }
}

impl ResponseCodeWatch {
    /// A new response line starts.
    pub fn reset(&mut self) {
        *self = ResponseCodeWatch::default();
    }

    /// The line goes on with a literal: no status response has one, so stop watching.
    pub fn stop(&mut self) {
        self.watch = Watch::Done;
    }

    /// Takes the next byte of line text.
    pub fn byte(&mut self, byte: u8) -> Result<(), CodeNotFollowedByAscii> {
        self.watch = match std::mem::replace(&mut self.watch, Watch::Done) {
            Watch::Head(head) if byte == b'[' => {
                if opens_response_text(&head) {
                    Watch::Code {
                        quoted: false,
                        escaped: false,
                    }
                } else {
                    Watch::Done
                }
            }
            Watch::Head(mut head) if head.len() < MAX_HEAD => {
                head.push(byte);
                Watch::Head(head)
            }
            Watch::Head(_) => Watch::Done,
            Watch::Code { quoted, escaped } => match byte {
                _ if escaped => Watch::Code {
                    quoted,
                    escaped: false,
                },
                b'\\' if quoted => Watch::Code {
                    quoted,
                    escaped: true,
                },
                b'"' => Watch::Code {
                    quoted: !quoted,
                    escaped: false,
                },
                b']' if !quoted => Watch::Closed,
                _ => Watch::Code {
                    quoted,
                    escaped: false,
                },
            },
            Watch::Closed if !byte.is_ascii() => return Err(CodeNotFollowedByAscii),
            Watch::Closed | Watch::Done => Watch::Done,
        };
        Ok(())
    }
}

/// Whether a line starting with `head` has its response text start right after it:
/// `+` or `+ ` (a continuation), or `<tag or *> <status> `.
fn opens_response_text(head: &[u8]) -> bool {
    if head == b"+" || head == b"+ " {
        return true;
    }
    let Some(words) = head.strip_suffix(b" ") else {
        return false;
    };
    let mut words = words.split(|&b| b == b' ');
    let (Some(tag), Some(status), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    !tag.is_empty()
        && tag != b"+"
        && STATUSES
            .iter()
            .any(|known| known.eq_ignore_ascii_case(status))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &[u8]) -> Result<(), CodeNotFollowedByAscii> {
        let mut watch = ResponseCodeWatch::default();
        line.iter().try_for_each(|&byte| watch.byte(byte))
    }

    #[test]
    fn a_non_ascii_byte_right_after_a_status_code_is_refused() {
        // The fuzz target's finding: a greeting whose code runs into 0xBE.
        assert_eq!(
            check(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN]\xbeDovecot ready.\r\n"),
            Err(CodeNotFollowedByAscii)
        );
        // Valid UTF-8 panics the parser the same way.
        for line in [
            "A1 NO [ALERT]é\r\n",
            "* bye [ALERT]日本\r\n",
            "+ [ALERT]é\r\n",
            "+[ALERT]é\r\n",
            "* NO [BADCHARSET (\"a]b\")]é\r\n",
        ] {
            assert_eq!(
                check(line.as_bytes()),
                Err(CodeNotFollowedByAscii),
                "{line}"
            );
        }
    }

    #[test]
    fn utf8_text_elsewhere_passes() {
        for line in [
            "* OK [ALERT] Boîte pleine à 95 %\r\n",
            "A1 OK [READ-WRITE]\r\n",
            "* OK été [x]é\r\n",
            "* OK [ALERT] voir [x]é\r\n",
            "* NO [BADCHARSET (\"a]é\")] non\r\n",
            "* 1 FETCH (ENVELOPE (NIL \"[liste]été\" NIL))\r\n",
            "* LIST () \"/\" \"[Gmail]é\"\r\n",
            "* OKAY [x]é\r\n",
        ] {
            assert_eq!(check(line.as_bytes()), Ok(()), "{line}");
        }
    }
}
