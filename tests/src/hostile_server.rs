//! Scripted hostile mail servers on loopback (plain TCP), for the bounds the bridge keeps
//! against a server it does not control: IMAP that answers a FETCH with a huge literal,
//! SMTP and ManageSieve that never end their answer. Each counts the bytes the bridge
//! accepted from it, so a test asserts on bytes, never on time.

use facteur_model::api::{Security, ServerEndpoint};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The largest flood a fake sends before giving up on the bridge stopping it.
const FLOOD_CAP: u64 = 1024 * 1024 * 1024;

/// How a fake server misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hostility {
    /// IMAP: says a message has `size` bytes, then answers its FETCH BODY.PEEK[] with a
    /// literal announced as `literal` bytes and streams that many.
    ImapLiteral { size: u64, literal: u64 },
    /// SMTP: a greeting line that never ends.
    SmtpEndlessLine,
    /// SMTP: a well-behaved greeting (for sign-in next to a hostile IMAP or Sieve fake).
    SmtpPolite,
    /// ManageSieve: capability lines without end, never the final OK.
    SieveEndlessResponse,
    /// IMAP: offers METADATA and answers GETMETADATA with a value that is not UTF-8
    /// (imap-proto's parser unwraps that decoding).
    ImapBrokenMetadata,
}

/// A running fake server; stops on drop.
#[derive(Debug)]
pub struct HostileServer {
    /// The loopback port it listens on.
    pub port: u16,
    sent: Arc<AtomicU64>,
    floods_done: watch::Receiver<u32>,
    task: JoinHandle<()>,
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl HostileServer {
    /// Starts a fake that behaves as `hostility` says on every connection.
    pub async fn start(hostility: Hostility) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let sent = Arc::new(AtomicU64::new(0));
        let (done_tx, floods_done) = watch::channel(0u32);
        let done_tx = Arc::new(done_tx);
        let counter = sent.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let counter = counter.clone();
                let done_tx = done_tx.clone();
                tokio::spawn(async move {
                    let flooded = serve(stream, hostility, &counter).await;
                    if flooded {
                        done_tx.send_modify(|n| *n += 1);
                    }
                });
            }
        });
        HostileServer {
            port,
            sent,
            floods_done,
            task,
        }
    }

    /// Where the bridge connects: plain, on loopback.
    pub fn endpoint(&self) -> ServerEndpoint {
        ServerEndpoint {
            host: "127.0.0.1".into(),
            port: self.port,
            security: Security::Plain,
        }
    }

    /// Every byte the bridge's side of the connections accepted so far.
    pub fn bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Waits until a flood has ended (the bridge hung up, or the flood was all sent),
    /// and returns the bytes sent. Panics after a minute: a bridge that neither reads nor
    /// hangs up is stuck.
    pub async fn flood_ended(&self) -> u64 {
        let mut done = self.floods_done.clone();
        tokio::time::timeout(Duration::from_secs(60), done.wait_for(|n| *n > 0))
            .await
            .expect("the flood ends within a minute")
            .expect("the fake server is running");
        self.bytes_sent()
    }
}

/// The peak resident memory of this process (the test binary hosts the bridge), in bytes.
pub fn peak_rss_bytes() -> u64 {
    memory_status_bytes("VmHWM:").expect("VmHWM in /proc/self/status")
}

/// The resident memory of this process now, in bytes (the bench process hosts the bridge).
pub fn resident_bytes() -> u64 {
    memory_status_bytes("VmRSS:").expect("VmRSS in /proc/self/status")
}

/// A `kB` line of `/proc/self/status`, in bytes.
fn memory_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map(|kib| kib * 1024)
}

/// Runs one connection; `true` when it ended after a flood.
async fn serve(stream: TcpStream, hostility: Hostility, sent: &AtomicU64) -> bool {
    let mut conversation = BufReader::new(stream);
    match hostility {
        Hostility::ImapLiteral { size, literal } => {
            imap(&mut conversation, Some((size, literal)), sent).await
        }
        Hostility::ImapBrokenMetadata => imap(&mut conversation, None, sent).await,
        Hostility::SmtpEndlessLine => {
            let _ = say(&mut conversation, b"220-", sent).await;
            flood(&mut conversation, b"", b"x", FLOOD_CAP, sent).await;
            true
        }
        Hostility::SmtpPolite => {
            if say(&mut conversation, b"220 fake ESMTP\r\n", sent).await {
                while let Some(line) = read_line(&mut conversation).await {
                    let reply: &[u8] = if line.eq_ignore_ascii_case("QUIT") {
                        b"221 bye\r\n"
                    } else {
                        b"250 ok\r\n"
                    };
                    if !say(&mut conversation, reply, sent).await {
                        break;
                    }
                }
            }
            false
        }
        Hostility::SieveEndlessResponse => {
            let line = b"\"X-FLOOD\" \"aaaaaaaa\"\r\n";
            flood(&mut conversation, b"", line, FLOOD_CAP, sent).await;
            true
        }
    }
}

