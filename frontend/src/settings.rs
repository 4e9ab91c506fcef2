//! The settings that roam with the account: rules, work domains, identities, alerts, view
//! settings and the last processed UID per folder. Stored by the bridge as one JSON
//! document in the user's own mailbox; this module is the document's shape and the pure
//! merge used when another device saved in between (natively tested).
//!
//! A save is a list of [`SettingsEdit`]s. On `settings_conflict` the browser takes the
//! other device's document, applies the same edits to it ([`rebase`]) and saves again, so
//! neither device's change is lost.
//!
//! Over 450 lines: its unit tests (edits and their rebase) live beside the code, which is
//! about 320 lines.

use facteur_model::compose::DsnNotify;
use facteur_model::{FolderPath, Uid, UidValidity};
use facteur_rules::{Rule, RuleSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How far the rules have processed one folder: every UID up to `last_uid` (in this
/// UIDVALIDITY) has been seen, by this device or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessedMark {
    pub uid_validity: UidValidity,
    pub last_uid: Uid,
}

impl ProcessedMark {
    /// The mark after also seeing `other`: the highest UID of one UIDVALIDITY; a mark of
    /// another UIDVALIDITY (the folder was recreated) replaces this one.
    pub fn advanced(self, other: ProcessedMark) -> ProcessedMark {
        if self.uid_validity == other.uid_validity {
            ProcessedMark {
                uid_validity: self.uid_validity,
                last_uid: self.last_uid.max(other.last_uid),
            }
        } else {
            other
        }
    }

    /// Where to continue in a folder whose UIDVALIDITY is now `current`: after
    /// `last_uid`, or nowhere (`None`: the UIDs changed meaning, start again from the
    /// newest message) when the UIDVALIDITY changed.
    pub fn continue_after(mark: Option<&ProcessedMark>, current: UidValidity) -> Option<Uid> {
        mark.filter(|m| m.uid_validity == current)
            .map(|m| m.last_uid)
    }
}

/// How the mailbox is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    /// The message list arranged by day (Aujourd'hui, Hier, weekdays, dates).
    pub arranged_by_day: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            arranged_by_day: true,
        }
    }
}

/// An address the user sends from, with its display name and signature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendingIdentity {
    /// The From address.
    pub email: String,
    /// The display name shown to recipients, e.g. « Marie Dupont ».
    pub name: String,
    /// Plain-text signature appended under `-- ` to new messages and replies.
    pub signature: String,
}

/// What to do when a received message asks for a read receipt (RFC 8098 requires the
/// user's consent unless they chose "always").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadReceiptPolicy {
    /// Ask each time the message is opened.
    #[default]
    Ask,
    /// Never send one (the request is declined silently).
    Never,
    /// Always send one when the message is opened.
    Always,
}

/// The roaming settings document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Format version, for later migrations.
    pub version: u32,
    pub rules: RuleSet,
    /// Domains whose mail is professional (the « Courrier professionnel » template).
    pub work_domains: Vec<String>,
    /// The user's addresses besides the account's own, for "from me" / "to me".
    pub extra_identities: Vec<String>,
    /// The identities the composer offers, with their signatures; the account address is
    /// always offered, first, even when not listed.
    pub sending_identities: Vec<SendingIdentity>,
    /// How read-receipt requests are answered.
    pub read_receipts: ReadReceiptPolicy,
    /// Whether new messages ask for delivery receipts by default.
    pub request_dsn_by_default: bool,
    /// Which delivery receipts they ask for: failures and delays, or successes too
    /// (absent from settings saved before the choice existed: failures and delays).
    pub dsn_notify_by_default: DsnNotify,
    /// Whether rule alerts are shown.
    pub alerts_enabled: bool,
    /// Whether the browser's notification permission was asked already.
    pub notifications_asked: bool,
    /// Last processed UID per folder path.
    pub processed: BTreeMap<String, ProcessedMark>,
    pub view: ViewSettings,
    /// Members written by a newer version of the app, kept as they are.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl Settings {
    /// The format version this app writes.
    pub const CURRENT_VERSION: u32 = 1;

    /// Reads the stored document; `null` (never saved) gives the defaults.
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        if value.is_null() {
            return Ok(Settings::default());
        }
        serde_json::from_value(value.clone()).map_err(|e| e.to_string())
    }

    /// The document to store.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The mark of `folder`, if it was ever processed.
    pub fn mark(&self, folder: &FolderPath) -> Option<&ProcessedMark> {
        self.processed.get(folder.as_str())
    }

    /// The user's identities: the account address first, then the extra ones.
    pub fn identities(&self, account: &str) -> Vec<String> {
        let mut all = vec![account.to_owned()];
        for extra in &self.extra_identities {
            let extra = extra.trim();
            if !extra.is_empty() && !all.iter().any(|a| a.eq_ignore_ascii_case(extra)) {
                all.push(extra.to_owned());
            }
        }
        all
    }

    /// Whether some enabled rule exists.
    pub fn has_enabled_rules(&self) -> bool {
        self.rules.rules.iter().any(|r| r.enabled)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: Settings::CURRENT_VERSION,
            rules: RuleSet::new(Vec::new()),
            work_domains: Vec::new(),
            extra_identities: Vec::new(),
            sending_identities: Vec::new(),
            read_receipts: ReadReceiptPolicy::Ask,
            request_dsn_by_default: true,
            dsn_notify_by_default: DsnNotify::FailureAndDelay,
            alerts_enabled: true,
            notifications_asked: false,
            processed: BTreeMap::new(),
            view: ViewSettings::default(),
            other: serde_json::Map::new(),
        }
    }
}

