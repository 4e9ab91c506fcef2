//! Errors the page reported: uncaught exceptions, `console.error` (a wasm panic lands
//! there) and failed loads, read from Chromium's console log through chromedriver.
//!
//! [`crate::chromium::Browser`] checks them at every wait and when it is dropped, so a
//! browser test fails on any page error without asking; a test that provokes a failed
//! load on purpose declares it first with [`crate::chromium::Browser::expect_failed_load`].

use axum::http::Method;
use fantoccini::Client;
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

/// A failed load a test provokes on purpose: a response with `status` to a URL whose
/// path contains `path` (e.g. `/api/session` and 401 for a wrong password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedLoad {
    pub path: String,
    pub status: u16,
}

impl ExpectedLoad {
    /// Whether the console `message` reports this failed load.
    pub fn matches(&self, message: &str) -> bool {
        // Chromium: `http://host/api/x - Failed to load resource: the server responded
        // with a status of 401 (Unauthorized)`.
        let Some((url, rest)) = message.split_once(" - Failed to load resource:") else {
            return false;
        };
        let path = url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or_default();
        path.contains(&self.path) && rest.contains(&format!("status of {} ", self.status))
    }
}

/// The `SEVERE` console entries since the last call, except the failed loads `expected`.
pub async fn page_errors(client: &Client, expected: &[ExpectedLoad]) -> Vec<String> {
    let log = client
        .issue_cmd(BrowserLog)
        .await
        .expect("read the browser's console log");
    severe_entries(&log, expected)
}

/// The `SEVERE` messages of a chromedriver log answer, minus the failed loads `expected`.
pub fn severe_entries(log: &serde_json::Value, expected: &[ExpectedLoad]) -> Vec<String> {
    // Some chromedriver versions wrap the entries in `value`.
    let entries = if log.is_array() { log } else { &log["value"] };
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry["level"] == "SEVERE")
        .filter_map(|entry| entry["message"].as_str().map(str::to_owned))
        .filter(|message| !expected.iter().any(|load| load.matches(message)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const UNAUTHORIZED: &str = "http://127.0.0.1:4242/api/session - Failed to load resource: \
                                the server responded with a status of 401 (Unauthorized)";

    #[test]
    fn only_the_declared_failed_loads_are_let_through() {
        let log = json!([
            { "level": "SEVERE", "message": UNAUTHORIZED },
            { "level": "SEVERE", "message": "console-api 1:1 \"boom\"" },
            { "level": "INFO", "message": "console-api 1:1 \"fine\"" },
        ]);
        assert_eq!(severe_entries(&log, &[]).len(), 2);
        let session_401 = ExpectedLoad {
            path: "/api/session".into(),
            status: 401,
        };
        assert_eq!(
            severe_entries(&log, std::slice::from_ref(&session_401)),
            vec!["console-api 1:1 \"boom\"".to_owned()]
        );
        // Another status, or another path, is still an error.
        for other in [
            ExpectedLoad {
                path: "/api/session".into(),
                status: 403,
            },
            ExpectedLoad {
                path: "/api/folders".into(),
                status: 401,
            },
        ] {
            assert_eq!(severe_entries(&log, &[other]).len(), 2);
        }
        // The wrapped form some chromedriver versions answer.
        let wrapped = json!({ "value": [{ "level": "SEVERE", "message": "x" }] });
        assert_eq!(severe_entries(&wrapped, &[]), vec!["x".to_owned()]);
    }
}
