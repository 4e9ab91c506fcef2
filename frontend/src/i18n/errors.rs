//! Translated errors: the bridge's codes, transport failures and sign-in form mistakes.

use super::Locale;
use crate::api::ApiError;
use crate::login_form::FormError;
use facteur_model::InvalidEmailAddress;
use facteur_model::problem::ErrorCode;

/// The sentence for one of the bridge's error codes.
pub fn error_code(locale: Locale, code: ErrorCode) -> &'static str {
    let (fr, en) = match code {
        ErrorCode::BadCredentials => (
            "Identifiant ou mot de passe refusé par le serveur.",
            "The server refused the user name or password.",
        ),
        ErrorCode::HostNotFound => (
            "Ce nom de serveur est introuvable. Vérifiez l'orthographe.",
            "This server name cannot be found. Check the spelling.",
        ),
        ErrorCode::HostUnreachable => (
            "Aucun serveur ne répond à cette adresse et ce port.",
            "Nothing answers at this host and port.",
        ),
        ErrorCode::HostNotAllowed => (
            "Ce serveur ou ce port n'est pas autorisé par l'administrateur de Facteur.",
            "The Facteur administrator does not allow this host or port.",
        ),
        ErrorCode::PlainNotAllowed => (
            "Les connexions non chiffrées ne sont permises que vers un serveur local.",
            "Unencrypted connections are only allowed to a local server.",
        ),
        ErrorCode::TlsFailure => (
            "La connexion sécurisée a échoué (certificat non reconnu ou expiré ?).",
            "The secure connection failed (untrusted or expired certificate?).",
        ),
        ErrorCode::Timeout => (
            "Le serveur a mis trop de temps à répondre.",
            "The server took too long to answer.",
        ),
        ErrorCode::WrongProtocol => (
            "Ce n'est pas le bon protocole sur ce port : un autre service y répond. Vérifiez le numéro de port.",
            "This port speaks another protocol: a different service answers there. Check the port number.",
        ),
        ErrorCode::ProtocolError => (
            "Le serveur ne parle pas le protocole attendu. Vérifiez le port et la sécurité.",
            "The server does not speak the expected protocol. Check the port and security.",
        ),
        ErrorCode::ServerRefused => (
            "Le serveur de messagerie a refusé l'opération.",
            "The mail server refused the operation.",
        ),
        ErrorCode::ConnectionLost => (
            "La connexion au serveur a été interrompue.",
            "The connection to the server was lost.",
        ),
        ErrorCode::FolderNotFound => ("Ce dossier n'existe plus.", "This folder no longer exists."),
        ErrorCode::FolderExists => (
            "Un dossier porte déjà ce nom.",
            "A folder with this name already exists.",
        ),
        ErrorCode::FolderNotEmpty => (
            "Ce dossier contient encore des messages ou des sous-dossiers.",
            "This folder still holds messages or subfolders.",
        ),
        ErrorCode::FolderProtected => (
            "La boîte de réception et les dossiers spéciaux (Envoyés, Corbeille…) ne peuvent être ni renommés ni supprimés.",
            "The inbox and special folders (Sent, Trash…) cannot be renamed or deleted.",
        ),
        ErrorCode::FolderNameEmpty => ("Donnez un nom au dossier.", "Give the folder a name."),
        ErrorCode::FolderNameHasDelimiter => (
            "Le nom ne peut pas contenir le séparateur des sous-dossiers (« / » ou « . » selon le serveur) : choisissez plutôt un dossier parent.",
            "The name cannot contain the subfolder separator (“/” or “.” depending on the server): choose a parent folder instead.",
        ),
        ErrorCode::FolderNameDots => (
            "Le nom ne peut pas commencer par un point ni contenir « .. ».",
            "The name cannot start with a dot or contain “..”.",
        ),
        ErrorCode::FolderNameForbiddenCharacter => (
            "Le nom ne peut pas contenir « * », « % » ni de caractère de contrôle.",
            "The name cannot contain “*”, “%” or control characters.",
        ),
        ErrorCode::FolderNameTooLong => (
            "Ce nom est trop long : 200 caractères au plus, dossiers parents compris.",
            "This name is too long: at most 200 characters, parent folders included.",
        ),
        ErrorCode::FolderNameReserved => (
            "Ce nom est celui de la boîte de réception ou d'un dossier spécial : choisissez-en un autre.",
            "This is the name of the inbox or of a special folder: choose another one.",
        ),
        ErrorCode::FolderNameRefused => (
            "Le serveur de messagerie n'accepte pas ce nom de dossier. Essayez sans point ni signe particulier.",
            "The mail server does not accept this folder name. Try without dots or special signs.",
        ),
        ErrorCode::SettingsConflict => (
            "Les réglages ont été modifiés sur un autre appareil entre-temps.",
            "The settings were changed on another device in the meantime.",
        ),
        ErrorCode::SettingsTooLarge => (
            "Les réglages sont trop volumineux pour être enregistrés.",
            "The settings are too large to be saved.",
        ),
        ErrorCode::SieveUnavailable => (
            "Le serveur ne propose pas le filtrage côté serveur (ManageSieve).",
            "The server does not offer server-side filtering (ManageSieve).",
        ),
        ErrorCode::SieveScriptInvalid => (
            "Le serveur a refusé le script de filtrage Sieve.",
            "The server refused the Sieve filter script.",
        ),
        ErrorCode::MessageNotFound => (
            "Ce message n'existe plus (déplacé ou supprimé ailleurs ?).",
            "This message no longer exists (moved or deleted elsewhere?).",
        ),
        ErrorCode::AttachmentNotFound => (
            "Cette pièce jointe est introuvable.",
            "This attachment cannot be found.",
        ),
        ErrorCode::NotSignedIn => ("Vous n'êtes pas connecté.", "You are not signed in."),
        ErrorCode::SessionExpired => (
            "Votre session a expiré : reconnectez-vous.",
            "Your session has expired: please sign in again.",
        ),
        ErrorCode::DuplicateSessionCookie => (
            "Votre navigateur envoie deux cookies de session : effacez les cookies de ce site, puis reconnectez-vous.",
            "Your browser sends two session cookies: clear this site's cookies, then sign in again.",
        ),
        ErrorCode::SessionStoreUnavailable => (
            "Le serveur ne peut pas vérifier votre session pour le moment. Réessayez dans un instant.",
            "The server cannot check your session right now. Try again in a moment.",
        ),
        ErrorCode::CsrfRejected => (
            "Requête refusée par mesure de sécurité. Rechargez la page.",
            "Request refused as a security measure. Reload the page.",
        ),
        ErrorCode::RateLimited => (
            "Trop de tentatives de connexion. Réessayez dans quelques minutes.",
            "Too many sign-in attempts. Try again in a few minutes.",
        ),
        ErrorCode::AttachmentTooLarge => (
            "Ce fichier dépasse la taille maximale autorisée.",
            "This file is larger than the maximum size allowed.",
        ),
        ErrorCode::UploadQuotaExceeded => (
            "Trop de pièces jointes en attente : retirez-en ou envoyez d'abord le message.",
            "Too many attachments waiting: remove some or send the message first.",
        ),
        ErrorCode::UploadNotFound => (
            "Cette pièce jointe n'est plus disponible ; ajoutez-la de nouveau.",
            "This attachment is no longer available; add it again.",
        ),
        ErrorCode::MessageTooLarge => (
            "Le serveur d'envoi refuse ce message : il est trop volumineux.",
            "The sending server refuses this message: it is too large.",
        ),
        ErrorCode::MessageTooLargeToOpen => (
            "Ce message est trop volumineux pour être ouvert ici.",
            "This message is too large to be opened here.",
        ),
        ErrorCode::ServerResponseTooLarge => (
            "Le serveur de messagerie a envoyé une réponse démesurée ; la connexion a été coupée.",
            "The mail server sent an oversized answer; the connection was closed.",
        ),
        ErrorCode::RecipientRefused => (
            "Le serveur d'envoi refuse un destinataire.",
            "The sending server refuses a recipient.",
        ),
        ErrorCode::SendFailed => (
            "Le serveur d'envoi a refusé le message.",
            "The sending server refused the message.",
        ),
        ErrorCode::SendOutcomeUnknown => (
            "La connexion a été coupée juste après l'envoi : le serveur a peut-être accepté \
             le message. Avant de le renvoyer, vérifiez auprès du destinataire s'il l'a reçu.",
            "The connection dropped right after sending: the server may have accepted the \
             message. Before sending it again, check with the recipient whether it arrived.",
        ),
        ErrorCode::RequestTooLarge => (
            "Cette demande est trop volumineuse pour être envoyée au serveur.",
            "This request is too large to be sent to the server.",
        ),
        ErrorCode::ChangeOutcomeUnknown => (
            "La connexion a été coupée pendant que le serveur faisait la modification : elle \
             a peut-être été faite. Actualisez pour voir où en sont vos messages avant de \
             recommencer.",
            "The connection dropped while the server was making the change: it may have been \
             made. Refresh to see where your messages are before trying again.",
        ),
        ErrorCode::InvalidInput => (
            "Certaines informations envoyées ne sont pas valides.",
            "Some of the information sent is not valid.",
        ),
        ErrorCode::Internal => (
            "Erreur interne du serveur Facteur.",
            "Internal error in the Facteur server.",
        ),
        ErrorCode::MailServerBusy => (
            "Votre serveur de messagerie refuse de nouvelles connexions pour le moment \
             (trop de connexions à la fois). Réessayez dans quelques instants ; si cela \
             dure, prévenez son administrateur.",
            "Your mail server is turning new connections away for now (too many \
             connections at once). Try again in a moment; if it lasts, tell its \
             administrator.",
        ),
        ErrorCode::InvalidSearch => (
            "Cette recherche n'est pas valide : vérifiez les mots-clés, les dates et les \
             guillemets.",
            "This search is not valid: check the keywords, dates and quotes.",
        ),
    };
    locale.pick(fr, en)
}

