//! What the rules were seen doing to real mail, kept for the setup report's live checks:
//! « note envoyée à 14:02, rangée à 14:02 dans Personnel, alerte affichée ». Pure: the
//! runner hands in a plan it carried out and the messages it was made from.

use facteur_model::message::MessageSummary;
use facteur_model::{FolderPath, Timestamp};
use facteur_rules::{Action, Plan, RuleSet};

/// Most checks remembered per rule; the newest are kept.
pub const CHECKS_PER_RULE: usize = 3;

/// One message a rule was seen acting on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCheck {
    /// The rule's id (its name may change later; the report looks it up).
    pub rule_id: String,
    pub subject: String,
    /// The message's Date header, when it had one.
    pub sent_at: Option<Timestamp>,
    /// When the server received it (IMAP INTERNALDATE).
    pub received_at: Timestamp,
    /// The folder it was in when the rule ran.
    pub source: FolderPath,
    /// Where the rule moved it, when it moved it.
    pub moved_to: Option<FolderPath>,
    /// The alert shown for it, when the rule raised one and alerts are on.
    pub alert: Option<String>,
    /// When the rule acted.
    pub acted_at: Timestamp,
}

/// The checks of a plan that was carried out without error at `acted_at`.
/// `alerts_shown` is false when the user turned alerts off (they were not shown).
pub fn observed(
    plan: &Plan,
    messages: &[MessageSummary],
    rules: &RuleSet,
    acted_at: Timestamp,
    alerts_shown: bool,
) -> Vec<RuleCheck> {
    let mut checks = Vec::new();
    for matched in &plan.matches {
        let Some(message) = messages.iter().find(|m| m.uid == matched.message.uid) else {
            continue;
        };
        let moved_to = plan
            .moves
            .iter()
            .find(|t| t.source == matched.message.folder && t.uids.contains(&message.uid))
            .map(|t| t.destination.clone());
        let alert = plan
            .alerts
            .iter()
            .find(|a| a.message == matched.message)
            .filter(|_| alerts_shown)
            .map(|a| a.text.clone());
        for id in &matched.rules {
            let Some(rule) = rules.rules.iter().find(|r| &r.id == id) else {
                continue;
            };
            let moves = rule
                .actions
                .iter()
                .any(|a| matches!(a, Action::MoveTo(_) | Action::MoveToTrash));
            let alerts = rule
                .actions
                .iter()
                .any(|a| matches!(a, Action::Alert { .. }));
            checks.push(RuleCheck {
                rule_id: id.clone(),
                subject: message.subject.clone(),
                sent_at: message.date,
                received_at: message.received,
                source: matched.message.folder.clone(),
                moved_to: moved_to.clone().filter(|_| moves),
                alert: alert.clone().filter(|_| alerts),
                acted_at,
            });
        }
    }
    checks
}

/// Adds `new` to `kept`, keeping the newest [`CHECKS_PER_RULE`] of each rule.
pub fn remember(kept: &mut Vec<RuleCheck>, new: Vec<RuleCheck>) {
    kept.extend(new);
    let mut seen: Vec<(String, usize)> = Vec::new();
    // Walk newest first; drop what is beyond the limit for its rule.
    let mut keep = vec![true; kept.len()];
    for (i, check) in kept.iter().enumerate().rev() {
        match seen.iter_mut().find(|(id, _)| *id == check.rule_id) {
            Some((_, n)) => {
                *n += 1;
                keep[i] = *n <= CHECKS_PER_RULE;
            }
            None => seen.push((check.rule_id.clone(), 1)),
        }
    }
    let mut flags = keep.into_iter();
    kept.retain(|_| flags.next().unwrap_or(false));
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::Uid;
    use facteur_model::message::Address;
    use facteur_rules::plan::{MessageRef, PlannedAlert, RuleMatch, Transfer};
    use facteur_rules::{Condition, Field, MatchKind, Operator, Rule};

    fn inbox() -> FolderPath {
        FolderPath::inbox()
    }

    fn summary(uid: u32, subject: &str) -> MessageSummary {
        MessageSummary {
            from: Some(Address {
                name: None,
                email: "moi@example.test".into(),
            }),
            subject: subject.into(),
            date: Some(Timestamp(1_000)),
            received: Timestamp(1_060),
            ..crate::test_messages::summary(uid)
        }
    }

    fn rule(id: &str, actions: Vec<Action>) -> Rule {
        Rule {
            id: id.into(),
            name: id.into(),
            enabled: true,
            match_kind: MatchKind::All,
            conditions: vec![Condition::text(Field::Subject, Operator::Contains, "x")],
            actions,
            stop_after: false,
        }
    }

    fn reference(uid: u32) -> MessageRef {
        MessageRef {
            folder: inbox(),
            uid: Uid(uid),
        }
    }

    #[test]
    fn a_moved_note_with_its_alert_is_told_for_its_rule() {
        let personnel = FolderPath("Personnel".into());
        let rules = RuleSet::new(vec![
            rule(
                "notes",
                vec![
                    Action::MoveTo(personnel.clone()),
                    Action::Alert {
                        template: "Note".into(),
                    },
                ],
            ),
            rule("flag", vec![Action::Flag]),
        ]);
        let plan = Plan {
            moves: vec![Transfer {
                source: inbox(),
                destination: personnel.clone(),
                uids: vec![Uid(7)],
            }],
            alerts: vec![PlannedAlert {
                message: reference(7),
                text: "Note : pain".into(),
            }],
            matches: vec![RuleMatch {
                message: reference(7),
                rules: vec!["notes".into(), "flag".into()],
            }],
            ..Plan::default()
        };
        let messages = [summary(6, "autre"), summary(7, "pain")];
        let checks = observed(&plan, &messages, &rules, Timestamp(2_000), true);
        assert_eq!(checks.len(), 2);
        assert_eq!(
            checks[0],
            RuleCheck {
                rule_id: "notes".into(),
                subject: "pain".into(),
                sent_at: Some(Timestamp(1_000)),
                received_at: Timestamp(1_060),
                source: inbox(),
                moved_to: Some(personnel),
                alert: Some("Note : pain".into()),
                acted_at: Timestamp(2_000),
            }
        );
        // The flagging rule neither moved the message nor raised the alert.
        assert_eq!(checks[1].rule_id, "flag");
        assert_eq!(checks[1].moved_to, None);
        assert_eq!(checks[1].alert, None);

        let quiet = observed(&plan, &messages, &rules, Timestamp(2_000), false);
        assert_eq!(quiet[0].alert, None, "alerts turned off were not shown");
    }

    #[test]
    fn only_the_newest_checks_of_each_rule_are_kept() {
        let check = |rule: &str, at: i64| RuleCheck {
            rule_id: rule.into(),
            subject: format!("{rule}-{at}"),
            sent_at: None,
            received_at: Timestamp(at),
            source: inbox(),
            moved_to: None,
            alert: None,
            acted_at: Timestamp(at),
        };
        let mut kept = vec![check("a", 1), check("b", 1)];
        remember(
            &mut kept,
            vec![check("a", 2), check("a", 3), check("a", 4), check("b", 2)],
        );
        let left: Vec<&str> = kept.iter().map(|c| c.subject.as_str()).collect();
        assert_eq!(left, ["b-1", "a-2", "a-3", "a-4", "b-2"]);
    }
}
