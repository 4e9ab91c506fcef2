//! The signed-in accounts' mailboxes, reached through the connection cache: the one way
//! routes and services run an IMAP operation for an account.
//!
//! An operation is a closure given the session and its arguments lent for the call,
//! so callers hand their values over once instead of cloning them inside each attempt
//! (a read is attempted twice when the cached connection turns out dead). The arguments
//! and the closure are owned (`'static`, kept behind an `Arc` for the attempts): an
//! async closure borrowing them would make the future of a spawned send impossible to
//! prove `Send` (higher-ranked lifetimes), and a boxed future says `Send` outright.

use super::connect::{Connector, ImapSession};
use super::pool::ConnectionPool;
use crate::error::Result;
use crate::session::Account;
use crate::state::AppState;
use axum::extract::FromRef;
use futures::future::BoxFuture;
use std::sync::Arc;

/// An IMAP operation: the session and the arguments lent to it, for one attempt.
pub trait MailboxOp<A, T>:
    for<'s> Fn(&'s mut ImapSession, &'s A) -> BoxFuture<'s, Result<T>> + Send + Sync + 'static
{
}

impl<A, T, F> MailboxOp<A, T> for F where
    F: for<'s> Fn(&'s mut ImapSession, &'s A) -> BoxFuture<'s, Result<T>> + Send + Sync + 'static
{
}

/// The connector and the connection cache, together; cheap to clone.
#[derive(Debug, Clone)]
pub struct Mailboxes {
    pub connector: Connector,
    pub pool: Arc<ConnectionPool>,
}

impl Mailboxes {
    /// Runs `op` with `args` on the account's connection; a read, retried once on a
    /// fresh connection when the cached one is dead (see [`ConnectionPool::run`]).
    pub async fn run<A, T>(&self, account: &Account, args: A, op: impl MailboxOp<A, T>) -> Result<T>
    where
        A: Send + Sync + 'static,
        T: Send,
    {
        self.pool
            .run(&self.connector, account, lend(args, op))
            .await
    }

    /// Runs `op` with `args` exactly once, for what must not happen twice (an APPEND,
    /// a move, a settings save; see [`ConnectionPool::run_once`]).
    pub async fn run_once<A, T>(
        &self,
        account: &Account,
        args: A,
        op: impl MailboxOp<A, T>,
    ) -> Result<T>
    where
        A: Send + Sync + 'static,
        T: Send,
    {
        self.pool
            .run_once(&self.connector, account, lend(args, op))
            .await
    }
}

/// `op` as the pool's operation, each attempt lent the same `args`.
fn lend<A, T>(
    args: A,
    op: impl MailboxOp<A, T>,
) -> impl for<'s> Fn(&'s mut ImapSession) -> BoxFuture<'s, Result<T>>
where
    A: Send + Sync + 'static,
    T: Send,
{
    let (args, op) = (Arc::new(args), Arc::new(op));
    move |session| {
        let (args, op) = (args.clone(), op.clone());
        Box::pin(async move { op(session, &args).await })
    }
}

impl FromRef<AppState> for Mailboxes {
    fn from_ref(state: &AppState) -> Mailboxes {
        state.mailboxes.clone()
    }
}
