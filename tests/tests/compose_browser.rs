//! End to end, writing and following a message through the UI: in a real headless
//! Chromium, against a real bridge in front of real Dovecot and Postfix, the demo user
//! writes to alice (who exists) and nobody (who does not) with a bold word, an attached
//! file and a delivery notification requested, and sends it. In Sent, the delivery panel
//! then shows alice relayed or delivered and nobody failed with « 5.1.1 utilisateur
//! inconnu » once Postfix's reports arrive; alice's INBOX really holds the message with
//! its attachment (read back over IMAP); a reply from the reader (button or `r`) starts
//! with « Re: » and the quote; nobody's row links to the bounce, which reads as a report
//! summary linking back; the composer is captured at 360 px. A second test sets the
//! preferences (identity, signature, DSN default), answers read-receipt requests by each
//! policy (ask: with consent; always: without asking; never: declined silently), and
//! finds the same preferences on a phone, not asked again.
//!
//! Needs the built app in `dist/` (`scripts/build-frontend`; `scripts/test` builds it).

use facteur_tests::app::{App, add_recipient, open_message, send_from_composer, settings_saved};
use facteur_tests::chromium::{Browser, Window};
use fantoccini::Locator;
use fantoccini::key::Key;
use futures::TryStreamExt;
use mail_parser::{MessageParser, MimeHeaders};
use std::path::PathBuf;
use std::time::Duration;

/// The composer saves the draft this long after the last edit (`DEBOUNCE_MS` of
/// `frontend/src/compose/autosave.rs`).
const AUTOSAVE_DELAY_MS: u64 = 3_000;

const SUBJECT: &str = "Devis du chantier de Lyon";
const ALICE: &str = "alice@example.test";
const NOBODY: &str = "nobody@example.test";
const ATTACHMENT_NAME: &str = "devis-lyon.txt";
const ATTACHMENT_TEXT: &str = "Devis : 3 fenêtres, 2 portes.\n";

/// A file on disk for the file input, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let dir = std::env::temp_dir().join(format!("facteur-compose-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        let path = dir.join(name);
        std::fs::write(&path, contents).expect("write the attachment");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

async fn open_folder(browser: &Browser, folder: &str) {
    browser
        .click(&format!(
            "[data-testid=folder-item][data-folder='{folder}']"
        ))
        .await;
    browser
        .wait_until(&format!("{folder} is shown"), || async {
            browser
                .client
                .find(Locator::Css("[data-testid=app-ready]"))
                .await
                .is_ok()
        })
        .await;
}

/// The delivery panel's rows as (state, text).
async fn delivery_rows(browser: &Browser) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for row in browser
        .client
        .find_all(Locator::Css("[data-testid=delivery-recipient]"))
        .await
        .unwrap_or_default()
    {
        let state = row
            .attr("data-state")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        rows.push((state, row.text().await.unwrap_or_default()));
    }
    rows
}

fn state_of<'a>(rows: &'a [(String, String)], address: &str) -> Option<&'a str> {
    rows.iter()
        .find(|(_, text)| text.contains(address))
        .map(|(state, _)| state.as_str())
}

/// Waits past the composer's autosave delay, so that a timer it left pending has fired
/// before the page's console is read.
async fn autosave_delay_passes() {
    tokio::time::sleep(Duration::from_millis(AUTOSAVE_DELAY_MS + 500)).await;
}

