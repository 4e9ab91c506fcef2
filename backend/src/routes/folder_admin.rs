//! Changing folders: create, rename, delete, subscribe.

use super::extract::{ApiJson, ApiPath, ApiQuery, folder_path};
use crate::error::Result;
use crate::imap::folder_admin::{create_folder, delete_folder, rename_folder, set_subscription};
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use facteur_model::folder_ops::{
    CreateFolder, FolderChanged, FolderDeleted, NonEmptyFolder, RenameFolder, Subscription,
};
use serde::Deserialize;

/// `?messages=` of a deletion.
#[derive(Debug, Deserialize)]
pub struct DeleteQuery {
    #[serde(default)]
    messages: NonEmptyFolder,
}

/// `POST /api/folders` → 201.
pub async fn create(
    State(state): State<AppState>,
    account: Account,
    ApiJson(request): ApiJson<CreateFolder>,
) -> Result<(StatusCode, Json<FolderChanged>)> {
    let path = state
        .mailboxes
        .run(&account, request, |session, request| {
            Box::pin(create_folder(session, request))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(FolderChanged { path })))
}

/// `POST /api/folders/{folder}/rename`.
pub async fn rename(
    State(state): State<AppState>,
    account: Account,
    ApiPath(folder): ApiPath<String>,
    ApiJson(request): ApiJson<RenameFolder>,
) -> Result<Json<FolderChanged>> {
    let folder = folder_path(folder)?;
    let path = state
        .mailboxes
        .run(
            &account,
            (folder, request.new_path),
            |session, (folder, to)| Box::pin(rename_folder(session, folder, to)),
        )
        .await?;
    Ok(Json(FolderChanged { path }))
}

/// `DELETE /api/folders/{folder}?messages=refuse|move_to_trash|destroy`.
pub async fn delete(
    State(state): State<AppState>,
    account: Account,
    ApiPath(folder): ApiPath<String>,
    ApiQuery(query): ApiQuery<DeleteQuery>,
) -> Result<Json<FolderDeleted>> {
    let folder = folder_path(folder)?;
    let policy = query.messages;
    let result = state
        .mailboxes
        .run(&account, folder, move |session, folder| {
            Box::pin(delete_folder(session, folder, policy))
        })
        .await?;
    Ok(Json(result))
}

/// `POST /api/folders/{folder}/subscription` → 204.
pub async fn subscription(
    State(state): State<AppState>,
    account: Account,
    ApiPath(folder): ApiPath<String>,
    ApiJson(request): ApiJson<Subscription>,
) -> Result<StatusCode> {
    let folder = folder_path(folder)?;
    let subscribed = request.subscribed;
    state
        .mailboxes
        .run(&account, folder, move |session, folder| {
            Box::pin(set_subscription(session, folder, subscribed))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
