//! Strings of the preferences screen: sending identities, signatures, read receipts and
//! delivery notifications.

use super::table::fixed_texts;

fixed_texts! {
    /// A fixed string of the preferences screen.
    pub enum PreferencesText {
        Preferences => ("Préférences", "Preferences"),
        Back => ("Retour au courrier", "Back to mail"),
        IdentitiesTitle => ("Identités d'envoi", "Sending identities"),
        IdentitiesIntro => (
            "Les adresses depuis lesquelles vous écrivez, avec leur nom et leur signature. \
             L'adresse du compte est toujours proposée.",
            "The addresses you write from, with their name and signature. \
             The account's address is always offered.",
        ),
        AccountIdentity => ("Adresse du compte", "Account address"),
        IdentityEmail => ("Adresse", "Address"),
        IdentityName => ("Nom affiché", "Display name"),
        Signature => ("Signature", "Signature"),
        AddIdentity => ("Ajouter une identité", "Add an identity"),
        RemoveIdentity => ("Retirer cette identité", "Remove this identity"),
        SaveIdentities => ("Enregistrer les identités", "Save identities"),
        IdentitiesSaved => ("Identités enregistrées.", "Identities saved."),
        InvalidIdentityEmail => (
            "Cette adresse n'est pas valide : elle doit ressembler à nom@domaine.fr.",
            "This address is not valid: it should look like name@example.com.",
        ),
        DuplicateIdentity => (
            "Cette adresse figure déjà dans la liste.",
            "This address is already in the list.",
        ),
        ReceiptsTitle => ("Accusés de lecture", "Read receipts"),
        ReceiptsIntro => (
            "Un expéditeur peut demander à savoir quand vous lisez son message ; \
             la norme (RFC 8098) veut que vous y consentiez, sauf si vous choisissez « toujours ».",
            "A sender may ask to know when you read their message; the standard (RFC 8098) \
             requires your consent unless you choose “always”.",
        ),
        ReceiptsAsk => ("Me demander à chaque fois", "Ask me each time"),
        ReceiptsNever => ("Ne jamais en envoyer", "Never send one"),
        ReceiptsAlways => ("Toujours en envoyer", "Always send one"),
        DeliveryTitle => ("Accusés de remise", "Delivery receipts"),
        DsnByDefault => (
            "Demander un accusé de remise pour chaque nouveau message",
            "Request a delivery receipt for every new message",
        ),
        DsnSuccessByDefault => (
            "Recevoir aussi un accusé quand le message est remis (un rapport par destinataire)",
            "Also receive a receipt when the message is delivered (one report per recipient)",
        ),
        DsnHint => (
            "Votre serveur d'envoi vous préviendra si le message est retardé ou refusé ; \
             s'il est remis, seulement si vous le demandez ci-dessus.",
            "Your sending server tells you when the message is delayed or refused; \
             when it is delivered, only if you ask for it above.",
        ),
        SettingsNotLoaded => (
            "Les préférences ne sont pas encore chargées.",
            "The preferences are not loaded yet.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use std::collections::HashSet;

    #[test]
    fn every_preferences_text_is_translated_once() {
        for locale in Locale::ALL {
            let texts: HashSet<_> = PreferencesText::ALL.iter().map(|t| t.get(locale)).collect();
            assert_eq!(texts.len(), PreferencesText::ALL.len(), "{locale:?}");
        }
    }
}
