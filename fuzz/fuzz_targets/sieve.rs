//! A Sieve script from the ManageSieve server (possibly hand-written) through the Sieve
//! lexer, parser and importer; what it reads is exported and imported again, which must
//! give the same rules back without an issue.
#![no_main]

use facteur_model::FolderPath;
use libfuzzer_sys::fuzz_target;
use rules::sieve::{ExportOptions, ImportOptions, export, import};

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
    assert_eq!(second.rules, first.rules, "{exported}");
});
