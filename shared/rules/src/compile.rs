//! Turning a rule set into a form that evaluates fast over many messages: values folded
//! once, wildcard patterns and regular expressions compiled once.

use crate::condition::{Condition, Field, Operator, Status, Value};
use crate::regex::Regex;
use crate::rule::{Rule, RuleSet};
use crate::text::{Wildcard, fold};
use crate::validate::{RuleError, check_set};
use facteur_model::calendar::LocalDate;

/// The longest regular expression accepted, in characters.
pub const MAX_REGEX_CHARS: usize = 1000;
/// The largest compiled program a regular expression may produce, in bytes.
///
/// Rules may come from an imported script or another device: a pattern like
/// `\w{1000}{1000}` must be refused, not allowed to eat the browser's memory.
pub const MAX_REGEX_BYTES: usize = 512 * 1024;

/// Why a regular expression was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegexProblem {
    Invalid(String),
    TooLarge,
}

/// Compiles `pattern` the way conditions use it: case-insensitive (Unicode), size-limited.
pub fn build_regex(pattern: &str) -> Result<Regex, RegexProblem> {
    if pattern.chars().count() > MAX_REGEX_CHARS {
        return Err(RegexProblem::TooLarge);
    }
    Regex::new(pattern, MAX_REGEX_BYTES, 64)
}

/// How a text value is compared, once compiled.
#[derive(Debug, Clone)]
pub(crate) enum TextTest {
    /// The needle is folded already.
    Contains(String),
    Is(String),
    BeginsWith(String),
    EndsWith(String),
    Wildcard(Wildcard),
    Regex(Regex),
    /// Present and not blank.
    Exists,
}

/// What a compiled condition checks.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    /// A text test on the field's strings; true when any string passes.
    Text(TextTest),
    DayBefore(LocalDate),
    DayAfter(LocalDate),
    DayIs(LocalDate),
    AgeOver(u64),
    AgeUnder(u64),
    AgeIs(u64),
    SizeOver(u64),
    SizeUnder(u64),
    /// Yes/no fields (has attachment, from me, to me).
    Holds,
    Status(Status),
    Keyword(String),
    AnyKeyword,
    /// For combinations validation refuses; kept so compiling never panics.
    Never,
}

/// A condition ready to run: the test, and whether its result is negated.
#[derive(Debug, Clone)]
pub(crate) struct CompiledCondition {
    pub field: Field,
    pub test: Test,
    pub negated: bool,
}

/// A rule with its conditions compiled.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    pub rule: Rule,
    pub conditions: Vec<CompiledCondition>,
}

/// A validated rule set, compiled for evaluating many messages (see [`CompiledRuleSet::evaluate`]).
#[derive(Debug, Clone)]
pub struct CompiledRuleSet {
    pub(crate) rules: Vec<CompiledRule>,
    needs_body: bool,
    needs_headers: bool,
}

impl CompiledRuleSet {
    /// Validates (all but folder existence, see [`crate::validate()`]) and compiles `set`.
    pub fn new(set: &RuleSet) -> Result<CompiledRuleSet, Vec<RuleError>> {
        let errors = check_set(set, None);
        if !errors.is_empty() {
            return Err(errors);
        }
        let rules = set
            .rules
            .iter()
            .filter(|rule| rule.enabled)
            .map(|rule| CompiledRule {
                rule: rule.clone(),
                conditions: rule.conditions.iter().map(compile_condition).collect(),
            })
            .collect();
        Ok(CompiledRuleSet {
            rules,
            needs_body: set.needs_body(),
            needs_headers: set.needs_headers(),
        })
    }

    /// Whether some enabled rule tests the body, so the caller should fetch body text.
    pub fn needs_body(&self) -> bool {
        self.needs_body
    }

    /// Whether some enabled rule tests a header a list summary does not carry, so the
    /// caller should fetch the header fields.
    pub fn needs_headers(&self) -> bool {
        self.needs_headers
    }

    /// How many enabled rules will run.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether no enabled rule will run.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Compiles a condition already validated (so the value fits the field and operator).
fn compile_condition(condition: &Condition) -> CompiledCondition {
    use Operator::*;
    let negated = condition.operator.is_negative();
    let text = || match &condition.value {
        Value::Text(text) => text.as_str(),
        _ => "",
    };
    let test = match (&condition.field, condition.operator, &condition.value) {
        (Field::Date, Before, Value::Date(day)) => Test::DayBefore(*day),
        (Field::Date, After, Value::Date(day)) => Test::DayAfter(*day),
        (Field::Date, _, Value::Date(day)) => Test::DayIs(*day),
        (Field::AgeInDays, GreaterThan, Value::Number(days)) => Test::AgeOver(*days),
        (Field::AgeInDays, LessThan, Value::Number(days)) => Test::AgeUnder(*days),
        (Field::AgeInDays, _, Value::Number(days)) => Test::AgeIs(*days),
        (Field::Size, operator, Value::Size { amount, unit }) => {
            let bytes = Value::size_in_bytes(*amount, *unit);
            if operator == GreaterThan {
                Test::SizeOver(bytes)
            } else {
                Test::SizeUnder(bytes)
            }
        }
        (Field::HasAttachment | Field::FromMe | Field::ToMe, _, _) => Test::Holds,
        (Field::Status, _, Value::Status(status)) => Test::Status(*status),
        (Field::Keyword, Exists | IsEmpty, _) => Test::AnyKeyword,
        (Field::Keyword, _, _) => Test::Keyword(text().to_owned()),
        (_, Exists | IsEmpty, _) => Test::Text(TextTest::Exists),
        (_, Contains | DoesNotContain, _) => Test::Text(TextTest::Contains(fold(text()))),
        (_, Is | IsNot, _) => Test::Text(TextTest::Is(fold(text()))),
        (_, BeginsWith, _) => Test::Text(TextTest::BeginsWith(fold(text()))),
        (_, EndsWith, _) => Test::Text(TextTest::EndsWith(fold(text()))),
        (_, Matches, _) => Test::Text(TextTest::Wildcard(Wildcard::new(text()))),
        // Validation compiled it already; an impossible failure matches nothing.
        (_, Regex, _) => match build_regex(text()) {
            Ok(regex) => Test::Text(TextTest::Regex(regex)),
            Err(_) => Test::Never,
        },
        (_, GreaterThan | LessThan | Before | After, _) => Test::Never,
    };
    CompiledCondition {
        field: condition.field.clone(),
        test,
        negated,
    }
}
