//! The setup report, the technician's « dossier preuve » of the intervention: the client
//! chosen and why, the provider comparison, each configuration step with what Facteur saw
//! of it working (folders on the server, rules acting on real mail, delivery reports of a
//! real send), the glossary, a conclusion. Pure: the screen renders [`SetupReport`] and
//! adds the comparison and glossary components where a section asks for them; the
//! download is that rendering wrapped by [`document::standalone_html`].
//!
//! **Security invariant:** the report is built from [`SessionInfo`], the folders, the
//! roaming settings and what the app observed, none of which holds the password, so it
//! cannot leak it.

pub mod document;
pub mod evidence;
pub mod in_words;
#[cfg(test)]
mod tests;

pub use evidence::{RunSeen, SentMessage, SentSeen, SieveSeen};
pub use in_words::{condition_in_words, rule_in_words, username_form};

use crate::i18n::dossier_text::security_assessment;
use crate::i18n::setup_text::{report_footer, security_name, username_form_name};
use crate::i18n::{self, DossierText, Locale, SetupText};
use crate::rule_checks::RuleCheck;
use crate::settings::Settings;
use facteur_model::Timestamp;
use facteur_model::api::{ServerEndpoint, SessionInfo};
use facteur_model::calendar::{LocalDate, UtcOffset};
use facteur_model::folder::Folder;

/// Facteur's version, as the report states it.
pub const FACTEUR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the report is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The signed-in account (servers, username; never the password).
    pub account: &'a SessionInfo,
    /// The account's folders, in display order, as the server listed them.
    pub folders: &'a [Folder],
    /// The roaming settings (rules and view); `None` when they could not be loaded, which
    /// the report says rather than showing no rules.
    pub settings: Option<&'a Settings>,
    /// When the report is made.
    pub generated_at: Timestamp,
    /// What the rules were seen doing to real mail in this session.
    pub checks: &'a [RuleCheck],
    /// The last « run rules now », if one ran in this session.
    pub last_run: Option<RunSeen<'a>>,
    /// What the ManageSieve service said.
    pub sieve: &'a SieveSeen,
    /// The newest sent messages that asked for delivery status.
    pub sent: &'a SentSeen,
}

/// The report's content, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupReport {
    /// The language it is written in.
    pub locale: Locale,
    /// "Dossier de configuration — jean@example.fr".
    pub title: String,
    /// What the document is.
    pub intro: String,
    pub sections: Vec<ReportSection>,
    /// The closing line.
    pub footer: String,
    /// The name the downloaded file gets.
    pub file_name: String,
}

/// One part of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSection {
    /// A stable name for tests and anchors (`account`, `rules`, ...).
    pub id: &'static str,
    pub heading: String,
    pub blocks: Vec<Block>,
    /// What the screen adds after the blocks.
    pub part: Part,
}

/// A component of the app that a section shows as it is in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Nothing more.
    Text,
    /// The provider comparison table (a part of its own: it starts a page).
    Comparison,
    /// The glossary's entries (a part of its own: it starts a page).
    Glossary,
}

/// One piece of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Label and value pairs.
    Rows(Vec<(String, String)>),
    Paragraph(String),
    List(Vec<String>),
    Subheading(String),
    Check(Check),
}

/// Something the report checked, or says is still to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub status: CheckStatus,
    pub text: String,
}

/// Whether a check was seen to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStatus {
    Passed,
    Failed,
    /// Not done yet; the text says how to do it.
    NotDone,
}

impl CheckStatus {
    /// The word shown before the check.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            CheckStatus::Passed => DossierText::Passed.get(locale),
            CheckStatus::Failed => DossierText::Failed.get(locale),
            CheckStatus::NotDone => DossierText::NotDone.get(locale),
        }
    }

    /// The CSS class of the check.
    pub fn class(self) -> &'static str {
        match self {
            CheckStatus::Passed => "check check-passed",
            CheckStatus::Failed => "check check-failed",
            CheckStatus::NotDone => "check check-not-done",
        }
    }
}

impl ReportSection {
    fn new(id: &'static str, heading: &str) -> Self {
        ReportSection {
            id,
            heading: heading.to_owned(),
            blocks: Vec::new(),
            part: Part::Text,
        }
    }

    fn rows(mut self, rows: Vec<(&str, String)>) -> Self {
        let rows = rows.into_iter().map(|(l, v)| (l.to_owned(), v)).collect();
        self.blocks.push(Block::Rows(rows));
        self
    }

    fn paragraph(mut self, text: &str) -> Self {
        self.blocks.push(Block::Paragraph(text.to_owned()));
        self
    }

    /// Every check of the section.
    pub fn checks(&self) -> impl Iterator<Item = &Check> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Check(check) => Some(check),
            _ => None,
        })
    }
}

