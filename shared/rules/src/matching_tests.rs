use super::*;
use crate::compile::CompiledRuleSet;
use crate::condition::{Condition, Operator, SizeUnit, Value};
use crate::rule::{Action, Rule, RuleSet};
use crate::test_support::{address, context, facts};
use Operator::*;

/// Whether `condition`, alone in a rule, holds for `message`.
fn check(condition: &Condition, message: &MessageFacts) -> Truth {
    let rule = Rule {
        id: "r".into(),
        name: "r".into(),
        enabled: true,
        match_kind: MatchKind::All,
        conditions: vec![condition.clone()],
        actions: vec![Action::MarkRead],
        stop_after: false,
    };
    let compiled = CompiledRuleSet::new(&RuleSet::new(vec![rule]))
        .unwrap_or_else(|e| panic!("{condition:?} should be valid: {e:?}"));
    compiled.rules[0].matches(&FoldedFacts::new(message), &context())
}

fn run_table(message: &MessageFacts, cases: &[(Condition, bool)]) {
    for (condition, expected) in cases {
        assert_eq!(
            check(condition, message),
            Truth::from_bool(*expected),
            "{condition:?}"
        );
    }
}

fn text(field: Field, operator: Operator, value: &str) -> Condition {
    Condition::text(field, operator, value)
}

#[test]
fn subject_text_operators_are_caseless_and_unicode_aware() {
    let mut message = facts();
    message.subject = "Réunion avec Élodie — Facture n°42".into();
    let s = Field::Subject;
    run_table(
        &message,
        &[
            (text(s.clone(), Contains, "élo"), true),
            (text(s.clone(), Contains, "ÉLODIE"), true),
            (text(s.clone(), Contains, "elodie"), false),
            (text(s.clone(), DoesNotContain, "élo"), false),
            (text(s.clone(), DoesNotContain, "devis"), true),
            (
                text(s.clone(), Is, "réunion avec élodie — facture n°42"),
                true,
            ),
            (text(s.clone(), Is, "réunion"), false),
            (text(s.clone(), IsNot, "réunion"), true),
            (text(s.clone(), BeginsWith, "RÉUNION"), true),
            (text(s.clone(), BeginsWith, "avec"), false),
            (text(s.clone(), EndsWith, "n°42"), true),
            (text(s.clone(), Matches, "réunion*facture n°??"), true),
            (text(s.clone(), Matches, "facture*"), false),
            (text(s.clone(), Regex, r"facture n°\d+$"), true),
            (text(s.clone(), Regex, r"^ÉLODIE"), false),
            (text(s.clone(), Regex, r"\bélodie\b"), true),
            (Condition::bare(s.clone(), Exists), true),
            (Condition::bare(s.clone(), IsEmpty), false),
        ],
    );
    message.subject = "  ".into();
    run_table(
        &message,
        &[
            (Condition::bare(s.clone(), Exists), false),
            (Condition::bare(s.clone(), IsEmpty), true),
            (text(s, Contains, "x"), false),
        ],
    );
}

#[test]
fn address_fields_match_display_name_or_address() {
    let mut message = facts();
    message.from = Some(address("Camille Dupont", "Camille@ACME-industrie.test"));
    message.cc = vec![address("Équipe Projet", "projet@acme-industrie.test")];
    message.bcc = vec![address("Archive", "archive@example.test")];
    run_table(
        &message,
        &[
            (text(Field::From, Contains, "camille"), true),
            (text(Field::From, Contains, "dupont"), true),
            (text(Field::From, Is, "camille@acme-industrie.test"), true),
            (text(Field::From, Is, "Camille Dupont"), true),
            (text(Field::From, Is, "Camille"), false),
            (text(Field::From, EndsWith, "@acme-industrie.test"), true),
            (text(Field::From, BeginsWith, "camille@"), true),
            (text(Field::From, Matches, "*@acme-*.test"), true),
            (text(Field::From, Regex, r"^camille@"), true),
            (text(Field::From, DoesNotContain, "acme"), false),
            (text(Field::From, IsNot, "alice@example.test"), true),
            (text(Field::To, Contains, "équipe"), false),
            (text(Field::Cc, Contains, "ÉQUIPE"), true),
            (text(Field::ToOrCc, Contains, "équipe"), true),
            (text(Field::ToOrCc, Contains, "demo@"), true),
            (text(Field::ToOrCc, Contains, "archive"), false),
            (text(Field::AnyRecipient, Contains, "archive"), true),
            (text(Field::AnyRecipient, DoesNotContain, "archive"), false),
            (Condition::bare(Field::ReplyTo, Exists), false),
            (Condition::bare(Field::ReplyTo, IsEmpty), true),
            (Condition::bare(Field::Cc, Exists), true),
        ],
    );
    message.from = None;
    run_table(
        &message,
        &[
            (text(Field::From, Contains, "a"), false),
            (text(Field::From, DoesNotContain, "a"), true),
            (Condition::bare(Field::From, IsEmpty), true),
        ],
    );
}

