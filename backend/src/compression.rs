//! Which answers the bridge compresses: JSON (problem details included) and the sandboxed
//! body document, with brotli or gzip as the browser asks. Never a download: an attachment
//! (`Content-Disposition`) keeps its bytes, its length and its streaming as they are, and
//! is usually compressed already.

use axum::http::{HeaderMap, HeaderValue, header};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Below this many bytes, compressing saves less than the encoding's own overhead.
const MIN_COMPRESSED_BYTES: u64 = 256;

/// The compression layer of the API: brotli (quality 4, fast enough per request) or gzip.
pub fn api_compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .quality(CompressionLevel::Default)
        .compress_when(
            SizeAbove::new(MIN_COMPRESSED_BYTES).and(
                |_status, _version, headers: &HeaderMap, _extensions: &_| compressible(headers),
            ),
        )
}

/// Whether an answer with these headers is worth compressing: JSON or the body document,
/// and not a download.
pub fn compressible(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::CONTENT_DISPOSITION) {
        return false;
    }
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value: &HeaderValue| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| {
            let essence = essence.trim();
            ["application/json", "application/problem+json", "text/html"]
                .iter()
                .any(|compressed| essence.eq_ignore_ascii_case(compressed))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn json_and_the_body_document_are_compressed_downloads_never() {
        let cases = [
            (vec![(header::CONTENT_TYPE, "application/json")], true),
            (
                vec![(header::CONTENT_TYPE, "application/problem+json")],
                true,
            ),
            (
                vec![(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                true,
            ),
            (vec![(header::CONTENT_TYPE, "Application/JSON ; x=y")], true),
            (vec![(header::CONTENT_TYPE, "image/png")], false),
            (
                vec![(header::CONTENT_TYPE, "application/octet-stream")],
                false,
            ),
            (vec![], false),
            (
                vec![
                    (header::CONTENT_TYPE, "text/html"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"a.html\"",
                    ),
                ],
                false,
            ),
            (
                vec![
                    (header::CONTENT_TYPE, "application/json"),
                    (header::CONTENT_DISPOSITION, "inline"),
                ],
                false,
            ),
        ];
        for (pairs, expected) in cases {
            assert_eq!(compressible(&headers(&pairs)), expected, "{pairs:?}");
        }
    }
}
