//! A received message's route (« Parcours ») in words: the one-line summary under the
//! headers, each hop of the timeline, the authentication verdict and the warnings.
//!
//! « Parcours » / « Route » on purpose: « remise » is the delivery status of sent mail.

use super::Locale;
use super::table::fixed_texts;
use facteur_delivery::{AuthResult, Delay, Encryption, TransitView, TransitWarning};

fixed_texts! {
    /// A fixed string of the route line and timeline.
    pub enum TransitText {
        Title => ("Parcours", "Route"),
        ShowTimeline => ("Voir le parcours", "Show the route"),
        TimelineTitle => ("Parcours du message", "Route of the message"),
        EncryptedThroughout => ("chiffré de bout en bout", "encrypted all the way"),
        NotEncryptedSomewhere => ("un relais sans chiffrement", "a relay without encryption"),
        EncryptionUnknown => ("chiffrement non indiqué", "encryption not stated"),
        NeverOnNetwork => ("sans passer par le réseau", "never crossed a network"),
        NotChecked => (
            "authenticité non vérifiée par le serveur",
            "authenticity not checked by the server",
        ),
        NoHops => (
            "Ce message ne dit pas par où il est passé.",
            "This message does not say which way it came.",
        ),
        HopEncrypted => ("chiffré", "encrypted"),
        HopPlain => ("sans chiffrement", "not encrypted"),
        HopInternal => ("sur la même machine", "within one machine"),
        HopEncryptionUnknown => ("chiffrement non indiqué", "encryption not stated"),
        FirstHop => ("point de départ", "starting point"),
        Unknown => ("inconnu", "unknown"),
        ConcludedBy => ("Conclusions de", "Concluded by"),
        Truncated => (
            "Les relais les plus anciens ne sont pas montrés (trop nombreux).",
            "The oldest relays are not shown (too many).",
        ),
        WarningDkimFailed => (
            "La signature du message n'a pas pu être vérifiée.",
            "The message's signature could not be verified.",
        ),
        WarningSpfFailed => (
            "Le serveur d'envoi n'est pas autorisé par le domaine de l'expéditeur.",
            "The sending server is not allowed by the sender's domain.",
        ),
    }
}

/// « 3 relais » / « 1 relay ».
pub fn relay_count(locale: Locale, count: usize) -> String {
    match (locale, count) {
        (Locale::Fr, n) => format!("{n} relais"),
        (Locale::En, 1) => "1 relay".to_owned(),
        (Locale::En, n) => format!("{n} relays"),
    }
}

/// A duration in the largest units that matter: « 2 s », « 4 min 12 s », « 4 h 16 min »,
/// « 2 j 3 h » / « 2 d 3 h ».
pub fn duration(locale: Locale, seconds: u64) -> String {
    let day = locale.pick("j", "d");
    let (days, hours) = (seconds / 86_400, seconds % 86_400 / 3_600);
    let (minutes, secs) = (seconds % 3_600 / 60, seconds % 60);
    if days > 0 {
        format!("{days} {day} {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes} min")
    } else if minutes > 0 {
        format!("{minutes} min {secs} s")
    } else {
        format!("{secs} s")
    }
}

/// A delay, clock skew said as such: « 3 s », « horloges décalées de 88 s ».
pub fn delay(locale: Locale, delay: Delay) -> String {
    match delay {
        Delay::Took { seconds } => duration(locale, seconds),
        Delay::ClockSkew { seconds } => locale.pick(
            format!("horloges décalées de {}", duration(locale, seconds)),
            format!("clocks {} apart", duration(locale, seconds)),
        ),
    }
}

/// ✔ for pass, ✘ for a failure, ? otherwise (none, neutral, errors).
pub fn result_mark(result: Option<AuthResult>) -> &'static str {
    match result {
        Some(AuthResult::Pass) => "✔",
        Some(r) if r.is_failure() => "✘",
        _ => "?",
    }
}

