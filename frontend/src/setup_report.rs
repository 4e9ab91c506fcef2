//! The setup report: what was configured for an account, in plain words, as the
//! technician's evidence of the intervention. Pure: the screen shows [`SetupReport`], the
//! download is [`to_html`], a self-contained page (inline CSS, no script, all escaped).
//!
//! **Security invariant:** the report is built from [`SessionInfo`], the folders and the
//! roaming settings, none of which holds the password, so it cannot leak it.

use crate::i18n::setup_text::{report_footer, security_name, username_form_name};
use crate::i18n::{self, Locale, SetupText};
use crate::settings::Settings;
use facteur_model::Timestamp;
use facteur_model::api::{ServerEndpoint, SessionInfo};
use facteur_model::calendar::{LocalDate, UtcOffset};
use facteur_model::folder::Folder;
use providers::UsernameForm;
use rules::{Condition, Field, MatchKind, Operator, Rule, Value};
use std::fmt::Write as _;

/// Facteur's version, as the report states it.
pub const FACTEUR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the report is made from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The signed-in account (servers, username; never the password).
    pub account: &'a SessionInfo,
    /// The account's folders, in display order.
    pub folders: &'a [Folder],
    /// The roaming settings (rules and view); `None` when they could not be loaded, which
    /// the report says rather than showing no rules.
    pub settings: Option<&'a Settings>,
    /// When the report is made.
    pub generated_at: Timestamp,
}

/// The report's content, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupReport {
    /// The language it is written in.
    pub locale: Locale,
    /// "Rapport de configuration — jean@example.fr".
    pub title: String,
    /// What the document is.
    pub intro: String,
    /// Account, servers, folders, rules, view, version.
    pub sections: Vec<ReportSection>,
    /// The closing line.
    pub footer: String,
    /// The name the downloaded file gets.
    pub file_name: String,
}

/// One part of the report: labelled values, then a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSection {
    /// The section's heading.
    pub heading: String,
    /// Label and value pairs.
    pub rows: Vec<(String, String)>,
    /// Items of a list (folders, rules).
    pub items: Vec<String>,
    /// Shown instead of the list when it has no items and no rows.
    pub empty: Option<String>,
}

impl ReportSection {
    fn new(heading: &str) -> Self {
        ReportSection {
            heading: heading.to_owned(),
            rows: Vec::new(),
            items: Vec::new(),
            empty: None,
        }
    }

    fn row(mut self, label: &str, value: impl Into<String>) -> Self {
        self.rows.push((label.to_owned(), value.into()));
        self
    }
}

/// Builds the report in `locale`, dating it in the user's time zone.
pub fn build(locale: Locale, input: ReportInput<'_>, zone: &impl UtcOffset) -> SetupReport {
    let t = |text: SetupText| text.get(locale);
    let account = input.account;
    let email = account.email.to_string();
    let form = username_form(&email, &account.username);

    let general = ReportSection::new(t(SetupText::ReportAccount))
        .row(
            t(SetupText::ReportDate),
            i18n::full_date_time(locale, input.generated_at, zone),
        )
        .row(t(SetupText::ReportAddress), email.clone())
        .row(t(SetupText::ReportUsername), account.username.clone())
        .row(
            t(SetupText::ReportUsernameForm),
            username_form_name(locale, form),
        )
        .row(
            t(SetupText::ReportPassword),
            t(SetupText::ReportPasswordNotNoted),
        );
    let incoming = server_section(locale, t(SetupText::ReportIncoming), &account.imap);
    let outgoing = server_section(locale, t(SetupText::ReportOutgoing), &account.smtp);

    let mut folders = ReportSection::new(t(SetupText::ReportFolders));
    folders.items = input
        .folders
        .iter()
        .map(|folder| folder_line(locale, folder))
        .collect();
    folders.empty = Some(t(SetupText::ReportNoFolders).to_owned());

    let mut rules = ReportSection::new(t(SetupText::ReportRules));
    if let Some(settings) = input.settings {
        rules.items = settings
            .rules
            .rules
            .iter()
            .map(|rule| rule_in_words(locale, rule))
            .collect();
    }
    let (no_rules, by_day) = match input.settings {
        Some(settings) if settings.view.arranged_by_day => {
            (SetupText::ReportNoRules, SetupText::Yes)
        }
        Some(_) => (SetupText::ReportNoRules, SetupText::No),
        None => (SetupText::ReportSettingsUnavailable, SetupText::NotKnown),
    };
    rules.empty = Some(t(no_rules).to_owned());

    let view = ReportSection::new(t(SetupText::ReportView))
        .row(t(SetupText::ReportArrangedByDay), t(by_day))
        .row(t(SetupText::ReportVersion), FACTEUR_VERSION);

    SetupReport {
        locale,
        title: format!("{} — {email}", t(SetupText::ReportTitle)),
        intro: t(SetupText::ReportIntro).to_owned(),
        sections: vec![general, incoming, outgoing, folders, rules, view],
        footer: report_footer(locale, FACTEUR_VERSION),
        file_name: file_name(&email, LocalDate::of(input.generated_at, zone)),
    }
}

