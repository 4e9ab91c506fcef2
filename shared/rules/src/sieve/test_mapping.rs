//! Turning Sieve tests into conditions: the exporter's forms and the usual hand-written ones.

use super::parser::{Argument, Test};
use crate::condition::{Condition, Field, Operator, SizeUnit, Value};
use crate::rule::MatchKind;
use crate::text::{fold, unescape_literal};
use facteur_model::calendar::LocalDate;
use std::collections::BTreeSet;

/// What an `if` test becomes.
pub(crate) enum TestMapping {
    /// The match kind, the conditions, and (line, reason) for any-of members left out.
    Rule(MatchKind, Vec<Condition>, Vec<(usize, String)>),
    /// `false`: the rule can never run.
    Never,
    /// (line, reason) the test cannot be a rule.
    Unsupported(usize, String),
}

type Mapped = Result<Vec<Condition>, (usize, String)>;

/// Maps the test of an `if` to a match kind and conditions.
pub(crate) fn map_rule_test(test: &Test, identities: &[String]) -> TestMapping {
    match test.name.as_str() {
        "true" => return TestMapping::Rule(MatchKind::AllMessages, Vec::new(), Vec::new()),
        "false" => return TestMapping::Never,
        _ => {}
    }
    let whole = map_condition(test, identities);
    match (whole, test.name.as_str()) {
        (Ok(conditions), _) if conditions.len() == 1 => {
            TestMapping::Rule(MatchKind::All, conditions, Vec::new())
        }
        (Ok(conditions), _) => TestMapping::Rule(MatchKind::Any, conditions, Vec::new()),
        (Err(_), "allof") => {
            let mut conditions = Vec::new();
            for member in &test.tests {
                match map_condition(member, identities) {
                    Ok(mapped) if mapped.len() == 1 => conditions.extend(mapped),
                    Ok(_) => {
                        return TestMapping::Unsupported(
                            member.line,
                            "several values in one test inside allof".to_owned(),
                        );
                    }
                    Err((line, reason)) => return TestMapping::Unsupported(line, reason),
                }
            }
            TestMapping::Rule(MatchKind::All, conditions, Vec::new())
        }
        (Err(_), "anyof") => {
            let mut conditions = Vec::new();
            let mut dropped = Vec::new();
            for member in &test.tests {
                match map_condition(member, identities) {
                    Ok(mapped) => conditions.extend(mapped),
                    Err(problem) => dropped.push(problem),
                }
            }
            match dropped.first() {
                Some((line, reason)) if conditions.is_empty() => {
                    TestMapping::Unsupported(*line, reason.clone())
                }
                _ => TestMapping::Rule(MatchKind::Any, conditions, dropped),
            }
        }
        (Err((line, reason)), _) => TestMapping::Unsupported(line, reason),
    }
}

/// Tagged arguments, their values, and positional string lists of one test.
#[derive(Default)]
struct Arguments {
    tags: Vec<String>,
    /// Tags followed by a value: `:comparator`, `:zone`, `:value`, `:count`.
    values: Vec<(String, String)>,
    strings: Vec<Vec<String>>,
    numbers: Vec<u64>,
}

impl Arguments {
    fn read(arguments: &[Argument]) -> Arguments {
        let mut read = Arguments::default();
        let mut iter = arguments.iter().peekable();
        while let Some(argument) = iter.next() {
            match argument {
                Argument::Tag(tag)
                    if matches!(tag.as_str(), "comparator" | "zone" | "value" | "count") =>
                {
                    let value = match iter.peek() {
                        Some(Argument::Strings(list)) if list.len() == 1 => {
                            let value = list[0].clone();
                            iter.next();
                            value
                        }
                        _ => String::new(),
                    };
                    read.values.push((tag.clone(), value));
                }
                Argument::Tag(tag) => read.tags.push(tag.clone()),
                Argument::Strings(list) => read.strings.push(list.clone()),
                Argument::Number(n) => read.numbers.push(*n),
            }
        }
        read
    }

    fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    fn value(&self, tag: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, v)| v.as_str())
    }
}

fn unsupported(test: &Test, reason: impl Into<String>) -> (usize, String) {
    (test.line, reason.into())
}

