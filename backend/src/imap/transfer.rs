//! Moving and copying messages between folders without ever losing one.
//!
//! One UID MOVE (or UID COPY) per request. Without MOVE, a move is UID COPY, then
//! `\Deleted` and UID EXPUNGE of exactly the UIDs the server says it copied (COPYUID), so
//! messages other clients flagged `\Deleted` survive; a plain EXPUNGE is never sent.
//! Without UIDPLUS there is no expunge that safe, so a move only copies and says so.
//! UIDs already gone (another device moved them) are counted, not an error: two devices
//! running the same rules at once is harmless: claims (`claim.rs`) keep two devices from
//! moving the same message, and the copies two racing movers still make are removed
//! again (`dedupe.rs`), so each message ends up in the destination once.

use super::capabilities::{Features, features};
use super::claim::{CLAIM, claim, clear_in};
use super::connect::ImapSession;
use super::dedupe::{self, Transferred};
use super::error::{folder_error, imap_error};
use super::messages::uid_set;
use super::mutf7;
use super::raw::{self, Completion, Reply};
use super::resume::finish_interrupted;
use crate::error::{Error, Result};
use facteur_model::folder_ops::{TransferMethod, TransferResult};
use facteur_model::{FolderPath, Uid};

/// Most UIDs one request may move or copy.
pub const MAX_UIDS: usize = 5000;

/// Move or copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    Move,
    Copy,
}

/// What to send, from what was asked and what the server can do.
pub fn method(transfer: Transfer, features: Features) -> TransferMethod {
    match transfer {
        Transfer::Copy => TransferMethod::CopyOnly,
        Transfer::Move if features.moves => TransferMethod::Move,
        Transfer::Move if features.uidplus => TransferMethod::CopyExpunge,
        Transfer::Move => TransferMethod::CopyOnly,
    }
}

/// The requested UIDs, checked, sorted and without duplicates.
pub fn checked_uids(uids: &[Uid]) -> Result<Vec<u32>> {
    if uids.is_empty() || uids.len() > MAX_UIDS {
        return Err(Error::InvalidInput(format!(
            "uids: between 1 and {MAX_UIDS} UIDs"
        )));
    }
    if uids.iter().any(|uid| uid.0 == 0) {
        return Err(Error::InvalidInput("uids: 0 is not a UID".into()));
    }
    let mut sorted: Vec<u32> = uids.iter().map(|uid| uid.0).collect();
    sorted.sort_unstable();
    sorted.dedup();
    Ok(sorted)
}

