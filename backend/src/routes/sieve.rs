//! Server-side filtering over ManageSieve.

use super::extract::{ApiJson, ApiQuery};
use crate::error::Result;
use crate::session::Account;
use crate::sieve::{install, status};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::sieve::{InstallSieve, SieveInstalled, SieveStatus};
use serde::Deserialize;

/// `?port=` of a status request.
#[derive(Debug, Deserialize)]
pub struct StatusQuery {
    port: Option<u16>,
}

/// `GET /api/sieve?port=`.
pub async fn get(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<StatusQuery>,
) -> Result<Json<SieveStatus>> {
    let budget = state.config.outbound.command_timeout();
    Ok(Json(
        status(&state.connector, &account, query.port, budget).await?,
    ))
}

/// `PUT /api/sieve`.
pub async fn put(
    State(state): State<AppState>,
    account: Account,
    ApiJson(request): ApiJson<InstallSieve>,
) -> Result<Json<SieveInstalled>> {
    let budget = state.config.outbound.command_timeout();
    Ok(Json(
        install(
            &state.connector,
            &account,
            &request.script,
            request.port,
            budget,
        )
        .await?,
    ))
}
