//! End to end: a real headless Chromium signs in to the seeded demo account through a real
//! bridge in front of real Dovecot and Postfix, and reads mail arranged by day.
//!
//! Needs the built app in `dist/` (`scripts/build-frontend`; `scripts/test` builds it).

use facteur_tests::app::{App, open_message};
use facteur_tests::chromium::{Browser, Window};
use fantoccini::Locator;
use fantoccini::key::Key;
use std::collections::HashSet;

/// A newsletter of today with remote images (scripts/mailserver.d/demo_corpus.py).
const NEWSLETTER: &str = "La Lettre du Rail n°47";
/// A phishing message of yesterday with scripts, handlers, frames and a form.
const HOSTILE: &str = "Votre colis est en attente de livraison";

const FRENCH_WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const ENGLISH_WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

async fn day_headers(browser: &Browser) -> Vec<String> {
    browser
        .texts("[data-testid=day-header]")
        .await
        .into_iter()
        .map(|t| t.trim().to_owned())
        .collect()
}

/// The list's first day headers are `today`, `yesterday`, then one of `weekdays`.
async fn assert_days_begin_with(
    browser: &Browser,
    today: &str,
    yesterday: &str,
    weekdays: &[&str],
) {
    let headers = day_headers(browser).await;
    assert_eq!(
        headers.first().map(String::as_str),
        Some(today),
        "{headers:?}"
    );
    assert_eq!(
        headers.get(1).map(String::as_str),
        Some(yesterday),
        "{headers:?}"
    );
    let third = headers.get(2).map(|h| h.to_lowercase()).unwrap_or_default();
    assert!(
        weekdays.iter().any(|d| third.starts_with(d)),
        "the third header should be a weekday: {headers:?}"
    );
}

