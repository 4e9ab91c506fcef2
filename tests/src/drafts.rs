//! Messages for the tests to save or send, built the same way everywhere.

use facteur_model::compose::{Draft, DraftBody};
use facteur_model::message::Address;

/// An address without a display name.
pub fn address(email: &str) -> Address {
    Address {
        name: None,
        email: email.to_owned(),
    }
}

/// A plain-text draft from `from` to `to` and nothing more: no copies, attachments,
/// reply headers, delivery notification or read receipt.
pub fn plain_draft(from: Address, to: Vec<Address>, subject: &str, text: &str) -> Draft {
    Draft {
        from,
        to,
        cc: Vec::new(),
        bcc: Vec::new(),
        subject: subject.to_owned(),
        body: DraftBody {
            text: text.to_owned(),
            html: None,
        },
        attachments: Vec::new(),
        in_reply_to: None,
        references: Vec::new(),
        request_dsn: false,
        dsn_notify: Default::default(),
        request_read_receipt: false,
        last_failure: None,
    }
}
