use super::*;
use crate::compile::CompiledRuleSet;
use crate::facts::MessageFacts;
use crate::rule::RuleSet;
use crate::test_support::{address, context, facts, folder};
use crate::validate::validate;

fn founding() -> RuleSet {
    RuleSet::new(vec![
        notes_to_self(folder("Personnel")),
        professional(
            "Professionnel",
            &["acme-industrie.test".to_owned(), " @Acme.TEST ".to_owned()],
            folder("Professionnel"),
        ),
    ])
}

fn outcome_of(message: &MessageFacts) -> crate::evaluate::Outcome {
    CompiledRuleSet::new(&founding())
        .unwrap()
        .evaluate(message, &context())
}

#[test]
fn the_founding_rules_are_valid() {
    let known = [
        folder("INBOX"),
        folder("Personnel"),
        folder("Professionnel"),
    ];
    assert_eq!(validate(&founding(), &known), Ok(()));
    assert_eq!(founding().rules[0].name, "Notes à moi-même");
}

#[test]
fn a_note_to_self_goes_to_personnel_with_an_alert() {
    let mut note = facts();
    note.from = Some(address("Moi", "Demo.Perso@laposte.test"));
    note.to = vec![address("Moi", "demo@example.test")];
    note.subject = "Rappeler le garage".into();
    let outcome = outcome_of(&note);
    assert_eq!(outcome.matched_rules, vec!["notes-to-self"]);
    assert_eq!(outcome.actions, vec![Action::MoveTo(folder("Personnel"))]);
    assert_eq!(outcome.alerts, vec!["Note à moi-même : Rappeler le garage"]);
}

#[test]
fn a_note_to_self_about_work_still_goes_to_personnel() {
    let mut note = facts();
    note.from = Some(address("Moi", "demo@example.test"));
    note.cc = vec![address("Camille", "camille@acme-industrie.test")];
    let outcome = outcome_of(&note);
    assert_eq!(outcome.actions, vec![Action::MoveTo(folder("Personnel"))]);
}

#[test]
fn work_mail_goes_to_professionnel() {
    let mut from_work = facts();
    from_work.from = Some(address("Camille Dupont", "camille@acme-industrie.test"));
    let mut to_work = facts();
    to_work.to = vec![address("", "achats@ACME.test")];
    let mut cc_work = facts();
    cc_work.cc = vec![address("Compta", "compta@acme-industrie.test")];
    for message in [from_work, to_work, cc_work] {
        let outcome = outcome_of(&message);
        assert_eq!(outcome.matched_rules, vec!["professional"], "{message:?}");
        assert_eq!(
            outcome.actions,
            vec![Action::MoveTo(folder("Professionnel"))]
        );
        assert!(outcome.alerts.is_empty());
    }
}

#[test]
fn everything_else_stays_where_it_is() {
    let mut lookalike = facts();
    lookalike.from = Some(address(
        "acme-industrie.test",
        "info@not-acme-industrie.test",
    ));
    for message in [facts(), lookalike] {
        let outcome = outcome_of(&message);
        assert!(outcome.matched_rules.is_empty(), "{message:?}");
        assert!(outcome.changes_nothing());
        assert_eq!(outcome.final_folder, folder("INBOX"));
    }
}

#[test]
fn newsletters_are_recognized_by_list_id() {
    let set = RuleSet::new(vec![newsletters("Lettres", folder("Lettres"))]);
    let rules = CompiledRuleSet::new(&set).unwrap();
    let mut letter = facts();
    letter.list_id = Some("<annonces.example.test>".into());
    assert_eq!(
        rules.evaluate(&letter, &context()).actions,
        vec![Action::MoveTo(folder("Lettres"))]
    );
    assert!(rules.evaluate(&facts(), &context()).changes_nothing());
}

#[test]
fn rule_sets_travel_as_json() {
    let set = founding();
    let json = serde_json::to_value(&set).unwrap();
    assert_eq!(json["version"], 1);
    let note = &json["rules"][0];
    assert_eq!(note["match_kind"], "all");
    assert_eq!(
        note["conditions"][0],
        serde_json::json!({"field": "from_me", "operator": "is", "value": {"type": "none"}})
    );
    assert_eq!(
        json["rules"][1]["conditions"][0],
        serde_json::json!({
            "field": "from",
            "operator": "ends_with",
            "value": {"type": "text", "value": "@acme-industrie.test"}
        })
    );
    assert_eq!(
        note["actions"][1],
        serde_json::json!({"action": "alert", "value": {"template": "Note à moi-même : {subject}"}})
    );
    let back: RuleSet = serde_json::from_value(json).unwrap();
    assert_eq!(back, set);
    let header: crate::condition::Field = serde_json::from_str(r#"{"header":"X-Tag"}"#).unwrap();
    assert_eq!(header, crate::condition::Field::Header("X-Tag".into()));
}

#[test]
fn list_id_and_keywords_come_from_the_list_summary() {
    use crate::condition::{Condition, Field, Operator};
    use crate::rule::{MatchKind, Rule};
    use facteur_model::message::MessageSummary;
    let summary = MessageSummary {
        uid: facteur_model::Uid(3),
        from: None,
        to: vec![],
        cc: vec![],
        subject: "Lettre".into(),
        date: None,
        received: facteur_model::Timestamp(0),
        flags: vec![],
        size: 10,
        has_attachments: false,
        preview: String::new(),
        list_id: Some("Annonces <annonces.example.test>".into()),
        keywords: vec!["$Label1".into()],
    };
    let letter = MessageFacts::from_summary(&summary, folder("INBOX"));
    let set = RuleSet::new(vec![
        newsletters("Lettres", folder("Lettres")),
        Rule {
            id: "tag".into(),
            name: "Tag".into(),
            enabled: true,
            match_kind: MatchKind::All,
            conditions: vec![Condition::text(Field::Keyword, Operator::Is, "$label1")],
            actions: vec![Action::RemoveKeyword("$Label1".into())],
            stop_after: false,
        },
    ]);
    let outcome = CompiledRuleSet::new(&set)
        .unwrap()
        .evaluate(&letter, &context());
    assert_eq!(
        outcome.actions,
        vec![
            Action::RemoveKeyword("$Label1".into()),
            Action::MoveTo(folder("Lettres"))
        ]
    );
}
