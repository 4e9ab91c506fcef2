//! La Poste and the French Internet access providers (Orange, Free, SFR, Bouygues Telecom).
//!
//! Only Orange and Free have ISPDB files; the others' settings come from their help pages
//! and the setup tables many mail clients carry, hence `Reported` more often.

use super::{Confidence, Cost, Preset, Text, documented, fact, server, text};
use crate::server::{AuthRequirement, Protocol, UsernameForm};
use facteur_model::api::Security;

/// The 2021 French law on the digital environmental footprint (« loi REEN ») keeps an
/// ex-subscriber's mailbox reachable for free for a while after they leave.
const AFTER_LEAVING: Text = text(
    "Après la résiliation, la loi garantit l'accès gratuit à la boîte pendant 6 mois ; ensuite, selon le fournisseur.",
    "After cancelling, French law keeps the mailbox reachable for free for 6 months; after that, it depends on the provider.",
);

const NOT_CONFIRMED: Text = text(
    "Chiffre non confirmé sur la page du fournisseur.",
    "Figure not confirmed on the provider's page.",
);

const ISP_BOUND: Text = text(
    "Adresse liée au fournisseur d'accès : changer de box peut faire perdre l'adresse.",
    "An address tied to the Internet provider: changing providers may lose it.",
);

pub(super) static LAPOSTE: Preset = Preset {
    id: "laposte",
    name: "Laposte.net",
    domains: &["laposte.net"],
    mx_suffixes: &[],
    servers: &[
        server(Protocol::Imap, "imap.laposte.net", 993, Security::Tls),
        server(Protocol::Pop3, "pop.laposte.net", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.laposte.net", 465, Security::Tls),
    ],
    servers_confidence: Confidence::Reported,
    username: fact(
        UsernameForm::LocalPart,
        Confidence::Uncertain,
        text(
            "Certaines notices indiquent l'adresse complète : l'essayer si l'identifiant seul est refusé.",
            "Some guides give the full address: try it if the bare identifier is refused.",
        ),
    ),
    auth: fact(
        AuthRequirement::Password,
        Confidence::Uncertain,
        text(
            "L'accès depuis un logiciel de messagerie peut devoir être activé dans les réglages du webmail.",
            "Access from mail programs may have to be switched on in the webmail settings.",
        ),
    ),
    storage_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    attachment_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    cost: fact(
        Cost::FreeWithPaidPlans,
        Confidence::Uncertain,
        text(
            "Gratuit avec publicité ; La Poste propose aussi des offres payantes.",
            "Free with ads; La Poste also sells paid offers.",
        ),
    ),
    limits: &[],
    pros: &[text(
        "Service français, indépendant d'un fournisseur d'accès.",
        "A French service, independent of any Internet provider.",
    )],
    cons: &[text(
        "Publicité dans la version gratuite.",
        "Ads in the free version.",
    )],
    help_url: Some("https://www.laposte.net/"),
    auth_help_url: None,
    sources: &[
        "Mail client setup tables (imap/pop/smtp.laposte.net, SSL, %EMAILLOCALPART%; reported; as of 2026)",
        "https://www.laposte.net/ (offers; not re-checked, uncertain; as of 2026)",
    ],
};

pub(super) static ORANGE: Preset = Preset {
    id: "orange",
    name: "Orange",
    domains: &["orange.fr", "wanadoo.fr"],
    mx_suffixes: &[],
    servers: &[
        server(Protocol::Imap, "imap.orange.fr", 993, Security::Tls),
        server(Protocol::Pop3, "pop.orange.fr", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.orange.fr", 465, Security::Tls),
    ],
    servers_confidence: Confidence::Documented,
    username: documented(UsernameForm::FullAddress),
    auth: documented(AuthRequirement::Password),
    storage_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    attachment_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    cost: fact(Cost::IncludedWithIsp, Confidence::Documented, AFTER_LEAVING),
    limits: &[AFTER_LEAVING],
    pros: &[text(
        "Adresse historique (wanadoo.fr) toujours servie.",
        "Historic addresses (wanadoo.fr) still served.",
    )],
    cons: &[ISP_BOUND],
    help_url: Some(
        "https://assistance.orange.fr/ordinateurs-peripheriques/installer-et-utiliser/l-utilisation-du-mail-et-du-cloud/mail-orange/le-mail-orange-nouvelle-version/parametrer-la-boite-mail/mail-orange-comment-acceder-a-sa-boite-mail-orange-depuis-une-application-ou-un-logiciel-de-messagerie-non-fourni-par-orange_434630-964290",
    ),
    auth_help_url: None,
    sources: &[
        "ISPDB thunderbird/autoconfig ispdb/orange.fr.xml (servers, username, domains; as of 2026)",
        "https://assistance.orange.fr/ (mail program settings page linked from the ISPDB file; as of 2026)",
        "Loi n° 2021-1485 du 15 novembre 2021 (REEN), mailbox access after cancelling (reported; as of 2026)",
    ],
};

pub(super) static FREE: Preset = Preset {
    id: "free",
    name: "Free",
    domains: &["free.fr"],
    // mx1.free.fr, mx2.free.fr
    mx_suffixes: &["free.fr"],
    servers: &[
        server(Protocol::Imap, "imap.free.fr", 993, Security::Tls),
        server(Protocol::Pop3, "pop.free.fr", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.free.fr", 465, Security::Tls),
        server(Protocol::Smtp, "smtp.free.fr", 587, Security::StartTls),
    ],
    servers_confidence: Confidence::Documented,
    username: fact(
        UsernameForm::LocalPart,
        Confidence::Documented,
        text(
            "L'identifiant, sans « @free.fr ».",
            "The identifier, without \"@free.fr\".",
        ),
    ),
    auth: documented(AuthRequirement::Password),
    storage_mb: fact(Some(10_000), Confidence::Uncertain, NOT_CONFIRMED),
    attachment_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    cost: fact(
        Cost::Free,
        Confidence::Uncertain,
        text(
            "Free a longtemps ouvert des adresses free.fr sans abonnement ; à vérifier.",
            "Free has long offered free.fr addresses without a subscription; to be checked.",
        ),
    ),
    limits: &[AFTER_LEAVING],
    pros: &[text(
        "Identifiant court, service gratuit.",
        "A short login name, a free service.",
    )],
    cons: &[text(
        "Nom d'utilisateur différent de l'adresse, source d'erreurs.",
        "The username differs from the address, a common mistake.",
    )],
    help_url: Some(
        "https://assistance.free.fr/articles/configurer-de-maniere-avancee-mon-logiciel-de-messagerie-609",
    ),
    auth_help_url: None,
    sources: &[
        "ISPDB thunderbird/autoconfig ispdb/free.fr.xml (servers, %EMAILLOCALPART%; as of 2026)",
        "https://assistance.free.fr/articles/configurer-de-maniere-avancee-mon-logiciel-de-messagerie-609 (settings; as of 2026)",
    ],
};

pub(super) static SFR: Preset = Preset {
    id: "sfr",
    name: "SFR",
    domains: &["sfr.fr", "neuf.fr"],
    mx_suffixes: &[],
    servers: &[
        server(Protocol::Imap, "imap.sfr.fr", 993, Security::Tls),
        server(Protocol::Pop3, "pop.sfr.fr", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.sfr.fr", 465, Security::Tls),
    ],
    servers_confidence: Confidence::Reported,
    username: fact(
        UsernameForm::FullAddress,
        Confidence::Reported,
        NOT_CONFIRMED,
    ),
    auth: fact(
        AuthRequirement::Password,
        Confidence::Reported,
        NOT_CONFIRMED,
    ),
    storage_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    attachment_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    cost: fact(Cost::IncludedWithIsp, Confidence::Documented, AFTER_LEAVING),
    limits: &[AFTER_LEAVING],
    pros: &[text(
        "Anciennes adresses neuf.fr toujours servies.",
        "Old neuf.fr addresses still served.",
    )],
    cons: &[ISP_BOUND],
    help_url: Some("https://assistance.sfr.fr/"),
    auth_help_url: None,
    sources: &[
        "Mail client setup tables (imap/pop/smtp.sfr.fr, SSL; reported; as of 2026)",
        "https://assistance.sfr.fr/ (mail settings; not re-checked; as of 2026)",
    ],
};

pub(super) static BOUYGUES: Preset = Preset {
    id: "bouygues",
    name: "Bouygues Telecom (Bbox)",
    domains: &["bbox.fr"],
    mx_suffixes: &[],
    servers: &[
        server(Protocol::Imap, "imap4.bbox.fr", 993, Security::Tls),
        server(Protocol::Pop3, "pop3.bbox.fr", 995, Security::Tls),
        server(Protocol::Smtp, "smtp.bbox.fr", 587, Security::StartTls),
    ],
    servers_confidence: Confidence::Uncertain,
    username: fact(
        UsernameForm::FullAddress,
        Confidence::Reported,
        NOT_CONFIRMED,
    ),
    auth: fact(
        AuthRequirement::Password,
        Confidence::Reported,
        NOT_CONFIRMED,
    ),
    storage_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    attachment_mb: fact(None, Confidence::Uncertain, NOT_CONFIRMED),
    cost: fact(Cost::IncludedWithIsp, Confidence::Documented, AFTER_LEAVING),
    limits: &[AFTER_LEAVING],
    pros: &[text(
        "Fournie avec la box, sans démarche.",
        "Comes with the box, nothing to sign up for.",
    )],
    cons: &[ISP_BOUND],
    help_url: Some("https://www.assistance.bouyguestelecom.fr/"),
    auth_help_url: None,
    sources: &[
        "Mail client setup tables (imap4.bbox.fr 993, pop3.bbox.fr; reported; SMTP port uncertain; as of 2026)",
        "https://www.assistance.bouyguestelecom.fr/ (mail settings; not re-checked; as of 2026)",
    ],
};
