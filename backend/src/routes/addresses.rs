//! Recipient suggestions: `GET /api/addresses?q=&limit=`.

use super::extract::ApiQuery;
use crate::compose::address_book::AddressBook;
use crate::error::{Error, Result};
use crate::imap::addresses::recent_addresses;
use crate::session::Account;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::compose::AddressSuggestions;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Instant;

/// Suggestions given when no limit is asked.
pub const DEFAULT_LIMIT: usize = 8;
/// Most suggestions one request may ask.
pub const MAX_LIMIT: usize = 50;

/// `?q=&limit=`.
#[derive(Debug, Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    q: String,
    limit: Option<usize>,
}

/// `GET /api/addresses`: correspondents whose name words or address start with `q`.
pub async fn suggest(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<SuggestQuery>,
) -> Result<Json<AddressSuggestions>> {
    if query.q.chars().count() > 200 {
        return Err(Error::InvalidInput("q: at most 200 characters".into()));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let book = match state.addresses.get(account.id, Instant::now()) {
        Some(book) => book,
        None => {
            let seen = state
                .mailboxes
                .run(&account, (), |session, ()| {
                    Box::pin(recent_addresses(session))
                })
                .await?;
            let book = Arc::new(AddressBook::from_seen(seen));
            state
                .addresses
                .put(account.id, book.clone(), Instant::now());
            book
        }
    };
    Ok(Json(AddressSuggestions {
        addresses: book.suggest(&query.q, limit, account.email.as_str()),
    }))
}
