//! The plain text of one message, bounded, for rules that test the body.
//!
//! Only the start of the message is fetched: a 50 MB attachment costs nothing here, and
//! the text part comes first in nearly every message.

use super::connect::ImapSession;
use super::fetch::fetch_one;
use crate::error::Result;
use crate::mime::parse::parse_message;
use facteur_model::folder_ops::{MAX_TEXT_BYTES, MessageText};
use facteur_model::{FolderPath, Uid};

/// Bytes of the raw message fetched to find the text in.
const FETCH_BYTES: u32 = 256 * 1024;

/// Fetches the start of message `uid` of `folder` (without marking it read).
pub async fn message_text(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
) -> Result<MessageText> {
    let fetch = fetch_one(
        session,
        folder,
        uid,
        &format!("(UID RFC822.SIZE BODY.PEEK[]<0.{FETCH_BYTES}>)"),
    )
    .await?;
    let raw = fetch.body().unwrap_or_default();
    let cut_message = fetch.size.is_some_and(|size| size > FETCH_BYTES);
    let text = match parse_message(raw) {
        Ok(message) => message
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    let (text, cut_text) = bounded(text, MAX_TEXT_BYTES);
    Ok(MessageText {
        uid,
        text,
        truncated: cut_message || cut_text,
    })
}

/// `text` cut to at most `max` bytes on a character boundary; whether it was cut.
pub fn bounded(mut text: String, max: usize) -> (String, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    (text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_on_a_character_boundary() {
        assert_eq!(bounded("abc".into(), 5), ("abc".into(), false));
        assert_eq!(bounded("ééé".into(), 3), ("é".into(), true));
        assert_eq!(bounded("ééé".into(), 4), ("éé".into(), true));
    }
}
