//! Strings of the rules screen: the list, templates, the editor, runs and Sieve.

use super::Locale;
use super::mail_text::moved_count;
use super::table::fixed_texts;
use crate::stores::rules_exec::Tally;
use facteur_rules::sieve::{ImportIssue, IssueKind};

fixed_texts! {
    /// A fixed string of the rules screen.
    pub enum RulesText {
        Title => ("Règles de tri", "Mail rules"),
        Intro => (
            "Les règles s'appliquent dans votre navigateur aux messages qui arrivent dans la boîte de réception, dans l'ordre de la liste.",
            "Rules run in your browser on the messages arriving in the inbox, in list order.",
        ),
        BackToMail => ("Retour au courrier", "Back to mail"),
        NoRules => ("Aucune règle pour l'instant.", "No rules yet."),
        Enabled => ("Active", "Enabled"),
        MoveUp => ("Monter", "Move up"),
        MoveDown => ("Descendre", "Move down"),
        Edit => ("Modifier", "Edit"),
        NewRule => ("Nouvelle règle", "New rule"),
        FromTemplate => ("Nouvelle règle à partir d'un modèle", "New rule from a template"),
        TemplateNotes => ("Notes à moi-même", "Notes to myself"),
        TemplateNotesHint => (
            "Les messages que vous vous envoyez vont dans un dossier, avec une alerte.",
            "Messages you send yourself go to a folder, with an alert.",
        ),
        TemplateProfessional => ("Courrier professionnel", "Professional mail"),
        TemplateProfessionalHint => (
            "Le courrier échangé avec vos domaines de travail va dans un dossier.",
            "Mail to or from your work domains goes to a folder.",
        ),
        TemplateNewsletters => ("Lettres d'information", "Newsletters"),
        TemplateNewslettersHint => (
            "Les messages des listes de diffusion (List-Id) vont dans un dossier.",
            "Mailing-list messages (List-Id) go to a folder.",
        ),
        MyAddress => ("Mon adresse", "My address"),
        ExtraAddresses => (
            "Mes autres adresses (une par ligne)",
            "My other addresses (one per line)",
        ),
        WorkDomains => (
            "Domaines de travail (séparés par des virgules ou des espaces)",
            "Work domains (separated by commas or spaces)",
        ),
        TargetFolder => ("Dossier de destination", "Destination folder"),
        WorkDomainRequired => (
            "Saisissez au moins un domaine de travail (par exemple acme.fr) : sans lui, la règle ne trierait rien.",
            "Type at least one work domain (for instance acme.com): without one, the rule would sort nothing.",
        ),
        TargetFolderRequired => (
            "Choisissez le dossier où ranger ces messages.",
            "Choose the folder to file these messages in.",
        ),
        FolderWillBeCreated => (
            "Ce dossier n'existe pas encore : il sera créé.",
            "This folder does not exist yet: it will be created.",
        ),
        CreateRule => ("Créer la règle", "Create the rule"),
        RuleName => ("Nom de la règle", "Rule name"),
        Apply => ("Appliquer si", "Apply when"),
        Conditions => ("Conditions", "Conditions"),
        AddCondition => ("Ajouter une condition", "Add a condition"),
        Actions => ("Actions", "Actions"),
        AddAction => ("Ajouter une action", "Add an action"),
        Remove => ("Retirer", "Remove"),
        Field => ("Champ", "Field"),
        Operator => ("Comparaison", "Comparison"),
        Value => ("Valeur", "Value"),
        HeaderName => ("Nom de l'en-tête", "Header name"),
        Unit => ("Unité", "Unit"),
        Folder => ("Dossier", "Folder"),
        Keyword => ("Mot-clé", "Keyword"),
        AlertText => ("Texte de l'alerte", "Alert text"),
        AlertExample => ("Exemple :", "Example:"),
        SampleSubject => ("Réunion de lundi", "Monday's meeting"),
        SampleRuleName => ("Ma règle", "My rule"),
        AlertHelp => (
            "Variables : {subject} objet, {from} expéditeur, {from_address} son adresse, {folder} dossier, {rule} nom de la règle.",
            "Variables: {subject} subject, {from} sender, {from_address} their address, {folder} folder, {rule} rule name.",
        ),
        StopAfter => (
            "Ne pas appliquer les règles suivantes à ces messages",
            "Do not apply the following rules to these messages",
        ),
        SaveRule => ("Enregistrer la règle", "Save the rule"),
        FixErrors => (
            "Corrigez les erreurs signalées avant d'enregistrer.",
            "Fix the errors shown before saving.",
        ),
        Saving => ("Enregistrement…", "Saving…"),
        Unsaved => (
            "Vos dernières modifications ne sont pas encore enregistrées sur le serveur.",
            "Your latest changes are not saved on the server yet.",
        ),
        PreviewLoading => (
            "Calcul sur les derniers messages…",
            "Checking the latest messages…",
        ),
        TestOnOpen => ("Tester sur le message ouvert", "Test on the open message"),
        NoOpenMessage => (
            "Ouvrez d'abord un message dans la liste.",
            "Open a message in the list first.",
        ),
        TestNoMatch => (
            "Cette règle ne s'applique pas à ce message.",
            "This rule does not apply to this message.",
        ),
        TestWouldDo => ("Sur ce message, la règle ferait :", "On this message, the rule would:"),
        TestNothingToDo => (
            "La règle s'applique, mais ne changerait rien : c'est déjà fait.",
            "The rule applies, but would change nothing: it is done already.",
        ),
        TestAlert => ("Alerte :", "Alert:"),
        Alerts => ("Alertes", "Alerts"),
        AlertsEnabled => (
            "Afficher les alertes des règles",
            "Show the rules' alerts",
        ),
        AllowNotifications => (
            "Autoriser les notifications du navigateur",
            "Allow browser notifications",
        ),
        NotificationsGranted => (
            "Les alertes s'affichent aussi en notification du navigateur.",
            "Alerts also show as browser notifications.",
        ),
        NotificationsDenied => (
            "Le navigateur refuse les notifications : les alertes restent dans l'application.",
            "The browser refuses notifications: alerts stay inside the app.",
        ),
        NotificationsUnsupported => (
            "Ce navigateur ne propose pas de notifications.",
            "This browser offers no notifications.",
        ),
        RunTitle => ("Appliquer les règles à un dossier", "Run the rules on a folder"),
        RunHint => (
            "Toutes les règles actives, sur tous les messages du dossier.",
            "Every enabled rule, on every message of the folder.",
        ),
        Run => ("Lancer", "Start"),
        CancelRun => ("Arrêter", "Stop"),
        RunDone => ("Terminé.", "Done."),
        RunCancelled => ("Arrêté à votre demande.", "Stopped as you asked."),
        RunNothing => ("Aucun message à changer.", "No message to change."),
        RunFailed => ("Une partie n'a pas pu être faite :", "Some of it could not be done:"),
        SieveTitle => ("Filtrage sur le serveur (Sieve)", "Server-side filtering (Sieve)"),
        SieveHint => (
            "Installées sur le serveur, les règles s'appliquent même quand aucun navigateur n'est ouvert (sauf les alertes).",
            "Installed on the server, the rules run even when no browser is open (except alerts).",
        ),
        ExportSieve => ("Exporter en Sieve", "Export as Sieve"),
        Download => ("Télécharger", "Download"),
        SievePort => ("Port ManageSieve", "ManageSieve port"),
        CheckServer => ("Vérifier le serveur", "Check the server"),
        SieveAvailable => (
            "Le serveur accepte les scripts Sieve (ManageSieve).",
            "The server accepts Sieve scripts (ManageSieve).",
        ),
        SieveNotAvailable => (
            "Le serveur ne propose pas ManageSieve.",
            "The server does not offer ManageSieve.",
        ),
        InstallOnServer => ("Installer sur le serveur", "Install on the server"),
        SieveInstalled => (
            "Script installé et activé sur le serveur.",
            "Script installed and activated on the server.",
        ),
        ImportSieve => ("Importer un script Sieve", "Import a Sieve script"),
        PasteScript => ("Collez le script ici", "Paste the script here"),
        Import => ("Lire le script", "Read the script"),
        ImportIssues => (
            "Ces lignes n'ont pas pu être reprises telles quelles :",
            "These lines could not be taken as they are:",
        ),
        AddImported => ("Ajouter ces règles", "Add these rules"),
        Disabled => ("inactive", "disabled"),
        InvalidStored => ("à corriger", "needs fixing"),
    }
}

