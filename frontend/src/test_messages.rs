//! Messages for unit tests: a plain summary and a plain detail that each test adjusts
//! with struct update syntax, instead of every test module spelling out every field.

use facteur_model::message::{MessageDetail, MessageSummary};
use facteur_model::{FolderPath, Timestamp, Uid};

/// Message `uid`: no sender, no recipient, no subject, unflagged, received at 0.
pub fn summary(uid: u32) -> MessageSummary {
    MessageSummary {
        uid: Uid(uid),
        from: None,
        to: vec![],
        cc: vec![],
        subject: String::new(),
        date: None,
        received: Timestamp(0),
        flags: vec![],
        size: 10,
        has_attachments: false,
        preview: String::new(),
        list_id: None,
        keywords: vec![],
    }
}

/// `summary` opened in the inbox: text only, no Message-ID, nothing attached.
pub fn detail(summary: MessageSummary) -> MessageDetail {
    MessageDetail {
        folder: FolderPath::inbox(),
        summary,
        reply_to: vec![],
        message_id: None,
        text: None,
        has_html: false,
        has_remote_images: false,
        attachments: vec![],
        in_reply_to: None,
        references: vec![],
        read_receipt_to: None,
        report: None,
    }
}
