//! Running compiled conditions against one message's facts.

use crate::compile::{CompiledCondition, CompiledRule, Test, TextTest};
use crate::condition::{Field, Status};
use crate::facts::{Context, MessageFacts};
use crate::rule::MatchKind;
use crate::text::fold;
use facteur_model::Timestamp;
use facteur_model::calendar::{FixedOffset, LocalDate};
use facteur_model::message::{Address, Flag};
use std::borrow::Cow;
use std::cell::OnceCell;

/// The result of a test: the body may be missing, so "unknown" is a real answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Truth {
    True,
    False,
    /// The body was needed and not fetched.
    Unknown,
}

impl Truth {
    fn from_bool(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }

    fn negate(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// About 35,000 years either side of 1970: beyond any real date, far from `i64` limits.
const MAX_SECONDS: i64 = 1 << 40;

/// One message's facts with folded text computed on first use, so each string is folded
/// at most once however many rules look at it.
pub(crate) struct FoldedFacts<'a> {
    pub facts: &'a MessageFacts,
    subject: OnceCell<Option<String>>,
    from: OnceCell<Vec<String>>,
    to: OnceCell<Vec<String>>,
    cc: OnceCell<Vec<String>>,
    bcc: OnceCell<Vec<String>>,
    reply_to: OnceCell<Vec<String>>,
    body: OnceCell<Option<String>>,
    list_id: OnceCell<Option<String>>,
}

impl<'a> FoldedFacts<'a> {
    pub fn new(facts: &'a MessageFacts) -> Self {
        FoldedFacts {
            facts,
            subject: OnceCell::new(),
            from: OnceCell::new(),
            to: OnceCell::new(),
            cc: OnceCell::new(),
            bcc: OnceCell::new(),
            reply_to: OnceCell::new(),
            body: OnceCell::new(),
            list_id: OnceCell::new(),
        }
    }
}

/// Display names and addresses of `addresses`, folded: an address field matches when its
/// name or its address does.
fn fold_addresses<'x>(addresses: impl IntoIterator<Item = &'x Address>) -> Vec<String> {
    let mut folded = Vec::new();
    for address in addresses {
        folded.push(fold(address.email.trim()));
        if let Some(name) = address.name.as_deref().filter(|n| !n.trim().is_empty()) {
            folded.push(fold(name.trim()));
        }
    }
    folded
}

impl CompiledRule {
    /// Whether the rule matches the message.
    pub(crate) fn matches(&self, message: &FoldedFacts<'_>, context: &Context) -> Truth {
        match self.rule.match_kind {
            MatchKind::AllMessages => Truth::True,
            MatchKind::All => {
                let mut result = Truth::True;
                for condition in &self.conditions {
                    match condition.check(message, context) {
                        Truth::False => return Truth::False,
                        Truth::Unknown => result = Truth::Unknown,
                        Truth::True => {}
                    }
                }
                result
            }
            MatchKind::Any => {
                let mut result = Truth::False;
                for condition in &self.conditions {
                    match condition.check(message, context) {
                        Truth::True => return Truth::True,
                        Truth::Unknown => result = Truth::Unknown,
                        Truth::False => {}
                    }
                }
                result
            }
        }
    }
}

impl CompiledCondition {
    /// Whether the condition holds for the message.
    pub(crate) fn check(&self, message: &FoldedFacts<'_>, context: &Context) -> Truth {
        let positive = self.check_positive(message, context);
        if self.negated {
            positive.negate()
        } else {
            positive
        }
    }

    fn check_positive(&self, message: &FoldedFacts<'_>, context: &Context) -> Truth {
        let facts = message.facts;
        // Clamped so that absurd timestamps from broken mail cannot overflow the arithmetic.
        let date = facts.effective_date().0.clamp(-MAX_SECONDS, MAX_SECONDS);
        let now = context.now.0.clamp(-MAX_SECONDS, MAX_SECONDS);
        let local_day = || LocalDate::of(Timestamp(date), &FixedOffset(context.utc_offset_seconds));
        let age = || (now - date).div_euclid(86_400);
        let result = match &self.test {
            Test::Text(test) => return self.check_text(test, message),
            Test::DayBefore(day) => local_day() < *day,
            Test::DayAfter(day) => local_day() > *day,
            Test::DayIs(day) => local_day() == *day,
            Test::AgeOver(days) => i128::from(age()) > i128::from(*days),
            Test::AgeUnder(days) => i128::from(age()) < i128::from(*days),
            Test::AgeIs(days) => i128::from(age()) == i128::from(*days),
            Test::SizeOver(bytes) => u64::from(facts.size) > *bytes,
            Test::SizeUnder(bytes) => u64::from(facts.size) < *bytes,
            Test::Holds => match self.field {
                Field::HasAttachment => facts.has_attachments,
                Field::FromMe => facts
                    .from
                    .as_ref()
                    .is_some_and(|from| context.is_identity(&from.email)),
                Field::ToMe => facts
                    .to
                    .iter()
                    .chain(&facts.cc)
                    .chain(&facts.bcc)
                    .any(|to| context.is_identity(&to.email)),
                _ => false,
            },
            Test::Status(status) => facts.has_flag(match status {
                Status::Read => Flag::Seen,
                Status::Flagged => Flag::Flagged,
                Status::Answered => Flag::Answered,
            }),
            Test::Keyword(keyword) => facts.has_keyword(keyword),
            Test::AnyKeyword => !facts.keywords.is_empty(),
            Test::Never => false,
        };
        Truth::from_bool(result)
    }

