//! Reading a Sieve script back into rules: the subset the exporter writes, plus the common
//! hand-written forms. Everything else is reported line by line, never guessed.
//!
//! Over 450 lines: one recursive reader of the Sieve subset Facteur writes; its cases live
//! in `import_cases.rs`.

use super::lexer::tokenize;
use super::parser::{Argument, Command, Item, parse};
use super::test_mapping::{TestMapping, map_rule_test};
use super::{ALERT_MARK, RULE_MARK, one_line};
use crate::rule::{Action, MatchKind, Rule, RuleSet};
use crate::validate::check_set;
use facteur_model::FolderPath;
use serde::{Deserialize, Serialize};

/// The largest script accepted, in bytes: a mailbox's rules are a few kilobytes.
pub const MAX_SCRIPT_BYTES: usize = 256 * 1024;

const KNOWN_EXTENSIONS: [&str; 11] = [
    "fileinto",
    "copy",
    "imap4flags",
    "body",
    "date",
    "relational",
    "regex",
    "comparator-i;ascii-casemap",
    "comparator-i;unicode-casemap",
    "comparator-i;octet",
    "envelope",
];

/// Something of the script the rules could not take, or took with a change of meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    /// 1-based line in the script.
    pub line: usize,
    /// The script's words at that line, as written.
    pub text: String,
    /// What happened to them (English; shown beside the translated summary when `kind`
    /// is [`IssueKind::Described`]).
    pub reason: String,
    /// What the issue is, for those the interface words in the reader's language.
    #[serde(default)]
    pub kind: IssueKind,
}

/// The kinds of import issue that carry no English words to the interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// Only `reason` says what happened.
    #[default]
    Described,
    /// A command after `stop;` in the same block, which Sieve never runs: left out.
    AfterStop,
}

/// The rules read from a script, and what could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub rules: RuleSet,
    pub issues: Vec<ImportIssue>,
}

/// What an import needs to know to recognize the exporter's expansions.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    /// An address test on exactly these addresses becomes "from me" / "to me".
    pub identities: &'a [String],
    /// `fileinto` this folder becomes "move to Trash".
    pub trash: &'a FolderPath,
}

/// Reads `script`. Never panics; the work is bounded by the input size.
pub fn import(script: &str, options: ImportOptions<'_>) -> Imported {
    let mut importer = Importer {
        options,
        lines: script.lines().collect(),
        issues: Vec::new(),
        rules: Vec::new(),
    };
    if script.len() > MAX_SCRIPT_BYTES {
        importer.issue(
            1,
            format!("script larger than {MAX_SCRIPT_BYTES} bytes, not read"),
        );
        return importer.finish();
    }
    let tokens = match tokenize(script) {
        Ok(tokens) => tokens,
        Err(error) => {
            importer.issue(error.line, format!("not read: {}", error.reason));
            return importer.finish();
        }
    };
    let (items, error) = parse(&tokens);
    importer.top_level(&items);
    if let Some(error) = error {
        importer.issue(
            error.line,
            format!(
                "syntax error, the rest of the script is not read: {}",
                error.reason
            ),
        );
    }
    importer.finish()
}

struct Importer<'a> {
    options: ImportOptions<'a>,
    lines: Vec<&'a str>,
    issues: Vec<ImportIssue>,
    rules: Vec<(usize, Rule)>,
}

/// Name and id from the exporter's `# rule "name" "id"` comment.
#[derive(Default)]
struct Label {
    name: Option<String>,
    id: Option<String>,
}

