use super::*;
use crate::condition::{SizeUnit, Status};
use crate::test_support::folder;

fn rule(conditions: Vec<Condition>, actions: Vec<Action>) -> Rule {
    Rule {
        id: "r1".into(),
        name: "Factures".into(),
        enabled: true,
        match_kind: MatchKind::All,
        conditions,
        actions,
        stop_after: false,
    }
}

fn subject(operator: Operator, value: &str) -> Condition {
    Condition::text(Field::Subject, operator, value)
}

fn errors_of(rule: Rule) -> Vec<RuleError> {
    let known = [
        folder("INBOX"),
        folder("Personnel"),
        folder("Professionnel"),
    ];
    match validate(&RuleSet::new(vec![rule]), &known) {
        Ok(()) => Vec::new(),
        Err(errors) => errors,
    }
}

fn codes_of(rule: Rule) -> Vec<&'static str> {
    errors_of(rule).iter().map(RuleError::code).collect()
}

#[test]
fn a_sound_rule_passes() {
    let sound = rule(
        vec![subject(Operator::Contains, "facture")],
        vec![Action::MoveTo(folder("Professionnel")), Action::MarkRead],
    );
    assert_eq!(errors_of(sound), vec![]);
}

#[test]
fn each_mistake_has_its_code() {
    let move_to = |name: &str| Action::MoveTo(folder(name));
    let contains = || vec![subject(Operator::Contains, "x")];
    let cases: Vec<(Rule, Vec<&str>)> = vec![
        (
            rule(
                vec![subject(Operator::Contains, "  ")],
                vec![Action::MarkRead],
            ),
            vec!["empty_value"],
        ),
        (
            rule(contains(), vec![move_to("Nulle part")]),
            vec!["unknown_folder"],
        ),
        (rule(contains(), vec![move_to("inbox")]), vec![]),
        (
            rule(
                vec![subject(Operator::Regex, "(unclosed")],
                vec![Action::MarkRead],
            ),
            vec!["bad_regex"],
        ),
        (
            rule(
                vec![subject(Operator::Regex, r"\w{1000}{1000}")],
                vec![Action::MarkRead],
            ),
            vec!["regex_too_large"],
        ),
        (
            rule(
                vec![subject(Operator::Regex, &"a".repeat(2000))],
                vec![Action::MarkRead],
            ),
            vec!["regex_too_large"],
        ),
        (
            rule(
                contains(),
                vec![move_to("Personnel"), move_to("Professionnel")],
            ),
            vec!["conflicting_actions"],
        ),
        (
            rule(contains(), vec![move_to("Personnel"), move_to("Personnel")]),
            vec![],
        ),
        (
            rule(contains(), vec![move_to("Personnel"), Action::MoveToTrash]),
            vec!["conflicting_actions"],
        ),
        (
            rule(contains(), vec![Action::MarkRead, Action::MarkUnread]),
            vec!["conflicting_actions"],
        ),
        (
            rule(
                contains(),
                vec![
                    Action::AddKeyword("$x".into()),
                    Action::RemoveKeyword("$X".into()),
                ],
            ),
            vec!["conflicting_actions"],
        ),
        (rule(vec![], vec![Action::MarkRead]), vec!["no_conditions"]),
        (rule(contains(), vec![]), vec!["no_actions"]),
        (
            rule(
                vec![Condition {
                    field: Field::Subject,
                    operator: Operator::GreaterThan,
                    value: Value::Number(3),
                }],
                vec![Action::MarkRead],
            ),
            vec!["operator_not_allowed"],
        ),
        (
            rule(
                vec![Condition {
                    field: Field::Size,
                    operator: Operator::GreaterThan,
                    value: Value::Text("10".into()),
                }],
                vec![Action::MarkRead],
            ),
            vec!["wrong_value"],
        ),
        (
            rule(
                vec![Condition::text(Field::Subject, Operator::Exists, "x")],
                vec![Action::MarkRead],
            ),
            vec!["wrong_value"],
        ),
        (
            rule(
                vec![Condition::bare(Field::Body, Operator::Exists)],
                vec![Action::MarkRead],
            ),
            vec!["operator_not_allowed"],
        ),
        (
            rule(
                vec![Condition::text(
                    Field::Header("X Bad:".into()),
                    Operator::Is,
                    "x",
                )],
                vec![Action::MarkRead],
            ),
            vec!["bad_header_name"],
        ),
        (
            rule(
                vec![Condition {
                    field: Field::Date,
                    operator: Operator::Before,
                    value: Value::Date(LocalDate {
                        year: 2026,
                        month: 2,
                        day: 30,
                    }),
                }],
                vec![Action::MarkRead],
            ),
            vec!["invalid_date"],
        ),
        (
            rule(contains(), vec![Action::AddKeyword("deux mots".into())]),
            vec!["bad_keyword"],
        ),
        (
            rule(contains(), vec![Action::AddKeyword("k".repeat(101))]),
            vec!["bad_keyword"],
        ),
        (
            // The bridge's own claim keyword, in any case: users may not set it.
            rule(
                contains(),
                vec![Action::AddKeyword("$facteurmoving".into())],
            ),
            vec!["bad_keyword"],
        ),
        (
            rule(
                contains(),
                vec![Action::Alert {
                    template: " ".into(),
                }],
            ),
            vec!["empty_alert"],
        ),
        (
            rule(
                contains(),
                vec![Action::Alert {
                    template: "{sujet}".into(),
                }],
            ),
            vec!["unknown_placeholder"],
        ),
    ];
    for (rule, expected) in cases {
        assert_eq!(codes_of(rule.clone()), expected, "{rule:?}");
    }
}

