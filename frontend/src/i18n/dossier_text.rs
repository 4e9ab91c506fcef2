//! Strings of the setup report as the « dossier preuve »: the choice of client, the live
//! checks and how to do those not done yet, the servers' security, the conclusion.

use super::Locale;
use super::table::fixed_texts;
use facteur_model::api::Security;

fixed_texts! {
    /// A fixed string of the setup report's evidence.
    pub enum DossierText {
        Title => ("Dossier de configuration", "Setup evidence file"),
        Intro => (
            "Le dossier preuve de l'intervention : ce qui a été configuré pour ce compte, pourquoi, et ce que Facteur a constaté en situation réelle. Le mot de passe n'y figure jamais.",
            "The evidence file of the intervention: what was configured for this account, why, and what Facteur saw happen for real. The password is never in it.",
        ),
        ClientHeading => ("Client choisi et pourquoi", "The client chosen and why"),
        ClientChosen => (
            "Client retenu : Facteur, un client web (client léger) qui lit le courrier en IMAP et l'envoie en SMTP.",
            "Client chosen: Facteur, a web client (thin client) that reads mail over IMAP and sends it over SMTP.",
        ),
        ClientWhyNothingToInstall => (
            "Rien à installer : il s'ouvre dans n'importe quel navigateur, sur ordinateur, tablette, téléphone ou borne.",
            "Nothing to install: it opens in any browser, on a computer, tablet, phone or kiosk.",
        ),
        ClientWhyImap => (
            "IMAP plutôt que POP3 : le courrier reste sur le serveur, le même sur tous les appareils.",
            "IMAP rather than POP3: mail stays on the server, the same on every device.",
        ),
        ClientWhyRules => (
            "Les règles de tri voyagent avec le compte (dans la boîte elle-même) et peuvent aussi s'exécuter sur le serveur (Sieve).",
            "Mail rules travel with the account (inside the mailbox itself) and can also run on the server (Sieve).",
        ),
        ClientWhyDelivery => (
            "L'état de remise de chaque message envoyé est suivi par destinataire (accusés de remise, accusés de lecture).",
            "The delivery status of every sent message is followed per recipient (delivery receipts, read receipts).",
        ),
        ComparisonHeading => ("Comparatif des fournisseurs", "Provider comparison"),
        ComparisonIntro => (
            "Le comparatif que Facteur montre dans son aide, pour situer le fournisseur de ce compte.",
            "The comparison Facteur shows in its help, to place this account's provider.",
        ),
        ServersHeading => ("Serveurs et sécurité", "Servers and security"),
        Sieve => ("Tri sur le serveur (ManageSieve)", "Server-side rules (ManageSieve)"),
        SieveUnavailable => ("non disponible", "not available"),
        FoldersListed => ("Dossiers lus sur le serveur", "Folders read from the server"),
        FoldersHeading => ("Dossiers", "Folders"),
        RulesHeading => ("Règles de tri", "Mail rules"),
        RunsInBrowser => (
            "S'exécute dans le navigateur, quand Facteur est ouvert.",
            "Runs in the browser, while Facteur is open.",
        ),
        RunsAlsoSieve => (
            "S'exécute dans le navigateur et sur le serveur (script Sieve « facteur » actif, identique aux règles).",
            "Runs in the browser and on the server (active Sieve script « facteur », the same as the rules).",
        ),
        SieveOutdated => (
            "S'exécute dans le navigateur ; le script Sieve installé date d'une version antérieure des règles : le réinstaller depuis l'écran des règles.",
            "Runs in the browser; the installed Sieve script is from an earlier version of the rules: install it again from the rules screen.",
        ),
        RuleNotChecked => (
            "Pas encore vérifiée. Pour la vérifier : envoyer (ou recevoir) un message qui remplit la condition, puis actualiser la boîte de réception, ou ouvrir le dossier et choisir « Appliquer les règles maintenant ». Ce dossier notera ce que la règle a fait.",
            "Not checked yet. To check it: send (or receive) a message that meets the condition, then refresh the inbox, or open the folder and choose « Run rules now ». This file will note what the rule did.",
        ),
        RuleDisabledCheck => (
            "Règle désactivée : elle ne s'exécute pas.",
            "Rule disabled: it does not run.",
        ),
        ViewHeading => ("Affichage", "View"),
        ByDayExplained => (
            "Aujourd'hui, Hier, puis les jours de la semaine, puis les dates.",
            "Today, Yesterday, then weekdays, then dates.",
        ),
        DeliveryHeading => ("Accusés de remise et de lecture", "Delivery and read receipts"),
        DsnDefault => ("Accusé de remise demandé par défaut", "Delivery receipt asked by default"),
        ReadReceipts => ("Demandes d'accusé de lecture reçues", "Read-receipt requests received"),
        ReceiptsAsk => ("demander à chaque fois", "ask each time"),
        ReceiptsNever => ("ne jamais répondre", "never answer"),
        ReceiptsAlways => ("toujours répondre", "always answer"),
        DeliveryNotChecked => (
            "Pas encore vérifié. Pour le vérifier : écrire un message avec « Demander un accusé de remise » coché à votre adresse et à une adresse inconnue du domaine, l'envoyer, puis rouvrir ce dossier : l'état de chaque destinataire y figurera.",
            "Not checked yet. To check it: write a message with « Request a delivery receipt » ticked to your address and to an unknown address of the domain, send it, then open this file again: each recipient's status will be in it.",
        ),
        DeliveryLoading => ("Lecture des messages envoyés…", "Reading the sent messages…"),
        DeliveryUnreadable => (
            "Les messages envoyés n'ont pas pu être lus : l'état de remise n'est pas dans ce dossier.",
            "The sent messages could not be read: the delivery status is not in this file.",
        ),
        GlossaryHeading => ("Glossaire", "Glossary"),
        ConclusionHeading => ("Conclusion", "Conclusion"),
        AllChecked => (
            "Tout ce qui a été configuré a été vérifié en situation réelle : le compte est prêt.",
            "Everything configured was checked for real: the account is ready.",
        ),
        SomeFailed => (
            "Des vérifications ont échoué (marquées « échec » ci-dessus) : les reprendre avant de remettre le poste.",
            "Some checks failed (marked « failed » above): go over them before handing the device over.",
        ),
        SomeLeft => (
            "Des vérifications restent à faire (marquées « à faire » ci-dessus, avec la façon de les faire).",
            "Some checks are still to do (marked « to do » above, with how to do them).",
        ),
        Passed => ("vérifié", "checked"),
        Failed => ("échec", "failed"),
        NotDone => ("à faire", "to do"),
        Loading => ("Préparation du dossier…", "Preparing the file…"),
    }
}

