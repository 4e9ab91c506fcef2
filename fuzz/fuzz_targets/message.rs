//! A raw message from the mail server, through everything the bridge reads from one:
//! MIME parsing, the list summary and opened view, attachments, inline images, the HTML
//! sanitizer, delivery reports, receipt requests, Sent copies and drafts.
#![no_main]

use facteur_backend::compose::draft_reader::read_draft;
use facteur_backend::delivery::report_parts::read_report;
use facteur_backend::delivery::status::sent_copy;
use facteur_backend::delivery::summary::summarize;
use facteur_backend::imap::headers::headers_of;
use facteur_backend::mime::parse::{
    MessageMeta, attachment, attachment_list, detail, html_body, inline_images, parse_message,
};
use facteur_backend::mime::sanitize::{ImagePolicy, sanitize_html};
use facteur_backend::send::receipt::receipt_request;
use facteur_model::{FolderPath, Timestamp, Uid};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let folder = FolderPath("INBOX".into());
    let _ = headers_of(Uid(1), raw);
    let _ = receipt_request(raw);
    let _ = read_draft(raw, &FolderPath("Drafts".into()), Uid(1));
    let Ok(message) = parse_message(raw) else {
        return;
    };
    let meta = MessageMeta {
        uid: Uid(1),
        flags: Vec::new(),
        keywords: Vec::new(),
        received: Timestamp(0),
        size: u32::try_from(raw.len()).unwrap_or(u32::MAX),
    };
    let view = detail(folder, &message, meta);
    let listed = attachment_list(&message);
    assert_eq!(view.attachments.len(), listed.len());
    // Every listed attachment can be served; one past the end is an error, not a panic.
    for index in 0..=listed.len() {
        let served = attachment(&message, u32::try_from(index).unwrap_or(u32::MAX));
        assert_eq!(served.is_ok(), index < listed.len(), "attachment {index}");
    }
    if let Some(html) = html_body(&message) {
        let clean = sanitize_html(&html, ImagePolicy::Shown, inline_images(&message)).html;
        facteur_fuzz::assert_safe_html(&clean);
    }
    if let Some(report) = read_report(&message) {
        let _ = summarize(&message, &report, None);
    }
    let _ = sent_copy(&message);
});
