//! Realistic facts and context shared by the unit tests.

use crate::facts::{Context, MessageFacts};
use facteur_model::calendar::LocalDate;
use facteur_model::message::Address;
use facteur_model::{FolderPath, Timestamp, Uid};

/// 2026-03-10 12:00 UTC, the instant test messages are received.
pub fn noon_2026_03_10() -> Timestamp {
    let day = LocalDate {
        year: 2026,
        month: 3,
        day: 10,
    };
    Timestamp(day.day_number() * 86_400 + 12 * 3600)
}

/// An address with a display name.
pub fn address(name: &str, email: &str) -> Address {
    Address {
        name: Some(name.to_owned()),
        email: email.to_owned(),
    }
}

/// A plain message in the inbox from Alice to the user.
pub fn facts() -> MessageFacts {
    MessageFacts {
        uid: Uid(7),
        folder: FolderPath::inbox(),
        from: Some(address("Alice Martin", "alice@example.test")),
        to: vec![address("Demo", "demo@example.test")],
        cc: Vec::new(),
        bcc: Vec::new(),
        reply_to: Vec::new(),
        subject: "Bonjour".to_owned(),
        date: Some(noon_2026_03_10()),
        received: noon_2026_03_10(),
        size: 4_000,
        flags: Vec::new(),
        keywords: Vec::new(),
        has_attachments: false,
        list_id: None,
        headers: Vec::new(),
        body_text: Some("Le texte du message.".to_owned()),
    }
}

/// The user "demo" with two identities, in Paris winter time, one day after `facts()`.
pub fn context() -> Context {
    Context {
        now: Timestamp(noon_2026_03_10().0 + 86_400),
        identities: vec![
            "demo@example.test".to_owned(),
            "Demo.Perso@Laposte.test".to_owned(),
        ],
        utc_offset_seconds: 3600,
        trash: FolderPath("Trash".to_owned()),
    }
}

/// A folder path.
pub fn folder(name: &str) -> FolderPath {
    FolderPath(name.to_owned())
}
