//! Fixed interface strings and folder role names.

use super::Locale;
use facteur_model::folder::FolderRole;

/// A fixed sentence or label of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Text {
    AppName,
    SignInTitle,
    SignInIntro,
    Email,
    Password,
    Username,
    UsernameHint,
    ServerSettings,
    ServerSettingsHint,
    IncomingServer,
    OutgoingServer,
    Host,
    Port,
    Security,
    SecurityTls,
    SecurityStartTls,
    SecurityPlain,
    SignIn,
    SigningIn,
    SignOut,
    SignedInAs,
    SessionEnded,
    /// The notice shown when the app stopped on an internal error.
    AppFailed,
    ReloadPage,
    Language,
    Folders,
    FolderListLabel,
    MessageListLabel,
    Loading,
    LoadingMore,
    EmptyFolder,
    NoSubject,
    UnknownSender,
    NoMessageOpen,
    From,
    To,
    Cc,
    Date,
    RemoteImagesBlocked,
    ShowImages,
    Attachments,
    MarkUnread,
    Flag,
    Unflag,
    Flagged,
    HasAttachment,
    Unread,
    BackToList,
    BackToFolders,
    Close,
    Retry,
    MessageBody,
    ServerSaid,
    KeyboardHint,
}

impl Text {
    /// Every string, for the translation tests.
    pub const ALL: [Text; 54] = [
        Text::AppName,
        Text::SignInTitle,
        Text::SignInIntro,
        Text::Email,
        Text::Password,
        Text::Username,
        Text::UsernameHint,
        Text::ServerSettings,
        Text::ServerSettingsHint,
        Text::IncomingServer,
        Text::OutgoingServer,
        Text::Host,
        Text::Port,
        Text::Security,
        Text::SecurityTls,
        Text::SecurityStartTls,
        Text::SecurityPlain,
        Text::SignIn,
        Text::SigningIn,
        Text::SignOut,
        Text::SignedInAs,
        Text::SessionEnded,
        Text::AppFailed,
        Text::ReloadPage,
        Text::Language,
        Text::Folders,
        Text::FolderListLabel,
        Text::MessageListLabel,
        Text::Loading,
        Text::LoadingMore,
        Text::EmptyFolder,
        Text::NoSubject,
        Text::UnknownSender,
        Text::NoMessageOpen,
        Text::From,
        Text::To,
        Text::Cc,
        Text::Date,
        Text::RemoteImagesBlocked,
        Text::ShowImages,
        Text::Attachments,
        Text::MarkUnread,
        Text::Flag,
        Text::Unflag,
        Text::Flagged,
        Text::HasAttachment,
        Text::Unread,
        Text::BackToList,
        Text::BackToFolders,
        Text::Close,
        Text::Retry,
        Text::MessageBody,
        Text::ServerSaid,
        Text::KeyboardHint,
    ];

