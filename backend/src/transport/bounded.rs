//! A read guard under the IMAP client: async-imap buffers a whole response before handing
//! it over (and sizes its buffer from a literal's announced length at once), so the bound
//! on what a server may make the bridge hold is enforced here, on the bytes as they
//! arrive.
//!
//! [`ResponseScanner`] is the pure part: it follows the response grammar just enough to
//! tell literal bytes (`{N}` CRLF, then N bytes) from line text, and refuses a literal
//! announced above the limit before a byte of it is read, a line longer than the limit,
//! and more bytes in one operation than its budget. [`BoundedStream`] applies it to a
//! stream and fails the read with a [`Refusal`].
//!
//! It also refuses a `* METADATA` answer that is not UTF-8 text, before its last byte
//! reaches async-imap: the parser under it (imap-proto) unwraps the UTF-8 decoding of
//! METADATA values and would panic the request's task (found by the `imap` fuzz target),
//! and a status response whose code runs into a non-ASCII byte, which panics it too
//! (see [`super::response_code`]).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::response_code::ResponseCodeWatch;

/// How much a server may send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseLimits {
    /// The largest literal (a message body, a header block) accepted.
    pub max_literal: u64,
    /// The longest response text outside literals (a SEARCH result, a BODYSTRUCTURE).
    pub max_line: u64,
    /// Everything read during one operation (one API request's commands).
    pub max_per_operation: u64,
}

impl ResponseLimits {
    /// The limits for a largest message of `max_message_bytes`: one message, its line,
    /// and room for the rest of the operation (a page of headers, a size check).
    pub fn for_messages_up_to(max_message_bytes: u64) -> ResponseLimits {
        ResponseLimits {
            max_literal: max_message_bytes,
            max_line: max_message_bytes,
            max_per_operation: max_message_bytes.saturating_mul(2),
        }
    }
}

/// The server sent, or announced, more than a limit allows; the payload of the I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the server's answer passes {limit} bytes")]
pub struct ResponseTooLarge {
    /// The limit that was passed, in bytes.
    pub limit: u64,
}

/// Why the scanner refused the server's bytes; the payload of the I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// More than a limit allows.
    #[error(transparent)]
    TooLarge(#[from] ResponseTooLarge),
    /// A `* METADATA` answer holding bytes that are not UTF-8.
    #[error("the server's METADATA answer is not UTF-8 text")]
    MetadataNotText,
    /// A status response's `[CODE]` directly followed by a non-ASCII byte.
    #[error("the server's response code is not followed by a space")]
    CodeNotFollowedBySpace,
}

/// The start of an untagged METADATA answer (RFC 5464), compared without case.
const METADATA_PREFIX: &[u8] = b"* METADATA ";

/// Where the scanner is in the response grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Line text; `brace` tracks a possible `{N}` CRLF literal announcement.
    Text(Brace),
    /// Inside a literal, with this many bytes still to come.
    Literal(u64),
}

/// Progress through `{digits}` CRLF at the end of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brace {
    None,
    Open,
    Digits(u64),
    Closed(u64),
    ClosedCr(u64),
}

/// Follows server bytes and refuses what passes the limits.
#[derive(Debug, Clone)]
pub struct ResponseScanner {
    limits: ResponseLimits,
    state: State,
    line_bytes: u64,
    operation_bytes: u64,
    /// How many bytes of this response matched [`METADATA_PREFIX`]; `None` once one did not.
    prefix_matched: Option<usize>,
    /// The bytes of an unfinished UTF-8 sequence, in a METADATA answer.
    utf8_pending: Vec<u8>,
    /// The byte after a status response's code, in line text.
    code: ResponseCodeWatch,
}

impl ResponseScanner {
    /// A scanner at the start of a response.
    pub fn new(limits: ResponseLimits) -> ResponseScanner {
        ResponseScanner {
            limits,
            state: State::Text(Brace::None),
            line_bytes: 0,
            operation_bytes: 0,
            prefix_matched: Some(0),
            utf8_pending: Vec::new(),
            code: ResponseCodeWatch::default(),
        }
    }

    /// Whether the current response is a METADATA answer.
    fn in_metadata(&self) -> bool {
        self.prefix_matched == Some(METADATA_PREFIX.len())
    }

