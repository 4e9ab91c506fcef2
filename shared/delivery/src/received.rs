//! One `Received:` field (RFC 5321 §4.4) read into a [`Hop`]: who handed the message
//! over (`from`), who took it (`by`), how (`with`, and TLS where a comment states it),
//! the server's queue `id`, the recipient (`for`) and when.
//!
//! Real MTAs stretch the grammar: Exchange writes `with Microsoft SMTP Server (version=…)`
//! and `via Frontend Transport`, Exim adds a `tls` clause, qmail writes a bare comment,
//! Postfix states TLS in a comment after `from`. The reader is keyword-driven and never
//! fails: what it cannot place is dropped, what it can is kept.

use crate::date::parse_date_time;
use crate::fields::{Piece, pieces};
use facteur_model::Timestamp;
use serde::{Deserialize, Serialize};

/// The longest text kept for one clause; longer values are cut at a character boundary.
pub const MAX_CLAUSE_CHARS: usize = 512;

/// What a hop says about the encryption of its connection.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TlsInfo {
    /// The protocol version as written, e.g. `TLSv1.3` or `TLS1_2`.
    pub version: Option<String>,
    /// The cipher suite as written, e.g. `TLS_AES_256_GCM_SHA384`.
    pub cipher: Option<String>,
}

/// How a hop's connection was protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encryption {
    /// TLS was stated (a TLS comment, or a protocol such as ESMTPS, RFC 3848).
    Tls,
    /// A network hop without TLS (plain SMTP or ESMTP between machines).
    Plain,
    /// A hand-off inside one machine (a local program, loopback, LMTP to the mailbox):
    /// nothing crossed a network.
    Internal,
    /// The hop says nothing that tells.
    Unknown,
}

/// One `Received:` field, read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Hop {
    /// The `from` clause: the sending host as it introduced itself, with what the
    /// receiver saw (reverse DNS name, address), e.g. `mail.example.org (mail.example.org
    /// [192.0.2.1])`.
    pub from: Option<String>,
    /// The `by` clause: the receiving server, e.g. `mx.example.net (Postfix)`.
    pub by: Option<String>,
    /// The `via` clause (Exchange writes `Frontend Transport`).
    pub via: Option<String>,
    /// The `with` clause: the protocol, e.g. `ESMTPS`, `LMTP`, `Microsoft SMTP Server`.
    pub with: Option<String>,
    /// The receiving server's queue or message id.
    pub id: Option<String>,
    /// The `for` clause: the recipient the hop was for.
    pub recipient: Option<String>,
    /// TLS version and cipher, when the hop states them.
    pub tls: Option<TlsInfo>,
    /// When the receiving server took the message (the date after the `;`).
    pub at: Option<Timestamp>,
}

impl Hop {
    /// How the connection of this hop was protected, from what the hop states.
    pub fn encryption(&self) -> Encryption {
        let protocol = self
            .with
            .as_deref()
            .and_then(|w| w.split_whitespace().next())
            .unwrap_or("")
            .to_ascii_uppercase();
        if self.tls.is_some() || tls_protocol(&protocol) {
            return Encryption::Tls;
        }
        if self.is_internal(&protocol) {
            return Encryption::Internal;
        }
        if matches!(
            protocol.as_str(),
            "SMTP" | "ESMTP" | "ESMTPA" | "UTF8SMTP" | "UTF8SMTPA" | "HTTP"
        ) {
            return Encryption::Plain;
        }
        Encryption::Unknown
    }

    /// A hand-off that crossed no network: no sending host at all (a local program),
    /// a loopback address, or a local delivery protocol.
    fn is_internal(&self, protocol: &str) -> bool {
        if matches!(protocol, "LMTP" | "LOCAL") {
            return true;
        }
        match self.from.as_deref() {
            None => true,
            Some(from) => {
                let from = from.to_ascii_lowercase();
                from.contains("[127.")
                    || from.contains("[::1]")
                    || from.contains("[ipv6:::1]")
                    || from.starts_with("localhost")
                    || from.contains("userid")
            }
        }
    }
}

/// RFC 3848 protocol names ending in S (TLS) or SA (TLS and authentication), and HTTPS.
fn tls_protocol(protocol: &str) -> bool {
    matches!(
        protocol,
        "ESMTPS"
            | "ESMTPSA"
            | "LMTPS"
            | "LMTPSA"
            | "UTF8SMTPS"
            | "UTF8SMTPSA"
            | "UTF8LMTPS"
            | "UTF8LMTPSA"
            | "HTTPS"
    )
}

/// The clause keywords of RFC 5321 §4.4, plus Exim's `tls`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clause {
    From,
    By,
    Via,
    With,
    Id,
    For,
    Tls,
}

impl Clause {
    fn of(word: &str) -> Option<Clause> {
        Some(match word.to_ascii_lowercase().as_str() {
            "from" => Clause::From,
            "by" => Clause::By,
            "via" => Clause::Via,
            "with" => Clause::With,
            "id" => Clause::Id,
            "for" => Clause::For,
            "tls" => Clause::Tls,
            _ => return None,
        })
    }
}

/// A piece of the field before the date: a word, or a comment's content.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Comment(String),
}

