//! IMAP's modified UTF-7 for folder names (RFC 3501 §5.1.3).
//!
//! Printable ASCII stands for itself except `&`, written `&-`; anything else is UTF-16
//! in base64 with `,` for `/`, between `&` and `-`.

use base64::Engine as _;
use base64::alphabet::Alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

fn engine() -> Option<GeneralPurpose> {
    let alphabet =
        Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,").ok()?;
    let config = GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true);
    Some(GeneralPurpose::new(&alphabet, config))
}

/// Encodes a folder name for the wire.
pub fn encode(name: &str) -> String {
    let Some(engine) = engine() else {
        return name.to_owned();
    };
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|unit| unit.to_be_bytes()).collect();
        out.push('&');
        out.push_str(&engine.encode(bytes));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// Decodes a folder name from the wire; `None` when it is not valid modified UTF-7.
pub fn decode(wire: &str) -> Option<String> {
    let engine = engine()?;
    let mut out = String::with_capacity(wire.len());
    let mut rest = wire;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('-')?;
        let encoded = &after[..end];
        if encoded.is_empty() {
            out.push('&');
        } else {
            let bytes = engine.decode(encoded).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            let text = String::from_utf16(&units).ok()?;
            // A shifted run must not hide what could have been written directly.
            if text.chars().any(|c| (' '..='~').contains(&c)) {
                return None;
            }
            out.push_str(&text);
        }
        rest = &after[end + 1..];
    }
    if rest.chars().any(|c| !(' '..='~').contains(&c)) {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: [(&str, &str); 8] = [
        ("INBOX", "INBOX"),
        ("Envoyés", "Envoy&AOk-s"),
        ("Tom & Jerry", "Tom &- Jerry"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("Éléments supprimés", "&AMk-l&AOk-ments supprim&AOk-s"),
        ("Personnel/Reçus", "Personnel/Re&AOc-us"),
        ("📬 Boîte", "&2D3c7A- Bo&AO4-te"),
        ("", ""),
    ];

    #[test]
    fn encodes_and_decodes_known_names() {
        for (name, wire) in CASES {
            assert_eq!(encode(name), wire, "encode {name:?}");
            assert_eq!(decode(wire).as_deref(), Some(name), "decode {wire:?}");
        }
    }

    #[test]
    fn round_trips_odd_names() {
        for name in ["a&b&&c", "&", "é&é", "x-y&-z", "ÿ", "a/b.c"] {
            assert_eq!(decode(&encode(name)).as_deref(), Some(name), "{name:?}");
        }
    }

    #[test]
    fn refuses_broken_input() {
        for wire in ["&AOk", "&!!!-", "caf\u{e9}", "&AGE-"] {
            assert_eq!(decode(wire), None, "{wire:?}");
        }
    }
}
