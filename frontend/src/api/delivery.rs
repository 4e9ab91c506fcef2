//! Delivery status, report summaries and read receipts: the bridge calls of the reader.

use super::{ApiError, read_json, request, send_empty};
use facteur_delivery::{DeliveryView, ReportSummary, TransitView};
use facteur_model::compose::{ReceiptAnswer, ReceiptRequest};
use facteur_model::routes;
use facteur_model::{FolderPath, Uid};

/// `GET /api/folders/{folder}/messages/{uid}/delivery`: what is known of the delivery of
/// a sent message, per recipient.
pub async fn delivery(folder: &FolderPath, uid: Uid) -> Result<DeliveryView, ApiError> {
    read_json(request(routes::delivery(folder, uid)).send().await).await
}

/// `GET /api/folders/{folder}/messages/{uid}/report`: a received report, summarised.
pub async fn report(folder: &FolderPath, uid: Uid) -> Result<ReportSummary, ApiError> {
    read_json(request(routes::report(folder, uid)).send().await).await
}

/// `GET /api/folders/{folder}/messages/{uid}/transit`: the route a received message
/// took and its authentication verdict.
pub async fn transit(folder: &FolderPath, uid: Uid) -> Result<TransitView, ApiError> {
    read_json(request(routes::transit(folder, uid)).send().await).await
}

/// `POST /api/folders/{folder}/messages/{uid}/receipt`: sends or declines the read
/// receipt a message asks for (the bridge answers each request once).
pub async fn answer_receipt(
    folder: &FolderPath,
    uid: Uid,
    answer: ReceiptAnswer,
) -> Result<(), ApiError> {
    send_empty(routes::receipt(folder, uid), &ReceiptRequest { answer }).await
}
