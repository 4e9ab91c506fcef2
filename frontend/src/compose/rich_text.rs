//! The editor's HTML and the plain-text alternative sent with it.
//!
//! The editor is a `contenteditable` element, so its HTML is what Chromium, Firefox or
//! Safari make of bold, italic, lists, links and line breaks (`<div>` per line, `<br>`
//! for empty lines). [`html_to_text`] reads that subset tolerantly; anything else
//! contributes its text. The bridge sanitizes the HTML again before sending it.

/// The plain-text version of the editor's HTML: one line per block, list items as
/// "- " or "1. ", links as "text <url>", quotes as "> ".
pub fn html_to_text(html: &str) -> String {
    let mut out = TextBuilder::default();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with('<') {
            match tag_end(rest) {
                Some(end) => {
                    let tag = Tag::parse(&rest[1..end]);
                    rest = &rest[end + 1..];
                    if matches!(tag.name.as_str(), "style" | "script") && !tag.closing {
                        let close = format!("</{}", tag.name);
                        rest = find_ci(rest, &close).map_or("", |at| &rest[at..]);
                        continue;
                    }
                    out.tag(&tag);
                }
                None => {
                    out.text("<");
                    rest = &rest[1..];
                }
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        out.text(&decode_entities(&rest[..end]));
        rest = &rest[end..];
    }
    out.finish()
}

/// The editor HTML for plain text: escaped, one `<div>` per line, lines starting with
/// ">" gathered into a `<blockquote>`.
pub fn text_to_html(text: &str) -> String {
    let mut html = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with('>') {
            let start = i;
            while i < lines.len() && lines[i].starts_with('>') {
                i += 1;
            }
            let inner: Vec<&str> = lines[start..i]
                .iter()
                .map(|l| {
                    let l = &l[1..];
                    l.strip_prefix(' ').unwrap_or(l)
                })
                .collect();
            html.push_str("<blockquote type=\"cite\">");
            html.push_str(&text_to_html(&inner.join("\n")));
            html.push_str("</blockquote>");
            continue;
        }
        if lines[i].is_empty() {
            html.push_str("<div><br></div>");
        } else {
            html.push_str("<div>");
            html.push_str(&escape_html(lines[i]));
            html.push_str("</div>");
        }
        i += 1;
    }
    html
}

/// `text` with the five HTML-special characters escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether the editor holds no text at all (only empty blocks and line breaks).
pub fn is_blank(html: &str) -> bool {
    html_to_text(html).trim().is_empty()
}

/// An HTML tag as far as the text version cares.
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

impl Tag {
    fn parse(inside: &str) -> Tag {
        let inside = inside.trim();
        let (closing, inside) = match inside.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inside),
        };
        let name_end = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let name = inside[..name_end].to_ascii_lowercase();
        let href = (name == "a")
            .then(|| attribute(&inside[name_end..], "href"))
            .flatten();
        Tag {
            name,
            closing,
            href,
        }
    }
}

/// The value of attribute `name` in a tag's attribute text.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = attributes[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = after[1..].trim_start();
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split(char::is_whitespace).next().unwrap_or(""),
        };
        return Some(decode_entities(raw));
    }
    None
}

/// Where the tag starting at `text[0] == '<'` ends, quotes in attributes respected.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// Decodes the character references the editor writes (named basics and numeric).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One kind of list being written.
#[derive(Debug, Clone, Copy)]
enum List {
    Bullets,
    Numbers(u32),
}

/// Accumulates lines of text while walking the HTML.
#[derive(Debug, Default)]
struct TextBuilder {
    lines: Vec<String>,
    line: String,
    /// The quote depth of the line being written (fixed when it gets its first text).
    line_depth: Option<usize>,
    depth: usize,
    lists: Vec<List>,
    /// The list marker owed to the next text ("- ", "2. ").
    marker: Option<String>,
    /// Open links: their address and where their text starts in `line`.
    links: Vec<(Option<String>, usize)>,
}