/// "Cette règle correspondrait à 3 des 200 derniers messages."
pub fn preview_matches(locale: Locale, matched: usize, examined: usize) -> String {
    match locale {
        Locale::Fr => {
            format!("Cette règle correspondrait à {matched} des {examined} derniers messages.")
        }
        Locale::En => {
            format!("This rule would match {matched} of the last {examined} messages.")
        }
    }
}

/// "(4 n'ont pas pu être évalués : la règle lit le corps du message.)"
pub fn preview_needs_body(locale: Locale, n: usize) -> String {
    match locale {
        Locale::Fr => format!(
            "{n} message(s) non évalué(s) ici : la règle lit le corps du message, que l'aperçu ne télécharge pas."
        ),
        Locale::En => format!(
            "{n} message(s) not checked here: the rule reads the body, which the preview does not download."
        ),
    }
}

/// "120 / 480 messages".
pub fn run_progress(locale: Locale, done: u32, total: u32) -> String {
    match locale {
        Locale::Fr => format!("{done} / {total} messages examinés"),
        Locale::En => format!("{done} / {total} messages checked"),
    }
}

/// The lines of a run's summary: one per destination, then flags.
pub fn tally_lines(locale: Locale, tally: &Tally) -> Vec<String> {
    let mut lines: Vec<String> = tally
        .moved
        .iter()
        .map(|(folder, n)| moved_count(locale, *n, folder.as_str()))
        .collect();
    for (folder, n) in &tally.copied {
        lines.push(match locale {
            Locale::Fr if *n > 1 => format!("{n} copiés vers {folder}"),
            Locale::Fr => format!("{n} copié vers {folder}"),
            Locale::En => format!("{n} copied to {folder}"),
        });
    }
    let counted = [
        (
            tally.marked_read,
            ("marqué(s) comme lu(s)", "marked as read"),
        ),
        (
            tally.marked_unread,
            ("marqué(s) comme non lu(s)", "marked as unread"),
        ),
        (tally.flagged, ("suivi(s)", "flagged")),
        (tally.unflagged, ("plus suivi(s)", "unflagged")),
        (
            tally.keywords_added,
            ("mot(s)-clé(s) posé(s)", "keyword(s) added"),
        ),
        (
            tally.keywords_removed,
            ("mot(s)-clé(s) retiré(s)", "keyword(s) removed"),
        ),
    ];
    for (n, (fr, en)) in counted {
        if n > 0 {
            lines.push(format!("{n} {}", locale.pick(fr, en)));
        }
    }
    lines.extend(tally.notes.iter().cloned());
    lines
}

