//! Alert texts: templates with `{placeholders}` filled from the message.

use crate::facts::MessageFacts;
use facteur_model::FolderPath;

/// The placeholders an alert template may use.
pub const PLACEHOLDERS: [&str; 5] = ["subject", "from", "from_address", "folder", "rule"];

/// Fills `template`: `{subject}`, `{from}` (display name, else address), `{from_address}`,
/// `{folder}` (where the message ends up), `{rule}` (the rule's name). `{{` and `}}` stand
/// for literal braces; unknown placeholders are left as written so a typo stays visible.
pub fn render_alert(
    template: &str,
    facts: &MessageFacts,
    folder: &FolderPath,
    rule_name: &str,
) -> String {
    let mut out = String::with_capacity(template.len() + facts.subject.len());
    let mut rest = template;
    while let Some(start) = rest.find(['{', '}']) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{')
            && let Some(end) = tail.find('}')
            && let Some(value) = placeholder(&tail[1..end], facts, folder, rule_name)
        {
            out.push_str(value);
            rest = &tail[end + 1..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

fn placeholder<'a>(
    name: &str,
    facts: &'a MessageFacts,
    folder: &'a FolderPath,
    rule_name: &'a str,
) -> Option<&'a str> {
    Some(match name {
        "subject" => &facts.subject,
        "from" => facts.from.as_ref().map_or("", |a| a.label()),
        "from_address" => facts.from.as_ref().map_or("", |a| a.email.as_str()),
        "folder" => folder.as_str(),
        "rule" => rule_name,
        _ => return None,
    })
}

/// The placeholders of `template` that [`render_alert`] does not know, for validation.
pub fn unknown_placeholders(template: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let tail = &rest[start..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                let name = &tail[1..end];
                if !PLACEHOLDERS.contains(&name) {
                    unknown.push(name.to_owned());
                }
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::facts;

    #[test]
    fn fills_placeholders() {
        let mut message = facts();
        message.subject = "Acheter du pain".into();
        let folder = FolderPath("Personnel".into());
        let cases = [
            (
                "Note à moi-même : {subject}",
                "Note à moi-même : Acheter du pain",
            ),
            (
                "{from} <{from_address}>",
                "Alice Martin <alice@example.test>",
            ),
            ("→ {folder} ({rule})", "→ Personnel (Notes)"),
            ("{{subject}} {nope} {", "{subject} {nope} {"),
            ("}} }", "} }"),
            ("", ""),
        ];
        for (template, expected) in cases {
            assert_eq!(
                render_alert(template, &message, &folder, "Notes"),
                expected,
                "{template}"
            );
        }
    }

    #[test]
    fn lists_unknown_placeholders() {
        assert_eq!(
            unknown_placeholders("{subject} {sujet} {{x}} {from}"),
            vec!["sujet".to_owned()]
        );
        assert!(unknown_placeholders("no placeholder {").is_empty());
    }
}
