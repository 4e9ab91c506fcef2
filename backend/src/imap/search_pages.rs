//! Pure: the page of a search answered from each folder's matches — one folder's page
//! as the server ordered it, or several folders' first matches merged in the model's
//! order ([`facteur_model::sort::compare`]) and labelled by folder.

use facteur_model::FolderPath;
use facteur_model::UidValidity;
use facteur_model::message::MessageSummary;
use facteur_model::search_results::{MAX_ALL_FOLDERS_DEPTH, SearchHit, SearchPage, SortedBy};
use facteur_model::sort::{SortFacts, SortOrder, compare};

/// What one folder gave: how many matches in all, and the list lines of the first ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderResult {
    pub folder: FolderPath,
    pub uid_validity: UidValidity,
    pub total: u32,
    pub first: Vec<MessageSummary>,
}

/// One folder's page: `first` already is the page (`offset` skipped by the search).
pub fn folder_page(
    result: FolderResult,
    offset: u32,
    limit: u32,
    sorted_by: SortedBy,
) -> SearchPage {
    let end = offset.saturating_add(limit);
    SearchPage {
        next_offset: (end < result.total).then_some(end),
        total: result.total,
        hits: label(&result.folder, result.uid_validity, result.first),
        sorted_by,
        unsearched: Vec::new(),
    }
}

/// Several folders merged: every folder's first `offset + limit` matches in one order,
/// then the page. Paging stops at [`MAX_ALL_FOLDERS_DEPTH`].
pub fn merged_page(
    results: Vec<FolderResult>,
    unsearched: Vec<FolderPath>,
    order: SortOrder,
    offset: u32,
    limit: u32,
    sorted_by: SortedBy,
) -> SearchPage {
    let total = results
        .iter()
        .map(|r| r.total)
        .fold(0u32, u32::saturating_add);
    let mut all: Vec<(SortFacts, SearchHit)> = results
        .into_iter()
        .flat_map(|r| label(&r.folder, r.uid_validity, r.first))
        .map(|hit| (SortFacts::of(&hit.message), hit))
        .collect();
    // Stable: equal messages keep the folders' order.
    all.sort_by(|(a, _), (b, _)| compare(order, a, b));
    let hits: Vec<SearchHit> = all
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|(_, hit)| hit)
        .collect();
    let end = offset.saturating_add(limit);
    SearchPage {
        next_offset: (end < total && end < MAX_ALL_FOLDERS_DEPTH).then_some(end),
        total,
        hits,
        sorted_by,
        unsearched,
    }
}

fn label(
    folder: &FolderPath,
    uid_validity: UidValidity,
    lines: Vec<MessageSummary>,
) -> Vec<SearchHit> {
    lines
        .into_iter()
        .map(|message| SearchHit {
            folder: folder.clone(),
            uid_validity,
            message,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::sort::{SortDirection, SortKey};
    use facteur_model::{Timestamp, Uid};

    fn line(uid: u32, received: i64) -> MessageSummary {
        MessageSummary {
            uid: Uid(uid),
            from: None,
            to: Vec::new(),
            cc: Vec::new(),
            subject: String::new(),
            date: None,
            received: Timestamp(received),
            flags: Vec::new(),
            size: uid,
            has_attachments: false,
            preview: String::new(),
            list_id: None,
            keywords: Vec::new(),
        }
    }

    fn result(folder: &str, total: u32, first: Vec<MessageSummary>) -> FolderResult {
        FolderResult {
            folder: FolderPath(folder.into()),
            uid_validity: UidValidity(1),
            total,
            first,
        }
    }

    #[test]
    fn folders_merge_in_order_and_keep_their_labels() {
        let results = vec![
            result("INBOX", 3, vec![line(9, 900), line(5, 500), line(1, 100)]),
            result("Archives", 2, vec![line(7, 700), line(3, 300)]),
        ];
        let page = merged_page(
            results.clone(),
            vec![],
            SortOrder::default(),
            1,
            3,
            SortedBy::Server,
        );
        let got: Vec<(&str, u32)> = page
            .hits
            .iter()
            .map(|h| (h.folder.as_str(), h.message.uid.0))
            .collect();
        assert_eq!(got, [("Archives", 7), ("INBOX", 5), ("Archives", 3)]);
        assert_eq!((page.total, page.next_offset), (5, Some(4)));
        let oldest = SortOrder {
            key: SortKey::Date,
            direction: SortDirection::Ascending,
        };
        let last = merged_page(
            results,
            vec![FolderPath("Junk".into())],
            oldest,
            3,
            3,
            SortedBy::Bridge,
        );
        assert_eq!(last.hits.len(), 2);
        assert_eq!(last.next_offset, None);
        assert_eq!(last.unsearched, [FolderPath("Junk".into())]);
    }

    #[test]
    fn one_folder_pages_until_its_total() {
        let page = folder_page(
            result("INBOX", 60, vec![line(2, 2)]),
            50,
            10,
            SortedBy::Server,
        );
        assert_eq!(page.next_offset, None);
        let page = folder_page(
            result("INBOX", 61, vec![line(2, 2)]),
            50,
            10,
            SortedBy::Server,
        );
        assert_eq!(page.next_offset, Some(60));
        assert_eq!(page.hits[0].folder.as_str(), "INBOX");
    }

    #[test]
    fn all_folders_paging_stops_at_the_depth_limit() {
        let many = result("INBOX", 5000, vec![line(1, 1)]);
        let page = merged_page(
            vec![many],
            vec![],
            SortOrder::default(),
            MAX_ALL_FOLDERS_DEPTH - 50,
            50,
            SortedBy::Server,
        );
        assert_eq!(page.next_offset, None);
    }
}