/// "2 règles lues dans le script."
pub fn imported_count(locale: Locale, n: usize) -> String {
    match locale {
        Locale::Fr => format!("{n} règle(s) lue(s) dans le script."),
        Locale::En => format!("{n} rule(s) read from the script."),
    }
}

/// "Ligne 4 : « vacation … » — reason": the reason in the reader's language for the kinds
/// the importer types, else the engine's English words.
pub fn import_issue(locale: Locale, issue: &ImportIssue) -> String {
    let reason = match issue.kind {
        IssueKind::AfterStop => locale.pick(
            "après « stop », jamais exécuté : laissé de côté",
            "after “stop”, never run: left out",
        ),
        IssueKind::Described => issue.reason.as_str(),
    };
    match locale {
        Locale::Fr => format!(
            "Ligne {} : « {} » — {reason}",
            issue.line,
            issue.text.trim()
        ),
        Locale::En => format!("Line {}: “{}” — {reason}", issue.line, issue.text.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::FolderPath;
    use std::collections::HashSet;

    #[test]
    fn every_rules_text_is_translated_once() {
        for locale in Locale::ALL {
            let texts: HashSet<_> = RulesText::ALL.iter().map(|t| t.get(locale)).collect();
            assert_eq!(texts.len(), RulesText::ALL.len(), "{locale:?}");
        }
    }

    #[test]
    fn previews_and_summaries_read_naturally() {
        assert_eq!(
            preview_matches(Locale::Fr, 3, 200),
            "Cette règle correspondrait à 3 des 200 derniers messages."
        );
        assert_eq!(
            preview_matches(Locale::En, 0, 200),
            "This rule would match 0 of the last 200 messages."
        );
        let mut tally = Tally::default();
        tally.moved.insert(FolderPath("Personnel".into()), 12);
        tally.marked_read = 2;
        assert_eq!(
            tally_lines(Locale::Fr, &tally),
            ["12 déplacés vers Personnel", "2 marqué(s) comme lu(s)"]
        );
        assert_eq!(
            run_progress(Locale::Fr, 10, 40),
            "10 / 40 messages examinés"
        );
    }

    #[test]
    fn a_command_after_stop_is_explained_in_each_language() {
        let issue = ImportIssue {
            line: 6,
            text: "fileinto :copy \"Promos\";".into(),
            reason: "after stop, never run; left out".into(),
            kind: IssueKind::AfterStop,
        };
        assert_eq!(
            import_issue(Locale::Fr, &issue),
            "Ligne 6 : « fileinto :copy \"Promos\"; » — après « stop », jamais exécuté : laissé de côté"
        );
        assert_eq!(
            import_issue(Locale::En, &issue),
            "Line 6: “fileinto :copy \"Promos\";” — after “stop”, never run: left out"
        );
    }
}
