//! Strings of account setup: the wizard and its diagnoses, the provider comparison, the
//! help pages and the setup report.
//!
//! Over 450 lines: a translation table (French and English side by side) for the wizard's
//! many steps and diagnoses.

use super::Locale;
use super::table::fixed_texts;
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::Source;
use facteur_providers::presets::{Confidence, Cost};
use facteur_providers::setup_api::{
    AttemptFailure, AttemptOutcome, CertificateProblem, Diagnosis, HeardProtocol, StepKind, Warning,
};
use facteur_providers::{AuthRequirement, Protocol, UsernameForm};

fixed_texts! {
    /// A fixed string of account setup, help pages and the report.
    pub enum SetupText {
        SetUpAccount => ("Configurer un compte", "Set up an account"),
        WizardTitle => ("Configurer un compte de messagerie", "Set up a mail account"),
        WizardIntro => (
            "Tapez l'adresse : Facteur cherche les serveurs, vous les vérifiez, puis il teste la connexion avant de vous connecter.",
            "Type the address: Facteur looks the servers up, you check them, then it tests the connection before signing you in.",
        ),
        StepAddress => ("1. Adresse", "1. Address"),
        StepSettings => ("2. Réglages", "2. Settings"),
        StepTest => ("3. Mot de passe et test", "3. Password and test"),
        FindSettings => ("Trouver les réglages", "Find the settings"),
        Searching => ("Recherche des réglages…", "Looking the settings up…"),
        NothingFound => (
            "Aucune source n'a donné de réglages : saisissez-les ci-dessous (le fournisseur les indique dans son aide).",
            "No source gave settings: type them below (the provider lists them in its help pages).",
        ),
        FoundBy => ("Trouvés par", "Found by"),
        SmtpFoundBy => ("Serveur d'envoi trouvé par", "Outgoing server found by"),
        Attempts => ("Sources interrogées", "Sources tried"),
        Proposal => ("Proposition", "Proposal"),
        Continue => ("Continuer", "Continue"),
        Back => ("Retour", "Back"),
        ChangeAddress => ("Changer d'adresse", "Change the address"),
        TestConnection => ("Tester la connexion", "Test the connection"),
        Testing => ("Test en cours…", "Testing…"),
        TestPassed => (
            "Tout fonctionne : vous pouvez vous connecter.",
            "Everything works: you can sign in.",
        ),
        TestFailed => (
            "Le test a échoué : corrigez le réglage indiqué, puis testez de nouveau.",
            "The test failed: fix the setting named, then test again.",
        ),
        StepPassed => ("réussi", "passed"),
        StepFailed => ("échec", "failed"),
        GoodToKnow => ("À savoir", "Good to know"),
        BackToSignIn => ("Retour à la connexion", "Back to sign-in"),
        BackToWizard => ("Retour à l'assistant", "Back to the assistant"),
        ProviderHelp => ("Page d'aide du fournisseur", "The provider's help page"),
        AuthHelp => ("Page du fournisseur pour cela", "The provider's page for this"),
        PortInvalid => (
            "Le port doit être un nombre entre 1 et 65535.",
            "The port must be a number from 1 to 65535.",
        ),
        HostMissing => ("Indiquez le nom du serveur.", "Type the server's name."),
        UsernameMissing => ("Indiquez l'identifiant.", "Type the username."),
        PasswordMissing => ("Tapez le mot de passe.", "Type the password."),
        AddressInvalid => (
            "Cette adresse n'est pas valide : elle doit ressembler à nom@domaine.fr.",
            "This address is not valid: it must look like name@domain.com.",
        ),
        Help => ("Aide", "Help"),
        GlossaryTitle => ("Glossaire", "Glossary"),
        GlossaryIntro => (
            "Les mots de la messagerie, expliqués pour les techniciens et pour les personnes qu'ils aident.",
            "The words of email, explained for technicians and for the people they help.",
        ),
        ProvidersTitle => ("Comparer les fournisseurs", "Compare providers"),
        ProvidersIntro => (
            "Ce que chaque fournisseur offre, d'après les sources citées. Les fournisseurs changent leurs offres sans prévenir : les faits marqués « ? » sont à vérifier.",
            "What each provider offers, from the sources listed. Providers change their offers without notice: facts marked \"?\" need checking.",
        ),
        Provider => ("Fournisseur", "Provider"),
        Storage => ("Stockage gratuit", "Free storage"),
        AttachmentLimit => ("Pièce jointe maximale", "Largest attachment"),
        Price => ("Prix", "Price"),
        SignInMethod => ("Connexion", "Sign-in"),
        Pros => ("Avantages", "Advantages"),
        Cons => ("Inconvénients", "Drawbacks"),
        Limits => ("Limites", "Limits"),
        Sources => ("Sources", "Sources"),
        Servers => ("Serveurs", "Servers"),
        NotKnown => ("non connu", "not known"),
        NotPublished => ("non publié par le fournisseur", "not published by the provider"),
        UncertainMark => ("incertain, à vérifier", "uncertain, to be checked"),
        ReportedMark => ("rapporté, non lu chez le fournisseur", "reported, not read on the provider's page"),
        ReportDate => ("Date et heure", "Date and time"),
        ReportAccount => ("Compte", "Account"),
        ReportAddress => ("Adresse", "Address"),
        ReportUsername => ("Identifiant", "Username"),
        ReportUsernameForm => ("Forme de l'identifiant", "Username form"),
        ReportPassword => ("Mot de passe", "Password"),
        ReportPasswordNotNoted => (
            "non noté dans ce rapport (le garder en lieu sûr)",
            "not written in this report (keep it somewhere safe)",
        ),
        ReportIncoming => ("Réception (IMAP)", "Incoming (IMAP)"),
        ReportOutgoing => ("Envoi (SMTP)", "Outgoing (SMTP)"),
        ReportNoFolders => ("Aucun dossier chargé.", "No folders loaded."),
        ReportNoRules => ("Aucune règle.", "No rules."),
        ReportSettingsUnavailable => (
            "Les règles n'ont pas pu être chargées : elles ne figurent pas dans ce rapport.",
            "The rules could not be loaded: they are not in this report.",
        ),
        ReportRuleDisabled => ("désactivée", "disabled"),
        ReportArrangedByDay => ("Liste classée par jour", "List arranged by day"),
        Yes => ("oui", "yes"),
        No => ("non", "no"),
        ReportVersion => ("Version de Facteur", "Facteur version"),
        Print => ("Imprimer", "Print"),
        Download => ("Télécharger (HTML)", "Download (HTML)"),
    }
}

