//! Display fidelity of odd but real mail, one fixture per case under
//! `tests/resources/mime/`: what the reader shows must be what the sender wrote.

use super::*;
use crate::mime::sanitize::{ImagePolicy, InlineImages, sanitize_html};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../../tests/resources/mime/", $name))
    };
}

fn meta() -> MessageMeta {
    MessageMeta {
        uid: Uid(1),
        flags: Vec::new(),
        keywords: Vec::new(),
        received: Timestamp(1),
        size: 1,
    }
}

/// What the reader's frame shows of the message's HTML.
fn shown_html(message: &Message<'_>) -> String {
    let html = html_body(message).unwrap_or_default();
    sanitize_html(&html, ImagePolicy::Blocked, InlineImages::new()).html
}

#[test]
fn a_frameset_document_shows_its_noframes_content() {
    let message = parse_message(fixture!("frameset-with-noframes.eml")).unwrap();
    let shown = shown_html(&message);
    assert!(
        shown.contains("<p>Votre relevé de <b>mars</b> est disponible.</p>"),
        "{shown}"
    );
    assert!(!shown.contains("banque.example"), "{shown}");
    let detail = detail(FolderPath::inbox(), &message, meta());
    assert!(detail.has_html);
    assert!(
        detail
            .text
            .unwrap_or_default()
            .contains("Votre relevé de mars est disponible."),
    );
}

#[test]
fn encoded_words_splitting_a_character_decode_to_it() {
    let message = parse_message(fixture!("encoded-words-split-multibyte.eml")).unwrap();
    let summary = summary(&message, meta(), false);
    // "é" cut between its two bytes, "日" between its second and third.
    assert_eq!(summary.subject, "Café 日本");
    assert_eq!(
        summary.from,
        Some(Address {
            name: Some("Renée Dupont".into()),
            email: "renee@example.test".into(),
        })
    );
    let (fields, _) = crate::mime::headers::all_fields(&message, 10_000);
    let subject = fields.iter().find(|f| f.name == "Subject").unwrap();
    assert_eq!(subject.value, "Café 日本");
}

#[test]
fn us_ascii_declared_utf8_bytes_show_as_utf8() {
    let message = parse_message(fixture!("us-ascii-declared-utf8-bytes.eml")).unwrap();
    let text = message.body_text(0).unwrap();
    assert_eq!(text.trim_end(), "Café crème — 8 €");
    assert_eq!(preview(&message), "Café crème — 8 €");
}

#[test]
fn undeclared_8bit_text_is_windows_1252() {
    let message = parse_message(fixture!("undeclared-windows-1252-bytes.eml")).unwrap();
    let text = message.body_text(0).unwrap();
    assert_eq!(text.trim_end(), "Café : 3 €, “crème” incluse.");
}

#[test]
fn undeclared_quoted_printable_parts_are_windows_1252_too() {
    let message = parse_message(fixture!(
        "undeclared-windows-1252-quoted-printable-alternative.eml"
    ))
    .unwrap();
    let text = message.body_text(0).unwrap();
    assert_eq!(
        text.trim_end(),
        "Prix : 10 € au lieu de 20 €, déjà facturé."
    );
    let shown = shown_html(&message);
    assert!(
        shown.contains("<p>Prix : <b>10 €</b>, déjà facturé.</p>"),
        "{shown}"
    );
}
