//! Carrying a rules [`Plan`] out: the bridge calls it becomes, what they did, and where
//! processing of a folder stands. Pure, natively tested; [`crate::stores::rules_runner`] makes
//! the calls.
//!
//! Over 450 lines: its unit tests live beside the code, which is under 250 lines.

use crate::api::TransferKind;
use facteur_model::api::{FlagChange, MessagePage};
use facteur_model::folder_ops::{MessageHeaders, TransferMethod, TransferRequest, TransferResult};
use facteur_model::message::Flag;
use facteur_model::{FolderPath, Uid};
use facteur_rules::Plan;
use facteur_rules::plan::PlannedAlert;
use std::collections::{BTreeMap, BTreeSet};

/// Most UIDs sent in one request (one IMAP command line stays short).
pub const MAX_UIDS_PER_CALL: usize = 500;

/// One request to the bridge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeCall {
    /// `POST /api/folders/{folder}/flags`
    Flags {
        folder: FolderPath,
        change: FlagChange,
    },
    /// `POST /api/folders/{folder}/move` or `/copy`
    Transfer {
        folder: FolderPath,
        kind: TransferKind,
        request: TransferRequest,
    },
}

/// The calls that carry `plan` out, in a safe order: flags, then keywords (while the
/// messages are still where they were), then copies, then moves. Flag changes on the
/// same messages share one call, and so do keyword changes; keywords travel apart from
/// flags, so a keyword the bridge refuses cannot hold a flag change back.
pub fn bridge_calls(plan: &Plan) -> Vec<BridgeCall> {
    let mut calls = Vec::new();
    // Flags to add and to remove, per folder and set of messages.
    type Changes = (Vec<Flag>, Vec<Flag>);
    let mut by_messages: BTreeMap<(FolderPath, Vec<Uid>), Changes> = BTreeMap::new();
    for change in &plan.flag_changes {
        for chunk in change.uids.chunks(MAX_UIDS_PER_CALL) {
            let entry = by_messages
                .entry((change.folder.clone(), chunk.to_vec()))
                .or_default();
            if change.add {
                entry.0.push(change.flag);
            } else {
                entry.1.push(change.flag);
            }
        }
    }
    for ((folder, uids), (add, remove)) in by_messages {
        calls.push(BridgeCall::Flags {
            folder,
            change: FlagChange {
                uids,
                add,
                remove,
                ..FlagChange::default()
            },
        });
    }
    // Keywords to add and to remove, per folder and set of messages.
    type KeywordChanges = (Vec<String>, Vec<String>);
    let mut by_messages: BTreeMap<(FolderPath, Vec<Uid>), KeywordChanges> = BTreeMap::new();
    for change in &plan.keyword_changes {
        for chunk in change.uids.chunks(MAX_UIDS_PER_CALL) {
            let entry = by_messages
                .entry((change.folder.clone(), chunk.to_vec()))
                .or_default();
            let list = if change.add {
                &mut entry.0
            } else {
                &mut entry.1
            };
            if !list.iter().any(|k| k.eq_ignore_ascii_case(&change.keyword)) {
                list.push(change.keyword.clone());
            }
        }
    }
    for ((folder, uids), (add_keywords, remove_keywords)) in by_messages {
        calls.push(BridgeCall::Flags {
            folder,
            change: FlagChange {
                uids,
                add_keywords,
                remove_keywords,
                ..FlagChange::default()
            },
        });
    }
    for (transfers, kind) in [
        (&plan.copies, TransferKind::Copy),
        (&plan.moves, TransferKind::Move),
    ] {
        for transfer in transfers {
            for chunk in transfer.uids.chunks(MAX_UIDS_PER_CALL) {
                calls.push(BridgeCall::Transfer {
                    folder: transfer.source.clone(),
                    kind,
                    request: TransferRequest {
                        uids: chunk.to_vec(),
                        to: transfer.destination.clone(),
                    },
                });
            }
        }
    }
    calls
}

