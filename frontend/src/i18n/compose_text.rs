//! Strings of the composer: fields, toolbar, attachments, sending and drafts, and the
//! sentences written into replies and forwards.

use super::Locale;
use super::dates::month_name;
use super::sizes::file_size;
use super::table::fixed_texts;
use crate::compose::recipients::RecipientProblem;
use facteur_model::InvalidEmailAddress;
use facteur_model::compose::SentCopy;

fixed_texts! {
    /// A fixed string of the composer.
    pub enum ComposeText {
        NewMessage => ("Nouveau message", "New message"),
        ComposerLabel => ("Rédaction d'un message", "Write a message"),
        FromLabel => ("De", "From"),
        ToLabel => ("À", "To"),
        CcLabel => ("Cc", "Cc"),
        BccLabel => ("Cci", "Bcc"),
        SubjectLabel => ("Objet", "Subject"),
        BodyLabel => ("Texte du message", "Message text"),
        RemoveRecipient => ("Retirer", "Remove"),
        Suggestions => ("Adresses proposées", "Suggested addresses"),
        FormattingToolbar => ("Mise en forme", "Formatting"),
        Bold => ("Gras", "Bold"),
        Italic => ("Italique", "Italic"),
        BulletedList => ("Liste à puces", "Bulleted list"),
        NumberedList => ("Liste numérotée", "Numbered list"),
        Link => ("Lien", "Link"),
        LinkPrompt => ("Adresse du lien (https://…)", "Link address (https://…)"),
        PlainText => ("Texte brut", "Plain text"),
        RichText => ("Texte mis en forme", "Rich text"),
        Attach => ("Joindre des fichiers", "Attach files"),
        DropHere => ("Déposez les fichiers pour les joindre", "Drop files to attach them"),
        RemoveAttachment => ("Retirer la pièce jointe", "Remove attachment"),
        Uploading => ("Envoi du fichier…", "Uploading…"),
        UploadFailed => ("Échec de l'envoi du fichier", "Upload failed"),
        RequestDsn => ("Demander un accusé de remise", "Request a delivery receipt"),
        RequestDsnSuccess => (
            "Aussi quand il est remis",
            "Also when it is delivered",
        ),
        DsnUnavailable => (
            "Votre serveur ne propose pas les accusés de remise.",
            "Your server does not offer delivery receipts.",
        ),
        RequestReadReceipt => ("Demander un accusé de lecture", "Request read receipt"),
        Send => ("Envoyer", "Send"),
        Sending => ("Envoi…", "Sending…"),
        Close => ("Fermer (le brouillon est enregistré)", "Close (the draft is saved)"),
        MessageSent => ("Message envoyé.", "Message sent."),
        SentWithoutCopy => (
            "Message envoyé, mais sa copie n'a pas pu être enregistrée dans Envoyés.",
            "Message sent, but its copy could not be saved in Sent.",
        ),
        KeptInDrafts => ("Conservé dans les Brouillons.", "Kept in Drafts."),
        Saving => ("Enregistrement…", "Saving…"),
        NotSaved => ("Brouillon non enregistré", "Draft not saved"),
        CloseUnsaved => (
            "Le brouillon n'a pas pu être enregistré. Fermer quand même et perdre ce message ?",
            "The draft could not be saved. Close anyway and lose this message?",
        ),
        LoadingDraft => ("Ouverture du brouillon…", "Opening the draft…"),
        NoRecipient => ("Ajoutez au moins un destinataire.", "Add at least one recipient."),
        FixRecipients => (
            "Corrigez les adresses signalées avant d'envoyer.",
            "Correct the addresses shown before sending.",
        ),
        WaitForUploads => (
            "Attendez la fin de l'envoi des pièces jointes.",
            "Wait for the attachments to finish uploading.",
        ),
        ShortcutHint => (
            "Ctrl+Entrée envoie, Échap ferme et enregistre le brouillon.",
            "Ctrl+Enter sends, Escape closes and saves the draft.",
        ),
        ForwardedMessage => ("Message transféré", "Forwarded message"),
        ForwardDate => ("Date", "Date"),
    }
}

/// "Saved at 10:04" / « Enregistré à 10:04 ».
pub fn saved_at(locale: Locale, time: &str) -> String {
    locale.pick(format!("Enregistré à {time}"), format!("Saved at {time}"))
}

/// The line above a quoted message: « Le 26 nov. 2026 à 10:04, Alice Martin a écrit : »,
/// "On 26 Nov 2026 at 10:04, Alice Martin wrote:". `month` is 1 to 12.
pub fn reply_attribution(
    locale: Locale,
    (year, month, day): (i32, u8, u8),
    time: &str,
    sender: &str,
) -> String {
    match locale {
        Locale::Fr => {
            let month = short_month_fr(month);
            format!("Le {day} {month} {year} à {time}, {sender} a écrit :")
        }
        Locale::En => {
            let name = month_name(locale, month);
            let month: String = name.chars().take(3).collect();
            format!("On {day} {month} {year} at {time}, {sender} wrote:")
        }
    }
}

/// French abbreviated month names, as French typography writes them.
fn short_month_fr(month: u8) -> &'static str {
    const SHORT: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    SHORT[usize::from(month.clamp(1, 12)) - 1]
}

/// Why a file is refused before upload: « rapport.pdf dépasse la limite de 25 Mo ».
pub fn file_too_large(locale: Locale, filename: &str, limit_bytes: u64) -> String {
    let limit = limit_megabytes(locale, limit_bytes);
    locale.pick(
        format!("« {filename} » dépasse la taille maximale de {limit} par pièce jointe."),
        format!("“{filename}” is larger than the {limit} limit per attachment."),
    )
}

