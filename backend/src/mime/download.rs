//! Headers for serving an attachment: a content type that cannot run in our origin, and
//! a Content-Disposition that always downloads, with a safe file name.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 5987 `attr-char`s stay as they are; everything else is percent-encoded.
const FILENAME_STAR: &AsciiSet = &NON_ALPHANUMERIC
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

/// The type to serve: as declared, except types a browser would run or render as a
/// document (HTML, SVG, XML, scripts), which become `application/octet-stream`.
pub fn served_content_type(declared: &str) -> String {
    let lower = declared.trim().to_ascii_lowercase();
    let essence = lower.split(';').next().unwrap_or("").trim();
    let active = ["html", "xml", "svg", "javascript", "ecmascript", "xhtml"]
        .iter()
        .any(|marker| essence.contains(marker));
    let well_formed = essence.split_once('/').is_some_and(|(ty, sub)| {
        let token = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
        };
        token(ty) && token(sub)
    });
    if active || !well_formed {
        "application/octet-stream".to_owned()
    } else if essence.starts_with("text/") {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

/// A file name with path separators, quotes and control characters removed.
pub fn safe_filename(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '"' | ':' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        "attachment".to_owned()
    } else {
        trimmed.chars().take(200).collect()
    }
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
pub fn content_disposition(name: &str) -> String {
    let safe = safe_filename(name);
    let ascii: String = safe
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = utf8_percent_encode(&safe, FILENAME_STAR);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_types_are_neutralized() {
        let cases = [
            ("application/pdf", "application/pdf"),
            ("IMAGE/PNG", "image/png"),
            ("text/plain; charset=utf-8", "text/plain; charset=utf-8"),
            ("text/html; charset=utf-8", "application/octet-stream"),
            ("image/svg+xml", "application/octet-stream"),
            ("application/xhtml+xml", "application/octet-stream"),
            ("text/javascript", "application/octet-stream"),
            ("application/x-javascript", "application/octet-stream"),
            ("text/xml", "application/octet-stream"),
            ("nonsense", "application/octet-stream"),
            ("image/png\r\nX-Evil: 1", "application/octet-stream"),
        ];
        for (declared, served) in cases {
            assert_eq!(served_content_type(declared), served, "{declared:?}");
        }
    }

    #[test]
    fn disposition_encodes_unicode_and_strips_danger() {
        assert_eq!(
            content_disposition("résumé final.pdf"),
            "attachment; filename=\"r_sum_ final.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final.pdf"
        );
        assert_eq!(
            content_disposition("../../etc/passwd"),
            "attachment; filename=\"_.._etc_passwd\"; filename*=UTF-8''_.._etc_passwd"
        );
        let nasty = content_disposition("a\"; filename=evil.exe\r\n.txt");
        assert!(!nasty.contains('\r') && !nasty.contains('\n'));
        assert_eq!(nasty.matches('"').count(), 2, "{nasty}");
        assert_eq!(
            content_disposition(""),
            "attachment; filename=\"attachment\"; filename*=UTF-8''attachment"
        );
    }
}
