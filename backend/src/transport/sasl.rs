//! SASL, the one place the sign-in tokens are built: PLAIN (RFC 4616) for SMTP AUTH
//! and ManageSieve AUTHENTICATE, and the two base64 answers of the LOGIN mechanism.
//! The tokens carry the password: never log them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

/// The PLAIN initial response, base64: `\0username\0password` (no authorization id).
pub fn plain_token(username: &str, password: &str) -> String {
    BASE64.encode(format!("\0{username}\0{password}"))
}

/// One answer of the LOGIN mechanism (the user name, then the password), base64.
pub fn login_answer(value: &str) -> String {
    BASE64.encode(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_joins_the_names_with_nul_bytes() {
        // RFC 4616's example: "\0tim\0tanstaaftanstaaf".
        assert_eq!(
            plain_token("tim", "tanstaaftanstaaf"),
            "AHRpbQB0YW5zdGFhZnRhbnN0YWFm"
        );
        assert_eq!(login_answer("demo"), "ZGVtbw==");
    }
}
