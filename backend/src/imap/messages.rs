//! Pages of a folder's messages, newest first, and what a FETCH tells about a message.

use super::claim::CLAIM;
use super::connect::ImapSession;
use super::error::imap_error;
use super::fetch::fetch_uids;
use super::selection::{Freshness, Selected, examined, keep, news_arrived};
use crate::error::Result;
use crate::mime::parse::{MessageMeta, parse_message, summary};
use async_imap::imap_proto::BodyStructure;
use async_imap::types::{Fetch, Flag as ImapFlag};
use facteur_model::api::{MAX_PAGE_SIZE, MessagePage};
use facteur_model::message::{Flag, MessageSummary};
use facteur_model::{FolderPath, Timestamp, Uid, UidValidity};
use futures::TryStreamExt;

/// Bytes of body text fetched per message for the preview.
const PREVIEW_BYTES: u32 = 3072;

/// The page size when the browser does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// One page of `folder`, newest first: the newest messages, or those older than `before`.
///
/// The folder stays open between pages ([`examined`]), so a page costs a NOOP and one
/// FETCH by sequence numbers; the place of `before` is found by fetching its own UID, so
/// an older page never asks for every older UID.
pub async fn page(
    session: &mut ImapSession,
    folder: &FolderPath,
    before: Option<Uid>,
    limit: u32,
) -> Result<MessagePage> {
    let limit = limit.clamp(1, MAX_PAGE_SIZE);
    let selected = examined(session, folder, Freshness::Synced).await?;
    let mut result = empty_page(&selected);
    let newest = match before {
        None => selected.exists,
        Some(Uid(before)) if before <= 1 || selected.exists == 0 => 0,
        Some(Uid(before)) => match sequence_of(session, before).await? {
            Some(place) => place - 1,
            // `before` is gone, or the folder changed meanwhile: search by UID instead.
            None => {
                let page = page_by_search(session, before, limit, result).await?;
                keep(session, selected);
                return Ok(page);
            }
        },
    };
    if newest > 0 {
        let first = newest.saturating_sub(limit) + 1;
        let fetches: Vec<Fetch> = session
            .fetch(format!("{first}:{newest}"), list_query())
            .await
            .map_err(imap_error)?
            .try_collect()
            .await
            .map_err(imap_error)?;
        let below = before.map_or(u32::MAX, |Uid(before)| before);
        let messages = fetches
            .iter()
            .filter(|fetch| fetch.uid.is_some_and(|uid| uid < below))
            .filter_map(list_summary)
            .collect();
        finish_page(&mut result, messages, limit, first > 1);
    }
    keep(session, selected);
    Ok(result)
}

/// The sequence number of message `uid` in the selected folder, when it is there and no
/// news came with the answer (an EXPUNGE would have moved the numbers).
async fn sequence_of(session: &mut ImapSession, uid: u32) -> Result<Option<u32>> {
    let fetches: Vec<Fetch> = session
        .uid_fetch(uid.to_string(), "(UID)")
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    if news_arrived(session) {
        return Ok(None);
    }
    Ok(fetches
        .iter()
        .find(|fetch| fetch.uid == Some(uid))
        .map(|fetch| fetch.message))
}

/// The page older than `before` found with a UID SEARCH of every older message: the way
/// when `before` itself is no longer in the folder.
async fn page_by_search(
    session: &mut ImapSession,
    before: u32,
    limit: u32,
    mut result: MessagePage,
) -> Result<MessagePage> {
    let mut older: Vec<u32> = session
        .uid_search(format!("UID 1:{}", before - 1))
        .await
        .map_err(imap_error)?
        .into_iter()
        .filter(|uid| *uid < before)
        .collect();
    older.sort_unstable();
    let keep_from = older.len().saturating_sub(limit as usize);
    let wanted = &older[keep_from..];
    if wanted.is_empty() {
        return Ok(result);
    }
    let fetches = fetch_uids(session, wanted, &list_query()).await?;
    let messages = fetches.iter().filter_map(list_summary).collect();
    finish_page(&mut result, messages, limit, keep_from > 0);
    Ok(result)
}

/// A page of `selected` without messages yet.
fn empty_page(selected: &Selected) -> MessagePage {
    MessagePage {
        folder: selected.folder.clone(),
        uid_validity: UidValidity(selected.uid_validity),
        uid_next: selected.uid_next.map(Uid),
        total: selected.exists,
        messages: Vec::new(),
        next_before: None,
        next_after: None,
    }
}

/// Newest first, each once, at most `limit`; where the next page starts when older exist.
fn finish_page(
    result: &mut MessagePage,
    mut messages: Vec<MessageSummary>,
    limit: u32,
    older_exist: bool,
) {
    messages.sort_by_key(|m| std::cmp::Reverse(m.uid));
    messages.dedup_by_key(|m| m.uid);
    messages.truncate(limit as usize);
    result.next_before = if older_exist {
        messages.last().map(|m| m.uid)
    } else {
        None
    };
    result.messages = messages;
}