    /// The string in `locale`.
    pub fn get(self, locale: Locale) -> &'static str {
        let (fr, en) = match self {
            Text::AppName => ("Facteur", "Facteur"),
            Text::SignInTitle => ("Connexion à votre messagerie", "Sign in to your mail"),
            Text::SignInIntro => (
                "Saisissez votre adresse : les serveurs sont proposés d'après son domaine.",
                "Type your address: the servers are suggested from its domain.",
            ),
            Text::Email => ("Adresse e-mail", "Email address"),
            Text::Password => ("Mot de passe", "Password"),
            Text::Username => ("Identifiant", "User name"),
            Text::UsernameHint => (
                "Seulement s'il diffère de l'adresse.",
                "Only if it differs from the address.",
            ),
            Text::ServerSettings => ("Paramètres des serveurs", "Server settings"),
            Text::ServerSettingsHint => (
                "Proposés d'après votre adresse ; modifiez-les si votre fournisseur l'indique.",
                "Suggested from your address; change them if your provider says so.",
            ),
            Text::IncomingServer => ("Serveur entrant (IMAP)", "Incoming server (IMAP)"),
            Text::OutgoingServer => ("Serveur sortant (SMTP)", "Outgoing server (SMTP)"),
            Text::Host => ("Serveur", "Host"),
            Text::Port => ("Port", "Port"),
            Text::Security => ("Sécurité", "Security"),
            Text::SecurityTls => ("TLS (SSL)", "TLS (SSL)"),
            Text::SecurityStartTls => ("STARTTLS", "STARTTLS"),
            Text::SecurityPlain => (
                "Aucune (serveur local uniquement)",
                "None (local server only)",
            ),
            Text::SignIn => ("Se connecter", "Sign in"),
            Text::SigningIn => ("Connexion…", "Signing in…"),
            Text::SignOut => ("Se déconnecter", "Sign out"),
            Text::SignedInAs => ("Connecté en tant que", "Signed in as"),
            Text::AppFailed => (
                "Une erreur s'est produite et l'application s'est arrêtée. Rechargez la page pour continuer.",
                "Something went wrong and the app stopped. Reload the page to continue.",
            ),
            Text::ReloadPage => ("Recharger la page", "Reload the page"),
            Text::SessionEnded => (
                "Votre session a pris fin : reconnectez-vous.",
                "Your session has ended: please sign in again.",
            ),
            Text::Language => ("Langue", "Language"),
            Text::Folders => ("Dossiers", "Folders"),
            Text::FolderListLabel => ("Liste des dossiers", "Folder list"),
            Text::MessageListLabel => ("Liste des messages", "Message list"),
            Text::Loading => ("Chargement…", "Loading…"),
            Text::LoadingMore => (
                "Chargement des messages plus anciens…",
                "Loading older messages…",
            ),
            Text::EmptyFolder => ("Ce dossier est vide.", "This folder is empty."),
            Text::NoSubject => ("(sans objet)", "(no subject)"),
            Text::UnknownSender => ("(expéditeur inconnu)", "(unknown sender)"),
            Text::NoMessageOpen => (
                "Choisissez un message pour le lire.",
                "Choose a message to read it.",
            ),
            Text::From => ("De", "From"),
            Text::To => ("À", "To"),
            Text::Cc => ("Cc", "Cc"),
            Text::Date => ("Date", "Date"),
            Text::RemoteImagesBlocked => ("Images distantes bloquées", "Remote images blocked"),
            Text::ShowImages => ("Afficher les images", "Show images"),
            Text::Attachments => ("Pièces jointes", "Attachments"),
            Text::MarkUnread => ("Marquer comme non lu", "Mark as unread"),
            Text::Flag => ("Suivre", "Flag"),
            Text::Unflag => ("Ne plus suivre", "Unflag"),
            Text::Flagged => ("Suivi", "Flagged"),
            Text::HasAttachment => ("Pièce jointe", "Attachment"),
            Text::Unread => ("non lus", "unread"),
            Text::BackToList => ("Retour à la liste", "Back to the list"),
            Text::BackToFolders => ("Dossiers", "Folders"),
            Text::Close => ("Fermer", "Close"),
            Text::Retry => ("Réessayer", "Try again"),
            Text::MessageBody => ("Contenu du message", "Message content"),
            Text::ServerSaid => ("Le serveur a répondu :", "The server said:"),
            Text::KeyboardHint => (
                "Raccourcis : j / k pour se déplacer, Entrée pour ouvrir, u pour revenir, x pour cocher, c pour écrire ; sur un message ouvert, r pour répondre, a pour répondre à tous, f pour transférer. « ? » les affiche partout.",
                "Shortcuts: j / k to move, Enter to open, u to go back, x to tick, c to write; on an open message, r to reply, a to reply all, f to forward. \"?\" shows them anywhere.",
            ),
        };
        locale.pick(fr, en)
    }
}

/// The translated name of a special-use folder.
pub fn folder_role(locale: Locale, role: FolderRole) -> &'static str {
    // One table, in the model, so the bridge refuses the same names as folder names.
    let (fr, en) = facteur_model::folder_name::role_names(role);
    locale.pick(fr, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_text_exists_in_both_languages() {
        for text in Text::ALL {
            for locale in Locale::ALL {
                assert!(!text.get(locale).trim().is_empty(), "{text:?} {locale:?}");
            }
        }
        let unique: HashSet<_> = Text::ALL.iter().collect();
        assert_eq!(unique.len(), Text::ALL.len());
    }

    #[test]
    fn role_names_follow_the_locale() {
        assert_eq!(
            folder_role(Locale::Fr, FolderRole::Inbox),
            "Boîte de réception"
        );
        assert_eq!(folder_role(Locale::En, FolderRole::Sent), "Sent");
        assert_eq!(folder_role(Locale::Fr, FolderRole::Junk), "Indésirables");
    }
}
