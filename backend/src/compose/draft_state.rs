//! The `X-Facteur-Draft` header of a saved draft: the delivery options chosen and, after
//! a failed send, why it failed (`dsn=yes; mdn=no; code=recipient_refused;
//! failure=<percent-encoded server text>`).
//!
//! The server's text is percent-encoded (so any language and any server text survives)
//! and broken by spaces where the header may be folded; reading ignores whitespace in it.

use facteur_model::compose::{DsnNotify, SendFailure};
use facteur_model::problem::ErrorCode;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Characters of a failure reason kept with a draft.
pub const MAX_FAILURE_CHARS: usize = 500;
/// Encoded characters between folding points.
const PIECE: usize = 60;

/// What a draft remembers besides its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftState {
    pub request_dsn: bool,
    /// Kept as `notify=success` only when success receipts were asked for, so older
    /// bridges read the rest unchanged.
    pub dsn_notify: DsnNotify,
    pub request_read_receipt: bool,
    pub failure: Option<SendFailure>,
}

/// The header value.
pub fn format_state(state: &DraftState) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut value = format!(
        "dsn={}; mdn={}",
        yes_no(state.request_dsn),
        yes_no(state.request_read_receipt)
    );
    if state.dsn_notify == DsnNotify::AlsoSuccess {
        value.push_str("; notify=success");
    }
    let Some(failure) = &state.failure else {
        return value;
    };
    value.push_str("; code=");
    value.push_str(&code_name(failure.code));
    if let Some(detail) = failure.detail.as_deref().filter(|d| !d.trim().is_empty()) {
        let kept: String = detail.chars().take(MAX_FAILURE_CHARS).collect();
        let encoded = utf8_percent_encode(&kept, NON_ALPHANUMERIC).to_string();
        value.push_str("; failure=");
        let mut rest = encoded.as_str();
        let mut first = true;
        while !rest.is_empty() {
            let mut cut = rest.len().min(PIECE);
            if let Some(percent) = rest[..cut].rfind('%')
                && percent + 3 > cut
            {
                cut = percent;
            }
            if !first {
                value.push(' ');
            }
            value.push_str(&rest[..cut]);
            rest = &rest[cut..];
            first = false;
        }
    }
    value
}

/// Reads the header value (unfolded or not); unknown parts are ignored.
pub fn parse_state(value: &str) -> DraftState {
    let mut state = DraftState::default();
    let mut code_given = false;
    let mut code = None;
    let mut detail = None;
    for part in value.split(';') {
        let Some((key, raw)) = part.split_once('=') else {
            continue;
        };
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        match key.trim().to_ascii_lowercase().as_str() {
            "dsn" => state.request_dsn = compact.eq_ignore_ascii_case("yes"),
            "mdn" => state.request_read_receipt = compact.eq_ignore_ascii_case("yes"),
            "notify" if compact.eq_ignore_ascii_case("success") => {
                state.dsn_notify = DsnNotify::AlsoSuccess;
            }
            "code" => {
                code_given = true;
                code = code_of(&compact);
            }
            "failure" => {
                let text = percent_decode_str(&compact)
                    .decode_utf8_lossy()
                    .into_owned();
                detail = (!text.is_empty()).then_some(text);
            }
            _ => {}
        }
    }
    // A reason without a known code (older drafts) still says the send failed.
    if code_given || detail.is_some() {
        state.failure = Some(SendFailure {
            code: code.unwrap_or(ErrorCode::SendFailed),
            detail,
        });
    }
    state
}

/// The code as it travels (`recipient_refused`).
fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "send_failed".to_owned())
}

fn code_of(name: &str) -> Option<ErrorCode> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::encoding::header_line;

    #[test]
    fn options_and_failure_round_trip_through_a_folded_header() {
        let state = DraftState {
            request_dsn: true,
            dsn_notify: DsnNotify::AlsoSuccess,
            request_read_receipt: false,
            failure: Some(SendFailure {
                code: ErrorCode::RecipientRefused,
                detail: Some(
                    "550 5.1.1 <inconnu@example.test>: destinataire refusé; réessayez plus tard"
                        .into(),
                ),
            }),
        };
        let line = header_line("X-Facteur-Draft", &format_state(&state));
        assert!(line.split("\r\n").all(|l| l.len() <= 78), "{line}");
        let value = line
            .trim_start_matches("X-Facteur-Draft:")
            .replace("\r\n", "");
        assert_eq!(parse_state(&value), state);
        assert_eq!(format_state(&DraftState::default()), "dsn=no; mdn=no");
        // Drafts saved before success receipts were a choice ask for failures only.
        assert_eq!(
            parse_state("dsn=yes; mdn=no").dsn_notify,
            DsnNotify::FailureAndDelay
        );
        assert_eq!(parse_state("garbage"), DraftState::default());
    }

    #[test]
    fn a_failure_without_words_or_without_a_known_code_still_reads() {
        let bare = DraftState {
            request_dsn: false,
            dsn_notify: DsnNotify::FailureAndDelay,
            request_read_receipt: false,
            failure: Some(SendFailure {
                code: ErrorCode::BadCredentials,
                detail: None,
            }),
        };
        assert_eq!(format_state(&bare), "dsn=no; mdn=no; code=bad_credentials");
        assert_eq!(parse_state(&format_state(&bare)), bare);
        let older = parse_state("dsn=no; mdn=no; failure=550%20refus%C3%A9");
        assert_eq!(
            older.failure,
            Some(SendFailure {
                code: ErrorCode::SendFailed,
                detail: Some("550 refusé".into()),
            })
        );
        let unknown = parse_state("dsn=no; mdn=no; code=on_fire");
        assert_eq!(unknown.failure.map(|f| f.code), Some(ErrorCode::SendFailed));
    }
}
