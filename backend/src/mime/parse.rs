//! A whole message, parsed: bodies, attachments and inline images.
//!
//! Over 450 lines: its unit tests live beside the code, which is under 300 lines.

use super::charset::redecode_unlabelled_text;
use super::frameset::displayed_html;
use super::headers::{collapse_whitespace, header_facts};
use super::sanitize::{ImagePolicy, InlineImages, sanitize_html};
use crate::delivery::report_parts::report_kind;
use crate::error::{Error, Result};
use base64::Engine as _;
use facteur_model::message::{Address, Attachment, MessageDetail, MessageSummary};
use facteur_model::{FolderPath, Timestamp, Uid};
use mail_parser::parsers::MessageStream;
use mail_parser::{
    HeaderName, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};

/// Characters of the list preview.
pub const PREVIEW_CHARS: usize = 200;
/// Inline images up to this size are embedded as `data:` URIs; bigger ones are dropped.
pub const MAX_INLINE_IMAGE: usize = 512 * 1024;

/// What IMAP says about a message besides its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageMeta {
    pub uid: Uid,
    pub flags: Vec<facteur_model::message::Flag>,
    /// IMAP keywords, the bridge's own (the claim of a move) left out.
    pub keywords: Vec<String>,
    pub received: Timestamp,
    pub size: u32,
}

/// Parses raw RFC 5322 bytes; text parts without a usable charset are decoded as UTF-8
/// when they are, else as windows-1252 (see [`super::charset`]).
pub fn parse_message(raw: &[u8]) -> Result<Message<'_>> {
    let mut message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| Error::Protocol("the message could not be parsed".into()))?;
    redecode_unlabelled_text(&mut message);
    Ok(message)
}

/// A list summary from a (possibly truncated) message and its IMAP facts.
pub fn summary(message: &Message<'_>, meta: MessageMeta, has_attachments: bool) -> MessageSummary {
    let facts = header_facts(message);
    MessageSummary {
        uid: meta.uid,
        from: facts.from,
        to: facts.to,
        cc: facts.cc,
        subject: facts.subject,
        date: facts.date,
        received: meta.received,
        flags: meta.flags,
        size: meta.size,
        has_attachments,
        preview: preview(message),
        list_id: facts.list_id,
        keywords: meta.keywords,
    }
}

/// The first words of the text, whitespace collapsed; quoted lines skipped.
pub fn preview(message: &Message<'_>) -> String {
    let Some(text) = message.body_text(0) else {
        return String::new();
    };
    let unquoted: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('>'))
        .collect::<Vec<_>>()
        .join(" ");
    collapse_whitespace(&unquoted, PREVIEW_CHARS)
}

/// The opened-message view.
pub fn detail(folder: FolderPath, message: &Message<'_>, meta: MessageMeta) -> MessageDetail {
    let facts = header_facts(message);
    let attachments = attachment_list(message);
    let html = html_body(message);
    let has_remote_images = html
        .as_deref()
        .map(|html| {
            sanitize_html(html, ImagePolicy::Blocked, InlineImages::new()).has_remote_images
        })
        .unwrap_or(false);
    let read_receipt_to = read_receipt_to(message, &meta.keywords);
    let summary = summary(message, meta, !attachments.is_empty());
    MessageDetail {
        folder,
        summary,
        reply_to: facts.reply_to,
        message_id: facts.message_id,
        text: message.body_text(0).map(|text| text.into_owned()),
        has_html: html.is_some(),
        has_remote_images,
        attachments,
        in_reply_to: message_ids(message.in_reply_to()).into_iter().next(),
        references: bounded_references(message_ids(message.references())),
        read_receipt_to,
        report: report_kind(message),
    }
}

/// The keyword that marks a read-receipt request as answered (RFC 3503).
pub const MDN_SENT_KEYWORD: &str = "$MDNSent";

/// The most References kept: the thread's first message and the newest others.
pub const MAX_REFERENCES: usize = 100;

