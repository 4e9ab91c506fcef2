//! The shared list of signed-out sessions in Valkey/Redis: one key per signed-out session,
//! `facteur:revoked:<session id>`, set with `SET … EX <seconds left>` so the server drops it
//! when the cookie would have expired, and checked with `EXISTS`.
//!
//! One multiplexed connection is kept and made again after any failure; every command has
//! a short deadline, and any failure is `session_store_unavailable` (fail closed).

use super::account::SessionId;
use super::revocation::RevocationUrlError;
use crate::error::{Error, Result};
use redis::AsyncCommands as _;
use redis::aio::MultiplexedConnection;
use std::time::Duration;
use tokio::sync::Mutex;

/// Prefix of the keys this bridge writes, so one Valkey/Redis can serve other uses too.
pub const KEY_PREFIX: &str = "facteur:revoked:";

/// How long connecting, or one command, may take before the store counts as unreachable.
const DEADLINE: Duration = Duration::from_secs(2);

/// A Valkey/Redis server holding the signed-out sessions of every instance.
pub struct SharedRevocations {
    client: redis::Client,
    connection: Mutex<Option<MultiplexedConnection>>,
}

// Hand-written: the URL may carry the store's password.
impl std::fmt::Debug for SharedRevocations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedRevocations(<redis>)")
    }
}

/// The key that marks `id` as signed out.
pub fn revoked_key(id: SessionId) -> String {
    format!("{KEY_PREFIX}{}", id.hex())
}

impl SharedRevocations {
    /// Checks the URL; the connection is made on first use, so the bridge starts (and
    /// fails closed) while the store is down.
    pub fn new(url: &str) -> std::result::Result<SharedRevocations, RevocationUrlError> {
        let client =
            redis::Client::open(url).map_err(|e| RevocationUrlError(e.category().to_owned()))?;
        Ok(SharedRevocations {
            client,
            connection: Mutex::new(None),
        })
    }

    /// Marks `id` signed out for `ttl_secs`.
    pub async fn revoke(&self, id: SessionId, ttl_secs: u64) -> Result<()> {
        let mut connection = self.connection().await?;
        let outcome = tokio::time::timeout(
            DEADLINE,
            connection.set_ex::<_, _, ()>(revoked_key(id), 1u8, ttl_secs),
        )
        .await;
        self.settle(outcome).await
    }

    /// Whether `id` is marked signed out.
    pub async fn is_revoked(&self, id: SessionId) -> Result<bool> {
        let mut connection = self.connection().await?;
        let outcome =
            tokio::time::timeout(DEADLINE, connection.exists::<_, bool>(revoked_key(id))).await;
        self.settle(outcome).await
    }

    /// The kept connection, or a new one.
    async fn connection(&self) -> Result<MultiplexedConnection> {
        let mut slot = self.connection.lock().await;
        if let Some(connection) = slot.as_ref() {
            return Ok(connection.clone());
        }
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(DEADLINE))
            .set_response_timeout(Some(DEADLINE));
        let connection = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(unavailable)?;
        *slot = Some(connection.clone());
        Ok(connection)
    }

    /// The command's answer; after a failure the connection is dropped, to be made again.
    async fn settle<T>(
        &self,
        outcome: std::result::Result<redis::RedisResult<T>, tokio::time::error::Elapsed>,
    ) -> Result<T> {
        let error = match outcome {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(e)) => unavailable(e),
            Err(_) => Error::SessionStoreUnavailable("no answer in time".into()),
        };
        *self.connection.lock().await = None;
        Err(error)
    }
}

fn unavailable(error: redis::RedisError) -> Error {
    // The kind and the server's code only: never the URL, which may hold a password.
    Error::SessionStoreUnavailable(format!(
        "{}{}",
        error.category(),
        error.code().map(|c| format!(" ({c})")).unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_session_in_full() {
        let id = SessionId::random().unwrap();
        let key = revoked_key(id);
        assert!(key.starts_with(KEY_PREFIX));
        assert_eq!(key.len(), KEY_PREFIX.len() + 32);
        assert_ne!(key, revoked_key(SessionId::random().unwrap()));
    }

    #[test]
    fn debug_output_hides_the_url() {
        let store = SharedRevocations::new("redis://:hunter2@127.0.0.1:6379/").unwrap();
        assert!(!format!("{store:?}").contains("hunter2"));
    }
}
