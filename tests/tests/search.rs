//! Search and sorting against a real Dovecot: each term kind, French words in their case
//! and accent variants, the server's SORT and the bridge's fallback giving the same
//! order, every folder searched and labelled, and hostile text staying text.

use axum::http::StatusCode;
use facteur_backend::AppState;
use facteur_backend::imap::capabilities::features;
use facteur_backend::imap::mutf7;
use facteur_backend::imap::search::folder_matches;
use facteur_model::FolderPath;
use facteur_model::problem::Problem;
use facteur_model::routes::{self, path_segment};
use facteur_model::search::{SearchError, parse_query};
use facteur_model::search_results::{SearchPage, SearchRequest, SearchScope, SortedBy};
use facteur_model::sort::{SortDirection, SortKey, SortOrder};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge_config, signed_in};

/// A plain message; `extra` goes into the headers (Cc...), `body` may hold anything.
fn message(from: &str, subject: &str, date: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: Moi <moi@example.test>\r\n{extra}Subject: {subject}\r\n\
         Date: {date}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

fn with_attachment(from: &str, subject: &str, date: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: moi@example.test\r\nSubject: {subject}\r\nDate: {date}\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoir le fichier joint.\r\n\
         --b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"budget.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
    )
    .into_bytes()
}

/// Appends with a chosen INTERNALDATE and flags, which SINCE/BEFORE and the flag terms
/// read. (Messages stay under a few kilobytes: async-imap writes APPEND in pieces, and
/// Dovecot 2.3 then never sends the go-ahead for a larger literal.)
async fn append(
    server: &MailServer,
    user: &str,
    folder: &str,
    raw: &[u8],
    received: &str,
    flags: &str,
) {
    let mut session = server.imap(user).await;
    session
        .append(
            mutf7::encode(folder),
            Some(flags),
            Some(&format!("\"{received}\"")),
            raw,
        )
        .await
        .expect("APPEND");
    let _ = session.logout().await;
}

async fn create_folder(server: &MailServer, user: &str, folder: &str) {
    let mut session = server.imap(user).await;
    session.create(mutf7::encode(folder)).await.expect("CREATE");
    let _ = session.logout().await;
}

/// The mailbox most tests search: five messages that differ in every term kind.
async fn seed_inbox(server: &MailServer, user: &str) {
    let mails: [(Vec<u8>, &str, &str); 5] = [
        (
            message(
                "Alice Martin <alice@example.test>",
                "Réunion budget",
                "Mon, 02 Mar 2026 09:00:00 +0000",
                "Cc: Bob <bob@example.test>\r\n",
                "Ordre du jour : la réunion de lundi.",
            ),
            "02-Mar-2026 09:00:00 +0000",
            "(\\Seen)",
        ),
        (
            message(
                "Chloé Dupré <chloe@example.test>",
                "RÉUNION d'équipe",
                "Tue, 10 Mar 2026 09:00:00 +0000",
                "",
                "Nous parlerons de l'été.",
            ),
            "10-Mar-2026 09:00:00 +0000",
            "(\\Flagged)",
        ),
        (
            message(
                "Bob <bob@example.test>",
                "Reunion sans accent",
                "Fri, 20 Mar 2026 09:00:00 +0000",
                "",
                &"Un long texte. ".repeat(100),
            ),
            "20-Mar-2026 09:00:00 +0000",
            "(\\Seen \\Flagged)",
        ),
        (
            with_attachment(
                "Alice Martin <alice@example.test>",
                "Budget final",
                "Wed, 01 Apr 2026 09:00:00 +0000",
            ),
            "01-Apr-2026 09:00:00 +0000",
            "()",
        ),
        (
            message(
                "Zoé <zoe@example.test>",
                "Vacances",
                "Thu, 09 Apr 2026 09:00:00 +0000",
                "",
                "Rien à voir.",
            ),
            "09-Apr-2026 09:00:00 +0000",
            "(\\Seen)",
        ),
    ];
    for (raw, received, flags) in &mails {
        append(server, user, "INBOX", raw, received, flags).await;
    }
}

fn request(text: &str, scope: SearchScope, sort: SortOrder) -> SearchRequest {
    SearchRequest {
        text: text.to_owned(),
        scope,
        sort,
        offset: 0,
        limit: 50,
    }
}