async fn row_uids(browser: &Browser) -> Vec<String> {
    let mut uids = Vec::new();
    let rows = browser
        .client
        .find_all(Locator::Css("[data-testid=message-row]"))
        .await
        .expect("find rows");
    for row in rows {
        uids.push(
            row.attr("data-uid")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    uids
}

async fn frame_src(browser: &Browser) -> String {
    let frame = browser.wait_for("[data-testid=message-frame]").await;
    frame.attr("src").await.ok().flatten().unwrap_or_default()
}

/// The `src` of every image inside the message's sandboxed iframe.
async fn image_sources_in_frame(browser: &Browser) -> Vec<String> {
    let frame = browser.wait_for("[data-testid=message-frame]").await;
    frame.enter_frame().await.expect("enter the message frame");
    let mut sources = Vec::new();
    for img in browser
        .client
        .find_all(Locator::Css("img"))
        .await
        .unwrap_or_default()
    {
        sources.push(img.attr("src").await.ok().flatten().unwrap_or_default());
    }
    browser
        .client
        .enter_parent_frame()
        .await
        .expect("leave the frame");
    sources
}

#[tokio::test(flavor = "multi_thread")]
async fn a_french_reader_sees_days_and_chooses_when_remote_images_load() {
    let demo = App::start(true).await;
    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    demo.sign_in(&browser).await;

    let lang = browser.wait_for("html").await.attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("fr"));

    // Arranged by day: today, yesterday, then weekday names.
    assert_days_begin_with(&browser, "Aujourd'hui", "Hier", &FRENCH_WEEKDAYS).await;

    // A folder's « ⋯ » menu closes with Escape, the focus staying on its button; a refresh
    // then rebuilds the folder list around that focused button (the 30 s refresh does
    // the same) without a panic of the menu it replaced (checked by every wait).
    browser.click("[data-testid=folder-menu]").await;
    browser.wait_for(".folder-menu [role=menu]").await;
    browser
        .client
        .active_element()
        .await
        .expect("the focused element")
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("press Escape");
    browser
        .wait_gone("Escape closes the folder menu", ".folder-menu [role=menu]")
        .await;
    let menu_button = browser
        .client
        .active_element()
        .await
        .expect("the focused element");
    assert_eq!(
        menu_button
            .attr("data-testid")
            .await
            .ok()
            .flatten()
            .as_deref(),
        Some("folder-menu")
    );
    browser
        .client
        .execute(
            "document.querySelector('[data-testid=refresh]').click()",
            vec![],
        )
        .await
        .expect("refresh without moving the focus");
    browser
        .wait_until("the refresh rebuilds the folder list", || async {
            // A removed element is stale: reading it fails.
            menu_button.attr("data-testid").await.is_err()
        })
        .await;
    browser.click("[data-testid=folder-menu]").await;
    browser.wait_for(".folder-menu [role=menu]").await;
    browser.click("[data-testid=folder-menu]").await;

    // Older pages load as the list scrolls, with no message shown twice.
    let first_page = row_uids(&browser).await.len();
    assert!(first_page > 0);
    browser
        .wait_until("every demo message is listed after scrolling", || async {
            browser
                .client
                .execute(
                    "const l = document.querySelector('[data-testid=message-list]'); \
                     if (l) { l.scrollTop = l.scrollHeight; } \
                     window.scrollTo(0, document.body.scrollHeight);",
                    vec![],
                )
                .await
                .expect("scroll");
            row_uids(&browser).await.len() >= 60
        })
        .await;
    let uids = row_uids(&browser).await;
    let distinct: HashSet<_> = uids.iter().collect();
    assert_eq!(distinct.len(), uids.len(), "a message is listed twice");
    assert!(uids.len() > first_page, "scrolling loaded no older page");

    // HTML mail: remote images blocked until asked for.
    open_message(&browser, NEWSLETTER).await;
    browser.wait_for("[data-testid=images-banner]").await;
    assert!(frame_src(&browser).await.contains("images=blocked"));
    let blocked = image_sources_in_frame(&browser).await;
    assert!(
        !blocked.iter().any(|src| src.starts_with("http")),
        "remote images present while blocked: {blocked:?}"
    );
    browser
        .wait_for("[data-testid=show-images]")
        .await
        .click()
        .await
        .expect("click show images");
    browser
        .wait_until("the frame reloads with images shown", || async {
            frame_src(&browser).await.contains("images=shown")
        })
        .await;
    browser
        .wait_until("remote images are in the message", || async {
            image_sources_in_frame(&browser)
                .await
                .iter()
                .any(|src| src.starts_with("https://lalettredurail.test/"))
        })
        .await;

    // Hostile HTML: nothing active survives, and nothing ran.
    open_message(&browser, HOSTILE).await;
    // The reader shows a new frame for each message; its document loads after the
    // headers show. It must never show the previous message's body under these headers.
    browser
        .wait_until("the frame shows the hostile message", || async {
            let frame = browser.wait_for("[data-testid=message-frame]").await;
            frame.enter_frame().await.expect("enter the message frame");
            let text = match browser.client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            browser.client.enter_parent_frame().await.unwrap();
            assert!(
                !text.contains("La Lettre du Rail"),
                "the newsletter's body shows under the hostile message's headers"
            );
            text.contains("CX-4471-FR")
        })
        .await;
    let frame = browser.wait_for("[data-testid=message-frame]").await;
    frame.enter_frame().await.expect("enter the message frame");
    for css in [
        "script",
        "iframe",
        "form",
        "[onerror]",
        "[onclick]",
        "[onload]",
        "a[href^=javascript]",
    ] {
        let found = browser
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default();
        assert!(found.is_empty(), "{css} survived sanitizing");
    }
    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    assert!(
        body.text().await.unwrap().contains("CX-4471-FR"),
        "the text itself is kept"
    );
    browser.client.enter_parent_frame().await.unwrap();
    assert!(
        browser.client.get_alert_text().await.is_err(),
        "a script ran"
    );

    // The language switch changes every heading at once.
    browser
        .wait_for("[data-testid=locale-switch]")
        .await
        .click()
        .await
        .expect("switch language");
    browser
        .wait_until("day headers are in English", || async {
            day_headers(&browser).await.first().map(String::as_str) == Some("Today")
        })
        .await;
    assert_eq!(
        day_headers(&browser).await.get(1).map(String::as_str),
        Some("Yesterday")
    );
    browser.screenshot("desktop-english").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_english_phone_shows_one_pane_at_a_time_and_follows_the_keyboard() {
    let demo = App::start(true).await;
    let browser = Browser::start("en-GB,en", Window::PHONE).await;
    demo.sign_in(&browser).await;

    assert_days_begin_with(&browser, "Today", "Yesterday", &ENGLISH_WEEKDAYS).await;

    // One pane: the list, without the folders beside it.
    let list = browser.wait_for("[data-testid=message-list]").await;
    assert!(list.is_displayed().await.unwrap());
    let folders = browser.wait_for("[data-testid=folders-pane]").await;
    assert!(
        !folders.is_displayed().await.unwrap(),
        "folders beside the list at 360 px"
    );
    let (_, _, list_width, _) = list.rectangle().await.unwrap();
    assert!(
        list_width <= 360.0,
        "the list overflows a 360 px screen: {list_width}"
    );
    browser.screenshot("phone-list").await;

    // Keyboard: j selects the first message, Enter opens it, u goes back to the list.
    browser
        .client
        .execute(
            "document.activeElement && document.activeElement.blur()",
            vec![],
        )
        .await
        .unwrap();
    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("j").await.unwrap();
    body.send_keys(&Key::Enter.to_string()).await.unwrap();
    let reader = browser.wait_for("[data-testid=reader]").await;
    browser
        .wait_until("the reader fills the phone screen", || async {
            reader.is_displayed().await.unwrap_or(false)
                && !list.is_displayed().await.unwrap_or(true)
        })
        .await;
    browser.screenshot("phone-reader").await;
    let body = browser.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("u").await.unwrap();
    browser
        .wait_until("u goes back to the list", || async {
            list.is_displayed().await.unwrap_or(false)
        })
        .await;
}

/// The console check itself: a page error fails the next wait, and the end of the test.
#[tokio::test(flavor = "multi_thread")]
async fn a_console_error_fails_the_browser_test() {
    use futures::FutureExt;
    let browser = Browser::start("en-GB,en", Window::DESKTOP).await;
    browser
        .client
        .goto("data:text/html,<p data-testid=page>A page</p>")
        .await
        .expect("open a page");
    browser.wait_for("[data-testid=page]").await;
    let log_error = |text: &'static str| {
        let browser = &browser;
        async move {
            browser
                .client
                .execute(&format!("console.error('{text}')"), vec![])
                .await
                .expect("log an error");
        }
    };

    log_error("first error").await;
    let waited = std::panic::AssertUnwindSafe(browser.wait_for("[data-testid=page]"))
        .catch_unwind()
        .await;
    let message = waited
        .err()
        .and_then(|panic| panic.downcast::<String>().ok())
        .expect("the wait fails on the page's error");
    assert!(message.contains("first error"), "{message}");

    // Logged after the last wait: dropping the browser fails the test.
    log_error("last error").await;
    let ended = tokio::spawn(async move { drop(browser) }).await;
    let message = ended
        .err()
        .map(|error| error.into_panic())
        .and_then(|panic| panic.downcast::<String>().ok())
        .expect("the drop fails on the page's error");
    assert!(message.contains("last error"), "{message}");
}
