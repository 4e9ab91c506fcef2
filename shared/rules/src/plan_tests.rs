use super::*;
use crate::condition::{Condition, Field, Operator};
use crate::rule::{MatchKind, Rule, RuleSet};
use crate::templates::{notes_to_self, professional};
use crate::test_support::{address, context, facts, folder};

fn founding_rules() -> CompiledRuleSet {
    let set = RuleSet::new(vec![
        notes_to_self(folder("Personnel")),
        professional(
            "Pro",
            &["acme-industrie.test".to_owned()],
            folder("Professionnel"),
        ),
        Rule {
            id: "read-newsletters".into(),
            name: "Lettres lues".into(),
            enabled: true,
            match_kind: MatchKind::All,
            conditions: vec![Condition::text(
                Field::Subject,
                Operator::Contains,
                "lettre",
            )],
            actions: vec![Action::MarkRead, Action::AddKeyword("$Lettre".into())],
            stop_after: false,
        },
    ]);
    CompiledRuleSet::new(&set).unwrap()
}

fn inbox() -> Vec<MessageFacts> {
    let mut note = facts();
    note.uid = Uid(10);
    note.from = Some(address("Demo", "demo@example.test"));
    note.subject = "Acheter du pain".into();
    let mut work = facts();
    work.uid = Uid(11);
    work.from = Some(address("Camille", "camille@acme-industrie.test"));
    let mut work2 = facts();
    work2.uid = Uid(12);
    work2.to = vec![address("Compta", "compta@acme-industrie.test")];
    let mut letter = facts();
    letter.uid = Uid(13);
    letter.subject = "La lettre du mois".into();
    let mut plain = facts();
    plain.uid = Uid(14);
    vec![note, work2, work, letter, plain]
}

/// The messages as the server holds them once `plan` has been applied.
fn apply(plan: &Plan, messages: &[MessageFacts]) -> Vec<MessageFacts> {
    let mut after = messages.to_vec();
    for message in &mut after {
        let here = |folder: &FolderPath, uids: &[Uid]| {
            folder == &message.folder && uids.contains(&message.uid)
        };
        for change in &plan.flag_changes {
            if here(&change.folder, &change.uids) {
                message.flags.retain(|f| *f != change.flag);
                if change.add {
                    message.flags.push(change.flag);
                }
            }
        }
        for change in &plan.keyword_changes {
            if here(&change.folder, &change.uids) {
                message
                    .keywords
                    .retain(|k| !k.eq_ignore_ascii_case(&change.keyword));
                if change.add {
                    message.keywords.push(change.keyword.clone());
                }
            }
        }
        if let Some(t) = plan.moves.iter().find(|t| here(&t.source, &t.uids)) {
            message.folder = t.destination.clone();
        }
    }
    after
}

#[test]
fn the_founding_scenario_batches_by_destination() {
    let messages = inbox();
    let plan = plan(&founding_rules(), &messages, &context());
    assert_eq!(plan.examined, 5);
    assert_eq!(plan.matched, 4);
    assert_eq!(plan.matches.len(), 4, "one entry per matched message");
    let note = &plan.matches[0];
    assert_eq!(note.message.uid, Uid(10));
    assert_eq!(note.rules, ["notes-to-self"]);
    assert_eq!(
        plan.moves,
        vec![
            Transfer {
                source: folder("INBOX"),
                destination: folder("Personnel"),
                uids: vec![Uid(10)],
            },
            Transfer {
                source: folder("INBOX"),
                destination: folder("Professionnel"),
                uids: vec![Uid(11), Uid(12)],
            },
        ]
    );
    assert_eq!(
        plan.moved_counts(),
        vec![(folder("Personnel"), 1), (folder("Professionnel"), 2)]
    );
    assert_eq!(
        plan.flag_changes,
        vec![FlagChange {
            folder: folder("INBOX"),
            flag: Flag::Seen,
            add: true,
            uids: vec![Uid(13)],
        }]
    );
    assert_eq!(plan.keyword_changes.len(), 1);
    assert_eq!(
        plan.alerts,
        vec![PlannedAlert {
            message: MessageRef {
                folder: folder("INBOX"),
                uid: Uid(10)
            },
            text: "Note à moi-même : Acheter du pain".into(),
        }]
    );
    assert!(plan.copies.is_empty() && plan.needs_body.is_empty());
}

#[test]
fn running_a_plan_again_changes_nothing() {
    let rules = founding_rules();
    let messages = inbox();
    let first = plan(&rules, &messages, &context());
    assert!(!first.is_empty());
    let after = apply(&first, &messages);
    let second = plan(&rules, &after, &context());
    assert!(second.is_empty(), "{second:?}");
    // Another device that still sees the old state plans the same batches: the server
    // answers them with no-ops (UIDs already gone, flags already set).
    assert_eq!(plan(&rules, &messages, &context()), first);
}

#[test]
fn messages_needing_the_body_are_set_aside() {
    let set = RuleSet::new(vec![Rule {
        id: "devis".into(),
        name: "Devis".into(),
        enabled: true,
        match_kind: MatchKind::All,
        conditions: vec![Condition::text(Field::Body, Operator::Contains, "devis")],
        actions: vec![Action::CopyTo(folder("Devis"))],
        stop_after: false,
    }]);
    let rules = CompiledRuleSet::new(&set).unwrap();
    assert!(rules.needs_body());
    let mut with_body = facts();
    with_body.body_text = Some("Voici le devis".into());
    let mut without_body = facts();
    without_body.uid = Uid(8);
    without_body.body_text = None;
    let plan = plan(&rules, &[with_body, without_body], &context());
    assert_eq!(
        plan.needs_body,
        vec![MessageRef {
            folder: folder("INBOX"),
            uid: Uid(8)
        }]
    );
    assert_eq!(plan.copied_counts(), vec![(folder("Devis"), 1)]);
}

#[test]
fn only_headers_a_summary_lacks_need_fetching() {
    let rule = |field: Field| Rule {
        id: "h".into(),
        name: "H".into(),
        enabled: true,
        match_kind: MatchKind::All,
        conditions: vec![Condition::text(field, Operator::Contains, "x")],
        actions: vec![Action::Flag],
        stop_after: false,
    };
    let needs = |field: Field| {
        CompiledRuleSet::new(&RuleSet::new(vec![rule(field)]))
            .unwrap()
            .needs_headers()
    };
    assert!(needs(Field::Header("X-Spam-Flag".into())));
    assert!(needs(Field::Header("Reply-To".into())));
    for covered in ["Subject", "from", "TO", "Cc", "List-Id"] {
        assert!(!needs(Field::Header(covered.into())), "{covered}");
    }
    assert!(!needs(Field::Subject) && !needs(Field::Body));
    let mut disabled = rule(Field::Header("X-Spam-Flag".into()));
    disabled.enabled = false;
    assert!(!RuleSet::new(vec![disabled]).needs_headers());
}