/// The Message-IDs of an In-Reply-To or References header, in order, with angle brackets.
fn message_ids(value: &HeaderValue<'_>) -> Vec<String> {
    let ids: Vec<&str> = match value {
        HeaderValue::Text(id) => vec![id.as_ref()],
        HeaderValue::TextList(ids) => ids.iter().map(AsRef::as_ref).collect(),
        _ => Vec::new(),
    };
    ids.into_iter()
        .map(str::trim)
        .filter(|id| !id.is_empty() && !id.contains(char::is_whitespace))
        .map(|id| format!("<{id}>"))
        .collect()
}

/// A long References list cut to [`MAX_REFERENCES`]: the first (the thread's root)
/// and the newest, as RFC 5322 §3.6.4 suggests when shortening one.
fn bounded_references(mut ids: Vec<String>) -> Vec<String> {
    if ids.len() > MAX_REFERENCES {
        ids.drain(1..ids.len() - (MAX_REFERENCES - 1));
    }
    ids
}

/// Where the sender asks a read receipt to go, unless the request was answered (the
/// message carries `$MDNSent`, whether the receipt was sent or declined).
fn read_receipt_to(message: &Message<'_>, keywords: &[String]) -> Option<Address> {
    if keywords
        .iter()
        .any(|k| k.eq_ignore_ascii_case(MDN_SENT_KEYWORD))
    {
        return None;
    }
    let raw = message.header_raw(HeaderName::DispositionNotificationTo)?;
    let HeaderValue::Address(list) = MessageStream::new(raw.as_bytes()).parse_address() else {
        return None;
    };
    let first = list.iter().find(|addr| addr.address().is_some())?;
    Some(Address {
        name: first
            .name()
            .map(|name| collapse_whitespace(name, usize::MAX))
            .filter(|name| !name.is_empty()),
        email: first.address().unwrap_or_default().trim().to_owned(),
    })
    .filter(|address| !address.email.is_empty())
}

/// The HTML body, when the message has a real `text/html` part (a frameset document's
/// `<noframes>` content, see [`super::frameset`]).
pub fn html_body(message: &Message<'_>) -> Option<String> {
    message.html_bodies().find_map(|part| match &part.body {
        PartType::Html(html) => Some(displayed_html(html)),
        _ => None,
    })
}

/// Images referenced by `cid:` in the HTML, as `data:` URIs (small raster images only).
pub fn inline_images(message: &Message<'_>) -> InlineImages {
    message
        .attachments()
        .filter_map(|part| {
            let id = part.content_id()?.trim_matches(|c| c == '<' || c == '>');
            let content_type = declared_type(part);
            let raster = content_type.starts_with("image/") && !content_type.contains("svg");
            let bytes = part.contents();
            (raster && !bytes.is_empty() && bytes.len() <= MAX_INLINE_IMAGE).then(|| {
                let data = base64::engine::general_purpose::STANDARD.encode(bytes);
                (
                    id.to_ascii_lowercase(),
                    format!("data:{content_type};base64,{data}"),
                )
            })
        })
        .collect()
}

/// A downloadable part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentContent {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The attachments, as listed in the detail (embedded `cid:` images excluded).
pub fn attachment_list(message: &Message<'_>) -> Vec<Attachment> {
    attachment_parts(message)
        .enumerate()
        .map(|(index, part)| Attachment {
            index: u32::try_from(index).unwrap_or(u32::MAX),
            filename: filename(part, index),
            content_type: declared_type(part),
            size: part.contents().len() as u64,
        })
        .collect()
}

/// The attachment at `index` of [`attachment_list`].
pub fn attachment(message: &Message<'_>, index: u32) -> Result<AttachmentContent> {
    let index = usize::try_from(index).map_err(|_| Error::AttachmentNotFound)?;
    let part = attachment_parts(message)
        .nth(index)
        .ok_or(Error::AttachmentNotFound)?;
    Ok(AttachmentContent {
        filename: filename(part, index),
        content_type: declared_type(part),
        bytes: part.contents().to_vec(),
    })
}

/// Where each attachment of [`attachment_list`] starts in the raw message (its header).
pub fn attachment_offsets(message: &Message<'_>) -> Vec<u32> {
    attachment_parts(message)
        .map(|part| part.offset_header)
        .collect()
}

