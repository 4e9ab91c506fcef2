//! Errors the page reported: uncaught exceptions, `console.error` (a wasm panic lands
//! there) and failed loads, read from Chromium's console log through chromedriver.

use crate::chromium::Browser;
use axum::http::Method;
use fantoccini::wd::WebDriverCompatibleCommand;

/// chromedriver's command that returns (and empties) the browser's console log.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (Method, Option<String>) {
        (Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// The `SEVERE` console entries since the last call, except failed loads whose status
/// `expected` accepts (e.g. the 401 of `GET /api/session` before signing in).
pub async fn page_errors(browser: &Browser, expected: impl Fn(&str) -> bool) -> Vec<String> {
    let log = browser
        .client
        .issue_cmd(BrowserLog)
        .await
        .expect("read the browser's console log");
    // Some chromedriver versions wrap the entries in `value`.
    let entries = if log.is_array() { &log } else { &log["value"] };
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry["level"] == "SEVERE")
        .filter_map(|entry| entry["message"].as_str().map(str::to_owned))
        .filter(|message| !(message.contains("Failed to load resource") && expected(message)))
        .collect()
}

/// Fails the test when the page reported an error since the last check.
pub async fn assert_no_page_errors(browser: &Browser, step: &str, expected: impl Fn(&str) -> bool) {
    let errors = page_errors(browser, expected).await;
    assert!(errors.is_empty(), "page errors {step}: {errors:#?}");
}