impl TextBuilder {
    fn text(&mut self, text: &str) {
        // HTML collapses runs of white space; a no-break space is a space that stays.
        let mut collapsed = String::with_capacity(text.len());
        let mut pending_space = false;
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                pending_space = true;
                continue;
            }
            if pending_space {
                collapsed.push(' ');
                pending_space = false;
            }
            collapsed.push(if c == '\u{a0}' { ' ' } else { c });
        }
        if pending_space {
            collapsed.push(' ');
        }
        if self.line_depth.is_none() {
            let trimmed = collapsed.trim_start_matches(' ');
            if trimmed.is_empty() {
                return;
            }
            collapsed = trimmed.to_owned();
            self.line_depth = Some(self.depth);
            if let Some(marker) = self.marker.take() {
                self.line.push_str(&marker);
            }
        }
        if self.line.ends_with(' ') && collapsed.starts_with(' ') {
            collapsed.remove(0);
        }
        self.line.push_str(&collapsed);
    }

    /// Ends the current line if it has text.
    fn soft_break(&mut self) {
        if self.line_depth.is_some() {
            self.hard_break();
        }
    }

    /// Ends the current line, empty or not.
    fn hard_break(&mut self) {
        let depth = self.line_depth.take().unwrap_or(self.depth);
        let text = std::mem::take(&mut self.line);
        // Trailing spaces mean nothing in HTML, except in the signature separator "-- ".
        let text = if text == super::signature::SEPARATOR {
            text.as_str()
        } else {
            text.trim_end()
        };
        let line = if depth == 0 {
            text.to_owned()
        } else {
            let marks = ">".repeat(depth);
            if text.is_empty() {
                marks
            } else {
                format!("{marks} {text}")
            }
        };
        self.lines.push(line);
    }

    fn tag(&mut self, tag: &Tag) {
        match (tag.name.as_str(), tag.closing) {
            ("br", _) => {
                if let Some(marker) = self.marker.take() {
                    self.line.push_str(&marker);
                }
                self.hard_break();
            }
            ("p", false) => self.soft_break(),
            ("p", true) => {
                self.soft_break();
                self.lines.push(String::new());
            }
            ("blockquote", false) => {
                self.soft_break();
                self.depth += 1;
            }
            ("blockquote", true) => {
                self.soft_break();
                self.depth = self.depth.saturating_sub(1);
            }
            ("ul", false) => {
                self.soft_break();
                self.lists.push(List::Bullets);
            }
            ("ol", false) => {
                self.soft_break();
                self.lists.push(List::Numbers(0));
            }
            ("ul" | "ol", true) => {
                self.soft_break();
                self.lists.pop();
                self.marker = None;
            }
            ("li", false) => {
                self.soft_break();
                let indent = "  ".repeat(self.lists.len().saturating_sub(1));
                let marker = match self.lists.last_mut() {
                    Some(List::Numbers(n)) => {
                        *n += 1;
                        format!("{indent}{n}. ")
                    }
                    _ => format!("{indent}- "),
                };
                self.marker = Some(marker);
            }
            ("a", false) => self.links.push((tag.href.clone(), self.line.len())),
            ("a", true) => {
                if let Some((Some(href), start)) = self.links.pop() {
                    let label = self.line.get(start..).unwrap_or("").trim().to_owned();
                    let shown = href.strip_prefix("mailto:").unwrap_or(&href);
                    if !href.is_empty() && label != href && label != shown {
                        let url = format!("<{href}>");
                        if label.is_empty() {
                            self.text(&url);
                        } else {
                            self.text(&format!(" {url}"));
                        }
                    }
                }
            }
            ("div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "tr" | "table", _) => {
                self.soft_break()
            }
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.soft_break();
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        self.lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_the_editor_become_lines_of_text() {
        let html = "Bonjour Alice,<div><br></div><div>Voici le <b>devis</b>&nbsp;&amp; la <i>facture</i>.</div><div>À bientôt</div>";
        assert_eq!(
            html_to_text(html),
            "Bonjour Alice,\n\nVoici le devis & la facture.\nÀ bientôt"
        );
        assert_eq!(html_to_text("<p>Un</p><p>Deux</p>"), "Un\n\nDeux");
        assert_eq!(html_to_text("a<br>b<br><br>c"), "a\nb\n\nc");
        assert_eq!(html_to_text("  spaced \n  out  "), "spaced out");
    }

    #[test]
    fn lists_are_dashes_and_numbers() {
        let html = "<div>Courses :</div><ul><li>pain</li><li>lait</li></ul><ol><li>un</li><li>deux<ul><li>sous</li></ul></li></ol>fin";
        assert_eq!(
            html_to_text(html),
            "Courses :\n- pain\n- lait\n1. un\n2. deux\n  - sous\nfin"
        );
    }

    #[test]
    fn links_keep_their_address() {
        assert_eq!(
            html_to_text("Voir <a href=\"https://example.com/a?b=1&amp;c=2\">le site</a>."),
            "Voir le site <https://example.com/a?b=1&c=2>."
        );
        assert_eq!(
            html_to_text("<a href='https://example.com'>https://example.com</a>"),
            "https://example.com"
        );
        assert_eq!(html_to_text("<a href=\"mailto:a@b.c\">a@b.c</a>"), "a@b.c");
    }

    #[test]
    fn quotes_become_marked_lines_and_back() {
        let text = "Merci !\n\nLe 26 nov., Alice a écrit :\n> Bonjour\n>\n>> plus ancien\n> Fin";
        let html = text_to_html(text);
        assert!(html.starts_with("<div>Merci !</div><div><br></div>"));
        assert_eq!(html_to_text(&html), text);
    }

    #[test]
    fn markup_in_text_is_escaped_and_odd_html_tolerated() {
        let html = text_to_html("<script>alert('x')</script> & co");
        assert_eq!(
            html,
            "<div>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</div>"
        );
        assert_eq!(html_to_text(&html), "<script>alert('x')</script> & co");
        assert_eq!(
            html_to_text("a < b <!-- note --><style>p{}</style>&unknown; &#233;t&#xE9;"),
            "a < b &unknown; été"
        );
        assert!(is_blank("<div><br></div><div> </div>"));
        assert!(!is_blank("<div>x</div>"));
    }
}
