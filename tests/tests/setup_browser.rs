//! End to end, account setup in a real headless Chromium against a real bridge in front
//! of real Dovecot and Postfix: the glossary in French and in English from the sign-in
//! screen; the wizard finds the demo account's settings (the operator's preset for the
//! test domain), the connection test passes every step, and signing in shows the mailbox;
//! then a rule is made and the setup report is opened, printed to PDF by Chromium (the
//! WebDriver "Print Page" command, so the print stylesheet applies) and its text read back
//! with `pdftotext`. The PDF is kept as `artifacts/setup-report.pdf`.
//!
//! Needs the built app in `dist/` (`scripts/build-frontend`) and `pdftotext`
//! (poppler-utils, installed by `scripts/setup`).

use facteur_tests::MailServer;
use facteur_tests::app::App;
use facteur_tests::chromium::{Browser, Window};
use facteur_tests::pdf::Printed;
use fantoccini::Locator;
use fantoccini::key::Key;

async fn entry_heading(browser: &Browser, term: &str) -> String {
    browser
        .wait_for(&format!("#glossary-{term} h2"))
        .await
        .text()
        .await
        .expect("read an entry heading")
}

/// The glossary from the sign-in screen, in French, then in English, then back.
async fn glossary_in_both_languages(browser: &Browser) {
    browser.click("[data-testid=open-glossary]").await;
    browser.wait_for("[data-testid=glossary]").await;
    let entries = browser.texts("[data-testid=glossary-entry] h2").await;
    assert!(entries.len() >= 17, "{entries:?}");
    assert_eq!(entry_heading(browser, "thick-client").await, "Client lourd");
    assert_eq!(
        entry_heading(browser, "read-receipt").await,
        "Accusé de lecture (MDN)"
    );
    assert!(
        browser
            .has_text("#glossary-imap", "en le laissant sur le serveur")
            .await
    );

    browser
        .click("[data-testid=help-overlay] [data-testid=locale-switch]")
        .await;
    browser
        .wait_until("the glossary is in English", || async {
            browser
                .has_text("#glossary-thick-client h2", "Thick client")
                .await
        })
        .await;
    assert_eq!(
        entry_heading(browser, "read-receipt").await,
        "Read receipt (MDN)"
    );
    assert!(
        browser
            .has_text("#glossary-pop3", "downloads the inbox's messages")
            .await
    );
    browser.screenshot("setup-glossary-en").await;

    browser
        .click("[data-testid=help-overlay] [data-testid=locale-switch]")
        .await;
    browser
        .wait_until("the glossary is in French again", || async {
            browser
                .has_text("#glossary-thick-client h2", "Client lourd")
                .await
        })
        .await;
    browser.click("[data-testid=help-close]").await;
    browser.wait_for("[data-testid=login-form]").await;
}

/// The comparison from the sign-in screen: every preset, uncertain facts marked, sources.
async fn provider_comparison(browser: &Browser) {
    browser.click("[data-testid=open-providers]").await;
    browser.wait_for("[data-testid=providers-table]").await;
    let providers = browser.texts("[data-testid=provider] th").await;
    assert_eq!(providers.len(), 12, "{providers:?}");
    for name in ["Gmail", "Orange", "Free", "Proton"] {
        assert!(
            providers.iter().any(|p| p.contains(name)),
            "{name} missing from {providers:?}"
        );
    }
    let marks = browser
        .client
        .find_all(Locator::Css("[data-testid=fact-mark]"))
        .await
        .unwrap();
    assert!(!marks.is_empty(), "uncertain facts are marked");
    assert!(
        browser
            .has_text("[data-testid=provider-sources]", "ISPDB")
            .await
    );
    assert!(browser.has_text("[data-testid=providers]", "2026").await);
    // In French, every word: no English source note, no « non connu » size for the French
    // providers (their help pages give none: said so, with the page and the day read).
    let sources = browser.texts("[data-testid=provider-source]").await;
    for english in ["as of", "not re-checked", "reported", "servers"] {
        assert!(
            sources.iter().all(|s| !s.contains(english)),
            "English {english:?} in the French sources: {sources:?}"
        );
    }
    for id in ["laposte", "orange", "sfr", "bouygues"] {
        let row = browser
            .texts(&format!("[data-provider={id}]"))
            .await
            .join(" ");
        assert!(!row.contains("non connu"), "{id}: {row}");
        assert!(row.contains("non publié par le fournisseur"), "{id}: {row}");
    }
    let free = browser.texts("[data-provider=free]").await.join(" ");
    assert!(free.contains("inclus dans l'abonnement Internet"), "{free}");
    // Escape leaves the page, as its Back button does.
    let focused = browser.client.active_element().await.unwrap();
    focused.send_keys(&Key::Escape.to_string()).await.unwrap();
    browser
        .wait_gone("the comparison is closed", "[data-testid=help-overlay]")
        .await;
}

