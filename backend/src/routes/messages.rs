//! Messages of a folder: pages, the opened message, its sanitized HTML body, its
//! attachments, and flag changes.

use super::attachment_stream::part_body;
use super::extract::{ApiJson, ApiPath, ApiQuery, MessageAddress, folder_path, message_address};
use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::fetch::{RawMessage, fetch_message};
use crate::imap::flags::{change_flags, validate};
use crate::imap::headers::message_headers;
use crate::imap::message_cache::{FlagsNeeded, readable};
use crate::imap::messages::{DEFAULT_PAGE_SIZE, page, page_after};
use crate::imap::partial::ReadableMessage;
use crate::imap::text::message_text;
use crate::mime::document::{body_csp, body_document, escape_text};
use crate::mime::download::{ATTACHMENT_CSP, content_disposition, served_content_type};
use crate::mime::parse::{
    MessageMeta, attachment, attachment_offsets, detail as message_detail, html_body,
    inline_images, parse_message,
};
use crate::mime::sanitize::{ImagePolicy, sanitize_html};
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use facteur_model::api::{FlagChange, MessagePage};
use facteur_model::folder_ops::{MessageHeaders, MessageText};
use facteur_model::message::MessageDetail;
use facteur_model::{FolderPath, Uid};
use futures::future::BoxFuture;
use serde::Deserialize;
use std::sync::Arc;

/// `?before=&limit=` (newest first) or `?after=&limit=` (oldest first) of a page request.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    before: Option<u32>,
    after: Option<u32>,
    limit: Option<u32>,
}

/// `?images=` of a body request.
#[derive(Debug, Deserialize)]
pub struct BodyQuery {
    #[serde(default)]
    images: ImagePolicy,
}

/// `GET /api/folders/{folder}/messages`.
pub async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiPath(folder): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<MessagePage>> {
    let folder = folder_path(folder)?;
    let before = query.before.map(Uid);
    let after = query.after.map(Uid);
    if before.is_some() && after.is_some() {
        return Err(Error::InvalidInput(
            "before, after: give one or the other".into(),
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    let result = state
        .mailboxes
        .run(&account, folder, move |session, folder| match after {
            Some(after) => Box::pin(page_after(session, folder, after, limit)),
            None => Box::pin(page(session, folder, before, limit)),
        })
        .await?;
    Ok(Json(result))
}

/// `GET /api/folders/{folder}/messages/{uid}/text`.
pub async fn text(
    State(state): State<AppState>,
    account: Account,
    address: MessageAddress,
) -> Result<Json<MessageText>> {
    let read = read_message(&state, &account, &address, |session, folder, uid| {
        Box::pin(message_text(session, folder, uid))
    });
    Ok(Json(read.await?))
}

/// `GET /api/folders/{folder}/messages/{uid}/headers`.
pub async fn headers(
    State(state): State<AppState>,
    account: Account,
    address: MessageAddress,
) -> Result<Json<MessageHeaders>> {
    let read = read_message(&state, &account, &address, |session, folder, uid| {
        Box::pin(message_headers(session, folder, uid))
    });
    Ok(Json(read.await?))
}

/// `GET /api/folders/{folder}/messages/{uid}`.
pub async fn detail(
    State(state): State<AppState>,
    account: Account,
    address: MessageAddress,
) -> Result<Json<MessageDetail>> {
    let (readable, meta) = open(&state, &account, &address, FlagsNeeded::Current).await?;
    let folder = address.folder;
    let detail = blocking(move || {
        let skeleton = &readable.skeleton;
        let message = parse_message(&skeleton.bytes)?;
        let offsets = attachment_offsets(&message);
        let mut detail = message_detail(folder, &message, meta);
        // An attachment left out of a big message's skeleton parses empty: say its size.
        for (listed, offset) in detail.attachments.iter_mut().zip(offsets) {
            if let Some(left_out) = skeleton.placeholder_at(offset) {
                listed.size = left_out.encoding.decoded_size_estimate(left_out.octets);
            }
        }
        Ok(detail)
    })
    .await?;
    Ok(Json(detail))
}

/// `GET /api/folders/{folder}/messages/{uid}/body.html?images=blocked|shown`.
pub async fn body_html(
    State(state): State<AppState>,
    account: Account,
    address: MessageAddress,
    ApiQuery(query): ApiQuery<BodyQuery>,
) -> Result<Response> {
    let (readable, _) = open(&state, &account, &address, FlagsNeeded::No).await?;
    let images = query.images;
    let document = blocking(move || {
        let message = parse_message(&readable.skeleton.bytes)?;
        let fragment = match html_body(&message) {
            Some(html) => sanitize_html(&html, images, inline_images(&message)).html,
            None => format!(
                "<pre>{}</pre>",
                escape_text(&message.body_text(0).unwrap_or_default())
            ),
        };
        Ok(body_document(&fragment))
    })
    .await?;
    let csp = HeaderValue::from_str(&body_csp(images == ImagePolicy::Shown))
        .map_err(|e| Error::internal("the body's CSP header", e))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CONTENT_SECURITY_POLICY, csp),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        document,
    )
        .into_response())
}

