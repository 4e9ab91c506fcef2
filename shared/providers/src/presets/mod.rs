//! What Facteur knows about the big mail providers, as typed `static` data.
//!
//! The data is Rust rather than an embedded TOML or JSON file: the compiler checks every
//! field (a missing storage figure or a misspelt enum does not build), nothing is parsed
//! at run time in the browser, and the comparison page reads the same statics.
//!
//! Every fact carries a [`Confidence`] and, where it helps, a bilingual note. The data
//! was compiled in 2026 from the pages listed in each preset's `sources`; server settings
//! were compared with the Thunderbird ISPDB files where the ISPDB has one. Providers change
//! storage and pricing without notice, so the UI must show uncertain facts as such.

mod french;
mod google_microsoft;
mod webmail;

use crate::server::{AuthRequirement, Protocol, UsernameForm};
use facteur_model::api::{Security, ServerEndpoint};

/// The year the facts were last compiled, shown beside them.
pub const FACTS_AS_OF: &str = "2026";

/// A user-visible string in both of Facteur's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// French.
    pub fr: &'static str,
    /// English.
    pub en: &'static str,
}

/// How sure the data is of one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Confidence {
    /// Stated on the provider's own help page or in its ISPDB file.
    Documented,
    /// Widely reported (client setup tables, press) but not read on the provider's page.
    Reported,
    /// Best knowledge only; check before relying on it.
    Uncertain,
}

/// A page or document facts were read from, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// A URL, or a file of the Thunderbird ISPDB, or a law's reference.
    pub location: &'static str,
    /// When it was last read: `YYYY-MM-DD`, or only the year for facts compiled earlier
    /// without a day noted.
    pub checked: &'static str,
    /// What it supports, in both languages (the comparison page is all in one language).
    pub supports: Text,
}

/// A value with how sure we are of it and an optional explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// How sure the data is.
    pub confidence: Confidence,
    /// What the bare value does not say (shared quotas, plan differences...).
    pub note: Option<Text>,
    /// The one source this fact rests on, when it needs its own: a figure the provider
    /// does not publish names where it was looked for, and when.
    pub source: Option<&'static Source>,
}

/// A size a provider states, or the honest absence of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    /// A figure in megabytes (decimal, as providers quote them).
    Megabytes(u32),
    /// The provider's own pages, read on the date of the fact's source, give no figure.
    NotPublished,
    /// No figure could be confirmed anywhere (the note says why).
    Unknown,
}

/// What the mailbox costs the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cost {
    /// Free of charge, no paid tier relevant to mail.
    Free,
    /// Free, with paid plans for more storage, no ads or extra features.
    FreeWithPaidPlans,
    /// Comes with an Internet access subscription.
    IncludedWithIsp,
    /// Needs a paid plan (for the use Facteur makes of it).
    PaidOnly,
}

/// One server of a preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetServer {
    /// What it speaks.
    pub protocol: Protocol,
    /// Host name (or loopback address for a local bridge program).
    pub host: &'static str,
    /// TCP port.
    pub port: u16,
    /// Implicit TLS, STARTTLS or plain.
    pub security: Security,
}

impl PresetServer {
    /// The endpoint in the form the sign-in request takes.
    pub fn endpoint(&self) -> ServerEndpoint {
        ServerEndpoint {
            host: self.host.to_owned(),
            port: self.port,
            security: self.security,
        }
    }
}

/// A provider: its servers, how to sign in, and the facts a user weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable identifier (`gmail`, `orange`...), used in discovery results and URLs.
    pub id: &'static str,
    /// The provider's name as users know it.
    pub name: &'static str,
    /// Address domains it serves, lower-case.
    pub domains: &'static [&'static str],
    /// MX host suffixes that reveal it hosts a custom domain (`google.com`...).
    pub mx_suffixes: &'static [&'static str],
    /// Servers, in order of preference within each protocol.
    pub servers: &'static [PresetServer],
    /// How sure the server settings are.
    pub servers_confidence: Confidence,
    /// The login name's form.
    pub username: Fact<UsernameForm>,
    /// What the provider accepts as the secret.
    pub auth: Fact<AuthRequirement>,
    /// Free storage.
    pub storage: Fact<Size>,
    /// Largest attachment one can send.
    pub attachment: Fact<Size>,
    /// What it costs.
    pub cost: Fact<Cost>,
    /// Limits worth knowing (sending quotas, settings to switch on...).
    pub limits: &'static [Text],
    /// Advantages, short.
    pub pros: &'static [Text],
    /// Drawbacks, short.
    pub cons: &'static [Text],
    /// The provider's page on mail program settings.
    pub help_url: Option<&'static str>,
    /// The provider's page on app passwords, OAuth2 or the bridge program, when needed.
    pub auth_help_url: Option<&'static str>,
    /// Where the facts come from, each with what it supports and when it was read.
    pub sources: &'static [Source],
}

