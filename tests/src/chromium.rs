//! A real headless Chromium, driven through chromedriver (WebDriver) by fantoccini.

use crate::page_errors::{ExpectedLoad, page_errors};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// How long to wait for the app to show something before a step fails.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// The screen the page is shown on.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub width: u32,
    pub height: u32,
    /// A touch device emulated by Chromium (desktop windows cannot be narrower than 500 px).
    pub touch: bool,
}

impl Window {
    /// A wide desktop screen: three panes.
    pub const DESKTOP: Window = Window {
        width: 1400,
        height: 900,
        touch: false,
    };
    /// A small phone: one pane at a time.
    pub const PHONE: Window = Window {
        width: 360,
        height: 780,
        touch: true,
    };
}

/// A headless Chromium session; the driver (and its browser) is killed on drop.
///
/// Every wait (`wait_for`, `wait_until`, `wait_gone`, `click`, `fill`...) and the drop
/// check the page's console: any panic, uncaught exception, `console.error` or failed
/// load not declared with [`Browser::expect_failed_load`] fails the test there.
pub struct Browser {
    pub client: Client,
    expected_loads: Mutex<Vec<ExpectedLoad>>,
    _driver: Driver,
}

/// The chromedriver process and the profile directory it uses; both go on drop, even when
/// a test panics before the session is open.
struct Driver {
    process: Child,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Kill the whole group: chromedriver and the Chromium it started.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.process.id())])
            .status();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Browser {
    /// Starts chromedriver and a fresh Chromium whose preferred languages are
    /// `accept_language` (e.g. `"fr-FR,fr"` or `"en-GB,en"`).
    pub async fn start(accept_language: &str, window: Window) -> Browser {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let profile = std::env::temp_dir().join(format!(
            "facteur-chromium-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&profile).expect("create a Chromium profile directory");

        let port = free_port();
        let process = {
            use std::os::unix::process::CommandExt;
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so that Drop ends Chromium with it.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("start {CHROMEDRIVER} (run scripts/setup): {e}"))
        };
        let driver = Driver { process, profile };
        wait_for_port(port);

        let language = accept_language.split(',').next().unwrap_or("en");
        let mut capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", driver.profile.display()),
                    format!("--window-size={},{}", window.width, window.height),
                    format!("--lang={language}"),
                ],
                "prefs": { "intl.accept_languages": accept_language },
            },
            // Console messages and uncaught errors, for `page_errors`.
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        if window.touch {
            capabilities["goog:chromeOptions"]["mobileEmulation"] = json!({
                "deviceMetrics": {
                    "width": window.width, "height": window.height,
                    "pixelRatio": 2.0, "touch": true, "mobile": true,
                },
            });
        }
        let capabilities = capabilities
            .as_object()
            .cloned()
            .expect("capabilities are an object");
        // chromedriver listens on plain loopback HTTP: no TLS stack needed.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("open a Chromium session through chromedriver");
        Browser {
            client,
            expected_loads: Mutex::new(Vec::new()),
            _driver: driver,
        }
    }

    /// Declares a failed load the test provokes on purpose (a response with `status` to a
    /// URL whose path contains `path`), so that the console checks let it through.
    pub fn expect_failed_load(&self, path: &str, status: u16) {
        self.expected_loads
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(ExpectedLoad {
                path: path.to_owned(),
                status,
            });
    }

    /// The errors the page reported since the last check (and forgets them).
    pub async fn page_errors(&self) -> Vec<String> {
        let expected = self
            .expected_loads
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        page_errors(&self.client, &expected).await
    }

    /// Fails the test when the page reported an error since the last check.
    pub async fn assert_no_page_errors(&self, step: &str) {
        let errors = self.page_errors().await;
        assert!(
            errors.is_empty(),
            "the page reported errors {step}: {errors:#?}"
        );
    }

    /// Waits until an element matching the CSS selector exists, and returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => {
                self.assert_no_page_errors(&format!("while waiting for {css:?}"))
                    .await;
                element
            }
            Err(e) => {
                let errors = self.page_errors().await;
                panic!(
                    "no element matches {css:?} after {STEP_TIMEOUT:?}: {e}; page errors: {errors:#?}"
                )
            }
        }
    }

    /// Waits until `condition` (polled) holds; panics naming `what` after [`STEP_TIMEOUT`].
    pub async fn wait_until<F, Fut>(&self, what: &str, mut condition: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let start = Instant::now();
        while !condition().await {
            if start.elapsed() >= STEP_TIMEOUT {
                let errors = self.page_errors().await;
                panic!("timed out waiting until {what}; page errors: {errors:#?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.assert_no_page_errors(&format!("while waiting until {what}"))
            .await;
    }

    /// Waits until no element matches `css` (a dialog closed, a save finished); panics
    /// naming `what` after [`STEP_TIMEOUT`].
    pub async fn wait_gone(&self, what: &str, css: &str) {
        self.wait_until(what, || async {
            self.client
                .find_all(Locator::Css(css))
                .await
                .map(|found| found.is_empty())
                .unwrap_or(false)
        })
        .await;
    }

    /// The rendered texts of every element matching `css`, in document order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
        {
            texts.push(element.text().await.unwrap_or_default());
        }
        texts
    }

    /// Ticks the checkbox matching `css` (brought to the middle of the view first, so a
    /// sticky header or footer can't take the click) and checks that it is ticked.
    pub async fn tick(&self, css: &str) {
        let checkbox = self.wait_for(css).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![serde_json::to_value(&checkbox).expect("an element as a script argument")],
            )
            .await
            .unwrap_or_else(|e| panic!("scroll {css} into view: {e}"));
        if checkbox.prop("checked").await.unwrap().as_deref() != Some("true") {
            checkbox
                .click()
                .await
                .unwrap_or_else(|e| panic!("tick {css}: {e}"));
        }
        assert_eq!(
            checkbox.prop("checked").await.unwrap().as_deref(),
            Some("true"),
            "{css} is ticked"
        );
    }

    /// Waits for the element matching `css` and clicks it.
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css:?}: {e}"));
        self.assert_no_page_errors(&format!("after clicking {css:?}"))
            .await;
    }

    /// Waits for the input matching `css`, empties it and types `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear {css:?}: {e}"));
        input
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css:?}: {e}"));
    }

    /// Chooses the option whose value is `value` in the `<select>` matching `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.wait_for(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value:?} in {css:?}: {e}"));
    }

    /// The first element matching `css` whose text contains `text`, if one does now.
    pub async fn element_with_text(&self, css: &str, text: &str) -> Option<Element> {
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
        {
            if element.text().await.unwrap_or_default().contains(text) {
                return Some(element);
            }
        }
        None
    }

    /// The value of the `n`th (from 0) form field matching `css`, once there is one.
    pub async fn value_of(&self, css: &str, n: usize) -> String {
        let found = || async {
            self.client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
        };
        self.wait_until(&format!("{css:?} matches a field number {n}"), || async {
            found().await.len() > n
        })
        .await;
        found().await[n]
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("read the value of {css:?} number {n}: {e}"))
            .unwrap_or_default()
    }

    /// Whether some element matching `css` has a text containing `text`.
    pub async fn has_text(&self, css: &str, text: &str) -> bool {
        self.texts(css).await.iter().any(|t| t.contains(text))
    }

    /// Saves a PNG screenshot under `artifacts/` at the workspace root (kept as evidence).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("take a screenshot");
        let dir = crate::workspace_root().join("artifacts");
        std::fs::create_dir_all(&dir).expect("create artifacts/");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }
}

impl Drop for Browser {
    /// The last check: what the page reported after the test's last wait. Skipped when
    /// the test already failed (its own message matters more).
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let handle = tokio::runtime::Handle::try_current().expect(
            "browser tests run inside a tokio runtime, so the harness can read the console",
        );
        assert!(
            handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread,
            "browser tests use #[tokio::test(flavor = \"multi_thread\")], so the harness \
             can read the console when the browser is dropped"
        );
        let errors = tokio::task::block_in_place(|| handle.block_on(self.page_errors()));
        assert!(
            errors.is_empty(),
            "the page reported errors at the end of the test: {errors:#?}"
        );
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free loopback port")
}

fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