    /// Follows the start of the response, and the UTF-8 of a METADATA answer.
    fn response_byte(&mut self, byte: u8) -> Result<(), Refusal> {
        if let Some(matched) = self.prefix_matched
            && matched < METADATA_PREFIX.len()
        {
            self.prefix_matched = METADATA_PREFIX[matched]
                .eq_ignore_ascii_case(&byte)
                .then_some(matched + 1);
            return Ok(());
        }
        if !self.in_metadata() {
            return Ok(());
        }
        self.utf8_pending.push(byte);
        match std::str::from_utf8(&self.utf8_pending) {
            Ok(_) => self.utf8_pending.clear(),
            // An unfinished sequence: wait for its next byte.
            Err(error) if error.error_len().is_none() => {}
            Err(_) => return Err(Refusal::MetadataNotText),
        }
        Ok(())
    }

    /// A response ended: the next byte starts another.
    fn end_response(&mut self) {
        self.prefix_matched = Some(0);
        self.utf8_pending.clear();
        self.code.reset();
    }

    /// Starts a new operation's byte budget.
    pub fn start_operation(&mut self) {
        self.operation_bytes = 0;
    }

    /// Takes in the next bytes from the server; an error means they must not be used.
    pub fn scan(&mut self, bytes: &[u8]) -> Result<(), Refusal> {
        self.operation_bytes = self.operation_bytes.saturating_add(bytes.len() as u64);
        if self.operation_bytes > self.limits.max_per_operation {
            return Err(ResponseTooLarge {
                limit: self.limits.max_per_operation,
            }
            .into());
        }
        let mut rest = bytes;
        while !rest.is_empty() {
            match self.state {
                State::Literal(remaining) => {
                    let skipped =
                        usize::try_from(remaining).map_or(rest.len(), |r| r.min(rest.len()));
                    if self.in_metadata() {
                        for &byte in &rest[..skipped] {
                            self.response_byte(byte)?;
                        }
                    }
                    rest = &rest[skipped..];
                    let left = remaining - skipped as u64;
                    // A literal is a whole value: imap-proto decodes it (unwrapping) as
                    // soon as its last byte is in, so a sequence it cuts is refused at
                    // that byte, not at the next one.
                    if left == 0 && self.in_metadata() && !self.utf8_pending.is_empty() {
                        return Err(Refusal::MetadataNotText);
                    }
                    self.state = if left == 0 {
                        State::Text(Brace::None)
                    } else {
                        State::Literal(left)
                    };
                }
                State::Text(brace) => {
                    let byte = rest[0];
                    rest = &rest[1..];
                    self.state = self.text_byte(brace, byte)?;
                }
            }
        }
        Ok(())
    }

    fn text_byte(&mut self, brace: Brace, byte: u8) -> Result<State, Refusal> {
        self.line_bytes += 1;
        if self.line_bytes > self.limits.max_line {
            return Err(ResponseTooLarge {
                limit: self.limits.max_line,
            }
            .into());
        }
        self.response_byte(byte)?;
        self.code
            .byte(byte)
            .map_err(|_| Refusal::CodeNotFollowedBySpace)?;
        let next = match (brace, byte) {
            (Brace::ClosedCr(length), b'\n') => {
                if length > self.limits.max_literal {
                    return Err(ResponseTooLarge {
                        limit: self.limits.max_literal,
                    }
                    .into());
                }
                super::literal_high_water::record(length);
                self.code.stop();
                // The response goes on after the literal: its text keeps counting.
                return Ok(if length == 0 {
                    State::Text(Brace::None)
                } else {
                    State::Literal(length)
                });
            }
            (_, b'\n') => {
                self.line_bytes = 0;
                self.end_response();
                Brace::None
            }
            (_, b'{') => Brace::Open,
            (Brace::Open, b'0'..=b'9') => Brace::Digits(u64::from(byte - b'0')),
            (Brace::Digits(n), b'0'..=b'9') => {
                Brace::Digits(n.saturating_mul(10).saturating_add(u64::from(byte - b'0')))
            }
            (Brace::Digits(n), b'}') => Brace::Closed(n),
            (Brace::Closed(n), b'\r') => Brace::ClosedCr(n),
            _ => Brace::None,
        };
        Ok(State::Text(next))
    }
}

/// A stream whose reads go through a [`ResponseScanner`].
#[derive(Debug)]
pub struct BoundedStream<S> {
    inner: S,
    scanner: ResponseScanner,
    /// Once refused the stream stays failed: the response is cut mid-way.
    failed: Option<Refusal>,
}

