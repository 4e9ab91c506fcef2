//! Sending: `POST /api/send`, `GET /api/compose/capabilities`, and answering a read
//! receipt request (`POST /api/folders/{folder}/messages/{uid}/receipt`).

use super::extract::{ApiJson, MessageAddress};
use crate::error::{Error, Result};
use crate::send::capabilities::server_facts;
use crate::send::{check_key, receipt, send as send_message};
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use facteur_model::compose::{ComposeCapabilities, ReceiptRequest, SendRequest};
use std::time::Instant;

/// Sends a message, once per key: a second request with the same key (a double click,
/// a retry after a lost answer) waits for the first and gets the same answer.
pub async fn send(
    State(state): State<AppState>,
    account: Account,
    ApiJson(request): ApiJson<SendRequest>,
) -> Response {
    if let Err(error) = check_key(&request.key) {
        return error.into_response();
    }
    let key = (account.id, request.key.clone());
    let work = {
        let services = state.send.clone();
        async move { send_message(&services, &account, request).await }
    };
    let outcome = state.sending.once.run(key, Instant::now(), work).await;
    match &*outcome {
        Ok(result) => Json(result.clone()).into_response(),
        Err(error) => problem_response(error),
    }
}

/// What the composer needs to know before sending.
pub async fn capabilities(
    State(state): State<AppState>,
    account: Account,
) -> Result<Json<ComposeCapabilities>> {
    let facts = server_facts(&state, &account).await?;
    Ok(Json(
        facts.capabilities(state.config.compose.max_attachment_bytes),
    ))
}

/// Sends or declines the read receipt a message asks for; 204 when done.
pub async fn answer_receipt(
    State(state): State<AppState>,
    account: Account,
    MessageAddress { folder, uid }: MessageAddress,
    ApiJson(request): ApiJson<ReceiptRequest>,
) -> Result<StatusCode> {
    receipt::answer(&state, &account, &folder, uid, request.answer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The problem answer for an error shared between requests (the error itself stays
/// with the remembered outcome, so it is rendered from a reference).
fn problem_response(error: &Error) -> Response {
    tracing::debug!(error = %error, "send failed");
    let body = serde_json::to_vec(&error.problem()).unwrap_or_default();
    let mut response = (error.status(), body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::compose::DraftSaved;
    use facteur_model::{FolderPath, Uid};
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_shared_failure_answers_like_the_error_itself() {
        let error = Error::NotSent {
            cause: Box::new(Error::BadCredentials(Some("535 5.7.8 failed".into()))),
            saved_draft: Some(DraftSaved {
                folder: FolderPath("Drafts".into()),
                uid: Some(Uid(4)),
            }),
        };
        let response = problem_response(&error);
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let problem: facteur_model::problem::Problem = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem, error.problem());
        assert_eq!(problem.saved_draft.unwrap().uid, Some(Uid(4)));
    }
}
