//! Content-Transfer-Encoding decoders that take a part's bytes in chunks cut anywhere
//! (inside a base64 quantum, inside a `=XX` escape), so an attachment can be streamed
//! from the server in fixed-size pieces and decoded as it goes, holding one piece at a
//! time. Lenient like mail readers are: characters outside the base64 alphabet are
//! skipped, and a broken quoted-printable escape is kept as written.

/// How a part's bytes are encoded for transport (RFC 2045 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferEncoding {
    /// 7bit, 8bit, binary, or anything unknown: the bytes are the content.
    Identity,
    Base64,
    QuotedPrintable,
}

impl TransferEncoding {
    /// The encoding named by a Content-Transfer-Encoding value (case ignored).
    pub fn from_name(name: &str) -> TransferEncoding {
        match name.trim().to_ascii_lowercase().as_str() {
            "base64" => TransferEncoding::Base64,
            "quoted-printable" => TransferEncoding::QuotedPrintable,
            _ => TransferEncoding::Identity,
        }
    }

    /// About how many bytes `octets` encoded bytes decode to (base64 written in lines of
    /// 76 characters and CRLF, as mail is); shown as an attachment's size when its
    /// bytes were not downloaded.
    pub fn decoded_size_estimate(self, octets: u64) -> u64 {
        match self {
            TransferEncoding::Base64 => octets / 78 * 57 + (octets % 78).min(76) * 3 / 4,
            TransferEncoding::QuotedPrintable | TransferEncoding::Identity => octets,
        }
    }
}

/// Decodes one part's bytes, given in consecutive chunks.
#[derive(Debug, Clone)]
pub struct ChunkDecoder {
    encoding: TransferEncoding,
    /// Base64: the sextets of an unfinished quantum (at most 3). Quoted-printable: the
    /// start of an escape cut by the end of a chunk (`=`, `=X` or `=\r`).
    pending: Vec<u8>,
}

impl ChunkDecoder {
    /// A decoder at the start of a part.
    pub fn new(encoding: TransferEncoding) -> ChunkDecoder {
        ChunkDecoder {
            encoding,
            pending: Vec::with_capacity(4),
        }
    }

