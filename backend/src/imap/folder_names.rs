//! Checking folder names a user typed before they reach the server, and building a path
//! from a parent and a name with the server's hierarchy delimiter.

use crate::error::{Error, Result};
use facteur_model::folder_ops::CreateFolder;

/// Longest folder path accepted, in characters (servers cut off near 255 bytes of UTF-7).
pub const MAX_PATH_CHARS: usize = 200;

/// The full path of a folder to create, from a path or from a parent and a name.
pub fn path_to_create(request: &CreateFolder, delimiter: Option<&str>) -> Result<String> {
    match (&request.path, &request.name) {
        (Some(path), None) if request.parent.is_none() => checked_path(path.as_str(), delimiter),
        (None, Some(name)) => {
            let name = name.trim();
            if let Some(delimiter) = delimiter
                && name.contains(delimiter)
            {
                return Err(Error::InvalidInput(format!(
                    "name: a folder name cannot contain the hierarchy delimiter {delimiter:?}"
                )));
            }
            match (&request.parent, delimiter) {
                (Some(parent), Some(delimiter)) => checked_path(
                    &format!("{}{delimiter}{name}", parent.as_str()),
                    Some(delimiter),
                ),
                (Some(_), None) => Err(Error::InvalidInput(
                    "parent: this server has no folder hierarchy".into(),
                )),
                (None, _) => checked_path(name, delimiter),
            }
        }
        _ => Err(Error::InvalidInput(
            "give either path, or name (and optionally parent)".into(),
        )),
    }
}

/// A path as typed, checked: components trimmed of surrounding spaces, none empty, no
/// control characters and no LIST wildcards (`*`, `%`).
pub fn checked_path(path: &str, delimiter: Option<&str>) -> Result<String> {
    let components: Vec<&str> = match delimiter {
        Some(delimiter) => path.split(delimiter).map(str::trim).collect(),
        None => vec![path.trim()],
    };
    if components.iter().any(|c| c.is_empty()) {
        return Err(Error::InvalidInput(
            "path: folder names cannot be empty (nor start or end with the delimiter)".into(),
        ));
    }
    let joined = components.join(delimiter.unwrap_or(""));
    if joined.chars().any(char::is_control) {
        return Err(Error::InvalidInput(
            "path: folder names cannot contain control characters".into(),
        ));
    }
    if joined.contains(['*', '%']) {
        return Err(Error::InvalidInput(
            "path: folder names cannot contain * or %".into(),
        ));
    }
    if joined.chars().count() > MAX_PATH_CHARS {
        return Err(Error::InvalidInput(format!(
            "path: at most {MAX_PATH_CHARS} characters"
        )));
    }
    Ok(joined)
}

/// Whether `path` is the inbox, whatever its case (RFC 3501 §5.1).
pub fn is_inbox(path: &str) -> bool {
    path.eq_ignore_ascii_case("INBOX")
}

/// Whether `candidate` is nested somewhere under `parent`.
pub fn is_below(candidate: &str, parent: &str, delimiter: Option<&str>) -> bool {
    delimiter.is_some_and(|d| {
        candidate
            .strip_prefix(parent)
            .is_some_and(|rest| rest.starts_with(d) && rest.len() > d.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::FolderPath;

    fn create(path: Option<&str>, parent: Option<&str>, name: Option<&str>) -> CreateFolder {
        CreateFolder {
            path: path.map(|p| FolderPath(p.into())),
            parent: parent.map(|p| FolderPath(p.into())),
            name: name.map(str::to_owned),
        }
    }

    #[test]
    fn paths_are_built_with_the_delimiter() {
        let slash = Some("/");
        let cases: [(CreateFolder, Option<&str>, Option<&str>); 9] = [
            (
                create(Some("Personnel"), None, None),
                slash,
                Some("Personnel"),
            ),
            (
                create(Some(" Projets / 2026 "), None, None),
                slash,
                Some("Projets/2026"),
            ),
            (
                create(None, Some("Projets"), Some("Réunions")),
                slash,
                Some("Projets/Réunions"),
            ),
            (
                create(None, None, Some("Professionnel")),
                slash,
                Some("Professionnel"),
            ),
            (
                create(None, Some("INBOX"), Some("Work")),
                Some("."),
                Some("INBOX.Work"),
            ),
            (create(None, None, Some("a/b")), slash, None),
            (create(None, Some("P"), Some("x")), None, None),
            (create(Some("A"), Some("B"), None), slash, None),
            (create(None, None, None), slash, None),
        ];
        for (request, delimiter, expected) in cases {
            let got = path_to_create(&request, delimiter).ok();
            assert_eq!(got.as_deref(), expected, "{request:?}");
        }
    }

    #[test]
    fn bad_names_are_refused() {
        for bad in [
            "",
            "  ",
            "/A",
            "A/",
            "A//B",
            "Tab\there",
            "Star*",
            "50%",
            "A\r\nB",
        ] {
            assert!(checked_path(bad, Some("/")).is_err(), "{bad:?}");
        }
        assert!(checked_path(&"x".repeat(MAX_PATH_CHARS + 1), Some("/")).is_err());
        assert_eq!(
            checked_path("« Réunions » & co", Some("/")).ok().as_deref(),
            Some("« Réunions » & co")
        );
    }

    #[test]
    fn nesting_and_inbox() {
        assert!(is_below("Projets/2026", "Projets", Some("/")));
        assert!(!is_below("Projets2026", "Projets", Some("/")));
        assert!(!is_below("Projets/", "Projets", Some("/")));
        assert!(!is_below("Projets/2026", "Projets", None));
        assert!(is_inbox("inbox") && !is_inbox("Inbox2"));
    }
}
