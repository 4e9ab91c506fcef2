//! The words of the rules engine: fields, operators, values, actions and every
//! validation error, each an exhaustive `match`.

use super::Locale;
use facteur_rules::{Action, Field, MatchKind, Operator, RuleError, SizeUnit, Status};

/// The name of a field in the condition editor.
pub fn field_name(locale: Locale, field: &Field) -> &'static str {
    let (fr, en) = match field {
        Field::From => ("Expéditeur", "From"),
        Field::To => ("Destinataire (À)", "To"),
        Field::Cc => ("Copie (Cc)", "Cc"),
        Field::ToOrCc => ("À ou Cc", "To or Cc"),
        Field::AnyRecipient => ("Un destinataire", "Any recipient"),
        Field::ReplyTo => ("Répondre à", "Reply-To"),
        Field::Subject => ("Objet", "Subject"),
        Field::Header(_) => ("En-tête…", "Header…"),
        Field::Body => ("Corps du message", "Body"),
        Field::Date => ("Date", "Date"),
        Field::AgeInDays => ("Âge en jours", "Age in days"),
        Field::Size => ("Taille", "Size"),
        Field::HasAttachment => ("A une pièce jointe", "Has an attachment"),
        Field::Status => ("État", "Status"),
        Field::Keyword => ("Mot-clé", "Keyword"),
        Field::MailingList => ("Liste de diffusion (List-Id)", "Mailing list (List-Id)"),
        Field::FromMe => ("Envoyé par moi", "From me"),
        Field::ToMe => ("Adressé à moi", "To me"),
    };
    locale.pick(fr, en)
}

/// The name of an operator.
pub fn operator_name(locale: Locale, operator: Operator) -> &'static str {
    let (fr, en) = match operator {
        Operator::Contains => ("contient", "contains"),
        Operator::DoesNotContain => ("ne contient pas", "does not contain"),
        Operator::Is => ("est", "is"),
        Operator::IsNot => ("n'est pas", "is not"),
        Operator::BeginsWith => ("commence par", "begins with"),
        Operator::EndsWith => ("se termine par", "ends with"),
        Operator::Matches => ("correspond au motif (* ?)", "matches the pattern (* ?)"),
        Operator::Regex => (
            "correspond à l'expression régulière",
            "matches the regular expression",
        ),
        Operator::Exists => ("existe", "exists"),
        Operator::IsEmpty => ("est vide ou absent", "is empty or missing"),
        Operator::GreaterThan => ("supérieur à", "greater than"),
        Operator::LessThan => ("inférieur à", "less than"),
        Operator::Before => ("avant le", "before"),
        Operator::After => ("après le", "after"),
    };
    locale.pick(fr, en)
}

/// A message status.
pub fn status_name(locale: Locale, status: Status) -> &'static str {
    let (fr, en) = match status {
        Status::Read => ("lu", "read"),
        Status::Flagged => ("suivi", "flagged"),
        Status::Answered => ("répondu", "answered"),
    };
    locale.pick(fr, en)
}

/// A size unit.
pub fn size_unit_name(locale: Locale, unit: SizeUnit) -> &'static str {
    let (fr, en) = match unit {
        SizeUnit::Bytes => ("octets", "bytes"),
        SizeUnit::Kilobytes => ("Ko", "KB"),
        SizeUnit::Megabytes => ("Mo", "MB"),
    };
    locale.pick(fr, en)
}

/// How a rule combines its conditions.
pub fn match_kind_name(locale: Locale, kind: MatchKind) -> &'static str {
    let (fr, en) = match kind {
        MatchKind::All => ("toutes les conditions sont remplies", "all conditions hold"),
        MatchKind::Any => ("au moins une condition est remplie", "any condition holds"),
        MatchKind::AllMessages => ("pour tous les messages", "for every message"),
    };
    locale.pick(fr, en)
}