/// A limit in whole megabytes when it is one ("25 Mo"), else with a decimal.
fn limit_megabytes(locale: Locale, bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} {}", bytes / MIB, locale.pick("Mo", "MB"))
    } else {
        file_size(locale, bytes)
    }
}

/// The warning when the attachments alone exceed the server's message size limit.
pub fn message_over_limit(locale: Locale, limit_bytes: u64) -> String {
    let limit = limit_megabytes(locale, limit_bytes);
    locale.pick(
        format!(
            "Avec ces pièces jointes, le message dépasse la taille acceptée par votre serveur ({limit}) : il serait refusé."
        ),
        format!(
            "With these attachments the message is larger than your server accepts ({limit}): it would be refused."
        ),
    )
}

/// Upload progress of one file: "40 %" / "40%".
pub fn upload_progress(locale: Locale, loaded: u64, total: u64) -> String {
    let percent = (loaded.saturating_mul(100))
        .checked_div(total)
        .unwrap_or(0)
        .min(100);
    locale.pick(format!("{percent} %"), format!("{percent}%"))
}

/// Why a typed recipient was refused, naming it.
pub fn invalid_recipient(locale: Locale, text: &str, problem: RecipientProblem) -> String {
    let (fr, en) = match problem {
        RecipientProblem::Unclosed => (
            "un « < » ou un guillemet n'est pas refermé",
            "a “<” or a quote is not closed",
        ),
        RecipientProblem::Address(InvalidEmailAddress::Empty) => {
            ("l'adresse est vide", "the address is empty")
        }
        RecipientProblem::Address(InvalidEmailAddress::NoSingleAt) => (
            "l'adresse doit contenir un seul « @ »",
            "the address needs exactly one “@”",
        ),
        RecipientProblem::Address(InvalidEmailAddress::EmptyPart) => (
            "il faut du texte avant et après le « @ »",
            "it needs text before and after the “@”",
        ),
        RecipientProblem::Address(InvalidEmailAddress::ForbiddenCharacter) => (
            "l'adresse ne doit pas contenir d'espace",
            "the address must not contain spaces",
        ),
        RecipientProblem::Address(InvalidEmailAddress::BadDomain) => (
            "la partie après le « @ » n'est pas un domaine valide",
            "the part after the “@” is not a valid domain",
        ),
    };
    locale.pick(
        format!("« {text} » n'est pas une adresse valide : {fr}."),
        format!("“{text}” is not a valid address: {en}."),
    )
}

/// What to say once a message went: whether Sent holds its copy matters to the sender.
pub fn sent_notice(copy: SentCopy) -> ComposeText {
    match copy {
        SentCopy::Appended | SentCopy::ByServer => ComposeText::MessageSent,
        SentCopy::Missing => ComposeText::SentWithoutCopy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_missing_sent_copy_is_said() {
        assert_eq!(
            sent_notice(SentCopy::Missing).get(Locale::Fr),
            "Message envoyé, mais sa copie n'a pas pu être enregistrée dans Envoyés."
        );
        assert_eq!(sent_notice(SentCopy::ByServer), ComposeText::MessageSent);
        assert_eq!(sent_notice(SentCopy::Appended), ComposeText::MessageSent);
    }

    #[test]
    fn every_compose_text_is_translated_once() {
        for locale in Locale::ALL {
            let mut seen = HashSet::new();
            for text in ComposeText::ALL {
                let s = text.get(locale);
                assert!(!s.trim().is_empty(), "{text:?} empty in {locale:?}");
                assert!(seen.insert(s), "{text:?} repeats {s:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn attributions_read_naturally() {
        assert_eq!(
            reply_attribution(Locale::Fr, (2026, 11, 26), "10:04", "Alice Martin"),
            "Le 26 nov. 2026 à 10:04, Alice Martin a écrit :"
        );
        assert_eq!(
            reply_attribution(Locale::En, (2026, 11, 26), "10:04", "Alice Martin"),
            "On 26 Nov 2026 at 10:04, Alice Martin wrote:"
        );
    }

    #[test]
    fn limits_are_said_in_megabytes() {
        let limit = 25 * 1024 * 1024;
        assert_eq!(
            file_too_large(Locale::Fr, "film.mp4", limit),
            "« film.mp4 » dépasse la taille maximale de 25 Mo par pièce jointe."
        );
        assert_eq!(
            file_too_large(Locale::En, "film.mp4", limit),
            "“film.mp4” is larger than the 25 MB limit per attachment."
        );
        assert_eq!(
            message_over_limit(Locale::En, 10 * 1024 * 1024),
            "With these attachments the message is larger than your server accepts (10 MB): it would be refused."
        );
        assert_eq!(upload_progress(Locale::Fr, 1, 4), "25 %");
        assert_eq!(upload_progress(Locale::En, 5, 0), "0%");
        assert_eq!(saved_at(Locale::Fr, "10:04"), "Enregistré à 10:04");
        assert_eq!(saved_at(Locale::En, "10:04"), "Saved at 10:04");
    }

    #[test]
    fn invalid_recipients_are_named() {
        let problem = RecipientProblem::Address(InvalidEmailAddress::NoSingleAt);
        assert_eq!(
            invalid_recipient(Locale::En, "bob", problem),
            "“bob” is not a valid address: the address needs exactly one “@”."
        );
        assert!(invalid_recipient(Locale::Fr, "bob", problem).starts_with("« bob » n'est pas"));
    }
}
