//! The encodings of an outgoing message, pure: RFC 2047 encoded-words for header text,
//! quoted-printable bodies (RFC 2045), base64 in 76-character lines, RFC 2231 parameters
//! and header folding (RFC 5322 §2.2.3).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Longest line we write, CRLF excluded (RFC 5322 recommends 78).
pub const LINE_LIMIT: usize = 78;
/// Bytes of input per base64 line: 57 bytes become 76 characters.
pub const BASE64_LINE_BYTES: usize = 57;
/// UTF-8 bytes per encoded-word: 39 bytes → 52 base64 characters, 64 with the frame
/// (RFC 2047 allows 75), so `Subject: ` and one word fit a 78-character line.
const WORD_BYTES: usize = 39;
/// Characters of one quoted-printable line before a soft break (`=` makes 76).
const QP_LINE: usize = 75;

/// RFC 2231 `attribute-char`s (the same set as RFC 5987 `attr-char`, which a download's
/// `filename*` uses) stay as they are; everything else is percent-encoded.
pub(crate) const ATTRIBUTE_CHARS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// Control characters (line breaks included) become spaces: header text is one line,
/// and a CR or LF from the browser must never start a header of its own.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Header text as it may be written: as is when plain ASCII, else RFC 2047
/// encoded-words (UTF-8, base64) separated by spaces, ready to be folded.
pub fn header_text(text: &str) -> String {
    let text = one_line(text);
    // `=?` in plain text would be read back as the start of an encoded-word.
    let plain = text.is_ascii()
        && !text.contains("=?")
        && text.split(' ').all(|word| word.len() <= LINE_LIMIT - 10);
    if plain { text } else { encoded_words(&text) }
}

/// `=?UTF-8?B?...?=` words, each holding whole characters.
pub fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (index, c) in text.char_indices() {
        if index + c.len_utf8() - start > WORD_BYTES {
            words.push(&text[start..end]);
            start = index;
        }
        end = index + c.len_utf8();
    }
    if start < text.len() || words.is_empty() {
        words.push(&text[start..]);
    }
    words
        .iter()
        .map(|chunk| format!("=?UTF-8?B?{}?=", STANDARD.encode(chunk.as_bytes())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A display name as an RFC 5322 phrase: atoms as they are, a quoted string when it
/// holds specials, encoded-words when it is not ASCII.
pub fn phrase(name: &str) -> String {
    let name = one_line(name).trim().to_owned();
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~ ".contains(c);
    if !name.is_ascii() || name.contains("=?") {
        encoded_words(&name)
    } else if name.chars().all(atext) {
        name
    } else {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    }
}

/// `Name: value` folded at spaces into lines of at most [`LINE_LIMIT`] characters (a
/// longer word stays whole), CRLF-terminated.
pub fn header_line(name: &str, value: &str) -> String {
    let mut out = String::with_capacity(name.len() + value.len() + 8);
    let mut line_len = name.len() + 1;
    out.push_str(name);
    out.push(':');
    for word in value.split(' ') {
        if line_len + 1 + word.len() > LINE_LIMIT && line_len > name.len() + 1 {
            out.push_str("\r\n");
            line_len = 0;
        }
        out.push(' ');
        out.push_str(word);
        line_len += 1 + word.len();
    }
    out.push_str("\r\n");
    out
}

/// Text as quoted-printable with CRLF line breaks, ending with a line break (a soft
/// one when the text does not end with one, so decoding gives the text back exactly).
pub fn quoted_printable(text: &str) -> Vec<u8> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::with_capacity(normalized.len() + normalized.len() / 8);
    let lines: Vec<&str> = normalized.split('\n').collect();
    let last = lines.len() - 1;
    for (number, line) in lines.iter().enumerate() {
        encode_qp_line(line.as_bytes(), &mut out);
        if number < last {
            out.extend_from_slice(b"\r\n");
        }
    }
    if !normalized.ends_with('\n') {
        out.extend_from_slice(b"=\r\n");
    }
    out
}

fn encode_qp_line(line: &[u8], out: &mut Vec<u8>) {
    let mut width = 0;
    for (index, &byte) in line.iter().enumerate() {
        let at_end = index + 1 == line.len();
        let literal = match byte {
            b'=' => false,
            b' ' | b'\t' => !at_end,
            // "From " at the start of a line gets mangled by mbox tools on the way.
            b'F' if index == 0 && line.starts_with(b"From ") => false,
            // A lone "." line means end of data in SMTP; encode it, whatever the relay.
            b'.' if index == 0 => false,
            33..=126 => true,
            _ => false,
        };
        let size = if literal { 1 } else { 3 };
        // The soft break takes one more character; the last character of the line
        // needs none after it.
        let room = if at_end { QP_LINE + 1 } else { QP_LINE };
        if width + size > room {
            out.extend_from_slice(b"=\r\n");
            width = 0;
        }
        if literal {
            out.push(byte);
        } else {
            out.extend_from_slice(format!("={byte:02X}").as_bytes());
        }
        width += size;
    }
}

/// One base64 line (up to 57 bytes in, 76 characters out) with its CRLF.
pub fn base64_line(chunk: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + chunk.len().div_ceil(3) * 4, 0);
    // The buffer was sized for exactly this output, so encoding cannot run short.
    let written = STANDARD.encode_slice(chunk, &mut out[start..]).unwrap_or(0);
    out.truncate(start + written);
    out.extend_from_slice(b"\r\n");
}

