//! Rules and rule sets: what is stored (as JSON) in the user's mailbox and sent over the API.

use crate::condition::Condition;
use facteur_model::FolderPath;
use serde::{Deserialize, Serialize};

/// How a rule combines its conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Every condition must hold.
    All,
    /// At least one condition must hold.
    Any,
    /// Every message matches; the rule must have no conditions.
    AllMessages,
}

/// Something a rule does to a matching message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", content = "value", rename_all = "snake_case")]
pub enum Action {
    MoveTo(FolderPath),
    CopyTo(FolderPath),
    MarkRead,
    MarkUnread,
    Flag,
    Unflag,
    AddKeyword(String),
    RemoveKeyword(String),
    /// Move to the account's Trash (never an expunge: no action may lose a message).
    MoveToTrash,
    /// Show a message to the user; `template` may use `{subject}`, `{from}`,
    /// `{from_address}`, `{folder}`, `{rule}` (see [`crate::alert::render_alert`]).
    Alert {
        template: String,
    },
    /// Apply no further action or rule to this message.
    StopProcessing,
}

impl Action {
    /// Whether the action decides where the message ends up (move or move to Trash).
    pub fn is_move(&self) -> bool {
        matches!(self, Action::MoveTo(_) | Action::MoveToTrash)
    }
}

/// One rule: conditions and the actions they trigger.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rule {
    /// Stable identifier, chosen by the creator (the UI), unique in the set.
    pub id: String,
    /// The name the user sees.
    pub name: String,
    pub enabled: bool,
    pub match_kind: MatchKind,
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
    /// When the rule matches, later rules are not applied to the message.
    #[serde(default)]
    pub stop_after: bool,
}

impl Rule {
    /// Whether this rule tests the message body.
    pub fn needs_body(&self) -> bool {
        self.enabled && self.conditions.iter().any(|c| c.field.needs_body())
    }

    /// Whether this rule tests a header a list summary does not carry.
    pub fn needs_headers(&self) -> bool {
        self.enabled && self.conditions.iter().any(|c| c.field.needs_headers())
    }
}

/// The user's rules, applied in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RuleSet {
    /// Format version of the stored JSON, for later migrations.
    pub version: u32,
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The format version this crate writes.
    pub const CURRENT_VERSION: u32 = 1;

    /// A set of `rules` in the current format.
    pub fn new(rules: Vec<Rule>) -> Self {
        RuleSet {
            version: Self::CURRENT_VERSION,
            rules,
        }
    }

    /// Whether some enabled rule tests the body: the caller must then fetch body text
    /// before evaluating, or the message is reported as needing it.
    pub fn needs_body(&self) -> bool {
        self.rules.iter().any(Rule::needs_body)
    }

    /// Whether some enabled rule tests a header a list summary does not carry: the
    /// caller must then fill [`crate::MessageFacts::headers`] before evaluating, or such
    /// conditions see no value.
    pub fn needs_headers(&self) -> bool {
        self.rules.iter().any(Rule::needs_headers)
    }

    /// The rule with identifier `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }
}
