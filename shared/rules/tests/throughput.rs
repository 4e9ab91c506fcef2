//! Rules engine throughput: 20 rules × 100,000 synthetic messages (the corpus of
//! `facteur_rules::bench_support`, the same as `benches/evaluate.rs`), next to a trivial baseline
//! loop over the same messages, natively and as WebAssembly in headless Chromium. The one
//! source measures both, so the two figures compare the same work.
//!
//! Ignored in the normal test runs; `scripts/bench rules` runs both sides, or by hand:
//!
//! ```sh
//! cargo test --release -p facteur-rules --test throughput -- --include-ignored --nocapture
//! # In the browser, with the profile the bundle ships with (opt-level z, LTO);
//! # `--release` instead of `--profile wasm-release` for opt-level 3.
//! CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
//!   cargo test --profile wasm-release -p facteur-rules --test throughput \
//!   --target wasm32-unknown-unknown -- --include-ignored --nocapture
//! ```
//!
//! (`--include-ignored`, not `--ignored`: wasm-bindgen-test-runner 0.2.130 selects the
//! ignored tests with `--ignored` but still skips them.)
//!
//! Each side prints one line, `RULES_BENCH platform=native|browser key=value ...`; times are
//! medians of the repetitions, in milliseconds. Nothing is asserted about time.

use facteur_rules::bench_support::bench_corpus;
use facteur_rules::{CompiledRuleSet, Context, MessageFacts};
use std::hint::black_box;

const MESSAGES: usize = 100_000;
/// Timed repetitions, after one untimed warm-up pass (which also lets the browser's wasm
/// engine tier up to its optimizing compiler).
const REPETITIONS: usize = 10;

struct Corpus {
    rules: CompiledRuleSet,
    rule_count: usize,
    messages: Vec<MessageFacts>,
    context: Context,
}

impl Corpus {
    fn new() -> Corpus {
        let (set, messages, context) = bench_corpus(MESSAGES);
        let rules = CompiledRuleSet::new(&set).expect("valid bench rules");
        Corpus {
            rule_count: set.rules.len(),
            rules,
            messages,
            context,
        }
    }

    fn evaluations(&self) -> usize {
        self.rule_count * self.messages.len()
    }

    /// The baseline: one substring test per message, as in `benches/evaluate.rs`.
    fn baseline(&self) -> usize {
        black_box(&self.messages)
            .iter()
            .filter(|m| m.subject.contains("Facture"))
            .count()
    }

    /// All the rules on every message: the messages some rule would change.
    fn evaluate(&self) -> usize {
        black_box(&self.messages)
            .iter()
            .filter(|m| !self.rules.evaluate(m, &self.context).changes_nothing())
            .count()
    }
}

/// Times of one repetition, in milliseconds.
struct Sample {
    baseline_ms: f64,
    evaluate_ms: f64,
}

/// One repetition, timed with `now_ms` (a monotonic clock in milliseconds).
fn repetition(corpus: &Corpus, now_ms: &dyn Fn() -> f64) -> Sample {
    let start = now_ms();
    black_box(corpus.baseline());
    let middle = now_ms();
    black_box(corpus.evaluate());
    let end = now_ms();
    Sample {
        baseline_ms: middle - start,
        evaluate_ms: end - middle,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The result line both sides print.
fn report(platform: &str, corpus: &Corpus, setup_ms: f64, samples: &[Sample]) -> String {
    let baseline: Vec<f64> = samples.iter().map(|s| s.baseline_ms).collect();
    let evaluate: Vec<f64> = samples.iter().map(|s| s.evaluate_ms).collect();
    let evaluate_median = median(evaluate.clone());
    let evaluations = corpus.evaluations();
    format!(
        "RULES_BENCH platform={platform} optimized={optimized} reps={reps} rules={rules} \
         messages={messages} evaluations={evaluations} changed={changed} \
         baseline_matches={baseline_matches} setup_ms={setup_ms:.1} \
         baseline_ms={baseline_median:.3} baseline_min_ms={baseline_min:.3} \
         evaluate_ms={evaluate_median:.3} evaluate_min_ms={evaluate_min:.3} \
         evaluate_max_ms={evaluate_max:.3} evaluations_per_s={per_s:.0}",
        optimized = !cfg!(debug_assertions),
        reps = samples.len(),
        rules = corpus.rule_count,
        messages = corpus.messages.len(),
        changed = corpus.evaluate(),
        baseline_matches = corpus.baseline(),
        baseline_median = median(baseline.clone()),
        baseline_min = min(&baseline),
        evaluate_min = min(&evaluate),
        evaluate_max = max(&evaluate),
        per_s = evaluations as f64 / (evaluate_median / 1000.0),
    )
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "a benchmark: run it in release with --include-ignored --nocapture (scripts/bench rules)"]
fn rules_throughput_native() {
    use std::time::Instant;

    let origin = Instant::now();
    let now_ms = || origin.elapsed().as_secs_f64() * 1000.0;
    let corpus = Corpus::new();
    let setup_ms = now_ms();
    black_box(corpus.evaluate());
    let samples: Vec<Sample> = (0..REPETITIONS)
        .map(|_| repetition(&corpus, &now_ms))
        .collect();
    println!("{}", report("native", &corpus, setup_ms, &samples));
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Gives the page's event loop a turn, so the test runner can poll the page between
    /// repetitions instead of waiting on one long task.
    async fn yield_to_browser() {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            web_sys::window()
                .expect("a window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .expect("setTimeout");
        });
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .expect("setTimeout resolves");
    }

    #[wasm_bindgen_test]
    #[ignore = "a benchmark: run it in release with --include-ignored --nocapture (scripts/bench rules)"]
    async fn rules_throughput_browser() {
        let performance = web_sys::window()
            .expect("a window")
            .performance()
            .expect("window.performance");
        let now_ms = || performance.now();
        let origin = now_ms();
        let corpus = Corpus::new();
        let setup_ms = now_ms() - origin;
        black_box(corpus.evaluate());
        let mut samples = Vec::with_capacity(REPETITIONS);
        for _ in 0..REPETITIONS {
            yield_to_browser().await;
            samples.push(repetition(&corpus, &now_ms));
        }
        console_log!("{}", report("browser", &corpus, setup_ms, &samples));
    }
}