/// Maps one test to one condition per key (several keys mean any of them).
fn map_condition(test: &Test, identities: &[String]) -> Mapped {
    let args = Arguments::read(&test.arguments);
    match test.name.as_str() {
        "not" => {
            let inner = test
                .tests
                .first()
                .ok_or_else(|| unsupported(test, "not without a test"))?;
            match &map_condition(inner, identities)?[..] {
                [one] => negate(one)
                    .map(|c| vec![c])
                    .ok_or_else(|| unsupported(test, "this test cannot be negated as a condition")),
                _ => Err(unsupported(test, "not over several values")),
            }
        }
        "anyof" if !test.tests.is_empty() && test.tests.iter().all(|t| t.name == "exists") => {
            let mut headers = BTreeSet::new();
            for member in &test.tests {
                for list in &Arguments::read(&member.arguments).strings {
                    headers.extend(list.iter().map(|h| h.to_ascii_lowercase()));
                }
            }
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            match headers[..] {
                ["cc", "to"] => Ok(vec![Condition::bare(Field::ToOrCc, Operator::Exists)]),
                ["bcc", "cc", "to"] => {
                    Ok(vec![Condition::bare(Field::AnyRecipient, Operator::Exists)])
                }
                _ => Err(unsupported(test, "exists on several headers")),
            }
        }
        "exists" => match &args.strings[..] {
            [names] if names.len() == 1 => {
                let field = field_for_headers(names).map_err(|r| unsupported(test, r))?;
                Ok(vec![Condition::bare(field, Operator::Exists)])
            }
            _ => Err(unsupported(
                test,
                "exists on several headers (all must exist)",
            )),
        },
        "header" | "address" => header_or_address(test, &args, identities),
        "body" => {
            if args.has("raw") || args.has("content") {
                return Err(unsupported(test, "only body :text can be imported"));
            }
            let [keys] = &args.strings[..] else {
                return Err(unsupported(test, "body test without keys"));
            };
            keyed(test, &args, Field::Body, keys)
        }
        "size" => {
            let [bytes] = args.numbers[..] else {
                return Err(unsupported(test, "size without a number"));
            };
            let operator = match (args.has("over"), args.has("under")) {
                (true, false) => Operator::GreaterThan,
                (false, true) => Operator::LessThan,
                _ => return Err(unsupported(test, "size needs :over or :under")),
            };
            let (amount, unit) = match bytes {
                b if b > 0 && b % SizeUnit::Megabytes.bytes() == 0 => {
                    (b >> 20, SizeUnit::Megabytes)
                }
                b if b > 0 && b % SizeUnit::Kilobytes.bytes() == 0 => {
                    (b >> 10, SizeUnit::Kilobytes)
                }
                b => (b, SizeUnit::Bytes),
            };
            Ok(vec![Condition {
                field: Field::Size,
                operator,
                value: Value::Size { amount, unit },
            }])
        }
        "date" => date(test, &args),
        "true" | "false" => Err(unsupported(test, "constant tests are only supported alone")),
        other => Err(unsupported(
            test,
            format!("test {other:?} is not supported"),
        )),
    }
}

fn header_or_address(test: &Test, args: &Arguments, identities: &[String]) -> Mapped {
    let [headers, keys] = &args.strings[..] else {
        return Err(unsupported(test, "expected header names and keys"));
    };
    let field = field_for_headers(headers).map_err(|r| unsupported(test, r))?;
    if test.name == "header" {
        return keyed(test, args, field, keys);
    }
    let is = args.has("is") || !(args.has("contains") || args.has("matches") || args.has("regex"));
    let identity_set: BTreeSet<String> = identities.iter().map(|i| fold(i.trim())).collect();
    let key_set: BTreeSet<String> = keys.iter().map(|k| fold(k.trim())).collect();
    if is
        && !args.has("domain")
        && !args.has("localpart")
        && !identity_set.is_empty()
        && key_set == identity_set
    {
        match field {
            Field::From => return Ok(vec![Condition::bare(Field::FromMe, Operator::Is)]),
            Field::AnyRecipient => return Ok(vec![Condition::bare(Field::ToMe, Operator::Is)]),
            _ => {}
        }
    }
    if !matches!(
        field,
        Field::From | Field::To | Field::Cc | Field::ReplyTo | Field::ToOrCc | Field::AnyRecipient
    ) {
        return Err(unsupported(
            test,
            "address test on a header that holds no addresses",
        ));
    }
    let part = (args.has("domain"), args.has("localpart"));
    match part {
        (false, false) => keyed(test, args, field, keys),
        _ if !is => Err(unsupported(
            test,
            ":domain and :localpart are supported with :is only",
        )),
        (true, _) => comparator_ok(test, args).map(|_| {
            keys.iter()
                .map(|d| Condition::text(field.clone(), Operator::EndsWith, format!("@{d}")))
                .collect()
        }),
        (_, true) => comparator_ok(test, args).map(|_| {
            keys.iter()
                .map(|l| Condition::text(field.clone(), Operator::BeginsWith, format!("{l}@")))
                .collect()
        }),
    }
}

