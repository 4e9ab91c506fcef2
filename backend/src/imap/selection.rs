//! Keeping a folder open between requests instead of opening it for every page.
//!
//! EXAMINE costs what the server needs to open the folder (Dovecot reads the maildir
//! listing: about 12 ms at 10,000 messages); a NOOP on the folder already open costs a
//! round trip and brings what changed since as untagged responses: `EXPUNGE` (the count
//! goes down by one), `EXISTS` (mail arrived: the folder is examined again, for its new
//! UIDNEXT), flag `FETCH`es (nothing to keep). The folder is remembered in the session's
//! stream ([`SessionStream`](super::session_stream::SessionStream)), which forgets it as
//! soon as any other command is written on the connection; anything unexpected, or
//! async-imap's channel of untagged responses found full (it drops what does not fit),
//! also means examining again.

use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::mutf7;
pub use super::session_stream::Selected;
use crate::error::Result;
use async_imap::imap_proto::{Outcome, Response, ResponseCode, Status};
use async_imap::types::UnsolicitedResponse;
use facteur_model::FolderPath;

/// Whether the caller needs the server's latest news before using the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// NOOP first: sequence numbers and the count are those of the server now (pages).
    Synced,
    /// As last seen: enough for commands by UID (a UID the folder lost is not found).
    AsIs,
}

/// One untagged response, as far as the remembered folder is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    /// `* n EXISTS`.
    Exists(u32),
    /// `* n EXPUNGE`.
    Expunge,
    /// Flags of a message, RECENT, a STATUS: nothing the folder's memory holds.
    Harmless,
    /// Anything else (a new UIDVALIDITY, BYE...): open the folder again.
    Unknown,
}

/// `selected` after `news`, or `None` when it must be examined again.
pub fn apply_news(mut selected: Selected, news: &[News]) -> Option<Selected> {
    for item in news {
        match item {
            News::Expunge => selected.exists = selected.exists.checked_sub(1)?,
            // Same count after expunges: nothing arrived. Otherwise UIDNEXT moved.
            News::Exists(count) if *count == selected.exists => {}
            News::Exists(_) | News::Unknown => return None,
            News::Harmless => {}
        }
    }
    Some(selected)
}

/// `folder`, open read-only on this connection: kept from the last request when nothing
/// else used the connection since (after a NOOP when `freshness` asks), else examined.
/// The caller hands it back with [`keep`] once its own commands are done.
pub async fn examined(
    session: &mut ImapSession,
    folder: &FolderPath,
    freshness: Freshness,
) -> Result<Selected> {
    let remembered = session
        .get_mut()
        .take_selected()
        .filter(|selected| selected.folder == *folder);
    if let Some(selected) = remembered {
        match freshness {
            Freshness::AsIs => return Ok(selected),
            Freshness::Synced => {
                session.noop().await.map_err(imap_error)?;
                let news = drain_news(session);
                if let Some(current) = news.and_then(|news| apply_news(selected, &news)) {
                    return Ok(current);
                }
            }
        }
    }
    examine(session, folder).await
}

/// Remembers `selected` as what this connection has open, current as of now.
pub fn keep(session: &mut ImapSession, selected: Selected) {
    session.get_mut().remember(selected);
}

/// Whether untagged news arrived since the last [`examined`] (during the commands run
/// since): sequence numbers may have moved.
pub fn news_arrived(session: &ImapSession) -> bool {
    !session.unsolicited_responses.is_empty()
}

async fn examine(session: &mut ImapSession, folder: &FolderPath) -> Result<Selected> {
    // What is queued describes the folder open before: void once this one is.
    let _ = drain_news(session);
    let mailbox = session
        .examine(mutf7::encode(folder.as_str()))
        .await
        .map_err(|e| folder_error(folder.as_str(), e))?;
    Ok(Selected {
        folder: folder.clone(),
        uid_validity: mailbox.uid_validity.unwrap_or(0),
        uid_next: mailbox.uid_next,
        exists: mailbox.exists,
    })
}

/// The untagged responses queued by async-imap, or `None` when its bounded channel was
/// full (some may have been dropped).
fn drain_news(session: &mut ImapSession) -> Option<Vec<News>> {
    let full = session.unsolicited_responses.is_full();
    let mut news = Vec::new();
    while let Ok(response) = session.unsolicited_responses.try_recv() {
        news.push(match response {
            UnsolicitedResponse::Exists(count) => News::Exists(count),
            UnsolicitedResponse::Expunge(_) => News::Expunge,
            UnsolicitedResponse::Recent(_) | UnsolicitedResponse::Status { .. } => News::Harmless,
            UnsolicitedResponse::Other(data) => match data.parsed() {
                // Flag changes; `* OK Still here`; the new HIGHESTMODSEQ once a
                // CONDSTORE command (a move) enabled it on this connection.
                Response::Fetch(..)
                | Response::Data {
                    status: Status::Ok,
                    outcome:
                        Outcome {
                            code: None | Some(ResponseCode::HighestModSeq(_)),
                            ..
                        },
                } => News::Harmless,
                _ => News::Unknown,
            },
        });
    }
    (!full).then_some(news)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbox(exists: u32) -> Selected {
        Selected {
            folder: FolderPath::inbox(),
            uid_validity: 1,
            uid_next: Some(exists + 1),
            exists,
        }
    }

    #[test]
    fn news_updates_the_count_or_asks_for_a_new_examine() {
        let cases: &[(&[News], Option<u32>)] = &[
            (&[], Some(10)),
            (&[News::Harmless, News::Harmless], Some(10)),
            (&[News::Expunge, News::Expunge], Some(8)),
            // Dovecot repeats the count after expunges: nothing new.
            (&[News::Expunge, News::Exists(9)], Some(9)),
            (&[News::Exists(11)], None),
            (&[News::Expunge, News::Exists(10)], None),
            (&[News::Unknown], None),
            (&[News::Expunge; 11], None),
        ];
        for (news, exists) in cases {
            assert_eq!(
                apply_news(inbox(10), news).map(|s| s.exists),
                *exists,
                "{news:?}"
            );
        }
        let kept = apply_news(inbox(10), &[News::Expunge]).unwrap();
        assert_eq!(kept.uid_next, Some(11), "UIDNEXT never goes down");
    }
}
