//! Commands sent as text, with their answers read here: for what async-imap has no helper
//! for (SETMETADATA with a literal, UNSELECT) or whose answers it hides (the COPYUID of
//! UID MOVE goes to a channel nobody drains; response codes it does not know end up
//! mixed into the error text).
//!
//! [`Reply::absorb`] is the pure part: it folds one parsed response into the reply, so
//! it is unit-tested on server lines without a connection.

use super::connect::ImapSession;
use crate::error::{Error, Result};
use crate::transport::dial::io_error;
use async_imap::imap_proto::rfc4315::UidSetMember;
use async_imap::imap_proto::{MailboxDatum, RequestId, Response, ResponseCode, Status};
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::AsyncWriteExt;

/// How the server ended a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    Ok,
    No,
    Bad,
}

/// The COPYUID response code (RFC 4315): which source UIDs became which destination UIDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyUid {
    pub uid_validity: u32,
    pub source: Vec<u32>,
    pub destination: Vec<u32>,
}

/// What a command brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub completion: Completion,
    /// The text of the tagged response, response codes async-imap does not know
    /// (`[ALREADYEXISTS]`, `[EXPUNGEISSUED]`, ...) included.
    pub text: String,
    /// From the tagged response (COPY) or an untagged OK (MOVE).
    pub copy_uid: Option<CopyUid>,
    /// `[METADATA MAXSIZE n]`: the largest value the server accepts.
    pub metadata_max_size: Option<u64>,
    /// Entries and values of METADATA responses.
    pub metadata: Vec<(String, Option<String>)>,
    /// Whether the server sent `* BYE` (it is closing the connection).
    pub bye: bool,
}

impl Default for Reply {
    fn default() -> Reply {
        Reply::new()
    }
}

impl Reply {
    /// A reply before any response was folded in (public for the fuzz target, which
    /// feeds it server bytes without a session).
    pub fn new() -> Reply {
        Reply {
            completion: Completion::Bad,
            text: String::new(),
            copy_uid: None,
            metadata_max_size: None,
            metadata: Vec::new(),
            bye: false,
        }
    }

    /// Folds one response into the reply; `true` when it was the tagged end of `tag`.
    pub fn absorb(&mut self, response: &Response<'_>, tag: &RequestId) -> bool {
        match response {
            Response::Done {
                tag: done,
                status,
                outcome,
            } if done == tag => {
                self.completion = match status {
                    Status::Ok => Completion::Ok,
                    Status::No => Completion::No,
                    _ => Completion::Bad,
                };
                self.text = outcome.information.as_deref().unwrap_or("").to_owned();
                self.note_code(outcome.code.as_ref());
                true
            }
            Response::Data { status, outcome } => {
                if *status == Status::Bye {
                    self.bye = true;
                }
                self.note_code(outcome.code.as_ref());
                false
            }
            Response::MailboxData(MailboxDatum::MetadataSolicited { values, .. }) => {
                self.metadata.extend(
                    values
                        .iter()
                        .map(|entry| (entry.entry.clone(), entry.value.clone())),
                );
                false
            }
            _ => false,
        }
    }

    fn note_code(&mut self, code: Option<&ResponseCode<'_>>) {
        match code {
            Some(ResponseCode::CopyUid(validity, source, destination)) => {
                self.copy_uid = Some(CopyUid {
                    uid_validity: *validity,
                    source: expand(source),
                    destination: expand(destination),
                });
            }
            Some(ResponseCode::MetadataMaxSize(size)) => self.metadata_max_size = Some(*size),
            _ => {}
        }
    }

    /// The response code in brackets at the start of the text, for codes async-imap does
    /// not parse: `ALREADYEXISTS`, `NONEXISTENT`, `EXPUNGEISSUED`, ...
    pub fn bracket_code(&self) -> Option<&str> {
        bracket_code(&self.text)
    }

    /// `Ok(self)` when the command succeeded, otherwise the server's refusal.
    pub fn ok(self) -> Result<Reply> {
        match self.completion {
            Completion::Ok => Ok(self),
            Completion::No | Completion::Bad => Err(Error::ServerRefused(self.text)),
        }
    }
}

/// `ALREADYEXISTS` from `[ALREADYEXISTS] Mailbox already exists`.
pub fn bracket_code(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix('[')?;
    let end = rest.find(']')?;
    rest[..end].split_whitespace().next()
}

/// The UIDs of a UID set, ranges expanded (bounded: a hostile range cannot eat memory).
fn expand(members: &[UidSetMember]) -> Vec<u32> {
    const MOST: usize = 100_000;
    let mut uids = Vec::new();
    for member in members {
        match member {
            UidSetMember::Uid(uid) => uids.push(*uid),
            UidSetMember::UidRange(range) => {
                let (low, high) = (
                    (*range.start()).min(*range.end()),
                    (*range.start()).max(*range.end()),
                );
                uids.extend((low..=high).take(MOST.saturating_sub(uids.len())));
            }
        }
        if uids.len() >= MOST {
            break;
        }
    }
    uids
}

/// Sends `command` and reads until its tagged response.
pub async fn run(session: &mut ImapSession, command: &str) -> Result<Reply> {
    let tag = session
        .run_command(command)
        .await
        .map_err(super::error::imap_error)?;
    finish(session, &tag, Reply::new()).await
}