/// Just enough IMAP for sign-in, EXAMINE and the FETCHes of one message whose size and
/// literal `message` gives; without one, METADATA whose value is not UTF-8.
async fn imap(
    conversation: &mut BufReader<TcpStream>,
    message: Option<(u64, u64)>,
    sent: &AtomicU64,
) -> bool {
    let (size, literal) = message.unwrap_or((0, 0));
    let capabilities = if message.is_some() {
        "IMAP4rev1"
    } else {
        "IMAP4rev1 METADATA"
    };
    if !say(conversation, b"* OK [CAPABILITY IMAP4rev1] fake\r\n", sent).await {
        return false;
    }
    while let Some(line) = read_line(conversation).await {
        let mut words = line.splitn(3, ' ');
        let tag = words.next().unwrap_or("*").to_owned();
        let command = words.next().unwrap_or("").to_ascii_uppercase();
        let rest = words.next().unwrap_or("").to_ascii_uppercase();
        let answer = match command.as_str() {
            "CAPABILITY" => format!("* CAPABILITY {capabilities}\r\n{tag} OK done\r\n"),
            "GETMETADATA" => {
                let mut answer =
                    b"* METADATA \"\" (/private/vendor/facteur/settings {10}\r\n".to_vec();
                answer.extend_from_slice(b"{\"a\":\"\xc3:\"})\r\n");
                answer.extend_from_slice(format!("{tag} OK done\r\n").as_bytes());
                if !say(conversation, &answer, sent).await {
                    break;
                }
                continue;
            }
            "EXAMINE" | "SELECT" => format!(
                "* FLAGS (\\Seen)\r\n* 1 EXISTS\r\n* 0 RECENT\r\n\
                 * OK [UIDVALIDITY 1700000000] ok\r\n* OK [UIDNEXT 2] ok\r\n\
                 {tag} OK [READ-ONLY] done\r\n"
            ),
            "UID" if rest.starts_with("FETCH") && rest.contains("BODY.PEEK[]") => {
                let head = format!(
                    "* 1 FETCH (UID 1 FLAGS () INTERNALDATE \"01-Jan-2026 00:00:00 +0000\" \
                     RFC822.SIZE {size} BODY[] {{{literal}}}\r\n"
                );
                flood(conversation, head.as_bytes(), b"a", literal, sent).await;
                return true;
            }
            "UID" if rest.starts_with("FETCH") => {
                format!("* 1 FETCH (UID 1 RFC822.SIZE {size})\r\n{tag} OK done\r\n")
            }
            "LOGOUT" => format!("* BYE bye\r\n{tag} OK done\r\n"),
            _ => format!("{tag} OK done\r\n"),
        };
        if !say(conversation, answer.as_bytes(), sent).await {
            break;
        }
    }
    false
}

async fn read_line(conversation: &mut BufReader<TcpStream>) -> Option<String> {
    let mut line = String::new();
    match conversation.read_line(&mut line).await {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end().to_owned()),
    }
}

/// Writes `bytes`; `false` once the bridge hung up.
async fn say(conversation: &mut BufReader<TcpStream>, bytes: &[u8], sent: &AtomicU64) -> bool {
    let ok = conversation.get_mut().write_all(bytes).await.is_ok();
    if ok {
        sent.fetch_add(bytes.len() as u64, Ordering::Relaxed);
    }
    ok
}

/// Sends `head`, then `unit` over and over until the bridge hangs up or about `cap`
/// bytes went out.
async fn flood(
    conversation: &mut BufReader<TcpStream>,
    head: &[u8],
    unit: &[u8],
    cap: u64,
    sent: &AtomicU64,
) {
    if !say(conversation, head, sent).await {
        return;
    }
    let chunk = unit.repeat((64 * 1024) / unit.len());
    let mut total = 0u64;
    while total < cap {
        if !say(conversation, &chunk, sent).await {
            return;
        }
        total += chunk.len() as u64;
    }
}
