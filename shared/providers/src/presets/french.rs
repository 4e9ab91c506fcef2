//! La Poste and the French Internet access providers (Orange, Free, SFR, Bouygues Telecom).
//!
//! Only Orange and Free have ISPDB files; the others' settings come from the setup tables
//! many mail clients carry, hence `Reported` more often. The pages below were read on
//! [`CHECKED`] (none shows a date of its own), Free's help page excepted (see
//! [`FREE_HELP`]). No page that could be read gives a storage
//! or attachment figure for La Poste, Orange, SFR or Bouygues: those facts say so
//! ([`Size::NotPublished`]) with the page looked at and what is known instead, rather
//! than guess. Press, law-firm and third-party pages say what they are in their notes.
//!
//! Over 450 lines because it is one data table: five presets and the dated pages each
//! fact rests on, kept side by side so a fact and its source are read together.

use super::{
    Confidence, Cost, Fact, Preset, Size, Source, Text, documented, fact, not_published, server,
    source, sourced, text,
};
use crate::server::{AuthRequirement, Protocol, UsernameForm};
use facteur_model::api::Security;

/// The day the pages below were read (they carry no date of their own).
const CHECKED: &str = "2026-12-07";

/// Article L44-1 of the French postal and electronic communications code (from law
/// n° 2009-1572 of 17 December 2009 on the digital divide, not the 2021 « REEN » law once
/// cited here) makes Internet providers keep an ex-subscriber's mail
/// reachable for free for six months. It binds access providers, not La Poste.
const AFTER_LEAVING: Text = text(
    "Après la résiliation, la loi impose 6 mois d'accès gratuit au courrier reçu sur l'adresse ; ensuite, selon le fournisseur.",
    "After cancelling, French law requires 6 months of free access to the mail received at the address; after that, it depends on the provider.",
);

const MAILBOX_LAW: Source = source(
    "https://www.iteanu.law/en/mon-email-a-moi/",
    CHECKED,
    text(
        "Article L44-1 du code des postes et des communications électroniques, cité par un cabinet d'avocats : 6 mois d'accès gratuit au courrier après la résiliation",
        "Article L44-1 of the French postal and electronic communications code, quoted by a law firm: 6 months of free access to mail after cancelling",
    ),
);

const ISP_BOUND: Text = text(
    "Adresse liée au fournisseur d'accès : changer de box peut faire perdre l'adresse.",
    "An address tied to the Internet provider: changing providers may lose it.",
);

/// What the client setup tables say of a login name, when no provider page was read.
const FULL_ADDRESS_REPORTED: Fact<UsernameForm> = fact(
    UsernameForm::FullAddress,
    Confidence::Reported,
    text(
        "L'adresse complète, d'après les notices des logiciels de messagerie ; pas lu sur une page du fournisseur.",
        "The full address, according to mail programs' setup guides; not read on a provider page.",
    ),
);

/// The same for the sign-in secret.
const PASSWORD_REPORTED: Fact<AuthRequirement> = fact(
    AuthRequirement::Password,
    Confidence::Reported,
    text(
        "Le mot de passe de la messagerie, d'après les notices des logiciels de messagerie ; pas lu sur une page du fournisseur.",
        "The mailbox password, according to mail programs' setup guides; not read on a provider page.",
    ),
);

const SETUP_TABLES: Text = text(
    "Notices de configuration des logiciels de messagerie : serveurs, ports, chiffrement (rapporté)",
    "Mail programs' setup tables: servers, ports, encryption (reported)",
);

/// For providers none of whose pages could be read, and whose third-party pages give no
/// figure either.
const NO_FIGURE_FOUND: Text = text(
    "Aucun chiffre trouvé : aucune page lue, du fournisseur ou d'un tiers, n'en donne.",
    "No figure found: no page read, the provider's or a third party's, gives one.",
);

const LAPOSTE_FROZEN: Source = source(
    "https://aide.laposte.net/contents/pourquoi-mon-adresse-a-t-elle-ete-gelee-et-que-dois-je-faire-pour-la-reactiver",
    CHECKED,
    text(
        "Aide La Poste (adresse gelée) : l'identifiant est la partie avant « @laposte.net », une boîte sans connexion pendant 4 mois peut être vidée, mot de passe de 12 caractères au moins ; aucun chiffre de stockage ni de pièce jointe",
        "La Poste help (frozen address): the login name is the part before \"@laposte.net\", a mailbox not signed in to for 4 months may be emptied, passwords of 12 characters at least; no storage or attachment figure",
    ),
);

