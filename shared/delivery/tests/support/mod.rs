//! Test-only helpers: fixture loading and just enough MIME to pull the parts of a
//! `multipart/report` out of a fixture (the bridge uses mail-parser for the real thing).

use std::path::PathBuf;

/// The bytes of `tests/resources/<path>`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/resources")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Every fixture file in `tests/resources/<dir>` with the given extension, sorted.
pub fn fixtures_in(dir: &str, extension: &str) -> Vec<String> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/resources")
        .join(dir);
    let mut names: Vec<String> = std::fs::read_dir(full)
        .expect("fixture dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(extension))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    names.sort();
    names
}

/// The body of the first part of a single-level multipart message whose Content-Type is
/// `content_type`, per RFC 2046 (the line break before a delimiter belongs to it).
pub fn part(message: &[u8], content_type: &str) -> Option<Vec<u8>> {
    let (head, body) = split_head(message);
    let boundary = boundary_of(&head)?;
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(body).into_owned();
    for chunk in text.split(delimiter.as_str()).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.strip_prefix("\r\n").or(chunk.strip_prefix('\n'))?;
        let (part_head, part_body) = split_head(chunk.as_bytes());
        let matches = unfold(&part_head).lines().any(|line| {
            let lower = line.to_ascii_lowercase();
            lower.starts_with("content-type:")
                && lower["content-type:".len()..]
                    .trim()
                    .starts_with(content_type)
        });
        if matches {
            let body = part_body.strip_suffix(b"\n").unwrap_or(part_body);
            let body = body.strip_suffix(b"\r").unwrap_or(body);
            return Some(body.to_vec());
        }
    }
    None
}

/// The header block (as text) and the body after the first empty line.
fn split_head(message: &[u8]) -> (String, &[u8]) {
    // A part without headers starts with its blank line.
    for blank in [&b"\r\n"[..], b"\n"] {
        if let Some(body) = message.strip_prefix(blank) {
            return (String::new(), body);
        }
    }
    let crlf = find(message, b"\r\n\r\n").map(|i| (i, 4));
    let lf = find(message, b"\n\n").map(|i| (i, 2));
    let end = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 < b.0 {
                a
            } else {
                b
            }
        }
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return (String::new(), message),
    };
    let head = String::from_utf8_lossy(&message[..end.0]).into_owned();
    (head, &message[end.0 + end.1..])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn unfold(head: &str) -> String {
    head.replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ")
}

fn boundary_of(head: &str) -> Option<String> {
    let unfolded = unfold(head);
    let lower = unfolded.to_ascii_lowercase();
    let at = lower.find("boundary=")? + "boundary=".len();
    let rest = &unfolded[at..];
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([';', ' ', '\n']).next()?,
    };
    Some(value.to_owned())
}
