//! Finding report messages on the server: which folders may hold them, the IMAP SEARCH
//! that picks the candidates (`multipart/report` messages received since the message
//! was sent), and a bounded fetch of the newest of them. Also the search of Sent for
//! the message a report is about.

use super::cache::CachedRead;
use super::report_parts::read_report;
use super::status::FoundReport;
use crate::error::Result;
use crate::imap::ImapSession;
use crate::imap::error::imap_error;
use crate::imap::fetch::fetch_uids;
use crate::imap::folders::{ListedFolder, list_all};
use crate::mime::parse::parse_message;
use chrono::DateTime;
use facteur_delivery::{ReportLocation, ReportRefs, SentMessageKey, match_report};
use facteur_model::compose::ENVID_HEADER;
use facteur_model::folder::FolderRole;
use facteur_model::{FolderPath, Timestamp, Uid};

/// The most candidates fetched for one sent message, newest first.
pub const MAX_CANDIDATES: usize = 200;
/// The most folders searched: the inbox and the first others the server lists.
pub const MAX_FOLDERS: usize = 25;
/// Bytes fetched of each candidate: the report parts come right after a short
/// explanation, so a partial fetch holds them even when the whole original came back.
pub const CANDIDATE_BYTES: u32 = 64 * 1024;
/// The most Sent messages checked as a report's original (normally one matches).
const MAX_ORIGINALS: usize = 20;
/// Seconds searched before the sent date: SEARCH SINCE works on whole days in the
/// server's time zone, and a Date header may be a little off.
const SINCE_MARGIN_SECS: i64 = 24 * 3600;

/// The folders that may hold reports: the inbox first, then Junk and Trash (a spam
/// filter may take a bounce for spam, and a report the user threw away still tells what
/// happened), then every other selectable folder that is not where mail is written
/// (Sent, Drafts) nor a virtual view of others (All, Flagged); at most [`MAX_FOLDERS`].
/// Matching by ENVID or Message-ID keeps forged bounces from counting.
pub fn folders_to_search(listed: &[ListedFolder]) -> Vec<ListedFolder> {
    let with_role = |role: FolderRole| {
        listed
            .iter()
            .filter(move |f| f.role == Some(role) && f.selectable)
    };
    let skipped = [
        FolderRole::Inbox,
        FolderRole::Junk,
        FolderRole::Trash,
        FolderRole::Sent,
        FolderRole::Drafts,
        FolderRole::All,
        FolderRole::Flagged,
    ];
    let others = listed
        .iter()
        .filter(|f| f.selectable && !f.role.is_some_and(|role| skipped.contains(&role)));
    with_role(FolderRole::Inbox)
        .chain(with_role(FolderRole::Junk))
        .chain(with_role(FolderRole::Trash))
        .chain(others)
        .take(MAX_FOLDERS)
        .cloned()
        .collect()
}

/// The SEARCH criteria of report candidates: a `report` Content-Type (Dovecot matches
/// the header value as a substring, case-insensitively), received since a day before
/// `sent_at` when it is known.
pub fn candidate_criteria(sent_at: Option<Timestamp>) -> String {
    let since = sent_at
        .and_then(|at| DateTime::from_timestamp(at.0.saturating_sub(SINCE_MARGIN_SECS), 0))
        .map(|at| format!("SINCE {} ", at.format("%-d-%b-%Y")))
        .unwrap_or_default();
    format!("{since}HEADER Content-Type \"report\"")
}

/// The newest `budget` UIDs, highest first.
pub fn newest(mut uids: Vec<u32>, budget: usize) -> Vec<u32> {
    uids.sort_unstable_by(|a, b| b.cmp(a));
    uids.dedup();
    uids.truncate(budget);
    uids
}

/// What a search found: candidates already read (from the cache), candidates fetched
/// and still to read, and the folders searched.
#[derive(Debug, Default)]
pub struct Candidates {
    pub known: Vec<CachedRead>,
    pub fetched: Vec<RawCandidate>,
    pub searched: Vec<FolderPath>,
}

