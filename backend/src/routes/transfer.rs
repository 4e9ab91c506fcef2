//! Moving and copying messages between folders.

use super::extract::{ApiJson, ApiPath, folder_path};
use crate::error::Result;
use crate::imap::transfer::{Transfer, checked_uids, transfer};
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::folder_ops::{TransferRequest, TransferResult};

/// `POST /api/folders/{folder}/move`.
pub async fn move_messages(
    state: State<AppState>,
    account: Account,
    folder: ApiPath<String>,
    request: ApiJson<TransferRequest>,
) -> Result<Json<TransferResult>> {
    run(state, account, folder, request, Transfer::Move).await
}

/// `POST /api/folders/{folder}/copy`.
pub async fn copy_messages(
    state: State<AppState>,
    account: Account,
    folder: ApiPath<String>,
    request: ApiJson<TransferRequest>,
) -> Result<Json<TransferResult>> {
    run(state, account, folder, request, Transfer::Copy).await
}

async fn run(
    State(state): State<AppState>,
    account: Account,
    ApiPath(folder): ApiPath<String>,
    ApiJson(request): ApiJson<TransferRequest>,
    kind: Transfer,
) -> Result<Json<TransferResult>> {
    let from = folder_path(folder)?;
    let to = folder_path(request.to.0)?;
    let uids = checked_uids(&request.uids)?;
    let result = state
        .mailboxes
        .run_once(
            &account,
            (from, to, uids),
            move |session, (from, to, uids)| Box::pin(transfer(session, from, to, uids, kind)),
        )
        .await?;
    Ok(Json(result))
}
