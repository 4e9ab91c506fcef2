//! The body of an attachment left out of a big message's skeleton: its part fetched a
//! chunk at a time ([`CHUNK_BYTES`]), decoded as it comes and written to the response,
//! so the bridge holds about one chunk per download whatever the attachment's size.
//!
//! The response is sent without a length. Should the server connection fail, or the part
//! end before the size BODYSTRUCTURE announced, the body ends with an error: the HTTP
//! connection is cut before the last chunk, and the browser reports a failed download
//! rather than keep a truncated file.

use crate::error::{Error, Result};
use crate::imap::partial::{CHUNK_BYTES, fetch_chunk};
use crate::mime::skeleton::Placeholder;
use crate::mime::transfer_decoding::ChunkDecoder;
use crate::session::Account;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use facteur_model::{FolderPath, Uid};
use std::io;
use tokio::sync::mpsc;

/// Decoded chunks waiting for the client: the reader keeps at most this many ahead.
const CHUNKS_AHEAD: usize = 2;

/// The streamed bytes of the part `placeholder` stands for.
pub fn part_body(
    state: AppState,
    account: Account,
    folder: FolderPath,
    uid: Uid,
    placeholder: Placeholder,
) -> Body {
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(CHUNKS_AHEAD);
    tokio::spawn(async move {
        if let Err(error) = pump(&state, &account, &folder, uid, &placeholder, &sender).await {
            tracing::info!(code = ?error.code(), "attachment download cut off");
            let _ = sender.send(Err(io::Error::other(error.to_string()))).await;
        }
    });
    Body::from_stream(futures::stream::unfold(
        receiver,
        |mut receiver| async move { receiver.recv().await.map(|item| (item, receiver)) },
    ))
}

/// Fetches, decodes and sends the part; returns early, without error, once the client
/// is gone.
async fn pump(
    state: &AppState,
    account: &Account,
    folder: &FolderPath,
    uid: Uid,
    placeholder: &Placeholder,
    sender: &mpsc::Sender<io::Result<Bytes>>,
) -> Result<()> {
    let mut decoder = ChunkDecoder::new(placeholder.encoding);
    let mut offset = 0;
    while offset < placeholder.octets {
        let length = CHUNK_BYTES.min(placeholder.octets - offset);
        // Each chunk is its own read: a dead cached connection is reopened and the same
        // chunk asked again, which repeats nothing.
        let part = (folder.clone(), placeholder.section.clone());
        let chunk = state
            .mailboxes
            .run(account, part, move |session, (folder, section)| {
                Box::pin(fetch_chunk(session, folder, uid, section, offset, length))
            })
            .await?;
        if chunk.is_empty() {
            return Err(Error::Protocol(
                "the attachment ended before its announced size".into(),
            ));
        }
        offset += chunk.len() as u64;
        let decoded = decoder.push(&chunk);
        if !decoded.is_empty() && sender.send(Ok(Bytes::from(decoded))).await.is_err() {
            return Ok(());
        }
    }
    let tail = decoder.finish();
    if !tail.is_empty() {
        let _ = sender.send(Ok(Bytes::from(tail))).await;
    }
    Ok(())
}
