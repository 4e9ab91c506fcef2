//! The bridge's one HTTP client for OAuth: a form POST to a configured provider's token or
//! revocation endpoint. It takes an [`Endpoint`] of an [`OAuthProvider`], never a URL, so
//! nothing a browser sends can choose where it goes; every address the host resolves to
//! is checked against the outbound policy's address classes and the connection goes to
//! the checked address; no redirect is followed; the answer is bounded.

use super::config::OAuthProvider;
use crate::security::outbound::{AddressClass, classify};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::header;
use hyper_util::rt::TokioIo;
use rustls_pki_types::ServerName;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::ClientConfig;
use url::Url;

/// The largest token endpoint answer read (a Microsoft answer is a few KiB).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Which of a provider's endpoints to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Token,
    Revocation,
}

/// Why no answer came back (details are for the log, never for the browser).
#[derive(Debug, thiserror::Error)]
pub enum HttpFailure {
    #[error("the provider has no revocation endpoint")]
    NotOffered,
    #[error("{0}")]
    NotAllowed(String),
    #[error("{0}")]
    Unreachable(String),
    #[error("no answer in time")]
    Timeout,
    #[error("answer over {MAX_ANSWER_BYTES} bytes")]
    TooLarge,
    #[error("HTTP: {0}")]
    Http(String),
}

/// The client: TLS configuration, which address classes are reachable, a deadline.
#[derive(Debug, Clone)]
pub struct OAuthHttp {
    /// The bridge's TLS client configuration (public roots plus the operator's CAs).
    pub tls: Arc<ClientConfig>,
    pub allow_loopback: bool,
    pub allow_private: bool,
    /// For the whole exchange: connect, handshake, request, answer.
    pub timeout: Duration,
}

/// A status code and a bounded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl OAuthHttp {
    /// POSTs the form `body` to `provider`'s `endpoint`.
    pub async fn post_form(
        &self,
        provider: &OAuthProvider,
        endpoint: Endpoint,
        body: String,
    ) -> Result<Answer, HttpFailure> {
        let url = match endpoint {
            Endpoint::Token => &provider.token_endpoint,
            Endpoint::Revocation => provider
                .revocation_endpoint
                .as_ref()
                .ok_or(HttpFailure::NotOffered)?,
        };
        tokio::time::timeout(self.timeout, self.exchange(url, body))
            .await
            .map_err(|_| HttpFailure::Timeout)?
    }

    async fn exchange(&self, url: &Url, body: String) -> Result<Answer, HttpFailure> {
        let host = url
            .host_str()
            .ok_or_else(|| HttpFailure::NotAllowed("no host".into()))?;
        let port = url
            .port_or_known_default()
            .ok_or_else(|| HttpFailure::NotAllowed("no port".into()))?;
        let tcp = self.connect(host, port).await?;
        let name = host.trim_start_matches('[').trim_end_matches(']');
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        if url.scheme() == "https" {
            let server_name = ServerName::try_from(name.to_owned())
                .map_err(|_| HttpFailure::NotAllowed(format!("{host}: not a TLS name")))?;
            let tls = TlsConnector::from(self.tls.clone())
                .connect(server_name, tcp)
                .await
                .map_err(|e| HttpFailure::Unreachable(format!("TLS with {host}: {e}")))?;
            send(tls, &authority, &path, body).await
        } else {
            // Plain http:// passed the configuration only for a loopback address.
            send(tcp, &authority, &path, body).await
        }
    }

    /// Resolves `host`, checks every address, connects to the first that answers.
    async fn connect(&self, host: &str, port: u16) -> Result<TcpStream, HttpFailure> {
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<SocketAddr> = match literal.parse() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => tokio::net::lookup_host((host, port))
                .await
                .map_err(|e| HttpFailure::Unreachable(format!("{host}: {e}")))?
                .collect(),
        };
        for addr in &addrs {
            let allowed = match classify(addr.ip()) {
                AddressClass::Public => true,
                AddressClass::Loopback => self.allow_loopback,
                AddressClass::Private => self.allow_private,
                AddressClass::Unusable => false,
            };
            if !allowed {
                return Err(HttpFailure::NotAllowed(format!(
                    "{host} resolves to an address the outbound policy refuses"
                )));
            }
        }
        let mut last = HttpFailure::Unreachable(format!("{host}: no address"));
        for addr in addrs {
            match TcpStream::connect(addr).await {
                Ok(stream) => return Ok(stream),
                Err(e) => last = HttpFailure::Unreachable(format!("{host}:{port}: {e}")),
            }
        }
        Err(last)
    }
}

/// Aborts the HTTP connection task when the exchange ends or is cancelled.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn send<S>(
    stream: S,
    authority: &str,
    path: &str,
    body: String,
) -> Result<Answer, HttpFailure>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let http = |e: hyper::Error| HttpFailure::Http(e.to_string());
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(http)?;
    let _driver = AbortOnDrop(tokio::spawn(async move {
        let _ = connection.await;
    }));
    let request = hyper::Request::post(path)
        .header(header::HOST, authority)
        .header(header::USER_AGENT, "Facteur")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| HttpFailure::Http(e.to_string()))?;
    let response = sender.send_request(request).await.map_err(http)?;
    let status = response.status().as_u16();
    let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
        .collect()
        .await
        .map_err(|e| {
            if e.is::<http_body_util::LengthLimitError>() {
                HttpFailure::TooLarge
            } else {
                HttpFailure::Http(e.to_string())
            }
        })?;
    Ok(Answer {
        status,
        body: body.to_bytes().to_vec(),
    })
}

#[cfg(test)]
mod tests;