#[test]
fn regex_errors_carry_the_regex_message() {
    let errors = errors_of(rule(
        vec![subject(Operator::Regex, "(unclosed")],
        vec![Action::MarkRead],
    ));
    match &errors[..] {
        [
            RuleError::BadRegex {
                rule: 0,
                condition: 0,
                message,
            },
        ] => assert!(message.contains("unclosed"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn names_ids_and_match_kinds_are_checked() {
    let mut nameless = rule(vec![subject(Operator::Contains, "x")], vec![Action::Flag]);
    nameless.name = " ".into();
    nameless.id = String::new();
    assert_eq!(codes_of(nameless), vec!["empty_name", "empty_id"]);

    let mut everything = rule(vec![], vec![Action::Flag]);
    everything.match_kind = MatchKind::AllMessages;
    assert_eq!(codes_of(everything.clone()), Vec::<&str>::new());
    everything.conditions.push(subject(Operator::Contains, "x"));
    assert_eq!(codes_of(everything), vec!["conditions_with_all_messages"]);

    let one = rule(vec![subject(Operator::Contains, "x")], vec![Action::Flag]);
    let set = RuleSet::new(vec![one.clone(), one]);
    let errors = validate(&set, &[]).unwrap_err();
    assert_eq!(
        errors,
        vec![RuleError::DuplicateId {
            rule: 1,
            id: "r1".into()
        }]
    );
    let future = RuleSet {
        version: 99,
        rules: vec![],
    };
    assert_eq!(
        validate(&future, &[]).unwrap_err()[0].code(),
        "unsupported_version"
    );
}

#[test]
fn every_field_accepts_its_own_values() {
    let valid = [
        Condition::text(Field::To, Operator::Matches, "*@acme.test"),
        Condition::bare(Field::AnyRecipient, Operator::Exists),
        Condition::text(Field::Body, Operator::Regex, r"\bdevis\b"),
        Condition {
            field: Field::AgeInDays,
            operator: Operator::GreaterThan,
            value: Value::Number(30),
        },
        Condition {
            field: Field::Size,
            operator: Operator::LessThan,
            value: Value::Size {
                amount: 5,
                unit: SizeUnit::Megabytes,
            },
        },
        Condition {
            field: Field::Status,
            operator: Operator::IsNot,
            value: Value::Status(Status::Read),
        },
        Condition::text(Field::Keyword, Operator::Is, "$Important"),
        Condition::bare(Field::Keyword, Operator::IsEmpty),
        Condition::bare(Field::ToMe, Operator::Is),
        Condition::text(Field::MailingList, Operator::Contains, "annonces"),
    ];
    for condition in valid {
        let r = rule(vec![condition.clone()], vec![Action::Flag]);
        assert_eq!(codes_of(r), Vec::<&str>::new(), "{condition:?}");
    }
}

#[test]
fn errors_serialize_with_their_code() {
    let error = RuleError::UnknownFolder {
        rule: 2,
        action: 0,
        folder: folder("Perso"),
    };
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["code"], error.code());
    assert_eq!(json["folder"], "Perso");
    assert_eq!(error.rule(), Some(2));
}

#[test]
fn keywords_follow_what_the_bridge_stores() {
    assert!(is_keyword("$Important"));
    assert!(is_keyword(&"k".repeat(MAX_KEYWORD_LEN)));
    assert!(!is_keyword(&"k".repeat(MAX_KEYWORD_LEN + 1)));
    assert!(!is_keyword(RESERVED_KEYWORD));
    assert!(!is_keyword("\\Seen"));
}
