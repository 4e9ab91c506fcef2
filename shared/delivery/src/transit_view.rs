//! The wire format of a received message's transit: the route it took (its `Received`
//! hops, oldest first, with the delay of each) and the receiving server's authentication
//! verdict, with warnings for people.
//!
//! Route: `GET /api/folders/{folder}/messages/{uid}/transit` → [`TransitView`].
//! The product calls it « Parcours » / « Route » (not « remise »: that word is the
//! delivery status of sent mail).

use crate::authentication_results::{AuthResult, AuthenticationResults};
use crate::received::{Encryption, Hop};
use serde::{Deserialize, Serialize};

/// The time between two instants the message's headers state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Delay {
    /// The later event is stated after the earlier one by this many seconds.
    Took { seconds: u64 },
    /// The later event is stated *before* the earlier one: the two servers' clocks
    /// disagree by at least this many seconds. Not a negative delay.
    ClockSkew { seconds: u64 },
}

impl Delay {
    /// The delay from `earlier` to `later`, in seconds since the epoch.
    pub fn between(earlier: i64, later: i64) -> Delay {
        let difference = later.saturating_sub(earlier);
        if difference >= 0 {
            Delay::Took {
                seconds: difference.unsigned_abs(),
            }
        } else {
            Delay::ClockSkew {
                seconds: difference.unsigned_abs(),
            }
        }
    }
}

/// One hop of the route, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitHop {
    pub hop: Hop,
    pub encryption: Encryption,
    /// The time since the previous hop (none for the first hop, or when either has no
    /// readable date).
    pub delay: Option<Delay>,
}

/// Whether the sender's domain (From) matches the domains that passed authentication
/// (DMARC's relaxed alignment, approximated without the public suffix list: the same
/// domain, or one a subdomain of the other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    Aligned,
    NotAligned,
    /// No From domain, or nothing passed to compare with.
    Unknown,
}

/// What the receiving server concluded, one result per method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Who concluded it (the results' authserv-id), e.g. `mx.google.com`.
    pub authserv_id: Option<String>,
    pub spf: Option<AuthResult>,
    /// Pass when any signature passed, else the first signature's result.
    pub dkim: Option<AuthResult>,
    /// The signing domains of the passing signatures (else of every signature).
    pub dkim_domains: Vec<String>,
    pub dmarc: Option<AuthResult>,
    /// The sender's DMARC policy (`none`, `quarantine`, `reject`), lowercased.
    pub dmarc_policy: Option<String>,
    pub alignment: Alignment,
}

/// Something off, for a warning in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransitWarning {
    /// The From domain differs from every domain that passed authentication.
    NotAligned {
        from_domain: String,
        signing_domains: Vec<String>,
    },
    /// DMARC failed (with the sender's policy, when stated).
    DmarcFailed { policy: Option<String> },
    /// No DKIM signature verified.
    DkimFailed,
    /// The sending server was not allowed by the domain's SPF record.
    SpfFailed,
    /// A hop between machines without encryption (index into `hops`).
    UnencryptedHop { hop: usize },
    /// A hop that took more than [`SLOW_HOP_SECONDS`] (index into `hops`).
    SlowHop { hop: usize, seconds: u64 },
}

/// A hop slower than this earns a warning: one hour.
pub const SLOW_HOP_SECONDS: u64 = 3_600;

/// The route and authentication of one received message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitView {
    /// The hops, oldest first: the sender's side first, the mailbox last.
    pub hops: Vec<TransitHop>,
    /// Whether more hops were written than the reader keeps (the oldest are dropped).
    pub truncated: bool,
    /// From the first hop's date to the last one's.
    pub total: Option<Delay>,
    /// The domain of the From address, lowercased.
    pub from_domain: Option<String>,
    /// The receiving server's conclusion (the topmost `Authentication-Results`), when
    /// it wrote one.
    pub verdict: Option<Verdict>,
    /// Every `Authentication-Results` field, topmost first (the lower ones were written
    /// earlier, by relays or by the sender: not trusted for the verdict).
    pub authentication: Vec<AuthenticationResults>,
    /// Every `ARC-Authentication-Results` field, highest instance first.
    pub arc: Vec<AuthenticationResults>,
    pub warnings: Vec<TransitWarning>,
}

impl TransitView {
    /// Whether any hop between machines went without encryption.
    pub fn has_unencrypted_hop(&self) -> bool {
        self.hops.iter().any(|h| h.encryption == Encryption::Plain)
    }

    /// Whether every network hop was encrypted (internal hand-offs aside) and at least
    /// one was: « chiffré de bout en bout ».
    pub fn encrypted_throughout(&self) -> bool {
        let mut network = self
            .hops
            .iter()
            .filter(|h| h.encryption != Encryption::Internal)
            .peekable();
        network.peek().is_some() && network.all(|h| h.encryption == Encryption::Tls)
    }

    /// Whether the receiving server said DMARC failed.
    pub fn dmarc_failed(&self) -> bool {
        self.verdict
            .as_ref()
            .and_then(|v| v.dmarc)
            .is_some_and(AuthResult::is_failure)
    }
}
