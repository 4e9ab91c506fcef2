//! Requests that end with the part of the app that started them.
//!
//! A request's continuation reads and writes signals. When their owner (a component, or
//! the signed-in screen that holds the mailbox, the settings and the rules runner) has
//! gone meanwhile — a dialog closed by Escape, a sign-out during a refresh — reading one
//! panics (« Tried to access a reactive value that has already been disposed »). These
//! tasks are dropped at their next `await` once their owner is cleaned up, so a
//! continuation only ever runs while what it touches is alive.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Spawns `task` under the current owner (the component whose handler or effect runs);
/// it is dropped, not resumed, once that owner is cleaned up.
pub fn spawn_owned(task: impl Future<Output = ()> + 'static) {
    // Untracked: a task started by an effect must not make the effect depend on what its
    // continuation reads.
    untrack(|| spawn_local_scoped_with_cancellation(task));
}

/// Marks the owner a long-lived piece of state was created under (it is disposed with
/// that owner). The state's methods are called from anywhere (a dialog's continuation, a
/// timer), so their tasks end with this owner, not the caller's: a refresh asked by a
/// dialog outlives the dialog, not the signed-in screen.
#[derive(Debug, Clone, Copy)]
pub struct TaskOwner(StoredValue<()>);

impl TaskOwner {
    /// A mark in the current owner; call it where the state is created.
    pub fn current() -> TaskOwner {
        TaskOwner(StoredValue::new(()))
    }

    /// Whether the owner is still there.
    pub fn alive(self) -> bool {
        !self.0.is_disposed()
    }

    /// Spawns `task`; it stops before any step that would run after the owner is gone.
    /// (Nothing is registered with the owner, so a screen that lives for hours does not
    /// collect a cleanup per refresh.)
    pub fn spawn(self, task: impl Future<Output = ()> + 'static) {
        if self.alive() {
            leptos::task::spawn_local(WhileAlive {
                owner: self,
                task: Box::pin(task),
            });
        }
    }
}

/// A task polled only while its owner is alive, finished without another step after.
struct WhileAlive {
    owner: TaskOwner,
    task: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for WhileAlive {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        if !self.owner.alive() {
            return Poll::Ready(());
        }
        self.task.as_mut().poll(context)
    }
}
