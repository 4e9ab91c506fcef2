//! Removing the extra copies two movers racing on the same messages leave behind.
//!
//! Claiming (see [`super::claim`]) makes two movers rarely move the same message, but
//! not never: Dovecot does not make its conditional STORE atomic across sessions, and
//! given the same UID MOVE from two sessions at the same instant, Dovecot (maildir)
//! copies each message twice. So after a move or copy, each mover looks at what arrived
//! in the destination since it started (UIDs from the UIDNEXT it saw before moving) and,
//! for each message it transferred, keeps the copies with the lowest UIDs and removes
//! the others.
//!
//! Why this never removes the last copy, even with several movers doing it at once: a
//! mover removes a copy only when it sees at least `keep` (one or more) copies of the
//! same message with lower UIDs, not `\Deleted`. So the lowest-UID copy is never removed
//! by anyone: every mover that sees it keeps it. And because every mover keeps the
//! lowest UIDs, they agree on which copies to keep: they converge, rather than each
//! removing the other's copy.
//!
//! "The same message" is the same Message-ID, RFC822.SIZE and INTERNALDATE (COPY and
//! MOVE keep the INTERNALDATE; racing copies are the same file). Messages without a
//! Message-ID are never de-duplicated. Only copies in the window are candidates, so
//! duplicates the user already had in the destination are left alone; and as many
//! copies are kept as the request transferred messages of that identity, so moving two
//! identical messages keeps two. Removal is `\Deleted` then UID EXPUNGE of exactly those
//! UIDs (UIDPLUS): without UIDPLUS nothing is removed, two copies being better than
//! none.

use super::connect::ImapSession;
use super::error::imap_error;
use super::fetch::fetch_uids;
use super::messages::uid_set;
use super::raw::{self, Completion};
use crate::error::{Error, Result};
use async_imap::types::Fetch;
use std::collections::BTreeMap;

/// Most new messages looked at in the destination; beyond, nothing is removed.
const MAX_WINDOW: usize = 20_000;

/// What tells two copies of one message apart from two messages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Identity {
    pub message_id: String,
    pub size: u32,
    /// INTERNALDATE, seconds since the epoch.
    pub received: i64,
}

/// How many messages of each identity a request transferred.
pub type Transferred = BTreeMap<Identity, usize>;

/// The FETCH items [`identity_of`] reads.
const IDENTITY_ITEMS: &str = "(UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])";

/// The identities of `uids` in the selected folder (those without a Message-ID left out).
pub async fn identities(session: &mut ImapSession, uids: &[u32]) -> Result<Transferred> {
    let mut transferred = Transferred::new();
    for (_, identity) in fetch_identities(session, uids).await? {
        *transferred.entry(identity).or_default() += 1;
    }
    Ok(transferred)
}

/// Removes, from the selected destination, the copies beyond what `transferred` says
/// among the messages whose UID is `window_start` or more. Returns how many it removed.
pub async fn remove_extra_copies(
    session: &mut ImapSession,
    window_start: u32,
    transferred: &Transferred,
) -> Result<u32> {
    if transferred.is_empty() || window_start == 0 {
        return Ok(0);
    }
    let seen = match arrived_identities(session, window_start).await {
        // Another mover expunged copies under our FETCH: catch up, look again.
        Err(Error::ServerRefused(_)) => {
            session.noop().await.map_err(imap_error)?;
            arrived_identities(session, window_start).await?
        }
        other => other?,
    };
    let extra = extra_copies(transferred, &seen);
    if extra.is_empty() {
        return Ok(0);
    }
    let set = uid_set(&extra);
    // Another mover may be removing the same copies: a NO (some already gone) is fine,
    // and UID EXPUNGE removes only those of `extra` that carry `\Deleted`.
    let stored = raw::run(
        session,
        &format!("UID STORE {set} +FLAGS.SILENT (\\Deleted)"),
    )
    .await?;
    if stored.completion == Completion::Bad {
        return Err(Error::ServerRefused(stored.text));
    }
    let expunged = raw::run(session, &format!("UID EXPUNGE {set}")).await?;
    if expunged.completion == Completion::Bad {
        return Err(Error::ServerRefused(expunged.text));
    }
    Ok(u32::try_from(extra.len()).unwrap_or(u32::MAX))
}

/// The UIDs to remove: for each identity of `transferred`, the copies of `seen` beyond
/// the `n` with the lowest UIDs, `n` being how many the request transferred. Sorted.
pub fn extra_copies(transferred: &Transferred, seen: &[(u32, Identity)]) -> Vec<u32> {
    let mut copies: BTreeMap<&Identity, Vec<u32>> = BTreeMap::new();
    for (uid, identity) in seen {
        if transferred.contains_key(identity) {
            copies.entry(identity).or_default().push(*uid);
        }
    }
    let mut extra = Vec::new();
    for (identity, mut uids) in copies {
        uids.sort_unstable();
        uids.dedup();
        let keep = transferred
            .get(identity)
            .copied()
            .unwrap_or(usize::MAX)
            .max(1);
        extra.extend(uids.into_iter().skip(keep));
    }
    extra.sort_unstable();
    extra
}

