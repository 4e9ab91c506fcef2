//! Sanitizing a message's HTML for display in a sandboxed iframe.
//!
//! ammonia keeps a safe subset of HTML (no scripts, event handlers, forms, frames,
//! objects, `<style>` blocks or `javascript:` URLs); on top of it, our attribute filter
//! decides about every image source and inline style: remote images go when blocked,
//! `cid:` images become `data:` URIs from the message's own parts, and any CSS that could
//! fetch something or hide behind escapes is dropped. The iframe's CSP is the second wall.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use facteur_model::message::ImagePolicy;

/// `cid:` references (Content-ID without angle brackets) and the `data:` URIs to use.
pub type InlineImages = HashMap<String, String>;

/// The sanitized fragment and what was found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanitizedHtml {
    pub html: String,
    /// The original referred to remote images (whether or not they were kept).
    pub has_remote_images: bool,
}

struct Context {
    images: ImagePolicy,
    inline: InlineImages,
    saw_remote: AtomicBool,
}

/// Sanitizes `html` under `images`, resolving `cid:` references from `inline`.
pub fn sanitize_html(html: &str, images: ImagePolicy, inline: InlineImages) -> SanitizedHtml {
    let context = Arc::new(Context {
        images,
        inline,
        saw_remote: AtomicBool::new(false),
    });
    let filter_context = context.clone();
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "font", "big", "tfoot", "section", "main", "address", "center",
        ])
        .add_clean_content_tags([
            "title", "template", "iframe", "object", "noembed", "noframes", "svg", "math",
            "noscript", "select", "textarea",
        ])
        .add_generic_attributes([
            "style", "dir", "align", "valign", "width", "height", "bgcolor",
        ])
        .add_tag_attributes("font", ["color", "face", "size"])
        .add_tag_attributes("img", ["srcset", "border", "hspace", "vspace"])
        .add_tag_attributes(
            "table",
            ["border", "cellpadding", "cellspacing", "background"],
        )
        .add_tag_attributes("td", ["background", "nowrap"])
        .add_tag_attributes("th", ["background", "nowrap"])
        .add_tag_attributes("tr", ["background"])
        .url_schemes(HashSet::from([
            "http", "https", "mailto", "tel", "cid", "data",
        ]))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .set_tag_attribute_value("a", "target", "_blank")
        .strip_comments(true)
        .attribute_filter(move |element, attribute, value| {
            filter_attribute(&filter_context, element, attribute, value)
        });
    // Twice: html5ever can build trees (a link inside a link, from mis-nested markup)
    // whose HTML it would itself read back otherwise; the second pass reads the first's
    // output as a browser would, so sanitizing what we wrote changes nothing (a reopened
    // draft, a quoted reply).
    let once = builder.clean(html).to_string();
    let html = builder.clean(&once).to_string();
    SanitizedHtml {
        html,
        has_remote_images: context.saw_remote.load(Ordering::Relaxed),
    }
}

fn filter_attribute<'u>(
    context: &Context,
    element: &str,
    attribute: &str,
    value: &'u str,
) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("a" | "area", "href") => {
            let lower = value.trim_start().to_ascii_lowercase();
            ["http:", "https:", "mailto:", "tel:"]
                .iter()
                .any(|scheme| lower.starts_with(scheme))
                .then_some(Cow::Borrowed(value))
        }
        (_, "src" | "background") => image_source(context, value),
        ("img", "srcset") => {
            let urls: Vec<&str> = value
                .split(',')
                .filter_map(|candidate| candidate.split_whitespace().next())
                .collect();
            let all_remote = !urls.is_empty() && urls.iter().all(|url| is_remote(url));
            if urls.iter().any(|url| is_remote(url)) {
                context.saw_remote.store(true, Ordering::Relaxed);
            }
            (all_remote && context.images == ImagePolicy::Shown).then_some(Cow::Borrowed(value))
        }
        (_, "style") => filter_style(context, value).map(Cow::Owned),
        // No other attribute is a URL a browser follows, but a script scheme has no
        // business in any of them (`bgcolor`, `title`...): a browser quirk or a later
        // copy into a link must never find one.
        _ if is_script_url(value) => None,
        _ => Some(Cow::Borrowed(value)),
    }
}

/// Whether `value` starts with a scheme that runs script, as browsers read it (case and
/// leading spaces aside).
fn is_script_url(value: &str) -> bool {
    let lower = value.trim_start().to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("vbscript:")
}

