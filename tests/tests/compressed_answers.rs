//! The bridge compresses its JSON and the body document as the browser asks (brotli or
//! gzip), and leaves downloads alone. Against a real Dovecot holding synthetic mail.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_model::api::MessagePage;
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::{MailServer, signed_in};
use std::io::Read;

/// The budget of a page of 50 on the wire (issue 11).
const LIST_OF_50_WIRE_BYTES: usize = 6 * 1024;

async fn get_encoded(browser: &ApiClient, uri: &str, accept: &str) -> Reply {
    browser
        .send(
            Request::get(uri).header(header::ACCEPT_ENCODING, accept),
            Body::empty(),
        )
        .await
}

fn decoded(reply: &Reply) -> Vec<u8> {
    let mut out = Vec::new();
    match reply.header(header::CONTENT_ENCODING).as_str() {
        "br" => {
            brotli_decompressor::Decompressor::new(reply.body.as_slice(), 4096)
                .read_to_end(&mut out)
                .expect("valid brotli");
        }
        "gzip" => {
            flate2::read::GzDecoder::new(reply.body.as_slice())
                .read_to_end(&mut out)
                .expect("valid gzip");
        }
        other => panic!("not compressed: {other:?}"),
    }
    out
}

#[tokio::test]
async fn a_list_of_50_travels_compressed_within_its_budget() {
    let server = MailServer::shared();
    let user = "test1@example.test";
    server.seed_bulk(user, "INBOX", 60);
    let browser = signed_in(&server, user).await;
    let uri = "/api/folders/INBOX/messages?limit=50";

    let plain = browser.get(uri).await;
    assert_eq!(plain.status, StatusCode::OK, "{}", plain.text());
    assert_eq!(plain.header(header::CONTENT_ENCODING), "");
    let page: MessagePage = plain.json();
    assert_eq!(page.messages.len(), 50);

    let brotli = get_encoded(&browser, uri, "gzip, deflate, br, zstd").await;
    assert_eq!(brotli.status, StatusCode::OK);
    assert_eq!(brotli.header(header::CONTENT_ENCODING), "br");
    assert!(
        brotli
            .header(header::VARY)
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    assert!(
        brotli.body.len() <= LIST_OF_50_WIRE_BYTES,
        "{} bytes on the wire for 50 messages ({} uncompressed)",
        brotli.body.len(),
        plain.body.len()
    );
    let unpacked: MessagePage = serde_json::from_slice(&decoded(&brotli)).expect("JSON");
    assert_eq!(unpacked, page);

    let gzip = get_encoded(&browser, uri, "gzip").await;
    assert_eq!(gzip.header(header::CONTENT_ENCODING), "gzip");
    assert!(gzip.body.len() < plain.body.len() / 2);
    let unpacked: MessagePage = serde_json::from_slice(&decoded(&gzip)).expect("JSON");
    assert_eq!(unpacked, page);

    // Problem details are JSON too (small ones stay as they are: not worth it).
    let missing = get_encoded(&browser, "/api/folders/Nowhere/messages", "br").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "folder_not_found");
}

#[tokio::test]
async fn the_body_document_is_compressed_and_an_attachment_is_not() {
    let server = MailServer::shared();
    let user = "test2@example.test";
    let paragraph = "Le compte rendu de la réunion de mardi suit, avec les chiffres. ".repeat(40);
    let attached = "colonne;valeur\r\n".repeat(400);
    let raw = format!(
        "From: Alice <alice@example.test>\r\nTo: {user}\r\nSubject: Compte rendu\r\n\
         Date: Mon, 02 Mar 2026 10:00:00 +0000\r\nMessage-ID: <cr@example.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>{paragraph}</p>\r\n\
         --b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=chiffres.csv\r\n\r\n\
         {attached}\r\n--b--\r\n"
    );
    server
        .append(user, "INBOX", &[(raw.as_bytes(), None)])
        .await;
    let browser = signed_in(&server, user).await;
    let page = browser.page("INBOX", "?limit=1").await;
    let uid = page.messages[0].uid.0;

    let document = get_encoded(
        &browser,
        &format!("/api/folders/INBOX/messages/{uid}/body.html"),
        "br",
    )
    .await;
    assert_eq!(document.status, StatusCode::OK);
    assert_eq!(document.header(header::CONTENT_ENCODING), "br");
    // Its security headers survive the layer.
    assert!(!document.header(header::CONTENT_SECURITY_POLICY).is_empty());
    let html = String::from_utf8(decoded(&document)).expect("UTF-8");
    assert!(html.contains("Le compte rendu de la réunion"));

    let download = get_encoded(
        &browser,
        &format!("/api/folders/INBOX/messages/{uid}/attachments/0"),
        "gzip, br",
    )
    .await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.text());
    assert_eq!(download.header(header::CONTENT_ENCODING), "");
    assert!(
        download
            .header(header::CONTENT_DISPOSITION)
            .contains("chiffres.csv")
    );
    // The file's own bytes (not compared with assert_eq!: 6 KB of numbers on failure).
    assert!(
        download.body == attached.as_bytes(),
        "{} bytes, not the attached {}",
        download.body.len(),
        attached.len()
    );
}
