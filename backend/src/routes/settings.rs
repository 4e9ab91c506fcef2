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

/// `GET /api/settings`.
pub async fn get(
    State(state): State<AppState>,
    account: Account,
) -> Result<Json<SettingsDocument>> {
    let choice = state.config.settings.storage;
    let signer = SettingsSigner::new(&state.key, &account.username);
    let document = state
        .mailboxes
        .run(&account, signer, move |session, signer| {
            Box::pin(load(session, choice, signer))
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
    let signer = SettingsSigner::new(&state.key, &account.username);
    let saved = state
        .mailboxes
        .run_once(
            &account,
            (request, email, signer),
            move |session, (request, email, signer)| {
                Box::pin(save(session, choice, request, email, signer))
            },
        )
        .await?;
    Ok(Json(saved))
}