impl<S> BoundedStream<S> {
    /// Wraps `inner`, starting at the beginning of a response.
    pub fn new(inner: S, limits: ResponseLimits) -> BoundedStream<S> {
        BoundedStream {
            inner,
            scanner: ResponseScanner::new(limits),
            failed: None,
        }
    }

    /// Starts a new operation's byte budget.
    pub fn start_operation(&mut self) {
        self.scanner.start_operation();
    }

    /// The limits this stream enforces.
    pub fn limits(&self) -> ResponseLimits {
        self.scanner.limits
    }

    /// The wrapped stream (to upgrade it to TLS).
    pub fn into_inner(self) -> S {
        self.inner
    }
}

/// Whether `error` is a read refused by [`BoundedStream`], and with which limit.
pub fn too_large(error: &io::Error) -> Option<ResponseTooLarge> {
    match refusal(error)? {
        Refusal::TooLarge(too_large) => Some(too_large),
        Refusal::MetadataNotText | Refusal::CodeNotFollowedBySpace => None,
    }
}

/// Whether `error` is a read refused by [`BoundedStream`], and why.
pub fn refusal(error: &io::Error) -> Option<Refusal> {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<Refusal>())
        .copied()
}

impl<S: AsyncRead + Unpin> AsyncRead for BoundedStream<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Some(error) = this.failed {
            return Poll::Ready(Err(io::Error::other(error)));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
        if let Err(error) = this.scanner.scan(&buf.filled()[before..]) {
            buf.set_filled(before);
            this.failed = Some(error);
            return Poll::Ready(Err(io::Error::other(error)));
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for BoundedStream<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    const LIMITS: ResponseLimits = ResponseLimits {
        max_literal: 100,
        max_line: 60,
        max_per_operation: 1000,
    };

    fn scan_in_pieces(input: &[u8], piece: usize) -> Result<(), Refusal> {
        let mut scanner = ResponseScanner::new(LIMITS);
        input
            .chunks(piece)
            .try_for_each(|chunk| scanner.scan(chunk))
    }

    #[test]
    fn literals_within_the_limit_pass_whatever_they_hold() {
        // The literal holds a `{999}` CRLF and a long run of bytes: neither counts as text.
        let mut body = b"x {999}\r\n".to_vec();
        body.resize(100, b'a');
        let mut input = b"* 1 FETCH (UID 7 BODY[] {100}\r\n".to_vec();
        input.extend_from_slice(&body);
        input.extend_from_slice(b")\r\nA1 OK done\r\n");
        for piece in [1, 2, 7, input.len()] {
            assert_eq!(scan_in_pieces(&input, piece), Ok(()), "pieces of {piece}");
        }
    }

    #[test]
    fn an_oversized_literal_is_refused_at_its_announcement() {
        let input = b"* 1 FETCH (BODY[] {400000000}\r\n";
        for piece in [1, 3, input.len()] {
            assert_eq!(
                scan_in_pieces(input, piece),
                Err(ResponseTooLarge { limit: 100 }.into()),
                "pieces of {piece}"
            );
        }
        // Literal8 (`~{N}`) is announced the same way.
        assert!(scan_in_pieces(b"* 1 FETCH (BINARY[] ~{101}\r\n", 4).is_err());
        // A brace in text that is no announcement is just text.
        assert_eq!(
            scan_in_pieces(b"* OK {400000000} is a number\r\n* OK {12x}\r\n", 5),
            Ok(())
        );
    }

    #[test]
    fn endless_lines_and_operations_are_refused() {
        let line = vec![b'a'; 61];
        assert_eq!(
            scan_in_pieces(&line, 8),
            Err(ResponseTooLarge { limit: 60 }.into())
        );
        // Many short lines: fine per line, but the operation has a budget...
        let lines = b"* OK fine\r\n".repeat(100);
        assert_eq!(
            scan_in_pieces(&lines, 50),
            Err(ResponseTooLarge { limit: 1000 }.into())
        );
        // ...that starts again with each operation.
        let mut scanner = ResponseScanner::new(LIMITS);
        for _ in 0..3 {
            scanner.start_operation();
            assert_eq!(scanner.scan(&b"* OK fine\r\n".repeat(50)), Ok(()));
        }
    }

    #[test]
    fn a_metadata_answer_must_be_utf8_text() {
        let limits = ResponseLimits {
            max_literal: 1000,
            max_line: 1000,
            max_per_operation: 10_000,
        };
        let scan = |input: &[u8], piece: usize| {
            let mut scanner = ResponseScanner::new(limits);
            input
                .chunks(piece)
                .try_for_each(|chunk| scanner.scan(chunk))
        };
        // The fuzz target's finding: a value literal holding a broken sequence.
        let broken: &[u8] =
            b"* METADATA \"\" (/private/vendor/facteur/settings {10}\r\n{\"a\":\"\xc3:\"})\r\n";
        // UTF-8 across pieces, in a literal and in a quoted value, is fine; so are the
        // same broken bytes in any other answer (a message body is not METADATA).
        let mut fine = "* metadata \"\" (/a {13}\r\n{\"a\":\"été\"}) (/b \"日本\")\r\n"
            .as_bytes()
            .to_vec();
        fine.extend_from_slice(b"* 1 FETCH (BODY[] {3}\r\n\xc3:x)\r\nA1 OK done\r\n");
        let fine = fine.as_slice();
        for piece in [1, 2, 5, 200] {
            assert_eq!(
                scan(broken, piece),
                Err(Refusal::MetadataNotText),
                "pieces of {piece}"
            );
            assert_eq!(scan(fine, piece), Ok(()), "pieces of {piece}");
        }
        // Overlong forms and surrogates are not UTF-8 either; a sequence cut by the end
        // of the line is refused at the line's end.
        // Found by the `imap` fuzz target: a literal ending inside a sequence, refused
        // at its own last byte (imap-proto decodes the literal before what follows).
        let cut: &[u8] = b"* METADATA \"\" (/a {3}\r\nx\xef\xbf";
        for piece in [1, 2, 200] {
            assert_eq!(scan(cut, piece), Err(Refusal::MetadataNotText), "{piece}");
            assert_eq!(scan(&cut[..cut.len() - 1], piece), Ok(()), "{piece}");
        }
        for bad in [&b"\xc0\x80"[..], b"\xed\xa0\x80", b"\xe6\x97"] {
            let mut input = b"* METADATA \"\" (/a \"".to_vec();
            input.extend_from_slice(bad);
            input.extend_from_slice(b"\")\r\n");
            assert_eq!(scan(&input, 3), Err(Refusal::MetadataNotText), "{bad:?}");
        }
    }

    #[test]
    fn a_status_code_running_into_a_non_ascii_byte_is_refused() {
        let limits = ResponseLimits::for_messages_up_to(1000);
        let scan = |input: &[u8], piece: usize| {
            let mut scanner = ResponseScanner::new(limits);
            input
                .chunks(piece)
                .try_for_each(|chunk| scanner.scan(chunk))
        };
        // The `imap` fuzz target's finding (imap-proto slices inside the 0xBE): only the
        // greeting line is refused, whatever the pieces.
        let crash: &[u8] =
            b"* OK [CAPABILITY IMAP4rev1 SASL-IR IDLE AUTH=PLAIN]\xbeDovecot ready.\r\n";
        // The same bytes in a literal, and UTF-8 text after a code's space, are fine.
        let fine = "* 1 FETCH (BODY[] {6}\r\n[X]\u{e9}\r\n)\r\n* OK [ALERT] \u{e9}t\u{e9}\r\n";
        for piece in [1, 3, 200] {
            assert_eq!(
                scan(crash, piece),
                Err(Refusal::CodeNotFollowedBySpace),
                "pieces of {piece}"
            );
            assert_eq!(scan(fine.as_bytes(), piece), Ok(()), "pieces of {piece}");
        }
        // A later line starts afresh: the watch ended with the literal's line.
        assert_eq!(
            scan(b"* 1 FETCH (BODY[] {1}\r\nx)\r\nA1 OK [X]\xc3\xa9\r\n", 4),
            Err(Refusal::CodeNotFollowedBySpace)
        );
    }

    #[tokio::test]
    async fn the_stream_fails_the_read_with_a_typed_error_and_stays_failed() {
        let input: &[u8] = b"* OK hello\r\n* 1 FETCH (BODY[] {4000}\r\n";
        let mut stream = BoundedStream::new(input, LIMITS);
        let mut read = Vec::new();
        let error = stream.read_to_end(&mut read).await.unwrap_err();
        assert_eq!(too_large(&error), Some(ResponseTooLarge { limit: 100 }));
        assert!(!read.windows(2).any(|w| w == b"}\r"), "{read:?}");
        let again = stream.read(&mut [0u8; 16]).await.unwrap_err();
        assert_eq!(too_large(&again), Some(ResponseTooLarge { limit: 100 }));
        assert_eq!(too_large(&io::Error::other("other")), None);
    }
}