/// How safe a server connection is, in a sentence.
pub fn security_assessment(locale: Locale, security: Security) -> &'static str {
    match security {
        Security::Tls => locale.pick(
            "chiffrée dès la connexion (SSL/TLS) : mot de passe et courrier protégés",
            "encrypted from the first byte (SSL/TLS): password and mail protected",
        ),
        Security::StartTls => locale.pick(
            "chiffrée après STARTTLS, avant l'envoi du mot de passe",
            "encrypted after STARTTLS, before the password is sent",
        ),
        Security::Plain => locale.pick(
            "non chiffrée : à réserver à un réseau local de confiance",
            "not encrypted: keep it to a trusted local network",
        ),
    }
}

/// "Anciens : 3 messages examinés (« Appliquer les règles maintenant »)".
pub fn run_now_seen(locale: Locale, folder: &str, examined: u32, done: &[String]) -> String {
    let did = if done.is_empty() {
        locale.pick("rien à faire", "nothing to do").to_owned()
    } else {
        done.join(", ")
    };
    match locale {
        Locale::Fr => format!(
            "« Appliquer les règles maintenant » sur {folder} : {examined} message(s) examiné(s), {did}."
        ),
        Locale::En => {
            format!("« Run rules now » over {folder}: {examined} message(s) examined, {did}.")
        }
    }
}

/// "N contrôles vérifiés, M en échec, K à faire."
pub fn check_counts(locale: Locale, passed: usize, failed: usize, left: usize) -> String {
    match locale {
        Locale::Fr => {
            format!("{passed} vérification(s) réussie(s), {failed} en échec, {left} à faire.")
        }
        Locale::En => format!("{passed} check(s) passed, {failed} failed, {left} to do."),
    }
}

/// The folder a rule files into is on the server, or not.
pub fn folder_present(locale: Locale, folder: &str, present: bool) -> String {
    match (locale, present) {
        (Locale::Fr, true) => format!("Le dossier {folder} existe sur le serveur."),
        (Locale::Fr, false) => format!(
            "Le dossier {folder}, où une règle range le courrier, n'existe pas sur le serveur : le créer."
        ),
        (Locale::En, true) => format!("The folder {folder} exists on the server."),
        (Locale::En, false) => format!(
            "The folder {folder}, where a rule files mail, is not on the server: create it."
        ),
    }
}

/// The ManageSieve service, as seen: "port 4190, script actif : facteur".
pub fn sieve_seen(locale: Locale, port: u16, active: Option<&str>) -> String {
    match (locale, active) {
        (Locale::Fr, Some(name)) => format!("port {port}, script actif : « {name} »"),
        (Locale::Fr, None) => format!("port {port}, aucun script actif"),
        (Locale::En, Some(name)) => format!("port {port}, active script: « {name} »"),
        (Locale::En, None) => format!("port {port}, no active script"),
    }
}

/// What a rule was seen doing: "« Acheter du pain » envoyé à 14:02, reçu à 14:02 dans
/// Boîte de réception, rangé à 14:02 dans Personnel, alerte affichée : « … »."
pub struct RuleSeen<'a> {
    pub subject: &'a str,
    pub sent: Option<String>,
    pub received: String,
    pub source: &'a str,
    pub moved_to: Option<&'a str>,
    pub acted: String,
    pub alert: Option<&'a str>,
}

