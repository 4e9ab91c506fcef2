//! Folder names a person types, checked before any server sees them: the same rules in
//! the folder dialog (before sending) and in the bridge (which never trusts the browser).
//!
//! A name is compared with the folders the user *sees*: the inbox is « Boîte de
//! réception » in French and « Inbox » in English, so neither can be created beside it,
//! whatever the case or accents; special-use folders likewise under their shown names.

use crate::FolderPath;
use crate::folder::FolderRole;
use crate::problem::ErrorCode;

/// Longest folder path accepted, in characters (servers cut off near 255 bytes of UTF-7).
pub const MAX_PATH_CHARS: usize = 200;

/// Why a typed folder name cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FolderNameProblem {
    /// Nothing but spaces, or an empty level (`A//B`, a leading or trailing delimiter).
    Empty,
    /// A single name holds the server's hierarchy delimiter.
    HasDelimiter,
    /// A level is `.` or `..`, starts with a dot, or holds `..`.
    Dots,
    /// Control characters, or the IMAP LIST wildcards `*` and `%`.
    ForbiddenCharacter,
    /// The whole path is over [`MAX_PATH_CHARS`].
    TooLong,
    /// The name of the inbox or of a special folder, as the user sees it.
    Reserved,
    /// A folder by that name is already there, at the same level.
    Exists,
}

impl FolderNameProblem {
    /// The stable code the bridge answers and the browser translates.
    pub fn code(self) -> ErrorCode {
        match self {
            FolderNameProblem::Empty => ErrorCode::FolderNameEmpty,
            FolderNameProblem::HasDelimiter => ErrorCode::FolderNameHasDelimiter,
            FolderNameProblem::Dots => ErrorCode::FolderNameDots,
            FolderNameProblem::ForbiddenCharacter => ErrorCode::FolderNameForbiddenCharacter,
            FolderNameProblem::TooLong => ErrorCode::FolderNameTooLong,
            FolderNameProblem::Reserved => ErrorCode::FolderNameReserved,
            FolderNameProblem::Exists => ErrorCode::FolderExists,
        }
    }
}

/// The names a role folder is shown under: French, then English.
pub fn role_names(role: FolderRole) -> (&'static str, &'static str) {
    match role {
        FolderRole::Inbox => ("Boîte de réception", "Inbox"),
        FolderRole::Drafts => ("Brouillons", "Drafts"),
        FolderRole::Sent => ("Envoyés", "Sent"),
        FolderRole::Trash => ("Corbeille", "Trash"),
        FolderRole::Junk => ("Indésirables", "Junk"),
        FolderRole::Archive => ("Archives", "Archive"),
        FolderRole::All => ("Tous les messages", "All mail"),
        FolderRole::Flagged => ("Suivis", "Flagged"),
    }
}

/// A folder already on the account, as far as name checks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExistingFolder<'a> {
    pub path: &'a str,
    pub role: Option<FolderRole>,
}

/// What a name is checked against.
#[derive(Debug, Clone, Copy)]
pub struct NameContext<'a> {
    /// The server's hierarchy delimiter; `None` for a flat server.
    pub delimiter: Option<&'a str>,
    /// Every folder of the account.
    pub folders: &'a [ExistingFolder<'a>],
    /// The folder being renamed: it does not collide with itself.
    pub renaming: Option<&'a str>,
}

/// The path of a new folder called `name` under `parent` (top level for `None`), checked.
pub fn check_new_name(
    name: &str,
    parent: Option<&FolderPath>,
    context: &NameContext<'_>,
) -> Result<FolderPath, FolderNameProblem> {
    let name = name.trim();
    if let Some(delimiter) = context.delimiter
        && name.contains(delimiter)
    {
        return Err(FolderNameProblem::HasDelimiter);
    }
    match (parent, context.delimiter) {
        (Some(parent), Some(delimiter)) => {
            check_path(&format!("{}{delimiter}{name}", parent.as_str()), context)
        }
        // A flat server has no levels (the bridge refuses a parent there before asking).
        _ => check_path(name, context),
    }
}