fn attachment_parts<'m>(message: &'m Message<'_>) -> impl Iterator<Item = &'m MessagePart<'m>> {
    let has_html = message
        .html_bodies()
        .any(|part| matches!(part.body, PartType::Html(_)));
    message
        .attachments()
        .filter(move |part| !(has_html && is_embedded_image(part)))
}

/// An image shown inside the HTML rather than offered as a file.
fn is_embedded_image(part: &MessagePart<'_>) -> bool {
    let inline = part
        .content_disposition()
        .is_none_or(|d| !d.c_type.eq_ignore_ascii_case("attachment"));
    inline && part.content_id().is_some() && declared_type(part).starts_with("image/")
}

/// `type/subtype`, lower-cased; text parts are decoded to UTF-8 by the parser.
fn declared_type(part: &MessagePart<'_>) -> String {
    let base = part
        .content_type()
        .map(|ct| match &ct.c_subtype {
            Some(sub) => format!("{}/{}", ct.c_type, sub),
            None => ct.c_type.to_string(),
        })
        .unwrap_or_else(|| match part.body {
            PartType::Text(_) => "text/plain".into(),
            PartType::Html(_) => "text/html".into(),
            PartType::Message(_) => "message/rfc822".into(),
            _ => "application/octet-stream".into(),
        })
        .to_ascii_lowercase();
    if base.starts_with("text/") {
        format!("{base}; charset=utf-8")
    } else {
        base
    }
}

fn filename(part: &MessagePart<'_>, index: usize) -> String {
    let named = part
        .attachment_name()
        .map(|name| collapse_whitespace(name, 200))
        .filter(|name| !name.is_empty());
    named.unwrap_or_else(|| {
        let extension = match &part.body {
            PartType::Message(_) => "eml",
            PartType::Text(_) => "txt",
            PartType::Html(_) => "html",
            _ => "bin",
        };
        format!("attachment-{}.{extension}", index + 1)
    })
}

