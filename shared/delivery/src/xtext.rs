//! xtext (RFC 3461 §4), the encoding of the ENVID and ORCPT parameters on the SMTP
//! command line, and the envelope ids Facteur gives the messages it sends.

use std::fmt;

/// Why a text is not valid xtext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XtextError {
    /// A character outside `!` … `~`, or a bare `=`, at this byte offset.
    ForbiddenCharacter(usize),
    /// A `+` not followed by two hexadecimal digits, at this byte offset.
    BadEscape(usize),
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl fmt::Display for XtextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ForbiddenCharacter(at) => write!(f, "character not allowed in xtext at {at}"),
            Self::BadEscape(at) => write!(f, "'+' not followed by two hex digits at {at}"),
            Self::NotUtf8 => f.write_str("the decoded xtext is not UTF-8"),
        }
    }
}

impl std::error::Error for XtextError {}

/// Whether a byte may stand for itself in xtext (`!` … `~` except `+` and `=`).
fn is_xchar(byte: u8) -> bool {
    (33..=126).contains(&byte) && byte != b'+' && byte != b'='
}

/// Encodes text as xtext: every byte that is not an xchar becomes `+XX` (upper-case hex,
/// as RFC 3461 requires); non-ASCII text is encoded byte by byte in UTF-8.
pub fn xtext_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if is_xchar(byte) {
            out.push(char::from(byte));
        } else {
            out.push('+');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// Decodes xtext; lower-case hex digits are accepted (liberal in what we read).
pub fn xtext_decode(text: &str) -> Result<String, XtextError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'+' {
            let high = bytes.get(i + 1).and_then(|b| hex_value(*b));
            let low = bytes.get(i + 2).and_then(|b| hex_value(*b));
            let (Some(high), Some(low)) = (high, low) else {
                return Err(XtextError::BadEscape(i));
            };
            out.push(high << 4 | low);
            i += 3;
        } else if is_xchar(byte) {
            out.push(byte);
            i += 1;
        } else {
            return Err(XtextError::ForbiddenCharacter(i));
        }
    }
    String::from_utf8(out).map_err(|_| XtextError::NotUtf8)
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).map(|d| d as u8)
}

/// The ORCPT parameter value for an address: `rfc822;` then the xtext-encoded address.
pub fn orcpt_value(address: &str) -> String {
    format!("rfc822;{}", xtext_encode(address.trim()))
}

/// Reads an ORCPT value back: its address type (lower-cased) and decoded address.
pub fn parse_orcpt(value: &str) -> Result<(String, String), XtextError> {
    let (kind, address) = value
        .split_once(';')
        .ok_or(XtextError::ForbiddenCharacter(value.len()))?;
    Ok((
        kind.trim().to_ascii_lowercase(),
        xtext_decode(address.trim())?,
    ))
}

/// The prefix of the envelope ids Facteur generates, so a report shows where it came from.
pub const ENVELOPE_ID_PREFIX: &str = "facteur-";

/// An ENVID for a new message from 16 random bytes the caller draws (this crate has no
/// random source): `facteur-` and 32 lower-case hex digits. Only xchars, so the value is
/// its own xtext, and far under RFC 3461's 100-character limit.
pub fn envelope_id(random: [u8; 16]) -> String {
    let mut id = String::with_capacity(ENVELOPE_ID_PREFIX.len() + 32);
    id.push_str(ENVELOPE_ID_PREFIX);
    for byte in random {
        id.push_str(&format!("{byte:02x}"));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_table() {
        let cases: &[(&str, &str)] = &[
            ("user@example.test", "user@example.test"),
            ("user+tag@example.test", "user+2Btag@example.test"),
            ("a=b", "a+3Db"),
            ("with space", "with+20space"),
            ("é", "+C3+A9"),
            ("", ""),
            ("~!", "~!"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(xtext_encode(plain), *encoded, "{plain}");
            assert_eq!(xtext_decode(encoded).as_deref(), Ok(*plain), "{encoded}");
        }
    }

    #[test]
    fn decode_table() {
        let cases: &[(&str, Result<&str, XtextError>)] = &[
            ("user+2btag@x", Ok("user+tag@x")),
            ("+", Err(XtextError::BadEscape(0))),
            ("ab+2", Err(XtextError::BadEscape(2))),
            ("a+ZZ", Err(XtextError::BadEscape(1))),
            ("a b", Err(XtextError::ForbiddenCharacter(1))),
            ("a=b", Err(XtextError::ForbiddenCharacter(1))),
            ("é", Err(XtextError::ForbiddenCharacter(0))),
            ("+FF", Err(XtextError::NotUtf8)),
            // Postfix writes the ENVID decoded: `fdv-two-failed+1` is not xtext any more.
            ("fdv-two-failed+1", Err(XtextError::BadEscape(14))),
        ];
        for (text, expected) in cases {
            assert_eq!(xtext_decode(text).as_deref(), expected.as_deref(), "{text}");
        }
    }

    #[test]
    fn orcpt_round_trip() {
        assert_eq!(
            orcpt_value(" user+x@example.test "),
            "rfc822;user+2Bx@example.test"
        );
        assert_eq!(
            parse_orcpt("RFC822;user+2Bx@example.test"),
            Ok(("rfc822".to_owned(), "user+x@example.test".to_owned()))
        );
        assert!(parse_orcpt("no-semicolon").is_err());
    }

    #[test]
    fn envelope_ids_are_their_own_xtext() {
        let id = envelope_id([0xab; 16]);
        assert_eq!(id, format!("facteur-{}", "ab".repeat(16)));
        assert_eq!(xtext_encode(&id), id);
        assert_ne!(envelope_id([0; 16]), envelope_id([1; 16]));
        assert!(id.len() <= 100);
    }
}
