//! `GET /api/search`: the query text parsed with the model's parser, then one folder's
//! matches (as the server sorted them) or every folder's, merged.

use super::extract::{ApiQuery, folder_path};
use crate::error::{Error, Result};
use crate::imap::capabilities::features;
use crate::imap::messages::DEFAULT_PAGE_SIZE;
use crate::imap::search::{folder_matches, summaries};
use crate::imap::search_all::search_all;
use crate::imap::search_pages::{FolderResult, folder_page, merged_page};
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::api::MAX_PAGE_SIZE;
use facteur_model::search::parse_query;
use facteur_model::search_results::{MAX_ALL_FOLDERS_DEPTH, SearchPage, SortedBy};
use facteur_model::sort::{SortDirection, SortKey, SortOrder};
use serde::Deserialize;

/// The query string of a search.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: String,
    folder: Option<String>,
    sort: Option<String>,
    order: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
}

/// `GET /api/search`.
pub async fn search(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchPage>> {
    let query = parse_query(&params.q).map_err(Error::InvalidSearch)?;
    let order = SortOrder {
        key: match params.sort.as_deref() {
            None => SortKey::default(),
            Some(name) => SortKey::from_query(name)
                .ok_or_else(|| Error::InvalidInput("sort: not a sort key".into()))?,
        },
        direction: match params.order.as_deref() {
            None => SortDirection::default(),
            Some(name) => SortDirection::from_query(name)
                .ok_or_else(|| Error::InvalidInput("order: asc or desc".into()))?,
        },
    };
    let limit = params
        .limit
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE);
    let offset = params.offset.unwrap_or(0);
    let sorted_by = |server: bool| {
        if server {
            SortedBy::Server
        } else {
            SortedBy::Bridge
        }
    };
    let page = match params.folder {
        Some(folder) => {
            let folder = folder_path(folder)?;
            let (result, server_sorted) = state
                .mailboxes
                .run(
                    &account,
                    (folder, query),
                    move |session, (folder, query)| {
                        Box::pin(async move {
                            let features = features(session).await?;
                            let matches =
                                folder_matches(session, features, folder, query, order).await?;
                            let start = (offset as usize).min(matches.uids.len());
                            let end = start.saturating_add(limit as usize).min(matches.uids.len());
                            let first = summaries(session, &matches.uids[start..end]).await?;
                            Ok((
                                FolderResult {
                                    folder: folder.clone(),
                                    uid_validity: matches.uid_validity,
                                    total: u32::try_from(matches.uids.len()).unwrap_or(u32::MAX),
                                    first,
                                },
                                matches.server_sorted,
                            ))
                        })
                    },
                )
                .await?;
            folder_page(result, offset, limit, sorted_by(server_sorted))
        }
        None => {
            if offset.saturating_add(limit) > MAX_ALL_FOLDERS_DEPTH {
                return Err(Error::InvalidInput(format!(
                    "offset: an all-folders search pages up to {MAX_ALL_FOLDERS_DEPTH} matches"
                )));
            }
            let depth = offset + limit;
            let timeout = state.config.outbound.command_timeout();
            let all = search_all(&state.mailboxes, &account, timeout, &query, order, depth).await?;
            merged_page(
                all.results,
                all.unsearched,
                order,
                offset,
                limit,
                sorted_by(all.server_sorted),
            )
        }
    };
    Ok(Json(page))
}