/// A result in words, for the timeline and screen readers.
pub fn result_words(locale: Locale, result: Option<AuthResult>) -> &'static str {
    match result {
        Some(AuthResult::Pass) => locale.pick("réussi", "passed"),
        Some(AuthResult::Fail) => locale.pick("échoué", "failed"),
        Some(AuthResult::SoftFail) => locale.pick("échoué (souple)", "soft failure"),
        Some(AuthResult::PermError) => locale.pick("erreur permanente", "permanent error"),
        Some(AuthResult::TempError) => locale.pick("erreur temporaire", "temporary error"),
        Some(AuthResult::Neutral) => locale.pick("neutre", "neutral"),
        Some(AuthResult::None) | None => locale.pick("absent", "absent"),
        Some(AuthResult::Policy) => locale.pick("refusé par la politique", "refused by policy"),
        Some(AuthResult::Other) => locale.pick("inconnu", "unknown"),
    }
}

/// « (example.org) » after a DKIM result, nothing when no domain signed.
pub fn domains_suffix(domains: &[String]) -> String {
    if domains.is_empty() {
        String::new()
    } else {
        format!(" ({})", domains.join(", "))
    }
}

/// The verdict as one line: « SPF ✔ DKIM ✔ (example.org) DMARC ✔ ».
pub fn verdict_line(locale: Locale, view: &TransitView) -> String {
    let Some(verdict) = &view.verdict else {
        return TransitText::NotChecked.get(locale).to_owned();
    };
    let domains = domains_suffix(&verdict.dkim_domains);
    format!(
        "SPF {} DKIM {}{domains} DMARC {}",
        result_mark(verdict.spf),
        result_mark(verdict.dkim),
        result_mark(verdict.dmarc)
    )
}

/// The summary under the headers: « 3 relais · 2 s · chiffré de bout en bout · SPF ✔ … ».
pub fn summary_line(locale: Locale, view: &TransitView) -> String {
    let mut parts = vec![relay_count(locale, view.hops.len())];
    if let Some(total) = view.total {
        parts.push(delay(locale, total));
    }
    let encryption = if view.has_unencrypted_hop() {
        TransitText::NotEncryptedSomewhere
    } else if view.encrypted_throughout() {
        TransitText::EncryptedThroughout
    } else if !view.hops.is_empty()
        && view
            .hops
            .iter()
            .all(|h| h.encryption == Encryption::Internal)
    {
        TransitText::NeverOnNetwork
    } else {
        TransitText::EncryptionUnknown
    };
    parts.push(encryption.get(locale).to_owned());
    parts.push(verdict_line(locale, view));
    parts.join(" · ")
}

/// A hop's encryption in words, with the TLS version when stated.
pub fn hop_encryption(locale: Locale, encryption: Encryption, version: Option<&str>) -> String {
    let words = match encryption {
        Encryption::Tls => TransitText::HopEncrypted,
        Encryption::Plain => TransitText::HopPlain,
        Encryption::Internal => TransitText::HopInternal,
        Encryption::Unknown => TransitText::HopEncryptionUnknown,
    }
    .get(locale);
    match version {
        Some(version) if encryption == Encryption::Tls => format!("{words} ({version})"),
        _ => words.to_owned(),
    }
}

