//! The DATA transfer encoding (RFC 5321 §4.5.2): every line ends in CRLF, a line that
//! starts with a dot gets one more, and a lone dot line ends the message. Streamed, so
//! a large message is never held whole in memory; chunks may split lines anywhere.

/// Encodes message bytes chunk by chunk for DATA.
#[derive(Debug, Clone)]
pub struct DataEncoder {
    /// Whether the next byte starts a line.
    at_line_start: bool,
    /// Whether the previous chunk ended on a CR whose LF may start this chunk.
    pending_cr: bool,
}

impl Default for DataEncoder {
    fn default() -> Self {
        DataEncoder::new()
    }
}

impl DataEncoder {
    /// An encoder at the start of a message.
    pub fn new() -> DataEncoder {
        DataEncoder {
            at_line_start: true,
            pending_cr: false,
        }
    }

    /// Appends the encoding of `input` to `out`. Bare LF and bare CR become CRLF, since
    /// servers must refuse bare line ends (SMTP smuggling) and we never mean them.
    pub fn encode(&mut self, input: &[u8], out: &mut Vec<u8>) {
        out.reserve(input.len() + input.len() / 64 + 4);
        for &byte in input {
            if self.pending_cr {
                self.pending_cr = false;
                out.extend_from_slice(b"\r\n");
                self.at_line_start = true;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\r' => self.pending_cr = true,
                b'\n' => {
                    out.extend_from_slice(b"\r\n");
                    self.at_line_start = true;
                }
                _ => {
                    if self.at_line_start && byte == b'.' {
                        out.push(b'.');
                    }
                    out.push(byte);
                    self.at_line_start = false;
                }
            }
        }
    }

    /// Appends the end of the message: the last line's CRLF when missing, then `.` CRLF.
    pub fn finish(self, out: &mut Vec<u8>) {
        if self.pending_cr || !self.at_line_start {
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b".\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode_in_chunks(input: &[u8], chunk: usize) -> Vec<u8> {
        let mut encoder = DataEncoder::new();
        let mut out = Vec::new();
        for piece in input.chunks(chunk.max(1)) {
            encoder.encode(piece, &mut out);
        }
        encoder.finish(&mut out);
        out
    }

    #[test]
    fn dots_are_stuffed_and_line_ends_normalised() {
        let cases: &[(&[u8], &[u8])] = &[
            (b"", b".\r\n"),
            (b"Hi\r\n", b"Hi\r\n.\r\n"),
            (b"Hi", b"Hi\r\n.\r\n"),
            (b".\r\n", b"..\r\n.\r\n"),
            (b"a\r\n.b\r\n..c\r\n", b"a\r\n..b\r\n...c\r\n.\r\n"),
            (b"a\n.\nb\n", b"a\r\n..\r\nb\r\n.\r\n"),
            (b"a\rb\r", b"a\r\nb\r\n.\r\n"),
            (b"a.b\r\n x.\r\n", b"a.b\r\n x.\r\n.\r\n"),
            (b"a\r\n\r\n.", b"a\r\n\r\n..\r\n.\r\n"),
        ];
        for (input, expected) in cases {
            for chunk in 1..=4 {
                assert_eq!(
                    encode_in_chunks(input, chunk),
                    *expected,
                    "{:?} in chunks of {chunk}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    #[test]
    fn a_crlf_split_between_chunks_stays_one_line_end() {
        let mut encoder = DataEncoder::new();
        let mut out = Vec::new();
        encoder.encode(b"line\r", &mut out);
        encoder.encode(b"\n.next", &mut out);
        encoder.finish(&mut out);
        assert_eq!(out, b"line\r\n..next\r\n.\r\n");
    }

    #[test]
    fn the_body_never_contains_the_end_marker() {
        // Whatever the input, the only CRLF.CRLF is the final one.
        let input = b"x\r\n.\r\n\n.\n\r.\r\r\n.\r\n";
        let out = encode_in_chunks(input, 3);
        let body = &out[..out.len() - 3];
        assert!(!body.windows(5).any(|w| w == b"\r\n.\r\n"), "{out:?}");
        assert!(out.ends_with(b"\r\n.\r\n"));
    }
}
