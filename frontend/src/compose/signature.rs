//! The identity's signature under "-- " (the RFC 3676 signature separator, with its
//! trailing space), inserted into new messages and swapped when the identity changes.

use super::rich_text::escape_html;

/// The separator line mail readers recognise before a signature.
pub const SEPARATOR: &str = "-- ";

/// The attribute marking the signature block in the editor, so it can be found again.
pub const SIGNATURE_ATTRIBUTE: &str = "data-signature";

/// The signature as plain text, separator included; empty when there is none.
pub fn signature_text(signature: &str) -> String {
    let signature = signature.trim_end();
    if signature.trim().is_empty() {
        String::new()
    } else {
        format!("{SEPARATOR}\n{signature}")
    }
}

/// The inside of the editor's signature block: the separator, then one line per line.
pub fn signature_inner_html(signature: &str) -> String {
    let text = signature_text(signature);
    text.lines()
        .map(escape_html)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// The whole signature block for the editor, or nothing when there is no signature.
pub fn signature_html(signature: &str) -> String {
    let inner = signature_inner_html(signature);
    if inner.is_empty() {
        String::new()
    } else {
        format!("<div {SIGNATURE_ATTRIBUTE}=\"\">{inner}</div>")
    }
}

/// The editor's first content: an empty line to write on, the signature, then the quote
/// of a reply or forward (signature above the quote, where the writer's words end).
pub fn initial_html(signature: &str, quoted_html: &str) -> String {
    let mut html = String::from("<div><br></div>");
    let block = signature_html(signature);
    if !block.is_empty() {
        html.push_str("<div><br></div>");
        html.push_str(&block);
    }
    if !quoted_html.is_empty() {
        html.push_str("<div><br></div>");
        html.push_str(quoted_html);
    }
    html
}

/// Swaps the signature of a plain-text body: `old` (as inserted) becomes `new`. When
/// `old` is not found (the user edited it), `new` is added below the text rather than
/// anything being removed.
pub fn replace_in_text(body: &str, old: &str, new: &str) -> String {
    let old_block = signature_text(old);
    let new_block = signature_text(new);
    let found = body.rfind(&old_block).filter(|at| {
        // The whole signature, not the start of a longer (edited) one.
        let after = &body[at + old_block.len()..];
        after.is_empty() || after.starts_with('\n')
    });
    if !old_block.is_empty()
        && let Some(at) = found
    {
        let mut out = String::with_capacity(body.len());
        out.push_str(&body[..at]);
        if new_block.is_empty() {
            // Drop the blank line that separated the removed signature.
            let kept = out.trim_end_matches('\n').len();
            out.truncate(kept);
        } else {
            out.push_str(&new_block);
        }
        out.push_str(&body[at + old_block.len()..]);
        return out;
    }
    if new_block.is_empty() {
        return body.to_owned();
    }
    let trimmed = body.trim_end();
    if trimmed.is_empty() {
        format!("\n\n{new_block}")
    } else {
        format!("{trimmed}\n\n{new_block}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::rich_text::html_to_text;

    #[test]
    fn the_signature_sits_under_the_separator() {
        assert_eq!(
            signature_text("Marie\n06 00 00 00 00\n"),
            "-- \nMarie\n06 00 00 00 00"
        );
        assert_eq!(signature_text("  \n"), "");
        assert_eq!(
            signature_html("Marie <RH>"),
            "<div data-signature=\"\">-- <br>Marie &lt;RH&gt;</div>"
        );
        assert_eq!(signature_html(""), "");
    }

    #[test]
    fn new_messages_start_above_the_signature_and_the_quote() {
        let html = initial_html(
            "Marie",
            "<blockquote type=\"cite\"><div>avant</div></blockquote>",
        );
        assert_eq!(html_to_text(&html), "\n\n-- \nMarie\n\n> avant");
        assert_eq!(initial_html("", ""), "<div><br></div>");
    }

    #[test]
    fn swapping_identities_swaps_the_signature() {
        let body = "Bonjour\n\n-- \nMarie\n\n> cité";
        assert_eq!(
            replace_in_text(body, "Marie", "Marie Dupont\nRH"),
            "Bonjour\n\n-- \nMarie Dupont\nRH\n\n> cité"
        );
        assert_eq!(replace_in_text(body, "Marie", ""), "Bonjour\n\n> cité");
        assert_eq!(
            replace_in_text("Bonjour", "", "Marie"),
            "Bonjour\n\n-- \nMarie"
        );
        // An edited signature is left alone; the new one is added.
        assert_eq!(
            replace_in_text("Bonjour\n-- \nMarie D.", "Marie", "Pro"),
            "Bonjour\n-- \nMarie D.\n\n-- \nPro"
        );
    }
}
