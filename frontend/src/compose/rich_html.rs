//! What the editor accepts: the same rich text the bridge keeps when it writes or
//! reopens a message (`backend/src/mime/rich_text.rs`), decided per element and per
//! attribute so the DOM side (`components::compose::editor_html`) can apply it to
//! pasted, dropped and loaded HTML before any of it is live in the page.

/// The elements of the composer's rich text, kept as they are.
pub const RICH_TEXT_TAGS: [&str; 13] = [
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "p",
    "br",
    "div",
    "blockquote",
];

/// Elements whose content is not text to show (scripts, styles, frames, embedded
/// documents, form controls): dropped with everything inside, as the bridge does.
const DROPPED_WITH_CONTENT: [&str; 22] = [
    "script", "style", "title", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "noembed", "noframes", "noscript", "svg", "math", "select", "textarea", "head",
    "meta", "link", "base", "img",
];

/// The attribute the editor itself puts on the signature block to find it again.
pub const SIGNATURE_MARKER: &str = "data-signature";

/// What happens to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementRule {
    /// Kept, with its allowed attributes only.
    Keep,
    /// Replaced by its content (a `<span>`, a `<table>`, a heading...).
    Unwrap,
    /// Removed with its content.
    Drop,
}

/// Where HTML comes from, which decides whether the editor's own marker may stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtmlSource {
    /// Pasted or dropped: nothing of the editor's own.
    Outside,
    /// Built by the app (a new message, a quote, a reopened draft) or already in the
    /// editor: the signature marker may stay.
    Editor,
}

/// The rule for an element, by its (any-case) name.
pub fn element_rule(name: &str) -> ElementRule {
    let name = name.to_ascii_lowercase();
    if RICH_TEXT_TAGS.contains(&name.as_str()) {
        ElementRule::Keep
    } else if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
        ElementRule::Drop
    } else {
        ElementRule::Unwrap
    }
}

/// Whether a kept element keeps an attribute: a link's web or mail address, and the
/// signature marker (empty) on a block of the editor's own.
pub fn keeps_attribute(element: &str, attribute: &str, value: &str, source: HtmlSource) -> bool {
    let element = element.to_ascii_lowercase();
    let attribute = attribute.to_ascii_lowercase();
    match (element.as_str(), attribute.as_str()) {
        ("a", "href") => is_web_or_mail_link(value),
        ("div", SIGNATURE_MARKER) => source == HtmlSource::Editor && value.is_empty(),
        _ => false,
    }
}

/// `http:`, `https:` or `mailto:` with something after the scheme.
pub fn is_web_or_mail_link(url: &str) -> bool {
    // Browsers ignore leading whitespace and control characters in URLs.
    let trimmed = url.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    let lower = trimmed.to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.trim_end().len() > scheme.len())
        && !lower.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_text_stays_active_content_goes_the_rest_unwraps() {
        for name in [
            "b", "STRONG", "i", "em", "u", "ul", "ol", "li", "a", "p", "br", "div",
        ] {
            assert_eq!(element_rule(name), ElementRule::Keep, "{name}");
        }
        for name in [
            "script", "IFRAME", "frame", "meta", "img", "svg", "object", "embed", "style", "base",
            "link", "noscript", "template", "textarea",
        ] {
            assert_eq!(element_rule(name), ElementRule::Drop, "{name}");
        }
        for name in [
            "span", "font", "table", "td", "h1", "form", "input", "button", "x-custom",
        ] {
            assert_eq!(element_rule(name), ElementRule::Unwrap, "{name}");
        }
    }

    #[test]
    fn only_links_and_the_editors_marker_keep_attributes() {
        let outside = HtmlSource::Outside;
        assert!(keeps_attribute(
            "a",
            "href",
            "https://example.test/",
            outside
        ));
        assert!(keeps_attribute(
            "A",
            "HREF",
            "mailto:a@example.test",
            outside
        ));
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "https://",
            "/relative",
        ] {
            assert!(!keeps_attribute("a", "href", bad, outside), "{bad:?}");
        }
        for (element, attribute) in [
            ("img", "onerror"),
            ("div", "onclick"),
            ("p", "style"),
            ("a", "target"),
            ("iframe", "srcdoc"),
            ("div", "class"),
        ] {
            assert!(!keeps_attribute(
                element,
                attribute,
                "x",
                HtmlSource::Editor
            ));
        }
        assert!(keeps_attribute(
            "div",
            SIGNATURE_MARKER,
            "",
            HtmlSource::Editor
        ));
        assert!(!keeps_attribute("div", SIGNATURE_MARKER, "", outside));
        assert!(!keeps_attribute(
            "div",
            SIGNATURE_MARKER,
            "x",
            HtmlSource::Editor
        ));
    }

    #[test]
    fn the_tags_are_the_bridges() {
        // A change on one side must be made on the other: read the bridge's list.
        let source = include_str!("../../../backend/src/mime/rich_text.rs");
        let start = source.find("pub const RICH_TEXT_TAGS").unwrap();
        let list = &source[start..];
        let list = &list[list.find('=').unwrap()..list.find("];").unwrap()];
        let bridge: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        assert_eq!(bridge, RICH_TEXT_TAGS);
    }
}
