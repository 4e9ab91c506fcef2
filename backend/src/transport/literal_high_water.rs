//! The largest literal any IMAP connection of this process accepted, as the read guard
//! ([`super::bounded`]) saw it announced: a high-water mark the tests read to show that a
//! big attachment was streamed in chunks and never fetched whole. A count of bytes, not a
//! timing; one relaxed atomic per literal costs nothing in production.

use std::sync::atomic::{AtomicU64, Ordering};

static LARGEST_LITERAL: AtomicU64 = AtomicU64::new(0);

/// A literal of `length` bytes was accepted.
pub(super) fn record(length: u64) {
    LARGEST_LITERAL.fetch_max(length, Ordering::Relaxed);
}

/// The largest literal accepted since the last [`reset_largest_literal`].
pub fn largest_literal() -> u64 {
    LARGEST_LITERAL.load(Ordering::Relaxed)
}

/// Starts [`largest_literal`] again from zero.
pub fn reset_largest_literal() {
    LARGEST_LITERAL.store(0, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_keeps_the_largest_until_reset() {
        // Other tests of this binary read literals too: only what this one records counts.
        record(u64::MAX - 1);
        record(5);
        assert_eq!(largest_literal(), u64::MAX - 1);
        reset_largest_literal();
        assert!(largest_literal() < u64::MAX - 1);
    }
}
