//! Checking folder names a user typed before they reach the server (with the rules of
//! [`facteur_model::folder_name`], the same the browser applies), building a path from a
//! parent and a name with the server's hierarchy delimiter, and reading the server's
//! refusals of a name as typed errors.

use super::folders::ListedFolder;
use super::raw::bracket_code;
use crate::error::{Error, Result};
use facteur_model::folder_name::{self, ExistingFolder, NameContext};
use facteur_model::folder_ops::CreateFolder;

/// The account's folders as the name checks see them.
pub fn existing(listed: &[ListedFolder]) -> Vec<ExistingFolder<'_>> {
    listed
        .iter()
        .map(|entry| ExistingFolder {
            path: &entry.path,
            role: entry.role,
        })
        .collect()
}

/// The full path of a folder to create, from a path or from a parent and a name.
pub fn path_to_create(request: &CreateFolder, context: &NameContext<'_>) -> Result<String> {
    let checked = match (&request.path, &request.name) {
        (Some(path), None) if request.parent.is_none() => {
            folder_name::check_path(path.as_str(), context)
        }
        (None, Some(_)) if request.parent.is_some() && context.delimiter.is_none() => {
            return Err(Error::InvalidInput(
                "parent: this server has no folder hierarchy".into(),
            ));
        }
        (None, Some(name)) => folder_name::check_new_name(name, request.parent.as_ref(), context),
        _ => {
            return Err(Error::InvalidInput(
                "give either path, or name (and optionally parent)".into(),
            ));
        }
    };
    Ok(checked.map_err(Error::from)?.0)
}

/// A path as typed for a rename, checked against every folder but the one renamed.
pub fn checked_path(path: &str, context: &NameContext<'_>) -> Result<String> {
    Ok(folder_name::check_path(path, context)
        .map_err(Error::from)?
        .0)
}

/// The error for a server's NO or BAD to CREATE, RENAME or DELETE of `path`, from its
/// response code (RFC 5530): the user reads a translated sentence, the server's own words
/// stay as the detail.
pub fn refusal(path: &str, text: String) -> Error {
    match bracket_code(&text) {
        Some("ALREADYEXISTS") => Error::FolderExists(path.to_owned()),
        Some("NONEXISTENT") => Error::FolderNotFound(path.to_owned()),
        Some("CANNOT") => Error::FolderNameRefused(text),
        _ => Error::ServerRefused(text),
    }
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

    use facteur_model::folder::FolderRole;
    use facteur_model::folder_name::FolderNameProblem;
    use facteur_model::problem::ErrorCode;

    fn create(path: Option<&str>, parent: Option<&str>, name: Option<&str>) -> CreateFolder {
        CreateFolder {
            path: path.map(|p| FolderPath(p.into())),
            parent: parent.map(|p| FolderPath(p.into())),
            name: name.map(str::to_owned),
        }
    }

    const FOLDERS: [ExistingFolder<'static>; 2] = [
        ExistingFolder {
            path: "INBOX",
            role: Some(FolderRole::Inbox),
        },
        ExistingFolder {
            path: "Projets",
            role: None,
        },
    ];

    fn context(delimiter: Option<&'static str>) -> NameContext<'static> {
        NameContext {
            delimiter,
            folders: &FOLDERS,
            renaming: None,
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
            let got = path_to_create(&request, &context(delimiter)).ok();
            assert_eq!(got.as_deref(), expected, "{request:?}");
        }
    }

    #[test]
    fn bad_names_get_their_typed_code() {
        let cases = [
            ("Boîte de réception", ErrorCode::FolderNameReserved),
            ("a..b", ErrorCode::FolderNameDots),
            ("a/b", ErrorCode::FolderNameHasDelimiter),
            ("  ", ErrorCode::FolderNameEmpty),
            ("projets", ErrorCode::FolderExists),
        ];
        for (name, code) in cases {
            let error = path_to_create(&create(None, None, Some(name)), &context(Some("/")))
                .expect_err(name);
            assert_eq!(error.code(), code, "{name:?}");
        }
        assert_eq!(
            Error::from(FolderNameProblem::TooLong).code(),
            ErrorCode::FolderNameTooLong
        );
    }

    #[test]
    fn refusals_are_read_from_their_response_code() {
        let cannot = refusal(
            "a.b",
            "[CANNOT] Character not allowed in mailbox name: '.'".into(),
        );
        assert_eq!(cannot.code(), ErrorCode::FolderNameRefused);
        assert_eq!(
            refusal("X", "[ALREADYEXISTS] Mailbox exists".into()).code(),
            ErrorCode::FolderExists
        );
        assert_eq!(
            refusal("X", "[NONEXISTENT] No such mailbox".into()).code(),
            ErrorCode::FolderNotFound
        );
        assert_eq!(
            refusal("X", "[NOPERM] Permission denied".into()).code(),
            ErrorCode::ServerRefused
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
