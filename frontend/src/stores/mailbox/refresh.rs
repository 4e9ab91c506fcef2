//! Refreshing the list: the newest page replaces the rows it covers, older rows stay.

use facteur_model::message::MessageSummary;

/// The list after fetching its newest page again: the page's messages, then the rows
/// already loaded that are older than anything on the page. Rows within the page's range
/// that the page no longer holds were moved or deleted elsewhere and go away; when the
/// page is the whole folder (`complete`), nothing else remains.
pub fn merge_newest_page(
    loaded: &[MessageSummary],
    page: Vec<MessageSummary>,
    complete: bool,
) -> Vec<MessageSummary> {
    if complete {
        return page;
    }
    let Some(oldest) = page.iter().map(|m| m.uid).min() else {
        return loaded.to_vec();
    };
    let mut merged = page;
    merged.extend(loaded.iter().filter(|m| m.uid < oldest).cloned());
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_messages;
    use facteur_model::Timestamp;

    fn row(uid: u32) -> MessageSummary {
        MessageSummary {
            received: Timestamp(i64::from(uid)),
            ..test_messages::summary(uid)
        }
    }

    fn uids(rows: &[MessageSummary]) -> Vec<u32> {
        rows.iter().map(|m| m.uid.0).collect()
    }

    #[test]
    fn new_mail_on_top_gone_mail_away_older_rows_kept() {
        let loaded: Vec<_> = [10, 9, 8, 7, 3, 2].map(row).to_vec();
        // 12 and 11 arrived, 9 was moved elsewhere; the page covers 7..12.
        let page = [12, 11, 10, 8, 7].map(row).to_vec();
        assert_eq!(
            uids(&merge_newest_page(&loaded, page, false)),
            [12, 11, 10, 8, 7, 3, 2]
        );
        let whole = [12, 2].map(row).to_vec();
        assert_eq!(uids(&merge_newest_page(&loaded, whole, true)), [12, 2]);
        assert_eq!(
            uids(&merge_newest_page(&loaded, vec![], false)),
            uids(&loaded)
        );
    }
}