fn is_remote(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Decides about one image URL: keep, rewrite (`cid:`), or drop.
fn image_source<'u>(context: &Context, value: &'u str) -> Option<Cow<'u, str>> {
    let trimmed = value.trim();
    let lower = trimmed.to_ascii_lowercase();
    if let Some(reference) = lower.strip_prefix("cid:") {
        let key = reference.trim_matches(|c| c == '<' || c == '>');
        return context.inline.get(key).map(|uri| Cow::Owned(uri.clone()));
    }
    if is_remote(trimmed) {
        context.saw_remote.store(true, Ordering::Relaxed);
        return (context.images == ImagePolicy::Shown).then_some(Cow::Borrowed(value));
    }
    // SVG may carry scripts of its own; raster images in data: URIs are inert.
    (lower.starts_with("data:image/") && !lower.starts_with("data:image/svg"))
        .then_some(Cow::Borrowed(value))
}

/// Filters an inline `style`, declaration by declaration; `None` when nothing is left.
fn filter_style(context: &Context, style: &str) -> Option<String> {
    let kept: Vec<String> = declarations(style)
        .filter_map(|declaration| filter_declaration(context, declaration.trim()))
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
}

/// The declarations of an inline style: split at each `;` that is not inside quotes or
/// parentheses, so a `url('data:image/png;base64,…')` we wrote ourselves stays whole when
/// the HTML is sanitized again (a reopened draft, a quoted reply). A last declaration
/// whose quote or parenthesis never closes is malformed and dropped: read again, it
/// would split elsewhere.
fn declarations(style: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut start = 0;
    let mut cuts = Vec::new();
    for (at, c) in style.char_indices() {
        match (quote, c) {
            (Some(open), _) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ';') if depth == 0 => {
                cuts.push(&style[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    if quote.is_none() && depth == 0 {
        cuts.push(&style[start..]);
    }
    cuts.into_iter()
}

fn filter_declaration(context: &Context, declaration: &str) -> Option<String> {
    if declaration.is_empty() {
        return None;
    }
    let compact: String = declaration
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let forbidden = [
        "\\",
        "expression(",
        "javascript:",
        "vbscript:",
        "behavior:",
        "-moz-binding",
        "@import",
        "image-set(",
        "/*",
    ];
    if forbidden.iter().any(|bad| compact.contains(bad)) {
        return None;
    }
    if !compact.contains("url(") {
        return Some(declaration.to_owned());
    }
    rewrite_css_urls(context, declaration).filter(|rewritten| reads_back_whole(rewritten))
}

/// Whether a declaration we wrote splits back into exactly itself: quotes added around a
/// `url(...)` can hide or reveal a `;` or a parenthesis, and sanitizing again (a reopened
/// draft, a quoted reply) must not cut the style elsewhere.
fn reads_back_whole(declaration: &str) -> bool {
    let mut parts = declarations(declaration);
    parts.next() == Some(declaration) && parts.next().is_none()
}

/// Rewrites every `url(...)` of a declaration, or drops the declaration.
fn rewrite_css_urls(context: &Context, declaration: &str) -> Option<String> {
    let mut out = String::with_capacity(declaration.len());
    let mut rest = declaration;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(start) = lower.find("url(") else {
            out.push_str(rest);
            return Some(out);
        };
        let after = &rest[start + 4..];
        let end = after.find(')')?;
        let inner = after[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        // What no URL holds unescaped: a CSS reader and ours would end it elsewhere.
        if inner.contains(['(', '\'', '"']) || inner.contains(char::is_whitespace) {
            return None;
        }
        let replacement = image_source(context, inner)?;
        out.push_str(&rest[..start]);
        // Single quotes: double ones would be escaped as &quot; in the attribute.
        out.push_str("url('");
        out.push_str(&replacement.replace(['\'', '"'], "%27"));
        out.push_str("')");
        rest = &after[end + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str, images: ImagePolicy) -> SanitizedHtml {
        let inline = InlineImages::from([(
            "logo@example.test".to_owned(),
            "data:image/png;base64,iVBORw0KGgo=".to_owned(),
        )]);
        sanitize_html(html, images, inline)
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let out = clean(
            "<p onclick=\"steal()\">hi</p><script>alert(1)</script>\
             <img src=x onerror=alert(1)><body onload=alert(2)>",
            ImagePolicy::Shown,
        );
        for bad in ["script", "alert", "onclick", "onerror", "onload", "steal"] {
            assert!(!out.html.contains(bad), "{bad} in {}", out.html);
        }
        assert!(out.html.contains("<p>hi</p>"));
    }

    #[test]
    fn javascript_links_go_and_real_links_open_safely() {
        let out = clean(
            "<a href=\"javascript:alert(1)\">x</a><a href=\" JaVaScRiPt:alert(1)\">y</a>\
             <a href=\"data:text/html,<script>alert(1)</script>\">z</a>\
             <a href=\"https://example.test/\">ok</a>",
            ImagePolicy::Blocked,
        );
        assert!(
            !out.html.to_lowercase().contains("javascript"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("data:text"), "{}", out.html);
        assert!(out.html.contains(
            "<a href=\"https://example.test/\" rel=\"noopener noreferrer\" target=\"_blank\">ok</a>"
        ) || (out.html.contains("href=\"https://example.test/\"")
            && out.html.contains("target=\"_blank\"")
            && out.html.contains("rel=\"noopener noreferrer\"")),
            "{}", out.html);
    }

    #[test]
    fn forms_frames_objects_and_style_blocks_go() {
        let out = clean(
            "<style>@import url(https://evil.test/x.css); body{color:red}</style>\
             <form action=\"https://evil.test\"><input name=p><button>Send</button></form>\
             <iframe src=\"https://evil.test\"></iframe><object data=\"x.swf\"></object>\
             <embed src=\"x.swf\"><link rel=stylesheet href=\"https://evil.test/s.css\">\
             <svg><script>alert(1)</script></svg><p>text</p>",
            ImagePolicy::Shown,
        );
        for bad in [
            "@import",
            "<style",
            "<form",
            "<input",
            "<iframe",
            "<object",
            "<embed",
            "<link",
            "<svg",
            "evil.test",
            "alert",
        ] {
            assert!(!out.html.contains(bad), "{bad} in {}", out.html);
        }
        assert!(out.html.contains("<p>text</p>"));
    }

    #[test]
    fn remote_images_follow_the_policy() {
        let html = "<img src=\"https://tracker.test/pixel.gif\" alt=\"p\">\
                    <img srcset=\"https://cdn.test/a.png 1x, https://cdn.test/b.png 2x\">\
                    <table background=\"http://cdn.test/bg.png\"><tr><td>x</td></tr></table>\
                    <div style=\"color: red; background-image: url('https://cdn.test/bg.png')\">y</div>";
        let blocked = clean(html, ImagePolicy::Blocked);
        assert!(blocked.has_remote_images);
        assert!(!blocked.html.contains("http"), "{}", blocked.html);
        assert!(blocked.html.contains("color: red"), "{}", blocked.html);
        let shown = clean(html, ImagePolicy::Shown);
        assert!(shown.has_remote_images);
        for url in [
            "https://tracker.test/pixel.gif",
            "https://cdn.test/b.png",
            "http://cdn.test/bg.png",
            "url('https://cdn.test/bg.png')",
        ] {
            assert!(shown.html.contains(url), "{url} missing in {}", shown.html);
        }
        let none = clean("<p>plain</p>", ImagePolicy::Blocked);
        assert!(!none.has_remote_images);
    }

    #[test]
    fn cid_images_become_data_uris_or_go() {
        let out = clean(
            "<img src=\"cid:logo@example.test\"><img src=\"cid:missing@example.test\">\
             <div style=\"background: url(cid:logo@example.test)\">z</div>",
            ImagePolicy::Blocked,
        );
        assert_eq!(
            out.html
                .matches("data:image/png;base64,iVBORw0KGgo=")
                .count(),
            2,
            "{}",
            out.html
        );
        assert!(!out.html.contains("cid:"), "{}", out.html);
        assert!(!out.has_remote_images);
    }

    #[test]
    fn no_attribute_keeps_a_script_scheme() {
        // Found by the `sanitize` fuzz target: a colour attribute kept `javascript:`.
        let out = clean(
            "<table><tr><td bgcolor=\" JaVaScRiPt:alert(1)\" title=\"vbscript:x\" \
             width=\"600\">y</td></tr></table>",
            ImagePolicy::Shown,
        );
        let lower = out.html.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "{}", out.html);
        assert!(!lower.contains("vbscript:"), "{}", out.html);
        assert!(out.html.contains("width=\"600\""), "{}", out.html);
    }

    #[test]
    fn no_style_declaration_keeps_a_script_scheme() {
        // Found by the `sanitize` fuzz target: `javascript:` was dropped from styles but
        // `vbscript:` (legacy IE) stayed, unlike in every other attribute.
        let out = clean(
            "<p style=\"vbscript:colold; background: url(https://x.test/a.png); \
             color: blue\">a</p><p style=\"VBScript :x\">b</p>",
            ImagePolicy::Blocked,
        );
        assert!(
            !out.html.to_ascii_lowercase().contains("vbscript"),
            "{}",
            out.html
        );
        assert!(out.html.contains("style=\"color: blue\""), "{}", out.html);
    }

    #[test]
    fn a_style_with_an_inline_image_survives_sanitizing_twice() {
        // Found by the `sanitize` fuzz target: the `;` inside the data: URI we wrote split
        // the declaration the second time round, leaving `base64,…')` behind.
        let first = clean(
            "<p style=\"color: blue; background-image: url(cid:logo@example.test)\">a</p>",
            ImagePolicy::Blocked,
        );
        assert!(
            first.html.contains("data:image/png;base64,iVBORw0KGgo="),
            "{}",
            first.html
        );
        let again = clean(&first.html, ImagePolicy::Blocked);
        assert_eq!(again.html, first.html);
    }

    #[test]
    fn a_url_holding_a_nested_url_is_dropped_and_sanitizing_twice_changes_nothing() {
        // Found by the sanitize fuzz target: quoting the first `url(...)` hid a `(` and a
        // `;`, so the second pass cut the style elsewhere.
        let html = "<p style=\"color: blue; background: url(https://t: bold; \
                    background: url(https://)ion(alert(1));a.png)\">b</p>";
        for images in [ImagePolicy::Blocked, ImagePolicy::Shown] {
            let once = clean(html, images).html;
            let twice = clean(&once, images).html;
            assert_eq!(once, twice);
            assert!(once.contains("color: blue"), "{once}");
            assert!(!once.contains("url("), "{once}");
        }
    }

    #[test]
    fn a_link_nested_in_a_link_by_misnested_markup_stays_put_when_sanitized_again() {
        // Found by the sanitize fuzz target: the tree builder put a link inside a link,
        // which reading the HTML again splits.
        let html = "<p onclick=\"stEal()\"></p></script><a hre<s\u{5}\0cript>al<\u{1c}\u{1c}\u{1c}\u{1c}p s<center><table widt\0\0\0\0\0\0\0\0\0\0\0\0h=\"600\" cellpadding=\"tEal()\"></p></script><ee\" align=\"center\"><font color=\"red\" face=\"Airal\" st><br><a href=\"https:/nal\"t/e\"steal()\">de<tr><td bgcolor=\"Ja(1)\">x</a\u{1}\0\0\0\0\0\r\0center><table (";
        for images in [ImagePolicy::Blocked, ImagePolicy::Shown] {
            let once = clean(html, images).html;
            let twice = clean(&once, images).html;
            assert_eq!(once, twice);
            assert!(once.contains(">de</a>"), "{once}");
        }
    }

    #[test]
    fn style_declarations_split_only_outside_quotes_and_parentheses() {
        let split: Vec<&str> =
            declarations("a: 1; b: url('x;y'); c: url(x;y); d: \"e;f\"; ").collect();
        assert_eq!(
            split,
            ["a: 1", " b: url('x;y')", " c: url(x;y)", " d: \"e;f\"", " "]
        );
        // An unclosed quote or parenthesis takes the rest of the style with it.
        let split: Vec<&str> = declarations("a: 1; b: url('x; c: 2").collect();
        assert_eq!(split, ["a: 1"]);
        let split: Vec<&str> = declarations("a: 1; b: url(x; c: 2").collect();
        assert_eq!(split, ["a: 1"]);
    }

    #[test]
    fn dangerous_css_goes_and_plain_css_stays() {
        let out = clean(
            "<p style=\"color: blue; width: expression(alert(1)); font-weight: bold\">a</p>\
             <p style=\"background: u\\72l(https://evil.test/x)\">b</p>\
             <p style=\"background-image: image-set('https://evil.test/x.png' 1x)\">c</p>",
            ImagePolicy::Shown,
        );
        assert!(
            out.html
                .contains("style=\"color: blue; font-weight: bold\""),
            "{}",
            out.html
        );
        assert!(!out.html.contains("expression"));
        assert!(!out.html.contains("evil.test"), "{}", out.html);
    }

    #[test]
    fn formatting_survives() {
        let out = clean(
            "<table width=\"600\" cellpadding=\"4\"><tr><td bgcolor=\"#eee\" align=\"center\">\
             <font color=\"red\"><b>Bold</b> <i>it</i></font></td></tr></table>",
            ImagePolicy::Blocked,
        );
        for kept in [
            "width=\"600\"",
            "cellpadding=\"4\"",
            "bgcolor=\"#eee\"",
            "<font color=\"red\">",
            "<b>Bold</b>",
        ] {
            assert!(out.html.contains(kept), "{kept} missing in {}", out.html);
        }
    }
}
