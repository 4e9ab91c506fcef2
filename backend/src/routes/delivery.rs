//! Delivery status of a sent message, and the summary of a report received.

use super::extract::MessageAddress;
use super::messages::{blocking, download};
use crate::delivery::cache::MessageKey;
use crate::delivery::report_parts::read_report;
use crate::delivery::search::{OwnedRefs, find_original, find_reports};
use crate::delivery::status::{delivery_view, sent_copy};
use crate::delivery::summary::summarize;
use crate::error::{Error, Result};
use crate::imap::fetch::fetch_one;
use crate::mime::parse::parse_message;
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_delivery::{DeliveryView, ReportLocation, ReportSummary};
use facteur_model::Timestamp;
use std::time::Instant;

/// `GET /api/folders/{folder}/messages/{uid}/delivery`: the reports found about the
/// message, folded per recipient.
pub async fn delivery(
    State(state): State<AppState>,
    account: Account,
    MessageAddress { folder, uid }: MessageAddress,
) -> Result<Json<DeliveryView>> {
    // Only the headers say what was requested and whom it went to: the body, perhaps
    // with large attachments, is not fetched.
    let (head, received) = state
        .mailboxes
        .run(&account, folder, move |session, folder| {
            Box::pin(async move {
                let fetch =
                    fetch_one(session, folder, uid, "(UID INTERNALDATE BODY.PEEK[HEADER])").await?;
                let head = fetch.header().ok_or(Error::MessageNotFound)?.to_vec();
                let received = fetch.internal_date().map(|d| Timestamp(d.timestamp()));
                Ok((head, received))
            })
        })
        .await?;
    let sent = blocking(move || {
        let message = parse_message(&head)?;
        let mut sent = sent_copy(&message);
        // Search from the earlier of its Date and its arrival in Sent: either may be off.
        sent.sent_at = match (sent.sent_at, received) {
            (Some(date), Some(received)) => Some(date.min(received)),
            (date, received) => date.or(received),
        };
        Ok(sent)
    })
    .await?;
    let since = sent.sent_at;
    let session_id = account.id;
    let candidates = state
        .mailboxes
        .run(&account, state.clone(), move |session, state| {
            Box::pin(async move {
                let known = move |location: &ReportLocation, uid_validity: u32| {
                    let key = MessageKey::new(session_id, location, uid_validity);
                    state.reports.get(&key, Instant::now())
                };
                find_reports(session, since, &known).await
            })
        })
        .await?;
    let cache = state.clone();
    let view = blocking(move || {
        let (reports, searched) = cache
            .reports
            .read_all(session_id, candidates, Instant::now());
        Ok(delivery_view(&sent, reports, searched))
    })
    .await?;
    Ok(Json(view))
}

/// `GET /api/folders/{folder}/messages/{uid}/report`: the summary of a delivery report
/// or read receipt; `message_not_found` when the message is not one.
pub async fn report(
    State(state): State<AppState>,
    account: Account,
    address: MessageAddress,
) -> Result<Json<ReportSummary>> {
    let raw = download(&state, &account, &address).await?;
    let (mut summary, refs) = blocking(move || {
        let message = parse_message(&raw.bytes)?;
        let report = read_report(&message).ok_or(Error::MessageNotFound)?;
        let refs = OwnedRefs::of(&report.refs());
        Ok((summarize(&message, &report, None), refs))
    })
    .await?;
    let found = state
        .mailboxes
        .run(&account, refs, |session, refs| {
            Box::pin(find_original(session, refs))
        })
        .await;
    // Where the original is only adds a link: the summary stands without it.
    summary.original = found.unwrap_or_else(|error| {
        tracing::warn!(%error, "searching Sent for a report's original failed");
        None
    });
    Ok(Json(summary))
}