/// "Données de 2026" under the comparison.
pub fn facts_as_of(locale: Locale, year: &str) -> String {
    match locale {
        Locale::Fr => format!("Données compilées en {year}."),
        Locale::En => format!("Facts as of {year}."),
    }
}

/// When a source was read (`2026-12-07` or `2026`), in parentheses.
pub fn checked_on(locale: Locale, checked: &str) -> String {
    let mut parts = checked.split('-');
    let year = parts.next().unwrap_or_default();
    match (parts.next(), parts.next(), locale) {
        (Some(month), Some(day), Locale::Fr) => format!("(lu le {day}/{month}/{year})"),
        (Some(month), Some(day), Locale::En) => format!("(read {year}-{month}-{day})"),
        (_, _, Locale::Fr) => format!("(relevé en {year})"),
        (_, _, Locale::En) => format!("(noted in {year})"),
    }
}

/// The report's closing line, naming the version that produced it.
pub fn report_footer(locale: Locale, version: &str) -> String {
    match locale {
        Locale::Fr => format!("Document produit par Facteur {version}, client de messagerie web."),
        Locale::En => format!("Document produced by Facteur {version}, a web mail client."),
    }
}

/// The security setting in words the glossary explains.
pub fn security_name(locale: Locale, security: Security) -> &'static str {
    match security {
        Security::Tls => "SSL/TLS",
        Security::StartTls => "STARTTLS",
        Security::Plain => locale.pick("aucune (en clair)", "none (plain text)"),
    }
}

/// A protocol's name.
pub fn protocol_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Imap => "IMAP",
        Protocol::Pop3 => "POP3",
        Protocol::Smtp => "SMTP",
    }
}

