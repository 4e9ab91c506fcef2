//! Strings of the keyboard shortcuts dialog.

use super::table::fixed_texts;

fixed_texts! {
    /// A fixed string of the shortcuts dialog.
    pub enum ShortcutsText {
        Title => ("Raccourcis clavier", "Keyboard shortcuts"),
        Intro => (
            "Hors d'un champ de saisie. « ? » rouvre cette liste.",
            "Outside a text field. \"?\" opens this list again.",
        ),
        Key => ("Touche", "Key"),
        Action => ("Action", "Action"),
        Move => ("Message suivant / précédent", "Next / previous message"),
        Open => ("Ouvrir le message choisi", "Open the selected message"),
        Back => ("Revenir à la liste", "Back to the list"),
        Tick => ("Cocher le message (pour en déplacer plusieurs)", "Tick the message (to move several)"),
        Write => ("Écrire un message", "Write a message"),
        Reply => ("Répondre (message ouvert)", "Reply (open message)"),
        ReplyAll => ("Répondre à tous (message ouvert)", "Reply all (open message)"),
        Forward => ("Transférer (message ouvert)", "Forward (open message)"),
        Help => ("Afficher ces raccourcis", "Show these shortcuts"),
        Close => ("Fermer", "Close"),
    }
}