#[cfg(test)]
mod odd_mail;

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::message::Flag;

    const MIXED: &[u8] = b"From: a@example.test\r\n\
Subject: Report\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\n\
Content-Type: multipart/related; boundary=\"b2\"\r\n\r\n\
--b2\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n\
<p>Hello <img src=\"cid:logo@x\"> <img src=\"https://t.test/p.gif\"></p>\r\n\
--b2\r\n\
Content-Type: image/png\r\n\
Content-ID: <logo@x>\r\n\
Content-Transfer-Encoding: base64\r\n\r\n\
iVBORw0KGgo=\r\n\
--b2--\r\n\
--b1\r\n\
Content-Type: application/pdf; name=\"r\xc3\xa9sum\xc3\xa9.pdf\"\r\n\
Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n\
Content-Transfer-Encoding: base64\r\n\r\n\
JVBERi0xLjQK\r\n\
--b1--\r\n";

    fn meta() -> MessageMeta {
        MessageMeta {
            uid: Uid(7),
            flags: vec![Flag::Seen],
            keywords: vec!["Work".into()],
            received: Timestamp(1),
            size: 10,
        }
    }

    #[test]
    fn detail_lists_real_attachments_and_derives_text() {
        let message = parse_message(MIXED).unwrap();
        let detail = detail(FolderPath::inbox(), &message, meta());
        assert!(detail.has_html);
        assert!(detail.has_remote_images);
        assert_eq!(detail.attachments.len(), 1, "{:?}", detail.attachments);
        let pdf = &detail.attachments[0];
        assert_eq!(pdf.filename, "résumé.pdf");
        assert_eq!(pdf.content_type, "application/pdf");
        assert_eq!(pdf.size, 9);
        assert!(detail.summary.has_attachments);
        assert_eq!(detail.summary.keywords, ["Work"]);
        assert!(detail.text.unwrap_or_default().contains("Hello"));
        let content = attachment(&message, 0).unwrap();
        assert_eq!(content.bytes, b"%PDF-1.4\n");
        assert!(matches!(
            attachment(&message, 1),
            Err(Error::AttachmentNotFound)
        ));
    }

    #[test]
    fn inline_images_are_keyed_by_content_id() {
        let message = parse_message(MIXED).unwrap();
        let images = inline_images(&message);
        assert_eq!(
            images.get("logo@x").map(String::as_str),
            Some("data:image/png;base64,iVBORw0KGgo=")
        );
    }

    #[test]
    fn previews_are_short_decoded_text() {
        let raw = b"Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\n\
Bonjour =C3=A0 tous,\r\n> old quoted text\r\n\r\nvoici   le compte rendu.\r\n";
        let message = parse_message(raw).unwrap();
        assert_eq!(preview(&message), "Bonjour à tous, voici le compte rendu.");
        let long = format!("Subject: x\r\n\r\n{}", "mot ".repeat(200));
        let message = parse_message(long.as_bytes()).unwrap();
        assert_eq!(preview(&message).chars().count(), PREVIEW_CHARS);
    }

    const REPLY: &[u8] = b"From: Bob <bob@example.test>\r\n\
Subject: Re: plan\r\n\
Message-ID: <r2@example.test>\r\n\
In-Reply-To: <r1@example.test>\r\n\
References: <r0@example.test>\r\n <r1@example.test>\r\n\
Disposition-Notification-To: =?UTF-8?Q?Bob_L=C3=A9ger?= <bob@example.test>\r\n\r\n\
ok\r\n";

    #[test]
    fn replies_give_their_thread_and_their_receipt_request() {
        let message = parse_message(REPLY).unwrap();
        let detail = detail(FolderPath::inbox(), &message, meta());
        assert_eq!(detail.in_reply_to.as_deref(), Some("<r1@example.test>"));
        assert_eq!(
            detail.references,
            ["<r0@example.test>", "<r1@example.test>"]
        );
        assert_eq!(
            detail.read_receipt_to,
            Some(Address {
                name: Some("Bob Léger".into()),
                email: "bob@example.test".into()
            })
        );
        assert_eq!(detail.report, None);
    }

    #[test]
    fn an_answered_receipt_request_is_not_asked_again() {
        let message = parse_message(REPLY).unwrap();
        let mut answered = meta();
        answered.keywords = vec!["Work".into(), "$mdnsent".into()];
        assert_eq!(
            detail(FolderPath::inbox(), &message, answered).read_receipt_to,
            None
        );
        let plain = parse_message(b"Subject: x\r\n\r\nx\r\n").unwrap();
        let detail = detail(FolderPath::inbox(), &plain, meta());
        assert_eq!(detail.read_receipt_to, None);
        assert_eq!(detail.in_reply_to, None);
        assert!(detail.references.is_empty());
    }

    #[test]
    fn reports_say_which_kind_they_are() {
        let bounce = parse_message(include_bytes!(
            "../../../shared/delivery/tests/resources/postfix/failed-unknown-user-5.1.1.eml"
        ))
        .unwrap();
        let receipt = parse_message(include_bytes!(
            "../../../shared/delivery/tests/resources/rfc/rfc8098-displayed.eml"
        ))
        .unwrap();
        use facteur_model::message::ReportKind;
        assert_eq!(
            detail(FolderPath::inbox(), &bounce, meta()).report,
            Some(ReportKind::DeliveryStatus)
        );
        assert_eq!(
            detail(FolderPath::inbox(), &receipt, meta()).report,
            Some(ReportKind::ReadReceipt)
        );
    }

    #[test]
    fn long_reference_lists_keep_the_root_and_the_newest() {
        let ids: Vec<String> = (0..150).map(|n| format!("<{n}@x>")).collect();
        let kept = bounded_references(ids);
        assert_eq!(kept.len(), MAX_REFERENCES);
        assert_eq!(kept[0], "<0@x>");
        assert_eq!(kept[1], "<51@x>");
        assert_eq!(kept[MAX_REFERENCES - 1], "<149@x>");
    }

    #[test]
    fn html_only_messages_get_a_text_preview() {
        let raw = b"Subject: x\r\nContent-Type: text/html\r\n\r\n<html><body><h1>Soldes</h1><p>-50%&nbsp;sur tout</p></body></html>";
        let message = parse_message(raw).unwrap();
        let text = preview(&message);
        assert!(
            text.contains("Soldes") && text.contains("sur tout"),
            "{text}"
        );
        assert!(!text.contains('<'));
    }
}
