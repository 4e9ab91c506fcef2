//! Turning the outcomes for many messages into batches: one UID MOVE, COPY or STORE per
//! (folder, change, destination), as the bridge sends them to the server.

use crate::compile::CompiledRuleSet;
use crate::facts::{Context, MessageFacts};
use crate::rule::Action;
use facteur_model::message::Flag;
use facteur_model::{FolderPath, Uid};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Messages of one folder to move or copy to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub source: FolderPath,
    pub destination: FolderPath,
    /// Sorted, without duplicates.
    pub uids: Vec<Uid>,
}

/// A flag to add or remove on messages of one folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagChange {
    pub folder: FolderPath,
    pub flag: Flag,
    /// True to add the flag, false to remove it.
    pub add: bool,
    pub uids: Vec<Uid>,
}

/// A keyword to add or remove on messages of one folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordChange {
    pub folder: FolderPath,
    pub keyword: String,
    pub add: bool,
    pub uids: Vec<Uid>,
}

/// One message, designated by folder and UID.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MessageRef {
    pub folder: FolderPath,
    pub uid: Uid,
}

/// An alert raised for one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedAlert {
    pub message: MessageRef,
    pub text: String,
}

/// The rules one message matched, for telling afterwards what each rule did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleMatch {
    pub message: MessageRef,
    /// Ids of the rules that matched, in order.
    pub rules: Vec<String>,
}

/// Everything the rules decided for a batch of messages.
///
/// Apply in this order: `flag_changes` and `keyword_changes` (UIDs of the source folders),
/// then `copies`, then `moves` last, since a move changes the UIDs. Messages already in the
/// state the rules want are absent, so running a plan twice, or from two devices, is
/// harmless.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub flag_changes: Vec<FlagChange>,
    pub keyword_changes: Vec<KeywordChange>,
    pub copies: Vec<Transfer>,
    pub moves: Vec<Transfer>,
    pub alerts: Vec<PlannedAlert>,
    /// Messages a rule needs the body of: nothing was planned for them yet.
    pub needs_body: Vec<MessageRef>,
    /// How many messages were looked at.
    pub examined: usize,
    /// How many messages at least one rule matched.
    pub matched: usize,
    /// Which rules matched each of those messages.
    #[serde(default)]
    pub matches: Vec<RuleMatch>,
}

impl Plan {
    /// Whether the plan changes nothing on the server (alerts aside).
    pub fn is_empty(&self) -> bool {
        self.flag_changes.is_empty()
            && self.keyword_changes.is_empty()
            && self.copies.is_empty()
            && self.moves.is_empty()
    }

    /// Messages moved into each destination, for "N moved to Personnel".
    pub fn moved_counts(&self) -> Vec<(FolderPath, usize)> {
        counts(&self.moves)
    }

    /// Messages copied into each destination.
    pub fn copied_counts(&self) -> Vec<(FolderPath, usize)> {
        counts(&self.copies)
    }
}

fn counts(transfers: &[Transfer]) -> Vec<(FolderPath, usize)> {
    let mut by_destination: BTreeMap<&FolderPath, usize> = BTreeMap::new();
    for transfer in transfers {
        *by_destination.entry(&transfer.destination).or_default() += transfer.uids.len();
    }
    by_destination
        .into_iter()
        .map(|(folder, count)| (folder.clone(), count))
        .collect()
}

/// Evaluates `rules` on every message and groups the effective actions into batches.
pub fn plan(rules: &CompiledRuleSet, messages: &[MessageFacts], context: &Context) -> Plan {
    type Key<T> = BTreeMap<T, Vec<Uid>>;
    let mut flags: Key<(FolderPath, u8, bool)> = BTreeMap::new();
    let mut keywords: Key<(FolderPath, String, bool)> = BTreeMap::new();
    let mut copies: Key<(FolderPath, FolderPath)> = BTreeMap::new();
    let mut moves: Key<(FolderPath, FolderPath)> = BTreeMap::new();
    let mut result = Plan {
        examined: messages.len(),
        ..Plan::default()
    };
    for facts in messages {
        let outcome = rules.evaluate(facts, context);
        let here = MessageRef {
            folder: facts.folder.clone(),
            uid: facts.uid,
        };
        if outcome.needs_body {
            result.needs_body.push(here);
            continue;
        }
        if !outcome.matched_rules.is_empty() {
            result.matched += 1;
            result.matches.push(RuleMatch {
                message: here.clone(),
                rules: outcome.matched_rules.clone(),
            });
        }
        let folder = &facts.folder;
        for action in &outcome.actions {
            let (map, key) = match action {
                Action::MarkRead | Action::MarkUnread | Action::Flag | Action::Unflag => {
                    let (flag, add) = flag_of(action);
                    let entry = flags.entry((folder.clone(), flag_rank(flag), add));
                    entry.or_default().push(facts.uid);
                    continue;
                }
                Action::AddKeyword(k) | Action::RemoveKeyword(k) => {
                    let add = matches!(action, Action::AddKeyword(_));
                    let entry = keywords.entry((folder.clone(), k.clone(), add));
                    entry.or_default().push(facts.uid);
                    continue;
                }
                Action::CopyTo(to) => (&mut copies, (folder.clone(), to.clone())),
                Action::MoveTo(_) | Action::MoveToTrash => {
                    (&mut moves, (folder.clone(), outcome.final_folder.clone()))
                }
                Action::Alert { .. } | Action::StopProcessing => continue,
            };
            map.entry(key).or_default().push(facts.uid);
        }
        result
            .alerts
            .extend(outcome.alerts.into_iter().map(|text| PlannedAlert {
                message: here.clone(),
                text,
            }));
    }
    result.flag_changes = flags
        .into_iter()
        .map(|((folder, rank, add), uids)| FlagChange {
            folder,
            flag: FLAGS[usize::from(rank)],
            add,
            uids: sorted(uids),
        })
        .collect();
    result.keyword_changes = keywords
        .into_iter()
        .map(|((folder, keyword, add), uids)| KeywordChange {
            folder,
            keyword,
            add,
            uids: sorted(uids),
        })
        .collect();
    result.copies = transfers(copies);
    result.moves = transfers(moves);
    result
}

/// The flags rules change, in a fixed order (a `Flag` is not `Ord`).
const FLAGS: [Flag; 2] = [Flag::Seen, Flag::Flagged];

fn flag_rank(flag: Flag) -> u8 {
    if flag == Flag::Seen { 0 } else { 1 }
}

fn flag_of(action: &Action) -> (Flag, bool) {
    match action {
        Action::MarkRead => (Flag::Seen, true),
        Action::MarkUnread => (Flag::Seen, false),
        Action::Flag => (Flag::Flagged, true),
        _ => (Flag::Flagged, false),
    }
}

fn sorted(mut uids: Vec<Uid>) -> Vec<Uid> {
    uids.sort_unstable();
    uids.dedup();
    uids
}

fn transfers(map: BTreeMap<(FolderPath, FolderPath), Vec<Uid>>) -> Vec<Transfer> {
    map.into_iter()
        .map(|((source, destination), uids)| Transfer {
            source,
            destination,
            uids: sorted(uids),
        })
        .collect()
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
