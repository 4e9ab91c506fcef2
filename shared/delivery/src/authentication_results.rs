//! `Authentication-Results` (RFC 8601) and `ARC-Authentication-Results` (RFC 8617)
//! fields read into what a receiving server concluded: SPF, DKIM with the signing
//! domain, DMARC with the sender's policy.
//!
//! `authserv-id [version]; method=result [reason=…] ptype.property=value …; …`, with
//! comments anywhere. Real servers add their own words: Gmail puts the DMARC policy in a
//! comment (`dmarc=pass (p=REJECT sp=REJECT dis=NONE)`), Microsoft adds `compauth=`.
//! Lenient and bounded like every parser here: at most [`MAX_RESULTS`] results per field.

use crate::fields::{Piece, pieces};
use serde::{Deserialize, Serialize};

/// The most results kept from one field.
pub const MAX_RESULTS: usize = 32;

/// The longest text kept for an authserv-id, a domain or a policy.
const MAX_VALUE_CHARS: usize = 255;

/// A result value of RFC 8601 §2.7, across methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthResult {
    Pass,
    Fail,
    SoftFail,
    Neutral,
    None,
    TempError,
    PermError,
    Policy,
    /// A result word this reader does not know (kept as "other", not guessed).
    Other,
}

impl AuthResult {
    fn of(word: &str) -> AuthResult {
        match word.to_ascii_lowercase().as_str() {
            "pass" => AuthResult::Pass,
            "fail" | "hardfail" => AuthResult::Fail,
            "softfail" => AuthResult::SoftFail,
            "neutral" => AuthResult::Neutral,
            "none" => AuthResult::None,
            "temperror" => AuthResult::TempError,
            "permerror" => AuthResult::PermError,
            "policy" => AuthResult::Policy,
            _ => AuthResult::Other,
        }
    }

    /// Whether the result says the check failed (fail, softfail, permerror).
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            AuthResult::Fail | AuthResult::SoftFail | AuthResult::PermError
        )
    }
}

/// The authentication method a result is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    Spf,
    Dkim,
    Dmarc,
    Arc,
    /// Any other method (`iprev`, `auth`, `compauth`, `bimi`…).
    Other,
}

/// One `method=result` with the domain it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodResult {
    pub method: AuthMethod,
    pub result: AuthResult,
    /// The domain the result is about: DKIM's signing domain (`header.d`, else the
    /// domain of `header.i`), SPF's `smtp.mailfrom` domain (else `smtp.helo`), DMARC's
    /// `header.from`.
    pub domain: Option<String>,
    /// DMARC only: the sender's published policy (`p=`), lowercased, e.g. `reject`.
    pub policy: Option<String>,
}

/// One `Authentication-Results` or `ARC-Authentication-Results` field, read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuthenticationResults {
    /// The server that wrote the results, e.g. `mx.google.com`.
    pub authserv_id: Option<String>,
    /// ARC only: the instance `i=` of the ARC set.
    pub arc_instance: Option<u32>,
    pub results: Vec<MethodResult>,
}

impl AuthenticationResults {
    /// The first result of `method`, if any.
    pub fn first(&self, method: AuthMethod) -> Option<&MethodResult> {
        self.results.iter().find(|r| r.method == method)
    }

    /// Every result of `method`, in order.
    pub fn all(&self, method: AuthMethod) -> impl Iterator<Item = &MethodResult> {
        self.results.iter().filter(move |r| r.method == method)
    }
}

/// Reads an `Authentication-Results` field value (unfolded). Never fails.
pub fn parse_authentication_results(value: &str) -> AuthenticationResults {
    read_results(statements(value).into_iter().peekable(), None)
}

/// The authserv-id (unless the first statement is already a result: Microsoft writes
/// none), then the results.
fn read_results(
    mut parts: std::iter::Peekable<std::vec::IntoIter<Statement>>,
    arc_instance: Option<u32>,
) -> AuthenticationResults {
    let has_id = parts
        .peek()
        .is_some_and(|s| !s.text.split_whitespace().next().unwrap_or("").contains('='));
    let authserv_id = if has_id {
        parts.next().and_then(|s| authserv_id(&s.text))
    } else {
        None
    };
    AuthenticationResults {
        authserv_id,
        arc_instance,
        results: parts
            .filter_map(|s| method_result(&s))
            .take(MAX_RESULTS)
            .collect(),
    }
}

