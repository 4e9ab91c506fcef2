use super::*;
use crate::condition::{Condition, Field, Operator};
use crate::rule::{MatchKind, Rule};
use crate::test_support::{context, facts, folder};

fn rule(id: &str, subject_contains: &str, actions: Vec<Action>) -> Rule {
    Rule {
        id: id.into(),
        name: format!("Rule {id}"),
        enabled: true,
        match_kind: MatchKind::All,
        conditions: vec![Condition::text(
            Field::Subject,
            Operator::Contains,
            subject_contains,
        )],
        actions,
        stop_after: false,
    }
}

fn run(rules: Vec<Rule>, message: &MessageFacts) -> Outcome {
    evaluate(&RuleSet::new(rules), message, &context()).expect("valid rules")
}

#[test]
fn rules_apply_in_order_and_the_first_move_wins() {
    let outcome = run(
        vec![
            rule(
                "a",
                "bonjour",
                vec![Action::MoveTo(folder("Personnel")), Action::Flag],
            ),
            rule("b", "nothing", vec![Action::MarkRead]),
            rule(
                "c",
                "jour",
                vec![Action::MoveTo(folder("Professionnel")), Action::MarkRead],
            ),
        ],
        &facts(),
    );
    assert_eq!(outcome.matched_rules, vec!["a", "c"]);
    assert_eq!(
        outcome.actions,
        vec![
            Action::MarkRead,
            Action::Flag,
            Action::MoveTo(folder("Personnel"))
        ]
    );
    assert_eq!(outcome.final_folder, folder("Personnel"));
    assert!(!outcome.needs_body);
}

#[test]
fn stop_after_and_stop_processing_end_evaluation() {
    let mut first = rule("a", "bonjour", vec![Action::Flag]);
    first.stop_after = true;
    let second = rule("b", "bonjour", vec![Action::MarkRead]);
    let outcome = run(vec![first, second.clone()], &facts());
    assert_eq!(outcome.matched_rules, vec!["a"]);
    assert_eq!(outcome.actions, vec![Action::Flag]);

    let stopping = rule(
        "s",
        "bonjour",
        vec![Action::Flag, Action::StopProcessing, Action::MarkRead],
    );
    let outcome = run(vec![stopping, second.clone()], &facts());
    assert_eq!(outcome.matched_rules, vec!["s"]);
    assert_eq!(outcome.actions, vec![Action::Flag]);

    // A stop in a rule that does not match stops nothing.
    let idle = rule("i", "adieu", vec![Action::StopProcessing]);
    let outcome = run(vec![idle, second], &facts());
    assert_eq!(outcome.matched_rules, vec!["b"]);
}

#[test]
fn disabled_rules_do_not_run() {
    let mut off = rule("off", "bonjour", vec![Action::Flag]);
    off.enabled = false;
    let outcome = run(vec![off], &facts());
    assert!(outcome.matched_rules.is_empty());
    assert!(outcome.changes_nothing());
}

#[test]
fn changes_the_message_already_has_are_dropped() {
    let mut message = facts();
    message.flags = vec![Flag::Seen];
    message.keywords = vec!["$Done".into()];
    message.folder = folder("Personnel");
    let outcome = run(
        vec![rule(
            "a",
            "bonjour",
            vec![
                Action::MarkRead,
                Action::AddKeyword("$done".into()),
                Action::RemoveKeyword("$Absent".into()),
                Action::MoveTo(folder("Personnel")),
                Action::CopyTo(folder("Personnel")),
            ],
        )],
        &message,
    );
    assert_eq!(outcome.matched_rules, vec!["a"]);
    assert!(outcome.changes_nothing(), "{:?}", outcome.actions);
    assert_eq!(outcome.final_folder, folder("Personnel"));
}

#[test]
fn later_rules_override_flags_and_keywords() {
    let mut message = facts();
    message.keywords = vec!["$Later".into()];
    let outcome = run(
        vec![
            rule(
                "a",
                "bonjour",
                vec![Action::MarkRead, Action::AddKeyword("$Tri".into())],
            ),
            rule(
                "b",
                "bonjour",
                vec![
                    Action::MarkUnread,
                    Action::RemoveKeyword("$tri".into()),
                    Action::RemoveKeyword("$Later".into()),
                ],
            ),
        ],
        &message,
    );
    assert_eq!(
        outcome.actions,
        vec![Action::RemoveKeyword("$Later".into())]
    );
}

#[test]
fn copies_are_deduplicated_and_trash_resolves_through_the_context() {
    let outcome = run(
        vec![
            rule(
                "a",
                "bonjour",
                vec![
                    Action::CopyTo(folder("Archives")),
                    Action::CopyTo(folder("Archives")),
                    Action::CopyTo(folder("Trash")),
                ],
            ),
            rule("b", "bonjour", vec![Action::MoveToTrash]),
        ],
        &facts(),
    );
    assert_eq!(
        outcome.actions,
        vec![Action::CopyTo(folder("Archives")), Action::MoveToTrash]
    );
    assert_eq!(outcome.final_folder, folder("Trash"));
    let mut in_trash = facts();
    in_trash.folder = folder("Trash");
    let outcome = run(
        vec![rule("b", "bonjour", vec![Action::MoveToTrash])],
        &in_trash,
    );
    assert!(outcome.changes_nothing());
}

#[test]
fn alerts_are_rendered_with_the_final_folder() {
    let outcome = run(
        vec![rule(
            "a",
            "bonjour",
            vec![
                Action::MoveTo(folder("Personnel")),
                Action::Alert {
                    template: "{subject} → {folder} ({rule})".into(),
                },
            ],
        )],
        &facts(),
    );
    assert_eq!(outcome.alerts, vec!["Bonjour → Personnel (Rule a)"]);
}

#[test]
fn a_body_condition_without_body_decides_nothing() {
    let mut message = facts();
    message.body_text = None;
    let mut body_rule = rule("body", "x", vec![Action::Flag]);
    body_rule.conditions = vec![Condition::text(Field::Body, Operator::Contains, "devis")];
    let set = RuleSet::new(vec![
        rule("a", "bonjour", vec![Action::MarkRead]),
        body_rule,
    ]);
    assert!(set.needs_body());
    let outcome = evaluate(&set, &message, &context()).unwrap();
    assert!(outcome.needs_body);
    assert!(outcome.actions.is_empty() && outcome.matched_rules.is_empty());

    // A stop before the body rule means the body is not needed for this message.
    let mut stopping = rule("a", "bonjour", vec![Action::MarkRead]);
    stopping.stop_after = true;
    let mut set = set;
    set.rules[0] = stopping;
    let outcome = evaluate(&set, &message, &context()).unwrap();
    assert!(!outcome.needs_body);
    assert_eq!(outcome.actions, vec![Action::MarkRead]);
}

#[test]
fn invalid_rule_sets_are_refused_before_evaluating() {
    let bad = rule("a", "", vec![Action::Flag]);
    let errors = evaluate(&RuleSet::new(vec![bad]), &facts(), &context()).unwrap_err();
    assert_eq!(errors[0].code(), "empty_value");
}

#[test]
fn outcomes_serialize() {
    let outcome = run(
        vec![rule(
            "a",
            "bonjour",
            vec![Action::MoveTo(folder("Personnel"))],
        )],
        &facts(),
    );
    let json = serde_json::to_string(&outcome).unwrap();
    let back: Outcome = serde_json::from_str(&json).unwrap();
    assert_eq!(back, outcome);
    assert!(
        json.contains(r#"{"action":"move_to","value":"Personnel"}"#),
        "{json}"
    );
}
