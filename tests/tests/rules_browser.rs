//! End to end, the founding scenario as its technician walks it, in French, in a real
//! headless Chromium against a real bridge in front of real Dovecot and Postfix: sign in;
//! create the folders Personnel and Professionnel; the rule « Notes à moi-même » from its
//! template and a rule for the work domain; a note to self written in the app and work
//! mail arriving over SMTP are filed by the rules running in the browser (the note with
//! its alert), the friend's mail stays in the inbox under « Aujourd'hui »; "run rules now"
//! over a folder of older mail shows what it did; a message sent with delivery status to
//! a good and an unknown address is followed per recipient; the glossary and the provider
//! comparison; and the setup report, the « dossier preuve », printed to PDF
//! (`artifacts/scenario-dossier.pdf`) with the live facts of this walk in it. Every step
//! ends with the page's console checked: zero errors. The rules roam: a phone signing in
//! afterwards sees them (rules screen and report at 360 px).
//!
//! Needs the built app in `dist/` (`scripts/build-frontend`; `scripts/test` builds it)
//! and poppler-utils (`scripts/setup`).

use facteur_tests::app::{App, add_recipient, open_message, send_from_composer, settings_saved};
use facteur_tests::chromium::{Browser, Window};
use facteur_tests::pdf::Printed;

const WORK_DOMAIN: &str = "acme-industrie.test";
const NOTE_SUBJECT: &str = "Acheter du pain";
const WORK_SUBJECT: &str = "Reunion de chantier lundi";
const FRIEND_SUBJECT: &str = "Apero vendredi ?";
/// A folder of older mail, filled before sign-in, for "run rules now".
const OLD_FOLDER: &str = "Anciens";
/// The message sent with delivery status, to a good and an unknown address.
const DSN_SUBJECT: &str = "Essai des avis de remise";
const GOOD: &str = "alice@example.test";
const UNKNOWN: &str = "personne@example.test";

/// The console errors of each step of the walk: every step is checked, and the walk
/// fails at its end, naming each step that logged an error, so that one step's error
/// does not hide whether the rest of the scenario works.
#[derive(Default)]
struct ConsoleLog {
    dirty: Vec<(String, Vec<String>)>,
}

impl ConsoleLog {
    /// Reads the errors the page logged since the last step (none accepted).
    async fn step(&mut self, browser: &Browser, step: &str) {
        let errors = browser.page_errors().await;
        if !errors.is_empty() {
            eprintln!("console errors during {step:?}: {errors:#?}");
            self.dirty.push((step.to_owned(), errors));
        }
    }

    fn assert_clean(&self) {
        assert!(
            self.dirty.is_empty(),
            "the page logged errors during these steps: {:#?}",
            self.dirty
        );
    }
}

/// The app with an empty mail server, and what the scenario adds to it.
struct Scenario {
    app: App,
}

impl Scenario {
    async fn start() -> Scenario {
        Scenario {
            app: App::start(false).await,
        }
    }

    fn user(&self) -> &str {
        &self.app.server.instance.demo_user
    }

    async fn sign_in(&self, browser: &Browser) {
        self.app.sign_in(browser).await;
    }

    /// Older mail in a folder of its own: two notes to self and one work message.
    async fn seed_old_folder(&self) {
        let mut session = self.app.server.imap(self.user()).await;
        session.create(OLD_FOLDER).await.expect("CREATE");
        let _ = session.logout().await;
        let me = self.user().to_owned();
        let old = [
            message(&me, &me, "Ancienne note 1"),
            message(&me, &me, "Ancienne note 2"),
            message(&format!("compta@{WORK_DOMAIN}"), &me, "Ancienne facture"),
        ];
        let messages: Vec<(&[u8], Option<&str>)> = old
            .iter()
            .map(|m| (m.as_bytes(), Some("(\\Seen)")))
            .collect();
        self.app
            .server
            .append(self.user(), OLD_FOLDER, &messages)
            .await;
    }

