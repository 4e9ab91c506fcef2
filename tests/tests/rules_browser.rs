//! End to end, the founding scenario through the UI: in a real headless Chromium, against
//! a real bridge in front of real Dovecot and Postfix, the user creates the folders
//! Personnel and Professionnel, the rule « Notes à moi-même » from its template and a rule
//! for the work domain; then mail arrives over SMTP and the rules, running in the
//! browser, file it: the note goes to Personnel with its alert, the work mail to
//! Professionnel, the friend's mail stays in the inbox under « Aujourd'hui ». "Run rules
//! now" over a folder of older mail shows what it did. The rules roam: a phone signing in
//! afterwards sees them (and the rules screen is captured at 360 px).
//!
//! Needs the built app in `dist/` (`scripts/build-frontend`; `scripts/test` builds it).

use facteur_tests::app::{App, settings_saved};
use facteur_tests::chromium::{Browser, Window};

const WORK_DOMAIN: &str = "acme-industrie.test";
const NOTE_SUBJECT: &str = "Acheter du pain";
const WORK_SUBJECT: &str = "Reunion de chantier lundi";
const FRIEND_SUBJECT: &str = "Apero vendredi ?";
/// A folder of older mail, filled before sign-in, for "run rules now".
const OLD_FOLDER: &str = "Anciens";

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

/// Waits until the settings are stored on the server (no save pending, none failed).
#[tokio::test(flavor = "multi_thread")]
async fn the_founding_scenario_files_mail_in_the_browser() {
    let scenario = Scenario::start().await;
    scenario.seed_old_folder().await;
    let me = scenario.user().to_owned();

    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    scenario.sign_in(&browser).await;

    // 1. The two folders, through the folder pane's "+".
    create_folder(&browser, "Personnel").await;
    create_folder(&browser, "Professionnel").await;

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

    // 4. Mail arrives over SMTP while the app is open.
    for (from, subject) in [
        (me.clone(), NOTE_SUBJECT),
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

    browser
        .click("[data-testid=folder-item][data-folder=Personnel]")
        .await;
    browser
        .wait_until("the note is in Personnel", || async {
            rows(&browser)
                .await
                .iter()
                .any(|r| r.contains(NOTE_SUBJECT))
        })
        .await;
    browser
        .click("[data-testid=folder-item][data-folder=Professionnel]")
        .await;
    browser
        .wait_until("the work mail is in Professionnel", || async {
            rows(&browser)
                .await
                .iter()
                .any(|r| r.contains(WORK_SUBJECT))
        })
        .await;

    // 5. "Run rules now" over older mail: a progress bar, then what was done.
    browser
        .click(&format!(
            "[data-testid=folder-item][data-folder={OLD_FOLDER}]"
        ))
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

    // The panel belongs to its folder: another folder closes it; a run over the inbox
    // names it as the user sees it.
    browser
        .click("[data-testid=folder-item][data-folder=INBOX]")
        .await;
    browser
        .wait_until("the finished run's panel closes", || async {
            browser.texts("[data-testid=run-panel]").await.is_empty()
        })
        .await;
    browser.click("[data-testid=run-rules]").await;
    browser.wait_for("[data-testid=run-status]").await;
    let title = browser.wait_for("[data-testid=run-title]").await;
    assert_eq!(
        title.text().await.unwrap(),
        "Appliquer les règles à un dossier — Boîte de réception"
    );
    settings_saved(&browser).await;
    drop(browser);

    // 6. The rules roam: a phone signing in later sees them (rules screen at 360 px).
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
}
