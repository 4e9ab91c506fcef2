//! End to end, the route of received mail (« Parcours ») in a real headless Chromium: a
//! message really delivered through the harness's Postfix shows its real relays under
//! the headers and opens their timeline; a message whose headers are written the way
//! Gmail writes them (appended over IMAP) shows its DMARC failure and its lookalike
//! sender in plain words; the same on a 360 px phone in English.
//!
//! Needs the built app in `dist/` (`scripts/build-frontend`; `scripts/test` builds it).

use facteur_tests::app::{App, open_message};
use facteur_tests::chromium::{Browser, Window};

const ALICE: &str = "alice@example.test";
const DELIVERED: &str = "Ordre du jour de jeudi";
const LOOKALIKE: &str = "Vérifiez votre compte";
const GMAIL: &str = include_str!(
    "../../shared/delivery/tests/resources/transit/gmail-dmarc-fail-not-aligned.headers"
);

/// The Gmail-style fixture as a whole message: its header block, an id, a body.
fn lookalike_message() -> String {
    let head = GMAIL.trim_end_matches('\n');
    format!("{head}\nMessage-ID: <transit-browser@bank.example>\n\nCliquez ici.\n")
        .replace('\n', "\r\n")
}

async fn line_text(browser: &Browser) -> String {
    let line = browser.wait_for("[data-testid=transit-line]").await;
    line.text().await.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_route_and_verdict_of_real_and_fixture_messages() {
    let app = App::start(false).await;
    let me = app.server.instance.demo_user.clone();
    let delivered = format!(
        "From: Alice Moreau <{ALICE}>\r\nTo: {me}\r\nSubject: {DELIVERED}\r\n\
         Message-ID: <transit-real@tests.example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour.\r\n"
    );
    app.server
        .deliver_smtp(ALICE, &me, delivered.as_bytes())
        .await;
    app.server
        .wait_for_messages(&me, "INBOX", &format!("SUBJECT \"{DELIVERED}\""), 1)
        .await;
    let lookalike = lookalike_message();
    app.server
        .append(&me, "INBOX", &[(lookalike.as_bytes(), None)])
        .await;

    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    app.sign_in(&browser).await;

    // 1. Really delivered: Postfix took it over SMTP from loopback, Dovecot over LMTP.
    open_message(&browser, DELIVERED).await;
    let line = line_text(&browser).await;
    assert!(line.starts_with("Parcours"), "{line}");
    assert!(line.contains("2 relais"), "{line}");
    assert!(line.contains("sans passer par le réseau"), "{line}");
    assert!(
        line.contains("authenticité non vérifiée par le serveur"),
        "{line}"
    );
    let timeline = browser.wait_for("[data-testid=transit-timeline]").await;
    assert!(!timeline.is_displayed().await.unwrap(), "closed at first");
    browser.click("[data-testid=transit-line]").await;
    browser
        .wait_until("the timeline opens", || async {
            timeline.is_displayed().await.unwrap_or(false)
        })
        .await;
    let hops = browser.texts("[data-testid=transit-hop]").await;
    assert_eq!(hops.len(), 2, "{hops:?}");
    assert!(
        hops[0].contains("(Postfix)") || hops[0].contains("ESMTP"),
        "{hops:?}"
    );
    assert!(hops[1].contains("LMTP"), "{hops:?}");
    assert!(hops[1].contains("sur la même machine"), "{hops:?}");
    assert!(
        browser
            .texts("[data-testid=transit-warning]")
            .await
            .is_empty()
    );
    browser
        .assert_no_page_errors("the delivered message's route")
        .await;

    // 2. The lookalike: DKIM and SPF pass for the mailer, DMARC fails for the bank.
    open_message(&browser, LOOKALIKE).await;
    browser
        .wait_until("the lookalike's route", || async {
            line_text(&browser).await.contains("DMARC ✘")
        })
        .await;
    let line = line_text(&browser).await;
    assert!(
        line.contains("SPF ✔ DKIM ✔ (mailer.example) DMARC ✘"),
        "{line}"
    );
    assert!(line.contains("chiffré de bout en bout"), "{line}");
    let warnings = browser.texts("[data-testid=transit-warning]").await;
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("n'a pas prouvé venir de l'expéditeur affiché"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("refuser"), "{warnings:?}");
    assert!(
        warnings[1].contains("(bank.example) ne correspond pas à la signature (mailer.example)"),
        "{warnings:?}"
    );
    browser.click("[data-testid=transit-line]").await;
    let verdict = browser.wait_for("[data-testid=transit-verdict]").await;
    let verdict = verdict.text().await.unwrap_or_default();
    assert!(verdict.contains("échoué (p=reject)"), "{verdict}");
    browser.assert_no_page_errors("the lookalike's route").await;
    drop(browser);

    // 3. On a phone, in English.
    let phone = Browser::start("en-GB,en", Window::PHONE).await;
    app.sign_in(&phone).await;
    open_message(&phone, LOOKALIKE).await;
    phone
        .wait_until("the route line in English", || async {
            line_text(&phone).await.contains("2 relays")
        })
        .await;
    let warnings = phone.texts("[data-testid=transit-warning]").await;
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("does not match the signature")),
        "{warnings:?}"
    );
    let width: f64 = phone
        .client
        .execute(
            "return document.querySelector('[data-testid=transit]').getBoundingClientRect().right",
            vec![],
        )
        .await
        .expect("measure the route")
        .as_f64()
        .unwrap_or(f64::MAX);
    assert!(width <= 360.0, "the route fits a 360 px screen: {width}");
    phone.assert_no_page_errors("the route on a phone").await;
}
