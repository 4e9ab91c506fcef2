//! Against a real loopback HTTP server: the request as it arrives, and the policy's refusals.

use super::*;
use crate::oauth::config::OAuthConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one connection: reads the request (head and `Content-Length` body), answers
/// `response`, and hands back what it read.
async fn one_shot(response: Vec<u8>) -> (u16, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut read = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = stream.read(&mut buffer).await.unwrap();
            read.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&read).into_owned();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|line| {
                        line.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if read.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
        }
        stream.write_all(&response).await.unwrap();
        stream.shutdown().await.unwrap();
        String::from_utf8(read).unwrap()
    });
    (port, task)
}

fn provider(port: u16, revocation: bool) -> OAuthProvider {
    let revoke = if revocation {
        format!("revocation_endpoint = \"http://127.0.0.1:{port}/revoke\"\n")
    } else {
        String::new()
    };
    let text = format!(
        "redirect_url = \"http://localhost:8080/api/oauth/callback\"\n\
         [[providers]]\nid = \"local\"\nname = \"Local\"\n\
         authorization_endpoint = \"http://127.0.0.1:{port}/authorize\"\n\
         token_endpoint = \"http://127.0.0.1:{port}/token?v=1\"\n{revoke}\
         client_id = \"facteur\"\nscopes = [\"mail\"]\n\
         imap = {{ host = \"127.0.0.1\", port = 143, security = \"plain\" }}\n\
         smtp = {{ host = \"127.0.0.1\", port = 587, security = \"start_tls\" }}\n\
         domains = [\"example.test\"]\n"
    );
    let config: OAuthConfig = toml::from_str(&text).unwrap();
    config.resolve(true).unwrap().all()[0].clone()
}

fn client(allow_loopback: bool) -> OAuthHttp {
    OAuthHttp {
        tls: crate::transport::tls::client_config(None).unwrap(),
        allow_loopback,
        allow_private: false,
        timeout: Duration::from_secs(10),
    }
}

#[tokio::test]
async fn the_form_is_posted_to_the_configured_token_endpoint() {
    let json = br#"{"access_token":"a","token_type":"bearer"}"#;
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        json.len()
    )
    .into_bytes();
    response.extend_from_slice(json);
    let (port, server) = one_shot(response).await;
    let answer = client(true)
        .post_form(
            &provider(port, false),
            Endpoint::Token,
            "grant_type=x&code=y".into(),
        )
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, json);
    let request = server.await.unwrap();
    assert!(
        request.starts_with("POST /token?v=1 HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request
            .to_ascii_lowercase()
            .contains("content-type: application/x-www-form-urlencoded"),
        "{request}"
    );
    assert!(
        request.ends_with("\r\n\r\ngrant_type=x&code=y"),
        "{request}"
    );
}

#[tokio::test]
async fn a_redirect_is_returned_not_followed() {
    let (port, server) = one_shot(
        b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n"
            .to_vec(),
    )
    .await;
    let answer = client(true)
        .post_form(
            &provider(port, true),
            Endpoint::Revocation,
            "token=t".into(),
        )
        .await
        .unwrap();
    assert_eq!(answer.status, 302);
    assert!(server.await.unwrap().starts_with("POST /revoke "));
}

#[tokio::test]
async fn an_oversized_answer_is_cut_off() {
    let big = vec![b'x'; MAX_ANSWER_BYTES + 1];
    let mut response =
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", big.len()).into_bytes();
    response.extend_from_slice(&big);
    let (port, _server) = one_shot(response).await;
    let result = client(true)
        .post_form(&provider(port, false), Endpoint::Token, String::new())
        .await;
    assert!(matches!(result, Err(HttpFailure::TooLarge)), "{result:?}");
}

#[tokio::test]
async fn the_outbound_policy_and_the_configuration_bound_where_it_goes() {
    // Loopback refused by the policy: nothing is connected.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let refused = client(false)
        .post_form(&provider(port, true), Endpoint::Token, String::new())
        .await;
    assert!(
        matches!(refused, Err(HttpFailure::NotAllowed(_))),
        "{refused:?}"
    );
    // A connection made would wait in the backlog; the non-blocking accept finds none.
    let accepted = listener.accept();
    assert!(
        matches!(&accepted, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the refused request connected: {accepted:?}"
    );
    // No revocation endpoint configured: nothing to call.
    let none = client(true)
        .post_form(&provider(port, false), Endpoint::Revocation, String::new())
        .await;
    assert!(matches!(none, Err(HttpFailure::NotOffered)), "{none:?}");
}
