//! `GET /api/folders`.

use crate::error::Result;
use crate::imap::folders::list_folders;
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::api::FolderList;

/// Every folder with role, place in the tree and counts.
pub async fn list(State(state): State<AppState>, account: Account) -> Result<Json<FolderList>> {
    let folders = state
        .mailboxes
        .run(&account, (), |session, ()| Box::pin(list_folders(session)))
        .await?;
    Ok(Json(folders))
}