/// Reads an `ARC-Authentication-Results` field value: `i=N; authserv-id; results…`.
pub fn parse_arc_authentication_results(value: &str) -> AuthenticationResults {
    let mut parts = statements(value).into_iter().peekable();
    let instance = parts.peek().and_then(|first| {
        let text = first.text.trim();
        let number = text
            .strip_prefix("i=")
            .or_else(|| text.strip_prefix("I="))?;
        number.trim().parse::<u32>().ok()
    });
    if instance.is_some() {
        parts.next();
    }
    read_results(parts, instance)
}

/// One `;`-separated statement: its text without comments, and the comments.
#[derive(Debug, Default)]
struct Statement {
    text: String,
    comments: Vec<String>,
}

/// Splits at `;` outside comments and quotes, and sets comments apart.
fn statements(value: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut current = Statement::default();
    for piece in pieces(value) {
        match piece {
            Piece::Comment(comment) => {
                current.comments.push(comment);
                current.text.push(' ');
            }
            Piece::Char {
                c: ';',
                quoted: false,
            } => {
                out.push(std::mem::take(&mut current));
                // Enough statements for MAX_RESULTS results plus the id and ARC's `i=`.
                if out.len() > MAX_RESULTS + 2 {
                    return out;
                }
            }
            Piece::Char { c, .. } => current.text.push(c),
        }
    }
    out.push(current);
    out
}

fn authserv_id(text: &str) -> Option<String> {
    // `mx.example.net 1` (a version) or just the id.
    text.split_whitespace().next().map(bounded)
}

fn bounded(text: &str) -> String {
    text.chars().take(MAX_VALUE_CHARS).collect()
}

fn method_result(statement: &Statement) -> Option<MethodResult> {
    let mut words = statement.text.split_whitespace();
    let first = words.next()?;
    let (method, result) = first.split_once('=')?;
    // `dkim/1=pass`: a method version.
    let method = method.split('/').next().unwrap_or(method);
    if method.is_empty() {
        return None;
    }
    let method = match method.to_ascii_lowercase().as_str() {
        "spf" => AuthMethod::Spf,
        "dkim" => AuthMethod::Dkim,
        "dmarc" => AuthMethod::Dmarc,
        "arc" => AuthMethod::Arc,
        _ => AuthMethod::Other,
    };
    let result = AuthResult::of(result);
    let properties: Vec<(String, &str)> = words
        .filter_map(|word| {
            let (key, value) = word.split_once('=')?;
            Some((key.to_ascii_lowercase(), value.trim_matches('"')))
        })
        .collect();
    let property = |name: &str| {
        properties
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| *value)
            .filter(|value| !value.is_empty())
    };
    let domain = match method {
        AuthMethod::Dkim => property("header.d").or_else(|| property("header.i").map(domain_of)),
        AuthMethod::Spf => property("smtp.mailfrom")
            .map(domain_of)
            .or_else(|| property("smtp.helo")),
        AuthMethod::Dmarc => property("header.from").map(domain_of),
        AuthMethod::Arc | AuthMethod::Other => None,
    }
    .map(|d| bounded(&d.trim_end_matches('.').to_ascii_lowercase()));
    let policy = (method == AuthMethod::Dmarc)
        .then(|| dmarc_policy(statement, property("policy.dmarc")))
        .flatten();
    Some(MethodResult {
        method,
        result,
        domain,
        policy,
    })
}

/// The part after the last `@` (`@example.org`, `user@example.org`), else the text.
pub(crate) fn domain_of(text: &str) -> &str {
    let text = text.trim().trim_start_matches('<').trim_end_matches('>');
    match text.rsplit_once('@') {
        Some((_, domain)) => domain,
        None => text,
    }
}

/// DMARC's policy: `policy.dmarc=`, else `p=` in a comment (Gmail, Fastmail).
fn dmarc_policy(statement: &Statement, stated: Option<&str>) -> Option<String> {
    let from_comment = || {
        statement.comments.iter().find_map(|comment| {
            comment
                .split(|c: char| c.is_whitespace() || c == ',')
                .find_map(|word| {
                    let (key, value) = word.split_once('=')?;
                    key.eq_ignore_ascii_case("p").then_some(value)
                })
        })
    };
    stated
        .or_else(from_comment)
        .filter(|p| !p.is_empty())
        .map(|p| bounded(&p.to_ascii_lowercase()))
}

#[cfg(test)]
#[path = "authentication_results_tests.rs"]
mod tests;
