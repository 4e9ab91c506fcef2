//! La Poste and the French Internet access providers (Orange, Free, SFR, Bouygues Telecom).
//!
//! Only Orange and Free have ISPDB files; the others' settings come from their help pages
//! and the setup tables many mail clients carry, hence `Reported` more often. None of
//! them gives its storage or attachment limit on the help pages read on the date of each
//! `*_HELP` source: those facts say so ([`Size::NotPublished`]) rather than guess.

use super::{
    Confidence, Cost, Preset, Size, Source, Text, documented, fact, not_published, server, source,
    text,
};
use crate::server::{AuthRequirement, Protocol, UsernameForm};
use facteur_model::api::Security;

/// The day the providers' help pages below were last read.
const CHECKED: &str = "2026-12-07";

/// The 2021 French law on the digital environmental footprint (« loi REEN ») keeps an
/// ex-subscriber's mailbox reachable for free for a while after they leave.
const AFTER_LEAVING: Text = text(
    "Après la résiliation, la loi garantit l'accès gratuit à la boîte pendant 6 mois ; ensuite, selon le fournisseur.",
    "After cancelling, French law keeps the mailbox reachable for free for 6 months; after that, it depends on the provider.",
);

const REEN_LAW: Source = source(
    "Loi n° 2021-1485 du 15 novembre 2021 (REEN)",
    "2026",
    text(
        "accès à la boîte après la résiliation (rapporté)",
        "mailbox access after cancelling (reported)",
    ),
);

const ISP_BOUND: Text = text(
    "Adresse liée au fournisseur d'accès : changer de box peut faire perdre l'adresse.",
    "An address tied to the Internet provider: changing providers may lose it.",
);

/// What the client setup tables say of a login name, when no provider page was read.
const FULL_ADDRESS_REPORTED: Text = text(
    "L'adresse complète, d'après les notices des logiciels de messagerie ; pas lu sur une page du fournisseur.",
    "The full address, according to mail programs' setup guides; not read on a provider page.",
);

/// The same for the sign-in secret.
const PASSWORD_REPORTED: Text = text(
    "Le mot de passe de la messagerie, d'après les notices des logiciels de messagerie ; pas lu sur une page du fournisseur.",
    "The mailbox password, according to mail programs' setup guides; not read on a provider page.",
);

const SETUP_TABLES: Text = text(
    "Notices de configuration des logiciels de messagerie : serveurs, ports, chiffrement (rapporté)",
    "Mail programs' setup tables: servers, ports, encryption (reported)",
);

const LAPOSTE_HELP: Source = source(
    "https://aide.laposte.net/",
    CHECKED,
    text(
        "Aide de la messagerie : l'identifiant est la partie avant « @laposte.net », une boîte sans connexion pendant 4 mois peut être vidée ; aucun chiffre de stockage ni de taille de pièce jointe",
        "Mail help: the login name is the part before \"@laposte.net\", a mailbox not signed in to for 4 months may be emptied; no storage or attachment figure",
    ),
);

const ORANGE_HELP: Source = source(
    "https://assistance.orange.fr/",
    CHECKED,
    text(
        "Assistance Mail Orange : réglages des logiciels de messagerie ; aucun chiffre de stockage ni de taille de pièce jointe",
        "Mail Orange help: mail program settings; no storage or attachment figure",
    ),
);

const FREE_HELP: Source = source(
    "https://assistance.free.fr/articles/configurer-de-maniere-avancee-mon-logiciel-de-messagerie-609",
    CHECKED,
    text(
        "Assistance Free : réglages des logiciels de messagerie ; aucun chiffre de taille de pièce jointe",
        "Free help: mail program settings; no attachment figure",
    ),
);

const SFR_HELP: Source = source(
    "https://assistance.sfr.fr/",
    CHECKED,
    text(
        "Assistance SFR : messagerie ; aucun chiffre de stockage ni de taille de pièce jointe",
        "SFR help: mail; no storage or attachment figure",
    ),
);

