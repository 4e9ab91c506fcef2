use super::*;
use crate::stores::rules_exec::Tally;
use facteur_delivery::{DeliveryView, RecipientDelivery, RecipientStatus};
use facteur_model::api::Security;
use facteur_model::calendar::FixedOffset;
use facteur_model::folder::FolderRole;
use facteur_model::{EmailAddress, FolderPath};
use facteur_rules::{Action, Condition, Field, MatchKind, Operator, Rule};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const PASSWORD: &str = "s3cret-Pa55word";
/// 2026-11-26 10:30:00 UTC, 11:30 in the report's zone.
const NOW: Timestamp = Timestamp(1_795_689_000);

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

fn folders() -> Vec<Folder> {
    vec![
        folder("INBOX", Some(FolderRole::Inbox), 0),
        folder("Factures", None, 0),
    ]
}

fn settings() -> Settings {
    let mut settings = Settings {
        request_dsn_by_default: false,
        ..Settings::default()
    };
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
        actions: vec![Action::MoveTo(FolderPath("Factures".to_owned()))],
        stop_after: false,
    });
    settings.rules.rules.push(Rule {
        id: "pro".into(),
        name: "Pro".into(),
        enabled: true,
        match_kind: MatchKind::All,
        conditions: vec![Condition::text(Field::From, Operator::Contains, "acme")],
        actions: vec![Action::MoveTo(FolderPath("Professionnel".to_owned()))],
        stop_after: false,
    });
    settings
}

fn filed_invoice() -> RuleCheck {
    RuleCheck {
        rule_id: "factures".into(),
        subject: "Votre facture".into(),
        // 11:02 and 11:03 local.
        sent_at: Some(Timestamp(NOW.0 - 28 * 60)),
        received_at: Timestamp(NOW.0 - 27 * 60),
        source: FolderPath::inbox(),
        moved_to: Some(FolderPath("Factures".into())),
        alert: Some("Facture : Votre facture".into()),
        acted_at: Timestamp(NOW.0 - 27 * 60),
    }
}

fn sent() -> SentSeen {
    let recipient = |address: &str, status| RecipientDelivery {
        recipient: address.into(),
        status,
        reports: Vec::new(),
    };
    SentSeen::Found(vec![SentMessage {
        subject: "Essai d'avis".into(),
        sent_at: Timestamp(NOW.0 - 20 * 60),
        view: DeliveryView {
            dsn_requested: true,
            read_receipt_requested: false,
            recipients: vec![
                recipient("ami@example.fr", RecipientStatus::Relayed),
                recipient(
                    "personne@example.fr",
                    RecipientStatus::Failed {
                        code: None,
                        reason: "550 5.1.1 User unknown".into(),
                    },
                ),
            ],
            searched: Vec::new(),
        },
    }])
}

struct Fixture {
    account: SessionInfo,
    folders: Vec<Folder>,
    settings: Settings,
    checks: Vec<RuleCheck>,
    sieve: SieveSeen,
    sent: SentSeen,
    tally: Tally,
}

impl Fixture {
    fn new() -> Fixture {
        let tally = Tally {
            moved: BTreeMap::from([(FolderPath("Factures".into()), 2)]),
            ..Tally::default()
        };
        Fixture {
            account: account(),
            folders: folders(),
            settings: settings(),
            checks: vec![filed_invoice()],
            sieve: SieveSeen::Unavailable { port: 4190 },
            sent: sent(),
            tally,
        }
    }

    fn report(&self, locale: Locale) -> SetupReport {
        let anciens = FolderPath("Anciens".into());
        let input = ReportInput {
            account: &self.account,
            folders: &self.folders,
            settings: Some(&self.settings),
            generated_at: NOW,
            checks: &self.checks,
            last_run: Some(RunSeen {
                folder: &anciens,
                examined: 3,
                tally: &self.tally,
                clean: true,
            }),
            sieve: &self.sieve,
            sent: &self.sent,
        };
        build(locale, input, &FixedOffset(3600))
    }
}

fn all_text(report: &SetupReport) -> String {
    let mut text = format!("{}\n{}\n{}\n", report.title, report.intro, report.footer);
    for section in &report.sections {
        let _ = writeln!(text, "## {}", section.heading);
        for block in &section.blocks {
            match block {
                Block::Rows(rows) => {
                    for (label, value) in rows {
                        let _ = writeln!(text, "{label}: {value}");
                    }
                }
                Block::Paragraph(p) | Block::Subheading(p) => {
                    let _ = writeln!(text, "{p}");
                }
                Block::List(items) => {
                    for item in items {
                        let _ = writeln!(text, "- {item}");
                    }
                }
                Block::Check(check) => {
                    let _ = writeln!(text, "[{:?}] {}", check.status, check.text);
                }
            }
        }
    }
    text
}

#[test]
fn the_report_says_what_was_configured_in_plain_words() {
    let fr = all_text(&Fixture::new().report(Locale::Fr));
    for expected in [
        "Dossier de configuration — jean.dupont@example.fr",
        "imap.example.fr:993 — SSL/TLS — chiffrée dès la connexion",
        "smtp.example.fr:587 — STARTTLS — chiffrée après STARTTLS",
        "imap.example.fr:4190 — non disponible",
        "la partie avant le @",
        "INBOX (Boîte de réception)",
        "Factures <urgent> : si Objet contient « facture », alors Déplacer vers Factures",
        "S'exécute dans le navigateur, quand Facteur est ouvert.",
        "Liste classée par jour: oui",
        "Accusé de remise demandé par défaut: non",
        "Demandes d'accusé de lecture reçues: demander à chaque fois",
        FACTEUR_VERSION,
        "jeudi 26 novembre 2026 à 11:30",
        "Client retenu : Facteur",
    ] {
        assert!(fr.contains(expected), "missing {expected:?} in\n{fr}");
    }
    let en = all_text(&Fixture::new().report(Locale::En));
    assert!(
        en.contains("Factures <urgent>: if Subject contains « facture », then Move to Factures"),
        "{en}"
    );
    assert!(en.contains("List arranged by day: yes"), "{en}");
}

