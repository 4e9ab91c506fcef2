//! Checks the fuzz targets share.

/// One start tag of serialized HTML: its name and attributes, lower-cased names.
#[derive(Debug)]
pub struct StartTag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// The start tags of HTML as html5ever serializes it (what the sanitizer returns): text
/// has `<` escaped, attribute values are always double-quoted with `"` escaped, so a `<`
/// outside quotes always opens a tag. Not a general HTML tokenizer.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with('/') || rest.starts_with('!') {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let mut tag = StartTag {
            name: rest[..name_end].to_ascii_lowercase(),
            attributes: Vec::new(),
        };
        rest = &rest[name_end..];
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let attr_end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let name = rest[..attr_end].to_ascii_lowercase();
            rest = &rest[attr_end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let close = after.find('"').unwrap_or(after.len());
                value = after[..close].to_owned();
                rest = after.get(close + 1..).unwrap_or("");
            }
            tag.attributes.push((name, value));
        }
        tags.push(tag);
    }
    tags
}

/// Panics when sanitized HTML holds what must never reach the browser: a script or
/// frame element, an event-handler attribute, or a `javascript:` / `vbscript:` link.
pub fn assert_safe_html(html: &str) {
    for tag in start_tags(html) {
        assert!(
            !matches!(
                tag.name.as_str(),
                "script" | "iframe" | "object" | "embed" | "form" | "style" | "base" | "meta"
            ),
            "<{}> survived sanitizing: {html}",
            tag.name
        );
        for (name, value) in &tag.attributes {
            assert!(
                !name.starts_with("on"),
                "{name}= survived sanitizing: {html}"
            );
            let value = value.trim_start().to_ascii_lowercase();
            assert!(
                !value.starts_with("javascript:") && !value.starts_with("vbscript:"),
                "{name}=\"{value}\" survived sanitizing: {html}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes_are_read() {
        let tags = start_tags(r#"<p a="x>y" b>t &lt;script</p><img src="s">"#);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].name, "p");
        assert_eq!(tags[0].attributes[0], ("a".into(), "x>y".into()));
        assert_eq!(tags[1].attributes[0], ("src".into(), "s".into()));
    }

    #[test]
    #[should_panic(expected = "onclick")]
    fn handlers_are_caught() {
        assert_safe_html(r#"<a onclick="x">"#);
    }
}