/// A MIME parameter (`; name="value"`, or RFC 2231 `name*=utf-8''...` split into
/// `name*0*`, `name*1*`... when long), each piece preceded by `;` and a folding point.
pub fn parameter(name: &str, value: &str) -> String {
    let value = one_line(value);
    let plain = value.is_ascii() && !value.contains(['"', '\\']) && value.len() <= 60;
    if plain {
        return format!("; {name}=\"{value}\"");
    }
    let encoded = utf8_percent_encode(&value, ATTRIBUTE_CHARS).to_string();
    if encoded.len() <= 55 {
        return format!("; {name}*=utf-8''{encoded}");
    }
    let mut pieces = Vec::new();
    let mut rest = encoded.as_str();
    while !rest.is_empty() {
        let mut cut = rest.len().min(50);
        // Never split a %XX triple.
        if let Some(percent) = rest[..cut].rfind('%')
            && percent + 3 > cut
        {
            cut = percent;
        }
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces
        .iter()
        .enumerate()
        .map(|(index, piece)| {
            let prefix = if index == 0 { "utf-8''" } else { "" };
            format!("; {name}*{index}*={prefix}{piece}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_header(line: &str) -> String {
        let raw = format!("Subject:{}\r\n\r\n", line.trim_start_matches("Subject:"));
        let message = mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .unwrap();
        message.subject().unwrap_or_default().to_owned()
    }

    #[test]
    fn plain_ascii_stays_readable() {
        assert_eq!(header_text("Réunion"), encoded_words("Réunion"));
        assert_eq!(header_text("Meeting at 10"), "Meeting at 10");
        assert_eq!(header_text("a\r\nBcc: evil@x"), "a  Bcc: evil@x");
        assert!(header_text("=?UTF-8?B?x?=").starts_with("=?UTF-8?B?"));
    }

    #[test]
    fn encoded_words_round_trip_and_stay_short() {
        let subject = "Compte rendu de la réunion du comité — décisions, échéances et 🎉 célébrations à venir";
        let line = header_line("Subject", &header_text(subject));
        for physical in line.split("\r\n") {
            assert!(physical.len() <= LINE_LIMIT, "{physical}");
        }
        assert_eq!(decode_header(&line), subject);
        let encoded = encoded_words(subject);
        assert!(encoded.split(' ').all(|word| word.len() <= 75));
    }

    #[test]
    fn phrases_are_atoms_quoted_or_encoded() {
        assert_eq!(phrase("Jean Dupont"), "Jean Dupont");
        assert_eq!(phrase("Dupont, Jean"), "\"Dupont, Jean\"");
        assert_eq!(phrase("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
        assert!(phrase("Zoé").starts_with("=?UTF-8?B?"));
    }

    #[test]
    fn long_headers_fold_at_spaces() {
        let value = (0..30)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let line = header_line("Subject", &value);
        assert!(line.ends_with("\r\n"));
        assert!(line.split("\r\n").all(|l| l.len() <= LINE_LIMIT));
        assert_eq!(
            line.replace("\r\n ", " ").trim_end(),
            format!("Subject: {value}")
        );
    }

    fn qp_decode(encoded: &[u8]) -> String {
        let mut raw = b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".to_vec();
        raw.extend_from_slice(encoded);
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        message.body_text(0).unwrap().replace("\r\n", "\n")
    }

    #[test]
    fn quoted_printable_round_trips_exactly() {
        let long = "é".repeat(60) + " fin";
        for text in [
            "Bonjour,\n\nVoici le devis — 1 200 € = total.\nCordialement",
            "trailing space \nand tab\t\nend\n",
            "From here\n.\nsingle dot above",
            long.as_str(),
            "",
        ] {
            let encoded = quoted_printable(text);
            for line in encoded.split(|b| *b == b'\n') {
                assert!(line.len() <= 77, "{}", String::from_utf8_lossy(line));
            }
            assert!(encoded.iter().all(|b| b.is_ascii()));
            assert_eq!(
                qp_decode(&encoded),
                text,
                "{}",
                String::from_utf8_lossy(&encoded)
            );
        }
    }

    #[test]
    fn base64_lines_are_76_characters() {
        let mut out = Vec::new();
        base64_line(&[0u8; BASE64_LINE_BYTES], &mut out);
        assert_eq!(out.len(), 78);
        base64_line(b"ab", &mut out);
        assert_eq!(&out[78..], b"YWI=\r\n");
    }

    #[test]
    fn parameters_use_rfc2231_when_needed() {
        assert_eq!(
            parameter("filename", "devis.pdf"),
            "; filename=\"devis.pdf\""
        );
        assert_eq!(
            parameter("filename", "résumé.pdf"),
            "; filename*=utf-8''r%C3%A9sum%C3%A9.pdf"
        );
        let long = parameter("filename", &"é".repeat(40));
        assert!(long.contains("filename*0*=utf-8''"));
        assert!(long.contains("filename*1*="));
        for piece in long.split("; ").filter(|p| !p.is_empty()) {
            let value = piece.split('=').nth(1).unwrap();
            assert!(!value.ends_with('%'));
        }
    }
}