/// What a run did, for the summary ("12 déplacés vers Personnel").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub moved: BTreeMap<FolderPath, u32>,
    pub copied: BTreeMap<FolderPath, u32>,
    pub marked_read: u32,
    pub marked_unread: u32,
    pub flagged: u32,
    pub unflagged: u32,
    /// Keywords added, one per message and keyword.
    pub keywords_added: u32,
    /// Keywords removed, one per message and keyword.
    pub keywords_removed: u32,
    /// Notes from the server (a move that could only copy, for instance).
    pub notes: Vec<String>,
}

impl Tally {
    /// Counts a call that succeeded; `result` is the transfer's answer.
    pub fn record(&mut self, call: &BridgeCall, result: Option<&TransferResult>) {
        match call {
            BridgeCall::Flags { change, .. } => {
                let n = count(change.uids.len());
                for flag in &change.add {
                    match flag {
                        Flag::Seen => self.marked_read += n,
                        Flag::Flagged => self.flagged += n,
                        _ => {}
                    }
                }
                for flag in &change.remove {
                    match flag {
                        Flag::Seen => self.marked_unread += n,
                        Flag::Flagged => self.unflagged += n,
                        _ => {}
                    }
                }
                let times = |keywords: &[String]| n.saturating_mul(count(keywords.len()));
                self.keywords_added += times(&change.add_keywords);
                self.keywords_removed += times(&change.remove_keywords);
            }
            BridgeCall::Transfer { request, .. } => {
                let Some(result) = result else { return };
                if let Some(moved) = result.moved.filter(|n| *n > 0) {
                    *self.moved.entry(request.to.clone()).or_default() += moved;
                }
                if let Some(copied) = result.copied.filter(|n| *n > 0) {
                    *self.copied.entry(request.to.clone()).or_default() += copied;
                }
                if let Some(note) = &result.note
                    && !self.notes.contains(note)
                {
                    self.notes.push(note.clone());
                }
            }
        }
    }

