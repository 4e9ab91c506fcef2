//! What a submission server offers, read from its EHLO reply (RFC 5321 §4.1.1.1).

use super::reply::Reply;

/// The SASL mechanisms the bridge can use, in the order it prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMechanism {
    /// RFC 4616: the credentials in one base64 line.
    Plain,
    /// The old two-challenge LOGIN, for servers without PLAIN.
    Login,
}

/// The EHLO extensions the bridge acts on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extensions {
    /// Delivery status notifications (RFC 3461): NOTIFY, RET, ENVID, ORCPT.
    pub dsn: bool,
    /// SIZE (RFC 1870), with the server's limit when it states one (0 means none).
    pub size: Option<u64>,
    /// 8BITMIME (RFC 6152).
    pub eight_bit_mime: bool,
    /// STARTTLS (RFC 3207).
    pub starttls: bool,
    /// AUTH PLAIN offered.
    pub auth_plain: bool,
    /// AUTH LOGIN offered.
    pub auth_login: bool,
}

impl Extensions {
    /// Reads the extension lines of a 250 EHLO reply (the first line is the greeting).
    pub fn from_ehlo(reply: &Reply) -> Extensions {
        let mut extensions = Extensions::default();
        for line in reply.lines.iter().skip(1) {
            let mut words = line.split_ascii_whitespace();
            let Some(keyword) = words.next() else {
                continue;
            };
            // Old servers wrote `AUTH=PLAIN LOGIN`; it means the same.
            let (keyword, first_param) = match keyword.split_once('=') {
                Some((keyword, param)) => (keyword, Some(param)),
                None => (keyword, None),
            };
            let params = first_param.into_iter().chain(words);
            match keyword.to_ascii_uppercase().as_str() {
                "DSN" => extensions.dsn = true,
                "8BITMIME" => extensions.eight_bit_mime = true,
                "STARTTLS" => extensions.starttls = true,
                "SIZE" => {
                    let limit = params
                        .into_iter()
                        .next()
                        .and_then(|n| n.parse::<u64>().ok());
                    extensions.size = Some(limit.unwrap_or(0));
                }
                "AUTH" => {
                    for mechanism in params {
                        match mechanism.to_ascii_uppercase().as_str() {
                            "PLAIN" => extensions.auth_plain = true,
                            "LOGIN" => extensions.auth_login = true,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        extensions
    }

    /// The server's size limit, when it states a non-zero one.
    pub fn size_limit(&self) -> Option<u64> {
        self.size.filter(|limit| *limit > 0)
    }

    /// The mechanism to authenticate with, when the server offers one the bridge speaks.
    pub fn auth_mechanism(&self) -> Option<AuthMechanism> {
        if self.auth_plain {
            Some(AuthMechanism::Plain)
        } else if self.auth_login {
            Some(AuthMechanism::Login)
        } else {
            None
        }
    }

    /// Whether the server offers any authentication at all.
    pub fn offers_auth(&self) -> bool {
        self.auth_plain || self.auth_login
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ehlo(lines: &[&str]) -> Reply {
        Reply {
            code: 250,
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        }
    }

    #[test]
    fn postfix_submission_ehlo() {
        // What the project's Postfix answers on its SMTPS port.
        let reply = ehlo(&[
            "mail.example.test",
            "PIPELINING",
            "SIZE 52428800",
            "VRFY",
            "ETRN",
            "AUTH PLAIN LOGIN",
            "ENHANCEDSTATUSCODES",
            "8BITMIME",
            "DSN",
            "SMTPUTF8",
            "CHUNKING",
        ]);
        let extensions = Extensions::from_ehlo(&reply);
        assert!(extensions.dsn && extensions.eight_bit_mime && !extensions.starttls);
        assert_eq!(extensions.size_limit(), Some(52_428_800));
        assert_eq!(extensions.auth_mechanism(), Some(AuthMechanism::Plain));
    }

    #[test]
    fn variants_and_absences() {
        let reply = ehlo(&["mx.example", "auth=login", "size", "starttls"]);
        let extensions = Extensions::from_ehlo(&reply);
        assert_eq!(extensions.auth_mechanism(), Some(AuthMechanism::Login));
        assert_eq!(extensions.size, Some(0));
        assert_eq!(extensions.size_limit(), None);
        assert!(extensions.starttls && !extensions.dsn);
        // The greeting line is not an extension, even when it looks like one.
        let greeting_only = Extensions::from_ehlo(&ehlo(&["DSN"]));
        assert_eq!(greeting_only, Extensions::default());
        assert!(!greeting_only.offers_auth());
        let unknown = Extensions::from_ehlo(&ehlo(&["h", "AUTH CRAM-MD5 XOAUTH2", "SIZE x"]));
        assert_eq!(unknown.auth_mechanism(), None);
        assert_eq!(unknown.size, Some(0));
    }
}
