//! Finishing a move that was cut off between its COPY and its EXPUNGE.
//!
//! Without MOVE, a move is claim, UID COPY, `\Deleted`, UID EXPUNGE (`transfer.rs`). A
//! connection lost after the COPY leaves each message twice: the original, still claimed
//! (and maybe `\Deleted`), and its copy in the destination, which carries the claim too
//! (COPY keeps keywords). The next mover finds the stale claim and releases it
//! (`claim.rs`); copying again would make a second copy, and a copy of a `\Deleted`
//! original is `\Deleted` itself, so de-duplication (`dedupe.rs`) would not see it. So a
//! released original whose claimed copy is in the destination is not copied again: the
//! move is finished instead, by expunging the original (exactly that UID) and taking the
//! claim off the copy. The original goes only when its copy is there, so nothing is lost.

use super::claim::{CLAIM, clear_in};
use super::connect::ImapSession;
use super::dedupe::{Identity, fetch_identities};
use super::error::{folder_error, imap_error};
use super::mutf7;
use super::transfer::expunge_exactly;
use crate::error::Result;
use facteur_model::FolderPath;

/// Finishes the interrupted moves of `released` (UIDs of the selected source `from`
/// whose stale claim was just released) whose claimed copy is in `to`. Returns the
/// source UIDs it finished; `from` is selected again on return.
pub async fn finish_interrupted(
    session: &mut ImapSession,
    from: &FolderPath,
    to: &FolderPath,
    released: &[u32],
    condstore: bool,
) -> Result<Vec<u32>> {
    let originals = fetch_identities(session, released).await?;
    if originals.is_empty() {
        return Ok(Vec::new());
    }
    let destination = mutf7::encode(to.as_str());
    session
        .select(&destination)
        .await
        .map_err(|e| folder_error(to.as_str(), e))?;
    let mut claimed: Vec<u32> = session
        .uid_search(format!("KEYWORD {CLAIM} UNDELETED"))
        .await
        .map_err(imap_error)?
        .into_iter()
        .collect();
    claimed.sort_unstable();
    let copies = if claimed.is_empty() {
        Vec::new()
    } else {
        fetch_identities(session, &claimed).await?
    };
    let (done, used) = pair_with_copies(&originals, &copies);
    let source = mutf7::encode(from.as_str());
    if condstore {
        session.select_condstore(&source).await
    } else {
        session.select(&source).await
    }
    .map_err(|e| folder_error(from.as_str(), e))?;
    if done.is_empty() {
        return Ok(done);
    }
    // The originals first: cut off here again, the copies keep their claim and the next
    // mover finishes the rest.
    expunge_exactly(session, &done).await?;
    session
        .select(&destination)
        .await
        .map_err(|e| folder_error(to.as_str(), e))?;
    clear_in(session, &used).await?;
    if condstore {
        session.select_condstore(&source).await
    } else {
        session.select(&source).await
    }
    .map_err(|e| folder_error(from.as_str(), e))?;
    Ok(done)
}

/// Pairs each original with a copy of the same identity, each copy used once (lowest
/// UIDs first). Returns the originals that have a copy and the copies used, sorted.
pub fn pair_with_copies(
    originals: &[(u32, Identity)],
    copies: &[(u32, Identity)],
) -> (Vec<u32>, Vec<u32>) {
    let mut available: Vec<&(u32, Identity)> = copies.iter().collect();
    available.sort_by_key(|(uid, _)| *uid);
    let mut sorted: Vec<&(u32, Identity)> = originals.iter().collect();
    sorted.sort_by_key(|(uid, _)| *uid);
    let mut done = Vec::new();
    let mut used = Vec::new();
    for (uid, identity) in sorted {
        if let Some(at) = available.iter().position(|(_, other)| other == identity) {
            done.push(*uid);
            used.push(available.remove(at).0);
        }
    }
    done.sort_unstable();
    used.sort_unstable();
    (done, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(message_id: &str) -> Identity {
        Identity {
            message_id: message_id.into(),
            size: 10,
            received: 1_800_000_000,
        }
    }

    #[test]
    fn each_original_needs_a_copy_of_its_own() {
        let originals = [(3, id("<a@x>")), (4, id("<a@x>")), (5, id("<b@x>"))];
        // Two identical originals, one copy: one is finished, the other still moves.
        let copies = [(21, id("<a@x>")), (20, id("<c@x>"))];
        assert_eq!(pair_with_copies(&originals, &copies), (vec![3], vec![21]));
        let copies = [(22, id("<a@x>")), (21, id("<a@x>")), (23, id("<b@x>"))];
        assert_eq!(
            pair_with_copies(&originals, &copies),
            (vec![3, 4, 5], vec![21, 22, 23])
        );
        assert_eq!(pair_with_copies(&originals, &[]), (vec![], vec![]));
    }

    #[test]
    fn another_size_is_another_message() {
        let mut other = id("<a@x>");
        other.size = 11;
        assert_eq!(
            pair_with_copies(&[(3, id("<a@x>"))], &[(9, other)]),
            (vec![], vec![])
        );
    }
}