/// A warning in plain words; `hop_name` names a hop by its index.
pub fn warning(
    locale: Locale,
    warning: &TransitWarning,
    hop_name: impl Fn(usize) -> String,
) -> String {
    match warning {
        TransitWarning::NotAligned {
            from_domain,
            signing_domains,
        } => {
            let signed = signing_domains.join(", ");
            locale.pick(
                format!(
                    "Le domaine de l'expéditeur ({from_domain}) ne correspond pas à la signature ({signed})."
                ),
                format!(
                    "The sender's domain ({from_domain}) does not match the signature ({signed})."
                ),
            )
        }
        TransitWarning::DmarcFailed { policy } => {
            let policy_words = match policy.as_deref() {
                Some("reject") => locale.pick(
                    " Son domaine demande de refuser un tel message.",
                    " Its domain asks for such a message to be refused.",
                ),
                Some("quarantine") => locale.pick(
                    " Son domaine demande de le traiter comme suspect.",
                    " Its domain asks for it to be treated as suspicious.",
                ),
                _ => "",
            };
            locale.pick(
                format!("Ce message n'a pas prouvé venir de l'expéditeur affiché (DMARC).{policy_words}"),
                format!("This message did not prove it comes from the sender shown (DMARC).{policy_words}"),
            )
        }
        TransitWarning::DkimFailed => TransitText::WarningDkimFailed.get(locale).to_owned(),
        TransitWarning::SpfFailed => TransitText::WarningSpfFailed.get(locale).to_owned(),
        TransitWarning::UnencryptedHop { hop } => locale.pick(
            format!("Un relais sans chiffrement : {}.", hop_name(*hop)),
            format!("A relay without encryption: {}.", hop_name(*hop)),
        ),
        TransitWarning::SlowHop { hop, seconds } => locale.pick(
            format!(
                "Le message a attendu {} avant {}.",
                duration(locale, *seconds),
                hop_name(*hop)
            ),
            format!(
                "The message waited {} before {}.",
                duration(locale, *seconds),
                hop_name(*hop)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_delivery::read_transit;

    #[test]
    fn every_text_has_both_languages() {
        for text in TransitText::ALL {
            assert!(!text.get(Locale::Fr).is_empty());
            assert!(!text.get(Locale::En).is_empty());
            assert_ne!(text.get(Locale::Fr), text.get(Locale::En), "{text:?}");
        }
    }

    #[test]
    fn durations() {
        let cases: &[(u64, &str, &str)] = &[
            (0, "0 s", "0 s"),
            (59, "59 s", "59 s"),
            (252, "4 min 12 s", "4 min 12 s"),
            (15_412, "4 h 16 min", "4 h 16 min"),
            (183_600, "2 j 3 h", "2 d 3 h"),
        ];
        for (seconds, fr, en) in cases {
            assert_eq!(duration(Locale::Fr, *seconds), *fr);
            assert_eq!(duration(Locale::En, *seconds), *en);
        }
        assert_eq!(
            delay(Locale::Fr, Delay::ClockSkew { seconds: 88 }),
            "horloges décalées de 1 min 28 s"
        );
    }

    #[test]
    fn summary_of_a_signed_encrypted_route() {
        let head = "Received: from b (b [192.0.2.2]) by c with LMTP; 7 Dec 2026 10:00:03 +0000\n\
                    Authentication-Results: c; spf=pass smtp.mailfrom=example.org; \
                    dkim=pass header.d=example.org; dmarc=pass header.from=example.org\n\
                    Received: from a (a [192.0.2.1]) by b with ESMTPS; 7 Dec 2026 10:00:00 +0000\n\
                    From: <x@example.org>\n";
        let view = read_transit(head.as_bytes());
        assert_eq!(
            summary_line(Locale::Fr, &view),
            "2 relais · 3 s · chiffré de bout en bout · SPF ✔ DKIM ✔ (example.org) DMARC ✔"
        );
        assert_eq!(
            summary_line(Locale::En, &view),
            "2 relays · 3 s · encrypted all the way · SPF ✔ DKIM ✔ (example.org) DMARC ✔"
        );
    }

    #[test]
    fn summary_without_verdict_and_with_a_plain_hop() {
        let head = "Received: from a (a [192.0.2.1]) by b with SMTP; 7 Dec 2026 10:00:00 +0000\n";
        let view = read_transit(head.as_bytes());
        assert_eq!(
            summary_line(Locale::En, &view),
            "1 relay · a relay without encryption · authenticity not checked by the server"
        );
    }

    #[test]
    fn a_route_inside_one_machine() {
        let head = "Received: from h by h with LMTP; 7 Dec 2026 10:00:01 +0000\n\
                    Received: from localhost (localhost [127.0.0.1]) by h with ESMTP; \
                    7 Dec 2026 10:00:00 +0000\n";
        let view = read_transit(head.as_bytes());
        assert_eq!(
            summary_line(Locale::Fr, &view),
            "2 relais · 1 s · sans passer par le réseau · authenticité non vérifiée par le serveur"
        );
    }

    #[test]
    fn warnings_in_words() {
        let name = |i: usize| format!("relais {}", i + 1);
        let not_aligned = TransitWarning::NotAligned {
            from_domain: "bank.example".into(),
            signing_domains: vec!["mailer.example".into()],
        };
        assert_eq!(
            warning(Locale::Fr, &not_aligned, name),
            "Le domaine de l'expéditeur (bank.example) ne correspond pas à la signature (mailer.example)."
        );
        let slow = TransitWarning::SlowHop {
            hop: 2,
            seconds: 7_300,
        };
        assert_eq!(
            warning(Locale::Fr, &slow, name),
            "Le message a attendu 2 h 1 min avant relais 3."
        );
        let dmarc = TransitWarning::DmarcFailed {
            policy: Some("reject".into()),
        };
        assert!(warning(Locale::En, &dmarc, name).ends_with("to be refused."));
    }
}