/// Where a setting came from.
pub fn source_name(locale: Locale, source: Source) -> &'static str {
    let (fr, en) = match source {
        Source::Preset => (
            "fiche du fournisseur connue de Facteur",
            "Facteur's provider preset",
        ),
        Source::Autoconfig => (
            "fichier autoconfig du domaine",
            "the domain's autoconfig file",
        ),
        Source::WellKnown => (
            "fichier autoconfig .well-known du domaine",
            "the domain's .well-known autoconfig file",
        ),
        Source::Srv => ("enregistrements DNS SRV", "DNS SRV records"),
        Source::MxGuess => (
            "supposition d'après le serveur MX",
            "a guess from the MX server",
        ),
        Source::NameGuess => (
            "supposition d'après les noms usuels",
            "a guess from the usual names",
        ),
    };
    locale.pick(fr, en)
}

/// What came of asking one source.
pub fn attempt_outcome(locale: Locale, outcome: &AttemptOutcome) -> String {
    match outcome {
        AttemptOutcome::Found => locale.pick("trouvé", "found").to_owned(),
        AttemptOutcome::Nothing => locale.pick("rien", "nothing").to_owned(),
        AttemptOutcome::Skipped => locale
            .pick("non interrogé (inutile)", "not asked (not needed)")
            .to_owned(),
        AttemptOutcome::Failed { reason, detail } => {
            let reason = attempt_failure(locale, *reason);
            if detail.trim().is_empty() {
                reason.to_owned()
            } else {
                format!("{reason} ({detail})")
            }
        }
    }
}

fn attempt_failure(locale: Locale, failure: AttemptFailure) -> &'static str {
    let (fr, en) = match failure {
        AttemptFailure::Timeout => ("pas de réponse à temps", "no answer in time"),
        AttemptFailure::NameNotFound => ("nom inexistant", "no such name"),
        AttemptFailure::DnsError => ("erreur DNS", "DNS error"),
        AttemptFailure::HostNotAllowed => ("adresse non autorisée", "address not allowed"),
        AttemptFailure::ConnectFailed => ("connexion impossible", "could not connect"),
        AttemptFailure::Tls => ("échec TLS", "TLS failure"),
        AttemptFailure::HttpStatus => ("erreur HTTP", "HTTP error"),
        AttemptFailure::Redirect => ("redirection refusée", "redirect refused"),
        AttemptFailure::TooLarge => ("réponse trop grande", "answer too large"),
        AttemptFailure::InvalidAnswer => ("réponse inutilisable", "unusable answer"),
    };
    locale.pick(fr, en)
}

/// One step of the connection test.
pub fn step_name(locale: Locale, step: StepKind) -> &'static str {
    let (fr, en) = match step {
        StepKind::Resolve => ("Trouver le serveur (DNS)", "Find the server (DNS)"),
        StepKind::Connect => ("Se connecter au port", "Connect to the port"),
        StepKind::Tls => ("Chiffrement SSL/TLS", "SSL/TLS encryption"),
        StepKind::Greeting => ("Accueil du serveur", "Server greeting"),
        StepKind::Capabilities => ("Fonctions proposées", "Capabilities offered"),
        StepKind::Starttls => (
            "Passage au chiffrement (STARTTLS)",
            "Switch to encryption (STARTTLS)",
        ),
        StepKind::Authenticate => ("Identifiant et mot de passe", "Username and password"),
    };
    locale.pick(fr, en)
}

/// A warning from the connection test.
pub fn warning_text(locale: Locale, protocol: Protocol, warning: &Warning) -> String {
    match warning {
        Warning::CapabilityAbsent { capability } => {
            let consequence = match (protocol, capability.to_ascii_uppercase().as_str()) {
                (Protocol::Imap, "MOVE") => locale.pick(
                    "les déplacements se feront par copie puis suppression.",
                    "moves will be done as a copy then a removal.",
                ),
                (Protocol::Imap, "IDLE") => locale.pick(
                    "le nouveau courrier sera cherché régulièrement plutôt qu'annoncé.",
                    "new mail will be polled rather than announced.",
                ),
                (Protocol::Imap, "UIDPLUS") => locale.pick(
                    "sans lui, un déplacement copie sans effacer l'original.",
                    "without it, a move copies without removing the original.",
                ),
                (Protocol::Smtp, "DSN") => locale.pick(
                    "les accusés de remise ne pourront pas être demandés.",
                    "delivery receipts cannot be requested.",
                ),
                (Protocol::Smtp, "SIZE") => locale.pick(
                    "la taille maximale des messages n'est pas annoncée.",
                    "the largest message size is not announced.",
                ),
                _ => locale.pick("fonction facultative.", "an optional feature."),
            };
            match locale {
                Locale::Fr => format!(
                    "Le serveur {} ne propose pas {capability} : {consequence}",
                    protocol_name(protocol)
                ),
                Locale::En => format!(
                    "The {} server does not offer {capability}: {consequence}",
                    protocol_name(protocol)
                ),
            }
        }
    }
}

