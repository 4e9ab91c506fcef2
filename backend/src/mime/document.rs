//! The standalone document around a sanitized HTML body, for the sandboxed iframe.

/// The iframe document's CSP; remote images are allowed only when the user asked.
pub fn body_csp(remote_images: bool) -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:{}; font-src data:; \
         frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox",
        if remote_images { " https: http:" } else { "" }
    )
}

/// Wraps a sanitized fragment in a minimal document.
pub fn body_document(fragment: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <base target=\"_blank\">\
         <style>body{{margin:0;padding:8px;font-family:system-ui,sans-serif;\
         line-height:1.4;overflow-wrap:anywhere;color-scheme:light}}\
         img{{max-width:100%;height:auto}}pre{{white-space:pre-wrap}}</style>\
         </head><body>{fragment}</body></html>"
    )
}

/// Escapes text for an HTML text node (used for text-only messages).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_remote_images_only_when_asked() {
        assert!(!body_csp(false).contains("https:"));
        assert!(body_csp(true).contains("img-src data: https: http:"));
        assert!(body_csp(false).starts_with("default-src 'none'"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        assert!(body_document("<p>x</p>").contains("<body><p>x</p></body>"));
    }
}
