//! TLS for outbound connections: the public web roots plus the operator's extra CAs, and
//! precise reasons when a handshake fails.

use super::greeting::{is_other_protocol, sniff_plain};
use crate::error::Error;
use facteur_providers::Protocol;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::{self, CertificateError, ClientConfig, RootCertStore};

/// Why the TLS setup could not be built at start.
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error("cannot read CA file {path}: {reason}")]
    CaFile { path: String, reason: String },
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
}

/// Builds the client TLS configuration.
pub fn client_config(extra_ca_file: Option<&Path>) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = extra_ca_file {
        let ca_error = |reason: String| TlsSetupError::CaFile {
            path: path.display().to_string(),
            reason,
        };
        let pem = std::fs::read(path).map_err(|e| ca_error(e.to_string()))?;
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| ca_error(e.to_string()))?;
            roots.add(cert).map_err(|e| ca_error(e.to_string()))?;
            added += 1;
        }
        if added == 0 {
            return Err(ca_error("no certificate in the file".into()));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Runs the TLS handshake over `tcp`, verifying the certificate against `host`.
pub async fn handshake(
    config: &Arc<ClientConfig>,
    host: &str,
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>, Error> {
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| Error::InvalidInput(format!("host: {host:?} is not a valid TLS name")))?;
    TlsConnector::from(config.clone())
        .connect(name, tcp)
        .await
        .map_err(|e| handshake_error(&e))
}

/// [`handshake`] with the I/O error as it came, for callers that read it themselves
/// (the SMTP session, whose errors the connection test turns into a diagnosis).
pub async fn handshake_io(
    config: &Arc<ClientConfig>,
    host: &str,
    tcp: TcpStream,
) -> std::io::Result<TlsStream<TcpStream>> {
    let name = ServerName::try_from(host.to_owned())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    TlsConnector::from(config.clone()).connect(name, tcp).await
}

/// [`handshake`], and when it fails for another reason than the certificate, a look at
/// what the port says in plain text: an `expected` server's port answering in another
/// protocol (SMTP on the IMAP port) is [`Error::WrongProtocol`], not a TLS failure.
pub async fn handshake_expecting(
    config: &Arc<ClientConfig>,
    host: &str,
    tcp: TcpStream,
    expected: Protocol,
    wait: Duration,
) -> Result<TlsStream<TcpStream>, Error> {
    let peer = tcp.peer_addr();
    let name = ServerName::try_from(host.to_owned())
        .map_err(|_| Error::InvalidInput(format!("host: {host:?} is not a valid TLS name")))?;
    let failure = match TlsConnector::from(config.clone()).connect(name, tcp).await {
        Ok(tls) => return Ok(tls),
        Err(failure) => failure,
    };
    let certificate = matches!(
        failure
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        Some(rustls::Error::InvalidCertificate(_))
    );
    if !certificate && let Ok(addr) = peer {
        let heard = sniff_plain(addr, wait).await;
        if is_other_protocol(expected, heard) {
            return Err(Error::WrongProtocol { expected, heard });
        }
    }
    Err(handshake_error(&failure))
}

/// Maps a failed handshake to `tls_failure` with what is wrong, or to the I/O error it was.
pub fn handshake_error(error: &std::io::Error) -> Error {
    let rustls_error = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match rustls_error {
        Some(rustls::Error::InvalidCertificate(cert)) => {
            Error::TlsFailure(describe_certificate_error(cert))
        }
        Some(other) => Error::TlsFailure(other.to_string()),
        None => match error.kind() {
            std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset => {
                Error::TlsFailure(
                    "the server closed the connection during the TLS handshake \
                     (is this port really TLS?)"
                        .into(),
                )
            }
            _ => Error::TlsFailure(error.to_string()),
        },
    }
}

fn describe_certificate_error(error: &CertificateError) -> String {
    match error {
        CertificateError::UnknownIssuer => {
            "the certificate is not issued by a trusted authority (self-signed or private CA)"
                .into()
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "the certificate has expired".into()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "the certificate is not valid yet".into()
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            "the certificate is not valid for this host name".into()
        }
        CertificateError::Revoked => "the certificate has been revoked".into(),
        CertificateError::BadSignature => "the certificate has a bad signature".into(),
        other => format!("invalid certificate: {other:?}"),
    }
}
