//! `/api/setup/*`: account discovery and the connection test, before any session exists.
//! See `facteur_providers::setup_api` for the contract.

use super::client::ClientIp;
use super::extract::{ApiJson, ApiQuery};
use crate::error::{Error, Result};
use crate::security::outbound::normalize_host;
use crate::setup::connection_test::Tester;
use crate::setup::discover::{Discovery, report};
use crate::setup::fetch::Fetcher;
use crate::setup::reach::Reach;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use facteur_model::EmailAddress;
use facteur_providers::AddressParts;
use facteur_providers::setup_api::{ConnectionTestReport, ConnectionTestRequest, DiscoveryReport};
use serde::Deserialize;

/// The discovery query string.
#[derive(Debug, Deserialize)]
pub struct DiscoverQuery {
    /// The address to find servers for.
    pub email: String,
}

/// `GET /api/setup/discover?email=...`.
pub async fn discover(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiQuery(query): ApiQuery<DiscoverQuery>,
) -> Result<Json<DiscoveryReport>> {
    state.setup.limiter.check(client)?;
    let email = EmailAddress::try_from(query.email.trim().to_owned())
        .map_err(|e| Error::InvalidInput(format!("email: {e}")))?;
    let address = AddressParts::from_address(&email)
        .map_err(|e| Error::InvalidInput(format!("email: {e}")))?;
    let config = &state.config.discovery;
    let discovery = Discovery {
        fetcher: Fetcher {
            reach: Reach {
                resolver: state.setup.resolver.as_ref(),
                hosts: &config.hosts,
                allow_private: config.allow_private_addresses,
            },
            tls: &state.connector.tls,
            port: config.https_port,
            connect_timeout: config.source_timeout(),
        },
        config,
    };
    let run = discovery.run(&address).await;
    Ok(Json(report(email, &address, run)))
}

/// `POST /api/setup/test`.
pub async fn test(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(request): ApiJson<ConnectionTestRequest>,
) -> Result<Json<ConnectionTestReport>> {
    // The same budget as sign-in, counted by the login name the test will try: the test
    // tries a password too.
    state.limiter.check(client, request.login_name())?;
    for (field, endpoint) in [("imap", &request.imap), ("smtp", &request.smtp)] {
        normalize_host(&endpoint.host)
            .map_err(|_| Error::InvalidInput(format!("{field}.host: not a host name")))?;
        if endpoint.port == 0 {
            return Err(Error::InvalidInput(format!(
                "{field}.port: must be 1 to 65535"
            )));
        }
    }
    let tester = Tester {
        resolver: state.setup.resolver.as_ref(),
        hosts: &state.config.discovery.hosts,
        policy: &state.connector.policy,
        tls: &state.connector.tls,
        timeout: state.connector.connect_timeout,
    };
    Ok(Json(tester.run(&request).await))
}
