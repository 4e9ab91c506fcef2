//! Delivery status in words: the per-recipient states, the meaning of the common enhanced
//! status codes (RFC 3463), and the sentences of the status panel and report summaries.
//!
//! Over 450 lines: a translation table (French and English side by side) and its tests.

use super::Locale;
use super::dates::full_date_time;
use super::sizes::file_size;
use super::table::fixed_texts;
use facteur_delivery::{
    KnownStatus, ProblemKind, RecipientStatus, ReportProblem, StatusClass, StatusCode,
};
use facteur_model::Timestamp;
use facteur_model::calendar::UtcOffset;
use facteur_model::message::ReportKind;

fixed_texts! {
    /// A fixed string of the delivery panel and report summaries.
    pub enum DeliveryText {
        PanelTitle => ("Accusés de remise", "Delivery receipts"),
        RefreshStatus => ("Actualiser l'état", "Refresh status"),
        NothingRequested => (
            "Aucun accusé de remise n'a été demandé pour ce message.",
            "No delivery receipt was requested for this message.",
        ),
        NoRecipients => (
            "Aucun destinataire à suivre pour ce message.",
            "No recipient to follow for this message.",
        ),
        ReadReceiptRequested => (
            "Un accusé de lecture a été demandé.",
            "A read receipt was requested.",
        ),
        StateWaiting => ("En attente", "Waiting"),
        StateDelayed => ("Retardé", "Delayed"),
        StateRelayed => ("Transmis", "Relayed"),
        StateExpanded => ("Remis à une liste", "Delivered to a list"),
        StateDelivered => ("Remis", "Delivered"),
        StateFailed => ("Échec", "Failed"),
        StateDeleted => ("Supprimé sans être lu", "Deleted unread"),
        StateDispatched => ("Traité sans être lu", "Handled unread"),
        StateProcessed => ("Traité automatiquement", "Processed automatically"),
        StateRead => ("Lu", "Read"),
        ExplainWaiting => (
            "aucune nouvelle pour l'instant",
            "no news yet",
        ),
        ExplainRelayed => (
            "confié à un serveur qui n'envoie pas d'accusé de remise ; aucune autre nouvelle ne viendra",
            "handed to a server that sends no delivery receipts; no further news will come",
        ),
        ExplainExpanded => (
            "la liste ou l'alias l'a transmis à ses membres",
            "the list or alias forwarded it to its members",
        ),
        ExplainDelivered => (
            "dans la boîte aux lettres du destinataire",
            "in the recipient's mailbox",
        ),
        ExplainDispatched => (
            "imprimé ou transféré par le logiciel du destinataire",
            "printed or forwarded by the recipient's program",
        ),
        ExplainProcessed => (
            "pris en charge par un traitement automatique",
            "handled by an automatic process",
        ),
        ReportOfDelivery => ("Accusé de remise", "Delivery receipt"),
        ReportOfReading => ("Accusé de lecture", "Read receipt"),
        ReportFrom => ("Envoyé par", "Sent by"),
        ReportedBy => ("signalé par", "reported by"),
        ReportArrival => ("Produit le", "Produced on"),
        OpenOriginal => ("Voir le message envoyé", "Open the sent message"),
        OpenReport => ("Voir le rapport", "Open the report"),
        OriginalNotFound => (
            "Le message envoyé n'a pas été retrouvé dans Envoyés.",
            "The sent message was not found in Sent.",
        ),
        ReportProblems => (
            "Certaines parties du rapport n'ont pas pu être lues :",
            "Some parts of the report could not be read:",
        ),
    }
}

/// The short name of a recipient's state.
pub fn state_label(locale: Locale, status: &RecipientStatus) -> &'static str {
    let text = match status {
        RecipientStatus::Waiting => DeliveryText::StateWaiting,
        RecipientStatus::Delayed { .. } => DeliveryText::StateDelayed,
        RecipientStatus::Relayed => DeliveryText::StateRelayed,
        RecipientStatus::Expanded => DeliveryText::StateExpanded,
        RecipientStatus::Delivered => DeliveryText::StateDelivered,
        RecipientStatus::Failed { .. } => DeliveryText::StateFailed,
        RecipientStatus::Deleted { .. } => DeliveryText::StateDeleted,
        RecipientStatus::Dispatched { .. } => DeliveryText::StateDispatched,
        RecipientStatus::Processed { .. } => DeliveryText::StateProcessed,
        RecipientStatus::Read { .. } => DeliveryText::StateRead,
    };
    text.get(locale)
}

