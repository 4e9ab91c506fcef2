//! What the session's servers offer for sending (DSN, SIZE on the submission server;
//! whether the IMAP server files sent mail itself), learnt once per session and kept in
//! a small bounded cache: the composer asks every time it opens.

use crate::error::Result;
use crate::imap::ImapSession;
use crate::imap::error::imap_error;
use crate::session::account::{Account, SessionId};
use crate::smtp::extensions::Extensions;
use crate::smtp::submit::{Target, server_extensions};
use crate::state::AppState;
use facteur_model::compose::ComposeCapabilities;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long what a server offers is trusted before asking again.
pub const KEEP_FOR: Duration = Duration::from_secs(60 * 60);

/// How many sessions are remembered at most.
pub const CAPACITY: usize = 4096;

/// The IMAP capability of Gmail, whose servers put every sent message in Sent
/// themselves: a copy from us would be a duplicate.
const GMAIL_EXTENSIONS: &str = "X-GM-EXT-1";

/// What a session's servers offer for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFacts {
    /// The submission server's EHLO extensions.
    pub extensions: Extensions,
    /// Whether the provider files sent mail in Sent itself.
    pub server_saves_sent: bool,
}

impl ServerFacts {
    /// The answer to the composer.
    pub fn capabilities(&self, max_attachment_bytes: u64) -> ComposeCapabilities {
        ComposeCapabilities {
            dsn: self.extensions.dsn,
            max_attachment_bytes,
            server_size_limit: self.extensions.size_limit(),
            server_saves_sent: self.server_saves_sent,
        }
    }
}

/// Server facts per session.
#[derive(Debug, Default)]
pub struct CapabilityCache {
    entries: Mutex<HashMap<SessionId, (Instant, ServerFacts)>>,
}

impl CapabilityCache {
    /// The facts learnt for `session`, when fresh.
    pub fn get(&self, session: SessionId, now: Instant) -> Option<ServerFacts> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(&session)
            .filter(|(at, _)| now.saturating_duration_since(*at) <= KEEP_FOR)
            .map(|(_, facts)| facts.clone())
    }

    /// Remembers the facts for `session`, forgetting stale and then the oldest entries
    /// when full.
    pub fn put(&self, session: SessionId, facts: ServerFacts, now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if !entries.contains_key(&session) && entries.len() >= CAPACITY {
            entries.retain(|_, (at, _)| now.saturating_duration_since(*at) <= KEEP_FOR);
            while entries.len() >= CAPACITY {
                let Some(oldest) = entries
                    .iter()
                    .min_by_key(|(_, (at, _))| *at)
                    .map(|(id, _)| *id)
                else {
                    break;
                };
                entries.remove(&oldest);
            }
        }
        entries.insert(session, (now, facts));
    }
}

/// The facts for the account's session: cached, or asked now (an EHLO to the submission
/// server and a CAPABILITY on the IMAP connection).
pub async fn server_facts(state: &AppState, account: &Account) -> Result<ServerFacts> {
    if let Some(facts) = state.sending.capabilities.get(account.id, Instant::now()) {
        return Ok(facts);
    }
    let target = Target::of(
        &state.connector,
        account,
        state.config.outbound.command_timeout(),
    );
    let extensions = server_extensions(&target).await?;
    let server_saves_sent = state
        .mailboxes
        .run(account, (), |session, ()| Box::pin(saves_sent(session)))
        .await?;
    let facts = ServerFacts {
        extensions,
        server_saves_sent,
    };
    state
        .sending
        .capabilities
        .put(account.id, facts.clone(), Instant::now());
    Ok(facts)
}

/// Whether the IMAP server files sent mail itself (Gmail).
pub async fn saves_sent(session: &mut ImapSession) -> Result<bool> {
    let capabilities = session.capabilities().await.map_err(imap_error)?;
    Ok(capabilities.has_str(GMAIL_EXTENSIONS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(dsn: bool) -> ServerFacts {
        ServerFacts {
            extensions: Extensions {
                dsn,
                size: Some(1000),
                ..Extensions::default()
            },
            server_saves_sent: false,
        }
    }

    #[test]
    fn facts_are_kept_for_a_while_per_session() {
        let cache = CapabilityCache::default();
        let (one, two) = (SessionId::random().unwrap(), SessionId::random().unwrap());
        let now = Instant::now();
        cache.put(one, facts(true), now);
        assert_eq!(
            cache.get(one, now + Duration::from_secs(60)),
            Some(facts(true))
        );
        assert_eq!(cache.get(two, now), None);
        assert_eq!(
            cache.get(one, now + KEEP_FOR + Duration::from_secs(1)),
            None
        );
    }

    #[test]
    fn the_composer_hears_dsn_and_the_size_limit() {
        let answer = facts(true).capabilities(25);
        assert_eq!(
            answer,
            ComposeCapabilities {
                dsn: true,
                max_attachment_bytes: 25,
                server_size_limit: Some(1000),
                server_saves_sent: false,
            }
        );
    }
}