/// One change the user (or the rules runner) made, re-playable on another version of the
/// document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsEdit {
    /// Adds the rule, or replaces the rule with the same id where it stands.
    UpsertRule(Rule),
    RemoveRule(String),
    /// Moves a rule one place up (earlier) or down.
    MoveRule {
        id: String,
        up: bool,
    },
    /// Appends rules (from a template or an import), giving them ids unused in the set.
    AddRules(Vec<Rule>),
    SetWorkDomains(Vec<String>),
    SetExtraIdentities(Vec<String>),
    SetAlertsEnabled(bool),
    SetSendingIdentities(Vec<SendingIdentity>),
    SetReadReceipts(ReadReceiptPolicy),
    SetRequestDsnByDefault(bool),
    /// Whether new messages ask for a receipt of each successful delivery too.
    SetDsnNotifyByDefault(DsnNotify),
    NotificationsAsked,
    /// The rules processed `folder` up to the mark.
    Processed {
        folder: FolderPath,
        mark: ProcessedMark,
    },
    SetView(ViewSettings),
}

impl SettingsEdit {
    /// Applies the edit to `settings`.
    pub fn apply(&self, settings: &mut Settings) {
        let rules = &mut settings.rules.rules;
        match self {
            SettingsEdit::UpsertRule(rule) => match rules.iter_mut().find(|r| r.id == rule.id) {
                Some(existing) => *existing = rule.clone(),
                None => rules.push(rule.clone()),
            },
            SettingsEdit::RemoveRule(id) => rules.retain(|r| r.id != *id),
            SettingsEdit::MoveRule { id, up } => {
                if let Some(index) = rules.iter().position(|r| r.id == *id) {
                    let target = if *up {
                        index.checked_sub(1)
                    } else {
                        Some(index + 1).filter(|t| *t < rules.len())
                    };
                    if let Some(target) = target {
                        rules.swap(index, target);
                    }
                }
            }
            SettingsEdit::AddRules(added) => {
                for rule in added {
                    let mut rule = rule.clone();
                    rule.id = unique_rule_id(&settings.rules, &rule.id);
                    settings.rules.rules.push(rule);
                }
            }
            SettingsEdit::SetWorkDomains(domains) => settings.work_domains = domains.clone(),
            SettingsEdit::SetExtraIdentities(extra) => settings.extra_identities = extra.clone(),
            SettingsEdit::SetAlertsEnabled(on) => settings.alerts_enabled = *on,
            SettingsEdit::SetSendingIdentities(identities) => {
                settings.sending_identities = identities.clone()
            }
            SettingsEdit::SetReadReceipts(policy) => settings.read_receipts = *policy,
            SettingsEdit::SetRequestDsnByDefault(on) => settings.request_dsn_by_default = *on,
            SettingsEdit::SetDsnNotifyByDefault(notify) => settings.dsn_notify_by_default = *notify,
            SettingsEdit::NotificationsAsked => settings.notifications_asked = true,
            SettingsEdit::Processed { folder, mark } => {
                let entry = settings.processed.entry(folder.as_str().to_owned());
                entry
                    .and_modify(|m| *m = m.advanced(*mark))
                    .or_insert(*mark);
            }
            SettingsEdit::SetView(view) => settings.view = view.clone(),
        }
    }
}

