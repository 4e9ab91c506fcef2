//! The checks that turn what was read into usable servers, or say what is wrong.

use super::{AuthMethod, FieldProblem, ProblemKind, ServerConfig};
use crate::address::{AddressParts, is_host_name};
use crate::server::Protocol;
use facteur_model::api::Security;

/// An `incomingServer` / `outgoingServer` as read, before validation.
#[derive(Default)]
pub(super) struct ServerDraft {
    pub(super) outgoing: bool,
    /// 1-based among servers of the same direction, for error paths.
    pub(super) index: usize,
    pub(super) kind: Option<String>,
    pub(super) hostname: Option<String>,
    pub(super) port: Option<String>,
    pub(super) socket_type: Option<String>,
    pub(super) username: Option<String>,
    pub(super) authentication: Vec<String>,
}

/// Checks one server; `None` when it is unusable (problems recorded) or of a type Facteur
/// does not speak (`exchange`, `ews`, `jmap`...: skipped, not an error).
pub(super) fn validate(
    draft: ServerDraft,
    problems: &mut Vec<FieldProblem>,
) -> Option<ServerConfig> {
    let element = if draft.outgoing {
        "outgoingServer"
    } else {
        "incomingServer"
    };
    let path = |field: &str| format!("emailProvider/{element}[{}]/{field}", draft.index);
    let protocol = match (draft.outgoing, draft.kind.as_deref()) {
        (_, None) => {
            problems.push(FieldProblem {
                path: path("@type"),
                kind: ProblemKind::Missing,
            });
            return None;
        }
        (false, Some("imap")) => Protocol::Imap,
        (false, Some("pop3")) => Protocol::Pop3,
        (true, Some("smtp")) => Protocol::Smtp,
        (_, Some(_)) => return None,
    };
    let before = problems.len();
    let mut check = |field: &str, value: Option<&str>, valid: &dyn Fn(&str) -> bool| match value {
        None => problems.push(FieldProblem {
            path: path(field),
            kind: ProblemKind::Missing,
        }),
        Some(value) if !valid(value) => problems.push(FieldProblem {
            path: path(field),
            kind: ProblemKind::Invalid {
                value: shorten(value),
            },
        }),
        Some(_) => {}
    };
    check("hostname", draft.hostname.as_deref(), &host_template_ok);
    check("port", draft.port.as_deref(), &|port| {
        parse_port(port).is_some()
    });
    check("socketType", draft.socket_type.as_deref(), &|s| {
        parse_security(s).is_some()
    });
    if draft.authentication.is_empty() {
        check("authentication", None, &|_| true);
    }
    if problems.len() > before {
        return None;
    }
    Some(ServerConfig {
        protocol,
        hostname: draft.hostname?,
        port: parse_port(draft.port.as_deref()?)?,
        security: parse_security(draft.socket_type.as_deref()?)?,
        username: draft.username,
        authentication: draft
            .authentication
            .iter()
            .map(|v| AuthMethod::from_value(v))
            .collect(),
    })
}

/// A host name once its placeholders are filled in for some address.
fn host_template_ok(template: &str) -> bool {
    AddressParts::parse("user@example.test")
        .map(|sample| is_host_name(&sample.substitute(template)))
        .unwrap_or(false)
}

fn parse_port(text: &str) -> Option<u16> {
    text.parse::<u16>().ok().filter(|port| *port != 0)
}

fn parse_security(text: &str) -> Option<Security> {
    match text.to_ascii_lowercase().as_str() {
        "ssl" | "tls" => Some(Security::Tls),
        "starttls" => Some(Security::StartTls),
        "plain" => Some(Security::Plain),
        _ => None,
    }
}

pub(super) fn missing(path: &str) -> FieldProblem {
    FieldProblem {
        path: path.to_owned(),
        kind: ProblemKind::Missing,
    }
}

/// At most 64 characters, so a hostile value cannot bloat an error message.
pub(super) fn shorten(value: &str) -> String {
    value.chars().take(64).collect()
}