fn server_section(locale: Locale, heading: &str, server: &ServerEndpoint) -> ReportSection {
    let t = |text: SetupText| text.get(locale);
    ReportSection::new(heading)
        .row(t(SetupText::ReportServer), server.host.clone())
        .row(t(SetupText::ReportPort), server.port.to_string())
        .row(
            t(SetupText::ReportSecurity),
            security_name(locale, server.security),
        )
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

/// The form of `username` relative to `email`.
pub fn username_form(email: &str, username: &str) -> UsernameForm {
    let local = email.rsplit_once('@').map_or(email, |(local, _)| local);
    if username.eq_ignore_ascii_case(email) {
        UsernameForm::FullAddress
    } else if username == local {
        UsernameForm::LocalPart
    } else {
        UsernameForm::Custom
    }
}

/// A rule in one sentence: "Factures : si Objet contient « facture », alors Déplacer vers
/// Factures".
pub fn rule_in_words(locale: Locale, rule: &Rule) -> String {
    let joiner = match (rule.match_kind, locale) {
        (MatchKind::Any, Locale::Fr) => " ou ",
        (MatchKind::Any, Locale::En) => " or ",
        (_, Locale::Fr) => " et ",
        (_, Locale::En) => " and ",
    };
    let when = if rule.match_kind == MatchKind::AllMessages || rule.conditions.is_empty() {
        locale
            .pick("pour tous les messages", "for every message")
            .to_owned()
    } else {
        let conditions: Vec<String> = rule
            .conditions
            .iter()
            .map(|c| condition_in_words(locale, c))
            .collect();
        format!("{}{}", locale.pick("si ", "if "), conditions.join(joiner))
    };
    let actions: Vec<String> = rule
        .actions
        .iter()
        .map(|action| i18n::action_summary(locale, action))
        .collect();
    let mut sentence = match locale {
        Locale::Fr => format!("{} : {when}, alors {}", rule.name, actions.join(", ")),
        Locale::En => format!("{}: {when}, then {}", rule.name, actions.join(", ")),
    };
    if rule.stop_after {
        sentence.push_str(locale.pick(" (puis aucune autre règle)", " (then no further rule)"));
    }
    if !rule.enabled {
        let _ = write!(sentence, " [{}]", SetupText::ReportRuleDisabled.get(locale));
    }
    sentence
}

/// A condition in words: "Objet contient « facture »".
pub fn condition_in_words(locale: Locale, condition: &Condition) -> String {
    let field = match &condition.field {
        Field::Header(name) => format!("{} {name}", locale.pick("En-tête", "Header")),
        other => i18n::field_name(locale, other).to_owned(),
    };
    let operator = i18n::operator_name(locale, condition.operator);
    match &condition.value {
        Value::None => match condition.operator {
            Operator::Is => field,
            Operator::IsNot => format!("{} « {field} »", locale.pick("pas", "not")),
            _ => format!("{field} {operator}"),
        },
        Value::Text(text) => format!("{field} {operator} « {text} »"),
        Value::Number(days) => format!("{field} {operator} {days}"),
        Value::Size { amount, unit } => format!(
            "{field} {operator} {amount} {}",
            i18n::size_unit_name(locale, *unit)
        ),
        Value::Date(date) => format!("{field} {operator} {}", i18n::full_date(locale, *date)),
        Value::Status(status) => {
            format!("{field} {operator} {}", i18n::status_name(locale, *status))
        }
    }
}

/// `facteur-setup-<address>-<yyyy-mm-dd>.html`, with anything unusual in the address
/// replaced so the name is safe on every file system.
pub fn file_name(address: &str, date: LocalDate) -> String {
    let safe: String = address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '+') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "facteur-setup-{safe}-{:04}-{:02}-{:02}.html",
        date.year, date.month, date.day
    )
}

