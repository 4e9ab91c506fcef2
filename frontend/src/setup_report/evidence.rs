//! The sections of the report that carry proof: folders on the server, each rule with
//! where it runs and what it was seen doing, the connection and delivery checks. Only what
//! the app observed counts as checked; anything else says how to check it.

use super::in_words::rule_in_words;
use super::{Block, Check, CheckStatus, ReportInput, ReportSection};
use crate::i18n::dossier_text::{self as words, RuleSeen};
use crate::i18n::{self, DossierText, Locale, SetupText};
use crate::rule_checks::RuleCheck;
use crate::settings::ReadReceiptPolicy;
use crate::stores::rules_exec::Tally;
use facteur_delivery::{DeliveryView, RecipientStatus};
use facteur_model::calendar::UtcOffset;
use facteur_model::folder::Folder;
use facteur_model::{FolderPath, Timestamp};
use facteur_rules::{Action, Rule};

/// The last « run rules now » of the session.
#[derive(Debug, Clone, Copy)]
pub struct RunSeen<'a> {
    pub folder: &'a FolderPath,
    pub examined: u32,
    pub tally: &'a Tally,
    /// Whether it ended without error (and was not cancelled).
    pub clean: bool,
}

/// What the ManageSieve service said when the report asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SieveSeen {
    Loading,
    Unavailable {
        port: u16,
    },
    Available {
        port: u16,
        active: Option<String>,
        /// The active script is Facteur's and is the export of the current rules.
        same_as_rules: bool,
    },
}

/// A sent message that asked for delivery status, with what the reports said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub subject: String,
    /// When the Sent copy was stored.
    pub sent_at: Timestamp,
    pub view: DeliveryView,
}

/// The sent messages, as far as the report could read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SentSeen {
    Loading,
    Unreadable,
    Found(Vec<SentMessage>),
}

