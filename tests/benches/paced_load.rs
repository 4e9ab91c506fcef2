//! 200 signed-in sessions at a person's pace, and what an idle session weighs.
//!
//! `cargo bench -p facteur-tests --bench paced_load` (scripts/bench runs it and writes
//! BENCHMARKS.md). Starts its own Dovecot (sized for it: see `scripts/mailserver.d`) and
//! bridge on loopback, over IMAPS as a real deployment would.
//!
//! - Memory: this process's resident memory before the sign-ins and after [`SESSIONS`]
//!   sessions signed in and listed once, then left idle; the difference divided by the
//!   sessions is what one idle session costs the bridge, its IMAP connection (TLS state,
//!   buffers) included.
//! - Pace: open-loop arrivals (exponential gaps, [`RATE`] requests/s in all, about one per
//!   session every 5 s), each a first page or the opening of one of the page's messages
//!   (detail), for [`PACED_FOR`]. Requests do not wait for each other, so a slow answer
//!   does not slow the arrivals down: the latencies are what a person would see.
//!
//! With `FACTEUR_BENCH_OUT=FILE` the results are also written to FILE as JSON.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};
use support::HttpBrowser;

/// Signed-in sessions.
const SESSIONS: usize = 200;
/// Requests per second, all sessions together.
const RATE: f64 = 40.0;
/// How long arrivals go on.
const PACED_FOR: Duration = Duration::from_secs(20);

/// A small deterministic generator (xorshift64*): the same arrivals on every run.
struct Arrivals(u64);

impl Arrivals {
    fn next_unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let value = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (value >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The gap to the next arrival of a Poisson process at [`RATE`].
    fn gap(&mut self) -> Duration {
        Duration::from_secs_f64(-(1.0 - self.next_unit()).ln() / RATE)
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.next_unit() * n as f64) as usize).min(n - 1)
    }
}

fn main() {
    let server = support::seeded_mail_server();
    let runtime = support::runtime();
    let result = runtime.block_on(async {
        let bridge = support::running_bridge(&server).await;
        // One session first, so that what every session shares (TLS configuration,
        // code paths touched once, allocator arenas) is not counted per session.
        let first = HttpBrowser::sign_in(&server, &bridge).await;
        let page = first.page(None).await;
        let uids: Vec<u32> = page.messages.iter().map(|m| m.uid.0).collect();
        // The list of 50 on the wire, as a browser gets it.
        let list = format!(
            "/api/folders/{}/messages?limit={}",
            support::FOLDER,
            support::PAGE
        );
        let mut wire = serde_json::Map::new();
        for accept in ["identity", "gzip", "br"] {
            let body = first.try_get_encoded(&list, accept).await.expect("a page");
            wire.insert(accept.to_owned(), body.len().into());
        }
        let resident_before = facteur_tests::hostile_server::resident_bytes();
        let signing_in = Instant::now();
        let mut browsers = vec![first];
        let mut sign_in_errors = 0;
        while browsers.len() < SESSIONS {
            let browser = HttpBrowser::sign_in(&server, &bridge).await;
            match browser.try_page_json(None).await {
                Ok(_) => browsers.push(browser),
                Err(error) => {
                    sign_in_errors += 1;
                    eprintln!("first page failed: {error}");
                    if sign_in_errors > 10 {
                        panic!("sessions cannot be opened: {error}");
                    }
                }
            }
        }
        let signed_in_in = signing_in.elapsed();
        let resident_after = facteur_tests::hostile_server::resident_bytes();
        let per_session =
            resident_after.saturating_sub(resident_before) as f64 / (SESSIONS - 1) as f64;
        eprintln!(
            "{SESSIONS} sessions signed in in {:.1} s; {:.0} KiB resident per idle session",
            signed_in_in.as_secs_f64(),
            per_session / 1024.0
        );

        let browsers = Arc::new(browsers);
        let uids = Arc::new(uids);
        let mut arrivals = Arrivals(0x5eed_1234_abcd_9876);
        let start = Instant::now();
        let mut next = start;
        let mut tasks = Vec::new();
        while next.duration_since(start) < PACED_FOR {
            tokio::time::sleep_until(next.into()).await;
            let browser = arrivals.below(SESSIONS);
            let open = arrivals.below(2) == 1;
            let uid = uids[arrivals.below(uids.len())];
            let browsers = browsers.clone();
            tasks.push(tokio::spawn(async move {
                let sent = Instant::now();
                let browser = &browsers[browser];
                let answer = if open {
                    browser
                        .try_get(&format!("/api/folders/{}/messages/{uid}", support::FOLDER))
                        .await
                } else {
                    browser.try_page_json(None).await
                };
                (open, sent.elapsed().as_secs_f64() * 1000.0, answer.err())
            }));
            next += arrivals.gap();
        }
        let mut latencies = Vec::new();
        let mut errors = 0;
        let mut opens = 0;
        for task in tasks {
            let (open, latency, error) = task.await.expect("a request task panicked");
            opens += usize::from(open);
            match error {
                None => latencies.push(latency),
                Some(error) => {
                    errors += 1;
                    eprintln!("request failed: {error}");
                }
            }
        }
        let wall = start.elapsed();
        latencies.sort_by(f64::total_cmp);
        futures::future::join_all(browsers.iter().map(HttpBrowser::sign_out)).await;
        drop(bridge);
        serde_json::json!({
            "sessions": SESSIONS,
            "rate": RATE,
            "seconds": wall.as_secs_f64(),
            "requests": latencies.len() + errors,
            "opens": opens,
            "errors": errors,
            "achieved_rps": (latencies.len() + errors) as f64 / wall.as_secs_f64(),
            "p50_ms": support::percentile(&latencies, 50.0),
            "p95_ms": support::percentile(&latencies, 95.0),
            "p99_ms": support::percentile(&latencies, 99.0),
            "max_ms": latencies.last().copied().unwrap_or(f64::NAN),
            "sign_in_s": signed_in_in.as_secs_f64(),
            "sign_in_errors": sign_in_errors,
            "resident_per_idle_session_bytes": per_session,
            "list_wire_bytes": wire,
        })
    });
    drop(runtime);
    // Stops Dovecot and Postfix and removes their folder.
    drop(server);
    println!("{}", serde_json::to_string_pretty(&result).expect("JSON"));
    if let Ok(path) = std::env::var("FACTEUR_BENCH_OUT") {
        let text = serde_json::to_string_pretty(&result).expect("JSON");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
}
