//! Claiming messages before moving them, so two devices moving the same messages at once
//! move each one once.
//!
//! Servers do not make MOVE atomic across connections: Dovecot with maildir, given the
//! same UID MOVE from two sessions at the same moment, copies every message twice. So a
//! mover first marks the messages with a keyword through a conditional STORE (CONDSTORE,
//! RFC 7162: `UNCHANGEDSINCE` the highest MODSEQ it saw). The server applies such a
//! store to a message only if nobody changed it since, so of two movers exactly one wins
//! each message; the other leaves it alone. The winner moves what it claimed, then takes
//! the keyword off the copies in the destination.
//!
//! Claims reduce racing moves but cannot rule them out: the copies two movers still make
//! at the same instant are removed again afterwards (`dedupe.rs`).
//!
//! A claim left behind (a mover that died between claim and move) is released by the
//! next mover after a short wait, and the message moves on the following attempt.

use super::connect::ImapSession;
use super::error::imap_error;
use super::messages::uid_set;
use super::raw::{self, bracket_code};
use crate::error::Result;
use futures::TryStreamExt;
use std::time::Duration;

/// The keyword marking a message one mover is moving.
pub const CLAIM: &str = facteur_model::api::RESERVED_KEYWORD;

/// How long to let another mover finish before releasing its claims.
const PATIENCE: Duration = Duration::from_millis(1500);

/// What claiming gave.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Claimed {
    /// UIDs this mover may move.
    pub ours: Vec<u32>,
    /// UIDs left to another mover (still there after waiting, or won by it now).
    pub others: u32,
    /// Of those, the UIDs whose claim was stale and was released: a mover died holding
    /// them, maybe after its COPY (see `resume.rs`).
    pub released: Vec<u32>,
}

/// Claims `uids` (present in the selected folder, selected with CONDSTORE).
pub async fn claim(session: &mut ImapSession, uids: &[u32]) -> Result<Claimed> {
    let seen = fetch_state(session, uids).await?;
    let (taken, free): (Vec<&MessageState>, Vec<&MessageState>) =
        seen.iter().partition(|m| m.claimed);
    let mut claimed = Claimed::default();
    if !free.is_empty() {
        let free_uids: Vec<u32> = free.iter().map(|m| m.uid).collect();
        let since = free.iter().map(|m| m.modseq).max().unwrap_or(0);
        let reply = raw::run(
            session,
            &format!(
                "UID STORE {} (UNCHANGEDSINCE {since}) +FLAGS.SILENT ({CLAIM})",
                uid_set(&free_uids)
            ),
        )
        .await?
        .ok()?;
        let lost = modified_uids(&reply.text);
        claimed.others += count(lost.len());
        claimed.ours = free_uids
            .into_iter()
            .filter(|u| !lost.contains(u))
            .collect();
    }
    if !taken.is_empty() {
        let (others, released) = release_stale(session, &taken).await?;
        claimed.others += others;
        claimed.released = released;
    }
    Ok(claimed)
}

/// Waits for another mover to finish; claims still there afterwards, unchanged, are
/// released (conditionally: a mover that is alive and touched them keeps them). Returns
/// how many are still claimed or were, and the UIDs released.
async fn release_stale(
    session: &mut ImapSession,
    taken: &[&MessageState],
) -> Result<(u32, Vec<u32>)> {
    tokio::time::sleep(PATIENCE).await;
    session.noop().await.map_err(imap_error)?;
    let uids: Vec<u32> = taken.iter().map(|m| m.uid).collect();
    let now = fetch_state(session, &uids).await?;
    let stale: Vec<&MessageState> = now
        .iter()
        .filter(|m| {
            m.claimed
                && taken
                    .iter()
                    .any(|before| before.uid == m.uid && before.modseq == m.modseq)
        })
        .collect();
    let mut released = Vec::new();
    if let Some(since) = stale.iter().map(|m| m.modseq).max() {
        let set: Vec<u32> = stale.iter().map(|m| m.uid).collect();
        let reply = raw::run(
            session,
            &format!(
                "UID STORE {} (UNCHANGEDSINCE {since}) -FLAGS.SILENT ({CLAIM})",
                uid_set(&set)
            ),
        )
        .await?
        .ok()?;
        // A live mover that touched some meanwhile keeps them.
        let kept = modified_uids(&reply.text);
        released = set.into_iter().filter(|u| !kept.contains(u)).collect();
    }
    Ok((count(now.len()), released))
}

/// Takes the claim off the copies `uids` in the selected (destination) folder.
pub async fn clear_in(session: &mut ImapSession, uids: &[u32]) -> Result<()> {
    if uids.is_empty() {
        return Ok(());
    }
    let reply = raw::run(
        session,
        &format!("UID STORE {} -FLAGS.SILENT ({CLAIM})", uid_set(uids)),
    )
    .await?;
    // A NO: some copies are gone already (a racing mover removed them as extra, see
    // `dedupe.rs`); the others lost their mark.
    if reply.completion == raw::Completion::Bad {
        return Err(crate::error::Error::ServerRefused(reply.text));
    }
    Ok(())
}

#[derive(Debug)]
struct MessageState {
    uid: u32,
    modseq: u64,
    claimed: bool,
}

async fn fetch_state(session: &mut ImapSession, uids: &[u32]) -> Result<Vec<MessageState>> {
    let fetches: Vec<_> = session
        .uid_fetch(uid_set(uids), "(UID FLAGS MODSEQ)")
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    let mut states: Vec<MessageState> = fetches
        .iter()
        .filter_map(|fetch| {
            let uid = fetch.uid.filter(|uid| uids.contains(uid))?;
            Some(MessageState {
                uid,
                modseq: fetch.modseq.unwrap_or(0),
                claimed: fetch.flags().any(|flag| match flag {
                    async_imap::types::Flag::Custom(name) => name.eq_ignore_ascii_case(CLAIM),
                    _ => false,
                }),
            })
        })
        .collect();
    states.sort_by_key(|m| m.uid);
    states.dedup_by_key(|m| m.uid);
    Ok(states)
}

/// The UIDs of `[MODIFIED 3,5:7]` (RFC 7162 §3.1.3) at the start of a STORE reply.
pub fn modified_uids(text: &str) -> Vec<u32> {
    if bracket_code(text) != Some("MODIFIED") {
        return Vec::new();
    }
    let inside = text
        .trim_start()
        .trim_start_matches('[')
        .split(']')
        .next()
        .unwrap_or("");
    let set = inside.split_whitespace().nth(1).unwrap_or("");
    let mut uids = Vec::new();
    for part in set.split(',') {
        let bounds: Vec<u32> = part.split(':').filter_map(|n| n.parse().ok()).collect();
        match bounds.as_slice() {
            [one] => uids.push(*one),
            [a, b] => {
                let (low, high) = ((*a).min(*b), (*a).max(*b));
                uids.extend((low..=high).take(100_000));
            }
            _ => {}
        }
    }
    uids
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_sets_are_read() {
        assert_eq!(
            modified_uids("[MODIFIED 3,5:7] Conditional store failed"),
            [3, 5, 6, 7]
        );
        assert!(modified_uids("Store completed").is_empty());
        assert!(modified_uids("[READ-WRITE] x").is_empty());
        assert_eq!(modified_uids("[MODIFIED 9:8] x"), [8, 9]);
    }
}