/// The document to save after a conflict: the other device's `server` version with our
/// unsaved `edits` applied again, and our processed marks carried over where they are
/// further along (marks only ever advance, so merging them is safe in any order).
pub fn rebase(server: &Settings, local: &Settings, edits: &[SettingsEdit]) -> Settings {
    let mut merged = server.clone();
    for edit in edits {
        edit.apply(&mut merged);
    }
    for (folder, mark) in &local.processed {
        match merged.processed.get_mut(folder) {
            Some(theirs) if theirs.uid_validity == mark.uid_validity => {
                theirs.last_uid = theirs.last_uid.max(mark.last_uid);
            }
            Some(_) => {}
            None => {
                merged.processed.insert(folder.clone(), *mark);
            }
        }
    }
    merged
}

/// The rules of `set` that file mail into `from`, changed to file it into `to` (after the
/// user renamed that folder), as edits.
pub fn follow_rename(set: &RuleSet, from: &FolderPath, to: &FolderPath) -> Vec<SettingsEdit> {
    set.rules
        .iter()
        .filter_map(|rule| {
            let mut changed = rule.clone();
            let mut touched = false;
            for action in &mut changed.actions {
                if let facteur_rules::Action::MoveTo(folder) | facteur_rules::Action::CopyTo(folder) = action
                    && folder == from
                {
                    *folder = to.clone();
                    touched = true;
                }
            }
            touched.then_some(SettingsEdit::UpsertRule(changed))
        })
        .collect()
}