/// A full path as typed, checked level by level (each trimmed of surrounding spaces),
/// then its last level against its future siblings.
pub fn check_path(path: &str, context: &NameContext<'_>) -> Result<FolderPath, FolderNameProblem> {
    let levels: Vec<&str> = match context.delimiter {
        Some(delimiter) => path.split(delimiter).map(str::trim).collect(),
        None => vec![path.trim()],
    };
    for level in &levels {
        check_level(level)?;
    }
    let joined = levels.join(context.delimiter.unwrap_or(""));
    if joined.chars().count() > MAX_PATH_CHARS {
        return Err(FolderNameProblem::TooLong);
    }
    let (parent, name) = match (context.delimiter, levels.len()) {
        (Some(delimiter), n) if n > 1 => (
            Some(levels[..n - 1].join(delimiter)),
            levels[n - 1].to_owned(),
        ),
        _ => (None, joined.clone()),
    };
    check_collisions(parent.as_deref(), &name, &joined, context)?;
    Ok(FolderPath(joined))
}

/// One level of a path, already trimmed.
fn check_level(level: &str) -> Result<(), FolderNameProblem> {
    if level.is_empty() {
        return Err(FolderNameProblem::Empty);
    }
    if level.chars().any(char::is_control) || level.contains(['*', '%']) {
        return Err(FolderNameProblem::ForbiddenCharacter);
    }
    // Servers keep folders as files: a leading dot hides one, `..` climbs out of the
    // directory, and several (Dovecot's maildir among them) refuse both.
    if level.starts_with('.') || level.contains("..") {
        return Err(FolderNameProblem::Dots);
    }
    Ok(())
}

/// The inbox's names at the top level, a role folder's names beside it, and any sibling.
fn check_collisions(
    parent: Option<&str>,
    name: &str,
    path: &str,
    context: &NameContext<'_>,
) -> Result<(), FolderNameProblem> {
    let folded = fold(name);
    let (inbox_fr, inbox_en) = role_names(FolderRole::Inbox);
    if parent.is_none() && [inbox_fr, inbox_en].iter().any(|n| fold(n) == folded) {
        return Err(FolderNameProblem::Reserved);
    }
    let lowered = name.to_lowercase();
    for folder in context.folders {
        if context.renaming == Some(folder.path) || parent_of(folder.path, context) != parent {
            continue;
        }
        if let Some(role) = folder.role {
            let (fr, en) = role_names(role);
            if fold(fr) == folded || fold(en) == folded {
                return Err(FolderNameProblem::Reserved);
            }
        }
        if folder.path == path || last_level(folder.path, context).to_lowercase() == lowered {
            return Err(FolderNameProblem::Exists);
        }
    }
    Ok(())
}

fn parent_of<'a>(path: &'a str, context: &NameContext<'_>) -> Option<&'a str> {
    let delimiter = context.delimiter?;
    path.rsplit_once(delimiter).map(|(parent, _)| parent)
}

fn last_level<'a>(path: &'a str, context: &NameContext<'_>) -> &'a str {
    match context.delimiter {
        Some(delimiter) => path.rsplit(delimiter).next().unwrap_or(path),
        None => path,
    }
}