/// The report as a complete HTML document: inline styles (screen and print), a CSP that
/// forbids every script and remote load, and every value escaped.
pub fn to_html(report: &SetupReport) -> String {
    let mut html = String::with_capacity(4096);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{DOCUMENT_CSS}</style>\n</head>\n<body>\n<main class=\"report\">\n\
         <h1>{title}</h1>\n<p class=\"intro\">{intro}</p>\n",
        lang = report.locale.code(),
        title = escape(&report.title),
        intro = escape(&report.intro),
    );
    for section in &report.sections {
        let _ = write!(html, "<section>\n<h2>{}</h2>\n", escape(&section.heading));
        if !section.rows.is_empty() {
            html.push_str("<table>\n");
            for (label, value) in &section.rows {
                let _ = writeln!(
                    html,
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                    escape(label),
                    escape(value)
                );
            }
            html.push_str("</table>\n");
        }
        if !section.items.is_empty() {
            html.push_str("<ul>\n");
            for item in &section.items {
                let _ = writeln!(html, "<li>{}</li>", escape(item));
            }
            html.push_str("</ul>\n");
        } else if section.rows.is_empty()
            && let Some(empty) = &section.empty
        {
            let _ = writeln!(html, "<p class=\"empty\">{}</p>", escape(empty));
        }
        html.push_str("</section>\n");
    }
    let _ = write!(
        html,
        "<footer>{}</footer>\n</main>\n</body>\n</html>\n",
        escape(&report.footer)
    );
    html
}