/// The common meaning of a known status code, e.g. « utilisateur inconnu ».
pub fn known_status(locale: Locale, known: KnownStatus) -> &'static str {
    let (fr, en) = match known {
        KnownStatus::Success => ("distribué", "delivered"),
        KnownStatus::UnknownUser => ("utilisateur inconnu", "unknown user"),
        KnownStatus::UnknownDomain => ("domaine inconnu", "unknown domain"),
        KnownStatus::BadAddressSyntax => ("adresse invalide", "invalid address"),
        KnownStatus::MailboxMoved => (
            "boîte aux lettres déplacée, sans adresse de suivi",
            "mailbox moved, no forwarding address",
        ),
        KnownStatus::NullMx => (
            "le domaine n'accepte aucun courrier",
            "the domain accepts no mail",
        ),
        KnownStatus::MailboxDisabled => ("boîte aux lettres désactivée", "mailbox disabled"),
        KnownStatus::MailboxFull => ("boîte aux lettres pleine", "mailbox full"),
        KnownStatus::MessageTooBig => ("message trop volumineux", "message too big"),
        KnownStatus::SystemNotAccepting => (
            "le serveur n'accepte pas de courrier pour l'instant",
            "the server is not accepting mail for now",
        ),
        KnownStatus::NoAnswer => (
            "le serveur du destinataire ne répond pas",
            "no answer from the recipient's server",
        ),
        KnownStatus::BadConnection => ("connexion interrompue", "connection lost"),
        KnownStatus::UnableToRoute => (
            "serveur du destinataire introuvable",
            "recipient's server not found",
        ),
        KnownStatus::DeliveryTimeExpired => {
            ("délai de distribution dépassé", "delivery time expired")
        }
        KnownStatus::Refused => (
            "refusé par le serveur du destinataire",
            "refused by the recipient's server",
        ),
        KnownStatus::AuthenticationFailed => (
            "échec de l'authentification de l'expéditeur (DKIM, SPF, DMARC)",
            "sender authentication failed (DKIM, SPF, DMARC)",
        ),
    };
    locale.pick(fr, en)
}

/// What a code's class alone says, for codes without a common meaning.
pub fn status_class(locale: Locale, class: StatusClass) -> &'static str {
    let (fr, en) = match class {
        StatusClass::Success => ("réussi", "succeeded"),
        StatusClass::Transient => ("échec temporaire", "temporary failure"),
        StatusClass::Permanent => ("échec définitif", "permanent failure"),
    };
    locale.pick(fr, en)
}

/// A code with its meaning: « 5.1.1 utilisateur inconnu ».
pub fn code_meaning(locale: Locale, code: StatusCode) -> String {
    let meaning = match code.known() {
        Some(known) => known_status(locale, known),
        None => status_class(locale, code.class()),
    };
    format!("{code} {meaning}")
}

/// The details of a state after its label: the code's meaning, the server's words, the
/// retry limit or the receipt's date; `None` when the label says it all.
pub fn state_details(
    locale: Locale,
    status: &RecipientStatus,
    zone: &impl UtcOffset,
) -> Option<String> {
    let with_code = |code: &Option<StatusCode>, reason: &str| -> Option<String> {
        let parts: Vec<String> = code
            .map(|c| code_meaning(locale, c))
            .into_iter()
            .chain(Some(reason.trim().to_owned()).filter(|r| !r.is_empty()))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" — "))
    };
    let when = |at: &Option<Timestamp>| {
        at.map(|at| {
            let date = full_date_time(locale, at, zone);
            locale.pick(format!("le {date}"), format!("on {date}"))
        })
    };
    match status {
        RecipientStatus::Waiting => Some(DeliveryText::ExplainWaiting.get(locale).to_owned()),
        RecipientStatus::Delayed {
            code,
            reason,
            will_retry_until,
        } => {
            let retry = will_retry_until.map(|until| {
                let date = full_date_time(locale, until, zone);
                locale.pick(
                    format!("nouveaux essais jusqu'au {date}"),
                    format!("retrying until {date}"),
                )
            });
            let parts: Vec<String> = with_code(code, reason).into_iter().chain(retry).collect();
            (!parts.is_empty()).then(|| parts.join(" — "))
        }
        RecipientStatus::Relayed => Some(DeliveryText::ExplainRelayed.get(locale).to_owned()),
        RecipientStatus::Expanded => Some(DeliveryText::ExplainExpanded.get(locale).to_owned()),
        RecipientStatus::Delivered => Some(DeliveryText::ExplainDelivered.get(locale).to_owned()),
        RecipientStatus::Failed { code, reason } => with_code(code, reason),
        RecipientStatus::Deleted { at } | RecipientStatus::Read { at } => when(at),
        RecipientStatus::Dispatched { at } => Some(join_when(
            DeliveryText::ExplainDispatched.get(locale),
            when(at),
        )),
        RecipientStatus::Processed { at } => Some(join_when(
            DeliveryText::ExplainProcessed.get(locale),
            when(at),
        )),
    }
}