/// A name as people compare names: lower case, without accents, spaces collapsed.
pub fn fold(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !folded.is_empty() {
            folded.push(' ');
        }
        space = false;
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => folded.push('a'),
            'ç' => folded.push('c'),
            'è' | 'é' | 'ê' | 'ë' => folded.push('e'),
            'ì' | 'í' | 'î' | 'ï' => folded.push('i'),
            'ñ' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => folded.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => folded.push('u'),
            'ý' | 'ÿ' => folded.push('y'),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            // Combining accents (a decomposed « é ») carry no letter of their own.
            '\u{300}'..='\u{36f}' => {}
            other => folded.push(other),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLDERS: [ExistingFolder<'static>; 5] = [
        ExistingFolder {
            path: "INBOX",
            role: Some(FolderRole::Inbox),
        },
        ExistingFolder {
            path: "Sent",
            role: Some(FolderRole::Sent),
        },
        ExistingFolder {
            path: "Drafts",
            role: Some(FolderRole::Drafts),
        },
        ExistingFolder {
            path: "Personnel",
            role: None,
        },
        ExistingFolder {
            path: "Personnel/Réunions",
            role: None,
        },
    ];

    fn slash() -> NameContext<'static> {
        NameContext {
            delimiter: Some("/"),
            folders: &FOLDERS,
            renaming: None,
        }
    }

    fn new(name: &str, parent: Option<&str>) -> Result<String, FolderNameProblem> {
        let parent = parent.map(|p| FolderPath(p.into()));
        check_new_name(name, parent.as_ref(), &slash()).map(|p| p.0)
    }

    #[test]
    fn good_names_become_paths() {
        assert_eq!(new("  Professionnel ", None), Ok("Professionnel".into()));
        assert_eq!(
            new("Été 2026", Some("Personnel")),
            Ok("Personnel/Été 2026".into())
        );
        assert_eq!(
            new("« Réunions » & co", None),
            Ok("« Réunions » & co".into())
        );
        assert_eq!(new("v1.2", None), Ok("v1.2".into()));
        // A special folder's name is free below another folder.
        assert_eq!(
            new("Envoyés", Some("Personnel")),
            Ok("Personnel/Envoyés".into())
        );
    }

    #[test]
    fn each_mistake_has_its_problem() {
        let cases = [
            ("", FolderNameProblem::Empty),
            ("   ", FolderNameProblem::Empty),
            ("a/b", FolderNameProblem::HasDelimiter),
            ("a..b", FolderNameProblem::Dots),
            ("..", FolderNameProblem::Dots),
            (".cache", FolderNameProblem::Dots),
            ("Tab\there", FolderNameProblem::ForbiddenCharacter),
            ("A\r\nB", FolderNameProblem::ForbiddenCharacter),
            ("Star*", FolderNameProblem::ForbiddenCharacter),
            ("50%", FolderNameProblem::ForbiddenCharacter),
        ];
        for (name, problem) in cases {
            assert_eq!(new(name, None), Err(problem), "{name:?}");
        }
        assert_eq!(
            new(&"x".repeat(MAX_PATH_CHARS + 1), None),
            Err(FolderNameProblem::TooLong)
        );
        assert_eq!(
            new(&"x".repeat(MAX_PATH_CHARS - 5), Some("Personnel")),
            Err(FolderNameProblem::TooLong)
        );
    }

    #[test]
    fn the_inbox_and_special_folders_keep_their_shown_names() {
        for name in [
            "Boîte de réception",
            "boite de reception",
            "BOÎTE  DE  RÉCEPTION",
            "Boi\u{302}te de re\u{301}ception",
            "Inbox",
            "inbox",
            "Envoyés",
            "envoyes",
            "Brouillons",
            "Drafts",
        ] {
            assert_eq!(
                new(name, None),
                Err(FolderNameProblem::Reserved),
                "{name:?}"
            );
        }
        // Trash is not on this account: its names are free.
        assert_eq!(new("Corbeille", None), Ok("Corbeille".into()));
    }

    #[test]
    fn siblings_collide_but_the_renamed_folder_does_not() {
        assert_eq!(new("personnel", None), Err(FolderNameProblem::Exists));
        assert_eq!(
            new("Réunions", Some("Personnel")),
            Err(FolderNameProblem::Exists)
        );
        assert_eq!(new("Réunions", None), Ok("Réunions".into()));
        let renaming = NameContext {
            renaming: Some("Personnel"),
            ..slash()
        };
        assert_eq!(
            check_path("personnel", &renaming),
            Ok(FolderPath("personnel".into()))
        );
    }

    #[test]
    fn full_paths_are_checked_level_by_level() {
        let context = slash();
        assert_eq!(
            check_path(" Projets / 2026 ", &context),
            Ok(FolderPath("Projets/2026".into()))
        );
        for (path, problem) in [
            ("/A", FolderNameProblem::Empty),
            ("A/", FolderNameProblem::Empty),
            ("A//B", FolderNameProblem::Empty),
            ("A/../B", FolderNameProblem::Dots),
            ("Personnel/Réunions", FolderNameProblem::Exists),
            ("Boîte de réception", FolderNameProblem::Reserved),
        ] {
            assert_eq!(check_path(path, &context), Err(problem), "{path:?}");
        }
        let flat = NameContext {
            delimiter: None,
            ..slash()
        };
        assert_eq!(check_path("a/b", &flat), Ok(FolderPath("a/b".into())));
    }

    #[test]
    fn every_problem_has_its_own_code() {
        let problems = [
            FolderNameProblem::Empty,
            FolderNameProblem::HasDelimiter,
            FolderNameProblem::Dots,
            FolderNameProblem::ForbiddenCharacter,
            FolderNameProblem::TooLong,
            FolderNameProblem::Reserved,
            FolderNameProblem::Exists,
        ];
        let codes: std::collections::HashSet<_> = problems.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), problems.len());
    }
}
