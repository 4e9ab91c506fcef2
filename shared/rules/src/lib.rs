//! The Facteur rules engine: mail filtering rules as data, evaluated in the browser.
//!
//! A [`RuleSet`] (stored as JSON in the user's mailbox) is validated ([`validate()`]),
//! compiled once ([`CompiledRuleSet`]) and evaluated on the [`MessageFacts`] of each
//! message in a [`Context`]; [`plan()`] groups the outcomes into server batches. The same
//! rules can be exported to and imported from Sieve ([`sieve`]).
//!
//! **Architecture invariant:** this crate knows nothing about IMAP, HTTP or the DOM. It
//! does no I/O and reads no clock: the current time and the user's identities are inputs,
//! so it builds for `wasm32-unknown-unknown` and behaves the same on both sides.

pub mod alert;
pub mod bench_support;
pub mod compile;
pub mod condition;
pub mod evaluate;
pub mod facts;
mod matching;
pub mod plan;
pub mod regex;
pub mod rule;
pub mod sieve;
pub mod templates;
pub mod text;
pub mod validate;

#[cfg(test)]
mod test_support;

pub use compile::CompiledRuleSet;
pub use condition::{Condition, Field, Operator, SizeUnit, Status, Value};
pub use evaluate::{Outcome, evaluate};
pub use facts::{Context, MessageFacts};
pub use plan::{Plan, plan};
pub use rule::{Action, MatchKind, Rule, RuleSet};
pub use validate::{RuleError, validate};
