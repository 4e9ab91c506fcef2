//! A fault-injecting TCP proxy: listens on a loopback port, forwards to a real mail
//! server, and cuts the connection at a chosen point of an IMAP or SMTP conversation.
//!
//! Plain protocols only (plain IMAP, plain SMTP on loopback): the proxy reads the
//! commands to know where it is. The point is a [`Fault`]: a client command to watch for
//! ([`Trigger`]) and what to do once it is seen ([`Cut`]): drop it unsent, let part of
//! what follows through, or let it through and withhold the server's answer, so the
//! server did the work and the client never learns it. The fault fires once, on the
//! first connection where the command shows up; later connections (a retry) pass
//! untouched.
//!
//! The matching ([`ClientWatch`], [`ServerWatch`]) is pure and unit-tested; the I/O
//! ([`FaultProxy`]) only moves bytes as they say. Literals are not parsed: a trigger is
//! meant for the command line itself, which comes before the literal it announces.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// The protocol spoken through the proxy: where a command starts and what ends a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Commands carry a tag first; a command ends with the server's line under that tag.
    Imap,
    /// Commands are the whole line; a reply ends with a line `NNN ` (no `-`).
    Smtp,
}

/// The client line that fires the fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The command's first words, case-insensitive (`UID MOVE`, `APPEND`, `DATA`, and
    /// `.` for the end of SMTP DATA: dot-stuffing makes a lone dot unambiguous).
    pub command: String,
}

/// What happens once the trigger line is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// The trigger line never reaches the server; both sides are closed.
    Before,
    /// The trigger line and the next `n` bytes from the client reach the server (the
    /// middle of an APPEND literal, of the DATA payload), then both sides are closed.
    AfterBytes(usize),
    /// Everything reaches the server; its answers go back until the one that completes
    /// the triggering command, which is withheld, and both sides are closed: the server
    /// did the work, the client never hears so.
    ReplyWithheld,
}

/// One fault: where and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub protocol: Protocol,
    pub trigger: Trigger,
    pub cut: Cut,
}

impl Fault {
    /// A fault on the IMAP command `command`.
    pub fn imap(command: &str, cut: Cut) -> Fault {
        Fault {
            protocol: Protocol::Imap,
            trigger: Trigger {
                command: command.to_owned(),
            },
            cut,
        }
    }

    /// A fault on the SMTP command `command`.
    pub fn smtp(command: &str, cut: Cut) -> Fault {
        Fault {
            protocol: Protocol::Smtp,
            trigger: Trigger {
                command: command.to_owned(),
            },
            cut,
        }
    }
}

/// Whether `line` (without its line ending) is the command `command` of `protocol`;
/// returns the IMAP tag (empty for SMTP) when it is.
pub fn matches_command(protocol: Protocol, command: &str, line: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_end_matches(['\r', '\n']);
    let (tag, rest) = match protocol {
        Protocol::Imap => text.split_once(' ')?,
        Protocol::Smtp => ("", text),
    };
    let wanted = command.len();
    let head = rest.get(..wanted)?;
    let boundary = rest[wanted..].is_empty() || rest[wanted..].starts_with(' ');
    (head.eq_ignore_ascii_case(command) && boundary).then(|| tag.to_owned())
}

/// What to do with a chunk the client sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAction {
    /// How many bytes of the chunk to forward to the server.
    pub forward: usize,
    /// Whether to close both sides after forwarding them.
    pub cut: bool,
    /// Set when the trigger fired with [`Cut::ReplyWithheld`]: the completion to
    /// withhold from now on (see [`ServerWatch`]).
    pub withhold: Option<Completion>,
}

/// The server line completing the triggering command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// The tagged line of this IMAP tag.
    ImapTag(String),
    /// The next final SMTP reply line.
    SmtpReply,
}

