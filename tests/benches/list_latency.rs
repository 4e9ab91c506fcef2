//! Latency of the message list: the 50 newest of 10,000 messages through the bridge over
//! real HTTP, next to the same IMAP work done directly, in one criterion group.
//!
//! `cargo bench -p facteur-tests --bench list_latency` (scripts/bench runs it and writes
//! BENCHMARKS.md). Starts its own Dovecot and bridge on loopback and stops them at the end.
//!
//! Compared pairs (the direct side on an already logged-in IMAPS session with INBOX open,
//! the raw warm FETCH the target of issue 11 is measured against, with the bridge's FETCH
//! items):
//! - `imap_direct` / `bridge_http`: the first page. Directly, FETCH of the newest 50
//!   sequence numbers; through the bridge, `GET /api/folders/INBOX/messages?limit=50`
//!   with the session cookie.
//! - `imap_direct_second_page` / `bridge_http_second_page`: the next page, `before=` the
//!   first page's `next_before`: directly, UID FETCH of the 50 UIDs below it.
//!
//! Criterion measures one function after another, so a change in the machine's other load
//! shifts one side of a pair and not the other. A paired run follows: requests alternate
//! between the two sides, and the median of the per-pair differences is the overhead
//! (printed, and written as JSON to `FACTEUR_BENCH_OUT` when set).
//!
//! - `imap_fetch_message` / `bridge_open_message`: opening a message, another one each
//!   time: directly UID FETCH BODY.PEEK[]; through the bridge the reader's two requests,
//!   the detail and the body document.
//!
//! And two that show where the time goes:
//! - `imap_examine_fetch`: EXAMINE then the FETCH, what every page cost before the
//!   bridge kept the folder open.
//! - `imap_direct_parsed`: the bridge's own page function (`facteur_backend::imap::messages::page`)
//!   on a direct session: NOOP, the FETCH, and decoding the summaries, without HTTP.

mod support;

use criterion::{Criterion, SamplingMode};
use facteur_model::FolderPath;
use std::hint::black_box;
use std::time::{Duration, Instant};
use support::{HttpBrowser, MESSAGES, PAGE};
use tokio::runtime::Runtime;

/// Runs `work` `iters` times on `runtime` and returns how long that took.
fn time_on(runtime: &Runtime, iters: u64, mut work: impl AsyncFnMut()) -> Duration {
    runtime.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            work().await;
        }
        start.elapsed()
    })
}

/// Request pairs (bridge, direct) of each page in the paired run.
const PAIRS: usize = 200;

/// Milliseconds that `work` took.
async fn timed<T>(work: impl Future<Output = T>) -> f64 {
    let start = Instant::now();
    black_box(work.await);
    start.elapsed().as_secs_f64() * 1000.0
}

/// Runs `pairs` (bridge, direct) pairs, alternating which side goes first, and sums up
/// the latencies and their per-pair differences.
async fn paired_overhead(
    page: &str,
    pairs: usize,
    mut pair: impl AsyncFnMut(bool) -> (f64, f64),
) -> serde_json::Value {
    let mut bridge = Vec::with_capacity(pairs);
    let mut direct = Vec::with_capacity(pairs);
    let mut overhead = Vec::with_capacity(pairs);
    for i in 0..pairs {
        let (b, d) = pair(i % 2 == 0).await;
        bridge.push(b);
        direct.push(d);
        overhead.push(b - d);
    }
    for samples in [&mut bridge, &mut direct, &mut overhead] {
        samples.sort_by(f64::total_cmp);
    }
    let median = |s: &[f64]| support::percentile(s, 50.0);
    println!(
        "paired, {page} page, {pairs} pairs: direct median {:.2} ms, bridge median {:.2} ms, \
         overhead median {:.2} ms (quartiles {:.2} to {:.2} ms)",
        median(&direct),
        median(&bridge),
        median(&overhead),
        support::percentile(&overhead, 25.0),
        support::percentile(&overhead, 75.0),
    );
    serde_json::json!({
        "page": page,
        "pairs": pairs,
        "direct_median_ms": median(&direct),
        "bridge_median_ms": median(&bridge),
        "overhead_median_ms": median(&overhead),
        "overhead_q1_ms": support::percentile(&overhead, 25.0),
        "overhead_q3_ms": support::percentile(&overhead, 75.0),
    })
}

