//! Whether a message will fit the submission server's SIZE limit: attachments travel
//! base64-encoded, a third larger than on disk.

/// The bytes a file takes once base64-encoded in a message, line breaks included
/// (76-character lines ending in CRLF).
pub fn encoded_size(bytes: u64) -> u64 {
    let base64 = bytes.div_ceil(3) * 4;
    base64 + base64.div_ceil(76) * 2
}

/// Whether attachments of these sizes alone make the message larger than `limit` (the
/// server's SIZE announcement, when it makes one).
pub fn exceeds_server_limit(sizes: impl IntoIterator<Item = u64>, limit: Option<u64>) -> bool {
    let Some(limit) = limit.filter(|l| *l > 0) else {
        return false;
    };
    let total: u64 = sizes.into_iter().map(encoded_size).sum();
    total > limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_grows_a_third_plus_line_breaks() {
        assert_eq!(encoded_size(0), 0);
        assert_eq!(encoded_size(3), 4 + 2);
        assert_eq!(encoded_size(57), 76 + 2);
        assert_eq!(encoded_size(58), 80 + 4);
    }

    #[test]
    fn the_limit_counts_the_encoded_sizes() {
        let mb = 1024 * 1024;
        assert!(!exceeds_server_limit([7 * mb], Some(10 * mb)));
        assert!(
            exceeds_server_limit([8 * mb], Some(10 * mb)),
            "8 MB encodes past 10 MB"
        );
        assert!(exceeds_server_limit([4 * mb, 4 * mb], Some(10 * mb)));
        assert!(!exceeds_server_limit([100 * mb], None));
        assert!(!exceeds_server_limit([100 * mb], Some(0)));
    }
}