fn join_when(explanation: &str, when: Option<String>) -> String {
    match when {
        Some(when) => format!("{explanation} — {when}"),
        None => explanation.to_owned(),
    }
}

/// The whole status in one sentence: « Échec : 5.1.1 utilisateur inconnu — 550 5.1.1 … ».
pub fn status_sentence(locale: Locale, status: &RecipientStatus, zone: &impl UtcOffset) -> String {
    let label = state_label(locale, status);
    match state_details(locale, status, zone) {
        Some(details) => format!("{label}{}{details}", locale.pick(" : ", ": ")),
        None => label.to_owned(),
    }
}

/// The title of a report summary: « Accusé de remise pour « Sujet » ».
pub fn report_title(locale: Locale, kind: ReportKind, subject: Option<&str>) -> String {
    let name = match kind {
        ReportKind::DeliveryStatus => DeliveryText::ReportOfDelivery,
        ReportKind::ReadReceipt => DeliveryText::ReportOfReading,
    }
    .get(locale);
    match subject.map(str::trim).filter(|s| !s.is_empty()) {
        Some(subject) => locale.pick(
            format!("{name} pour « {subject} »"),
            format!("{name} for “{subject}”"),
        ),
        None => name.to_owned(),
    }
}

/// What could not be read in a report, as one item of the card's problem list:
/// « ligne 6 : le champ Status apparaît plusieurs fois ; le premier a été gardé ».
pub fn report_problem(locale: Locale, problem: &ReportProblem) -> String {
    match problem {
        ReportProblem::MissingPart => locale
            .pick(
                "le rapport n'a pas de partie technique (l'état par destinataire)",
                "the report has no technical part (the status per recipient)",
            )
            .to_owned(),
        ReportProblem::TooLarge { size, limit } => {
            let size = file_size(locale, *size as u64);
            let limit = file_size(locale, *limit as u64);
            locale.pick(
                format!("la partie technique est trop grande ({size}, au plus {limit})"),
                format!("the technical part is too large ({size}, at most {limit})"),
            )
        }
        ReportProblem::NotAReport => locale
            .pick(
                "la partie technique ne contient aucun champ de rapport",
                "the technical part holds no report fields",
            )
            .to_owned(),
        ReportProblem::Field(problem) => {
            let what = field_problem(locale, &problem.kind);
            let line = problem.line;
            locale.pick(
                format!("ligne {line} : {what}"),
                format!("line {line}: {what}"),
            )
        }
    }
}

