//! Searching every folder at once, over a bounded number of connections: the account's
//! cached one and at most [`EXTRA_CONNECTIONS`] more opened for this search (and logged
//! out after), each taking its share of the folders in turn.

use super::capabilities::features;
use super::connect::{Connector, ImapSession};
use super::folders::list_all;
use super::mailboxes::Mailboxes;
use super::search::{folder_matches, summaries};
use super::search_pages::FolderResult;
use crate::error::{Error, Result};
use crate::session::Account;
use facteur_model::FolderPath;
use facteur_model::search::SearchQuery;
use facteur_model::sort::SortOrder;
use std::time::Duration;

/// Connections opened for one all-folders search besides the cached one.
pub const EXTRA_CONNECTIONS: usize = 2;

/// What searching every folder gave.
#[derive(Debug, Default)]
pub struct AllFolders {
    pub results: Vec<FolderResult>,
    /// Folders whose search failed; the others are answered.
    pub unsearched: Vec<FolderPath>,
    /// Whether every searched folder was sorted by the server.
    pub server_sorted: bool,
}

/// The first `depth` matches (and the count) of every selectable folder.
pub async fn search_all(
    mailboxes: &Mailboxes,
    account: &Account,
    command_timeout: Duration,
    query: &SearchQuery,
    order: SortOrder,
    depth: u32,
) -> Result<AllFolders> {
    let folders: Vec<FolderPath> = mailboxes
        .run(account, (), |session, ()| Box::pin(list_all(session)))
        .await?
        .into_iter()
        .filter(|folder| folder.selectable)
        .map(|folder| FolderPath(folder.path))
        .collect();
    let shares = shares(&folders, 1 + EXTRA_CONNECTIONS);
    let mut work = Vec::with_capacity(shares.len());
    for (index, share) in shares.into_iter().enumerate() {
        let query = query.clone();
        work.push(async move {
            let outcome = if index == 0 {
                mailboxes
                    .run(
                        account,
                        (share.clone(), query),
                        move |session, (share, query)| {
                            Box::pin(search_share(session, share, query, order, depth))
                        },
                    )
                    .await
            } else {
                on_own_connection(
                    &mailboxes.connector,
                    account,
                    command_timeout,
                    &share,
                    &query,
                    order,
                    depth,
                )
                .await
            };
            // A share whose connection failed is reported folder by folder.
            outcome.unwrap_or_else(|_| share.into_iter().map(Err).collect())
        });
    }
    let mut all = AllFolders {
        server_sorted: true,
        ..AllFolders::default()
    };
    for outcome in futures::future::join_all(work).await.into_iter().flatten() {
        match outcome {
            Ok((result, sorted)) => {
                all.server_sorted &= sorted;
                all.results.push(result);
            }
            Err(folder) => all.unsearched.push(folder),
        }
    }
    Ok(all)
}

/// Folders dealt round-robin into at most `count` non-empty shares.
fn shares(folders: &[FolderPath], count: usize) -> Vec<Vec<FolderPath>> {
    let count = count.clamp(1, folders.len().max(1));
    let mut shares = vec![Vec::new(); count];
    for (index, folder) in folders.iter().enumerate() {
        shares[index % count].push(folder.clone());
    }
    shares.retain(|share| !share.is_empty());
    shares
}

type Outcome = std::result::Result<(FolderResult, bool), FolderPath>;

async fn on_own_connection(
    connector: &Connector,
    account: &Account,
    command_timeout: Duration,
    share: &[FolderPath],
    query: &SearchQuery,
    order: SortOrder,
    depth: u32,
) -> Result<Vec<Outcome>> {
    let mut session = connector
        .open(&account.imap, &account.username, &account.password)
        .await?;
    let outcome = tokio::time::timeout(
        command_timeout,
        search_share(&mut session, share, query, order, depth),
    )
    .await
    .map_err(|_| Error::Timeout("the IMAP server took too long".into()));
    let _ = tokio::time::timeout(Duration::from_secs(5), session.logout()).await;
    outcome?
}

/// Each folder of `share` in turn on one connection; a folder that fails is named, and
/// the others still searched.
async fn search_share(
    session: &mut ImapSession,
    share: &[FolderPath],
    query: &SearchQuery,
    order: SortOrder,
    depth: u32,
) -> Result<Vec<Outcome>> {
    let features = features(session).await?;
    let mut outcomes = Vec::with_capacity(share.len());
    for folder in share {
        session.get_mut().start_operation();
        let searched = async {
            let matches = folder_matches(session, features, folder, query, order).await?;
            let first = summaries(
                session,
                &matches.uids[..matches.uids.len().min(depth as usize)],
            )
            .await?;
            Ok::<_, Error>((
                FolderResult {
                    folder: folder.clone(),
                    uid_validity: matches.uid_validity,
                    total: u32::try_from(matches.uids.len()).unwrap_or(u32::MAX),
                    first,
                },
                matches.server_sorted,
            ))
        };
        match searched.await {
            Ok(result) => outcomes.push(Ok(result)),
            Err(error) if error.breaks_connection() => return Err(error),
            Err(error) => {
                tracing::debug!(?error, "a folder could not be searched");
                outcomes.push(Err(folder.clone()));
            }
        }
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_dealt_into_bounded_shares() {
        let folders: Vec<FolderPath> = (0..5).map(|i| FolderPath(format!("F{i}"))).collect();
        let dealt = shares(&folders, 3);
        let names = |share: &Vec<FolderPath>| share.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            dealt.iter().map(names).collect::<Vec<_>>(),
            [vec!["F0", "F3"], vec!["F1", "F4"], vec!["F2"]]
        );
        assert_eq!(shares(&folders[..1], 3).len(), 1);
        assert!(shares(&[], 3).is_empty());
    }
}
