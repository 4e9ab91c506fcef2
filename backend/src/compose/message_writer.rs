//! A [`Draft`] as an RFC 5322 / MIME message, written to any [`Write`] (a file, in the
//! bridge) so attachments are streamed from disk rather than held in memory.
//!
//! Structure: `text/plain` alone, or `multipart/alternative` (text, then the HTML
//! re-sanitized to simple rich text), inside `multipart/mixed` when there are
//! attachments (base64 in 57-byte lines, names per RFC 2231; forwarded messages as
//! `message/rfc822`). Headers: Date, From, To, Cc, Bcc only when asked, Subject (RFC 2047
//! when not ASCII), Message-ID, In-Reply-To, References, Disposition-Notification-To when
//! a read receipt is requested, MIME-Version.
//!
//! Over 450 lines: its unit tests live beside the code, which is under 300 lines.

use super::encoding::{
    BASE64_LINE_BYTES, base64_line, header_line, header_text, one_line, parameter, phrase,
    quoted_printable,
};
use crate::mime::rich_text::sanitize_rich_text;
use facteur_model::compose::Draft;
use facteur_model::message::Address;
use std::io::{self, Read, Write};
use std::path::PathBuf;

/// Where an attachment's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentBody {
    /// A file on disk (an upload), read in chunks while writing.
    File(PathBuf),
    /// Bytes already at hand (a part of a message on the server).
    Bytes(Vec<u8>),
    /// A whole message, attached as `message/rfc822`.
    Message(Vec<u8>),
}

/// An attachment ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedAttachment {
    pub filename: String,
    /// `type/subtype`, already cleaned.
    pub content_type: String,
    pub body: AttachmentBody,
}

/// Everything the writer needs besides the draft, decided by the caller (the clock and
/// randomness stay outside, so tests are deterministic).
#[derive(Debug, Clone)]
pub struct Envelope {
    /// `<...@domain>`.
    pub message_id: String,
    /// RFC 5322 date, e.g. `Thu, 26 Nov 2026 10:57:30 +0000`.
    pub date: String,
    /// A random token; boundaries are made from it.
    pub boundary_token: String,
    /// Whether to write the Bcc header (only in copies kept for the sender).
    pub include_bcc: bool,
}

/// Writes the whole message.
pub fn write_message<W: Write>(
    out: &mut W,
    draft: &Draft,
    envelope: &Envelope,
    attachments: &[ResolvedAttachment],
) -> io::Result<()> {
    out.write_all(headers(draft, envelope).as_bytes())?;
    let html = draft
        .body
        .html
        .as_deref()
        .map(sanitize_rich_text)
        .filter(|html| !html.trim().is_empty());
    let body = Body {
        text: &draft.body.text,
        html: html.as_deref(),
        alternative_boundary: format!("=_fct_alt_{}", envelope.boundary_token),
    };
    if attachments.is_empty() {
        return body.write(out);
    }
    let mixed = format!("=_fct_mix_{}", envelope.boundary_token);
    out.write_all(
        format!("Content-Type: multipart/mixed;\r\n boundary=\"{mixed}\"\r\n\r\n").as_bytes(),
    )?;
    out.write_all(format!("--{mixed}\r\n").as_bytes())?;
    body.write(out)?;
    for attachment in attachments {
        out.write_all(format!("\r\n--{mixed}\r\n").as_bytes())?;
        write_attachment(out, attachment)?;
    }
    out.write_all(format!("\r\n--{mixed}--\r\n").as_bytes())
}

/// The message's own header lines (content headers excluded).
pub fn headers(draft: &Draft, envelope: &Envelope) -> String {
    let mut lines = String::new();
    lines.push_str(&header_line("Date", &envelope.date));
    lines.push_str(&header_line("From", &address(&draft.from)));
    if !draft.to.is_empty() {
        lines.push_str(&header_line("To", &address_list(&draft.to)));
    }
    if !draft.cc.is_empty() {
        lines.push_str(&header_line("Cc", &address_list(&draft.cc)));
    }
    if envelope.include_bcc && !draft.bcc.is_empty() {
        lines.push_str(&bcc_line(&draft.bcc));
    }
    lines.push_str(&header_line("Subject", &header_text(&draft.subject)));
    lines.push_str(&header_line("Message-ID", &envelope.message_id));
    if let Some(id) = draft.in_reply_to.as_deref().filter(|id| is_message_id(id)) {
        lines.push_str(&header_line("In-Reply-To", id));
    }
    let references: Vec<&str> = draft
        .references
        .iter()
        .map(String::as_str)
        .filter(|id| is_message_id(id))
        .collect();
    if !references.is_empty() {
        lines.push_str(&header_line("References", &references.join(" ")));
    }
    if draft.request_read_receipt {
        lines.push_str(&header_line(
            "Disposition-Notification-To",
            &address(&draft.from),
        ));
    }
    lines.push_str("MIME-Version: 1.0\r\n");
    lines
}

