//! The whole app under test: a mail server, the bridge serving the built browser app from
//! `dist/`, and signing in through the real form in a real browser.

use crate::chromium::Browser;
use crate::{MailServer, RunningBridge, serve_bridge, workspace_root};

/// A running mail server with the bridge and the built app in front of it.
pub struct App {
    pub server: MailServer,
    pub bridge: RunningBridge,
}

impl App {
    /// Starts a mail server (the demo account seeded when `seed_demo`) and serves the app.
    pub async fn start(seed_demo: bool) -> App {
        let dist = workspace_root().join("dist");
        assert!(
            dist.join("index.html").exists(),
            "dist/ is missing: build the app with scripts/build-frontend (scripts/test does)"
        );
        let server = MailServer::start_with(seed_demo);
        let bridge = serve_bridge(&server, &dist).await;
        App { server, bridge }
    }

    /// The sign-in page, prefilled with the demo account's servers as `scripts/demo` prints it.
    pub fn login_url(&self) -> String {
        login_url(&self.server, &self.bridge.base_url)
    }

    /// Signs the demo account in through the form and waits until the first page is listed.
    pub async fn sign_in(&self, browser: &Browser) {
        sign_in_at(browser, &self.server, &self.bridge.base_url).await;
    }
}

/// The sign-in page of the app served at `base_url`, prefilled with the demo account's
/// servers on `server`.
pub fn login_url(server: &MailServer, base_url: &str) -> String {
    let i = &server.instance;
    format!(
        "{base_url}/?email={}&imap_host=127.0.0.1&imap_port={}&imap_security=tls\
         &smtp_host=127.0.0.1&smtp_port={}&smtp_security=starttls",
        i.demo_user, i.imaps_port, i.submission_port
    )
}

/// Signs the demo account of `server` in through the form of the app at `base_url` (a
/// bridge, or a proxy in front of several) and waits until the first page is listed.
pub async fn sign_in_at(browser: &Browser, server: &MailServer, base_url: &str) {
    browser
        .client
        .goto(&login_url(server, base_url))
        .await
        .expect("open the app");
    browser
        .fill(
            "[data-testid=login-password]",
            &server.instance.demo_password,
        )
        .await;
    browser.click("[data-testid=login-submit]").await;
    browser.wait_for("[data-testid=app-ready]").await;
}

/// Opens the message whose row in the current folder shows `subject`, and waits until the
/// reader shows it.
pub async fn open_message(browser: &Browser, subject: &str) {
    const ROW: &str = "[data-testid=message-row]";
    browser
        .wait_until(&format!("a row shows {subject:?}"), || async {
            browser.element_with_text(ROW, subject).await.is_some()
        })
        .await;
    browser
        .element_with_text(ROW, subject)
        .await
        .expect("the row")
        .click()
        .await
        .expect("open the row");
    browser
        .wait_until(&format!("the reader shows {subject:?}"), || async {
            browser
                .has_text("[data-testid=message-subject]", subject)
                .await
        })
        .await;
}

/// Types `address` into the composer's recipient field `testid` and ends it with a comma
/// (a chip), then waits for the chip.
pub async fn add_recipient(browser: &Browser, testid: &str, address: &str) {
    let input = browser.wait_for(&format!("[data-testid={testid}]")).await;
    input
        .send_keys(&format!("{address},"))
        .await
        .expect("type a recipient");
    browser
        .wait_until(&format!("{address} is a chip"), || async {
            browser
                .has_text("[data-testid=compose-chip]", address)
                .await
        })
        .await;
}

/// Sends the open composer's message and waits until the composer closes without an
/// error.
pub async fn send_from_composer(browser: &Browser) {
    browser.click("[data-testid=compose-send]").await;
    browser
        .wait_gone("the composer closes once sent", "[data-testid=composer]")
        .await;
    let errors = browser.texts("[data-testid=compose-error]").await;
    assert!(errors.is_empty(), "sending failed: {errors:?}");
}

/// Waits until the app has saved its roaming settings, and checks the save succeeded.
pub async fn settings_saved(browser: &Browser) {
    browser
        .wait_gone("the settings are saved", "[data-testid=settings-saving]")
        .await;
    let failed = browser.texts("[data-testid=settings-save-error]").await;
    assert!(failed.is_empty(), "saving the settings failed: {failed:?}");
}