/// The downloaded document's stylesheet: readable on screen, compact on paper.
const DOCUMENT_CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1f;background:#fff;margin:0;line-height:1.45}\
.report{max-width:48rem;margin:0 auto;padding:1.5rem}\
h1{font-size:1.5rem;margin:0 0 .5rem}\
h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #c8c8d0;padding-bottom:.25rem}\
table{border-collapse:collapse;width:100%}\
th{text-align:left;font-weight:600;width:40%;padding:.25rem .5rem .25rem 0;vertical-align:top}\
td{padding:.25rem 0;overflow-wrap:anywhere}\
ul{margin:.25rem 0;padding-left:1.25rem}\
li{margin:.15rem 0;white-space:pre-wrap}\
.intro,.empty,footer{color:#4a4a55}\
footer{margin-top:2rem;font-size:.9rem}\
@media print{body{font-size:11pt}.report{max-width:none;padding:0}section{break-inside:avoid}h2{break-after:avoid}@page{margin:18mm}}";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::api::Security;
    use facteur_model::calendar::FixedOffset;
    use facteur_model::folder::FolderRole;
    use facteur_model::{EmailAddress, FolderPath};

    const PASSWORD: &str = "s3cret-Pa55word";

    fn account() -> SessionInfo {
        SessionInfo {
            email: EmailAddress::parse("jean.dupont@example.fr").unwrap(),
            username: "jean.dupont".into(),
            imap: ServerEndpoint {
                host: "imap.example.fr".into(),
                port: 993,
                security: Security::Tls,
            },
            smtp: ServerEndpoint {
                host: "smtp.example.fr".into(),
                port: 587,
                security: Security::StartTls,
            },
        }
    }

    fn folder(path: &str, role: Option<FolderRole>, depth: u16) -> Folder {
        Folder {
            path: FolderPath(path.to_owned()),
            name: path.rsplit('/').next().unwrap_or(path).to_owned(),
            parent: None,
            depth,
            role,
            selectable: true,
            unread: 0,
            total: 3,
            subscribed: true,
        }
    }

    fn settings() -> Settings {
        let mut settings = Settings::default();
        settings.rules.rules.push(Rule {
            id: "factures".into(),
            name: "Factures <urgent>".into(),
            enabled: true,
            match_kind: MatchKind::All,
            conditions: vec![Condition::text(
                Field::Subject,
                Operator::Contains,
                "facture",
            )],
            actions: vec![rules::Action::MoveTo(FolderPath("Factures".to_owned()))],
            stop_after: false,
        });
        settings
    }

    fn report(locale: Locale) -> SetupReport {
        let folders = [
            folder("INBOX", Some(FolderRole::Inbox), 0),
            folder("Factures", None, 0),
        ];
        let settings = settings();
        let account = account();
        let input = ReportInput {
            account: &account,
            folders: &folders,
            settings: Some(&settings),
            // 2026-11-26 10:30:00 UTC
            generated_at: Timestamp(1_795_689_000),
        };
        build(locale, input, &FixedOffset(3600))
    }

    fn all_text(report: &SetupReport) -> String {
        let mut text = format!("{}\n{}\n{}\n", report.title, report.intro, report.footer);
        for section in &report.sections {
            text.push_str(&section.heading);
            for (label, value) in &section.rows {
                let _ = writeln!(text, "{label}: {value}");
            }
            for item in &section.items {
                let _ = writeln!(text, "{item}");
            }
        }
        text
    }

    #[test]
    fn the_report_says_what_was_configured_in_plain_words() {
        let fr = all_text(&report(Locale::Fr));
        for expected in [
            "jean.dupont@example.fr",
            "imap.example.fr",
            "993",
            "SSL/TLS",
            "smtp.example.fr",
            "587",
            "STARTTLS",
            "la partie avant le @",
            "INBOX (Boîte de réception)",
            "Factures <urgent> : si Objet contient « facture », alors Déplacer vers Factures",
            "Liste classée par jour: oui",
            FACTEUR_VERSION,
            "jeudi 26 novembre 2026 à 11:30",
        ] {
            assert!(fr.contains(expected), "missing {expected:?} in\n{fr}");
        }
        let en = all_text(&report(Locale::En));
        assert!(
            en.contains(
                "Factures <urgent>: if Subject contains « facture », then Move to Factures"
            ),
            "{en}"
        );
        assert!(en.contains("List arranged by day: yes"), "{en}");
    }

    #[test]
    fn settings_that_did_not_load_are_not_reported_as_no_rules() {
        let account = account();
        let input = ReportInput {
            account: &account,
            folders: &[],
            settings: None,
            generated_at: Timestamp(1_795_689_000),
        };
        let text = all_text(&build(Locale::En, input, &FixedOffset(0)));
        assert!(!text.contains("No rules."), "{text}");
        assert!(text.contains("List arranged by day: not known"), "{text}");
        let rules = build(Locale::En, input, &FixedOffset(0)).sections[4].clone();
        assert_eq!(
            rules.empty.as_deref(),
            Some("The rules could not be loaded: they are not in this report.")
        );
    }

    #[test]
    fn the_password_is_never_in_the_report() {
        // The inputs cannot hold it; check the outputs anyway, both forms.
        for locale in Locale::ALL {
            let report = report(locale);
            assert!(!all_text(&report).contains(PASSWORD));
            assert!(!to_html(&report).contains(PASSWORD));
        }
    }

    #[test]
    fn the_document_is_self_contained_escaped_and_printable() {
        let html = to_html(&report(Locale::Fr));
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<html lang=\"fr\">"));
        assert!(html.contains("@media print"));
        assert!(html.contains("default-src 'none'"));
        assert!(!html.contains("<script"), "no script in the document");
        assert!(
            !html.contains("src=") && !html.contains("href="),
            "no remote load"
        );
        assert!(
            html.contains("Factures &lt;urgent&gt;"),
            "values are escaped"
        );
        assert!(!html.contains("<urgent>"));
        assert!(html.contains("<th scope=\"row\">Port</th><td>993</td>"));
    }

    #[test]
    fn the_file_is_named_after_the_address_and_the_day() {
        let date = LocalDate {
            year: 2026,
            month: 11,
            day: 6,
        };
        assert_eq!(
            file_name("jean.dupont@example.fr", date),
            "facteur-setup-jean.dupont@example.fr-2026-11-06.html"
        );
        assert_eq!(
            file_name("a/b\\c:d@x.fr", date),
            "facteur-setup-a_b_c_d@x.fr-2026-11-06.html"
        );
        assert_eq!(
            report(Locale::En).file_name,
            "facteur-setup-jean.dupont@example.fr-2026-11-26.html"
        );
    }

    #[test]
    fn username_forms_are_recognised() {
        assert_eq!(
            username_form("a.b@x.fr", "A.B@x.fr"),
            UsernameForm::FullAddress
        );
        assert_eq!(username_form("a.b@x.fr", "a.b"), UsernameForm::LocalPart);
        assert_eq!(username_form("a.b@x.fr", "u123"), UsernameForm::Custom);
    }

    #[test]
    fn conditions_without_values_read_naturally() {
        let has = Condition {
            field: Field::HasAttachment,
            operator: Operator::IsNot,
            value: Value::None,
        };
        assert_eq!(
            condition_in_words(Locale::En, &has),
            "not « Has an attachment »"
        );
        let list = Condition {
            field: Field::MailingList,
            operator: Operator::Exists,
            value: Value::None,
        };
        assert_eq!(
            condition_in_words(Locale::Fr, &list),
            "Liste de diffusion (List-Id) existe"
        );
    }
}
