//! The client a request comes from, as the rate limits count it: the TCP peer, or the
//! address the operator's trusted proxies put in front of it (see
//! `security::client_address`).

use crate::security::limit_keys::ClientKey;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The client's network; [`ClientKey::Unknown`] when the server was started without
/// connection info (tests calling the router directly).
pub struct ClientIp(pub ClientKey);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            return Ok(ClientIp(ClientKey::Unknown));
        };
        let proxies = &state.proxies;
        let values: Vec<Option<&str>> = parts
            .headers
            .get_all(proxies.header.name())
            .iter()
            .map(|value| value.to_str().ok())
            .collect();
        Ok(ClientIp(ClientKey::of(Some(
            proxies.client(peer.ip(), &values),
        ))))
    }
}