    /// Decodes the next chunk; what a cut escape or quantum needs is kept for the next.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        match self.encoding {
            TransferEncoding::Identity => chunk.to_vec(),
            TransferEncoding::Base64 => self.base64(chunk),
            TransferEncoding::QuotedPrintable => self.quoted_printable(chunk),
        }
    }

    /// The end of the part: what is still pending, decoded as far as it goes.
    pub fn finish(mut self) -> Vec<u8> {
        match self.encoding {
            TransferEncoding::Identity => Vec::new(),
            TransferEncoding::Base64 => {
                let mut out = Vec::new();
                self.flush_quantum(&mut out);
                out
            }
            // An escape cut by the end of the part is not one: keep it as written.
            TransferEncoding::QuotedPrintable => self.pending,
        }
    }

    fn base64(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(chunk.len() / 4 * 3 + 3);
        for &byte in chunk {
            if byte == b'=' {
                // Padding ends a quantum early (and may start a new run of base64).
                self.flush_quantum(&mut out);
                continue;
            }
            let Some(sextet) = sextet(byte) else { continue };
            self.pending.push(sextet);
            if self.pending.len() == 4 {
                self.flush_quantum(&mut out);
            }
        }
        out
    }

    /// Writes the bytes of the pending sextets: 4 give 3 bytes, 3 give 2, 2 give 1.
    fn flush_quantum(&mut self, out: &mut Vec<u8>) {
        let s = &self.pending;
        if s.len() >= 2 {
            out.push((s[0] << 2) | (s[1] >> 4));
        }
        if s.len() >= 3 {
            out.push((s[1] << 4) | (s[2] >> 2));
        }
        if s.len() >= 4 {
            out.push((s[2] << 6) | s[3]);
        }
        self.pending.clear();
    }

    fn quoted_printable(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut input = std::mem::take(&mut self.pending);
        input.extend_from_slice(chunk);
        let mut out = Vec::with_capacity(input.len());
        let mut i = 0;
        while i < input.len() {
            let byte = input[i];
            if byte != b'=' {
                out.push(byte);
                i += 1;
                continue;
            }
            let rest = &input[i + 1..];
            match rest {
                // Cut by the chunk's end: wait for the next chunk.
                [] | [b'\r'] => {
                    self.pending = input[i..].to_vec();
                    return out;
                }
                [a] if a.is_ascii_hexdigit() => {
                    self.pending = input[i..].to_vec();
                    return out;
                }
                // A soft line break joins two lines.
                [b'\r', b'\n', ..] => i += 3,
                [b'\n', ..] => i += 2,
                [a, b, ..] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => {
                    out.push((hex(*a) << 4) | hex(*b));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        }
        out
    }
}

/// The value of a base64 alphabet character.
fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The value of a hexadecimal digit (checked by the caller).
fn hex(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit
            .to_ascii_uppercase()
            .wrapping_sub(b'A')
            .wrapping_add(10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn decode_in_pieces(encoding: TransferEncoding, input: &[u8], piece: usize) -> Vec<u8> {
        let mut decoder = ChunkDecoder::new(encoding);
        let mut out = Vec::new();
        for chunk in input.chunks(piece.max(1)) {
            out.extend(decoder.push(chunk));
        }
        out.extend(decoder.finish());
        out
    }

    /// Base64 in mail's shape: lines of 76 characters ending in CRLF.
    fn mail_base64(bytes: &[u8]) -> Vec<u8> {
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        let mut out = Vec::new();
        for line in encoded.as_bytes().chunks(76) {
            out.extend_from_slice(line);
            out.extend_from_slice(b"\r\n");
        }
        out
    }

    #[test]
    fn base64_decodes_the_same_whatever_the_cuts() {
        let original: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for length in [0, 1, 2, 3, 4, 57, 58, 1000] {
            let encoded = mail_base64(&original[..length]);
            for piece in [1, 2, 3, 5, 77, 78, 79, 4096] {
                assert_eq!(
                    decode_in_pieces(TransferEncoding::Base64, &encoded, piece),
                    &original[..length],
                    "length {length}, pieces of {piece}"
                );
            }
        }
        // Unpadded, and with stray characters: as far as it goes.
        assert_eq!(
            decode_in_pieces(TransferEncoding::Base64, b"QU\x00J*D", 2),
            b"ABC"
        );
        assert_eq!(decode_in_pieces(TransferEncoding::Base64, b"QUI", 1), b"AB");
        // Two padded runs one after the other.
        assert_eq!(
            decode_in_pieces(TransferEncoding::Base64, b"QQ==QkM=", 3),
            b"ABC"
        );
    }

    #[test]
    fn quoted_printable_decodes_the_same_whatever_the_cuts() {
        let encoded = b"caf=C3=A9 =3D ok=\r\nsuite=\nfin =ZZ =a9=";
        let expected = "café = oksuitefin =ZZ \u{a9}".as_bytes().to_vec();
        let mut expected = expected;
        // `=a9` is the byte 0xA9 (lower-case hex is accepted), the last `=` stays.
        expected.truncate(expected.len() - 2);
        expected.extend_from_slice(b"\xa9=");
        for piece in 1..encoded.len() + 1 {
            assert_eq!(
                decode_in_pieces(TransferEncoding::QuotedPrintable, encoded, piece),
                expected,
                "pieces of {piece}"
            );
        }
    }

    #[test]
    fn identity_passes_bytes_through_and_names_are_read() {
        assert_eq!(
            decode_in_pieces(TransferEncoding::Identity, b"a=\r\nb", 2),
            b"a=\r\nb"
        );
        assert_eq!(
            TransferEncoding::from_name(" BASE64 "),
            TransferEncoding::Base64
        );
        assert_eq!(
            TransferEncoding::from_name("Quoted-Printable"),
            TransferEncoding::QuotedPrintable
        );
        assert_eq!(
            TransferEncoding::from_name("8bit"),
            TransferEncoding::Identity
        );
    }

    #[test]
    fn a_base64_size_estimate_is_close_to_the_decoded_size() {
        for length in [0usize, 1, 57, 1000, 30_000_000] {
            let octets = (length.div_ceil(3) * 4).div_ceil(76) * 2 + length.div_ceil(3) * 4;
            let estimate = TransferEncoding::Base64.decoded_size_estimate(octets as u64);
            assert!(
                estimate.abs_diff(length as u64) <= 3,
                "{length} estimated {estimate}"
            );
        }
    }
}
