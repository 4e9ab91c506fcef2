//! Strings of folder management, selection, moving messages and rule alerts.

use super::Locale;
use super::table::fixed_texts;
use facteur_model::folder_ops::{TransferMethod, TransferResult};

fixed_texts! {
    /// A fixed string of the mailbox's folder and message actions.
    pub enum MailText {
        NewFolder => ("Nouveau dossier", "New folder"),
        FolderName => ("Nom du dossier", "Folder name"),
        ParentFolder => ("Dans le dossier", "Inside"),
        TopLevel => ("(premier niveau)", "(top level)"),
        Create => ("Créer", "Create"),
        Cancel => ("Annuler", "Cancel"),
        Save => ("Enregistrer", "Save"),
        FolderActions => ("Actions sur le dossier", "Folder actions"),
        Rename => ("Renommer", "Rename"),
        RenameFolder => ("Renommer le dossier", "Rename folder"),
        NewName => ("Nouveau nom", "New name"),
        Delete => ("Supprimer", "Delete"),
        DeleteFolder => ("Supprimer le dossier", "Delete folder"),
        DeleteEmptyQuestion => (
            "Supprimer ce dossier ? Il est vide.",
            "Delete this folder? It is empty.",
        ),
        MoveMessagesToTrash => (
            "Déplacer ses messages dans la Corbeille",
            "Move its messages to the Trash",
        ),
        DestroyMessages => (
            "Supprimer ses messages définitivement",
            "Delete its messages permanently",
        ),
        DestroyWarning => (
            "Les messages supprimés définitivement ne peuvent pas être récupérés.",
            "Messages deleted permanently cannot be recovered.",
        ),
        Subscribe => ("S'abonner", "Subscribe"),
        Unsubscribe => ("Se désabonner", "Unsubscribe"),
        NotSubscribed => ("non abonné", "not subscribed"),
        ErrorDetails => ("Détails", "Details"),
        Refresh => ("Actualiser", "Refresh"),
        SelectMessage => ("Sélectionner ce message", "Select this message"),
        ClearSelection => ("Tout désélectionner", "Clear selection"),
        MoveTo => ("Déplacer vers…", "Move to…"),
        CopyTo => ("Copier vers…", "Copy to…"),
        ListActions => ("Actions sur la liste", "List actions"),
        ApplyRulesNow => ("Appliquer les règles maintenant", "Run rules now"),
        Rules => ("Règles", "Rules"),
        AlertsRegion => ("Alertes des règles", "Rule alerts"),
        DismissAlert => ("Fermer l'alerte", "Dismiss alert"),
        ShowAlertTexts => ("Voir le détail", "Show them"),
        RecentAlerts => ("Alertes récentes", "Recent alerts"),
        DropOnFolder => (
            "Déposez sur un dossier pour y déplacer",
            "Drop on a folder to move there",
        ),
        SelectionHint => (
            "x sélectionne le message courant ; Maj+clic sélectionne une plage.",
            "x selects the current message; Shift+click selects a range.",
        ),
    }
}

/// "5 alertes des règles", the title of a group of alerts from one run.
pub fn alert_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::Fr, 0 | 1) => format!("{n} alerte des règles"),
        (Locale::Fr, _) => format!("{n} alertes des règles"),
        (Locale::En, 1) => "1 rule alert".to_owned(),
        (Locale::En, _) => format!("{n} rule alerts"),
    }
}

/// "3 sélectionnés".
pub fn selected_count(locale: Locale, n: usize) -> String {
    match (locale, n) {
        (Locale::Fr, 0 | 1) => format!("{n} sélectionné"),
        (Locale::Fr, _) => format!("{n} sélectionnés"),
        (Locale::En, _) => format!("{n} selected"),
    }
}

/// "12 déplacés vers Personnel".
pub fn moved_count(locale: Locale, n: u32, folder: &str) -> String {
    match (locale, n) {
        (Locale::Fr, 0 | 1) => format!("{n} déplacé vers {folder}"),
        (Locale::Fr, _) => format!("{n} déplacés vers {folder}"),
        (Locale::En, _) => format!("{n} moved to {folder}"),
    }
}

/// "Ce dossier contient 4 messages." for the deletion question.
pub fn folder_not_empty(locale: Locale, count: Option<u32>) -> String {
    match (locale, count) {
        (Locale::Fr, Some(1)) => "Ce dossier contient 1 message. Que faut-il en faire ?".to_owned(),
        (Locale::Fr, Some(n)) => {
            format!("Ce dossier contient {n} messages. Que faut-il en faire ?")
        }
        (Locale::Fr, None) => {
            "Ce dossier contient des messages ou des sous-dossiers. Que faut-il en faire ?"
                .to_owned()
        }
        (Locale::En, Some(1)) => {
            "This folder holds 1 message. What should happen to it?".to_owned()
        }
        (Locale::En, Some(n)) => {
            format!("This folder holds {n} messages. What should happen to them?")
        }
        (Locale::En, None) => {
            "This folder holds messages or subfolders. What should happen to them?".to_owned()
        }
    }
}

/// What a hand-made move or copy did, with the server's note when it could only copy.
pub fn transfer_done(locale: Locale, result: &TransferResult, folder: &str) -> String {
    let base = match (result.moved, result.copied) {
        (Some(n), _) if n > 0 => moved_count(locale, n, folder),
        (_, Some(n)) => match locale {
            Locale::Fr if n > 1 => format!("{n} copiés vers {folder}"),
            Locale::Fr => format!("{n} copié vers {folder}"),
            Locale::En => format!("{n} copied to {folder}"),
        },
        _ => moved_count(locale, 0, folder),
    };
    if result.method == TransferMethod::CopyOnly && result.moved.unwrap_or(0) == 0 {
        let only = locale.pick(
            "Le serveur n'a pu que copier : les originaux sont restés en place.",
            "The server could only copy: the originals stayed where they were.",
        );
        match &result.note {
            Some(note) => format!("{base}. {only} ({note})"),
            None => format!("{base}. {only}"),
        }
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_mail_text_is_translated_once() {
        for locale in Locale::ALL {
            let texts: HashSet<_> = MailText::ALL.iter().map(|t| t.get(locale)).collect();
            assert_eq!(texts.len(), MailText::ALL.len(), "{locale:?}");
            assert!(texts.iter().all(|t| !t.trim().is_empty()));
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(
            moved_count(Locale::Fr, 12, "Personnel"),
            "12 déplacés vers Personnel"
        );
        assert_eq!(
            moved_count(Locale::Fr, 1, "Personnel"),
            "1 déplacé vers Personnel"
        );
        assert_eq!(moved_count(Locale::En, 2, "Work"), "2 moved to Work");
        assert_eq!(selected_count(Locale::Fr, 2), "2 sélectionnés");
        assert!(folder_not_empty(Locale::Fr, Some(4)).contains("4 messages"));
    }

    #[test]
    fn a_copy_only_move_says_so() {
        let result = TransferResult {
            moved: None,
            copied: Some(2),
            method: TransferMethod::CopyOnly,
            already_gone: 0,
            note: Some("no UIDPLUS".into()),
        };
        let text = transfer_done(Locale::Fr, &result, "Archives");
        assert!(text.starts_with("2 copiés vers Archives"), "{text}");
        assert!(text.contains("originaux"), "{text}");
        assert!(text.contains("no UIDPLUS"), "{text}");
    }
}