/// [`RuleSeen`] in a sentence.
pub fn rule_seen(locale: Locale, seen: &RuleSeen<'_>) -> String {
    let mut text = match (locale, &seen.sent) {
        (Locale::Fr, Some(sent)) => format!("« {} » envoyé à {sent}, ", seen.subject),
        (Locale::En, Some(sent)) => format!("« {} » sent at {sent}, ", seen.subject),
        (Locale::Fr, None) => format!("« {} », ", seen.subject),
        (Locale::En, None) => format!("« {} », ", seen.subject),
    };
    text.push_str(&match locale {
        Locale::Fr => format!("reçu à {} dans {}", seen.received, seen.source),
        Locale::En => format!("received at {} in {}", seen.received, seen.source),
    });
    text.push_str(&match (locale, seen.moved_to) {
        (Locale::Fr, Some(to)) => format!(", rangé à {} dans {to}", seen.acted),
        (Locale::En, Some(to)) => format!(", filed at {} in {to}", seen.acted),
        (Locale::Fr, None) => format!(", règle appliquée à {}", seen.acted),
        (Locale::En, None) => format!(", rule applied at {}", seen.acted),
    });
    if let Some(alert) = seen.alert {
        text.push_str(&match locale {
            Locale::Fr => format!(", alerte affichée : « {alert} »"),
            Locale::En => format!(", alert shown: « {alert} »"),
        });
    }
    text.push('.');
    text
}

/// The IMAP connection seen working: "Connexion IMAP : 8 dossiers lus sur le serveur à 14:10."
pub fn imap_seen(locale: Locale, folders: usize, at: &str) -> String {
    match locale {
        Locale::Fr => format!("Connexion IMAP : {folders} dossier(s) lu(s) sur le serveur à {at}."),
        Locale::En => format!("IMAP connection: {folders} folder(s) read from the server at {at}."),
    }
}

/// The IMAP connection did not list the folders.
pub fn imap_not_seen(locale: Locale) -> &'static str {
    locale.pick(
        "Connexion IMAP : les dossiers n'ont pas pu être lus ; se reconnecter et rouvrir ce dossier.",
        "IMAP connection: the folders could not be read; sign in again and reopen this file.",
    )
}

/// A send seen accepted: "Envoi SMTP : « Essai » accepté par le serveur à 14:05."
pub fn smtp_seen(locale: Locale, subject: &str, at: &str) -> String {
    match locale {
        Locale::Fr => format!("Envoi SMTP : « {subject} » accepté par le serveur à {at}."),
        Locale::En => format!("SMTP sending: « {subject} » accepted by the server at {at}."),
    }
}

/// No send seen yet, and how to check sending.
pub fn smtp_not_seen(locale: Locale) -> &'static str {
    locale.pick(
        "Envoi SMTP : pas encore vérifié. Envoyer un message (par exemple une note à soi-même), puis rouvrir ce dossier.",
        "SMTP sending: not checked yet. Send a message (a note to yourself, for instance), then open this file again.",
    )
}

/// A sent message's delivery as reported: "« Essai » envoyé à 14:05 — a@x : remis ; b@x : échec : …".
pub fn delivery_seen(locale: Locale, subject: &str, at: &str, recipients: &[String]) -> String {
    let joined = recipients.join(" ; ");
    match locale {
        Locale::Fr => format!("« {subject} » envoyé à {at} — {joined}."),
        Locale::En => format!("« {subject} » sent at {at} — {joined}."),
    }
}

/// Reports are still awaited for a sent message.
pub fn delivery_waiting(locale: Locale) -> &'static str {
    locale.pick(
        "Des rapports sont encore attendus : rouvrir ce dossier dans quelques minutes.",
        "Reports are still awaited: open this file again in a few minutes.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_text_is_written_in_both_languages_once() {
        for locale in Locale::ALL {
            let texts: HashSet<&str> = DossierText::ALL.iter().map(|t| t.get(locale)).collect();
            assert_eq!(texts.len(), DossierText::ALL.len(), "{locale:?}");
            assert!(texts.iter().all(|t| !t.trim().is_empty()));
        }
    }

    #[test]
    fn a_rule_seen_reads_as_the_brief_puts_it() {
        let seen = RuleSeen {
            subject: "Acheter du pain",
            sent: Some("14:02".into()),
            received: "14:02".into(),
            source: "Boîte de réception",
            moved_to: Some("Personnel"),
            acted: "14:02".into(),
            alert: Some("Note à moi-même : Acheter du pain"),
        };
        assert_eq!(
            rule_seen(Locale::Fr, &seen),
            "« Acheter du pain » envoyé à 14:02, reçu à 14:02 dans Boîte de réception, \
             rangé à 14:02 dans Personnel, alerte affichée : « Note à moi-même : Acheter du pain »."
        );
        let quiet = RuleSeen {
            sent: None,
            moved_to: None,
            alert: None,
            ..seen
        };
        assert_eq!(
            rule_seen(Locale::En, &quiet),
            "« Acheter du pain », received at 14:02 in Boîte de réception, rule applied at 14:02."
        );
    }
}
