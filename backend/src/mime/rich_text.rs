//! HTML that enters the app's own page, not a sandboxed frame: the composer's rich text.
//!
//! A reopened draft's HTML is inserted into the editor, on the app's origin, where a
//! `<meta http-equiv=refresh>`, an `<iframe srcdoc>` or an event handler would act as the
//! app. So it first goes through the reader's sanitizer (the one every displayed message
//! passes) and is then narrowed to what the editor writes: bold, italic, underline,
//! lists, paragraphs, line breaks, quotes and web or mail links, no attribute but a
//! link's `href`. The same function cleans the HTML of every message we write.

use super::sanitize::{ImagePolicy, InlineImages, sanitize_html};

/// The elements the composer's rich text may hold.
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

/// `html` as the composer's rich text: the reader's sanitizer (remote images blocked),
/// then only [`RICH_TEXT_TAGS`] kept, the others unwrapped to their text.
pub fn sanitize_rich_text(html: &str) -> String {
    let read = sanitize_html(html, ImagePolicy::Blocked, InlineImages::new()).html;
    ammonia::Builder::empty()
        .add_tags(RICH_TEXT_TAGS)
        .generic_attributes(Default::default())
        .tag_attributes(
            [("a", ["href"].into_iter().collect())]
                .into_iter()
                .collect(),
        )
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(None)
        .clean(&read)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a message planted in Drafts may try, each line one way in.
    const HOSTILE: &str = "<p>Bonjour <b>Jean</b>, <i>voici</i> <u>le</u> <strong>plan</strong></p>\
        <iframe srcdoc=\"&lt;script src=/app.js&gt;&lt;/script&gt;\">cadre</iframe>\
        <meta http-equiv=\"refresh\" content=\"0;url=https://evil.test/\">\
        <img src=\"x\" onerror=\"alert(1)\"><div onclick=\"steal()\" style=\"position:fixed\">clic</div>\
        <a href=\"javascript:alert(1)\">js</a><a href=\" JAVASCRIPT:alert(2)\">js2</a>\
        <a href=\"https://example.test/\" target=\"_top\">lien</a>\
        <form action=\"https://evil.test/\"><input name=\"password\"></form>\
        <object data=\"x.swf\"></object><embed src=\"x.swf\"><base href=\"https://evil.test/\">\
        <svg><script>alert(3)</script></svg><style>body{display:none}</style><script>alert(4)</script>\
        <ul><li>un</li></ul><ol><li>deux</li></ol><blockquote>cité</blockquote><div>ligne<br>suite</div>";

    #[test]
    fn active_content_goes() {
        let out = sanitize_rich_text(HOSTILE).to_ascii_lowercase();
        for bad in [
            "<iframe",
            "srcdoc",
            "<meta",
            "refresh",
            "<img",
            "onerror",
            "onclick",
            "javascript",
            "alert",
            "steal",
            "<form",
            "<input",
            "<object",
            "<embed",
            "<base",
            "<svg",
            "<script",
            "<style",
            "style=",
            "target",
            "evil.test",
            "cadre",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
    }

    #[test]
    fn formatting_survives() {
        let out = sanitize_rich_text(HOSTILE);
        for kept in [
            "<p>Bonjour <b>Jean</b>, <i>voici</i> <u>le</u> <strong>plan</strong></p>",
            "<a href=\"https://example.test/\">lien</a>",
            "<ul><li>un</li></ul>",
            "<ol><li>deux</li></ol>",
            "<blockquote>cité</blockquote>",
            "<div>ligne<br>suite</div>",
            "<div>clic</div>",
        ] {
            assert!(out.contains(kept), "{kept} missing in {out}");
        }
    }

    #[test]
    fn the_editors_own_html_is_unchanged() {
        let html = "<div>Bonjour,</div><div><br></div><div><b>gras</b> et <i>italique</i></div>\
                    <ul><li>un</li><li>deux</li></ul><blockquote><div>&gt; cité</div></blockquote>\
                    <div><a href=\"mailto:a@example.test\">a@example.test</a></div>";
        assert_eq!(sanitize_rich_text(html), html);
    }
}