impl Preset {
    /// The servers speaking `protocol`, most preferred first.
    pub fn servers_for(&self, protocol: Protocol) -> impl Iterator<Item = &'static PresetServer> {
        self.servers
            .iter()
            .filter(move |server| server.protocol == protocol)
    }

    /// The preferred server for `protocol`, if the provider offers it.
    pub fn preferred(&self, protocol: Protocol) -> Option<&'static PresetServer> {
        self.servers_for(protocol).next()
    }
}

static PRESETS: [&Preset; 12] = [
    &google_microsoft::GMAIL,
    &google_microsoft::MICROSOFT,
    &google_microsoft::MICROSOFT_365,
    &webmail::YAHOO,
    &webmail::AOL,
    &webmail::MAIL_COM,
    &webmail::PROTON,
    &french::LAPOSTE,
    &french::ORANGE,
    &french::FREE,
    &french::SFR,
    &french::BOUYGUES,
];

/// Every preset, in the order the comparison page lists them.
pub fn all_presets() -> &'static [&'static Preset] {
    &PRESETS
}

/// The preset whose provider serves `domain` (case and a trailing dot ignored).
pub fn preset_for_domain(domain: &str) -> Option<&'static Preset> {
    let domain = normalize(domain);
    PRESETS
        .iter()
        .copied()
        .find(|preset| preset.domains.contains(&domain.as_str()))
}

/// The preset whose mail exchanger `mx_host` is, by the longest matching MX suffix.
///
/// Longest wins because providers share infrastructure: AOL's MX sits under Yahoo's
/// `yahoodns.net`, Outlook.com's under Microsoft 365's `protection.outlook.com`.
pub fn preset_for_mx(mx_host: &str) -> Option<&'static Preset> {
    let host = normalize(mx_host);
    PRESETS
        .iter()
        .copied()
        .flat_map(|preset| {
            preset
                .mx_suffixes
                .iter()
                .map(move |suffix| (preset, *suffix))
        })
        .filter(|(_, suffix)| {
            host == *suffix
                || host
                    .strip_suffix(suffix)
                    .is_some_and(|rest| rest.ends_with('.'))
        })
        .max_by_key(|(_, suffix)| suffix.len())
        .map(|(preset, _)| preset)
}

/// The preset with identifier `id`.
pub fn preset_by_id(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().copied().find(|preset| preset.id == id)
}

fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

// Short constructors so the data files read as tables.

const fn server(
    protocol: Protocol,
    host: &'static str,
    port: u16,
    security: Security,
) -> PresetServer {
    PresetServer {
        protocol,
        host,
        port,
        security,
    }
}

const fn text(fr: &'static str, en: &'static str) -> Text {
    Text { fr, en }
}

const fn documented<T>(value: T) -> Fact<T> {
    Fact {
        value,
        confidence: Confidence::Documented,
        note: None,
        source: None,
    }
}

const fn fact<T>(value: T, confidence: Confidence, note: Text) -> Fact<T> {
    Fact {
        value,
        confidence,
        note: Some(note),
        source: None,
    }
}

/// A fact resting on one dated page of its own, with what the bare value does not say.
const fn sourced<T>(
    value: T,
    confidence: Confidence,
    note: Text,
    source: &'static Source,
) -> Fact<T> {
    Fact {
        value,
        confidence,
        note: Some(note),
        source: Some(source),
    }
}

/// A size the pages read at `source` do not give; `note` says what was looked at and
/// what is known instead, so « non publié » never stands alone.
const fn not_published(source: &'static Source, note: Text) -> Fact<Size> {
    sourced(Size::NotPublished, Confidence::Documented, note, source)
}

const fn source(location: &'static str, checked: &'static str, supports: Text) -> Source {
    Source {
        location,
        checked,
        supports,
    }
}

#[cfg(test)]
mod tests;
