//! A saved draft's raw bytes back into the [`Draft`] the composer edits: addresses,
//! subject, the text and rich versions, thread references, attachments (pointing at the
//! saved copy) and the options and last failure kept in `X-Facteur-Draft`.
//!
//! The HTML goes back into the composer's editor, on the app's own origin, and anything
//! may have been put in Drafts (another client, an attacker with the password, a
//! message moved there), so it is sanitized to rich text here, as the reader would.

use super::draft_state::{DraftState, parse_state};
use crate::error::Result;
use crate::mime::parse::{attachment_list, html_body, parse_message};
use crate::mime::rich_text::sanitize_rich_text;
use facteur_model::compose::{DRAFT_STATE_HEADER, Draft, DraftAttachment, DraftBody};
use facteur_model::message::Address;
use facteur_model::{FolderPath, Uid};
use mail_parser::{HeaderValue, Message, PartType};

/// Reads draft `uid` of `folder` from its raw bytes.
pub fn read_draft(raw: &[u8], folder: &FolderPath, uid: Uid) -> Result<Draft> {
    let message = parse_message(raw)?;
    let state = message
        .header_raw(DRAFT_STATE_HEADER)
        .map(parse_state)
        .unwrap_or_else(|| DraftState {
            request_read_receipt: message.header_raw("Disposition-Notification-To").is_some(),
            ..DraftState::default()
        });
    let attachments = attachment_list(&message)
        .into_iter()
        .map(|found| DraftAttachment::FromMessage {
            folder: folder.clone(),
            uid,
            index: found.index,
            filename: found.filename,
            content_type: found.content_type,
            size: found.size,
        })
        .collect();
    Ok(Draft {
        from: addresses(message.from())
            .into_iter()
            .next()
            .unwrap_or(Address {
                name: None,
                email: String::new(),
            }),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        bcc: addresses(message.bcc()),
        subject: message.subject().unwrap_or_default().to_owned(),
        body: DraftBody {
            text: plain_text(&message),
            html: html_body(&message).map(|html| unix_lines(&sanitize_rich_text(&html))),
        },
        attachments,
        in_reply_to: ids(message.in_reply_to()).into_iter().next(),
        references: ids(message.references()),
        request_dsn: state.request_dsn,
        dsn_notify: state.dsn_notify,
        request_read_receipt: state.request_read_receipt,
        last_failure: state.failure,
    })
}

/// The text version as written; a draft saved by another client with HTML only gets
/// the parser's rendering of it.
fn plain_text(message: &Message<'_>) -> String {
    let written = message.text_bodies().find_map(|part| match &part.body {
        PartType::Text(text) => Some(text.to_string()),
        _ => None,
    });
    let text = written
        .or_else(|| message.body_text(0).map(|text| text.into_owned()))
        .unwrap_or_default();
    unix_lines(&text)
}

/// Line breaks as the browser's text areas use them.
fn unix_lines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn addresses(header: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    let Some(header) = header else {
        return Vec::new();
    };
    header
        .iter()
        .filter_map(|found| {
            let email = found.address()?.trim().to_owned();
            let name = found
                .name()
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty());
            Some(Address { name, email })
        })
        .collect()
}

