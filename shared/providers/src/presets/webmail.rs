//! Yahoo, AOL, mail.com and Proton Mail: international webmails.

use super::{Confidence, Cost, Preset, Size, documented, fact, server, source, text};
use crate::server::{AuthRequirement, Protocol, UsernameForm};
use facteur_model::api::Security;

const APP_PASSWORD_NOTE: super::Text = text(
    "Créer un mot de passe d'application dans la sécurité du compte ; le mot de passe habituel est refusé.",
    "Create an app password in the account's security settings; the usual password is refused.",
);

pub(super) static YAHOO: Preset = Preset {
    id: "yahoo",
    name: "Yahoo Mail",
    domains: &[
        "yahoo.com",
        "yahoo.fr",
        "yahoo.co.uk",
        "yahoo.de",
        "yahoo.es",
        "yahoo.it",
        "ymail.com",
        "rocketmail.com",
    ],
    // e.g. mta5.am0.yahoodns.net. AOL's MX sits deeper under the same name.
    mx_suffixes: &["yahoodns.net"],
    servers: &[
        server(Protocol::Imap, "imap.mail.yahoo.com", 993, Security::Tls),
        server(Protocol::Pop3, "pop.mail.yahoo.com", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.mail.yahoo.com", 465, Security::Tls),
        server(
            Protocol::Smtp,
            "smtp.mail.yahoo.com",
            587,
            Security::StartTls,
        ),
    ],
    servers_confidence: Confidence::Documented,
    username: documented(UsernameForm::FullAddress),
    auth: fact(
        AuthRequirement::OAuth2OrAppPassword,
        Confidence::Documented,
        APP_PASSWORD_NOTE,
    ),
    storage: fact(
        Size::Megabytes(20_000),
        Confidence::Uncertain,
        text(
            "Yahoo a longtemps offert 1 To ; l'offre gratuite serait passée à 20 Go en 2025. À vérifier.",
            "Yahoo long offered 1 TB; the free plan reportedly dropped to 20 GB in 2025. To be checked.",
        ),
    ),
    attachment: documented(Size::Megabytes(25)),
    cost: fact(
        Cost::FreeWithPaidPlans,
        Confidence::Documented,
        text(
            "Yahoo Mail Plus : sans publicité.",
            "Yahoo Mail Plus: no ads.",
        ),
    ),
    limits: &[text(
        "Le transfert automatique est réservé aux comptes payants.",
        "Automatic forwarding is for paid accounts only.",
    )],
    pros: &[text(
        "Compte gratuit ancien et répandu.",
        "A long-standing, widespread free account.",
    )],
    cons: &[
        text(
            "Mot de passe d'application obligatoire pour Facteur.",
            "An app password is required for Facteur.",
        ),
        text(
            "Publicité dans la version gratuite.",
            "Ads in the free version.",
        ),
    ],
    help_url: Some(
        "https://help.yahoo.com/kb/new-mail-for-desktop/imap-server-settings-yahoo-mail-sln4075.html",
    ),
    auth_help_url: Some("https://help.yahoo.com/kb/SLN15241.html"),
    sources: &[
        source(
            "https://help.yahoo.com/kb/new-mail-for-desktop/imap-server-settings-yahoo-mail-sln4075.html",
            "2026",
            text("serveurs, ports", "servers, ports"),
        ),
        source(
            "https://help.yahoo.com/kb/SLN15241.html",
            "2026",
            text("mots de passe d'application", "app passwords"),
        ),
        source(
            "ISPDB thunderbird/autoconfig ispdb/yahoo.com.xml",
            "2026",
            text("serveurs, domaines, MX", "servers, domains, MX"),
        ),
        source(
            "",
            "2026",
            text(
                "Articles de presse de 2025 sur la baisse du stockage gratuit : incertain",
                "Press reports of 2025 on the free storage cut: uncertain",
            ),
        ),
    ],
};

pub(super) static AOL: Preset = Preset {
    id: "aol",
    name: "AOL Mail",
    domains: &["aol.com", "aol.fr", "aim.com"],
    // mx-aol.mail.gm0.yahoodns.net: AOL runs on Yahoo's mail platform.
    mx_suffixes: &["mail.gm0.yahoodns.net"],
    servers: &[
        server(Protocol::Imap, "imap.aol.com", 993, Security::Tls),
        server(Protocol::Pop3, "pop.aol.com", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.aol.com", 465, Security::Tls),
    ],
    servers_confidence: Confidence::Documented,
    username: documented(UsernameForm::FullAddress),
    auth: fact(
        AuthRequirement::OAuth2OrAppPassword,
        Confidence::Documented,
        APP_PASSWORD_NOTE,
    ),
    storage: fact(
        Size::Unknown,
        Confidence::Uncertain,
        text(
            "AOL annonçait un stockage très large ; le chiffre actuel n'a pas pu être confirmé.",
            "AOL used to advertise very large storage; the current figure could not be confirmed.",
        ),
    ),
    attachment: fact(
        Size::Megabytes(25),
        Confidence::Reported,
        text("Taille totale du message.", "Whole message size."),
    ),
    cost: documented(Cost::FreeWithPaidPlans),
    limits: &[],
    pros: &[text(
        "Adresse ancienne conservée gratuitement.",
        "An old address kept for free.",
    )],
    cons: &[text(
        "Mot de passe d'application obligatoire pour Facteur.",
        "An app password is required for Facteur.",
    )],
    help_url: Some(
        "https://help.aol.com/articles/how-do-i-use-other-email-applications-to-send-and-receive-my-aol-mail",
    ),
    auth_help_url: Some("https://help.aol.com/articles/Create-and-manage-app-password"),
    sources: &[
        source(
            "https://help.aol.com/articles/how-do-i-use-other-email-applications-to-send-and-receive-my-aol-mail",
            "2026",
            text("serveurs", "servers"),
        ),
        source(
            "https://help.aol.com/articles/Create-and-manage-app-password",
            "2026",
            text("mots de passe d'application", "app passwords"),
        ),
        source(
            "ISPDB thunderbird/autoconfig ispdb/aol.com.xml",
            "2026",
            text("serveurs, domaines, MX", "servers, domains, MX"),
        ),
    ],
};

pub(super) static MAIL_COM: Preset = Preset {
    id: "mail-com",
    name: "mail.com",
    domains: &[
        "mail.com",
        "email.com",
        "usa.com",
        "post.com",
        "myself.com",
        "consultant.com",
        "europe.com",
        "engineer.com",
        "accountant.com",
        "dr.com",
        "techie.com",
        "cheerful.com",
        "iname.com",
        "writeme.com",
    ],
    // Its MX is shared with GMX, whose IMAP server not every mail.com user may use (ISPDB).
    mx_suffixes: &[],
    servers: &[
        server(Protocol::Imap, "imap.mail.com", 993, Security::Tls),
        server(Protocol::Imap, "imap.mail.com", 143, Security::StartTls),
        server(Protocol::Pop3, "pop.mail.com", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.mail.com", 465, Security::Tls),
        server(Protocol::Smtp, "smtp.mail.com", 587, Security::StartTls),
    ],
    servers_confidence: Confidence::Documented,
    username: documented(UsernameForm::FullAddress),
    auth: fact(
        AuthRequirement::Password,
        Confidence::Uncertain,
        text(
            "L'accès POP3/IMAP doit être activé dans les réglages de mail.com, et serait réservé à l'offre payante.",
            "POP3/IMAP access must be switched on in mail.com's settings, and is reportedly for the paid plan only.",
        ),
    ),
    storage: fact(
        Size::Megabytes(2_000),
        Confidence::Uncertain,
        text("Offre gratuite, à vérifier.", "Free plan, to be checked."),
    ),
    attachment: fact(
        Size::Megabytes(30),
        Confidence::Uncertain,
        text("À vérifier.", "To be checked."),
    ),
    cost: fact(
        Cost::FreeWithPaidPlans,
        Confidence::Reported,
        text(
            "mail.com Premium : sans publicité, accès POP3/IMAP.",
            "mail.com Premium: no ads, POP3/IMAP access.",
        ),
    ),
    limits: &[text(
        "Des centaines de domaines : seuls les principaux sont reconnus ici.",
        "Hundreds of domains: only the main ones are recognised here.",
    )],
    pros: &[text(
        "Choix d'adresses originales.",
        "A choice of unusual addresses.",
    )],
    cons: &[text(
        "IMAP peut exiger l'offre payante.",
        "IMAP may need the paid plan.",
    )],
    help_url: Some("https://support.mail.com/"),
    auth_help_url: None,
    sources: &[
        source(
            "ISPDB thunderbird/autoconfig ispdb/mail.com.xml",
            "2026",
            text(
                "serveurs, domaines, remarque sur les MX",
                "servers, domains, MX note",
            ),
        ),
        source(
            "https://support.mail.com/",
            "2026",
            text(
                "accès IMAP, offres ; non revérifié, incertain",
                "IMAP access, plans; not re-checked, uncertain",
            ),
        ),
    ],
};

pub(super) static PROTON: Preset = Preset {
    id: "proton",
    name: "Proton Mail (Proton Mail Bridge)",
    domains: &["proton.me", "protonmail.com", "protonmail.ch", "pm.me"],
    // mail.protonmail.ch and mailsec.protonmail.ch, also for custom domains.
    mx_suffixes: &["protonmail.ch"],
    // Bridge decrypts locally and serves IMAP/SMTP on loopback; STARTTLS is its default.
    servers: &[
        server(Protocol::Imap, "127.0.0.1", 1143, Security::StartTls),
        server(Protocol::Smtp, "127.0.0.1", 1025, Security::StartTls),
    ],
    servers_confidence: Confidence::Documented,
    username: fact(
        UsernameForm::FullAddress,
        Confidence::Documented,
        text(
            "Le nom d'utilisateur affiché par Bridge (l'adresse).",
            "The username Bridge shows (the address).",
        ),
    ),
    auth: fact(
        AuthRequirement::BridgePassword,
        Confidence::Documented,
        text(
            "Le mot de passe généré par Proton Mail Bridge, pas celui du compte Proton.",
            "The password Proton Mail Bridge generates, not the Proton account password.",
        ),
    ),
    storage: fact(
        Size::Megabytes(1_000),
        Confidence::Reported,
        text(
            "Offre gratuite : 500 Mo au départ, jusqu'à 1 Go.",
            "Free plan: 500 MB at first, up to 1 GB.",
        ),
    ),
    attachment: documented(Size::Megabytes(25)),
    cost: fact(
        Cost::PaidOnly,
        Confidence::Documented,
        text(
            "Proton Mail a une offre gratuite, mais Bridge exige une offre payante (Mail Plus ou plus).",
            "Proton Mail has a free plan, but Bridge needs a paid one (Mail Plus or above).",
        ),
    ),
    limits: &[
        text(
            "Bridge doit tourner sur la machine de la passerelle Facteur, qui doit autoriser l'adresse locale 127.0.0.1.",
            "Bridge must run on the Facteur bridge's machine, which must allow the loopback address 127.0.0.1.",
        ),
        text(
            "Bridge présente son propre certificat, à approuver.",
            "Bridge presents its own certificate, which must be trusted.",
        ),
    ],
    pros: &[text(
        "Chiffrement de bout en bout, siège en Suisse.",
        "End-to-end encryption, based in Switzerland.",
    )],
    cons: &[
        text("Pas de POP3.", "No POP3."),
        text(
            "Un programme de plus à installer et à laisser tourner.",
            "One more program to install and keep running.",
        ),
    ],
    help_url: Some("https://proton.me/support/protonmail-bridge-clients"),
    auth_help_url: Some("https://proton.me/mail/bridge"),
    sources: &[
        source(
            "https://proton.me/support/protonmail-bridge-clients",
            "2026",
            text(
                "ports 1143/1025, STARTTLS, mot de passe du Bridge",
                "ports 1143/1025, STARTTLS, Bridge password",
            ),
        ),
        source(
            "https://proton.me/mail/bridge",
            "2026",
            text("offres payantes seulement", "paid plans only"),
        ),
        source(
            "https://proton.me/pricing",
            "2026",
            text("stockage de l'offre gratuite", "free plan storage"),
        ),
    ],
};
