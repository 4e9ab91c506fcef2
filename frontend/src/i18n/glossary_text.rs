//! The glossary, written for Facteur: each term a technician has to explain while setting
//! up someone's mail, in words the user can follow, French and English.

use super::Locale;

/// A term the glossary explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    ClientServer,
    ThickClient,
    ThinClient,
    WebInterface,
    Imap,
    Pop3,
    Smtp,
    Port,
    SslTls,
    StartTls,
    AppPassword,
    OAuth2,
    MxRecord,
    Autoconfig,
    Dsn,
    ReadReceipt,
    Sieve,
    Relay,
    Spf,
    Dkim,
    Dmarc,
}

impl Term {
    /// Every term, in the glossary's reading order (the basics first).
    pub const ALL: [Term; 21] = [
        Term::ClientServer,
        Term::ThickClient,
        Term::ThinClient,
        Term::WebInterface,
        Term::Imap,
        Term::Pop3,
        Term::Smtp,
        Term::Port,
        Term::SslTls,
        Term::StartTls,
        Term::AppPassword,
        Term::OAuth2,
        Term::MxRecord,
        Term::Autoconfig,
        Term::Dsn,
        Term::ReadReceipt,
        Term::Sieve,
        Term::Relay,
        Term::Spf,
        Term::Dkim,
        Term::Dmarc,
    ];

    /// The stable part of the entry's anchor: `glossary-<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            Term::ClientServer => "client-server",
            Term::ThickClient => "thick-client",
            Term::ThinClient => "thin-client",
            Term::WebInterface => "web-interface",
            Term::Imap => "imap",
            Term::Pop3 => "pop3",
            Term::Smtp => "smtp",
            Term::Port => "port",
            Term::SslTls => "ssl-tls",
            Term::StartTls => "starttls",
            Term::AppPassword => "app-password",
            Term::OAuth2 => "oauth2",
            Term::MxRecord => "mx-record",
            Term::Autoconfig => "autoconfig",
            Term::Dsn => "dsn",
            Term::ReadReceipt => "read-receipt",
            Term::Sieve => "sieve",
            Term::Relay => "relay",
            Term::Spf => "spf",
            Term::Dkim => "dkim",
            Term::Dmarc => "dmarc",
        }
    }

    /// The entry's element id, also the address-bar fragment that opens it.
    pub fn anchor(self) -> String {
        format!("{}{}", ANCHOR_PREFIX, self.slug())
    }

    /// The term an anchor (with or without `#`) names.
    pub fn from_anchor(anchor: &str) -> Option<Term> {
        let slug = anchor.trim_start_matches('#').strip_prefix(ANCHOR_PREFIX)?;
        Term::ALL.into_iter().find(|term| term.slug() == slug)
    }
}

/// What every entry's anchor starts with.
pub const ANCHOR_PREFIX: &str = "glossary-";

/// The term as the entry's heading shows it.
pub fn term_name(locale: Locale, term: Term) -> &'static str {
    let (fr, en) = match term {
        Term::ClientServer => ("Client et serveur", "Client and server"),
        Term::ThickClient => ("Client lourd", "Thick client"),
        Term::ThinClient => ("Client léger", "Thin client"),
        Term::WebInterface => ("Interface web (webmail)", "Web interface (webmail)"),
        Term::Imap => ("IMAP", "IMAP"),
        Term::Pop3 => ("POP3", "POP3"),
        Term::Smtp => ("SMTP", "SMTP"),
        Term::Port => ("Port", "Port"),
        Term::SslTls => ("SSL/TLS", "SSL/TLS"),
        Term::StartTls => ("STARTTLS", "STARTTLS"),
        Term::AppPassword => ("Mot de passe d'application", "App password"),
        Term::OAuth2 => ("OAuth2", "OAuth2"),
        Term::MxRecord => ("Enregistrement MX", "MX record"),
        Term::Autoconfig => ("Configuration automatique (autoconfig)", "Autoconfig"),
        Term::Dsn => ("Accusé de remise (DSN)", "Delivery receipt (DSN)"),
        Term::ReadReceipt => ("Accusé de lecture (MDN)", "Read receipt (MDN)"),
        Term::Sieve => ("Sieve", "Sieve"),
        Term::Relay => ("Relais (serveur de messagerie)", "Relay (mail server)"),
        Term::Spf => ("SPF", "SPF"),
        Term::Dkim => ("DKIM", "DKIM"),
        Term::Dmarc => ("DMARC", "DMARC"),
    };
    locale.pick(fr, en)
}