/// The raw messages of `folder` of `user`, read over IMAP.
async fn raw_messages(app: &App, user: &str, folder: &str) -> Vec<Vec<u8>> {
    let mut session = app.server.imap(user).await;
    session.select(folder).await.expect("SELECT");
    let fetched: Vec<_> = session
        .fetch("1:*", "BODY.PEEK[]")
        .await
        .expect("FETCH")
        .try_collect()
        .await
        .unwrap_or_default();
    let raws = fetched
        .iter()
        .filter_map(|f| f.body().map(<[u8]>::to_vec))
        .collect();
    let _ = session.logout().await;
    raws
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_is_written_sent_and_followed_in_the_browser() {
    let app = App::start(true).await;
    let me = app.server.instance.demo_user.clone();
    let file = TempFile::new(ATTACHMENT_NAME, ATTACHMENT_TEXT);

    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    app.sign_in(&browser).await;

    // 1. « Nouveau message »: two recipients, a subject, a bold word, a file, DSN asked.
    let new = browser.wait_for("[data-testid=compose-new]").await;
    let label = new.text().await.unwrap();
    assert!(label.contains("Nouveau message"), "{label}");
    new.click().await.expect("open the composer");
    browser.wait_for("[data-testid=composer]").await;
    // The file first: the body is the last edit, so its autosave timer is still pending
    // when the message is sent.
    browser
        .wait_for("[data-testid=compose-attach-input]")
        .await
        .send_keys(&file.0.display().to_string())
        .await
        .expect("choose the file");
    browser
        .wait_until("the attachment is uploaded", || async {
            let rows = browser
                .client
                .find_all(Locator::Css(
                    "[data-testid=compose-attachment][data-state=ready]",
                ))
                .await
                .unwrap_or_default();
            rows.len() == 1
        })
        .await;
    assert!(
        browser
            .has_text("[data-testid=compose-attachment]", ATTACHMENT_NAME)
            .await
    );
    add_recipient(&browser, "compose-to", ALICE).await;
    add_recipient(&browser, "compose-to", NOBODY).await;
    browser.fill("[data-testid=compose-subject]", SUBJECT).await;
    let body = browser.wait_for("[data-testid=compose-body]").await;
    body.click().await.expect("focus the body");
    body.send_keys("Bonjour, voici le ").await.expect("type");
    browser.click("[data-testid=compose-bold]").await;
    body.send_keys("devis").await.expect("type the bold word");
    browser.click("[data-testid=compose-bold]").await;
    body.send_keys(" demandé.").await.expect("type");
    let html = browser
        .client
        .execute(
            "return document.querySelector('[data-testid=compose-body]').innerHTML",
            vec![],
        )
        .await
        .expect("read the editor");
    let html = html.as_str().unwrap_or_default().to_owned();
    assert!(
        html.contains("<b>devis</b>") || html.contains("<strong>devis</strong>"),
        "the word is bold in the editor: {html}"
    );
    // A delivery notification is requested.
    browser.tick("[data-testid=compose-dsn]").await;
    // Alice's delivery is followed too: success receipts are asked for this message (by
    // default only failures and delays come back).
    browser.tick("[data-testid=compose-dsn-success]").await;
    send_from_composer(&browser).await;
    // Nothing of the closed composer runs on: its pending timers find it gone.
    autosave_delay_passes().await;
    browser.assert_no_page_errors("after sending").await;

    // 2. Alice really received it, attachment included (read back over IMAP).
    browser
        .wait_until("alice's INBOX has the message", || async {
            raw_messages(&app, ALICE, "INBOX").await.iter().any(|raw| {
                MessageParser::default()
                    .parse(raw)
                    .and_then(|m| m.subject().map(|s| s == SUBJECT))
                    .unwrap_or(false)
            })
        })
        .await;
    let received = raw_messages(&app, ALICE, "INBOX").await;
    let received = received
        .iter()
        .filter_map(|raw| MessageParser::default().parse(raw))
        .find(|m| m.subject() == Some(SUBJECT))
        .expect("alice's copy");
    let attachment = received
        .attachments()
        .find(|part| part.attachment_name() == Some(ATTACHMENT_NAME))
        .expect("the file is attached");
    assert_eq!(attachment.contents(), ATTACHMENT_TEXT.as_bytes());
    let received_html = received
        .body_html(0)
        .map(|html| html.into_owned())
        .unwrap_or_default();
    assert!(
        received_html.contains("<b>devis</b>") || received_html.contains("<strong>devis</strong>"),
        "the rich version keeps the bold word: {received_html}"
    );
    assert_eq!(
        received
            .from()
            .and_then(|f| f.first())
            .and_then(|a| a.address()),
        Some(me.as_str())
    );

    // 3. In Sent, the delivery panel follows each recipient as the reports arrive.
    open_folder(&browser, "Sent").await;
    open_message(&browser, SUBJECT).await;
    browser.wait_for("[data-testid=delivery-status]").await;
    browser
        .wait_until("the reports about alice and nobody arrived", || async {
            browser.click("[data-testid=delivery-refresh]").await;
            let rows = delivery_rows(&browser).await;
            matches!(state_of(&rows, ALICE), Some("relayed" | "delivered"))
                && state_of(&rows, NOBODY) == Some("failed")
        })
        .await;
    let rows = delivery_rows(&browser).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    let nobody = &rows
        .iter()
        .find(|(_, text)| text.contains(NOBODY))
        .expect("nobody's row")
        .1;
    assert!(
        nobody.contains("Échec : 5.1.1 utilisateur inconnu"),
        "the failure is explained: {nobody}"
    );
    assert!(
        nobody.contains("550") || nobody.to_lowercase().contains("unknown"),
        "the server's own words are shown: {nobody}"
    );
    browser.screenshot("delivery-status-desktop").await;

    // 4. A reply from the reader: « Re: » and the quoted message.
    browser.click("[data-testid=reply]").await;
    browser.wait_for("[data-testid=composer]").await;
    let subject = browser.wait_for("[data-testid=compose-subject]").await;
    browser
        .wait_until("the reply's subject is filled", || async {
            subject
                .prop("value")
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
                == format!("Re: {SUBJECT}")
        })
        .await;
    let quoted = browser
        .wait_for("[data-testid=compose-body]")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(quoted.contains("a écrit"), "the attribution line: {quoted}");
    assert!(
        quoted.contains("Bonjour, voici le devis demandé."),
        "the quote: {quoted}"
    );
    // Escape right after typing, in the text and in a recipient field: the draft is
    // saved, the composer closes, and its autosave and suggestion timers, still
    // pending, must not touch it once gone.
    let body = browser.wait_for("[data-testid=compose-body]").await;
    body.send_keys("Merci. ").await.expect("type in the reply");
    browser
        .wait_for("[data-testid=compose-cc]")
        .await
        .send_keys(&format!("zz{}", Key::Escape))
        .await
        .expect("type a recipient and press Escape");
    browser
        .wait_gone(
            "Escape closes the reply's composer",
            "[data-testid=composer]",
        )
        .await;
    autosave_delay_passes().await;
    browser
        .assert_no_page_errors("after closing with Escape")
        .await;

    // The keyboard does the same: `r` replies to the open message.
    browser
        .client
        .find(Locator::Css("body"))
        .await
        .expect("the page")
        .send_keys("r")
        .await
        .expect("press r");
    browser.wait_for("[data-testid=composer]").await;
    let subject = browser.wait_for("[data-testid=compose-subject]").await;
    assert_eq!(
        subject.prop("value").await.unwrap().unwrap_or_default(),
        format!("Re: {SUBJECT}")
    );
    browser.click("[data-testid=compose-close]").await;
    browser
        .wait_gone("the composer closes again", "[data-testid=composer]")
        .await;

    // 5. nobody's row links to the bounce, which reads as a report summary about the
    // sent message; the summary links back to it.
    browser
        .click("[data-testid=delivery-recipient][data-state=failed] [data-testid=delivery-report-link]")
        .await;
    let summary = browser.wait_for("[data-testid=report-summary]").await;
    browser
        .wait_until("the report names the sent message", || async {
            summary
                .text()
                .await
                .unwrap_or_default()
                .contains(&format!("Accusé de remise pour « {SUBJECT} »"))
        })
        .await;
    assert!(
        browser
            .has_text("[data-testid=report-recipient][data-state=failed]", NOBODY)
            .await
    );
    let folder = browser.wait_for("[data-testid=current-folder]").await;
    assert_eq!(folder.text().await.unwrap(), "Boîte de réception");
    browser.click("[data-testid=report-original]").await;
    browser
        .wait_until("the sent message is open again", || async {
            browser
                .has_text("[data-testid=message-subject]", SUBJECT)
                .await
                && browser
                    .client
                    .find(Locator::Css("[data-testid=delivery-status]"))
                    .await
                    .is_ok()
        })
        .await;
    drop(browser);

    // 6. The composer on a 360 px phone.
    let phone = Browser::start("fr-FR,fr", Window::PHONE).await;
    app.sign_in(&phone).await;
    phone.click("[data-testid=compose-new]").await;
    phone.wait_for("[data-testid=composer]").await;
    phone.wait_for("[data-testid=compose-send]").await;
    let width = phone
        .client
        .execute(
            "return document.querySelector('[data-testid=composer]').getBoundingClientRect().width",
            vec![],
        )
        .await
        .expect("measure the composer");
    assert!(
        width.as_f64().unwrap_or(f64::MAX) <= 360.0,
        "the composer fits the phone: {width}"
    );
    phone.screenshot("compose-phone-360").await;

    // Tab goes round inside the full-screen composer, never to the list hidden behind.
    for (end, keys) in [
        ("at(-1)", Key::Tab.to_string()),
        ("at(0)", Key::Shift + Key::Tab.to_string().as_str()),
    ] {
        let focused = phone
            .client
            .execute(
                &format!(
                    "const all = [...document.querySelectorAll('[data-testid=composer] :is(a[href], \
                     button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                     textarea:not([disabled]), [contenteditable=true])')] \
                     .filter(e => e.offsetWidth > 0 || e.offsetHeight > 0); \
                     all.{end}.focus(); return document.activeElement === all.{end};"
                ),
                vec![],
            )
            .await
            .expect("focus the composer's end");
        assert_eq!(focused.as_bool(), Some(true), "focus {end}");
        let active = phone.client.active_element().await.unwrap();
        active.send_keys(&keys).await.unwrap();
        let inside = phone
            .client
            .execute(
                "const c = document.querySelector('[data-testid=composer]'); \
                 return c.contains(document.activeElement) && document.activeElement !== c;",
                vec![],
            )
            .await
            .expect("where focus went");
        assert_eq!(
            inside.as_bool(),
            Some(true),
            "{keys:?} from {end} left the composer"
        );
    }
}

/// alice's message to `me` asking for a read receipt.
async fn deliver_receipt_request(app: &App, me: &str, subject: &str) {
    let id = subject.replace(' ', "-");
    let raw = format!(
        "From: Alice Moreau <{ALICE}>\r\nTo: {me}\r\nSubject: {subject}\r\n\
         Message-ID: <{id}@tests.example.test>\r\n\
         Disposition-Notification-To: Alice Moreau <{ALICE}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\n\r\n{subject}.\r\n"
    );
    app.server.deliver_smtp(ALICE, me, raw.as_bytes()).await;
}

/// Picks a read-receipt policy in the preferences, waits until it is saved, and goes
/// back to the mail.
async fn choose_receipt_policy(browser: &Browser, policy: &str) {
    browser.click("[data-testid=open-preferences]").await;
    browser
        .click(&format!("[data-testid=receipt-policy-{policy}]"))
        .await;
    settings_saved(browser).await;
    browser.click("[data-testid=preferences-back]").await;
}

/// Whether the message with `subject` in `user`'s INBOX carries `$MDNSent` (its
/// read-receipt request was answered).
async fn mdn_answered(app: &App, user: &str, subject: &str) -> bool {
    let mut session = app.server.imap(user).await;
    session.select("INBOX").await.expect("SELECT");
    let fetched: Vec<_> = session
        .fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        .await
        .expect("FETCH")
        .try_collect()
        .await
        .unwrap_or_default();
    let answered = fetched.iter().any(|f| {
        let header = f.header().map(String::from_utf8_lossy).unwrap_or_default();
        header.contains(subject)
            && f.flags().any(|flag| {
                matches!(flag, async_imap::types::Flag::Custom(name) if name.eq_ignore_ascii_case("$MDNSent"))
            })
    });
    let _ = session.logout().await;
    answered
}

#[tokio::test(flavor = "multi_thread")]
async fn preferences_roam_and_a_read_receipt_is_sent_on_consent() {
    let app = App::start(false).await;
    let me = app.server.instance.demo_user.clone();
    let request = format!(
        "From: Alice Moreau <{ALICE}>\r\nTo: {me}\r\nSubject: Compte rendu de la visite\r\n\
         Message-ID: <visite@tests.example.test>\r\n\
         Disposition-Notification-To: Alice Moreau <{ALICE}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\n\r\nVoici le compte rendu.\r\n"
    );
    app.server
        .deliver_smtp(ALICE, &me, request.as_bytes())
        .await;

    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    app.sign_in(&browser).await;

    // 1. Preferences: the account is always there; an identity with its signature.
    browser.click("[data-testid=open-preferences]").await;
    browser.wait_for("[data-testid=preferences-screen]").await;
    let account = browser.wait_for("[data-testid=identity-account]").await;
    assert_eq!(account.text().await.unwrap(), me);
    browser.click("[data-testid=identity-add]").await;
    browser
        .fill("[data-testid=identity-email]", "pas une adresse")
        .await;
    browser.click("[data-testid=identities-save]").await;
    let error = browser.wait_for("[data-testid=identity-error]").await;
    assert!(
        error.text().await.unwrap().contains("n'est pas valide"),
        "a bad address is refused with a translated reason"
    );
    browser
        .fill("[data-testid=identity-email]", "asso@example.test")
        .await;
    // Names are per row: the account's row comes first, the new one second.
    let names = browser
        .client
        .find_all(Locator::Css("[data-testid=identity-name]"))
        .await
        .unwrap();
    assert_eq!(names.len(), 2);
    names[1].send_keys("Association Démo").await.unwrap();
    let signatures = browser
        .client
        .find_all(Locator::Css("[data-testid=identity-signature]"))
        .await
        .unwrap();
    signatures[1].send_keys("L'association").await.unwrap();
    browser.click("[data-testid=identities-save]").await;
    browser.wait_for("[data-testid=identities-saved]").await;
    assert!(
        browser
            .texts("[data-testid=identity-error]")
            .await
            .is_empty()
    );
    let ask = browser.wait_for("[data-testid=receipt-policy-ask]").await;
    assert_eq!(ask.prop("checked").await.unwrap().as_deref(), Some("true"));
    let dsn_default = browser.wait_for("[data-testid=dsn-default]").await;
    assert_eq!(
        dsn_default.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    dsn_default.click().await.unwrap();
    settings_saved(&browser).await;
    browser.screenshot("preferences-desktop").await;
    browser.click("[data-testid=preferences-back]").await;

    // 2. Policy "ask": the banner asks, the receipt goes once the user consents.
    open_message(&browser, "Compte rendu de la visite").await;
    let banner = browser.wait_for("[data-testid=receipt-prompt]").await;
    assert!(
        banner
            .text()
            .await
            .unwrap()
            .contains("Alice Moreau demande un accusé de lecture."),
        "the banner names who asks"
    );
    browser.click("[data-testid=receipt-send]").await;
    let done = browser.wait_for("[data-testid=receipt-done]").await;
    assert_eq!(done.text().await.unwrap(), "Accusé de lecture envoyé.");
    browser
        .wait_until("alice received the read receipt", || async {
            raw_messages(&app, ALICE, "INBOX")
                .await
                .iter()
                .any(|raw| String::from_utf8_lossy(raw).contains("disposition-notification"))
        })
        .await;

    // 3. Policy "always": the receipt goes without a question. Policy "never": the
    // request is declined silently (marked answered, nothing sent).
    choose_receipt_policy(&browser, "always").await;
    deliver_receipt_request(&app, &me, "Planning de la semaine").await;
    browser.click("[data-testid=refresh]").await;
    open_message(&browser, "Planning de la semaine").await;
    let done = browser.wait_for("[data-testid=receipt-done]").await;
    assert_eq!(done.text().await.unwrap(), "Accusé de lecture envoyé.");
    assert!(
        browser
            .texts("[data-testid=receipt-prompt]")
            .await
            .is_empty()
    );
    browser
        .wait_until("alice received the automatic receipt", || async {
            raw_messages(&app, ALICE, "INBOX").await.iter().any(|raw| {
                let raw = String::from_utf8_lossy(raw);
                (raw.contains("Planning de la semaine")
                    || raw.contains("<Planning-de-la-semaine@tests.example.test>"))
                    && raw.contains("automatic-action/MDN-sent-automatically")
            })
        })
        .await;

    choose_receipt_policy(&browser, "never").await;
    deliver_receipt_request(&app, &me, "Photos de la sortie").await;
    browser.click("[data-testid=refresh]").await;
    open_message(&browser, "Photos de la sortie").await;
    browser
        .wait_until("the request is marked answered", || async {
            mdn_answered(&app, &me, "Photos de la sortie").await
        })
        .await;
    assert!(
        browser
            .texts("[data-testid=receipt-prompt]")
            .await
            .is_empty()
    );
    assert!(browser.texts("[data-testid=receipt-done]").await.is_empty());
    choose_receipt_policy(&browser, "ask").await;
    drop(browser);

    // 4. Another device (a phone) finds the same preferences, and is not asked again.
    let phone = Browser::start("fr-FR,fr", Window::PHONE).await;
    app.sign_in(&phone).await;
    phone.click("[data-testid=open-preferences]").await;
    phone.wait_for("[data-testid=preferences-screen]").await;
    phone
        .wait_until("the identities arrived", || async {
            phone
                .client
                .find_all(Locator::Css("[data-testid=identity-row]"))
                .await
                .map(|rows| rows.len() == 2)
                .unwrap_or(false)
        })
        .await;
    assert_eq!(
        phone.value_of("[data-testid=identity-email]", 0).await,
        "asso@example.test"
    );
    assert_eq!(
        phone.value_of("[data-testid=identity-name]", 1).await,
        "Association Démo"
    );
    assert_eq!(
        phone.value_of("[data-testid=identity-signature]", 1).await,
        "L'association"
    );
    let dsn_default = phone.wait_for("[data-testid=dsn-default]").await;
    assert_eq!(
        dsn_default.prop("checked").await.unwrap().as_deref(),
        Some("false")
    );
    let ask = phone.wait_for("[data-testid=receipt-policy-ask]").await;
    assert_eq!(ask.prop("checked").await.unwrap().as_deref(), Some("true"));
    phone.screenshot("preferences-phone-360").await;
    phone.click("[data-testid=preferences-back]").await;
    open_message(&phone, "Compte rendu de la visite").await;
    assert!(
        phone.texts("[data-testid=receipt-prompt]").await.is_empty(),
        "an answered request is not asked again"
    );
}
