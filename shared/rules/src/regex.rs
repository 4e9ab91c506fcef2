//! The regular expressions of the `Regex` operator, built from `regex-automata`'s parts
//! rather than through the `regex` crate.
//!
//! Same syntax and meaning as the `regex` crate (the same parser, `regex-syntax`, with the
//! same settings: case-insensitive with Unicode simple case folding, Unicode-aware `\w`,
//! `\d`, `\s` and `\b`), and the same guarantee: search time linear in the text whatever
//! the pattern. What is left out is the `regex` crate's collection of faster strategies
//! (literal prefilters, one-pass DFA, bounded backtracker, lazy DFA), about 70 KiB of the
//! brotli-compressed browser bundle, for a matcher that only ever answers "does it
//! match": a Pike VM, the one engine that handles every pattern. Rules test short texts
//! (subjects, addresses, a body excerpt), where that costs no measurable throughput.

use crate::compile::RegexProblem;
use regex_automata::Input;
use regex_automata::nfa::thompson::{self, pikevm};
use regex_automata::util::syntax;
use std::fmt;
use std::sync::Mutex;

/// A compiled pattern, case-insensitive.
pub struct Regex(Box<Inner>);

struct Inner {
    pattern: String,
    vm: pikevm::PikeVM,
    /// The matcher's scratch space, reused from one search to the next; a search that
    /// finds it busy (another thread) makes its own.
    cache: Mutex<pikevm::Cache>,
}

impl Regex {
    /// Compiles `pattern` case-insensitively; `size_limit` bounds the compiled program
    /// (bytes) and `nest_limit` the nesting depth of the syntax.
    pub fn new(pattern: &str, size_limit: usize, nest_limit: u32) -> Result<Regex, RegexProblem> {
        let config = syntax::Config::new()
            .case_insensitive(true)
            .nest_limit(nest_limit);
        let hir = syntax::parse_with(pattern, &config)
            .map_err(|error| RegexProblem::Invalid(error.to_string()))?;
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .shrink(false),
            )
            .build_from_hir(&hir)
            .map_err(|error| match error.size_limit() {
                Some(_) => RegexProblem::TooLarge,
                None => RegexProblem::Invalid(error.to_string()),
            })?;
        let vm = pikevm::PikeVM::new_from_nfa(nfa)
            .map_err(|error| RegexProblem::Invalid(error.to_string()))?;
        let cache = Mutex::new(vm.create_cache());
        Ok(Regex(Box::new(Inner {
            pattern: pattern.to_owned(),
            vm,
            cache,
        })))
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let Inner { vm, cache, .. } = &*self.0;
        let input = Input::new(text).earliest(true);
        match cache.try_lock() {
            Ok(mut cache) => vm.is_match(&mut cache, input),
            Err(_) => vm.is_match(&mut vm.create_cache(), input),
        }
    }

    /// The pattern it was compiled from.
    pub fn as_str(&self) -> &str {
        &self.0.pattern
    }
}

impl Clone for Regex {
    fn clone(&self) -> Regex {
        let Inner { pattern, vm, .. } = &*self.0;
        Regex(Box::new(Inner {
            pattern: pattern.clone(),
            vm: vm.clone(),
            cache: Mutex::new(vm.create_cache()),
        }))
    }
}

impl fmt::Debug for Regex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Regex").field(&self.0.pattern).finish()
    }
}

#[cfg(test)]
#[path = "regex_tests.rs"]
mod tests;