/// Sends `head {n}`, waits for the server's go-ahead, then `literal` and `tail`: how a
/// value of any bytes (JSON with non-ASCII text, line breaks) travels in IMAP.
///
/// The command line goes out in one write, under a tag of our own: async-imap writes
/// the tag, the command and CRLF separately, and Dovecot 2.3 then never sends the
/// go-ahead for a literal of a few kilobytes or more (seen with SETMETADATA).
pub async fn run_with_literal(
    session: &mut ImapSession,
    head: &str,
    literal: &[u8],
    tail: &str,
) -> Result<Reply> {
    static NEXT_TAG: AtomicU64 = AtomicU64::new(1);
    // Never of async-imap's form (`A0001`), so no answer can be mistaken for another's.
    let tag = RequestId(format!("FCT{}", NEXT_TAG.fetch_add(1, Ordering::Relaxed)));
    let line = format!("{} {head}{{{}}}\r\n", tag.0, literal.len());
    write(session, line.as_bytes()).await?;
    let mut reply = Reply::new();
    let refused = read_until(session, |parsed| {
        if matches!(parsed, Response::Continue { .. }) {
            Some(false)
        } else {
            // Refused before the literal (too large, bad syntax): the command is over.
            reply.absorb(parsed, &tag).then_some(true)
        }
    })
    .await?;
    if refused {
        return Ok(reply);
    }
    let mut rest = Vec::with_capacity(literal.len() + tail.len() + 2);
    rest.extend_from_slice(literal);
    rest.extend_from_slice(tail.as_bytes());
    rest.extend_from_slice(b"\r\n");
    write(session, &rest).await?;
    finish(session, &tag, reply).await
}

/// Writes and flushes bytes of a command written by hand.
pub(crate) async fn write(session: &mut ImapSession, bytes: &[u8]) -> Result<()> {
    let stream = session.get_mut();
    stream.write_all(bytes).await.map_err(|e| io_error(&e))?;
    stream.flush().await.map_err(|e| io_error(&e))
}

async fn finish(session: &mut ImapSession, tag: &RequestId, mut reply: Reply) -> Result<Reply> {
    read_until(session, |parsed| reply.absorb(parsed, tag).then_some(())).await?;
    Ok(reply)
}

/// Reads the server's responses until `step` says what they came to; the connection
/// closing first is `ConnectionLost`.
pub(crate) async fn read_until<T>(
    session: &mut ImapSession,
    mut step: impl FnMut(&Response<'_>) -> Option<T>,
) -> Result<T> {
    loop {
        let response = session
            .read_response()
            .await
            .map_err(|e| io_error(&e))?
            .ok_or_else(closed)?;
        if let Some(found) = step(response.parsed()) {
            return Ok(found);
        }
    }
}

fn closed() -> Error {
    Error::ConnectionLost("the server closed the connection".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(lines: &[&[u8]]) -> (Reply, Vec<bool>) {
        let tag = RequestId("A7".into());
        let mut reply = Reply::new();
        let ends = lines
            .iter()
            .map(|line| {
                let (_, response) = Response::parse(line).expect("parsable line");
                reply.absorb(&response, &tag)
            })
            .collect();
        (reply, ends)
    }

    #[test]
    fn copyuid_of_move_comes_untagged() {
        let (reply, ends) = fold(&[
            b"* OK [COPYUID 1700000000 3:5,9 11:14] Moved UIDs.\r\n",
            b"* 3 EXPUNGE\r\n",
            b"A7 OK Move completed.\r\n",
        ]);
        assert_eq!(ends, [false, false, true]);
        assert_eq!(reply.completion, Completion::Ok);
        let copy = reply.copy_uid.expect("COPYUID");
        assert_eq!(copy.source, [3, 4, 5, 9]);
        assert_eq!(copy.destination, [11, 12, 13, 14]);
    }

    #[test]
    fn unknown_codes_stay_readable() {
        let (reply, _) = fold(&[b"A7 NO [ALREADYEXISTS] Mailbox already exists\r\n"]);
        assert_eq!(reply.completion, Completion::No);
        assert_eq!(reply.bracket_code(), Some("ALREADYEXISTS"));
        assert_eq!(bracket_code("No brackets"), None);
        assert_eq!(bracket_code("[METADATA MAXSIZE 10] x"), Some("METADATA"));
        assert!(matches!(reply.ok(), Err(Error::ServerRefused(t)) if t.contains("exists")));
    }

    #[test]
    fn other_tags_do_not_end_the_command() {
        let (reply, ends) = fold(&[b"A6 OK old\r\n", b"A7 BAD syntax\r\n"]);
        assert_eq!(ends, [false, true]);
        assert_eq!(reply.completion, Completion::Bad);
    }

    #[test]
    fn metadata_values_are_collected() {
        let (reply, _) = fold(&[
            b"* METADATA \"\" (/private/vendor/facteur/settings {10}\r\n{\"a\":\"\xc3\xa9\"})\r\n",
            b"A7 OK done\r\n",
        ]);
        assert_eq!(
            reply.metadata,
            [(
                "/private/vendor/facteur/settings".to_owned(),
                Some("{\"a\":\"é\"}".to_owned())
            )]
        );
        let (empty, _) = fold(&[
            b"* METADATA \"\" (/private/vendor/facteur/settings NIL)\r\n",
            b"A7 OK done\r\n",
        ]);
        assert_eq!(empty.metadata[0].1, None);
    }

    #[test]
    fn hostile_ranges_are_bounded() {
        let huge = [UidSetMember::UidRange(1..=u32::MAX)];
        assert_eq!(expand(&huge).len(), 100_000);
        // A server may write a range high end first (`5:3`).
        let reversed = UidSetMember::UidRange(std::ops::RangeInclusive::new(5, 3));
        assert_eq!(expand(&[reversed]), [3, 4, 5]);
    }
}
