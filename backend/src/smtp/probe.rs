//! A quick check at sign-in that the SMTP server answers as one (TLS included), so a
//! wrong port or certificate shows up while the technician is still there, not at the
//! first send. The same session as sending ([`super::session`]): greeting, EHLO,
//! STARTTLS with its defences, QUIT.

use super::error::SmtpError;
use super::submit::{Target, server_extensions};
use crate::imap::Connector;
use facteur_model::api::ServerEndpoint;

/// Connects to `endpoint`, reads the greeting, says EHLO (after STARTTLS when asked), QUIT.
pub async fn probe_smtp(connector: &Connector, endpoint: &ServerEndpoint) -> Result<(), SmtpError> {
    let target = Target {
        connector,
        endpoint,
        command_timeout: connector.connect_timeout,
    };
    // One budget for the whole check: a server that trickles is a dead one.
    tokio::time::timeout(connector.connect_timeout * 2, server_extensions(&target))
        .await
        .map_err(|_| SmtpError::Timeout {
            host: endpoint.host.clone(),
        })?
        .map(drop)
}
