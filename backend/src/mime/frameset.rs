//! Frameset documents: HTML mail whose body is a `<frameset>` of other pages.
//!
//! Frames never load in a sanitized message (they would fetch remote pages), and a
//! frameset document has no body, so the reader would show nothing. Such documents carry
//! what to show instead in `<noframes>`, which browsers without frames display; that is
//! what we show. HTML parsers read `<noframes>` content as raw text up to the first
//! `</noframes`, so we take it the same way, then it goes through the sanitizer like any
//! other HTML.

/// The HTML to display for `html`: the `<noframes>` content of a frameset document,
/// else `html` itself.
pub fn displayed_html(html: &str) -> String {
    noframes_content(html).unwrap_or_else(|| html.to_owned())
}

/// The `<noframes>` content of a frameset document, all blocks joined; `None` when
/// `html` is not a frameset document or has no such content.
pub fn noframes_content(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let frameset = find_tag(&lower, "frameset", 0)?;
    // A frameset after the body has started is ignored by browsers: not a frameset document.
    if find_tag(&lower, "body", 0).is_some_and(|body| body < frameset) {
        return None;
    }
    let mut content = String::new();
    let mut from = 0;
    while let Some(open) = find_tag(&lower, "noframes", from) {
        let Some(open_end) = lower[open..].find('>').map(|at| open + at + 1) else {
            break;
        };
        let close = lower[open_end..]
            .find("</noframes")
            .map_or(lower.len(), |at| open_end + at);
        // Byte offsets of the lower-cased copy are those of `html`: ASCII lower-casing
        // keeps every character's length.
        content.push_str(&html[open_end..close]);
        from = close;
        if close == lower.len() {
            break;
        }
    }
    (!content.trim().is_empty()).then_some(content)
}

/// Where the start tag `<name` begins at or after `from` in lower-cased `html`.
fn find_tag(lower: &str, name: &str, from: usize) -> Option<usize> {
    let needle = format!("<{name}");
    let mut at = from;
    while let Some(found) = lower.get(at..)?.find(&needle) {
        let start = at + found;
        let after = start + needle.len();
        match lower.as_bytes().get(after) {
            Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n' | b'\x0c') | None => {
                return Some(start);
            }
            _ => at = after,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frameset_document_gives_its_noframes_content() {
        let html = "<HTML><HEAD><TITLE>t</TITLE></HEAD>\
                    <FRAMESET cols=\"50%,50%\"><FRAME src=\"https://x.test/a\">\
                    <NOFRAMES><BODY><P>Votre <b>relevé</b></P></BODY></NOFRAMES></FRAMESET></HTML>";
        assert_eq!(
            noframes_content(html).as_deref(),
            Some("<BODY><P>Votre <b>relevé</b></P></BODY>")
        );
    }

    #[test]
    fn other_documents_are_left_alone() {
        for html in [
            "<p>no frames here</p>",
            "<body><p>text</p><frameset><noframes>x</noframes></frameset></body>",
            "<framesetx><noframes>x</noframes>",
            "<frameset><frame src=\"a\"></frameset>",
        ] {
            assert_eq!(noframes_content(html), None, "{html}");
            assert_eq!(displayed_html(html), html);
        }
    }

    #[test]
    fn unclosed_and_repeated_blocks_are_read_to_the_end() {
        assert_eq!(
            noframes_content("<frameset><noframes>a</noframes><noframes>b").as_deref(),
            Some("ab")
        );
    }
}
