//! A received message's header block read into its [`TransitView`]: the `Received`
//! chain in order with delays, the receiving server's authentication verdict, the From
//! domain's alignment, and the warnings.
//!
//! Which `Authentication-Results` to believe: the topmost one, the last added, which is
//! the receiving side's (RFC 8601 §5 asks a reader to trust only its own border's
//! authserv-id; the bridge has no such list, so the UI names who concluded).

use crate::authentication_results::{
    AuthMethod, AuthResult, AuthenticationResults, domain_of, parse_arc_authentication_results,
    parse_authentication_results,
};
use crate::fields::{MAX_INPUT_BYTES, decode, lex, strip_comments};
use crate::received::{Encryption, parse_received};
use crate::transit_view::{
    Alignment, Delay, SLOW_HOP_SECONDS, TransitHop, TransitView, TransitWarning, Verdict,
};

/// The most hops kept (RFC 5321 §6.3 suggests refusing mail past 100 hops; real mail
/// has under 15).
pub const MAX_HOPS: usize = 64;

/// The most authentication fields of each kind kept.
const MAX_AUTH_FIELDS: usize = 16;

/// Reads a message's header block (the bytes up to the first blank line; a longer input
/// is read up to [`MAX_INPUT_BYTES`]). Never fails: no hops and no verdict is an answer.
pub fn read_transit(header_block: &[u8]) -> TransitView {
    let bytes = &header_block[..header_block.len().min(MAX_INPUT_BYTES)];
    let text = decode(bytes);
    let lexed = lex(&text);
    let fields = lexed.groups.into_iter().next().unwrap_or_default();
    // Topmost first, as written: the most recent hop first.
    let mut received = Vec::new();
    let mut received_count = 0usize;
    let mut authentication = Vec::new();
    let mut arc = Vec::new();
    let mut from_domain = None;
    for field in &fields {
        if field.is("Received") {
            received_count += 1;
            if received.len() < MAX_HOPS {
                received.push(parse_received(&field.value));
            }
        } else if field.is("Authentication-Results") {
            if authentication.len() < MAX_AUTH_FIELDS {
                authentication.push(parse_authentication_results(&field.value));
            }
        } else if field.is("ARC-Authentication-Results") {
            if arc.len() < MAX_AUTH_FIELDS {
                arc.push(parse_arc_authentication_results(&field.value));
            }
        } else if field.is("From") && from_domain.is_none() {
            from_domain = address_domain(&field.value);
        }
    }
    arc.sort_by_key(|results| std::cmp::Reverse(results.arc_instance));
    let hops = chronological(received);
    let total = match (first_time(&hops), hops.iter().rev().find_map(|h| h.hop.at)) {
        (Some(first), Some(last)) if hops.len() > 1 => Some(Delay::between(first.0, last.0)),
        _ => None,
    };
    let verdict = authentication
        .first()
        .map(|results| verdict(results, from_domain.as_deref()));
    let mut view = TransitView {
        hops,
        truncated: received_count > MAX_HOPS,
        total,
        from_domain,
        verdict,
        authentication,
        arc,
        warnings: Vec::new(),
    };
    view.warnings = warnings(&view);
    view
}

/// The hops oldest first, each with its delay from the previous one.
fn chronological(mut received: Vec<crate::received::Hop>) -> Vec<TransitHop> {
    received.reverse();
    let mut previous = None;
    received
        .into_iter()
        .map(|hop| {
            let delay = match (previous, hop.at) {
                (Some(before), Some(at)) => Some(Delay::between(before, at.0)),
                _ => None,
            };
            if let Some(at) = hop.at {
                previous = Some(at.0);
            }
            TransitHop {
                encryption: hop.encryption(),
                hop,
                delay,
            }
        })
        .collect()
}

fn first_time(hops: &[TransitHop]) -> Option<facteur_model::Timestamp> {
    hops.iter().find_map(|h| h.hop.at)
}

