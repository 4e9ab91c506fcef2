//! HTTPS GET of autoconfig files: HTTPS only, every address checked by the discovery
//! rule, a bounded body, and at most two redirects, each to the same host over HTTPS.

use super::reach::{Failure, Reach};
use crate::transport::tls::handshake_error;
use facteur_providers::autoconfig::MAX_AUTOCONFIG_BYTES;
use facteur_providers::setup_api::AttemptFailure;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper::{StatusCode, header};
use hyper_util::rt::TokioIo;
use rustls_pki_types::ServerName;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::ClientConfig;

/// Redirects followed at most; a third is refused.
pub const MAX_REDIRECTS: usize = 2;

/// An `https://` URL split for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpsUrl {
    /// The host name (lower case), which is also the TLS server name.
    pub host: String,
    /// The path and query, starting with `/`.
    pub path: String,
}

/// What a fetch gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// A 200 answer's body (at most [`MAX_AUTOCONFIG_BYTES`]).
    Body(Vec<u8>),
    /// 404 or 410: the file is not there, which is an answer, not a failure.
    NotFound,
}

/// Splits an `https://host/path?query` URL; anything else (http, a port, credentials,
/// no host) is refused: discovery builds its URLs itself and never follows others.
pub fn parse_https_url(url: &str) -> Result<HttpsUrl, Failure> {
    let refuse = |why: &str| (AttemptFailure::HostNotAllowed, format!("{url}: {why}"));
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| refuse("only https:// is fetched"))?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let path = if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_owned()
    };
    if authority.contains(['@', ':']) {
        return Err(refuse("no port or credentials in the URL"));
    }
    let host = authority.trim_end_matches('.').to_ascii_lowercase();
    if !facteur_providers::address::is_host_name(&host) {
        return Err(refuse("not a host name"));
    }
    Ok(HttpsUrl { host, path })
}

/// Where a redirect leads, when it stays on `current`'s host over HTTPS.
pub fn redirect_target(current: &HttpsUrl, location: &str) -> Result<HttpsUrl, Failure> {
    let location = location.trim();
    let target = if location.starts_with('/') && !location.starts_with("//") {
        HttpsUrl {
            host: current.host.clone(),
            path: location.to_owned(),
        }
    } else {
        parse_https_url(location).map_err(|(_, detail)| (AttemptFailure::Redirect, detail))?
    };
    if target.host != current.host {
        return Err((
            AttemptFailure::Redirect,
            format!(
                "redirected from {} to another host, {}",
                current.host, target.host
            ),
        ));
    }
    Ok(target)
}

/// Fetches autoconfig files.
#[derive(Debug, Clone, Copy)]
pub struct Fetcher<'a> {
    /// Names and the address rule.
    pub reach: Reach<'a>,
    /// The bridge's TLS client configuration (public roots plus the operator's CAs).
    pub tls: &'a Arc<ClientConfig>,
    /// The HTTPS port (443 but in tests).
    pub port: u16,
    /// Time for the TCP connection and the TLS handshake, each.
    pub connect_timeout: Duration,
}

/// One GET's result before redirects are followed.
enum Answer {
    Fetched(Fetched),
    Redirect(String),
}