/// The wizard: address → settings found → password → every check passes → sign in.
async fn set_up_the_demo_account(browser: &Browser, server: &MailServer) {
    let i = &server.instance;
    browser.click("[data-testid=open-setup]").await;

    // A Gmail address: Facteur's preset, with what Google asks for instead of the
    // account's password and a link to Google's page about it.
    browser
        .fill("[data-testid=setup-email]", "jean.dupont@gmail.com")
        .await;
    browser.click("[data-testid=setup-find]").await;
    let advice = browser.wait_for("[data-testid=setup-auth-advice]").await;
    let advice = advice.text().await.unwrap();
    assert!(advice.contains("mot de passe d'application"), "{advice}");
    let help = browser.wait_for("[data-testid=setup-auth-help]").await;
    let href = help.attr("href").await.unwrap().unwrap_or_default();
    assert!(
        href.starts_with("https://") && href.contains("google"),
        "{href}"
    );
    assert_eq!(
        browser.value_of("[data-testid=setup-imap-host]", 0).await,
        "imap.gmail.com"
    );
    browser.click("[data-testid=setup-back]").await;

    browser
        .fill("[data-testid=setup-email]", &i.demo_user)
        .await;
    browser.click("[data-testid=setup-find]").await;
    browser.wait_for("[data-testid=setup-settings-step]").await;
    assert_eq!(
        browser.value_of("[data-testid=setup-imap-host]", 0).await,
        i.host
    );
    assert_eq!(
        browser.value_of("[data-testid=setup-imap-port]", 0).await,
        i.imaps_port.to_string()
    );
    assert_eq!(
        browser
            .value_of("[data-testid=setup-imap-security]", 0)
            .await,
        "tls"
    );
    assert_eq!(
        browser.value_of("[data-testid=setup-smtp-port]", 0).await,
        i.smtps_port.to_string()
    );
    assert_eq!(
        browser
            .value_of("[data-testid=setup-smtp-security]", 0)
            .await,
        "tls"
    );
    assert_eq!(
        browser.value_of("[data-testid=setup-username]", 0).await,
        i.demo_user
    );
    let source = browser.texts("[data-testid=setup-source]").await.join(" ");
    assert!(source.starts_with("Trouvés par"), "{source}");

    // A glossary link from the wizard, and back: what was found is still there. (The
    // sign-in form under the wizard has the same links, folded away.)
    browser
        .click("[data-testid=setup-settings-step] [data-testid=glossary-link-starttls]")
        .await;
    browser.wait_for("#glossary-starttls.focused").await;
    browser.click("[data-testid=help-close]").await;
    browser.wait_for("[data-testid=setup-settings-step]").await;
    assert_eq!(
        browser.value_of("[data-testid=setup-imap-host]", 0).await,
        i.host
    );

    browser.screenshot("setup-wizard-settings").await;
    browser.click("[data-testid=setup-continue]").await;

    // A wrong password: the IMAP check stops at sign-in with the server's own words.
    browser
        .fill("[data-testid=setup-password]", "not-the-password")
        .await;
    browser.click("[data-testid=setup-test]").await;
    browser.wait_for("[data-testid=setup-test-failed]").await;
    let diagnosis = browser
        .texts("[data-testid=check-imap] [data-testid=diagnosis]")
        .await
        .join(" ");
    assert!(
        diagnosis.contains("a refusé l'identifiant ou le mot de passe")
            && diagnosis.contains("Réponse du serveur"),
        "{diagnosis}"
    );
    assert!(
        browser
            .texts("[data-testid=setup-sign-in]")
            .await
            .is_empty(),
        "no sign-in after a failed test"
    );

    browser
        .fill("[data-testid=setup-password]", &i.demo_password)
        .await;
    browser.click("[data-testid=setup-test]").await;
    browser.wait_for("[data-testid=setup-test-passed]").await;
    for check in ["imap", "smtp"] {
        let css = format!("[data-testid=check-{check}] [data-testid=check-step]");
        let steps = browser.client.find_all(Locator::Css(&css)).await.unwrap();
        assert!(steps.len() >= 3, "{check}: only {} steps", steps.len());
        for step in steps {
            assert_eq!(
                step.attr("data-ok").await.unwrap().as_deref(),
                Some("true"),
                "{check}: {}",
                step.text().await.unwrap_or_default()
            );
        }
    }
    assert!(browser.texts("[data-testid=diagnosis]").await.is_empty());
    browser.screenshot("setup-wizard-passed").await;

    browser.click("[data-testid=setup-sign-in]").await;
    browser.wait_for("[data-testid=app-ready]").await;
    let url = browser.client.current_url().await.unwrap();
    assert!(
        url.fragment().is_none(),
        "the wizard's fragment is gone: {url}"
    );
}