/// One field-level problem of a report's technical part, without its line.
fn field_problem(locale: Locale, kind: &ProblemKind) -> String {
    let fixed = |fr: &str, en: &str| locale.pick(fr, en).to_owned();
    match kind {
        ProblemKind::MalformedLine => fixed(
            "une ligne qui n'est pas un champ a été ignorée",
            "a line that is not a field was skipped",
        ),
        ProblemKind::MissingBlankLine => fixed(
            "un destinataire n'était pas précédé d'une ligne vide",
            "a recipient was not preceded by a blank line",
        ),
        ProblemKind::DuplicateField { name } => {
            let name = quoted_value(name);
            locale.pick(
                format!("le champ {name} apparaît plusieurs fois ; le premier a été gardé"),
                format!("{name} appears more than once; the first was kept"),
            )
        }
        ProblemKind::MissingField { name } => {
            let name = quoted_value(name);
            locale.pick(
                format!("le champ {name} manque"),
                format!("{name} is missing"),
            )
        }
        ProblemKind::InvalidStatus { text } => {
            let text = quoted_value(text);
            locale.pick(
                format!("l'état « {text} » n'est pas un code"),
                format!("the status “{text}” is not a code"),
            )
        }
        ProblemKind::InvalidDisposition { text } => {
            let text = quoted_value(text);
            locale.pick(
                format!("la disposition « {text} » n'a pas pu être lue"),
                format!("the disposition “{text}” could not be read"),
            )
        }
        ProblemKind::RecipientWithoutAddress => fixed(
            "un destinataire sans adresse a été omis",
            "a recipient without an address was left out",
        ),
        ProblemKind::RecipientWithoutAction => fixed(
            "un destinataire sans action a été omis",
            "a recipient without an action was left out",
        ),
        ProblemKind::UnknownAction { text } => {
            let text = quoted_value(text);
            locale.pick(
                format!("un destinataire à l'action inconnue « {text} » a été omis"),
                format!("a recipient with the unknown action “{text}” was left out"),
            )
        }
        ProblemKind::TooManyRecipients => fixed(
            "trop de destinataires ; les suivants ont été ignorés",
            "too many recipients; the rest were ignored",
        ),
    }
}