/// The identities of the messages not `\Deleted` whose UID is `window_start` or more.
async fn arrived_identities(
    session: &mut ImapSession,
    window_start: u32,
) -> Result<Vec<(u32, Identity)>> {
    // `n:*` also matches the highest UID when it is below n: filter again.
    let mut arrived: Vec<u32> = session
        .uid_search(format!("UID {window_start}:* UNDELETED"))
        .await
        .map_err(imap_error)?
        .into_iter()
        .filter(|uid| *uid >= window_start)
        .collect();
    if arrived.len() < 2 || arrived.len() > MAX_WINDOW {
        return Ok(Vec::new());
    }
    arrived.sort_unstable();
    fetch_identities(session, &arrived).await
}

/// The identity of each of `uids` in the selected folder, by UID (those without a
/// Message-ID left out).
pub async fn fetch_identities(
    session: &mut ImapSession,
    uids: &[u32],
) -> Result<Vec<(u32, Identity)>> {
    let fetches = fetch_uids(session, uids, IDENTITY_ITEMS).await?;
    let mut found: Vec<(u32, Identity)> = fetches
        .iter()
        .filter_map(|fetch| {
            let uid = fetch.uid?;
            Some((uid, identity_of(fetch)?))
        })
        .collect();
    found.sort_by_key(|(uid, _)| *uid);
    found.dedup_by_key(|(uid, _)| *uid);
    Ok(found)
}

/// The identity of a FETCH of [`IDENTITY_ITEMS`]; `None` without a Message-ID, a size or
/// an INTERNALDATE (such a message is never treated as a copy of another).
fn identity_of(fetch: &Fetch) -> Option<Identity> {
    Some(Identity {
        message_id: message_id(fetch.header()?)?,
        size: fetch.size?,
        received: fetch.internal_date()?.timestamp(),
    })
}

/// The Message-ID field's value, unfolded and trimmed, from raw header lines; `None`
/// when missing or blank.
pub fn message_id(header: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(header);
    let mut value: Option<String> = None;
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        match &mut value {
            Some(v) if line.starts_with([' ', '\t']) => v.push_str(line.trim()),
            Some(_) => break,
            None => {
                if let Some((name, rest)) = line.split_once(':')
                    && name.trim().eq_ignore_ascii_case("message-id")
                {
                    value = Some(rest.trim().to_owned());
                }
            }
        }
    }
    value.filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(message_id: &str, size: u32) -> Identity {
        Identity {
            message_id: message_id.into(),
            size,
            received: 1_800_000_000,
        }
    }

    #[test]
    fn message_ids_are_read_from_header_fields() {
        assert_eq!(
            message_id(b"Message-ID: <a@b.test>\r\n\r\n").as_deref(),
            Some("<a@b.test>")
        );
        assert_eq!(
            message_id(b"message-id:\r\n  <folded@b.test>\r\n\r\n").as_deref(),
            Some("<folded@b.test>")
        );
        assert_eq!(message_id(b"\r\n"), None);
        assert_eq!(message_id(b"Message-ID:   \r\n\r\n"), None);
    }

    #[test]
    fn the_lowest_uids_are_kept() {
        let transferred = Transferred::from([(id("<a@x>", 10), 1), (id("<b@x>", 20), 2)]);
        let seen = [
            (12, id("<a@x>", 10)),
            (9, id("<a@x>", 10)),
            (15, id("<a@x>", 10)),
            // Two identical messages were moved: two copies are kept.
            (10, id("<b@x>", 20)),
            (11, id("<b@x>", 20)),
            (13, id("<b@x>", 20)),
            // Same Message-ID, another size: another message.
            (14, id("<a@x>", 11)),
            // Not something this request moved.
            (16, id("<c@x>", 10)),
            (17, id("<c@x>", 10)),
        ];
        assert_eq!(extra_copies(&transferred, &seen), [12, 13, 15]);
    }

    #[test]
    fn two_movers_seeing_different_copies_agree_on_the_lowest() {
        let transferred = Transferred::from([(id("<a@x>", 10), 1)]);
        // One mover saw only its own copy, the other both: neither removes UID 5.
        assert!(extra_copies(&transferred, &[(5, id("<a@x>", 10))]).is_empty());
        assert_eq!(
            extra_copies(&transferred, &[(6, id("<a@x>", 10)), (5, id("<a@x>", 10))]),
            [6]
        );
        assert!(extra_copies(&Transferred::new(), &[(5, id("<a@x>", 10))]).is_empty());
    }
}
