//! The `X-Facteur-Draft` header of a saved draft: the delivery options chosen and, after
//! a failed send, why it failed (`dsn=yes; mdn=no; failure=<percent-encoded text>`).
//!
//! The failure text is percent-encoded (so any language and any server text survives)
//! and broken by spaces where the header may be folded; reading ignores whitespace in it.

use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Characters of a failure reason kept with a draft.
pub const MAX_FAILURE_CHARS: usize = 500;
/// Encoded characters between folding points.
const PIECE: usize = 60;

/// What a draft remembers besides its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftState {
    pub request_dsn: bool,
    pub request_read_receipt: bool,
    pub failure: Option<String>,
}

/// The header value.
pub fn format_state(state: &DraftState) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut value = format!(
        "dsn={}; mdn={}",
        yes_no(state.request_dsn),
        yes_no(state.request_read_receipt)
    );
    if let Some(failure) = state.failure.as_deref().filter(|f| !f.trim().is_empty()) {
        let kept: String = failure.chars().take(MAX_FAILURE_CHARS).collect();
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
    for part in value.split(';') {
        let Some((key, raw)) = part.split_once('=') else {
            continue;
        };
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        match key.trim().to_ascii_lowercase().as_str() {
            "dsn" => state.request_dsn = compact.eq_ignore_ascii_case("yes"),
            "mdn" => state.request_read_receipt = compact.eq_ignore_ascii_case("yes"),
            "failure" => {
                let text = percent_decode_str(&compact)
                    .decode_utf8_lossy()
                    .into_owned();
                state.failure = (!text.is_empty()).then_some(text);
            }
            _ => {}
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::encoding::header_line;

    #[test]
    fn options_and_failure_round_trip_through_a_folded_header() {
        let state = DraftState {
            request_dsn: true,
            request_read_receipt: false,
            failure: Some(
                "550 5.1.1 <inconnu@example.test>: destinataire refusé; réessayez plus tard".into(),
            ),
        };
        let line = header_line("X-Facteur-Draft", &format_state(&state));
        assert!(line.split("\r\n").all(|l| l.len() <= 78), "{line}");
        let value = line
            .trim_start_matches("X-Facteur-Draft:")
            .replace("\r\n", "");
        assert_eq!(parse_state(&value), state);
        assert_eq!(format_state(&DraftState::default()), "dsn=no; mdn=no");
        assert_eq!(parse_state("garbage"), DraftState::default());
    }
}