    async fn count(&self, folder: &str) -> u32 {
        self.app.server.count(self.user(), folder).await
    }
}

/// A plain message as another mail server would hand it over.
fn message(from: &str, to: &str, subject: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Message-ID: <{}@tests.example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\n\r\n{subject}.\r\n",
        subject.replace(' ', "-").replace('?', "q")
    )
}

async fn create_folder(browser: &Browser, name: &str) {
    browser.click("[data-testid=new-folder]").await;
    browser.fill("[data-testid=folder-name-input]", name).await;
    browser.click("[data-testid=folder-create-submit]").await;
    browser
        .wait_for(&format!("[data-testid=folder-item][data-folder='{name}']"))
        .await;
}

async fn rows(browser: &Browser) -> Vec<String> {
    browser.texts("[data-testid=message-row]").await
}

/// Writes and sends a message from the composer; `dsn` asks for delivery status.
async fn send(browser: &Browser, to: &[&str], subject: &str, dsn: bool) {
    browser.click("[data-testid=compose-new]").await;
    browser.wait_for("[data-testid=composer]").await;
    for address in to {
        add_recipient(browser, "compose-to", address).await;
    }
    browser.fill("[data-testid=compose-subject]", subject).await;
    let body = browser.wait_for("[data-testid=compose-body]").await;
    body.click().await.expect("focus the body");
    body.send_keys("Bonjour.").await.expect("type the body");
    let box_ = browser.wait_for("[data-testid=compose-dsn]").await;
    let ticked = box_.prop("checked").await.unwrap().as_deref() == Some("true");
    if ticked != dsn {
        box_.click().await.expect("set delivery status");
    }
    if dsn {
        // The good address's delivery is followed too: success receipts are asked for
        // (by default only failures and delays come back).
        browser.tick("[data-testid=compose-dsn-success]").await;
    }
    send_from_composer(browser).await;
}

async fn open_folder(browser: &Browser, folder: &str) {
    browser
        .click(&format!(
            "[data-testid=folder-item][data-folder='{folder}']"
        ))
        .await;
}

