//! The `facteur_session` cookie: sealing the account into it, reading it back, and the
//! `Set-Cookie` values that set and clear it.

use super::account::Account;
use super::seal::SealKey;
use crate::error::{Error, Result};
use axum::http::{HeaderMap, HeaderValue, header};

/// The cookie's name.
pub const COOKIE_NAME: &str = "facteur_session";

/// Seals `account` into a cookie value.
pub fn seal_account(key: &SealKey, account: &Account) -> Result<String> {
    let json = serde_json::to_vec(account).map_err(|e| Error::Internal(e.to_string()))?;
    key.seal(&json).map_err(|e| Error::Internal(e.to_string()))
}

/// Opens a cookie value, refusing forged, foreign-key and expired sessions.
pub fn open_account(key: &SealKey, sealed: &str, now: i64) -> Result<Account> {
    let json = key.open(sealed).map_err(|_| Error::SessionExpired)?;
    let account: Account = serde_json::from_slice(&json).map_err(|_| Error::SessionExpired)?;
    if now >= account.expires_at || now < account.issued_at - 300 {
        return Err(Error::SessionExpired);
    }
    Ok(account)
}

/// The session cookie's value in a request, if any.
pub fn read_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty())
}

/// `Set-Cookie` for a new session living `max_age_secs`.
pub fn set_cookie(value: &str, secure: bool, max_age_secs: u64) -> Result<HeaderValue> {
    let text = format!(
        "{COOKIE_NAME}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&text).map_err(|e| Error::Internal(e.to_string()))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "facteur_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure",
        )
    } else {
        HeaderValue::from_static("facteur_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::account::tests_support::sample;

    #[test]
    fn sealed_accounts_open_until_they_expire() {
        let key = SealKey::random().unwrap();
        let mut account = sample();
        account.issued_at = 1_000;
        account.expires_at = 1_000 + 12 * 3600;
        let sealed = seal_account(&key, &account).unwrap();
        assert!(!sealed.contains("hunter2"));
        let opened = open_account(&key, &sealed, 2_000).unwrap();
        assert_eq!(opened.password, account.password);
        assert!(matches!(
            open_account(&key, &sealed, account.expires_at),
            Err(Error::SessionExpired)
        ));
        let other = SealKey::random().unwrap();
        assert!(matches!(
            open_account(&other, &sealed, 2_000),
            Err(Error::SessionExpired)
        ));
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; facteur_session=abc.def; x=y"),
        );
        assert_eq!(read_cookie(&headers), Some("abc.def"));
        assert_eq!(read_cookie(&HeaderMap::new()), None);
    }

    #[test]
    fn set_cookie_has_the_protective_attributes() {
        let value = set_cookie("v", true, 43200).unwrap();
        let text = value.to_str().unwrap();
        for part in [
            "HttpOnly",
            "SameSite=Strict",
            "Path=/",
            "Secure",
            "Max-Age=43200",
        ] {
            assert!(text.contains(part), "{text}");
        }
        let plain = set_cookie("v", false, 1).unwrap();
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(clear_cookie(true).to_str().unwrap().contains("Max-Age=0"));
    }
}