/// Why a server check failed, naming the host and port checked and what to change.
pub fn diagnosis_text(
    locale: Locale,
    protocol: Protocol,
    endpoint: &ServerEndpoint,
    diagnosis: &Diagnosis,
) -> String {
    let fr = locale == Locale::Fr;
    let at = format!("{}:{}", endpoint.host, endpoint.port);
    let proto = protocol_name(protocol);
    match diagnosis {
        Diagnosis::NameNotFound { host } => {
            if fr {
                format!(
                    "Le nom de serveur « {host} » n'existe pas (DNS). Vérifiez son orthographe, ou le domaine de l'adresse."
                )
            } else {
                format!(
                    "The server name \"{host}\" does not exist (DNS). Check its spelling, or the address's domain."
                )
            }
        }
        Diagnosis::PortClosed { host, port } => {
            if fr {
                format!(
                    "Rien ne répond sur le port {port} de {host} (connexion refusée). Vérifiez le port : en général 993 ou 143 pour IMAP, 465 ou 587 pour SMTP."
                )
            } else {
                format!(
                    "Nothing answers on port {port} of {host} (connection refused). Check the port: usually 993 or 143 for IMAP, 465 or 587 for SMTP."
                )
            }
        }
        Diagnosis::Timeout { host, port } => {
            if fr {
                format!(
                    "{host} ne répond pas à temps sur le port {port} : un pare-feu bloque peut-être ce port, ou le serveur est surchargé."
                )
            } else {
                format!(
                    "{host} does not answer in time on port {port}: a firewall may block this port, or the server is overloaded."
                )
            }
        }
        Diagnosis::Unreachable { host, port, detail } => {
            if fr {
                format!(
                    "{host}, port {port}, est injoignable depuis le serveur Facteur ({detail})."
                )
            } else {
                format!(
                    "{host}, port {port}, cannot be reached from the Facteur server ({detail})."
                )
            }
        }
        Diagnosis::TlsCertificate { problem, detail } => {
            let host = &endpoint.host;
            let what = certificate_problem(locale, *problem, host);
            if fr {
                format!("{what} Détail technique : {detail}")
            } else {
                format!("{what} Technical detail: {detail}")
            }
        }
        Diagnosis::TlsHandshake { detail } => {
            if fr {
                format!(
                    "La négociation SSL/TLS avec {at} a échoué : ce port ne parle peut-être pas SSL/TLS (essayez STARTTLS ou l'autre port), ou seulement des versions dépassées. Détail technique : {detail}"
                )
            } else {
                format!(
                    "The SSL/TLS handshake with {at} failed: this port may not speak SSL/TLS (try STARTTLS or the other port), or only outdated versions. Technical detail: {detail}"
                )
            }
        }
        Diagnosis::NotThisProtocol { expected, heard } => {
            let expected = protocol_name(*expected);
            let advice = heard_advice(locale, *heard);
            if fr {
                format!("Sur {at}, ce n'est pas un serveur {expected} qui répond : {advice}")
            } else {
                format!("On {at}, no {expected} server answers: {advice}")
            }
        }
        Diagnosis::AuthenticationRefused { server_text } => {
            let server_text = server_text.trim();
            if fr {
                format!(
                    "Le serveur {proto} {} a refusé l'identifiant ou le mot de passe. Réponse du serveur : « {server_text} ». Vérifiez l'identifiant (adresse complète ou partie avant le @) et le mot de passe ; certains fournisseurs exigent un mot de passe d'application.",
                    endpoint.host
                )
            } else {
                format!(
                    "The {proto} server {} refused the username or password. The server said: \"{server_text}\". Check the username (full address or the part before the @) and the password; some providers require an app password.",
                    endpoint.host
                )
            }
        }
        Diagnosis::CapabilityMissing { capability } => {
            let starttls = capability.eq_ignore_ascii_case("STARTTLS");
            match (fr, starttls) {
                (true, true) => format!(
                    "{at} ne propose pas STARTTLS : Facteur n'enverra pas le mot de passe en clair. Choisissez SSL/TLS et le port correspondant (993 ou 465)."
                ),
                (false, true) => format!(
                    "{at} does not offer STARTTLS: Facteur will not send the password in the clear. Choose SSL/TLS and its port (993 or 465)."
                ),
                (true, false) => format!(
                    "Le serveur {proto} {at} ne propose pas {capability}, dont Facteur a besoin."
                ),
                (false, false) => format!(
                    "The {proto} server {at} does not offer {capability}, which Facteur needs."
                ),
            }
        }
        Diagnosis::PlainNotAllowed => {
            if fr {
                format!(
                    "Une connexion sans chiffrement vers {} n'est pas permise : choisissez SSL/TLS ou STARTTLS.",
                    endpoint.host
                )
            } else {
                format!(
                    "An unencrypted connection to {} is not allowed: choose SSL/TLS or STARTTLS.",
                    endpoint.host
                )
            }
        }
        Diagnosis::HostNotAllowed { host } => {
            if fr {
                format!(
                    "Ce serveur Facteur n'a pas le droit de se connecter à {host} (adresse privée, ou non autorisée par son administrateur)."
                )
            } else {
                format!(
                    "This Facteur server may not connect to {host} (a private address, or not allowed by its operator)."
                )
            }
        }
        Diagnosis::ProtocolError { detail } => {
            if fr {
                format!("{at} a répondu de façon incompréhensible pour {proto} : {detail}")
            } else {
                format!("{at} answered something {proto} cannot make sense of: {detail}")
            }
        }
    }
}

