//! Load on the bridge: K signed-in browsers listing the first page of a 10,000-message
//! INBOX as fast as they can, next to K direct IMAP sessions doing the same IMAP work.
//!
//! `cargo bench -p facteur-tests --bench bridge_load` (scripts/bench runs it and writes
//! BENCHMARKS.md). Loopback only; bounded in requests and in time at every level; starts
//! and stops its own Dovecot and bridge. With `FACTEUR_BENCH_OUT=FILE` the results are
//! also written to FILE as JSON.
//!
//! The load generator, the bridge and Dovecot share the machine's cores, so these figures
//! are for comparing the two columns of one run, not a capacity plan.

mod support;

use facteur_backend::imap::ImapSession;
use futures::future::{BoxFuture, join_all};
use std::time::{Duration, Instant};
use support::HttpBrowser;

/// Concurrent sessions at each level.
const LEVELS: [usize; 3] = [1, 4, 16];
/// Requests at each level and mode, shared out between the sessions.
const REQUESTS_PER_LEVEL: usize = 320;
/// Hard cap on one level of one mode; sessions stop issuing requests after it.
const LEVEL_TIME_CAP: Duration = Duration::from_secs(15);

/// What one mode at one level measured.
struct Outcome {
    mode: &'static str,
    sessions: usize,
    /// Latencies of the successful requests, in milliseconds, sorted.
    latencies_ms: Vec<f64>,
    errors: usize,
    wall: Duration,
    capped: bool,
    /// CPU time of this whole process (load generator, and the bridge in bridge mode)
    /// while the level ran.
    cpu: Duration,
}

impl Outcome {
    fn new(
        mode: &'static str,
        sessions: usize,
        runs: Vec<(Vec<f64>, usize)>,
        wall: Duration,
        cpu: Duration,
    ) -> Self {
        let errors = runs.iter().map(|(_, errors)| errors).sum();
        let mut latencies_ms: Vec<f64> = runs.into_iter().flat_map(|(l, _)| l).collect();
        latencies_ms.sort_by(f64::total_cmp);
        let capped = latencies_ms.len() + errors < per_session(sessions) * sessions;
        Outcome {
            mode,
            sessions,
            latencies_ms,
            errors,
            wall,
            capped,
            cpu,
        }
    }

    /// Milliseconds of this process's CPU per successful request.
    fn cpu_ms_per_request(&self) -> f64 {
        self.cpu.as_secs_f64() * 1000.0 / self.latencies_ms.len().max(1) as f64
    }

    fn requests_per_second(&self) -> f64 {
        self.latencies_ms.len() as f64 / self.wall.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> f64 {
        support::percentile(&self.latencies_ms, p)
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "mode": self.mode,
            "sessions": self.sessions,
            "requests": self.latencies_ms.len(),
            "errors": self.errors,
            "wall_s": self.wall.as_secs_f64(),
            "capped": self.capped,
            "rps": self.requests_per_second(),
            "p50_ms": self.percentile(50.0),
            "p95_ms": self.percentile(95.0),
            "p99_ms": self.percentile(99.0),
            "max_ms": self.latencies_ms.last().copied().unwrap_or(f64::NAN),
            "cpu_ms_per_request": self.cpu_ms_per_request(),
        })
    }
}

fn per_session(sessions: usize) -> usize {
    (REQUESTS_PER_LEVEL / sessions).max(1)
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (zero where
/// there is no procfs). Under load it tells what the bridge costs besides waiting for
/// Dovecot: the same request count with and without it in the process.
fn process_cpu() -> Duration {
    let ticks_per_second = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse::<u64>().ok())
        .unwrap_or(100);
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces:
    // utime and stime are the 12th and 13th of them.
    let after_name = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|field| field.parse::<u64>().ok())
        .sum();
    Duration::from_secs_f64(ticks as f64 / ticks_per_second as f64)
}