impl Importer<'_> {
    fn issue(&mut self, line: usize, reason: impl Into<String>) {
        self.issue_of(IssueKind::Described, line, reason);
    }

    fn issue_of(&mut self, kind: IssueKind, line: usize, reason: impl Into<String>) {
        let text = self
            .lines
            .get(line.wrapping_sub(1))
            .map_or(String::new(), |l| l.trim().to_owned());
        self.issues.push(ImportIssue {
            line,
            text,
            reason: reason.into(),
            kind,
        });
    }

    fn top_level(&mut self, items: &[Item]) {
        let mut label = Label::default();
        // Top-level actions form an "all messages" rule; (line, actions).
        let mut loose: Option<(usize, Vec<Action>)> = None;
        // Whether the previous `if` ended with stop, making a following `elsif` exact.
        let mut previous_stops = false;
        for item in items {
            let command = match item {
                Item::Comment { text, .. } => {
                    if let Some(found) = read_label(text) {
                        label = found;
                    }
                    continue;
                }
                Item::Command(command) => command,
            };
            match command.name.as_str() {
                "require" => self.require(command),
                "if" | "elsif" => {
                    self.flush_loose(&mut loose);
                    if command.name == "elsif" && !previous_stops {
                        self.issue(
                            command.line,
                            "elsif imported as an independent rule: it also runs when an \
                             earlier branch matched",
                        );
                    }
                    let rule = self.conditional(command, std::mem::take(&mut label));
                    previous_stops = rule.as_ref().is_some_and(|r| r.stop_after);
                    if let Some(rule) = rule {
                        self.rules.push((command.line, rule));
                    }
                }
                "else" => {
                    self.issue(command.line, "else cannot be expressed as a rule, skipped");
                }
                _ => {
                    let (line, mut actions) = loose.take().unwrap_or((command.line, Vec::new()));
                    self.action(command, &mut actions);
                    loose = Some((line, actions));
                }
            }
        }
        self.flush_loose(&mut loose);
    }

    fn flush_loose(&mut self, loose: &mut Option<(usize, Vec<Action>)>) {
        if let Some((line, actions)) = loose.take()
            && !actions.is_empty()
        {
            let (actions, stop_after) = split_stop(actions);
            self.rules.push((
                line,
                Rule {
                    id: String::new(),
                    name: String::new(),
                    enabled: true,
                    match_kind: MatchKind::AllMessages,
                    conditions: Vec::new(),
                    actions,
                    stop_after,
                },
            ));
        }
    }

    fn require(&mut self, command: &Command) {
        for argument in &command.arguments {
            if let Argument::Strings(names) = argument {
                for name in names {
                    if !KNOWN_EXTENSIONS.contains(&name.to_ascii_lowercase().as_str()) {
                        self.issue(command.line, format!("extension {name:?} is not supported"));
                    }
                }
            }
        }
    }

    /// An `if` (or `elsif`) block as a rule, or `None` when it cannot be one.
    fn conditional(&mut self, command: &Command, label: Label) -> Option<Rule> {
        let Some(test) = command.tests.first() else {
            self.issue(command.line, "if without a test, skipped");
            return None;
        };
        let (match_kind, conditions) = match map_rule_test(test, self.options.identities) {
            TestMapping::Rule(kind, conditions, dropped) => {
                for (line, reason) in dropped {
                    self.issue(line, format!("{reason}; left out of an any-of rule"));
                }
                (kind, conditions)
            }
            TestMapping::Never => {
                self.issue(command.line, "this test never holds, rule skipped");
                return None;
            }
            TestMapping::Unsupported(line, reason) => {
                self.issue(line, format!("{reason}; rule skipped"));
                return None;
            }
        };
        let mut actions = Vec::new();
        let mut keep = false;
        for item in command.block.iter().flatten() {
            match item {
                Item::Comment { text, line } => {
                    if let Some(template) = read_alert(text) {
                        if actions.contains(&Action::StopProcessing) {
                            self.after_stop(*line);
                        } else {
                            actions.push(Action::Alert { template });
                        }
                    }
                }
                Item::Command(inner) if actions.contains(&Action::StopProcessing) => {
                    self.after_stop(inner.line);
                }
                Item::Command(inner) if inner.name == "keep" => keep = true,
                Item::Command(inner) => self.action(inner, &mut actions),
            }
        }
        if keep {
            // `fileinto` + `keep` files a copy and leaves the message where it is.
            for action in &mut actions {
                if let Action::MoveTo(folder) = action {
                    *action = Action::CopyTo(folder.clone());
                }
            }
        }
        let (actions, stop_after) = split_stop(actions);
        Some(Rule {
            id: label.id.unwrap_or_default(),
            name: label.name.unwrap_or_default(),
            enabled: true,
            match_kind,
            conditions,
            actions,
            stop_after,
        })
    }

    /// Sieve never runs what follows `stop;`; taking it would also change the rule on
    /// its next export, which writes nothing after the stop.
    fn after_stop(&mut self, line: usize) {
        self.issue_of(
            IssueKind::AfterStop,
            line,
            "after stop, never run; left out",
        );
    }

    fn action(&mut self, command: &Command, actions: &mut Vec<Action>) {
        if actions.contains(&Action::StopProcessing) {
            return self.after_stop(command.line);
        }
        let strings: Vec<&String> = command
            .arguments
            .iter()
            .filter_map(|a| match a {
                Argument::Strings(list) => Some(list),
                _ => None,
            })
            .flatten()
            .collect();
        let tags: Vec<&str> = command
            .arguments
            .iter()
            .filter_map(|a| match a {
                Argument::Tag(tag) => Some(tag.as_str()),
                _ => None,
            })
            .collect();
        match command.name.as_str() {
            "fileinto" => {
                let Some(folder) = strings.last() else {
                    return self.issue(command.line, "fileinto without a folder, skipped");
                };
                if tags.iter().any(|t| *t != "copy") {
                    self.issue(
                        command.line,
                        "fileinto options other than :copy are ignored",
                    );
                }
                let folder = FolderPath((*folder).clone());
                actions.push(if tags.contains(&"copy") {
                    Action::CopyTo(folder)
                } else if folder == *self.options.trash {
                    Action::MoveToTrash
                } else {
                    Action::MoveTo(folder)
                });
            }
            "addflag" | "setflag" | "removeflag" => {
                let add = command.name != "removeflag";
                if command.name == "setflag" {
                    self.issue(
                        command.line,
                        "setflag imported as addflag: other flags are not cleared",
                    );
                }
                // With a variable name first (imap4flags §3), the flags are the last list.
                let flags = match command.arguments.last() {
                    Some(Argument::Strings(list)) => list.clone(),
                    _ => Vec::new(),
                };
                for flag in flags.iter().flat_map(|f| f.split_whitespace()) {
                    match (flag.to_ascii_lowercase().as_str(), add) {
                        ("\\seen", true) => actions.push(Action::MarkRead),
                        ("\\seen", false) => actions.push(Action::MarkUnread),
                        ("\\flagged", true) => actions.push(Action::Flag),
                        ("\\flagged", false) => actions.push(Action::Unflag),
                        (system, _) if system.starts_with('\\') => self.issue(
                            command.line,
                            format!("flag {flag} is not supported, ignored"),
                        ),
                        (_, true) => actions.push(Action::AddKeyword(flag.to_owned())),
                        (_, false) => actions.push(Action::RemoveKeyword(flag.to_owned())),
                    }
                }
            }
            "discard" => {
                self.issue(
                    command.line,
                    "discard deletes mail for good; imported as move to Trash",
                );
                actions.push(Action::MoveToTrash);
            }
            "stop" => actions.push(Action::StopProcessing),
            "keep" => {}
            "if" | "elsif" | "else" => {
                self.issue(command.line, "nested conditions are not supported, skipped")
            }
            other => self.issue(
                command.line,
                format!("action {other:?} is not supported, skipped"),
            ),
        }
    }

    /// Names and ids the rules, drops those still invalid, and reports them.
    fn finish(mut self) -> Imported {
        let mut kept = Vec::new();
        let rules = std::mem::take(&mut self.rules);
        for (index, (line, mut rule)) in rules.into_iter().enumerate() {
            if rule.name.trim().is_empty() {
                rule.name = format!("Sieve {}", index + 1);
            }
            if rule.id.trim().is_empty() {
                rule.id = format!("sieve-{}", index + 1);
            }
            while kept.iter().any(|k: &Rule| k.id == rule.id) {
                rule.id.push('-');
                rule.id.push_str(&(index + 1).to_string());
            }
            let errors = check_set(&RuleSet::new(vec![rule.clone()]), None);
            match errors.first() {
                None => kept.push(rule),
                Some(error) => self.issue(
                    line,
                    format!("rule skipped, it would be invalid ({})", error.code()),
                ),
            }
        }
        self.issues.sort_by_key(|issue| issue.line);
        Imported {
            rules: RuleSet::new(kept),
            issues: self.issues,
        }
    }
}