/// Moves or copies `uids` of `from` to `to`.
pub async fn transfer(
    session: &mut ImapSession,
    from: &FolderPath,
    to: &FolderPath,
    uids: &[u32],
    transfer: Transfer,
) -> Result<TransferResult> {
    let features = features(session).await?;
    let method = method(transfer, features);
    let mut result = TransferResult {
        moved: (transfer == Transfer::Move && method != TransferMethod::CopyOnly).then_some(0),
        copied: (method == TransferMethod::CopyOnly).then_some(0),
        method,
        already_gone: 0,
        note: None,
    };
    // STATUS before SELECT: RFC 3501 advises against STATUS on the selected folder.
    // Copies made from now on get UIDs from UIDNEXT up: the window de-duplication looks in.
    let before = session
        .status(mutf7::encode(to.as_str()), "(MESSAGES UIDNEXT UIDVALIDITY)")
        .await
        .map_err(|e| folder_error(to.as_str(), e))?;
    let source = mutf7::encode(from.as_str());
    if features.condstore {
        session.select_condstore(&source).await
    } else {
        session.select(&source).await
    }
    .map_err(|e| folder_error(from.as_str(), e))?;
    let mut present = present_uids(session, uids).await?;
    result.already_gone = count(uids.len() - present.len());
    if transfer == Transfer::Move && from == to {
        result.note = Some("the messages are already in that folder".into());
        return Ok(result);
    }
    if present.is_empty() {
        return Ok(result);
    }
    // What is being moved, read before anyone can move it: identities of all the
    // requested messages present, so two racing movers count them alike. Only moves are
    // de-duplicated (a copy asked for twice is two copies), and removing the extra copies
    // needs UID EXPUNGE (UIDPLUS) and the destination's UIDNEXT.
    let transferred: Option<(u32, Option<u32>, Transferred)> = match before.uid_next {
        Some(window_start) if transfer == Transfer::Move && features.uidplus => {
            match dedupe::identities(session, &present).await {
                Ok(found) => Some((window_start, before.uid_validity, found)),
                // Another device expunged some under the FETCH: it is moving them, and
                // the move below finds them gone. Nothing de-duplicated, nothing lost.
                Err(Error::ServerRefused(_)) => None,
                Err(error) => return Err(error),
            }
        }
        _ => None,
    };
    // Only moves that remove the originals race; a copy is a copy.
    let claiming = method != TransferMethod::CopyOnly && features.condstore && features.uidplus;
    // Moves an earlier, interrupted move had copied already (see `resume.rs`).
    let mut finished = 0;
    if claiming {
        let claimed = claim(session, &present).await?;
        if method == TransferMethod::CopyExpunge && !claimed.released.is_empty() {
            let done = finish_interrupted(session, from, to, &claimed.released, features.condstore)
                .await?;
            finished = count(done.len());
        }
        let others = claimed.others.saturating_sub(finished);
        if others > 0 {
            result.note = Some(format!(
                "{others} messages were being moved by another device at the same time and \
                 were left to it"
            ));
        }
        present = claimed.ours;
        if present.is_empty() {
            result.already_gone = count(uids.len()).saturating_sub(finished);
            result.moved = result.moved.map(|moved| moved + finished);
            return Ok(result);
        }
    }
    let destination_wire = mutf7::encode(to.as_str());
    let destination = quoted(&destination_wire);
    let command = match method {
        TransferMethod::Move => "UID MOVE",
        TransferMethod::CopyExpunge | TransferMethod::CopyOnly => "UID COPY",
    };
    let outcome = run_on_present(session, command, &present, &destination, features).await;
    let (done, copies) = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            if claiming {
                // Best effort: the originals stay, without our mark.
                let _ = raw::run(
                    session,
                    &format!("UID STORE {} -FLAGS.SILENT ({CLAIM})", uid_set(&present)),
                )
                .await;
            }
            return Err(error);
        }
    };
    let done_count = count(done.len()) + finished;
    result.already_gone = count(uids.len() - done.len()).saturating_sub(finished);
    match method {
        TransferMethod::Move => result.moved = Some(done_count),
        TransferMethod::CopyOnly => {
            result.copied = Some(done_count);
            if transfer == Transfer::Move {
                result.note = Some(
                    "this server cannot remove messages one by one safely (no MOVE, no \
                     UIDPLUS): they were copied and the originals left in place"
                        .into(),
                );
            }
        }
        TransferMethod::CopyExpunge => {
            expunge_exactly(session, &done).await?;
            result.moved = Some(done_count);
        }
    }
    let transferred = transferred.filter(|(_, _, t)| !t.is_empty() && !done.is_empty());
    if (claiming && !copies.is_empty()) || transferred.is_some() {
        let destination = session
            .select(&destination_wire)
            .await
            .map_err(imap_error)?;
        if claiming {
            clear_in(session, &copies).await?;
        }
        if let Some((window_start, validity, transferred)) = transferred
            // New UIDs there (UIDVALIDITY changed): nothing to compare with, keep all.
            && (validity.is_none() || validity == destination.uid_validity)
        {
            match dedupe::remove_extra_copies(session, window_start, &transferred).await {
                Ok(_) => {}
                Err(error) if error.breaks_connection() => return Err(error),
                // The move is done; an extra copy left behind loses nothing.
                Err(error) => tracing::warn!(%error, "extra copies not removed"),
            }
        }
    }
    Ok(result)
}

/// Which of `uids` are in the selected folder now.
async fn present_uids(session: &mut ImapSession, uids: &[u32]) -> Result<Vec<u32>> {
    let found = session
        .uid_search(format!("UID {}", uid_set(uids)))
        .await
        .map_err(imap_error)?;
    let mut present: Vec<u32> = uids.iter().copied().filter(|u| found.contains(u)).collect();
    present.sort_unstable();
    Ok(present)
}