/// `GET /api/folders/{folder}/messages/{uid}/attachments/{index}`.
pub async fn download_attachment(
    State(state): State<AppState>,
    account: Account,
    ApiPath((folder, uid, index)): ApiPath<(String, u32, u32)>,
) -> Result<Response> {
    let address = message_address(folder, uid)?;
    let (readable, _) = open(&state, &account, &address, FlagsNeeded::No).await?;
    let (file, left_out) = blocking(move || {
        let skeleton = &readable.skeleton;
        let message = parse_message(&skeleton.bytes)?;
        let left_out = usize::try_from(index)
            .ok()
            .and_then(|i| attachment_offsets(&message).get(i).copied())
            .and_then(|offset| skeleton.placeholder_at(offset).cloned());
        Ok((attachment(&message, index)?, left_out))
    })
    .await?;
    let body = match left_out {
        Some(left_out) => part_body(state, account, address.folder, address.uid, left_out),
        None => Body::from(file.bytes),
    };
    let header_value = |text: String| {
        HeaderValue::from_str(&text).map_err(|e| Error::internal("a download header", e))
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                header_value(served_content_type(&file.content_type))?,
            ),
            (
                header::CONTENT_DISPOSITION,
                header_value(content_disposition(&file.filename))?,
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(ATTACHMENT_CSP),
            ),
            // Another site may not embed it (`<img>`, `<script>`, `<video>`) with the
            // user's cookie.
            (
                header::HeaderName::from_static("cross-origin-resource-policy"),
                HeaderValue::from_static("same-origin"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}

/// `POST /api/folders/{folder}/flags` → 204.
pub async fn flags(
    State(state): State<AppState>,
    account: Account,
    ApiPath(folder): ApiPath<String>,
    ApiJson(change): ApiJson<FlagChange>,
) -> Result<StatusCode> {
    let folder = folder_path(folder)?;
    validate(&change)?;
    state
        .mailboxes
        .run(&account, (folder, change), |session, (folder, change)| {
            Box::pin(change_flags(session, folder, change))
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Downloads a whole message.
pub(crate) async fn download(
    state: &AppState,
    account: &Account,
    address: &MessageAddress,
) -> Result<RawMessage> {
    read_message(state, account, address, |session, folder, uid| {
        Box::pin(fetch_message(session, folder, uid))
    })
    .await
}

/// A message for reading (whole, or as a skeleton when it is big), downloaded once for
/// the reader's requests: kept in the pool's message cache after the first.
async fn open(
    state: &AppState,
    account: &Account,
    address: &MessageAddress,
    flags: FlagsNeeded,
) -> Result<(Arc<ReadableMessage>, MessageMeta)> {
    let cache = state.pool.messages();
    let session_id = account.id;
    state
        .mailboxes
        .run(
            account,
            (address.clone(), cache),
            move |session, (address, cache)| {
                Box::pin(readable(
                    session,
                    cache,
                    session_id,
                    &address.folder,
                    address.uid,
                    flags,
                ))
            },
        )
        .await
}

/// A read of one message on the account's connection.
type MessageRead<T> =
    for<'s> fn(&'s mut ImapSession, &'s FolderPath, Uid) -> BoxFuture<'s, Result<T>>;

/// Runs `read` on the message at `address` (retried once on a dead cached connection).
async fn read_message<T: Send + 'static>(
    state: &AppState,
    account: &Account,
    address: &MessageAddress,
    read: MessageRead<T>,
) -> Result<T> {
    state
        .mailboxes
        .run(account, address.clone(), move |session, address| {
            read(session, &address.folder, address.uid)
        })
        .await
}

/// Parsing and sanitizing are CPU work: keep them off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::internal("worker failed", e))?
}
