//! Writing a rule set as a Sieve script (RFC 5228 with fileinto, copy, imap4flags, body,
//! date, relational, regex), so the server applies the rules when no browser is open.
//!
//! What Sieve cannot express is said in `# Facteur:` comments. A rule that would match
//! *more* without its inexpressible conditions (match all) is commented out whole: a server
//! rule must never file mail the user's rule would not. With match any, dropping a
//! condition only narrows the rule, so it is kept.

use super::{ALERT_MARK, RULE_MARK, one_line, quote};
use crate::condition::{Condition, Field, Operator, SizeUnit, Value};
use crate::rule::{Action, MatchKind, Rule, RuleSet};
use crate::text::escape_wildcards;
use facteur_model::FolderPath;
use std::collections::BTreeSet;

/// What the script needs beyond the rules: the identities "from me" / "to me" expand to,
/// and the Trash folder.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions<'a> {
    pub identities: &'a [String],
    pub trash: &'a FolderPath,
}

/// The Sieve script for `set`.
pub fn export(set: &RuleSet, options: ExportOptions<'_>) -> String {
    let mut requires = BTreeSet::new();
    let mut body = String::new();
    for rule in &set.rules {
        body.push('\n');
        body.push_str(&export_rule(rule, options, &mut requires));
    }
    let mut script = String::from("# Facteur rules, exported as a Sieve script (RFC 5228).\n");
    if !requires.is_empty() {
        let list: Vec<String> = requires.iter().map(|r| quote(r)).collect();
        script.push_str(&format!("require [{}];\n", list.join(", ")));
    }
    script.push_str(&body);
    script
}

