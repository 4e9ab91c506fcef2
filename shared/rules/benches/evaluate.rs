//! 20 rules × 100,000 synthetic messages, beside a trivial baseline loop over the same
//! messages, so the figure can be read against the machine's speed.
//!
//! Reports throughput in rule×message evaluations: `cargo bench -p facteur-rules`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use facteur_rules::bench_support::bench_corpus;
use facteur_rules::{CompiledRuleSet, plan};
use std::hint::black_box;
use std::time::Duration;

const MESSAGES: usize = 100_000;

fn evaluate(c: &mut Criterion) {
    let (set, messages, context) = bench_corpus(MESSAGES);
    let rules = CompiledRuleSet::new(&set).expect("valid bench rules");
    let evaluations = (set.rules.len() * messages.len()) as u64;
    let mut group = c.benchmark_group("rules_20x100k");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(evaluations));
    group.bench_function("baseline_subject_contains", |b| {
        b.iter(|| {
            black_box(&messages)
                .iter()
                .filter(|m| m.subject.contains("Facture"))
                .count()
        })
    });
    group.bench_function("evaluate", |b| {
        b.iter(|| {
            black_box(&messages)
                .iter()
                .filter(|m| !rules.evaluate(m, &context).changes_nothing())
                .count()
        })
    });
    group.bench_function("plan", |b| {
        b.iter(|| plan(&rules, black_box(&messages), &context))
    });
    group.finish();
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
