//! Strings of the reader's actions (reply, forward, continue a draft) and of the
//! read-receipt prompt.

use super::Locale;
use super::table::fixed_texts;

fixed_texts! {
    /// A fixed string of the reader's actions and read-receipt prompt.
    pub enum ReaderText {
        Reply => ("Répondre", "Reply"),
        ReplyAll => ("Répondre à tous", "Reply all"),
        Forward => ("Transférer", "Forward"),
        ForwardAsAttachment => ("Transférer en pièce jointe", "Forward as attachment"),
        ContinueDraft => ("Continuer la rédaction", "Continue writing"),
        MessageActions => ("Actions sur le message", "Message actions"),
        SendReceipt => ("Envoyer l'accusé", "Send the receipt"),
        DeclineReceipt => ("Ne pas envoyer", "Don't send"),
        ReceiptSent => ("Accusé de lecture envoyé.", "Read receipt sent."),
        ReceiptDeclined => (
            "Aucun accusé de lecture ne sera envoyé.",
            "No read receipt will be sent.",
        ),
        ReceiptSending => ("Envoi de l'accusé…", "Sending the receipt…"),
        ReportOriginalText => (
            "Texte d'origine du serveur (souvent en anglais)",
            "The server's original text",
        ),
    }
}

/// « Alice Martin demande un accusé de lecture. »
pub fn receipt_asked(locale: Locale, who: &str) -> String {
    locale.pick(
        format!("{who} demande un accusé de lecture."),
        format!("{who} asks for a read receipt."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_reader_text_is_translated_once() {
        for locale in Locale::ALL {
            let texts: HashSet<_> = ReaderText::ALL.iter().map(|t| t.get(locale)).collect();
            assert_eq!(texts.len(), ReaderText::ALL.len(), "{locale:?}");
        }
        assert_eq!(
            receipt_asked(Locale::Fr, "Alice"),
            "Alice demande un accusé de lecture."
        );
    }
}
