//! The session cookie: sealing the account into it, reading it back, and the `Set-Cookie`
//! values that set and clear it.
//!
//! When served over HTTPS (`cookie_secure`) the cookie is `__Host-facteur_session`: the
//! browser then only accepts it from this very origin, with `Secure`, `Path=/` and no
//! `Domain`, so a sibling subdomain or a plain-HTTP attacker cannot plant one. A request
//! carrying the cookie twice is refused: the bridge cannot tell which one is the user's.

use super::account::Account;
use super::keys::SessionKeys;
use crate::error::{Error, Result};
use axum::http::{HeaderMap, HeaderValue, header};

/// The cookie's name over plain HTTP (local development and tests).
pub const COOKIE_NAME: &str = "facteur_session";
/// The cookie's name over HTTPS: the `__Host-` prefix pins it to this origin.
pub const SECURE_COOKIE_NAME: &str = "__Host-facteur_session";

/// The cookie's name for the `cookie_secure` setting.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

/// Seals `account` into a cookie value (with the current key).
pub fn seal_account(keys: &SessionKeys, account: &Account) -> Result<String> {
    let json =
        serde_json::to_vec(account).map_err(|e| Error::internal("serializing the account", e))?;
    keys.seal(&json)
        .map_err(|e| Error::internal("sealing the cookie", e))
}

/// Opens a cookie value, refusing forged, foreign-key and expired sessions.
pub fn open_account(keys: &SessionKeys, sealed: &str, now: i64) -> Result<Account> {
    let json = keys.open(sealed).map_err(|_| Error::SessionExpired)?;
    let account: Account = serde_json::from_slice(&json).map_err(|_| Error::SessionExpired)?;
    if now >= account.expires_at || now < account.issued_at - 300 {
        return Err(Error::SessionExpired);
    }
    Ok(account)
}

/// Every non-empty value of the cookie `name` in a request, in order.
pub fn cookie_values<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(found, _)| found.trim() == name)
        .map(|(_, value)| value.trim().trim_matches('"'))
        .filter(|value| !value.is_empty())
        .collect()
}

/// The session cookie's value in a request, if any; `duplicate_session_cookie` when the
/// request carries it more than once.
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>> {
    match cookie_values(headers, name).as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        _ => Err(Error::DuplicateSessionCookie),
    }
}

/// `Set-Cookie` for a new session living `max_age_secs`.
pub fn set_cookie(value: &str, secure: bool, max_age_secs: u64) -> Result<HeaderValue> {
    let text = format!(
        "{}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&text).map_err(|e| Error::internal("the cookie header", e))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static(
            "__Host-facteur_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure",
        )
    } else {
        HeaderValue::from_static("facteur_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::account::tests_support::sample;
    use crate::session::seal::SealKey;

    #[test]
    fn sealed_accounts_open_until_they_expire() {
        let key = SessionKeys::single(SealKey::random().unwrap());
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
        let other = SessionKeys::single(SealKey::random().unwrap());
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
        assert_eq!(read_cookie(&headers, COOKIE_NAME).unwrap(), Some("abc.def"));
        assert_eq!(read_cookie(&HeaderMap::new(), COOKIE_NAME).unwrap(), None);
        // Over HTTPS only the prefixed name counts: a plain one may have been planted.
        assert_eq!(read_cookie(&headers, SECURE_COOKIE_NAME).unwrap(), None);
    }

    #[test]
    fn a_cookie_sent_twice_is_refused() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("facteur_session=mine; facteur_session=planted"),
        );
        assert!(matches!(
            read_cookie(&headers, COOKIE_NAME),
            Err(Error::DuplicateSessionCookie)
        ));
        let mut split = HeaderMap::new();
        split.append(
            header::COOKIE,
            HeaderValue::from_static("facteur_session=a"),
        );
        split.append(
            header::COOKIE,
            HeaderValue::from_static("facteur_session=b"),
        );
        assert!(matches!(
            read_cookie(&split, COOKIE_NAME),
            Err(Error::DuplicateSessionCookie)
        ));
        assert_eq!(cookie_values(&split, COOKIE_NAME), ["a", "b"]);
        // The other name is another cookie, not a duplicate.
        let mut mixed = HeaderMap::new();
        mixed.append(
            header::COOKIE,
            HeaderValue::from_static("facteur_session=a; __Host-facteur_session=b"),
        );
        assert_eq!(read_cookie(&mixed, SECURE_COOKIE_NAME).unwrap(), Some("b"));
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
        assert!(text.starts_with("__Host-facteur_session=v;"), "{text}");
        assert!(!text.contains("Domain"), "{text}");
        let plain = set_cookie("v", false, 1).unwrap();
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(plain.to_str().unwrap().starts_with("facteur_session=v;"));
        let cleared = clear_cookie(true);
        let cleared = cleared.to_str().unwrap();
        assert!(cleared.starts_with("__Host-facteur_session=;"), "{cleared}");
        assert!(cleared.contains("Max-Age=0") && cleared.contains("Secure"));
    }
}