/// The name of an action's kind, for the action select.
pub fn action_kind_name(locale: Locale, action: &Action) -> &'static str {
    let (fr, en) = match action {
        Action::MoveTo(_) => ("Déplacer vers", "Move to"),
        Action::CopyTo(_) => ("Copier vers", "Copy to"),
        Action::MarkRead => ("Marquer comme lu", "Mark as read"),
        Action::MarkUnread => ("Marquer comme non lu", "Mark as unread"),
        Action::Flag => ("Suivre", "Flag"),
        Action::Unflag => ("Ne plus suivre", "Unflag"),
        Action::AddKeyword(_) => ("Ajouter le mot-clé", "Add keyword"),
        Action::RemoveKeyword(_) => ("Retirer le mot-clé", "Remove keyword"),
        Action::MoveToTrash => ("Mettre à la corbeille", "Move to Trash"),
        Action::Alert { .. } => ("Afficher une alerte", "Show an alert"),
        Action::StopProcessing => (
            "Arrêter (aucune autre action ni règle)",
            "Stop (no further action or rule)",
        ),
    };
    locale.pick(fr, en)
}

/// An action in words, with its parameter: "Déplacer vers Personnel".
pub fn action_summary(locale: Locale, action: &Action) -> String {
    let kind = action_kind_name(locale, action);
    match action {
        Action::MoveTo(folder) | Action::CopyTo(folder) => format!("{kind} {folder}"),
        Action::AddKeyword(keyword) | Action::RemoveKeyword(keyword) => {
            format!("{kind} « {keyword} »")
        }
        Action::Alert { template } => format!("{kind} : « {template} »"),
        _ => kind.to_owned(),
    }
}