impl Completion {
    /// Whether `line` is this completion.
    pub fn is(&self, line: &[u8]) -> bool {
        match self {
            Completion::ImapTag(tag) => {
                line.len() > tag.len()
                    && line[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                    && line[tag.len()] == b' '
            }
            Completion::SmtpReply => {
                line.len() >= 4 && line[..3].iter().all(u8::is_ascii_digit) && line[3] == b' '
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ClientState {
    /// Looking at each line for the trigger.
    Watching,
    /// The trigger went through; this many more bytes may follow before the cut.
    Counting(usize),
    /// Nothing more to watch: forward everything.
    Passing,
}

/// The client → server direction of one connection.
#[derive(Debug)]
pub struct ClientWatch {
    fault: Option<Fault>,
    line: Vec<u8>,
    state: ClientState,
}

impl ClientWatch {
    /// Watches for `fault`; `None` passes everything (the fault fired elsewhere already).
    pub fn new(fault: Option<Fault>) -> ClientWatch {
        let state = if fault.is_some() {
            ClientState::Watching
        } else {
            ClientState::Passing
        };
        ClientWatch {
            fault,
            line: Vec::new(),
            state,
        }
    }

    /// Whether the trigger has been seen on this connection.
    pub fn fired(&self) -> bool {
        self.fault.is_some() && self.state != ClientState::Watching
    }

    /// Decides about a chunk from the client.
    pub fn feed(&mut self, chunk: &[u8]) -> ClientAction {
        let pass = ClientAction {
            forward: chunk.len(),
            cut: false,
            withhold: None,
        };
        let Some(fault) = self.fault.clone() else {
            return pass;
        };
        let mut at = 0;
        while at < chunk.len() {
            match self.state {
                ClientState::Passing => return pass,
                ClientState::Counting(left) => {
                    let rest = chunk.len() - at;
                    if rest >= left {
                        return ClientAction {
                            forward: at + left,
                            cut: true,
                            withhold: None,
                        };
                    }
                    self.state = ClientState::Counting(left - rest);
                    return pass;
                }
                ClientState::Watching => {
                    let byte = chunk[at];
                    self.line.push(byte);
                    at += 1;
                    if byte != b'\n' {
                        continue;
                    }
                    let line = std::mem::take(&mut self.line);
                    let start = at - line.len().min(at);
                    let Some(tag) = matches_command(fault.protocol, &fault.trigger.command, &line)
                    else {
                        continue;
                    };
                    match fault.cut {
                        // The line may have begun in an earlier chunk, already sent:
                        // then the command is incomplete on the server, never run.
                        Cut::Before => {
                            self.state = ClientState::Passing;
                            return ClientAction {
                                forward: start,
                                cut: true,
                                withhold: None,
                            };
                        }
                        Cut::AfterBytes(0) => {
                            self.state = ClientState::Passing;
                            return ClientAction {
                                forward: at,
                                cut: true,
                                withhold: None,
                            };
                        }
                        Cut::AfterBytes(n) => self.state = ClientState::Counting(n),
                        Cut::ReplyWithheld => {
                            self.state = ClientState::Passing;
                            let completion = match fault.protocol {
                                Protocol::Imap => Completion::ImapTag(tag),
                                Protocol::Smtp => Completion::SmtpReply,
                            };
                            return ClientAction {
                                forward: chunk.len(),
                                cut: false,
                                withhold: Some(completion),
                            };
                        }
                    }
                }
            }
        }
        pass
    }
}

/// What to do with a chunk the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAction {
    /// Bytes to forward to the client (whole lines once withholding, held back until
    /// complete).
    pub forward: Vec<u8>,
    /// Whether the completion came: close both sides, it is not forwarded.
    pub cut: bool,
}

/// The server → client direction of one connection.
#[derive(Debug, Default)]
pub struct ServerWatch {
    withhold: Option<Completion>,
    line: Vec<u8>,
}

impl ServerWatch {
    /// From now on, forward whole lines and stop at `completion`.
    pub fn withhold(&mut self, completion: Completion) {
        self.withhold = Some(completion);
    }

    /// Decides about a chunk from the server.
    pub fn feed(&mut self, chunk: &[u8]) -> ServerAction {
        let Some(completion) = &self.withhold else {
            return ServerAction {
                forward: chunk.to_vec(),
                cut: false,
            };
        };
        let mut forward = Vec::with_capacity(chunk.len());
        for &byte in chunk {
            self.line.push(byte);
            if byte != b'\n' {
                continue;
            }
            let line = std::mem::take(&mut self.line);
            if completion.is(&line) {
                return ServerAction { forward, cut: true };
            }
            forward.extend_from_slice(&line);
        }
        ServerAction {
            forward,
            cut: false,
        }
    }
}

/// A running proxy; stops accepting on drop.
pub struct FaultProxy {
    /// Where clients connect (127.0.0.1, a free port).
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

struct Shared {
    fault: Mutex<Option<Fault>>,
    fired: AtomicBool,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultProxy {
    /// Starts a proxy to `upstream`, passing everything until [`FaultProxy::arm`].
    pub async fn start(upstream: SocketAddr) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port for the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let shared = Arc::new(Shared {
            fault: Mutex::new(None),
            fired: AtomicBool::new(false),
        });
        let accepting = shared.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let shared = accepting.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        relay(client, server, shared).await;
                    }
                });
            }
        });
        FaultProxy { addr, shared, task }
    }

    /// Arms `fault` for the first connection where its trigger shows up (connections
    /// already open see it too: the bridge keeps its IMAP connection). One fault per
    /// proxy: once it fired, everything passes.
    pub fn arm(&self, fault: Fault) {
        *self.lock() = Some(fault);
    }

    /// Whether the armed fault has cut a connection.
    pub fn fired(&self) -> bool {
        self.shared.fired.load(Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Fault>> {
        self.shared
            .fault
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Shared {
    /// The fault for a connection to watch: the armed one, until it fires.
    fn current(&self) -> Option<Fault> {
        if self.fired.load(Ordering::SeqCst) {
            return None;
        }
        self.fault
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Marks the fault fired.
    fn fire(&self) {
        self.fired.store(true, Ordering::SeqCst);
    }
}

/// Moves bytes both ways until either side closes or the fault cuts.
async fn relay(client: TcpStream, server: TcpStream, shared: Arc<Shared>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let server_watch = Arc::new(Mutex::new(ServerWatch::default()));
    let cut = Arc::new(Notify::new());
    let upstream = {
        let (shared, server_watch, cut) = (shared.clone(), server_watch.clone(), cut.clone());
        async move {
            let mut buffer = vec![0u8; 16 * 1024];
            // Re-read the armed fault at each chunk: the bridge's cached connection was
            // opened before the test armed it.
            let mut watch: Option<ClientWatch> = None;
            loop {
                let read = match client_read.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                if watch.is_none()
                    && let Some(fault) = shared.current()
                {
                    watch = Some(ClientWatch::new(Some(fault)));
                }
                let action = match &mut watch {
                    Some(w) if !shared.fired.load(Ordering::SeqCst) || w.fired() => {
                        w.feed(&buffer[..read])
                    }
                    _ => ClientAction {
                        forward: read,
                        cut: false,
                        withhold: None,
                    },
                };
                if let Some(completion) = action.withhold.clone() {
                    lock(&server_watch).withhold(completion);
                }
                if server_write
                    .write_all(&buffer[..action.forward])
                    .await
                    .is_err()
                {
                    return;
                }
                if action.cut {
                    shared.fire();
                    cut.notify_one();
                    return;
                }
            }
        }
    };
    let downstream = {
        let (shared, cut) = (shared.clone(), cut.clone());
        async move {
            let mut buffer = vec![0u8; 16 * 1024];
            loop {
                let read = match server_read.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                let action = lock(&server_watch).feed(&buffer[..read]);
                if client_write.write_all(&action.forward).await.is_err() {
                    return;
                }
                if action.cut {
                    shared.fire();
                    cut.notify_one();
                    return;
                }
            }
        }
    };
    // Whichever ends first ends the connection: dropping both halves closes both sockets.
    tokio::select! {
        () = upstream => {}
        () = downstream => {}
        () = cut.notified() => {}
    }
}

fn lock(watch: &Mutex<ServerWatch>) -> std::sync::MutexGuard<'_, ServerWatch> {
    watch
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imap_commands_are_matched_after_their_tag() {
        let p = Protocol::Imap;
        assert_eq!(
            matches_command(p, "UID MOVE", b"A0012 UID MOVE 3 \"Dest\"\r\n"),
            Some("A0012".to_owned())
        );
        assert_eq!(
            matches_command(p, "uid expunge", b"FCT4 UID EXPUNGE 3\r\n"),
            Some("FCT4".to_owned())
        );
        // The tag is not the command, and a longer word is another command.
        assert_eq!(matches_command(p, "UID MOVE", b"UID MOVE 3 x\r\n"), None);
        assert_eq!(matches_command(p, "APPEND", b"A1 APPENDX\r\n"), None);
        assert_eq!(matches_command(p, "UID MOVE", b"A1 UID COPY 3 x\r\n"), None);
        assert_eq!(
            matches_command(p, "NOOP", b"A1 NOOP\r\n"),
            Some("A1".into())
        );
    }

    #[test]
    fn smtp_commands_are_the_whole_line_and_a_lone_dot_ends_data() {
        let p = Protocol::Smtp;
        assert_eq!(matches_command(p, "DATA", b"DATA\r\n"), Some(String::new()));
        assert_eq!(matches_command(p, "DATA", b"data\r\n"), Some(String::new()));
        assert_eq!(matches_command(p, ".", b".\r\n"), Some(String::new()));
        // A dot-stuffed payload line is not the end of DATA.
        assert_eq!(matches_command(p, ".", b"..hello\r\n"), None);
        assert_eq!(matches_command(p, "DATA", b"DATABASE\r\n"), None);
    }

    #[test]
    fn cut_before_drops_the_trigger_line_even_split_across_chunks() {
        let mut watch = ClientWatch::new(Some(Fault::imap("UID EXPUNGE", Cut::Before)));
        let first = watch.feed(b"A1 NOOP\r\nA2 UID EXP");
        // Nothing is known yet about the half line: it goes as it came.
        assert_eq!(first.forward, 19);
        assert!(!first.cut && !watch.fired());
        let second = watch.feed(b"UNGE 4\r\nA3 NOOP\r\n");
        assert_eq!(second.forward, 0);
        assert!(second.cut && watch.fired());
        // A trigger line whole in one chunk: the lines before it go through.
        let mut watch = ClientWatch::new(Some(Fault::imap("UID EXPUNGE", Cut::Before)));
        let action = watch.feed(b"A1 NOOP\r\nA2 UID EXPUNGE 4\r\n");
        assert_eq!(action.forward, b"A1 NOOP\r\n".len());
        assert!(action.cut);
    }

    #[test]
    fn cut_after_bytes_lets_part_of_the_payload_through() {
        let mut watch = ClientWatch::new(Some(Fault::smtp("DATA", Cut::AfterBytes(10))));
        let action = watch.feed(b"MAIL FROM:<a@b>\r\nDATA\r\n");
        assert_eq!(action.forward, 23);
        assert!(!action.cut);
        let action = watch.feed(b"Subject: x\r\n");
        assert_eq!(action.forward, 10);
        assert!(action.cut);
        let mut watch = ClientWatch::new(Some(Fault::smtp("DATA", Cut::AfterBytes(4))));
        assert_eq!(watch.feed(b"DATA\r\nab").forward, 8);
        let action = watch.feed(b"cdef");
        assert_eq!((action.forward, action.cut), (2, true));
    }

    #[test]
    fn withholding_passes_everything_up_and_stops_at_the_completion() {
        let mut watch = ClientWatch::new(Some(Fault::imap("UID MOVE", Cut::ReplyWithheld)));
        assert_eq!(watch.feed(b"A1 SELECT INBOX\r\n").withhold, None);
        let action = watch.feed(b"A2 UID MOVE 1 \"Dest\"\r\n");
        assert_eq!(action.forward, 22);
        assert!(!action.cut);
        let completion = action.withhold.expect("the completion to withhold");
        assert_eq!(completion, Completion::ImapTag("A2".into()));
        // Later client bytes pass untouched.
        assert_eq!(watch.feed(b"A3 NOOP\r\n").forward, 9);

        let mut server = ServerWatch::default();
        assert_eq!(server.feed(b"A1 OK sel").forward, b"A1 OK sel");
        server.withhold(completion);
        let action = server.feed(b"* OK [COPYUID 1 1 1] Moved\r\n* 1 EXP");
        assert_eq!(action.forward, b"* OK [COPYUID 1 1 1] Moved\r\n");
        assert!(!action.cut);
        let action = server.feed(b"UNGE\r\nA2 OK Move completed.\r\n");
        assert_eq!(action.forward, b"* 1 EXPUNGE\r\n");
        assert!(action.cut);
    }

    #[test]
    fn an_smtp_completion_is_a_final_reply_line() {
        let done = Completion::SmtpReply;
        assert!(done.is(b"250 2.0.0 Ok: queued as 4Xyz\r\n"));
        assert!(!done.is(b"250-PIPELINING\r\n"));
        assert!(!done.is(b"hello\r\n"));
        let mut watch = ClientWatch::new(Some(Fault::smtp(".", Cut::ReplyWithheld)));
        assert_eq!(watch.feed(b"DATA\r\n").withhold, None);
        assert_eq!(
            watch.feed(b"Subject: x\r\n\r\n..dot\r\n.\r\n").withhold,
            Some(Completion::SmtpReply)
        );
        let imap = Completion::ImapTag("A2".into());
        assert!(imap.is(b"A2 OK done\r\n"));
        assert!(imap.is(b"a2 NO no\r\n"));
        assert!(!imap.is(b"A21 OK done\r\n"));
        assert!(!imap.is(b"* OK A2\r\n"));
    }

    #[test]
    fn a_watch_without_fault_passes_everything() {
        let mut watch = ClientWatch::new(None);
        let action = watch.feed(b"A1 UID MOVE 1 x\r\n");
        assert_eq!(action.forward, 17);
        assert!(!action.cut && !watch.fired());
    }
}
