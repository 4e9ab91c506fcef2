//! What a port speaks, told from the first bytes it sends: the sign-in and the
//! connection test both name "the wrong protocol on this port" (an SMTP greeting on the
//! IMAP port, a web server) instead of a TLS or parse failure. `sniff_plain` opens a
//! second, short connection when the first one failed before anything was read.

use facteur_providers::Protocol;
use facteur_providers::setup_api::HeardProtocol;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the first bytes a server sent say about its protocol.
pub fn classify_greeting(bytes: &[u8]) -> HeardProtocol {
    let starts = |prefix: &[u8]| {
        bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    // A TLS record: handshake (22) or alert (21), protocol version 3.x.
    if matches!(bytes, [0x15 | 0x16, 0x03, ..]) {
        HeardProtocol::Tls
    } else if starts(b"* OK") || starts(b"* PREAUTH") || starts(b"* BYE") {
        HeardProtocol::Imap
    } else if starts(b"+OK") || starts(b"-ERR") {
        HeardProtocol::Pop3
    } else if starts(b"HTTP/") {
        HeardProtocol::Http
    } else if bytes.len() >= 4
        && bytes[..3].iter().all(u8::is_ascii_digit)
        && matches!(bytes[3], b' ' | b'-')
    {
        HeardProtocol::Smtp
    } else {
        HeardProtocol::Unknown
    }
}

/// What the expected protocol's greeting looks like, as [`classify_greeting`] names it.
pub fn heard_as(protocol: Protocol) -> HeardProtocol {
    match protocol {
        Protocol::Imap => HeardProtocol::Imap,
        Protocol::Smtp => HeardProtocol::Smtp,
        Protocol::Pop3 => HeardProtocol::Pop3,
    }
}

/// What a port says in plain text: its greeting, or its answer to an HTTP request
/// when it waits for the client to speak first. `Unknown` when it says nothing in `wait`.
pub async fn sniff_plain(addr: SocketAddr, wait: Duration) -> HeardProtocol {
    let sniff = async {
        let mut tcp = TcpStream::connect(addr).await.ok()?;
        let mut buffer = [0u8; 64];
        let read = match tokio::time::timeout(wait / 2, tcp.read(&mut buffer)).await {
            Ok(read) => read.ok()?,
            Err(_) => {
                tcp.write_all(b"HEAD / HTTP/1.0\r\n\r\n").await.ok()?;
                tcp.read(&mut buffer).await.ok()?
            }
        };
        Some(classify_greeting(&buffer[..read]))
    };
    tokio::time::timeout(wait, sniff)
        .await
        .ok()
        .flatten()
        .unwrap_or(HeardProtocol::Unknown)
}

/// Whether `heard` is another protocol than `expected` (plain text of the right one,
/// TLS, or silence are not: they are a security setting or a dead port).
pub fn is_other_protocol(expected: Protocol, heard: HeardProtocol) -> bool {
    !matches!(
        heard,
        HeardProtocol::Unknown | HeardProtocol::Tls | HeardProtocol::PlainText
    ) && heard != heard_as(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greetings_tell_the_protocol() {
        let cases: [(&[u8], HeardProtocol); 9] = [
            (
                b"* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n",
                HeardProtocol::Imap,
            ),
            (b"* PREAUTH welcome\r\n", HeardProtocol::Imap),
            (
                b"220 mail.example.test ESMTP Postfix\r\n",
                HeardProtocol::Smtp,
            ),
            (b"220-mail.example.test ESMTP\r\n", HeardProtocol::Smtp),
            (b"+OK POP3 ready\r\n", HeardProtocol::Pop3),
            (b"HTTP/1.1 400 Bad Request\r\n", HeardProtocol::Http),
            (&[0x16, 0x03, 0x03, 0x00, 0x40], HeardProtocol::Tls),
            (&[0x15, 0x03, 0x01, 0x00, 0x02], HeardProtocol::Tls),
            (b"SSH-2.0-OpenSSH_9.2\r\n", HeardProtocol::Unknown),
        ];
        for (bytes, expected) in cases {
            assert_eq!(
                classify_greeting(bytes),
                expected,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn other_protocols_are_told_from_security_mistakes() {
        assert!(is_other_protocol(Protocol::Imap, HeardProtocol::Smtp));
        assert!(is_other_protocol(Protocol::Smtp, HeardProtocol::Http));
        assert!(!is_other_protocol(Protocol::Imap, HeardProtocol::Imap));
        assert!(!is_other_protocol(Protocol::Smtp, HeardProtocol::Tls));
        assert!(!is_other_protocol(Protocol::Smtp, HeardProtocol::Unknown));
    }
}