/// The messages of `folder` whose UID is above `after`, oldest first (arrival order):
/// what the rules have not seen yet. `next_after` is set when more follow.
pub async fn page_after(
    session: &mut ImapSession,
    folder: &FolderPath,
    after: Uid,
    limit: u32,
) -> Result<MessagePage> {
    let limit = limit.clamp(1, MAX_PAGE_SIZE);
    let selected = examined(session, folder, Freshness::Synced).await?;
    let mut result = empty_page(&selected);
    if selected.exists == 0 || after.0 == u32::MAX {
        keep(session, selected);
        return Ok(result);
    }
    // `n:*` also matches the highest UID when it is below n: filter again.
    let mut newer: Vec<u32> = session
        .uid_search(format!("UID {}:*", after.0 + 1))
        .await
        .map_err(imap_error)?
        .into_iter()
        .filter(|uid| *uid > after.0)
        .collect();
    newer.sort_unstable();
    let wanted = &newer[..newer.len().min(limit as usize)];
    if wanted.is_empty() {
        keep(session, selected);
        return Ok(result);
    }
    let fetches = fetch_uids(session, wanted, &list_query()).await?;
    keep(session, selected);
    let mut messages: Vec<MessageSummary> = fetches.iter().filter_map(list_summary).collect();
    messages.sort_by_key(|m| m.uid);
    messages.dedup_by_key(|m| m.uid);
    result.next_after = (newer.len() > wanted.len())
        .then(|| messages.last().map(|m| m.uid))
        .flatten();
    result.messages = messages;
    Ok(result)
}

pub(crate) fn list_query() -> String {
    format!(
        "(UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER] \
         BODY.PEEK[TEXT]<0.{PREVIEW_BYTES}>)"
    )
}

/// A list line from a FETCH of headers, the start of the text, and the structure.
pub(crate) fn list_summary(fetch: &Fetch) -> Option<MessageSummary> {
    let meta = message_meta(fetch)?;
    let mut raw = fetch.header().unwrap_or_default().to_vec();
    raw.extend_from_slice(fetch.text().unwrap_or_default());
    let has_attachments = fetch.bodystructure().is_some_and(has_attachments);
    match parse_message(&raw) {
        Ok(message) => Some(summary(&message, meta, has_attachments)),
        // Still list what cannot be parsed, so it can be opened, moved or deleted.
        Err(_) => Some(unparsed_summary(meta, has_attachments)),
    }
}

/// The list line of a message whose headers cannot be parsed: what the server said.
pub(crate) fn unparsed_summary(meta: MessageMeta, has_attachments: bool) -> MessageSummary {
    MessageSummary {
        uid: meta.uid,
        from: None,
        to: Vec::new(),
        cc: Vec::new(),
        subject: String::new(),
        date: None,
        received: meta.received,
        flags: meta.flags,
        size: meta.size,
        has_attachments,
        preview: String::new(),
        list_id: None,
        keywords: meta.keywords,
    }
}

/// UID, flags, INTERNALDATE and size of a FETCH response; `None` without a UID.
pub fn message_meta(fetch: &Fetch) -> Option<MessageMeta> {
    Some(MessageMeta {
        uid: Uid(fetch.uid?),
        flags: fetch.flags().filter_map(|flag| model_flag(&flag)).collect(),
        keywords: fetch.flags().filter_map(|flag| keyword(&flag)).collect(),
        received: Timestamp(fetch.internal_date().map_or(0, |date| date.timestamp())),
        size: fetch.size.unwrap_or(0),
    })
}

fn model_flag(flag: &ImapFlag<'_>) -> Option<Flag> {
    match flag {
        ImapFlag::Seen => Some(Flag::Seen),
        ImapFlag::Answered => Some(Flag::Answered),
        ImapFlag::Flagged => Some(Flag::Flagged),
        ImapFlag::Draft => Some(Flag::Draft),
        ImapFlag::Deleted => Some(Flag::Deleted),
        _ => None,
    }
}

/// A keyword the browser may see: not a system flag, not the bridge's claim of a move.
fn keyword(flag: &ImapFlag<'_>) -> Option<String> {
    match flag {
        ImapFlag::Custom(name)
            if !name.starts_with('\\') && !name.eq_ignore_ascii_case(CLAIM) && !name.is_empty() =>
        {
            Some(name.to_string())
        }
        _ => None,
    }
}

/// Whether a BODYSTRUCTURE has parts meant as files (not bodies, not embedded images).
pub fn has_attachments(structure: &BodyStructure<'_>) -> bool {
    match structure {
        BodyStructure::Multipart { bodies, .. } => bodies.iter().any(has_attachments),
        BodyStructure::Text { common, .. } => is_attachment_disposition(common),
        BodyStructure::Message { .. } => true,
        BodyStructure::Basic { common, other, .. } => {
            let inline = common
                .disposition
                .as_ref()
                .is_some_and(|d| d.ty.eq_ignore_ascii_case("inline"));
            let embedded = other.id.is_some() && common.ty.ty.eq_ignore_ascii_case("image");
            is_attachment_disposition(common) || !(inline || embedded)
        }
    }
}

fn is_attachment_disposition(common: &async_imap::imap_proto::BodyContentCommon<'_>) -> bool {
    common
        .disposition
        .as_ref()
        .is_some_and(|d| d.ty.eq_ignore_ascii_case("attachment"))
}

/// A compact IMAP sequence set for sorted UIDs: `1:3,7,9:10`.
pub fn uid_set(sorted: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = sorted.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&end.saturating_add(1)) && end < u32::MAX {
            end += 1;
            iter.next();
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact() {
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[5]), "5");
        assert_eq!(uid_set(&[]), "");
        assert_eq!(
            keyword(&ImapFlag::Custom("$Label1".into())).as_deref(),
            Some("$Label1")
        );
        assert_eq!(keyword(&ImapFlag::Custom(CLAIM.into())), None);
        assert_eq!(keyword(&ImapFlag::Custom("$facteurmoving".into())), None);
        assert_eq!(keyword(&ImapFlag::Custom("\\Unknown".into())), None);
        assert_eq!(keyword(&ImapFlag::Seen), None);
        assert_eq!(
            uid_set(&[u32::MAX - 1, u32::MAX]),
            format!("{}:{}", u32::MAX - 1, u32::MAX)
        );
    }
}