/// The entry's text, one paragraph per item: what it is, then what it means in Facteur.
pub fn term_definition(locale: Locale, term: Term) -> &'static [&'static str] {
    let (fr, en): (&[&str], &[&str]) = match term {
        Term::ClientServer => (
            &[
                "Le serveur est l'ordinateur du fournisseur de messagerie qui reçoit, garde et envoie le courrier, jour et nuit. Le client est le programme avec lequel la personne lit et écrit ses messages : il se connecte au serveur quand elle en a besoin.",
                "Facteur est un client : il ne garde pas le courrier, il le lit sur le serveur du fournisseur (Orange, Gmail, Free…). Si l'ordinateur tombe en panne, les messages restent sur le serveur.",
            ],
            &[
                "The server is the mail provider's computer that receives, keeps and sends mail, day and night. The client is the program the person reads and writes messages with: it connects to the server when needed.",
                "Facteur is a client: it keeps no mail, it reads it on the provider's server (Orange, Gmail, Free…). If the computer breaks down, the messages are still on the server.",
            ],
        ),
        Term::ThickClient => (
            &[
                "Un programme de messagerie installé sur l'ordinateur ou le téléphone (Thunderbird, Outlook, Mail d'Apple). Il garde souvent une copie des messages sur l'appareil, fonctionne en partie hors connexion, mais doit être installé, mis à jour et réglé sur chaque appareil.",
            ],
            &[
                "A mail program installed on the computer or phone (Thunderbird, Outlook, Apple Mail). It often keeps a copy of the messages on the device and partly works offline, but it must be installed, updated and set up on every device.",
            ],
        ),
        Term::ThinClient => (
            &[
                "Au sens classique, un poste qui affiche et saisit mais fait tourner les programmes sur un serveur : terminaux X, bureau à distance (RDP), Citrix, bornes et terminaux en libre-service. Le poste garde peu de choses ; le serveur fait le travail et garde les données.",
                "Pour une messagerie, le mot désigne un client qui ne s'installe pas : il s'ouvre dans le navigateur et le travail se fait surtout sur un serveur. Rien à mettre à jour sur l'appareil, il suffit d'une adresse web.",
                "Facteur est un client léger en ce sens : la page s'ouvre dans n'importe quel navigateur, et son « pont » (le serveur Facteur) parle IMAP et SMTP aux serveurs du fournisseur.",
            ],
            &[
                "In the classic sense, a terminal that displays and takes input but runs the programs on a server: X terminals, remote desktop (RDP), Citrix, kiosk and self-service terminals. The terminal keeps little; the server does the work and keeps the data.",
                "For mail, the word names a client that needs no installation: it opens in the browser and most of the work happens on a server. Nothing to update on the device; a web address is enough.",
                "Facteur is a thin client in that sense: the page opens in any browser, and its bridge (the Facteur server) speaks IMAP and SMTP to the provider's servers.",
            ],
        ),
        Term::WebInterface => (
            &[
                "Le site web du fournisseur pour lire son courrier (par exemple le webmail d'Orange ou gmail.com). Il ne demande aucun réglage de serveur, mais chaque fournisseur a le sien, avec ses publicités et ses habitudes.",
                "Facteur est aussi une interface web, mais la même pour toutes les adresses : on y règle les serveurs une fois, puis on lit son courrier de la même façon quel que soit le fournisseur.",
            ],
            &[
                "The provider's website for reading mail (Orange's webmail or gmail.com, for instance). It needs no server settings, but every provider has its own, with its own ads and habits.",
                "Facteur is a web interface too, but the same one for every address: set the servers up once, then read mail the same way whatever the provider.",
            ],
        ),
        Term::Imap => (
            &[
                "IMAP (Internet Message Access Protocol) est la façon de lire le courrier en le laissant sur le serveur : les dossiers, les messages lus ou non lus et les classements sont les mêmes sur tous les appareils.",
                "Facteur lit le courrier en IMAP. Réglages habituels : port 993 avec SSL/TLS, ou 143 avec STARTTLS.",
            ],
            &[
                "IMAP (Internet Message Access Protocol) is the way to read mail while leaving it on the server: folders, read and unread marks and filing are the same on every device.",
                "Facteur reads mail over IMAP. Usual settings: port 993 with SSL/TLS, or 143 with STARTTLS.",
            ],
        ),
        Term::Pop3 => (
            &[
                "POP3 (Post Office Protocol) télécharge les messages de la boîte de réception sur un appareil, et souvent les efface du serveur. Les dossiers et les marques « lu » ne suivent pas d'un appareil à l'autre.",
                "Facteur n'utilise pas POP3 : il est cité car de vieux réglages l'emploient encore. Si une personne utilise POP3 sur un autre appareil, certains messages peuvent ne plus être sur le serveur. Ports habituels : 995 (SSL/TLS) ou 110.",
            ],
            &[
                "POP3 (Post Office Protocol) downloads the inbox's messages to one device, and often deletes them from the server. Folders and read marks do not follow from one device to another.",
                "Facteur does not use POP3: it is listed because old setups still do. If someone uses POP3 on another device, some messages may no longer be on the server. Usual ports: 995 (SSL/TLS) or 110.",
            ],
        ),
        Term::Smtp => (
            &[
                "SMTP (Simple Mail Transfer Protocol) sert à envoyer : le client remet le message au serveur d'envoi du fournisseur, qui le transmet au serveur du destinataire.",
                "Facteur envoie en SMTP avec le même identifiant et mot de passe que pour lire. Ports habituels : 465 (SSL/TLS) ou 587 (STARTTLS) ; le port 25 est réservé aux échanges entre serveurs.",
            ],
            &[
                "SMTP (Simple Mail Transfer Protocol) is for sending: the client hands the message to the provider's outgoing server, which passes it on to the recipient's server.",
                "Facteur sends over SMTP with the same username and password as for reading. Usual ports: 465 (SSL/TLS) or 587 (STARTTLS); port 25 is meant for server-to-server traffic.",
            ],
        ),
        Term::Port => (
            &[
                "Un numéro qui désigne le service auquel on s'adresse sur un serveur, comme un numéro de porte dans une rue. Un même serveur peut répondre en IMAP sur le port 993 et en SMTP sur le port 465.",
                "Un mauvais port donne en général « port fermé » ou « ce n'est pas le bon protocole » lors du test de connexion.",
            ],
            &[
                "A number naming the service one talks to on a server, like a door number in a street. The same server may answer IMAP on port 993 and SMTP on port 465.",
                "A wrong port usually shows as \"port closed\" or \"not the expected protocol\" in the connection test.",
            ],
        ),
        Term::SslTls => (
            &[
                "Le chiffrement de la connexion dès le premier octet (TLS, successeur de SSL). Personne entre l'appareil et le serveur ne peut lire le mot de passe ni les messages. Le serveur présente un certificat qui prouve son nom.",
                "C'est le réglage recommandé : IMAP sur le port 993, SMTP sur le port 465. Un problème de certificat (expiré, émis par une autorité inconnue, pour un autre nom) est signalé en détail par le test de connexion.",
            ],
            &[
                "Encryption of the connection from the very first byte (TLS, the successor of SSL). Nobody between the device and the server can read the password or the messages. The server shows a certificate proving its name.",
                "It is the recommended setting: IMAP on port 993, SMTP on port 465. A certificate problem (expired, issued by an unknown authority, for another name) is spelled out by the connection test.",
            ],
        ),
        Term::StartTls => (
            &[
                "Une connexion qui commence en clair puis passe au chiffrement TLS par la commande STARTTLS, avant l'envoi du mot de passe. Aussi sûr que SSL/TLS quand le passage au chiffrement est exigé, ce que fait Facteur.",
                "Ports habituels : 143 pour IMAP, 587 pour l'envoi SMTP. Si le serveur ne propose pas STARTTLS, Facteur refuse de continuer plutôt que d'envoyer le mot de passe en clair.",
            ],
            &[
                "A connection that starts unencrypted and switches to TLS with the STARTTLS command, before the password is sent. As safe as SSL/TLS when the switch is required, which Facteur does.",
                "Usual ports: 143 for IMAP, 587 for SMTP submission. If the server does not offer STARTTLS, Facteur stops rather than send the password in the clear.",
            ],
        ),
        Term::AppPassword => (
            &[
                "Un mot de passe à part, créé dans les réglages de sécurité du compte (souvent après avoir activé la validation en deux étapes), réservé à un programme de messagerie. Le mot de passe habituel du compte est alors refusé par IMAP et SMTP.",
                "Chez Gmail, Yahoo, AOL ou Outlook.com, il faut en général en créer un pour Facteur. Il peut être supprimé à tout moment sans changer le mot de passe du compte.",
            ],
            &[
                "A separate password, created in the account's security settings (often after turning on two-step verification), kept for one mail program. The account's usual password is then refused over IMAP and SMTP.",
                "With Gmail, Yahoo, AOL or Outlook.com, one usually has to be created for Facteur. It can be deleted at any time without changing the account's password.",
            ],
        ),
        Term::OAuth2 => (
            &[
                "Une façon de se connecter où le programme n'a jamais le mot de passe : la personne se connecte sur la page du fournisseur, qui remet au programme une autorisation limitée et révocable.",
                "Facteur se connecte avec un mot de passe. Quand un fournisseur n'accepte plus que OAuth2, il faut passer par un mot de passe d'application s'il en propose, sinon Facteur ne peut pas se connecter à ce compte.",
            ],
            &[
                "A way of signing in where the program never holds the password: the person signs in on the provider's page, which hands the program a limited, revocable authorisation.",
                "Facteur signs in with a password. When a provider accepts only OAuth2, an app password is needed if it offers them; otherwise Facteur cannot connect to that account.",
            ],
        ),
        Term::MxRecord => (
            &[
                "Une information publique du nom de domaine (DNS) qui dit quel serveur reçoit le courrier de ce domaine. Pour une adresse à son propre nom de domaine, le MX révèle souvent l'hébergeur (Google, Microsoft…).",
                "L'assistant de Facteur s'en sert pour deviner les serveurs quand aucune autre source ne les donne ; la proposition est alors marquée comme une supposition à vérifier.",
            ],
            &[
                "A public record of the domain name (DNS) saying which server receives the domain's mail. For an address on one's own domain name, the MX often reveals the host (Google, Microsoft…).",
                "Facteur's setup assistant uses it to guess the servers when no other source gives them; the proposal is then marked as a guess to check.",
            ],
        ),
        Term::Autoconfig => (
            &[
                "Un petit fichier (format de Thunderbird, « config-v1.1.xml ») publié par un fournisseur ou un domaine pour décrire ses serveurs, ports et identifiants, afin que les programmes se règlent seuls.",
                "L'assistant de Facteur le cherche, en HTTPS seulement, sur autoconfig.<domaine> et dans le dossier .well-known du domaine, après ses propres fiches de fournisseurs et avant les enregistrements DNS.",
            ],
            &[
                "A small file (Thunderbird's format, \"config-v1.1.xml\") a provider or a domain publishes to describe its servers, ports and usernames, so that programs set themselves up.",
                "Facteur's setup assistant looks for it, over HTTPS only, at autoconfig.<domain> and in the domain's .well-known folder, after its own provider presets and before the DNS records.",
            ],
        ),
        Term::Dsn => (
            &[
                "Un accusé de remise (Delivery Status Notification) : le serveur qui livre le message répond « remis », « retardé » ou « échec », avec un code. Il dit que le message est arrivé dans la boîte, pas qu'il a été lu (c'est l'accusé de lecture).",
                "Facteur peut le demander à l'envoi et montre l'état de chaque destinataire, dans votre langue. Par défaut il ne demande que les échecs et les retards ; un accusé pour chaque remise réussie seulement si vous le choisissez. Tous les serveurs ne répondent pas.",
            ],
            &[
                "A delivery receipt (Delivery Status Notification): the server delivering the message answers \"delivered\", \"delayed\" or \"failed\", with a code. It says the message reached the mailbox, not that it was read (that is the read receipt).",
                "Facteur can ask for one when sending and shows each recipient's status, in your language. By default it asks for failures and delays only; a receipt for each successful delivery only if you choose it. Not every server answers.",
            ],
        ),
        Term::ReadReceipt => (
            &[
                "Un accusé de lecture (Message Disposition Notification) : le programme du destinataire prévient l'expéditeur que le message a été affiché. Le destinataire peut refuser de l'envoyer ; son absence ne prouve donc rien.",
                "Facteur demande votre accord avant d'en envoyer un, sauf si vous avez choisi « toujours » ou « jamais » dans les préférences.",
            ],
            &[
                "A read receipt (Message Disposition Notification): the recipient's program tells the sender the message was displayed. The recipient may decline to send it, so its absence proves nothing.",
                "Facteur asks for your consent before sending one, unless you chose \"always\" or \"never\" in the preferences.",
            ],
        ),
        Term::Sieve => (
            &[
                "Un langage de règles de tri exécutées par le serveur de messagerie lui-même, à l'arrivée du courrier, même quand aucun programme n'est ouvert. On l'installe par le protocole ManageSieve, si le fournisseur le permet.",
                "Les règles de Facteur s'appliquent dans le navigateur ; elles peuvent aussi être exportées en Sieve pour que le serveur les applique en permanence.",
            ],
            &[
                "A language for filtering rules run by the mail server itself as mail arrives, even when no program is open. It is installed through the ManageSieve protocol, when the provider allows it.",
                "Facteur's rules run in the browser; they can also be exported as Sieve so that the server applies them all the time.",
            ],
        ),
        Term::Relay => (
            &[
                "Un serveur qui reçoit un message et le passe au suivant, comme un centre de tri postal. Un message passe en général par deux à cinq relais : le serveur d'envoi de l'expéditeur, celui qui reçoit pour votre fournisseur, puis ceux qui le rangent dans votre boîte. Chacun ajoute en tête du message une ligne « Received » : qui le lui a remis, quand, et si la connexion était chiffrée.",
                "Facteur lit ces lignes et montre le « Parcours » de chaque message reçu : les relais dans l'ordre, le temps passé chez chacun, et un avertissement si un relais a transmis le message sans chiffrement ou l'a gardé des heures.",
            ],
            &[
                "A server that receives a message and passes it on to the next, like a postal sorting office. A message usually goes through two to five relays: the sender's outgoing server, the one receiving for your provider, then those that file it into your mailbox. Each adds a \"Received\" line at the top of the message: who handed it over, when, and whether the connection was encrypted.",
                "Facteur reads these lines and shows the \"Route\" of each received message: the relays in order, the time spent at each, and a warning when a relay passed the message on without encryption or kept it for hours.",
            ],
        ),
        Term::Spf => (
            &[
                "Sender Policy Framework : le domaine d'un expéditeur publie la liste des serveurs autorisés à envoyer son courrier. Le serveur qui reçoit vérifie que le message vient bien de l'un d'eux. Cela concerne l'adresse technique de retour, pas forcément celle affichée dans « De ».",
                "Dans le Parcours, SPF ✔ veut dire que le serveur d'envoi était autorisé ; ✘ qu'il ne l'était pas, ce qui arrive aux messages falsifiés mais aussi à certains transferts.",
            ],
            &[
                "Sender Policy Framework: a sender's domain publishes the list of servers allowed to send its mail. The receiving server checks that the message came from one of them. It is about the technical return address, not necessarily the one shown in \"From\".",
                "In the Route, SPF ✔ means the sending server was allowed; ✘ that it was not, which happens to forged messages but also to some forwarded ones.",
            ],
        ),
        Term::Dkim => (
            &[
                "DomainKeys Identified Mail : le serveur d'envoi signe le message avec une clé que son domaine publie. Le serveur qui reçoit vérifie la signature : si elle est bonne, le message n'a pas été modifié en route et le domaine signataire en répond.",
                "Dans le Parcours, DKIM ✔ est suivi du domaine qui a signé. S'il ne correspond pas à l'adresse de l'expéditeur, Facteur le signale : un message d'une « banque » signé par un autre domaine mérite de la méfiance.",
            ],
            &[
                "DomainKeys Identified Mail: the sending server signs the message with a key its domain publishes. The receiving server checks the signature: if it is good, the message was not altered on the way and the signing domain vouches for it.",
                "In the Route, DKIM ✔ is followed by the domain that signed. When it does not match the sender's address, Facteur says so: a message from a \"bank\" signed by another domain deserves suspicion.",
            ],
        ),
        Term::Dmarc => (
            &[
                "Domain-based Message Authentication, Reporting and Conformance : le domaine de l'adresse affichée dans « De » demande qu'un message prouve venir de lui, par SPF ou DKIM, avec un domaine qui correspond. Il dit aussi quoi faire sinon : rien, le mettre de côté comme suspect, ou le refuser.",
                "Dans le Parcours, DMARC ✘ veut dire que le message n'a pas prouvé venir de l'expéditeur affiché ; Facteur le dit en clair, avec ce que le domaine demandait.",
            ],
            &[
                "Domain-based Message Authentication, Reporting and Conformance: the domain of the address shown in \"From\" asks that a message prove it comes from it, through SPF or DKIM, with a matching domain. It also says what to do otherwise: nothing, set it aside as suspicious, or refuse it.",
                "In the Route, DMARC ✘ means the message did not prove it comes from the sender shown; Facteur says so plainly, with what the domain asked for.",
            ],
        ),
    };
    locale.pick(fr, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_term_has_a_unique_anchor_that_reads_back() {
        let mut seen = HashSet::new();
        for term in Term::ALL {
            let anchor = term.anchor();
            assert!(seen.insert(anchor.clone()), "duplicate anchor {anchor}");
            assert_eq!(Term::from_anchor(&anchor), Some(term));
            assert_eq!(Term::from_anchor(&format!("#{anchor}")), Some(term));
        }
        assert_eq!(Term::from_anchor("#glossary-nothing"), None);
        assert_eq!(Term::from_anchor("#imap"), None);
    }

    #[test]
    fn thin_client_gives_the_classic_meaning_too() {
        let fr = term_definition(Locale::Fr, Term::ThinClient).join(" ");
        for classic in ["terminaux X", "bureau à distance", "Citrix", "bornes"] {
            assert!(fr.contains(classic), "{classic} missing: {fr}");
        }
        let en = term_definition(Locale::En, Term::ThinClient).join(" ");
        for classic in ["X terminals", "remote desktop", "Citrix", "kiosk"] {
            assert!(en.contains(classic), "{classic} missing: {en}");
        }
    }

    #[test]
    fn every_entry_is_written_in_both_languages() {
        for term in Term::ALL {
            let fr = term_definition(Locale::Fr, term);
            let en = term_definition(Locale::En, term);
            assert!(!fr.is_empty() && fr.len() == en.len(), "{term:?}");
            assert_ne!(fr, en, "{term:?} is not translated");
            assert!(fr.iter().chain(en).all(|p| p.len() > 40), "{term:?}");
            assert!(!term_name(Locale::Fr, term).is_empty());
        }
    }
}