/// « Notes à moi-même » from its template, so the report has a rule to tell.
async fn make_a_rule(browser: &Browser) {
    browser.click("[data-testid=open-rules]").await;
    browser.wait_for("[data-testid=rules-screen]").await;
    browser.click("[data-testid=template-notes]").await;
    browser.click("[data-testid=template-create]").await;
    browser
        .wait_for("[data-testid=rule-item][data-rule-id=notes-to-self]")
        .await;
    browser
        .wait_gone("the rule is saved", "[data-testid=settings-saving]")
        .await;
    browser.click("[data-testid=rules-back]").await;
    browser.wait_for("[data-testid=message-list]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn set_up_an_account_read_the_glossary_and_print_the_setup_report() {
    // The test bridge's configuration names the mail server as the operator's preset for
    // the test domain (`facteur_tests::bridge_config`).
    let app = App::start(true).await;
    let (server, bridge) = (&app.server, &app.bridge);
    let i = server.instance.clone();
    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    browser.client.goto(&bridge.base_url).await.unwrap();
    browser.wait_for("[data-testid=open-setup]").await;
    browser.screenshot("setup-sign-in-links").await;

    glossary_in_both_languages(&browser).await;
    provider_comparison(&browser).await;
    set_up_the_demo_account(&browser, server).await;
    make_a_rule(&browser).await;

    // The report, on screen.
    browser.click("[data-testid=open-setup-report]").await;
    browser.wait_for("[data-testid=report-ready]").await;
    let shown = browser.texts("[data-testid=setup-report]").await.join("\n");
    for expected in [
        i.demo_user.as_str(),
        "Notes à moi-même",
        "Boîte de réception",
    ] {
        assert!(shown.contains(expected), "{expected:?} not in\n{shown}");
    }
    assert!(
        !shown.replace(&i.demo_user, "").contains(&i.demo_password),
        "the password is on screen"
    );
    browser.screenshot("setup-report").await;

    // Downloaded: the same report as a self-contained HTML file (the object URL and the
    // link's click are observed rather than followed).
    browser
        .client
        .execute(
            "window.__blobs = [];
             const create = URL.createObjectURL;
             URL.createObjectURL = (blob) => { window.__blobs.push(blob); return create(blob); };
             HTMLAnchorElement.prototype.click = function () {
               window.__download = this.getAttribute('download');
             };",
            vec![],
        )
        .await
        .unwrap();
    browser.click("[data-testid=report-download]").await;
    let file_name = browser
        .client
        .execute("return window.__download;", vec![])
        .await
        .unwrap();
    let file_name = file_name.as_str().unwrap_or_default().to_owned();
    assert!(
        file_name.starts_with(&format!("facteur-setup-{}-20", i.demo_user))
            && file_name.ends_with(".html"),
        "{file_name}"
    );
    let html = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__blobs[0].text().then(done);",
            vec![],
        )
        .await
        .unwrap();
    let html = html.as_str().unwrap_or_default();
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.contains("@media print") && !html.contains("<script"));
    assert!(html.contains(&i.demo_user) && html.contains("Notes à moi-même"));
    assert!(!html.replace(&i.demo_user, "").contains(&i.demo_password));

    // Printed by Chromium, as the Print button would.
    let printed = Printed::page(&browser, "setup-report").await;
    let text = printed.text();
    let version = env!("CARGO_PKG_VERSION");
    for expected in [
        i.demo_user.as_str(),
        "Dossier de configuration",
        &format!("{}:{} — SSL/TLS", i.host, i.imaps_port),
        &format!("{}:{} — SSL/TLS", i.host, i.smtps_port),
        "Notes à moi-même : si",
        "alors Déplacer vers",
        "Liste classée par jour oui",
        &format!("Version de Facteur {version}"),
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF:\n{text}"
        );
    }
    // The demo password is the address's first word: look for it anywhere else.
    assert!(
        !text.replace(&i.demo_user, "").contains(&i.demo_password),
        "the password is in the PDF:\n{text}"
    );
    // The app's chrome is not printed: only the report.
    for chrome in [
        "Se déconnecter",
        "Imprimer",
        "Télécharger (HTML)",
        "Comparer les fournisseurs",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} was printed:\n{text}");
    }
}

/// On a 360 px phone the comparison becomes cards and the wizard fits: nothing wider
/// than the screen.
#[tokio::test(flavor = "multi_thread")]
async fn the_help_pages_fit_a_phone() {
    let app = App::start(false).await;
    let browser = Browser::start("en-GB,en", Window::PHONE).await;
    let overflow = "return document.querySelector('.help-body').scrollWidth \
                    - document.querySelector('.help-body').clientWidth;";
    for (fragment, ready, name) in [
        (
            "#providers",
            "[data-testid=providers-table]",
            "setup-providers-phone",
        ),
        ("#setup", "[data-testid=setup-email]", "setup-wizard-phone"),
        (
            "#glossary-starttls",
            "#glossary-starttls.focused",
            "setup-glossary-phone",
        ),
    ] {
        browser
            .client
            .goto(&format!("{}/{fragment}", app.bridge.base_url))
            .await
            .unwrap();
        browser.wait_for(ready).await;
        let extra = browser.client.execute(overflow, vec![]).await.unwrap();
        assert_eq!(
            extra.as_i64(),
            Some(0),
            "{fragment} is wider than the phone by {extra} px"
        );
        browser.screenshot(name).await;
    }
}