/// The sentence for any failed API call (the server's own detail is shown separately).
pub fn api_error(locale: Locale, error: &ApiError) -> &'static str {
    match error {
        ApiError::Bridge { code, .. } => error_code(locale, *code),
        ApiError::Network => locale.pick(
            "Le serveur Facteur est injoignable. Vérifiez votre connexion.",
            "The Facteur server cannot be reached. Check your connection.",
        ),
        ApiError::UnexpectedResponse { .. } => locale.pick(
            "Réponse inattendue du serveur Facteur.",
            "Unexpected answer from the Facteur server.",
        ),
    }
}

/// The sentence for a mistake in the sign-in form.
pub fn form_error(locale: Locale, error: FormError) -> &'static str {
    let (fr, en) = match error {
        FormError::Email(InvalidEmailAddress::Empty) => (
            "Saisissez votre adresse e-mail.",
            "Type your email address.",
        ),
        FormError::Email(InvalidEmailAddress::NoSingleAt) => (
            "L'adresse doit contenir un seul « @ ».",
            "The address needs exactly one “@”.",
        ),
        FormError::Email(InvalidEmailAddress::EmptyPart) => (
            "L'adresse doit avoir du texte avant et après le « @ ».",
            "The address needs text before and after the “@”.",
        ),
        FormError::Email(InvalidEmailAddress::ForbiddenCharacter) => (
            "L'adresse ne doit pas contenir d'espace.",
            "The address must not contain spaces.",
        ),
        FormError::Email(InvalidEmailAddress::BadDomain) => (
            "La partie après le « @ » n'est pas un domaine valide.",
            "The part after the “@” is not a valid domain.",
        ),
        FormError::PasswordMissing => ("Saisissez votre mot de passe.", "Type your password."),
        FormError::ImapHostMissing => (
            "Indiquez le serveur entrant (IMAP).",
            "Fill in the incoming (IMAP) server.",
        ),
        FormError::SmtpHostMissing => (
            "Indiquez le serveur sortant (SMTP).",
            "Fill in the outgoing (SMTP) server.",
        ),
        FormError::ImapPortInvalid => (
            "Le port IMAP doit être un nombre entre 1 et 65535.",
            "The IMAP port must be a number from 1 to 65535.",
        ),
        FormError::SmtpPortInvalid => (
            "Le port SMTP doit être un nombre entre 1 et 65535.",
            "The SMTP port must be a number from 1 to 65535.",
        ),
    };
    locale.pick(fr, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_error_code_has_distinct_french_and_english_text() {
        for locale in Locale::ALL {
            let texts: HashSet<&str> = ErrorCode::ALL
                .iter()
                .map(|code| error_code(locale, *code))
                .collect();
            assert_eq!(texts.len(), ErrorCode::ALL.len(), "{locale:?}");
            assert!(texts.iter().all(|t| !t.trim().is_empty()));
        }
        for code in ErrorCode::ALL {
            assert_ne!(error_code(Locale::Fr, code), error_code(Locale::En, code));
        }
    }

    #[test]
    fn transport_failures_are_translated() {
        assert!(api_error(Locale::Fr, &ApiError::Network).contains("injoignable"));
        assert!(api_error(Locale::En, &ApiError::Network).contains("cannot be reached"));
        let bridge = ApiError::bridge(
            ErrorCode::BadCredentials,
            Some("AUTHENTICATIONFAILED".into()),
        );
        assert_eq!(
            api_error(Locale::Fr, &bridge),
            error_code(Locale::Fr, ErrorCode::BadCredentials)
        );
    }
}
