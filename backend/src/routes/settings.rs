//! The roaming settings document.

use super::extract::ApiJson;
use crate::error::Result;
use crate::session::Account;
use crate::settings::signature::SettingsSigner;
use crate::settings::{encode, load, save};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::settings::{SaveSettings, SettingsDocument, SettingsSaved};
use std::sync::Arc;

/// `GET /api/settings`.
pub async fn get(
    State(state): State<AppState>,
    account: Account,
) -> Result<Json<SettingsDocument>> {
    let choice = state.config.settings.storage;
    let signer = Arc::new(SettingsSigner::new(&state.key, &account.username));
    let document = state
        .pool
        .run(&state.connector, &account, move |session| {
            let signer = signer.clone();
            Box::pin(async move { load(session, choice, &signer).await })
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
    let signer = Arc::new(SettingsSigner::new(&state.key, &account.username));
    let saved = state
        .pool
        .run_once(&state.connector, &account, move |session| {
            let (request, email, signer) = (request.clone(), email.clone(), signer.clone());
            Box::pin(async move { save(session, choice, &request, &email, &signer).await })
        })
        .await?;
    Ok(Json(saved))
}
