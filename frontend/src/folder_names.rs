//! Folders as the user sees them: the one naming function of the folder list, every
//! folder picker and every sentence naming a folder (role folders under their translated
//! names, others under their last level), and the checks of a typed name before the
//! folder dialog sends it (the rules of [`facteur_model::folder_name`], which the bridge
//! applies again).

use crate::i18n::{self, Locale};
use facteur_model::FolderPath;
use facteur_model::folder::Folder;
use facteur_model::folder_name::{self, ExistingFolder, NameContext};
use facteur_model::problem::ErrorCode;

/// The name `folder` is shown under.
pub fn display_name(locale: Locale, folder: &Folder) -> String {
    match folder.role {
        Some(role) => i18n::folder_role(locale, role).to_owned(),
        None => folder.name.clone(),
    }
}

/// The label of `folder` in a picker: its shown name, indented by its depth.
pub fn picker_label(locale: Locale, folder: &Folder) -> String {
    let indent = "\u{2003}".repeat(usize::from(folder.depth.min(6)));
    format!("{indent}{}", display_name(locale, folder))
}

/// The name `path` is shown under: the folder's when it is listed, else its last level.
pub fn path_name(locale: Locale, folders: &[Folder], path: &FolderPath) -> String {
    match folders.iter().find(|f| f.path == *path) {
        Some(folder) => display_name(locale, folder),
        None if *path == FolderPath::inbox() => {
            i18n::folder_role(locale, facteur_model::folder::FolderRole::Inbox).to_owned()
        }
        None => path.as_str().to_owned(),
    }
}

/// The server's hierarchy delimiter, as seen between a listed folder and its parent; `/`
/// (the most common, and what the bridge checks anyway) while no folder is nested.
pub fn delimiter(folders: &[Folder]) -> String {
    folders
        .iter()
        .find_map(|folder| {
            let parent = folder.parent.as_ref()?;
            let rest = folder.path.as_str().strip_prefix(parent.as_str())?;
            let between = rest.strip_suffix(folder.name.as_str())?;
            (!between.is_empty()).then(|| between.to_owned())
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// The path of a new folder `name` under `parent`, or the code of what is wrong with it.
pub fn check_create(
    name: &str,
    parent: Option<&FolderPath>,
    folders: &[Folder],
) -> Result<FolderPath, ErrorCode> {
    check(folders, None, |context| {
        folder_name::check_new_name(name, parent, context)
    })
}

/// The path of `folder` renamed to `name` (same parent, same delimiter), or the code of
/// what is wrong with the name.
pub fn check_rename(
    folder: &Folder,
    name: &str,
    folders: &[Folder],
) -> Result<FolderPath, ErrorCode> {
    check(folders, Some(folder.path.as_str()), |context| {
        folder_name::check_new_name(name, folder.parent.as_ref(), context)
    })
}

fn check(
    folders: &[Folder],
    renaming: Option<&str>,
    rule: impl FnOnce(&NameContext<'_>) -> Result<FolderPath, folder_name::FolderNameProblem>,
) -> Result<FolderPath, ErrorCode> {
    let delimiter = delimiter(folders);
    let existing: Vec<ExistingFolder<'_>> = folders
        .iter()
        .map(|f| ExistingFolder {
            path: f.path.as_str(),
            role: f.role,
        })
        .collect();
    let context = NameContext {
        delimiter: Some(&delimiter),
        folders: &existing,
        renaming,
    };
    rule(&context).map_err(|problem| problem.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::folder::FolderRole;

    fn folder(path: &str, name: &str, parent: Option<&str>, role: Option<FolderRole>) -> Folder {
        Folder {
            path: FolderPath(path.into()),
            name: name.into(),
            parent: parent.map(|p| FolderPath(p.into())),
            depth: u16::from(parent.is_some()),
            role,
            selectable: true,
            unread: 0,
            total: 0,
            subscribed: true,
        }
    }

    fn account(delimiter: &str) -> Vec<Folder> {
        vec![
            folder("INBOX", "INBOX", None, Some(FolderRole::Inbox)),
            folder("Drafts", "Drafts", None, Some(FolderRole::Drafts)),
            folder("Sent", "Sent", None, Some(FolderRole::Sent)),
            folder("Projets", "Projets", None, None),
            folder(
                &format!("Projets{delimiter}Été"),
                "Été",
                Some("Projets"),
                None,
            ),
        ]
    }

    #[test]
    fn folders_are_named_as_the_user_sees_them() {
        let folders = account("/");
        let names: Vec<String> = folders
            .iter()
            .map(|f| picker_label(Locale::Fr, f))
            .collect();
        assert_eq!(
            names,
            [
                "Boîte de réception",
                "Brouillons",
                "Envoyés",
                "Projets",
                "\u{2003}Été"
            ]
        );
        assert_eq!(display_name(Locale::En, &folders[2]), "Sent");
        assert_eq!(
            path_name(Locale::Fr, &folders, &FolderPath("Projets/Été".into())),
            "Été"
        );
        assert_eq!(
            path_name(Locale::Fr, &[], &FolderPath::inbox()),
            "Boîte de réception"
        );
    }

    #[test]
    fn the_delimiter_is_read_from_nested_folders() {
        assert_eq!(delimiter(&account(".")), ".");
        assert_eq!(delimiter(&account("/")), "/");
        assert_eq!(delimiter(&account("/")[..3]), "/");
    }

    #[test]
    fn names_are_checked_before_sending() {
        let folders = account(".");
        assert_eq!(
            check_create(" Personnel ", None, &folders),
            Ok(FolderPath("Personnel".into()))
        );
        assert_eq!(
            check_create("Hiver", Some(&FolderPath("Projets".into())), &folders),
            Ok(FolderPath("Projets.Hiver".into()))
        );
        for (name, code) in [
            (" ", ErrorCode::FolderNameEmpty),
            ("Boîte de réception", ErrorCode::FolderNameReserved),
            ("brouillons", ErrorCode::FolderNameReserved),
            ("a.b", ErrorCode::FolderNameHasDelimiter),
            ("projets", ErrorCode::FolderExists),
        ] {
            assert_eq!(check_create(name, None, &folders), Err(code), "{name:?}");
        }
        let slash = account("/");
        assert_eq!(
            check_create("a..b", None, &slash),
            Err(ErrorCode::FolderNameDots)
        );
    }

    #[test]
    fn renaming_keeps_the_parent_and_its_delimiter() {
        let folders = account(".");
        assert_eq!(
            check_rename(&folders[4], "Hiver", &folders),
            Ok(FolderPath("Projets.Hiver".into()))
        );
        assert_eq!(
            check_rename(&folders[3], "projets", &folders),
            Ok(FolderPath("projets".into()))
        );
        assert_eq!(
            check_rename(&folders[3], "Inbox", &folders),
            Err(ErrorCode::FolderNameReserved)
        );
    }
}
