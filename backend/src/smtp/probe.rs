//! A quick check at sign-in that the SMTP server answers as one (TLS included), so a
//! wrong port or certificate shows up while the technician is still there, not at the
//! first send.

use super::reply::expect_reply;
use crate::error::{Error, Result};
use crate::security::outbound::OutboundPolicy;
use crate::transport::dial::{connect_tcp, io_error};
use crate::transport::tls;
use facteur_model::api::{Security, ServerEndpoint};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio_rustls::rustls::ClientConfig;

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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn greeting_then_quit_reads_the_greeting_and_says_quit() {
        let (client, mut server) = tokio::io::duplex(1024);
        let answering = tokio::spawn(async move {
            server
                .write_all(b"220-mail.example.test\r\n220 ready\r\n")
                .await
                .unwrap();
            let mut said = Vec::new();
            server.read_to_end(&mut said).await.unwrap();
            said
        });
        let mut client = client;
        greeting_then_quit(&mut client).await.unwrap();
        drop(client);
        assert_eq!(answering.await.unwrap(), b"QUIT\r\n");
    }
}
