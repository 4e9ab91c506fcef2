//! Applying the rules, in order, to one message: which rules match and what, in the end,
//! should be done to it.

use crate::alert::render_alert;
use crate::compile::CompiledRuleSet;
use crate::facts::{Context, MessageFacts};
use crate::matching::{FoldedFacts, Truth};
use crate::rule::{Action, RuleSet};
use crate::validate::{RuleError, same_folder};
use facteur_model::FolderPath;
use facteur_model::message::Flag;
use serde::{Deserialize, Serialize};

/// What the rules decide for one message.
///
/// `actions` are the *effective* changes, in the order to apply them: flag and keyword
/// changes (in the current folder, while the UID is valid), then copies, then at most one
/// move. Changes the message already has are left out, so applying an outcome twice, or from
/// two devices, does nothing the second time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Ids of the rules that matched, in order.
    pub matched_rules: Vec<String>,
    pub actions: Vec<Action>,
    /// Where the message ends up (its current folder when nothing moves it).
    pub final_folder: FolderPath,
    /// Rendered alert texts, in rule order.
    pub alerts: Vec<String>,
    /// A rule needed the body and the facts have none: nothing was decided; fetch the body
    /// and evaluate again.
    pub needs_body: bool,
}

impl Outcome {
    /// Whether the message is left exactly as it is (alerts aside).
    pub fn changes_nothing(&self) -> bool {
        self.actions.is_empty()
    }
}

/// Compiles `set` and evaluates it on one message (for "test this rule on the open
/// message"); over many messages, compile once with [`CompiledRuleSet::new`].
pub fn evaluate(
    set: &RuleSet,
    facts: &MessageFacts,
    context: &Context,
) -> Result<Outcome, Vec<RuleError>> {
    Ok(CompiledRuleSet::new(set)?.evaluate(facts, context))
}

/// The decisions gathered while rules run, before they are compared with the message.
#[derive(Default)]
struct Decisions {
    /// The first move decides: rules come in priority order.
    destination: Option<(Action, FolderPath)>,
    copies: Vec<FolderPath>,
    seen: Option<bool>,
    flagged: Option<bool>,
    /// Keyword → set (true) or clear (false); the last rule to speak wins.
    keywords: Vec<(String, bool)>,
    /// (template, rule name)
    alerts: Vec<(String, String)>,
}

impl CompiledRuleSet {
    /// Evaluates the rules, in order, on one message.
    pub fn evaluate(&self, facts: &MessageFacts, context: &Context) -> Outcome {
        let message = FoldedFacts::new(facts);
        let mut matched_rules = Vec::new();
        let mut decisions = Decisions::default();
        for compiled in &self.rules {
            match compiled.matches(&message, context) {
                Truth::False => continue,
                Truth::Unknown => {
                    return Outcome {
                        matched_rules: Vec::new(),
                        actions: Vec::new(),
                        final_folder: facts.folder.clone(),
                        alerts: Vec::new(),
                        needs_body: true,
                    };
                }
                Truth::True => {}
            }
            let rule = &compiled.rule;
            matched_rules.push(rule.id.clone());
            let stopped = decisions.record(&rule.actions, &rule.name, context);
            if stopped || rule.stop_after {
                break;
            }
        }
        decisions.into_outcome(matched_rules, facts)
    }
}

impl Decisions {
    /// Records one matching rule's actions; true when it says to stop processing.
    fn record(&mut self, actions: &[Action], rule_name: &str, context: &Context) -> bool {
        for action in actions {
            match action {
                Action::MoveTo(folder) if self.destination.is_none() => {
                    self.destination = Some((action.clone(), folder.clone()));
                }
                Action::MoveToTrash if self.destination.is_none() => {
                    self.destination = Some((action.clone(), context.trash.clone()));
                }
                Action::MoveTo(_) | Action::MoveToTrash => {}
                Action::CopyTo(folder) => {
                    if !self.copies.iter().any(|c| same_folder(c, folder)) {
                        self.copies.push(folder.clone());
                    }
                }
                Action::MarkRead => self.seen = Some(true),
                Action::MarkUnread => self.seen = Some(false),
                Action::Flag => self.flagged = Some(true),
                Action::Unflag => self.flagged = Some(false),
                Action::AddKeyword(keyword) => self.keyword(keyword, true),
                Action::RemoveKeyword(keyword) => self.keyword(keyword, false),
                Action::Alert { template } => {
                    self.alerts.push((template.clone(), rule_name.to_owned()));
                }
                Action::StopProcessing => return true,
            }
        }
        false
    }

    fn keyword(&mut self, keyword: &str, set: bool) {
        match self
            .keywords
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(keyword))
        {
            Some(entry) => entry.1 = set,
            None => self.keywords.push((keyword.to_owned(), set)),
        }
    }

    /// Keeps only what would change the message, in application order.
    fn into_outcome(self, matched_rules: Vec<String>, facts: &MessageFacts) -> Outcome {
        let mut actions = Vec::new();
        let flag_change = |wanted: Option<bool>, flag: Flag, on: Action, off: Action| match wanted {
            Some(true) if !facts.has_flag(flag) => Some(on),
            Some(false) if facts.has_flag(flag) => Some(off),
            _ => None,
        };
        actions.extend(flag_change(
            self.seen,
            Flag::Seen,
            Action::MarkRead,
            Action::MarkUnread,
        ));
        actions.extend(flag_change(
            self.flagged,
            Flag::Flagged,
            Action::Flag,
            Action::Unflag,
        ));
        for (keyword, set) in self.keywords {
            match (set, facts.has_keyword(&keyword)) {
                (true, false) => actions.push(Action::AddKeyword(keyword)),
                (false, true) => actions.push(Action::RemoveKeyword(keyword)),
                _ => {}
            }
        }
        let final_folder = match &self.destination {
            Some((_, folder)) => folder.clone(),
            None => facts.folder.clone(),
        };
        for copy in self.copies {
            if !same_folder(&copy, &facts.folder) && !same_folder(&copy, &final_folder) {
                actions.push(Action::CopyTo(copy));
            }
        }
        if let Some((action, folder)) = self.destination
            && !same_folder(&folder, &facts.folder)
        {
            actions.push(action);
        }
        let alerts = self
            .alerts
            .iter()
            .map(|(template, rule)| render_alert(template, facts, &final_folder, rule))
            .collect();
        Outcome {
            matched_rules,
            actions,
            final_folder,
            alerts,
            needs_body: false,
        }
    }
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;