const LAPOSTE_CONTACTS: Source = source(
    "https://aide.laposte.net/categories/mon-carnet-d-adresses/gerer-mes-contacts",
    CHECKED,
    text(
        "Aide La Poste (carnet d'adresses) : jusqu'à 10 000 contacts, seule limite chiffrée trouvée dans l'aide",
        "La Poste help (address book): up to 10,000 contacts, the only limit with a figure found in the help",
    ),
);

const LAPOSTE_IMAP_PAUSE: Source = source(
    "https://www.numerama.com/tech/978375-la-poste-repare-lacces-a-ses-mails-apres-des-semaines-de-souci.html",
    CHECKED,
    text(
        "Numerama : l'accès IMAP et POP, coupé plusieurs semaines par La Poste, rouvert à condition de changer le mot de passe (presse)",
        "Numerama: IMAP and POP access, cut by La Poste for several weeks, reopened on condition of a password change (press)",
    ),
);

const LAPOSTE_LAUNCH: Source = source(
    "https://01net.com/actualites/la-poste-veut-doter-chaque-francais-dun-mail-officiel-118241.html",
    CHECKED,
    text(
        "01net : La Poste offre gratuitement une adresse électronique à chaque Français (article du lancement, presse)",
        "01net: La Poste gives every French person a free email address (launch article, press)",
    ),
);

const ORANGE_ISPDB: Source = source(
    "ISPDB thunderbird/autoconfig ispdb/orange.fr.xml (7e9fbb12)",
    CHECKED,
    text(
        "serveurs, identifiant (adresse complète), mot de passe, domaines orange.fr et wanadoo.fr",
        "servers, username (full address), password, the orange.fr and wanadoo.fr domains",
    ),
);

const ORANGE_SECURITY: Source = source(
    "https://assistance.orange.fr/ordinateurs-peripheriques/installer-et-utiliser/l-utilisation-du-mail-et-du-cloud/mail-orange/le-mail-orange-nouvelle-version/parametrer-la-boite-mail/mail-orange-nouvelle-version-parametrer-les-options-de-securite_237863-734091",
    CHECKED,
    text(
        "Assistance Orange (options de sécurité du Mail Orange) : les messages des expéditeurs bloqués vont dans les indésirables et sont supprimés au bout de 7 jours ; aucun chiffre de stockage ni de pièce jointe",
        "Orange help (Mail Orange security options): mail from blocked senders goes to spam and is deleted after 7 days; no storage or attachment figure",
    ),
);

const ORANGE_AFTER_LEAVING: Source = source(
    "https://www.info11.net/mail-wanadoo-et-orange-continuite-adresses-et-redirections",
    CHECKED,
    text(
        "Site tiers : la boîte Orange reste ouverte au moins 6 mois après la résiliation, puis peut être supprimée si elle ne sert plus",
        "Third-party site: the Orange mailbox stays open at least 6 months after cancelling, then may be deleted if unused",
    ),
);

const FREE_ISPDB: Source = source(
    "ISPDB thunderbird/autoconfig ispdb/free.fr.xml (0483396e)",
    CHECKED,
    text(
        "serveurs IMAP, POP et SMTP (465), identifiant sans le domaine, mot de passe ; renvoie à l'aide de Free",
        "IMAP, POP and SMTP (465) servers, login name without the domain, password; links to Free's help",
    ),
);

/// Recorded as read on [`CHECKED`] by the previous compilation of these facts; the stored
/// copies of pages available for this one hold no copy of it to read again.
const FREE_HELP: Source = source(
    "https://assistance.free.fr/articles/configurer-de-maniere-avancee-mon-logiciel-de-messagerie-609",
    CHECKED,
    text(
        "Assistance Free (lien donné par le fichier ISPDB) : réglages des logiciels de messagerie ; aucun chiffre de taille de pièce jointe",
        "Free help (linked from the ISPDB file): mail program settings; no attachment figure",
    ),
);

const FREE_HISTORY: Source = source(
    "https://fr-academic.com/dic.nsf/frwiki/466666",
    CHECKED,
    text(
        "Copie de l'article Wikipédia sur Free : accès à Internet sans abonnement dès 1999, courrier électronique compris (encyclopédie)",
        "Copy of the Wikipedia article on Free: Internet access without a subscription from 1999, mail included (encyclopedia)",
    ),
);

