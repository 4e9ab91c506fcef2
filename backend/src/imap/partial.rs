//! Reading a big message in pieces: opened as a skeleton (headers and displayable text,
//! not the big attachments' bytes), and one part's bytes fetched a chunk at a time with
//! IMAP partial fetches (`BODY.PEEK[2]<offset.length>`), so what the bridge holds per
//! request is bounded by the chunk, not by the message.

use super::connect::ImapSession;
use super::fetch::{check_size, fetch_message, fetch_one, fetch_selected};
use super::messages::message_meta;
use super::structure::{message_tree, section_name, section_path};
use crate::error::{Error, Result};
use crate::mime::parse::MessageMeta;
use crate::mime::skeleton::{Piece, Section, Skeleton, assemble, pieces};
use facteur_model::{FolderPath, Uid};

/// Messages up to this size are fetched whole; bigger ones are opened as a skeleton.
pub const WHOLE_MESSAGE_MAX_BYTES: u32 = 2 * 1024 * 1024;

/// How much of a part one partial fetch asks for.
pub const CHUNK_BYTES: u64 = 1024 * 1024;

/// A message as the reader needs it: whole (no placeholders), or without its big parts.
#[derive(Debug, Clone)]
pub struct ReadableMessage {
    pub meta: MessageMeta,
    pub skeleton: Skeleton,
}

/// Fetches message `uid` of `folder` for reading, without marking it read: whole when it
/// is small or its structure cannot be rebuilt, else as a skeleton; a message above the
/// connection's literal limit is refused from its size, as [`fetch_message`] does.
pub async fn fetch_readable(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
) -> Result<ReadableMessage> {
    let described = fetch_one(session, folder, uid, "(UID RFC822.SIZE BODYSTRUCTURE)").await?;
    // Streaming bounds the memory, not what the bridge agrees to open.
    check_size(described.size, session.get_ref().limits().max_literal)?;
    let big = described
        .size
        .is_some_and(|size| size > WHOLE_MESSAGE_MAX_BYTES);
    let tree = described
        .bodystructure()
        .and_then(message_tree)
        .filter(|_| big);
    let Some(tree) = tree else {
        let raw = fetch_message(session, folder, uid).await?;
        return Ok(ReadableMessage {
            meta: raw.meta,
            skeleton: Skeleton {
                bytes: raw.bytes,
                placeholders: Vec::new(),
            },
        });
    };
    let items: Vec<String> = pieces(&tree)
        .iter()
        .map(|(section, piece)| format!("BODY.PEEK[{}]", section_name(section, *piece)))
        .collect();
    let fetch = fetch_selected(
        session,
        uid,
        &format!("(UID FLAGS INTERNALDATE RFC822.SIZE {})", items.join(" ")),
    )
    .await?;
    let skeleton = assemble(&tree, |section, piece| {
        fetch.section(&section_path(section, piece))
    })
    .ok_or_else(|| Error::Protocol("the server left out a part of the message".into()))?;
    let meta = message_meta(&fetch).ok_or(Error::MessageNotFound)?;
    Ok(ReadableMessage { meta, skeleton })
}

/// The encoded bytes `offset..offset + length` of the body of part `section`; fewer at
/// the part's end.
pub async fn fetch_chunk(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
    section: &Section,
    offset: u64,
    length: u64,
) -> Result<Vec<u8>> {
    let name = section_name(section, Piece::Body);
    let fetch = fetch_one(
        session,
        folder,
        uid,
        &format!("(UID BODY.PEEK[{name}]<{offset}.{length}>)"),
    )
    .await?;
    let bytes = fetch
        .section(&section_path(section, Piece::Body))
        .unwrap_or_default();
    if bytes.len() as u64 > length {
        return Err(Error::Protocol(
            "the server sent more of the part than asked".into(),
        ));
    }
    Ok(bytes.to_vec())
}