/// Moves a trailing stop into `stop_after`, the form the editor shows.
fn split_stop(mut actions: Vec<Action>) -> (Vec<Action>, bool) {
    let stop = actions.last() == Some(&Action::StopProcessing);
    if stop {
        actions.pop();
    }
    (actions, stop)
}

/// The quoted strings of a comment written by the exporter.
fn quoted_strings(text: &str) -> Vec<String> {
    match tokenize(text) {
        Ok(tokens) => tokens
            .into_iter()
            .filter_map(|t| match t.kind {
                super::lexer::TokenKind::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn read_label(comment: &str) -> Option<Label> {
    let rest = format!("#{comment}");
    let rest = rest.strip_prefix(RULE_MARK)?;
    if !rest.starts_with(' ') {
        return None;
    }
    let mut strings = quoted_strings(rest).into_iter();
    Some(Label {
        // A carriage return inside the comment (only a line feed ends one) would not
        // survive the export, which writes names on one line.
        name: strings.next().map(|name| one_line(&name)),
        id: strings.next(),
    })
}

fn read_alert(comment: &str) -> Option<String> {
    let rest = format!("#{comment}");
    let rest = rest.strip_prefix(ALERT_MARK)?;
    quoted_strings(rest)
        .into_iter()
        .next()
        .map(|text| one_line(&text))
}

#[cfg(test)]
#[path = "import_cases.rs"]
mod cases;