/// Builds the report in `locale`, dating it in the user's time zone.
pub fn build(locale: Locale, input: ReportInput<'_>, zone: &impl UtcOffset) -> SetupReport {
    let t = |text: SetupText| text.get(locale);
    let d = |text: DossierText| text.get(locale);
    let account = input.account;
    let email = account.email.to_string();
    let form = username_form(&email, &account.username);

    let general = ReportSection::new("account", t(SetupText::ReportAccount)).rows(vec![
        (
            t(SetupText::ReportDate),
            i18n::full_date_time(locale, input.generated_at, zone),
        ),
        (t(SetupText::ReportAddress), email.clone()),
        (t(SetupText::ReportUsername), account.username.clone()),
        (
            t(SetupText::ReportUsernameForm),
            username_form_name(locale, form).to_owned(),
        ),
        (
            t(SetupText::ReportPassword),
            t(SetupText::ReportPasswordNotNoted).to_owned(),
        ),
        (t(SetupText::ReportVersion), FACTEUR_VERSION.to_owned()),
    ]);

    let mut client = ReportSection::new("client", d(DossierText::ClientHeading))
        .paragraph(d(DossierText::ClientChosen));
    client.blocks.push(Block::List(
        [
            DossierText::ClientWhyNothingToInstall,
            DossierText::ClientWhyImap,
            DossierText::ClientWhyRules,
            DossierText::ClientWhyDelivery,
        ]
        .into_iter()
        .map(|text| d(text).to_owned())
        .collect(),
    ));
    let mut comparison = ReportSection::new("comparison", d(DossierText::ComparisonHeading))
        .paragraph(d(DossierText::ComparisonIntro));
    comparison.part = Part::Comparison;

    let servers = servers_section(locale, &input, zone);
    let folders = evidence::folders_section(locale, &input);
    let rules = evidence::rules_section(locale, &input, zone);
    let by_day = match input.settings {
        Some(settings) if settings.view.arranged_by_day => SetupText::Yes,
        Some(_) => SetupText::No,
        None => SetupText::NotKnown,
    };
    let view = ReportSection::new("view", d(DossierText::ViewHeading))
        .rows(vec![(
            t(SetupText::ReportArrangedByDay),
            t(by_day).to_owned(),
        )])
        .paragraph(d(DossierText::ByDayExplained));
    let delivery = evidence::delivery_section(locale, &input, zone);
    let mut glossary = ReportSection::new("glossary", d(DossierText::GlossaryHeading));
    glossary.part = Part::Glossary;

    let mut sections = vec![
        general, client, comparison, servers, folders, rules, view, delivery, glossary,
    ];
    sections.push(conclusion(locale, &sections));
    SetupReport {
        locale,
        title: format!("{} — {email}", d(DossierText::Title)),
        intro: d(DossierText::Intro).to_owned(),
        sections,
        footer: report_footer(locale, FACTEUR_VERSION),
        file_name: document::file_name(&email, LocalDate::of(input.generated_at, zone)),
    }
}

fn servers_section(
    locale: Locale,
    input: &ReportInput<'_>,
    zone: &impl UtcOffset,
) -> ReportSection {
    let t = |text: SetupText| text.get(locale);
    let d = |text: DossierText| text.get(locale);
    let account = input.account;
    let line = |server: &ServerEndpoint| {
        format!(
            "{}:{} — {} — {}",
            server.host,
            server.port,
            security_name(locale, server.security),
            security_assessment(locale, server.security)
        )
    };
    let mut section = ReportSection::new("servers", d(DossierText::ServersHeading)).rows(vec![
        (t(SetupText::ReportIncoming), line(&account.imap)),
        (t(SetupText::ReportOutgoing), line(&account.smtp)),
        (d(DossierText::Sieve), evidence::sieve_line(locale, input)),
    ]);
    section
        .blocks
        .extend(evidence::connection_checks(locale, input, zone));
    section
}

/// The closing section: how many checks passed, failed, are left, and what that means.
fn conclusion(locale: Locale, sections: &[ReportSection]) -> ReportSection {
    let d = |text: DossierText| text.get(locale);
    let count = |status: CheckStatus| {
        sections
            .iter()
            .flat_map(ReportSection::checks)
            .filter(|c| c.status == status)
            .count()
    };
    let (passed, failed, left) = (
        count(CheckStatus::Passed),
        count(CheckStatus::Failed),
        count(CheckStatus::NotDone),
    );
    let mut section = ReportSection::new("conclusion", d(DossierText::ConclusionHeading))
        .paragraph(&i18n::dossier_text::check_counts(
            locale, passed, failed, left,
        ));
    if failed > 0 {
        section = section.paragraph(d(DossierText::SomeFailed));
    }
    if left > 0 {
        section = section.paragraph(d(DossierText::SomeLeft));
    }
    if failed == 0 && left == 0 {
        section = section.paragraph(d(DossierText::AllChecked));
    }
    section
}