/// Aborts the HTTP connection task when the fetch ends or is cancelled.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Fetcher<'_> {
    /// GETs `url`, following at most [`MAX_REDIRECTS`] same-host redirects.
    pub async fn get(&self, url: &str) -> Result<Fetched, Failure> {
        let mut target = parse_https_url(url)?;
        for _ in 0..=MAX_REDIRECTS {
            match self.get_once(&target).await? {
                Answer::Fetched(fetched) => return Ok(fetched),
                Answer::Redirect(location) => target = redirect_target(&target, &location)?,
            }
        }
        Err((
            AttemptFailure::Redirect,
            format!("more than {MAX_REDIRECTS} redirects"),
        ))
    }

    async fn connect(&self, host: &str, ips: &[IpAddr]) -> Result<TcpStream, Failure> {
        let mut last = (AttemptFailure::ConnectFailed, format!("{host}: no address"));
        for ip in ips {
            let addr = SocketAddr::new(*ip, self.port);
            match tokio::time::timeout(self.connect_timeout, TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => return Ok(stream),
                // The name and port, never the resolved address (error details reach the
                // browser; an address would map the operator's network for a stranger).
                Ok(Err(e)) => {
                    last = (
                        AttemptFailure::ConnectFailed,
                        format!("{host}:{}: {e}", self.port),
                    )
                }
                Err(_) => {
                    last = (
                        AttemptFailure::Timeout,
                        format!("{host}:{} did not accept the connection in time", self.port),
                    )
                }
            }
        }
        Err(last)
    }

    async fn get_once(&self, url: &HttpsUrl) -> Result<Answer, Failure> {
        let ips = self.reach.addresses(&url.host).await?;
        let tcp = self.connect(&url.host, &ips).await?;
        let name = ServerName::try_from(url.host.clone())
            .map_err(|_| (AttemptFailure::Tls, format!("{}: not a TLS name", url.host)))?;
        let tls = tokio::time::timeout(
            self.connect_timeout,
            TlsConnector::from(self.tls.clone()).connect(name, tcp),
        )
        .await
        .map_err(|_| {
            (
                AttemptFailure::Timeout,
                format!("{}: no TLS handshake in time", url.host),
            )
        })?
        .map_err(|e| (AttemptFailure::Tls, handshake_error(&e).to_string()))?;
        let http_error = |e: hyper::Error| (AttemptFailure::InvalidAnswer, format!("HTTP: {e}"));
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .map_err(http_error)?;
        let _driver = AbortOnDrop(tokio::spawn(async move {
            let _ = connection.await;
        }));
        let host_header = if self.port == 443 {
            url.host.clone()
        } else {
            format!("{}:{}", url.host, self.port)
        };
        let request = hyper::Request::get(url.path.as_str())
            .header(header::HOST, host_header)
            .header(header::USER_AGENT, "Facteur")
            .header(header::ACCEPT, "application/xml, text/xml")
            .body(Empty::<Bytes>::new())
            .map_err(|e| (AttemptFailure::InvalidAnswer, e.to_string()))?;
        let response = sender.send_request(request).await.map_err(http_error)?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .ok_or_else(|| {
                    (
                        AttemptFailure::Redirect,
                        format!("{status} without a usable Location"),
                    )
                })?;
            return Ok(Answer::Redirect(location.to_owned()));
        }
        if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
            return Ok(Answer::Fetched(Fetched::NotFound));
        }
        if status != StatusCode::OK {
            return Err((AttemptFailure::HttpStatus, format!("HTTP {status}")));
        }
        let declared = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        let too_large = |size: String| {
            (
                AttemptFailure::TooLarge,
                format!("{size} bytes, more than the {MAX_AUTOCONFIG_BYTES} read"),
            )
        };
        if let Some(size) = declared.filter(|size| *size > MAX_AUTOCONFIG_BYTES as u64) {
            return Err(too_large(size.to_string()));
        }
        let body = Limited::new(response.into_body(), MAX_AUTOCONFIG_BYTES)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    too_large("over".into())
                } else {
                    (AttemptFailure::InvalidAnswer, format!("HTTP body: {e}"))
                }
            })?;
        Ok(Answer::Fetched(Fetched::Body(body.to_bytes().to_vec())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(host: &str, path: &str) -> HttpsUrl {
        HttpsUrl {
            host: host.into(),
            path: path.into(),
        }
    }

    #[test]
    fn only_plain_https_urls_are_fetched() {
        let cases: [(&str, Option<HttpsUrl>); 8] = [
            (
                "https://autoconfig.example.fr/mail/config-v1.1.xml?emailaddress=a%40example.fr",
                Some(url(
                    "autoconfig.example.fr",
                    "/mail/config-v1.1.xml?emailaddress=a%40example.fr",
                )),
            ),
            ("https://Example.FR", Some(url("example.fr", "/"))),
            ("https://example.fr?x=1", Some(url("example.fr", "/?x=1"))),
            ("http://example.fr/mail/config-v1.1.xml", None),
            ("https://example.fr:8443/x", None),
            ("https://user@example.fr/x", None),
            ("https:///x", None),
            ("ftp://example.fr/x", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_https_url(input).ok(), expected, "{input}");
        }
    }

    #[test]
    fn redirects_stay_on_the_host_over_https() {
        let here = url("autoconfig.example.fr", "/mail/config-v1.1.xml");
        let cases: [(&str, Result<HttpsUrl, AttemptFailure>); 5] = [
            (
                "/v2/config.xml",
                Ok(url("autoconfig.example.fr", "/v2/config.xml")),
            ),
            (
                "https://autoconfig.example.fr/other.xml",
                Ok(url("autoconfig.example.fr", "/other.xml")),
            ),
            (
                "https://evil.example.net/config.xml",
                Err(AttemptFailure::Redirect),
            ),
            (
                "http://autoconfig.example.fr/config.xml",
                Err(AttemptFailure::Redirect),
            ),
            (
                "//evil.example.net/config.xml",
                Err(AttemptFailure::Redirect),
            ),
        ];
        for (location, expected) in cases {
            assert_eq!(
                redirect_target(&here, location).map_err(|(reason, _)| reason),
                expected,
                "{location}"
            );
        }
    }
}