const BOUYGUES_HELP: Source = source(
    "https://www.assistance.bouyguestelecom.fr/",
    CHECKED,
    text(
        "Assistance Bouygues Telecom : messagerie Bbox ; aucun chiffre de stockage ni de taille de pièce jointe",
        "Bouygues Telecom help: Bbox mail; no storage or attachment figure",
    ),
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
        Confidence::Reported,
        text(
            "L'aide de La Poste nomme identifiant la partie avant « @laposte.net » ; certaines notices de logiciels indiquent l'adresse complète : l'essayer si l'identifiant seul est refusé.",
            "La Poste's help calls the part before \"@laposte.net\" the login name; some mail program guides give the full address: try it if the bare login name is refused.",
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
    storage: not_published(&LAPOSTE_HELP),
    attachment: not_published(&LAPOSTE_HELP),
    cost: fact(
        Cost::FreeWithPaidPlans,
        Confidence::Uncertain,
        text(
            "Gratuit avec publicité ; La Poste propose aussi des offres payantes.",
            "Free with ads; La Poste also sells paid offers.",
        ),
    ),
    limits: &[text(
        "Une boîte sans connexion pendant 4 mois est jugée inactive : son contenu peut être supprimé.",
        "A mailbox not signed in to for 4 months counts as inactive: its content may be deleted.",
    )],
    pros: &[text(
        "Service français, indépendant d'un fournisseur d'accès.",
        "A French service, independent of any Internet provider.",
    )],
    cons: &[text(
        "Publicité dans la version gratuite.",
        "Ads in the free version.",
    )],
    help_url: Some("https://aide.laposte.net/"),
    auth_help_url: None,
    sources: &[
        source(
            "",
            "2026",
            text(
                "Notices de configuration des logiciels de messagerie : imap/pop/smtp.laposte.net, SSL, identifiant (rapporté)",
                "Mail programs' setup tables: imap/pop/smtp.laposte.net, SSL, login name (reported)",
            ),
        ),
        LAPOSTE_HELP,
        source(
            "https://www.laposte.net/",
            "2026",
            text(
                "Offres ; non revérifié, incertain",
                "Offers; not re-checked, uncertain",
            ),
        ),
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
    storage: not_published(&ORANGE_HELP),
    attachment: not_published(&ORANGE_HELP),
    cost: documented(Cost::IncludedWithIsp),
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
        source(
            "ISPDB thunderbird/autoconfig ispdb/orange.fr.xml",
            "2026",
            text(
                "serveurs, identifiant, domaines",
                "servers, username, domains",
            ),
        ),
        ORANGE_HELP,
        REEN_LAW,
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
    storage: fact(
        Size::Megabytes(10_000),
        Confidence::Uncertain,
        text(
            "Chiffre souvent cité, absent de la page d'aide consultée.",
            "A figure often quoted, not on the help page read.",
        ),
    ),
    attachment: not_published(&FREE_HELP),
    cost: fact(
        Cost::IncludedWithIsp,
        Confidence::Reported,
        text(
            "Fournie avec l'abonnement Freebox ; Free a longtemps ouvert des adresses free.fr sans abonnement, ce que la page d'aide consultée ne dit pas.",
            "Comes with the Freebox subscription; Free long offered free.fr addresses without one, which the help page read does not mention.",
        ),
    ),
    limits: &[AFTER_LEAVING],
    pros: &[text(
        "Identifiant court ; réglages publiés par Free et présents dans la base ISPDB, donc trouvés automatiquement.",
        "A short login name; settings published by Free and in the ISPDB, so found automatically.",
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
        source(
            "ISPDB thunderbird/autoconfig ispdb/free.fr.xml",
            "2026",
            text(
                "serveurs, identifiant sans le domaine",
                "servers, login name without the domain",
            ),
        ),
        FREE_HELP,
        REEN_LAW,
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
        FULL_ADDRESS_REPORTED,
    ),
    auth: fact(
        AuthRequirement::Password,
        Confidence::Reported,
        PASSWORD_REPORTED,
    ),
    storage: not_published(&SFR_HELP),
    attachment: not_published(&SFR_HELP),
    cost: documented(Cost::IncludedWithIsp),
    limits: &[AFTER_LEAVING],
    pros: &[text(
        "Anciennes adresses neuf.fr toujours servies.",
        "Old neuf.fr addresses still served.",
    )],
    cons: &[ISP_BOUND],
    help_url: Some("https://assistance.sfr.fr/"),
    auth_help_url: None,
    sources: &[source("", "2026", SETUP_TABLES), SFR_HELP, REEN_LAW],
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
        FULL_ADDRESS_REPORTED,
    ),
    auth: fact(
        AuthRequirement::Password,
        Confidence::Reported,
        PASSWORD_REPORTED,
    ),
    storage: not_published(&BOUYGUES_HELP),
    attachment: not_published(&BOUYGUES_HELP),
    cost: documented(Cost::IncludedWithIsp),
    limits: &[AFTER_LEAVING],
    pros: &[text(
        "Fournie avec la box, sans démarche.",
        "Comes with the box, nothing to sign up for.",
    )],
    cons: &[ISP_BOUND],
    help_url: Some("https://www.assistance.bouyguestelecom.fr/"),
    auth_help_url: None,
    sources: &[
        source(
            "",
            "2026",
            text(
                "Notices de configuration des logiciels de messagerie : imap4.bbox.fr 993, pop3.bbox.fr (rapporté) ; port SMTP incertain",
                "Mail programs' setup tables: imap4.bbox.fr 993, pop3.bbox.fr (reported); SMTP port uncertain",
            ),
        ),
        BOUYGUES_HELP,
        REEN_LAW,
    ],
};