fn main() {
    let server = support::seeded_mail_server();
    let runtime = support::runtime();
    let (bridge, browser, mut session) = runtime.block_on(async {
        let bridge = support::running_bridge(&server).await;
        let browser = HttpBrowser::sign_in(&server, &bridge).await;
        let mut session = support::direct_imap(&server).await;
        support::examine_folder(&mut session).await;
        (bridge, browser, session)
    });

    // Both sides must do the work being compared before anything is timed.
    let first = runtime.block_on(browser.page(None));
    assert_eq!(first.total, MESSAGES, "the folder is not the seeded one");
    assert_eq!(first.messages.len(), PAGE as usize);
    let before = first.next_before.expect("a second page").0;
    let second = runtime.block_on(browser.page(Some(before)));
    assert_eq!(second.messages.len(), PAGE as usize);
    let page = PAGE as usize;
    assert_eq!(
        runtime.block_on(support::newest_page_direct(&mut session)),
        page
    );
    assert_eq!(
        runtime.block_on(support::older_page_direct(&mut session, before)),
        page
    );

    // Each iteration takes milliseconds: a few dozen per sample suffice, and flat sampling
    // keeps the whole run near 6 × (warm-up + measurement).
    let mut criterion = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(7))
        .configure_from_args();
    let mut group = criterion.benchmark_group("list 50 newest of 10,000");
    group.sampling_mode(SamplingMode::Flat);

    group.bench_function("imap_direct", |b| {
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                black_box(support::newest_page_direct(&mut session).await);
            })
        })
    });
    group.bench_function("bridge_http", |b| {
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                black_box(browser.page_json(None).await);
            })
        })
    });
    group.bench_function("imap_direct_second_page", |b| {
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                black_box(support::older_page_direct(&mut session, before).await);
            })
        })
    });
    group.bench_function("bridge_http_second_page", |b| {
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                black_box(browser.page_json(Some(before)).await);
            })
        })
    });
    group.bench_function("imap_examine_fetch", |b| {
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                black_box(support::examine_then_newest_page(&mut session).await);
            })
        })
    });
    // Opening a message, a different one each time (a first open, never the bridge's
    // message cache answering for the FETCH): directly the raw UID FETCH of the whole
    // message; through the bridge what the reader asks for, the detail (headers,
    // attachment list) then the sanitized body document.
    let mut direct_uid = MESSAGES;
    group.bench_function("imap_fetch_message", |b| {
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                direct_uid = if direct_uid <= 1 {
                    MESSAGES
                } else {
                    direct_uid - 1
                };
                black_box(support::whole_message_direct(&mut session, direct_uid).await);
            })
        })
    });
    let mut bridge_uid = MESSAGES;
    group.bench_function("bridge_open_message", |b| {
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                bridge_uid = if bridge_uid <= 1 {
                    MESSAGES
                } else {
                    bridge_uid - 1
                };
                black_box(browser.open_message(bridge_uid).await);
            })
        })
    });
    group.bench_function("imap_direct_parsed", |b| {
        let inbox = FolderPath::inbox();
        b.iter_custom(|iters| {
            time_on(&runtime, iters, async || {
                let page = facteur_backend::imap::messages::page(&mut session, &inbox, None, PAGE);
                black_box(page.await.expect("page"));
            })
        })
    });
    group.finish();

    let paired = [
        runtime.block_on(paired_overhead("first", PAIRS, async |bridge_first| {
            if bridge_first {
                (
                    timed(browser.page_json(None)).await,
                    timed(support::newest_page_direct(&mut session)).await,
                )
            } else {
                let direct = timed(support::newest_page_direct(&mut session)).await;
                (timed(browser.page_json(None)).await, direct)
            }
        })),
        runtime.block_on(paired_overhead("second", PAIRS, async |bridge_first| {
            if bridge_first {
                (
                    timed(browser.page_json(Some(before))).await,
                    timed(support::older_page_direct(&mut session, before)).await,
                )
            } else {
                let direct = timed(support::older_page_direct(&mut session, before)).await;
                (timed(browser.page_json(Some(before))).await, direct)
            }
        })),
    ];
    if let Ok(path) = std::env::var("FACTEUR_BENCH_OUT") {
        let text = serde_json::to_string_pretty(&paired).expect("JSON");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }

    runtime.block_on(async {
        let _ = session.logout().await;
    });
    drop(browser);
    drop(bridge);
    drop(runtime);
    // Last: stops Dovecot and Postfix and removes their folder.
    drop(server);
    criterion.final_summary();
}