/// A value copied from a report, cut short: a hostile report could make it very long.
fn quoted_value(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let text = text.trim();
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::calendar::FixedOffset;
    use std::collections::HashSet;

    const ALL_KNOWN: [KnownStatus; 16] = [
        KnownStatus::Success,
        KnownStatus::UnknownUser,
        KnownStatus::UnknownDomain,
        KnownStatus::BadAddressSyntax,
        KnownStatus::MailboxMoved,
        KnownStatus::NullMx,
        KnownStatus::MailboxDisabled,
        KnownStatus::MailboxFull,
        KnownStatus::MessageTooBig,
        KnownStatus::SystemNotAccepting,
        KnownStatus::NoAnswer,
        KnownStatus::BadConnection,
        KnownStatus::UnableToRoute,
        KnownStatus::DeliveryTimeExpired,
        KnownStatus::Refused,
        KnownStatus::AuthenticationFailed,
    ];

    fn code(text: &str) -> Option<StatusCode> {
        Some(StatusCode::parse(text).unwrap())
    }

    #[test]
    fn every_delivery_text_is_translated_once() {
        for locale in Locale::ALL {
            let texts: HashSet<_> = DeliveryText::ALL.iter().map(|t| t.get(locale)).collect();
            assert_eq!(texts.len(), DeliveryText::ALL.len(), "{locale:?}");
            let meanings: HashSet<_> = ALL_KNOWN.iter().map(|k| known_status(locale, *k)).collect();
            assert_eq!(meanings.len(), ALL_KNOWN.len(), "{locale:?}");
        }
        // English meanings say what the shared crate's own English says.
        assert_eq!(
            known_status(Locale::En, KnownStatus::UnknownUser),
            KnownStatus::UnknownUser.english()
        );
    }

    #[test]
    fn a_failure_reads_as_one_sentence() {
        let failed = RecipientStatus::Failed {
            code: code("5.1.1"),
            reason: "550 5.1.1 <nobody@example.test>: Recipient address rejected".into(),
        };
        assert_eq!(
            status_sentence(Locale::Fr, &failed, &FixedOffset(0)),
            "Échec : 5.1.1 utilisateur inconnu — 550 5.1.1 <nobody@example.test>: \
             Recipient address rejected"
        );
        assert_eq!(
            status_sentence(Locale::En, &failed, &FixedOffset(0)),
            "Failed: 5.1.1 unknown user — 550 5.1.1 <nobody@example.test>: \
             Recipient address rejected"
        );
        let bare = RecipientStatus::Failed {
            code: None,
            reason: String::new(),
        };
        assert_eq!(status_sentence(Locale::Fr, &bare, &FixedOffset(0)), "Échec");
    }

    #[test]
    fn unknown_codes_fall_back_on_their_class() {
        assert_eq!(
            code_meaning(Locale::Fr, StatusCode::parse("5.0.0").unwrap()),
            "5.0.0 échec définitif"
        );
        assert_eq!(
            code_meaning(Locale::En, StatusCode::parse("4.9.9").unwrap()),
            "4.9.9 temporary failure"
        );
    }

    #[test]
    fn every_state_has_a_label_and_dates_are_shown() {
        let zone = FixedOffset(0);
        let read = RecipientStatus::Read {
            at: Some(Timestamp(1_795_683_600)),
        };
        let sentence = status_sentence(Locale::En, &read, &zone);
        assert!(sentence.starts_with("Read: on "), "{sentence}");
        let delayed = RecipientStatus::Delayed {
            code: code("4.4.1"),
            reason: String::new(),
            will_retry_until: Some(Timestamp(1_795_683_600)),
        };
        let sentence = status_sentence(Locale::Fr, &delayed, &zone);
        assert!(
            sentence.starts_with(
                "Retardé : 4.4.1 le serveur du destinataire ne répond pas — nouveaux essais jusqu'au"
            ),
            "{sentence}"
        );
        assert_eq!(
            status_sentence(Locale::Fr, &RecipientStatus::Read { at: None }, &zone),
            "Lu"
        );
    }

    #[test]
    fn report_problems_read_with_their_line_in_both_languages() {
        let duplicate = ReportProblem::Field(facteur_delivery::Problem {
            line: 6,
            kind: ProblemKind::DuplicateField {
                name: "Status".into(),
            },
        });
        assert_eq!(
            report_problem(Locale::Fr, &duplicate),
            "ligne 6 : le champ Status apparaît plusieurs fois ; le premier a été gardé"
        );
        assert_eq!(
            report_problem(Locale::En, &duplicate),
            "line 6: Status appears more than once; the first was kept"
        );
        let large = ReportProblem::TooLarge {
            size: 3 * 1024 * 1024,
            limit: 256 * 1024,
        };
        assert_eq!(
            report_problem(Locale::Fr, &large),
            "la partie technique est trop grande (3,0 Mo, au plus 256 Ko)"
        );
    }

    #[test]
    fn every_report_problem_has_its_own_words_in_each_language() {
        let field = |kind| ReportProblem::Field(facteur_delivery::Problem { line: 1, kind });
        let all = [
            ReportProblem::MissingPart,
            ReportProblem::TooLarge { size: 2, limit: 1 },
            ReportProblem::NotAReport,
            field(ProblemKind::MalformedLine),
            field(ProblemKind::MissingBlankLine),
            field(ProblemKind::DuplicateField { name: "A".into() }),
            field(ProblemKind::MissingField { name: "A".into() }),
            field(ProblemKind::InvalidStatus { text: "A".into() }),
            field(ProblemKind::InvalidDisposition { text: "A".into() }),
            field(ProblemKind::RecipientWithoutAddress),
            field(ProblemKind::RecipientWithoutAction),
            field(ProblemKind::UnknownAction { text: "A".into() }),
            field(ProblemKind::TooManyRecipients),
        ];
        for locale in Locale::ALL {
            let words: HashSet<String> = all.iter().map(|p| report_problem(locale, p)).collect();
            assert_eq!(words.len(), all.len(), "{locale:?}");
        }
        let fr: HashSet<String> = all.iter().map(|p| report_problem(Locale::Fr, p)).collect();
        let en: HashSet<String> = all.iter().map(|p| report_problem(Locale::En, p)).collect();
        assert!(
            fr.is_disjoint(&en),
            "{:?}",
            fr.intersection(&en).collect::<Vec<_>>()
        );
    }

    #[test]
    fn values_copied_from_a_report_are_cut_short() {
        let long = ReportProblem::Field(facteur_delivery::Problem {
            line: 2,
            kind: ProblemKind::UnknownAction {
                text: "é".repeat(500),
            },
        });
        let words = report_problem(Locale::En, &long);
        assert_eq!(
            words,
            format!(
                "line 2: a recipient with the unknown action “{}…” was left out",
                "é".repeat(60)
            )
        );
    }

    #[test]
    fn report_titles_quote_the_subject() {
        assert_eq!(
            report_title(Locale::Fr, ReportKind::DeliveryStatus, Some("Devis")),
            "Accusé de remise pour « Devis »"
        );
        assert_eq!(
            report_title(Locale::En, ReportKind::ReadReceipt, Some("Quote")),
            "Read receipt for “Quote”"
        );
        assert_eq!(
            report_title(Locale::En, ReportKind::DeliveryStatus, Some("  ")),
            "Delivery receipt"
        );
    }
}