fn certificate_problem(locale: Locale, problem: CertificateProblem, host: &str) -> String {
    let fr = locale == Locale::Fr;
    match (problem, fr) {
        (CertificateProblem::UnknownIssuer, true) => format!(
            "Le certificat de {host} est signé par une autorité inconnue : impossible de vérifier qu'il s'agit du bon serveur. Si c'est bien le serveur voulu, son administrateur doit installer un certificat d'une autorité reconnue."
        ),
        (CertificateProblem::UnknownIssuer, false) => format!(
            "The certificate of {host} is signed by an unknown authority: there is no way to check it is the right server. If it is the intended server, its administrator must install a certificate from a recognised authority."
        ),
        (CertificateProblem::Expired, true) => {
            format!("Le certificat de {host} a expiré : son administrateur doit le renouveler.")
        }
        (CertificateProblem::Expired, false) => {
            format!("The certificate of {host} has expired: its administrator must renew it.")
        }
        (CertificateProblem::NotYetValid, true) => {
            format!("Le certificat de {host} n'est pas encore valable (ou une horloge est fausse).")
        }
        (CertificateProblem::NotYetValid, false) => {
            format!("The certificate of {host} is not valid yet (or a clock is wrong).")
        }
        (CertificateProblem::WrongHost, true) => format!(
            "Le certificat présenté par {host} est établi pour un autre nom : utilisez le nom de serveur que donne le fournisseur."
        ),
        (CertificateProblem::WrongHost, false) => format!(
            "The certificate {host} shows is made out to another name: use the server name the provider gives."
        ),
        (CertificateProblem::SelfSigned, true) => format!(
            "Le certificat de {host} est auto-signé : personne ne garantit qu'il s'agit du bon serveur."
        ),
        (CertificateProblem::SelfSigned, false) => format!(
            "The certificate of {host} is self-signed: nobody vouches that it is the right server."
        ),
        (CertificateProblem::Revoked, true) => {
            format!("Le certificat de {host} a été révoqué par son émetteur.")
        }
        (CertificateProblem::Revoked, false) => {
            format!("The certificate of {host} was revoked by its issuer.")
        }
        (CertificateProblem::Other, true) => format!("Le certificat de {host} est refusé."),
        (CertificateProblem::Other, false) => format!("The certificate of {host} is refused."),
    }
}

