//! Sieve (RFC 5228), the server-side twin of the rules: export a rule set as a script,
//! import the subset the engine can express.

pub mod export;
pub mod import;
mod lexer;
mod parser;
mod test_mapping;

pub use export::{ExportOptions, export};
pub use import::{ImportIssue, ImportOptions, Imported, IssueKind, import};

/// The comment before each exported rule: `# rule "name" "id"`, read back on import.
pub(crate) const RULE_MARK: &str = "# rule";
/// The comment carrying an alert, which Sieve cannot raise: `# Facteur: alert "template"`.
pub(crate) const ALERT_MARK: &str = "# Facteur: alert";

/// `text` with its line breaks replaced by spaces: what a comment (which a line break
/// ends) can carry, so a rule name or alert read from a comment is the one written back.
pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// `text` as a Sieve quoted string (RFC 5228 §2.4.2: only `"` and `\` are escaped).
pub(crate) fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}