#[test]
fn headers_are_found_by_name_case_insensitively() {
    let mut message = facts();
    message.headers = vec![
        ("X-Spam-Flag".into(), "YES".into()),
        ("Received".into(), "from a".into()),
        ("received".into(), "from b".into()),
    ];
    message.list_id = Some("Annonces <annonces.example.test>".into());
    let header = |name: &str| Field::Header(name.into());
    run_table(
        &message,
        &[
            (text(header("x-spam-flag"), Is, "yes"), true),
            (text(header("X-SPAM-FLAG"), Contains, "ye"), true),
            (text(header("Received"), Contains, "from b"), true),
            (Condition::bare(header("X-Mailer"), Exists), false),
            (Condition::bare(header("X-Mailer"), IsEmpty), true),
            (text(header("X-Mailer"), DoesNotContain, "outlook"), true),
            (text(header("Subject"), Is, "bonjour"), true),
            (text(header("From"), Contains, "Alice Martin <alice@"), true),
            (text(header("List-Id"), Contains, "annonces"), true),
            (
                text(Field::MailingList, Contains, "annonces.example.test"),
                true,
            ),
            (Condition::bare(Field::MailingList, Exists), true),
        ],
    );
    message.list_id = None;
    run_table(
        &message,
        &[(Condition::bare(Field::MailingList, Exists), false)],
    );
}

#[test]
fn body_conditions_need_the_body() {
    let mut message = facts();
    let condition = text(Field::Body, Contains, "TEXTE du");
    assert_eq!(check(&condition, &message), Truth::True);
    assert_eq!(
        check(&text(Field::Body, DoesNotContain, "texte"), &message),
        Truth::False
    );
    message.body_text = None;
    assert_eq!(check(&condition, &message), Truth::Unknown);
    assert_eq!(
        check(&text(Field::Body, DoesNotContain, "x"), &message),
        Truth::Unknown
    );
}

#[test]
fn dates_and_ages_use_the_context() {
    // Received 2026-03-10 12:00 UTC; now is one day later; the user is at UTC+1.
    let mut message = facts();
    let day = |year, month, day| Value::Date(LocalDate { year, month, day });
    let cond = |field: Field, operator, value| Condition {
        field,
        operator,
        value,
    };
    run_table(
        &message,
        &[
            (cond(Field::Date, Before, day(2026, 3, 11)), true),
            (cond(Field::Date, Before, day(2026, 3, 10)), false),
            (cond(Field::Date, After, day(2026, 3, 9)), true),
            (cond(Field::Date, Is, day(2026, 3, 10)), true),
            (cond(Field::Date, IsNot, day(2026, 3, 10)), false),
            (cond(Field::AgeInDays, Is, Value::Number(1)), true),
            (cond(Field::AgeInDays, GreaterThan, Value::Number(0)), true),
            (cond(Field::AgeInDays, GreaterThan, Value::Number(1)), false),
            (cond(Field::AgeInDays, LessThan, Value::Number(2)), true),
        ],
    );
    // 23:30 UTC is already the next day for the user.
    message.date = Some(Timestamp(message.received.0 + 11 * 3600 + 1800));
    run_table(&message, &[(cond(Field::Date, Is, day(2026, 3, 11)), true)]);
    // Without a Date header, the receipt time counts.
    message.date = None;
    run_table(&message, &[(cond(Field::Date, Is, day(2026, 3, 10)), true)]);
}

