use super::*;
use crate::condition::Status;
use crate::templates::{notes_to_self, professional};
use crate::test_support::folder;

fn options<'a>(identities: &'a [String], trash: &'a FolderPath) -> ExportOptions<'a> {
    ExportOptions { identities, trash }
}

fn ids() -> Vec<String> {
    vec!["demo@example.test".into(), "demo.perso@laposte.test".into()]
}

#[test]
fn the_founding_rules_export_as_expected() {
    let set = RuleSet::new(vec![
        notes_to_self(folder("Personnel")),
        professional(
            "Pro",
            &["acme-industrie.test".into()],
            folder("Professionnel"),
        ),
    ]);
    let trash = folder("Trash");
    let script = export(&set, options(&ids(), &trash));
    let expected = r#"# Facteur rules, exported as a Sieve script (RFC 5228).
require ["fileinto"];

# rule "Notes à moi-même" "notes-to-self"
if address :is "from" ["demo@example.test", "demo.perso@laposte.test"] {
    fileinto "Personnel";
    # Facteur: alert "Note à moi-même : {subject}"
    stop;
}

# rule "Pro" "professional"
if anyof (address :matches "from" "*@acme-industrie.test", address :matches ["to", "cc", "bcc"] "*@acme-industrie.test") {
    fileinto "Professionnel";
}
"#;
    assert_eq!(script, expected);
}

fn rule(match_kind: MatchKind, conditions: Vec<Condition>, actions: Vec<Action>) -> Rule {
    Rule {
        id: "r".into(),
        name: "Règle \"spéciale\"\nà deux lignes".into(),
        enabled: true,
        match_kind,
        conditions,
        actions,
        stop_after: false,
    }
}

fn export_one(rule: Rule) -> String {
    let trash = folder("Corbeille");
    export(&RuleSet::new(vec![rule]), options(&ids(), &trash))
}

#[test]
fn strings_are_escaped_and_requirements_collected() {
    let script = export_one(rule(
        MatchKind::All,
        vec![
            Condition::text(Field::Subject, Operator::Contains, r#"dit "bonjour" \o/"#),
            Condition::text(Field::Body, Operator::DoesNotContain, "Élodie"),
            Condition::text(Field::Header("X-Tag".into()), Operator::Regex, r"^a\d+"),
        ],
        vec![
            Action::CopyTo(folder("Archives/2026")),
            Action::MarkRead,
            Action::AddKeyword("$Tri".into()),
            Action::MoveToTrash,
        ],
    ));
    assert!(
        script.contains(r#"require ["body", "copy", "fileinto", "imap4flags", "regex"];"#),
        "{script}"
    );
    assert!(
        script.contains(r#"# rule "Règle \"spéciale\" à deux lignes" "r""#),
        "{script}"
    );
    assert!(
        script.contains(r#"header :contains "subject" "dit \"bonjour\" \\o/""#),
        "{script}"
    );
    assert!(
        script.contains(r#"not body :text :comparator "i;unicode-casemap" :contains "Élodie""#),
        "{script}"
    );
    assert!(
        script.contains(r#"header :regex "X-Tag" "^a\\d+""#),
        "{script}"
    );
    let block = "    addflag \"\\\\Seen\";\n    addflag \"$Tri\";\n    fileinto :copy \"Archives/2026\";\n    fileinto \"Corbeille\";\n}";
    assert!(script.contains(block), "{script}");
}

#[test]
fn sizes_dates_and_existence() {
    let script = export_one(rule(
        MatchKind::Any,
        vec![
            Condition {
                field: Field::Size,
                operator: Operator::GreaterThan,
                value: Value::Size {
                    amount: 5,
                    unit: SizeUnit::Megabytes,
                },
            },
            Condition {
                field: Field::Date,
                operator: Operator::Before,
                value: Value::Date(facteur_model::calendar::LocalDate {
                    year: 2026,
                    month: 1,
                    day: 5,
                }),
            },
            Condition::bare(Field::ToOrCc, Operator::IsEmpty),
            Condition::bare(Field::ToMe, Operator::IsNot),
        ],
        vec![Action::Flag, Action::StopProcessing, Action::MarkRead],
    ));
    assert!(script.contains("size :over 5M"), "{script}");
    assert!(
        script.contains(r#"date :value "lt" :originalzone "date" "date" "2026-01-05""#),
        "{script}"
    );
    assert!(
        script.contains(r#"not anyof (exists "to", exists "cc")"#),
        "{script}"
    );
    assert!(
        script.contains(r#"not address :is ["to", "cc", "bcc"] ["demo@example.test""#),
        "{script}"
    );
    assert!(
        script.contains("addflag \"\\\\Flagged\";\n    stop;\n}"),
        "{script}"
    );
    assert!(
        !script.contains("Seen"),
        "actions after stop are not exported: {script}"
    );
}

#[test]
fn what_sieve_cannot_test_is_said() {
    let old = Condition {
        field: Field::AgeInDays,
        operator: Operator::GreaterThan,
        value: Value::Number(30),
    };
    let unread = Condition {
        field: Field::Status,
        operator: Operator::IsNot,
        value: Value::Status(Status::Read),
    };
    let subject = Condition::text(Field::Subject, Operator::Contains, "x");
    // Match all: dropping a condition would widen the rule, so it is not exported.
    let all = export_one(rule(
        MatchKind::All,
        vec![subject.clone(), old.clone()],
        vec![Action::MoveToTrash],
    ));
    assert!(
        all.contains("# Facteur: rule not exported, Sieve cannot test the age in days."),
        "{all}"
    );
    assert!(!all.contains("\nif "), "{all}");
    // Match any: dropping it narrows the rule, so the rest is exported.
    let any = export_one(rule(
        MatchKind::Any,
        vec![subject, unread.clone()],
        vec![Action::Flag],
    ));
    assert!(
        any.contains(
            "# Facteur: condition left out, Sieve cannot test the read, flagged or answered status."
        ),
        "{any}"
    );
    assert!(
        any.contains("if header :contains \"subject\" \"x\" {"),
        "{any}"
    );
    let none = export_one(rule(MatchKind::Any, vec![unread], vec![Action::Flag]));
    assert!(none.contains("rule not exported"), "{none}");
}

#[test]
fn disabled_rules_are_commented_out_and_everything_is_true() {
    let mut disabled = rule(MatchKind::AllMessages, vec![], vec![Action::MarkRead]);
    disabled.enabled = false;
    let script = export_one(disabled);
    assert!(
        script.contains(
            "# Facteur: rule disabled.\n#  if true {\n#      addflag \"\\\\Seen\";\n#  }\n"
        ),
        "{script}"
    );
    assert!(!script.contains("require"), "{script}");
}