fn heard_advice(locale: Locale, heard: HeardProtocol) -> &'static str {
    let (fr, en) = match heard {
        HeardProtocol::Imap => (
            "c'est un serveur IMAP ; vérifiez le port.",
            "it is an IMAP server; check the port.",
        ),
        HeardProtocol::Smtp => (
            "c'est un serveur SMTP ; vérifiez le port.",
            "it is an SMTP server; check the port.",
        ),
        HeardProtocol::Pop3 => (
            "c'est un serveur POP3 ; vérifiez le port.",
            "it is a POP3 server; check the port.",
        ),
        HeardProtocol::Http => (
            "c'est un serveur web ; vérifiez le port.",
            "it is a web server; check the port.",
        ),
        HeardProtocol::Tls => (
            "le port attend SSL/TLS dès la connexion : choisissez « SSL/TLS » plutôt que STARTTLS.",
            "the port expects SSL/TLS from the start: choose \"SSL/TLS\" rather than STARTTLS.",
        ),
        HeardProtocol::PlainText => (
            "le port ne parle pas SSL/TLS d'emblée : choisissez STARTTLS.",
            "the port does not speak SSL/TLS from the start: choose STARTTLS.",
        ),
        HeardProtocol::Unknown => (
            "la réponse est vide ou inconnue ; vérifiez le port.",
            "the answer is empty or unknown; check the port.",
        ),
    };
    locale.pick(fr, en)
}

/// What the provider demands at sign-in, explained; `None` when the password just works.
pub fn auth_explanation(locale: Locale, auth: AuthRequirement) -> Option<&'static [&'static str]> {
    let (fr, en): (&[&str], &[&str]) = match auth {
        AuthRequirement::Password => return None,
        AuthRequirement::AppPassword => (
            &[
                "Ce fournisseur refuse le mot de passe habituel du compte dans les programmes de messagerie : il faut créer un mot de passe d'application.",
                "Dans les réglages de sécurité du compte, activez la validation en deux étapes si ce n'est pas fait, puis créez un mot de passe d'application nommé « Facteur » et tapez-le ci-dessous.",
            ],
            &[
                "This provider refuses the account's usual password in mail programs: an app password must be created.",
                "In the account's security settings, turn on two-step verification if needed, then create an app password named \"Facteur\" and type it below.",
            ],
        ),
        AuthRequirement::OAuth2 => (
            &[
                "Ce fournisseur n'accepte que la connexion OAuth2 (sur sa propre page), que Facteur ne sait pas faire : ce compte ne peut pas être utilisé avec un mot de passe.",
                "Vérifiez sur la page du fournisseur si un mot de passe d'application est possible pour votre type de compte.",
            ],
            &[
                "This provider accepts only OAuth2 sign-in (on its own page), which Facteur cannot do: this account cannot be used with a password.",
                "Check on the provider's page whether an app password is possible for your kind of account.",
            ],
        ),
        AuthRequirement::OAuth2OrAppPassword => (
            &[
                "Ce fournisseur préfère la connexion OAuth2, que Facteur ne fait pas ; il accepte à la place un mot de passe d'application.",
                "Activez la validation en deux étapes, créez un mot de passe d'application pour « Facteur » et tapez-le ci-dessous à la place du mot de passe du compte.",
            ],
            &[
                "This provider prefers OAuth2 sign-in, which Facteur does not do; it accepts an app password instead.",
                "Turn on two-step verification, create an app password for \"Facteur\" and type it below instead of the account's password.",
            ],
        ),
        AuthRequirement::BridgePassword => (
            &[
                "Ce service chiffre le courrier : les programmes passent par son logiciel « Bridge », installé sur l'ordinateur, qui fait office de serveur IMAP et SMTP local.",
                "Le mot de passe à utiliser est celui qu'affiche le Bridge, pas celui du compte. Le serveur Facteur doit pouvoir joindre la machine où le Bridge tourne.",
            ],
            &[
                "This service encrypts mail: programs go through its \"Bridge\" software, installed on the computer, which acts as a local IMAP and SMTP server.",
                "The password to use is the one the Bridge shows, not the account's. The Facteur server must be able to reach the machine the Bridge runs on.",
            ],
        ),
    };
    Some(locale.pick(fr, en))
}

/// How the provider signs in, in a word or two (the comparison's column).
pub fn auth_name(locale: Locale, auth: AuthRequirement) -> &'static str {
    let (fr, en) = match auth {
        AuthRequirement::Password => ("mot de passe", "password"),
        AuthRequirement::AppPassword => ("mot de passe d'application", "app password"),
        AuthRequirement::OAuth2 => ("OAuth2 seulement", "OAuth2 only"),
        AuthRequirement::OAuth2OrAppPassword => (
            "OAuth2 ou mot de passe d'application",
            "OAuth2 or app password",
        ),
        AuthRequirement::BridgePassword => (
            "Bridge (mot de passe du Bridge)",
            "Bridge (the Bridge's password)",
        ),
    };
    locale.pick(fr, en)
}