/// `base`, or `base-2`, `base-3`… whichever no rule of `set` uses yet.
pub fn unique_rule_id(set: &RuleSet, base: &str) -> String {
    let base = if base.trim().is_empty() {
        "rule"
    } else {
        base.trim()
    };
    if set.rule(base).is_none() {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| set.rule(id).is_none())
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_rules::templates;

    fn mark(validity: u32, uid: u32) -> ProcessedMark {
        ProcessedMark {
            uid_validity: UidValidity(validity),
            last_uid: Uid(uid),
        }
    }

    fn inbox() -> FolderPath {
        FolderPath::inbox()
    }

    #[test]
    fn never_saved_settings_are_the_defaults_and_round_trip() {
        let settings = Settings::from_json(&serde_json::Value::Null).unwrap();
        assert_eq!(settings, Settings::default());
        assert!(settings.alerts_enabled);
        assert!(settings.view.arranged_by_day);
        let mut edited = settings.clone();
        SettingsEdit::UpsertRule(templates::notes_to_self(FolderPath("Personnel".into())))
            .apply(&mut edited);
        let back = Settings::from_json(&edited.to_json()).unwrap();
        assert_eq!(back, edited);
    }

    #[test]
    fn settings_saved_before_the_success_receipt_choice_ask_for_failures_only() {
        let stored = serde_json::json!({ "version": 1, "request_dsn_by_default": true });
        let settings = Settings::from_json(&stored).unwrap();
        assert!(settings.request_dsn_by_default);
        assert_eq!(settings.dsn_notify_by_default, DsnNotify::FailureAndDelay);
        let mut edited = settings.clone();
        SettingsEdit::SetDsnNotifyByDefault(DsnNotify::AlsoSuccess).apply(&mut edited);
        let back = Settings::from_json(&edited.to_json()).unwrap();
        assert_eq!(back.dsn_notify_by_default, DsnNotify::AlsoSuccess);
    }

    #[test]
    fn members_of_a_newer_version_survive_a_save() {
        let stored = serde_json::json!({
            "version": 1,
            "work_domains": ["acme.test"],
            "signature": "— Élodie",
        });
        let settings = Settings::from_json(&stored).unwrap();
        assert_eq!(settings.work_domains, ["acme.test"]);
        assert!(settings.rules.rules.is_empty());
        assert_eq!(settings.to_json()["signature"], "— Élodie");
    }

    #[test]
    fn marks_advance_and_reset_with_uidvalidity() {
        assert_eq!(mark(7, 10).advanced(mark(7, 4)), mark(7, 10));
        assert_eq!(mark(7, 10).advanced(mark(7, 12)), mark(7, 12));
        assert_eq!(mark(7, 10).advanced(mark(9, 2)), mark(9, 2));
        let stored = mark(7, 10);
        assert_eq!(
            ProcessedMark::continue_after(Some(&stored), UidValidity(7)),
            Some(Uid(10))
        );
        assert_eq!(
            ProcessedMark::continue_after(Some(&stored), UidValidity(8)),
            None
        );
        assert_eq!(ProcessedMark::continue_after(None, UidValidity(8)), None);
    }

    #[test]
    fn a_conflict_keeps_both_devices_changes() {
        // Device A added the notes rule; device B (the server's version) added the
        // professional rule and processed INBOX further.
        let personal = FolderPath("Personnel".into());
        let mut base = Settings::default();
        SettingsEdit::Processed {
            folder: inbox(),
            mark: mark(5, 3),
        }
        .apply(&mut base);

        let mut server = base.clone();
        SettingsEdit::UpsertRule(templates::professional(
            "Pro",
            &["acme.test".into()],
            FolderPath("Professionnel".into()),
        ))
        .apply(&mut server);
        SettingsEdit::Processed {
            folder: inbox(),
            mark: mark(5, 9),
        }
        .apply(&mut server);

        let edits = [SettingsEdit::UpsertRule(templates::notes_to_self(personal))];
        let mut local = base.clone();
        for edit in &edits {
            edit.apply(&mut local);
        }
        SettingsEdit::Processed {
            folder: FolderPath("Archives".into()),
            mark: mark(2, 40),
        }
        .apply(&mut local);

        let merged = rebase(&server, &local, &edits);
        let ids: Vec<_> = merged.rules.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["professional", "notes-to-self"]);
        assert_eq!(
            merged.mark(&inbox()),
            Some(&mark(5, 9)),
            "server was further"
        );
        assert_eq!(
            merged.mark(&FolderPath("Archives".into())),
            Some(&mark(2, 40)),
            "our mark carried over"
        );
    }

    #[test]
    fn a_local_edit_of_the_same_rule_wins_over_the_server() {
        let mut rule = templates::newsletters("Lettres", FolderPath("Lettres".into()));
        let mut server = Settings::default();
        SettingsEdit::UpsertRule(rule.clone()).apply(&mut server);
        rule.enabled = false;
        let edits = [SettingsEdit::UpsertRule(rule.clone())];
        let merged = rebase(&server, &Settings::default(), &edits);
        assert_eq!(merged.rules.rules, [rule]);
    }

    #[test]
    fn rules_move_remove_and_get_fresh_ids() {
        let mut settings = Settings::default();
        let notes = templates::notes_to_self(FolderPath("Personnel".into()));
        SettingsEdit::AddRules(vec![notes.clone(), notes.clone()]).apply(&mut settings);
        SettingsEdit::AddRules(vec![notes]).apply(&mut settings);
        let ids =
            |s: &Settings| -> Vec<String> { s.rules.rules.iter().map(|r| r.id.clone()).collect() };
        assert_eq!(
            ids(&settings),
            ["notes-to-self", "notes-to-self-2", "notes-to-self-3"]
        );
        SettingsEdit::MoveRule {
            id: "notes-to-self-3".into(),
            up: true,
        }
        .apply(&mut settings);
        assert_eq!(
            ids(&settings),
            ["notes-to-self", "notes-to-self-3", "notes-to-self-2"]
        );
        // The ends stay put.
        SettingsEdit::MoveRule {
            id: "notes-to-self".into(),
            up: true,
        }
        .apply(&mut settings);
        SettingsEdit::MoveRule {
            id: "notes-to-self-2".into(),
            up: false,
        }
        .apply(&mut settings);
        assert_eq!(
            ids(&settings),
            ["notes-to-self", "notes-to-self-3", "notes-to-self-2"]
        );
        SettingsEdit::RemoveRule("notes-to-self-3".into()).apply(&mut settings);
        assert_eq!(ids(&settings), ["notes-to-self", "notes-to-self-2"]);
    }

    #[test]
    fn rules_follow_a_renamed_folder() {
        let set = RuleSet::new(vec![
            templates::notes_to_self(FolderPath("Perso".into())),
            templates::newsletters("Lettres", FolderPath("Lettres".into())),
        ]);
        let edits = follow_rename(
            &set,
            &FolderPath("Perso".into()),
            &FolderPath("Personnel".into()),
        );
        assert_eq!(
            edits,
            [SettingsEdit::UpsertRule(templates::notes_to_self(
                FolderPath("Personnel".into())
            ))]
        );
    }

    #[test]
    fn identities_start_with_the_account() {
        let settings = Settings {
            extra_identities: vec![" moi@perso.test ".into(), "".into(), "ME@acme.test".into()],
            ..Settings::default()
        };
        assert_eq!(
            settings.identities("me@acme.test"),
            ["me@acme.test", "moi@perso.test"]
        );
    }
}
