//! Drafts: `PUT /api/drafts` saves one (APPEND to Drafts, then the replaced copy
//! removed); `GET /api/folders/{folder}/messages/{uid}/draft` reopens one.

use super::extract::{ApiJson, ApiPath, folder_path};
use crate::compose::drafts::{open_draft, save_draft};
use crate::error::Result;
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::Uid;
use facteur_model::compose::{Draft, DraftSaved, SaveDraft};

/// `PUT /api/drafts` → where the draft was saved.
pub async fn save(
    State(state): State<AppState>,
    account: Account,
    ApiJson(request): ApiJson<SaveDraft>,
) -> Result<Json<DraftSaved>> {
    let saved = save_draft(
        &state.composing,
        &state.mailboxes,
        &account,
        &request.draft,
        request.replaces,
        None,
    )
    .await?;
    Ok(Json(saved))
}

/// `GET /api/folders/{folder}/messages/{uid}/draft` → the draft as the composer holds it.
pub async fn open(
    State(state): State<AppState>,
    account: Account,
    ApiPath((folder, uid)): ApiPath<(String, u32)>,
) -> Result<Json<Draft>> {
    let folder = folder_path(folder)?;
    let draft = open_draft(&state, &account, &folder, Uid(uid)).await?;
    Ok(Json(draft))
}
