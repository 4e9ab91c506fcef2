//! Gmail, Outlook.com and Microsoft 365: the two that no longer take plain passwords.

use super::{Confidence, Cost, Preset, Size, documented, fact, server, source, text};
use crate::server::{AuthRequirement, Protocol, UsernameForm};
use facteur_model::api::Security;

pub(super) static GMAIL: Preset = Preset {
    id: "gmail",
    name: "Gmail",
    domains: &["gmail.com", "googlemail.com"],
    // aspmx.l.google.com, smtp.google.com and gmail-smtp-in.l.google.com (Google Workspace).
    mx_suffixes: &["google.com", "googlemail.com"],
    servers: &[
        server(Protocol::Imap, "imap.gmail.com", 993, Security::Tls),
        server(Protocol::Pop3, "pop.gmail.com", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.gmail.com", 465, Security::Tls),
        server(Protocol::Smtp, "smtp.gmail.com", 587, Security::StartTls),
    ],
    servers_confidence: Confidence::Documented,
    username: documented(UsernameForm::FullAddress),
    auth: fact(
        AuthRequirement::OAuth2OrAppPassword,
        Confidence::Documented,
        text(
            "Le mot de passe du compte est refusé : connexion OAuth2, ou mot de passe d'application créé après avoir activé la validation en deux étapes.",
            "The account password is refused: OAuth2 sign-in, or an app password created after turning on 2-Step Verification.",
        ),
    ),
    storage: fact(
        Size::Megabytes(15_000),
        Confidence::Documented,
        text(
            "Partagés avec Google Drive et Google Photos.",
            "Shared with Google Drive and Google Photos.",
        ),
    ),
    attachment: fact(
        Size::Megabytes(25),
        Confidence::Documented,
        text(
            "Au-delà, Gmail envoie un lien Google Drive ; jusqu'à 50 Mo en réception.",
            "Beyond that Gmail sends a Google Drive link; up to 50 MB when receiving.",
        ),
    ),
    cost: fact(
        Cost::FreeWithPaidPlans,
        Confidence::Documented,
        text(
            "Google One pour plus d'espace ; Google Workspace pour son propre nom de domaine.",
            "Google One for more storage; Google Workspace for one's own domain.",
        ),
    ),
    limits: &[
        text(
            "Environ 500 destinataires par jour depuis un compte personnel.",
            "About 500 recipients a day from a personal account.",
        ),
        text(
            "Les libellés apparaissent comme des dossiers : un message à deux libellés est dans deux dossiers.",
            "Labels show as folders: a message with two labels is in two folders.",
        ),
    ],
    pros: &[
        text(
            "Très fiable, filtrage du spam efficace.",
            "Very reliable, strong spam filtering.",
        ),
        text("15 Go gratuits.", "15 GB free."),
    ],
    cons: &[
        text(
            "Mot de passe d'application obligatoire pour Facteur.",
            "An app password is required for Facteur.",
        ),
        text(
            "Quota partagé avec les photos et documents.",
            "Quota shared with photos and documents.",
        ),
    ],
    help_url: Some("https://support.google.com/mail/answer/7126229"),
    auth_help_url: Some("https://support.google.com/accounts/answer/185833"),
    sources: &[
        source(
            "https://support.google.com/mail/answer/7126229",
            "2026",
            text("serveurs, ports", "servers, ports"),
        ),
        source(
            "https://support.google.com/accounts/answer/185833",
            "2026",
            text("mots de passe d'application", "app passwords"),
        ),
        source(
            "https://support.google.com/mail/answer/6584",
            "2026",
            text("taille des pièces jointes", "attachment size"),
        ),
        source(
            "https://support.google.com/mail/answer/22839",
            "2026",
            text("limites d'envoi", "sending limits"),
        ),
        source(
            "ISPDB thunderbird/autoconfig ispdb/googlemail.com.xml",
            "2026",
            text("serveurs, domaines, MX", "servers, domains, MX"),
        ),
    ],
};

pub(super) static MICROSOFT: Preset = Preset {
    id: "microsoft",
    name: "Outlook.com / Hotmail (Microsoft)",
    domains: &[
        "outlook.com",
        "outlook.fr",
        "hotmail.com",
        "hotmail.fr",
        "live.com",
        "live.fr",
        "msn.com",
    ],
    // e.g. hotmail-com.olc.protection.outlook.com; longer than Microsoft 365's suffix.
    mx_suffixes: &["olc.protection.outlook.com"],
    servers: &[
        server(Protocol::Imap, "outlook.office365.com", 993, Security::Tls),
        server(Protocol::Pop3, "outlook.office365.com", 995, Security::Tls),
        server(
            Protocol::Smtp,
            "smtp-mail.outlook.com",
            587,
            Security::StartTls,
        ),
        server(
            Protocol::Smtp,
            "smtp.office365.com",
            587,
            Security::StartTls,
        ),
    ],
    servers_confidence: Confidence::Documented,
    username: documented(UsernameForm::FullAddress),
    auth: fact(
        AuthRequirement::OAuth2,
        Confidence::Documented,
        text(
            "Microsoft a retiré la connexion par mot de passe des comptes personnels en septembre 2024 : ni le mot de passe du compte ni un mot de passe d'application ne sont acceptés, seulement OAuth2.",
            "Microsoft withdrew password sign-in for personal accounts in September 2024: neither the account password nor an app password is accepted, only OAuth2.",
        ),
    ),
    storage: fact(
        Size::Megabytes(15_000),
        Confidence::Reported,
        text(
            "Boîte de 15 Go, mais les pièces jointes comptent dans les 5 Go du stockage Microsoft partagé avec OneDrive.",
            "A 15 GB mailbox, but attachments count against the 5 GB Microsoft storage shared with OneDrive.",
        ),
    ),
    attachment: fact(
        Size::Megabytes(20),
        Confidence::Reported,
        text(
            "Au-delà, un lien OneDrive.",
            "Beyond that, a OneDrive link.",
        ),
    ),
    cost: fact(
        Cost::FreeWithPaidPlans,
        Confidence::Documented,
        text(
            "Microsoft 365 Personnel ou Famille : 50 Go de boîte, sans publicité.",
            "Microsoft 365 Personal or Family: a 50 GB mailbox, no ads.",
        ),
    ),
    limits: &[text(
        "Facteur se connecte par mot de passe : il ne peut pas ouvrir ce compte.",
        "Facteur signs in with a password: it cannot open this account.",
    )],
    pros: &[text(
        "Compte gratuit répandu, intégré à Windows et Office.",
        "A widespread free account, built into Windows and Office.",
    )],
    cons: &[
        text(
            "OAuth2 exigé pour les logiciels de messagerie.",
            "OAuth2 required for mail programs.",
        ),
        text(
            "Stockage des pièces jointes limité à 5 Go partagés.",
            "Attachment storage limited to a shared 5 GB.",
        ),
    ],
    help_url: Some(
        "https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040",
    ),
    auth_help_url: Some(
        "https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040",
    ),
    sources: &[
        source(
            "https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040",
            "2026",
            text(
                "serveurs, ports, authentification moderne",
                "servers, ports, modern authentication",
            ),
        ),
        source(
            "ISPDB thunderbird/autoconfig ispdb/hotmail.com.xml",
            "2026",
            text(
                "serveurs, OAuth2 seulement, domaines, MX",
                "servers, OAuth2 only, domains, MX",
            ),
        ),
        source(
            "",
            "2026-12-07",
            text(
                "Annonce de Microsoft de juin 2024, rapportée par la presse : fin de l'authentification de base des comptes personnels le 16 septembre 2024",
                "Microsoft announcement of June 2024, as reported: basic authentication for personal accounts ends on 16 September 2024",
            ),
        ),
        source(
            "",
            "2026",
            text(
                "Annonce de Microsoft sur le stockage, février 2023, rapportée par la presse : pièces jointes comptées dans les 5 Go du nuage",
                "Microsoft storage announcement of February 2023, as reported: attachments in the 5 GB cloud quota",
            ),
        ),
    ],
};

pub(super) static MICROSOFT_365: Preset = Preset {
    id: "microsoft365",
    name: "Microsoft 365 (Exchange Online)",
    // Organisations' own domains: found through their MX, never listed.
    domains: &[],
    // e.g. contoso-com.mail.protection.outlook.com
    mx_suffixes: &["mail.protection.outlook.com"],
    servers: &[
        server(Protocol::Imap, "outlook.office365.com", 993, Security::Tls),
        server(Protocol::Pop3, "outlook.office365.com", 995, Security::Tls),
        server(
            Protocol::Smtp,
            "smtp.office365.com",
            587,
            Security::StartTls,
        ),
    ],
    servers_confidence: Confidence::Documented,
    username: documented(UsernameForm::FullAddress),
    auth: fact(
        AuthRequirement::OAuth2,
        Confidence::Documented,
        text(
            "L'authentification basique IMAP/POP est coupée depuis 2022 ; celle de SMTP est retirée en 2026. L'administrateur décide du reste.",
            "Basic authentication for IMAP/POP has been off since 2022; SMTP's is being retired in 2026. The administrator decides the rest.",
        ),
    ),
    storage: fact(
        Size::Megabytes(50_000),
        Confidence::Reported,
        text(
            "Selon l'abonnement choisi par l'organisation (50 Go sur la plupart).",
            "Depends on the organisation's plan (50 GB on most).",
        ),
    ),
    attachment: fact(
        Size::Megabytes(35),
        Confidence::Uncertain,
        text(
            "Limite par défaut d'Exchange Online, réglable par l'administrateur.",
            "Exchange Online's default limit, which the administrator can change.",
        ),
    ),
    cost: documented(Cost::PaidOnly),
    limits: &[text(
        "L'administrateur peut désactiver IMAP, POP ou SMTP authentifié par boîte.",
        "The administrator can turn IMAP, POP or authenticated SMTP off per mailbox.",
    )],
    pros: &[text(
        "Service professionnel, avec son propre nom de domaine.",
        "A business service, with one's own domain.",
    )],
    cons: &[text(
        "OAuth2 exigé : Facteur ne peut pas s'y connecter par mot de passe.",
        "OAuth2 required: Facteur cannot sign in with a password.",
    )],
    help_url: Some(
        "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/pop3-and-imap4/pop3-and-imap4",
    ),
    auth_help_url: Some(
        "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/deprecation-of-basic-authentication-exchange-online",
    ),
    sources: &[
        source(
            "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/deprecation-of-basic-authentication-exchange-online",
            "2026",
            text(
                "fin de l'authentification de base",
                "basic authentication retirement",
            ),
        ),
        source(
            "ISPDB thunderbird/autoconfig ispdb/office365.com",
            "2026",
            text("serveurs, suffixe MX", "servers, MX suffix"),
        ),
        source(
            "",
            "2026",
            text(
                "Page des limites d'Exchange Online, rapportée : taille de message par défaut",
                "Exchange Online limits page, as reported: message size default",
            ),
        ),
    ],
};