async fn search(browser: &ApiClient, request: &SearchRequest) -> SearchPage {
    let reply = browser.get(&routes::search(request).url).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

/// The subjects of the matches of `text` in INBOX, newest first.
async fn subjects(browser: &ApiClient, text: &str) -> Vec<String> {
    subjects_sorted(browser, text, SortOrder::default()).await
}

async fn subjects_sorted(browser: &ApiClient, text: &str, sort: SortOrder) -> Vec<String> {
    let page = search(
        browser,
        &request(text, SearchScope::Folder(FolderPath::inbox()), sort),
    )
    .await;
    assert_eq!(page.total as usize, page.hits.len(), "{text}");
    page.hits
        .into_iter()
        .map(|hit| hit.message.subject)
        .collect()
}

#[tokio::test]
async fn each_term_kind_narrows_the_matches() {
    let server = MailServer::shared();
    seed_inbox(&server, "test1@example.test").await;
    let browser = signed_in(&server, "test1@example.test").await;

    assert_eq!(
        subjects(&browser, "de:alice").await,
        ["Budget final", "Réunion budget"]
    );
    assert_eq!(
        subjects(&browser, "from:\"Chloé Dupré\"").await,
        ["RÉUNION d'équipe"]
    );
    // To covers Cc too.
    assert_eq!(subjects(&browser, "à:bob").await, ["Réunion budget"]);
    assert_eq!(
        subjects(&browser, "objet:budget").await,
        ["Budget final", "Réunion budget"]
    );
    assert_eq!(subjects(&browser, "corps:lundi").await, ["Réunion budget"]);
    assert_eq!(
        subjects(&browser, "\"ordre du jour\"").await,
        ["Réunion budget"]
    );
    assert_eq!(subjects(&browser, "texte:vacances").await, ["Vacances"]);
    assert_eq!(
        subjects(&browser, "depuis:2026-03-10 avant:01/04/2026").await,
        ["Reunion sans accent", "RÉUNION d'équipe"]
    );
    assert_eq!(
        subjects(&browser, "non-lu:oui").await,
        ["Budget final", "RÉUNION d'équipe"]
    );
    assert_eq!(
        subjects(&browser, "is:read suivi:oui").await,
        ["Reunion sans accent"]
    );
    assert_eq!(
        subjects(&browser, "pièce-jointe:oui").await,
        ["Budget final"]
    );
    assert_eq!(
        subjects(&browser, "has:attachment de:alice").await,
        ["Budget final"]
    );
    assert_eq!(
        subjects(&browser, "sans:pj de:alice").await,
        ["Réunion budget"]
    );
    assert_eq!(
        subjects(&browser, "taille>1k").await,
        ["Reunion sans accent"]
    );
    assert_eq!(
        subjects(&browser, "smaller:1k objet:reunion").await.len(),
        0,
        "accents"
    );
    assert!(subjects(&browser, "de:personne").await.is_empty());
}

#[tokio::test]
async fn french_words_match_in_any_case_and_as_the_server_folds_accents() {
    let server = MailServer::shared();
    seed_inbox(&server, "test2@example.test").await;
    let browser = signed_in(&server, "test2@example.test").await;

    // Case never matters: « réunion », « Réunion » and « RÉUNION » find the same two.
    for typed in [
        "objet:réunion",
        "objet:Réunion",
        "objet:RÉUNION",
        "sujet:rÉuNiOn",
    ] {
        assert_eq!(
            subjects(&browser, typed).await,
            ["RÉUNION d'équipe", "Réunion budget"],
            "{typed}"
        );
    }
    // Dovecot 2.3 without full-text search compares with i;unicode-casemap, which keeps
    // accents: « Reunion » finds only the subject written without one.
    assert_eq!(
        subjects(&browser, "objet:reunion").await,
        ["Reunion sans accent"]
    );
    // Accented words in the body, sent as literals.
    assert_eq!(subjects(&browser, "corps:été").await, ["RÉUNION d'équipe"]);
    assert_eq!(subjects(&browser, "corps:ÉTÉ").await, ["RÉUNION d'équipe"]);
    assert_eq!(
        subjects(&browser, "RÉUNION lundi").await,
        ["Réunion budget"]
    );
}

#[tokio::test]
async fn each_sort_key_orders_the_matches_and_the_fallback_agrees() {
    let server = MailServer::shared();
    let user = "test3@example.test";
    seed_inbox(&server, user).await;
    let browser = signed_in(&server, user).await;
    let order = |key, direction| SortOrder { key, direction };
    use SortDirection::*;
    use SortKey::*;
    let everything = "depuis:2026-01-01";
    let cases = [
        (
            order(Date, Descending),
            vec![
                "Vacances",
                "Budget final",
                "Reunion sans accent",
                "RÉUNION d'équipe",
                "Réunion budget",
            ],
        ),
        (
            order(Date, Ascending),
            vec![
                "Réunion budget",
                "RÉUNION d'équipe",
                "Reunion sans accent",
                "Budget final",
                "Vacances",
            ],
        ),
        (
            order(Sender, Ascending),
            vec![
                "Réunion budget",
                "Budget final",
                "Reunion sans accent",
                "RÉUNION d'équipe",
                "Vacances",
            ],
        ),
        (
            // Case folded: « RÉUNION d'équipe » after « Réunion budget » (d > b).
            order(Subject, Descending),
            vec![
                "Vacances",
                "RÉUNION d'équipe",
                "Réunion budget",
                "Reunion sans accent",
                "Budget final",
            ],
        ),
        (order(Size, Descending), vec!["Reunion sans accent"]),
        (
            order(UnreadFirst, Descending),
            vec![
                "Budget final",
                "RÉUNION d'équipe",
                "Vacances",
                "Reunion sans accent",
                "Réunion budget",
            ],
        ),
        (
            order(FlaggedFirst, Ascending),
            vec![
                "RÉUNION d'équipe",
                "Reunion sans accent",
                "Réunion budget",
                "Budget final",
                "Vacances",
            ],
        ),
    ];
    let state = AppState::new(bridge_config(&server, None)).expect("bridge state");
    let mut session = state
        .connector
        .open(&server.imaps(), user, &server.password(user))
        .await
        .expect("IMAP session");
    let served = features(&mut session).await.expect("capabilities");
    assert!(served.sort, "Dovecot offers SORT");
    let query = parse_query(everything).unwrap();
    for (sort, expected) in cases {
        let got = subjects_sorted(&browser, everything, sort).await;
        assert_eq!(got[..expected.len()], expected[..], "{sort:?}");
        // The same order without SORT, sorted by the bridge from headers and flags.
        let server_uids = folder_matches(&mut session, served, &FolderPath::inbox(), &query, sort)
            .await
            .expect("sorted by the server")
            .uids;
        let without_sort = facteur_backend::imap::capabilities::Features {
            sort: false,
            ..served
        };
        let fallback = folder_matches(
            &mut session,
            without_sort,
            &FolderPath::inbox(),
            &query,
            sort,
        )
        .await
        .expect("sorted by the bridge");
        assert!(!fallback.server_sorted);
        assert_eq!(fallback.uids, server_uids, "{sort:?}");
    }
    let _ = session.logout().await;
}

#[tokio::test]
async fn every_folder_is_searched_and_each_match_labelled() {
    let server = MailServer::shared();
    let user = "test4@example.test";
    for folder in ["Archives", "Projets", "Projets/Été", "Clients"] {
        create_folder(&server, user, folder).await;
    }
    let received = |day: u32| format!("{day:02}-Mar-2026 09:00:00 +0000");
    let date = |day: u32| format!("Mon, {day:02} Mar 2026 09:00:00 +0000");
    let placed = [
        ("INBOX", 5, "Réunion d'accueil"),
        ("Archives", 3, "Ancienne réunion"),
        ("Projets/Été", 9, "Réunion de l'été"),
        ("Clients", 7, "Facture"),
        ("Archives", 1, "Très ancienne réunion"),
    ];
    for (folder, day, subject) in placed {
        let raw = message(
            "Alice <alice@example.test>",
            subject,
            &date(day),
            "",
            "texte",
        );
        append(&server, user, folder, &raw, &received(day), "()").await;
    }
    let browser = signed_in(&server, user).await;
    let all = |offset, limit| SearchRequest {
        offset,
        limit,
        ..request(
            "objet:réunion",
            SearchScope::AllFolders,
            SortOrder::default(),
        )
    };
    let page = search(&browser, &all(0, 50)).await;
    let got: Vec<(&str, &str)> = page
        .hits
        .iter()
        .map(|hit| (hit.folder.as_str(), hit.message.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Projets/Été", "Réunion de l'été"),
            ("INBOX", "Réunion d'accueil"),
            ("Archives", "Ancienne réunion"),
            ("Archives", "Très ancienne réunion"),
        ]
    );
    assert_eq!((page.total, page.next_offset), (4, None));
    assert_eq!(page.sorted_by, SortedBy::Server);
    assert!(page.unsearched.is_empty());
    // Paged: the second page of two continues where the first stopped.
    let first = search(&browser, &all(0, 2)).await;
    let second = search(&browser, &all(2, 2)).await;
    assert_eq!(first.next_offset, Some(2));
    assert_eq!(second.hits[0].message.subject, "Ancienne réunion");
    assert_eq!(second.next_offset, None);
    // Each match opens from its folder with its UID.
    let hit = &page.hits[0];
    let reply = browser
        .get(&format!(
            "/api/folders/{}/messages/{}",
            path_segment(hit.folder.as_str()),
            hit.message.uid.0
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

#[tokio::test]
async fn hostile_text_stays_text_and_bad_queries_get_a_typed_error() {
    let server = MailServer::shared();
    let user = "test5@example.test";
    seed_inbox(&server, user).await;
    let browser = signed_in(&server, user).await;

    // A value that would close the string and search ALL, or end the command, finds
    // nothing: it reached the server as one string.
    for hostile in [r#"de:"x\" ALL""#, r#"objet:"\" OR ALL \"""#, "corps:{5}"] {
        assert!(subjects(&browser, hostile).await.is_empty(), "{hostile}");
    }
    // The session still works after them.
    assert_eq!(subjects(&browser, "objet:vacances").await, ["Vacances"]);

    let reply = browser
        .get(&format!("/api/search?q={}", path_segment("dee:alice")))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let problem: Problem = reply.json();
    assert_eq!(reply.code(), "invalid_search");
    assert_eq!(
        problem.search_error,
        Some(SearchError::UnknownKeyword {
            name: "dee".into(),
            at: 0
        })
    );
    let reply = browser.get("/api/search?q=x&sort=colour").await;
    assert_eq!(reply.code(), "invalid_input");
}