/// Reads one `Received:` field value (unfolded). Never fails.
pub fn parse_received(value: &str) -> Hop {
    let (clauses, date) = split_date(value);
    let mut hop = Hop {
        at: date.and_then(parse_date_time),
        ..Hop::default()
    };
    let mut current: Option<Clause> = None;
    let mut text = String::new();
    let mut tls = TlsInfo::default();
    let mut first = true;
    let mut tls_seen = false;
    for token in tokens(clauses) {
        match token {
            Token::Word(word) => {
                // A keyword starts a clause, except as the first word of a clause
                // (`by for.example` names a host): a clause's value is never empty.
                let awaiting_value = first && current.is_some();
                match Clause::of(&word) {
                    Some(clause) if !awaiting_value => {
                        store(&mut hop, &mut tls, current, &text);
                        text.clear();
                        tls_seen = false;
                        current = Some(clause);
                        first = true;
                    }
                    _ => {
                        push_word(&mut text, &word);
                        first = false;
                    }
                }
            }
            Token::Comment(comment) => {
                // A clause keeps its comments (`(HELO relay) (198.51.100.9)`) up to one
                // that states TLS: that one, and what follows it in the clause (Postfix's
                // `(No client certificate requested)`), go to `tls` or nowhere.
                if read_tls_comment(&comment, &mut tls) {
                    tls_seen = true;
                } else if current.is_some() && !tls_seen {
                    push_word(&mut text, &format!("({comment})"));
                    first = false;
                }
            }
        }
    }
    store(&mut hop, &mut tls, current, &text);
    if tls != TlsInfo::default() {
        hop.tls = Some(tls);
    }
    hop
}

/// The clauses and the date: the date follows the last `;` outside comments.
fn split_date(value: &str) -> (&str, Option<&str>) {
    let mut depth = 0usize;
    let mut last = None;
    for (index, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => last = Some(index),
            _ => {}
        }
    }
    match last {
        Some(index) => (&value[..index], Some(&value[index + 1..])),
        None => (value, None),
    }
}

/// Words and comments, in order. Nested comments stay inside their outer comment.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    for piece in pieces(text) {
        match piece {
            Piece::Comment(comment) => {
                flush_word(&mut out, &mut word);
                out.push(Token::Comment(comment));
            }
            Piece::Char { c, .. } if c.is_whitespace() => flush_word(&mut out, &mut word),
            Piece::Char { c, .. } => word.push(c),
        }
    }
    flush_word(&mut out, &mut word);
    out
}

fn flush_word(out: &mut Vec<Token>, word: &mut String) {
    if !word.is_empty() {
        out.push(Token::Word(std::mem::take(word)));
    }
}

fn push_word(text: &mut String, word: &str) {
    if text.chars().count() >= MAX_CLAUSE_CHARS {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
    if let Some((cut, _)) = text.char_indices().nth(MAX_CLAUSE_CHARS) {
        text.truncate(cut);
    }
}

fn store(hop: &mut Hop, tls: &mut TlsInfo, clause: Option<Clause>, text: &str) {
    let Some(clause) = clause else { return };
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let value = Some(text.to_owned());
    match clause {
        Clause::From => hop.from = hop.from.take().or(value),
        Clause::By => hop.by = hop.by.take().or(value),
        Clause::Via => hop.via = hop.via.take().or(value),
        Clause::With => hop.with = hop.with.take().or(value),
        Clause::Id => hop.id = hop.id.take().or(value),
        Clause::For => hop.recipient = hop.recipient.take().or(value),
        // Exim: `tls TLS_AES_256_GCM_SHA384`.
        Clause::Tls => {
            if tls.cipher.is_none() {
                tls.cipher = text.split_whitespace().next().map(str::to_owned);
            }
        }
    }
}

/// Reads TLS as MTAs state it in comments, and says whether the comment was about TLS:
/// - Postfix: `using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) …`
/// - Sendmail, Gmail, Exchange: `version=TLSv1.3 cipher=… bits=256`, `version=TLS1_2,`
/// - Exim: `(TLS1.3)` after `with esmtps`.
fn read_tls_comment(comment: &str, tls: &mut TlsInfo) -> bool {
    let before = tls.clone();
    let words: Vec<&str> = comment
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (index, word) in words.iter().enumerate() {
        let lower = word.to_ascii_lowercase();
        if lower == "using"
            && let Some(version) = words.get(index + 1)
            && looks_like_tls_version(version)
        {
            tls.version.get_or_insert_with(|| (*version).to_owned());
        } else if lower == "cipher"
            && let Some(cipher) = words.get(index + 1)
        {
            tls.cipher.get_or_insert_with(|| (*cipher).to_owned());
        } else if let Some(version) = lower.strip_prefix("version=") {
            if looks_like_tls_version(version) {
                tls.version
                    .get_or_insert_with(|| word["version=".len()..].to_owned());
            }
        } else if lower.starts_with("cipher=") {
            tls.cipher
                .get_or_insert_with(|| word["cipher=".len()..].to_owned());
        } else if words.len() == 1 && looks_like_tls_version(word) {
            tls.version.get_or_insert_with(|| (*word).to_owned());
        }
    }
    *tls != before || stated_tls(&words)
}

/// A TLS comment whose values were already known (a second `version=` comment).
fn stated_tls(words: &[&str]) -> bool {
    words.iter().any(|w| {
        let lower = w.to_ascii_lowercase();
        lower.starts_with("version=") || lower.starts_with("cipher=") || lower == "using"
    }) || (words.len() == 1 && looks_like_tls_version(words[0]))
}

fn looks_like_tls_version(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    (lower.starts_with("tls") || lower.starts_with("ssl"))
        && lower.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
#[path = "received_tests.rs"]
mod tests;
