//! Delivery status, report summaries and read receipts: the bridge calls of the reader.

use super::{ApiError, prepare, read_empty, read_json, routes};
use delivery::{DeliveryView, ReportSummary};
use facteur_model::compose::{ReceiptAnswer, ReceiptRequest};
use facteur_model::{FolderPath, Uid};
use gloo_net::http::Request;

/// `GET /api/folders/{folder}/messages/{uid}/delivery`: what is known of the delivery of
/// a sent message, per recipient.
pub async fn delivery(folder: &FolderPath, uid: Uid) -> Result<DeliveryView, ApiError> {
    let url = routes::delivery(folder, uid);
    read_json(prepare(Request::get(&url)).send().await).await
}

/// `GET /api/folders/{folder}/messages/{uid}/report`: a received report, summarised.
pub async fn report(folder: &FolderPath, uid: Uid) -> Result<ReportSummary, ApiError> {
    let url = routes::report(folder, uid);
    read_json(prepare(Request::get(&url)).send().await).await
}

/// `POST /api/folders/{folder}/messages/{uid}/receipt`: sends or declines the read
/// receipt a message asks for (the bridge answers each request once).
pub async fn answer_receipt(
    folder: &FolderPath,
    uid: Uid,
    answer: ReceiptAnswer,
) -> Result<(), ApiError> {
    let request = prepare(Request::post(&routes::receipt(folder, uid)))
        .json(&ReceiptRequest { answer })
        .map_err(|_| ApiError::UnexpectedResponse { status: 0 })?;
    read_empty(request.send().await).await
}
