//! Slow and greedy clients: a request head trickled a byte at a time is cut off, a body
//! that does not arrive in time is refused, and an oversized JSON body is refused with
//! 413 while it arrives, before any parsing; uploads keep their own, larger limit.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge_config, bridge_from, path_segment, serve};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest the tests wait for the bridge to act (a bound on a wait, not a measure).
const GENEROUS_WAIT: Duration = Duration::from_secs(90);

/// A bridge on a socket whose client deadlines are short enough for a test.
async fn impatient_bridge(server: &MailServer) -> facteur_tests::RunningBridge {
    let mut config = bridge_config(server, None);
    config.http.header_read_timeout_secs = 2;
    config.http.body_timeout_secs = 2;
    serve(config).await
}

/// Writes `bytes` one at a time, a second apart, until done or the socket fails; how
/// many were written.
async fn trickle(mut write: tokio::net::tcp::OwnedWriteHalf, bytes: Vec<u8>) -> usize {
    let mut sent = 0;
    for byte in bytes {
        if write.write_all(&[byte]).await.is_err() || write.flush().await.is_err() {
            break;
        }
        sent += 1;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    sent
}

/// Reads until the server closes the connection (EOF or reset); what it answered.
async fn read_until_closed(mut read: tokio::net::tcp::OwnedReadHalf) -> Vec<u8> {
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match read.read(&mut buffer).await {
            Ok(0) | Err(_) => return answer,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test]
async fn a_request_head_sent_byte_by_byte_is_cut_off() {
    let server = MailServer::shared();
    let bridge = impatient_bridge(&server).await;
    let tcp = TcpStream::connect(bridge.addr).await.expect("connect");
    let (read, write) = tcp.into_split();
    // A head far longer than the wait: at a byte a second it would take minutes.
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(400)
    )
    .into_bytes();
    let total = head.len();
    let writer = tokio::spawn(trickle(write, head));
    let closed = tokio::time::timeout(GENEROUS_WAIT, read_until_closed(read)).await;
    assert!(
        closed.is_ok(),
        "the bridge kept a connection whose head never ended"
    );
    writer.abort();
    let sent = writer.await.unwrap_or(0);
    assert!(
        sent < total,
        "the head was never complete ({sent} of {total})"
    );
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_refused() {
    let server = MailServer::shared();
    let bridge = impatient_bridge(&server).await;
    let tcp = TcpStream::connect(bridge.addr).await.expect("connect");
    let (read, mut write) = tcp.into_split();
    let body = format!("{{\"email\":\"{}\"}}", "a".repeat(300));
    let head = format!(
        "POST /api/session HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         X-Facteur-Request: 1\r\nContent-Length: {}\r\n\r\n",
        bridge.addr,
        body.len()
    );
    write
        .write_all(head.as_bytes())
        .await
        .expect("send the head");
    let total = body.len();
    let writer = tokio::spawn(trickle(write, body.into_bytes()));
    let answer = tokio::time::timeout(GENEROUS_WAIT, read_until_closed(read)).await;
    let answer = answer.expect("the bridge waited for ever for the body");
    writer.abort();
    let sent = writer.await.unwrap_or(0);
    assert!(
        sent < total,
        "the body was never complete ({sent} of {total})"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
}

/// A JSON-looking body of `size` bytes that is not valid JSON: a 400 would mean it was
/// parsed, a 413 that it was refused before.
fn oversized(size: usize) -> Vec<u8> {
    let mut body = b"{\"email\": \"".to_vec();
    body.resize(size, b'x');
    body
}

fn post(uri: &str, body: Body) -> (axum::http::request::Builder, Body) {
    let builder = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-facteur-request", "1");
    (builder, body)
}

#[tokio::test]
async fn an_oversized_json_body_is_refused_before_parsing() {
    let server = MailServer::shared();
    let user = "test2@example.test";
    let mut browser = ApiClient::new(bridge_from(bridge_config(&server, None)));
    let limit = facteur_backend::security::slow_clients::MAX_JSON_BYTES;

    // Not signed in: sign-in itself.
    let (builder, body) = post("/api/session", Body::from(oversized(limit + 1)));
    let reply = browser.send(builder, body).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text()
    );
    assert_eq!(
        reply.header(header::CONTENT_TYPE),
        "application/problem+json"
    );
    assert_eq!(reply.code(), "request_too_large");
    let problem: serde_json::Value = reply.json();
    assert_eq!(problem["limit_bytes"], serde_json::json!(limit));

    // Just under the limit, the same garbage is parsed, and refused as such.
    let (builder, body) = post("/api/session", Body::from(oversized(limit)));
    let reply = browser.send(builder, body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text());
    assert_eq!(reply.code(), "invalid_input");

    let reply = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    // Signed in, without a Content-Length (chunked): cut off while it streams in.
    for (method, uri) in [
        ("POST", "/api/send"),
        ("PUT", "/api/drafts"),
        ("PUT", "/api/settings"),
        ("POST", "/api/folders/INBOX/move"),
    ] {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = oversized(limit * 2)
            .chunks(64 * 1024)
            .map(|c| Ok(c.to_vec()))
            .collect();
        let body = Body::from_stream(futures::stream::iter(chunks));
        let builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-facteur-request", "1");
        let reply = browser.send(builder, body).await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{method} {uri}: {}",
            reply.text()
        );
        assert_eq!(reply.code(), "request_too_large", "{method} {uri}");
    }

    // Uploads stream with their own limit: a file past the JSON limit is accepted.
    let file = vec![7u8; limit * 2];
    let builder = Request::post("/api/uploads")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header("x-facteur-filename", path_segment("big.bin"))
        .header("x-facteur-request", "1");
    let reply = browser.send(builder, Body::from(file)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}