/// Why a rule is refused, naming the condition or action concerned (numbered from 1).
pub fn rule_error(locale: Locale, error: &RuleError) -> String {
    let condition = |n: usize| match locale {
        Locale::Fr => format!("Condition {} : ", n + 1),
        Locale::En => format!("Condition {}: ", n + 1),
    };
    let action = |n: usize| match locale {
        Locale::Fr => format!("Action {} : ", n + 1),
        Locale::En => format!("Action {}: ", n + 1),
    };
    match error {
        RuleError::UnsupportedVersion { version } => match locale {
            Locale::Fr => format!(
                "Ces règles viennent d'une version plus récente de Facteur (format {version}) : mettez l'application à jour."
            ),
            Locale::En => format!(
                "These rules come from a newer Facteur (format {version}): update the app."
            ),
        },
        RuleError::EmptyName { .. } => {
            locale.pick("Donnez un nom à la règle.", "Give the rule a name.").to_owned()
        }
        RuleError::EmptyId { .. } => locale
            .pick("La règle n'a pas d'identifiant.", "The rule has no identifier.")
            .to_owned(),
        RuleError::DuplicateId { id, .. } => match locale {
            Locale::Fr => format!("Une autre règle a déjà l'identifiant « {id} »."),
            Locale::En => format!("Another rule already has the identifier “{id}”."),
        },
        RuleError::NoConditions { .. } => locale
            .pick(
                "Ajoutez au moins une condition, ou choisissez « pour tous les messages ».",
                "Add at least one condition, or choose “for every message”.",
            )
            .to_owned(),
        RuleError::ConditionsWithAllMessages { .. } => locale
            .pick(
                "« Pour tous les messages » ne prend pas de condition : retirez-les ou changez de choix.",
                "“For every message” takes no condition: remove them or change the choice.",
            )
            .to_owned(),
        RuleError::NoActions { .. } => locale
            .pick("Ajoutez au moins une action.", "Add at least one action.")
            .to_owned(),
        RuleError::OperatorNotAllowed {
            condition: n,
            field,
            operator,
            ..
        } => match locale {
            Locale::Fr => format!(
                "{}« {} » ne s'emploie pas avec « {} ».",
                condition(*n),
                operator_name(locale, *operator),
                field_name(locale, field)
            ),
            Locale::En => format!(
                "{}“{}” cannot be used with “{}”.",
                condition(*n),
                operator_name(locale, *operator),
                field_name(locale, field)
            ),
        },
        RuleError::WrongValue { condition: n, .. } => {
            condition(*n)
                + locale.pick(
                    "la valeur ne convient pas à ce champ.",
                    "the value does not fit this field.",
                )
        }
        RuleError::EmptyValue { condition: n, .. } => {
            condition(*n) + locale.pick("la valeur est vide.", "the value is empty.")
        }
        RuleError::BadHeaderName { condition: n, .. } => {
            condition(*n)
                + locale.pick(
                    "le nom de l'en-tête est vide ou invalide (lettres, chiffres et tirets).",
                    "the header name is empty or invalid (letters, digits and dashes).",
                )
        }
        RuleError::InvalidDate { condition: n, .. } => {
            condition(*n) + locale.pick("cette date n'existe pas.", "this date does not exist.")
        }
        RuleError::BadRegex {
            condition: n,
            message,
            ..
        } => match locale {
            Locale::Fr => format!(
                "{}l'expression régulière est invalide ({message}).",
                condition(*n)
            ),
            Locale::En => format!(
                "{}the regular expression is invalid ({message}).",
                condition(*n)
            ),
        },
        RuleError::RegexTooLarge { condition: n, .. } => {
            condition(*n)
                + locale.pick(
                    "l'expression régulière est trop longue ou trop complexe.",
                    "the regular expression is too long or too complex.",
                )
        }
        RuleError::UnknownFolder {
            action: n, folder, ..
        } => match locale {
            Locale::Fr => format!("{}le dossier « {folder} » n'existe pas.", action(*n)),
            Locale::En => format!("{}the folder “{folder}” does not exist.", action(*n)),
        },
        RuleError::ConflictingActions { first, second, .. } => match locale {
            Locale::Fr => format!(
                "Les actions {} et {} se contredisent.",
                first + 1,
                second + 1
            ),
            Locale::En => format!(
                "Actions {} and {} contradict each other.",
                first + 1,
                second + 1
            ),
        },
        RuleError::BadKeyword { index: n, .. } => {
            action(*n)
                + locale.pick(
                    "le mot-clé est vide ou contient des caractères interdits (espaces, \\, crochets…).",
                    "the keyword is empty or has forbidden characters (spaces, \\, brackets…).",
                )
        }
        RuleError::EmptyAlert { action: n, .. } => {
            action(*n) + locale.pick("le texte de l'alerte est vide.", "the alert text is empty.")
        }
        RuleError::UnknownPlaceholder { action: n, name, .. } => match locale {
            Locale::Fr => format!(
                "{}la variable « {{{name}}} » n'existe pas.",
                action(*n)
            ),
            Locale::En => format!("{}there is no variable “{{{name}}}”.", action(*n)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::FolderPath;

    #[test]
    fn errors_name_what_they_concern() {
        let empty = RuleError::EmptyValue {
            rule: 0,
            condition: 1,
        };
        assert_eq!(
            rule_error(Locale::Fr, &empty),
            "Condition 2 : la valeur est vide."
        );
        assert_eq!(
            rule_error(Locale::En, &empty),
            "Condition 2: the value is empty."
        );
        let folder = RuleError::UnknownFolder {
            rule: 0,
            action: 0,
            folder: FolderPath("Perso".into()),
        };
        assert_eq!(
            rule_error(Locale::Fr, &folder),
            "Action 1 : le dossier « Perso » n'existe pas."
        );
        let placeholder = RuleError::UnknownPlaceholder {
            rule: 0,
            action: 2,
            name: "sujet".into(),
        };
        assert_eq!(
            rule_error(Locale::En, &placeholder),
            "Action 3: there is no variable “{sujet}”."
        );
        assert_eq!(
            action_summary(Locale::Fr, &Action::MoveTo(FolderPath("Personnel".into()))),
            "Déplacer vers Personnel"
        );
    }

    #[test]
    fn every_field_and_operator_has_both_names() {
        use facteur_rules::condition::Field::*;
        let fields = [
            From,
            To,
            Cc,
            ToOrCc,
            AnyRecipient,
            ReplyTo,
            Subject,
            Header("X".into()),
            Body,
            Date,
            AgeInDays,
            Size,
            HasAttachment,
            Status,
            Keyword,
            MailingList,
            FromMe,
            ToMe,
        ];
        for field in &fields {
            for operator in field.operators() {
                assert_ne!(
                    operator_name(Locale::Fr, *operator),
                    operator_name(Locale::En, *operator)
                );
            }
            assert!(!field_name(Locale::Fr, field).is_empty());
        }
    }
}
