//! Searching one folder: the typed query as `UID SORT` (RFC 5256) where the server sorts,
//! else `UID SEARCH CHARSET UTF-8` and the bridge's own sort from each match's headers
//! and flags; then the attachment check IMAP has no key for; then the page's list lines,
//! the same as the folder list's.

use super::capabilities::Features;
use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::messages::{
    has_attachments, list_query, list_summary, message_meta, uid_set, unparsed_summary,
};
use super::mutf7;
use super::search_command::{Part, Subset, criteria, run, sort_program};
use crate::error::Result;
use crate::mime::parse::{parse_message, summary};
use async_imap::types::Fetch;
use facteur_model::message::MessageSummary;
use facteur_model::search::{SearchQuery, Term};
use facteur_model::sort::{SortFacts, SortKey, SortOrder, compare};
use facteur_model::{FolderPath, UidValidity};
use futures::TryStreamExt;
use std::collections::HashMap;

/// UIDs per FETCH when the bridge reads facts of many matches.
const FETCH_CHUNK: usize = 500;

/// Every match of one folder, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderMatches {
    pub folder: FolderPath,
    pub uid_validity: UidValidity,
    pub uids: Vec<u32>,
    /// Whether the server sorted them.
    pub server_sorted: bool,
}

/// The matches of `query` in `folder`, in `order`.
pub async fn folder_matches(
    session: &mut ImapSession,
    features: Features,
    folder: &FolderPath,
    query: &SearchQuery,
    order: SortOrder,
) -> Result<FolderMatches> {
    let mailbox = session
        .examine(mutf7::encode(folder.as_str()))
        .await
        .map_err(|e| folder_error(folder.as_str(), e))?;
    let subsets: &[Subset] = match order.key {
        SortKey::UnreadFirst => &[Subset::Unread, Subset::Read],
        SortKey::FlaggedFirst => &[Subset::Flagged, Subset::Unflagged],
        _ => &[Subset::All],
    };
    let mut uids = Vec::new();
    for &subset in subsets {
        let keys = criteria(query, subset);
        let found = if mailbox.exists == 0 {
            Vec::new()
        } else if features.sort {
            let mut parts = vec![
                sort_program(order, features.sort_display),
                Part::Syntax("UTF-8".into()),
            ];
            parts.extend(keys);
            run(session, "UID SORT", &parts, features.literal_plus).await?
        } else {
            let found = run(
                session,
                "UID SEARCH CHARSET UTF-8",
                &keys,
                features.literal_plus,
            )
            .await?;
            sorted_here(session, found, order).await?
        };
        uids.extend(attachment_check(session, query, found).await?);
    }
    Ok(FolderMatches {
        folder: folder.clone(),
        uid_validity: UidValidity(mailbox.uid_validity.unwrap_or(0)),
        uids,
        server_sorted: features.sort,
    })
}

/// The fallback for servers without SORT: the facts each order needs (Date, From,
/// Subject, flags, size), read in chunks and sorted with the model's [`compare`].
async fn sorted_here(
    session: &mut ImapSession,
    uids: Vec<u32>,
    order: SortOrder,
) -> Result<Vec<u32>> {
    let query = "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])";
    let mut facts: Vec<SortFacts> = Vec::with_capacity(uids.len());
    for fetch in fetch_chunks(session, &uids, query).await? {
        let Some(meta) = message_meta(&fetch) else {
            continue;
        };
        let headers = fetch.header().unwrap_or_default();
        let line = match parse_message(headers) {
            Ok(message) => summary(&message, meta, false),
            Err(_) => unparsed_summary(meta, false),
        };
        facts.push(SortFacts::of(&line));
    }
    Ok(sort_facts(facts, order))
}

/// UIDs of `facts` in `order`, each once.
fn sort_facts(mut facts: Vec<SortFacts>, order: SortOrder) -> Vec<u32> {
    facts.sort_by(|a, b| compare(order, a, b));
    facts.dedup_by_key(|f| f.uid);
    facts.into_iter().map(|f| f.uid.0).collect()
}

/// With an attachment term, keeps (in order) the matches whose structure has, or has
/// not, a file attached: the same test the list's paper clip uses.
async fn attachment_check(
    session: &mut ImapSession,
    query: &SearchQuery,
    uids: Vec<u32>,
) -> Result<Vec<u32>> {
    let wanted: Vec<bool> = query
        .terms
        .iter()
        .filter_map(|term| match term {
            Term::HasAttachment(yes) => Some(*yes),
            _ => None,
        })
        .collect();
    if wanted.is_empty() || uids.is_empty() {
        return Ok(uids);
    }
    let mut attached: HashMap<u32, bool> = HashMap::with_capacity(uids.len());
    for fetch in fetch_chunks(session, &uids, "(UID BODYSTRUCTURE)").await? {
        if let (Some(uid), Some(structure)) = (fetch.uid, fetch.bodystructure()) {
            attached.insert(uid, has_attachments(structure));
        }
    }
    Ok(uids
        .into_iter()
        .filter(|uid| {
            attached
                .get(uid)
                .is_some_and(|has| wanted.iter().all(|want| want == has))
        })
        .collect())
}

/// `UID FETCH` of `uids` in chunks (any order in, server order out).
async fn fetch_chunks(session: &mut ImapSession, uids: &[u32], query: &str) -> Result<Vec<Fetch>> {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut all = Vec::with_capacity(sorted.len());
    for chunk in sorted.chunks(FETCH_CHUNK) {
        let fetches: Vec<Fetch> = session
            .uid_fetch(uid_set(chunk), query)
            .await
            .map_err(imap_error)?
            .try_collect()
            .await
            .map_err(imap_error)?;
        all.extend(fetches);
    }
    Ok(all)
}

/// The list lines of `uids` (in the selected folder), in the order of `uids`; a
/// message expunged meanwhile is left out.
pub async fn summaries(session: &mut ImapSession, uids: &[u32]) -> Result<Vec<MessageSummary>> {
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_uid: HashMap<u32, MessageSummary> = fetch_chunks(session, uids, &list_query())
        .await?
        .iter()
        .filter_map(list_summary)
        .map(|line| (line.uid.0, line))
        .collect();
    Ok(uids.iter().filter_map(|uid| by_uid.remove(uid)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::sort::SortDirection;
    use facteur_model::{Timestamp, Uid};

    #[test]
    fn the_fallback_sorts_by_the_model_and_keeps_each_uid_once() {
        let fact = |uid: u32, size: u32| SortFacts {
            uid: Uid(uid),
            date: Timestamp(0),
            sender: String::new(),
            subject: String::new(),
            size,
            unread: false,
            flagged: false,
        };
        let order = SortOrder {
            key: SortKey::Size,
            direction: SortDirection::Descending,
        };
        let facts = vec![fact(1, 10), fact(2, 30), fact(2, 30), fact(3, 20)];
        assert_eq!(sort_facts(facts, order), [2, 3, 1]);
    }
}