/// Only caseless comparators fit conditions, which are always case-insensitive.
fn comparator_ok(test: &Test, args: &Arguments) -> Result<(), (usize, String)> {
    match args.value("comparator") {
        None | Some("i;ascii-casemap") | Some("i;unicode-casemap") => Ok(()),
        Some(other) => Err(unsupported(
            test,
            format!("comparator {other:?} is not supported"),
        )),
    }
}

/// One condition per key with the test's match type.
fn keyed(test: &Test, args: &Arguments, field: Field, keys: &[String]) -> Mapped {
    comparator_ok(test, args)?;
    if args.value("value").is_some() || args.value("count").is_some() {
        return Err(unsupported(
            test,
            ":value and :count are only supported on dates",
        ));
    }
    keys.iter()
        .map(|key| {
            let (operator, value) = if args.has("contains") {
                (Operator::Contains, key.clone())
            } else if args.has("matches") {
                classify_pattern(key)
            } else if args.has("regex") {
                (Operator::Regex, key.clone())
            } else {
                (Operator::Is, key.clone())
            };
            Ok(Condition::text(field.clone(), operator, value))
        })
        .collect()
}

/// `lit*` is "begins with", `*lit` "ends with"; anything else stays a wildcard pattern.
fn classify_pattern(pattern: &str) -> (Operator, String) {
    if let Some(prefix) = pattern.strip_suffix('*')
        && let Some(literal) = unescape_literal(prefix)
        && !literal.is_empty()
    {
        return (Operator::BeginsWith, literal);
    }
    if let Some(suffix) = pattern.strip_prefix('*')
        && let Some(literal) = unescape_literal(suffix)
        && !literal.is_empty()
    {
        return (Operator::EndsWith, literal);
    }
    (Operator::Matches, pattern.to_owned())
}

fn date(test: &Test, args: &Arguments) -> Mapped {
    let [header, part, keys] = &args.strings[..] else {
        return Err(unsupported(
            test,
            "date test needs a header, a part and a key",
        ));
    };
    let is = |list: &[String], text: &str| list.len() == 1 && list[0].eq_ignore_ascii_case(text);
    if !is(header, "date") || !is(part, "date") || keys.len() != 1 {
        return Err(unsupported(
            test,
            "only the Date header's \"date\" part is supported",
        ));
    }
    let day = parse_day(&keys[0]).ok_or_else(|| unsupported(test, "expected a YYYY-MM-DD date"))?;
    if args.value("count").is_some() {
        return Err(unsupported(test, ":count is not supported on dates"));
    }
    let operator = match args.value("value") {
        Some("lt") => Operator::Before,
        Some("gt") => Operator::After,
        None => Operator::Is,
        Some(_) => {
            return Err(unsupported(
                test,
                "only :value \"lt\" and \"gt\" are supported",
            ));
        }
    };
    Ok(vec![Condition {
        field: Field::Date,
        operator,
        value: Value::Date(day),
    }])
}

fn parse_day(text: &str) -> Option<LocalDate> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(LocalDate { year, month, day })
}

/// The field a list of header names designates.
fn field_for_headers(headers: &[String]) -> Result<Field, &'static str> {
    let lower: BTreeSet<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    Ok(match lower[..] {
        ["from"] => Field::From,
        ["to"] => Field::To,
        ["cc"] => Field::Cc,
        ["reply-to"] => Field::ReplyTo,
        ["cc", "to"] => Field::ToOrCc,
        ["bcc", "cc", "to"] => Field::AnyRecipient,
        ["subject"] => Field::Subject,
        ["list-id"] => Field::MailingList,
        [_] => Field::Header(headers[0].clone()),
        _ => return Err("tests on several headers are only supported for recipients"),
    })
}

/// The opposite condition, when there is an operator for it.
fn negate(condition: &Condition) -> Option<Condition> {
    use Operator::*;
    let operator = match (&condition.field, condition.operator) {
        (_, Contains) => DoesNotContain,
        (_, DoesNotContain) => Contains,
        (_, Is) => IsNot,
        (_, IsNot) => Is,
        (_, Exists) => IsEmpty,
        (_, IsEmpty) => Exists,
        _ => return None,
    };
    Some(Condition {
        operator,
        ..condition.clone()
    })
}
