//! A read guard under the IMAP client: async-imap buffers a whole response before handing
//! it over (and sizes its buffer from a literal's announced length at once), so the bound
//! on what a server may make the bridge hold is enforced here, on the bytes as they
//! arrive.
//!
//! [`ResponseScanner`] is the pure part: it follows the response grammar just enough to
//! tell literal bytes (`{N}` CRLF, then N bytes) from line text, and refuses a literal
//! announced above the limit before a byte of it is read, a line longer than the limit,
//! and more bytes in one operation than its budget. [`BoundedStream`] applies it to a
//! stream and fails the read with [`ResponseTooLarge`].

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

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
}

impl ResponseScanner {
    /// A scanner at the start of a response.
    pub fn new(limits: ResponseLimits) -> ResponseScanner {
        ResponseScanner {
            limits,
            state: State::Text(Brace::None),
            line_bytes: 0,
            operation_bytes: 0,
        }
    }

    /// Starts a new operation's byte budget.
    pub fn start_operation(&mut self) {
        self.operation_bytes = 0;
    }

    /// Takes in the next bytes from the server; an error means they must not be used.
    pub fn scan(&mut self, bytes: &[u8]) -> Result<(), ResponseTooLarge> {
        self.operation_bytes = self.operation_bytes.saturating_add(bytes.len() as u64);
        if self.operation_bytes > self.limits.max_per_operation {
            return Err(ResponseTooLarge {
                limit: self.limits.max_per_operation,
            });
        }
        let mut rest = bytes;
        while !rest.is_empty() {
            match self.state {
                State::Literal(remaining) => {
                    let skipped =
                        usize::try_from(remaining).map_or(rest.len(), |r| r.min(rest.len()));
                    rest = &rest[skipped..];
                    let left = remaining - skipped as u64;
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

    fn text_byte(&mut self, brace: Brace, byte: u8) -> Result<State, ResponseTooLarge> {
        self.line_bytes += 1;
        if self.line_bytes > self.limits.max_line {
            return Err(ResponseTooLarge {
                limit: self.limits.max_line,
            });
        }
        let next = match (brace, byte) {
            (Brace::ClosedCr(length), b'\n') => {
                if length > self.limits.max_literal {
                    return Err(ResponseTooLarge {
                        limit: self.limits.max_literal,
                    });
                }
                // The response goes on after the literal: its text keeps counting.
                return Ok(if length == 0 {
                    State::Text(Brace::None)
                } else {
                    State::Literal(length)
                });
            }
            (_, b'\n') => {
                self.line_bytes = 0;
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
    /// Once a limit is passed the stream stays failed: the response is cut mid-way.
    failed: Option<ResponseTooLarge>,
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
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<ResponseTooLarge>())
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

    fn scan_in_pieces(input: &[u8], piece: usize) -> Result<(), ResponseTooLarge> {
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
                Err(ResponseTooLarge { limit: 100 }),
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
            Err(ResponseTooLarge { limit: 60 })
        );
        // Many short lines: fine per line, but the operation has a budget...
        let lines = b"* OK fine\r\n".repeat(100);
        assert_eq!(
            scan_in_pieces(&lines, 50),
            Err(ResponseTooLarge { limit: 1000 })
        );
        // ...that starts again with each operation.
        let mut scanner = ResponseScanner::new(LIMITS);
        for _ in 0..3 {
            scanner.start_operation();
            assert_eq!(scanner.scan(&b"* OK fine\r\n".repeat(50)), Ok(()));
        }
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
