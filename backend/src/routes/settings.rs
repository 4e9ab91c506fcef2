//! The roaming settings document.

use super::extract::ApiJson;
use crate::error::Result;
use crate::session::Account;
use crate::settings::{encode, load, save};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::settings::{SaveSettings, SettingsDocument, SettingsSaved};

/// `GET /api/settings`.
pub async fn get(
    State(state): State<AppState>,
    account: Account,
) -> Result<Json<SettingsDocument>> {
    let choice = state.config.settings.storage;
    let document = state
        .pool
        .run(&state.connector, &account, move |session| {
            Box::pin(load(session, choice))
        })
        .await?;
    Ok(Json(document))
}

/// `PUT /api/settings`.
pub async fn put(
    State(state): State<AppState>,
    account: Account,
    ApiJson(request): ApiJson<SaveSettings>,
) -> Result<Json<SettingsSaved>> {
    // Refuse an oversized document before talking to the server.
    encode(&request.settings)?;
    let choice = state.config.settings.storage;
    let email = account.email.as_str().to_owned();
    let saved = state
        .pool
        .run_once(&state.connector, &account, move |session| {
            let (request, email) = (request.clone(), email.clone());
            Box::pin(async move { save(session, choice, &request, &email).await })
        })
        .await?;
    Ok(Json(saved))
}
