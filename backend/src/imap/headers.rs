//! Every header field of one message, bounded, for rules that test any named header.
//!
//! Only the header section is fetched, and only its start: a message with a huge header
//! (hostile or broken) costs at most [`FETCH_BYTES`].

use super::connect::ImapSession;
use super::fetch::fetch_one;
use crate::error::Result;
use crate::mime::headers::all_fields;
use crate::mime::parse::parse_message;
use facteur_model::folder_ops::{MAX_HEADER_BYTES, MessageHeaders};
use facteur_model::{FolderPath, Uid};

/// Bytes of the header section fetched.
const FETCH_BYTES: usize = 256 * 1024;

/// Fetches the header fields of message `uid` of `folder` (without marking it read).
pub async fn message_headers(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
) -> Result<MessageHeaders> {
    let fetch = fetch_one(
        session,
        folder,
        uid,
        &format!("(UID BODY.PEEK[HEADER]<0.{FETCH_BYTES}>)"),
    )
    .await?;
    Ok(headers_of(uid, fetch.header().unwrap_or_default()))
}

/// The fields of a raw header section (possibly cut at [`FETCH_BYTES`]).
pub fn headers_of(uid: Uid, raw: &[u8]) -> MessageHeaders {
    let cut_section = raw.len() >= FETCH_BYTES;
    let mut section = raw.to_vec();
    // A cut section has no blank line: end it, so the parser reads the fields it has.
    if !section.ends_with(b"\r\n\r\n") && !section.ends_with(b"\n\n") {
        section.extend_from_slice(b"\r\n\r\n");
    }
    let (headers, cut_fields) = match parse_message(&section) {
        Ok(message) => all_fields(&message, MAX_HEADER_BYTES),
        Err(_) => (Vec::new(), false),
    };
    MessageHeaders {
        uid,
        headers,
        truncated: cut_section || cut_fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_whole_and_cut_sections() {
        let whole = headers_of(Uid(4), b"X-Mailer: m\r\nSubject: s\r\n\r\n");
        assert_eq!(whole.uid, Uid(4));
        assert!(!whole.truncated);
        let names: Vec<&str> = whole.headers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["X-Mailer", "Subject"]);
        let mut long = b"X-First: 1\r\n".to_vec();
        while long.len() < FETCH_BYTES {
            long.extend_from_slice(
                b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n",
            );
        }
        long.truncate(FETCH_BYTES);
        let cut = headers_of(Uid(4), &long);
        assert!(cut.truncated);
        assert_eq!(cut.headers[0].name, "X-First");
        let size: usize = cut
            .headers
            .iter()
            .map(|h| h.name.len() + h.value.len())
            .sum();
        assert!(size <= MAX_HEADER_BYTES);
    }
}