    fn check_text(&self, test: &TextTest, message: &FoldedFacts<'_>) -> Truth {
        let facts = message.facts;
        // Regexes run on the original text (they fold by themselves); the other tests on
        // folded text. Both paths see the same strings, in the same order.
        let any = |folded: &[String], original: &mut dyn Iterator<Item = &str>| match test {
            TextTest::Regex(regex) => {
                for text in original {
                    if regex.is_match(text) {
                        return true;
                    }
                }
                false
            }
            _ => folded.iter().any(|text| text_passes(test, text)),
        };
        let addresses = |cell: &OnceCell<Vec<String>>, list: &[&[Address]]| -> bool {
            let folded = cell.get_or_init(|| fold_addresses(list.iter().flat_map(|l| l.iter())));
            let mut originals = list.iter().flat_map(|l| l.iter()).flat_map(|address| {
                std::iter::once(address.email.as_str()).chain(address.name.as_deref())
            });
            any(folded, &mut originals)
        };
        let single = |cell: &OnceCell<Option<String>>, text: Option<&str>| -> bool {
            match cell.get_or_init(|| text.map(fold)) {
                Some(folded) => any(std::slice::from_ref(folded), &mut text.into_iter()),
                None => false,
            }
        };
        let from = facts.from.as_slice();
        let result = match &self.field {
            Field::From => addresses(&message.from, &[from]),
            Field::To => addresses(&message.to, &[&facts.to]),
            Field::Cc => addresses(&message.cc, &[&facts.cc]),
            Field::ReplyTo => addresses(&message.reply_to, &[&facts.reply_to]),
            Field::ToOrCc => {
                addresses(&message.to, &[&facts.to]) || addresses(&message.cc, &[&facts.cc])
            }
            Field::AnyRecipient => {
                addresses(&message.to, &[&facts.to])
                    || addresses(&message.cc, &[&facts.cc])
                    || addresses(&message.bcc, &[&facts.bcc])
            }
            Field::Subject => single(&message.subject, Some(&facts.subject)),
            Field::MailingList => single(&message.list_id, facts.list_id.as_deref()),
            Field::Body => match facts.body_text.as_deref() {
                None => return Truth::Unknown,
                body => single(&message.body, body),
            },
            Field::Header(name) => {
                let values = header_values(facts, name);
                let folded: Vec<String> = values.iter().map(|v| fold(v)).collect();
                any(&folded, &mut values.iter().map(|v| v.as_ref()))
            }
            _ => false,
        };
        Truth::from_bool(result)
    }
}

/// Whether one folded string passes a (non-regex) text test.
fn text_passes(test: &TextTest, folded: &str) -> bool {
    match test {
        TextTest::Contains(needle) => folded.contains(needle.as_str()),
        TextTest::Is(value) => folded.trim() == value.trim(),
        TextTest::BeginsWith(prefix) => folded.trim_start().starts_with(prefix.as_str()),
        TextTest::EndsWith(suffix) => folded.trim_end().ends_with(suffix.as_str()),
        TextTest::Wildcard(pattern) => pattern.matches_folded(folded.trim()),
        TextTest::Exists => !folded.trim().is_empty(),
        TextTest::Regex(_) => false,
    }
}

/// The values of header `name`: from the extra headers, else from the facts the summary
/// already holds (subject, addresses, List-Id), so `Header("Subject")` works as expected.
fn header_values<'a>(facts: &'a MessageFacts, name: &str) -> Vec<Cow<'a, str>> {
    let values: Vec<Cow<'a, str>> = facts
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| Cow::Borrowed(v.as_str()))
        .collect();
    if !values.is_empty() {
        return values;
    }
    let format = |addresses: &'a [Address]| -> Vec<Cow<'a, str>> {
        if addresses.is_empty() {
            return Vec::new();
        }
        let joined = addresses
            .iter()
            .map(|a| match &a.name {
                Some(name) if !name.trim().is_empty() => format!("{name} <{}>", a.email),
                _ => a.email.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        vec![Cow::Owned(joined)]
    };
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "subject" => vec![Cow::Borrowed(facts.subject.as_str())],
        "list-id" => facts
            .list_id
            .as_deref()
            .map(Cow::Borrowed)
            .into_iter()
            .collect(),
        "from" => format(facts.from.as_slice()),
        "to" => format(&facts.to),
        "cc" => format(&facts.cc),
        "bcc" => format(&facts.bcc),
        "reply-to" => format(&facts.reply_to),
        _ => Vec::new(),
    }
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