#[test]
fn sizes_flags_keywords_and_yes_no_fields() {
    let mut message = facts();
    message.size = 2048;
    message.flags = vec![Flag::Seen];
    message.keywords = vec!["$Facture".into()];
    message.has_attachments = true;
    let size = |operator, amount, unit| Condition {
        field: Field::Size,
        operator,
        value: Value::Size { amount, unit },
    };
    let status = |operator, status| Condition {
        field: Field::Status,
        operator,
        value: Value::Status(status),
    };
    run_table(
        &message,
        &[
            (size(GreaterThan, 2047, SizeUnit::Bytes), true),
            (size(GreaterThan, 2, SizeUnit::Kilobytes), false),
            (size(LessThan, 3, SizeUnit::Kilobytes), true),
            (size(LessThan, 1, SizeUnit::Megabytes), true),
            (status(Is, Status::Read), true),
            (status(IsNot, Status::Read), false),
            (status(Is, Status::Flagged), false),
            (status(IsNot, Status::Answered), true),
            (text(Field::Keyword, Is, "$facture"), true),
            (text(Field::Keyword, IsNot, "$Facture"), false),
            (text(Field::Keyword, Is, "urgent"), false),
            (Condition::bare(Field::Keyword, Exists), true),
            (Condition::bare(Field::Keyword, IsEmpty), false),
            (Condition::bare(Field::HasAttachment, Is), true),
            (Condition::bare(Field::HasAttachment, IsNot), false),
        ],
    );
}

#[test]
fn from_me_and_to_me_use_the_identities() {
    let mut message = facts();
    run_table(
        &message,
        &[
            (Condition::bare(Field::FromMe, Is), false),
            (Condition::bare(Field::FromMe, IsNot), true),
            (Condition::bare(Field::ToMe, Is), true),
        ],
    );
    message.from = Some(address("Moi", "demo.perso@laposte.test"));
    message.to = vec![address("Bob", "bob@example.test")];
    run_table(
        &message,
        &[
            (Condition::bare(Field::FromMe, Is), true),
            (Condition::bare(Field::ToMe, Is), false),
        ],
    );
}

#[test]
fn match_kinds_combine_conditions() {
    let message = facts();
    let yes = text(Field::Subject, Contains, "bonjour");
    let no = text(Field::Subject, Contains, "adieu");
    let unknown = text(Field::Body, Contains, "x");
    let mut without_body = facts();
    without_body.body_text = None;
    let rule = |kind, conditions: Vec<Condition>| {
        let rule = Rule {
            id: "r".into(),
            name: "r".into(),
            enabled: true,
            match_kind: kind,
            conditions,
            actions: vec![Action::MarkRead],
            stop_after: false,
        };
        CompiledRuleSet::new(&RuleSet::new(vec![rule])).unwrap()
    };
    let cases = [
        (
            MatchKind::All,
            vec![yes.clone(), no.clone()],
            &message,
            Truth::False,
        ),
        (
            MatchKind::Any,
            vec![yes.clone(), no.clone()],
            &message,
            Truth::True,
        ),
        (MatchKind::Any, vec![no.clone()], &message, Truth::False),
        (MatchKind::AllMessages, vec![], &message, Truth::True),
        // A definite answer does not wait for the body.
        (
            MatchKind::All,
            vec![no.clone(), unknown.clone()],
            &without_body,
            Truth::False,
        ),
        (
            MatchKind::Any,
            vec![unknown.clone(), yes.clone()],
            &without_body,
            Truth::True,
        ),
        (
            MatchKind::All,
            vec![yes.clone(), unknown.clone()],
            &without_body,
            Truth::Unknown,
        ),
        (
            MatchKind::Any,
            vec![no, unknown],
            &without_body,
            Truth::Unknown,
        ),
    ];
    for (kind, conditions, facts, expected) in cases {
        let compiled = rule(kind, conditions.clone());
        let got = compiled.rules[0].matches(&FoldedFacts::new(facts), &context());
        assert_eq!(got, expected, "{kind:?} {conditions:?}");
    }
}