/// Reports received since `sent_at` in the folders that may hold them, at most
/// [`MAX_CANDIDATES`] (the inbox's newest first). Candidates `known` gives are not
/// fetched again. A folder that cannot be opened is skipped and not named as searched.
pub async fn find_reports(
    session: &mut ImapSession,
    sent_at: Option<Timestamp>,
    known: &(dyn Fn(&ReportLocation, u32) -> Option<CachedRead> + Send + Sync),
) -> Result<Candidates> {
    let listed = list_all(session).await?;
    let criteria = candidate_criteria(sent_at);
    let mut result = Candidates::default();
    let mut taken = 0;
    for folder in folders_to_search(&listed) {
        let budget = MAX_CANDIDATES.saturating_sub(taken);
        if budget == 0 {
            break;
        }
        let Ok(mailbox) = session.examine(&folder.wire_name).await else {
            continue;
        };
        // Without a UIDVALIDITY a UID names no message for good: nothing is reused.
        let validity = mailbox.uid_validity.filter(|v| *v != 0);
        let path = FolderPath(folder.path.clone());
        result.searched.push(path.clone());
        let found: Vec<u32> = session
            .uid_search(&criteria)
            .await
            .map_err(imap_error)?
            .into_iter()
            .collect();
        let newest = newest(found, budget);
        taken += newest.len();
        let mut wanted = Vec::new();
        for uid in newest {
            let location = ReportLocation {
                folder: path.clone(),
                uid: Uid(uid),
            };
            match validity.and_then(|v| known(&location, v)) {
                Some(read) => result.known.push(read),
                None => wanted.push(uid),
            }
        }
        if wanted.is_empty() {
            continue;
        }
        wanted.sort_unstable();
        let items = format!("(UID INTERNALDATE BODY.PEEK[]<0.{CANDIDATE_BYTES}>)");
        let fetches = fetch_uids(session, &wanted, &items).await?;
        result.fetched.extend(fetches.iter().filter_map(|fetch| {
            let uid = fetch.uid?;
            Some(RawCandidate {
                location: ReportLocation {
                    folder: path.clone(),
                    uid: Uid(uid),
                },
                uid_validity: validity,
                received: Timestamp(fetch.internal_date().map_or(0, |d| d.timestamp())),
                bytes: fetch.body()?.to_vec(),
            })
        }));
    }
    Ok(result)
}

/// A possible report, as fetched (the start of it).
#[derive(Debug, Clone)]
pub struct RawCandidate {
    pub location: ReportLocation,
    /// The folder's UIDVALIDITY, when the server gave one.
    pub uid_validity: Option<u32>,
    pub received: Timestamp,
    pub bytes: Vec<u8>,
}

impl RawCandidate {
    /// The report it holds; `None` when it is not one after all (a message whose
    /// Content-Type merely mentions "report").
    pub fn read(&self) -> Option<FoundReport> {
        let message = parse_message(&self.bytes).ok()?;
        Some(FoundReport {
            location: self.location.clone(),
            received: self.received,
            report: read_report(&message)?,
        })
    }
}

/// The Sent copy a report is about: searched in the Sent folders by the returned
/// Message-ID and by our ENVID header, each hit checked with the matching rules.
/// `None` when nothing in Sent matches (or the report names nothing searchable).
pub async fn find_original(
    session: &mut ImapSession,
    refs: &OwnedRefs,
) -> Result<Option<ReportLocation>> {
    let Some(criteria) = original_criteria(refs) else {
        return Ok(None);
    };
    let listed = list_all(session).await?;
    let sent_folders = listed.iter().filter(|f| {
        f.selectable
            && (f.role == Some(FolderRole::Sent)
                || (f.role.is_none() && f.path.eq_ignore_ascii_case("Sent")))
    });
    for folder in sent_folders {
        if session.examine(&folder.wire_name).await.is_err() {
            continue;
        }
        let found: Vec<u32> = session
            .uid_search(&criteria)
            .await
            .map_err(imap_error)?
            .into_iter()
            .collect();
        let mut wanted = newest(found, MAX_ORIGINALS);
        if wanted.is_empty() {
            continue;
        }
        wanted.sort_unstable();
        let items = format!("(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID {ENVID_HEADER})])");
        let fetches = fetch_uids(session, &wanted, &items).await?;
        let mut hits: Vec<u32> = fetches
            .iter()
            .filter_map(|fetch| {
                let uid = fetch.uid?;
                let head = parse_message(fetch.header()?).ok()?;
                let key = SentMessageKey {
                    envid: head
                        .header_raw(ENVID_HEADER)
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty()),
                    message_id: head.message_id().map(str::to_owned),
                    recipients: Vec::new(),
                };
                match_report(&key, &refs.as_refs()).map(|_| uid)
            })
            .collect();
        hits.sort_unstable();
        if let Some(uid) = hits.last() {
            return Ok(Some(ReportLocation {
                folder: FolderPath(folder.path.clone()),
                uid: Uid(*uid),
            }));
        }
    }
    Ok(None)
}

/// A report's references, owned, to carry into an IMAP operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnedRefs {
    pub envid: Option<String>,
    pub original_message_id: Option<String>,
    pub returned_headers: Option<Vec<u8>>,
}

impl OwnedRefs {
    /// Copies a report's references.
    pub fn of(refs: &ReportRefs<'_>) -> Self {
        OwnedRefs {
            envid: refs.envid.map(str::to_owned),
            original_message_id: refs.original_message_id.map(str::to_owned),
            returned_headers: refs.returned_headers.map(<[u8]>::to_vec),
        }
    }

