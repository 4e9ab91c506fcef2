//! Headers for serving an attachment: a content type from an allowlist of inert types, a
//! CSP that sandboxes it, and a Content-Disposition that always downloads, with a safe
//! file name.

use percent_encoding::{AsciiSet, utf8_percent_encode};

/// RFC 5987 `attr-char`s stay as they are; everything else is percent-encoded.
const FILENAME_STAR: &AsciiSet = crate::compose::encoding::ATTRIBUTE_CHARS;

/// Types a browser only ever displays or hands to a viewer, never runs as a document or a
/// script: raster images, PDF, plain text, common audio and video, archives and office
/// files. An allowlist, because the list of types some browser executes (`text/jscript`,
/// `text/livescript`, `text/css`, `text/xsl`, `image/svg+xml`, ...) has no end.
const INERT_TYPES: &[&str] = &[
    "application/octet-stream",
    "application/pdf",
    "text/plain",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
    "image/tiff",
    "image/heic",
    "audio/mpeg",
    "audio/ogg",
    "audio/wav",
    "audio/mp4",
    "video/mp4",
    "video/webm",
    "video/quicktime",
    "application/zip",
    "application/gzip",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

/// The type to serve: the declared type when it is on the inert allowlist (parameters
/// dropped; text as UTF-8), else `application/octet-stream`.
pub fn served_content_type(declared: &str) -> String {
    let lower = declared.trim().to_ascii_lowercase();
    let essence = lower.split(';').next().unwrap_or("").trim();
    match INERT_TYPES.iter().find(|inert| **inert == essence) {
        Some(inert) if inert.starts_with("text/") => format!("{inert}; charset=utf-8"),
        Some(inert) => (*inert).to_owned(),
        None => "application/octet-stream".to_owned(),
    }
}

/// The CSP of every attachment: should a browser ever render one as a document, it gets
/// an opaque origin, no scripts and nothing to load.
pub const ATTACHMENT_CSP: &str = "default-src 'none'; sandbox";

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
            // Types some browser runs or renders as a styled or scripted document.
            ("text/jscript", "application/octet-stream"),
            ("text/livescript", "application/octet-stream"),
            ("text/ecmascript", "application/octet-stream"),
            ("text/x-javascript", "application/octet-stream"),
            ("application/javascript", "application/octet-stream"),
            ("text/css", "application/octet-stream"),
            ("text/xsl", "application/octet-stream"),
            ("application/xslt+xml", "application/octet-stream"),
            ("text/vtt", "application/octet-stream"),
            ("application/json", "application/octet-stream"),
            ("application/manifest+json", "application/octet-stream"),
            ("application/wasm", "application/octet-stream"),
            ("text/cache-manifest", "application/octet-stream"),
            ("multipart/x-mixed-replace", "application/octet-stream"),
            ("application/x-shockwave-flash", "application/octet-stream"),
            ("text/vnd.wap.wml", "application/octet-stream"),
            ("application/pdf; name=x.pdf", "application/pdf"),
            ("image/jpeg ; x=1", "image/jpeg"),
            ("image/webp", "image/webp"),
            ("", "application/octet-stream"),
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
