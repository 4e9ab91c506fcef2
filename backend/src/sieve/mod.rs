//! Server-side filtering over ManageSieve (RFC 5804): the bridge installs the Sieve script
//! the browser exported from the rules, so they also run when no browser is open.
//!
//! `codec` is the pure wire format; `client` the session on top of it.

pub mod client;
pub mod codec;

use crate::error::{Error, Result};
use crate::imap::Connector;
use crate::session::Account;
use client::{DEFAULT_PORT, SieveSession};
use facteur_model::sieve::{MAX_SCRIPT_BYTES, SCRIPT_NAME, SieveInstalled, SieveStatus};
use std::future::Future;
use std::time::Duration;

/// What the server offers; an unreachable or refusing service is `available: false`.
pub async fn status(
    connector: &Connector,
    account: &Account,
    port: Option<u16>,
    budget: Duration,
) -> Result<SieveStatus> {
    let work = async {
        let mut session =
            SieveSession::open(connector, account, port.unwrap_or(DEFAULT_PORT)).await?;
        let scripts = session.list_scripts().await?;
        let active_script = scripts
            .iter()
            .find(|(_, active)| *active)
            .map(|(n, _)| n.clone());
        let active_content = match &active_script {
            Some(name) => Some(session.get_script(name).await?),
            None => None,
        };
        let extensions = session.capabilities.sieve_extensions.clone();
        session.logout().await;
        Ok(SieveStatus {
            available: true,
            extensions,
            active_script,
            active_content,
            reason: None,
        })
    };
    match within(budget, work).await {
        Ok(status) => Ok(status),
        // Policy refusals are the operator's answer, not the server's: say them as such.
        Err(error @ (Error::HostNotAllowed(_) | Error::InvalidInput(_))) => Err(error),
        Err(error) => Ok(SieveStatus {
            available: false,
            extensions: Vec::new(),
            active_script: None,
            active_content: None,
            reason: Some(error.to_string()),
        }),
    }
}

/// Stores `script` as Facteur's script and activates it.
pub async fn install(
    connector: &Connector,
    account: &Account,
    script: &str,
    port: Option<u16>,
    budget: Duration,
) -> Result<SieveInstalled> {
    check_script(script)?;
    let work = async {
        let mut session = SieveSession::open(connector, account, port.unwrap_or(DEFAULT_PORT))
            .await
            .map_err(unavailable)?;
        let warnings = session.put_script(SCRIPT_NAME, script).await?;
        session.set_active(SCRIPT_NAME).await?;
        session.logout().await;
        Ok(SieveInstalled {
            name: SCRIPT_NAME.to_owned(),
            active: true,
            warnings,
        })
    };
    within(budget, work).await
}

/// Bounds the script before it is sent.
pub fn check_script(script: &str) -> Result<()> {
    if script.len() > MAX_SCRIPT_BYTES {
        return Err(Error::InvalidInput(format!(
            "script: at most {MAX_SCRIPT_BYTES} bytes"
        )));
    }
    if script.contains('\0') {
        return Err(Error::InvalidInput(
            "script: NUL characters are not allowed".into(),
        ));
    }
    Ok(())
}

/// Nothing listening, or no usable service: say it is unavailable, keep the reason.
fn unavailable(error: Error) -> Error {
    match error {
        Error::HostUnreachable(text) | Error::ConnectionLost(text) => Error::SieveUnavailable(text),
        Error::Protocol(text) => {
            Error::SieveUnavailable(format!("not a ManageSieve server: {text}"))
        }
        other => other,
    }
}

async fn within<T>(budget: Duration, work: impl Future<Output = Result<T>>) -> Result<T> {
    tokio::time::timeout(budget, work)
        .await
        .unwrap_or_else(|_| {
            Err(Error::Timeout(
                "the ManageSieve server took too long".into(),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_bounded() {
        assert!(check_script("require \"fileinto\";").is_ok());
        assert!(check_script("a\0b").is_err());
        assert!(check_script(&"#".repeat(MAX_SCRIPT_BYTES + 1)).is_err());
    }
}