    /// Whether nothing was done.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
            && self.copied.is_empty()
            && self.marked_read == 0
            && self.marked_unread == 0
            && self.flagged == 0
            && self.unflagged == 0
            && self.keywords_added == 0
            && self.keywords_removed == 0
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The messages a successful call took out of its folder (so the list drops their rows):
/// a move, unless the server could only copy.
pub fn removed_by(call: &BridgeCall, result: &TransferResult) -> Option<(FolderPath, Vec<Uid>)> {
    match call {
        BridgeCall::Transfer {
            folder,
            kind: TransferKind::Move,
            request,
        } if result.method != TransferMethod::CopyOnly => {
            Some((folder.clone(), request.uids.clone()))
        }
        _ => None,
    }
}

/// The header fields from the bridge as the engine takes them (`MessageFacts::headers`).
pub fn header_pairs(headers: MessageHeaders) -> Vec<(String, String)> {
    headers
        .headers
        .into_iter()
        .map(|field| (field.name, field.value))
        .collect()
}

/// The newest UID a folder page says exists: everything up to it is "already there".
pub fn newest_uid(page: &MessagePage) -> Uid {
    let listed = page.messages.iter().map(|m| m.uid).max().unwrap_or(Uid(0));
    let before_next = page.uid_next.map_or(Uid(0), |n| Uid(n.0.saturating_sub(1)));
    listed.max(before_next)
}

/// The alerts of a run over messages already in place: only for messages the run changes.
/// Running the rules again over a folder must not alert again for mail already filed
/// (its outcome changes nothing, see `Outcome::changes_nothing`).
pub fn alerts_for_changed(plan: &Plan) -> Vec<PlannedAlert> {
    let mut changed: BTreeSet<(&FolderPath, Uid)> = BTreeSet::new();
    for change in &plan.flag_changes {
        changed.extend(change.uids.iter().map(|u| (&change.folder, *u)));
    }
    for change in &plan.keyword_changes {
        changed.extend(change.uids.iter().map(|u| (&change.folder, *u)));
    }
    for transfer in plan.copies.iter().chain(&plan.moves) {
        changed.extend(transfer.uids.iter().map(|u| (&transfer.source, *u)));
    }
    plan.alerts
        .iter()
        .filter(|a| changed.contains(&(&a.message.folder, a.message.uid)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::UidValidity;
    use facteur_model::message::{Address, MessageSummary};
    use facteur_model::{Timestamp, message::Flag};
    use facteur_rules::{CompiledRuleSet, Context, MessageFacts, RuleSet, plan, templates};

    fn folder(name: &str) -> FolderPath {
        FolderPath(name.to_owned())
    }

    fn summary(uid: u32, from: &str, flags: Vec<Flag>) -> MessageSummary {
        MessageSummary {
            from: Some(Address {
                name: None,
                email: from.to_owned(),
            }),
            to: vec![Address {
                name: None,
                email: "me@home.test".into(),
            }],
            subject: format!("Sujet {uid}"),
            date: Some(Timestamp(1_800_000_000)),
            received: Timestamp(1_800_000_000),
            flags,
            size: 100,
            ..crate::test_messages::summary(uid)
        }
    }

    fn context() -> Context {
        Context {
            now: Timestamp(1_800_000_100),
            identities: vec!["me@home.test".into()],
            utc_offset_seconds: 3600,
            trash: folder("Trash"),
        }
    }

    fn founding_rules() -> CompiledRuleSet {
        let mut read_pro = templates::professional(
            "Pro",
            &["acme-industrie.test".into()],
            folder("Professionnel"),
        );
        read_pro.actions.push(facteur_rules::Action::MarkRead);
        read_pro.actions.push(facteur_rules::Action::Flag);
        CompiledRuleSet::new(&RuleSet::new(vec![
            templates::notes_to_self(folder("Personnel")),
            read_pro,
        ]))
        .unwrap()
    }

    fn facts(messages: &[MessageSummary], in_folder: &str) -> Vec<MessageFacts> {
        messages
            .iter()
            .map(|m| MessageFacts::from_summary(m, folder(in_folder)))
            .collect()
    }

    #[test]
    fn a_plan_becomes_flags_then_copies_then_moves() {
        let inbox = [
            summary(1, "me@home.test", vec![]),
            summary(2, "boss@acme-industrie.test", vec![]),
            summary(3, "ami@ailleurs.test", vec![]),
            summary(4, "rh@acme-industrie.test", vec![Flag::Seen]),
        ];
        let plan = plan(&founding_rules(), &facts(&inbox, "INBOX"), &context());
        let calls = bridge_calls(&plan);
        assert_eq!(
            calls,
            [
                // Both messages get \Flagged; only the unread one gets \Seen.
                BridgeCall::Flags {
                    folder: folder("INBOX"),
                    change: FlagChange {
                        uids: vec![Uid(2)],
                        add: vec![Flag::Seen],
                        remove: vec![],
                        ..FlagChange::default()
                    },
                },
                BridgeCall::Flags {
                    folder: folder("INBOX"),
                    change: FlagChange {
                        uids: vec![Uid(2), Uid(4)],
                        add: vec![Flag::Flagged],
                        remove: vec![],
                        ..FlagChange::default()
                    },
                },
                BridgeCall::Transfer {
                    folder: folder("INBOX"),
                    kind: TransferKind::Move,
                    request: TransferRequest {
                        uids: vec![Uid(1)],
                        to: folder("Personnel"),
                    },
                },
                BridgeCall::Transfer {
                    folder: folder("INBOX"),
                    kind: TransferKind::Move,
                    request: TransferRequest {
                        uids: vec![Uid(2), Uid(4)],
                        to: folder("Professionnel"),
                    },
                },
            ]
        );
    }

    #[test]
    fn keyword_actions_become_keyword_changes() {
        let tag = |id: &str, from: &str, action: facteur_rules::Action| facteur_rules::Rule {
            id: id.into(),
            name: id.into(),
            enabled: true,
            match_kind: facteur_rules::MatchKind::All,
            conditions: vec![facteur_rules::Condition::text(
                facteur_rules::Field::From,
                facteur_rules::Operator::Contains,
                from,
            )],
            actions: vec![action],
            stop_after: false,
        };
        let rules = CompiledRuleSet::new(&RuleSet::new(vec![
            tag(
                "pro",
                "acme",
                facteur_rules::Action::AddKeyword("Travail".into()),
            ),
            tag(
                "pro-label",
                "acme",
                facteur_rules::Action::AddKeyword("$Label1".into()),
            ),
            tag(
                "old",
                "ailleurs",
                facteur_rules::Action::RemoveKeyword("$Todo".into()),
            ),
            tag("flag", "acme", facteur_rules::Action::Flag),
        ]))
        .unwrap();
        let mut tagged = summary(3, "ami@ailleurs.test", vec![]);
        tagged.keywords = vec!["$todo".into()];
        let mut done = summary(4, "rh@acme-industrie.test", vec![Flag::Flagged]);
        // Already tagged "Travail" (keywords compare case-insensitively): only $Label1.
        done.keywords = vec!["travail".into()];
        let inbox = [
            summary(2, "boss@acme-industrie.test", vec![]),
            tagged,
            done,
            summary(5, "ami@ailleurs.test", vec![]),
        ];
        let planned = plan(&rules, &facts(&inbox, "INBOX"), &context());
        let calls = bridge_calls(&planned);
        let keywords = |uids: &[u32], add: &[&str], remove: &[&str]| BridgeCall::Flags {
            folder: folder("INBOX"),
            change: FlagChange {
                uids: uids.iter().copied().map(Uid).collect(),
                add_keywords: add.iter().map(|k| (*k).to_owned()).collect(),
                remove_keywords: remove.iter().map(|k| (*k).to_owned()).collect(),
                ..FlagChange::default()
            },
        };
        assert_eq!(
            calls,
            [
                BridgeCall::Flags {
                    folder: folder("INBOX"),
                    change: FlagChange {
                        uids: vec![Uid(2)],
                        add: vec![Flag::Flagged],
                        ..FlagChange::default()
                    },
                },
                // Keywords travel apart from flags, one call per set of messages.
                keywords(&[2], &["Travail"], &[]),
                keywords(&[2, 4], &["$Label1"], &[]),
                keywords(&[3], &[], &["$Todo"]),
            ]
        );
        let mut tally = Tally::default();
        for call in &calls {
            tally.record(call, None);
        }
        assert_eq!((tally.keywords_added, tally.keywords_removed), (3, 1));
        assert_eq!(tally.flagged, 1);
        assert!(!tally.is_empty());
        // Applied, the plan is empty the second time.
        let mut after = inbox.clone();
        after[0].keywords = vec!["Travail".into(), "$Label1".into()];
        after[0].flags = vec![Flag::Flagged];
        after[1].keywords.clear();
        after[2].keywords.push("$Label1".into());
        let again = plan(&rules, &facts(&after, "INBOX"), &context());
        assert!(bridge_calls(&again).is_empty(), "{again:?}");
    }

    #[test]
    fn fetched_headers_reach_header_conditions() {
        use facteur_model::folder_ops::HeaderField;
        let rules = CompiledRuleSet::new(&RuleSet::new(vec![facteur_rules::Rule {
            id: "spam".into(),
            name: "Spam".into(),
            enabled: true,
            match_kind: facteur_rules::MatchKind::All,
            conditions: vec![facteur_rules::Condition::text(
                facteur_rules::Field::Header("x-spam-flag".into()),
                facteur_rules::Operator::Is,
                "yes",
            )],
            actions: vec![facteur_rules::Action::MoveTo(folder("Junk"))],
            stop_after: false,
        }]))
        .unwrap();
        assert!(rules.needs_headers());
        let mut facts = facts(&[summary(7, "x@spam.test", vec![])], "INBOX");
        assert!(plan(&rules, &facts, &context()).moves.is_empty());
        facts[0].headers = header_pairs(MessageHeaders {
            uid: Uid(7),
            headers: vec![HeaderField {
                name: "X-Spam-Flag".into(),
                value: "YES".into(),
            }],
            truncated: false,
        });
        assert_eq!(
            plan(&rules, &facts, &context()).moved_counts(),
            [(folder("Junk"), 1)]
        );
    }

    #[test]
    fn big_batches_are_split() {
        let many: Vec<_> = (1..=1200)
            .map(|uid| summary(uid, "me@home.test", vec![Flag::Seen]))
            .collect();
        let plan = plan(&founding_rules(), &facts(&many, "INBOX"), &context());
        let calls = bridge_calls(&plan);
        let sizes: Vec<usize> = calls
            .iter()
            .map(|c| match c {
                BridgeCall::Transfer { request, .. } => request.uids.len(),
                BridgeCall::Flags { change, .. } => change.uids.len(),
            })
            .collect();
        assert_eq!(sizes, [500, 500, 200]);
    }

    #[test]
    fn the_tally_counts_per_destination_and_keeps_notes() {
        let mut tally = Tally::default();
        let moved = |to: &str, n: u32| BridgeCall::Transfer {
            folder: folder("INBOX"),
            kind: TransferKind::Move,
            request: TransferRequest {
                uids: (1..=n).map(Uid).collect(),
                to: folder(to),
            },
        };
        let result =
            |moved: Option<u32>, copied: Option<u32>, method, note: Option<&str>| TransferResult {
                moved,
                copied,
                method,
                already_gone: 0,
                note: note.map(str::to_owned),
            };
        let first = moved("Personnel", 3);
        let done = result(Some(3), None, TransferMethod::Move, None);
        tally.record(&first, Some(&done));
        assert_eq!(
            removed_by(&first, &done),
            Some((folder("INBOX"), vec![Uid(1), Uid(2), Uid(3)]))
        );
        tally.record(
            &moved("Personnel", 9),
            Some(&result(Some(9), None, TransferMethod::CopyExpunge, None)),
        );
        let copy_only = moved("Professionnel", 2);
        let only_copied = result(
            None,
            Some(2),
            TransferMethod::CopyOnly,
            Some("originals kept"),
        );
        tally.record(&copy_only, Some(&only_copied));
        assert_eq!(removed_by(&copy_only, &only_copied), None);
        tally.record(
            &BridgeCall::Flags {
                folder: folder("INBOX"),
                change: FlagChange {
                    uids: vec![Uid(1), Uid(2)],
                    add: vec![Flag::Seen, Flag::Flagged],
                    remove: vec![],
                    ..FlagChange::default()
                },
            },
            None,
        );
        assert_eq!(tally.moved.get(&folder("Personnel")), Some(&12));
        assert_eq!(tally.copied.get(&folder("Professionnel")), Some(&2));
        assert_eq!((tally.marked_read, tally.flagged), (2, 2));
        assert_eq!(tally.notes, ["originals kept"]);
        assert!(!tally.is_empty());
        assert!(Tally::default().is_empty());
    }

    #[test]
    fn the_newest_uid_comes_from_uidnext_or_the_list() {
        let page = |uid_next: Option<u32>, uids: &[u32]| MessagePage {
            folder: folder("INBOX"),
            uid_validity: UidValidity(1),
            uid_next: uid_next.map(Uid),
            total: uids.len() as u32,
            messages: uids
                .iter()
                .map(|u| summary(*u, "a@b.test", vec![]))
                .collect(),
            next_before: None,
            next_after: None,
        };
        assert_eq!(newest_uid(&page(Some(1), &[])), Uid(0));
        assert_eq!(newest_uid(&page(Some(8), &[7, 3])), Uid(7));
        assert_eq!(newest_uid(&page(Some(20), &[7])), Uid(19));
        assert_eq!(newest_uid(&page(None, &[4, 9])), Uid(9));
        assert_eq!(newest_uid(&page(None, &[])), Uid(0));
    }

    #[test]
    fn running_again_over_filed_mail_does_not_alert_again() {
        // A note already in Personnel: the rule would move it where it is, so no alert.
        let filed = [summary(5, "me@home.test", vec![])];
        let plan_filed = plan(&founding_rules(), &facts(&filed, "Personnel"), &context());
        assert_eq!(plan_filed.alerts.len(), 1, "the engine renders it");
        assert!(alerts_for_changed(&plan_filed).is_empty());
        // The same note in the inbox is moved, and alerts.
        let plan_new = plan(&founding_rules(), &facts(&filed, "INBOX"), &context());
        let alerts = alerts_for_changed(&plan_new);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].text, "Note à moi-même : Sujet 5");
    }
}