/// Runs `request` `per_session(sessions)` times on each session concurrently, until done
/// or until the time cap; returns each session's latencies and error count, the wall
/// time and this process's CPU time.
async fn drive<S, F>(sessions: Vec<S>, request: F) -> (Vec<(Vec<f64>, usize)>, Duration, Duration)
where
    S: Send + 'static,
    F: for<'s> Fn(&'s mut S) -> BoxFuture<'s, Result<(), String>> + Copy + Send + 'static,
{
    let count = per_session(sessions.len());
    let cpu_before = process_cpu();
    let start = Instant::now();
    let deadline = start + LEVEL_TIME_CAP;
    let tasks = sessions.into_iter().map(|mut session| {
        tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(count);
            let mut errors = 0;
            for _ in 0..count {
                if Instant::now() >= deadline {
                    break;
                }
                let sent = Instant::now();
                match request(&mut session).await {
                    Ok(()) => latencies.push(sent.elapsed().as_secs_f64() * 1000.0),
                    Err(error) => {
                        errors += 1;
                        eprintln!("request failed: {error}");
                    }
                }
            }
            (latencies, errors)
        })
    });
    let runs = join_all(tasks)
        .await
        .into_iter()
        .map(|run| run.expect("a load task panicked"))
        .collect();
    let wall = start.elapsed();
    (runs, wall, process_cpu().saturating_sub(cpu_before))
}

/// One measured bridge request: the first page over HTTP.
fn bridge_first_page(browser: &mut HttpBrowser) -> BoxFuture<'_, Result<(), String>> {
    Box::pin(async move { browser.try_page_json(None).await.map(drop) })
}

/// One measured baseline request: the raw FETCH of the page on a warm direct session.
fn direct_first_page(session: &mut ImapSession) -> BoxFuture<'_, Result<(), String>> {
    Box::pin(async move {
        support::newest_page_direct(session).await;
        Ok(())
    })
}

fn main() {
    let server = support::seeded_mail_server();
    let runtime = support::runtime();
    let outcomes = runtime.block_on(async {
        let bridge = support::running_bridge(&server).await;
        let mut outcomes = Vec::new();
        for sessions in LEVELS {
            let mut browsers = Vec::with_capacity(sessions);
            for _ in 0..sessions {
                let browser = HttpBrowser::sign_in(&server, &bridge).await;
                // Warm: the first page after sign-in, untimed, on every session.
                browser.page_json(None).await;
                browsers.push(browser);
            }
            let (runs, wall, cpu) = drive(browsers.clone(), bridge_first_page).await;
            outcomes.push(Outcome::new("bridge_http", sessions, runs, wall, cpu));
            join_all(browsers.iter().map(HttpBrowser::sign_out)).await;

            let mut direct: Vec<ImapSession> = Vec::with_capacity(sessions);
            for _ in 0..sessions {
                let mut session = support::direct_imap(&server).await;
                support::examine_folder(&mut session).await;
                support::newest_page_direct(&mut session).await;
                direct.push(session);
            }
            let (runs, wall, cpu) = drive(direct, direct_first_page).await;
            outcomes.push(Outcome::new("imap_direct", sessions, runs, wall, cpu));
            for outcome in &outcomes[outcomes.len() - 2..] {
                report(outcome);
            }
        }
        drop(bridge);
        outcomes
    });
    drop(runtime);
    // Stops Dovecot and Postfix and removes their folder.
    drop(server);

    if let Ok(path) = std::env::var("FACTEUR_BENCH_OUT") {
        let json: Vec<serde_json::Value> = outcomes.iter().map(Outcome::json).collect();
        let text = serde_json::to_string_pretty(&json).expect("JSON");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        eprintln!("results written to {path}");
    }
}

fn report(outcome: &Outcome) {
    println!(
        "{:>12} × {:>2}: {:>4} requests in {:>5.2} s{} = {:>7.1} req/s, \
         p50 {:>6.2} ms, p95 {:>6.2} ms, p99 {:>6.2} ms, {} errors, CPU {:.2} ms/request",
        outcome.mode,
        outcome.sessions,
        outcome.latencies_ms.len(),
        outcome.wall.as_secs_f64(),
        if outcome.capped { " (time cap)" } else { "" },
        outcome.requests_per_second(),
        outcome.percentile(50.0),
        outcome.percentile(95.0),
        outcome.percentile(99.0),
        outcome.errors,
        outcome.cpu_ms_per_request(),
    );
}
