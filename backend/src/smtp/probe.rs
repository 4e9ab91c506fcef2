//! A quick check at sign-in that the SMTP server answers as one (TLS included), so a
//! wrong port or certificate shows up while the technician is still there, not at the
//! first send.

use crate::error::{Error, Result};
use crate::security::outbound::OutboundPolicy;
use crate::transport::dial::{connect_tcp, io_error};
use crate::transport::tls;
use facteur_model::api::{Security, ServerEndpoint};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio_rustls::rustls::ClientConfig;

/// Longest reply line we accept; a server sending more is not speaking SMTP.
const MAX_LINE: usize = 4096;

/// Connects to `endpoint`, reads the greeting (after STARTTLS when asked), says QUIT.
pub async fn probe_smtp(
    policy: &OutboundPolicy,
    tls_config: &Arc<ClientConfig>,
    endpoint: &ServerEndpoint,
    timeout: Duration,
) -> Result<()> {
    let checked = policy.resolve(endpoint).await?;
    let steps = async {
        let mut tcp = connect_tcp(&checked, timeout).await?;
        match checked.security {
            Security::Tls => {
                let mut stream = tls::handshake(tls_config, &checked.host, tcp).await?;
                greeting_then_quit(&mut stream).await
            }
            Security::Plain => greeting_then_quit(&mut tcp).await,
            Security::StartTls => {
                {
                    let mut conversation = BufReader::new(&mut tcp);
                    expect_reply(&mut conversation, 220).await?;
                    command(&mut conversation, "EHLO facteur.invalid").await?;
                    expect_reply(&mut conversation, 250).await?;
                    command(&mut conversation, "STARTTLS").await?;
                    expect_reply(&mut conversation, 220)
                        .await
                        .map_err(|e| match e {
                            Error::ServerRefused(text) => {
                                Error::TlsFailure(format!("the server refused STARTTLS: {text}"))
                            }
                            other => other,
                        })?;
                }
                let mut stream = tls::handshake(tls_config, &checked.host, tcp).await?;
                let mut conversation = BufReader::new(&mut stream);
                command(&mut conversation, "QUIT").await
            }
        }
    };
    tokio::time::timeout(timeout * 2, steps)
        .await
        .map_err(|_| Error::Timeout(format!("{}:{} did not answer", checked.host, endpoint.port)))?
}

async fn greeting_then_quit<S: AsyncRead + AsyncWrite + Unpin>(stream: &mut S) -> Result<()> {
    let mut conversation = BufReader::new(stream);
    expect_reply(&mut conversation, 220).await?;
    command(&mut conversation, "QUIT").await
}

async fn command<S: AsyncRead + AsyncWrite + Unpin>(
    conversation: &mut BufReader<S>,
    line: &str,
) -> Result<()> {
    let stream = conversation.get_mut();
    stream
        .write_all(format!("{line}\r\n").as_bytes())
        .await
        .map_err(|e| io_error(&e))?;
    stream.flush().await.map_err(|e| io_error(&e))
}

/// Reads one (possibly multi-line) reply and checks its code.
async fn expect_reply<S: AsyncRead + Unpin>(
    conversation: &mut BufReader<S>,
    expected: u16,
) -> Result<()> {
    loop {
        let mut line = String::new();
        let read = (&mut *conversation)
            .take(MAX_LINE as u64)
            .read_line(&mut line)
            .await
            .map_err(|e| io_error(&e))?;
        if read == 0 {
            return Err(Error::ConnectionLost(
                "the SMTP server closed the connection".into(),
            ));
        }
        let code: Option<u16> = line.get(..3).and_then(|c| c.parse().ok());
        let Some(code) = code else {
            return Err(Error::Protocol("the server does not speak SMTP".into()));
        };
        if line.as_bytes().get(3) == Some(&b'-') {
            continue;
        }
        if code == expected {
            return Ok(());
        }
        return Err(Error::ServerRefused(line.trim().to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replies_are_read_to_their_last_line() {
        let input: &[u8] = b"250-mail.example.test\r\n250-DSN\r\n250 STARTTLS\r\n554 no\r\n";
        let mut reader = BufReader::new(input);
        expect_reply(&mut reader, 250).await.unwrap();
        let refused = expect_reply(&mut reader, 250).await;
        assert!(matches!(refused, Err(Error::ServerRefused(text)) if text == "554 no"));
        let garbage: &[u8] = b"* OK IMAP4rev1 ready\r\n";
        let wrong = expect_reply(&mut BufReader::new(garbage), 220).await;
        assert!(matches!(wrong, Err(Error::Protocol(_))));
    }
}
