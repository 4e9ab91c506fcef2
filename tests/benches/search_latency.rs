//! Latency of a search over the 10,000-message folder: by sender (`de:alice`, one message
//! in seven) and by a body word (`corps:synthétique`, every message, so the whole folder
//! is sorted), through the bridge over real HTTP next to the same IMAP work done directly.
//!
//! `cargo bench -p facteur-tests --bench search_latency` (`scripts/bench search` runs it and
//! puts its section into BENCHMARKS.md). Starts its own Dovecot and bridge on loopback.
//!
//! For each query, requests alternate between the two sides (which goes first alternates
//! too), so a change in the machine's load touches both; the medians and the median of
//! the per-pair differences are reported. The sides:
//! - bridge: `GET /api/search?q=…&folder=INBOX&limit=50` with the session cookie;
//! - direct: on a logged-in IMAPS session, EXAMINE INBOX, `UID SORT (REVERSE DATE) UTF-8`
//!   with the same search keys, then `UID FETCH` of the first 50 with the list's items;
//! - and, for scale, the bare `UID SEARCH CHARSET UTF-8` (after EXAMINE) alone.
//!
//! The section is printed and, with `FACTEUR_BENCH_OUT` set, written there as Markdown.

mod support;

use facteur_backend::imap::ImapSession;
use facteur_backend::imap::messages::uid_set;
use facteur_backend::imap::search_command::{Part, Subset, criteria, run, sort_program};
use facteur_model::routes::path_segment;
use facteur_model::search::parse_query;
use facteur_model::search_results::SearchPage;
use facteur_model::sort::SortOrder;
use futures::TryStreamExt;
use std::fmt::Write;
use std::hint::black_box;
use std::time::Instant;
use support::{FOLDER, HttpBrowser, MESSAGES, PAGE, PAGE_ITEMS};

/// Request pairs per query.
const PAIRS: usize = 40;

/// The queries measured, with what they are.
const QUERIES: [(&str, &str); 2] = [("de:alice", "sender"), ("corps:synthétique", "body word")];

async fn timed<T>(work: impl Future<Output = T>) -> f64 {
    let start = Instant::now();
    black_box(work.await);
    start.elapsed().as_secs_f64() * 1000.0
}

/// The bridge's IMAP work for a first page of `text`, done directly. Returns the matches.
async fn sort_and_fetch_direct(session: &mut ImapSession, text: &str) -> usize {
    let query = parse_query(text).expect("a valid query");
    session.examine(FOLDER).await.expect("EXAMINE");
    let mut parts = vec![
        sort_program(SortOrder::default(), true),
        Part::Syntax("UTF-8".into()),
    ];
    parts.extend(criteria(&query, Subset::All));
    let uids = run(session, "UID SORT", &parts, true)
        .await
        .expect("UID SORT");
    let mut page = uids[..uids.len().min(PAGE as usize)].to_vec();
    page.sort_unstable();
    let fetched: Vec<_> = session
        .uid_fetch(uid_set(&page), PAGE_ITEMS)
        .await
        .expect("UID FETCH")
        .try_collect()
        .await
        .expect("UID FETCH responses");
    assert_eq!(fetched.len(), page.len());
    uids.len()
}

/// EXAMINE and the bare UID SEARCH.
async fn search_only_direct(session: &mut ImapSession, text: &str) -> usize {
    let query = parse_query(text).expect("a valid query");
    session.examine(FOLDER).await.expect("EXAMINE");
    let keys = criteria(&query, Subset::All);
    run(session, "UID SEARCH CHARSET UTF-8", &keys, true)
        .await
        .expect("UID SEARCH")
        .len()
}

fn url(text: &str) -> String {
    format!(
        "/api/search?q={}&folder={FOLDER}&limit={PAGE}",
        path_segment(text)
    )
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    support::percentile(samples, 50.0)
}

fn main() {
    let server = support::seeded_mail_server();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let (bridge, browser, mut session) = runtime.block_on(async {
        let bridge = support::running_bridge(&server).await;
        let browser = HttpBrowser::sign_in(&server, &bridge).await;
        let session = support::direct_imap(&server).await;
        (bridge, browser, session)
    });

    let mut rows = String::new();
    for (text, what) in QUERIES {
        let url = url(text);
        // Both sides find the same matches before anything is timed.
        let page: SearchPage = serde_json::from_slice(
            &runtime
                .block_on(browser.try_get(&url))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .expect("a SearchPage");
        let direct = runtime.block_on(sort_and_fetch_direct(&mut session, text));
        assert_eq!(page.total as usize, direct, "{text}");
        assert_eq!(page.hits.len(), direct.min(PAGE as usize));
        assert!(direct > 0 && direct <= MESSAGES as usize);

        let (mut bridge_ms, mut direct_ms, mut search_ms, mut overhead) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in 0..PAIRS {
            let (b, d) = runtime.block_on(async {
                if i % 2 == 0 {
                    let b = timed(browser.try_get(&url)).await;
                    (b, timed(sort_and_fetch_direct(&mut session, text)).await)
                } else {
                    let d = timed(sort_and_fetch_direct(&mut session, text)).await;
                    (timed(browser.try_get(&url)).await, d)
                }
            });
            search_ms.push(runtime.block_on(timed(search_only_direct(&mut session, text))));
            bridge_ms.push(b);
            direct_ms.push(d);
            overhead.push(b - d);
        }
        let (b, d, s, o) = (
            median(&mut bridge_ms),
            median(&mut direct_ms),
            median(&mut search_ms),
            median(&mut overhead),
        );
        println!(
            "{text}: {direct} matches; bridge {b:.1} ms, direct SORT+FETCH {d:.1} ms, \
             bare SEARCH {s:.1} ms, overhead {o:.1} ms"
        );
        let _ = writeln!(
            rows,
            "| {what} (`{text}`) | {direct} | {s:.1} ms | {d:.1} ms | {b:.1} ms | {o:.1} ms \
             ({:.1} to {:.1}) |",
            support::percentile(&overhead, 25.0),
            support::percentile(&overhead, 75.0),
        );
    }

    let section = format!(
        "## Search latency: by sender and by body word over 10,000 messages\n\n\
         One signed-in session; {PAIRS} request pairs per query, bridge and direct \
         alternating (who goes first alternates too); medians, and the median of the \
         per-pair differences with its quartiles. Direct: on a logged-in IMAPS session, \
         EXAMINE, `UID SORT (REVERSE DATE) UTF-8` with the same keys, `UID FETCH` of the \
         first {PAGE} with the list's items: the IMAP work the bridge does. The bridge adds a \
         CAPABILITY, HTTP, the cookie, parsing the {PAGE} summaries and JSON. Dovecot here \
         has no full-text index: every BODY search reads the whole folder.\n\n\
         | search | matches | bare `UID SEARCH` | direct: EXAMINE + SORT + FETCH | bridge \
         (HTTP) | bridge − direct (quartiles) |\n|---|---:|---:|---:|---:|---:|\n{rows}\n\
         Reproduce: `cargo bench -p facteur-tests --bench search_latency` (or \
         `scripts/bench search`, which rewrites this section).\n"
    );
    print!("{section}");
    if let Ok(path) = std::env::var("FACTEUR_BENCH_OUT") {
        std::fs::write(&path, &section).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }

    runtime.block_on(async {
        browser.sign_out().await;
        let _ = session.logout().await;
    });
    drop(bridge);
    drop(runtime);
    drop(server);
}