/// Whether an installed script is the export of the current rules (line ends aside).
pub fn same_script(installed: &str, exported: &str) -> bool {
    let lines = |s: &str| {
        s.lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    lines(installed) == lines(exported)
}

/// The name the app shows for `path` (« Boîte de réception » for INBOX).
pub fn folder_label(locale: Locale, path: &FolderPath, folders: &[Folder]) -> String {
    match folders.iter().find(|f| &f.path == path) {
        Some(Folder {
            role: Some(role), ..
        }) => i18n::folder_role(locale, *role).to_owned(),
        Some(folder) => folder.name.clone(),
        None if *path == FolderPath::inbox() => {
            i18n::folder_role(locale, facteur_model::folder::FolderRole::Inbox).to_owned()
        }
        None => path.as_str().to_owned(),
    }
}

/// The Sieve row of the servers table.
pub fn sieve_line(locale: Locale, input: &ReportInput<'_>) -> String {
    let host = &input.account.imap.host;
    match input.sieve {
        SieveSeen::Loading => DossierText::Loading.get(locale).to_owned(),
        SieveSeen::Unavailable { port } => format!(
            "{host}:{port} — {}",
            DossierText::SieveUnavailable.get(locale)
        ),
        SieveSeen::Available { port, active, .. } => {
            format!(
                "{host} — {}",
                words::sieve_seen(locale, *port, active.as_deref())
            )
        }
    }
}

/// Proof that the account reads and sends: folders listed, a send accepted.
pub fn connection_checks(
    locale: Locale,
    input: &ReportInput<'_>,
    zone: &impl UtcOffset,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    blocks.push(Block::Check(if input.folders.is_empty() {
        Check {
            status: CheckStatus::Failed,
            text: words::imap_not_seen(locale).to_owned(),
        }
    } else {
        Check {
            status: CheckStatus::Passed,
            text: words::imap_seen(
                locale,
                input.folders.len(),
                &i18n::time_of_day(input.generated_at, zone),
            ),
        }
    }));
    let newest = match input.sent {
        SentSeen::Found(sent) => sent.first(),
        _ => None,
    };
    blocks.push(Block::Check(match newest {
        Some(sent) => Check {
            status: CheckStatus::Passed,
            text: words::smtp_seen(
                locale,
                &sent.subject,
                &i18n::time_of_day(sent.sent_at, zone),
            ),
        },
        None => Check {
            status: CheckStatus::NotDone,
            text: words::smtp_not_seen(locale).to_owned(),
        },
    }));
    blocks
}

/// The folders as the server listed them, and the ones rules file into checked.
pub fn folders_section(locale: Locale, input: &ReportInput<'_>) -> ReportSection {
    let mut section = ReportSection::new("folders", DossierText::FoldersHeading.get(locale));
    if input.folders.is_empty() {
        section.blocks.push(Block::Paragraph(
            SetupText::ReportNoFolders.get(locale).to_owned(),
        ));
        return section;
    }
    section.blocks.push(Block::Subheading(
        DossierText::FoldersListed.get(locale).to_owned(),
    ));
    section.blocks.push(Block::List(
        input
            .folders
            .iter()
            .map(|folder| folder_line(locale, folder))
            .collect(),
    ));
    let mut destinations: Vec<&FolderPath> = Vec::new();
    for rule in input.settings.iter().flat_map(|s| &s.rules.rules) {
        for action in &rule.actions {
            if let Action::MoveTo(to) | Action::CopyTo(to) = action
                && !destinations.contains(&to)
            {
                destinations.push(to);
            }
        }
    }
    for destination in destinations {
        let present = input.folders.iter().any(|f| &f.path == destination);
        section.blocks.push(Block::Check(Check {
            status: if present {
                CheckStatus::Passed
            } else {
                CheckStatus::Failed
            },
            text: words::folder_present(
                locale,
                &folder_label(locale, destination, input.folders),
                present,
            ),
        }));
    }
    section
}

fn folder_line(locale: Locale, folder: &Folder) -> String {
    let indent = "  ".repeat(usize::from(folder.depth));
    match folder.role {
        Some(role) => format!(
            "{indent}{} ({})",
            folder.path.as_str(),
            i18n::folder_role(locale, role)
        ),
        None => format!("{indent}{}", folder.path.as_str()),
    }
}

/// Each rule: in words, where it runs, and what it was seen doing.
pub fn rules_section(
    locale: Locale,
    input: &ReportInput<'_>,
    zone: &impl UtcOffset,
) -> ReportSection {
    let mut section = ReportSection::new("rules", DossierText::RulesHeading.get(locale));
    let Some(settings) = input.settings else {
        section.blocks.push(Block::Paragraph(
            SetupText::ReportSettingsUnavailable.get(locale).to_owned(),
        ));
        return section;
    };
    if settings.rules.rules.is_empty() {
        section.blocks.push(Block::Paragraph(
            SetupText::ReportNoRules.get(locale).to_owned(),
        ));
    }
    let runs = match input.sieve {
        SieveSeen::Available {
            active: Some(name),
            same_as_rules,
            ..
        } if name == facteur_model::sieve::SCRIPT_NAME => {
            if *same_as_rules {
                DossierText::RunsAlsoSieve
            } else {
                DossierText::SieveOutdated
            }
        }
        _ => DossierText::RunsInBrowser,
    };
    for rule in &settings.rules.rules {
        section.blocks.push(Block::Subheading(rule.name.clone()));
        section
            .blocks
            .push(Block::Paragraph(rule_in_words(locale, rule)));
        if !rule.enabled {
            section.blocks.push(Block::Paragraph(
                DossierText::RuleDisabledCheck.get(locale).to_owned(),
            ));
            continue;
        }
        section
            .blocks
            .push(Block::Paragraph(runs.get(locale).to_owned()));
        section
            .blocks
            .extend(rule_checks(locale, rule, input, zone));
    }
    if let Some(run) = input.last_run {
        let done = i18n::tally_lines(locale, run.tally);
        let folder = folder_label(locale, run.folder, input.folders);
        section.blocks.push(Block::Check(Check {
            status: if run.clean {
                CheckStatus::Passed
            } else {
                CheckStatus::Failed
            },
            text: words::run_now_seen(locale, &folder, run.examined, &done),
        }));
    }
    section
}

fn rule_checks(
    locale: Locale,
    rule: &Rule,
    input: &ReportInput<'_>,
    zone: &impl UtcOffset,
) -> Vec<Block> {
    let seen: Vec<&RuleCheck> = input
        .checks
        .iter()
        .filter(|c| c.rule_id == rule.id)
        .collect();
    if seen.is_empty() {
        return vec![Block::Check(Check {
            status: CheckStatus::NotDone,
            text: DossierText::RuleNotChecked.get(locale).to_owned(),
        })];
    }
    seen.into_iter()
        .map(|check| {
            let source = folder_label(locale, &check.source, input.folders);
            let moved_to = check
                .moved_to
                .as_ref()
                .map(|to| folder_label(locale, to, input.folders));
            let text = words::rule_seen(
                locale,
                &RuleSeen {
                    subject: &check.subject,
                    sent: check.sent_at.map(|at| i18n::time_of_day(at, zone)),
                    received: i18n::time_of_day(check.received_at, zone),
                    source: &source,
                    moved_to: moved_to.as_deref(),
                    acted: i18n::time_of_day(check.acted_at, zone),
                    alert: check.alert.as_deref(),
                },
            );
            Block::Check(Check {
                status: CheckStatus::Passed,
                text,
            })
        })
        .collect()
}

/// Delivery-status and read-receipt settings, and the reports of real sends.
pub fn delivery_section(
    locale: Locale,
    input: &ReportInput<'_>,
    zone: &impl UtcOffset,
) -> ReportSection {
    let d = |text: DossierText| text.get(locale);
    let mut section = ReportSection::new("delivery", d(DossierText::DeliveryHeading));
    if let Some(settings) = input.settings {
        let dsn = if settings.request_dsn_by_default {
            SetupText::Yes
        } else {
            SetupText::No
        };
        let receipts = match settings.read_receipts {
            ReadReceiptPolicy::Ask => DossierText::ReceiptsAsk,
            ReadReceiptPolicy::Never => DossierText::ReceiptsNever,
            ReadReceiptPolicy::Always => DossierText::ReceiptsAlways,
        };
        section.blocks.push(Block::Rows(vec![
            (
                d(DossierText::DsnDefault).to_owned(),
                dsn.get(locale).to_owned(),
            ),
            (
                d(DossierText::ReadReceipts).to_owned(),
                d(receipts).to_owned(),
            ),
        ]));
    }
    match input.sent {
        SentSeen::Loading => section
            .blocks
            .push(Block::Paragraph(d(DossierText::DeliveryLoading).to_owned())),
        SentSeen::Unreadable => section.blocks.push(Block::Check(Check {
            status: CheckStatus::Failed,
            text: d(DossierText::DeliveryUnreadable).to_owned(),
        })),
        SentSeen::Found(sent) => {
            let asked: Vec<&SentMessage> = sent.iter().filter(|s| s.view.dsn_requested).collect();
            if asked.is_empty() {
                section.blocks.push(Block::Check(Check {
                    status: CheckStatus::NotDone,
                    text: d(DossierText::DeliveryNotChecked).to_owned(),
                }));
            }
            for message in asked {
                section
                    .blocks
                    .push(Block::Check(delivery_check(locale, message, zone)));
            }
        }
    }
    section
}

fn delivery_check(locale: Locale, message: &SentMessage, zone: &impl UtcOffset) -> Check {
    let recipients: Vec<String> = message
        .view
        .recipients
        .iter()
        .map(|r| {
            format!(
                "{}{}{}",
                r.recipient,
                locale.pick(" : ", ": "),
                i18n::status_sentence(locale, &r.status, zone)
            )
        })
        .collect();
    let waiting = message
        .view
        .recipients
        .iter()
        .any(|r| r.status == RecipientStatus::Waiting);
    let mut text = words::delivery_seen(
        locale,
        &message.subject,
        &i18n::time_of_day(message.sent_at, zone),
        &recipients,
    );
    if waiting {
        text.push(' ');
        text.push_str(words::delivery_waiting(locale));
    }
    Check {
        status: if waiting {
            CheckStatus::NotDone
        } else {
            CheckStatus::Passed
        },
        text,
    }
}
