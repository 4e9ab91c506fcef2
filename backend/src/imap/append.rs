//! APPEND of a message kept on disk: `prefix` (extra header lines) then the file, as one
//! literal, streamed in chunks after the server's go-ahead, with the APPENDUID back.
//!
//! Like `raw::run_with_literal`, the command line goes out in one write under a tag of
//! our own (Dovecot stalls on async-imap's piecewise writes of a literal's command).

use super::connect::ImapSession;
use super::mutf7;
use super::raw::{bracket_code, read_until, write};
use super::transfer::quoted;
use crate::error::{Error, Result};
use crate::transport::dial::io_error;
use async_imap::imap_proto::rfc4315::UidSetMember;
use async_imap::imap_proto::{RequestId, Response, ResponseCode, Status};
use facteur_model::{FolderPath, Uid};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Bytes read from the file and written to the server at a time.
const CHUNK: usize = 64 * 1024;

/// Appends `prefix` + the `size` bytes of the file at `path` to `folder` with `flags`
/// (e.g. `["\\Draft", "\\Seen"]`); the new message's UID when the server says it
/// (UIDPLUS). Refusals: `folder_not_found` ([TRYCREATE]), `message_too_large`
/// ([TOOBIG], [OVERQUOTA]), else `server_refused` with the server's text.
pub async fn append_file(
    session: &mut ImapSession,
    folder: &FolderPath,
    flags: &[&str],
    prefix: &[u8],
    path: &Path,
    size: u64,
) -> Result<Option<Uid>> {
    static NEXT_TAG: AtomicU64 = AtomicU64::new(1);
    let flags = flag_list(flags)?;
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(|e| Error::internal("the message file", e))?;
    // Distinct from async-imap's (`A0001`) and raw.rs's (`FCT1`) tags.
    let tag = RequestId(format!("FCA{}", NEXT_TAG.fetch_add(1, Ordering::Relaxed)));
    let total = prefix.len() as u64 + size;
    let line = format!(
        "{} APPEND {} ({flags}) {{{total}}}\r\n",
        tag.0,
        quoted(&mutf7::encode(folder.as_str()))
    );
    write(session, line.as_bytes()).await?;
    let refused = read_until(session, |parsed| match parsed {
        Response::Continue { .. } => Some(None),
        // Refused before the literal (no such folder, too large): the command is over.
        Response::Done {
            tag: done,
            status,
            outcome,
        } if *done == tag => Some(Some(refusal(
            folder,
            status,
            outcome.code.as_ref(),
            outcome.information.as_deref().unwrap_or(""),
        ))),
        _ => None,
    })
    .await?;
    if let Some(refused) = refused {
        return Err(refused);
    }
    write(session, prefix).await?;
    let mut left = size;
    let mut buffer = vec![0u8; CHUNK];
    while left > 0 {
        let want = usize::try_from(left.min(CHUNK as u64)).unwrap_or(CHUNK);
        let read = file
            .read(&mut buffer[..want])
            .await
            .map_err(|e| Error::internal("the message file", e))?;
        if read == 0 {
            // The literal promised more bytes than we have: the connection is unusable.
            return Err(Error::Protocol(
                "the message file ended before its announced size".into(),
            ));
        }
        session
            .get_mut()
            .write_all(&buffer[..read])
            .await
            .map_err(|e| io_error(&e))?;
        left -= read as u64;
    }
    write(session, b"\r\n").await?;
    read_until(session, |parsed| match parsed {
        Response::Done {
            tag: done,
            status,
            outcome,
        } if *done == tag => Some(if *status != Status::Ok {
            Err(refusal(
                folder,
                status,
                outcome.code.as_ref(),
                outcome.information.as_deref().unwrap_or(""),
            ))
        } else {
            Ok(match &outcome.code {
                Some(ResponseCode::AppendUid(_, uids)) => appended_uid(uids),
                _ => None,
            })
        }),
        _ => None,
    })
    .await?
}

/// The one UID of an APPENDUID set.
fn appended_uid(uids: &[UidSetMember]) -> Option<Uid> {
    match uids {
        [UidSetMember::Uid(uid)] => Some(Uid(*uid)),
        _ => None,
    }
}

/// `\Draft \Seen`: system flags and keywords only, nothing that could break the line.
fn flag_list(flags: &[&str]) -> Result<String> {
    for flag in flags {
        let name = flag.strip_prefix('\\').unwrap_or(flag);
        let atom = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"(){%*\"\\]".contains(&b));
        if !atom {
            return Err(Error::InvalidInput(format!(
                "flags: «{flag}» is not a flag"
            )));
        }
    }
    Ok(flags.join(" "))
}

fn refusal(
    folder: &FolderPath,
    status: &Status,
    code: Option<&ResponseCode<'_>>,
    text: &str,
) -> Error {
    let code_name = bracket_code(text).unwrap_or("");
    if matches!(code, Some(ResponseCode::TryCreate)) || code_name == "TRYCREATE" {
        return Error::FolderNotFound(folder.as_str().to_owned());
    }
    if ["TOOBIG", "OVERQUOTA", "LIMIT"].contains(&code_name) {
        return Error::MessageTooLarge(text.to_owned());
    }
    match status {
        Status::Bad => Error::ServerRefused(format!("APPEND: {text}")),
        _ => Error::ServerRefused(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_atoms() {
        assert_eq!(flag_list(&["\\Draft", "\\Seen"]).unwrap(), "\\Draft \\Seen");
        assert_eq!(flag_list(&[]).unwrap(), "");
        assert!(flag_list(&["\\Seen) {5}"]).is_err());
        assert!(flag_list(&["a\r\nb"]).is_err());
    }

    #[test]
    fn refusals_are_told_apart() {
        let folder = FolderPath("Drafts".into());
        assert!(matches!(
            refusal(&folder, &Status::No, Some(&ResponseCode::TryCreate), "no"),
            Error::FolderNotFound(_)
        ));
        assert!(matches!(
            refusal(&folder, &Status::No, None, "[OVERQUOTA] Quota exceeded"),
            Error::MessageTooLarge(_)
        ));
        assert!(matches!(
            refusal(&folder, &Status::No, None, "nope"),
            Error::ServerRefused(t) if t == "nope"
        ));
    }

    #[test]
    fn the_appended_uid_is_read_from_the_set() {
        assert_eq!(appended_uid(&[UidSetMember::Uid(42)]), Some(Uid(42)));
        assert_eq!(appended_uid(&[]), None);
    }
}
