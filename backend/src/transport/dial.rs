//! TCP connections to checked addresses, with a timeout and precise errors.

use crate::error::Error;
use crate::security::outbound::CheckedEndpoint;
use crate::transport::bounded::Refusal;
use std::io::ErrorKind;
use std::time::Duration;
use tokio::net::TcpStream;

/// Connects to the first of the endpoint's checked addresses that answers.
pub async fn connect_tcp(
    endpoint: &CheckedEndpoint,
    timeout: Duration,
) -> Result<TcpStream, Error> {
    let mut last = Error::HostUnreachable(format!("{}: no address", endpoint.host));
    for addr in &endpoint.addrs {
        match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                // Mail protocols are chatty request/response: do not wait to fill packets.
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Ok(Err(e)) => last = connect_error(&endpoint.host, addr.port(), &e),
            Err(_) => {
                last = Error::Timeout(format!(
                    "{}:{} did not accept the connection in time",
                    endpoint.host,
                    addr.port()
                ))
            }
        }
    }
    Err(last)
}

fn connect_error(host: &str, port: u16, error: &std::io::Error) -> Error {
    let what = match error.kind() {
        ErrorKind::ConnectionRefused => "connection refused",
        ErrorKind::HostUnreachable => "host unreachable",
        ErrorKind::NetworkUnreachable => "network unreachable",
        ErrorKind::TimedOut => {
            return Error::Timeout(format!("{host}:{port} did not answer"));
        }
        _ => "cannot connect",
    };
    Error::HostUnreachable(format!("{host}:{port}: {what}"))
}

/// Maps an I/O error in the middle of a conversation.
pub fn io_error(error: &std::io::Error) -> Error {
    match crate::transport::bounded::refusal(error) {
        Some(Refusal::TooLarge(too_large)) => {
            return Error::ServerResponseTooLarge {
                limit: too_large.limit,
            };
        }
        Some(refusal @ (Refusal::MetadataNotText | Refusal::CodeNotFollowedBySpace)) => {
            return Error::Protocol(refusal.to_string());
        }
        None => {}
    }
    match error.kind() {
        ErrorKind::TimedOut => Error::Timeout(error.to_string()),
        ErrorKind::InvalidData
            if error
                .get_ref()
                .is_some_and(|inner| inner.is::<tokio_rustls::rustls::Error>()) =>
        {
            crate::transport::tls::handshake_error(error)
        }
        _ => Error::ConnectionLost(error.to_string()),
    }
}