/// The domain of a From value: inside the last `<…>`, else the bare address.
fn address_domain(value: &str) -> Option<String> {
    let address = match value.rfind('<') {
        Some(start) => value[start + 1..].split('>').next().unwrap_or(""),
        None => {
            let text = strip_comments(value).text;
            return text
                .contains('@')
                .then(|| normalize_domain(domain_of(&text)))
                .flatten();
        }
    };
    address
        .contains('@')
        .then(|| normalize_domain(domain_of(address)))
        .flatten()
}

fn normalize_domain(domain: &str) -> Option<String> {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    (!domain.is_empty() && domain.len() <= 255 && !domain.contains(char::is_whitespace))
        .then_some(domain)
}

fn verdict(results: &AuthenticationResults, from_domain: Option<&str>) -> Verdict {
    let dkim: Vec<_> = results.all(AuthMethod::Dkim).collect();
    let passing: Vec<_> = dkim
        .iter()
        .filter(|r| r.result == AuthResult::Pass)
        .collect();
    let dkim_result = if passing.is_empty() {
        dkim.first().map(|r| r.result)
    } else {
        Some(AuthResult::Pass)
    };
    let mut dkim_domains: Vec<String> = if passing.is_empty() {
        dkim.iter().filter_map(|r| r.domain.clone()).collect()
    } else {
        passing.iter().filter_map(|r| r.domain.clone()).collect()
    };
    dkim_domains.dedup();
    let spf = results.first(AuthMethod::Spf);
    let dmarc = results.first(AuthMethod::Dmarc);
    let mut authenticated: Vec<&str> = passing.iter().filter_map(|r| r.domain.as_deref()).collect();
    if let Some(spf) = spf.filter(|s| s.result == AuthResult::Pass)
        && let Some(domain) = spf.domain.as_deref()
    {
        authenticated.push(domain);
    }
    let alignment = match from_domain {
        Some(from) if !authenticated.is_empty() => {
            if authenticated.iter().any(|d| aligned(from, d)) {
                Alignment::Aligned
            } else {
                Alignment::NotAligned
            }
        }
        _ => Alignment::Unknown,
    };
    Verdict {
        authserv_id: results.authserv_id.clone(),
        spf: spf.map(|r| r.result),
        dkim: dkim_result,
        dkim_domains,
        dmarc: dmarc.map(|r| r.result),
        dmarc_policy: dmarc.and_then(|r| r.policy.clone()),
        alignment,
    }
}

/// Relaxed alignment without the public suffix list: the same domain, or one a
/// subdomain of the other.
fn aligned(from: &str, other: &str) -> bool {
    from == other || from.ends_with(&format!(".{other}")) || other.ends_with(&format!(".{from}"))
}

fn warnings(view: &TransitView) -> Vec<TransitWarning> {
    let mut out = Vec::new();
    if let Some(verdict) = &view.verdict {
        if verdict.dmarc.is_some_and(AuthResult::is_failure) {
            out.push(TransitWarning::DmarcFailed {
                policy: verdict.dmarc_policy.clone(),
            });
        }
        if verdict.alignment == Alignment::NotAligned
            && let Some(from_domain) = &view.from_domain
        {
            out.push(TransitWarning::NotAligned {
                from_domain: from_domain.clone(),
                signing_domains: verdict.dkim_domains.clone(),
            });
        }
        if verdict.dkim.is_some_and(AuthResult::is_failure) {
            out.push(TransitWarning::DkimFailed);
        }
        if verdict.spf.is_some_and(AuthResult::is_failure) {
            out.push(TransitWarning::SpfFailed);
        }
    }
    for (index, hop) in view.hops.iter().enumerate() {
        if hop.encryption == Encryption::Plain {
            out.push(TransitWarning::UnencryptedHop { hop: index });
        }
        if let Some(Delay::Took { seconds }) = hop.delay
            && seconds > SLOW_HOP_SECONDS
        {
            out.push(TransitWarning::SlowHop {
                hop: index,
                seconds,
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "transit_tests.rs"]
mod tests;