/// One rule as an `if` block with its header comment, or commented out with the reason.
fn export_rule(rule: &Rule, options: ExportOptions<'_>, requires: &mut BTreeSet<&str>) -> String {
    let mut out = format!(
        "{RULE_MARK} {} {}\n",
        quote(&one_line(&rule.name)),
        quote(&rule.id)
    );
    let mut local_requires = BTreeSet::new();
    let mut tests = Vec::new();
    let mut left_out = Vec::new();
    for condition in &rule.conditions {
        match condition_test(condition, options.identities, &mut local_requires) {
            Ok(test) => tests.push(test),
            Err(reason) => left_out.push(reason),
        }
    }
    let test = match rule.match_kind {
        MatchKind::AllMessages => Some("true".to_owned()),
        MatchKind::All if !left_out.is_empty() => None,
        _ if tests.is_empty() => None,
        MatchKind::All if tests.len() == 1 => tests.pop(),
        MatchKind::Any if tests.len() == 1 => tests.pop(),
        MatchKind::All => Some(format!("allof ({})", tests.join(", "))),
        MatchKind::Any => Some(format!("anyof ({})", tests.join(", "))),
    };
    let Some(test) = test else {
        out.push_str(&format!(
            "# Facteur: rule not exported, Sieve cannot test {}.\n",
            left_out.join(", ")
        ));
        return out;
    };
    for reason in &left_out {
        out.push_str(&format!(
            "# Facteur: condition left out, Sieve cannot test {reason}.\n"
        ));
    }
    let mut block = format!("if {test} {{\n");
    for line in action_lines(rule, options.trash, &mut local_requires) {
        block.push_str("    ");
        block.push_str(&line);
        block.push('\n');
    }
    block.push_str("}\n");
    if rule.enabled {
        requires.extend(local_requires);
        out.push_str(&block);
    } else {
        out.push_str("# Facteur: rule disabled.\n");
        for line in block.lines() {
            out.push_str("#  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The actions in the order Sieve needs: flags before `fileinto` (imap4flags applies the
/// flags current at filing time), nothing after a stop.
fn action_lines(rule: &Rule, trash: &FolderPath, requires: &mut BTreeSet<&str>) -> Vec<String> {
    let stop_at = rule
        .actions
        .iter()
        .position(|a| *a == Action::StopProcessing);
    let actions = &rule.actions[..stop_at.unwrap_or(rule.actions.len())];
    let mut flags = Vec::new();
    let mut filing = Vec::new();
    let mut notes = Vec::new();
    for action in actions {
        let mut flag = |verb: &str, flag: &str| {
            requires.insert("imap4flags");
            flags.push(format!("{verb} {};", quote(flag)));
        };
        match action {
            Action::MarkRead => flag("addflag", "\\Seen"),
            Action::MarkUnread => flag("removeflag", "\\Seen"),
            Action::Flag => flag("addflag", "\\Flagged"),
            Action::Unflag => flag("removeflag", "\\Flagged"),
            Action::AddKeyword(keyword) => flag("addflag", keyword),
            Action::RemoveKeyword(keyword) => flag("removeflag", keyword),
            Action::MoveTo(folder) => {
                requires.insert("fileinto");
                filing.push(format!("fileinto {};", quote(folder.as_str())));
            }
            Action::MoveToTrash => {
                requires.insert("fileinto");
                filing.push(format!("fileinto {};", quote(trash.as_str())));
            }
            Action::CopyTo(folder) => {
                requires.insert("fileinto");
                requires.insert("copy");
                filing.push(format!("fileinto :copy {};", quote(folder.as_str())));
            }
            Action::Alert { template } => {
                notes.push(format!("{ALERT_MARK} {}", quote(&one_line(template))));
            }
            Action::StopProcessing => {}
        }
    }
    // Copies first, then the move: the order the browser applies them in too.
    filing.sort_by_key(|line| !line.starts_with("fileinto :copy"));
    let mut lines = flags;
    lines.extend(filing);
    lines.extend(notes);
    if stop_at.is_some() || rule.stop_after {
        lines.push("stop;".to_owned());
    }
    lines
}

/// The Sieve headers an address field reads.
pub(crate) fn address_headers(field: &Field) -> Option<&'static [&'static str]> {
    Some(match field {
        Field::From => &["from"],
        Field::To => &["to"],
        Field::Cc => &["cc"],
        Field::ReplyTo => &["reply-to"],
        Field::ToOrCc => &["to", "cc"],
        Field::AnyRecipient => &["to", "cc", "bcc"],
        _ => return None,
    })
}

fn string_list(items: &[&str]) -> String {
    if let [one] = items {
        return quote(one);
    }
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The Sieve test for one condition, or why there is none.
fn condition_test(
    condition: &Condition,
    identities: &[String],
    requires: &mut BTreeSet<&str>,
) -> Result<String, &'static str> {
    let negate = |test: String| format!("not {test}");
    let Condition {
        field,
        operator,
        value,
    } = condition;
    let operator = *operator;
    match (field, value) {
        (Field::FromMe | Field::ToMe, _) => {
            if identities.is_empty() {
                return Ok(if operator == Operator::Is {
                    "false"
                } else {
                    "true"
                }
                .to_owned());
            }
            let headers: &[&str] = if *field == Field::FromMe {
                &["from"]
            } else {
                &["to", "cc", "bcc"]
            };
            let ids: Vec<&str> = identities.iter().map(|i| i.trim()).collect();
            let test = format!("address :is {} {}", string_list(headers), string_list(&ids));
            Ok(if operator == Operator::IsNot {
                negate(test)
            } else {
                test
            })
        }
        (Field::Size, Value::Size { amount, unit }) => {
            let suffix = match unit {
                SizeUnit::Bytes => "",
                SizeUnit::Kilobytes => "K",
                SizeUnit::Megabytes => "M",
            };
            let tag = if operator == Operator::GreaterThan {
                ":over"
            } else {
                ":under"
            };
            Ok(format!("size {tag} {amount}{suffix}"))
        }
        (Field::Date, Value::Date(day)) => {
            requires.insert("date");
            let key = quote(&format!("{:04}-{:02}-{:02}", day.year, day.month, day.day));
            let test = match operator {
                Operator::Before | Operator::After => {
                    requires.insert("relational");
                    let rel = if operator == Operator::Before {
                        "lt"
                    } else {
                        "gt"
                    };
                    format!("date :value \"{rel}\" :originalzone \"date\" \"date\" {key}")
                }
                _ => format!("date :is :originalzone \"date\" \"date\" {key}"),
            };
            Ok(if operator == Operator::IsNot {
                negate(test)
            } else {
                test
            })
        }
        (Field::AgeInDays, _) => Err("the age in days"),
        (Field::HasAttachment, _) => Err("attachments"),
        (Field::Status, _) => Err("the read, flagged or answered status"),
        (Field::Keyword, _) => Err("keywords"),
        _ => text_test(field, operator, value, requires),
    }
}

/// Tests on text and address fields.
fn text_test(
    field: &Field,
    operator: Operator,
    value: &Value,
    requires: &mut BTreeSet<&str>,
) -> Result<String, &'static str> {
    let addresses = address_headers(field);
    let headers: Vec<&str> = match (field, addresses) {
        (_, Some(list)) => list.to_vec(),
        (Field::Subject, _) => vec!["subject"],
        (Field::MailingList, _) => vec!["list-id"],
        (Field::Header(name), _) => vec![name.as_str()],
        (Field::Body, _) => Vec::new(),
        _ => return Err("this field"),
    };
    if operator.takes_no_value() {
        let tests: Vec<String> = headers
            .iter()
            .map(|h| format!("exists {}", quote(h)))
            .collect();
        let test = if let [one] = &tests[..] {
            one.clone()
        } else {
            format!("anyof ({})", tests.join(", "))
        };
        return Ok(if operator == Operator::IsEmpty {
            format!("not {test}")
        } else {
            test
        });
    }
    let Value::Text(text) = value else {
        return Err("this value");
    };
    let (match_type, key) = match operator {
        Operator::Contains | Operator::DoesNotContain => (":contains", text.clone()),
        Operator::Is | Operator::IsNot => (":is", text.clone()),
        Operator::BeginsWith => (":matches", format!("{}*", escape_wildcards(text))),
        Operator::EndsWith => (":matches", format!("*{}", escape_wildcards(text))),
        Operator::Matches => (":matches", text.clone()),
        Operator::Regex => {
            requires.insert("regex");
            (":regex", text.clone())
        }
        _ => return Err("this operator"),
    };
    let comparator = if text.is_ascii() || operator == Operator::Regex {
        String::new()
    } else {
        " :comparator \"i;unicode-casemap\"".to_owned()
    };
    let test = if *field == Field::Body {
        requires.insert("body");
        format!("body :text{comparator} {match_type} {}", quote(&key))
    } else {
        // On address fields, whole-value comparisons look at the address itself (the
        // `address` test); contains and regex look at the whole header, display name
        // included, which is what the browser does.
        let command = match (addresses, match_type) {
            (Some(_), ":is" | ":matches") => "address",
            _ => "header",
        };
        format!(
            "{command}{comparator} {match_type} {} {}",
            string_list(&headers),
            quote(&key)
        )
    };
    Ok(if operator.is_negative() {
        format!("not {test}")
    } else {
        test
    })
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