/// Message-IDs with their angle brackets.
fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let bare: Vec<&str> = match value {
        HeaderValue::Text(id) => vec![id.as_ref()],
        HeaderValue::TextList(list) => list.iter().map(|id| id.as_ref()).collect(),
        _ => Vec::new(),
    };
    bare.into_iter()
        .filter(|id| !id.is_empty())
        .map(|id| format!("<{id}>"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::message_writer::{
        AttachmentBody, Envelope, ResolvedAttachment, write_message,
    };
    use crate::compose::{KeptAs, copy_prefix};
    use facteur_model::compose::SendFailure;
    use facteur_model::problem::ErrorCode;

    fn person(name: Option<&str>, email: &str) -> Address {
        Address {
            name: name.map(str::to_owned),
            email: email.to_owned(),
        }
    }

    fn saved(
        draft: &Draft,
        failure: Option<SendFailure>,
        attachments: &[ResolvedAttachment],
    ) -> Vec<u8> {
        let envelope = Envelope {
            message_id: "<d1@example.test>".into(),
            date: "Thu, 26 Nov 2026 10:57:30 +0000".into(),
            boundary_token: "feedface".into(),
            include_bcc: false,
        };
        let mut raw = copy_prefix(draft, KeptAs::Draft { failure }).into_bytes();
        write_message(&mut raw, draft, &envelope, attachments).unwrap();
        raw
    }

    fn draft() -> Draft {
        Draft {
            from: person(Some("Zoé Lefèvre"), "zoe@example.test"),
            to: vec![person(Some("Jean-Édouard Dupont"), "jean@example.test")],
            cc: vec![person(None, "marc@example.test")],
            bcc: vec![person(Some("Anne « Nanou »"), "anne@example.test")],
            subject: "Devis n° 42 — révisé".into(),
            body: DraftBody {
                text: "Bonjour,\n\nCi-joint le devis.\n\n-- \nZoé\n".into(),
                html: Some(
                    "<p>Bonjour,</p><p>Ci-joint le <b>devis</b>.</p><ul><li>un</li></ul>".into(),
                ),
            },
            attachments: Vec::new(),
            in_reply_to: Some("<q1@example.test>".into()),
            references: vec!["<q0@example.test>".into(), "<q1@example.test>".into()],
            request_dsn: true,
            dsn_notify: Default::default(),
            request_read_receipt: true,
            last_failure: None,
        }
    }

    #[test]
    fn a_saved_draft_reads_back_the_same() {
        let original = draft();
        let raw = saved(&original, None, &[]);
        let back = read_draft(&raw, &FolderPath("Drafts".into()), Uid(7)).unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn plain_drafts_and_failures_read_back() {
        let mut original = draft();
        original.body.html = None;
        original.body.text = "Sans retour à la ligne final".into();
        original.request_dsn = false;
        original.request_read_receipt = false;
        let failure = SendFailure {
            code: ErrorCode::RecipientRefused,
            detail: Some("550 5.1.1 refusé".into()),
        };
        let raw = saved(&original, Some(failure.clone()), &[]);
        let back = read_draft(&raw, &FolderPath("Drafts".into()), Uid(7)).unwrap();
        assert_eq!(back.last_failure, Some(failure));
        original.last_failure = back.last_failure.clone();
        assert_eq!(back, original);
    }

    #[test]
    fn attachments_point_at_the_saved_copy() {
        let original = draft();
        let file = ResolvedAttachment {
            filename: "Relevé.pdf".into(),
            content_type: "application/pdf".into(),
            body: AttachmentBody::Bytes(vec![1, 2, 3, 4]),
        };
        let raw = saved(&original, None, &[file]);
        let folder = FolderPath("Drafts".into());
        let back = read_draft(&raw, &folder, Uid(9)).unwrap();
        assert_eq!(
            back.attachments,
            [DraftAttachment::FromMessage {
                folder,
                uid: Uid(9),
                index: 0,
                filename: "Relevé.pdf".into(),
                content_type: "application/pdf".into(),
                size: 4,
            }]
        );
        assert_eq!(back.body, original.body);
    }

    #[test]
    fn drafts_of_other_clients_still_open() {
        let raw = b"From: a@example.test\r\nSubject: x\r\nDisposition-Notification-To: a@example.test\r\nContent-Type: text/html\r\n\r\n<p>Hello <b>there</b></p>";
        let back = read_draft(raw, &FolderPath("Drafts".into()), Uid(1)).unwrap();
        assert!(back.request_read_receipt);
        assert!(back.body.text.contains("Hello"));
        assert_eq!(back.body.html.as_deref(), Some("<p>Hello <b>there</b></p>"));
    }

    #[test]
    fn planted_active_html_is_sanitized_before_the_editor_gets_it() {
        let raw =
            b"From: a@example.test\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test/\">\
<p>Keep <b>this</b></p><iframe srcdoc=\"<script src=/x.js></script>\"></iframe>\
<img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">js</a>";
        let back = read_draft(raw, &FolderPath("Drafts".into()), Uid(1)).unwrap();
        assert_eq!(
            back.body.html.as_deref(),
            Some("<p>Keep <b>this</b></p><a>js</a>")
        );
    }
}