/// The Bcc header line (for copies kept in the sender's folders).
pub fn bcc_line(bcc: &[Address]) -> String {
    header_line("Bcc", &address_list(bcc))
}

/// `Name <email>`, or the bare address without a name.
pub fn address(address: &Address) -> String {
    let email = one_line(&address.email).replace(' ', "");
    match address.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => format!("{} <{email}>", phrase(name)),
        _ => email,
    }
}

fn address_list(addresses: &[Address]) -> String {
    addresses.iter().map(address).collect::<Vec<_>>().join(", ")
}

/// `<left@right>` without spaces or control characters: anything else is not written.
pub fn is_message_id(id: &str) -> bool {
    id.len() <= 250
        && id.starts_with('<')
        && id.ends_with('>')
        && id.contains('@')
        && id[1..id.len() - 1]
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '<' && c != '>')
}

struct Body<'a> {
    text: &'a str,
    html: Option<&'a str>,
    alternative_boundary: String,
}

impl Body<'_> {
    fn write<W: Write>(&self, out: &mut W) -> io::Result<()> {
        let Some(html) = self.html else {
            return write_text_part(out, "text/plain", self.text);
        };
        let boundary = &self.alternative_boundary;
        out.write_all(
            format!("Content-Type: multipart/alternative;\r\n boundary=\"{boundary}\"\r\n\r\n")
                .as_bytes(),
        )?;
        out.write_all(format!("--{boundary}\r\n").as_bytes())?;
        write_text_part(out, "text/plain", self.text)?;
        out.write_all(format!("\r\n--{boundary}\r\n").as_bytes())?;
        write_text_part(out, "text/html", html)?;
        out.write_all(format!("\r\n--{boundary}--\r\n").as_bytes())
    }
}

