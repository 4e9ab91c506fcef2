//! The route a received message took and its authentication verdict.

use super::extract::MessageAddress;
use super::messages::blocking;
use crate::error::{Error, Result};
use crate::imap::fetch::fetch_one;
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_delivery::{TransitView, read_transit};

/// `GET /api/folders/{folder}/messages/{uid}/transit`: the `Received` chain and the
/// `Authentication-Results` read by `shared/delivery`. Only the header block is fetched:
/// the body, perhaps with large attachments, says nothing about the route.
pub async fn transit(
    State(state): State<AppState>,
    account: Account,
    MessageAddress { folder, uid }: MessageAddress,
) -> Result<Json<TransitView>> {
    let head = state
        .mailboxes
        .run(&account, folder, move |session, folder| {
            Box::pin(async move {
                let fetch = fetch_one(session, folder, uid, "(UID BODY.PEEK[HEADER])").await?;
                Ok(fetch.header().ok_or(Error::MessageNotFound)?.to_vec())
            })
        })
        .await?;
    let view = blocking(move || Ok(read_transit(&head))).await?;
    Ok(Json(view))
}