/// The delivery panel's state for the row naming `address`.
async fn delivery_state(browser: &Browser, address: &str) -> Option<String> {
    for row in browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=delivery-recipient]"))
        .await
        .unwrap_or_default()
    {
        if row.text().await.unwrap_or_default().contains(address) {
            return row.attr("data-state").await.ok().flatten();
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread")]
async fn the_founding_scenario_from_sign_in_to_the_printed_dossier() {
    let scenario = Scenario::start().await;
    scenario.seed_old_folder().await;
    let me = scenario.user().to_owned();
    let mut console = ConsoleLog::default();

    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    scenario.sign_in(&browser).await;
    console.step(&browser, "sign in").await;

    // 1. The two folders, through the folder pane's "+".
    create_folder(&browser, "Personnel").await;
    create_folder(&browser, "Professionnel").await;
    console
        .step(&browser, "create Personnel and Professionnel")
        .await;

    // 2. « Notes à moi-même » from its template: my address, Personnel by default.
    browser.click("[data-testid=open-rules]").await;
    browser.wait_for("[data-testid=rules-screen]").await;
    browser.wait_for("[data-testid=no-rules]").await;
    browser.click("[data-testid=template-notes]").await;
    let account = browser.wait_for("[data-testid=template-account]").await;
    assert_eq!(account.text().await.unwrap(), me);
    let folder = browser.wait_for("[data-testid=template-folder]").await;
    assert_eq!(
        folder.prop("value").await.unwrap().as_deref(),
        Some("Personnel")
    );
    browser.click("[data-testid=template-create]").await;
    browser
        .wait_for("[data-testid=rule-item][data-rule-id=notes-to-self]")
        .await;
    assert!(
        browser
            .has_text("[data-testid=rule-item]", "Notes à moi-même")
            .await
    );

    // 3. Professional mail: the work domain typed in, Professionnel by default.
    browser.click("[data-testid=template-professional]").await;
    browser
        .fill("[data-testid=template-domains]", WORK_DOMAIN)
        .await;
    browser.click("[data-testid=template-create]").await;
    browser
        .wait_for("[data-testid=rule-item][data-rule-id=professional]")
        .await;
    assert!(
        browser
            .has_text("[data-testid=rule-item]", "Déplacer vers Professionnel")
            .await
    );
    settings_saved(&browser).await;
    browser.screenshot("rules-desktop").await;
    browser.click("[data-testid=rules-back]").await;
    browser.wait_for("[data-testid=message-list]").await;
    console
        .step(&browser, "the two rules from their templates")
        .await;

    // 4. A note to self, written in the app; work and personal mail arrive over SMTP.
    send(&browser, &[&me], NOTE_SUBJECT, false).await;
    console.step(&browser, "a note to self").await;
    for (from, subject) in [
        (format!("someone@{WORK_DOMAIN}"), WORK_SUBJECT),
        ("ami@ailleurs.test".to_owned(), FRIEND_SUBJECT),
    ] {
        let raw = message(&from, &me, subject);
        scenario
            .app
            .server
            .deliver_smtp(&from, &me, raw.as_bytes())
            .await;
    }
    browser
        .wait_until("Postfix delivered the three messages", || async {
            scenario.count("INBOX").await
                + scenario.count("Personnel").await
                + scenario.count("Professionnel").await
                == 3
        })
        .await;

    // The list is refreshed: the rules see the new mail and file it.
    browser.click("[data-testid=refresh]").await;
    let alert = format!("Note à moi-même : {NOTE_SUBJECT}");
    browser
        .wait_until("the note's alert shows", || async {
            browser.has_text("[data-testid=rule-alert]", &alert).await
        })
        .await;
    let live = browser.wait_for("[data-testid=alerts]").await;
    assert_eq!(
        live.attr("aria-live").await.unwrap().as_deref(),
        Some("polite")
    );
    browser
        .wait_until("only the friend's mail stays in the inbox", || async {
            let rows = rows(&browser).await;
            rows.len() == 1 && rows[0].contains(FRIEND_SUBJECT)
        })
        .await;
    let headers = browser.texts("[data-testid=day-header]").await;
    assert_eq!(headers, ["Aujourd'hui"], "arranged by day");
    assert_eq!(scenario.count("INBOX").await, 1);
    assert_eq!(scenario.count("Personnel").await, 1);
    assert_eq!(scenario.count("Professionnel").await, 1);
    browser.screenshot("rules-founding-inbox").await;

    open_folder(&browser, "Personnel").await;
    browser
        .wait_until("the note is in Personnel", || async {
            rows(&browser)
                .await
                .iter()
                .any(|r| r.contains(NOTE_SUBJECT))
        })
        .await;
    open_folder(&browser, "Professionnel").await;
    browser
        .wait_until("the work mail is in Professionnel", || async {
            rows(&browser)
                .await
                .iter()
                .any(|r| r.contains(WORK_SUBJECT))
        })
        .await;
    console.step(&browser, "the rules file new mail").await;

    // 5. « Appliquer les règles maintenant »: over the inbox first, where the panel names
    // the folder as the user sees it and closes once another folder is shown; then over
    // older mail: progress, then what was done.
    open_folder(&browser, "INBOX").await;
    browser.click("[data-testid=run-rules]").await;
    let title = browser.wait_for("[data-testid=run-title]").await;
    assert_eq!(
        title.text().await.unwrap(),
        "Appliquer les règles à un dossier — Boîte de réception"
    );
    browser.wait_for("[data-testid=run-status]").await;
    open_folder(&browser, OLD_FOLDER).await;
    browser
        .wait_until("the finished run's panel closes", || async {
            browser.texts("[data-testid=run-panel]").await.is_empty()
        })
        .await;
    browser
        .wait_until("the old folder is listed", || async {
            rows(&browser).await.len() == 3
        })
        .await;
    browser.click("[data-testid=run-rules]").await;
    browser.wait_for("[data-testid=run-progress]").await;
    browser.wait_for("[data-testid=run-status]").await;
    let summary = browser.texts("[data-testid=run-summary-line]").await;
    assert!(
        summary.contains(&"2 déplacés vers Personnel".to_owned()),
        "{summary:?}"
    );
    assert!(
        summary.contains(&"1 déplacé vers Professionnel".to_owned()),
        "{summary:?}"
    );
    let count = browser.wait_for("[data-testid=run-count]").await;
    assert_eq!(count.text().await.unwrap(), "3 / 3 messages examinés");
    browser
        .wait_until("the filed rows leave the list", || async {
            rows(&browser).await.is_empty()
        })
        .await;
    assert_eq!(scenario.count(OLD_FOLDER).await, 0);
    assert_eq!(scenario.count("Personnel").await, 3);
    assert_eq!(scenario.count("Professionnel").await, 2);
    // The two notes of this run make one group of alerts, not two toasts.
    browser
        .wait_until("the run's alerts are grouped", || async {
            browser
                .has_text("[data-testid=alert-count]", "2 alertes des règles")
                .await
        })
        .await;
    browser.screenshot("rules-run-now").await;

    settings_saved(&browser).await;
    console.step(&browser, "run rules now").await;

    // 6. A send with delivery status to a good and an unknown address, followed in Sent.
    send(&browser, &[GOOD, UNKNOWN], DSN_SUBJECT, true).await;
    open_folder(&browser, "Sent").await;
    open_message(&browser, DSN_SUBJECT).await;
    browser.wait_for("[data-testid=delivery-status]").await;
    browser
        .wait_until("the reports about both recipients arrived", || async {
            browser.click("[data-testid=delivery-refresh]").await;
            matches!(
                delivery_state(&browser, GOOD).await.as_deref(),
                Some("relayed" | "delivered")
            ) && delivery_state(&browser, UNKNOWN).await.as_deref() == Some("failed")
        })
        .await;
    console.step(&browser, "a send with delivery status").await;

    // 7. The glossary and the provider comparison, from the signed-in screen.
    browser.click("[data-testid=open-glossary]").await;
    browser.wait_for("[data-testid=glossary]").await;
    assert!(
        browser
            .has_text("#glossary-thin-client h2", "Client léger")
            .await
    );
    // Far down the page, so that the report is seen to open at its top.
    browser
        .client
        .execute(
            "document.querySelector('#glossary-read-receipt').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    console.step(&browser, "the glossary").await;
    browser
        .click("[data-testid=help-overlay] [data-testid=open-providers]")
        .await;
    browser.wait_for("[data-testid=providers-table]").await;
    let providers = browser.texts("[data-testid=provider] th").await;
    assert_eq!(providers.len(), 12, "{providers:?}");
    console.step(&browser, "the provider comparison").await;

    // 8. The « dossier preuve », on screen: the live facts of this walk.
    browser
        .click("[data-testid=help-overlay] [data-testid=open-setup-report]")
        .await;
    browser.wait_for("[data-testid=report-ready]").await;
    let scrolled = browser
        .client
        .execute(
            "return document.querySelector('.help-body').scrollTop + window.scrollY",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(scrolled.as_f64(), Some(0.0), "the report opens at its top");
    let shown = browser.texts("[data-testid=setup-report]").await.join("\n");
    let live_facts = [
        format!("« {NOTE_SUBJECT} » envoyé à"),
        "dans Personnel, alerte affichée : « Note à moi-même : Acheter du pain »".to_owned(),
        format!("« {WORK_SUBJECT} »"),
        "dans Professionnel".to_owned(),
        format!("« Appliquer les règles maintenant » sur {OLD_FOLDER} : 3 message(s) examiné(s)"),
        format!("« {DSN_SUBJECT} » envoyé à"),
        format!("{UNKNOWN} : Échec"),
        "Le dossier Personnel existe sur le serveur.".to_owned(),
        "Le dossier Professionnel existe sur le serveur.".to_owned(),
        "Connexion IMAP :".to_owned(),
        format!("Envoi SMTP : « {DSN_SUBJECT} » accepté par le serveur"),
    ];
    for fact in &live_facts {
        assert!(shown.contains(fact.as_str()), "{fact:?} not in\n{shown}");
    }
    browser.screenshot("scenario-dossier").await;
    console.step(&browser, "the setup report").await;

    // 9. Printed to PDF: every part, the live facts, and no near-empty page at the end.
    let printed = Printed::page(&browser, "scenario-dossier").await;
    let text = printed.text();
    for expected in [
        "Dossier de configuration",
        "Client choisi et pourquoi",
        "Comparatif des fournisseurs",
        "Gmail",
        "Serveurs et sécurité",
        "Dossiers",
        "Règles de tri",
        "Liste classée par jour oui",
        "Accusés de remise et de lecture",
        "Glossaire",
        "Client léger",
        "Conclusion",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF:\n{text}"
        );
    }
    for fact in &live_facts {
        assert!(
            text.contains(fact.as_str()),
            "{fact:?} not in the PDF:\n{text}"
        );
    }
    for chrome in [
        "Se déconnecter",
        "Imprimer",
        "Télécharger (HTML)",
        "Nouveau message",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} was printed:\n{text}");
    }
    let pages = printed.pages();
    assert!(
        pages >= 3,
        "the parts start their own pages: {pages} page(s)"
    );
    let last = printed.page_text(pages);
    assert!(
        last.contains("Conclusion") && last.len() >= 200,
        "the last page is a spill page ({} characters): {last}",
        last.len()
    );
    console.step(&browser, "printing the report").await;
    drop(browser);

    // 10. The rules roam: a phone signing in later sees them (rules screen and report
    // at 360 px).
    let phone = Browser::start("fr-FR,fr", Window::PHONE).await;
    scenario.sign_in(&phone).await;
    phone.click("[data-testid=open-rules]").await;
    phone
        .wait_for("[data-testid=rule-item][data-rule-id=professional]")
        .await;
    let names = phone.texts("[data-testid=rule-name-label]").await;
    assert_eq!(names, ["Notes à moi-même", "Courrier professionnel"]);
    let screen = phone.wait_for("[data-testid=rules-screen]").await;
    let (_, _, width, _) = screen.rectangle().await.unwrap();
    assert!(width <= 360.0, "the rules screen overflows 360 px: {width}");
    let page_width: f64 = phone
        .client
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        page_width <= 360.0,
        "the page scrolls sideways: {page_width}"
    );
    phone.screenshot("rules-phone-360").await;
    // The editor at 360 px too.
    phone
        .click("[data-testid=rule-item][data-rule-id=professional] [data-testid=rule-edit]")
        .await;
    phone.wait_for("[data-testid=rule-editor]").await;
    phone.screenshot("rules-editor-phone-360").await;
    console.step(&phone, "the rules on a phone").await;
    // The report at 360 px: nothing wider than the screen.
    let url = phone.client.current_url().await.unwrap();
    let mut report = url.clone();
    report.set_fragment(Some("setup-report"));
    phone.client.goto(report.as_str()).await.unwrap();
    phone.wait_for("[data-testid=report-ready]").await;
    let extra = phone
        .client
        .execute(
            "const b = document.querySelector('.help-body'); return b.scrollWidth - b.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        extra.as_i64(),
        Some(0),
        "the report is wider than the phone by {extra} px"
    );
    phone.screenshot("scenario-dossier-phone-360").await;
    console.step(&phone, "the report on a phone").await;

    console.assert_clean();
}
