//! The idempotency key of a send: made once per attempt, reused when the same message is
//! sent again (if the answer to a successful send was lost on the way, the bridge answers
//! the retry from its memory instead of sending twice; it forgets failures, so a retry
//! after a real failure does send), renewed once the message changed.

use super::autosave::Revision;
use facteur_model::compose::SendKey;

/// The key of the current send attempt and the revision of the message it was made for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendAttempt {
    current: Option<(Revision, SendKey)>,
}

impl SendAttempt {
    /// The key to send the message at `revision` with: the previous one if the message
    /// did not change since, else a new one from `make`.
    pub fn key_for(&mut self, revision: Revision, make: impl FnOnce() -> SendKey) -> SendKey {
        match &self.current {
            Some((at, key)) if *at == revision => key.clone(),
            _ => {
                let key = make();
                self.current = Some((revision, key.clone()));
                key
            }
        }
    }
}

/// A key from 16 random bytes, as 32 lowercase hex digits.
pub fn key_from_bytes(bytes: &[u8; 16]) -> SendKey {
    SendKey(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retry_of_the_same_message_reuses_its_key() {
        let mut attempt = SendAttempt::default();
        let mut made = 0u8;
        let mut make = || {
            made += 1;
            key_from_bytes(&[made; 16])
        };
        let first = attempt.key_for(4, &mut make);
        assert_eq!(attempt.key_for(4, &mut make), first);
        let edited = attempt.key_for(5, &mut make);
        assert_ne!(edited, first);
        assert_eq!(edited.0, "02".repeat(16));
        assert_eq!(made, 2);
    }
}
