//! A Sieve script from the ManageSieve server (possibly hand-written) through the Sieve
//! lexer, parser and importer; what it reads is exported and imported again, which must
//! give the same rules back without an issue.
#![no_main]

use facteur_model::FolderPath;
use libfuzzer_sys::fuzz_target;
use facteur_rules::sieve::{ExportOptions, ImportOptions, export, import};
use facteur_rules::{MatchKind, RuleSet};

fuzz_target!(|script: &str| {
    let identities = vec!["me@example.test".to_owned()];
    let trash = FolderPath("Trash".into());
    let first = import(
        script,
        ImportOptions {
            identities: &identities,
            trash: &trash,
        },
    );
    let exported = export(
        &first.rules,
        ExportOptions {
            identities: &identities,
            trash: &trash,
        },
    );
    let second = import(
        &exported,
        ImportOptions {
            identities: &identities,
            trash: &trash,
        },
    );
    assert_eq!(second.issues, vec![], "{exported}");
    assert_eq!(
        canonical(second.rules),
        canonical(first.rules),
        "{exported}"
    );
});

/// One condition matches the same under "all" and "any"; Sieve writes it without
/// `allof`/`anyof`, so it reads back as "all". The order of a rule's actions carries no
/// meaning in Sieve (every action of a script is carried out once it ends), and the
/// export writes copies before the move.
fn canonical(mut set: RuleSet) -> RuleSet {
    for rule in &mut set.rules {
        rule.actions.sort_by_key(|action| format!("{action:?}"));
        if rule.conditions.len() <= 1 {
            rule.match_kind = MatchKind::All;
        }
    }
    set
}