    /// Borrows them back for [`match_report`].
    pub fn as_refs(&self) -> ReportRefs<'_> {
        ReportRefs {
            envid: self.envid.as_deref(),
            original_message_id: self.original_message_id.as_deref(),
            returned_headers: self.returned_headers.as_deref(),
        }
    }

    /// The Message-ID the report names: the receipt's Original-Message-ID, else the
    /// returned headers' one.
    pub fn message_id(&self) -> Option<String> {
        self.original_message_id.clone().or_else(|| {
            self.returned_headers
                .as_deref()
                .and_then(facteur_delivery::message_id_from_headers)
        })
    }
}

/// SEARCH criteria for the Sent copy: its Message-ID (without angle brackets, as a
/// substring) or its ENVID header; `None` when the report names neither in a form that
/// fits a quoted string (ASCII, no line breaks).
pub fn original_criteria(refs: &OwnedRefs) -> Option<String> {
    let message_id = refs
        .message_id()
        .and_then(|id| facteur_delivery::normalize_message_id(&id))
        .and_then(|id| searchable(&id))
        .map(|id| format!("HEADER Message-ID {id}"));
    let envid = refs
        .envid
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .and_then(searchable)
        .map(|e| format!("HEADER {ENVID_HEADER} {e}"));
    match (message_id, envid) {
        (Some(id), Some(envid)) => Some(format!("OR {id} {envid}")),
        (one, other) => one.or(other),
    }
}

/// `text` as an IMAP quoted string, when it can be one.
fn searchable(text: &str) -> Option<String> {
    let fits = !text.is_empty() && text.chars().all(|c| c.is_ascii() && !c.is_ascii_control());
    fits.then(|| crate::imap::transfer::quoted(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(path: &str, role: Option<FolderRole>, selectable: bool) -> ListedFolder {
        ListedFolder {
            wire_name: path.to_owned(),
            path: path.to_owned(),
            delimiter: Some("/".into()),
            role,
            selectable,
        }
    }

    #[test]
    fn the_inbox_comes_first_then_junk_and_trash_and_mail_we_wrote_is_skipped() {
        let folders = [
            listed("Archive", Some(FolderRole::Archive), true),
            listed("Sent", Some(FolderRole::Sent), true),
            listed("Drafts", Some(FolderRole::Drafts), true),
            listed("Trash", Some(FolderRole::Trash), true),
            listed("Junk", Some(FolderRole::Junk), true),
            listed("All", Some(FolderRole::All), true),
            listed("Reports", None, true),
            listed("Old", None, false),
            listed("INBOX", Some(FolderRole::Inbox), true),
        ];
        let chosen: Vec<String> = folders_to_search(&folders)
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(chosen, ["INBOX", "Junk", "Trash", "Archive", "Reports"]);
        let many: Vec<ListedFolder> = (0..40)
            .map(|n| listed(&format!("F{n}"), None, true))
            .collect();
        assert_eq!(folders_to_search(&many).len(), MAX_FOLDERS);
    }

    #[test]
    fn candidates_are_reports_since_the_day_before_sending() {
        // 2026-11-26T09:27:16Z
        assert_eq!(
            candidate_criteria(Some(Timestamp(1_795_685_236))),
            "SINCE 25-Nov-2026 HEADER Content-Type \"report\""
        );
        assert_eq!(candidate_criteria(None), "HEADER Content-Type \"report\"");
    }

    #[test]
    fn the_newest_candidates_are_kept() {
        assert_eq!(newest(vec![3, 9, 1, 9, 5], 3), [9, 5, 3]);
        assert!(newest(vec![], 3).is_empty());
    }

    #[test]
    fn the_original_is_searched_by_message_id_or_envid() {
        let refs = OwnedRefs {
            envid: Some("fdv-1".into()),
            original_message_id: None,
            returned_headers: Some(
                b"Subject: x\r\nMessage-ID: <a\"b@Example.TEST>\r\n\r\n".to_vec(),
            ),
        };
        assert_eq!(
            original_criteria(&refs).as_deref(),
            Some("OR HEADER Message-ID \"a\\\"b@example.test\" HEADER X-Facteur-Envid \"fdv-1\"")
        );
        // A read receipt names the original by its Message-ID, searched when ASCII.
        let by_message_id = |id: &str| OwnedRefs {
            original_message_id: Some(id.into()),
            ..OwnedRefs::default()
        };
        assert_eq!(
            original_criteria(&by_message_id("<r@example.test>")).as_deref(),
            Some("HEADER Message-ID \"r@example.test\"")
        );
        assert_eq!(original_criteria(&by_message_id("<é@example.test>")), None);
        assert_eq!(original_criteria(&OwnedRefs::default()), None);
    }
}