const FREE_AFTER_LEAVING: Source = source(
    "https://assistance.email/adresse-mail-independante-de-votre-fai",
    CHECKED,
    text(
        "Site tiers : Free laisse garder l'adresse après la résiliation, sans que rien le garantisse",
        "Third-party site: Free lets people keep the address after cancelling, with nothing guaranteeing it",
    ),
);

const SFR_KEEPING: Source = source(
    "https://www.harakiwi.net/comment-garder-une-adresse-mail-sfr",
    CHECKED,
    text(
        "Site tiers : adresse offerte avec l'abonnement SFR, gardée gratuitement jusqu'à 12 mois après la résiliation si elle sert, réception arrêtée après 6 mois sans activité ; aucun chiffre de stockage ni de pièce jointe",
        "Third-party site: an address given with the SFR subscription, kept for free up to 12 months after cancelling if used, no more mail received after 6 months without activity; no storage or attachment figure",
    ),
);

const BBOX_GUIDE: Source = source(
    "https://www.guide-pc.fr/messagerie-bbox-configuration-avancee-imap-smtp-securite-depannage.html",
    CHECKED,
    text(
        "Guide tiers de la messagerie Bbox (IMAP, SMTP, sécurité) ; aucun chiffre de stockage ni de pièce jointe",
        "Third-party guide to Bbox mail (IMAP, SMTP, security); no storage or attachment figure",
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
    username: sourced(
        UsernameForm::LocalPart,
        Confidence::Reported,
        text(
            "L'aide de La Poste nomme identifiant la partie avant « @laposte.net » ; certaines notices de logiciels indiquent l'adresse complète : l'essayer si l'identifiant seul est refusé.",
            "La Poste's help calls the part before \"@laposte.net\" the login name; some mail program guides give the full address: try it if the bare login name is refused.",
        ),
        &LAPOSTE_FROZEN,
    ),
    auth: sourced(
        AuthRequirement::Password,
        Confidence::Reported,
        text(
            "Le mot de passe de la boîte (12 caractères au moins). La Poste a déjà coupé l'accès IMAP et POP plusieurs semaines ; pour le retrouver, il a fallu changer de mot de passe.",
            "The mailbox password (12 characters at least). La Poste once cut IMAP and POP access for several weeks; getting it back took a password change.",
        ),
        &LAPOSTE_IMAP_PAUSE,
    ),
    storage: not_published(
        &LAPOSTE_FROZEN,
        text(
            "Aucun chiffre dans l'aide de La Poste lue ; la seule limite qu'elle chiffre est celle du carnet d'adresses (10 000 contacts).",
            "No figure in the La Poste help read; the only limit it gives a figure for is the address book's (10,000 contacts).",
        ),
    ),
    attachment: not_published(
        &LAPOSTE_FROZEN,
        text(
            "Aucune taille maximale de pièce jointe dans l'aide de La Poste lue.",
            "No largest attachment size in the La Poste help read.",
        ),
    ),
    cost: sourced(
        Cost::Free,
        Confidence::Reported,
        text(
            "Gratuite depuis son lancement, d'après la presse ; publicité et offres payantes actuelles non vérifiées.",
            "Free since its launch, according to the press; current ads and paid offers not checked.",
        ),
        &LAPOSTE_LAUNCH,
    ),
    limits: &[
        text(
            "Une boîte sans connexion pendant 4 mois est jugée inactive : son contenu peut être supprimé.",
            "A mailbox not signed in to for 4 months counts as inactive: its content may be deleted.",
        ),
        text(
            "Carnet d'adresses limité à 10 000 contacts.",
            "Address book limited to 10,000 contacts.",
        ),
    ],
    pros: &[text(
        "Service français, indépendant d'un fournisseur d'accès.",
        "A French service, independent of any Internet provider.",
    )],
    cons: &[text(
        "L'accès depuis les logiciels de messagerie a déjà été coupé plusieurs semaines sans préavis (presse).",
        "Access from mail programs was once cut for several weeks without notice (press).",
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
        LAPOSTE_FROZEN,
        LAPOSTE_CONTACTS,
        LAPOSTE_IMAP_PAUSE,
        LAPOSTE_LAUNCH,
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
    storage: not_published(
        &ORANGE_SECURITY,
        text(
            "Aucun chiffre dans les pages d'assistance Orange lues.",
            "No figure in the Orange help pages read.",
        ),
    ),
    attachment: not_published(
        &ORANGE_SECURITY,
        text(
            "Aucune taille maximale de pièce jointe dans les pages d'assistance Orange lues.",
            "No largest attachment size in the Orange help pages read.",
        ),
    ),
    cost: fact(
        Cost::IncludedWithIsp,
        Confidence::Reported,
        text(
            "Adresse fournie avec un abonnement Orange ; aucun prix d'une boîte seule n'a été trouvé.",
            "An address that comes with an Orange subscription; no price for a mailbox alone was found.",
        ),
    ),
    limits: &[
        AFTER_LEAVING,
        text(
            "Au-delà, Orange peut supprimer une boîte restée sans connexion (site tiers).",
            "Beyond that, Orange may delete a mailbox left unused (third-party site).",
        ),
    ],
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
        ORANGE_ISPDB,
        ORANGE_SECURITY,
        ORANGE_AFTER_LEAVING,
        MAILBOX_LAW,
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
            "Chiffre souvent cité, qu'aucune page lue ne confirme : à vérifier.",
            "A figure often quoted, which no page read confirms: to be checked.",
        ),
    ),
    attachment: not_published(
        &FREE_HELP,
        text(
            "Aucune taille maximale de pièce jointe dans l'aide de Free.",
            "No largest attachment size in Free's help.",
        ),
    ),
    cost: sourced(
        Cost::IncludedWithIsp,
        Confidence::Reported,
        text(
            "Fournie avec l'abonnement Freebox ; Free a aussi ouvert des adresses free.fr sans abonnement, avec son accès gratuit de 1999.",
            "Comes with the Freebox subscription; Free also opened free.fr addresses without one, with its free access of 1999.",
        ),
        &FREE_HISTORY,
    ),
    limits: &[
        AFTER_LEAVING,
        text(
            "Free laisse souvent garder l'adresse au-delà, sans engagement écrit (site tiers).",
            "Free often lets people keep the address beyond that, with no written commitment (third-party site).",
        ),
    ],
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
        FREE_ISPDB,
        FREE_HELP,
        FREE_HISTORY,
        FREE_AFTER_LEAVING,
        MAILBOX_LAW,
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
    username: FULL_ADDRESS_REPORTED,
    auth: PASSWORD_REPORTED,
    storage: not_published(&SFR_KEEPING, NO_FIGURE_FOUND),
    attachment: not_published(&SFR_KEEPING, NO_FIGURE_FOUND),
    cost: sourced(
        Cost::IncludedWithIsp,
        Confidence::Reported,
        text(
            "Adresse offerte avec l'abonnement SFR (site tiers).",
            "An address given with the SFR subscription (third-party site).",
        ),
        &SFR_KEEPING,
    ),
    limits: &[
        AFTER_LEAVING,
        text(
            "SFR garderait la boîte jusqu'à 12 mois après la résiliation si elle sert ; après 6 mois sans activité, elle ne reçoit plus rien (site tiers).",
            "SFR reportedly keeps the mailbox up to 12 months after cancelling if it is used; after 6 months without activity it receives nothing more (third-party site).",
        ),
    ],
    pros: &[text(
        "Anciennes adresses neuf.fr toujours servies.",
        "Old neuf.fr addresses still served.",
    )],
    cons: &[ISP_BOUND],
    help_url: Some("https://assistance.sfr.fr/"),
    auth_help_url: None,
    sources: &[source("", "2026", SETUP_TABLES), SFR_KEEPING, MAILBOX_LAW],
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
    username: FULL_ADDRESS_REPORTED,
    auth: PASSWORD_REPORTED,
    storage: not_published(&BBOX_GUIDE, NO_FIGURE_FOUND),
    attachment: not_published(&BBOX_GUIDE, NO_FIGURE_FOUND),
    cost: fact(
        Cost::IncludedWithIsp,
        Confidence::Reported,
        text(
            "Messagerie de l'abonnement Bbox ; aucun prix d'une boîte seule n'a été trouvé.",
            "The Bbox subscription's mail; no price for a mailbox alone was found.",
        ),
    ),
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
        BBOX_GUIDE,
        MAILBOX_LAW,
    ],
};