fn write_text_part<W: Write>(out: &mut W, kind: &str, text: &str) -> io::Result<()> {
    out.write_all(
        format!(
            "Content-Type: {kind}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        )
        .as_bytes(),
    )?;
    out.write_all(&quoted_printable(text))
}

fn write_attachment<W: Write>(out: &mut W, attachment: &ResolvedAttachment) -> io::Result<()> {
    let declared = attachment.content_type.as_str();
    let content_type = match attachment.body {
        AttachmentBody::Message(_) => "message/rfc822",
        // Composite types may not be base64-encoded (RFC 2046 §5): an uploaded `.eml`
        // travels as a plain file.
        _ if declared.starts_with("message/") || declared.starts_with("multipart/") => {
            "application/octet-stream"
        }
        _ => declared,
    };
    let charset = if content_type.starts_with("text/") && !is_file(attachment) {
        // Text parts of messages on the server were decoded to UTF-8 by the parser.
        "; charset=utf-8"
    } else {
        ""
    };
    let name_param = parameter("name", &attachment.filename);
    let file_param = parameter("filename", &attachment.filename);
    let mut head = String::new();
    head.push_str(&folded_parameters(
        &format!("Content-Type: {content_type}{charset}"),
        &name_param,
    ));
    head.push_str(&folded_parameters(
        "Content-Disposition: attachment",
        &file_param,
    ));
    match &attachment.body {
        AttachmentBody::Message(bytes) => {
            // RFC 2046 §5.2.1: message/rfc822 is never base64; 8bit when it needs it.
            let encoding = if bytes.is_ascii() { "7bit" } else { "8bit" };
            head.push_str(&format!("Content-Transfer-Encoding: {encoding}\r\n\r\n"));
            out.write_all(head.as_bytes())?;
            out.write_all(bytes)
        }
        AttachmentBody::Bytes(bytes) => {
            head.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
            out.write_all(head.as_bytes())?;
            write_base64(out, &mut &bytes[..])
        }
        AttachmentBody::File(path) => {
            head.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
            out.write_all(head.as_bytes())?;
            let mut file = std::fs::File::open(path)?;
            write_base64(out, &mut file)
        }
    }
}

fn is_file(attachment: &ResolvedAttachment) -> bool {
    matches!(attachment.body, AttachmentBody::File(_))
}

/// `Content-Type: x/y` followed by its parameters, each on its own folded line.
fn folded_parameters(first: &str, parameters: &str) -> String {
    let mut out = first.to_owned();
    for piece in parameters.split("; ").filter(|piece| !piece.is_empty()) {
        out.push_str(";\r\n ");
        out.push_str(piece);
    }
    out.push_str("\r\n");
    out
}

/// Base64 of everything `input` gives, 76 characters a line, read 57 × 1024 bytes at a
/// time so a large file never sits in memory.
fn write_base64<W: Write, R: Read>(out: &mut W, input: &mut R) -> io::Result<()> {
    const CHUNK: usize = BASE64_LINE_BYTES * 1024;
    let mut buffer = vec![0u8; CHUNK];
    let mut encoded = Vec::with_capacity(CHUNK * 4 / 3 + 2 * 1024 + 16);
    loop {
        let filled = read_full(input, &mut buffer)?;
        if filled == 0 {
            break;
        }
        encoded.clear();
        for line in buffer[..filled].chunks(BASE64_LINE_BYTES) {
            base64_line(line, &mut encoded);
        }
        out.write_all(&encoded)?;
        if filled < CHUNK {
            break;
        }
    }
    Ok(())
}

/// Reads until `buffer` is full or the input ends; how many bytes were read.
fn read_full<R: Read>(input: &mut R, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::compose::DraftBody;
    use mail_parser::{MessageParser, MimeHeaders, PartType};

    pub(crate) fn person(name: Option<&str>, email: &str) -> Address {
        Address {
            name: name.map(str::to_owned),
            email: email.to_owned(),
        }
    }

    fn draft() -> Draft {
        Draft {
            from: person(Some("Zoé Lefèvre"), "zoe@example.test"),
            to: vec![
                person(Some("Jean Dupont"), "jean@example.test"),
                person(None, "marc@example.test"),
            ],
            cc: vec![person(Some("Dupont, Anne"), "anne@example.test")],
            bcc: vec![person(Some("Secret"), "hidden@example.test")],
            subject: "Réunion — ordre du jour".into(),
            body: DraftBody {
                text: "Bonjour,\n\nVoici l'ordre du jour.\n".into(),
                html: None,
            },
            attachments: Vec::new(),
            in_reply_to: Some("<abc@example.test>".into()),
            references: vec!["<first@example.test>".into(), "<abc@example.test>".into()],
            request_dsn: false,
            dsn_notify: Default::default(),
            request_read_receipt: true,
            last_failure: None,
        }
    }

    fn envelope(include_bcc: bool) -> Envelope {
        Envelope {
            message_id: "<m1@example.test>".into(),
            date: "Thu, 26 Nov 2026 10:57:30 +0000".into(),
            boundary_token: "0123456789abcdef".into(),
            include_bcc,
        }
    }

    fn written(draft: &Draft, attachments: &[ResolvedAttachment]) -> Vec<u8> {
        let mut out = Vec::new();
        write_message(&mut out, draft, &envelope(false), attachments).unwrap();
        out
    }

    #[test]
    fn a_plain_message_parses_back() {
        let raw = written(&draft(), &[]);
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(text.is_ascii());
        assert!(!text.contains("hidden@example.test"), "no Bcc when sent");
        assert!(text.split("\r\n").all(|line| line.len() <= 78));
        let message = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(message.subject(), Some("Réunion — ordre du jour"));
        let from = message.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Zoé Lefèvre"));
        assert_eq!(from.address(), Some("zoe@example.test"));
        let to: Vec<_> = message
            .to()
            .unwrap()
            .iter()
            .map(|a| a.address().unwrap())
            .collect();
        assert_eq!(to, ["jean@example.test", "marc@example.test"]);
        let cc = message.cc().unwrap().first().unwrap();
        assert_eq!(cc.name(), Some("Dupont, Anne"));
        assert_eq!(message.message_id(), Some("m1@example.test"));
        assert_eq!(message.in_reply_to().as_text(), Some("abc@example.test"));
        assert_eq!(
            message
                .header_raw("Disposition-Notification-To")
                .map(|raw| raw.replace("\r\n", "").trim().to_owned())
                .as_deref(),
            Some("=?UTF-8?B?Wm/DqSBMZWbDqHZyZQ==?= <zoe@example.test>")
        );
        assert_eq!(
            message.body_text(0).unwrap().replace("\r\n", "\n"),
            "Bonjour,\n\nVoici l'ordre du jour.\n"
        );
        assert_eq!(message.html_bodies().count(), 1, "the text stands for both");
        assert!(matches!(
            message.html_bodies().next().unwrap().body,
            PartType::Text(_)
        ));
    }

    #[test]
    fn bcc_only_when_asked() {
        let mut out = Vec::new();
        write_message(&mut out, &draft(), &envelope(true), &[]).unwrap();
        let message = MessageParser::default().parse(&out).unwrap();
        assert_eq!(
            message.bcc().unwrap().first().unwrap().address(),
            Some("hidden@example.test")
        );
    }

    #[test]
    fn rich_text_is_an_alternative_and_sanitized() {
        let mut draft = draft();
        draft.body.html = Some(
            "<p>Bonjour <b>Jean</b> <span style=\"color:red\">rouge</span></p>\
             <script>alert(1)</script><a href=\"javascript:alert(1)\">x</a>\
             <a href=\"https://example.test/\" onclick=\"x()\">lien</a><img src=\"https://t.test/p.gif\">"
                .into(),
        );
        let raw = written(&draft, &[]);
        let message = MessageParser::default().parse(&raw).unwrap();
        let html = match &message.html_bodies().next().unwrap().body {
            PartType::Html(html) => html.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            html,
            "<p>Bonjour <b>Jean</b> rouge</p><a>x</a><a href=\"https://example.test/\">lien</a>"
        );
        assert_eq!(
            message.body_text(0).unwrap().replace("\r\n", "\n"),
            draft.body.text
        );
        let content_type = message.content_type().unwrap();
        assert_eq!(content_type.subtype(), Some("alternative"));
    }

    #[test]
    fn attachments_stream_from_disk_and_keep_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.data");
        let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &content).unwrap();
        let long_name = format!("{} — facture définitive.pdf", "Relevé de compte ".repeat(4));
        let inner = b"From: a@example.test\r\nSubject: Hello\r\n\r\nInner body\r\n".to_vec();
        let attachments = [
            ResolvedAttachment {
                filename: long_name.clone(),
                content_type: "application/pdf".into(),
                body: AttachmentBody::File(path),
            },
            ResolvedAttachment {
                filename: "notes.txt".into(),
                content_type: "text/plain".into(),
                body: AttachmentBody::Bytes("déjà vu".as_bytes().to_vec()),
            },
            ResolvedAttachment {
                filename: "Hello.eml".into(),
                content_type: "message/rfc822".into(),
                body: AttachmentBody::Message(inner),
            },
        ];
        let mut draft = draft();
        draft.body.html = Some("<p>Voir <i>pièces jointes</i></p>".into());
        let raw = written(&draft, &attachments);
        for line in raw.split(|b| *b == b'\n') {
            assert!(line.len() <= 79, "{}", String::from_utf8_lossy(line));
        }
        let message = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(message.content_type().unwrap().subtype(), Some("mixed"));
        let parts: Vec<_> = message.attachments().collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].attachment_name(), Some(long_name.as_str()));
        assert_eq!(parts[0].contents(), &content[..]);
        assert_eq!(parts[1].contents(), "déjà vu".as_bytes());
        assert_eq!(parts[1].attachment_name(), Some("notes.txt"));
        match &parts[2].body {
            PartType::Message(inner) => {
                assert_eq!(inner.subject(), Some("Hello"));
                assert_eq!(
                    inner.body_text(0).as_deref().map(str::trim),
                    Some("Inner body")
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            message.body_text(0).unwrap().replace("\r\n", "\n"),
            draft.body.text
        );
    }

    #[test]
    fn uploaded_messages_travel_as_plain_files() {
        let attachments = [ResolvedAttachment {
            filename: "old.eml".into(),
            content_type: "message/rfc822".into(),
            body: AttachmentBody::Bytes(b"Subject: x\r\n\r\nbody".to_vec()),
        }];
        let raw = written(&draft(), &attachments);
        let message = MessageParser::default().parse(&raw).unwrap();
        let part = message.attachments().next().unwrap();
        assert_eq!(part.content_type().unwrap().ctype(), "application");
        assert_eq!(part.contents(), b"Subject: x\r\n\r\nbody");
    }

    #[test]
    fn header_injection_is_impossible() {
        let mut draft = draft();
        draft.subject = "Hi\r\nBcc: victim@example.test".into();
        draft.to = vec![person(Some("X\r\nBcc: v@example.test"), "x@example.test")];
        draft.in_reply_to = Some("<a@b>\r\nBcc: v@example.test".into());
        let raw = String::from_utf8(written(&draft, &[])).unwrap();
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
        assert!(!raw.contains("In-Reply-To"));
    }

    #[test]
    fn message_ids_are_checked() {
        assert!(is_message_id("<a.b@c>"));
        assert!(!is_message_id("a@b"));
        assert!(!is_message_id("<a b@c>"));
        assert!(!is_message_id("<nope>"));
    }
}