#[test]
fn live_checks_tell_what_the_app_saw() {
    let fr = all_text(&Fixture::new().report(Locale::Fr));
    for expected in [
        "[Passed] « Votre facture » envoyé à 11:02, reçu à 11:03 dans Boîte de réception, \
         rangé à 11:03 dans Factures, alerte affichée : « Facture : Votre facture ».",
        "[Passed] « Appliquer les règles maintenant » sur Anciens : 3 message(s) examiné(s)",
        "[Passed] Le dossier Factures existe sur le serveur.",
        "[Failed] Le dossier Professionnel, où une règle range le courrier, n'existe pas",
        "[Passed] Connexion IMAP : 2 dossier(s) lu(s) sur le serveur à 11:30.",
        "[Passed] Envoi SMTP : « Essai d'avis » accepté par le serveur à 11:10.",
        "[Passed] « Essai d'avis » envoyé à 11:10 — ami@example.fr : ",
        "personne@example.fr : ",
        "550 5.1.1 User unknown",
    ] {
        assert!(fr.contains(expected), "missing {expected:?} in\n{fr}");
    }
    // The rule that never acted says how to check it, and the conclusion counts it.
    assert!(
        fr.contains("[NotDone] Pas encore vérifiée. Pour la vérifier"),
        "{fr}"
    );
    let conclusion = Fixture::new().report(Locale::Fr).sections.pop().unwrap();
    assert_eq!(conclusion.id, "conclusion");
    let conclusion = all_text(&SetupReport {
        sections: vec![conclusion],
        ..Fixture::new().report(Locale::Fr)
    });
    assert!(
        conclusion.contains("6 vérification(s) réussie(s), 1 en échec, 1 à faire."),
        "{conclusion}"
    );
    assert!(conclusion.contains("Des vérifications ont échoué"));
    assert!(conclusion.contains("Des vérifications restent à faire"));
}

#[test]
fn checks_not_done_say_how_to_do_them() {
    let mut fixture = Fixture::new();
    fixture.checks.clear();
    fixture.sent = SentSeen::Found(Vec::new());
    let en = all_text(&fixture.report(Locale::En));
    assert!(
        en.contains("[NotDone] SMTP sending: not checked yet. Send a message"),
        "{en}"
    );
    assert!(
        en.contains("[NotDone] Not checked yet. To check it: write a message with « Request a delivery receipt » ticked"),
        "{en}"
    );
    assert!(!en.contains("[Passed] « Votre facture »"), "{en}");
}

#[test]
fn sieve_tells_where_the_rules_run() {
    let mut fixture = Fixture::new();
    fixture.sieve = SieveSeen::Available {
        port: 4190,
        active: Some("facteur".into()),
        same_as_rules: true,
    };
    let fr = all_text(&fixture.report(Locale::Fr));
    assert!(fr.contains("imap.example.fr — port 4190, script actif : « facteur »"));
    assert!(
        fr.contains("S'exécute dans le navigateur et sur le serveur"),
        "{fr}"
    );
    fixture.sieve = SieveSeen::Available {
        port: 4190,
        active: Some("facteur".into()),
        same_as_rules: false,
    };
    let fr = all_text(&fixture.report(Locale::Fr));
    assert!(fr.contains("version antérieure des règles"), "{fr}");
    assert!(evidence::same_script("a\r\nb  \n\n", "a\nb\n"));
    assert!(!evidence::same_script("a\nb\n", "a\nc\n"));
}

#[test]
fn the_parts_come_in_the_brief_s_order() {
    let report = Fixture::new().report(Locale::Fr);
    let ids: Vec<&str> = report.sections.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "account",
            "client",
            "comparison",
            "servers",
            "folders",
            "rules",
            "view",
            "delivery",
            "glossary",
            "conclusion"
        ]
    );
    assert_eq!(report.sections[2].part, Part::Comparison);
    assert_eq!(report.sections[8].part, Part::Glossary);
}

#[test]
fn settings_that_did_not_load_are_not_reported_as_no_rules() {
    let fixture = Fixture::new();
    let input = ReportInput {
        account: &fixture.account,
        folders: &[],
        settings: None,
        generated_at: NOW,
        checks: &[],
        last_run: None,
        sieve: &SieveSeen::Loading,
        sent: &SentSeen::Loading,
    };
    let text = all_text(&build(Locale::En, input, &FixedOffset(0)));
    assert!(!text.contains("No rules."), "{text}");
    assert!(text.contains("List arranged by day: not known"), "{text}");
    assert!(
        text.contains("The rules could not be loaded: they are not in this report."),
        "{text}"
    );
}

#[test]
fn the_password_is_never_in_the_report() {
    // The inputs cannot hold it; check the output anyway.
    for locale in Locale::ALL {
        assert!(!all_text(&Fixture::new().report(locale)).contains(PASSWORD));
    }
}

#[test]
fn the_file_is_named_after_the_address_and_the_day() {
    assert_eq!(
        Fixture::new().report(Locale::En).file_name,
        "facteur-setup-jean.dupont@example.fr-2026-11-26.html"
    );
}