/// Runs `UID MOVE|COPY set destination`; when messages vanished under it (another
/// device was faster), syncs and retries once on what is left. Returns the source UIDs
/// the server moved or copied, and the UIDs of the copies (from COPYUID).
async fn run_on_present(
    session: &mut ImapSession,
    command: &str,
    present: &[u32],
    destination: &str,
    features: Features,
) -> Result<(Vec<u32>, Vec<u32>)> {
    let first = raw::run(
        session,
        &format!("{command} {} {destination}", uid_set(present)),
    )
    .await?;
    match first.completion {
        Completion::Ok => Ok((affected(&first, present, features.uidplus), copies(&first))),
        Completion::No if refused_for_missing_destination(&first) => Err(Error::FolderNotFound(
            destination.trim_matches('"').to_owned(),
        )),
        Completion::No => {
            // NOOP brings the expunges of the other device into view.
            session.noop().await.map_err(imap_error)?;
            let left = present_uids(session, present).await?;
            if left.is_empty() {
                return Ok((Vec::new(), Vec::new()));
            }
            let second = raw::run(
                session,
                &format!("{command} {} {destination}", uid_set(&left)),
            )
            .await?;
            let second = second.ok()?;
            Ok((affected(&second, &left, features.uidplus), copies(&second)))
        }
        Completion::Bad => Err(Error::ServerRefused(first.text)),
    }
}

/// The source UIDs a successful command acted on: COPYUID's (exact, even when another
/// device took some meanwhile). A UIDPLUS server that sends none copied nothing (the
/// messages were gone); without UIDPLUS, all that were asked for.
fn affected(reply: &Reply, asked: &[u32], uidplus: bool) -> Vec<u32> {
    match &reply.copy_uid {
        Some(copy) => asked
            .iter()
            .copied()
            .filter(|uid| copy.source.contains(uid))
            .collect(),
        None if uidplus => Vec::new(),
        None => asked.to_vec(),
    }
}

/// The destination UIDs of COPYUID.
fn copies(reply: &Reply) -> Vec<u32> {
    reply
        .copy_uid
        .as_ref()
        .map(|copy| copy.destination.clone())
        .unwrap_or_default()
}

fn refused_for_missing_destination(reply: &Reply) -> bool {
    matches!(reply.bracket_code(), Some("TRYCREATE" | "NONEXISTENT"))
        || reply
            .text
            .to_ascii_lowercase()
            .contains("mailbox doesn't exist")
}

/// `\Deleted` then UID EXPUNGE of exactly `uids`: messages other clients flagged
/// `\Deleted` in the same folder are left alone.
pub async fn expunge_exactly(session: &mut ImapSession, uids: &[u32]) -> Result<()> {
    if uids.is_empty() {
        return Ok(());
    }
    let set = uid_set(uids);
    raw::run(
        session,
        &format!("UID STORE {set} +FLAGS.SILENT (\\Deleted)"),
    )
    .await?
    .ok()?;
    raw::run(session, &format!("UID EXPUNGE {set}"))
        .await?
        .ok()?;
    Ok(())
}

/// A mailbox name as an IMAP quoted string.
pub fn quoted(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imap::raw::CopyUid;

    #[test]
    fn the_method_follows_the_capabilities() {
        let all = Features {
            moves: true,
            uidplus: true,
            ..Features::default()
        };
        let no_move = Features {
            moves: false,
            ..all
        };
        let bare = Features::default();
        assert_eq!(method(Transfer::Move, all), TransferMethod::Move);
        assert_eq!(method(Transfer::Move, no_move), TransferMethod::CopyExpunge);
        assert_eq!(method(Transfer::Move, bare), TransferMethod::CopyOnly);
        assert_eq!(method(Transfer::Copy, all), TransferMethod::CopyOnly);
    }

    #[test]
    fn uids_are_checked_and_sorted() {
        assert_eq!(checked_uids(&[Uid(5), Uid(2), Uid(5)]).unwrap(), [2, 5]);
        assert!(checked_uids(&[]).is_err());
        assert!(checked_uids(&[Uid(0)]).is_err());
        assert!(checked_uids(&vec![Uid(1); MAX_UIDS + 1]).is_err());
    }

    #[test]
    fn copyuid_says_exactly_what_was_done() {
        let mut reply = Reply {
            completion: Completion::Ok,
            text: String::new(),
            copy_uid: Some(CopyUid {
                uid_validity: 1,
                source: vec![3, 5],
                destination: vec![10, 11],
            }),
            metadata_max_size: None,
            metadata: Vec::new(),
            bye: false,
        };
        assert_eq!(affected(&reply, &[3, 4, 5], true), [3, 5]);
        reply.copy_uid = None;
        assert!(affected(&reply, &[3, 4, 5], true).is_empty());
        assert_eq!(affected(&reply, &[3, 4, 5], false), [3, 4, 5]);
    }

    #[test]
    fn names_are_quoted() {
        assert_eq!(quoted("R&AOk-unions"), "\"R&AOk-unions\"");
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