/// What the mailbox costs.
pub fn cost_name(locale: Locale, cost: Cost) -> &'static str {
    let (fr, en) = match cost {
        Cost::Free => ("gratuit", "free"),
        Cost::FreeWithPaidPlans => ("gratuit, offres payantes en plus", "free, with paid plans"),
        Cost::IncludedWithIsp => (
            "inclus dans l'abonnement Internet",
            "included with the Internet subscription",
        ),
        Cost::PaidOnly => ("payant", "paid only"),
    };
    locale.pick(fr, en)
}

/// The mark beside a fact that is not documented by the provider, if any.
pub fn confidence_mark(locale: Locale, confidence: Confidence) -> Option<&'static str> {
    match confidence {
        Confidence::Documented => None,
        Confidence::Reported => Some(SetupText::ReportedMark.get(locale)),
        Confidence::Uncertain => Some(SetupText::UncertainMark.get(locale)),
    }
}

/// The username's form relative to the address.
pub fn username_form_name(locale: Locale, form: UsernameForm) -> &'static str {
    let (fr, en) = match form {
        UsernameForm::FullAddress => ("l'adresse complète", "the full address"),
        UsernameForm::LocalPart => ("la partie avant le @", "the part before the @"),
        UsernameForm::Custom => (
            "un identifiant propre au fournisseur",
            "a provider-specific name",
        ),
    };
    locale.pick(fr, en)
}

/// A size in megabytes as providers quote it (1 Go = 1000 Mo).
pub fn megabytes(locale: Locale, mb: u32) -> String {
    if mb >= 1000 && mb.is_multiple_of(1000) {
        format!("{} {}", mb / 1000, locale.pick("Go", "GB"))
    } else {
        format!("{mb} {}", locale.pick("Mo", "MB"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_dates_read_in_each_language() {
        assert_eq!(checked_on(Locale::Fr, "2026-12-07"), "(lu le 07/12/2026)");
        assert_eq!(checked_on(Locale::En, "2026-12-07"), "(read 2026-12-07)");
        assert_eq!(checked_on(Locale::Fr, "2026"), "(relevé en 2026)");
        assert_eq!(checked_on(Locale::En, "2026"), "(noted in 2026)");
    }

    fn endpoint(host: &str, port: u16) -> ServerEndpoint {
        ServerEndpoint {
            host: host.to_owned(),
            port,
            security: Security::Tls,
        }
    }

    #[test]
    fn certificate_diagnoses_name_the_host_in_both_languages() {
        let diagnosis = Diagnosis::TlsCertificate {
            problem: CertificateProblem::UnknownIssuer,
            detail: "invalid peer certificate: UnknownIssuer".into(),
        };
        for locale in Locale::ALL {
            let text = diagnosis_text(
                locale,
                Protocol::Imap,
                &endpoint("imap.example.fr", 993),
                &diagnosis,
            );
            assert!(text.contains("imap.example.fr"), "{text}");
            assert!(text.contains("UnknownIssuer"), "{text}");
        }
        let fr = diagnosis_text(Locale::Fr, Protocol::Imap, &endpoint("h", 993), &diagnosis);
        assert!(fr.contains("autorité inconnue"), "{fr}");
    }

    #[test]
    fn the_server_text_and_the_port_are_quoted() {
        let refused = Diagnosis::AuthenticationRefused {
            server_text: "Authentication failed.".into(),
        };
        let closed = Diagnosis::PortClosed {
            host: "imap.example.fr".into(),
            port: 1443,
        };
        for locale in Locale::ALL {
            let e = endpoint("imap.example.fr", 1443);
            assert!(
                diagnosis_text(locale, Protocol::Imap, &e, &refused)
                    .contains("Authentication failed.")
            );
            let text = diagnosis_text(locale, Protocol::Imap, &e, &closed);
            assert!(
                text.contains("1443") && text.contains("imap.example.fr"),
                "{text}"
            );
        }
    }

    #[test]
    fn fixed_texts_differ_between_languages_where_words_do() {
        for text in SetupText::ALL {
            assert!(!text.get(Locale::Fr).is_empty() && !text.get(Locale::En).is_empty());
        }
        assert_eq!(megabytes(Locale::Fr, 15_000), "15 Go");
        assert_eq!(megabytes(Locale::En, 25), "25 MB");
    }
}
